#include "api_settings_page.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableWidget>
#include <QVBoxLayout>
#include <api_address.h>
#include <api_key_store.h>
#include <crypto/crypto.h>
#include <database.h>

namespace balcao {

// Lives in the page's thread: its own database connection and the key store on it.
class ApiKeyWorker : public QObject {
    Q_OBJECT
public:
    explicit ApiKeyWorker(QString dataDir)
        : m_dataDir(std::move(dataDir)) { }

    void list() { emit listed(rows(), m_error); }
    void create(const QString &name, const QString &role, const QStringList &sessions) {
        if (!open())
            return emit created({}, m_error);
        auto key = m_store->create(name, role, sessions);
        emit created(key ? key->token : QString(), key ? QString() : key.error().message);
        list();
    }
    void revoke(const QString &id) {
        if (!open())
            return emit listed({}, m_error);
        if (auto done = m_store->revoke(id); !done)
            m_error = done.error().message;
        list();
    }

signals:
    void listed(const QList<QStringList> &rows, const QString &error);
    void created(const QString &token, const QString &error);

private:
    bool open() {
        if (m_store)
            return true;
        QString dir = m_dataDir.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                                          : m_dataDir;
        QDir().mkpath(dir);
        auto database = models::Database::open(
            QDir(dir).filePath(QStringLiteral("balcao.db")), QStringLiteral("api-settings"));
        if (!database) {
            m_error = database.error().message;
            return false;
        }
        m_database = std::move(*database);
        m_store = std::make_unique<models::ApiKeyStore>(m_database);
        return true;
    }
    QList<QStringList> rows() {
        QList<QStringList> out;
        if (!open())
            return out;
        auto keys = m_store->list();
        if (!keys) {
            m_error = keys.error().message;
            return out;
        }
        m_error.clear();
        for (const models::ApiKey &key : *keys) {
            out.append({key.id, key.name, key.role, key.sessions.join(QStringLiteral(", ")),
                QDateTime::fromMSecsSinceEpoch(key.createdAtMs).toString(Qt::ISODate),
                key.revoked ? QStringLiteral("revoked") : QString()});
        }
        return out;
    }

    QString m_dataDir;
    QString m_error;
    models::Database m_database;
    std::unique_ptr<models::ApiKeyStore> m_store;
};

ApiSettingsPage::ApiSettingsPage(const QString &dataDir, QWidget *parent)
    : QWidget(parent) {
    m_thread.setObjectName(QStringLiteral("api-keys"));
    crypto::releaseThreadStateWhenFinished(m_thread);
    m_worker = new ApiKeyWorker(dataDir);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &ApiKeyWorker::listed, this, &ApiSettingsPage::showKeys);
    connect(m_worker, &ApiKeyWorker::created, this, [this](const QString &token, const QString &error) {
        m_token->setText(token);
        m_token->setVisible(!token.isEmpty());
        m_status->setText(
            error.isEmpty() ? tr("Copy the key now: it is not stored and cannot be shown again.") : error);
    });
    m_thread.start();

    auto *layout = new QVBoxLayout(this);
    auto *server = new QFormLayout;
    QSettings settings;
    m_enabled = new QCheckBox(tr("Serve the local HTTP API"), this);
    m_enabled->setObjectName(QStringLiteral("apiEnabled"));
    m_enabled->setChecked(settings.value(QStringLiteral("api/enabled"), false).toBool());
    m_address = new QLineEdit(
        settings.value(QStringLiteral("api/address"), QStringLiteral("127.0.0.1:8080")).toString(), this);
    m_address->setObjectName(QStringLiteral("apiAddress"));
    m_addressError = new QLabel(this);
    m_addressError->setObjectName(QStringLiteral("apiAddressError"));
    server->addRow(m_enabled);
    server->addRow(tr("Address"), m_address);
    server->addRow(QString(), m_addressError);
    server->addRow(QString(),
        new QLabel(tr("Changes apply when Balcão starts again. Keep 127.0.0.1 unless other "
                      "machines must reach the API."),
            this));
    layout->addLayout(server);
    connect(m_enabled, &QCheckBox::toggled, this, &ApiSettingsPage::saveServerSettings);
    connect(m_address, &QLineEdit::editingFinished, this, &ApiSettingsPage::saveServerSettings);

