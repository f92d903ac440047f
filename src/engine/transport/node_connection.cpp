#include "node_connection.h"

namespace balcao {

NodeConnection::NodeConnection(QObject *parent)
    : QObject(parent)
    , m_encoder(TokenTableVersion::V3)
    , m_decoder(TokenTableVersion::V3) { }

void NodeConnection::open(NoiseSocket::Options options) {
    m_socket = new NoiseSocket(this);
    connect(m_socket, &NoiseSocket::ready, this, &NodeConnection::ready);
    connect(m_socket, &NoiseSocket::frameReceived, this, &NodeConnection::onFrame);
    connect(m_socket, &NoiseSocket::disconnected, this, [this](const Error &error) { finish(error, 0); });
    m_socket->open(std::move(options));
}

Result<void> NodeConnection::send(const Node &node) {
    if (!isReady() || m_finished)
        return makeError(errc::kNotConnected, QStringLiteral("Not connected to WhatsApp."));
    auto bytes = m_encoder.encode(node);
    if (!bytes)
        return bytes.error();
    return m_socket->send(*bytes);
}

void NodeConnection::close() {
    m_finished = true;
    if (m_socket)
        m_socket->close();
}

void NodeConnection::abort(const Error &error, int code) {
    finish(error, code);
}

std::optional<NodeConnection::StreamEnd> NodeConnection::streamEndOf(const Node &node) {
    if (node.tag() == QLatin1String("xmlstreamend"))
        return StreamEnd {0, QStringLiteral("the server ended the stream")};
    if (node.tag() == QLatin1String("failure")) {
        const int code = node.attribute(u"reason").toInt();
        return StreamEnd {code ? code : 500,
            QStringLiteral("the server refused the login (%1)").arg(node.attribute(u"reason"))};
    }
    if (node.tag() != QLatin1String("stream:error"))
        return std::nullopt;
    // A code attribute wins over the first child (Baileys getErrorCodeFromStreamError).
    const Node *first = node.children().empty() ? nullptr : &node.children().front();
    int code = node.attribute(u"code").toInt();
    if (!code)
        code = first && first->tag() == QLatin1String("conflict") ? 440 : 500;
    QString reason;
    if (first && first->tag() == QLatin1String("conflict"))
        reason = first->attribute(u"type") == QLatin1String("device_removed")
            ? QStringLiteral("device removed")
            : QStringLiteral("replaced");
    else if (code == 515)
        reason = QStringLiteral("restart required");
    else
        reason = first ? first->tag() : QStringLiteral("stream error %1").arg(code);
    return StreamEnd {code, reason};
}

void NodeConnection::onFrame(const QByteArray &plaintext) {
    if (m_finished)
        return;
    auto node = m_decoder.decode(plaintext);
    if (!node) {
        finish(node.error(), 0);
        return;
    }
    if (const auto end = streamEndOf(*node)) {
        finish(makeError(
                   errc::kStreamError, QStringLiteral("WhatsApp ended the connection: %1.").arg(end->reason)),
            end->code);
        return;
    }
    emit nodeReceived(*node);
}

void NodeConnection::finish(const Error &error, int code) {
    if (m_finished)
        return;
    m_finished = true;
    if (m_socket)
        m_socket->close();
    emit closed(error, code);
}

} // namespace balcao
