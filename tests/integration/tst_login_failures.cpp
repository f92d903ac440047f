// Issue 15, Done-when 2: the server's login failures, as whatsmeow reads them — banned for a while, logged
// out, refused for good — each shown with its own code and never retried in a loop; a busy server (503) is.
#include "../common/linking.h"

#include <QDateTime>
#include <QTemporaryDir>
#include <QTest>

using namespace balcao::testing;

class TestLoginFailures : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void temporaryBanStopsUntilTheUserStartsAgain();
    void refusalsStopWithTheirOwnCodes_data();
    void refusalsStopWithTheirOwnCodes();
    void aBusyServerIsRetried();
    void logoutFailuresForgetTheDevice_data();
    void logoutFailuresForgetTheDevice();
    void cleanupTestCase();

private:
    // Arms `fault` for `jid`'s next login and drops its connection; the events from then on start at `from`.
    bool failNextLogin(const QJsonObject &fault, const QString &jid, int &from);
    bool startAgain(const QString &session);
    // No status for `session` after event `index` during `ms`.
    bool staysQuiet(const QString &session, int index, int ms);

    Emulator m_emulator;
    QTemporaryDir m_data;
    HeadlessProcess m_app;
    QString m_session;
    QString m_jid;
};

void TestLoginFailures::initTestCase() {
    const QString error = m_emulator.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(m_app.start(m_data.path(), m_emulator.ws(), m_emulator.rootKeyHex()).isEmpty());
    std::tie(m_session, m_jid) = linkByQr(m_emulator, m_app, "5511940000001", "Loja Falhas");
    QVERIFY(!m_jid.isEmpty());
}

bool TestLoginFailures::failNextLogin(const QJsonObject &fault, const QString &jid, int &from) {
    if (m_emulator.post("/faults", fault).status != 200)
        return false;
    from = m_app.eventCount();
    return m_emulator.post(QStringLiteral("/devices/%1/disconnect").arg(jid), {{"code", "close"}}).status
        == 200;
}

bool TestLoginFailures::startAgain(const QString &session) {
    const int from = m_app.eventCount();
    m_app.send({{"cmd", "start"}, {"session", session}});
    return m_app.waitForStatus(session, "connected", 15000, from).has_value();
}

bool TestLoginFailures::staysQuiet(const QString &session, int index, int ms) {
    QTest::qWait(ms);
    const auto &events = m_app.events();
    for (int i = index + 1; i < events.size(); ++i) {
        if (events[i].value("event").toString() == "status"
            && events[i].value("session").toString() == session) {
            qWarning() << "unexpected" << events[i];
            return false;
        }
    }
    return true;
}

void TestLoginFailures::temporaryBanStopsUntilTheUserStartsAgain() {
    int from = 0;
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    QVERIFY(failNextLogin(
        {{"ban", QJsonObject {{"seconds", 7200}, {"code", 101}, {"device", m_jid}}}}, m_jid, from));
    const auto stopped = m_app.waitForStatus(m_session, "stopped", 15000, from);
    QVERIFY2(stopped, "not stopped by the ban");
    const int stoppedAt = m_app.lastMatch();
    QCOMPARE(stopped->value("code").toString(), QStringLiteral("temporarily-banned"));
    const qint64 until = qint64(stopped->value("until").toDouble());
    QVERIFY2(until >= before + 7'200'000 && until <= QDateTime::currentMSecsSinceEpoch() + 7'200'000,
        qPrintable(QString::number(until - before)));
    const QString reason = stopped->value("reason").toString();
    QVERIFY2(reason.contains("101") && reason.contains("2 hours") && reason.contains("not saved the number"),
        qPrintable(reason));
    QVERIFY(m_app.waitFor(
        [](const QJsonObject &e) {
            return e.value("event") == "error" && e.value("code") == "temporarily-banned";
        },
        1000, from));
    // Well past the first back-off steps (1, 2, 4 s): no attempt of its own.
    QVERIFY(staysQuiet(m_session, stoppedAt, 8000));
    QCOMPARE(m_emulator.get("/faults").object().value("fired").toObject().value("ban").toInt(), 1);
    QVERIFY2(startAgain(m_session), "not connected when the user started it again");
}

