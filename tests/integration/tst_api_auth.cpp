#include "api_process.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

using namespace balcao::testing;

// Issue 7, done-when 3: who may call what. Keys come from `balcao keys` on the running profile; every
// refusal has the one error shape and the right status.
class TestApiAuth : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void refusesRequestsWithoutAKey();
    void refusesUnknownAndRevokedKeys();
    void acceptsBearerAndHeaderKeys();
    void keepsAgentsToTheirSessions();
    void keepsAgentsOffAdminRoutes();
    void refusesForeignHostsAndOrigins();
    void limitsRequestRatePerKey();

private:
    static void verifyError(const HttpReply &reply, int status, const char *code);
    QTemporaryDir m_dir;
    ApiProcess m_api;
    QString m_admin;
    QString m_sessionA;
    QString m_sessionB;
};

void TestApiAuth::verifyError(const HttpReply &reply, int status, const char *code) {
    QCOMPARE(reply.status, status);
    const QJsonObject error = reply.json();
    QCOMPARE(error.value("statusCode").toInt(), status);
    QVERIFY(!error.value("error").toString().isEmpty());
    QVERIFY(!error.value("message").toString().isEmpty());
    QCOMPARE(error.value("code").toString(), QString::fromLatin1(code));
}

void TestApiAuth::initTestCase() {
    QVERIFY(m_dir.isValid());
    // A small budget so the rate limit shows in a few requests; other tests use their own keys.
    QProcessEnvironment env;
    env.insert("BALCAO_API_RATE", "1");
    env.insert("BALCAO_API_BURST", "20");
    const QString started = m_api.start(m_dir.path(), env);
    QVERIFY2(started.isEmpty(), qPrintable(started));
    m_admin = m_api.createKey("admin").second;
    QVERIFY(m_admin.startsWith("balcao_"));
    const auto a = m_api.request("POST", "/sessions", m_admin, R"({"name":"Loja A"})");
    QCOMPARE(a.status, 201);
    m_sessionA = a.json().value("session").toString();
    const auto b = m_api.request("POST", "/sessions", m_admin, R"({"name":"Loja B"})");
    QCOMPARE(b.status, 201);
    m_sessionB = b.json().value("session").toString();
    QVERIFY(!m_sessionA.isEmpty() && !m_sessionB.isEmpty() && m_sessionA != m_sessionB);
}

void TestApiAuth::refusesRequestsWithoutAKey() {
    for (const QByteArray &target :
        {QByteArray("/sessions"), QByteArray("/stats"), "/sessions/" + m_sessionA.toLatin1() + "/status"}) {
        const auto reply = m_api.request("GET", target);
        verifyError(reply, 401, "unauthorized");
        QVERIFY(reply.header("WWW-Authenticate").startsWith("Bearer"));
    }
    // Public: liveness and the API's description.
    QCOMPARE(m_api.request("GET", "/health").status, 200);
    QCOMPARE(m_api.request("GET", "/openapi.json").status, 200);
}

void TestApiAuth::refusesUnknownAndRevokedKeys() {
    verifyError(m_api.request("GET", "/sessions", "balcao_notakeyatall"), 401, "unauthorized");
    verifyError(m_api.request("GET", "/sessions", "something-else"), 401, "unauthorized");
    const auto [id, token] = m_api.createKey("admin");
    QCOMPARE(m_api.request("GET", "/sessions", token).status, 200);
    int exitCode = -1;
    m_api.keys({"revoke", id}, &exitCode);
    QCOMPARE(exitCode, 0);
    // Revoked from another process while the server runs: refused on the next request.
    const auto refused = m_api.request("GET", "/sessions", token);
    verifyError(refused, 401, "unauthorized");
    QVERIFY(refused.json().value("message").toString().contains("revoked"));
    // The list still shows it, as revoked; revoking an unknown id fails.
    const QJsonArray keys = QJsonDocument::fromJson(m_api.keys({"list", "--json"})).array();
    bool listed = false;
    for (const QJsonValue &key : keys)
        listed = listed || (key["id"].toString() == id && key["revoked"].toBool());
    QVERIFY(listed);
    m_api.keys({"revoke", "knope"}, &exitCode);
    QCOMPARE(exitCode, 1);
}

void TestApiAuth::acceptsBearerAndHeaderKeys() {
    const auto [id, token] = m_api.createKey("admin");
    Q_UNUSED(id)
    QCOMPARE(
        m_api.request("GET", "/sessions", {}, {}, {{"Authorization", "Bearer " + token.toLatin1()}}).status,
        200);
    QCOMPARE(m_api.request("GET", "/sessions", token).status, 200);
    verifyError(m_api.request("GET", "/sessions", {}, {}, {{"Authorization", "Basic " + token.toLatin1()}}),
        401, "unauthorized");
}

