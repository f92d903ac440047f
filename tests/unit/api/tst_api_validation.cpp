#include <QTest>
#include <http_server.h>
#include <json_body.h>
#include <rate_limiter.h>
#include <request_target.h>
#include <router.h>

using namespace balcao::api;

// The API's pure checks: request targets, JSON bodies, Host headers, the router's matching and the rate
// limiter's token bucket.
class TestApiValidation : public QObject {
    Q_OBJECT
private slots:
    void parsesTargets_data();
    void parsesTargets();
    void refusesTargets_data();
    void refusesTargets();
    void checksBodies_data();
    void checksBodies();
    void checksHosts_data();
    void checksHosts();
    void prefersLiteralRoutes();
    void answersMethodNotAllowed();
    void refillsTokenBucket();
};

void TestApiValidation::parsesTargets_data() {
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QStringList>("segments");
    QTest::addColumn<QString>("query");
    QTest::newRow("root") << QByteArray("/") << QStringList() << QString();
    QTest::newRow("trailing slash") << QByteArray("/sessions/") << QStringList {"sessions"} << QString();
    QTest::newRow("encoded at") << QByteArray("/s/s1/chats/55%40s.whatsapp.net")
                                << QStringList {"s", "s1", "chats", "55@s.whatsapp.net"} << QString();
    QTest::newRow("query") << QByteArray("/m?limit=5&before=3EB0") << QStringList {"m"}
                           << QString("before=3EB0;limit=5");
    QTest::newRow("plus is space in query")
        << QByteArray("/m?q=a+b%20c") << QStringList {"m"} << QString("q=a b c");
    QTest::newRow("utf-8 segment") << QByteArray("/s/Jo%C3%A3o")
                                   << QStringList {"s", QString::fromUtf8("João")} << QString();
    QTest::newRow("dots inside a name") << QByteArray("/s/a..b") << QStringList {"s", "a..b"} << QString();
}

void TestApiValidation::parsesTargets() {
    QFETCH(QByteArray, raw);
    QFETCH(QStringList, segments);
    QFETCH(QString, query);
    auto target = parseRequestTarget(raw);
    QVERIFY2(target.has_value(), qPrintable(target.has_value() ? QString() : target.error().message));
    QCOMPARE(target->segments, segments);
    QStringList items;
    for (auto it = target->query.cbegin(); it != target->query.cend(); ++it)
        items.append(it.key() + '=' + it.value());
    items.sort();
    QCOMPARE(items.join(';'), query);
}

void TestApiValidation::refusesTargets_data() {
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QString>("code");
    QTest::newRow("empty") << QByteArray() << "invalid-path";
    QTest::newRow("relative") << QByteArray("sessions") << "invalid-path";
    QTest::newRow("asterisk") << QByteArray("*") << "invalid-path";
    QTest::newRow("dot-dot") << QByteArray("/a/../b") << "invalid-path";
    QTest::newRow("encoded dot-dot") << QByteArray("/a/%2E%2E/b") << "invalid-path";
    QTest::newRow("half-encoded dot-dot") << QByteArray("/a/.%2e") << "invalid-path";
    QTest::newRow("dot") << QByteArray("/a/./b") << "invalid-path";
    QTest::newRow("encoded slash") << QByteArray("/a%2Fb") << "invalid-path";
    QTest::newRow("encoded backslash") << QByteArray("/a%5Cb") << "invalid-path";
    QTest::newRow("NUL") << QByteArray("/a%00") << "invalid-path";
    QTest::newRow("DEL") << QByteArray("/a%7f") << "invalid-path";
    QTest::newRow("raw space") << QByteArray("/a b") << "invalid-path";
    QTest::newRow("raw high byte") << QByteArray("/a\xc3\xa3") << "invalid-path";
    QTest::newRow("fragment") << QByteArray("/a#b") << "invalid-path";
    QTest::newRow("bad escape") << QByteArray("/a%g0") << "invalid-path";
    QTest::newRow("cut escape") << QByteArray("/a%") << "invalid-path";
    QTest::newRow("overlong UTF-8") << QByteArray("/a%c0%af") << "invalid-path";
    QTest::newRow("empty segment") << QByteArray("/a//b") << "invalid-path";
    QTest::newRow("control in query") << QByteArray("/a?x=%0a") << "invalid-path";
    QTest::newRow("duplicate query name") << QByteArray("/a?x=1&x=2") << "invalid-argument";
    QTest::newRow("too long") << "/" + QByteArray(kMaxTargetBytes, 'a') << "uri-too-long";
    QTest::newRow("too deep") << QByteArray("/a").repeated(kMaxPathSegments + 1) << "invalid-path";
}

