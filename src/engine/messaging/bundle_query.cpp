#include "bundle_query.h"

#include "signal/signal_store.h"

#include <QLoggingCategory>

namespace balcao::bundle_query {

Q_LOGGING_CATEGORY(lcBundles, "balcao.messaging.bundles")

namespace {

quint32 bigEndian(const QByteArray &bytes) {
    quint32 value = 0;
    for (char byte : bytes)
        value = (value << 8) | quint8(byte);
    return value;
}

class RowReader {
public:
    RowReader(const Node &row, const Jid &jid)
        : m_row(row)
        , m_jid(jid) { }

    Error missing(const QString &what) const {
        return makeError(errc::kMalformedNode,
            QStringLiteral("The prekey bundle of %1 has %2.").arg(m_jid.toString(), what));
    }

    // The bytes of <tag> under `parent`, which must have `size` bytes.
    Result<QByteArray> bytes(const Node &parent, QStringView tag, qsizetype size) const {
        const Node *child = parent.child(tag);
        if (!child || !child->hasBytes())
            return missing(QStringLiteral("no <%1>").arg(tag));
        const QByteArray value = child->contentBytes();
        if (value.size() != size) {
            return missing(
                QStringLiteral("a <%1> of %2 bytes instead of %3").arg(tag).arg(value.size()).arg(size));
        }
        return value;
    }

    Result<quint32> keyId(const Node &parent) const {
        auto id = bytes(parent, u"id", 3);
        if (!id)
            return id.error();
        const quint32 value = bigEndian(*id);
        if (!signal_store_check::isPreKeyId(value))
            return missing(QStringLiteral("key id %1, outside 1..0xFFFFFE").arg(value));
        return value;
    }

    Result<PreKeyBundle> read() const {
        PreKeyBundle bundle;
        auto registration = bytes(m_row, u"registration", 4);
        if (!registration)
            return registration.error();
        bundle.registrationId = bigEndian(*registration);
        // <type> is optional in whatsmeow's reading; when present it must be Curve25519's 05.
        if (const Node *type = m_row.child(u"type");
            type && type->contentBytes() != QByteArray(1, kSignalKeyType))
            return missing(QStringLiteral("key type %1 instead of 05")
                               .arg(QString::fromLatin1(type->contentBytes().toHex())));
        auto identity = bytes(m_row, u"identity", 32);
        if (!identity)
            return identity.error();
        bundle.identityKey = *identity;

        const Node *signedKey = m_row.child(u"skey");
        if (!signedKey)
            return missing(QStringLiteral("no <skey>"));
        auto signedId = keyId(*signedKey);
        auto signedValue = bytes(*signedKey, u"value", 32);
        auto signature = bytes(*signedKey, u"signature", 64);
        if (!signedId)
            return signedId.error();
        if (!signedValue)
            return signedValue.error();
        if (!signature)
            return signature.error();
        bundle.signedPreKeyId = *signedId;
        bundle.signedPreKey = *signedValue;
        bundle.signedPreKeySignature = *signature;

        if (const Node *key = m_row.child(u"key")) {
            auto id = keyId(*key);
            auto value = bytes(*key, u"value", 32);
            if (!id)
                return id.error();
            if (!value)
                return value.error();
            bundle.preKey = PreKeyBundle::OneTimePreKey {*id, *value};
        }
        return bundle;
    }

private:
    const Node &m_row;
    const Jid &m_jid;
};

} // namespace

Node buildKeyQuery(const QList<Jid> &devices) {
    Node::Children users;
    QList<Jid> seen;
    for (const Jid &device : devices) {
        if (seen.contains(device))
            continue;
        seen.append(device);
        users.emplace_back(
            QStringLiteral("user"), QList<Node::Attribute> {{QStringLiteral("jid"), device.toString()}});
    }
    return Node(QStringLiteral("iq"),
        {{QStringLiteral("xmlns"), QStringLiteral("encrypt")},
            {QStringLiteral("type"), QStringLiteral("get")},
            {QStringLiteral("to"), Jid::serverJid().toString()}},
        Node::Children {Node(QStringLiteral("key"), {}, std::move(users))});
}

Result<std::vector<FetchedBundle>> parseKeyAnswer(const Node &answer) {
    const Node *list = answer.child(u"list");
    if (answer.tag() != u"iq" || !list) {
        return makeError(errc::kMalformedNode,
            QStringLiteral("The prekey bundle answer has no <list>: %1").arg(answer.toString().left(200)));
    }
    std::vector<FetchedBundle> out;
    for (const Node *row : list->childrenByTag(u"user")) {
        const auto jid = row->jidAttribute(u"jid");
        if (!jid || jid->isServer() || jid->isGroup()) {
            qCWarning(lcBundles) << "prekey bundle row without a device jid:" << row->toString().left(200);
            continue;
        }
        if (const Node *error = row->child(u"error")) {
            out.push_back({*jid,
                makeError(errc::kBundleUnavailable,
                    QStringLiteral("The server has no prekey bundle for %1 (error %2 %3).")
                        .arg(jid->toString(), error->attribute(u"code"), error->attribute(u"text")))});
            continue;
        }
        out.push_back({*jid, RowReader(*row, *jid).read()});
    }
    return out;
}

} // namespace balcao::bundle_query
