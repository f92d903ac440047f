#include "api_process.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

using namespace balcao::testing;

// Issue 7, done-when 4: bad requests of every kind — malformed JSON, wrong types, unknown fields, huge
// bodies and headers, bad numbers, unknown ids, path tricks, bad methods, broken HTTP. Each gets its 4xx in
// the one error shape with a message that says what is wrong; the process keeps running; nothing changes.
class TestApiBadRequests : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void refusesBadRequest_data();
    void refusesBadRequest();
    void closesIdleAndSlowConnections();
    void keepsTheCallPolicy();
    void cleanupTestCase();

private:
    QByteArray request(const QByteArray &method, const QByteArray &target, const QByteArray &body = {},
        const QByteArray &contentType = "application/json", const QByteArray &extraHeaders = {}) const;
    QByteArray sessionList() const;

    QTemporaryDir m_dir;
    ApiProcess m_api;
    QString m_admin;
    QByteArray m_session;
    QByteArray m_sessionsBefore;
    int m_rows = 0;
};

QByteArray TestApiBadRequests::request(const QByteArray &method, const QByteArray &target,
    const QByteArray &body, const QByteArray &contentType, const QByteArray &extraHeaders) const {
    QByteArray bytes = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: "
        + m_admin.toLatin1() + "\r\nConnection: close\r\n" + extraHeaders;
    if (!body.isNull())
        bytes += "Content-Type: " + contentType + "\r\nContent-Length: " + QByteArray::number(body.size())
            + "\r\n";
    return bytes + "\r\n" + body;
}

QByteArray TestApiBadRequests::sessionList() const {
    return m_api.request("GET", "/sessions", m_admin).body;
}

void TestApiBadRequests::initTestCase() {
    QVERIFY(m_dir.isValid());
    QProcessEnvironment env;
    env.insert("BALCAO_API_RATE", "10000");
    env.insert("BALCAO_API_BURST", "10000");
    env.insert("BALCAO_API_IDLE_MS", "1500");
    const QString started = m_api.start(m_dir.path(), env);
    QVERIFY2(started.isEmpty(), qPrintable(started));
    m_admin = m_api.createKey("admin").second;
    const auto created = m_api.request("POST", "/sessions", m_admin, R"({"name":"Loja"})");
    QCOMPARE(created.status, 201);
    m_session = created.json().value("session").toString().toLatin1();
    m_sessionsBefore = sessionList();
    QVERIFY(m_sessionsBefore.contains(m_session));
}

