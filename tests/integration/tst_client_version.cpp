// Issue 15, Done-when 1: the WhatsApp Web version against a server that refuses expired ones (the emulator's
// version floor), with a local stand-in for web.whatsapp.com's service worker.
#include "../common/linking.h"
#include "../common/webhook_receiver.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace balcao::testing;

namespace {

// The version this build ships (src/engine/auth/client_payload.h); the emulator's default floor accepts it.
const QString kShipped = QStringLiteral("2.3000.1048032155");

QByteArray serviceWorker(quint32 revision) {
    return "self.__swData=JSON.parse(\"{\\\"client_revision\\\":" + QByteArray::number(revision)
        + ",\\\"x\\\":1}\");";
}

} // namespace

class TestClientVersion : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void linksWithTheShippedVersion();
    void readsANewerVersionWhenTheServerRefusesOurs();
    void startsWithTheVersionReadAtStart();
    void anUnreachableVersionPageDelaysNoMoreThanItsTimeOut();
    void stopsAfterOneAttemptWhenNothingNewerExists();
    void cleanupTestCase();

private:
    QJsonArray refusals(const QString &jid);
    QProcessEnvironment versionUrl(const QString &url) const;
    bool kick(const QString &jid);

    Emulator m_emulator;
    WebhookReceiver m_web; // stands in for web.whatsapp.com
    QTemporaryDir m_data;
    HeadlessProcess m_app;
    QString m_session;
    QString m_jid;
};

void TestClientVersion::initTestCase() {
    const QString error = m_emulator.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(m_web.start());
    QVERIFY(m_data.isValid());
}

QJsonArray TestClientVersion::refusals(const QString &jid) {
    QJsonArray mine;
    for (const auto &r :
        m_emulator.get(QStringLiteral("/version-floor")).object().value("refused").toArray()) {
        if (r.toObject().value("jid").toString() == jid)
            mine.append(r);
    }
    return mine;
}

QProcessEnvironment TestClientVersion::versionUrl(const QString &url) const {
    QProcessEnvironment env;
    env.insert(QStringLiteral("BALCAO_WA_VERSION_URL"), url);
    return env;
}

bool TestClientVersion::kick(const QString &jid) {
    return m_emulator.post(QStringLiteral("/devices/%1/disconnect").arg(jid), {{"code", "close"}}).status
        == 200;
}

void TestClientVersion::linksWithTheShippedVersion() {
    // web.whatsapp.com has nothing to say yet (404): the shipped version is announced, and accepted.
    QVERIFY(m_app
                .start(m_data.path(), m_emulator.ws(), m_emulator.rootKeyHex(),
                    versionUrl(m_web.url(QStringLiteral("/sw.js"))))
                .isEmpty());
    std::tie(m_session, m_jid)
        = linkByQr(m_emulator, m_app, QStringLiteral("5511930000001"), QStringLiteral("Loja Versão"));
    QVERIFY(!m_jid.isEmpty());
    QCOMPARE(refusals(m_jid).size(), 0);
    QCOMPARE(m_emulator.get(QStringLiteral("/version-floor")).object().value("refused").toArray().size(), 0);
}

void TestClientVersion::readsANewerVersionWhenTheServerRefusesOurs() {
    QVERIFY(!m_jid.isEmpty());
    // The server retires the shipped version; WhatsApp Web now runs a newer one.
    QCOMPARE(m_emulator.put(QStringLiteral("/version-floor"), {{"min", "2.3000.1049000000"}}).status, 200);
    m_web.page("/sw.js", 200, serviceWorker(1049000000));
    const int asked = int(m_web.received().size());
    const int from = m_app.eventCount();
    QVERIFY(kick(m_jid));
    const auto connected = m_app.waitForStatus(m_session, "connected", 20000, from);
    QVERIFY2(connected, "not connected again with the newer version");
    // One refusal (the shipped version), one read of the service worker, with a browser's headers.
    const QJsonArray refused = refusals(m_jid);
    QCOMPARE(refused.size(), 1);
    QCOMPARE(refused[0].toObject().value("version").toString(), kShipped);
    const auto requests = m_web.received().mid(asked);
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests[0].path, QByteArray("/sw.js"));
    QVERIFY(requests[0].headers.value("user-agent").contains("Chrome/"));
    QCOMPARE(requests[0].headers.value("sec-fetch-site"), QByteArray("none"));
    QCOMPARE(requests[0].headers.value("sec-fetch-mode"), QByteArray("navigate"));
    // The version that worked is remembered in the profile for the next start.
    QTRY_COMPARE_WITH_TIMEOUT(
        [&] {
            QFile file(QDir(m_data.path()).filePath(QStringLiteral("wa-web-version")));
            return file.open(QIODevice::ReadOnly) ? QString::fromLatin1(file.readAll()) : QString();
        }(),
        QStringLiteral("2.3000.1049000000"), 5000);
    QCOMPARE(m_app.finish(), 0);
}

