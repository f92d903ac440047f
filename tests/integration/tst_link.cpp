#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <linking.h>

using namespace balcao::testing;

// Linking a number and staying logged in (issue "Engine: link a number…", done-when 1, 2, 3 and 5).
class TestLink : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void linksByQr();
    void linksByPairingCode();
    void restartLogsInWithoutQr();
    void tenSessionsStayConnected();
    void linksOverTlsTrustingTheTestCa();
    void refusesBadLines();
    void answersCarryTheRequestId();
    void qrExpiresAfterTheLastRef();

private:
    std::pair<QString, QString> linkByQr(HeadlessProcess &app, const QString &phone, const QString &name) {
        return balcao::testing::linkByQr(m_emulator, app, phone, name);
    }

    Emulator m_emulator;
};

void TestLink::initTestCase() {
    const QString error = m_emulator.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestLink::linksByQr() {
    QTemporaryDir data;
    HeadlessProcess app;
    QVERIFY(app.start(data.path(), m_emulator.ws(), m_emulator.rootKeyHex()).isEmpty());
    m_emulator.addPhone("5511900000001", "Loja Centro");
    const QString session = addSession(app, "Loja Centro");
    QVERIFY(!session.isEmpty());

    app.send({{"cmd", "link"}, {"session", session}, {"method", "qr"}});
    const auto qr = app.waitForEvent("qr", session, 15000);
    QVERIFY2(qr, "no qr event");
    const QString text = qr->value("qr").toString();
    QCOMPARE(text.split(',').size(), 4);
    QVERIFY(qr->value("expiresAt").toDouble() > QDateTime::currentMSecsSinceEpoch());
    QVERIFY(app.waitForStatus(session, "pairing", 1000));

    const auto scan = m_emulator.post("/phones/5511900000001/scan", {{"qr", text}});
    QCOMPARE(scan.status, 200);
    const auto connected = app.waitForStatus(session, "connected", 10000);
    QVERIFY2(connected, "never connected after the scan");
    const QString jid = connected->value("jid").toString();
    QVERIFY2(jid.startsWith("5511900000001:") && jid.endsWith("@s.whatsapp.net"), qPrintable(jid));
    QVERIFY(m_emulator.deviceConnected("5511900000001", jid));

    const int from = app.eventCount();
    app.send({{"cmd", "list"}});
    const auto list = app.waitForEvent("sessions", {}, 5000, from);
    QVERIFY(list);
    const auto sessions = list->value("sessions").toArray();
    QCOMPARE(sessions.size(), 1);
    QCOMPARE(sessions.at(0).toObject().value("status").toString(), QStringLiteral("connected"));
    QCOMPARE(sessions.at(0).toObject().value("jid").toString(), jid);
    QCOMPARE(app.finish(), 0);
    QVERIFY(app.strayLines().isEmpty());
}

void TestLink::linksByPairingCode() {
    QTemporaryDir data;
    HeadlessProcess app;
    QVERIFY(app.start(data.path(), m_emulator.ws(), m_emulator.rootKeyHex()).isEmpty());
    m_emulator.addPhone("5511900000002", "Loja Norte");
    const QString session = addSession(app, "Loja Norte");
    app.send({{"cmd", "link"}, {"session", session}, {"method", "code"}, {"phone", "+55 (11) 90000-0002"}});
    const auto code = app.waitForEvent("pairing-code", session, 15000);
    QVERIFY2(code, "no pairing-code event");
    QCOMPARE(code->value("phone").toString(), QStringLiteral("5511900000002"));
    const QString text = code->value("code").toString();
    QCOMPARE(text.size(), 9);
    QCOMPARE(text.at(4), QLatin1Char('-'));

    const auto entered = m_emulator.post("/phones/5511900000002/link-code", {{"code", text}});
    QCOMPARE(entered.status, 200);
    const auto connected = app.waitForStatus(session, "connected", 10000);
    QVERIFY2(connected, "never connected after the code was entered");
    QVERIFY(connected->value("jid").toString().startsWith("5511900000002:"));
    QCOMPARE(app.finish(), 0);
}

void TestLink::restartLogsInWithoutQr() {
    QTemporaryDir data;
    QString session, jid;
    {
        HeadlessProcess app;
        QVERIFY(app.start(data.path(), m_emulator.ws(), m_emulator.rootKeyHex()).isEmpty());
        std::tie(session, jid) = linkByQr(app, "5511900000003", "Loja Sul");
        QVERIFY(!session.isEmpty());
        app.kill(); // as a crash would
    }
    HeadlessProcess again;
    QElapsedTimer clock;
    clock.start();
    QVERIFY(again.start(data.path(), m_emulator.ws(), m_emulator.rootKeyHex()).isEmpty());
    const auto connected = again.waitForStatus(session, "connected", 5000);
    QVERIFY2(connected, "did not log in again after a restart");
    QVERIFY2(clock.elapsed() < 2000, qPrintable(QStringLiteral("took %1 ms").arg(clock.elapsed())));
    QCOMPARE(connected->value("jid").toString(), jid);
    QVERIFY(!again.waitForEvent("qr", session, 0));
    QCOMPARE(again.finish(), 0);
}

void TestLink::tenSessionsStayConnected() {
    QTemporaryDir data;
    HeadlessProcess app;
    QVERIFY(app.start(data.path(), m_emulator.ws(), m_emulator.rootKeyHex()).isEmpty());
    QStringList sessions;
    QStringList phones;
    for (int i = 0; i < 10; ++i) {
        const QString phone = QStringLiteral("55119100000%1").arg(i, 2, 10, QLatin1Char('0'));
        const auto [session, jid] = linkByQr(app, phone, QStringLiteral("Filial %1").arg(i));
        QVERIFY2(!session.isEmpty(), qPrintable(QStringLiteral("session %1 did not link").arg(i)));
        sessions.append(session);
        phones.append(phone);
    }
    // Still all connected a moment later: none dropped the others.
    QTest::qWait(1500);
    const int from = app.eventCount();
    app.send({{"cmd", "list"}});
    const auto list = app.waitForEvent("sessions", {}, 5000, from);
    QVERIFY(list);
    int connected = 0;
    for (const auto &s : list->value("sessions").toArray())
        connected += s.toObject().value("status").toString() == QLatin1String("connected");
    QCOMPARE(connected, 10);
    QCOMPARE(app.finish(), 0);

    // A restart connects all ten again, but never more than --connect-limit handshakes at once (the linking
    // above went one at a time, so the emulator's high-water mark is below the limit before it).
    const auto inFlightMax = [this] {
        return m_emulator.get(QStringLiteral("/health")).object().value("handshakesInFlightMax").toInt(-1);
    };
    QVERIFY2(inFlightMax() >= 0 && inFlightMax() <= 2, "the emulator reports no handshake high-water mark");
    HeadlessProcess again;
    again.setExtraArguments({QStringLiteral("--connect-limit"), QStringLiteral("2")});
    QElapsedTimer clock;
    clock.start();
    QVERIFY(again.start(data.path(), m_emulator.ws(), m_emulator.rootKeyHex()).isEmpty());
    for (const QString &session : std::as_const(sessions))
        QVERIFY2(again.waitForStatus(session, "connected", 15000),
            qPrintable(QStringLiteral("%1 did not connect after the restart").arg(session)));
    QVERIFY2(inFlightMax() <= 2, qPrintable(QStringLiteral("%1 handshakes at once").arg(inFlightMax())));
    qInfo("ten numbers reconnected two at a time in %lld ms", qint64(clock.elapsed()));
    QCOMPARE(again.finish(), 0);
}

// The real server is wss://. Over TLS the app trusts the emulator's test CA only when told (--test-ca);
// without it the connection is refused with a clear reason, and nothing is stored or linked.
void TestLink::linksOverTlsTrustingTheTestCa() {
    QVERIFY2(
        m_emulator.wss().scheme() == QLatin1String("wss") && m_emulator.testCaPem().contains("CERTIFICATE"),
        "the emulator printed no wss:// endpoint or test CA");
    QTemporaryDir data;
    const QString caFile = data.filePath(QStringLiteral("test-ca.pem"));
    {
        QFile file(caFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(m_emulator.testCaPem());
    }
    QString session, jid;
    {
        HeadlessProcess app;
        app.setExtraArguments({QStringLiteral("--test-ca"), caFile});
        QVERIFY(app.start(data.path(), m_emulator.wss(), m_emulator.rootKeyHex()).isEmpty());
        std::tie(session, jid) = linkByQr(app, "5511900000077", "Loja TLS");
        QVERIFY2(!session.isEmpty(), "did not link over wss://");
        app.kill();
    }
    {
        HeadlessProcess again;
        again.setExtraArguments({QStringLiteral("--test-ca"), caFile});
        QVERIFY(again.start(data.path(), m_emulator.wss(), m_emulator.rootKeyHex()).isEmpty());
        const auto connected = again.waitForStatus(session, "connected", 10000);
        QVERIFY2(connected, "did not log in again over wss://");
        QCOMPARE(connected->value("jid").toString(), jid);
        QCOMPARE(again.finish(), 0);
    }
    // Without the test CA the emulator's certificate is a stranger's: refused, with the reason.
    HeadlessProcess untrusting;
    QVERIFY(untrusting.start(data.path(), m_emulator.wss(), m_emulator.rootKeyHex()).isEmpty());
    const auto refused = untrusting.waitFor(
        [&](const QJsonObject &e) {
            return e.value("session").toString() == session
                && e.value("reason").toString().contains(QLatin1String("not trusted"));
        },
        10000);
    QVERIFY2(refused, "no status said the server's certificate is not trusted");
    // Trying again would not change the certificate: the number waits for the user, as for a bad Noise chain.
    QCOMPARE(refused->value("status").toString(), QStringLiteral("stopped"));
    QVERIFY(!untrusting.waitForStatus(session, "connected", 1500));
    QCOMPARE(untrusting.finish(), 0);

    // A --test-ca that is not a certificate stops the start with a message naming the file.
    QProcess bad;
    bad.setProcessChannelMode(QProcess::MergedChannels);
    const QString junk = data.filePath(QStringLiteral("junk.pem"));
    {
        QFile file(junk);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not a certificate\n");
    }
    bad.start(QStringLiteral(BALCAO_BINARY),
        {QStringLiteral("--headless"), QStringLiteral("--data"), data.path(), QStringLiteral("--test-ca"),
            junk});
    QVERIFY(bad.waitForFinished(10000));
    QCOMPARE(bad.exitCode(), 2);
    const QString said = QString::fromUtf8(bad.readAll());
    QVERIFY2(said.contains(junk) && said.contains(QLatin1String("no PEM certificate")), qPrintable(said));
}

void TestLink::answersCarryTheRequestId() {
    QTemporaryDir data;
    HeadlessProcess app;
    QVERIFY(app.start(data.path(), m_emulator.ws(), m_emulator.rootKeyHex()).isEmpty());
    const auto withId = [&](const QString &id) {
        return [id](const QJsonObject &e) { return e.value("requestId").toString() == id; };
    };
    app.send({{"cmd", "add-session"}, {"name", "Loja"}, {"requestId", "r-add"}});
    const auto added = app.waitFor(withId("r-add"), 5000);
    QVERIFY(added);
    QCOMPARE(added->value("event").toString(), QStringLiteral("session"));
    const QString session = added->value("session").toString();
    QVERIFY(!session.isEmpty());

    app.send({{"cmd", "list"}, {"requestId", "r-list"}});
    const auto listed = app.waitFor(withId("r-list"), 5000);
    QVERIFY(listed);
    QCOMPARE(listed->value("event").toString(), QStringLiteral("sessions"));

    app.send({{"cmd", "stop"}, {"session", "nope"}, {"requestId", "r-unknown"}});
    const auto unknown = app.waitFor(withId("r-unknown"), 5000);
    QVERIFY(unknown);
    QCOMPARE(unknown->value("code").toString(), QStringLiteral("unknown-session"));

    // An error raised inside the session's own thread is stamped too: nothing is linked yet.
    app.send({{"cmd", "send"}, {"session", session}, {"to", "5511900000002"}, {"text", "Oi"},
        {"requestId", "r-send"}});
    const auto notLinked = app.waitFor(withId("r-send"), 5000);
    QVERIFY(notLinked);
    QCOMPARE(notLinked->value("code").toString(), QStringLiteral("not-linked"));
    QCOMPARE(app.finish(), 0);
}

void TestLink::refusesBadLines() {
    QTemporaryDir data;
    HeadlessProcess app;
    QVERIFY(app.start(data.path(), m_emulator.ws(), m_emulator.rootKeyHex()).isEmpty());
    app.sendRaw("this is not json");
    const auto error = app.waitForEvent("error", {}, 5000);
    QVERIFY(error);
    QCOMPARE(error->value("code").toString(), QStringLiteral("invalid-command"));
    int from = app.eventCount();
    app.send({{"cmd", "start"}, {"session", "nope"}});
    const auto unknown = app.waitForEvent("error", {}, 5000, from);
    QVERIFY(unknown);
    QCOMPARE(unknown->value("code").toString(), QStringLiteral("unknown-session"));
    // Still alive and answering.
    from = app.eventCount();
    app.send({{"cmd", "list"}});
    QVERIFY(app.waitForEvent("sessions", {}, 5000, from));
    QCOMPARE(app.finish(), 0);
}

void TestLink::qrExpiresAfterTheLastRef() {
    QTemporaryDir data;
    HeadlessProcess app;
    QProcessEnvironment env;
    env.insert("BALCAO_QR_REF_MS", "300");
    QVERIFY(app.start(data.path(), m_emulator.ws(), m_emulator.rootKeyHex(), env).isEmpty());
    const QString session = addSession(app, "Expira");
    app.send({{"cmd", "link"}, {"session", session}, {"method", "qr"}});
    QVERIFY(app.waitForEvent("qr", session, 15000));
    const auto expired = app.waitForEvent("qr.expired", session, 15000);
    QVERIFY2(expired, "no qr.expired after the refs ran out");
    // Every ref was shown once, each a different QR.
    QSet<QString> shown;
    for (const auto &e : app.events())
        if (e.value("event").toString() == QLatin1String("qr"))
            shown.insert(e.value("qr").toString());
    QVERIFY(shown.size() > 1);
    QVERIFY(app.waitForStatus(session, "new", 2000));
    QCOMPARE(app.finish(), 0);
}

QTEST_GUILESS_MAIN(TestLink)
#include "tst_link.moc"
