#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <database.h>
#include <memory_webhook_store.h>
#include <signer.h>
#include <sqlite_webhook_store.h>
#include <webhook_receiver.h>
#include <webhook_service.h>

using namespace balcao;
using namespace balcao::webhooks;
using balcao::testing::WebhookReceiver;

namespace {

const QString kSession = QStringLiteral("loja-centro");
const QString kSecret = QStringLiteral("test-secret-0123456789");

MessageEvent message(int n) {
    MessageEvent m;
    m.session = kSession;
    m.chat = QStringLiteral("5511960000001@s.whatsapp.net");
    m.from = m.chat;
    m.id = QStringLiteral("MSG%1").arg(n, 3, 10, QLatin1Char('0'));
    m.timestamp = 1764000000 + n;
    m.type = QStringLiteral("text");
    m.text = QStringLiteral("mensagem %1").arg(n);
    return m;
}

StatusEvent connected() {
    StatusEvent s;
    s.session = kSession;
    s.status = SessionStatus::Connected;
    s.jid = QStringLiteral("5511950000001:3@s.whatsapp.net");
    return s;
}

// Short waits so retries, keeping and the breaker show in well under a second.
WebhookDispatcher::Settings fastSettings() {
    WebhookDispatcher::Settings s;
    s.schedule = RetrySchedule(20, 80, 300);
    s.breakerThreshold = 100;
    s.breakerPauseMs = 300;
    s.timeoutMs = 3000;
    return s;
}

WebhookDispatcher::StoreFactory memoryStore() {
    return [] { return Result<std::unique_ptr<WebhookStore>>(std::make_unique<MemoryWebhookStore>()); };
}

QStringList messageIdsOf(const QList<WebhookReceiver::Request> &requests) {
    QStringList out;
    for (const auto &r : requests)
        out.append(r.json().value(QStringLiteral("id")).toString());
    return out;
}

QStringList expectedIds(int from, int to) {
    QStringList out;
    for (int n = from; n <= to; ++n)
        out.append(message(n).id);
    return out;
}

} // namespace

// The dispatcher against a real HTTP receiver on loopback: order, signatures, filters, retries, keeping,
// the breaker, and deliveries that survive a restart (SQLite store).
class TestWebhookDispatcher : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void deliversEventsInOrderSigned();
    void sendsOnlyTheEventsAskedFor();
    void retriesUntilAcceptedExactlyOnceInOrder();
    void keepsDeliveriesWhenTheScheduleRunsOut();
    void breakerPausesAFailingEndpointThenCloses();
    void removingTheWebhookDropsItsQueue();
    void deliversAfterARestart();
    void holdsEventsPostedBeforeStart();
    void carriesDownloadedFilesUpToTheSizeAsked();

private:
    void startService(WebhookDispatcher::Settings settings, WebhookDispatcher::StoreFactory factory);
    Webhook setWebhook(const QStringList &events = {});
    void post(const Event &event);
    bool allDelivered(int count);

    std::unique_ptr<WebhookReceiver> m_receiver;
    std::unique_ptr<WebhookService> m_service;
};

void TestWebhookDispatcher::init() {
    m_receiver = std::make_unique<WebhookReceiver>();
    QVERIFY(m_receiver->start());
}

void TestWebhookDispatcher::cleanup() {
    m_service.reset();
    m_receiver.reset();
}

void TestWebhookDispatcher::startService(
    WebhookDispatcher::Settings settings, WebhookDispatcher::StoreFactory factory) {
    m_service = std::make_unique<WebhookService>(std::move(settings), std::move(factory));
    const auto started = m_service->start();
    QVERIFY2(started, qPrintable(started ? QString() : started.error().message));
}

Webhook TestWebhookDispatcher::setWebhook(const QStringList &events) {
    const Webhook wanted {kSession, m_receiver->url(), events, kSecret, 0, 0};
    const auto set = m_service->call([&](WebhookDispatcher &d) { return d.setWebhook(wanted); });
    if (!set)
        qFatal("setWebhook failed: %s", qPrintable(set.error().message));
    return *set;
}

void TestWebhookDispatcher::post(const Event &event) {
    QMetaObject::invokeMethod(
        m_service->dispatcher(), [d = m_service->dispatcher(), event] { d->post(event); },
        Qt::QueuedConnection);
}

