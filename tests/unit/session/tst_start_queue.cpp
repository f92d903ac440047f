#include <QTest>
#include <session/start_queue.h>

using namespace balcao;

namespace {

QStringList sessionsOf(const QList<StartQueue::Start> &starts) {
    QStringList out;
    for (const auto &s : starts)
        out.append(s.session);
    return out;
}

QStringList numbered(int count) {
    QStringList out;
    for (int i = 1; i <= count; ++i)
        out.append(QStringLiteral("s%1").arg(i));
    return out;
}

const auto noPause = [] { return quint32(0); };

} // namespace

class TestStartQueue : public QObject {
    Q_OBJECT
private slots:
    void startsNoMoreThanTheLimitAtOnce();
    void givesAFreedSlotToTheNextInOrder();
    void spreadsStartsWithinTheJitter();
    void freesASlotThatGivesNoNews();
    void queuesANumberOnce();
    void forgetsARemovedNumber();
};

void TestStartQueue::startsNoMoreThanTheLimitAtOnce() {
    StartQueue queue({3, 0, 20000});
    for (const QString &s : numbered(10))
        queue.enqueue(s);
    QCOMPARE(sessionsOf(queue.take(1000, noPause)), (QStringList {"s1", "s2", "s3"}));
    QCOMPARE(queue.inFlight(), 3);
    QCOMPARE(queue.waiting(), 7);
    QVERIFY(queue.take(1001, noPause).isEmpty()); // nothing settled: nothing more starts
}

void TestStartQueue::givesAFreedSlotToTheNextInOrder() {
    StartQueue queue({2, 0, 20000});
    for (const QString &s : numbered(5))
        queue.enqueue(s);
    queue.take(0, noPause);
    queue.settled(QStringLiteral("s2"));
    QCOMPARE(sessionsOf(queue.take(10, noPause)), QStringList {"s3"});
    queue.settled(QStringLiteral("s1"));
    queue.settled(QStringLiteral("s3"));
    QCOMPARE(sessionsOf(queue.take(20, noPause)), (QStringList {"s4", "s5"}));
    QCOMPARE(queue.waiting(), 0);
    queue.settled(QStringLiteral("s4"));
    queue.settled(QStringLiteral("s5"));
    QCOMPARE(queue.inFlight(), 0);
    QCOMPARE(queue.nextTimeoutMs(), std::nullopt);
}

void TestStartQueue::spreadsStartsWithinTheJitter() {
    StartQueue queue({4, 300, 20000});
    for (const QString &s : numbered(4))
        queue.enqueue(s);
    QList<quint32> draws {0, 300, 301, 1000};
    const auto starts = queue.take(5000, [&draws] { return draws.takeFirst(); });
    QCOMPARE(starts.size(), 4);
    QCOMPARE(starts[0].atMs, 5000);
    QCOMPARE(starts[1].atMs, 5300);
    QCOMPARE(starts[2].atMs, 5000); // 301 mod 301
    QCOMPARE(starts[3].atMs, 5000 + 1000 % 301);
    for (const auto &s : starts)
        QVERIFY(s.atMs >= 5000 && s.atMs <= 5300);
}

void TestStartQueue::freesASlotThatGivesNoNews() {
    StartQueue queue({1, 100, 20000});
    queue.enqueue(QStringLiteral("stuck"));
    queue.enqueue(QStringLiteral("next"));
    const auto first = queue.take(0, [] { return quint32(50); });
    QCOMPARE(first, (QList<StartQueue::Start> {{QStringLiteral("stuck"), 50}}));
    QCOMPARE(queue.nextTimeoutMs(), std::optional<qint64>(20050));
    QVERIFY(queue.take(20049, noPause).isEmpty());
    QCOMPARE(sessionsOf(queue.take(20050, noPause)), QStringList {"next"});
    // Its late news changes nothing for the one now in the slot.
    queue.settled(QStringLiteral("stuck"));
    QCOMPARE(queue.inFlight(), 1);
}

void TestStartQueue::queuesANumberOnce() {
    StartQueue queue({5, 0, 1000});
    queue.enqueue(QStringLiteral("a"));
    queue.enqueue(QStringLiteral("a"));
    QCOMPARE(sessionsOf(queue.take(0, noPause)), QStringList {"a"});
    queue.enqueue(QStringLiteral("a")); // already starting
    QVERIFY(queue.take(1, noPause).isEmpty());
}

void TestStartQueue::forgetsARemovedNumber() {
    StartQueue queue({1, 0, 1000});
    queue.enqueue(QStringLiteral("a"));
    queue.enqueue(QStringLiteral("b"));
    queue.enqueue(QStringLiteral("c"));
    queue.take(0, noPause);
    queue.remove(QStringLiteral("b")); // waiting: never started
    queue.remove(QStringLiteral("a")); // in flight: its slot frees
    QCOMPARE(sessionsOf(queue.take(1, noPause)), QStringList {"c"});
    QCOMPARE(queue.waiting(), 0);
}

QTEST_GUILESS_MAIN(TestStartQueue)
#include "tst_start_queue.moc"
