#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;

namespace balcao {

// Preferences kept in QSettings: the interface language (applied when Balcão restarts; "Restart now" does
// it at once) and whether new messages raise desktop notifications.
class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit SettingsDialog(QWidget *parent = nullptr);

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
