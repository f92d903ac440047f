#include "tls_channel.h"

#include <QHash>
#include <QHostAddress>
#include <QMutex>
#include <QScopeGuard>
#include <cstring>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#if defined(Q_OS_WIN) || defined(Q_OS_MACOS)
#include <QSslCertificate>
#include <QSslConfiguration>
#endif

namespace balcao {

namespace {

QString openSslReason() {
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0)
        return QStringLiteral("no reason given");
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    return QString::fromLatin1(text);
}

// Adds every certificate of `pem` to `store`; how many there were.
Result<int> addPem(X509_STORE *store, const QByteArray &pem) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(pem.constData(), int(pem.size())), BIO_free);
    int added = 0;
    while (X509 *certificate = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
        const int ok = X509_STORE_add_cert(store, certificate);
        X509_free(certificate);
        if (!ok)
            return makeError(errc::kTlsFailed,
                QStringLiteral("Cannot trust the given certificate authority: %1.").arg(openSslReason()));
        ++added;
    }
    ERR_clear_error(); // the loop ends on "no start line"
    if (added == 0)
        return makeError(errc::kInvalidArgument,
            QStringLiteral("The certificate authority file holds no PEM certificate."));
    return added;
}

// The system's roots. OpenSSL finds them itself on Linux; elsewhere Qt knows where the system keeps them.
void addSystemRoots(SSL_CTX *context) {
#if defined(Q_OS_WIN) || defined(Q_OS_MACOS)
    X509_STORE *store = SSL_CTX_get_cert_store(context);
    for (const QSslCertificate &root : QSslConfiguration::systemCaCertificates()) {
        const QByteArray der = root.toDer();
        const auto *p = reinterpret_cast<const unsigned char *>(der.constData());
        if (X509 *certificate = d2i_X509(nullptr, &p, long(der.size()))) {
            X509_STORE_add_cert(store, certificate);
            X509_free(certificate);
        }
    }
    ERR_clear_error(); // duplicates are refused, harmlessly
#else
    SSL_CTX_set_default_verify_paths(context);
#endif
}

BIO_METHOD *channelMethod(int (*read)(BIO *, char *, int), int (*write)(BIO *, const char *, int)) {
    static BIO_METHOD *method = [&] {
        BIO_METHOD *m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "balcao-channel");
        BIO_meth_set_read(m, read);
        BIO_meth_set_write(m, write);
        BIO_meth_set_ctrl(
            m, [](BIO *, int command, long, void *) -> long { return command == BIO_CTRL_FLUSH ? 1 : 0; });
        BIO_meth_set_create(m, [](BIO *bio) {
            BIO_set_init(bio, 1);
            return 1;
        });
        return m;
    }();
    return method;
}

} // namespace

TlsTrust::TlsTrust(ssl_ctx_st *context)
    : m_context(context) { }

TlsTrust::~TlsTrust() {
    SSL_CTX_free(m_context);
}

Result<std::shared_ptr<TlsTrust>> TlsTrust::shared(const std::optional<QByteArray> &extraCaPem) {
    static QMutex mutex;
    static QHash<QByteArray, std::weak_ptr<TlsTrust>> made; // by PEM; the system's alone under no key
    const QByteArray key = extraCaPem.value_or(QByteArray());
    QMutexLocker lock(&mutex);
    if (auto existing = made.value(key).lock())
        return existing;
    SSL_CTX *context = SSL_CTX_new(TLS_client_method());
    if (!context)
        return makeError(errc::kTlsFailed, QStringLiteral("Cannot set up TLS: %1.").arg(openSslReason()));
    auto trust = std::make_shared<TlsTrust>(context);
    SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
    SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nullptr);
    // Record buffers are given back while a connection is idle: most of a thousand numbers are.
    SSL_CTX_set_mode(context, SSL_MODE_RELEASE_BUFFERS);
    SSL_CTX_set_session_cache_mode(context, SSL_SESS_CACHE_OFF);
    addSystemRoots(context);
    if (extraCaPem) {
        if (auto added = addPem(SSL_CTX_get_cert_store(context), *extraCaPem); !added)
            return added.error();
    }
    made.insert(key, trust);
    return trust;
}

TlsChannel::TlsChannel(std::shared_ptr<TlsTrust> trust, const QString &host)
    : m_trust(std::move(trust))
    , m_host(host) { }

TlsChannel::~TlsChannel() {
    SSL_free(m_ssl); // frees its BIO
}

