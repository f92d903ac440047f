#pragma once

#include <QString>
#include <QStringList>

namespace balcao {

// The interface language: English or Brazilian Portuguese, from the settings when the user chose one,
// else from the system locale. The translations are built into the binary (":/i18n/balcao_<lang>.qm").
// Applied at start-up: installed once before the first window is made.
namespace Language {
// The languages Balcão ships, as locale names ("en", "pt_BR").
QStringList available();
// The user's choice from the settings; empty = follow the system.
QString chosen();
void setChosen(const QString &locale);
// `chosen()` or, when empty, the best match for the system's UI languages; "en" when none matches.
QString effective();
// Loads Balcão's and Qt's own translations for `locale` into the application; false when Balcão has none.
bool install(const QString &locale);
} // namespace Language

} // namespace balcao