void TestClientVersion::startsWithTheVersionReadAtStart() {
    // A newer version still: the restart reads it before the saved number logs in, so there is no refusal.
    QCOMPARE(m_emulator.put(QStringLiteral("/version-floor"), {{"min", "2.3000.1049500000"}}).status, 200);
    m_web.page("/sw.js", 200, serviceWorker(1049500000));
    QVERIFY(m_app
                .start(m_data.path(), m_emulator.ws(), m_emulator.rootKeyHex(),
                    versionUrl(m_web.url(QStringLiteral("/sw.js"))))
                .isEmpty());
    QVERIFY2(m_app.waitForStatus(m_session, "connected", 20000), "the saved number did not connect");
    QCOMPARE(refusals(m_jid).size(), 1); // still only the one from before
    QCOMPARE(m_app.finish(), 0);
}

void TestClientVersion::anUnreachableVersionPageDelaysNoMoreThanItsTimeOut() {
    // web.whatsapp.com hangs (a proxy that never answers): the remembered version is used after the
    // read's time-out (4 s), not later.
    WebhookReceiver hanging;
    QVERIFY(hanging.start());
    hanging.silent(true);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(m_app
                .start(m_data.path(), m_emulator.ws(), m_emulator.rootKeyHex(),
                    versionUrl(hanging.url(QStringLiteral("/sw.js"))))
                .isEmpty());
    const auto connecting = m_app.waitForStatus(m_session, "connecting", 15000);
    const qint64 waited = clock.elapsed();
    QVERIFY(connecting);
    QVERIFY2(waited < 4000 + 2500, qPrintable(QStringLiteral("connecting began after %1 ms").arg(waited)));
    QVERIFY2(m_app.waitForStatus(m_session, "connected", 15000), "not connected with the remembered version");
    QCOMPARE(hanging.received().size(), 1); // it was asked, and did not hold the start-up longer
    QCOMPARE(refusals(m_jid).size(), 1);
    QCOMPARE(m_app.finish(), 0);
}

void TestClientVersion::stopsAfterOneAttemptWhenNothingNewerExists() {
    // The server retires even the newest version WhatsApp Web names: one attempt, then a clear stop.
    QVERIFY(m_app
                .start(m_data.path(), m_emulator.ws(), m_emulator.rootKeyHex(),
                    versionUrl(m_web.url(QStringLiteral("/sw.js"))))
                .isEmpty());
    QVERIFY(m_app.waitForStatus(m_session, "connected", 20000));
    QCOMPARE(m_emulator.put(QStringLiteral("/version-floor"), {{"min", "2.3000.1050000000"}}).status, 200);
    const int from = m_app.eventCount();
    QVERIFY(kick(m_jid));
    const auto stopped = m_app.waitForStatus(m_session, "stopped", 20000, from);
    QVERIFY2(stopped, "did not stop");
    const int stoppedAt = m_app.lastMatch();
    QCOMPARE(stopped->value("code").toString(), QStringLiteral("client-outdated"));
    const QString reason = stopped->value("reason").toString();
    QVERIFY2(reason.contains(QStringLiteral("2.3000.1049500000")) && reason.contains(QStringLiteral("405")),
        qPrintable(reason));
    const auto error = m_app.waitFor(
        [&](const QJsonObject &e) {
            return e.value("event").toString() == "error" && e.value("code").toString() == "client-outdated";
        },
        1000, from);
    QVERIFY(error);
    QCOMPARE(refusals(m_jid).size(), 2);
    // And nothing more for a minute: no retry loop against a server that said no.
    QTest::qWait(60000);
    QCOMPARE(refusals(m_jid).size(), 2);
    const int after = m_app.eventCount();
    for (int i = stoppedAt + 1; i < after; ++i) {
        const QJsonObject e = m_app.events().at(i);
        QVERIFY2(e.value("event").toString() != "status" || e.value("session").toString() != m_session,
            qPrintable(QJsonDocument(e).toJson(QJsonDocument::Compact)));
    }
    QCOMPARE(m_app.finish(), 0);
}

void TestClientVersion::cleanupTestCase() {
    m_emulator.put(QStringLiteral("/version-floor"), {{"min", "2.3000.1043565534"}});
}

QTEST_GUILESS_MAIN(TestClientVersion)
#include "tst_client_version.moc"
