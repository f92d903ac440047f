#include "../messaging/store_suite_support.h"

#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <database.h>
#include <memory>
#include <nested_transaction.h>
#include <sqlite_messaging.h>

using namespace balcao;
using namespace balcao::models;

namespace {

using store_suite::errorOf;
using store_suite::kAlice;
using store_suite::kBruno;
using store_suite::kMe;
using store_suite::kSessionA;
using store_suite::kSessionB;

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

bool addSessionRows(const Database &db) {
    return addSessionRows(db, {StoreFactory::kSessionA, StoreFactory::kSessionB});
}

StoredMessage incoming(const QString &chat, const QString &id, qint64 timestamp, const QString &text = {}) {
    StoredMessage m;
    m.chat = chat;
    m.id = id;
    m.sender = chat;
    m.timestamp = timestamp;
    m.type = QStringLiteral("text");
    m.text = text.isEmpty() ? QStringLiteral("mensagem %1").arg(id) : text;
    m.pushName = QStringLiteral("Alice");
    return m;
}

int countRows(const Database &db, const QString &sql) {
    QSqlQuery query(db.connection());
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toInt();
}

// Makes the database refuse one kind of write, as a full disk or an I/O error would mid-transaction.
bool installFailure(const Database &db, const QString &triggerBody) {
    QSqlQuery query(db.connection());
    return query.exec(QStringLiteral("CREATE TRIGGER injected_failure %1 BEGIN SELECT RAISE(ABORT, 'injected "
                                     "failure'); END")
                          .arg(triggerBody));
}

// A write on the stores; answers its error, or nothing when it succeeded.
using Step = StoreCall;

} // namespace

// The four store contract suites on SQLite: both sessions' stores on one database file, as the profile
// keeps them.
class SqliteStores final : public StoreFactory {
public:
    ~SqliteStores() override { reset(); }
    MessagingStores freshStores() override {
        reset();
        m_dir = std::make_unique<QTemporaryDir>();
        auto db = Database::open(m_dir->filePath(QStringLiteral("suite.db")), QStringLiteral("suite"));
        if (!db || !addSessionRows(*db))
            qFatal("cannot prepare the suite's database");
        m_db = std::make_unique<Database>(std::move(*db));
        m_a = std::make_unique<SqliteMessaging>(*m_db, kSessionA);
        m_b = std::make_unique<SqliteMessaging>(*m_db, kSessionB);
        return m_a->stores();
    }
    MessagingStores otherSession() override { return m_b->stores(); }

private:
    void reset() {
        m_a.reset();
        m_b.reset();
        m_db.reset();
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<SqliteMessaging> m_a;
    std::unique_ptr<SqliteMessaging> m_b;
};

// What only a database can get wrong: surviving a reopen, rolling back failed writes, foreign keys and
// cascades, the full-text index, two sessions' threads writing at once, and a 10,000-message chat.
class TestSqliteMessaging : public QObject {
    Q_OBJECT
private slots:
    void survivesReopen();
    void commitsBeforeReturning_data();
    void commitsBeforeReturning();
    void reportsFailedWritesAndKeepsNothing_data();
    void reportsFailedWritesAndKeepsNothing();
    void refusesMessagesOfUnknownSession();
    void deletingTheSessionDeletesItsMessages();
    void searchIndexFollowsEveryWrite();
    void writesFromTwoSessionThreadsAtOnce();
    void importsTenThousandMessagesAndPagesTheNewest();
    void readsRowsFromBeforeTypedContent();
};

void TestSqliteMessaging::survivesReopen() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("m.db"));
    StoredMessage mine = incoming(kBruno, QStringLiteral("O1"), 102, QStringLiteral("pedido enviado"));
    mine.sender = kMe;
    {
        auto db = Database::open(path, QStringLiteral("before"));
        QVERIFY(db.has_value() && addSessionRows(*db));
        SqliteMessaging messaging(*db, kSessionA);
        const MessagingStores store = messaging.stores();
        QVERIFY(store.messages->storeIncoming(incoming(kAlice, QStringLiteral("A1"), 100)).has_value());
        QVERIFY(store.messages->storeIncoming(incoming(kAlice, QStringLiteral("A2"), 101)).has_value());
        QCOMPARE(store.messages->recordUndecryptable(incoming(kAlice, QStringLiteral("U1"), 103)).value(), 1);
        QVERIFY(store.outbox->enqueue(mine).has_value());
        QCOMPARE(store.chats->markRead(kAlice).value().size(), 3);
        QVERIFY(store.messages->storeIncoming(incoming(kAlice, QStringLiteral("A3"), 104)).has_value());
    }
    auto db = Database::open(path, QStringLiteral("after"));
    QVERIFY(db.has_value());
    SqliteMessaging messaging(*db, kSessionA);
    const MessagingStores store = messaging.stores();
    QCOMPARE(store.chats->chat(kAlice).value()->unread, 1);
    QCOMPARE(store.messages->messages(kAlice, 10, {}).value().size(), 4);
    QCOMPARE(store.messages->message(kAlice, QStringLiteral("U1")).value()->retryCount, 1);
    QCOMPARE(store.messages->recordUndecryptable(incoming(kAlice, QStringLiteral("U1"), 103)).value(), 2);
    QCOMPARE(store.outbox->pending().value().size(), 1);
    QCOMPARE(store.outbox->pending().value().first().text, mine.text);
    QCOMPARE(store.contacts->contact(kAlice).value()->pushName, QStringLiteral("Alice"));
    QCOMPARE(store.messages->search(QStringLiteral("pedido"), 10).value().size(), 1);
    QCOMPARE(store.messages->storeIncoming(incoming(kAlice, QStringLiteral("A1"), 100)).value(), false);
}

