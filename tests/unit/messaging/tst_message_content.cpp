#include "golden_vectors.h"
#include "messaging/content_codec.h"
#include "messaging/message_content.h"
#include "messaging/outgoing_content.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborValue>
#include <QJsonArray>
#include <QTest>
#include <messaging/media_message.h>

using namespace balcao;
using balcao::testing::hex;

namespace {

const QJsonObject &vectors() {
    static const QJsonObject v = balcao::testing::loadVectors("messaging.json");
    return v;
}

QByteArray sample(const char *name) {
    const QJsonValue value = vectors().value(QLatin1String("messages")).toObject().value(QLatin1String(name));
    if (!value.isString())
        qFatal("messaging.json has no message sample %s", name);
    return hex(value);
}

QJsonObject object(const char *name) {
    return vectors().value(QLatin1String("messageObjects")).toObject().value(QLatin1String(name)).toObject();
}

QJsonObject path(QJsonObject json, std::initializer_list<const char *> keys) {
    for (const char *key : keys)
        json = json.value(QLatin1String(key)).toObject();
    return json;
}

} // namespace

Q_DECLARE_METATYPE(MessageKind)
Q_DECLARE_METATYPE(MessageContent)

class TestMessageContent : public QObject {
    Q_OBJECT
private slots:
    void encodesConversationLikeBaileys();
    void encodesExtendedTextLikeBaileys();
    void encodesDeviceSentLikeBaileys();
    void deviceSentKeepsTheInnerBytes();
    void refusesToWrapGarbageOrNoDestination();
    void readsEveryKind_data();
    void readsEveryKind();
    void readsHistorySyncNotification();
    void readsAppStateKeyShare();
    void readsRevokeTarget();
    void readsSenderKeyAlongsideText();
    void readsTypedPayloads();
    void readsReplyMentionsAndForwarding();
    void encodesWhatWeSendLikeBaileys();
    void refusesWhatCannotBeSent_data();
    void refusesWhatCannotBeSent();
    void sendsFilesPlacesAndCardsAsTheyAreRead();
    void keepsContentThroughTheStore();
    void refusesDamagedStoredContent_data();
    void refusesDamagedStoredContent();
    void roundTripsOwnEncodings_data();
    void roundTripsOwnEncodings();
    void refusesGarbage_data();
    void refusesGarbage();
    void survivesEveryTruncationAndBitFlip();
    void unwrapsOnlyToABoundedDepth();
};

void TestMessageContent::encodesConversationLikeBaileys() {
    const QString text = path(object("conversation"), {}).value(QLatin1String("conversation")).toString();
    QVERIFY(!text.isEmpty());
    QCOMPARE(encodeTextMessage(text, TextEncoding::Conversation), sample("conversation"));
    // Conversation is the default: what official clients send for plain text.
    QCOMPARE(encodeTextMessage(text), sample("conversation"));
}

void TestMessageContent::encodesExtendedTextLikeBaileys() {
    const QString text
        = path(object("extendedText"), {"extendedTextMessage"}).value(QLatin1String("text")).toString();
    QVERIFY(!text.isEmpty());
    QCOMPARE(encodeTextMessage(text, TextEncoding::ExtendedText), sample("extendedText"));
}

void TestMessageContent::encodesDeviceSentLikeBaileys() {
    const QString destination
        = path(object("deviceSent"), {"deviceSentMessage"}).value(QLatin1String("destinationJid")).toString();
    const auto wrapped = encodeDeviceSentMessage(destination, sample("conversation"));
    QVERIFY(wrapped.has_value());
    QCOMPARE(*wrapped, sample("deviceSent"));
}

void TestMessageContent::deviceSentKeepsTheInnerBytes() {
    // An image message whose inner bytes we did not produce must reach our other devices unchanged.
    const QByteArray inner = sample("image");
    const auto wrapped = encodeDeviceSentMessage(QStringLiteral("5511900000002@s.whatsapp.net"), inner);
    QVERIFY(wrapped.has_value());
    QVERIFY(wrapped->contains(inner));
    const auto read = readMessage(*wrapped);
    QVERIFY(read.has_value());
    QCOMPARE(read->kind, MessageKind::Image);
    QVERIFY(read->isDeviceSent);
    QCOMPARE(read->destinationJid, QStringLiteral("5511900000002@s.whatsapp.net"));
}

