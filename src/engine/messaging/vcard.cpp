#include "vcard.h"

#include <QRegularExpression>
#include <QStringList>

namespace balcao::vcard {

namespace {

// RFC 6350 §3.4: \n, \, \; and \\ in values.
QString unescape(QStringView value) {
    QString out;
    out.reserve(value.size());
    for (qsizetype i = 0; i < value.size(); ++i) {
        if (value[i] == u'\\' && i + 1 < value.size()) {
            const QChar next = value[++i];
            out += (next == u'n' || next == u'N') ? QChar(u' ') : next;
        } else {
            out += value[i];
        }
    }
    return out.trimmed();
}

// Lines as the card means them: a line starting with a space or tab continues the one before (§3.2).
QStringList unfolded(const QString &text) {
    QStringList lines;
    for (const QString &raw : text.left(kMaxBytes).split(QRegularExpression(QStringLiteral("\r\n|\n|\r")))) {
        if ((raw.startsWith(u' ') || raw.startsWith(u'\t')) && !lines.isEmpty())
            lines.last() += raw.mid(1);
        else
            lines.append(raw);
    }
    return lines;
}

QString digitsOf(QStringView text) {
    QString digits;
    for (const QChar c : text) {
        if (c.isDigit() && c.unicode() < 128)
            digits += c;
    }
    return digits.left(20);
}

} // namespace

Card read(const QString &text) {
    Card card;
    QString structuredName;
    for (const QString &line : unfolded(text)) {
        const qsizetype colon = line.indexOf(u':');
        if (colon <= 0)
            continue;
        QString property = line.left(colon);
        const QStringView value = QStringView(line).mid(colon + 1);
        // "item1.TEL;…" groups a property with a label; the group does not matter here.
        const qsizetype semicolon = property.indexOf(u';');
        if (const qsizetype dot = property.indexOf(u'.'); dot >= 0 && (semicolon < 0 || dot < semicolon))
            property = property.mid(dot + 1);
        const QStringList parts = property.split(u';');
        const QString name = parts.first().trimmed().toUpper();
        if (name == QLatin1String("FN")) {
            card.name = unescape(value);
        } else if (name == QLatin1String("N") && structuredName.isEmpty()) {
            // Family;Given;… → "Given Family"
            const QStringList fields = value.toString().split(u';');
            structuredName = unescape(QStringLiteral("%1 %2").arg(fields.value(1), fields.value(0)));
        } else if (name == QLatin1String("TEL") && card.numbers.size() < kMaxNumbers) {
            Number number {unescape(value), {}};
            for (const QString &parameter : parts.mid(1)) {
                if (parameter.trimmed().startsWith(QLatin1String("waid="), Qt::CaseInsensitive))
                    number.waid = digitsOf(QStringView(parameter).mid(parameter.indexOf(u'=') + 1));
            }
            if (!number.display.isEmpty() || !number.waid.isEmpty())
                card.numbers.append(number);
        }
    }
    if (card.name.isEmpty())
        card.name = structuredName;
    return card;
}

} // namespace balcao::vcard
