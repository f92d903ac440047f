// Database faults (issue #8): a full disk and a read-only folder are clear errors that damage nothing
// already stored; a damaged file is refused at open with a clear message and a copy kept beside it.
#include <QDir>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <database.h>
#include <private_mount.h>
#include <sqlite_messaging.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace balcao;
using namespace balcao::models;
using balcao::testing::PrivateMount;

namespace {

StoredMessage incoming(int n, int textBytes) {
    StoredMessage m;
    m.chat = QStringLiteral("5511900000002@s.whatsapp.net");
    m.id = QStringLiteral("3EB0%1").arg(n, 8, 10, QLatin1Char('0'));
    m.sender = m.chat;
    m.timestamp = 1795478400 + n;
    m.type = QStringLiteral("text");
    // Different text each time, so the full-text index grows as fast as the table.
    m.text = QStringLiteral("pedido %1 ").arg(n) + QString(textBytes, QLatin1Char('a' + n % 26));
    m.status = MessageStatus::Delivered;
    m.unread = true;
    return m;
}

// Messages belong to a session (foreign key).
bool addSession(const Database &db) {
    QSqlQuery q(db.connection());
    return q.exec(QStringLiteral("INSERT INTO sessions(id, name, created_at) VALUES('s1', 'Loja', 1)"));
}

int pageCount(const Database &db) {
    QSqlQuery q(db.connection());
    return q.exec(QStringLiteral("PRAGMA page_count")) && q.next() ? q.value(0).toInt() : -1;
}

// The kept copies of balcao.db (a copy's own journal, <copy>-wal, goes with it).
QStringList backupsIn(const QString &dir) {
    QStringList copies
        = QDir(dir).entryList({QStringLiteral("balcao.db.corrupt-*")}, QDir::Files, QDir::Name);
    copies.removeIf([](const QString &name) {
        return name.endsWith(QLatin1String("-wal")) || name.endsWith(QLatin1String("-shm"));
    });
    return copies;
}

QByteArray readAll(const QString &path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Stores messages until the store refuses one; returns how many were stored (-1: never refused).
int fillUntilRefused(MessageStore &store, Error &refusal, int textBytes) {
    for (int n = 0; n < 100000; ++n) {
        auto stored = store.storeIncoming(incoming(n, textBytes));
        if (!stored) {
            refusal = stored.error();
            return n;
        }
    }
    return -1;
}

} // namespace

class TestDatabaseFaults : public QObject {
    Q_OBJECT
private slots:
    void fullDiskIsClearAndKeepsWhatWasStored_data();
    void fullDiskIsClearAndKeepsWhatWasStored();
    void readOnlyFolderIsRefusedAtOpen();
    void damagedFileIsRefusedAndCopied_data();
    void damagedFileIsRefusedAndCopied();
    void sessionConnectionsAttachWithoutCheckingAgain();
};

void TestDatabaseFaults::fullDiskIsClearAndKeepsWhatWasStored_data() {
    QTest::addColumn<bool>("realDisk");
    // A real small disk when this process may mount one (root), and SQLite's page cap everywhere.
    QTest::newRow("tmpfs of 1 MiB") << true;
    QTest::newRow("max_page_count") << false;
}

void TestDatabaseFaults::fullDiskIsClearAndKeepsWhatWasStored() {
    QFETCH(bool, realDisk);
    QTemporaryDir temp;
    const QString dir = temp.filePath(QStringLiteral("profile"));
    std::unique_ptr<PrivateMount> mount;
    if (realDisk) {
        mount = std::make_unique<PrivateMount>(dir, 1024 * 1024);
        if (!mount->available())
            QSKIP(qPrintable(QStringLiteral("no private tmpfs here (%1); the max_page_count row covers it")
                                 .arg(mount->reason())));
    }
    const QString path = QDir(dir).filePath(QStringLiteral("balcao.db"));
    int pages = 0;
    {
        auto db = Database::open(path, QStringLiteral("full-a"));
        QVERIFY2(db, qPrintable(db ? QString() : db.error().message));
        QVERIFY(addSession(*db));
        pages = pageCount(*db);
    }
    if (!realDisk)
        qputenv(Database::kMaxPagesVariable, QByteArray::number(pages + 40));
    int stored = 0;
    Error refusal;
    {
        auto db = Database::open(path, QStringLiteral("full-b"));
        QVERIFY2(db, qPrintable(db ? QString() : db.error().message));
        SqliteMessaging messaging(*db, QStringLiteral("s1"));
        MessageStore &store = *messaging.stores().messages;
        stored = fillUntilRefused(store, refusal, 2000);
    }
    qunsetenv(Database::kMaxPagesVariable);
    QVERIFY2(stored > 0, "the disk never filled up, or nothing could be stored at all");
    QCOMPARE(refusal.code, QStringLiteral("storage-full"));
    QVERIFY2(
        refusal.message.contains(QLatin1String("full")) && refusal.message.contains(QLatin1String("intact")),
        qPrintable(refusal.message));

    // Space again (or no cap): the file opens healthy, with every message stored before and not the refused
    // one.
    auto db = Database::open(path, QStringLiteral("full-c"));
    QVERIFY2(db, qPrintable(db ? QString() : db.error().message));
    SqliteMessaging messaging(*db, QStringLiteral("s1"));
    MessageStore &store = *messaging.stores().messages;
    auto page = store.messages(incoming(0, 0).chat, stored + 10, QString());
    QVERIFY2(page, qPrintable(page ? QString() : page.error().message));
    QCOMPARE(int(page->size()), stored);
    for (int n = 0; n < stored; ++n)
        QCOMPARE(page->at(n).text, incoming(n, 2000).text);
}

void TestDatabaseFaults::readOnlyFolderIsRefusedAtOpen() {
    QTemporaryDir temp;
    const QString dir = temp.filePath(QStringLiteral("profile"));
    std::unique_ptr<PrivateMount> mount;
    if (::geteuid() == 0) {
        // Root writes through permission bits: only a read-only mount stops it.
        mount = std::make_unique<PrivateMount>(dir, 4 * 1024 * 1024);
        if (!mount->available())
            QSKIP(qPrintable(QStringLiteral("root without a private mount (%1)").arg(mount->reason())));
    }
    const QString path = QDir(dir).filePath(QStringLiteral("balcao.db"));
    {
        auto db = Database::open(path, QStringLiteral("ro-a"));
        QVERIFY(db);
        QVERIFY(addSession(*db));
    }
    const QByteArray before = readAll(path);
    if (mount)
        QVERIFY2(mount->makeReadOnly(), "remount read-only failed");
    else
        QCOMPARE(::chmod(qPrintable(dir), 0555), 0);
    auto refused = Database::open(path, QStringLiteral("ro-b"));
    if (!mount)
        ::chmod(qPrintable(dir), 0755);
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, QStringLiteral("storage-read-only"));
    QVERIFY2(refused.error().message.contains(QLatin1String("read-only"))
            && refused.error().message.contains(QLatin1String("--data")),
        qPrintable(refused.error().message));
    QCOMPARE(readAll(path), before);
}

