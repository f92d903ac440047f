#include <QSignalSpy>
#include <QTest>
#include <memory_webhook_store.h>
#include <settings/webhook_log_page.h>
#include <webhook_receiver.h>
#include <webhook_service.h>

using namespace balcao;
using namespace balcao::webhooks;
using balcao::testing::WebhookReceiver;

// The app's delivery log: what the dispatcher recorded, newest first, refreshed after each attempt.
class TestWebhookLogPage : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void showsTheLogNewestFirstAndFollowsAttempts();
    void saysWhenANumberHasNoWebhook();

private:
    std::unique_ptr<WebhookReceiver> m_receiver;
    std::unique_ptr<WebhookService> m_service;
};

namespace {

MessageEvent message(const QString &session, const QString &id) {
    MessageEvent m;
    m.session = session;
    m.chat = QStringLiteral("5511960000001@s.whatsapp.net");
    m.from = m.chat;
    m.id = id;
    m.type = QStringLiteral("text");
    m.text = QStringLiteral("Oi");
    return m;
}

} // namespace

void TestWebhookLogPage::init() {
    m_receiver = std::make_unique<WebhookReceiver>();
    QVERIFY(m_receiver->start());
    WebhookDispatcher::Settings settings;
    settings.schedule = RetrySchedule(20, 20, 60000);
    m_service = std::make_unique<WebhookService>(settings,
        [] { return Result<std::unique_ptr<WebhookStore>>(std::make_unique<MemoryWebhookStore>()); });
    QVERIFY(m_service->start());
}

void TestWebhookLogPage::cleanup() {
    m_service.reset();
    m_receiver.reset();
}

void TestWebhookLogPage::showsTheLogNewestFirstAndFollowsAttempts() {
    const Webhook wanted {
        QStringLiteral("s1"), m_receiver->url(), {}, QStringLiteral("0123456789abcdef"), 0, 0};
    QVERIFY(m_service->call([&](WebhookDispatcher &d) { return d.setWebhook(wanted); }));
    WebhookLogPage page(m_service.get());
    page.setSessions({{QStringLiteral("s1"), QStringLiteral("Loja Centro")},
        {QStringLiteral("s2"), QStringLiteral("Loja Praia")}});
    page.show();
    QCOMPARE(page.currentSession(), QStringLiteral("s1"));

    m_receiver->failNext(1);
    m_service->post(
        [](WebhookDispatcher &d) { d.post(message(QStringLiteral("s1"), QStringLiteral("A1"))); });
    m_service->post(
        [](WebhookDispatcher &d) { d.post(message(QStringLiteral("s1"), QStringLiteral("A2"))); });
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver->acceptedCount(), 2, 5000);
    // The page follows the attempts by itself.
    QTRY_VERIFY_WITH_TIMEOUT(page.rowCount() == 2 && page.cell(1, 2) == QLatin1String("delivered")
            && page.cell(0, 2) == QLatin1String("delivered"),
        5000);
    QCOMPARE(page.cell(0, 1), QStringLiteral("message"));
    QCOMPARE(page.cell(1, 3), QStringLiteral("2")); // the older one failed once first
    QCOMPARE(page.cell(0, 3), QStringLiteral("1"));
    QCOMPARE(page.cell(1, 4), QStringLiteral("200"));
    QVERIFY(page.endpointText().contains(m_receiver->url()));
    QVERIFY(page.endpointText().contains(QStringLiteral("closed")));
}

void TestWebhookLogPage::saysWhenANumberHasNoWebhook() {
    WebhookLogPage page(m_service.get());
    QSignalSpy refreshed(&page, &WebhookLogPage::refreshed);
    page.setSessions({{QStringLiteral("s2"), QStringLiteral("Loja Praia")}});
    QVERIFY(refreshed.wait(5000));
    QCOMPARE(page.rowCount(), 0);
    QVERIFY(page.endpointText().contains(QStringLiteral("no webhook")));
}

QTEST_MAIN(TestWebhookLogPage)
#include "tst_webhook_log_page.moc"
