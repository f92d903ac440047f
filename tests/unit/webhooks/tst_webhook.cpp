#include <QTest>
#include <webhook.h>

using namespace balcao;
using namespace balcao::webhooks;

// What an integrator may set as a webhook, and what is refused with a clear message.
class TestWebhook : public QObject {
    Q_OBJECT
private slots:
    void acceptsGoodSettings_data();
    void acceptsGoodSettings();
    void refusesBadSettings_data();
    void refusesBadSettings();
    void generatesASecretWhenNoneIsGiven();
    void filtersEvents();
};

namespace {

Webhook make(const QString &url, const QStringList &events = {}, const QString &secret = {}) {
    return Webhook {QStringLiteral("s1"), url, events, secret, 0, 0};
}

} // namespace

void TestWebhook::acceptsGoodSettings_data() {
    QTest::addColumn<Webhook>("input");
    QTest::addColumn<QStringList>("events");
    QTest::newRow("http, every event") << make(QStringLiteral("http://127.0.0.1:8080/hook")) << QStringList();
    QTest::newRow("https with port and query")
        << make(QStringLiteral("https://crm.example.com:8443/whatsapp?tenant=7")) << QStringList();
    QTest::newRow("duplicates dropped, order kept")
        << make(QStringLiteral("http://localhost/h"),
               {QStringLiteral("message"), QStringLiteral("status"), QStringLiteral("message")})
        << QStringList {QStringLiteral("message"), QStringLiteral("status")};
    QTest::newRow("every known event")
        << make(QStringLiteral("http://localhost/h"), knownEvents()) << knownEvents();
    QTest::newRow("own secret") << make(
        QStringLiteral("http://localhost/h"), {}, QStringLiteral("0123456789abcdef"))
                                << QStringList();
}

void TestWebhook::acceptsGoodSettings() {
    QFETCH(Webhook, input);
    QFETCH(QStringList, events);
    const auto out = validatedWebhook(input);
    QVERIFY2(out, qPrintable(out ? QString() : out.error().message));
    QCOMPARE(out->url, input.url);
    QCOMPARE(out->events, events);
    if (!input.secret.isEmpty())
        QCOMPARE(out->secret, input.secret);
}

void TestWebhook::refusesBadSettings_data() {
    QTest::addColumn<Webhook>("input");
    QTest::addColumn<QString>("says");
    QTest::newRow("empty url") << make(QString()) << QStringLiteral("http://");
    QTest::newRow("relative url") << make(QStringLiteral("/hook")) << QStringLiteral("absolute");
    QTest::newRow("ftp") << make(QStringLiteral("ftp://example.com/x")) << QStringLiteral("http");
    QTest::newRow("javascript") << make(QStringLiteral("javascript:alert(1)")) << QStringLiteral("http");
    QTest::newRow("no host") << make(QStringLiteral("http:///path")) << QStringLiteral("host");
    QTest::newRow("credentials in url")
        << make(QStringLiteral("http://user:pw@example.com/")) << QStringLiteral("password");
    QTest::newRow("overlong url") << make(
        QStringLiteral("http://example.com/") + QString(3000, QLatin1Char('a')))
                                  << QStringLiteral("longer than");
    QTest::newRow("unknown event") << make(
        QStringLiteral("http://example.com/"), {QStringLiteral("messages")})
                                   << QStringLiteral("Unknown event \"messages\"");
    QTest::newRow("empty event name")
        << make(QStringLiteral("http://example.com/"), {QString()}) << QStringLiteral("Unknown event");
    QTest::newRow("short secret") << make(QStringLiteral("http://example.com/"), {}, QStringLiteral("short"))
                                  << QStringLiteral("16 to 256");
    QTest::newRow("long secret") << make(
        QStringLiteral("http://example.com/"), {}, QString(257, QLatin1Char('x')))
                                 << QStringLiteral("16 to 256");
    QTest::newRow("secret with space")
        << make(QStringLiteral("http://example.com/"), {}, QStringLiteral("0123456789 abcdef"))
        << QStringLiteral("printable ASCII");
    QTest::newRow("secret not ascii")
        << make(QStringLiteral("http://example.com/"), {}, QStringLiteral("pão-de-queijo-1234"))
        << QStringLiteral("printable ASCII");
}

void TestWebhook::refusesBadSettings() {
    QFETCH(Webhook, input);
    QFETCH(QString, says);
    const auto out = validatedWebhook(input);
    QVERIFY(!out);
    QCOMPARE(out.error().code, QStringLiteral("invalid-argument"));
    QVERIFY2(out.error().message.contains(says), qPrintable(out.error().message));
}

void TestWebhook::generatesASecretWhenNoneIsGiven() {
    const auto a = validatedWebhook(make(QStringLiteral("http://localhost/h")));
    const auto b = validatedWebhook(make(QStringLiteral("http://localhost/h")));
    QVERIFY(a && b);
    QCOMPARE(a->secret.size(), 64);
    QVERIFY(QByteArray::fromHex(a->secret.toLatin1()).size() == 32);
    QVERIFY(a->secret != b->secret);
}

void TestWebhook::filtersEvents() {
    const Webhook all = make(QStringLiteral("http://localhost/h"));
    QVERIFY(all.wants(QStringLiteral("message")));
    QVERIFY(all.wants(QStringLiteral("qr.expired")));
    const Webhook some = make(QStringLiteral("http://localhost/h"), {QStringLiteral("message")});
    QVERIFY(some.wants(QStringLiteral("message")));
    QVERIFY(!some.wants(QStringLiteral("message.status")));
    QVERIFY(!some.wants(QStringLiteral("status")));
}

QTEST_GUILESS_MAIN(TestWebhook)
#include "tst_webhook.moc"
