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

const QByteArray kKey(32, '\x5a');

QString storedSecret(const Database &db, const QString &session) {
    QSqlQuery query(db.connection());
    query.prepare(QStringLiteral("SELECT secret FROM webhooks WHERE session_id = ?"));
    query.addBindValue(session);
    return query.exec() && query.next() ? query.value(0).toString() : QStringLiteral("<none>");
}

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
        m_store = std::make_unique<SqliteWebhookStore>(*m_db, kKey);
        return *m_store;
    }

private slots:
    void cleanupTestCase();
    void survivesReopen();
    void refusesAWebhookForAnUnknownSession();
    void deletingTheSessionDeletesItsWebhookAndDeliveries();
    void sealsSecretsAtRest();
    void sealsSecretsAnEarlierVersionStoredInTheClear();
    void anotherKeyCannotReadTheSecrets();

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

    auto reopened = SqliteWebhookStore::open(path, QStringLiteral("reopened"), kKey);
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

void TestSqliteWebhookStore::sealsSecretsAtRest() {
    freshStore();
    const Webhook hook = webhookFor(kSessionA);
    QVERIFY(m_store->saveWebhook(hook));
    const QString stored = storedSecret(*m_db, kSessionA);
    QVERIFY2(stored.startsWith(QStringLiteral("sealed:")), qPrintable(stored));
    QVERIFY(!stored.contains(hook.secret));
    QCOMPARE(m_store->webhook(kSessionA).value()->secret, hook.secret);
    // Sealed for its own row: copied to another session it does not open.
    QVERIFY(m_store->saveWebhook(webhookFor(kSessionB)));
    QSqlQuery query(m_db->connection());
    query.prepare(QStringLiteral("UPDATE webhooks SET secret = ? WHERE session_id = ?"));
    query.addBindValue(stored);
    query.addBindValue(kSessionB);
    QVERIFY(query.exec());
    const auto moved = m_store->webhook(kSessionB);
    QVERIFY(!moved);
    QCOMPARE(moved.error().code, QStringLiteral("key-unavailable"));
}

void TestSqliteWebhookStore::sealsSecretsAnEarlierVersionStoredInTheClear() {
    freshStore();
    QSqlQuery query(m_db->connection());
    QVERIFY(query.exec(
        QStringLiteral("INSERT INTO webhooks(session_id, url, events, secret, created_at, updated_at) "
                       "VALUES('%1', 'http://127.0.0.1:9/a', 'message', 'plain-secret-0123456789', 1, 1)")
            .arg(kSessionA)));
    const QString path = m_dir->filePath(QStringLiteral("suite.db"));
    auto reopened = SqliteWebhookStore::open(path, QStringLiteral("upgraded"), kKey);
    QVERIFY2(reopened, qPrintable(reopened ? QString() : reopened.error().message));
    QCOMPARE((*reopened)->webhook(kSessionA).value()->secret, QStringLiteral("plain-secret-0123456789"));
    const QString stored = storedSecret(*m_db, kSessionA);
    QVERIFY2(stored.startsWith(QStringLiteral("sealed:")) && !stored.contains(QStringLiteral("plain-secret")),
        qPrintable(stored));
}

void TestSqliteWebhookStore::anotherKeyCannotReadTheSecrets() {
    freshStore();
    QVERIFY(m_store->saveWebhook(webhookFor(kSessionA)));
    const QString path = m_dir->filePath(QStringLiteral("suite.db"));
    auto other = SqliteWebhookStore::open(path, QStringLiteral("other-key"), QByteArray(32, '\x11'));
    QVERIFY(other);
    const auto read = (*other)->webhook(kSessionA);
    QVERIFY(!read);
    QCOMPARE(read.error().code, QStringLiteral("key-unavailable"));
    QVERIFY(read.error().message.contains(kSessionA));
    // Without a key the store does not open at all.
    const auto none = SqliteWebhookStore::open(path, QStringLiteral("no-key"), {});
    QVERIFY(!none);
    QCOMPARE(none.error().code, QStringLiteral("key-unavailable"));
}

QTEST_GUILESS_MAIN(TestSqliteWebhookStore)
#include "tst_sqlite_webhook_store.moc"
