#pragma once

// A wire at node level for unit tests of stanza handlers, in the spirit of QXmpp's TestClient: what the
// handlers send is kept in order and taken with next()/nextWith(); what the server or a phone would send is
// handed in with inject(). No socket, no emulator: one handler's protocol, stanza by stanza.
#include <QList>
#include <binary/node.h>
#include <errors.h>
#include <functional>
#include <optional>

namespace balcao::testing {

class ScriptedWire {
public:
    // For an IqClient (setSender) or anything that sends with a Result.
    std::function<Result<void>(const Node &)> sender() {
        return [this](const Node &node) -> Result<void> {
            m_sent.append(node);
            return {};
        };
    }
    // For handlers that send without a Result.
    std::function<void(const Node &)> plainSender() {
        return [this](const Node &node) { m_sent.append(node); };
    }
    // Where inject() delivers (the router, or a handler's handle()).
    void setReceiver(std::function<void(const Node &)> receiver) { m_receiver = std::move(receiver); }
    void inject(const Node &node) { m_receiver(node); }

    // The oldest node not yet taken.
    std::optional<Node> next() {
        if (m_sent.isEmpty())
            return std::nullopt;
        return m_sent.takeFirst();
    }
    // The oldest node with `tag` (and, when given, that "type"), taking it and every node before it.
    std::optional<Node> nextWith(const QString &tag, const QString &type = {}) {
        while (!m_sent.isEmpty()) {
            Node node = m_sent.takeFirst();
            if (node.tag() == tag && (type.isEmpty() || node.attribute(u"type") == type))
                return node;
        }
        return std::nullopt;
    }
    bool isIdle() const { return m_sent.isEmpty(); }
    const QList<Node> &pending() const { return m_sent; }

    // The server's result for `iq`, with `children`.
    static Node resultFor(const Node &iq, Node::Children children = {}) {
        return Node(QStringLiteral("iq"),
            {{QStringLiteral("from"), QStringLiteral("s.whatsapp.net")},
                {QStringLiteral("type"), QStringLiteral("result")},
                {QStringLiteral("id"), iq.attribute(u"id")}},
            std::move(children));
    }
    // The server's refusal of `iq`.
    static Node errorFor(const Node &iq, int code, const QString &text) {
        return Node(QStringLiteral("iq"),
            {{QStringLiteral("from"), QStringLiteral("s.whatsapp.net")},
                {QStringLiteral("type"), QStringLiteral("error")},
                {QStringLiteral("id"), iq.attribute(u"id")}},
            Node::Children {Node(QStringLiteral("error"),
                {{QStringLiteral("code"), QString::number(code)}, {QStringLiteral("text"), text}})});
    }

private:
    QList<Node> m_sent;
    std::function<void(const Node &)> m_receiver = [](const Node &) {};
};

} // namespace balcao::testing
