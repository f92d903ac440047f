#include "noise_socket.h"

#include "transport/web_socket_client.h"

#include <QDateTime>

namespace balcao {

namespace {
// WhatsApp's server expects the browser origin of WhatsApp Web.
const QString kOrigin = QStringLiteral("https://web.whatsapp.com");
} // namespace

NoiseSocket::NoiseSocket(QObject *parent)
    : QObject(parent) {
    m_handshakeTimer.setSingleShot(true);
    connect(&m_handshakeTimer, &QTimer::timeout, this, [this] {
        fail(makeError(errc::kHandshakeFailed,
            QStringLiteral("The server did not finish the handshake within %1 s.")
                .arg(m_options.handshakeTimeoutMs / 1000.0)));
    });
}

NoiseSocket::~NoiseSocket() {
    shutDown();
}

void NoiseSocket::open(Options options) {
    if (m_stage != Stage::Idle) {
        fail(makeError(errc::kConnectionFailed, QStringLiteral("A NoiseSocket connects only once.")));
        return;
    }
    m_options = std::move(options);
    m_stage = Stage::Handshaking;
    m_handshake.emplace(m_options.verifier);
    WebSocketClient::Options socket {m_options.url, kOrigin, m_options.trust};
    m_socket = std::make_unique<WebSocketClient>();
    connect(m_socket.get(), &WebSocketClient::connected, this, &NoiseSocket::onConnected);
    connect(m_socket.get(), &WebSocketClient::binaryMessage, this, &NoiseSocket::onBinaryMessage);
    connect(m_socket.get(), &WebSocketClient::disconnected, this, &NoiseSocket::onSocketClosed);
    m_handshakeTimer.start(m_options.handshakeTimeoutMs);
    m_socket->open(std::move(socket));
}

void NoiseSocket::onSocketClosed(const Error &error) {
    fail(error);
}

void NoiseSocket::onConnected() {
    auto hello
        = m_handshake->start(crypto::generateKeyPair(), NoiseHandshake::header(), m_options.routingInfo);
    if (!hello) {
        fail(hello.error());
        return;
    }
    if (auto sent = sendRaw(*hello); !sent)
        fail(sent.error());
}

void NoiseSocket::onBinaryMessage(const QByteArray &message) {
    auto frames = m_frames.feed(message);
    if (!frames) {
        fail(frames.error());
        return;
    }
    for (const QByteArray &frame : *frames) {
        if (m_stage == Stage::Closed)
            return; // a handler of frameReceived() closed us
        if (auto handled = handleFrame(frame); !handled) {
            fail(handled.error());
            return;
        }
    }
}

Result<void> NoiseSocket::handleFrame(const QByteArray &frame) {
    if (m_stage == Stage::Ready) {
        auto plaintext = m_cipher.decrypt(frame);
        if (!plaintext)
            return plaintext.error();
        emit frameReceived(*plaintext);
        return {};
    }
    auto finished = m_handshake->processServerHello(
        frame, m_options.noiseKey, m_options.clientPayload, QDateTime::currentSecsSinceEpoch());
    if (!finished)
        return finished.error();
    if (auto sent = sendRaw(finished->clientFinishFrame); !sent)
        return sent;
    m_cipher = std::move(finished->cipher);
    m_serverStaticKey = finished->serverStaticKey;
    m_handshake.reset();
    m_handshakeTimer.stop();
    m_stage = Stage::Ready;
    emit ready();
    return {};
}

Result<void> NoiseSocket::send(QByteArrayView plaintext) {
    if (m_stage != Stage::Ready)
        return makeError(errc::kNotConnected, QStringLiteral("The connection to the server is not open."));
    auto sealed = m_cipher.encrypt(plaintext);
    if (!sealed)
        return sealed.error();
    auto frame = FrameDecoder::encode(*sealed);
    if (!frame)
        return frame.error();
    return sendRaw(*frame);
}

Result<void> NoiseSocket::sendRaw(const QByteArray &bytes) {
    return m_socket->sendBinary(bytes);
}

void NoiseSocket::close() {
    shutDown();
}

void NoiseSocket::fail(Error error) {
    if (m_stage == Stage::Closed)
        return;
    shutDown();
    emit disconnected(error);
}

void NoiseSocket::shutDown() {
    m_stage = Stage::Closed;
    m_handshakeTimer.stop();
    m_handshake.reset();
    if (m_socket) {
        // No more signals from a socket we are done with; it is deleted later, outside its own handlers.
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket.release()->deleteLater();
    }
}

} // namespace balcao