void TestSqliteMessaging::commitsBeforeReturning_data() {
    QTest::addColumn<Step>("step");
    QTest::addColumn<QString>("observed"); // SQL another connection runs right after the call
    QTest::addColumn<QString>("expected");
    QTest::newRow("a received message") << Step([](const MessagingStores &s) {
        return errorOf(s.messages->storeIncoming(incoming(kBruno, QStringLiteral("N1"), 200)));
    }) << QStringLiteral("SELECT group_concat(message_id) FROM messages WHERE chat_jid = '%1'").arg(kBruno)
                                        << QStringLiteral("N1");
    QTest::newRow("an offline batch") << Step([](const MessagingStores &s) {
        return errorOf(s.messages->storeIncomingBatch(
            {incoming(kBruno, QStringLiteral("N1"), 200), incoming(kBruno, QStringLiteral("N2"), 201)}));
    }) << QStringLiteral("SELECT group_concat(message_id) FROM messages WHERE chat_jid = '%1'").arg(kBruno)
                                      << QStringLiteral("N1,N2");
    QTest::newRow("a failed decryption") << Step([](const MessagingStores &s) {
        return errorOf(s.messages->recordUndecryptable(incoming(kAlice, QStringLiteral("A1"), 100)));
    }) << QStringLiteral("SELECT retry_count FROM messages WHERE message_id = 'A1'")
                                         << QStringLiteral("2");
    QTest::newRow("the outbox") << Step([](const MessagingStores &s) {
        StoredMessage m = incoming(kBruno, QStringLiteral("O2"), 300);
        m.sender = kMe;
        return errorOf(s.outbox->enqueue(m));
    }) << QStringLiteral("SELECT status FROM messages WHERE message_id = 'O2'")
                                << QStringLiteral("pending");
    QTest::newRow("a status") << Step([](const MessagingStores &s) {
        return errorOf(s.outbox->setStatus(kAlice, QStringLiteral("O1"), MessageStatus::Delivered));
    }) << QStringLiteral("SELECT status FROM messages WHERE message_id = 'O1'")
                              << QStringLiteral("delivered");
    QTest::newRow("mark read") << Step([](const MessagingStores &s) {
        return errorOf(s.chats->markRead(kAlice));
    }) << QStringLiteral("SELECT COUNT(*) FROM messages WHERE unread = 1")
                               << QStringLiteral("0");
}

