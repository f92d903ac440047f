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
    void loginFailuresAreNotRetriedInALoop_data();
    void loginFailuresAreNotRetriedInALoop();
    void temporaryBanSaysWhyAndUntilWhen();
    void streamErrorsFollowWhatsmeow();
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

void TestReconnectPolicy::loginFailuresAreNotRetriedInALoop_data() {
    QTest::addColumn<int>("reason");
    QTest::addColumn<int>("verdict");
    QTest::addColumn<QString>("code");
    using V = ReconnectPolicy::Verdict;
    QTest::newRow("401 logged out") << 401 << int(V::LoggedOut) << "logged-out";
    QTest::newRow("403 locked") << 403 << int(V::LoggedOut) << "logged-out";
    QTest::newRow("406 banned") << 406 << int(V::LoggedOut) << "logged-out";
    QTest::newRow("405 outdated") << 405 << int(V::ClientOutdated) << "client-outdated";
    QTest::newRow("409 user agent") << 409 << int(V::Stopped) << "bad-user-agent";
    QTest::newRow("501 experimental") << 501 << int(V::Stopped) << "login-refused";
    QTest::newRow("400 generic") << 400 << int(V::Stopped) << "login-refused";
    QTest::newRow("500 server") << 500 << int(V::RetryAfterDelay) << "";
    QTest::newRow("503 unavailable") << 503 << int(V::RetryAfterDelay) << "";
}

void TestReconnectPolicy::loginFailuresAreNotRetriedInALoop() {
    QFETCH(int, reason);
    QFETCH(int, verdict);
    QFETCH(QString, code);
    ReconnectPolicy policy;
    NodeConnection::StreamEnd end;
    end.code = reason;
    end.loginFailure = true;
    const auto d = policy.onEnd(end, 0, 0.0);
    QCOMPARE(int(d.verdict), verdict);
    QCOMPARE(QString::fromLatin1(d.errorCode ? d.errorCode : ""), code);
    if (verdict == int(ReconnectPolicy::Verdict::RetryAfterDelay)) {
        QCOMPARE(d.delay, 1000ms);
        QCOMPARE(policy.failures(), 1);
    } else {
        QVERIFY2(d.reason.contains(QString::number(reason)), qPrintable(d.reason));
        QCOMPARE(policy.failures(), 0);
    }
}

void TestReconnectPolicy::temporaryBanSaysWhyAndUntilWhen() {
    ReconnectPolicy policy;
    const auto end = NodeConnection::streamEndOf(Node(QStringLiteral("failure"),
        {{QStringLiteral("reason"), QStringLiteral("402")}, {QStringLiteral("code"), QStringLiteral("101")},
            {QStringLiteral("expire"), QStringLiteral("7200")}}));
    QVERIFY(end && end->loginFailure);
    const qint64 now = 1'800'000'000'000;
    const auto d = policy.onEnd(*end, now, 0.0);
    QCOMPARE(d.verdict, ReconnectPolicy::Verdict::Stopped);
    QCOMPARE(QString::fromLatin1(d.errorCode), QStringLiteral("temporarily-banned"));
    QCOMPARE(d.untilMs, now + 7'200'000);
    QVERIFY2(d.reason.contains(QStringLiteral("101")) && d.reason.contains(QStringLiteral("2 hours"))
            && d.reason.contains(QStringLiteral("not saved the number")),
        qPrintable(d.reason));
}

void TestReconnectPolicy::streamErrorsFollowWhatsmeow() {
    const auto ended = [](Node node) {
        ReconnectPolicy policy;
        const auto end = NodeConnection::streamEndOf(node);
        return policy.onEnd(*end, 0, 0.0);
    };
    const Node removed(QStringLiteral("stream:error"), {{QStringLiteral("code"), QStringLiteral("401")}},
        Node::Children {
            Node(QStringLiteral("conflict"), {{QStringLiteral("type"), QStringLiteral("device_removed")}})});
    QCOMPARE(ended(removed).verdict, ReconnectPolicy::Verdict::LoggedOut);
    const Node replaced(QStringLiteral("stream:error"), {},
        Node::Children {
            Node(QStringLiteral("conflict"), {{QStringLiteral("type"), QStringLiteral("replaced")}})});
    QCOMPARE(ended(replaced).verdict, ReconnectPolicy::Verdict::Replaced);
    QCOMPARE(ended(Node(QStringLiteral("stream:error"), {{QStringLiteral("code"), QStringLiteral("515")}}))
                 .verdict,
        ReconnectPolicy::Verdict::RetryNow);
    // A stream error 503 (the server restarting) is retried, as whatsmeow's auto-reconnect does.
    QCOMPARE(ended(Node(QStringLiteral("stream:error"), {{QStringLiteral("code"), QStringLiteral("503")}}))
                 .verdict,
        ReconnectPolicy::Verdict::RetryAfterDelay);
}

QTEST_GUILESS_MAIN(TestReconnectPolicy)
#include "tst_reconnect_policy.moc"
