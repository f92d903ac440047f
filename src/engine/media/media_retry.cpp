#include "media_retry.h"

#include "crypto/crypto.h"
#include "proto/mms_retry.pb.h"

namespace balcao::media_retry {

namespace {

constexpr qsizetype kIvSize = 12;

Result<QByteArray> retryKey(QByteArrayView mediaKey) {
    if (mediaKey.size() != 32)
        return makeError(errc::kMediaDamaged, QStringLiteral("The message does not carry its file's key."));
    return crypto::hkdfSha256(mediaKey, {}, QByteArrayLiteral("WhatsApp Media Retry Notification"), 32);
}

Error malformed(const QString &what) {
    return makeError(errc::kMalformedNode, QStringLiteral("The media retry notification %1.").arg(what));
}

Error gone(const QString &why) {
    return makeError(errc::kMediaExpired, QStringLiteral("The file is no longer available: %1.").arg(why));
}

} // namespace

Result<Node> buildReceipt(
    const Request &request, const Jid &ownUser, QByteArrayView mediaKey, QByteArrayView iv) {
    if (iv.size() != kIvSize)
        return makeError(errc::kInvalidArgument, QStringLiteral("A media retry needs a 12-byte IV."));
    const auto key = retryKey(mediaKey);
    if (!key)
        return key.error();
    wa::ServerErrorReceipt receipt;
    receipt.set_stanza_id(request.messageId.toStdString());
    const std::string plain = receipt.SerializeAsString();
    const auto sealed = crypto::aesGcmEncrypt(
        *key, iv, QByteArrayView(plain.data(), qsizetype(plain.size())), request.messageId.toUtf8());
    if (!sealed)
        return sealed.error();
    QList<Node::Attribute> rmr {{QStringLiteral("jid"), request.chat},
        {QStringLiteral("from_me"), request.fromMe ? QStringLiteral("true") : QStringLiteral("false")}};
    if (!request.participant.isEmpty())
        rmr.append({QStringLiteral("participant"), request.participant});
    return Node(QStringLiteral("receipt"),
        {{QStringLiteral("id"), request.messageId}, {QStringLiteral("to"), ownUser.toString()},
            {QStringLiteral("type"), QStringLiteral("server-error")}},
        Node::Children {Node(QStringLiteral("encrypt"), {},
                            Node::Children {Node(QStringLiteral("enc_p"), {}, *sealed),
                                Node(QStringLiteral("enc_iv"), {}, iv.toByteArray())}),
            Node(QStringLiteral("rmr"), std::move(rmr))});
}

Result<QString> notificationMessageId(const Node &notification) {
    if (notification.tag() != u"notification" || notification.attribute(u"type") != u"mediaretry")
        return malformed(QStringLiteral("is not one"));
    const QString id = notification.attribute(u"id");
    if (id.isEmpty() || id.size() > 128)
        return malformed(QStringLiteral("names no message"));
    return id;
}

Result<Answer> readNotification(const Node &notification, QByteArrayView mediaKey) {
    const auto id = notificationMessageId(notification);
    if (!id)
        return id.error();
    const Node *rmr = notification.child(u"rmr");
    if (!rmr || rmr->attribute(u"jid").isEmpty())
        return malformed(QStringLiteral("has no <rmr jid>"));
    Answer answer {*id, rmr->attribute(u"jid"), rmr->attribute(u"from_me") == u"true", {}};
    if (const Node *error = notification.child(u"error")) {
        // whatsmeow: code 2 is "the media is not available on the phone".
        return gone(error->attribute(u"code") == u"2"
                ? QStringLiteral("the phone no longer has it")
                : QStringLiteral("the phone answered error %1").arg(error->attribute(u"code")));
    }
    const Node *encrypt = notification.child(u"encrypt");
    const Node *sealed = encrypt ? encrypt->child(u"enc_p") : nullptr;
    const Node *iv = encrypt ? encrypt->child(u"enc_iv") : nullptr;
    if (!sealed || !iv || sealed->contentBytes().isEmpty() || iv->contentBytes().size() != kIvSize)
        return malformed(QStringLiteral("has no sealed answer"));
    const auto key = retryKey(mediaKey);
    if (!key)
        return key.error();
    const auto plain = crypto::aesGcmDecrypt(*key, iv->contentBytes(), sealed->contentBytes(), id->toUtf8());
    if (!plain)
        return plain.error();
    wa::MediaRetryNotification body;
    if (!body.ParseFromArray(plain->constData(), int(plain->size())))
        return malformed(QStringLiteral("does not hold a MediaRetryNotification"));
    if (body.stanza_id() != id->toStdString())
        return malformed(QStringLiteral("answers another message"));
    switch (body.result()) {
    case wa::MediaRetryNotification::SUCCESS:
        break;
    case wa::MediaRetryNotification::NOT_FOUND:
        return gone(QStringLiteral("the phone no longer has it"));
    case wa::MediaRetryNotification::DECRYPTION_ERROR:
        return gone(QStringLiteral("the phone could not read our request"));
    default:
        return gone(QStringLiteral("the phone could not upload it again"));
    }
    answer.directPath = QString::fromStdString(body.direct_path());
    if (!answer.directPath.startsWith(u'/'))
        return malformed(QStringLiteral("names no new place for the file"));
    return answer;
}

} // namespace balcao::media_retry
