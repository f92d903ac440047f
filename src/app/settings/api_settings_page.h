#pragma once

#include <QThread>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace balcao {

class ApiKeyWorker;

// Settings → API (issue 7): turn the local HTTP API on and choose its address (QSettings "api/enabled",
// "api/address"; applied when the app starts again), and list, create and revoke API keys. A new key's
// token is shown once, here. Key reads and writes run in a worker thread of the page's own, so the window
// never waits for the disk.
class ApiSettingsPage : public QWidget {
    Q_OBJECT
public:
    // `dataDir` empty = the platform's app-data folder (as the profile).
    explicit ApiSettingsPage(const QString &dataDir, QWidget *parent = nullptr);
    ~ApiSettingsPage() override;

    // The sessions an agent key may be given, as (id, name).
    void setSessions(const QList<std::pair<QString, QString>> &sessions);

private:
    void saveServerSettings();
    void createKey();
    void revokeSelected();
    void showKeys(const QList<QStringList> &rows, const QString &error);

    QThread m_thread;
    ApiKeyWorker *m_worker = nullptr;
    QCheckBox *m_enabled = nullptr;
    QLineEdit *m_address = nullptr;
    QLabel *m_addressError = nullptr;
    QTableWidget *m_keys = nullptr;
    QLineEdit *m_name = nullptr;
    QComboBox *m_role = nullptr;
    QComboBox *m_session = nullptr;
    QPushButton *m_revoke = nullptr;
    QLineEdit *m_token = nullptr;
    QLabel *m_status = nullptr;
};

} // namespace balcao
