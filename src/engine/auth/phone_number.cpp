#include "phone_number.h"

#include <algorithm>

namespace balcao {

namespace {

// E.164 allows at most 15 digits; the shortest numbers in use, with their country code, have 7.
constexpr int kMinDigits = 7;
constexpr int kMaxDigits = 15;

bool isSeparator(QChar c) {
    return c == QLatin1Char(' ') || c == QLatin1Char('-') || c == QLatin1Char('(') || c == QLatin1Char(')')
        || c == QLatin1Char('.') || c == QChar(0x00A0);
}

} // namespace

Result<QString> normalizePhoneNumber(QStringView input) {
    const QStringView trimmed = input.trimmed();
    if (trimmed.isEmpty())
        return makeError(errc::kInvalidNumber, QStringLiteral("The phone number is empty."));
    QString digits;
    for (qsizetype i = 0; i < trimmed.size(); ++i) {
        const QChar c = trimmed.at(i);
        if (c >= QLatin1Char('0') && c <= QLatin1Char('9')) {
            digits.append(c);
        } else if (c == QLatin1Char('+') && i == 0) {
            continue;
        } else if (!isSeparator(c)) {
            return makeError(errc::kInvalidNumber,
                QStringLiteral("\"%1\" is not a phone number: it contains \"%2\". Use the international "
                               "format, such as +55 11 90000-0001.")
                    .arg(trimmed.left(40).toString(), c));
        }
    }
    if (digits.startsWith(QLatin1Char('0'))) {
        return makeError(errc::kInvalidNumber,
            QStringLiteral("\"%1\" starts with 0; give the number with its country code, such as "
                           "+55 11 90000-0001.")
                .arg(trimmed.left(40).toString()));
    }
    if (digits.size() < kMinDigits || digits.size() > kMaxDigits) {
        return makeError(errc::kInvalidNumber,
            QStringLiteral("\"%1\" has %2 digits; a phone number with its country code has %3 to %4.")
                .arg(trimmed.left(40).toString())
                .arg(digits.size())
                .arg(kMinDigits)
                .arg(kMaxDigits));
    }
    return digits;
}

Result<QString> userJidFromInput(QStringView input) {
    const QStringView trimmed = input.trimmed();
    const qsizetype at = trimmed.indexOf(QLatin1Char('@'));
    if (at < 0) {
        auto digits = normalizePhoneNumber(trimmed);
        if (!digits)
            return digits.error();
        return *digits + QStringLiteral("@s.whatsapp.net");
    }
    const QStringView server = trimmed.mid(at + 1);
    QStringView user = trimmed.left(at);
    if (server == QLatin1String("lid")) {
        // A person named by their LID (docs/lid.md): digits, as the server hands them out.
        if (const qsizetype colon = user.indexOf(QLatin1Char(':')); colon >= 0)
            user = user.left(colon);
        const bool digitsOnly = !user.isEmpty() && user.size() <= 20
            && std::all_of(user.begin(), user.end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
        if (!digitsOnly) {
            return makeError(errc::kInvalidNumber,
                QStringLiteral("\"%1\" is not a LID (digits@lid).").arg(trimmed.left(60).toString()));
        }
        return user.toString() + QStringLiteral("@lid");
    }
    if (server != QLatin1String("s.whatsapp.net") && server != QLatin1String("c.us")) {
        return makeError(errc::kInvalidNumber,
            QStringLiteral("\"%1\" is not a person's WhatsApp address; only 1:1 chats "
                           "(…@s.whatsapp.net) can be written to.")
                .arg(trimmed.left(60).toString()));
    }
    if (const qsizetype colon = user.indexOf(QLatin1Char(':')); colon >= 0)
        user = user.left(colon); // a device JID names the same person
    auto digits = normalizePhoneNumber(user);
    if (!digits)
        return digits.error();
    return *digits + QStringLiteral("@s.whatsapp.net");
}

} // namespace balcao