void TestSqliteMessaging::commitsBeforeReturning() {
    QFETCH(Step, step);
    QFETCH(QString, observed);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("m.db"));
    auto db = Database::open(path, QStringLiteral("writer"));
    QVERIFY(db.has_value() && addSessionRows(*db));
    SqliteMessaging messaging(*db, kSessionA);
    const MessagingStores store = messaging.stores();
    // A placeholder "A1" (retry 1, unread) and our "O1" to Alice, sent.
    QCOMPARE(store.messages->recordUndecryptable(incoming(kAlice, QStringLiteral("A1"), 100)).value(), 1);
    StoredMessage mine = incoming(kAlice, QStringLiteral("O1"), 101);
    mine.sender = kMe;
    QVERIFY(store.outbox->enqueue(mine).has_value());
    QVERIFY(store.outbox->setStatus(kAlice, mine.id, MessageStatus::Sent).has_value());

    // The acknowledgement goes out right after the call: by then another connection (another process after
    // a crash, in effect) must see the write.
    QCOMPARE(step(store), std::nullopt);
    auto observer = Database::open(path, QStringLiteral("observer"));
    QVERIFY(observer.has_value());
    QSqlQuery query(observer->connection());
    QVERIFY2(query.exec(observed) && query.next(), qPrintable(query.lastError().text()));
    QCOMPARE(query.value(0).toString(), expected);
}

void TestSqliteMessaging::reportsFailedWritesAndKeepsNothing_data() {
    QTest::addColumn<QString>("trigger");
    QTest::addColumn<Step>("step");
    QTest::newRow("second message of a batch")
        << QStringLiteral("BEFORE INSERT ON messages WHEN new.message_id = 'N2'")
        << Step([](const MessagingStores &s) {
               return errorOf(s.messages->storeIncomingBatch({incoming(kBruno, QStringLiteral("N1"), 200),
                   incoming(kBruno, QStringLiteral("N2"), 201)}));
           });
    QTest::newRow("the chat row") << QStringLiteral(
        "BEFORE INSERT ON chats") << Step([](const MessagingStores &s) {
        return errorOf(s.messages->storeIncoming(incoming(kBruno, QStringLiteral("N1"), 200)));
    });
    QTest::newRow("the contact row") << QStringLiteral(
        "BEFORE INSERT ON contacts") << Step([](const MessagingStores &s) {
        return errorOf(s.messages->storeIncoming(incoming(kBruno, QStringLiteral("N1"), 200)));
    });
    QTest::newRow("the full-text index")
        << QStringLiteral("BEFORE INSERT ON messages WHEN new.text LIKE '%poison%'")
        << Step([](const MessagingStores &s) {
               return errorOf(s.messages->storeIncoming(
                   incoming(kBruno, QStringLiteral("N1"), 200, QStringLiteral("poison"))));
           });
    QTest::newRow("a placeholder") << QStringLiteral("BEFORE INSERT ON messages")
                                   << Step([](const MessagingStores &s) {
                                          return errorOf(s.messages->recordUndecryptable(
                                              incoming(kBruno, QStringLiteral("N1"), 200)));
                                      });
    QTest::newRow("a failure count") << QStringLiteral("BEFORE UPDATE OF retry_count ON messages")
                                     << Step([](const MessagingStores &s) {
                                            return errorOf(s.messages->recordUndecryptable(
                                                incoming(kAlice, QStringLiteral("U1"), 103)));
                                        });
    QTest::newRow("replacing a placeholder")
        << QStringLiteral("BEFORE UPDATE OF text ON messages") << Step([](const MessagingStores &s) {
               return errorOf(s.messages->storeIncoming(incoming(kAlice, QStringLiteral("U1"), 103)));
           });
    QTest::newRow("the outbox") << QStringLiteral("BEFORE INSERT ON messages")
                                << Step([](const MessagingStores &s) {
                                       StoredMessage m = incoming(kBruno, QStringLiteral("O2"), 300);
                                       m.sender = kMe;
                                       return errorOf(s.outbox->enqueue(m));
                                   });
    QTest::newRow("a status") << QStringLiteral("BEFORE UPDATE OF status ON messages")
                              << Step([](const MessagingStores &s) {
                                     return errorOf(s.outbox->setStatus(
                                         kBruno, QStringLiteral("O1"), MessageStatus::Delivered));
                                 });
    QTest::newRow("mark read") << QStringLiteral("BEFORE UPDATE OF unread ON messages")
                               << Step([](const MessagingStores &s) {
                                      return errorOf(s.chats->markRead(kAlice));
                                  });
    QTest::newRow("a push name") << QStringLiteral("BEFORE UPDATE ON contacts")
                                 << Step([](const MessagingStores &s) {
                                        return errorOf(
                                            s.contacts->savePushName(kAlice, QStringLiteral("Alice 2"), 999));
                                    });
}

