#include <QDir>
#include <QJsonArray>
#include <QSettings>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <api_process.h>
#include <emulator.h>
#include <rest_client.h>
#include <webhook_receiver.h>

using namespace balcao::testing;

// Issue 13, Done-when 2: the window and `--headless --api` start through one path, so both serve every route
// that /openapi.json lists (the webhook routes were missing from the window's API), and a webhook set up
// through the window's API fires for an incoming message.
class TestStartupPaths : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanup();
    void headlessServesEveryDocumentedRoute();
    void windowServesEveryDocumentedRoute();
    void windowWebhookFiresForAnIncomingMessage();

private:
    // Starts balcao (`--headless --api` or the window with Settings › API on) on a fresh profile; the port.
    quint16 start(bool window);
    void checkEveryDocumentedRoute(quint16 port);
    HttpReply call(quint16 port, const QByteArray &method, const QByteArray &target);

    Emulator m_emulator;
    std::unique_ptr<QTemporaryDir> m_dir;
    QProcess m_app;
    QString m_key;
};

namespace {

const QString kBusiness = QStringLiteral("5511977000001");
const QString kCustomer = QStringLiteral("5511978000001");

quint16 freePort() {
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace

void TestStartupPaths::initTestCase() {
    const QString error = m_emulator.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_emulator.addPhone(kBusiness, QStringLiteral("Loja"));
    m_emulator.addPhone(kCustomer, QStringLiteral("Maria"));
}

void TestStartupPaths::cleanup() {
    if (m_app.state() != QProcess::NotRunning) {
        m_app.kill();
        m_app.waitForFinished(5000);
    }
}

quint16 TestStartupPaths::start(bool window) {
    m_dir = std::make_unique<QTemporaryDir>();
    const QString data = m_dir->filePath(QStringLiteral("profile"));
    m_key = createApiKey(data, QStringLiteral("admin")).second;
    if (m_key.isEmpty())
        return 0;
    const quint16 port = freePort();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("BALCAO_KEY_BACKEND"), QStringLiteral("file"));
    env.insert(QStringLiteral("BALCAO_WA_VERSION_URL"), QStringLiteral("http://127.0.0.1:1/sw.js"));
    QStringList arguments {QStringLiteral("--data"), data, QStringLiteral("--server"),
        m_emulator.ws().toString(), QStringLiteral("--server-root-key"), m_emulator.rootKeyHex()};
    if (window) {
        // The window reads Settings › API from its own settings file: one of this test's.
        const QString config = m_dir->filePath(QStringLiteral("config"));
        QSettings settings(config + QStringLiteral("/Balcao/Balcão.conf"), QSettings::IniFormat);
        settings.setValue(QStringLiteral("api/enabled"), true);
        settings.setValue(QStringLiteral("api/address"), QStringLiteral("127.0.0.1:%1").arg(port));
        settings.sync();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), config);
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    } else {
        arguments << QStringLiteral("--headless") << QStringLiteral("--api")
                  << QStringLiteral("127.0.0.1:%1").arg(port);
    }
    m_app.setProcessEnvironment(env);
    m_app.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_app.start(QStringLiteral(BALCAO_BINARY), arguments);
    if (!m_app.waitForStarted(10000))
        return 0;
    QDeadlineTimer deadline(20000);
    while (!deadline.hasExpired() && m_app.state() == QProcess::Running) {
        if (call(port, "GET", "/health").status == 200)
            return port;
        QTest::qWait(200);
    }
    return 0;
}

HttpReply TestStartupPaths::call(quint16 port, const QByteArray &method, const QByteArray &target) {
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForConnected(2000))
        return {};
    QByteArray request = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port)
        + "\r\nX-API-Key: " + m_key.toLatin1() + "\r\nConnection: close\r\n";
    if (method == "POST" || method == "PUT")
        request += "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
    else
        request += "\r\n";
    socket.write(request);
    socket.waitForBytesWritten(2000);
    // A stream (SSE) never ends: its status line is all this needs.
    return readReply(socket, 3000);
}