void TestMessageContent::refusesToWrapGarbageOrNoDestination() {
    const auto garbage
        = encodeDeviceSentMessage(QStringLiteral("1@s.whatsapp.net"), QByteArray::fromHex("0aff"));
    QVERIFY(!garbage.has_value());
    QCOMPARE(garbage.error().code, QString::fromLatin1(errc::kMalformedProtobuf));
    const auto noDestination = encodeDeviceSentMessage(QString(), sample("conversation"));
    QVERIFY(!noDestination.has_value());
    QCOMPARE(noDestination.error().code, QString::fromLatin1(errc::kInvalidArgument));
}

void TestMessageContent::readsEveryKind_data() {
    QTest::addColumn<QString>("sample");
    QTest::addColumn<MessageKind>("kind");
    QTest::addColumn<QString>("kindName");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("placeholder");
    QTest::addColumn<bool>("deviceSent");

    auto field = [](const char *name, std::initializer_list<const char *> keys, const char *key) {
        return path(object(name), keys).value(QLatin1String(key)).toString();
    };
    QTest::newRow("conversation") << "conversation" << MessageKind::Text << "text"
                                  << field("conversation", {}, "conversation") << QString() << false;
    QTest::newRow("extendedText") << "extendedText" << MessageKind::Text << "text"
                                  << field("extendedText", {"extendedTextMessage"}, "text") << QString()
                                  << false;
    QTest::newRow("deviceSent") << "deviceSent" << MessageKind::Text << "text"
                                << field("deviceSent", {"deviceSentMessage", "message"}, "conversation")
                                << QString() << true;
    QTest::newRow("image with caption") << "image" << MessageKind::Image << "image"
                                        << field("image", {"imageMessage"}, "caption") << "[image]" << false;
    QTest::newRow("video") << "video" << MessageKind::Video << "video"
                           << field("video", {"videoMessage"}, "caption") << "[video]" << false;
    QTest::newRow("audio") << "audio" << MessageKind::Audio << "audio" << QString() << "[audio]" << false;
    QTest::newRow("voice note") << "voiceNote" << MessageKind::Audio << "audio" << QString()
                                << "[voice message]" << false;
    QTest::newRow("document") << "document" << MessageKind::Document << "document" << QString()
                              << "[document]" << false;
    QTest::newRow("document with caption (wrapped)")
        << "documentWithCaption" << MessageKind::Document << "document"
        << field(
               "documentWithCaption", {"documentWithCaptionMessage", "message", "documentMessage"}, "caption")
        << "[document]" << false;
    QTest::newRow("sticker") << "sticker" << MessageKind::Sticker << "sticker" << QString() << "[sticker]"
                             << false;
    QTest::newRow("contact") << "contact" << MessageKind::Contact << "contact"
                             << field("contact", {"contactMessage"}, "displayName") << "[contact]" << false;
    QTest::newRow("location") << "location" << MessageKind::Location << "location"
                              << field("location", {"locationMessage"}, "name") << "[location]" << false;
    QTest::newRow("reaction") << "reaction" << MessageKind::Reaction << "reaction"
                              << field("reaction", {"reactionMessage"}, "text") << "[reaction]" << false;
    QTest::newRow("ephemeral text (wrapped)")
        << "ephemeralText" << MessageKind::Text << "text"
        << field("ephemeralText", {"ephemeralMessage", "message", "extendedTextMessage"}, "text") << QString()
        << false;
    QTest::newRow("view once image (wrapped)")
        << "viewOnceImage" << MessageKind::Image << "image"
        << field("viewOnceImage", {"viewOnceMessageV2", "message", "imageMessage"}, "caption") << "[image]"
        << false;
    QTest::newRow("history sync") << "historySync" << MessageKind::Protocol << "protocol" << QString()
                                  << "[protocol message]" << false;
    QTest::newRow("app-state key share") << "appStateKeyShare" << MessageKind::Protocol << "protocol"
                                         << QString() << "[protocol message]" << false;
    QTest::newRow("revoke") << "revoke" << MessageKind::Revoke << "revoke" << QString() << "[deleted message]"
                            << false;
    QTest::newRow("edit") << "edit" << MessageKind::Edit << "edit" << QString() << "[edited message]"
                          << false;
    QTest::newRow("reply with mentions, forwarded")
        << "reply" << MessageKind::Text << "text" << field("reply", {"extendedTextMessage"}, "text")
        << QString() << false;
    QTest::newRow("poll (not modelled)")
        << "poll" << MessageKind::Unknown << "unknown" << QString() << "[unsupported message]" << false;
    QTest::newRow("sender key only") << "senderKeyOnly" << MessageKind::KeyDistribution << "key-distribution"
                                     << QString() << QString() << false;
    QTest::newRow("empty message") << "empty" << MessageKind::Unknown << "unknown" << QString()
                                   << "[unsupported message]" << false;
}

