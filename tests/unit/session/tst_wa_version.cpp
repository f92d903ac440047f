#include "../../common/webhook_receiver.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <session/wa_version_source.h>

using namespace balcao;
using testing::WebhookReceiver;

// The WhatsApp Web version: how it is written, read from WhatsApp Web's pages, chosen and remembered.
class TestWaVersion : public QObject {
    Q_OBJECT
private slots:
    void parsesAndOrdersVersions();
    void refusesWhatIsNotAVersion_data();
    void refusesWhatIsNotAVersion();
    void findsTheClientRevisionInThePages();
    void readsTheServiceWorkerLikeABrowser();
    void fallsBackToTheMainPage();
    void aSilentServerCostsNoMoreThanTheTimeOut();
    void pinnedVersionIsNeverReplaced();
    void remembersANewVersionOnce();
    void prefersTheNewerOfRememberedAndShipped();

private:
    static WaVersionSource::Reading readOnce(WaVersionSource &source, int waitMs = 5000);
};

WaVersionSource::Reading TestWaVersion::readOnce(WaVersionSource &source, int waitMs) {
    QObject context;
    std::optional<WaVersionSource::Reading> got;
    source.refreshFor(&context, [&](const WaVersionSource::Reading &r) { got = r; });
    if (!QTest::qWaitFor([&] { return got.has_value(); }, waitMs)) {
        source.forget(&context);
        return {std::nullopt, QStringLiteral("the test gave up waiting")};
    }
    return *got;
}

void TestWaVersion::parsesAndOrdersVersions() {
    const auto v = WaVersion::parse(QStringLiteral("2.3000.1048032155-alpha"));
    QVERIFY(v);
    QCOMPARE(v->toString(), QStringLiteral("2.3000.1048032155"));
    QVERIFY(*WaVersion::parse(QStringLiteral("2.3000.1019707846")) < *v);
    QVERIFY(*WaVersion::parse(QStringLiteral("2.3001.1")) > *v);
    QCOMPARE(WaVersion::fromList(v->toList()), *v);
}

void TestWaVersion::refusesWhatIsNotAVersion_data() {
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << "";
    QTest::newRow("two parts") << "2.3000";
    QTest::newRow("four parts") << "2.3000.1.2";
    QTest::newRow("letters") << "2.3000.abc";
    QTest::newRow("negative") << "2.-3000.1";
    QTest::newRow("too large") << "2.3000.99999999999";
    QTest::newRow("zero major") << "0.3000.1";
}

void TestWaVersion::refusesWhatIsNotAVersion() {
    QFETCH(QString, text);
    const auto v = WaVersion::parse(text);
    QVERIFY(!v);
    QCOMPARE(v.error().code, QStringLiteral("invalid-argument"));
}

void TestWaVersion::findsTheClientRevisionInThePages() {
    // sw.js holds it escaped inside a JSON string; the main page plainly.
    QCOMPARE(clientRevisionIn("self.x=\"{\\\"client_revision\\\":1049123456,\\\"other\\\":1}\"")->tertiary,
        1049123456u);
    QCOMPARE(
        clientRevisionIn("<script>{\"client_revision\":1049123457,\"x\":2}</script>")->tertiary, 1049123457u);
    QVERIFY(!clientRevisionIn("<html>nothing here</html>"));
    QVERIFY(!clientRevisionIn("\"client_revision\":99999999999"));
    QVERIFY(!clientRevisionIn("\"client_revision\":0,"));
}

void TestWaVersion::readsTheServiceWorkerLikeABrowser() {
    WebhookReceiver web;
    QVERIFY(web.start());
    web.page("/sw.js", 200,
        "importScripts(\"x\");self.__swData=JSON.parse(\"{\\\"client_revision\\\":1049000001}\");");
    WaVersionSource source(
        {.shipped = {2, 3000, 1048032155}, .url = QUrl(web.url(QStringLiteral("/sw.js")))});
    const auto reading = readOnce(source);
    QVERIFY2(reading.version, qPrintable(reading.problem));
    QCOMPARE(reading.version->toString(), QStringLiteral("2.3000.1049000001"));
    QCOMPARE(source.current().toString(), QStringLiteral("2.3000.1049000001"));
    const auto requests = web.received();
    QCOMPARE(requests.size(), 1);
    QVERIFY(requests[0].headers.value("user-agent").contains("Chrome/"));
    QCOMPARE(requests[0].headers.value("sec-fetch-site"), QByteArray("none"));
    QCOMPARE(requests[0].headers.value("sec-fetch-mode"), QByteArray("navigate"));
}

