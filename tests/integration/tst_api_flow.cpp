#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>
#include <emulator.h>
#include <headless_process.h>
#include <key_cli.h>
#include <rest_client.h>
#include <signer.h>
#include <webhook_receiver.h>

using namespace balcao::testing;
using balcao::webhooks::Signer;

// Issue 7, Done-when 1, through the HTTP API only: create a session, fetch its QR (JSON and PNG — the PNG
// decodes with zbarimg to the same string), scan it in the emulator, see `connected` in /status and as a
// WebSocket and an SSE event; send a message and read it at the phone; the phone's reply arrives as a signed
// webhook and shows up in /chats with unread 1. The real balcao (headless --api) against the emulator.
class TestApiFlow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void linksSendsAndReceivesThroughTheApiOnly();

private:
    void openStreams();
    bool sawEvent(const QList<QJsonObject> &events, const QString &name, const QString &key,
        const QString &value) const;

    Emulator m_emulator;
    QTemporaryDir m_data;
    HeadlessProcess m_app;
    WebhookReceiver m_receiver;
    RestClient m_api;
    QWebSocket m_socket;
    QNetworkAccessManager m_network;
    std::unique_ptr<QNetworkReply> m_sse;
    QByteArray m_sseBuffer;
    QList<QJsonObject> m_wsEvents;
    QList<QJsonObject> m_sseEvents;
    QString m_address; // HOST:PORT of the API
    QString m_key;
    QString m_session;
};

namespace {

const QString kBusiness = QStringLiteral("5511973000001");
const QString kCustomer = QStringLiteral("5511974000001");

} // namespace

void TestApiFlow::initTestCase() {
    QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("zbarimg")).isEmpty(),
        "zbarimg (zbar-tools) is needed");
    const QString error = m_emulator.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_emulator.addPhone(kBusiness, QStringLiteral("Loja"));
    m_emulator.addPhone(kCustomer, QStringLiteral("Maria"));
    QVERIFY(m_receiver.start());
    m_key = createApiKey(m_data.path(), QStringLiteral("admin")).second;
    QVERIFY2(!m_key.isEmpty(), "no API key could be created");
    m_app.setExtraArguments({QStringLiteral("--api"), QStringLiteral("127.0.0.1:0")});
    QVERIFY(m_app.start(m_data.path(), m_emulator.ws(), m_emulator.rootKeyHex()).isEmpty());
    // The API announces where it listens: {"event":"api","address":"127.0.0.1:PORT"}.
    const auto api = m_app.waitForEvent(QStringLiteral("api"), {}, 10000);
    QVERIFY2(api, "the API did not start");
    m_address = api->value(QStringLiteral("address")).toString();
    m_api.setBase(QUrl(QStringLiteral("http://%1/").arg(m_address)));
    m_api.setKey(m_key);
    QTRY_VERIFY_WITH_TIMEOUT(m_api.get(QStringLiteral("/health")).status == 200, 10000);
}

void TestApiFlow::cleanupTestCase() {
    m_socket.close();
    if (m_sse)
        m_sse->abort();
    m_app.kill();
}

// A WebSocket subscribed to the session, and an SSE stream of it; both collect every event they carry.
void TestApiFlow::openStreams() {
    QObject::connect(&m_socket, &QWebSocket::textMessageReceived, &m_socket,
        [this](const QString &text) { m_wsEvents.append(QJsonDocument::fromJson(text.toUtf8()).object()); });
    QNetworkRequest wsRequest(QUrl(QStringLiteral("ws://%1/events").arg(m_address)));
    wsRequest.setRawHeader("X-API-Key", m_key.toUtf8());
    m_socket.open(wsRequest);
    QTRY_COMPARE_WITH_TIMEOUT(m_socket.state(), QAbstractSocket::ConnectedState, 5000);
    m_socket.sendTextMessage(QString::fromUtf8(QJsonDocument(
        QJsonObject {{QStringLiteral("action"), QStringLiteral("subscribe")},
            {QStringLiteral("session"),
                m_session}}).toJson(QJsonDocument::Compact)));

    QNetworkRequest sseRequest(
        QUrl(QStringLiteral("http://%1/events/stream?session=%2").arg(m_address, m_session)));
    sseRequest.setRawHeader("X-API-Key", m_key.toUtf8());
    sseRequest.setRawHeader("Accept", "text/event-stream");
    m_sse.reset(m_network.get(sseRequest));
    QObject::connect(m_sse.get(), &QNetworkReply::readyRead, m_sse.get(), [this] {
        m_sseBuffer += m_sse->readAll();
        qsizetype end;
        while ((end = m_sseBuffer.indexOf("\n\n")) >= 0) {
            const QByteArray block = m_sseBuffer.left(end);
            m_sseBuffer.remove(0, end + 2);
            for (const QByteArray &line : block.split('\n')) {
                if (line.startsWith("data:"))
                    m_sseEvents.append(QJsonDocument::fromJson(line.mid(5).trimmed()).object());
            }
        }
    });
    QTRY_VERIFY_WITH_TIMEOUT(m_sse->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200, 5000);
}