void TestMessageContent::readsEveryKind() {
    QFETCH(QString, sample);
    QFETCH(MessageKind, kind);
    QFETCH(QString, kindName);
    QFETCH(QString, text);
    QFETCH(QString, placeholder);
    QFETCH(bool, deviceSent);
    const auto read = readMessage(::sample(sample.toLatin1().constData()));
    QVERIFY2(read.has_value(), qPrintable(read.has_value() ? QString() : read.error().message));
    QCOMPARE(read->kind, kind);
    QCOMPARE(messageKindName(read->kind), kindName);
    QCOMPARE(read->text, text);
    QCOMPARE(read->placeholder, placeholder);
    QCOMPARE(read->isDeviceSent, deviceSent);
    if (deviceSent) {
        QCOMPARE(read->destinationJid,
            path(object("deviceSent"), {"deviceSentMessage"})
                .value(QLatin1String("destinationJid"))
                .toString());
    } else {
        QVERIFY(read->destinationJid.isEmpty());
    }
    QCOMPARE(read->protocol.has_value(),
        kind == MessageKind::Protocol || kind == MessageKind::Revoke || kind == MessageKind::Edit);
}

void TestMessageContent::readsHistorySyncNotification() {
    const auto read = readMessage(sample("historySync"));
    QVERIFY(read.has_value() && read->protocol);
    const QJsonObject want = path(object("historySync"), {"protocolMessage", "historySyncNotification"});
    const ProtocolMessageInfo &info = *read->protocol;
    QCOMPARE(info.type, ProtocolMessageInfo::Type::HistorySyncNotification);
    QCOMPARE(
        info.rawType, path(object("historySync"), {"protocolMessage"}).value(QLatin1String("type")).toInt());
    QVERIFY(info.historySync.has_value());
    const auto &sync = *info.historySync;
    QCOMPARE(sync.directPath, want.value(QLatin1String("directPath")).toString());
    QCOMPARE(sync.mediaKey, hex(want.value(QLatin1String("mediaKey"))));
    QCOMPARE(sync.fileSha256, hex(want.value(QLatin1String("fileSha256"))));
    QCOMPARE(sync.fileEncSha256, hex(want.value(QLatin1String("fileEncSha256"))));
    QCOMPARE(qint64(sync.fileLength), want.value(QLatin1String("fileLength")).toInteger());
    QCOMPARE(sync.syncType, want.value(QLatin1String("syncType")).toInt());
    QCOMPARE(int(sync.chunkOrder), want.value(QLatin1String("chunkOrder")).toInt());
    QCOMPARE(int(sync.progress), want.value(QLatin1String("progress")).toInt());
    QCOMPARE(sync.originalMessageId, want.value(QLatin1String("originalMessageId")).toString());
    // The whole ProtocolMessage is kept for handlers that need more: it is the Message's field 12.
    QVERIFY(sample("historySync").contains(info.encoded));
}

