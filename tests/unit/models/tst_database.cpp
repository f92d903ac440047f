#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <database.h>

using namespace balcao;
using namespace balcao::models;

class TestDatabase : public QObject {
    Q_OBJECT
private slots:
    void createsSchemaInWalMode();
    void reopensWithoutLosingRows();
    void refusesCorruptFile();
    void refusesNewerSchema();
};

void TestDatabase::createsSchemaInWalMode() {
    QTemporaryDir dir;
    auto db = Database::open(dir.filePath(QStringLiteral("balcao.db")), QStringLiteral("t1"));
    QVERIFY2(db.has_value(), qPrintable(db.has_value() ? QString() : db.error().message));
    QCOMPARE(db->schemaVersion(), Database::latestSchemaVersion());
    QVERIFY(Database::latestSchemaVersion() >= 1);
    QSqlQuery q(db->connection());
    QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
}

void TestDatabase::reopensWithoutLosingRows() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("balcao.db"));
    {
        auto db = Database::open(path, QStringLiteral("t2a"));
        QVERIFY(db.has_value());
        QSqlQuery q(db->connection());
        QVERIFY(q.exec(QStringLiteral("INSERT INTO sessions(id, name, created_at) VALUES('s1', 'Loja', 1)")));
    }
    auto again = Database::open(path, QStringLiteral("t2b"));
    QVERIFY(again.has_value());
    QSqlQuery q(again->connection());
    QVERIFY(q.exec(QStringLiteral("SELECT name FROM sessions WHERE id = 's1'")) && q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("Loja"));
}

void TestDatabase::refusesCorruptFile() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("balcao.db"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    const QByteArray garbage = QByteArray("SQLite format 3\0", 16) + QByteArray(4080, '\xee');
    file.write(garbage);
    file.close();
    auto db = Database::open(path, QStringLiteral("t3"));
    QVERIFY(!db.has_value());
    QVERIFY(db.error().code == QLatin1String("storage-corrupt")
        || db.error().code == QLatin1String("storage-failed"));
    QVERIFY(!db.error().message.isEmpty());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), garbage); // left untouched
}

void TestDatabase::refusesNewerSchema() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("balcao.db"));
    {
        auto db = Database::open(path, QStringLiteral("t4a"));
        QVERIFY(db.has_value());
        QSqlQuery q(db->connection());
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 999")));
    }
    auto db = Database::open(path, QStringLiteral("t4b"));
    QVERIFY(!db.has_value());
    QVERIFY(db.error().message.contains(QLatin1String("newer")));
}

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