Result<void> TlsChannel::start() {
    ERR_clear_error();
    m_ssl = SSL_new(m_trust->context());
    BIO *bio = m_ssl ? BIO_new(channelMethod(&TlsChannel::bioRead, &TlsChannel::bioWrite)) : nullptr;
    if (!bio)
        return makeError(errc::kTlsFailed, QStringLiteral("Cannot start TLS: %1.").arg(openSslReason()));
    BIO_set_data(bio, this);
    SSL_set_bio(m_ssl, bio, bio);
    SSL_set_connect_state(m_ssl);
    const QByteArray host = m_host.toUtf8();
    const bool isAddress = !QHostAddress(m_host).isNull();
    const bool named = isAddress
        ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(m_ssl), host.constData())
        : SSL_set1_host(m_ssl, host.constData()) && SSL_set_tlsext_host_name(m_ssl, host.constData());
    if (!named)
        return makeError(errc::kTlsFailed, QStringLiteral("Cannot check the server's name %1.").arg(m_host));
    return advanceHandshake();
}

Result<QByteArray> TlsChannel::receive(QByteArrayView ciphertext) {
    if (!m_ssl)
        return makeError(errc::kTlsFailed, QStringLiteral("TLS was not started."));
    if (m_peerClosed)
        return makeError(errc::kConnectionClosed, QStringLiteral("The server ended the TLS connection."));
    ERR_clear_error();
    m_input = ciphertext;
    const auto done = qScopeGuard([this] { m_input = {}; });
    if (!m_established) {
        if (auto advanced = advanceHandshake(); !advanced)
            return advanced.error();
        if (!m_established)
            return QByteArray();
    }
    QByteArray plaintext;
    char chunk[16384];
    for (;;) {
        size_t read = 0;
        const int result = SSL_read_ex(m_ssl, chunk, sizeof chunk, &read);
        if (result == 1) {
            plaintext.append(chunk, qsizetype(read));
            continue;
        }
        const int error = SSL_get_error(m_ssl, result);
        if (error == SSL_ERROR_WANT_READ)
            return plaintext;
        if (error == SSL_ERROR_ZERO_RETURN) {
            // What came before the server's close_notify is still the server's: hand it over first.
            m_peerClosed = true;
            if (!plaintext.isEmpty())
                return plaintext;
            return makeError(errc::kConnectionClosed, QStringLiteral("The server ended the TLS connection."));
        }
        return failure(result, QStringLiteral("read from"));
    }
}

Result<void> TlsChannel::send(QByteArrayView plaintext) {
    if (!m_established)
        return makeError(errc::kNotConnected, QStringLiteral("The TLS connection is not established."));
    ERR_clear_error();
    size_t written = 0;
    const int result = SSL_write_ex(m_ssl, plaintext.data(), size_t(plaintext.size()), &written);
    if (result != 1 || written != size_t(plaintext.size()))
        return failure(result, QStringLiteral("write to"));
    return {};
}

Result<void> TlsChannel::advanceHandshake() {
    const int result = SSL_do_handshake(m_ssl);
    if (result == 1) {
        m_established = true;
        return {};
    }
    if (SSL_get_error(m_ssl, result) == SSL_ERROR_WANT_READ)
        return {};
    return failure(result, QStringLiteral("connect to"));
}

Error TlsChannel::failure(int result, const QString &what) const {
    const long verified = SSL_get_verify_result(m_ssl);
    if (verified != X509_V_OK) {
        ERR_clear_error();
        return makeError(errc::kServerUntrusted,
            QStringLiteral("The certificate of %1 is not trusted: %2.")
                .arg(m_host, QString::fromLatin1(X509_verify_cert_error_string(verified))));
    }
    if (SSL_get_error(m_ssl, result) == SSL_ERROR_ZERO_RETURN)
        return makeError(errc::kConnectionClosed, QStringLiteral("The server ended the TLS connection."));
    return makeError(
        errc::kTlsFailed, QStringLiteral("TLS failed to %1 %2: %3.").arg(what, m_host, openSslReason()));
}

int TlsChannel::bioRead(bio_st *bio, char *data, int size) {
    auto *self = static_cast<TlsChannel *>(BIO_get_data(bio));
    BIO_clear_retry_flags(bio);
    if (self->m_input.isEmpty()) {
        BIO_set_retry_read(bio);
        return -1;
    }
    const int n = int(std::min<qsizetype>(size, self->m_input.size()));
    memcpy(data, self->m_input.data(), size_t(n));
    self->m_input = self->m_input.sliced(n);
    return n;
}

int TlsChannel::bioWrite(bio_st *bio, const char *data, int size) {
    auto *self = static_cast<TlsChannel *>(BIO_get_data(bio));
    BIO_clear_retry_flags(bio);
    self->m_output.append(data, size);
    return size;
}

} // namespace balcao
