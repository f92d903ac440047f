#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <emulator.h>
#include <headless_process.h>
#include <key_cli.h>
#include <rest_client.h>

using namespace balcao::testing;

// An error that arises after a command's synchronous part — the server refusing a pairing code, the disk
// filling up when a send's batch is committed — reaches the caller that asked: through the API as that
// error's own status within a second (never the route's 504 time-out), and through the headless runner
// with the command's request id.
class TestAsyncErrors : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void refusedPairingCodeAnswersTheRequest();
    void fullDiskAtCommitAnswersTheSend();

private:
    QString startApp(const QProcessEnvironment &env = {});

    Emulator m_emulator;
    QTemporaryDir m_data;
    HeadlessProcess m_app;
    RestClient m_api;
    QString m_key;
};

namespace {

const QString kBusiness = QStringLiteral("5511975000001");
const QString kCustomer = QStringLiteral("5511976000001");

bool isError(const QJsonObject &event, const QString &requestId) {
    return event.value(QStringLiteral("event")) == QLatin1String("error")
        && event.value(QStringLiteral("requestId")) == requestId;
}

} // namespace

QString TestAsyncErrors::startApp(const QProcessEnvironment &env) {
    m_app.setExtraArguments({QStringLiteral("--api"), QStringLiteral("127.0.0.1:0")});
    if (const QString error = m_app.start(m_data.path(), m_emulator.ws(), m_emulator.rootKeyHex(), env);
        !error.isEmpty())
        return error;
    const auto api = m_app.waitForEvent(QStringLiteral("api"), {}, 10000);
    if (!api)
        return QStringLiteral("the API did not start");
    m_api.setBase(QUrl(QStringLiteral("http://%1/").arg(api->value(QStringLiteral("address")).toString())));
    return {};
}

void TestAsyncErrors::initTestCase() {
    const QString error = m_emulator.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_emulator.addPhone(kBusiness, QStringLiteral("Loja"));
    m_emulator.addPhone(kCustomer, QStringLiteral("Maria"));
    m_key = createApiKey(m_data.path(), QStringLiteral("admin")).second;
    QVERIFY2(!m_key.isEmpty(), "no API key could be created");
    m_api.setKey(m_key);
    const QString started = startApp();
    QVERIFY2(started.isEmpty(), qPrintable(started));
}

void TestAsyncErrors::cleanupTestCase() {
    m_app.kill();
}

void TestAsyncErrors::refusedPairingCodeAnswersTheRequest() {
    const auto created
        = m_api.post(QStringLiteral("/sessions"), {{QStringLiteral("name"), QStringLiteral("Loja")}});
    QCOMPARE(created.status, 201);
    const QString session = created.object().value(QStringLiteral("session")).toString();
    QVERIFY(!session.isEmpty());
    const QString codePath = QStringLiteral("/sessions/%1/pairing-code").arg(session);

    // Through the API: the server's 400 to link_code_companion_reg comes back as a 502 naming it.
    QCOMPARE(
        m_emulator.post(QStringLiteral("/faults"), {{QStringLiteral("pairingCodeError"), 400}}).status, 200);
    QElapsedTimer clock;
    clock.start();
    const auto refused = m_api.post(codePath, {{QStringLiteral("phone"), kBusiness}});
    const qint64 elapsed = clock.elapsed();
    QCOMPARE(refused.status, 502);
    QCOMPARE(refused.object().value(QStringLiteral("code")).toString(), QStringLiteral("server-refused"));
    QVERIFY2(refused.object().value(QStringLiteral("message")).toString().contains(QStringLiteral("400")),
        refused.body.constData());
    QVERIFY2(elapsed < 1000, qPrintable(QStringLiteral("answered after %1 ms").arg(elapsed)));
    QCOMPARE(m_emulator.get(QStringLiteral("/faults"))
                 .object()
                 .value(QStringLiteral("fired"))
                 .toObject()
                 .value(QStringLiteral("pairingCodeError"))
                 .toInt(),
        1);

    // Through the headless runner: the error event carries the command's request id.
    QCOMPARE(
        m_emulator.post(QStringLiteral("/faults"), {{QStringLiteral("pairingCodeError"), 400}}).status, 200);
    const int from = m_app.eventCount();
    m_app.send({{"cmd", "link"}, {"session", session}, {"method", "code"}, {"phone", kBusiness},
        {"requestId", "r-code"}});
    const auto error = m_app.waitFor(
        [](const QJsonObject &e) { return isError(e, QStringLiteral("r-code")); }, 5000, from);
    QVERIFY2(error, "no error event with the request id");
    QCOMPARE(error->value(QStringLiteral("code")).toString(), QStringLiteral("server-refused"));
    QCOMPARE(error->value(QStringLiteral("session")).toString(), session);

    // The number is not stuck: asked again without the fault, it gets its code.
    const auto given = m_api.post(codePath, {{QStringLiteral("phone"), kBusiness}});
    QCOMPARE(given.status, 200);
    QCOMPARE(given.object().value(QStringLiteral("code")).toString().size(), 9); // ABCD-EFGH
    QCOMPARE(m_api.del(QStringLiteral("/sessions/%1").arg(session)).status, 200);
}

