#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;

namespace balcao {

namespace webhooks {
class WebhookService;
}

// Preferences kept in QSettings: which media files come down by themselves (and the space they take), the
// interface language (applied when Balcão restarts; "Restart now" does
// it at once) and whether new messages raise desktop notifications; the local API (served from the window
// when enabled, and its keys); with a webhook service, each number's webhook delivery log.
class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    // `sessions`: (id, name) of every number, for the API's agent keys and the webhook log; `dataDir`: the
    // profile's folder as given on the command line (empty = default); `hooks` null = webhooks are off.
    explicit SettingsDialog(webhooks::WebhookService *hooks = nullptr,
        const QList<QPair<QString, QString>> &sessions = {}, const QString &dataDir = {},
        QWidget *parent = nullptr, const QString &mediaDir = {});

    static bool notificationsEnabled();

signals:
    void notificationsToggled(bool enabled);
    void restartRequested();

private:
    void save();

    QComboBox *m_language;
    QCheckBox *m_notifications;
    QLabel *m_restartNote;
    QString m_startLanguage;
};

} // namespace balcao