void TestApiBadRequests::refusesBadRequest_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    const QByteArray s = "/sessions/" + m_session;
    const QByteArray chat = s + "/chats/5511900000002@s.whatsapp.net/messages";
    auto row = [](const char *name, const QByteArray &bytes, int status, const char *code) {
        QTest::newRow(name) << bytes << status << QString::fromLatin1(code);
    };

    // Bodies that are not the JSON object the route wants.
    row("truncated JSON", request("POST", "/sessions", R"({"name":)"), 400, "invalid-json");
    row("JSON array", request("POST", "/sessions", "[1,2]"), 400, "invalid-json");
    row("JSON string", request("POST", "/sessions", R"("Loja")"), 400, "invalid-json");
    row("empty body", request("POST", "/sessions", ""), 400, "invalid-json");
    row("trailing garbage", request("POST", "/sessions", R"({"name":"x"} {)"), 400, "invalid-json");
    row("nested 5000 deep", request("POST", "/sessions", "{\"name\":" + QByteArray(5000, '[')), 400,
        "invalid-json");
    row("invalid UTF-8 in JSON", request("POST", "/sessions", "{\"name\":\"\xc3\x28\"}"), 400,
        "invalid-json");
    row("name is a number", request("POST", "/sessions", R"({"name":42})"), 400, "invalid-argument");
    row("name is null", request("POST", "/sessions", R"({"name":null})"), 400, "invalid-argument");
    row("name is empty", request("POST", "/sessions", R"({"name":"  "})"), 400, "invalid-argument");
    row("name too long", request("POST", "/sessions", "{\"name\":\"" + QByteArray(101, 'x') + "\"}"), 400,
        "invalid-argument");
    row("name missing", request("POST", "/sessions", "{}"), 400, "invalid-argument");
    row("unknown field", request("POST", "/sessions", R"({"name":"x","role":"admin"})"), 400,
        "invalid-argument");
    row("text/plain body", request("POST", "/sessions", R"({"name":"x"})", "text/plain"), 415,
        "unsupported-media-type");
    row("form body", request("POST", "/sessions", "name=x", "application/x-www-form-urlencoded"), 415,
        "unsupported-media-type");

    // Sending: fields, numbers, ids.
    row("send: to missing", request("POST", s + "/messages", R"({"text":"oi"})"), 400, "invalid-argument");
    row("send: to is a number", request("POST", s + "/messages", R"({"to":5511900000002,"text":"oi"})"), 400,
        "invalid-argument");
    row("send: text is an object",
        request("POST", s + "/messages", R"({"to":"5511900000002","text":{"a":1}})"), 400,
        "invalid-argument");
    row("send: letters for a number", request("POST", s + "/messages", R"({"to":"abc","text":"oi"})"), 400,
        "invalid-number");
    row("send: number too short", request("POST", s + "/messages", R"({"to":"12","text":"oi"})"), 400,
        "invalid-number");
    row("send: number too long",
        request("POST", s + "/messages", R"({"to":"5511900000002000000000","text":"oi"})"), 400,
        "invalid-number");
    row("send: blank text", request("POST", s + "/messages", R"({"to":"5511900000002","text":"   "})"), 400,
        "invalid-argument");
    row("send: id with a path",
        request("POST", s + "/messages", R"({"to":"5511900000002","text":"oi","id":"../x"})"), 400,
        "invalid-argument");
    row("send: id is a number",
        request("POST", s + "/messages", R"({"to":"5511900000002","text":"oi","id":123})"), 400,
        "invalid-argument");
    row("send: unknown session",
        request("POST", "/sessions/snope/messages", R"({"to":"5511900000002","text":"oi"})"), 404,
        "unknown-session");
    row("pairing: bad phone", request("POST", s + "/pairing-code", R"({"phone":"+55 abc"})"), 400,
        "invalid-number");
    row("pairing: phone is an array", request("POST", s + "/pairing-code", R"({"phone":["5511"]})"), 400,
        "invalid-argument");
    row("calls: reject missing", request("PUT", s + "/calls", R"({"reply":"oi"})"), 400, "invalid-argument");
    row("calls: reject is a string", request("PUT", s + "/calls", R"({"reject":"yes"})"), 400,
        "invalid-argument");
    row("calls: reply too long",
        request("PUT", s + "/calls", "{\"reject\":true,\"reply\":\"" + QByteArray(1001, 'x') + "\"}"), 400,
        "invalid-argument");
    row("calls: unknown session", request("PUT", "/sessions/snope/calls", R"({"reject":true})"), 404,
        "unknown-session");
    row("read: a body", request("POST", s + "/chats/5511900000002@s.whatsapp.net/read", R"({"all":true})"),
        400, "invalid-argument");

    // Query strings.
    row("limit 0", request("GET", chat + "?limit=0"), 400, "invalid-argument");
    row("limit 201", request("GET", chat + "?limit=201"), 400, "invalid-argument");
    row("limit letters", request("GET", chat + "?limit=abc"), 400, "invalid-argument");
    row("limit negative", request("GET", chat + "?limit=-5"), 400, "invalid-argument");
    row("limit exponent", request("GET", chat + "?limit=1e2"), 400, "invalid-argument");
    row("limit twice", request("GET", chat + "?limit=5&limit=6"), 400, "invalid-argument");
    row("before with markup", request("GET", chat + "?before=%3Cscript%3E"), 400, "invalid-argument");
    row("unknown query parameter", request("GET", chat + "?offset=10"), 400, "invalid-argument");
    row("search without q", request("GET", s + "/search"), 400, "invalid-argument");
    row("search q only punctuation", request("GET", s + "/search?q=%3F%21%20--"), 400, "invalid-argument");
    row("search q too long", request("GET", s + "/search?q=" + QByteArray(201, 'a')), 400,
        "invalid-argument");
    row("search limit 0", request("GET", s + "/search?q=oi&limit=0"), 400, "invalid-argument");
    row("search unknown parameter", request("GET", s + "/search?q=oi&chat=x"), 400, "invalid-argument");
    row("search unknown session", request("GET", "/sessions/snope/search?q=oi"), 404, "unknown-session");
    row("chat is not a JID", request("GET", s + "/chats/notajid/messages"), 400, "invalid-argument");
    row("qr format gif", request("GET", s + "/qr?format=gif"), 400, "invalid-argument");
    row("events stream unknown parameter", request("GET", "/events/stream?foo=1"), 400, "invalid-argument");

    // Unknown things.
    row("unknown session", request("GET", "/sessions/snope"), 404, "unknown-session");
    row("delete unknown session", request("DELETE", "/sessions/snope"), 404, "unknown-session");
    row("qr of unknown session", request("GET", "/sessions/snope/qr"), 404, "unknown-session");
    row("no QR pending", request("GET", s + "/qr"), 404, "qr-not-pending");
    row("unknown route", request("GET", "/keys"), 404, "not-found");
    row("events without upgrade", request("GET", "/events"), 426, "invalid-argument");

    // Paths that try to mean something else.
    row("dot-dot", request("GET", "/sessions/../stats"), 400, "invalid-path");
    row("encoded dot-dot", request("GET", "/sessions/%2e%2e/stats"), 400, "invalid-path");
    row("mixed-case encoded dot-dot", request("GET", "/sessions/%2E%2e"), 400, "invalid-path");
    row("single dot", request("GET", "/sessions/./" + m_session), 400, "invalid-path");
    row("encoded slash", request("GET", "/sessions/" + m_session + "%2fstatus"), 400, "invalid-path");
    row("encoded backslash", request("GET", "/sessions/..%5cstats"), 400, "invalid-path");
    row("encoded NUL", request("GET", "/sessions/s%00"), 400, "invalid-path");
    row("bad escape", request("GET", "/sessions/%zz"), 400, "invalid-path");
    row("cut escape", request("GET", "/sessions/%2"), 400, "invalid-path");
    row("invalid UTF-8 in path", request("GET", "/sessions/%c3%28"), 400, "invalid-path");
    row("empty segment", request("GET", "//sessions"), 400, "invalid-path");
    row("absolute-form target", request("GET", "http://127.0.0.1/sessions"), 400, "invalid-path");
    row("too many segments", request("GET", "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q"), 400, "invalid-path");
    row("overlong path", request("GET", "/sessions/" + QByteArray(3000, 'a')), 414, "uri-too-long");

    // Methods.
    row("PUT on a collection", request("PUT", "/sessions", R"({"name":"x"})"), 405, "method-not-allowed");
    row("DELETE stats", request("DELETE", "/stats"), 405, "method-not-allowed");
    row("unknown method", request("BREW", "/sessions"), 405, "method-not-allowed");

    // Sizes and broken HTTP, refused before a handler sees them.
    row("huge body announced",
        request("POST", "/sessions", QByteArray(), "application/json",
            "Content-Type: application/json\r\nContent-Length: 10000000\r\n"),
        413, "body-too-large");
    row("huge chunked body",
        request("POST", "/sessions", QByteArray(), "application/json",
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n")
            + "80000\r\n" + QByteArray(300000, 'x'),
        413, "body-too-large");
    row("huge header",
        request("GET", "/sessions", QByteArray(), "", "X-Junk: " + QByteArray(20000, 'j') + "\r\n"), 431,
        "headers-too-large");
    row("thousands of headers",
        request("GET", "/sessions", QByteArray(), "", QByteArray("X-A: b\r\n").repeated(3000)), 431,
        "headers-too-large");
    row("bad Content-Length", request("POST", "/sessions", QByteArray(), "", "Content-Length: ab\r\n"), 400,
        "invalid-argument");
    row("two Content-Lengths",
        request("POST", "/sessions", QByteArray(), "", "Content-Length: 5\r\nContent-Length: 7\r\n")
            + "{\"a\":1}",
        400, "invalid-argument");
    row("not HTTP", "hello there\r\n\r\n", 400, "invalid-argument");
    row("HTTP/2.0 request line", "GET /health HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n", 400, "invalid-argument");
    row("space in target", "GET /sess ions HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400, "invalid-argument");
}

void TestApiBadRequests::refusesBadRequest() {
    QFETCH(QByteArray, bytes);
    QFETCH(int, status);
    QFETCH(QString, code);
    ++m_rows;
    const HttpReply reply = m_api.raw(bytes);
    QCOMPARE(reply.status, status);
    const QJsonObject error = reply.json();
    QCOMPARE(error.value("statusCode").toInt(), status);
    QVERIFY(!error.value("error").toString().isEmpty());
    const QString message = error.value("message").toString();
    QVERIFY2(message.size() >= 10, qPrintable(message));
    QCOMPARE(error.value("code").toString(), code);
    QVERIFY(m_api.isRunning());
    QCOMPARE(sessionList(), m_sessionsBefore);
}

void TestApiBadRequests::closesIdleAndSlowConnections() {
    // Silent, half a request, and a request trickled a byte at a time (slowloris): each is closed once the
    // idle time (1.5 s here) has passed, whatever it sent.
    QTcpSocket silent;
    QTcpSocket half;
    QTcpSocket trickle;
    for (QTcpSocket *socket : {&silent, &half, &trickle}) {
        socket->connectToHost("127.0.0.1", m_api.port());
        QVERIFY(socket->waitForConnected(5000));
    }
    half.write("GET /sessions HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    QElapsedTimer clock;
    clock.start();
    const QByteArray slow = "GET /sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + QByteArray(100, 's');
    int sent = 0;
    auto allClosed = [&] {
        if (sent < slow.size() && trickle.state() == QAbstractSocket::ConnectedState)
            trickle.write(slow.mid(sent++, 1));
        return silent.state() == QAbstractSocket::UnconnectedState
            && half.state() == QAbstractSocket::UnconnectedState
            && trickle.state() == QAbstractSocket::UnconnectedState;
    };
    QTRY_VERIFY_WITH_TIMEOUT(allClosed(), 8000);
    QVERIFY2(clock.elapsed() >= 1000, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(sent < slow.size()); // cut off before the trickled request was complete
    QVERIFY(m_api.isRunning());
}

// The good request the refusals above are measured against: kept, and shown with the session.
void TestApiBadRequests::keepsTheCallPolicy() {
    const auto set = m_api.request("PUT", "/sessions/" + m_session + "/calls", m_admin,
        R"({"reject":true,"reply":"Não atendemos ligações; mande uma mensagem."})");
    QCOMPARE(set.status, 200);
    const auto sessions = m_api.request("GET", "/sessions", m_admin);
    QVERIFY2(sessions.body.contains(
                 R"("calls":{"reject":true,"reply":"Não atendemos ligações; mande uma mensagem."})"),
        sessions.body.constData());
}

void TestApiBadRequests::cleanupTestCase() {
    QVERIFY2(m_rows >= 40, qPrintable(QString::number(m_rows)));
    QVERIFY(m_api.isRunning());
    QCOMPARE(m_api.request("GET", "/health").status, 200);
}

QTEST_GUILESS_MAIN(TestApiBadRequests)
#include "tst_api_bad_requests.moc"