void TestSqliteMessaging::reportsFailedWritesAndKeepsNothing() {
    QFETCH(QString, trigger);
    QFETCH(Step, step);
    QTemporaryDir dir;
    auto db = Database::open(dir.filePath(QStringLiteral("m.db")), QStringLiteral("failing"));
    QVERIFY(db.has_value() && addSessionRows(*db));
    SqliteMessaging messaging(*db, kSessionA);
    const MessagingStores store = messaging.stores();
    QVERIFY(store.messages->storeIncoming(incoming(kAlice, QStringLiteral("A1"), 100)).has_value());
    QCOMPARE(store.messages->recordUndecryptable(incoming(kAlice, QStringLiteral("U1"), 103)).value(), 1);
    StoredMessage mine = incoming(kBruno, QStringLiteral("O1"), 102);
    mine.sender = kMe;
    QVERIFY(store.outbox->enqueue(mine).has_value());
    QVERIFY(store.outbox->setStatus(kBruno, mine.id, MessageStatus::Sent).has_value());
    const auto state = [&db]() {
        QStringList rows;
        for (const char *sql :
            {"SELECT group_concat(chat_jid || message_id || status || unread || retry_count || "
             "type, '|') FROM messages",
                "SELECT group_concat(chat_jid || last_seq, '|') FROM chats",
                "SELECT group_concat(jid || push_name || seen_at, '|') FROM contacts",
                "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'mensagem OR poison'"}) {
            QSqlQuery query(db->connection());
            rows.append(query.exec(QString::fromLatin1(sql)) && query.next() ? query.value(0).toString()
                                                                             : query.lastError().text());
        }
        return rows;
    };
    const QStringList before = state();

    QVERIFY(installFailure(*db, trigger));
    const std::optional<Error> error = step(store);
    QVERIFY2(error.has_value(), "the write succeeded");
    QCOMPARE(error->code, QStringLiteral("storage-failed"));
    QVERIFY2(error->message.contains(QStringLiteral("injected failure")), qPrintable(error->message));
    QCOMPARE(state(), before);

    // Nothing was left half done: without the failure the same write goes through on the same store.
    QVERIFY(QSqlQuery(db->connection()).exec(QStringLiteral("DROP TRIGGER injected_failure")));
    QCOMPARE(step(store), std::nullopt);
    QVERIFY(state() != before);
}

void TestSqliteMessaging::refusesMessagesOfUnknownSession() {
    QTemporaryDir dir;
    auto db = Database::open(dir.filePath(QStringLiteral("m.db")), QStringLiteral("unknown"));
    QVERIFY(db.has_value());
    SqliteMessaging messaging(*db, QStringLiteral("no-such-session"));
    auto stored = messaging.stores().messages->storeIncoming(incoming(kAlice, QStringLiteral("A1"), 1));
    QVERIFY(!stored.has_value());
    QCOMPARE(stored.error().code, QStringLiteral("storage-failed"));
    QCOMPARE(countRows(*db, QStringLiteral("SELECT COUNT(*) FROM messages")), 0);
    QCOMPARE(countRows(*db, QStringLiteral("SELECT COUNT(*) FROM contacts")), 0);
}

