#include "store_suite_support.h"

#include <QCoreApplication>

const QString StoreFactory::kSessionA = QStringLiteral("session-a");
const QString StoreFactory::kSessionB = QStringLiteral("session-b");

namespace store_suite {

StoredMessage incoming(const QString &chat, const QString &id, qint64 timestamp, const QString &text,
    const QString &sender, const QString &pushName) {
    StoredMessage m;
    m.chat = chat;
    m.id = id;
    m.sender = sender.isEmpty() ? chat : sender;
    m.timestamp = timestamp;
    m.type = QStringLiteral("text");
    m.text = text.isEmpty() ? QStringLiteral("text of %1").arg(id) : text;
    m.pushName = pushName;
    return m;
}

StoredMessage outgoing(const QString &chat, const QString &id, qint64 timestamp, const QString &text) {
    StoredMessage m = incoming(chat, id, timestamp, text, kMe);
    m.fromMe = true;
    return m;
}

StoredMessage asStored(StoredMessage m) {
    if (m.status == MessageStatus::Pending)
        m.status = MessageStatus::Sent;
    m.unread = !m.fromMe;
    return m;
}

StoredMessage asQueued(StoredMessage m) {
    m.fromMe = true;
    m.status = MessageStatus::Pending;
    m.unread = false;
    return m;
}

QStringList idsOf(const QList<StoredMessage> &messages) {
    QStringList ids;
    for (const StoredMessage &m : messages)
        ids.append(m.id);
    return ids;
}

QStringList chatIdsOf(const QList<ChatSummary> &chats) {
    QStringList ids;
    for (const ChatSummary &c : chats)
        ids.append(c.chat);
    return ids;
}

namespace {

// Everything the stores show of one session.
struct Snapshot {
    QList<ChatSummary> chats;
    QList<QList<StoredMessage>> messages;
    QList<StoredMessage> pending;
    QList<Contact> contacts;
    bool operator==(const Snapshot &) const = default;
};

Snapshot snapshotOf(const MessagingStores &s) {
    Snapshot out;
    out.chats = s.chats->chats().value();
    for (const ChatSummary &chat : out.chats)
        out.messages.append(s.messages->messages(chat.chat, kMaxPageSize, {}).value());
    out.pending = s.outbox->pending().value();
    out.contacts = s.contacts->contacts().value();
    return out;
}

bool seed(const MessagingStores &s) {
    return s.messages
               ->storeIncoming(incoming(kAlice, QStringLiteral("A1"), 100, {}, {}, QStringLiteral("Alice")))
               .has_value()
        && s.messages->storeIncoming(incoming(kAlice, QStringLiteral("A2"), 101)).has_value()
        && s.outbox->enqueue(outgoing(kAlice, QStringLiteral("O1"), 102)).has_value()
        && s.messages->storeIncoming(incoming(kGroup, QStringLiteral("G1"), 90, {}, kBruno)).has_value();
}

} // namespace

void checkRefused(
    const MessagingStores &a, const MessagingStores &b, const StoreCall &call, const QString &code) {
    QVERIFY(seed(a));
    const Snapshot before = snapshotOf(a);
    QCOMPARE(before.chats.size(), 2);

    const std::optional<Error> error = call(a);
    QVERIFY2(error.has_value(), "the call succeeded");
    QCOMPARE(error->code, code);
    QVERIFY(!error->message.isEmpty());
    QVERIFY(snapshotOf(a) == before);
    QVERIFY(snapshotOf(b) == Snapshot {});
}

} // namespace store_suite

int runMessagingSuites(StoreFactory &factory, int argc, char **argv, QObject *extra) {
    MessageStoreSuite messages(factory);
    OutboxStoreSuite outbox(factory);
    ChatStoreSuite chats(factory);
    ContactStoreSuite contacts(factory);
    int failed = 0;
    for (QObject *suite : std::initializer_list<QObject *> {&messages, &outbox, &chats, &contacts, extra}) {
        if (suite)
            failed += QTest::qExec(suite, argc, argv);
    }
    return failed;
}
