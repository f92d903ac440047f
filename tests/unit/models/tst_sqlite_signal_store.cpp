#include "../signal/tst_signal_store_suite.h"

#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <database.h>
#include <memory>
#include <sqlite_signal_store.h>

using namespace balcao;
using namespace balcao::models;

namespace {

const QByteArray kKey(32, 'k');
const SignalAddress kBob {QStringLiteral("5511900000009"), 2};
const SenderKeyName kGroup {QStringLiteral("120363000000000009@g.us"), kBob};

bool addSessionRows(const Database &db) {
    QSqlQuery query(db.connection());
    for (const QString &id : {SignalStoreSuite::kSessionA, SignalStoreSuite::kSessionB}) {
        query.prepare(QStringLiteral("INSERT INTO sessions(id, name, created_at) VALUES(?, 'Loja', 1)"));
        query.addBindValue(id);
        if (!query.exec())
            return false;
    }
    return true;
}

// One record of each sealed kind, with the call that reads it back.
struct SealedKind {
    std::function<Result<void>(SignalStore &)> put;
    std::function<Result<std::optional<QByteArray>>(SignalStore &)> get;
};

} // namespace
Q_DECLARE_METATYPE(SealedKind)

// The shared SignalStore behaviour suite against SQLite, plus what only a database can get wrong:
// surviving a reopen, sealing at rest, the sealing key, and cascading deletes.
class TestSqliteSignalStore : public SignalStoreSuite {
    Q_OBJECT
protected:
    SignalStore &freshStore() override {
        m_store.reset();
        m_db.reset();
        m_dir = std::make_unique<QTemporaryDir>();
        auto db = Database::open(m_dir->filePath(QStringLiteral("suite.db")), QStringLiteral("suite"));
        if (!db || !addSessionRows(*db))
            qFatal("cannot prepare the suite's database");
        m_db = std::make_unique<Database>(std::move(*db));
        m_store = std::make_unique<SqliteSignalStore>(*m_db, kKey);
        return *m_store;
    }

private slots:
    void cleanupTestCase();
    void survivesReopen();
    void refusesWrongSealingKey_data();
    void refusesWrongSealingKey();
    void keepsRecordsSealedAtRest();
    void sealedRecordDoesNotOpenInAnotherRow();
    void deletingTheSessionDeletesItsSignalState();
    void refusesRecordsOfUnknownSession();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<SqliteSignalStore> m_store;
};

void TestSqliteSignalStore::cleanupTestCase() {
    m_store.reset();
    m_db.reset();
}

void TestSqliteSignalStore::survivesReopen() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("b.db"));
    const QByteArray identity = char(0x05) + QByteArray(32, 'i');
    {
        auto db = Database::open(path, QStringLiteral("before"));
        QVERIFY(db.has_value());
        QVERIFY(addSessionRows(*db));
        SqliteSignalStore store(*db, kKey);
        QVERIFY(store.saveIdentity(kSessionA, kBob, identity).has_value());
        QVERIFY(store.storeSession(kSessionA, kBob, "session").has_value());
        QVERIFY(store.storePreKeys(kSessionA, {{1, "p1"}, {2, "p2"}, {3, "p3"}}).has_value());
        QVERIFY(store.removePreKey(kSessionA, 2).has_value());
        QVERIFY(store.storeSignedPreKey(kSessionA, {4, "signed"}).has_value());
        QVERIFY(store.storeSenderKey(kSessionA, kGroup, "sender").has_value());
    }
    auto db = Database::open(path, QStringLiteral("after"));
    QVERIFY(db.has_value());
    SqliteSignalStore store(*db, kKey);
    QCOMPARE(store.loadIdentity(kSessionA, kBob).value(), std::optional<QByteArray>(identity));
    QCOMPARE(store.loadSession(kSessionA, kBob).value(), std::optional<QByteArray>("session"));
    QCOMPARE(store.sessionDevices(kSessionA, kBob.name).value(), QList<int> {kBob.device});
    QCOMPARE(store.preKeyCount(kSessionA).value(), 2);
    QCOMPARE(store.maxPreKeyId(kSessionA).value(), 3u);
    QVERIFY(!store.containsPreKey(kSessionA, 2).value());
    QCOMPARE(store.loadPreKey(kSessionA, 3).value(), std::optional<QByteArray>("p3"));
    QCOMPARE(store.loadSignedPreKey(kSessionA, 4).value(), std::optional<QByteArray>("signed"));
    QCOMPARE(store.loadSenderKey(kSessionA, kGroup).value(), std::optional<QByteArray>("sender"));
}

