#pragma once

#include "binary/node.h"
#include "result.h"

#include <QString>

// Incoming calls (docs/protocol.md §11.7): the <call> stanzas the server relays, and the reject a companion
// may send, as whatsmeow's handleCallEvent / RejectCall read and write them (Baileys 7's handleCall and
// rejectCall agree except for the reject's addressing, where we follow whatsmeow: user JIDs without device).
namespace balcao::calls {

struct CallStanza {
    enum class Kind { Offer, OfferNotice, Accept, Reject, Terminate, Timeout, Other };
    Kind kind = Kind::Other;
    QString from; // who the stanza is from: the caller (or a group)
    QString callId;
    QString creator; // call-creator: the caller's JID
    bool video = false; // offer: a <video/> among its children
    qint64 timestamp = 0; // seconds
    bool offline = false; // delivered from the offline queue
};

// malformed-node when the stanza is not a <call> with one child naming a call-id.
Result<CallStanza> parseCall(const Node &call);

// <call id from=ownUser to=caller><reject call-id call-creator count="0"/></call>
Node buildReject(const QString &ownJid, const QString &callerJid, const QString &callId, const QString &id);

} // namespace balcao::calls