bool TestWebhookDispatcher::allDelivered(int count) {
    const auto log = m_service->call([](WebhookDispatcher &d) { return d.deliveries(kSession, 100); });
    return log && log->size() == count && std::all_of(log->begin(), log->end(), [](const Delivery &d) {
        return d.state == DeliveryState::Delivered;
    });
}

void TestWebhookDispatcher::deliversEventsInOrderSigned() {
    startService(fastSettings(), memoryStore());
    setWebhook();
    for (int n = 1; n <= 5; ++n)
        post(message(n));
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver->acceptedCount(), 5, 5000);
    const auto requests = m_receiver->received();
    QCOMPARE(requests.size(), 5);
    QCOMPARE(messageIdsOf(requests), expectedIds(1, 5));
    QSet<QByteArray> deliveryIds;
    for (const auto &r : requests) {
        QCOMPARE(r.method, QByteArray("POST"));
        QCOMPARE(r.path, QByteArray("/hook"));
        QCOMPARE(r.headers.value("content-type"), QByteArray("application/json"));
        QCOMPARE(r.headers.value("x-balcao-event"), QByteArray("message"));
        QCOMPARE(r.headers.value("x-balcao-attempt"), QByteArray("1"));
        const qint64 ts = r.headers.value("x-balcao-timestamp").toLongLong();
        QVERIFY(qAbs(ts - QDateTime::currentSecsSinceEpoch()) < 60);
        QVERIFY(Signer::verify(kSecret, ts, r.body, r.headers.value("x-balcao-signature")));
        deliveryIds.insert(r.headers.value("x-balcao-delivery"));
        // The body is the event's JSON as every other transport carries it.
        const QJsonObject body = r.json();
        QCOMPARE(body.value(QStringLiteral("event")).toString(), QStringLiteral("message"));
        QCOMPARE(body.value(QStringLiteral("session")).toString(), kSession);
        QVERIFY(body.value(QStringLiteral("ts")).toDouble() > 0);
    }
    QCOMPARE(deliveryIds.size(), 5);
    // The receiver counts a request once it has answered; the dispatcher reads that answer a moment later.
    QTRY_VERIFY_WITH_TIMEOUT(allDelivered(5), 5000);
    const auto log = m_service->call([](WebhookDispatcher &d) { return d.deliveries(kSession, 10); });
    QCOMPARE(log->size(), 5);
    for (const Delivery &d : *log) {
        QCOMPARE(d.state, DeliveryState::Delivered);
        QCOMPARE(d.attempts, 1);
        QCOMPARE(d.responseCode, 200);
    }
}

void TestWebhookDispatcher::sendsOnlyTheEventsAskedFor() {
    startService(fastSettings(), memoryStore());
    setWebhook({QStringLiteral("message")});
    post(connected());
    post(message(1));
    MessageEvent other = message(2);
    other.session = QStringLiteral("another-session"); // no webhook there
    post(other);
    post(message(3));
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver->acceptedCount(), 2, 5000);
    QTest::qWait(100); // nothing else may follow
    QCOMPARE(messageIdsOf(m_receiver->received()), (QStringList {message(1).id, message(3).id}));
    QCOMPARE(m_service->call([](WebhookDispatcher &d) { return d.deliveries(kSession, 10); })->size(), 2);
}

// Issue 17: a webhook that asks for files gets each downloaded file (up to its size) in the message.media
// delivery; a larger one, and a webhook that did not ask, get the event without it.
void TestWebhookDispatcher::carriesDownloadedFilesUpToTheSizeAsked() {
    startService(fastSettings(), memoryStore());
    Webhook wanted {kSession, m_receiver->url(), {QStringLiteral("message.media")}, kSecret, 0, 0, 1000};
    QVERIFY(m_service->call([&](WebhookDispatcher &d) { return d.setWebhook(wanted); }));
    QTemporaryDir dir;
    const auto write = [&](const QString &name, const QByteArray &bytes) {
        QFile file(dir.filePath(name));
        file.open(QIODevice::WriteOnly);
        file.write(bytes);
        return file.fileName();
    };
    const QString small = write(QStringLiteral("small"), QByteArray(600, 's'));
    const QString large = write(QStringLiteral("large"), QByteArray(1001, 'l'));
    post(MediaEvent {kSession, QStringLiteral("c@s.whatsapp.net"), QStringLiteral("m1"),
        QStringLiteral("downloaded"), small});
    post(MediaEvent {kSession, QStringLiteral("c@s.whatsapp.net"), QStringLiteral("m2"),
        QStringLiteral("downloaded"), large});
    post(MediaEvent {
        kSession, QStringLiteral("c@s.whatsapp.net"), QStringLiteral("m3"), QStringLiteral("downloading")});
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver->acceptedCount(), 3, 5000);
    const auto bodies = m_receiver->received();
    const QJsonObject first = QJsonDocument::fromJson(bodies.at(0).body).object();
    QCOMPARE(QByteArray::fromBase64(first.value("data").toString().toLatin1()), QByteArray(600, 's'));
    QVERIFY(!QJsonDocument::fromJson(bodies.at(1).body).object().contains("data"));
    QVERIFY(!QJsonDocument::fromJson(bodies.at(2).body).object().contains("data"));
}