void TestMessageContent::readsAppStateKeyShare() {
    const auto read = readMessage(sample("appStateKeyShare"));
    QVERIFY(read.has_value() && read->protocol);
    QCOMPARE(read->protocol->type, ProtocolMessageInfo::Type::AppStateSyncKeyShare);
    const QJsonArray keys = path(object("appStateKeyShare"), {"protocolMessage", "appStateSyncKeyShare"})
                                .value(QLatin1String("keys"))
                                .toArray();
    QCOMPARE(read->protocol->appStateKeys.size(), keys.size());
    QVERIFY(keys.size() >= 2);
    for (int i = 0; i < keys.size(); ++i) {
        const QJsonObject key = keys.at(i).toObject();
        const auto &got = read->protocol->appStateKeys.at(i);
        QCOMPARE(got.keyId, hex(path(key, {"keyId"}).value(QLatin1String("keyId"))));
        QCOMPARE(got.keyData, hex(path(key, {"keyData"}).value(QLatin1String("keyData"))));
        QCOMPARE(got.timestamp, path(key, {"keyData"}).value(QLatin1String("timestamp")).toInteger());
    }
}

void TestMessageContent::readsRevokeTarget() {
    const auto read = readMessage(sample("revoke"));
    QVERIFY(read.has_value() && read->protocol);
    QCOMPARE(read->protocol->type, ProtocolMessageInfo::Type::Revoke);
    QCOMPARE(read->protocol->rawType, 0);
    QCOMPARE(read->protocol->targetMessageId,
        path(object("revoke"), {"protocolMessage", "key"}).value(QLatin1String("id")).toString());
    const auto reaction = readMessage(sample("reaction"));
    QVERIFY(reaction.has_value());
    const auto &reacted = std::get<ReactionPayload>(reaction->payload);
    QCOMPARE(reacted.targetId,
        path(object("reaction"), {"reactionMessage", "key"}).value(QLatin1String("id")).toString());
    QCOMPARE(reacted.targetFromMe, true);
    QCOMPARE(std::get<RevokePayload>(read->payload).targetId, read->protocol->targetMessageId);
}

// The payloads of Baileys' own encodings (messaging.json) carry what their objects say.
void TestMessageContent::readsTypedPayloads() {
    const auto image = readMessage(sample("image"));
    QVERIFY(image.has_value());
    const QJsonObject imageObject = path(object("image"), {"imageMessage"});
    const MediaInfo &media = std::get<MediaPayload>(image->payload).media;
    QCOMPARE(media.mimetype, imageObject.value(QLatin1String("mimetype")).toString());
    QCOMPARE(qint64(media.fileLength), imageObject.value(QLatin1String("fileLength")).toInteger());
    QCOMPARE(qint64(media.width), imageObject.value(QLatin1String("width")).toInteger());
    QCOMPARE(qint64(media.height), imageObject.value(QLatin1String("height")).toInteger());
    QCOMPARE(media.directPath, imageObject.value(QLatin1String("directPath")).toString());
    QCOMPARE(media.mediaKey, hex(imageObject.value(QLatin1String("mediaKey"))));
    QCOMPARE(media.fileEncSha256, hex(imageObject.value(QLatin1String("fileEncSha256"))));
    QCOMPARE(media.mediaKeyTimestamp, imageObject.value(QLatin1String("mediaKeyTimestamp")).toInteger());

    const auto voice = readMessage(sample("voiceNote"));
    QVERIFY(voice.has_value());
    QVERIFY(std::get<MediaPayload>(voice->payload).media.voiceNote);
    QCOMPARE(std::get<MediaPayload>(voice->payload).media.seconds, 7u);

    const auto document = readMessage(sample("document"));
    QCOMPARE(std::get<MediaPayload>(document->payload).media.fileName, QStringLiteral("pedido-123.pdf"));

    const auto location = readMessage(sample("location"));
    const auto &place = std::get<LocationPayload>(location->payload);
    QCOMPARE(place.latitude, -23.5505);
    QCOMPARE(place.longitude, -46.6333);
    QCOMPARE(place.address, QStringLiteral("Praça da Sé, São Paulo"));

    const auto contact = readMessage(sample("contact"));
    QVERIFY(std::get<ContactCardPayload>(contact->payload).vcard.startsWith(QStringLiteral("BEGIN:VCARD")));

    const auto viewOnce = readMessage(sample("viewOnceImage"));
    QVERIFY(viewOnce->viewOnce);
    QVERIFY(!image->viewOnce);

    const auto edit = readMessage(sample("edit"));
    const auto &edited = std::get<EditPayload>(edit->payload);
    QCOMPARE(edited.targetId, QStringLiteral("3EB0BALCAOEDITED01"));
    QCOMPARE(edited.newText, QStringLiteral("Texto corrigido"));
    QVERIFY(edited.editedAtMs > 0);
}

