#include "language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace balcao::Language {

namespace {
constexpr char kKey[] = "ui/language";
}

QStringList available() {
    return {QStringLiteral("en"), QStringLiteral("pt_BR")};
}

QString chosen() {
    const QString value = QSettings().value(QLatin1String(kKey)).toString();
    return available().contains(value) ? value : QString();
}

void setChosen(const QString &locale) {
    QSettings settings;
    if (locale.isEmpty())
        settings.remove(QLatin1String(kKey));
    else
        settings.setValue(QLatin1String(kKey), locale);
}

QString effective() {
    if (const QString mine = chosen(); !mine.isEmpty())
        return mine;
    // Any Portuguese reads the Brazilian translation better than English.
    for (const QString &language : QLocale::system().uiLanguages()) {
        if (language.startsWith(QLatin1String("pt")))
            return QStringLiteral("pt_BR");
        if (language.startsWith(QLatin1String("en")))
            return QStringLiteral("en");
    }
    return QStringLiteral("en");
}

bool install(const QString &locale) {
    auto *app = QCoreApplication::instance();
    auto *ours = new QTranslator(app);
    if (!ours->load(QStringLiteral(":/i18n/balcao_%1.qm").arg(locale))) {
        delete ours;
        return false;
    }
    QCoreApplication::installTranslator(ours);
    // Qt's own strings (standard buttons, context menus of text fields).
    auto *qt = new QTranslator(app);
    if (qt->load(QLocale(locale), QStringLiteral("qtbase"), QStringLiteral("_"),
            QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    QLocale::setDefault(QLocale(locale));
    return true;
}

} // namespace balcao::Language
