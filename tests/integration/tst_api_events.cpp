#include "api_process.h"

#include <QNetworkRequest>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QWebSocket>

using namespace balcao::testing;

// Live events over the API: the WebSocket at /events with subscribe/unsubscribe per session, and SSE at
// /events/stream?session=. Sessions here point at a closed port, so starting one yields real status
// events (connecting, reconnecting) without a WhatsApp server.
class TestApiEvents : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void streamsOneSessionOverSse();
    void followsSubscribedSessionsOverWebSocket();
    void refusesSubscriptionsBeyondTheKey();
    void refusesWebSocketWithoutKey();

private:
    QString createSession(const QString &name);
    // Opens a WebSocket to /events with `token`; empty string when open.
    QString openSocket(QWebSocket &socket, const QString &token, QList<QJsonObject> &received);
    static std::optional<QJsonObject> waitFor(QList<QJsonObject> &received,
        const std::function<bool(const QJsonObject &)> &match, int timeoutMs = 10000);

    QTemporaryDir m_dir;
    ApiProcess m_api;
    QString m_admin;
};

QString TestApiEvents::createSession(const QString &name) {
    const auto reply
        = m_api.request("POST", "/sessions", m_admin, QJsonDocument(QJsonObject {{"name", name}}).toJson());
    return reply.status == 201 ? reply.json().value("session").toString() : QString();
}

std::optional<QJsonObject> TestApiEvents::waitFor(
    QList<QJsonObject> &received, const std::function<bool(const QJsonObject &)> &match, int timeoutMs) {
    QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        for (const QJsonObject &event : std::as_const(received)) {
            if (match(event))
                return event;
        }
        if (deadline.hasExpired())
            return std::nullopt;
        QTest::qWait(20);
    }
}

QString TestApiEvents::openSocket(QWebSocket &socket, const QString &token, QList<QJsonObject> &received) {
    connect(&socket, &QWebSocket::textMessageReceived, this, [&received](const QString &text) {
        received.append(QJsonDocument::fromJson(text.toUtf8()).object());
    });
    QNetworkRequest request(QUrl(QStringLiteral("ws://127.0.0.1:%1/events").arg(m_api.port())));
    if (!token.isEmpty())
        request.setRawHeader("X-API-Key", token.toLatin1());
    QSignalSpy connected(&socket, &QWebSocket::connected);
    socket.open(request);
    if (!connected.wait(10000))
        return QStringLiteral("no connection: ") + socket.errorString();
    return {};
}

void TestApiEvents::initTestCase() {
    QVERIFY(m_dir.isValid());
    const QString started = m_api.start(m_dir.path());
    QVERIFY2(started.isEmpty(), qPrintable(started));
    m_admin = m_api.createKey("admin").second;
}

void TestApiEvents::streamsOneSessionOverSse() {
    const QString a = createSession("SSE A");
    const QString b = createSession("SSE B");
    QVERIFY(!a.isEmpty() && !b.isEmpty());
    QTcpSocket socket;
    socket.connectToHost("127.0.0.1", m_api.port());
    QVERIFY(socket.waitForConnected(5000));
    socket.write("GET /events/stream?session=" + a.toLatin1() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: "
        + m_admin.toLatin1() + "\r\nAccept: text/event-stream\r\n\r\n");
    QByteArray stream;
    QTRY_VERIFY_WITH_TIMEOUT((stream += socket.readAll()).contains(": connected"), 10000);
    QVERIFY(stream.startsWith("HTTP/1.1 200"));
    QVERIFY(stream.contains("Content-Type: text/event-stream"));

    QCOMPARE(m_api.request("POST", "/sessions/" + b.toLatin1() + "/start", m_admin, "{}").status, 202);
    QCOMPARE(m_api.request("POST", "/sessions/" + a.toLatin1() + "/start", m_admin, "{}").status, 202);
    // Every SSE event is one "data:" line with the event JSON of docs/architecture.md.
    QList<QJsonObject> events;
    auto readEvents = [&] {
        stream += socket.readAll();
        events.clear();
        for (const QByteArray &line : stream.split('\n')) {
            if (line.startsWith("data: "))
                events.append(QJsonDocument::fromJson(line.mid(6)).object());
        }
        return std::any_of(events.cbegin(), events.cend(), [&](const QJsonObject &e) {
            return e["event"].toString() == "status" && e["status"].toString() == "reconnecting";
        });
    };
    QTRY_VERIFY_WITH_TIMEOUT(readEvents(), 10000);
    for (const QJsonObject &event : std::as_const(events)) {
        QCOMPARE(event["session"].toString(), a); // B's events are not on A's stream
        QVERIFY(event["ts"].toDouble() > 0);
    }
    QCOMPARE(events.first()["event"].toString(), QStringLiteral("status"));
    QCOMPARE(events.first()["status"].toString(), QStringLiteral("connecting"));
    m_api.request("POST", "/sessions/" + a.toLatin1() + "/stop", m_admin, "{}");
    m_api.request("POST", "/sessions/" + b.toLatin1() + "/stop", m_admin, "{}");
}