void TestMessageContent::readsReplyMentionsAndForwarding() {
    const auto read = readMessage(sample("reply"));
    QVERIFY(read.has_value() && read->replyTo);
    const QJsonObject context = path(object("reply"), {"extendedTextMessage", "contextInfo"});
    QCOMPARE(read->replyTo->messageId, context.value(QLatin1String("stanzaId")).toString());
    QCOMPARE(read->replyTo->participant, context.value(QLatin1String("participant")).toString());
    QCOMPARE(read->replyTo->kind, MessageKind::Text);
    QCOMPARE(read->replyTo->text, QStringLiteral("Quando chega o pedido?"));
    QCOMPARE(read->mentions, QStringList {QStringLiteral("5511900000009@s.whatsapp.net")});
    QVERIFY(read->forwarded);
    QCOMPARE(read->forwardingScore, 3u);
    const auto plain = readMessage(sample("conversation"));
    QVERIFY(!plain->replyTo && plain->mentions.isEmpty() && !plain->forwarded);
}

// What we send is byte for byte what Baileys 7 encodes for the same message: a plain text as `conversation`,
// a reply with a mention, forwarded, as `extendedTextMessage` with its contextInfo.
void TestMessageContent::encodesWhatWeSendLikeBaileys() {
    const auto plain = encodeOutgoing(textContent(QStringLiteral("Oi! Mensagem simples 👋")));
    QVERIFY(plain.has_value());
    QCOMPARE(*plain, sample("conversation"));

    MessageContent reply = textContent(QStringLiteral("Chega amanhã, @5511900000009"));
    reply.replyTo
        = ReplyContext {QStringLiteral("3EB0BALCAOQUOTED01"), QStringLiteral("5511900000002@s.whatsapp.net"),
            MessageKind::Text, QStringLiteral("Quando chega o pedido?")};
    reply.mentions = {QStringLiteral("5511900000009@s.whatsapp.net")};
    reply.forwarded = true;
    reply.forwardingScore = 3;
    const auto encoded = encodeOutgoing(reply);
    QVERIFY(encoded.has_value());
    QCOMPARE(*encoded, sample("reply"));
    // And what we read back of it is what we asked to send.
    const auto read = readMessage(*encoded);
    QVERIFY(read.has_value());
    QCOMPARE(storableContent(*read), reply);
}

void TestMessageContent::refusesWhatCannotBeSent_data() {
    QTest::addColumn<MessageContent>("content");
    QTest::addColumn<QString>("code");
    const QString unsupported = QString::fromLatin1(errc::kUnsupported);
    QTest::newRow("no text") << textContent(QString()) << QString::fromLatin1(errc::kInvalidArgument);
    MessageContent noFile;
    noFile.kind = MessageKind::Image;
    noFile.payload = MediaPayload {};
    QTest::newRow("an image without its file") << noFile << QString::fromLatin1(errc::kInvalidArgument);
    MessageContent notUploaded = storableContent(readMessage(sample("image")).value());
    std::get<MediaPayload>(notUploaded.payload).media.directPath.clear();
    QTest::newRow("an image not uploaded yet") << notUploaded << QString::fromLatin1(errc::kInvalidArgument);
    QTest::newRow("a reaction") << storableContent(readMessage(sample("reaction")).value()) << unsupported;
    MessageContent offTheGlobe = storableContent(readMessage(sample("location")).value());
    std::get<LocationPayload>(offTheGlobe.payload).latitude = 91;
    QTest::newRow("a location off the globe") << offTheGlobe << QString::fromLatin1(errc::kInvalidArgument);
    MessageContent viewOnce = textContent(QStringLiteral("segredo"));
    viewOnce.viewOnce = true;
    QTest::newRow("view once") << viewOnce << unsupported;
    MessageContent replyToPhoto = textContent(QStringLiteral("Esse?"));
    replyToPhoto.replyTo
        = ReplyContext {QStringLiteral("3EB0P"), {}, MessageKind::Image, QStringLiteral("Vitrine")};
    QTest::newRow("a reply to a photo") << replyToPhoto << unsupported;
    MessageContent withPayload = textContent(QStringLiteral("Aqui"));
    withPayload.payload = LocationPayload {-23.5, -46.6, QStringLiteral("Loja"), {}};
    QTest::newRow("a text carrying a location") << withPayload << unsupported;
}

