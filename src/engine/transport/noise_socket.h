#pragma once

#include "crypto/crypto.h"
#include "errors.h"
#include "transport/cert_chain_verifier.h"
#include "transport/frame_decoder.h"
#include "transport/noise_cipher.h"
#include "transport/noise_handshake.h"
#include "transport/tls_channel.h"

#include <QObject>
#include <QTimer>
#include <QUrl>
#include <memory>
#include <optional>

namespace balcao {

class WebSocketClient;

// One encrypted connection to a WhatsApp server (docs/protocol.md §1–2, whatsmeow socket/framesocket.go
// and noisesocket.go): a WebSocket with WhatsApp Web's Origin, the Noise handshake, then AES-GCM frames
// whose plaintexts are a flags byte and a binary node. It ends exactly once, with disconnected(), on a
// socket error, a server close, a bad frame, a failed decryption or a handshake that does not finish in
// time. Lives in the session thread; one object per connection attempt. Its signals may be emitted while
// it is still reading a WebSocket message: a receiver that wants it gone calls deleteLater(), not delete.
class NoiseSocket : public QObject {
    Q_OBJECT
public:
    static constexpr int kHandshakeTimeoutMs = 20000; // Baileys' connectTimeoutMs

    struct Options {
        QUrl url; // e.g. wss://web.whatsapp.com/ws/chat
        crypto::KeyPair noiseKey; // our long-term noise key
        QByteArray clientPayload; // a serialized ClientPayload (login or registration)
        CertChainVerifier verifier; // whom to trust in the Noise handshake
        std::shared_ptr<TlsTrust> trust; // whom wss:// trusts (null: the system's roots only)
        QByteArray routingInfo; // from the server's <edge_routing>, if it sent one
        int handshakeTimeoutMs = kHandshakeTimeoutMs;
    };

    explicit NoiseSocket(QObject *parent = nullptr);
    ~NoiseSocket() override;

    // Connects and runs the handshake; ready() or disconnected() follows.
    void open(Options options);
    // Encrypts and sends one frame payload (flags byte + node). Only after ready(); before, or after the
    // end, it fails with not-connected.
    Result<void> send(QByteArrayView plaintext);
    // Closes without emitting disconnected(): the caller asked for it.
    void close();

    bool isReady() const { return m_stage == Stage::Ready; }
    const QByteArray &serverStaticKey() const { return m_serverStaticKey; }

signals:
    void ready();
    void frameReceived(const QByteArray &plaintext);
    void disconnected(const balcao::Error &error);

private:
    enum class Stage { Idle, Handshaking, Ready, Closed };

    void onConnected();
    void onSocketClosed(const Error &error);
    void onBinaryMessage(const QByteArray &message);
    Result<void> handleFrame(const QByteArray &frame);
    Result<void> sendRaw(const QByteArray &bytes);
    void fail(Error error);
    void shutDown();

    Options m_options;
    Stage m_stage = Stage::Idle;
    std::unique_ptr<WebSocketClient> m_socket;
    FrameDecoder m_frames;
    std::optional<NoiseHandshake> m_handshake;
    NoiseCipher m_cipher;
    QByteArray m_serverStaticKey;
    QTimer m_handshakeTimer;
};

} // namespace balcao
