#pragma once

#include <QList>
#include <QString>

// What a contact card says that Balcão uses: the name to show and the numbers, each with the WhatsApp id the
// apps put beside it (`TEL;waid=5511…:+55 11 …`), so "message this contact" opens the right chat. Tolerant
// of what phones write (folded lines, escaped characters, item1. prefixes) and bounded: a card of more than
// kMaxBytes or kMaxNumbers numbers is read only that far.
namespace balcao::vcard {

inline constexpr qsizetype kMaxBytes = 64 * 1024;
inline constexpr int kMaxNumbers = 20;

struct Number {
    QString display; // as written ("+55 11 98765-4321")
    QString waid; // digits of the WhatsApp account, when the card names it
    bool operator==(const Number &) const = default;
};

struct Card {
    QString name; // FN, or N when there is no FN
    QList<Number> numbers;
    bool operator==(const Card &) const = default;
};

Card read(const QString &text);

} // namespace balcao::vcard