void TestMessageContent::refusesWhatCannotBeSent() {
    QFETCH(MessageContent, content);
    QFETCH(QString, code);
    const auto encoded = encodeOutgoing(content);
    QVERIFY(!encoded.has_value());
    QCOMPARE(encoded.error().code, code);
    QVERIFY(!encoded.error().message.isEmpty());
}

// A sample's content, with a file where Baileys' sample names none (as an upload would give it).
MessageContent withFile(const QByteArray &message) {
    MessageContent content = storableContent(readMessage(message).value());
    if (auto *payload = std::get_if<MediaPayload>(&content.payload);
        payload && payload->media.fileSha256.isEmpty()) {
        payload->media.fileSha256 = QByteArray(32, 's');
        payload->media.fileLength = 4000;
        payload->media.directPath = QStringLiteral("/v/t62.7117-24/file.enc");
        payload->media.mediaKey = QByteArray(32, 'k');
    }
    return content;
}

// A file (once uploaded), a location or a contact card we send reads back, with Baileys' own samples as the
// model, as what we asked to send; and each stanza names the media type whatsmeow names.
void TestMessageContent::sendsFilesPlacesAndCardsAsTheyAreRead() {
    const QHash<QString, QString> mediaTypes {{QStringLiteral("image"), QStringLiteral("image")},
        {QStringLiteral("video"), QStringLiteral("video")},
        {QStringLiteral("audio"), QStringLiteral("audio")},
        {QStringLiteral("document"), QStringLiteral("document")},
        {QStringLiteral("sticker"), QStringLiteral("sticker")},
        {QStringLiteral("contact"), QStringLiteral("vcard")}, {QStringLiteral("location"), QString()}};
    for (auto it = mediaTypes.cbegin(); it != mediaTypes.cend(); ++it) {
        const MessageContent content = withFile(sample(it.key().toLatin1().constData()));
        QVERIFY2(checkOutgoing(content), qPrintable(it.key()));
        const auto encoded = encodeOutgoing(content);
        QVERIFY2(encoded, qPrintable(it.key() + u' ' + (encoded ? QString() : encoded.error().message)));
        const auto read = readMessage(*encoded);
        QVERIFY(read);
        QCOMPARE(storableContent(*read), content);
        QCOMPARE(media_message::stanzaMediaType(content), it.value());
    }
    // A document with a caption travels wrapped (documentWithCaptionMessage) and reads back the same.
    MessageContent captioned = withFile(sample("document"));
    captioned.text = QStringLiteral("Segue a nota");
    const auto wrapped = encodeOutgoing(captioned);
    QVERIFY(wrapped);
    QCOMPARE(storableContent(readMessage(*wrapped).value()), captioned);
    // A voice note (Baileys' sample names no file, so it gets one here) is a ptt with its waveform.
    MessageContent voice = withFile(sample("voiceNote"));
    std::get<MediaPayload>(voice.payload).media.waveform = QByteArray(64, char(50));
    const auto encodedVoice = encodeOutgoing(voice);
    QVERIFY(encodedVoice);
    QCOMPARE(storableContent(readMessage(*encodedVoice).value()), voice);
    QCOMPARE(media_message::stanzaMediaType(voice), QStringLiteral("ptt"));
    // Before its upload a file may be queued, not encoded.
    MessageContent pending = storableContent(readMessage(sample("image")).value());
    std::get<MediaPayload>(pending.payload).media.directPath.clear();
    QVERIFY(checkOutgoing(pending));
    QVERIFY(media_message::needsUpload(pending));
}

