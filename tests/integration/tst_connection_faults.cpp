#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>
#include <emulator.h>
#include <headless_process.h>

using namespace balcao::testing;

// Staying connected through what servers and networks do (issue "Engine: link a number…", done-when 4, 6
// and 7): drops, stream errors 515/401/440/503, garbage from the server, and servers we must not trust.
class TestConnectionFaults : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void reconnectsAfterTheSocketDrops();
    void reconnectsAfterServiceUnavailable();
    void restartsAtOnceOn515();
    void loggedOutOn401WipesCredentials();
    void stopsWhenReplacedOn440();
    void survivesGarbageFromTheServer();
    void refusesUntrustedServers_data();
    void refusesUntrustedServers();

private:
    void startApp();
    void linkOne(const QString &phone);

    Emulator m_emulator;
    std::unique_ptr<QTemporaryDir> m_data;
    std::unique_ptr<HeadlessProcess> m_app;
    QString m_session;
    QString m_jid;
    int m_phone = 0;
};

void TestConnectionFaults::initTestCase() {
    const QString error = m_emulator.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestConnectionFaults::init() {
    m_data = std::make_unique<QTemporaryDir>();
    m_app = std::make_unique<HeadlessProcess>();
    startApp();
}

void TestConnectionFaults::cleanup() {
    m_emulator.post("/faults", {{"badCert", "none"}});
    m_app.reset();
    m_data.reset();
}

void TestConnectionFaults::startApp() {
    QVERIFY(m_app->start(m_data->path(), m_emulator.ws(), m_emulator.rootKeyHex()).isEmpty());
}

void TestConnectionFaults::linkOne(const QString &phone) {
    m_emulator.addPhone(phone, "Cliente");
    m_app->send({{"cmd", "add-session"}, {"name", "Loja"}});
    const auto added = m_app->waitForEvent("session", {}, 5000);
    QVERIFY(added);
    m_session = added->value("session").toString();
    m_app->send({{"cmd", "link"}, {"session", m_session}, {"method", "qr"}});
    const auto qr = m_app->waitForEvent("qr", m_session, 15000);
    QVERIFY(qr);
    QCOMPARE(
        m_emulator.post(QStringLiteral("/phones/%1/scan").arg(phone), {{"qr", qr->value("qr").toString()}})
            .status,
        200);
    const auto connected = m_app->waitForStatus(m_session, "connected", 10000);
    QVERIFY(connected);
    m_jid = connected->value("jid").toString();
}

void TestConnectionFaults::reconnectsAfterTheSocketDrops() {
    linkOne("5511920000001");
    const int from = m_app->eventCount();
    QElapsedTimer clock;
    clock.start();
    QCOMPARE(m_emulator.post(QStringLiteral("/devices/%1/disconnect").arg(m_jid), {{"code", "close"}}).status,
        200);
    const auto reconnecting = m_app->waitForStatus(m_session, "reconnecting", 5000, from);
    QVERIFY2(reconnecting, "no reconnecting status after the drop");
    QCOMPARE(reconnecting->value("attempt").toInt(), 1);
    QVERIFY(reconnecting->value("nextTry").toDouble() > 0);
    QVERIFY2(m_app->waitForStatus(m_session, "connected", 5000, m_app->lastMatch()),
        "not connected again within 5 s");
    QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(m_emulator.deviceConnected("5511920000001", m_jid));
}

void TestConnectionFaults::reconnectsAfterServiceUnavailable() {
    linkOne("5511920000002");
    const int from = m_app->eventCount();
    QCOMPARE(
        m_emulator.post(QStringLiteral("/devices/%1/disconnect").arg(m_jid), {{"code", 503}}).status, 200);
    QVERIFY(m_app->waitForStatus(m_session, "reconnecting", 5000, from));
    QVERIFY(m_app->waitForStatus(m_session, "connected", 5000, m_app->lastMatch()));
}

void TestConnectionFaults::restartsAtOnceOn515() {
    linkOne("5511920000003");
    const int from = m_app->eventCount();
    QElapsedTimer clock;
    clock.start();
    QCOMPARE(
        m_emulator.post(QStringLiteral("/devices/%1/disconnect").arg(m_jid), {{"code", 515}}).status, 200);
    QVERIFY(m_app->waitForStatus(m_session, "connected", 5000, from));
    QVERIFY2(clock.elapsed() < 1500, "515 should reconnect at once, without backoff");
    QVERIFY(!m_app->waitForStatus(m_session, "reconnecting", 0, from));
}

void TestConnectionFaults::loggedOutOn401WipesCredentials() {
    linkOne("5511920000004");
    const int from = m_app->eventCount();
    QCOMPARE(
        m_emulator.post(QStringLiteral("/devices/%1/disconnect").arg(m_jid), {{"code", 401}}).status, 200);
    QVERIFY(m_app->waitForStatus(m_session, "logged-out", 5000, from));
    QTest::qWait(1500);
    QVERIFY2(!m_app->waitForStatus(m_session, "connecting", 0, m_app->lastMatch()),
        "retried after being logged out");
    // After a restart it is still logged out and does not try to log in; the keys are gone, so starting it
    // finds nothing to log in with.
    QCOMPARE(m_app->finish(), 0);
    startApp();
    m_app->send({{"cmd", "list"}});
    const auto list = m_app->waitForEvent("sessions", {}, 5000);
    QVERIFY(list);
    QCOMPARE(list->value("sessions").toArray().at(0).toObject().value("status").toString(),
        QStringLiteral("logged-out"));
    m_app->send({{"cmd", "start"}, {"session", m_session}});
    const auto started = m_app->waitForStatus(m_session, "new", 5000);
    QVERIFY(started);
    QCOMPARE(started->value("reason").toString(), QStringLiteral("not linked yet"));
    QVERIFY(!m_app->waitForStatus(m_session, "connecting", 0));
}

void TestConnectionFaults::stopsWhenReplacedOn440() {
    linkOne("5511920000005");
    const int from = m_app->eventCount();
    QCOMPARE(
        m_emulator.post(QStringLiteral("/devices/%1/disconnect").arg(m_jid), {{"code", 440}}).status, 200);
    const auto stopped = m_app->waitForStatus(m_session, "stopped", 5000, from);
    QVERIFY(stopped);
    QCOMPARE(stopped->value("reason").toString(), QStringLiteral("replaced by another connection"));
    QTest::qWait(2000);
    QVERIFY2(!m_app->waitForStatus(m_session, "connecting", 0, m_app->lastMatch()),
        "reconnected in a loop after 440");
}

void TestConnectionFaults::survivesGarbageFromTheServer() {
    linkOne("5511920000006");
    const int from = m_app->eventCount();
    QCOMPARE(m_emulator.post("/faults", {{"device", m_jid}, {"garbage", true}}).status, 200);
    QVERIFY2(
        m_app->waitForStatus(m_session, "reconnecting", 5000, from), "garbage did not end the connection");
    QVERIFY(m_app->waitForStatus(m_session, "connected", 5000, m_app->lastMatch()));
    QVERIFY(m_app->isRunning());
}

void TestConnectionFaults::refusesUntrustedServers_data() {
    QTest::addColumn<QString>("badCert");
    QTest::newRow("chain under another root") << "root";
    QTest::newRow("leaf key is not the static key") << "leaf";
}

void TestConnectionFaults::refusesUntrustedServers() {
    QFETCH(QString, badCert);
    QCOMPARE(m_emulator.post("/faults", {{"badCert", badCert}}).status, 200);
    m_app->send({{"cmd", "add-session"}, {"name", "Desconfiada"}});
    const auto added = m_app->waitForEvent("session", {}, 5000);
    QVERIFY(added);
    const QString session = added->value("session").toString();
    m_app->send({{"cmd", "link"}, {"session", session}, {"method", "qr"}});
    const auto error = m_app->waitFor(
        [&](const QJsonObject &e) {
            return e.value("event").toString() == "error" && e.value("code").toString() == "server-untrusted";
        },
        10000);
    QVERIFY2(error, "an untrusted server was not refused with server-untrusted");
    QVERIFY(!error->value("message").toString().isEmpty());
    QVERIFY(m_app->waitForStatus(session, "stopped", 2000));
    QVERIFY2(!m_app->waitForEvent("qr", session, 0), "a QR was shown for an untrusted server");
}

QTEST_GUILESS_MAIN(TestConnectionFaults)
#include "tst_connection_faults.moc"
