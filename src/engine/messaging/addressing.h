#pragma once

#include "auth/device_credentials.h"
#include "binary/jid.h"
#include "binary/node.h"
#include "errors.h"

#include <optional>
#include <utility>

// Who a 1:1 stanza is from and which chat it belongs to, now that WhatsApp names every person two ways: by
// phone number and by LID (docs/lid.md). Read as whatsmeow's parseMessageSource reads it (Baileys 7's
// decodeMessageNode agrees for 1:1 messages): the address a stanza came from, the other address the server
// adds beside it (sender_lid / sender_pn; peer_recipient_lid / peer_recipient_pn on our own messages), and
// whether it is ours — our phone number or our LID, any device.
namespace balcao::addressing {

// Our account's two addresses.
struct Own {
    Jid phone; // our device under our number, "5511…:3@s.whatsapp.net"
    std::optional<Jid> lid; // our device under our LID, "123…:3@lid", once known

    static Own of(const DeviceCredentials &credentials);
    // True for any device of our account, under either address.
    bool isUs(const Jid &jid) const;
    // Our device in the form `like` is written in (LID or phone number); our phone-number device when our
    // LID is not known.
    Jid sameFormAs(const Jid &like) const;
};

struct Envelope {
    Jid sender; // the sending device, as `from` says
    std::optional<Jid> senderAlt; // the same device under its other address
    bool fromMe = false;
    Jid chat; // the other person (user JID, as addressed); for our own messages the recipient
    std::optional<Jid> chatAlt; // our own messages: the recipient's other address
};

// The envelope of a 1:1 <message> or <receipt> (not a group or broadcast one). malformed-node without a valid
// `from`. Alternate addresses that are not of the other form (a LID beside a LID) are ignored.
Result<Envelope> readDirect(const Node &stanza, const Own &own);

// The LID and the phone-number user JIDs of two addresses of one person (devices dropped); nullopt unless
// one is a LID and the other a phone number.
std::optional<std::pair<Jid, Jid>> lidAndPhone(const Jid &a, const Jid &b);

// `device`'s device number on `user` (a user JID of the other form).
Jid withDeviceOf(const Jid &user, const Jid &device);

} // namespace balcao::addressing
