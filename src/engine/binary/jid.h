#pragma once

#include <QString>
#include <QStringView>
#include <optional>

namespace balcao {

// A WhatsApp address (docs/protocol.md §5): `user[_agent][:device]@server`, e.g.
// `5511999990001@s.whatsapp.net`, `5511999990001:3@s.whatsapp.net` (device 3 of that user), `123456789@lid`,
// `1203630…@g.us`, or `@s.whatsapp.net` (the server itself). Device 0 is the primary phone and is written
// without `:0`. A plain value type.
struct Jid {
    static constexpr QStringView kUserServer = u"s.whatsapp.net";
    static constexpr QStringView kLidServer = u"lid";
    static constexpr QStringView kGroupServer = u"g.us";
    static constexpr QStringView kBroadcastServer = u"broadcast";
    static constexpr QStringView kNewsletterServer = u"newsletter";
    static constexpr QStringView kLegacyUserServer = u"c.us";

    QString user;
    QString server;
    int device = 0;
    int agent = 0;

    // Parses `user[_agent][:device]@server`; nullopt when there is no `@` or the agent or device is not a
    // decimal number below 65536. Unlike Baileys's jidDecode, the agent is kept (and written back by
    // toString).
    static std::optional<Jid> parse(QStringView text);
    static Jid make(const QString &user, QStringView server = kUserServer, int device = 0);
    // `@s.whatsapp.net`: the `to` of every iq addressed to the server.
    static Jid serverJid() { return Jid {QString(), kUserServer.toString(), 0, 0}; }

    QString toString() const;
    // The same user without device and agent (`5511999990001@s.whatsapp.net`); `c.us` becomes
    // `s.whatsapp.net`, as Baileys's jidNormalizedUser does.
    Jid normalizedUser() const;

    bool isServer() const { return user.isEmpty(); }
    bool isPhoneUser() const { return server == kUserServer; }
    bool isLid() const { return server == kLidServer; }
    bool isGroup() const { return server == kGroupServer; }
    bool isBroadcast() const { return server == kBroadcastServer; }
    bool isStatusBroadcast() const { return isBroadcast() && user == u"status"; }
    bool isNewsletter() const { return server == kNewsletterServer; }

    bool operator==(const Jid &) const = default;
};

} // namespace balcao
