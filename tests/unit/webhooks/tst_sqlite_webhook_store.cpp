#include "tst_webhook_store_suite.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <database.h>
#include <memory>
#include <sqlite_webhook_store.h>

using namespace balcao;
using namespace balcao::models;
using namespace balcao::webhooks;

namespace {

bool addSessionRows(const Database &db, const QStringList &ids) {
    QSqlQuery query(db.connection());
    for (const QString &id : ids) {
        query.prepare(QStringLiteral("INSERT INTO sessions(id, name, created_at) VALUES(?, 'Loja', 1)"));
        query.addBindValue(id);
        if (!query.exec())
            return false;
    }
    return true;
}

} // namespace

// The shared WebhookStore suite against SQLite, plus what only the database can get wrong: deliveries that
// survive a reopen, sessions that must exist, and the cascade when a session is deleted.
class TestSqliteWebhookStore : public WebhookStoreSuite {
    Q_OBJECT
protected:
    WebhookStore &freshStore() override {
        m_store.reset();
        m_db.reset();
        m_dir = std::make_unique<QTemporaryDir>();
        auto db = Database::open(m_dir->filePath(QStringLiteral("suite.db")), QStringLiteral("suite"));
        if (!db || !addSessionRows(*db, {kSessionA, kSessionB}))
            qFatal("cannot prepare the suite's database");
        m_db = std::make_unique<Database>(std::move(*db));
        m_store = std::make_unique<SqliteWebhookStore>(*m_db);
        return *m_store;
    }

private slots:
    void cleanupTestCase();
    void survivesReopen();
    void refusesAWebhookForAnUnknownSession();
    void deletingTheSessionDeletesItsWebhookAndDeliveries();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<SqliteWebhookStore> m_store;
};

void TestSqliteWebhookStore::cleanupTestCase() {
    m_store.reset();
    m_db.reset();
}

void TestSqliteWebhookStore::survivesReopen() {
    freshStore();
    QVERIFY(m_store->saveWebhook(webhookFor(kSessionA, {QStringLiteral("message")})));
    auto d = m_store->enqueue(deliveryFor(kSessionA, QStringLiteral("d1"), 10));
    QVERIFY(d);
    const QString path = m_dir->filePath(QStringLiteral("suite.db"));
    m_store.reset();
    m_db.reset();

    auto reopened = SqliteWebhookStore::open(path, QStringLiteral("reopened"));
    QVERIFY2(reopened, qPrintable(reopened ? QString() : reopened.error().message));
    QCOMPARE((*reopened)->webhook(kSessionA).value(),
        std::optional<Webhook>(webhookFor(kSessionA, {QStringLiteral("message")})));
    QCOMPARE((*reopened)->nextUndelivered(kSessionA).value(), std::optional<Delivery>(*d));
}

void TestSqliteWebhookStore::refusesAWebhookForAnUnknownSession() {
    freshStore();
    const auto saved = m_store->saveWebhook(webhookFor(QStringLiteral("nobody")));
    QVERIFY(!saved);
    QCOMPARE(saved.error().code, QStringLiteral("unknown-session"));
    QVERIFY(m_store->webhooks().value().isEmpty());
}

void TestSqliteWebhookStore::deletingTheSessionDeletesItsWebhookAndDeliveries() {
    freshStore();
    QVERIFY(m_store->saveWebhook(webhookFor(kSessionA)));
    QVERIFY(m_store->saveWebhook(webhookFor(kSessionB)));
    QVERIFY(m_store->enqueue(deliveryFor(kSessionA, QStringLiteral("a1"), 1)));
    QVERIFY(m_store->enqueue(deliveryFor(kSessionB, QStringLiteral("b1"), 1)));
    QSqlQuery query(m_db->connection());
    QVERIFY(query.exec(QStringLiteral("DELETE FROM sessions WHERE id = '%1'").arg(kSessionA)));
    QCOMPARE(m_store->webhook(kSessionA).value(), std::nullopt);
    QVERIFY(m_store->deliveries(kSessionA, 10).value().isEmpty());
    QCOMPARE(m_store->deliveries(kSessionB, 10).value().size(), 1);
}

QTEST_GUILESS_MAIN(TestSqliteWebhookStore)
#include "tst_sqlite_webhook_store.moc"