    m_keys = new QTableWidget(0, 6, this);
    m_keys->setObjectName(QStringLiteral("apiKeys"));
    m_keys->setHorizontalHeaderLabels(
        {tr("Id"), tr("Name"), tr("Role"), tr("Sessions"), tr("Created"), tr("State")});
    m_keys->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_keys->setSelectionMode(QAbstractItemView::SingleSelection);
    m_keys->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_keys->horizontalHeader()->setStretchLastSection(true);
    m_keys->verticalHeader()->hide();
    layout->addWidget(m_keys);

    auto *create = new QHBoxLayout;
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("apiKeyName"));
    m_name->setPlaceholderText(tr("Name (e.g. CRM)"));
    m_role = new QComboBox(this);
    m_role->setObjectName(QStringLiteral("apiKeyRole"));
    m_role->addItem(tr("Admin: everything"), QStringLiteral("admin"));
    m_role->addItem(tr("Agent: read and send on one session"), QStringLiteral("agent"));
    m_session = new QComboBox(this);
    m_session->setObjectName(QStringLiteral("apiKeySession"));
    m_session->setEnabled(false);
    auto *createButton = new QPushButton(tr("Create key"), this);
    createButton->setObjectName(QStringLiteral("apiCreateKey"));
    m_revoke = new QPushButton(tr("Revoke"), this);
    m_revoke->setObjectName(QStringLiteral("apiRevokeKey"));
    m_revoke->setEnabled(false);
    create->addWidget(m_name);
    create->addWidget(m_role);
    create->addWidget(m_session);
    create->addWidget(createButton);
    create->addWidget(m_revoke);
    layout->addLayout(create);
    m_token = new QLineEdit(this);
    m_token->setObjectName(QStringLiteral("apiNewKey"));
    m_token->setReadOnly(true);
    m_token->setVisible(false);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("apiStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_token);
    layout->addWidget(m_status);

    connect(m_role, &QComboBox::currentIndexChanged, this,
        [this] { m_session->setEnabled(m_role->currentData().toString() == QLatin1String("agent")); });
    connect(createButton, &QPushButton::clicked, this, &ApiSettingsPage::createKey);
    connect(m_revoke, &QPushButton::clicked, this, &ApiSettingsPage::revokeSelected);
    connect(m_keys, &QTableWidget::itemSelectionChanged, this, [this] {
        const int row = m_keys->currentRow();
        m_revoke->setEnabled(row >= 0 && m_keys->item(row, 5) && m_keys->item(row, 5)->text().isEmpty());
    });
    QMetaObject::invokeMethod(m_worker, &ApiKeyWorker::list, Qt::QueuedConnection);
}

ApiSettingsPage::~ApiSettingsPage() {
    m_thread.quit();
    m_thread.wait();
}

void ApiSettingsPage::setSessions(const QList<std::pair<QString, QString>> &sessions) {
    m_session->clear();
    for (const auto &[id, name] : sessions)
        m_session->addItem(name.isEmpty() ? id : QStringLiteral("%1 (%2)").arg(name, id), id);
}

void ApiSettingsPage::saveServerSettings() {
    auto address = api::parseApiAddress(m_address->text().trimmed());
    m_addressError->setText(address ? QString() : address.error().message);
    QSettings settings;
    settings.setValue(QStringLiteral("api/enabled"), m_enabled->isChecked());
    if (address)
        settings.setValue(QStringLiteral("api/address"), m_address->text().trimmed());
}

void ApiSettingsPage::createKey() {
    const QString role = m_role->currentData().toString();
    QStringList sessions;
    if (role == QLatin1String("agent")) {
        if (m_session->currentData().toString().isEmpty()) {
            m_status->setText(tr("Choose the session the agent key may use."));
            return;
        }
        sessions.append(m_session->currentData().toString());
    }
    const QString name = m_name->text().trimmed();
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, name, role, sessions] { worker->create(name, role, sessions); },
        Qt::QueuedConnection);
}

void ApiSettingsPage::revokeSelected() {
    const int row = m_keys->currentRow();
    if (row < 0 || !m_keys->item(row, 0))
        return;
    const QString id = m_keys->item(row, 0)->text();
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, id] { worker->revoke(id); }, Qt::QueuedConnection);
}

void ApiSettingsPage::showKeys(const QList<QStringList> &rows, const QString &error) {
    m_keys->setRowCount(int(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
        for (int c = 0; c < rows[r].size(); ++c)
            m_keys->setItem(r, c, new QTableWidgetItem(rows[r][c]));
    }
    m_keys->resizeColumnsToContents();
    if (!error.isEmpty())
        m_status->setText(error);
}

} // namespace balcao

#include "api_settings_page.moc"
