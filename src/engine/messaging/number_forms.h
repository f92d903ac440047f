#pragma once

#include <QString>
#include <QStringList>

// The forms a mobile number may be registered under on WhatsApp, for the number check (docs/lid.md). Brazil
// added a ninth digit to mobile numbers, Mexico dropped the "1" after 52 and Argentina writes a "9" after 54
// that WhatsApp accounts may or may not carry: an account keeps the form it was registered with, so a number
// as a person types it is tried in both forms, as Evolution API's whatsappNumbers does.
namespace balcao::number_forms {

// The digits of a typed number ("+55 (31) 98765-0003" → "5531987650003"); empty when it has anything but
// digits, spaces, "+", "-", "." and parentheses, or fewer than 8 or more than 15 digits (E.164).
QString digitsOf(const QString &typed);

// `digits` first, then its other form when it has one:
// - Brazil (55 + two-digit area code): 13 digits with a 9 before 8 subscriber digits ↔ 12 digits without it,
//   for mobile numbers (the 8 subscriber digits start with 6–9);
// - Mexico: 52 1 + 10 digits ↔ 52 + 10 digits;
// - Argentina: 54 9 + 10 digits ↔ 54 + 10 digits.
QStringList candidates(const QString &digits);

} // namespace balcao::number_forms
