// The commit batch when another session commits it early (issue 14: the sessions of a worker share one
// connection): what waited for the commit runs on the next turn, never inside the other session's call; a
// failed early commit fails the requests of the batch and runs nothing; the next message opens a new batch
// whose actions come after the old one's.
#include <QSignalSpy>
#include <QTest>
#include <messaging/commit_batch.h>

using namespace balcao;

namespace {

// Counts what the batch asks of it and lets the test commit the batch as another session's write would.
class SharedTransaction final : public StorageTransaction {
public:
    Result<void> begin() override {
        ++begins;
        ++depth;
        return {};
    }
    Result<void> commit() override {
        ++commits;
        --depth;
        return {};
    }
    void rollback() override {
        ++rollbacks;
        --depth;
    }
    void setEarlyCommitHandler(EarlyCommitHandler handler) override { onEarlyCommit = std::move(handler); }

    // Another session's statement: the open transaction ends here with `result`.
    void commitFromElsewhere(const Result<void> &result) {
        depth = 0;
        onEarlyCommit(result);
    }

    int begins = 0;
    int commits = 0;
    int rollbacks = 0;
    int depth = 0;
    EarlyCommitHandler onEarlyCommit;
};

} // namespace

class TestCommitBatch : public QObject {
    Q_OBJECT
private slots:
    void anEarlyCommitRunsWhatWaitedOnTheNextTurn();
    void aFailedEarlyCommitFailsTheBatchRequests();
    void aBatchAfterAnEarlyCommitIsNewAndComesAfter();
    void aBatchGoneSaysNothingMore();
};

void TestCommitBatch::anEarlyCommitRunsWhatWaitedOnTheNextTurn() {
    SharedTransaction transaction;
    CommitBatch batch(&transaction);
    QSignalSpy chats(&batch, &CommitBatch::chatsChanged);
    QSignalSpy failed(&batch, &CommitBatch::failed);
    int acks = 0;
    QVERIFY(batch.openForMessage());
    batch.afterCommit([&] { ++acks; });
    batch.touchChat(QStringLiteral("5511900000002@s.whatsapp.net"));

    transaction.commitFromElsewhere({});
    QCOMPARE(acks, 0); // not inside the other session's call
    QTRY_COMPARE(acks, 1);
    QCOMPARE(chats.size(), 1);
    QCOMPARE(failed.size(), 0);
    // The batch's own end of turn finds nothing left to commit.
    QTest::qWait(20);
    QCOMPARE(transaction.commits, 0);
    QCOMPARE(acks, 1);
}

void TestCommitBatch::aFailedEarlyCommitFailsTheBatchRequests() {
    SharedTransaction transaction;
    CommitBatch batch(&transaction);
    QSignalSpy failed(&batch, &CommitBatch::failed);
    int acks = 0;
    QVERIFY(batch.open());
    batch.addRequest(QStringLiteral("req-7"));
    batch.afterCommit([&] { ++acks; });

    transaction.commitFromElsewhere(makeError(errc::kStorageFull, QStringLiteral("The disk is full.")));
    QTRY_COMPARE(failed.size(), 1);
    QCOMPARE(failed.at(0).at(0).value<Error>().code, QStringLiteral("storage-full"));
    QCOMPARE(failed.at(0).at(1).toStringList(), QStringList {QStringLiteral("req-7")});
    QTest::qWait(20);
    QCOMPARE(acks, 0); // nothing of it was stored: nothing is acknowledged
}

void TestCommitBatch::aBatchAfterAnEarlyCommitIsNewAndComesAfter() {
    SharedTransaction transaction;
    CommitBatch batch(&transaction);
    QStringList order;
    QVERIFY(batch.openForMessage());
    batch.afterCommit([&] { order << QStringLiteral("first"); });
    transaction.commitFromElsewhere({});

    QVERIFY(batch.openForMessage());
    QCOMPARE(transaction.begins, 2);
    batch.afterCommit([&] { order << QStringLiteral("second"); });
    QTRY_COMPARE(order.size(), 2);
    QCOMPARE(order, (QStringList {QStringLiteral("first"), QStringLiteral("second")}));
    QCOMPARE(transaction.commits, 1); // the second batch, by its own end of turn
    QCOMPARE(transaction.depth, 0);
}

void TestCommitBatch::aBatchGoneSaysNothingMore() {
    SharedTransaction transaction;
    int acks = 0;
    {
        CommitBatch batch(&transaction);
        QVERIFY(batch.open());
        batch.afterCommit([&] { ++acks; });
        transaction.commitFromElsewhere({});
    }
    QTest::qWait(20);
    QCOMPARE(acks, 0);
    QVERIFY(!transaction.onEarlyCommit); // the batch took its handler back
}

QTEST_GUILESS_MAIN(TestCommitBatch)
#include "tst_commit_batch.moc"
