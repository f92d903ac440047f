#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <emulator.h>
#include <headless_process.h>
#include <key_cli.h>
#include <rest_client.h>
#include <signer.h>
#include <webhook_receiver.h>

using namespace balcao::testing;
using balcao::webhooks::Signer;

// Issue 7, Done-when 2: a webhook receiver that fails the first 3 deliveries still gets every event exactly
// once, in order, after it recovers; one that is down across a restart of Balcão gets its events after the
// restart. The real balcao (headless, with the API) against the emulator; webhooks set through the API.
class TestWebhooks : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void failingReceiverGetsEveryEventOnceInOrder();
    void receiverDownAcrossARestartGetsItsEventsAfter();
    void refusesBadSettingsAndShowsTheSecretOnce();

private:
    void startApp();
    QString linkThroughTheApi();
    QJsonObject setWebhook(const QJsonArray &events);
    QStringList sendFromCustomer(int count, const QString &prefix);

    Emulator m_emulator;
    std::unique_ptr<QTemporaryDir> m_data;
    std::unique_ptr<HeadlessProcess> m_app;
    std::unique_ptr<WebhookReceiver> m_receiver;
    RestClient m_api;
    QString m_key;
    QString m_session;
    QString m_business;
    QString m_customer;
    int m_round = 0;
};

namespace {

// The event as the runner printed it, without its timestamp (the dispatcher stamps its own copy).
QJsonObject withoutTs(QJsonObject event) {
    event.remove(QStringLiteral("ts"));
    return event;
}

bool signatureValid(const WebhookReceiver::Request &r, const QString &secret) {
    return Signer::verify(secret, r.headers.value("x-balcao-timestamp").toLongLong(), r.body,
        r.headers.value("x-balcao-signature"));
}

} // namespace