void TestApiValidation::refusesTargets() {
    QFETCH(QByteArray, raw);
    QFETCH(QString, code);
    auto target = parseRequestTarget(raw);
    QVERIFY(!target.has_value());
    QCOMPARE(target.error().code, code);
    QVERIFY(!target.error().message.isEmpty());
}

void TestApiValidation::checksBodies_data() {
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code"); // empty = accepted
    QTest::newRow("all fields") << QByteArray(R"({"to":"55","n":3,"on":true,"tags":["a"]})") << QString();
    QTest::newRow("required only") << QByteArray(R"({"to":"55"})") << QString();
    QTest::newRow("n at max") << QByteArray(R"({"to":"55","n":10})") << QString();
    QTest::newRow("n as 3.0") << QByteArray(R"({"to":"55","n":3.0})") << QString();
    QTest::newRow("n fraction") << QByteArray(R"({"to":"55","n":3.5})") << "invalid-argument";
    QTest::newRow("n too big") << QByteArray(R"({"to":"55","n":11})") << "invalid-argument";
    // Qt's parser refuses numbers beyond a double's range outright.
    QTest::newRow("n huge") << QByteArray(R"({"to":"55","n":1e400})") << "invalid-json";
    QTest::newRow("n beyond int64") << QByteArray(R"({"to":"55","n":1e30})") << "invalid-argument";
    QTest::newRow("n string") << QByteArray(R"({"to":"55","n":"3"})") << "invalid-argument";
    QTest::newRow("on string") << QByteArray(R"({"to":"55","on":"yes"})") << "invalid-argument";
    QTest::newRow("tags not array") << QByteArray(R"({"to":"55","tags":"a"})") << "invalid-argument";
    QTest::newRow("tags with number") << QByteArray(R"({"to":"55","tags":[1]})") << "invalid-argument";
    QTest::newRow("tags too many") << QByteArray(R"({"to":"55","tags":["a","b","c","d"]})")
                                   << "invalid-argument";
    QTest::newRow("to too long") << QByteArray(R"({"to":"12345678901"})") << "invalid-argument";
    QTest::newRow("to missing") << QByteArray(R"({"n":1})") << "invalid-argument";
    QTest::newRow("unknown field") << QByteArray(R"({"to":"55","x":1})") << "invalid-argument";
    QTest::newRow("not an object") << QByteArray(R"([{"to":"55"}])") << "invalid-json";
    QTest::newRow("not JSON") << QByteArray("to=55") << "invalid-json";
    QTest::newRow("empty") << QByteArray("") << "invalid-json";
    QTest::newRow("over the limit") << QByteArray(R"({"to":")" + QByteArray(300, 'x') + R"("})")
                                    << "body-too-large";
}

void TestApiValidation::checksBodies() {
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    const BodySchema schema {
        {QStringLiteral("to"), FieldRule::Type::String, true, 10},
        {QStringLiteral("n"), FieldRule::Type::Integer, false, 0, 1, 10},
        {QStringLiteral("on"), FieldRule::Type::Boolean, false},
        {QStringLiteral("tags"), FieldRule::Type::StringArray, false, 3},
    };
    auto parsed = parseJsonBody(body, schema, 200);
    if (code.isEmpty()) {
        QVERIFY2(parsed.has_value(), qPrintable(parsed.has_value() ? QString() : parsed.error().message));
        QCOMPARE(parsed->value("to").toString(), QStringLiteral("55"));
    } else {
        QVERIFY(!parsed.has_value());
        QCOMPARE(parsed.error().code, code);
        QVERIFY(!parsed.error().message.isEmpty());
    }
}

