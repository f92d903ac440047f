#include "settings_dialog.h"

#include "language.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QVBoxLayout>
#include <settings/api_settings_page.h>
#include <settings/media_settings_page.h>
#include <settings/webhook_log_page.h>

namespace balcao {

namespace {
constexpr char kNotificationsKey[] = "ui/notifications";
}

bool SettingsDialog::notificationsEnabled() {
    return QSettings().value(QLatin1String(kNotificationsKey), true).toBool();
}

SettingsDialog::SettingsDialog(webhooks::WebhookService *hooks,
    const QList<QPair<QString, QString>> &sessions, const QString &dataDir, QWidget *parent,
    const QString &mediaDir)
    : QDialog(parent)
    , m_language(new QComboBox(this))
    , m_notifications(new QCheckBox(tr("Show a desktop notification for each new message"), this))
    , m_restartNote(new QLabel(this))
    , m_startLanguage(Language::chosen()) {
    setWindowTitle(tr("Settings"));
    // Language names in their own language, as people look for them.
    m_language->addItem(tr("System default"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Português (Brasil)"), QStringLiteral("pt_BR"));
    m_language->setCurrentIndex(qMax(0, m_language->findData(m_startLanguage)));
    m_notifications->setChecked(notificationsEnabled());
    m_restartNote->setWordWrap(true);
    m_restartNote->setText(tr("The new language applies when Balcão restarts."));
    m_restartNote->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *restart = buttons->addButton(tr("Restart now"), QDialogButtonBox::ActionRole);
    restart->hide();
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(restart, &QPushButton::clicked, this, [this] {
        save();
        emit restartRequested();
    });
    connect(m_language, &QComboBox::currentIndexChanged, this, [this, restart] {
        const bool changed = m_language->currentData().toString() != m_startLanguage;
        m_restartNote->setVisible(changed);
        restart->setVisible(changed);
        save();
    });
    connect(m_notifications, &QCheckBox::toggled, this, [this](bool on) {
        save();
        emit notificationsToggled(on);
    });

    auto *general = new QWidget(this);
    auto *form = new QFormLayout(general);
    form->addRow(tr("&Language:"), m_language);
    form->addRow(QString(), m_restartNote);
    form->addRow(tr("Notifications:"), m_notifications);
    form->setContentsMargins(12, 12, 12, 12);
    auto *tabs = new QTabWidget(this);
    tabs->addTab(general, tr("General"));
    tabs->addTab(new MediaSettingsPage(mediaDir, tabs), tr("Media"));
    auto *api = new ApiSettingsPage(dataDir, tabs);
    api->setSessions(sessions);
    tabs->addTab(api, tr("API"));
    if (hooks) {
        auto *log = new WebhookLogPage(hooks, tabs);
        log->setSessions(sessions);
        tabs->addTab(log, tr("Webhooks"));
    }
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(tabs);
    layout->addWidget(buttons);
    setMinimumSize(720, 460);
}

void SettingsDialog::save() {
    Language::setChosen(m_language->currentData().toString());
    QSettings().setValue(QLatin1String(kNotificationsKey), m_notifications->isChecked());
}

} // namespace balcao
