#include <QTest>
#include <signer.h>

using namespace balcao::webhooks;

// The signature a receiver recomputes. Expected values were computed outside Balcão with
// `printf '%s' "<timestamp>.<body>" | openssl dgst -sha256 -hmac "<secret>"` (the UTF-8 row also with
// Node's crypto.createHmac), so the test does not check the code against itself.
class TestSigner : public QObject {
    Q_OBJECT
private slots:
    void matchesAnIndependentHmac_data();
    void matchesAnIndependentHmac();
    void refusesAnyChange_data();
    void refusesAnyChange();
    void sendsEveryHeader();
};

void TestSigner::matchesAnIndependentHmac_data() {
    QTest::addColumn<QString>("secret");
    QTest::addColumn<qint64>("timestamp");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("hex");
    QTest::newRow("event json") << QStringLiteral("whsec_0123456789abcdef") << qint64(1764000000)
                                << QByteArray(R"({"event":"message","session":"s1"})")
                                << QByteArray(
                                       "722c06aded34432c2151d6b9969276a3e67036b0feec8a86621d2f3c684ba5a0");
    QTest::newRow("empty body") << QStringLiteral("segredo-da-loja-centro") << qint64(1700000000)
                                << QByteArray()
                                << QByteArray(
                                       "7e0c662977e51600ff466ff6985b72d5f346789fa19a2036a0bf8404a9e93c6a");
    QTest::newRow("utf-8 body") << QStringLiteral("0123456789abcdef0123456789abcdef") << qint64(1764000123)
                                << QStringLiteral(R"({"text":"Olá, pão de queijo!"})").toUtf8()
                                << QByteArray(
                                       "93f4db3e0d1a5c16e82c0a565b098af6379681a1a884ae06f5392cbb759fc1c7");
}

void TestSigner::matchesAnIndependentHmac() {
    QFETCH(QString, secret);
    QFETCH(qint64, timestamp);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, hex);
    QCOMPARE(Signer::signature(secret, timestamp, body), "sha256=" + hex);
    QVERIFY(Signer::verify(secret, timestamp, body, "sha256=" + hex));
}

void TestSigner::refusesAnyChange_data() {
    QTest::addColumn<QString>("secret");
    QTest::addColumn<qint64>("timestamp");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("signature");
    const QByteArray good = "sha256=722c06aded34432c2151d6b9969276a3e67036b0feec8a86621d2f3c684ba5a0";
    const QString secret = QStringLiteral("whsec_0123456789abcdef");
    const QByteArray body = R"({"event":"message","session":"s1"})";
    QTest::newRow("other secret") << QStringLiteral("whsec_0123456789abcdeF") << qint64(1764000000) << body
                                  << good;
    QTest::newRow("other timestamp") << secret << qint64(1764000001) << body << good;
    QTest::newRow("other body") << secret << qint64(1764000000)
                                << QByteArray(R"({"event":"message","session":"s2"})") << good;
    QTest::newRow("one digit off")
        << secret << qint64(1764000000) << body
        << QByteArray("sha256=722c06aded34432c2151d6b9969276a3e67036b0feec8a86621d2f3c684ba5a1");
    QTest::newRow("no prefix") << secret << qint64(1764000000) << body << good.mid(7);
    QTest::newRow("upper case hex") << secret << qint64(1764000000) << body
                                    << ("sha256=" + good.mid(7).toUpper());
    QTest::newRow("truncated") << secret << qint64(1764000000) << body << good.left(good.size() - 1);
    QTest::newRow("empty") << secret << qint64(1764000000) << body << QByteArray();
}

void TestSigner::refusesAnyChange() {
    QFETCH(QString, secret);
    QFETCH(qint64, timestamp);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, signature);
    QVERIFY(!Signer::verify(secret, timestamp, body, signature));
}

void TestSigner::sendsEveryHeader() {
    const QByteArray body = R"({"event":"message","session":"s1"})";
    const auto headers = Signer::headers(QStringLiteral("whsec_0123456789abcdef"), QStringLiteral("message"),
        QStringLiteral("d-1"), 3, 1764000000, body);
    QHash<QByteArray, QByteArray> byName;
    for (const auto &[name, value] : headers)
        byName.insert(name, value);
    QCOMPARE(byName.size(), 5);
    QCOMPARE(byName.value("X-Balcao-Event"), QByteArray("message"));
    QCOMPARE(byName.value("X-Balcao-Delivery"), QByteArray("d-1"));
    QCOMPARE(byName.value("X-Balcao-Attempt"), QByteArray("3"));
    QCOMPARE(byName.value("X-Balcao-Timestamp"), QByteArray("1764000000"));
    QCOMPARE(byName.value("X-Balcao-Signature"),
        QByteArray("sha256=722c06aded34432c2151d6b9969276a3e67036b0feec8a86621d2f3c684ba5a0"));
}

QTEST_GUILESS_MAIN(TestSigner)
#include "tst_signer.moc"
