// The sessions of one worker thread share one database connection (issue 14): one connection per thread, not
// per session, and no session's writes ride in another's open batch — another session's statement commits
// it first, durable before that statement runs, and the batch's owner is told.
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <database.h>
#include <sqlite_session_directory.h>

using namespace balcao;
using namespace balcao::models;

namespace {

const QByteArray kKey(32, 'k');

StoredMessage incoming(const QString &id) {
    StoredMessage m;
    m.chat = QStringLiteral("5511900000002@s.whatsapp.net");
    m.id = id;
    m.sender = m.chat;
    m.timestamp = 1795478400;
    m.type = QStringLiteral("text");
    m.text = QStringLiteral("pedido %1").arg(id);
    m.status = MessageStatus::Delivered;
    m.unread = true;
    return m;
}

DeviceCredentials credentials() {
    auto c = DeviceCredentials::generate();
    if (!c)
        qFatal("cannot generate credentials: %s", qPrintable(c.error().message));
    return *c;
}

} // namespace

class TestSharedConnection : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void sessionsOfOneThreadShareOneConnection();
    void anotherSessionsWriteCommitsAnOpenBatchFirst();
    void anotherSessionsReadCommitsItToo();
    void aSessionsOwnWritesStayInItsBatch();
    void aBatchCommittedEarlyBeginsAnew();

private:
    // What another process (or thread) would see: only what is committed.
    int committedMessages(const QString &session);
    bool committedCredentials(const QString &session);
    // Opens s1 (m_a) and s2 (m_b) on this thread; s1's early commits are noted in m_told.
    bool openTwo();

    std::unique_ptr<OpenedStores> m_openedA;
    std::unique_ptr<OpenedStores> m_openedB;
    SessionStores m_a;
    SessionStores m_b;
    QList<bool> m_told; // the results s1's batch was committed early with

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::optional<Database> m_observer;
    std::unique_ptr<SqliteSessionStorage> m_storage;
};

void TestSharedConnection::init() {
    m_dir = std::make_unique<QTemporaryDir>();
    m_path = m_dir->filePath(QStringLiteral("balcao.db"));
    auto db = Database::open(m_path, QStringLiteral("observer"));
    QVERIFY2(db, qPrintable(db ? QString() : db.error().message));
    m_observer.emplace(std::move(*db));
    QSqlQuery q(m_observer->connection());
    for (const char *id : {"s1", "s2", "s3"})
        QVERIFY(q.exec(QStringLiteral("INSERT INTO sessions(id, name, created_at) VALUES('%1', 'Loja', 1)")
                           .arg(QLatin1String(id))));
    m_storage = std::make_unique<SqliteSessionStorage>(m_path, kKey);
}

void TestSharedConnection::cleanup() {
    m_openedA.reset();
    m_openedB.reset();
    m_told.clear();
    m_storage.reset();
    m_observer.reset();
    m_dir.reset();
}

int TestSharedConnection::committedMessages(const QString &session) {
    QSqlQuery q(m_observer->connection());
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM messages WHERE session_id = ?"));
    q.addBindValue(session);
    return q.exec() && q.next() ? q.value(0).toInt() : -1;
}

bool TestSharedConnection::committedCredentials(const QString &session) {
    QSqlQuery q(m_observer->connection());
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM credentials WHERE session_id = ?"));
    q.addBindValue(session);
    return q.exec() && q.next() && q.value(0).toInt() == 1;
}

bool TestSharedConnection::openTwo() {
    auto a = m_storage->open(QStringLiteral("s1"));
    auto b = m_storage->open(QStringLiteral("s2"));
    if (!a || !b)
        return false;
    m_openedA = std::move(*a);
    m_openedB = std::move(*b);
    m_a = m_openedA->stores();
    m_b = m_openedB->stores();
    m_a.transaction->setEarlyCommitHandler(
        [this](const Result<void> &committed) { m_told << bool(committed); });
    return true;
}

