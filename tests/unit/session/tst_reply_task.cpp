#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <session/pending_requests.h>
#include <session/reply_task.h>

using namespace balcao;

// ReplyTask and PendingRequests (issue 13): a command's answer reaches the caller that asked, in the caller's
// thread, whatever thread finishes it; a caller that is gone gets nothing; each kind of command is finished
// by what shows it done, its error by request id, and nothing waits for ever.
class TestReplyTask : public QObject {
    Q_OBJECT
private slots:
    void continuationRunsInTheCallersThread();
    void answerKnownBeforeThenStillArrives();
    void goneCallerIsNotCalled();
    void onlyTheFirstAnswerCounts();
    void errorsFinishTheirRequest();
    void eventsFinishWhatTheyShowDone();
    void handledFinishesOnlyCommandsWithoutAnAnswer();
    void unansweredRequestsTimeOut();
};

namespace {

std::optional<SessionRecord> noRecord(const QString &) {
    return std::nullopt;
}

} // namespace

void TestReplyTask::continuationRunsInTheCallersThread() {
    ReplyTask task;
    QThread *calledIn = nullptr;
    std::optional<Reply> got;
    task.then(this, [&](const Reply &reply) {
        calledIn = QThread::currentThread();
        got = reply;
    });
    QThread worker;
    worker.start();
    QObject inWorker;
    inWorker.moveToThread(&worker);
    QMetaObject::invokeMethod(
        &inWorker,
        [task] {
            task.finish(ChatsReply {QStringLiteral("s1"), {}});
        },
        Qt::BlockingQueuedConnection);
    QVERIFY(!got); // queued to this thread, not run in the worker
    QTRY_VERIFY(got.has_value());
    QCOMPARE(calledIn, QThread::currentThread());
    QCOMPARE(std::get<ChatsReply>(*got).session, QStringLiteral("s1"));
    worker.quit();
    worker.wait();
}

void TestReplyTask::answerKnownBeforeThenStillArrives() {
    ReplyTask task;
    task.finish(Done {});
    bool called = false;
    task.then(this, [&](const Reply &reply) { called = std::holds_alternative<Done>(reply); });
    QTRY_VERIFY(called);
}

void TestReplyTask::goneCallerIsNotCalled() {
    ReplyTask task;
    bool called = false;
    {
        QObject caller;
        task.then(&caller, [&](const Reply &) { called = true; });
    }
    task.finish(Done {});
    QTest::qWait(20);
    QVERIFY(!called);
}

void TestReplyTask::onlyTheFirstAnswerCounts() {
    ReplyTask task;
    QList<Reply> got;
    task.then(this, [&](const Reply &reply) { got.append(reply); });
    task.finish(makeError(errc::kStorageFull, QStringLiteral("full")));
    task.finish(Done {});
    QTRY_COMPARE(got.size(), 1);
    QTest::qWait(20);
    QCOMPARE(got.size(), 1);
    QCOMPARE(std::get<Error>(got.first()).code, QStringLiteral("storage-full"));
}

void TestReplyTask::errorsFinishTheirRequest() {
    PendingRequests pending(noRecord);
    ReplyTask send;
    ReplyTask other;
    pending.add(QStringLiteral("r1"),
        SendCommand {QStringLiteral("s1"), QStringLiteral("a@s.whatsapp.net"),
            textContent(QStringLiteral("oi")), QStringLiteral("3EB0A")},
        send, 0);
    pending.add(QStringLiteral("r2"), ChatsCommand {QStringLiteral("s1")}, other, 0);
    pending.onEvent(ErrorEvent {
        QStringLiteral("s1"), QStringLiteral("storage-full"), QStringLiteral("full"), QStringLiteral("r1")});
    pending.onEvent(ErrorEvent {QStringLiteral("s1"), QStringLiteral("decrypt-failed"), QStringLiteral("x")});
    QVERIFY(send.isFinished());
    QVERIFY(!other.isFinished()); // an error of nobody's request finishes nothing
}

