#pragma once

#include "result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <compare>
#include <optional>

namespace balcao {

// A WhatsApp Web version, "2.3000.<client revision>". The server refuses a login or registration that
// announces one it has retired (<failure reason="405"/>); a release lives about two months.
struct WaVersion {
    quint32 primary = 0;
    quint32 secondary = 0;
    quint32 tertiary = 0;

    // "2.3000.1048032155" (an "-alpha" suffix, as release lists carry it, is accepted and dropped).
    static Result<WaVersion> parse(const QString &text);
    static WaVersion fromList(const QList<quint32> &parts);

    QList<quint32> toList() const { return {primary, secondary, tertiary}; }
    QString toString() const;
    bool isNull() const { return primary == 0 && secondary == 0 && tertiary == 0; }

    auto operator<=>(const WaVersion &) const = default;
};

// The client revision WhatsApp Web's service worker or main page announces ("client_revision":N, possibly
// JSON-escaped inside a script), as the version [2, 3000, N]; nullopt when the text has none.
std::optional<WaVersion> clientRevisionIn(const QByteArray &page);

} // namespace balcao