void TestWebhooks::initTestCase() {
    const QString error = m_emulator.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestWebhooks::init() {
    ++m_round;
    m_business = QStringLiteral("55119710000%1").arg(m_round, 2, 10, QLatin1Char('0'));
    m_customer = QStringLiteral("55119720000%1").arg(m_round, 2, 10, QLatin1Char('0'));
    m_emulator.addPhone(m_business, QStringLiteral("Loja"));
    m_emulator.addPhone(m_customer, QStringLiteral("Cliente %1").arg(m_round));
    m_data = std::make_unique<QTemporaryDir>();
    m_receiver = std::make_unique<WebhookReceiver>();
    QVERIFY(m_receiver->start());
    m_key = createApiKey(m_data->path(), QStringLiteral("admin")).second;
    QVERIFY2(!m_key.isEmpty(), "no API key could be created");
    m_app = std::make_unique<HeadlessProcess>();
    startApp();
    m_session = linkThroughTheApi();
    QVERIFY2(!m_session.isEmpty(), "the session did not link through the API");
}

void TestWebhooks::cleanup() {
    m_app.reset();
    m_receiver.reset();
    m_data.reset();
}

void TestWebhooks::startApp() {
    // Short waits so retries show in seconds; kept deliveries wait 10 minutes, so only a restart brings them.
    QProcessEnvironment env;
    env.insert(QStringLiteral("BALCAO_WEBHOOK_BACKOFF_MS"), QStringLiteral("100"));
    env.insert(QStringLiteral("BALCAO_WEBHOOK_BACKOFF_MAX_MS"), QStringLiteral("400"));
    env.insert(QStringLiteral("BALCAO_WEBHOOK_KEPT_MS"), QStringLiteral("600000"));
    m_app->setExtraArguments({QStringLiteral("--api"), QStringLiteral("127.0.0.1:0")});
    QVERIFY(m_app->start(m_data->path(), m_emulator.ws(), m_emulator.rootKeyHex(), env).isEmpty());
    // The API announces where it listens: {"event":"api","address":"127.0.0.1:PORT"}.
    const auto api = m_app->waitForEvent(QStringLiteral("api"), {}, 10000);
    QVERIFY2(api, "the API did not start");
    m_api.setBase(QUrl(QStringLiteral("http://%1/").arg(api->value(QStringLiteral("address")).toString())));
    m_api.setKey(m_key);
    QTRY_VERIFY_WITH_TIMEOUT(m_api.get(QStringLiteral("/health")).status == 200, 10000);
}

QString TestWebhooks::linkThroughTheApi() {
    const auto created
        = m_api.post(QStringLiteral("/sessions"), {{QStringLiteral("name"), QStringLiteral("Loja")}});
    if (created.status != 201)
        return {};
    const QString session = created.object().value(QStringLiteral("session")).toString();
    if (m_api.post(QStringLiteral("/sessions/%1/start").arg(session)).status != 202)
        return {};
    QString qr;
    QDeadlineTimer deadline(15000);
    while (qr.isEmpty() && !deadline.hasExpired()) {
        const auto reply = m_api.get(QStringLiteral("/sessions/%1/qr").arg(session));
        if (reply.status == 200)
            qr = reply.object().value(QStringLiteral("qr")).toString();
        else
            QTest::qWait(100);
    }
    if (qr.isEmpty()
        || m_emulator.post(QStringLiteral("/phones/%1/scan").arg(m_business), {{QStringLiteral("qr"), qr}})
                .status
            != 200)
        return {};
    return m_app->waitForStatus(session, QStringLiteral("connected"), 15000) ? session : QString();
}

QJsonObject TestWebhooks::setWebhook(const QJsonArray &events) {
    const auto set = m_api.put(QStringLiteral("/sessions/%1/webhook").arg(m_session),
        {{QStringLiteral("url"), m_receiver->url()}, {QStringLiteral("events"), events}});
    if (set.status != 201)
        qWarning() << "PUT webhook answered" << set.status << set.body;
    return set.object();
}

QStringList TestWebhooks::sendFromCustomer(int count, const QString &prefix) {
    QStringList ids;
    for (int i = 1; i <= count; ++i) {
        const auto sent = m_emulator.post(QStringLiteral("/phones/%1/messages").arg(m_customer),
            {{QStringLiteral("to"), m_business},
                {QStringLiteral("text"), QStringLiteral("%1 %2").arg(prefix).arg(i)}});
        ids.append(sent.object().value(QStringLiteral("id")).toString());
    }
    return ids;
}

void TestWebhooks::failingReceiverGetsEveryEventOnceInOrder() {
    m_receiver->failNext(3);
    const QJsonObject webhook = setWebhook({QStringLiteral("message"), QStringLiteral("chat")});
    const QString secret = webhook.value(QStringLiteral("secret")).toString();
    QCOMPARE(secret.size(), 64);
    const int from = m_app->eventCount();

    const QStringList ids = sendFromCustomer(5, QStringLiteral("pedido"));
    for (const QString &id : ids) {
        QVERIFY2(m_app->waitFor(
                     [&](const QJsonObject &e) { return e.value(QStringLiteral("id")).toString() == id; },
                     15000, from),
            qPrintable(QStringLiteral("message %1 never arrived").arg(id)));
    }
    // The chat update that follows the last message closes the burst.
    QVERIFY(m_app->waitFor(
        [&](const QJsonObject &e) {
            return e.value(QStringLiteral("event")).toString() == QLatin1String("chat")
                && e.value(QStringLiteral("lastMessage")).toObject().value(QStringLiteral("id")).toString()
                == ids.last();
        },
        15000, from));
    // What the runner printed for this session since the webhook was set, in its order: the receiver must get
    // exactly that, each once.
    QList<QJsonObject> expected;
    const QList<QJsonObject> &all = m_app->events();
    for (qsizetype i = from; i < all.size(); ++i) {
        const QString name = all[i].value(QStringLiteral("event")).toString();
        if (all[i].value(QStringLiteral("session")).toString() == m_session
            && (name == QLatin1String("message") || name == QLatin1String("chat")))
            expected.append(withoutTs(all[i]));
    }
    QStringList names;
    for (const QJsonObject &e : expected)
        names.append(e.value(QStringLiteral("event")).toString());
    QVERIFY2(names.count(QStringLiteral("message")) == 5, qPrintable(names.join(QLatin1Char(' '))));

    QTRY_COMPARE_WITH_TIMEOUT(m_receiver->acceptedCount(), int(expected.size()), 20000);
    QTest::qWait(300); // nothing more may come
    const auto accepted = m_receiver->accepted();
    QCOMPARE(accepted.size(), expected.size());
    QSet<QByteArray> deliveryIds;
    for (qsizetype i = 0; i < accepted.size(); ++i) {
        QCOMPARE(withoutTs(accepted[i].json()), expected[i]);
        QVERIFY(signatureValid(accepted[i], secret));
        deliveryIds.insert(accepted[i].headers.value("x-balcao-delivery"));
    }
    QCOMPARE(deliveryIds.size(), accepted.size());

    // The first delivery was refused three times, then accepted: the same delivery, attempts 1 to 4.
    const auto received = m_receiver->received();
    QCOMPARE(received.size(), accepted.size() + 3);
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(received[i].answered, i < 3 ? 500 : 200);
        QCOMPARE(
            received[i].headers.value("x-balcao-delivery"), accepted[0].headers.value("x-balcao-delivery"));
        QCOMPARE(received[i].headers.value("x-balcao-attempt"), QByteArray::number(i + 1));
    }
    const auto log = m_api.get(QStringLiteral("/sessions/%1/webhook/deliveries?limit=200").arg(m_session));
    QCOMPARE(log.status, 200);
    const QJsonArray deliveries = log.object().value(QStringLiteral("deliveries")).toArray();
    QCOMPARE(deliveries.size(), expected.size());
    const QJsonObject oldest = deliveries.last().toObject();
    QCOMPARE(oldest.value(QStringLiteral("state")).toString(), QStringLiteral("delivered"));
    QCOMPARE(oldest.value(QStringLiteral("attempts")).toInt(), 4);
    QCOMPARE(oldest.value(QStringLiteral("responseCode")).toInt(), 200);
}

