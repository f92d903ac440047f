#pragma once

#include <QString>

namespace balcao {

// A new id for a message we send, as WhatsApp Web makes its own: "3EB0" and 18 upper-case hex digits of
// SHA-256(time, own user, 16 random bytes). The API names messages up front with the same kind of id.
QString newMessageId(const QString &ownUser = {});

} // namespace balcao