bool TestApiFlow::sawEvent(
    const QList<QJsonObject> &events, const QString &name, const QString &key, const QString &value) const {
    for (const QJsonObject &e : events) {
        if (e.value(QStringLiteral("event")).toString() == name
            && e.value(QStringLiteral("session")).toString() == m_session && e.value(key).toString() == value)
            return true;
    }
    return false;
}

void TestApiFlow::linksSendsAndReceivesThroughTheApiOnly() {
    // Create the session and ask for a QR code.
    const auto created
        = m_api.post(QStringLiteral("/sessions"), {{QStringLiteral("name"), QStringLiteral("Loja Centro")}});
    QCOMPARE(created.status, 201);
    m_session = created.object().value(QStringLiteral("session")).toString();
    QVERIFY(!m_session.isEmpty());
    openStreams();
    QCOMPARE(m_api.post(QStringLiteral("/sessions/%1/start").arg(m_session)).status, 202);

    QTRY_VERIFY_WITH_TIMEOUT(
        m_api.get(QStringLiteral("/sessions/%1/qr").arg(m_session)).status == 200, 15000);
    // The JSON and the PNG of one QR: asked for between two JSON reads that agree (the ref may rotate).
    QString qr;
    RestClient::Reply qrJson;
    RestClient::Reply png;
    for (int attempt = 0; attempt < 3 && qr.isEmpty(); ++attempt) {
        qrJson = m_api.get(QStringLiteral("/sessions/%1/qr").arg(m_session));
        png = m_api.get(QStringLiteral("/sessions/%1/qr?format=png").arg(m_session));
        const auto after = m_api.get(QStringLiteral("/sessions/%1/qr").arg(m_session));
        if (qrJson.status == 200
            && after.object().value(QStringLiteral("qr")) == qrJson.object().value(QStringLiteral("qr")))
            qr = qrJson.object().value(QStringLiteral("qr")).toString();
    }
    QVERIFY(qr.startsWith(QStringLiteral("2@")));
    QVERIFY(
        qrJson.object().value(QStringLiteral("expiresAt")).toDouble() > QDateTime::currentMSecsSinceEpoch());
    QVERIFY(qrJson.object()
                .value(QStringLiteral("png"))
                .toString()
                .startsWith(QStringLiteral("data:image/png;base64,")));

    // The PNG decodes to the same string.
    QCOMPARE(png.status, 200);
    QCOMPARE(png.contentType, QByteArray("image/png"));
    const QString pngPath = m_data.filePath(QStringLiteral("qr.png"));
    {
        QFile file(pngPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(png.body);
    }
    QProcess zbar;
    zbar.start(QStringLiteral("zbarimg"), {QStringLiteral("--raw"), QStringLiteral("-q"), pngPath});
    QVERIFY(zbar.waitForFinished(10000));
    QCOMPARE(QString::fromUtf8(zbar.readAllStandardOutput()).trimmed(), qr);

    // Scan it at the phone: connected in /status, on the WebSocket and on the SSE stream.
    QCOMPARE(m_emulator.post(QStringLiteral("/phones/%1/scan").arg(kBusiness), {{QStringLiteral("qr"), qr}})
                 .status,
        200);
    QTRY_COMPARE_WITH_TIMEOUT(m_api.get(QStringLiteral("/sessions/%1/status").arg(m_session))
                                  .object()
                                  .value(QStringLiteral("status"))
                                  .toString(),
        QStringLiteral("connected"), 15000);
    QTRY_VERIFY_WITH_TIMEOUT(
        sawEvent(m_wsEvents, QStringLiteral("status"), QStringLiteral("status"), QStringLiteral("connected")),
        5000);
    QTRY_VERIFY_WITH_TIMEOUT(sawEvent(m_sseEvents, QStringLiteral("status"), QStringLiteral("status"),
                                 QStringLiteral("connected")),
        5000);

    // A webhook for incoming messages.
    const auto hook = m_api.put(QStringLiteral("/sessions/%1/webhook").arg(m_session),
        {{QStringLiteral("url"), m_receiver.url()},
            {QStringLiteral("events"), QJsonArray {QStringLiteral("message")}}});
    QCOMPARE(hook.status, 201);
    const QString secret = hook.object().value(QStringLiteral("secret")).toString();
    QCOMPARE(secret.size(), 64);
    QVERIFY(!m_api.get(QStringLiteral("/sessions/%1/webhook").arg(m_session))
                 .object()
                 .contains(QStringLiteral("secret")));

    // Send a message; the phone has it and reads it.
    const QString text = QStringLiteral("Olá Maria, seu pedido saiu para entrega.");
    const auto sent = m_api.post(QStringLiteral("/sessions/%1/messages").arg(m_session),
        {{QStringLiteral("to"), kCustomer}, {QStringLiteral("text"), text}});
    QCOMPARE(sent.status, 201);
    const QString sentId = sent.object().value(QStringLiteral("id")).toString();
    QVERIFY(!sentId.isEmpty());
    const auto phoneHas = [&] {
        for (const auto &m : m_emulator.get(QStringLiteral("/phones/%1/messages").arg(kCustomer)).array()) {
            if (m.toObject().value(QStringLiteral("id")).toString() == sentId)
                return m.toObject().value(QStringLiteral("text")).toString() == text;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(phoneHas(), 15000);
    QCOMPARE(m_emulator
                 .post(QStringLiteral("/phones/%1/read").arg(kCustomer),
                     {{QStringLiteral("chat"), kBusiness + QStringLiteral("@s.whatsapp.net")},
                         {QStringLiteral("ids"), QJsonArray {sentId}}})
                 .status,
        200);
    QTRY_VERIFY_WITH_TIMEOUT(sawEvent(m_sseEvents, QStringLiteral("message.status"), QStringLiteral("status"),
                                 QStringLiteral("read")),
        10000);

    // The phone answers: a signed webhook, and the chat with one unread message.
    const QString reply = QStringLiteral("Obrigada! Chega hoje?");
    const auto answered = m_emulator.post(QStringLiteral("/phones/%1/messages").arg(kCustomer),
        {{QStringLiteral("to"), kBusiness}, {QStringLiteral("text"), reply}});
    QCOMPARE(answered.status, 201);
    const QString replyId = answered.object().value(QStringLiteral("id")).toString();
    // The webhook carries every "message" event: ours (fromMe) first, then the reply.
    const auto replyDelivery = [&]() -> std::optional<WebhookReceiver::Request> {
        for (const auto &r : m_receiver.accepted()) {
            if (r.json().value(QStringLiteral("id")).toString() == replyId)
                return r;
        }
        return std::nullopt;
    };
    QTRY_VERIFY_WITH_TIMEOUT(replyDelivery().has_value(), 15000);
    QCOMPARE(m_receiver.accepted().first().json().value(QStringLiteral("id")).toString(), sentId);
    QCOMPARE(m_receiver.accepted().first().json().value(QStringLiteral("fromMe")).toBool(), true);
    const auto delivery = *replyDelivery();
    QCOMPARE(delivery.json().value(QStringLiteral("fromMe")).toBool(), false);
    QCOMPARE(delivery.headers.value("x-balcao-event"), QByteArray("message"));
    QVERIFY(Signer::verify(secret, delivery.headers.value("x-balcao-timestamp").toLongLong(), delivery.body,
        delivery.headers.value("x-balcao-signature")));
    QCOMPARE(delivery.json().value(QStringLiteral("id")).toString(), replyId);
    QCOMPARE(delivery.json().value(QStringLiteral("text")).toString(), reply);
    QCOMPARE(delivery.json().value(QStringLiteral("session")).toString(), m_session);

    const auto chats = m_api.get(QStringLiteral("/sessions/%1/chats").arg(m_session));
    QCOMPARE(chats.status, 200);
    bool found = false;
    for (const auto &c : chats.object().value(QStringLiteral("chats")).toArray()) {
        const QJsonObject chat = c.toObject();
        if (chat.value(QStringLiteral("chat")).toString() == kCustomer + QStringLiteral("@s.whatsapp.net")) {
            found = true;
            QCOMPARE(chat.value(QStringLiteral("unread")).toInt(), 1);
        }
    }
    QVERIFY2(found, chats.body.constData());

    // And it is found by its words ("chega" and the start of "hoje"), newest first, case aside.
    const auto search = m_api.get(QStringLiteral("/sessions/%1/search?q=CHEGA%20ho").arg(m_session));
    QCOMPARE(search.status, 200);
    const QJsonArray hits = search.object().value(QStringLiteral("messages")).toArray();
    QCOMPARE(hits.size(), 1);
    QCOMPARE(hits.at(0).toObject().value(QStringLiteral("id")).toString(), replyId);
    QCOMPARE(m_api.get(QStringLiteral("/sessions/%1/search?q=pizza").arg(m_session))
                 .object()
                 .value(QStringLiteral("messages"))
                 .toArray()
                 .size(),
        0);
}

QTEST_GUILESS_MAIN(TestApiFlow)
#include "tst_api_flow.moc"
