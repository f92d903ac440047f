#include "wa_version.h"

#include "errors.h"

#include <QRegularExpression>

namespace balcao {

Result<WaVersion> WaVersion::parse(const QString &text) {
    QString trimmed = text.trimmed();
    if (trimmed.endsWith(QLatin1String("-alpha")))
        trimmed.chop(6);
    const QStringList parts = trimmed.split(QLatin1Char('.'));
    const auto bad = [&] {
        return makeError(errc::kInvalidArgument,
            QStringLiteral("\"%1\" is not a WhatsApp Web version like 2.3000.1048032155.")
                .arg(text.left(64)));
    };
    if (parts.size() != 3)
        return bad();
    quint32 numbers[3] {};
    for (int i = 0; i < 3; ++i) {
        bool ok = false;
        const qulonglong value = parts[i].toULongLong(&ok);
        if (!ok || parts[i].isEmpty() || value > 0xffffffffULL || !parts[i].front().isDigit())
            return bad();
        numbers[i] = quint32(value);
    }
    WaVersion version {numbers[0], numbers[1], numbers[2]};
    if (version.primary == 0)
        return bad();
    return version;
}

WaVersion WaVersion::fromList(const QList<quint32> &parts) {
    WaVersion v;
    if (parts.size() > 0)
        v.primary = parts[0];
    if (parts.size() > 1)
        v.secondary = parts[1];
    if (parts.size() > 2)
        v.tertiary = parts[2];
    return v;
}

QString WaVersion::toString() const {
    return QStringLiteral("%1.%2.%3").arg(primary).arg(secondary).arg(tertiary);
}

std::optional<WaVersion> clientRevisionIn(const QByteArray &page) {
    // sw.js carries it JSON-escaped inside a string (\"client_revision\":N); the main page plainly.
    static const QRegularExpression pattern(QStringLiteral(R"re(\\?"client_revision\\?":\s*(\d{1,10})\b)re"));
    const auto match = pattern.match(QString::fromLatin1(page));
    if (!match.hasMatch())
        return std::nullopt;
    bool ok = false;
    const qulonglong revision = match.captured(1).toULongLong(&ok);
    if (!ok || revision == 0 || revision > 0xffffffffULL)
        return std::nullopt;
    return WaVersion {2, 3000, quint32(revision)};
}

} // namespace balcao