void TestApiValidation::checksHosts_data() {
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<QString>("bound");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("bound address") << QByteArray("127.0.0.1:8080") << "127.0.0.1" << true;
    QTest::newRow("localhost") << QByteArray("localhost:8080") << "127.0.0.1" << true;
    QTest::newRow("LOCALHOST") << QByteArray("LOCALHOST") << "127.0.0.1" << true;
    QTest::newRow("ipv6 loopback") << QByteArray("[::1]:8080") << "::1" << true;
    QTest::newRow("rebinding name") << QByteArray("evil.example:8080") << "127.0.0.1" << false;
    QTest::newRow("localhost suffix") << QByteArray("localhost.evil.example") << "127.0.0.1" << false;
    QTest::newRow("other address on loopback bind") << QByteArray("10.0.0.5") << "127.0.0.1" << false;
    QTest::newRow("address on wildcard bind") << QByteArray("10.0.0.5:80") << "0.0.0.0" << true;
    QTest::newRow("name on wildcard bind") << QByteArray("evil.example") << "0.0.0.0" << false;
    QTest::newRow("extra name") << QByteArray("balcao.lan:80") << "0.0.0.0" << true;
    QTest::newRow("empty") << QByteArray("") << "127.0.0.1" << false;
    QTest::newRow("unclosed bracket") << QByteArray("[::1") << "::1" << false;
}

void TestApiValidation::checksHosts() {
    QFETCH(QByteArray, host);
    QFETCH(QString, bound);
    QFETCH(bool, allowed);
    QCOMPARE(HttpServer::hostAllowed(host, bound, {QStringLiteral("balcao.lan")}), allowed);
}

void TestApiValidation::prefersLiteralRoutes() {
    Router router;
    router.add(HttpMethod::Get, "/sessions/{id}", Access::Session, {});
    router.add(HttpMethod::Get, "/sessions/stats", Access::Admin, {});
    auto match = router.match(HttpMethod::Get, {"sessions", "stats"});
    QVERIFY(std::holds_alternative<Router::Found>(match));
    QCOMPARE(std::get<Router::Found>(match).route->pattern, QStringLiteral("/sessions/stats"));
    match = router.match(HttpMethod::Get, {"sessions", "s1"});
    QCOMPARE(std::get<Router::Found>(match).params.value("id"), QStringLiteral("s1"));
    QVERIFY(std::holds_alternative<Router::NotFound>(router.match(HttpMethod::Get, {"sessions", "s1", "x"})));
    QVERIFY(std::holds_alternative<Router::NotFound>(router.match(HttpMethod::Get, {"sessions", ""})));
}

void TestApiValidation::answersMethodNotAllowed() {
    Router router;
    router.add(HttpMethod::Get, "/sessions", Access::AnyKey, {});
    router.add(HttpMethod::Post, "/sessions", Access::Admin, {});
    const auto match = router.match(HttpMethod::Delete, {"sessions"});
    QVERIFY(std::holds_alternative<Router::MethodNotAllowed>(match));
    QCOMPARE(std::get<Router::MethodNotAllowed>(match).allowed,
        (QList<HttpMethod> {HttpMethod::Get, HttpMethod::Post}));
    // HEAD is answered by the GET route.
    QVERIFY(std::holds_alternative<Router::Found>(router.match(HttpMethod::Head, {"sessions"})));
}

void TestApiValidation::refillsTokenBucket() {
    RateLimiter limiter({2.0, 3.0}); // 2 per second, burst 3
    qint64 now = 1000000;
    for (int i = 0; i < 3; ++i)
        QVERIFY(!limiter.take("k", now).has_value());
    const auto wait = limiter.take("k", now);
    QVERIFY(wait.has_value());
    QCOMPARE(*wait, 1);
    QVERIFY(!limiter.take("other", now).has_value()); // per key
    QVERIFY(limiter.take("k", now + 400).has_value()); // 0.8 tokens
    QVERIFY(!limiter.take("k", now + 600).has_value()); // 1.2 tokens
    QVERIFY(limiter.take("k", now + 600).has_value()); // 0.2 left
    // A long pause refills up to the burst, not beyond.
    now += 100000;
    for (int i = 0; i < 3; ++i)
        QVERIFY(!limiter.take("k", now).has_value());
    QVERIFY(limiter.take("k", now).has_value());
}

QTEST_GUILESS_MAIN(TestApiValidation)
#include "tst_api_validation.moc"