void TestAsyncErrors::fullDiskAtCommitAnswersTheSend() {
    // A number linked by a plain headless run (closing its input stops it cleanly, which checkpoints the
    // journal into balcao.db), then the profile again with the API and the disk a few dozen pages from full.
    m_app.kill();
    QString session;
    {
        HeadlessProcess linker;
        QVERIFY(linker.start(m_data.path(), m_emulator.ws(), m_emulator.rootKeyHex()).isEmpty());
        linker.send({{"cmd", "add-session"}, {"name", "Loja"}, {"requestId", "r-add"}});
        const auto added = linker.waitFor(
            [](const QJsonObject &e) {
                return e.value(QStringLiteral("requestId")) == QLatin1String("r-add");
            },
            5000);
        QVERIFY(added);
        session = added->value(QStringLiteral("session")).toString();
        linker.send({{"cmd", "link"}, {"session", session}, {"method", "qr"}});
        const auto qr = linker.waitForEvent(QStringLiteral("qr"), session, 15000);
        QVERIFY(qr);
        QCOMPARE(m_emulator
                     .post(QStringLiteral("/phones/%1/scan").arg(kBusiness),
                         {{QStringLiteral("qr"), qr->value(QStringLiteral("qr")).toString()}})
                     .status,
            200);
        QVERIFY(linker.waitForStatus(session, QStringLiteral("connected"), 15000));
        QCOMPARE(linker.finish(), 0);
    }

    const qint64 pages = QFileInfo(QDir(m_data.path()).filePath(QStringLiteral("balcao.db"))).size() / 4096;
    QVERIFY(pages > 0);
    QProcessEnvironment full;
    full.insert(QStringLiteral("BALCAO_DB_MAX_PAGES"), QString::number(pages + 30));
    const QString started = startApp(full);
    QVERIFY2(started.isEmpty(), qPrintable(started));
    QVERIFY(m_app.waitForStatus(session, QStringLiteral("connected"), 15000));

    // Through the API: sends are queued (201) until one does not fit; that one is answered at once as 507.
    const QString messagesPath = QStringLiteral("/sessions/%1/messages").arg(session);
    RestClient::Reply refused;
    qint64 elapsed = 0;
    for (int i = 0; i < 200 && refused.status == 0; ++i) {
        QElapsedTimer clock;
        clock.start();
        const auto reply = m_api.post(messagesPath,
            {{QStringLiteral("to"), kCustomer},
                {QStringLiteral("text"),
                    QStringLiteral("pedido %1 ").arg(i) + QString(3000, QLatin1Char('a' + i % 26))}});
        elapsed = clock.elapsed();
        if (reply.status != 201)
            refused = reply;
    }
    QVERIFY2(refused.status != 0, "the disk never filled up");
    QCOMPARE(refused.status, 507);
    QCOMPARE(refused.object().value(QStringLiteral("code")).toString(), QStringLiteral("storage-full"));
    QVERIFY2(elapsed < 1000, qPrintable(QStringLiteral("answered after %1 ms").arg(elapsed)));

    // Through the headless runner: the refusal names the command's request id.
    const int from = m_app.eventCount();
    m_app.send({{"cmd", "send"}, {"session", session}, {"to", kCustomer},
        {"text", QString(3000, QLatin1Char('z'))}, {"requestId", "r-full"}});
    const auto error = m_app.waitFor(
        [](const QJsonObject &e) { return isError(e, QStringLiteral("r-full")); }, 5000, from);
    QVERIFY2(error, "no error event with the request id");
    QCOMPARE(error->value(QStringLiteral("code")).toString(), QStringLiteral("storage-full"));
    QVERIFY(m_app.isRunning());
}

QTEST_GUILESS_MAIN(TestAsyncErrors)
#include "tst_async_errors.moc"
