#pragma once

#include "errors.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>
#include <variant>

// The decrypted payload of a 1:1 message: WhatsApp's `Message` protobuf (docs/protocol.md §10.1, §10.4,
// §11.2, §16), built for what we send and read into a plain value for what we receive. Unknown kinds are
// never dropped: they become MessageKind::Unknown with a placeholder, so the chat shows that something
// arrived.
namespace balcao {

enum class MessageKind {
    Text, // conversation or extendedTextMessage
    Image,
    Video,
    Audio,
    Document,
    Sticker,
    Contact,
    Location,
    Reaction,
    Edit, // protocolMessage MESSAGE_EDIT: new text for an earlier message
    Revoke, // protocolMessage REVOKE: an earlier message deleted for everyone
    Call, // a call's outcome, as a chat line (from <call> stanzas, not a Message)
    Notice, // a system line: "security code changed", "Ana added Bruno" (made here, not sent by anyone)
    Protocol, // other protocolMessages: history sync, app-state keys… (not shown as such)
    KeyDistribution, // only a group sender key (and context info): nothing to show
    Unknown, // a kind Balcão does not know, or an empty Message
};

// The stable lower-case name of a kind ("text", "image", … "unknown"), as events and the API spell it.
QString messageKindName(MessageKind kind);

// What a protocolMessage asks for. Only the types a fresh companion must act on are named.
struct ProtocolMessageInfo {
    enum class Type {
        Revoke, // 0: delete for everyone
        EphemeralSetting, // 3: disappearing-messages timer
        HistorySyncNotification, // 5: a history chunk to download (§14)
        AppStateSyncKeyShare, // 6: the phone shares app-state keys (§14)
        AppStateSyncKeyRequest, // 7
        MessageEdit, // 14
        LidMigrationMappingSync, // 22: our phone's contacts, number and LID
        Other,
    };
    // Where a history chunk lives (Message.HistorySyncNotification); enough to download and decrypt it.
    struct HistorySync {
        int syncType = 0; // INITIAL_BOOTSTRAP 0, INITIAL_STATUS_V3 1, FULL 2, RECENT 3, PUSH_NAME 4, …
        QString directPath;
        QByteArray mediaKey;
        QByteArray fileSha256;
        QByteArray fileEncSha256;
        quint64 fileLength = 0;
        quint32 chunkOrder = 0;
        quint32 progress = 0;
        QString originalMessageId;
        bool operator==(const HistorySync &) const = default;
    };
    struct AppStateKey {
        QByteArray keyId;
        QByteArray keyData;
        qint64 timestamp = 0;
        bool operator==(const AppStateKey &) const = default;
    };

    Type type = Type::Other;
    int rawType = -1; // the wire value; -1 when the field is absent
    QString targetMessageId; // key.id of a revoke or edit
    std::optional<HistorySync> historySync;
    QList<AppStateKey> appStateKeys;
    // LID migration: (LID user, phone-number user) pairs, as "<digits>@lid" and "<digits>@s.whatsapp.net";
    // the assigned LID, as whatsmeow reads it (Baileys 7 prefers a latest one when present).
    QList<std::pair<QString, QString>> lidMappings;
    QByteArray encoded; // the whole ProtocolMessage, for the handlers that need more of it

    bool operator==(const ProtocolMessageInfo &) const = default;
};

// The file behind a photo, video, voice note, audio, document or sticker, as the Message describes it: what
// downloading and decrypting it takes (docs/protocol.md §13) and what shows it before that.
struct MediaInfo {
    QString url;
    QString directPath;
    QByteArray mediaKey; // 32 bytes
    QByteArray fileSha256;
    QByteArray fileEncSha256;
    quint64 fileLength = 0;
    qint64 mediaKeyTimestamp = 0;
    QString mimetype;
    QString fileName; // documents
    quint32 width = 0;
    quint32 height = 0;
    quint32 seconds = 0; // audio and video
    quint32 pageCount = 0; // documents
    bool voiceNote = false; // audio recorded as a voice note (ptt)
    bool animated = false; // stickers
    bool gifPlayback = false; // videos shown as a GIF
    QByteArray thumbnail; // JPEG
    QByteArray waveform; // voice notes: 64 levels

