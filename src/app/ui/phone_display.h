#pragma once

#include <QString>

namespace balcao {

// A number as people read it: "+55 11 90000-0001" for Brazilian numbers (country 55, two-digit area code,
// 8 or 9 digits), "+<digits>" for the rest. Accepts digits or a JID ("5511900000001:3@s.whatsapp.net").
QString displayPhone(QStringView digitsOrJid);

// The digits of a user or device JID ("5511900000001:3@s.whatsapp.net" → "5511900000001").
QString phoneOfJid(QStringView jid);

} // namespace balcao