void TestSharedConnection::sessionsOfOneThreadShareOneConnection() {
    const qsizetype before = QSqlDatabase::connectionNames().size();
    auto s1 = m_storage->open(QStringLiteral("s1"));
    QVERIFY(s1);
    QCOMPARE(QSqlDatabase::connectionNames().size(), before + 1);
    auto s2 = m_storage->open(QStringLiteral("s2"));
    QVERIFY(s2);
    QCOMPARE(QSqlDatabase::connectionNames().size(), before + 1);

    // Another thread has a connection of its own (Qt's connections belong to the thread that made them).
    qsizetype during = 0;
    std::unique_ptr<QThread> worker(QThread::create([&] {
        auto s3 = m_storage->open(QStringLiteral("s3"));
        during = s3 ? QSqlDatabase::connectionNames().size() : -1;
    }));
    worker->start();
    QVERIFY(worker->wait(10000));
    QCOMPARE(during, before + 2);
    QCOMPARE(QSqlDatabase::connectionNames().size(), before + 1); // closed with that thread's last session

    s1->reset();
    QCOMPARE(QSqlDatabase::connectionNames().size(), before + 1); // s2 still uses it
    s2->reset();
    QCOMPARE(QSqlDatabase::connectionNames().size(), before);
}

void TestSharedConnection::anotherSessionsWriteCommitsAnOpenBatchFirst() {
    QVERIFY(openTwo());

    QVERIFY(m_a.transaction->begin()); // the batch, open until the end of the turn
    QVERIFY(m_a.transaction->begin()); // one message in it
    QVERIFY(m_a.messaging.messages->storeIncoming(incoming(QStringLiteral("3EB0A1"))));
    QVERIFY(m_a.transaction->commit());
    QCOMPARE(committedMessages(QStringLiteral("s1")), 0);

    // s2's write is durable when it returns, and it did not join s1's transaction.
    QVERIFY(m_b.credentials->save(QStringLiteral("s2"), credentials()));
    QCOMPARE(m_told, QList<bool> {true});
    QVERIFY(committedCredentials(QStringLiteral("s2")));
    QCOMPARE(committedMessages(QStringLiteral("s1")), 1);
    // s1's batch is over; its owner does not commit it again.
    QVERIFY(!m_a.transaction->commit());
    // The search index took the message with that commit.
    auto found = m_a.messaging.messages->search(QStringLiteral("pedido"), 10);
    QVERIFY(found);
    QCOMPARE(found->size(), 1);
}

void TestSharedConnection::anotherSessionsReadCommitsItToo() {
    QVERIFY(openTwo());
    QVERIFY(m_a.transaction->begin());
    QVERIFY(m_a.messaging.messages->storeIncoming(incoming(QStringLiteral("3EB0A2"))));
    // A read of another session's Signal state would otherwise run inside s1's write lock.
    QVERIFY(m_b.signal->preKeyCount(QStringLiteral("s2")));
    QCOMPARE(m_told.size(), 1);
    QCOMPARE(committedMessages(QStringLiteral("s1")), 1);
}

void TestSharedConnection::aSessionsOwnWritesStayInItsBatch() {
    QVERIFY(openTwo()); // s2 stays idle
    QVERIFY(m_a.transaction->begin());
    QVERIFY(m_a.messaging.messages->storeIncoming(incoming(QStringLiteral("3EB0A3"))));
    QVERIFY(m_a.credentials->save(QStringLiteral("s1"), credentials()));
    QVERIFY(m_a.signal->preKeyCount(QStringLiteral("s1")));
    QCOMPARE(m_told.size(), 0);
    QCOMPARE(committedMessages(QStringLiteral("s1")), 0);
    QVERIFY(!committedCredentials(QStringLiteral("s1")));
    QVERIFY(m_a.transaction->commit());
    QCOMPARE(committedMessages(QStringLiteral("s1")), 1);
    QVERIFY(committedCredentials(QStringLiteral("s1")));
}

void TestSharedConnection::aBatchCommittedEarlyBeginsAnew() {
    QVERIFY(openTwo());
    QVERIFY(m_a.transaction->begin());
    QVERIFY(m_a.messaging.messages->storeIncoming(incoming(QStringLiteral("3EB0A4"))));
    QVERIFY(m_b.credentials->save(QStringLiteral("s2"), credentials()));
    QCOMPARE(m_told.size(), 1);

    // The next batch is a transaction of its own, which the owner can undo without touching the first.
    QVERIFY(m_a.transaction->begin());
    QVERIFY(m_a.messaging.messages->storeIncoming(incoming(QStringLiteral("3EB0A5"))));
    m_a.transaction->rollback();
    QCOMPARE(committedMessages(QStringLiteral("s1")), 1);
    QVERIFY(m_a.transaction->begin());
    QVERIFY(m_a.messaging.messages->storeIncoming(incoming(QStringLiteral("3EB0A6"))));
    QVERIFY(m_a.transaction->commit());
    QCOMPARE(committedMessages(QStringLiteral("s1")), 2);
    QCOMPARE(m_told.size(), 1);
}

QTEST_GUILESS_MAIN(TestSharedConnection)
#include "tst_shared_connection.moc"