    bool operator==(const MediaInfo &) const = default;
};

// The payload of each kind that carries more than text (the text, caption or emoji is MessageContent::text).
struct MediaPayload {
    MediaInfo media;
    bool operator==(const MediaPayload &) const = default;
};
struct LocationPayload {
    double latitude = 0;
    double longitude = 0;
    QString name;
    QString address;
    QString url;
    QString comment;
    bool live = false;
    QByteArray thumbnail;
    bool operator==(const LocationPayload &) const = default;
};
struct ContactCardPayload {
    QString displayName;
    QString vcard;
    bool operator==(const ContactCardPayload &) const = default;
};
// A reaction is to one message; an empty emoji (MessageContent::text) takes the reaction back.
struct ReactionPayload {
    QString targetId;
    QString targetChat;
    QString targetParticipant; // in groups: who wrote the message reacted to
    bool targetFromMe = false; // the message reacted to is the reacting person's own
    qint64 sentAtMs = 0;
    bool operator==(const ReactionPayload &) const = default;
};
struct EditPayload {
    QString targetId;
    QString newText;
    qint64 editedAtMs = 0;
    bool operator==(const EditPayload &) const = default;
};
struct RevokePayload {
    QString targetId;
    QString targetParticipant;
    bool targetFromMe = false;
    bool operator==(const RevokePayload &) const = default;
};
struct CallPayload {
    bool video = false;
    QString outcome; // "missed", "rejected", "accepted"
    quint32 seconds = 0;
    bool operator==(const CallPayload &) const = default;
};
// A system line: a stable code ("security-code-changed", "participant-added") and what it names.
struct NoticePayload {
    QString code;
    QStringList arguments;
    bool operator==(const NoticePayload &) const = default;
};
using ContentPayload = std::variant<std::monostate, MediaPayload, LocationPayload, ContactCardPayload,
    ReactionPayload, EditPayload, RevokePayload, CallPayload, NoticePayload>;

// What a reply shows above its own text: which message it answers, who wrote that, and a preview of it.
struct ReplyContext {
    QString messageId;
    QString participant;
    MessageKind kind = MessageKind::Unknown;
    QString text; // the quoted text or caption
    bool operator==(const ReplyContext &) const = default;
};

struct MessageContent {
    MessageKind kind = MessageKind::Unknown;
    // The text of a text message, the caption of media, the emoji of a reaction, a contact's name, a
    // location's name; empty otherwise.
    QString text;
    // What a chat list shows for anything but plain text: "[image]", "[unsupported message]"…; empty for
    // text.
    QString placeholder;
    // The content came wrapped in a deviceSentMessage: one of our own devices sent it to destinationJid.
    bool isDeviceSent = false;
    QString destinationJid;
    std::optional<ProtocolMessageInfo> protocol;
    ContentPayload payload; // by kind: MediaPayload for media, LocationPayload for a location, …
    std::optional<ReplyContext> replyTo;
    QStringList mentions; // JIDs mentioned in the text
    bool forwarded = false;
    quint32 forwardingScore = 0; // how many times it was forwarded ("forwarded many times" from 5)
    bool viewOnce = false;
    // A group sender key riding along (group id, libsignal SenderKeyDistributionMessage bytes).
    QString senderKeyGroupId;
    QByteArray senderKeyDistribution;

    bool operator==(const MessageContent &) const = default;
};

// The file a content carries (photo, video, audio, document, sticker), or null for every other kind.
const MediaInfo *mediaInfoOf(const MessageContent &content);

// What of a received content is kept with the message: everything but what only matters while it is handled
// (the protocol details, a sender key riding along, the device-sent wrapper).
MessageContent storableContent(MessageContent content);

// How a text goes on the wire. Official WhatsApp clients (and whatsmeow's examples) send plain text as
// `conversation` and switch to `extendedTextMessage` only for replies, mentions and link previews; Baileys
// 6.17 always sends `extendedTextMessage`. Every receiver accepts both.
enum class TextEncoding { Conversation, ExtendedText };

// The Message protobuf for a text, before padding.
QByteArray encodeTextMessage(const QString &text, TextEncoding encoding = TextEncoding::Conversation);
// The same for a text content: plain as `conversation`; with a reply (its quoted text as `conversation`),
// mentions or the forwarded flag as `extendedTextMessage` with its contextInfo. The caller checks that the
// content is a text (encodeOutgoing).
QByteArray encodeTextMessage(const MessageContent &text);

// What our own other devices get when we send `message` to `destinationJid` (a user JID without device):
// Message{deviceSentMessage{destinationJid, message}} (§10.4). malformed-protobuf when `message` does not
// parse, invalid-argument for an empty destination.
Result<QByteArray> encodeDeviceSentMessage(const QString &destinationJid, QByteArrayView message);

// Reads an unpadded, decrypted Message. Wrappers (deviceSentMessage, ephemeral, view once, document with
// caption) are opened. malformed-protobuf when the bytes are not a Message; anything that parses gives a
// content, Unknown included.
Result<MessageContent> readMessage(QByteArrayView bytes);

} // namespace balcao
