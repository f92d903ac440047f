#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <sealing_key.h>
#include <sqlite_credential_store.h>

using namespace balcao;
using namespace balcao::models;

class TestCredentialStore : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void roundTripsCredentials();
    void keepsPrivateKeysSealedAtRest();
    void wrongKeyIsAnErrorAndChangesNothing();
    void wipeForgetsCredentials();
    void keyFileIsOwnerOnly();
    void missingKeyFileIsAnErrorForAnExistingProfile();
    void refusesDamagedKeyFile();
    void decodeRefusesGarbage_data();
    void decodeRefusesGarbage();

private:
    static DeviceCredentials linkedCredentials();
};

void TestCredentialStore::initTestCase() {
    qputenv("BALCAO_KEY_BACKEND", "file");
}

DeviceCredentials TestCredentialStore::linkedCredentials() {
    auto c = DeviceCredentials::generate();
    if (!c)
        qFatal("cannot generate credentials: %s", qPrintable(c.error().message));
    c->ownJid = QStringLiteral("5511900000001:3@s.whatsapp.net");
    c->ownLid = QStringLiteral("99887766:3@lid");
    c->account = QByteArray("account-bytes");
    c->platform = QStringLiteral("android");
    c->pushName = QStringLiteral("Loja Centro");
    c->nextPreKeyId = 31;
    return *c;
}

void TestCredentialStore::roundTripsCredentials() {
    QTemporaryDir dir;
    auto db = Database::open(dir.filePath(QStringLiteral("b.db")), QStringLiteral("rt"));
    QVERIFY(db.has_value());
    QSqlQuery(db->connection())
        .exec(QStringLiteral("INSERT INTO sessions(id, name, created_at) VALUES('s1','L',1)"));
    auto key = SealingKey::obtain(dir.path(), true);
    QVERIFY(key.has_value());
    SqliteCredentialStore store(*db, *key);
    QVERIFY(!store.load(QStringLiteral("s1"))->has_value());
    const DeviceCredentials original = linkedCredentials();
    QVERIFY(store.save(QStringLiteral("s1"), original).has_value());
    auto loaded = store.load(QStringLiteral("s1"));
    QVERIFY(loaded.has_value() && loaded->has_value());
    QVERIFY(**loaded == original);
    QVERIFY(SqliteCredentialStore::anyStored(*db).value());
}

void TestCredentialStore::keepsPrivateKeysSealedAtRest() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("b.db"));
    const DeviceCredentials original = linkedCredentials();
    {
        auto db = Database::open(path, QStringLiteral("sealed"));
        QSqlQuery(db->connection())
            .exec(QStringLiteral("INSERT INTO sessions(id, name, created_at) VALUES('s1','L',1)"));
        SqliteCredentialStore store(*db, *SealingKey::obtain(dir.path(), true));
        QVERIFY(store.save(QStringLiteral("s1"), original).has_value());
        QSqlQuery(db->connection()).exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    }
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray raw = file.readAll();
    QVERIFY(!raw.isEmpty());
    QVERIFY(!raw.contains(original.identityKey.privateKey));
    QVERIFY(!raw.contains(original.noiseKey.privateKey));
    QVERIFY(!raw.contains(original.advSecret));
}

void TestCredentialStore::wrongKeyIsAnErrorAndChangesNothing() {
    QTemporaryDir dir;
    auto db = Database::open(dir.filePath(QStringLiteral("b.db")), QStringLiteral("wrong"));
    QSqlQuery(db->connection())
        .exec(QStringLiteral("INSERT INTO sessions(id, name, created_at) VALUES('s1','L',1)"));
    const DeviceCredentials original = linkedCredentials();
    SqliteCredentialStore right(*db, QByteArray(32, 'k'));
    QVERIFY(right.save(QStringLiteral("s1"), original).has_value());

    SqliteCredentialStore wrong(*db, QByteArray(32, 'x'));
    auto loaded = wrong.load(QStringLiteral("s1"));
    QVERIFY(!loaded.has_value());
    QCOMPARE(loaded.error().code, QStringLiteral("key-unavailable"));
    QVERIFY(!loaded.error().message.isEmpty());
    QVERIFY(**right.load(QStringLiteral("s1")) == original);
}

void TestCredentialStore::wipeForgetsCredentials() {
    QTemporaryDir dir;
    auto db = Database::open(dir.filePath(QStringLiteral("b.db")), QStringLiteral("wipe"));
    QSqlQuery(db->connection())
        .exec(QStringLiteral("INSERT INTO sessions(id, name, created_at) VALUES('s1','L',1)"));
    SqliteCredentialStore store(*db, QByteArray(32, 'k'));
    QVERIFY(store.save(QStringLiteral("s1"), linkedCredentials()).has_value());
    QVERIFY(store.wipe(QStringLiteral("s1")).has_value());
    QVERIFY(!store.load(QStringLiteral("s1"))->has_value());
    QVERIFY(!SqliteCredentialStore::anyStored(*db).value());
}

void TestCredentialStore::keyFileIsOwnerOnly() {
    QTemporaryDir dir;
    auto key = SealingKey::obtain(dir.path(), true, SealingKey::Backend::File);
    QVERIFY(key.has_value());
    QCOMPARE(key->size(), SealingKey::kSize);
    const auto permissions = QFile::permissions(SealingKey::keyFilePath(dir.path()));
    QCOMPARE(permissions
            & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup
                | QFileDevice::WriteOther),
        QFileDevice::Permissions());
    // The same key comes back, and is not replaced.
    QCOMPARE(*SealingKey::obtain(dir.path(), true, SealingKey::Backend::File), *key);
}

void TestCredentialStore::missingKeyFileIsAnErrorForAnExistingProfile() {
    QTemporaryDir dir;
    auto key = SealingKey::obtain(dir.path(), false, SealingKey::Backend::File);
    QVERIFY(!key.has_value());
    QCOMPARE(key.error().code, QStringLiteral("key-unavailable"));
    QVERIFY(!QFile::exists(SealingKey::keyFilePath(dir.path())));
}

void TestCredentialStore::refusesDamagedKeyFile() {
    QTemporaryDir dir;
    QFile file(SealingKey::keyFilePath(dir.path()));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not a key\n");
    file.close();
    auto key = SealingKey::obtain(dir.path(), true, SealingKey::Backend::File);
    QVERIFY(!key.has_value());
    QVERIFY(key.error().message.contains(QLatin1String("damaged")));
}

void TestCredentialStore::decodeRefusesGarbage_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("not cbor") << QByteArray("\xff\xff\xff", 3);
    QTest::newRow("cbor array") << QByteArray::fromHex("8101");
    QTest::newRow("wrong version") << QByteArray::fromHex("a10002");
    const QByteArray good = linkedCredentials().encode();
    QTest::newRow("truncated") << good.left(good.size() / 2);
}

void TestCredentialStore::decodeRefusesGarbage() {
    QFETCH(QByteArray, bytes);
    auto decoded = DeviceCredentials::decode(bytes);
    QVERIFY(!decoded.has_value());
    QCOMPARE(decoded.error().code, QStringLiteral("storage-corrupt"));
}

QTEST_GUILESS_MAIN(TestCredentialStore)
#include "tst_credential_store.moc"
