#include <QTest>
#include <circuit_breaker.h>

using namespace balcao::webhooks;
using State = CircuitBreaker::State;

// The breaker's states with explicit times: closed → open after N consecutive failures → half-open after the
// pause → closed on a successful probe, open again on a failed one.
class TestCircuitBreaker : public QObject {
    Q_OBJECT
private slots:
    void staysClosedBelowTheThreshold();
    void opensAtTheThresholdAndPauses();
    void closesOnASuccessfulProbe();
    void reopensOnAFailedProbe();
    void successResetsTheCount();
    void namesItsStates();
};

void TestCircuitBreaker::staysClosedBelowTheThreshold() {
    CircuitBreaker breaker(3, 1000);
    breaker.recordFailure(100);
    breaker.recordFailure(200);
    QCOMPARE(breaker.state(200), State::Closed);
    QVERIFY(breaker.allows(200));
    QCOMPARE(breaker.allowedAtMs(), qint64(0));
    QCOMPARE(breaker.consecutiveFailures(), 2);
}

void TestCircuitBreaker::opensAtTheThresholdAndPauses() {
    CircuitBreaker breaker(3, 1000);
    for (qint64 t : {100, 200, 300})
        breaker.recordFailure(t);
    QCOMPARE(breaker.state(300), State::Open);
    QVERIFY(!breaker.allows(300));
    QVERIFY(!breaker.allows(1299));
    QCOMPARE(breaker.allowedAtMs(), qint64(1300));
    QCOMPARE(breaker.state(1300), State::HalfOpen);
    QVERIFY(breaker.allows(1300));
}

void TestCircuitBreaker::closesOnASuccessfulProbe() {
    CircuitBreaker breaker(2, 500);
    breaker.recordFailure(0);
    breaker.recordFailure(10);
    QCOMPARE(breaker.state(600), State::HalfOpen);
    breaker.recordSuccess();
    QCOMPARE(breaker.state(600), State::Closed);
    QCOMPARE(breaker.consecutiveFailures(), 0);
    // Closed again means the full threshold is needed to open it.
    breaker.recordFailure(700);
    QCOMPARE(breaker.state(700), State::Closed);
}

void TestCircuitBreaker::reopensOnAFailedProbe() {
    CircuitBreaker breaker(2, 500);
    breaker.recordFailure(0);
    breaker.recordFailure(10);
    QCOMPARE(breaker.state(510), State::HalfOpen);
    breaker.recordFailure(520); // the probe failed: one failure is enough
    QCOMPARE(breaker.state(520), State::Open);
    QCOMPARE(breaker.allowedAtMs(), qint64(1020));
    QCOMPARE(breaker.state(1020), State::HalfOpen);
}

void TestCircuitBreaker::successResetsTheCount() {
    CircuitBreaker breaker(3, 500);
    breaker.recordFailure(0);
    breaker.recordFailure(1);
    breaker.recordSuccess();
    breaker.recordFailure(2);
    breaker.recordFailure(3);
    QCOMPARE(breaker.state(3), State::Closed);
    breaker.recordFailure(4);
    QCOMPARE(breaker.state(4), State::Open);
}

void TestCircuitBreaker::namesItsStates() {
    QCOMPARE(CircuitBreaker::stateName(State::Closed), QStringLiteral("closed"));
    QCOMPARE(CircuitBreaker::stateName(State::Open), QStringLiteral("open"));
    QCOMPARE(CircuitBreaker::stateName(State::HalfOpen), QStringLiteral("half-open"));
}

QTEST_GUILESS_MAIN(TestCircuitBreaker)
#include "tst_circuit_breaker.moc"