void TestWaVersion::fallsBackToTheMainPage() {
    WebhookReceiver web;
    QVERIFY(web.start());
    web.page("/sw.js", 403, "blocked");
    web.page("/", 200, "<html><script>{\"client_revision\":1049000002,\"a\":1}</script></html>");
    WaVersionSource source(
        {.shipped = {2, 3000, 1048032155}, .url = QUrl(web.url(QStringLiteral("/sw.js")))});
    const auto reading = readOnce(source);
    QVERIFY2(reading.version, qPrintable(reading.problem));
    QCOMPARE(reading.version->tertiary, 1049000002u);
    QCOMPARE(web.received().size(), 2);

    web.page("/", 200, "<html>no revision</html>");
    WaVersionSource nothing(
        {.shipped = {2, 3000, 1048032155}, .url = QUrl(web.url(QStringLiteral("/sw.js")))});
    const auto none = readOnce(nothing);
    QVERIFY(!none.version);
    QVERIFY2(none.problem.contains(QStringLiteral("no client revision")), qPrintable(none.problem));
    QCOMPARE(nothing.current().toString(), QStringLiteral("2.3000.1048032155"));
}

void TestWaVersion::aSilentServerCostsNoMoreThanTheTimeOut() {
    WebhookReceiver web;
    QVERIFY(web.start());
    web.silent(true);
    WaVersionSource source(
        {.shipped = {2, 3000, 1048032155}, .url = QUrl(web.url(QStringLiteral("/sw.js"))), .timeoutMs = 800});
    QElapsedTimer clock;
    clock.start();
    const auto reading = readOnce(source);
    const qint64 took = clock.elapsed();
    QVERIFY(!reading.version);
    QVERIFY2(reading.problem.contains(QStringLiteral("no answer")), qPrintable(reading.problem));
    QVERIFY2(took >= 700 && took < 1500, qPrintable(QString::number(took)));
    QCOMPARE(source.current().toString(), QStringLiteral("2.3000.1048032155"));

    // Nobody listening: the answer is at once, not after the time-out.
    const quint16 port = web.port();
    web.stop();
    WaVersionSource refused({.shipped = {2, 3000, 1048032155},
        .url = QUrl(QStringLiteral("http://127.0.0.1:%1/sw.js").arg(port)),
        .timeoutMs = 5000});
    clock.restart();
    QVERIFY(!readOnce(refused).version);
    QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
}

void TestWaVersion::pinnedVersionIsNeverReplaced() {
    WebhookReceiver web;
    QVERIFY(web.start());
    web.page("/sw.js", 200, "{\"client_revision\":1049000003,");
    WaVersionSource source({.shipped = {2, 3000, 1048032155},
        .pinned = {2, 3000, 1047000000},
        .url = QUrl(web.url(QStringLiteral("/sw.js")))});
    QVERIFY(source.isPinned());
    const auto reading = readOnce(source);
    QVERIFY(!reading.version);
    QCOMPARE(source.current().toString(), QStringLiteral("2.3000.1047000000"));
    QCOMPARE(web.received().size(), 0);
}

void TestWaVersion::remembersANewVersionOnce() {
    QList<WaVersion> remembered;
    WaVersionSource source({.shipped = {2, 3000, 1048032155},
        .remembered = {2, 3000, 1048032155},
        .remember = [&](const WaVersion &v) { remembered.append(v); }});
    source.loggedInWith({2, 3000, 1048032155}); // already the remembered one
    source.loggedInWith({2, 3000, 1049000004});
    source.loggedInWith({2, 3000, 1049000004});
    QTRY_COMPARE(remembered.size(), 1);
    QTest::qWait(50);
    QCOMPARE(remembered.size(), 1);
    QCOMPARE(remembered[0].tertiary, 1049000004u);
}

void TestWaVersion::prefersTheNewerOfRememberedAndShipped() {
    WaVersionSource older({.shipped = {2, 3000, 1048032155}, .remembered = {2, 3000, 1040000000}});
    QCOMPARE(older.current().tertiary, 1048032155u);
    WaVersionSource newer({.shipped = {2, 3000, 1048032155}, .remembered = {2, 3000, 1049500000}});
    QCOMPARE(newer.current().tertiary, 1049500000u);
}

QTEST_GUILESS_MAIN(TestWaVersion)
#include "tst_wa_version.moc"