void TestDatabaseFaults::damagedFileIsRefusedAndCopied_data() {
    QTest::addColumn<QString>("damage");
    QTest::newRow("pages overwritten") << "pages";
    QTest::newRow("header overwritten") << "header";
    QTest::newRow("truncated") << "truncate";
}

void TestDatabaseFaults::damagedFileIsRefusedAndCopied() {
    QFETCH(QString, damage);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("balcao.db"));
    {
        auto db = Database::open(path, QStringLiteral("bad-a"));
        QVERIFY(db);
        QVERIFY(addSession(*db));
        SqliteMessaging messaging(*db, QStringLiteral("s1"));
        MessageStore &store = *messaging.stores().messages;
        for (int n = 0; n < 200; ++n)
            QVERIFY(store.storeIncoming(incoming(n, 300)));
        QSqlQuery q(db->connection());
        QVERIFY(q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
    }
    QByteArray bytes = readAll(path);
    QVERIFY(bytes.size() > 16 * 4096);
    if (damage == QLatin1String("pages")) {
        for (qsizetype at = 4 * 4096; at < bytes.size() - 4096; at += 3 * 4096)
            bytes.replace(at, 512, QByteArray(512, '\x5a'));
    } else if (damage == QLatin1String("header")) {
        bytes.replace(0, 100, QByteArray(100, '\x00'));
    } else {
        bytes.truncate(bytes.size() / 2);
    }
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QCOMPARE(f.write(bytes), bytes.size());
    }

    auto refused = Database::open(path, QStringLiteral("bad-b"));
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, QStringLiteral("storage-corrupt"));
    const QString message = refused.error().message;
    QVERIFY2(message.contains(QLatin1String("damaged")) && message.contains(QLatin1String("restore a backup"))
            && message.contains(QLatin1String("linked again")),
        qPrintable(message));
    QCOMPARE(readAll(path), bytes); // not repaired, not replaced by an empty profile
    const QStringList backups = backupsIn(dir.path());
    QCOMPARE(backups.size(), 1);
    QVERIFY2(message.contains(backups.first()), qPrintable(message));
    QCOMPARE(readAll(dir.filePath(backups.first())), bytes);

    // A second start over the same damage keeps no second copy, and says where the first is.
    auto again = Database::open(path, QStringLiteral("bad-c"));
    QVERIFY(!again);
    QCOMPARE(backupsIn(dir.path()), backups);
    QVERIFY(again.error().message.contains(backups.first()));
}

void TestDatabaseFaults::sessionConnectionsAttachWithoutCheckingAgain() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("balcao.db"));
    auto profile = Database::open(path, QStringLiteral("attach-a"));
    QVERIFY(profile);
    auto session = Database::attach(path, QStringLiteral("attach-b"));
    QVERIFY(session);
    QCOMPARE(session->schemaVersion(), Database::latestSchemaVersion());
    // Same settings as the checked connection: WAL and FULL sync.
    QSqlQuery q(session->connection());
    QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
    QVERIFY(q.exec(QStringLiteral("PRAGMA synchronous")) && q.next());
    QCOMPARE(q.value(0).toInt(), 2);
    // What one writes the other reads.
    QVERIFY(q.exec(QStringLiteral("INSERT INTO sessions(id, name, created_at) VALUES('s9', 'Filial', 1)")));
    QSqlQuery p(profile->connection());
    QVERIFY(p.exec(QStringLiteral("SELECT name FROM sessions WHERE id = 's9'")) && p.next());
    QCOMPARE(p.value(0).toString(), QStringLiteral("Filial"));
}

QTEST_GUILESS_MAIN(TestDatabaseFaults)
#include "tst_database_faults.moc"
