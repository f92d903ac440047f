#include "phone_display.h"

namespace balcao {

QString phoneOfJid(QStringView jid) {
    qsizetype end = jid.indexOf(u'@');
    if (end < 0)
        end = jid.size();
    const qsizetype device = jid.left(end).indexOf(u':');
    if (device >= 0)
        end = device;
    return jid.left(end).toString();
}

QString displayPhone(QStringView digitsOrJid) {
    const QString digits = phoneOfJid(digitsOrJid);
    const qsizetype at = digitsOrJid.indexOf(u'@');
    const QStringView server = at < 0 ? QStringView() : digitsOrJid.mid(at + 1);
    if (!server.isEmpty() && server != u"s.whatsapp.net" && server != u"c.us")
        return digits; // a group or another kind of JID: no phone number to format
    if (digits.isEmpty())
        return {};
    for (QChar c : digits) {
        if (!c.isDigit())
            return digits; // not a phone number (a group id, …): show it as it is
    }
    if (digits.startsWith(QLatin1String("55")) && (digits.size() == 12 || digits.size() == 13)) {
        const QString area = digits.mid(2, 2);
        const QString local = digits.mid(4);
        const qsizetype split = local.size() - 4;
        return QStringLiteral("+55 %1 %2-%3").arg(area, local.left(split), local.mid(split));
    }
    return QLatin1Char('+') + digits;
}

} // namespace balcao