void TestSqliteMessaging::deletingTheSessionDeletesItsMessages() {
    QTemporaryDir dir;
    auto db = Database::open(dir.filePath(QStringLiteral("m.db")), QStringLiteral("cascade"));
    QVERIFY(db.has_value() && addSessionRows(*db));
    SqliteMessaging messagingA(*db, kSessionA);
    SqliteMessaging messagingB(*db, kSessionB);
    for (SqliteMessaging *messaging : {&messagingA, &messagingB}) {
        const MessagingStores store = messaging->stores();
        QVERIFY(
            store.messages
                ->storeIncoming(incoming(kAlice, QStringLiteral("A1"), 100, QStringLiteral("boleto pago")))
                .has_value());
        QVERIFY(store.contacts->savePushName(kBruno, QStringLiteral("Bruno"), 100).has_value());
    }
    QSqlQuery query(db->connection());
    query.prepare(QStringLiteral("DELETE FROM sessions WHERE id = ?"));
    query.addBindValue(kSessionA);
    QVERIFY(query.exec());
    // Session B keeps its message, its chat, and two contacts (Alice from the message, Bruno saved).
    for (const auto &[table, left] :
        {std::pair("messages", 1), std::pair("chats", 1), std::pair("contacts", 2)}) {
        const QString count = QStringLiteral("SELECT COUNT(*) FROM %1 WHERE session_id = '%2'");
        QCOMPARE(countRows(*db, count.arg(QLatin1String(table), kSessionA)), 0);
        QCOMPARE(countRows(*db, count.arg(QLatin1String(table), kSessionB)), left);
    }
    QCOMPARE(messagingA.stores().messages->search(QStringLiteral("boleto"), 10).value().size(), 0);
    QCOMPARE(messagingB.stores().messages->search(QStringLiteral("boleto"), 10).value().size(), 1);
    QVERIFY2(QSqlQuery(db->connection())
                 .exec(QStringLiteral(
                     "INSERT INTO messages_fts(messages_fts, rank) VALUES('integrity-check', 1)")),
        "the full-text index no longer matches the messages");
}

