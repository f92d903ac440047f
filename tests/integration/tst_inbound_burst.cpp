#include "emulator.h"
#include "headless_process.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace balcao::testing;

// Inbound bursts (issue 8): the messages that arrive together are stored in one transaction and only then
// receipted and acknowledged. A phone sends a burst through the emulator's POST /phones/{p}/burst, which
// answers once every message was acked; what Balcão stored is read back with the chats query.
class TestInboundBurst : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void burstIsStoredInOrderThenAcknowledged();
    void burstSurvivesSigkillExactlyOnce();

private:
    void startApp();
    QNetworkReply *postBurst(int count, const QString &prefix);
    QJsonObject chat();
    static QStringList texts(const QList<QJsonObject> &events, const QString &prefix);

    Emulator m_emulator;
    QNetworkAccessManager m_network;
    std::unique_ptr<QTemporaryDir> m_data;
    std::unique_ptr<HeadlessProcess> m_app;
    QString m_session;
    QString m_business;
    QString m_customer;
    int m_round = 0;
};

void TestInboundBurst::initTestCase() {
    const QString error = m_emulator.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestInboundBurst::startApp() {
    QVERIFY(m_app->start(m_data->path(), m_emulator.ws(), m_emulator.rootKeyHex()).isEmpty());
}

void TestInboundBurst::init() {
    ++m_round;
    m_business = QStringLiteral("55119700000%1").arg(m_round, 2, 10, QLatin1Char('0'));
    m_customer = QStringLiteral("55119710000%1").arg(m_round, 2, 10, QLatin1Char('0'));
    m_emulator.addPhone(m_customer, QStringLiteral("Cliente %1").arg(m_round));
    m_emulator.addPhone(m_business, QStringLiteral("Loja"));
    m_data = std::make_unique<QTemporaryDir>();
    m_app = std::make_unique<HeadlessProcess>();
    startApp();
    m_app->send({{"cmd", "add-session"}, {"name", "Loja"}});
    const auto added = m_app->waitForEvent("session", {}, 5000);
    QVERIFY(added);
    m_session = added->value("session").toString();
    m_app->send({{"cmd", "link"}, {"session", m_session}, {"method", "qr"}});
    const auto qr = m_app->waitForEvent("qr", m_session, 15000);
    QVERIFY(qr);
    QCOMPARE(
        m_emulator
            .post(QStringLiteral("/phones/%1/scan").arg(m_business), {{"qr", qr->value("qr").toString()}})
            .status,
        200);
    QVERIFY(m_app->waitForStatus(m_session, "connected", 10000));
}

void TestInboundBurst::cleanup() {
    m_app.reset();
    m_data.reset();
}

QNetworkReply *TestInboundBurst::postBurst(int count, const QString &prefix) {
    QNetworkRequest request(
        m_emulator.control().resolved(QUrl(QStringLiteral("/phones/%1/burst").arg(m_customer))));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setTransferTimeout(0);
    const QJsonObject body {{"to", m_business}, {"count", count}, {"text", prefix}, {"timeoutMs", 90000}};
    return m_network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

QJsonObject TestInboundBurst::chat() {
    const int from = m_app->eventCount();
    m_app->send({{"cmd", "chats"}, {"session", m_session}});
    const auto reply = m_app->waitForEvent("chats", m_session, 10000, from);
    if (!reply)
        return {};
    for (const auto &c : reply->value("chats").toArray()) {
        if (c.toObject().value("chat").toString().startsWith(m_customer))
            return c.toObject();
    }
    return {};
}

QStringList TestInboundBurst::texts(const QList<QJsonObject> &events, const QString &prefix) {
    QStringList list;
    for (const QJsonObject &e : events) {
        if (e.value("event").toString() == QLatin1String("message")
            && e.value("text").toString().startsWith(prefix))
            list.append(e.value("text").toString());
    }
    return list;
}

void TestInboundBurst::burstIsStoredInOrderThenAcknowledged() {
    constexpr int kCount = 300;
    std::unique_ptr<QNetworkReply> reply(postBurst(kCount, QStringLiteral("lote")));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 60000);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200); // every one acked
    QStringList expected;
    for (int i = 1; i <= kCount; ++i)
        expected.append(QStringLiteral("lote %1").arg(i));
    QTRY_COMPARE_WITH_TIMEOUT(texts(m_app->events(), QStringLiteral("lote ")).size(), kCount, 10000);
    QCOMPARE(texts(m_app->events(), QStringLiteral("lote ")), expected);
    const QJsonObject summary = chat();
    QCOMPARE(summary.value("unread").toInt(), kCount);
    QCOMPARE(summary.value("lastMessage").toObject().value("text").toString(),
        QStringLiteral("lote %1").arg(kCount));
}

void TestInboundBurst::burstSurvivesSigkillExactlyOnce() {
    constexpr int kCount = 1000;
    std::unique_ptr<QNetworkReply> reply(postBurst(kCount, QStringLiteral("onda")));
    // Killed in the middle of the burst: what was committed stays, what was not acked comes again.
    QTRY_VERIFY_WITH_TIMEOUT(texts(m_app->events(), QStringLiteral("onda ")).size() >= 100, 60000);
    m_app->kill();
    const QStringList before = texts(m_app->events(), QStringLiteral("onda "));
    QVERIFY2(before.size() < kCount, "the burst ended before the kill; nothing was tested");
    QVERIFY(!reply->isFinished());
    startApp();
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 90000);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    // Exactly once: no text reported by both runs. (A message committed in the instant before the kill is
    // stored but reported by neither: its redelivery is known, so it is acked, not shown again.)
    const QStringList after = texts(m_app->events(), QStringLiteral("onda "));
    const QSet<QString> first(before.cbegin(), before.cend());
    for (const QString &t : after)
        QVERIFY2(!first.contains(t), qPrintable(QStringLiteral("%1 reported twice").arg(t)));
    QVERIFY(before.size() + after.size() >= kCount - 500); // at most one batch between commit and report
    const QJsonObject summary = chat();
    QCOMPARE(summary.value("unread").toInt(), kCount);
    QCOMPARE(summary.value("lastMessage").toObject().value("text").toString(),
        QStringLiteral("onda %1").arg(kCount));
}

QTEST_GUILESS_MAIN(TestInboundBurst)
#include "tst_inbound_burst.moc"