void TestLoginFailures::refusalsStopWithTheirOwnCodes_data() {
    QTest::addColumn<int>("reason");
    QTest::addColumn<QString>("code");
    QTest::newRow("409 bad user agent") << 409 << "bad-user-agent";
    QTest::newRow("501 experimental") << 501 << "login-refused";
}

void TestLoginFailures::refusalsStopWithTheirOwnCodes() {
    QFETCH(int, reason);
    QFETCH(QString, code);
    int from = 0;
    QVERIFY(
        failNextLogin({{"loginFailure", QJsonObject {{"reason", reason}, {"device", m_jid}}}}, m_jid, from));
    const auto stopped = m_app.waitForStatus(m_session, "stopped", 15000, from);
    QVERIFY2(stopped, "not stopped");
    QCOMPARE(stopped->value("code").toString(), code);
    QVERIFY(stopped->value("reason").toString().contains(QString::number(reason)));
    QVERIFY(staysQuiet(m_session, m_app.lastMatch(), 3000));
    QVERIFY2(startAgain(m_session), "not connected when the user started it again");
}

void TestLoginFailures::aBusyServerIsRetried() {
    int from = 0;
    QVERIFY(failNextLogin({{"loginFailure", QJsonObject {{"reason", 503}, {"device", m_jid}}}}, m_jid, from));
    QVERIFY(m_app.waitFor(
        [&](const QJsonObject &e) {
            return e.value("event") == "status" && e.value("session") == m_session
                && e.value("status") == "reconnecting" && e.value("reason").toString().contains("503");
        },
        15000, from));
    QVERIFY2(
        m_app.waitForStatus(m_session, "connected", 15000, m_app.lastMatch()), "not reconnected after 503");
}

void TestLoginFailures::logoutFailuresForgetTheDevice_data() {
    QTest::addColumn<int>("reason");
    QTest::addColumn<QString>("phone");
    QTest::newRow("403 locked") << 403 << "5511940000003";
    QTest::newRow("406 banned") << 406 << "5511940000006";
}

void TestLoginFailures::logoutFailuresForgetTheDevice() {
    QFETCH(int, reason);
    QFETCH(QString, phone);
    const auto [session, jid] = linkByQr(m_emulator, m_app, phone, QStringLiteral("Loja %1").arg(reason));
    QVERIFY(!jid.isEmpty());
    int from = 0;
    QVERIFY(failNextLogin({{"loginFailure", QJsonObject {{"reason", reason}, {"device", jid}}}}, jid, from));
    const auto out = m_app.waitForStatus(session, "logged-out", 15000, from);
    QVERIFY2(out, "not logged out");
    const int outAt = m_app.lastMatch();
    QVERIFY2(out->value("reason").toString().contains(QString::number(reason)),
        qPrintable(out->value("reason").toString()));
    QVERIFY(m_app.waitFor(
        [](const QJsonObject &e) { return e.value("event") == "error" && e.value("code") == "logged-out"; },
        1000, from));
    QVERIFY(staysQuiet(session, outAt, 2000));
    // The credentials are gone: starting it again asks for a new link.
    const int again = m_app.eventCount();
    m_app.send({{"cmd", "start"}, {"session", session}});
    const auto status = m_app.waitForEvent("status", session, 5000, again);
    QVERIFY(status);
    QCOMPARE(status->value("status").toString(), QStringLiteral("new"));
}

void TestLoginFailures::cleanupTestCase() {
    QCOMPARE(m_app.finish(), 0);
}

QTEST_GUILESS_MAIN(TestLoginFailures)
#include "tst_login_failures.moc"