void TestWebhooks::receiverDownAcrossARestartGetsItsEventsAfter() {
    const QJsonObject webhook = setWebhook({QStringLiteral("message")});
    const QString secret = webhook.value(QStringLiteral("secret")).toString();
    const quint16 port = m_receiver->port();
    m_receiver->stop();

    const QStringList ids = sendFromCustomer(3, QStringLiteral("enquanto fora"));
    // Balcão stored the messages, and tried (and failed) to deliver them until they were kept.
    const auto allKept = [&] {
        const auto log = m_api.get(QStringLiteral("/sessions/%1/webhook/deliveries").arg(m_session));
        const QJsonArray list = log.object().value(QStringLiteral("deliveries")).toArray();
        return list.size() == 3
            && list.last().toObject().value(QStringLiteral("state")).toString() == QLatin1String("kept");
    };
    QTRY_VERIFY_WITH_TIMEOUT(allKept(), 20000);
    QCOMPARE(m_receiver->received().size(), 0);

    // A crash, not a clean stop: what is stored must be enough.
    m_app->kill();
    QVERIFY(m_receiver->start(port));
    startApp();

    QTRY_COMPARE_WITH_TIMEOUT(m_receiver->acceptedCount(), 3, 20000);
    QTest::qWait(300);
    const auto accepted = m_receiver->accepted();
    QCOMPARE(accepted.size(), 3);
    QStringList got;
    for (const auto &r : accepted) {
        got.append(r.json().value(QStringLiteral("id")).toString());
        QCOMPARE(r.json().value(QStringLiteral("event")).toString(), QStringLiteral("message"));
        QVERIFY(signatureValid(r, secret));
    }
    // Only the oldest was tried before the restart (the others wait behind it): 4 fast tries (100, 200, 400
    // ms between them), then kept; the restart's try is its fifth. The others go on their first.
    QCOMPARE(accepted[0].headers.value("x-balcao-attempt"), QByteArray("5"));
    QCOMPARE(accepted[1].headers.value("x-balcao-attempt"), QByteArray("1"));
    QCOMPARE(accepted[2].headers.value("x-balcao-attempt"), QByteArray("1"));
    QCOMPARE(got, ids);
    const auto log = m_api.get(QStringLiteral("/sessions/%1/webhook/deliveries").arg(m_session));
    for (const auto &d : log.object().value(QStringLiteral("deliveries")).toArray())
        QCOMPARE(d.toObject().value(QStringLiteral("state")).toString(), QStringLiteral("delivered"));
}

