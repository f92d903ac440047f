#pragma once

#include "errors.h"

#include <QString>

namespace balcao {

// Phone numbers as WhatsApp keys accounts: international format, digits only, country code first, no "+".
// "+55 (11) 90000-0001" → "5511900000001". Anything else is an invalid-number Error saying why.
Result<QString> normalizePhoneNumber(QStringView input);

// A chat partner given by a person or an integrator: a phone number in any usual spelling, or a user JID
// ("5511900000002@s.whatsapp.net", legacy "@c.us") or LID ("123…@lid"). Returns the user JID without device
// part.
Result<QString> userJidFromInput(QStringView input);

} // namespace balcao
