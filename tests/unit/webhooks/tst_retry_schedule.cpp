#include <QTest>
#include <retry_schedule.h>

using namespace balcao::webhooks;

// Issue 7: "retried with exponential backoff (1 s, ×2, up to 30 s, then kept for later)".
class TestRetrySchedule : public QObject {
    Q_OBJECT
private slots:
    void waitsDoublingUpToTheCapThenKeeps_data();
    void waitsDoublingUpToTheCapThenKeeps();
    void keepsTheKeptInterval();
};

void TestRetrySchedule::waitsDoublingUpToTheCapThenKeeps_data() {
    QTest::addColumn<qint64>("base");
    QTest::addColumn<qint64>("max");
    QTest::addColumn<QList<qint64>>("delays");
    QTest::newRow("issue 7 defaults")
        << qint64(1000) << qint64(30000) << QList<qint64> {1000, 2000, 4000, 8000, 16000, 30000};
    QTest::newRow("cap hit exactly") << qint64(1000) << qint64(8000)
                                     << QList<qint64> {1000, 2000, 4000, 8000};
    QTest::newRow("test knobs") << qint64(50) << qint64(400) << QList<qint64> {50, 100, 200, 400};
    QTest::newRow("cap below base") << qint64(500) << qint64(100) << QList<qint64> {500};
    QTest::newRow("base equals cap") << qint64(300) << qint64(300) << QList<qint64> {300};
    QTest::newRow("nonsense base") << qint64(0) << qint64(4) << QList<qint64> {1, 2, 4};
}

void TestRetrySchedule::waitsDoublingUpToTheCapThenKeeps() {
    QFETCH(qint64, base);
    QFETCH(qint64, max);
    QFETCH(QList<qint64>, delays);
    const RetrySchedule schedule(base, max);
    QCOMPARE(schedule.delays(), delays);
    for (int attempt = 1; attempt <= delays.size(); ++attempt)
        QCOMPARE(schedule.delayAfter(attempt), std::optional<qint64>(delays.at(attempt - 1)));
    QCOMPARE(schedule.delayAfter(int(delays.size()) + 1), std::nullopt);
    QCOMPARE(schedule.delayAfter(1000), std::nullopt);
    QCOMPARE(schedule.delayAfter(0), std::nullopt);
    QCOMPARE(schedule.delayAfter(-1), std::nullopt);
}

void TestRetrySchedule::keepsTheKeptInterval() {
    QCOMPARE(RetrySchedule().keptIntervalMs(), qint64(300000));
    QCOMPARE(RetrySchedule(1000, 30000, 2500).keptIntervalMs(), qint64(2500));
    QCOMPARE(RetrySchedule(1000, 30000, 0).keptIntervalMs(), qint64(1));
}

QTEST_GUILESS_MAIN(TestRetrySchedule)
#include "tst_retry_schedule.moc"