void TestWebhookDispatcher::retriesUntilAcceptedExactlyOnceInOrder() {
    startService(fastSettings(), memoryStore());
    setWebhook();
    m_receiver->failNext(3);
    for (int n = 1; n <= 4; ++n)
        post(message(n));
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver->acceptedCount(), 4, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(allDelivered(4), 5000);
    QTest::qWait(100); // nothing else may follow
    const auto all = m_receiver->received();
    QCOMPARE(all.size(), 7);
    // The head was tried four times (three 500s), and nothing overtook it.
    QCOMPARE(
        messageIdsOf(all), (QStringList {message(1).id, message(1).id, message(1).id} + expectedIds(1, 4)));
    QCOMPARE(messageIdsOf(m_receiver->accepted()), expectedIds(1, 4));
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(all[i].headers.value("x-balcao-delivery"), all[0].headers.value("x-balcao-delivery"));
        QCOMPARE(all[i].headers.value("x-balcao-attempt"), QByteArray::number(i + 1));
    }
    const auto log = m_service->call([](WebhookDispatcher &d) { return d.deliveries(kSession, 10); });
    QCOMPARE(log->last().attempts, 4); // oldest last
    QCOMPARE(log->last().state, DeliveryState::Delivered);
}

void TestWebhookDispatcher::keepsDeliveriesWhenTheScheduleRunsOut() {
    startService(fastSettings(), memoryStore()); // 20, 40, 80 ms, then kept for 300 ms
    setWebhook();
    const quint16 port = m_receiver->port();
    m_receiver->stop();
    post(message(1));
    const auto kept = [&] {
        const auto log = m_service->call([](WebhookDispatcher &d) { return d.deliveries(kSession, 1); });
        return log && !log->isEmpty() && log->first().state == DeliveryState::Kept;
    };
    QTRY_VERIFY_WITH_TIMEOUT(kept(), 3000);
    const Delivery d
        = m_service->call([](WebhookDispatcher &d) { return d.deliveries(kSession, 1); })->first();
    QCOMPARE(d.attempts, 4);
    QCOMPARE(d.responseCode, 0);
    QVERIFY2(d.lastError.contains(QStringLiteral("refused"), Qt::CaseInsensitive), qPrintable(d.lastError));
    QVERIFY(d.nextAttemptAtMs >= d.lastAttemptAtMs + 300);

    QVERIFY(m_receiver->start(port));
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver->acceptedCount(), 1, 3000);
    QCOMPARE(m_receiver->accepted().first().headers.value("x-balcao-attempt").toInt() >= 5, true);
}

void TestWebhookDispatcher::breakerPausesAFailingEndpointThenCloses() {
    auto settings = fastSettings();
    settings.schedule = RetrySchedule(10, 10, 10);
    settings.breakerThreshold = 2;
    settings.breakerPauseMs = 600;
    startService(settings, memoryStore());
    setWebhook();
    m_receiver->failNext(3);
    QElapsedTimer clock;
    clock.start();
    post(message(1));
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver->received().size(), 2, 3000);
    const qint64 secondFailure = clock.elapsed();
    const auto health
        = [this] { return m_service->call([](WebhookDispatcher &d) { return d.health(kSession); }); };
    QTRY_COMPARE_WITH_TIMEOUT(health().breaker, QStringLiteral("open"), 3000);
    QCOMPARE(health().consecutiveFailures, 2);
    // Open: nothing goes until the pause is over; then one probe (it fails: open again), then another.
    QTest::qWait(300);
    QCOMPARE(m_receiver->received().size(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver->received().size(), 3, 3000);
    QVERIFY(clock.elapsed() - secondFailure >= 550);
    const auto breaker = [&] { return health().breaker; };
    // Half-open until the dispatcher has read the probe's answer.
    QTRY_COMPARE_WITH_TIMEOUT(breaker(), QStringLiteral("open"), 3000);
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver->acceptedCount(), 1, 3000);
    QVERIFY(clock.elapsed() - secondFailure >= 1100);
    QTRY_COMPARE_WITH_TIMEOUT(breaker(), QStringLiteral("closed"), 3000);
}

