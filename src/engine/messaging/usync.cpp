#include "usync.h"

#include <QLoggingCategory>

namespace balcao::usync {

Q_LOGGING_CATEGORY(lcUsync, "balcao.messaging.usync")

namespace {

// A device id or key index: decimal, 0..65535 (the JID device range).
std::optional<int> smallNumber(const QString &text) {
    bool ok = false;
    const uint value = text.toUInt(&ok, 10);
    if (!ok || value > 0xFFFF || text.startsWith(u'+'))
        return std::nullopt;
    return int(value);
}

} // namespace

Node buildDeviceListQuery(const QList<Jid> &users, const QString &sid) {
    Node::Children userNodes;
    QList<Jid> seen;
    for (const Jid &user : users) {
        const Jid normalized = user.normalizedUser();
        if (seen.contains(normalized))
            continue;
        seen.append(normalized);
        // Baileys gives every user an empty child list (its per-user protocol elements, none for devices);
        // the empty list is part of the encoding.
        userNodes.emplace_back(QStringLiteral("user"),
            QList<Node::Attribute> {{QStringLiteral("jid"), normalized.toString()}}, Node::Children {});
    }
    Node query(QStringLiteral("query"), {},
        Node::Children {Node(QStringLiteral("devices"), {{QStringLiteral("version"), QStringLiteral("2")}})});
    Node usync(QStringLiteral("usync"),
        {{QStringLiteral("context"), QStringLiteral("message")},
            {QStringLiteral("mode"), QStringLiteral("query")}, {QStringLiteral("sid"), sid},
            {QStringLiteral("last"), QStringLiteral("true")}, {QStringLiteral("index"), QStringLiteral("0")}},
        Node::Children {std::move(query), Node(QStringLiteral("list"), {}, std::move(userNodes))});
    return Node(QStringLiteral("iq"),
        {{QStringLiteral("to"), Jid::serverJid().toString()}, {QStringLiteral("type"), QStringLiteral("get")},
            {QStringLiteral("xmlns"), QStringLiteral("usync")}},
        Node::Children {std::move(usync)});
}

Result<QList<Jid>> parseDeviceListAnswer(const Node &answer, const Jid &ownJid) {
    if (answer.tag() != u"iq" || answer.attribute(u"type") != u"result") {
        return makeError(errc::kMalformedNode,
            QStringLiteral("The device list answer is not an iq result: %1")
                .arg(answer.toString().left(200)));
    }
    const Node *usync = answer.child(u"usync");
    const Node *list = usync ? usync->child(u"list") : nullptr;
    if (!list)
        return makeError(
            errc::kMalformedNode, QStringLiteral("The device list answer has no <usync><list>."));

    const Jid ownUser = ownJid.normalizedUser();
    QList<Jid> devices;
    auto add = [&devices, &ownJid, &ownUser](const Jid &user, int device, bool hosted) {
        if (user == ownUser && device == ownJid.device)
            return;
        // A business's hosted (Cloud API) device lives on its own server, as both references address it.
        const QStringView server = !hosted ? QStringView(user.server)
            : user.isLid()                 ? QStringView(u"hosted.lid")
                                           : QStringView(u"hosted");
        const Jid jid = Jid::make(user.user, server, device);
        if (!devices.contains(jid))
            devices.append(jid);
    };

    for (const Node *row : list->childrenByTag(u"user")) {
        const auto parsed = row->jidAttribute(u"jid");
        if (!parsed || parsed->isServer() || parsed->isGroup()) {
            qCWarning(lcUsync) << "device list row without a user jid:" << row->toString().left(200);
            continue;
        }
        const Jid user = parsed->normalizedUser();
        const Node *devicesNode = row->child(u"devices");
        if (devicesNode && devicesNode->child(u"error")) {
            const Node *error = devicesNode->child(u"error");
            return makeError(errc::kDeviceListUnavailable,
                QStringLiteral("The server has no device list for %1 (error %2 %3).")
                    .arg(user.toString(), error->attribute(u"code"), error->attribute(u"text")));
        }
        const Node *deviceList = devicesNode ? devicesNode->child(u"device-list") : nullptr;
        if (!deviceList)
            continue;
        for (const Node *device : deviceList->childrenByTag(u"device")) {
            const auto id = smallNumber(device->attribute(u"id"));
            if (!id) {
                qCWarning(lcUsync) << "device without a valid id:" << device->toString();
                continue;
            }
            const bool hosted = device->attribute(u"is_hosted") == QLatin1String("true");
            // Device 0 only where the list has it (Baileys 7 extractDeviceJids, whatsmeow parseDeviceList):
            // an account whose phone is gone (a hosted business) has none.
            if (*id == 0) {
                add(user, 0, hosted);
                continue;
            }
            // The server refuses messages to a companion sent without its key index (Baileys'
            // extractDeviceJids: "produces a bad req otherwise"); "0" counts as missing there too.
            const auto keyIndex = smallNumber(device->attribute(u"key-index"));
            if (!keyIndex || *keyIndex == 0)
                continue;
            add(user, *id, hosted);
        }
    }
    return devices;
}

} // namespace balcao::usync