// Messages join the search index in batches (migration 07): whatever path wrote them, a search finds what
// was committed and nothing rolled back, and the index stays consistent with the table.
void TestSqliteMessaging::searchIndexFollowsEveryWrite() {
    QTemporaryDir dir;
    auto db = Database::open(dir.filePath(QStringLiteral("m.db")), QStringLiteral("index"));
    QVERIFY(db.has_value() && addSessionRows(*db));
    SqliteMessaging messaging(*db, kSessionA);
    const MessagingStores store = messaging.stores();
    const auto ids = [&](const QString &query) {
        QStringList out;
        const QList<StoredMessage> found = store.messages->search(query, 50).value();
        for (const StoredMessage &m : found)
            out.append(m.id);
        out.sort();
        return out;
    };
    const auto pending
        = [&] { return countRows(*db, QStringLiteral("SELECT COUNT(*) FROM messages_fts_pending")); };

    // A batch: indexed as its transaction commits.
    QVERIFY(store.messages
                ->storeIncomingBatch(
                    {incoming(kAlice, "B1", 10, "boleto pago"), incoming(kAlice, "B2", 11, "pix recebido")})
                .has_value());
    QCOMPARE(pending(), 0);
    QCOMPARE(ids("boleto"), QStringList {"B1"});

    // A message in a savepoint that is rolled back leaves no trace; its neighbour in the batch stays.
    {
        NestedTransaction batch(db->connectionName());
        QVERIFY(batch.begin().has_value());
        QVERIFY(store.messages->storeIncoming(incoming(kAlice, "R1", 12, "boleto vencido")).has_value());
        {
            NestedTransaction one(db->connectionName());
            QVERIFY(one.begin().has_value());
            QVERIFY(
                store.messages->storeIncoming(incoming(kAlice, "R2", 13, "boleto cancelado")).has_value());
            one.rollback();
        }
        QVERIFY(batch.commit().has_value());
    }
    QCOMPARE(pending(), 0);
    QCOMPARE(ids("boleto"), (QStringList {"B1", "R1"}));
    QCOMPARE(ids("cancelado"), QStringList {});

    // A placeholder (no text) replaced by the decrypted message is found by its text.
    QCOMPARE(store.messages->recordUndecryptable(incoming(kAlice, "P1", 14)).value(), 1);
    QCOMPARE(ids("mensagem"), QStringList {});
    QVERIFY(store.messages->storeIncoming(incoming(kAlice, "P1", 14, "entrega amanhã")).value());
    QCOMPARE(ids("amanha"), QStringList {"P1"});

    // Written outside any transaction: waits, and the next search indexes it first.
    QSqlQuery raw(db->connection());
    QVERIFY(raw.exec(QStringLiteral(
        "INSERT INTO messages(session_id, chat_jid, message_id, sender_jid, from_me, timestamp, type, text, "
        "push_name, status, unread) VALUES('%1', '%2', 'X1', '%2', 0, 15, 'text', 'orçamento novo', '', "
        "'sent', 1)")
                         .arg(kSessionA, kAlice)));
    QCOMPARE(pending(), 1);
    QCOMPARE(ids("orcamento"), QStringList {"X1"});
    QCOMPARE(pending(), 0);

    // Deleting or editing a row still waiting must not send FTS5 a 'delete' for it.
    QVERIFY(raw.exec(QStringLiteral(
        "INSERT INTO messages(session_id, chat_jid, message_id, sender_jid, from_me, timestamp, type, text, "
        "push_name, status, unread) VALUES('%1', '%2', 'X2', '%2', 0, 16, 'text', 'apagar depois', '', "
        "'sent', 1), "
        "('%1', '%2', 'X3', '%2', 0, 17, 'text', 'texto antigo', '', 'sent', 1)")
                         .arg(kSessionA, kAlice)));
    QVERIFY(raw.exec(QStringLiteral("DELETE FROM messages WHERE message_id = 'X2'")));
    QVERIFY(raw.exec(QStringLiteral("UPDATE messages SET text = 'texto novo' WHERE message_id = 'X3'")));
    // And editing an indexed one replaces its words.
    QVERIFY(raw.exec(QStringLiteral("UPDATE messages SET text = 'pix estornado' WHERE message_id = 'B2'")));
    QCOMPARE(ids("apagar"), QStringList {});
    QCOMPARE(ids("antigo"), QStringList {});
    QCOMPARE(ids("novo"), (QStringList {"X1", "X3"}));
    QCOMPARE(ids("recebido"), QStringList {});
    QCOMPARE(ids("estornado"), QStringList {"B2"});
    QVERIFY2(
        raw.exec(QStringLiteral("INSERT INTO messages_fts(messages_fts, rank) VALUES('integrity-check', 1)")),
        qPrintable(raw.lastError().text()));
}