void TestWebhookDispatcher::removingTheWebhookDropsItsQueue() {
    startService(fastSettings(), memoryStore());
    setWebhook();
    m_receiver->stop();
    post(message(1));
    post(message(2));
    QTRY_VERIFY_WITH_TIMEOUT(
        m_service->call([](WebhookDispatcher &d) { return d.deliveries(kSession, 10); })->size() == 2, 3000);
    QCOMPARE(m_service->call([](WebhookDispatcher &d) { return d.removeWebhook(kSession); }).value(), true);
    QVERIFY(m_service->call([](WebhookDispatcher &d) { return d.deliveries(kSession, 10); })->isEmpty());
    QCOMPARE(m_service->call([](WebhookDispatcher &d) { return d.webhook(kSession); }).value(), std::nullopt);
    post(message(3)); // no webhook: not stored
    QTest::qWait(50);
    QVERIFY(m_service->call([](WebhookDispatcher &d) { return d.deliveries(kSession, 10); })->isEmpty());
}

void TestWebhookDispatcher::deliversAfterARestart() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("balcao.db"));
    {
        auto db = models::Database::open(path, QStringLiteral("setup"));
        QVERIFY(db);
        QSqlQuery query(db->connection());
        QVERIFY(
            query.exec(QStringLiteral("INSERT INTO sessions(id, name, created_at) VALUES('%1', 'Loja', 1)")
                           .arg(kSession)));
    }
    const auto sqlite = [path] {
        return models::SqliteWebhookStore::open(path, QStringLiteral("webhooks"), QByteArray(32, '\x5a'));
    };
    auto settings = fastSettings();
    settings.schedule = RetrySchedule(20, 40, 60 * 60 * 1000); // kept for an hour: only a restart brings them
    startService(settings, sqlite);
    setWebhook();
    const quint16 port = m_receiver->port();
    m_receiver->stop();
    for (int n = 1; n <= 3; ++n)
        post(message(n));
    const auto headKept = [&] {
        const auto log = m_service->call([](WebhookDispatcher &d) { return d.deliveries(kSession, 3); });
        return log && log->size() == 3 && log->last().state == DeliveryState::Kept;
    };
    QTRY_VERIFY_WITH_TIMEOUT(headKept(), 3000);
    m_service.reset();

    QVERIFY(m_receiver->start(port));
    startService(settings, sqlite);
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver->acceptedCount(), 3, 5000);
    QCOMPARE(messageIdsOf(m_receiver->accepted()), expectedIds(1, 3));
    for (const auto &r : m_receiver->accepted()) {
        QVERIFY(Signer::verify(kSecret, r.headers.value("x-balcao-timestamp").toLongLong(), r.body,
            r.headers.value("x-balcao-signature")));
    }
}

void TestWebhookDispatcher::holdsEventsPostedBeforeStart() {
    // The window connects its events first and starts the dispatcher once the profile is open.
    const QString url = m_receiver->url();
    m_service = std::make_unique<WebhookService>(fastSettings(), [url] {
        auto store = std::make_unique<MemoryWebhookStore>();
        (void)store->saveWebhook(Webhook {kSession, url, {}, kSecret, 1, 1});
        return Result<std::unique_ptr<WebhookStore>>(std::move(store));
    });
    post(message(1));
    post(message(2));
    QTest::qWait(100);
    QCOMPARE(m_receiver->received().size(), 0);
    m_service->startInBackground();
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver->acceptedCount(), 2, 5000);
    QCOMPARE(messageIdsOf(m_receiver->accepted()), expectedIds(1, 2));
}

QTEST_GUILESS_MAIN(TestWebhookDispatcher)
#include "tst_webhook_dispatcher.moc"
