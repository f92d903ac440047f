#include <QTest>
#include <session/reconnect_policy.h>

using namespace balcao;
using namespace std::chrono_literals;

class TestReconnectPolicy : public QObject {
    Q_OBJECT
private slots:
    void backsOffExponentiallyToThirtySeconds();
    void jitterStaysWithinTwentyPercent();
    void doesNotRetryLoggedOutOrReplaced_data();
    void doesNotRetryLoggedOutOrReplaced();
    void restartsAtOnceOn515();
    void successResetsBackoff();
};

void TestReconnectPolicy::backsOffExponentiallyToThirtySeconds() {
    ReconnectPolicy policy;
    const QList<qint64> expected {1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
    for (int i = 0; i < expected.size(); ++i) {
        const auto d = policy.onDisconnect(0, {}, 0.0);
        QCOMPARE(d.verdict, ReconnectPolicy::Verdict::RetryAfterDelay);
        QCOMPARE(d.delay.count(), expected[i]);
        QCOMPARE(d.attempt, i + 1);
        QCOMPARE(d.reason, QStringLiteral("connection lost"));
    }
    QCOMPARE(policy.onDisconnect(503, {}, 0.0).reason, QStringLiteral("server error 503"));
}

void TestReconnectPolicy::jitterStaysWithinTwentyPercent() {
    for (int i = 0; i < 200; ++i) {
        ReconnectPolicy policy;
        policy.onDisconnect(0, {});
        const auto d = policy.onDisconnect(0, {}); // base 2 s
        QVERIFY2(d.delay >= 1600ms && d.delay <= 2400ms, qPrintable(QString::number(d.delay.count())));
    }
    ReconnectPolicy capped;
    for (int i = 0; i < 10; ++i)
        QVERIFY(capped.onDisconnect(0, {}, 1.0).delay <= ReconnectPolicy::kMaxDelay);
}

void TestReconnectPolicy::doesNotRetryLoggedOutOrReplaced_data() {
    QTest::addColumn<int>("code");
    QTest::addColumn<int>("verdict");
    QTest::newRow("401 device removed") << 401 << int(ReconnectPolicy::Verdict::LoggedOut);
    QTest::newRow("403 forbidden") << 403 << int(ReconnectPolicy::Verdict::LoggedOut);
    QTest::newRow("440 replaced") << 440 << int(ReconnectPolicy::Verdict::Replaced);
    QTest::newRow("503 unavailable") << 503 << int(ReconnectPolicy::Verdict::RetryAfterDelay);
    QTest::newRow("408 lost") << 408 << int(ReconnectPolicy::Verdict::RetryAfterDelay);
}

void TestReconnectPolicy::doesNotRetryLoggedOutOrReplaced() {
    QFETCH(int, code);
    QFETCH(int, verdict);
    ReconnectPolicy policy;
    const auto d = policy.onDisconnect(code, {});
    QCOMPARE(int(d.verdict), verdict);
    if (code == 440)
        QCOMPARE(d.reason, QStringLiteral("replaced by another connection"));
}

void TestReconnectPolicy::restartsAtOnceOn515() {
    ReconnectPolicy policy;
    const auto d = policy.onDisconnect(515, {});
    QCOMPARE(d.verdict, ReconnectPolicy::Verdict::RetryNow);
    QCOMPARE(d.delay, 0ms);
    QCOMPARE(policy.failures(), 0); // not counted as a failure
}

void TestReconnectPolicy::successResetsBackoff() {
    ReconnectPolicy policy;
    policy.onDisconnect(0, {}, 0.0);
    policy.onDisconnect(0, {}, 0.0);
    policy.onConnected();
    QCOMPARE(policy.onDisconnect(0, {}, 0.0).delay, 1000ms);
}

QTEST_GUILESS_MAIN(TestReconnectPolicy)
#include "tst_reconnect_policy.moc"
