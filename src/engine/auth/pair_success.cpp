#include "pair_success.h"

#include "crypto/crypto.h"
#include "proto/adv.pb.h"

namespace balcao {

namespace {

QByteArray toBytes(const std::string &s) {
    return QByteArray(s.data(), qsizetype(s.size()));
}

std::string toStd(const QByteArray &b) {
    return std::string(b.constData(), std::size_t(b.size()));
}

Error refused(const QString &why) {
    return makeError(
        errc::kHandshakeFailed, QStringLiteral("The phone's link confirmation was refused: %1.").arg(why));
}

// ADV signature prefixes (docs/protocol.md §6.3): 06 00 account, 06 01 device; hosted: 06 05 / 06 06.
constexpr char kAccountPrefix[] = {0x06, 0x00};
constexpr char kDevicePrefix[] = {0x06, 0x01};
constexpr char kHostedAccountPrefix[] = {0x06, 0x05};
constexpr char kHostedDevicePrefix[] = {0x06, 0x06};

} // namespace

Result<PairSuccess::Stanza> PairSuccess::parse(const Node &iq) {
    const Node *success = iq.child(u"pair-success");
    if (iq.tag() != QLatin1String("iq") || !success)
        return makeError(errc::kMalformedNode, QStringLiteral("Not a pair-success stanza."));
    const Node *identity = success->child(u"device-identity");
    const Node *device = success->child(u"device");
    if (!identity || !identity->hasContent() || !device || device->attribute(u"jid").isEmpty()) {
        return makeError(errc::kMalformedNode,
            QStringLiteral("The pair-success stanza lacks its device identity or device JID."));
    }
    Stanza s;
    s.iqId = iq.attribute(u"id");
    s.deviceJid = device->attribute(u"jid");
    s.deviceLid = device->attribute(u"lid");
    if (const Node *platform = success->child(u"platform"))
        s.platform = platform->attribute(u"name");
    if (const Node *biz = success->child(u"biz"))
        s.businessName = biz->attribute(u"name");
    s.deviceIdentity = identity->contentBytes();
    return s;
}

Result<PairSuccess::Accepted> PairSuccess::accept(
    const Stanza &stanza, const DeviceCredentials &credentials) {
    wa::ADVSignedDeviceIdentityHMAC container;
    if (!container.ParseFromArray(stanza.deviceIdentity.constData(), int(stanza.deviceIdentity.size()))
        || !container.has_details() || !container.has_hmac()) {
        return refused(QStringLiteral("its device identity is not readable"));
    }
    const bool hosted = container.account_type() == wa::HOSTED;
    const QByteArray signedDetails = toBytes(container.details());
    const QByteArray hmacInput = hosted ? QByteArray(kHostedAccountPrefix, 2) + signedDetails : signedDetails;
    if (crypto::hmacSha256(credentials.advSecret, hmacInput) != toBytes(container.hmac()))
        return refused(QStringLiteral("it was not made for this device (HMAC mismatch)"));

    wa::ADVSignedDeviceIdentity account;
    if (!account.ParseFromString(container.details()) || !account.has_details()
        || account.account_signature_key().size() != 32 || account.account_signature().size() != 64) {
        return refused(QStringLiteral("its signed device identity is incomplete"));
    }
    wa::ADVDeviceIdentity details;
    if (!details.ParseFromString(account.details()))
        return refused(QStringLiteral("its device details are not readable"));

    const QByteArray deviceDetails = toBytes(account.details());
    const QByteArray accountKey = toBytes(account.account_signature_key());
    const bool hostedDevice = details.device_type() == wa::HOSTED;
    const QByteArray accountMessage = QByteArray(hostedDevice ? kHostedAccountPrefix : kAccountPrefix, 2)
        + deviceDetails + credentials.identityKey.publicKey;
    if (!crypto::xeddsaVerify(accountKey, accountMessage, toBytes(account.account_signature())))
        return refused(QStringLiteral("the account signature does not verify"));

    const QByteArray deviceMessage = QByteArray(hostedDevice ? kHostedDevicePrefix : kDevicePrefix, 2)
        + deviceDetails + credentials.identityKey.publicKey + accountKey;
    auto deviceSignature = crypto::xeddsaSign(credentials.identityKey.privateKey, deviceMessage);
    if (!deviceSignature)
        return deviceSignature.error();
    account.set_device_signature(toStd(*deviceSignature));

    Accepted accepted;
    accepted.account = toBytes(account.SerializeAsString());
    accepted.accountSignatureKey = accountKey;
    accepted.keyIndex = details.key_index();

    // The reply leaves out the account key: the server already knows it.
    wa::ADVSignedDeviceIdentity reply = account;
    reply.clear_account_signature_key();
    accepted.reply = Node(QStringLiteral("iq"),
        {{QStringLiteral("to"), QStringLiteral("@s.whatsapp.net")},
            {QStringLiteral("type"), QStringLiteral("result")}, {QStringLiteral("id"), stanza.iqId}},
        Node::Children {Node(QStringLiteral("pair-device-sign"), {},
            Node::Children {Node(QStringLiteral("device-identity"),
                {{QStringLiteral("key-index"), QString::number(accepted.keyIndex)}},
                toBytes(reply.SerializeAsString()))})});
    return accepted;
}

void PairSuccess::apply(const Stanza &stanza, const Accepted &accepted, DeviceCredentials &credentials) {
    credentials.ownJid = stanza.deviceJid;
    credentials.ownLid = stanza.deviceLid;
    credentials.account = accepted.account;
    credentials.platform = stanza.platform;
    if (!stanza.businessName.isEmpty())
        credentials.pushName = stanza.businessName;
}

Node PairSuccess::refusal(const QString &iqId, const Error &error) {
    return Node(QStringLiteral("iq"),
        {{QStringLiteral("to"), QStringLiteral("@s.whatsapp.net")},
            {QStringLiteral("type"), QStringLiteral("error")}, {QStringLiteral("id"), iqId}},
        Node::Children {Node(QStringLiteral("error"),
            {{QStringLiteral("code"), QStringLiteral("401")},
                {QStringLiteral("text"),
                    error.message.contains(QLatin1String("HMAC")) ? QStringLiteral("hmac-mismatch")
                                                                  : QStringLiteral("signature-mismatch")}})});
}

} // namespace balcao