void TestSqliteMessaging::writesFromTwoSessionThreadsAtOnce() {
    // Each session's thread has its own connection and store; their transactions interleave on one file.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("m.db"));
    {
        auto db = Database::open(path, QStringLiteral("setup"));
        QVERIFY(db.has_value() && addSessionRows(*db));
    }
    constexpr int kEach = 300;
    const auto writer = [&path](QString session, QString *failure) {
        auto db = Database::open(path, QStringLiteral("writer-") + session);
        if (!db) {
            *failure = db.error().message;
            return;
        }
        {
            SqliteMessaging messaging(*db, session);
            const MessagingStores store = messaging.stores();
            for (int i = 0; i < kEach && failure->isEmpty(); ++i) {
                const QString id = QStringLiteral("M%1").arg(i);
                auto stored = store.messages->storeIncoming(incoming(kAlice, id, 1000 + i));
                if (!stored)
                    *failure = stored.error().message;
                else if (i % 3 == 0) {
                    if (auto read = store.chats->markRead(kAlice); !read)
                        *failure = read.error().message;
                }
            }
        }
    };
    QString failureA;
    QString failureB;
    std::unique_ptr<QThread> a(QThread::create(writer, kSessionA, &failureA));
    std::unique_ptr<QThread> b(QThread::create(writer, kSessionB, &failureB));
    a->start();
    b->start();
    QVERIFY(a->wait(60000) && b->wait(60000));
    QCOMPARE(failureA, QString());
    QCOMPARE(failureB, QString());
    auto db = Database::open(path, QStringLiteral("check"));
    QVERIFY(db.has_value());
    for (const QString &session : {kSessionA, kSessionB}) {
        SqliteMessaging messaging(*db, session);
        const MessagingStores store = messaging.stores();
        QCOMPARE(store.messages->messages(kAlice, kMaxPageSize, {}).value().size(), kMaxPageSize);
        QCOMPARE(countRows(*db,
                     QStringLiteral("SELECT COUNT(*) FROM messages WHERE session_id = '%1'").arg(session)),
            kEach);
        QCOMPARE(store.chats->chat(kAlice).value()->unread, 2); // read after M297; M298, M299 unread
    }
}

void TestSqliteMessaging::importsTenThousandMessagesAndPagesTheNewest() {
    QTemporaryDir dir;
    auto db = Database::open(dir.filePath(QStringLiteral("big.db")), QStringLiteral("big"));
    QVERIFY(db.has_value() && addSessionRows(*db));
    SqliteMessaging messaging(*db, kSessionA);
    const MessagingStores store = messaging.stores();
    constexpr int kCount = 10000;
    QList<StoredMessage> batch;
    batch.reserve(kCount);
    // Several messages per second, as a busy chat has, so paging must break timestamp ties.
    for (int i = 0; i < kCount; ++i) {
        StoredMessage m = incoming(kAlice, QStringLiteral("3EB0%1").arg(i, 6, 10, QLatin1Char('0')),
            1764000000 + i / 4, QStringLiteral("pedido %1 entregue na loja %2").arg(i).arg(i % 7));
        m.fromMe = i % 5 == 0;
        batch.append(m);
    }
    QElapsedTimer timer;
    timer.start();
    const QList<bool> isNew = store.messages->storeIncomingBatch(batch).value();
    const qint64 importMs = timer.elapsed();
    QCOMPARE(isNew.size(), kCount);
    QVERIFY(std::all_of(isNew.begin(), isNew.end(), [](bool b) { return b; }));
    QCOMPARE(countRows(*db, QStringLiteral("SELECT COUNT(*) FROM messages")), kCount);

    timer.restart();
    const QList<StoredMessage> newest = store.messages->messages(kAlice, 50, {}).value();
    const qint64 pageMs = timer.elapsed();
    QCOMPARE(newest.size(), 50);
    for (int i = 0; i < 50; ++i)
        QCOMPARE(newest.at(i).id, batch.at(kCount - 50 + i).id);
    QCOMPARE(newest.last().text, batch.last().text);
    const QList<StoredMessage> older
        = store.messages->messages(kAlice, kMaxPageSize, newest.first().id).value();
    QCOMPARE(older.size(), kMaxPageSize);
    QCOMPARE(older.first().id, batch.at(kCount - 50 - kMaxPageSize).id);
    QCOMPARE(older.last().id, batch.at(kCount - 51).id);

    timer.restart();
    const auto chat = store.chats->chats().value();
    const qint64 chatsMs = timer.elapsed();
    QCOMPARE(chat.size(), 1);
    QCOMPARE(chat.first().unread, kCount - kCount / 5);
    QCOMPARE(chat.first().lastMessage.id, batch.last().id);

    timer.restart();
    const QList<StoredMessage> found = store.messages->search(QStringLiteral("pedido 9999"), 10).value();
    const qint64 searchMs = timer.elapsed();
    QCOMPARE(found.size(), 1);
    QCOMPARE(found.first().id, batch.last().id);

    timer.restart();
    QCOMPARE(store.chats->markRead(kAlice).value().size(), kCount - kCount / 5);
    const qint64 markReadMs = timer.elapsed();
    QCOMPARE(store.chats->chat(kAlice).value()->unread, 0);

    // The page query walks the paging index instead of sorting the chat.
    QSqlQuery plan(db->connection());
    QVERIFY(plan.exec(
        QStringLiteral("EXPLAIN QUERY PLAN SELECT * FROM messages m WHERE m.session_id = 'a' AND "
                       "m.chat_jid = 'c' AND (m.timestamp, m.seq) < (1, 2) ORDER BY m.timestamp DESC, "
                       "m.seq DESC LIMIT 50")));
    QStringList steps;
    while (plan.next())
        steps.append(plan.value(3).toString());
    QVERIFY2(steps.join(QLatin1Char(' ')).contains(QLatin1String("messages_by_time")),
        qPrintable(steps.join(u';')));
    QVERIFY2(
        !steps.join(QLatin1Char(' ')).contains(QLatin1String("TEMP B-TREE")), qPrintable(steps.join(u';')));
    qInfo("10,000 messages: import %lld ms (one transaction), newest 50 %lld ms, chat list %lld ms, search "
          "%lld ms, "
          "mark read %lld ms",
        importMs, pageMs, chatsMs, searchMs, markReadMs);
}