// What the stores keep (content_codec) reads back as it was, for every sample kind.
void TestMessageContent::keepsContentThroughTheStore() {
    const QStringList names = vectors().value(QLatin1String("messages")).toObject().keys();
    QVERIFY(names.size() >= 20);
    for (const QString &name : names) {
        auto read = readMessage(sample(name.toLatin1().constData()));
        QVERIFY(read.has_value());
        const MessageContent kept = storableContent(*read);
        const auto back = content_codec::decode(content_codec::encode(kept));
        QVERIFY2(back.has_value(), qPrintable(name));
        QVERIFY2(*back == kept, qPrintable(name));
    }
    MessageContent notice;
    notice.kind = MessageKind::Notice;
    notice.payload = NoticePayload {
        QStringLiteral("participant-added"), {QStringLiteral("Ana"), QStringLiteral("Bruno")}};
    QCOMPARE(content_codec::decode(content_codec::encode(notice)).value(), notice);
    MessageContent call;
    call.kind = MessageKind::Call;
    call.payload = CallPayload {true, QStringLiteral("missed"), 0};
    QCOMPARE(content_codec::decode(content_codec::encode(call)).value(), call);
}

void TestMessageContent::refusesDamagedStoredContent_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("not cbor") << QByteArray("\xff\xff\xff");
    QTest::newRow("an array") << QCborValue(QCborArray {1, 2}).toCbor();
    QTest::newRow("unknown version") << QCborValue(QCborMap {{0, 99}, {1, QStringLiteral("text")}}).toCbor();
    // A float where an integer belongs must not be cast (out of range that is undefined behaviour).
    QTest::newRow("version a huge float")
        << QCborValue(QCborMap {{0, -6.5e35}, {1, QStringLiteral("text")}}).toCbor();
    QTest::newRow("payload not a map")
        << QCborValue(QCborMap {{0, 1}, {1, QStringLiteral("image")}, {4, QStringLiteral("x")}}).toCbor();
    QTest::newRow("truncated") << content_codec::encode(readMessage(sample("image")).value()).left(20);
}

void TestMessageContent::refusesDamagedStoredContent() {
    QFETCH(QByteArray, bytes);
    const auto decoded = content_codec::decode(bytes);
    QVERIFY(!decoded.has_value());
    QCOMPARE(decoded.error().code, QStringLiteral("malformed-content"));
}

void TestMessageContent::readsSenderKeyAlongsideText() {
    // A group pkmsg often carries the sender key next to the text: both are kept.
    const QByteArray both = sample("senderKeyOnly") + sample("conversation");
    const auto read = readMessage(both);
    QVERIFY(read.has_value());
    QCOMPARE(read->kind, MessageKind::Text);
    const QJsonObject distribution = path(object("senderKeyOnly"), {"senderKeyDistributionMessage"});
    QCOMPARE(read->senderKeyGroupId, distribution.value(QLatin1String("groupId")).toString());
    QCOMPARE(read->senderKeyDistribution,
        hex(distribution.value(QLatin1String("axolotlSenderKeyDistributionMessage"))));
}

void TestMessageContent::roundTripsOwnEncodings_data() {
    QTest::addColumn<QString>("text");
    QTest::newRow("ascii") << QStringLiteral("hello");
    QTest::newRow("accents and emoji") << QStringLiteral("Olá, tudo bem? 😀🇧🇷");
    QTest::newRow("multi-line") << QStringLiteral("linha 1\nlinha 2\n\n*negrito*");
    QTest::newRow("long") << QString(5000, u'x');
}

void TestMessageContent::roundTripsOwnEncodings() {
    QFETCH(QString, text);
    for (TextEncoding encoding : {TextEncoding::Conversation, TextEncoding::ExtendedText}) {
        const auto read = readMessage(encodeTextMessage(text, encoding));
        QVERIFY(read.has_value());
        QCOMPARE(read->kind, MessageKind::Text);
        QCOMPARE(read->text, text);
        const auto wrapped = encodeDeviceSentMessage(
            QStringLiteral("5511900000002@s.whatsapp.net"), encodeTextMessage(text, encoding));
        QVERIFY(wrapped.has_value());
        const auto readWrapped = readMessage(*wrapped);
        QVERIFY(readWrapped.has_value());
        QCOMPARE(readWrapped->text, text);
        QVERIFY(readWrapped->isDeviceSent);
    }
}

