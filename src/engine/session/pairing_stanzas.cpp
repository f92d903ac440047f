#include "pairing_stanzas.h"

namespace balcao::pairing {

namespace {

const QString kServer = QStringLiteral("s.whatsapp.net");

Node bytesNode(const QString &tag, const QByteArray &bytes) {
    return Node(tag, {}, bytes);
}

Node mdSet(Node child) {
    return Node(QStringLiteral("iq"),
        {{QStringLiteral("to"), kServer}, {QStringLiteral("type"), QStringLiteral("set")},
            {QStringLiteral("xmlns"), QStringLiteral("md")}},
        Node::Children {std::move(child)});
}

} // namespace

Result<QList<QByteArray>> parsePairDevice(const Node &iq) {
    const Node *offer = iq.child(u"pair-device");
    if (!offer)
        return makeError(errc::kMalformedNode, QStringLiteral("A pair-device offer without its refs."));
    QList<QByteArray> refs;
    for (const Node *ref : offer->childrenByTag(u"ref"))
        refs.append(ref->contentBytes());
    if (refs.isEmpty())
        return makeError(errc::kMalformedNode, QStringLiteral("The server offered no pairing codes."));
    return refs;
}

Node buildPairDeviceAnswer(const Node &iq) {
    return Node(QStringLiteral("iq"),
        {{QStringLiteral("to"), kServer}, {QStringLiteral("type"), QStringLiteral("result")},
            {QStringLiteral("id"), iq.attribute(u"id")}});
}

Node buildCompanionHello(const CompanionHello &hello) {
    return mdSet(Node(QStringLiteral("link_code_companion_reg"),
        {{QStringLiteral("jid"), hello.phoneJid},
            {QStringLiteral("stage"), QStringLiteral("companion_hello")},
            {QStringLiteral("should_show_push_notification"), QStringLiteral("true")}},
        Node::Children {
            bytesNode(
                QStringLiteral("link_code_pairing_wrapped_companion_ephemeral_pub"), hello.wrappedEphemeral),
            bytesNode(QStringLiteral("companion_server_auth_key_pub"), hello.noisePublicKey),
            bytesNode(QStringLiteral("companion_platform_id"), QByteArray("7")), // DESKTOP
            bytesNode(QStringLiteral("companion_platform_display"), hello.deviceName.toUtf8()),
            bytesNode(QStringLiteral("link_code_pairing_nonce"), QByteArray(1, '\0')),
        }));
}

QByteArray parseCompanionHelloAnswer(const Node &answer) {
    if (const Node *reg = answer.child(u"link_code_companion_reg")) {
        if (const Node *ref = reg->child(u"link_code_pairing_ref"))
            return ref->contentBytes();
    }
    return {};
}

Result<PrimaryHello> parsePrimaryHello(const Node &notification) {
    const Node *reg = notification.child(u"link_code_companion_reg");
    const Node *ref = reg ? reg->child(u"link_code_pairing_ref") : nullptr;
    const Node *primaryIdentity = reg ? reg->child(u"primary_identity_pub") : nullptr;
    const Node *wrapped = reg ? reg->child(u"link_code_pairing_wrapped_primary_ephemeral_pub") : nullptr;
    if (!ref || !primaryIdentity || !wrapped)
        return makeError(errc::kMalformedNode, QStringLiteral("The phone's pairing answer is incomplete."));
    return PrimaryHello {ref->contentBytes(), primaryIdentity->contentBytes(), wrapped->contentBytes()};
}

Node buildCompanionFinish(const CompanionFinish &finish) {
    return mdSet(Node(QStringLiteral("link_code_companion_reg"),
        {{QStringLiteral("jid"), finish.phoneJid},
            {QStringLiteral("stage"), QStringLiteral("companion_finish")}},
        Node::Children {
            bytesNode(QStringLiteral("link_code_pairing_wrapped_key_bundle"), finish.wrappedKeyBundle),
            bytesNode(QStringLiteral("companion_identity_public"), finish.identityPublicKey),
            bytesNode(QStringLiteral("link_code_pairing_ref"), finish.ref),
        }));
}

} // namespace balcao::pairing
