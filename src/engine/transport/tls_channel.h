#pragma once

#include "errors.h"

#include <QByteArray>
#include <QString>
#include <memory>
#include <optional>

struct ssl_ctx_st;
struct ssl_st;
struct bio_st;

namespace balcao {

// Whom a TLS connection trusts: the system's certificate authorities, plus those of a PEM given for tests
// (the emulator's test CA, `--test-ca`). Certificate checks are never turned off. One per process for each
// set of extra roots, shared by every connection of every thread (an SSL_CTX may be shared once it is set
// up).
class TlsTrust {
public:
    // The shared trust: the system's roots, and those of `extraCaPem` when given. A given PEM without a
    // certificate (an empty file too), or one OpenSSL cannot read, is an error that says so.
    static Result<std::shared_ptr<TlsTrust>> shared(
        const std::optional<QByteArray> &extraCaPem = std::nullopt);

    explicit TlsTrust(ssl_ctx_st *context);
    ~TlsTrust();
    TlsTrust(const TlsTrust &) = delete;
    TlsTrust &operator=(const TlsTrust &) = delete;

    ssl_ctx_st *context() const { return m_context; }

private:
    ssl_ctx_st *m_context;
};

// A TLS client over bytes the caller carries to and from the socket (so the socket can be a plain, small
// one). It keeps nothing between reads: OpenSSL releases its record buffers when idle, and its input is read
// straight from what receive() is given, so an idle connection costs a few KiB (Qt's TLS socket held about
// 100). The server's certificate must chain to a trusted root and name `host` (a DNS name or an IP address).
class TlsChannel {
public:
    TlsChannel(std::shared_ptr<TlsTrust> trust, const QString &host);
    ~TlsChannel();
    TlsChannel(const TlsChannel &) = delete;
    TlsChannel &operator=(const TlsChannel &) = delete;

    // Starts the handshake: the client hello waits in takeOutgoing().
    Result<void> start();
    // Bytes from the network. Returns the plaintext they complete (often none); advances the handshake. An
    // untrusted certificate is server-untrusted; the server's end of the TLS stream is connection-closed.
    Result<QByteArray> receive(QByteArrayView ciphertext);
    // Plaintext to send, once established; the records wait in takeOutgoing().
    Result<void> send(QByteArrayView plaintext);
    // What must go to the socket now.
    QByteArray takeOutgoing() { return std::exchange(m_output, {}); }
    bool isEstablished() const { return m_established; }
    // The server sent its close_notify: nothing more will come (receive() handed over what preceded it).
    bool isPeerClosed() const { return m_peerClosed; }

private:
    static int bioRead(bio_st *bio, char *data, int size);
    static int bioWrite(bio_st *bio, const char *data, int size);
    Result<void> advanceHandshake();
    Error failure(int result, const QString &what) const;

    std::shared_ptr<TlsTrust> m_trust;
    QString m_host;
    ssl_st *m_ssl = nullptr;
    QByteArrayView m_input; // what receive() was given, while it runs
    QByteArray m_output;
    bool m_established = false;
    bool m_peerClosed = false;
};

} // namespace balcao
