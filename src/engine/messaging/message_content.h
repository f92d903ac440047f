#pragma once

#include "errors.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <optional>

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
    Protocol, // protocolMessage: revoke, history sync, app-state keys, edits… (not shown as such)
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
    QByteArray encoded; // the whole ProtocolMessage, for the handlers that need more of it

    bool operator==(const ProtocolMessageInfo &) const = default;
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
    QString reactionTargetId; // the message id a reaction is about
    QString mimetype; // media only
    QString fileName; // documents only
    // A group sender key riding along (group id, libsignal SenderKeyDistributionMessage bytes).
    QString senderKeyGroupId;
    QByteArray senderKeyDistribution;

    bool operator==(const MessageContent &) const = default;
};

// How a text goes on the wire. Official WhatsApp clients (and whatsmeow's examples) send plain text as
// `conversation` and switch to `extendedTextMessage` only for replies, mentions and link previews; Baileys
// 6.17 always sends `extendedTextMessage`. Every receiver accepts both.
enum class TextEncoding { Conversation, ExtendedText };

// The Message protobuf for a text, before padding.
QByteArray encodeTextMessage(const QString &text, TextEncoding encoding = TextEncoding::Conversation);

// What our own other devices get when we send `message` to `destinationJid` (a user JID without device):
// Message{deviceSentMessage{destinationJid, message}} (§10.4). malformed-protobuf when `message` does not
// parse, invalid-argument for an empty destination.
Result<QByteArray> encodeDeviceSentMessage(const QString &destinationJid, QByteArrayView message);

// Reads an unpadded, decrypted Message. Wrappers (deviceSentMessage, ephemeral, view once, document with
// caption) are opened. malformed-protobuf when the bytes are not a Message; anything that parses gives a
// content, Unknown included.
Result<MessageContent> readMessage(QByteArrayView bytes);

} // namespace balcao
