#include "number_forms.h"

namespace balcao::number_forms {

QString digitsOf(const QString &typed) {
    QString digits;
    for (const QChar c : typed) {
        if (c.unicode() >= '0' && c.unicode() <= '9')
            digits.append(c);
        else if (!QStringLiteral(" +-.()").contains(c))
            return {};
    }
    if (digits.size() < 8 || digits.size() > 15)
        return {};
    return digits;
}

QStringList candidates(const QString &digits) {
    QStringList out {digits};
    const auto isMobileStart = [](QChar c) { return c >= u'6' && c <= u'9'; };
    if (digits.startsWith(QLatin1String("55"))) {
        if (digits.size() == 13 && digits.at(4) == u'9' && isMobileStart(digits.at(5)))
            out.append(digits.left(4) + digits.mid(5));
        else if (digits.size() == 12 && isMobileStart(digits.at(4)))
            out.append(digits.left(4) + u'9' + digits.mid(4));
        return out;
    }
    // Mexico's "1" and Argentina's "9" after the country code.
    for (const auto &[country, mark] :
        {std::pair(QLatin1String("52"), u'1'), std::pair(QLatin1String("54"), u'9')}) {
        if (!digits.startsWith(country))
            continue;
        if (digits.size() == 13 && digits.at(2) == mark)
            out.append(digits.left(2) + digits.mid(3));
        else if (digits.size() == 12)
            out.append(digits.left(2) + mark + digits.mid(2));
    }
    return out;
}

} // namespace balcao::number_forms