void TestSqliteSignalStore::refusesWrongSealingKey_data() {
    QTest::addColumn<SealedKind>("kind");
    QTest::newRow("session") << SealedKind {
        [](SignalStore &s) { return s.storeSession(kSessionA, kBob, "r"); },
        [](SignalStore &s) { return s.loadSession(kSessionA, kBob); }};
    QTest::newRow("prekey") << SealedKind {[](SignalStore &s) {
                                               return s.storePreKey(kSessionA, {9, "r"});
                                           },
        [](SignalStore &s) { return s.loadPreKey(kSessionA, 9); }};
    QTest::newRow("signed prekey") << SealedKind {[](SignalStore &s) {
                                                      return s.storeSignedPreKey(kSessionA, {1, "r"});
                                                  },
        [](SignalStore &s) { return s.loadSignedPreKey(kSessionA, 1); }};
    QTest::newRow("sender key") << SealedKind {
        [](SignalStore &s) { return s.storeSenderKey(kSessionA, kGroup, "r"); },
        [](SignalStore &s) { return s.loadSenderKey(kSessionA, kGroup); }};
}

void TestSqliteSignalStore::refusesWrongSealingKey() {
    QFETCH(SealedKind, kind);
    QTemporaryDir dir;
    auto db = Database::open(dir.filePath(QStringLiteral("b.db")), QStringLiteral("wrong-key"));
    QVERIFY(db.has_value() && addSessionRows(*db));
    SqliteSignalStore right(*db, kKey);
    QVERIFY(kind.put(right).has_value());

    SqliteSignalStore wrong(*db, QByteArray(32, 'x'));
    auto loaded = kind.get(wrong);
    QVERIFY(!loaded.has_value());
    QCOMPARE(loaded.error().code, QStringLiteral("key-unavailable"));
    QVERIFY(!loaded.error().message.isEmpty());
    // Refusing changed nothing: the right key still opens the record.
    QCOMPARE(kind.get(right).value(), std::optional<QByteArray>("r"));
}

void TestSqliteSignalStore::keepsRecordsSealedAtRest() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("b.db"));
    const QByteArray session = "SESSION-CHAIN-KEY-" + QByteArray(24, 'c');
    const QByteArray preKey = "PREKEY-PRIVATE-" + QByteArray(24, 'p');
    const QByteArray signedPreKey = "SIGNED-PREKEY-PRIVATE-" + QByteArray(24, 's');
    const QByteArray senderKey = "SENDER-CHAIN-KEY-" + QByteArray(24, 'g');
    {
        auto db = Database::open(path, QStringLiteral("at-rest"));
        QVERIFY(db.has_value() && addSessionRows(*db));
        SqliteSignalStore store(*db, kKey);
        QVERIFY(store.storeSession(kSessionA, kBob, session).has_value());
        QVERIFY(store.storePreKey(kSessionA, {1, preKey}).has_value());
        QVERIFY(store.storeSignedPreKey(kSessionA, {1, signedPreKey}).has_value());
        QVERIFY(store.storeSenderKey(kSessionA, kGroup, senderKey).has_value());
        QVERIFY(QSqlQuery(db->connection()).exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
    }
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray raw = file.readAll();
    QVERIFY(raw.contains("signal_sessions")); // the schema is there, so the scan below reads real pages
    for (const QByteArray &secret : {session, preKey, signedPreKey, senderKey})
        QVERIFY2(!raw.contains(secret), secret.constData());
}