// Every operation of the served /openapi.json reaches a handler: none is answered as an unknown route (404
// not-found) or an unknown method (405). Path parameters name nothing that exists, so no call changes
// anything.
void TestStartupPaths::checkEveryDocumentedRoute(quint16 port) {
    const HttpReply document = call(port, "GET", "/openapi.json");
    QCOMPARE(document.status, 200);
    const QJsonObject paths = document.json().value(QStringLiteral("paths")).toObject();
    QVERIFY(paths.size() >= 18);
    int operations = 0;
    for (auto path = paths.begin(); path != paths.end(); ++path) {
        QString target = path.key();
        target.replace(QStringLiteral("{id}"), QStringLiteral("s00000000"));
        target.replace(QStringLiteral("{jid}"), QStringLiteral("5511000000000@s.whatsapp.net"));
        if (target == QLatin1String("/events/stream")
            || target == QLatin1String("/sessions/s00000000/search"))
            target += QStringLiteral("?session=s00000000&q=x");
        const QJsonObject methods = path.value().toObject();
        for (auto method = methods.begin(); method != methods.end(); ++method) {
            const HttpReply reply = call(port, method.key().toUpper().toLatin1(), target.toUtf8());
            const QString code = reply.json().value(QStringLiteral("code")).toString();
            const QString what = method.key() + QLatin1Char(' ') + target + QStringLiteral(" → ")
                + QString::number(reply.status) + QLatin1Char(' ') + code;
            QVERIFY2(reply.status != 0, qPrintable(what));
            QVERIFY2(!(reply.status == 404 && code == QLatin1String("not-found")), qPrintable(what));
            QVERIFY2(reply.status != 405, qPrintable(what));
            ++operations;
        }
    }
    QVERIFY(operations >= 24);
}

void TestStartupPaths::headlessServesEveryDocumentedRoute() {
    const quint16 port = start(false);
    QVERIFY2(port, "balcao --headless --api did not serve");
    checkEveryDocumentedRoute(port);
}

void TestStartupPaths::windowServesEveryDocumentedRoute() {
    const quint16 port = start(true);
    QVERIFY2(port, "the window did not serve the API");
    checkEveryDocumentedRoute(port);
}

void TestStartupPaths::windowWebhookFiresForAnIncomingMessage() {
    WebhookReceiver receiver;
    QVERIFY(receiver.start());
    const quint16 port = start(true);
    QVERIFY2(port, "the window did not serve the API");
    RestClient api(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port)), m_key);

    const auto created
        = api.post(QStringLiteral("/sessions"), {{QStringLiteral("name"), QStringLiteral("Loja")}});
    QCOMPARE(created.status, 201);
    const QString session = created.object().value(QStringLiteral("session")).toString();
    QCOMPARE(api.post(QStringLiteral("/sessions/%1/start").arg(session)).status, 202);
    QTRY_VERIFY_WITH_TIMEOUT(api.get(QStringLiteral("/sessions/%1/qr").arg(session)).status == 200, 15000);
    const QString qr = api.get(QStringLiteral("/sessions/%1/qr").arg(session))
                           .object()
                           .value(QStringLiteral("qr"))
                           .toString();
    QCOMPARE(m_emulator.post(QStringLiteral("/phones/%1/scan").arg(kBusiness), {{QStringLiteral("qr"), qr}})
                 .status,
        200);
    QTRY_COMPARE_WITH_TIMEOUT(api.get(QStringLiteral("/sessions/%1/status").arg(session))
                                  .object()
                                  .value(QStringLiteral("status"))
                                  .toString(),
        QStringLiteral("connected"), 15000);

    const auto hook = api.put(QStringLiteral("/sessions/%1/webhook").arg(session),
        {{QStringLiteral("url"), receiver.url()},
            {QStringLiteral("events"), QJsonArray {QStringLiteral("message")}}});
    QCOMPARE(hook.status, 201);

    const auto sent = m_emulator.post(QStringLiteral("/phones/%1/messages").arg(kCustomer),
        {{QStringLiteral("to"), kBusiness}, {QStringLiteral("text"), QStringLiteral("Oi, tem pão?")}});
    QCOMPARE(sent.status, 201);
    const QString id = sent.object().value(QStringLiteral("id")).toString();
    auto delivered = [&] {
        for (const auto &r : receiver.accepted()) {
            if (r.json().value(QStringLiteral("id")).toString() == id)
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(delivered(), 15000);
}

QTEST_GUILESS_MAIN(TestStartupPaths)
#include "tst_startup_paths.moc"
