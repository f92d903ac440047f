#include "web_socket_client.h"

#include <QPointer>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QtEndian>

namespace balcao {

using websocket::Opcode;

WebSocketClient::WebSocketClient(QObject *parent)
    : QObject(parent) { }

WebSocketClient::~WebSocketClient() {
    abort();
}

void WebSocketClient::open(Options options) {
    if (m_stage != Stage::Idle) {
        fail(makeError(errc::kConnectionFailed, QStringLiteral("A WebSocketClient connects only once.")));
        return;
    }
    m_options = std::move(options);
    const QString scheme = m_options.url.scheme();
    const bool secure = scheme == QLatin1String("wss");
    if (!secure && scheme != QLatin1String("ws")) {
        fail(makeError(errc::kInvalidArgument,
            QStringLiteral("%1 is not a WebSocket address (ws:// or wss://).").arg(where())));
        return;
    }
    if (secure) {
        if (!m_options.trust) {
            auto system = TlsTrust::shared();
            if (!system) {
                fail(system.error());
                return;
            }
            m_options.trust = *system;
        }
        m_tls = std::make_unique<TlsChannel>(m_options.trust, m_options.url.host());
    }
    QByteArray nonce(16, Qt::Uninitialized);
    QRandomGenerator::system()->generate(nonce.begin(), nonce.end());
    m_key = nonce.toBase64();
    m_stage = Stage::Connecting;
    m_socket = std::make_unique<QTcpSocket>();
    connect(m_socket.get(), &QTcpSocket::connected, this, &WebSocketClient::onSocketConnected);
    connect(m_socket.get(), &QTcpSocket::readyRead, this, &WebSocketClient::onReadyRead);
    connect(m_socket.get(), &QTcpSocket::errorOccurred, this, &WebSocketClient::onSocketGone);
    connect(m_socket.get(), &QTcpSocket::disconnected, this, &WebSocketClient::onSocketGone);
    m_socket->connectToHost(m_options.url.host(), quint16(m_options.url.port(secure ? 443 : 80)));
}

void WebSocketClient::onSocketConnected() {
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1); // small frames go out at once
    m_stage = Stage::Upgrading;
    if (m_tls) {
        if (auto started = m_tls->start(); !started) {
            fail(started.error());
            return;
        }
        m_socket->write(m_tls->takeOutgoing());
        return; // the upgrade request follows the handshake
    }
    if (auto sent = sendUpgradeRequest(); !sent)
        fail(sent.error());
}

Result<void> WebSocketClient::sendUpgradeRequest() {
    return writePlain(websocket::upgradeRequest(m_options.url, m_options.origin, m_key));
}

void WebSocketClient::onReadyRead() {
    QPointer<WebSocketClient> alive(this);
    const QByteArray bytes = m_socket->readAll();
    if (!m_tls) {
        if (auto read = readPlain(bytes); !read && alive)
            fail(read.error());
        return;
    }
    const bool wasEstablished = m_tls->isEstablished();
    auto plain = m_tls->receive(bytes);
    if (const QByteArray out = m_tls->takeOutgoing(); !out.isEmpty())
        m_socket->write(out);
    if (!plain) {
        fail(plain.error());
        return;
    }
    if (!wasEstablished && m_tls->isEstablished()) {
        if (auto sent = sendUpgradeRequest(); !sent) {
            fail(sent.error());
            return;
        }
    }
    if (auto read = readPlain(*plain); !read && alive)
        fail(read.error());
}

// Plaintext from the server: first the answer to the upgrade, then frames.
Result<void> WebSocketClient::readPlain(QByteArray plain) {
    if (m_stage == Stage::Upgrading) {
        m_header.append(plain);
        auto parsed = websocket::parseUpgradeResponse(m_header, m_key);
        if (!parsed)
            return parsed.error();
        if (!*parsed)
            return {};
        plain = m_header.mid(**parsed);
        m_header = QByteArray();
        m_stage = Stage::Open;
        QPointer<WebSocketClient> alive(this);
        emit connected();
        if (!alive || m_stage != Stage::Open)
            return {};
    }
    if (m_stage != Stage::Open || plain.isEmpty())
        return {};
    auto messages = m_frames.feed(plain);
    if (!messages)
        return messages.error();
    QPointer<WebSocketClient> alive(this);
    for (const websocket::Message &message : std::as_const(*messages)) {
        if (auto handled = handleMessage(message); !handled)
            return handled;
        if (!alive || m_stage != Stage::Open)
            return {};
    }
    return {};
}

Result<void> WebSocketClient::handleMessage(const websocket::Message &message) {
    switch (message.opcode) {
    case Opcode::Binary:
        emit binaryMessage(message.payload);
        return {};
    case Opcode::Ping:
        return sendFrame(Opcode::Pong, message.payload);
    case Opcode::Pong:
        return {};
    case Opcode::Close: {
        const int code
            = message.payload.size() >= 2 ? qFromBigEndian<quint16>(message.payload.constData()) : 1005;
        const QString reason = QString::fromUtf8(message.payload.mid(2));
        (void)sendFrame(Opcode::Close, message.payload.left(2)); // the closing handshake: echo the code
        return makeError(errc::kConnectionClosed,
            QStringLiteral("The server closed the connection (code %1%2).")
                .arg(code)
                .arg(reason.isEmpty() ? QString() : QStringLiteral(", ") + reason));
    }
    default:
        return makeError(errc::kMalformedFrame,
            QStringLiteral("The server sent a text message where only binary ones are used."));
    }
}

Result<void> WebSocketClient::sendBinary(QByteArrayView message) {
    if (m_stage != Stage::Open)
        return makeError(
            errc::kNotConnected, QStringLiteral("The WebSocket to %1 is not open.").arg(where()));
    return sendFrame(Opcode::Binary, message);
}

Result<void> WebSocketClient::sendFrame(Opcode opcode, QByteArrayView payload) {
    return writePlain(websocket::encodeClientFrame(opcode, payload, QRandomGenerator::global()->generate()));
}

Result<void> WebSocketClient::writePlain(QByteArrayView bytes) {
    if (!m_socket)
        return makeError(errc::kNotConnected, QStringLiteral("The WebSocket to %1 is closed.").arg(where()));
    QByteArray wire;
    if (m_tls) {
        if (auto sealed = m_tls->send(bytes); !sealed)
            return sealed;
        wire = m_tls->takeOutgoing();
    } else {
        wire = bytes.toByteArray();
    }
    if (m_socket->write(wire) != wire.size()) {
        return makeError(errc::kConnectionFailed,
            QStringLiteral("Could not send to %1: %2").arg(where(), m_socket->errorString()));
    }
    return {};
}

void WebSocketClient::onSocketGone() {
    if (m_stage == Stage::Closed)
        return;
    if (m_stage == Stage::Connecting || m_stage == Stage::Upgrading) {
        fail(makeError(errc::kConnectionFailed,
            QStringLiteral("Could not connect to %1: %2").arg(where(), m_socket->errorString())));
        return;
    }
    fail(makeError(errc::kConnectionClosed, QStringLiteral("The server closed the connection.")));
}

void WebSocketClient::fail(Error error) {
    if (m_stage == Stage::Closed)
        return;
    abort();
    emit disconnected(error);
}

void WebSocketClient::abort() {
    m_stage = Stage::Closed;
    if (m_socket) {
        // No more signals from a socket we are done with; it is deleted outside its own handlers.
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket.release()->deleteLater();
    }
    m_tls.reset();
}

} // namespace balcao