// Rows stored before migration 08 have no content column value; a damaged one cannot be decoded. Both read
// back from their type and text instead of failing the chat.
void TestSqliteMessaging::readsRowsFromBeforeTypedContent() {
    QTemporaryDir dir;
    auto db = Database::open(dir.filePath(QStringLiteral("old.db")), QStringLiteral("old-rows"));
    QVERIFY(db.has_value());
    QVERIFY(addSessionRows(*db, {QStringLiteral("s1")}));
    SqliteMessaging messaging(*db, QStringLiteral("s1"));
    const MessagingStores store = messaging.stores();
    StoredMessage text;
    text.chat = text.sender = QStringLiteral("5511900000001@s.whatsapp.net");
    text.id = QStringLiteral("OLD1");
    text.timestamp = 1000;
    text.type = QStringLiteral("text");
    text.text = QStringLiteral("Oi de antes");
    StoredMessage image = text;
    image.id = QStringLiteral("OLD2");
    image.type = QStringLiteral("image");
    image.text = QStringLiteral("[image]");
    QVERIFY(store.messages->storeIncoming(text).has_value());
    QVERIFY(store.messages->storeIncoming(image).has_value());
    QSqlQuery query(db->connection());
    QVERIFY(query.exec(QStringLiteral("UPDATE messages SET content = NULL WHERE message_id = 'OLD1'")));
    QVERIFY(query.exec(QStringLiteral("UPDATE messages SET content = x'ff00' WHERE message_id = 'OLD2'")));
    const auto oldText = store.messages->message(text.chat, QStringLiteral("OLD1")).value();
    QCOMPARE(oldText->content.kind, MessageKind::Text);
    QCOMPARE(oldText->content.text, QStringLiteral("Oi de antes"));
    const auto damaged = store.messages->message(text.chat, QStringLiteral("OLD2")).value();
    QCOMPARE(damaged->content.kind, MessageKind::Image);
    QCOMPARE(damaged->content.placeholder, QStringLiteral("[image]"));
}

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    SqliteStores stores;
    TestSqliteMessaging sqliteOnly;
    return runMessagingSuites(stores, argc, argv, &sqliteOnly);
}
#include "tst_sqlite_message_store.moc"
