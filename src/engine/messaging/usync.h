#pragma once

#include "binary/jid.h"
#include "binary/node.h"
#include "errors.h"

#include <QList>
#include <QString>

// The device list of users before sending to them (docs/protocol.md §10.2): WhatsApp's usync query with
// the devices protocol, as Baileys' getUSyncDevices and whatsmeow's GetUserDevices send it.
namespace balcao::usync {

// <iq to="@s.whatsapp.net" type="get" xmlns="usync"><usync context="message" mode="query" sid last index>
// <query><devices version="2"/></query><list><user jid/>…</list></usync></iq>, without an id (the IqClient
// adds one). Users are normalised (no device, c.us → s.whatsapp.net) and repeated ones dropped. `sid` is
// any unique tag.
Node buildDeviceListQuery(const QList<Jid> &users, const QString &sid);

// The device JIDs an answer lists, in its order: for every user, device 0 when the list has it and each
// non-zero device that carries a non-zero `key-index` (Baileys skips the others: the server refuses messages
// to them); a device marked is_hosted="true" is addressed on the hosted server (hosted / hosted.lid).
// `ownJid`'s own device is left out; our phone (device 0) stays. Rows without a valid jid and devices without
// a valid id are skipped. malformed-node for an answer that is not a usync result; device-list-unavailable
// when the server put an <error> in a user's devices, as Baileys then fails the whole query.
Result<QList<Jid>> parseDeviceListAnswer(const Node &answer, const Jid &ownJid);

// What a usync answer says of one user beyond devices: the jid it answers for, its LID (<lid val>, or `jid`
// itself when the server answers by LID with the number in pn_jid), its phone number, and for a contact query
// whether the number is on WhatsApp (<contact type="in">) and which number was asked (the <contact> text).
struct UserInfo {
    Jid jid;
    std::optional<Jid> lid;
    std::optional<Jid> phone;
    std::optional<bool> onWhatsApp;
    QString asked;
};

// The LIDs of phone-number users, as Baileys 7's pnFromLIDUSync and whatsmeow's GetUserInfo ask: context
// "background", <query><lid/></query>, one <user jid/> each.
Node buildLidQuery(const QList<Jid> &users, const QString &sid);

// Whether numbers are on WhatsApp (Baileys 7 onWhatsApp, whatsmeow IsOnWhatsApp): context "interactive",
// <query><contact/><lid/></query>, one <user><contact>+digits</contact></user> per number (digits only).
Node buildContactQuery(const QStringList &digits, const QString &sid);

// The users of a usync answer (any query); rows without a valid jid are skipped. malformed-node for an answer
// that is not a usync result.
Result<QList<UserInfo>> parseUserAnswer(const Node &answer);

} // namespace balcao::usync