void TestApiEvents::followsSubscribedSessionsOverWebSocket() {
    const QString a = createSession("WS A");
    const QString b = createSession("WS B");
    QWebSocket socket;
    QList<QJsonObject> received;
    const QString opened = openSocket(socket, m_admin, received);
    QVERIFY2(opened.isEmpty(), qPrintable(opened));
    socket.sendTextMessage(QJsonDocument(QJsonObject {{"action", "subscribe"}, {"session", a}}).toJson());
    QVERIFY(waitFor(
        received, [&](const QJsonObject &e) { return e["event"] == "subscribed" && e["session"] == a; }));

    m_api.request("POST", "/sessions/" + b.toLatin1() + "/start", m_admin, "{}");
    m_api.request("POST", "/sessions/" + a.toLatin1() + "/start", m_admin, "{}");
    const auto connecting = waitFor(received, [&](const QJsonObject &e) {
        return e["event"] == "status" && e["session"] == a && e["status"] == "connecting";
    });
    QVERIFY(connecting);
    QVERIFY(connecting->value("ts").toDouble() > 0);
    // Unsubscribed from A, subscribed to B: B's events come, A's stop does not.
    socket.sendTextMessage(QJsonDocument(QJsonObject {{"action", "unsubscribe"}, {"session", a}}).toJson());
    socket.sendTextMessage(QJsonDocument(QJsonObject {{"action", "subscribe"}, {"session", b}}).toJson());
    QVERIFY(waitFor(
        received, [&](const QJsonObject &e) { return e["event"] == "subscribed" && e["session"] == b; }));
    const qsizetype mark = received.size();
    m_api.request("POST", "/sessions/" + a.toLatin1() + "/stop", m_admin, "{}");
    m_api.request("POST", "/sessions/" + b.toLatin1() + "/stop", m_admin, "{}");
    QVERIFY(waitFor(received, [&](const QJsonObject &e) {
        return e["event"] == "status" && e["session"] == b && e["status"] == "stopped";
    }));
    for (qsizetype i = mark; i < received.size(); ++i)
        QVERIFY2(received[i]["session"].toString() != a, qPrintable(QJsonDocument(received[i]).toJson()));
    // Bad frames are answered, not fatal.
    socket.sendTextMessage("not json");
    QVERIFY(waitFor(
        received, [](const QJsonObject &e) { return e["event"] == "error" && e["code"] == "invalid-json"; }));
    QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
}

void TestApiEvents::refusesSubscriptionsBeyondTheKey() {
    const QString a = createSession("Agent A");
    const QString b = createSession("Agent B");
    const QString agent = m_api.createKey("agent", {a}).second;
    QWebSocket socket;
    QList<QJsonObject> received;
    const QString opened = openSocket(socket, agent, received);
    QVERIFY2(opened.isEmpty(), qPrintable(opened));
    socket.sendTextMessage(QJsonDocument(QJsonObject {{"action", "subscribe"}, {"session", b}}).toJson());
    QVERIFY(waitFor(
        received, [](const QJsonObject &e) { return e["event"] == "error" && e["code"] == "forbidden"; }));
    received.clear();
    socket.sendTextMessage(QJsonDocument(QJsonObject {{"action", "subscribe"}, {"session", "*"}}).toJson());
    QVERIFY(waitFor(
        received, [](const QJsonObject &e) { return e["event"] == "error" && e["code"] == "forbidden"; }));
    socket.sendTextMessage(QJsonDocument(QJsonObject {{"action", "subscribe"}, {"session", a}}).toJson());
    QVERIFY(waitFor(
        received, [&](const QJsonObject &e) { return e["event"] == "subscribed" && e["session"] == a; }));
}

void TestApiEvents::refusesWebSocketWithoutKey() {
    QWebSocket socket;
    QSignalSpy errors(&socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error));
    QSignalSpy connected(&socket, &QWebSocket::connected);
    socket.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/events").arg(m_api.port())));
    QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty() || socket.state() == QAbstractSocket::UnconnectedState, 10000);
    QCOMPARE(connected.size(), 0);
    // The refusal is the plain 401 in the error shape.
    const auto reply
        = m_api.raw("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
    QCOMPARE(reply.status, 401);
    QCOMPARE(reply.json().value("code").toString(), QStringLiteral("unauthorized"));
}

QTEST_GUILESS_MAIN(TestApiEvents)
#include "tst_api_events.moc"
