#include "addressing.h"

namespace balcao::addressing {

namespace {

bool isPhoneForm(const Jid &jid) {
    return jid.isPhoneUser() || jid.server == u"hosted";
}

bool isLidForm(const Jid &jid) {
    return jid.isLid() || jid.server == u"hosted.lid";
}

// The alternate address in `key`, when it is of the other form than `of`.
std::optional<Jid> alternate(const Node &stanza, QStringView key, const Jid &of) {
    const auto alt = stanza.jidAttribute(key);
    if (!alt || alt->user.isEmpty())
        return std::nullopt;
    const bool otherForm = isLidForm(of) ? isPhoneForm(*alt) : isLidForm(*alt);
    if (!otherForm)
        return std::nullopt;
    return *alt;
}

} // namespace

Own Own::of(const DeviceCredentials &credentials) {
    Own own;
    own.phone = Jid::parse(credentials.ownJid).value_or(Jid());
    if (auto lid = Jid::parse(credentials.ownLid); lid && lid->isLid() && !lid->user.isEmpty())
        own.lid = *lid;
    return own;
}

bool Own::isUs(const Jid &jid) const {
    if (jid.user.isEmpty())
        return false;
    if (isPhoneForm(jid))
        return jid.user == phone.user;
    if (isLidForm(jid))
        return lid && jid.user == lid->user;
    return false;
}

Jid Own::sameFormAs(const Jid &like) const {
    return isLidForm(like) && lid ? *lid : phone;
}

Jid withDeviceOf(const Jid &user, const Jid &device) {
    Jid out = user.normalizedUser();
    out.device = device.device;
    return out;
}

Result<Envelope> readDirect(const Node &stanza, const Own &own) {
    const auto from = stanza.jidAttribute(u"from");
    if (!from || from->user.isEmpty())
        return makeError(
            errc::kMalformedNode, QStringLiteral("A message without a valid sender was ignored."));
    Envelope e;
    e.sender = *from;
    e.fromMe = own.isUs(*from);
    if (e.fromMe) {
        // Our own other device: the chat is the recipient it names (whatsmeow falls back to `from`).
        const auto recipient = stanza.jidAttribute(u"recipient");
        e.chat = (recipient && !recipient->user.isEmpty() ? *recipient : *from).normalizedUser();
        const QStringView altKey = isLidForm(e.chat) ? u"peer_recipient_pn" : u"peer_recipient_lid";
        if (auto alt = alternate(stanza, altKey, e.chat))
            e.chatAlt = alt->normalizedUser();
        return e;
    }
    e.chat = from->normalizedUser();
    const QStringView altKey = isLidForm(*from) ? u"sender_pn" : u"sender_lid";
    if (auto alt = alternate(stanza, altKey, *from))
        e.senderAlt
            = alt->device == 0 ? withDeviceOf(*alt, *from) : *alt; // whatsmeow: the device carries over
    return e;
}

std::optional<std::pair<Jid, Jid>> lidAndPhone(const Jid &a, const Jid &b) {
    const Jid x = a.normalizedUser();
    const Jid y = b.normalizedUser();
    if (x.isLid() && y.isPhoneUser())
        return std::pair(x, y);
    if (y.isLid() && x.isPhoneUser())
        return std::pair(y, x);
    return std::nullopt;
}

} // namespace balcao::addressing
