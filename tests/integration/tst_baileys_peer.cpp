#include <QTest>
#include <baileys_peer.h>
#include <emulator.h>

using namespace balcao::testing;

// The harness the messaging tests use to talk to a real Baileys client (issue 5, done-when 3): two peers on
// two accounts of the emulator exchange a text, driven from C++. Balcão itself is not involved here.
class TestBaileysPeer : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void textGoesFromOnePeerToTheOther();
    void startReportsWhyItFailed();

private:
    Emulator m_emulator;
};

void TestBaileysPeer::initTestCase() {
    const QString error = m_emulator.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestBaileysPeer::textGoesFromOnePeerToTheOther() {
    BaileysPeer ana(m_emulator);
    BaileysPeer beto(m_emulator);
    QString error = ana.start(QStringLiteral("5511930000001"), QStringLiteral("Ana"));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    error = beto.start(QStringLiteral("5511930000002"));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(ana.user(), QStringLiteral("5511930000001@s.whatsapp.net"));
    QVERIFY2(ana.jid().startsWith(QStringLiteral("5511930000001:")), qPrintable(ana.jid()));
    QVERIFY(m_emulator.deviceConnected(QStringLiteral("5511930000001"), ana.jid()));

    const QString id = ana.send(beto.user(), QStringLiteral("Olá do C++"));
    QVERIFY(!id.isEmpty());
    const auto received = beto.waitForMessage(QStringLiteral("Olá do C++"));
    QVERIFY(received);
    QCOMPARE(received->value("id").toString(), id);
    QCOMPARE(received->value("from").toString(), ana.user());
    QCOMPARE(received->value("fromMe").toBool(), false);
    QVERIFY(ana.waitForStatus(id, QStringLiteral("delivery-ack")));

    beto.read(received->value("chat").toString(), {id});
    QVERIFY(ana.waitForStatus(id, QStringLiteral("read")));

    QVERIFY(ana.strayLines().isEmpty());
    QVERIFY(beto.strayLines().isEmpty());
    QCOMPARE(ana.stop(), 0);
    QCOMPARE(beto.stop(), 0);
}

void TestBaileysPeer::startReportsWhyItFailed() {
    BaileysPeer peer(m_emulator);
    const QString error = peer.start(QStringLiteral("12345")); // too short for a phone number
    QVERIFY2(error.contains(QStringLiteral("exited with code 2")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestBaileysPeer)
#include "tst_baileys_peer.moc"
