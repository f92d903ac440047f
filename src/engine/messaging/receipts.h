#pragma once

#include "auth/device_credentials.h"
#include "binary/node.h"
#include "messaging/prekeys.h"
#include "messaging/stored_message.h"

#include <QList>
#include <optional>

// The stanzas that answer what the server delivers (docs/protocol.md §10–11), as builders: the ack every
// delivered stanza gets, the delivery receipt for a stored message, read receipts for a chat, and the retry
// receipt that asks a sender to encrypt again (whatsmeow receipt.go and retry.go, Baileys messages-recv.js).
namespace balcao::receipts {

// The <ack/> for a delivered stanza (message, receipt, notification, call); the server redelivers what is not
// acked. Built as Baileys 7's buildAckStanza, which mirrors WhatsApp Web's own: id, to = the stanza's from,
// class = its tag, then error (a nack, when not 0), participant, recipient and type copied from the stanza,
// and for a message our own device JID as from. (whatsmeow copies neither type nor from; we follow Baileys 7
// here, as docs/protocol.md §11.3 says.)
Node buildAck(const Node &stanza, const QString &ownJid = {}, int error = 0);

// The receipt for a message we stored: plain (delivered) from a contact; type="sender" from one of our own
// devices (with its recipient); type="peer_msg" for a peer (category="peer") message.
Node buildDeliveryReceipt(const Node &message, bool fromOwnDevice);

// Read receipts for a chat's `unread` messages: one per sender (in a 1:1 chat, the other person), the first
// id in the stanza and the rest in <list><item id/></list>; `participant` when the sender is not the chat.
// `type` "played" says the same of voice notes that were listened to.
QList<Node> buildReadReceipts(const QString &chat, const QList<UnreadMessage> &unread, qint64 nowSecs,
    const QString &type = QStringLiteral("read"));

// <receipt type="retry" id to [participant] [recipient]><retry count id t
// v="1"/><registration>…</registration>
// [<keys>…</keys>]</receipt>: from the second try on (`freshKey` given), our keys ride along so the sender
// can start a new session.
Node buildRetryReceipt(const Node &message, int count, const DeviceCredentials &credentials,
    const std::optional<prekeys::OneTimePreKey> &freshKey);

} // namespace balcao::receipts
