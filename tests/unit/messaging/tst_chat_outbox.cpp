#include <QTest>
#include <messaging/chat_outbox.h>

using namespace balcao;

// The per-chat outbox (issue 13): chats do not wait for each other, a chat's messages keep their order,
// and a chat whose front failed is not tried again within the same drain.
class TestChatOutbox : public QObject {
    Q_OBJECT
private slots:
    void takesOneFrontPerChatInQueueOrder();
    void busyChatHoldsItsNextMessage();
    void failedFrontStallsOnlyItsChatUntilRetry();
    void resetAfterLoginStartsClean();
    void releaseAllFreesChatsInFlight();
};

namespace {

StoredMessage message(const QString &chat, const QString &id) {
    StoredMessage m;
    m.chat = chat;
    m.id = id;
    m.fromMe = true;
    return m;
}

QStringList ids(const QList<StoredMessage> &messages) {
    QStringList out;
    for (const StoredMessage &m : messages)
        out << m.id;
    return out;
}

const QString kAna = QStringLiteral("5511900000001@s.whatsapp.net");
const QString kBia = QStringLiteral("5511900000002@s.whatsapp.net");

} // namespace

void TestChatOutbox::takesOneFrontPerChatInQueueOrder() {
    ChatOutbox outbox;
    outbox.append(message(kBia, "b1"));
    outbox.append(message(kAna, "a1"));
    outbox.append(message(kBia, "b2"));
    QCOMPARE(outbox.size(), 3);
    QCOMPARE(ids(outbox.takeReady()), (QStringList {"b1", "a1"}));
    QVERIFY(outbox.takeReady().isEmpty()); // both chats busy
}

void TestChatOutbox::busyChatHoldsItsNextMessage() {
    ChatOutbox outbox;
    outbox.append(message(kAna, "a1"));
    outbox.append(message(kAna, "a2"));
    outbox.append(message(kBia, "b1"));
    QCOMPARE(ids(outbox.takeReady()), (QStringList {"a1", "b1"}));
    outbox.finish(kBia, true);
    QVERIFY(outbox.takeReady().isEmpty()); // Ana's a1 still in flight: a2 waits for it
    outbox.finish(kAna, true);
    QCOMPARE(ids(outbox.takeReady()), (QStringList {"a2"}));
    outbox.finish(kAna, true);
    QVERIFY(outbox.isEmpty());
}

void TestChatOutbox::failedFrontStallsOnlyItsChatUntilRetry() {
    ChatOutbox outbox;
    outbox.append(message(kAna, "a1"));
    outbox.append(message(kBia, "b1"));
    outbox.append(message(kBia, "b2"));
    QCOMPARE(ids(outbox.takeReady()), (QStringList {"a1", "b1"}));
    outbox.finish(kAna, false);
    outbox.finish(kBia, true);
    QCOMPARE(ids(outbox.takeReady()), (QStringList {"b2"})); // Ana is stalled, Bia goes on
    outbox.finish(kBia, true);
    QVERIFY(outbox.takeReady().isEmpty());
    outbox.retry();
    QCOMPARE(ids(outbox.takeReady()), (QStringList {"a1"})); // the same message, not a later one
}

void TestChatOutbox::resetAfterLoginStartsClean() {
    ChatOutbox outbox;
    outbox.append(message(kAna, "old"));
    QCOMPARE(outbox.takeReady().size(), 1);
    outbox.reset({message(kAna, "a1"), message(kBia, "b1"), message(kAna, "a2")});
    QCOMPARE(outbox.size(), 3);
    QCOMPARE(ids(outbox.takeReady()), (QStringList {"a1", "b1"}));
}

void TestChatOutbox::releaseAllFreesChatsInFlight() {
    ChatOutbox outbox;
    outbox.append(message(kAna, "a1"));
    QCOMPARE(outbox.takeReady().size(), 1);
    QVERIFY(outbox.isBusy(kAna));
    outbox.releaseAll();
    QVERIFY(!outbox.isBusy(kAna));
    QCOMPARE(ids(outbox.takeReady()), (QStringList {"a1"})); // sent again with the same id
}

QTEST_GUILESS_MAIN(TestChatOutbox)
#include "tst_chat_outbox.moc"
