#include <QJsonArray>
#include <QTest>
#include <auth/pairing_code.h>
#include <auth/qr_link.h>
#include <golden_vectors.h>

using namespace balcao;
using balcao::testing::hex;

// Linking checked against pairing.json, written from Baileys' own companion code (tests/emulator/vectors).
class TestPairing : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void formatsQrTextAsBaileys();
    void makesCodeFromBytesAsBaileys();
    void wrapsCompanionEphemeralAsBaileys();
    void finishesWithTheSameBundleAndAdvSecret();
    void refusesMalformedPrimaryAnswer_data();
    void refusesMalformedPrimaryAnswer();
    void checksCodeSpelling_data();
    void checksCodeSpelling();
    void freshCodesDiffer();

private:
    static crypto::KeyPair keyPair(const QJsonValue &v) {
        return crypto::keyPairFromPrivate(hex(v.toObject().value(QStringLiteral("priv")))).value();
    }
    PairingCode vectorCode() const;
    QJsonObject m_vectors;
};

void TestPairing::initTestCase() {
    m_vectors = balcao::testing::loadVectors("pairing.json");
}

void TestPairing::formatsQrTextAsBaileys() {
    const QJsonObject qr = m_vectors.value(QStringLiteral("qr")).toObject();
    DeviceCredentials credentials;
    credentials.noiseKey = keyPair(qr.value(QStringLiteral("noiseKey")));
    credentials.identityKey = keyPair(qr.value(QStringLiteral("identityKey")));
    credentials.advSecret = hex(qr.value(QStringLiteral("advSecret")));
    QCOMPARE(credentials.noiseKey.publicKey,
        hex(qr.value(QStringLiteral("noiseKey")).toObject().value(QStringLiteral("pub"))));
    QCOMPARE(qrLinkText(qr.value(QStringLiteral("ref")).toString().toLatin1(), credentials),
        qr.value(QStringLiteral("qr")).toString());
}

void TestPairing::makesCodeFromBytesAsBaileys() {
    const QJsonObject pc = m_vectors.value(QStringLiteral("pairCode")).toObject();
    QCOMPARE(PairingCode::codeFromBytes(hex(pc.value(QStringLiteral("codeBytes")))),
        pc.value(QStringLiteral("code")).toString());
}

PairingCode TestPairing::vectorCode() const {
    const QJsonObject pc = m_vectors.value(QStringLiteral("pairCode")).toObject();
    const QJsonObject hello = pc.value(QStringLiteral("companionHello")).toObject();
    return PairingCode::createWith(keyPair(pc.value(QStringLiteral("companionEphemeralKey"))),
        pc.value(QStringLiteral("code")).toString(), hex(hello.value(QStringLiteral("salt"))),
        hex(hello.value(QStringLiteral("iv"))))
        .value();
}

void TestPairing::wrapsCompanionEphemeralAsBaileys() {
    const QJsonObject hello = m_vectors.value(QStringLiteral("pairCode"))
                                  .toObject()
                                  .value(QStringLiteral("companionHello"))
                                  .toObject();
    const PairingCode code = vectorCode();
    QCOMPARE(code.wrappedCompanionEphemeral().toHex(),
        hello.value(QStringLiteral("wrappedCompanionEphemeral")).toString().toLatin1());
    QCOMPARE(code.displayCode().size(), 9);
    QCOMPARE(code.displayCode().at(4), QLatin1Char('-'));
}

void TestPairing::finishesWithTheSameBundleAndAdvSecret() {
    const QJsonObject pc = m_vectors.value(QStringLiteral("pairCode")).toObject();
    const QJsonObject primary = pc.value(QStringLiteral("primaryHello")).toObject();
    const QJsonObject finish = pc.value(QStringLiteral("companionFinish")).toObject();
    const QByteArray phonePub
        = hex(pc.value(QStringLiteral("phoneIdentityKey")).toObject().value(QStringLiteral("pub")));
    auto result = vectorCode().finishWith(keyPair(pc.value(QStringLiteral("companionIdentityKey"))), phonePub,
        hex(primary.value(QStringLiteral("wrappedPrimaryEphemeral"))),
        hex(finish.value(QStringLiteral("random"))), hex(finish.value(QStringLiteral("bundleSalt"))),
        hex(finish.value(QStringLiteral("bundleIv"))));
    QVERIFY2(result.has_value(), qPrintable(result ? QString() : result.error().message));
    QCOMPARE(result->wrappedKeyBundle.toHex(),
        finish.value(QStringLiteral("wrappedKeyBundle")).toString().toLatin1());
    QCOMPARE(result->advSecret.toHex(), finish.value(QStringLiteral("advSecret")).toString().toLatin1());
}

void TestPairing::refusesMalformedPrimaryAnswer_data() {
    QTest::addColumn<QByteArray>("primaryPub");
    QTest::addColumn<QByteArray>("wrapped");
    QTest::newRow("short wrapped key") << QByteArray(32, 'a') << QByteArray(79, 'b');
    QTest::newRow("long wrapped key") << QByteArray(32, 'a') << QByteArray(81, 'b');
    QTest::newRow("short identity") << QByteArray(31, 'a') << QByteArray(80, 'b');
    QTest::newRow("empty") << QByteArray() << QByteArray();
}

void TestPairing::refusesMalformedPrimaryAnswer() {
    QFETCH(QByteArray, primaryPub);
    QFETCH(QByteArray, wrapped);
    auto result = vectorCode().finish(crypto::generateKeyPair(), primaryPub, wrapped);
    QVERIFY(!result.has_value());
    QVERIFY(!result.error().message.isEmpty());
}

void TestPairing::checksCodeSpelling_data() {
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("wellFormed");
    QTest::newRow("plain") << "ABCD1234" << true;
    QTest::newRow("dashed") << "ABCD-1234" << true;
    QTest::newRow("has O") << "ABCD-O234" << false;
    QTest::newRow("has 0") << "ABCD-0234" << false;
    QTest::newRow("lower case") << "abcd-1234" << false;
    QTest::newRow("too short") << "ABC-1234" << false;
    QTest::newRow("non ascii") << QString::fromUtf8("ABCD-123\u00c9") << false;
}

void TestPairing::checksCodeSpelling() {
    QFETCH(QString, code);
    QFETCH(bool, wellFormed);
    QCOMPARE(PairingCode::isWellFormed(code), wellFormed);
}

void TestPairing::freshCodesDiffer() {
    const auto ephemeral = crypto::generateKeyPair();
    const auto a = PairingCode::create(ephemeral).value();
    const auto b = PairingCode::create(ephemeral).value();
    QVERIFY(PairingCode::isWellFormed(a.code()));
    QVERIFY(a.code() != b.code() || a.wrappedCompanionEphemeral() != b.wrappedCompanionEphemeral());
}

QTEST_GUILESS_MAIN(TestPairing)
#include "tst_pairing.moc"