void TestReplyTask::eventsFinishWhatTheyShowDone() {
    SessionRecord record {QStringLiteral("s9"), QStringLiteral("Loja"), 1, {}, true, SessionStatus::New};
    PendingRequests pending([&](const QString &id) -> std::optional<SessionRecord> {
        return id == record.id ? std::optional(record) : std::nullopt;
    });
    ReplyTask add, send, code;
    pending.add(QStringLiteral("r-add"), AddSessionCommand {QStringLiteral("Loja")}, add, 0);
    pending.add(QStringLiteral("r-send"),
        SendCommand {QStringLiteral("s9"), QStringLiteral("a@s.whatsapp.net"),
            textContent(QStringLiteral("oi")), QStringLiteral("3EB0B")},
        send, 0);
    pending.add(QStringLiteral("r-code"),
        LinkCommand {QStringLiteral("s9"), LinkMethod::Code, QStringLiteral("5511")}, code, 0);
    SessionEvent created {record.id, record.name, SessionStatus::New};
    created.requestId = QStringLiteral("r-add");
    pending.onEvent(created);
    MessageEvent someoneElses;
    someoneElses.session = QStringLiteral("s9");
    someoneElses.id = QStringLiteral("OTHER");
    someoneElses.fromMe = true;
    pending.onEvent(someoneElses);
    QVERIFY(!send.isFinished());
    MessageEvent ours = someoneElses;
    ours.id = QStringLiteral("3EB0B");
    pending.onEvent(ours);
    pending.onEvent(
        PairingCodeEvent {QStringLiteral("s9"), QStringLiteral("ABCD-EFGH"), QStringLiteral("5511")});
    QVERIFY(add.isFinished() && send.isFinished() && code.isFinished());
    Reply created2, queued, given;
    add.then(this, [&](const Reply &r) { created2 = r; });
    send.then(this, [&](const Reply &r) { queued = r; });
    code.then(this, [&](const Reply &r) { given = r; });
    QTRY_VERIFY(std::holds_alternative<PairingCodeReply>(given));
    QCOMPARE(std::get<SessionCreated>(created2).record.name, QStringLiteral("Loja"));
    QCOMPARE(std::get<MessageQueued>(queued).message.id, QStringLiteral("3EB0B"));
    QCOMPARE(std::get<PairingCodeReply>(given).code, QStringLiteral("ABCD-EFGH"));
}

void TestReplyTask::handledFinishesOnlyCommandsWithoutAnAnswer() {
    PendingRequests pending(noRecord);
    ReplyTask start, code;
    pending.add(QStringLiteral("r1"), StartCommand {QStringLiteral("s1")}, start, 0);
    pending.add(QStringLiteral("r2"),
        LinkCommand {QStringLiteral("s1"), LinkMethod::Code, QStringLiteral("5511")}, code, 0);
    pending.onHandled(QStringLiteral("r1"));
    pending.onHandled(QStringLiteral("r2"));
    QVERIFY(start.isFinished());
    QVERIFY(!code.isFinished()); // a pairing code is done when the code is here, not when it was asked for
}

void TestReplyTask::unansweredRequestsTimeOut() {
    PendingRequests pending(noRecord);
    ReplyTask task;
    pending.add(QStringLiteral("r1"), ChatsCommand {QStringLiteral("s1")}, task, 1000);
    pending.expire(1000 + PendingRequests::kTimeoutMs - 1);
    QVERIFY(!task.isFinished());
    pending.expire(1000 + PendingRequests::kTimeoutMs);
    QVERIFY(task.isFinished());
    QVERIFY(pending.isEmpty());
    Reply got;
    task.then(this, [&](const Reply &r) { got = r; });
    QTRY_VERIFY(std::holds_alternative<Error>(got));
    QCOMPARE(std::get<Error>(got).code, QStringLiteral("timeout"));
}

QTEST_GUILESS_MAIN(TestReplyTask)
#include "tst_reply_task.moc"
