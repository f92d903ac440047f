#include "receipts.h"

#include "binary/big_endian.h"

#include <QHash>

namespace balcao::receipts {

Node buildAck(const Node &stanza, const QString &ownJid, int error) {
    QList<Node::Attribute> attributes {{QStringLiteral("id"), stanza.attribute(u"id")},
        {QStringLiteral("to"), stanza.attribute(u"from")}, {QStringLiteral("class"), stanza.tag()}};
    if (error != 0)
        attributes.append({QStringLiteral("error"), QString::number(error)});
    for (const auto name : {u"participant", u"recipient", u"type"}) {
        if (stanza.hasAttribute(name) && !stanza.attribute(name).isEmpty())
            attributes.append({QString::fromUtf16(name), stanza.attribute(name)});
    }
    if (stanza.tag() == QLatin1String("message") && !ownJid.isEmpty())
        attributes.append({QStringLiteral("from"), ownJid});
    return Node(QStringLiteral("ack"), attributes);
}

Node buildDeliveryReceipt(const Node &message, bool fromOwnDevice) {
    QList<Node::Attribute> attributes {
        {QStringLiteral("id"), message.attribute(u"id")}, {QStringLiteral("to"), message.attribute(u"from")}};
    if (message.hasAttribute(u"participant"))
        attributes.append({QStringLiteral("participant"), message.attribute(u"participant")});
    if (message.attribute(u"category") == QLatin1String("peer")) {
        attributes.append({QStringLiteral("type"), QStringLiteral("peer_msg")});
    } else if (fromOwnDevice) {
        attributes.append({QStringLiteral("type"), QStringLiteral("sender")});
        if (message.hasAttribute(u"recipient"))
            attributes.append({QStringLiteral("recipient"), message.attribute(u"recipient")});
    }
    return Node(QStringLiteral("receipt"), attributes);
}

QList<Node> buildReadReceipts(
    const QString &chat, const QList<UnreadMessage> &unread, qint64 nowSecs, const QString &type) {
    QHash<QString, QStringList> bySender;
    QStringList senders; // in the order they first appear, so the stanzas are too
    for (const UnreadMessage &m : unread) {
        if (!bySender.contains(m.sender))
            senders.append(m.sender);
        bySender[m.sender].append(m.id);
    }
    QList<Node> out;
    for (const QString &sender : std::as_const(senders)) {
        const QStringList &ids = bySender[sender];
        QList<Node::Attribute> attributes {{QStringLiteral("id"), ids.first()}, {QStringLiteral("to"), chat},
            {QStringLiteral("type"), type}, {QStringLiteral("t"), QString::number(nowSecs)}};
        if (sender != chat)
            attributes.append({QStringLiteral("participant"), sender});
        Node::Children items;
        for (qsizetype i = 1; i < ids.size(); ++i)
            items.push_back(Node(QStringLiteral("item"), {{QStringLiteral("id"), ids.at(i)}}));
        out.append(items.empty() ? Node(QStringLiteral("receipt"), attributes)
                                 : Node(QStringLiteral("receipt"), attributes,
                                     Node::Children {Node(QStringLiteral("list"), {}, std::move(items))}));
    }
    return out;
}

Node buildRetryReceipt(const Node &message, int count, const DeviceCredentials &credentials,
    const std::optional<prekeys::OneTimePreKey> &freshKey) {
    QList<Node::Attribute> attributes {{QStringLiteral("id"), message.attribute(u"id")},
        {QStringLiteral("type"), QStringLiteral("retry")},
        {QStringLiteral("to"), message.attribute(u"from")}};
    if (message.hasAttribute(u"participant"))
        attributes.append({QStringLiteral("participant"), message.attribute(u"participant")});
    if (message.hasAttribute(u"recipient"))
        attributes.append({QStringLiteral("recipient"), message.attribute(u"recipient")});
    Node::Children children {
        Node(QStringLiteral("retry"),
            {{QStringLiteral("count"), QString::number(count)},
                {QStringLiteral("id"), message.attribute(u"id")},
                {QStringLiteral("t"), message.attribute(u"t")}, {QStringLiteral("v"), QStringLiteral("1")}}),
        Node(QStringLiteral("registration"), {}, bigEndianBytes(credentials.registrationId, 4)),
    };
    if (freshKey) {
        children.push_back(Node(QStringLiteral("keys"), {},
            Node::Children {
                Node(QStringLiteral("type"), {}, QByteArray(1, '\x05')),
                Node(QStringLiteral("identity"), {}, credentials.identityKey.publicKey),
                prekeys::keyNode(*freshKey),
                prekeys::signedKeyNode(credentials.signedPreKey),
                Node(QStringLiteral("device-identity"), {}, credentials.account),
            }));
    }
    return Node(QStringLiteral("receipt"), attributes, std::move(children));
}

} // namespace balcao::receipts