void TestWebhooks::refusesBadSettingsAndShowsTheSecretOnce() {
    const QString hook = QStringLiteral("/sessions/%1/webhook").arg(m_session);
    QCOMPARE(m_api.get(hook).status, 404);
    QCOMPARE(m_api.del(hook).status, 404);
    const struct {
        QJsonObject body;
        int status;
        const char *says;
    } bad[] = {
        {{{QStringLiteral("url"), QStringLiteral("ftp://example.com/x")}}, 400, "http"},
        {{{QStringLiteral("url"), QStringLiteral("/relative")}}, 400, "absolute"},
        {{{QStringLiteral("url"), m_receiver->url()},
             {QStringLiteral("events"), QJsonArray {QStringLiteral("messages")}}},
            400, "Unknown event"},
        {{{QStringLiteral("url"), m_receiver->url()}, {QStringLiteral("secret"), QStringLiteral("short")}},
            400, "16 to 256"},
        {{{QStringLiteral("url"), 42}}, 400, "url"},
        {{{QStringLiteral("events"), QJsonArray {}}}, 400, "url"},
        {{{QStringLiteral("url"), m_receiver->url()}, {QStringLiteral("colour"), QStringLiteral("blue")}},
            400, "colour"},
    };
    for (const auto &row : bad) {
        const auto reply = m_api.put(hook, row.body);
        QCOMPARE(reply.status, row.status);
        QVERIFY2(reply.object().value(QStringLiteral("message")).toString().contains(QLatin1String(row.says)),
            reply.body.constData());
        QCOMPARE(reply.object().value(QStringLiteral("statusCode")).toInt(), row.status);
    }
    QCOMPARE(m_api.get(hook).status, 404); // nothing was set by any of them
    QCOMPARE(
        m_api.put(QStringLiteral("/sessions/nobody/webhook"), {{QStringLiteral("url"), m_receiver->url()}})
            .status,
        404);

    // A secret of one's own is never echoed; a generated one only in the answer that made it.
    const QString own = QStringLiteral("my-own-secret-0123456789");
    auto set = m_api.put(hook, {{QStringLiteral("url"), m_receiver->url()}, {QStringLiteral("secret"), own}});
    QCOMPARE(set.status, 201);
    QVERIFY(!set.object().contains(QStringLiteral("secret")));
    set = m_api.put(hook, {{QStringLiteral("url"), m_receiver->url(QStringLiteral("/other"))}});
    QCOMPARE(set.status, 200);
    QCOMPARE(set.object().value(QStringLiteral("secret")).toString().size(), 64);
    const auto got = m_api.get(hook);
    QCOMPARE(got.status, 200);
    QVERIFY(!got.body.contains("secret"));
    QCOMPARE(got.object().value(QStringLiteral("url")).toString(), m_receiver->url(QStringLiteral("/other")));
    QCOMPARE(
        got.object().value(QStringLiteral("breaker")).toObject().value(QStringLiteral("state")).toString(),
        QStringLiteral("closed"));

    for (const char *limit : {"0", "201", "-1", "abc", "1e2"})
        QCOMPARE(m_api.get(hook + QStringLiteral("/deliveries?limit=") + QLatin1String(limit)).status, 400);
    QCOMPARE(m_api.get(hook + QStringLiteral("/deliveries?since=1")).status, 400);
    QCOMPARE(m_api.get(hook + QStringLiteral("/deliveries?limit=200")).status, 200);

    QCOMPARE(m_api.del(hook).status, 200);
    QCOMPARE(m_api.get(hook).status, 404);
}

QTEST_GUILESS_MAIN(TestWebhooks)
#include "tst_webhooks.moc"