void TestMessageContent::refusesGarbage_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("all ones") << QByteArray::fromHex("ffffffffffffffffffff");
    QTest::newRow("field 0") << QByteArray::fromHex("0001");
    QTest::newRow("length past the end") << QByteArray::fromHex("0a0561");
    QTest::newRow("truncated image") << sample("image").left(sample("image").size() / 2);
    QTest::newRow("end group without start") << QByteArray::fromHex("0c");
    QTest::newRow("text, not protobuf") << QByteArray("Hello, this is not a protobuf at all!");
}

void TestMessageContent::refusesGarbage() {
    QFETCH(QByteArray, bytes);
    const auto read = readMessage(bytes);
    QVERIFY(!read.has_value());
    QCOMPARE(read.error().code, QString::fromLatin1(errc::kMalformedProtobuf));
    QVERIFY(!read.error().message.isEmpty());
}

void TestMessageContent::survivesEveryTruncationAndBitFlip() {
    // Every prefix and every single-bit change of every sample either parses to some content or is refused;
    // what matters is that none crashes and a parse always says what it is.
    const QJsonObject messages = vectors().value(QLatin1String("messages")).toObject();
    int refused = 0;
    int parsed = 0;
    for (auto it = messages.begin(); it != messages.end(); ++it) {
        const QByteArray bytes = hex(it.value());
        for (qsizetype n = 0; n < bytes.size(); ++n) {
            const auto read = readMessage(bytes.left(n));
            read.has_value() ? ++parsed : ++refused;
            if (read.has_value())
                QVERIFY(!read->placeholder.isEmpty() || read->kind == MessageKind::Text
                    || read->kind == MessageKind::KeyDistribution);
        }
        for (qsizetype i = 0; i < bytes.size() && i < 64; ++i) {
            for (int bit = 0; bit < 8; ++bit) {
                QByteArray flipped = bytes;
                flipped[i] = char(flipped[i] ^ (1 << bit));
                const auto read = readMessage(flipped);
                read.has_value() ? ++parsed : ++refused;
            }
        }
    }
    QVERIFY(refused > 0);
    QVERIFY(parsed > 0);
}

void TestMessageContent::unwrapsOnlyToABoundedDepth() {
    // 200 nested ephemeral wrappers: parsed (protobuf's own recursion limit is 100, so it may also refuse),
    // never unwrapped without bound, never a crash.
    QByteArray bytes = encodeTextMessage(QStringLiteral("deep"));
    for (int i = 0; i < 200; ++i) {
        QByteArray inner;
        inner.append(char(0x0a)); // FutureProofMessage.message = 1
        QByteArray length;
        for (quint32 n = quint32(bytes.size());; n >>= 7) {
            if (n < 0x80) {
                length.append(char(n));
                break;
            }
            length.append(char((n & 0x7F) | 0x80));
        }
        inner += length + bytes;
        QByteArray outerLength;
        for (quint32 n = quint32(inner.size());; n >>= 7) {
            if (n < 0x80) {
                outerLength.append(char(n));
                break;
            }
            outerLength.append(char((n & 0x7F) | 0x80));
        }
        bytes = QByteArray::fromHex("c202") + outerLength + inner; // field 40, wire type 2
    }
    const auto read = readMessage(bytes);
    if (read.has_value())
        QCOMPARE(read->kind, MessageKind::Unknown);
    else
        QCOMPARE(read.error().code, QString::fromLatin1(errc::kMalformedProtobuf));
    // Three levels are opened as usual.
    QByteArray shallow = encodeTextMessage(QStringLiteral("three"));
    for (int i = 0; i < 3; ++i) {
        QByteArray inner = QByteArray(1, char(0x0a)) + char(shallow.size()) + shallow;
        shallow = QByteArray::fromHex("c202") + char(inner.size()) + inner;
    }
    const auto three = readMessage(shallow);
    QVERIFY(three.has_value());
    QCOMPARE(three->kind, MessageKind::Text);
    QCOMPARE(three->text, QStringLiteral("three"));
}

QTEST_GUILESS_MAIN(TestMessageContent)
#include "tst_message_content.moc"