void TestApiAuth::keepsAgentsToTheirSessions() {
    const auto agent = m_api.createKey("agent", {m_sessionA}).second;
    QVERIFY(!agent.isEmpty());
    const QByteArray a = m_sessionA.toLatin1();
    const QByteArray b = m_sessionB.toLatin1();
    QCOMPARE(m_api.request("GET", "/sessions/" + a + "/status", agent).status, 200);
    QCOMPARE(m_api.request("GET", "/sessions/" + a, agent).status, 200);
    verifyError(m_api.request("GET", "/sessions/" + b + "/status", agent), 403, "forbidden");
    verifyError(m_api.request("GET", "/sessions/" + b + "/chats", agent), 403, "forbidden");
    verifyError(
        m_api.request("POST", "/sessions/" + b + "/messages", agent, R"({"to":"5511900000002","text":"oi"})"),
        403, "forbidden");
    verifyError(m_api.request("GET", "/events/stream?session=" + b, agent), 403, "forbidden");
    // The list shows an agent its own sessions only.
    const QJsonArray listed = m_api.request("GET", "/sessions", agent).json().value("sessions").toArray();
    QCOMPARE(listed.size(), 1);
    QCOMPARE(listed.first()["session"].toString(), m_sessionA);
    // An agent may not create keys for itself either: `keys create --role agent` without a session fails.
    int exitCode = -1;
    m_api.keys({"create", "--role", "agent"}, &exitCode);
    QCOMPARE(exitCode, 1);
}

void TestApiAuth::keepsAgentsOffAdminRoutes() {
    const auto agent = m_api.createKey("agent", {m_sessionA}).second;
    const QByteArray a = m_sessionA.toLatin1();
    verifyError(m_api.request("POST", "/sessions", agent, R"({"name":"Mine"})"), 403, "forbidden");
    verifyError(m_api.request("GET", "/stats", agent), 403, "forbidden");
    verifyError(m_api.request("DELETE", "/sessions/" + a, agent), 403, "forbidden");
    verifyError(m_api.request("POST", "/sessions/" + a + "/logout", agent, "{}"), 403, "forbidden");
    verifyError(m_api.request("POST", "/sessions/" + a + "/stop", agent, "{}"), 403, "forbidden");
    verifyError(m_api.request("GET", "/sessions/" + a + "/qr", agent), 403, "forbidden");
    // Nothing changed: both sessions are still there.
    QCOMPARE(m_api.request("GET", "/sessions", m_admin).json().value("sessions").toArray().size(), 2);
}

void TestApiAuth::refusesForeignHostsAndOrigins() {
    const QByteArray port = QByteArray::number(m_api.port());
    // DNS rebinding: a page on evil.example resolved to 127.0.0.1 sends its own name as Host.
    verifyError(
        m_api.raw("GET /health HTTP/1.1\r\nHost: evil.example:" + port + "\r\nConnection: close\r\n\r\n"),
        421, "bad-host");
    verifyError(m_api.raw("GET /health HTTP/1.1\r\nConnection: close\r\n\r\n"), 400, "bad-host");
    QCOMPARE(
        m_api.raw("GET /health HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n\r\n").status,
        200);
    verifyError(
        m_api.request("GET", "/sessions", m_admin, {}, {{"Origin", "http://evil.example"}}), 403, "bad-host");
    QCOMPARE(
        m_api.request("GET", "/sessions", m_admin, {}, {{"Origin", "http://127.0.0.1:" + port}}).status, 200);
    // The WebSocket handshake from a foreign page is refused before any upgrade.
    const QByteArray upgrade = "GET /events HTTP/1.1\r\nHost: 127.0.0.1:" + port
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nX-API-Key: "
        + m_admin.toLatin1() + "\r\nOrigin: https://evil.example\r\n\r\n";
    verifyError(m_api.raw(upgrade), 403, "bad-host");
}

void TestApiAuth::limitsRequestRatePerKey() {
    // Burst 20, 1 per second: about the 21st quick request is refused with Retry-After.
    const auto [id, token] = m_api.createKey("admin");
    Q_UNUSED(id)
    int ok = 0;
    HttpReply limited;
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < 60 && limited.status == 0; ++i) {
        const auto reply = m_api.request("GET", "/sessions", token);
        if (reply.status == 200)
            ++ok;
        else
            limited = reply;
    }
    // The burst, plus at most what refilled (1/s) while the requests were made (a loaded machine is slow).
    const int refilled = int(clock.elapsed() / 1000) + 1;
    QVERIFY2(ok >= 20 && ok <= 20 + refilled,
        qPrintable(QStringLiteral("%1 in %2 ms").arg(ok).arg(clock.elapsed())));
    verifyError(limited, 429, "rate-limited");
    QVERIFY(limited.header("Retry-After").toInt() >= 1);
    // Per key: another key is not affected.
    QCOMPARE(m_api.request("GET", "/sessions", m_admin).status, 200);
    // Retry-After tells the truth: after waiting that long, the key may ask again. (The wait is what is
    // tested here, so it is a fixed one.)
    QTest::qWait(limited.header("Retry-After").toInt() * 1000 + 100);
    QCOMPARE(m_api.request("GET", "/sessions", token).status, 200);
}

QTEST_GUILESS_MAIN(TestApiAuth)
#include "tst_api_auth.moc"