void TestSqliteSignalStore::sealedRecordDoesNotOpenInAnotherRow() {
    QTemporaryDir dir;
    auto db = Database::open(dir.filePath(QStringLiteral("b.db")), QStringLiteral("moved"));
    QVERIFY(db.has_value() && addSessionRows(*db));
    SqliteSignalStore store(*db, kKey);
    const SignalAddress other {kBob.name, kBob.device + 1};
    QVERIFY(store.storeSession(kSessionA, kBob, "bob's session").has_value());
    QVERIFY(store.storeSession(kSessionA, other, "other session").has_value());
    QSqlQuery copy(db->connection());
    QVERIFY(
        copy.exec(QStringLiteral("UPDATE signal_sessions SET sealed = (SELECT sealed FROM signal_sessions "
                                 "WHERE device = %1) WHERE device = %2")
                      .arg(kBob.device)
                      .arg(other.device)));
    QCOMPARE(copy.numRowsAffected(), 1);
    auto loaded = store.loadSession(kSessionA, other);
    QVERIFY(!loaded.has_value());
    QCOMPARE(store.loadSession(kSessionA, kBob).value(), std::optional<QByteArray>("bob's session"));
}

void TestSqliteSignalStore::deletingTheSessionDeletesItsSignalState() {
    QTemporaryDir dir;
    auto db = Database::open(dir.filePath(QStringLiteral("b.db")), QStringLiteral("cascade"));
    QVERIFY(db.has_value() && addSessionRows(*db));
    SqliteSignalStore store(*db, kKey);
    for (const QString &session : {kSessionA, kSessionB}) {
        QVERIFY(store.saveIdentity(session, kBob, char(0x05) + QByteArray(32, 'i')).has_value());
        QVERIFY(store.storeSession(session, kBob, "s").has_value());
        QVERIFY(store.storePreKey(session, {1, "p"}).has_value());
        QVERIFY(store.storeSignedPreKey(session, {1, "sp"}).has_value());
        QVERIFY(store.storeSenderKey(session, kGroup, "sk").has_value());
    }
    QSqlQuery query(db->connection());
    query.prepare(QStringLiteral("DELETE FROM sessions WHERE id = ?"));
    query.addBindValue(kSessionA);
    QVERIFY(query.exec());
    for (const char *table : {"signal_identities", "signal_sessions", "signal_prekeys",
             "signal_signed_prekeys", "signal_sender_keys"}) {
        QSqlQuery count(db->connection());
        QVERIFY(count.exec(QStringLiteral("SELECT session_id, COUNT(*) FROM %1 GROUP BY session_id")
                               .arg(QLatin1String(table))));
        QVERIFY(count.next());
        QCOMPARE(count.value(0).toString(), kSessionB);
        QCOMPARE(count.value(1).toInt(), 1);
        QVERIFY2(!count.next(), table);
    }
}

void TestSqliteSignalStore::refusesRecordsOfUnknownSession() {
    QTemporaryDir dir;
    auto db = Database::open(dir.filePath(QStringLiteral("b.db")), QStringLiteral("unknown"));
    QVERIFY(db.has_value());
    SqliteSignalStore store(*db, kKey);
    auto stored = store.storeSession(QStringLiteral("no-such-session"), kBob, "s");
    QVERIFY(!stored.has_value());
    QCOMPARE(stored.error().code, QStringLiteral("storage-failed"));
    auto batch = store.storePreKeys(QStringLiteral("no-such-session"), {{1, "p"}, {2, "p"}});
    QVERIFY(!batch.has_value());
    QCOMPARE(store.preKeyCount(QStringLiteral("no-such-session")).value(), 0);
}

QTEST_GUILESS_MAIN(TestSqliteSignalStore)
#include "tst_sqlite_signal_store.moc"
