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
    connect(m_socket, &NoiseSocket::disconnected, this, [this](const Error &error) { finish(error, {}); });
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
    finish(error, StreamEnd::plain(code, error.message));
}

std::optional<NodeConnection::StreamEnd> NodeConnection::streamEndOf(const Node &node) {
    if (node.tag() == QLatin1String("xmlstreamend"))
        return StreamEnd::plain(0, QStringLiteral("the server ended the stream"));
    if (node.tag() == QLatin1String("failure")) {
        StreamEnd end;
        end.loginFailure = true;
        end.code = node.attribute(u"reason").toInt();
        if (end.code <= 0)
            end.code = 500;
        end.reason = QStringLiteral("the server refused the login (%1)").arg(end.code);
        end.banCode = node.attribute(u"code");
        end.expireSeconds = std::max<qint64>(0, node.attribute(u"expire").toLongLong());
        return end;
    }
    if (node.tag() != QLatin1String("stream:error"))
        return std::nullopt;
    // A code attribute wins over the first child (Baileys getErrorCodeFromStreamError).
    const Node *first = node.children().empty() ? nullptr : &node.children().front();
    const bool conflict = first && first->tag() == QLatin1String("conflict");
    StreamEnd end;
    end.code = node.attribute(u"code").toInt();
    end.deviceRemoved = conflict && first->attribute(u"type") == QLatin1String("device_removed");
    end.replaced = conflict && !end.deviceRemoved;
    if (!end.code)
        end.code = conflict ? 440 : 500;
    if (end.deviceRemoved)
        end.reason = QStringLiteral("device removed");
    else if (end.replaced)
        end.reason = QStringLiteral("replaced");
    else if (end.code == 515)
        end.reason = QStringLiteral("restart required");
    else
        end.reason = first ? first->tag() : QStringLiteral("stream error %1").arg(end.code);
    return end;
}

void NodeConnection::onFrame(const QByteArray &plaintext) {
    if (m_finished)
        return;
    auto node = m_decoder.decode(plaintext);
    if (!node) {
        finish(node.error(), {});
        return;
    }
    if (const auto end = streamEndOf(*node)) {
        finish(makeError(
                   errc::kStreamError, QStringLiteral("WhatsApp ended the connection: %1.").arg(end->reason)),
            *end);
        return;
    }
    emit nodeReceived(*node);
}

void NodeConnection::finish(const Error &error, const StreamEnd &end) {
    if (m_finished)
        return;
    m_finished = true;
    if (m_socket)
        m_socket->close();
    emit closed(error, end);
}

} // namespace balcao
