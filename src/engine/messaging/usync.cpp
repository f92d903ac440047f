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

Node usyncIq(const QString &context, Node::Children protocols, Node::Children users, const QString &sid) {
    Node usync(QStringLiteral("usync"),
        {{QStringLiteral("context"), context}, {QStringLiteral("mode"), QStringLiteral("query")},
            {QStringLiteral("sid"), sid}, {QStringLiteral("last"), QStringLiteral("true")},
            {QStringLiteral("index"), QStringLiteral("0")}},
        Node::Children {Node(QStringLiteral("query"), {}, std::move(protocols)),
            Node(QStringLiteral("list"), {}, std::move(users))});
    return Node(QStringLiteral("iq"),
        {{QStringLiteral("to"), Jid::serverJid().toString()}, {QStringLiteral("type"), QStringLiteral("get")},
            {QStringLiteral("xmlns"), QStringLiteral("usync")}},
        Node::Children {std::move(usync)});
}

const Node *userList(const Node &answer) {
    if (answer.tag() != u"iq" || answer.attribute(u"type") != u"result")
        return nullptr;
    const Node *usync = answer.child(u"usync");
    return usync ? usync->child(u"list") : nullptr;
}

} // namespace

Node buildLidQuery(const QList<Jid> &users, const QString &sid) {
    Node::Children userNodes;
    for (const Jid &user : users)
        userNodes.emplace_back(QStringLiteral("user"),
            QList<Node::Attribute> {{QStringLiteral("jid"), user.normalizedUser().toString()}});
    return usyncIq(QStringLiteral("background"), Node::Children {Node(QStringLiteral("lid"))},
        std::move(userNodes), sid);
}

Node buildContactQuery(const QStringList &digits, const QString &sid) {
    Node::Children userNodes;
    for (const QString &number : digits) {
        Node contact(QStringLiteral("contact"), {}, QByteArray("+") + number.toLatin1());
        userNodes.emplace_back(
            QStringLiteral("user"), QList<Node::Attribute> {}, Node::Children {std::move(contact)});
    }
    return usyncIq(QStringLiteral("interactive"),
        Node::Children {Node(QStringLiteral("contact")), Node(QStringLiteral("lid"))}, std::move(userNodes),
        sid);
}

Result<QList<UserInfo>> parseUserAnswer(const Node &answer) {
    const Node *list = userList(answer);
    if (!list) {
        return makeError(errc::kMalformedNode,
            QStringLiteral("The usync answer is not a result with a user list: %1")
                .arg(answer.toString().left(200)));
    }
    QList<UserInfo> out;
    for (const Node *row : list->childrenByTag(u"user")) {
        const auto jid = row->jidAttribute(u"jid");
        if (!jid || jid->user.isEmpty() || !(jid->isPhoneUser() || jid->isLid()))
            continue;
        UserInfo info;
        info.jid = jid->normalizedUser();
        if (info.jid.isLid())
            info.lid = info.jid;
        else
            info.phone = info.jid;
        if (const auto pn = row->jidAttribute(u"pn_jid"); pn && pn->isPhoneUser() && !pn->user.isEmpty())
            info.phone = pn->normalizedUser();
        if (const Node *lid = row->child(u"lid")) {
            if (const auto val = lid->jidAttribute(u"val"); val && val->isLid() && !val->user.isEmpty())
                info.lid = val->normalizedUser();
        }
        if (const Node *contact = row->child(u"contact")) {
            const QString type = contact->attribute(u"type");
            if (type == QLatin1String("in") || type == QLatin1String("out"))
                info.onWhatsApp = type == QLatin1String("in");
            info.asked = QString::fromUtf8(contact->contentBytes());
        }
        out.append(std::move(info));
    }
    return out;
}

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
