#pragma once

#include "binary/jid.h"
#include "binary/node.h"
#include "errors.h"

#include <QByteArray>
#include <QString>

// Asking for a file the media host no longer keeps (docs/media.md): a <receipt type="server-error"> to our
// own account, sealed with a key derived from the file's media key, makes our phone (which has the file: it
// sent it, or downloaded it on arrival) upload it again and answer with a <notification type="mediaretry">
// naming the new direct path. Shapes as whatsmeow's mediaretry.go sends and reads them; Baileys 7 agrees.
namespace balcao::media_retry {

// Which message's file, as the receipt's <rmr> names it.
struct Request {
    QString messageId;
    QString chat; // the chat's JID
    bool fromMe = false;
    QString participant; // groups: who sent it
};

// <receipt id to=<our user> type="server-error"><encrypt><enc_p/><enc_iv/></encrypt><rmr jid from_me
// [participant]/></receipt>, sealed (AES-256-GCM, the message id as associated data) with `iv` (12 bytes).
Result<Node> buildReceipt(
    const Request &request, const Jid &ownUser, QByteArrayView mediaKey, QByteArrayView iv);

struct Answer {
    QString messageId;
    QString chat;
    bool fromMe = false;
    QString directPath; // the file's new place, when the phone had it
};
// The notification's message id (to find the file it answers), or malformed-node.
Result<QString> notificationMessageId(const Node &notification);
// Opens the answer with the file's media key: the new direct path, or media-expired when the phone no longer
// has the file (or could not upload it), malformed-node / decrypt-failed for an answer that is not one.
Result<Answer> readNotification(const Node &notification, QByteArrayView mediaKey);

} // namespace balcao::media_retry
