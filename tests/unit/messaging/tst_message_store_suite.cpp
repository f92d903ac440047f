#include "tst_message_store_suite.h"

#include <QTest>

using namespace balcao;

const QString MessageStoreSuite::kSessionA = QStringLiteral("session-a");
const QString MessageStoreSuite::kSessionB = QStringLiteral("session-b");

namespace {

const QString kAlice = QStringLiteral("5511900000001@s.whatsapp.net");
const QString kBruno = QStringLiteral("5511900000002@s.whatsapp.net");
const QString kCarla = QStringLiteral("5511900000003@s.whatsapp.net");
const QString kGroup = QStringLiteral("120363000000000001@g.us");
const QString kMe = QStringLiteral("5511900000009@s.whatsapp.net");

StoredMessage incoming(const QString &chat, const QString &id, qint64 timestamp, const QString &text = {},
    const QString &sender = {}, const QString &pushName = {}) {
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

StoredMessage outgoing(const QString &chat, const QString &id, qint64 timestamp, const QString &text = {}) {
    StoredMessage m = incoming(chat, id, timestamp, text, kMe);
    m.fromMe = true;
    return m;
}

// What the store answers for a message it kept (see MessageStore::storeIncoming).
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

template<typename T> std::optional<Error> errorOf(const Result<T> &result) {
    if (result)
        return std::nullopt;
    return result.error();
}

QStringList idsOf(const QList<StoredMessage> &messages) {
    QStringList ids;
    for (const StoredMessage &m : messages)
        ids.append(m.id);
    return ids;
}

QStringList idsOf(const QList<FoundMessage> &found) {
    QStringList ids;
    for (const FoundMessage &f : found)
        ids.append(f.session + QLatin1Char('/') + f.message.id);
    return ids;
}

QStringList chatIdsOf(const QList<ChatSummary> &chats) {
    QStringList ids;
    for (const ChatSummary &c : chats)
        ids.append(c.chat);
    return ids;
}

// The store's whole visible state for one session, to show that a refused call changed nothing.
struct Snapshot {
    QList<ChatSummary> chats;
    QList<QList<StoredMessage>> messages;
    QList<StoredMessage> pending;
    QList<Contact> contacts;
    bool operator==(const Snapshot &) const = default;
};

Snapshot snapshotOf(MessageStore &store, const QString &session) {
    Snapshot s;
    s.chats = store.chats(session).value();
    for (const ChatSummary &chat : s.chats)
        s.messages.append(store.messages(session, chat.chat, kMaxPageSize, {}).value());
    s.pending = store.pendingOutgoing(session).value();
    s.contacts = store.contacts(session).value();
    return s;
}

// A small history every failure row starts from: two messages from Alice, one of ours to her, one in a group.
void seed(MessageStore &store) {
    QVERIFY(store
                .storeIncoming(MessageStoreSuite::kSessionA,
                    incoming(kAlice, QStringLiteral("A1"), 100, {}, {}, QStringLiteral("Alice")))
                .has_value());
    QVERIFY(store.storeIncoming(MessageStoreSuite::kSessionA, incoming(kAlice, QStringLiteral("A2"), 101))
                .has_value());
    QVERIFY(store.enqueueOutgoing(MessageStoreSuite::kSessionA, outgoing(kAlice, QStringLiteral("O1"), 102))
                .has_value());
    QVERIFY(store
                .storeIncoming(
                    MessageStoreSuite::kSessionA, incoming(kGroup, QStringLiteral("G1"), 90, {}, kBruno))
                .has_value());
}

template<typename T> MessageStoreCall call(std::function<Result<T>(MessageStore &)> f) {
    return [f](MessageStore &s) { return errorOf(f(s)); };
}

} // namespace

void MessageStoreSuite::rejectsBadCallsAndChangesNothing_data() {
    QTest::addColumn<MessageStoreCall>("call");
    QTest::addColumn<QString>("code");
    const QString invalid = QString::fromLatin1(errc::kInvalidArgument);
    const auto withChat = [](const QString &chat) { return incoming(chat, QStringLiteral("X"), 1); };
    const auto edited = [](std::function<void(StoredMessage &)> edit) {
        StoredMessage m = incoming(kAlice, QStringLiteral("X"), 1);
        edit(m);
        return m;
    };
    using B = Result<bool>;

    QTest::newRow("no session") << call<bool>([](MessageStore &s) -> B {
        return s.storeIncoming({}, incoming(kAlice, QStringLiteral("X"), 1));
    }) << invalid;
    QTest::newRow("chat without server") << call<bool>([withChat](MessageStore &s) -> B {
        return s.storeIncoming(kSessionA, withChat(QStringLiteral("5511900000001")));
    }) << invalid;
    QTest::newRow("chat without user") << call<bool>([withChat](MessageStore &s) -> B {
        return s.storeIncoming(kSessionA, withChat(QStringLiteral("@s.whatsapp.net")));
    }) << invalid;
    QTest::newRow("empty id") << call<bool>([edited](MessageStore &s) -> B {
        return s.storeIncoming(kSessionA, edited([](StoredMessage &m) { m.id.clear(); }));
    }) << invalid;
    QTest::newRow("id too long") << call<bool>([edited](MessageStore &s) -> B {
        return s.storeIncoming(kSessionA,
            edited([](StoredMessage &m) { m.id = QString(kMaxMessageIdLength + 1, QLatin1Char('A')); }));
    }) << invalid;
    QTest::newRow("no sender") << call<bool>([edited](MessageStore &s) -> B {
        return s.storeIncoming(kSessionA, edited([](StoredMessage &m) { m.sender.clear(); }));
    }) << invalid;
    QTest::newRow("no type") << call<bool>([edited](MessageStore &s) -> B {
        return s.storeIncoming(kSessionA, edited([](StoredMessage &m) { m.type.clear(); }));
    }) << invalid;
    QTest::newRow("negative timestamp") << call<bool>([edited](MessageStore &s) -> B {
        return s.storeIncoming(kSessionA, edited([](StoredMessage &m) { m.timestamp = -1; }));
    }) << invalid;
    QTest::newRow("batch with one bad message") << call<QList<bool>>([edited](MessageStore &s) {
        return s.storeIncomingBatch(kSessionA,
            {incoming(kAlice, QStringLiteral("B1"), 200), edited([](StoredMessage &m) { m.sender.clear(); }),
                incoming(kBruno, QStringLiteral("B3"), 201)});
    }) << invalid;
    QTest::newRow("undecryptable without id") << call<int>([edited](MessageStore &s) {
        return s.recordUndecryptable(kSessionA, edited([](StoredMessage &m) { m.id.clear(); }));
    }) << invalid;
    QTest::newRow("outgoing to a bad chat") << call<void>([withChat](MessageStore &s) {
        return s.enqueueOutgoing(kSessionA, withChat(QStringLiteral("nobody")));
    }) << invalid;
    QTest::newRow("outgoing id taken by ours") << call<void>([](MessageStore &s) {
        return s.enqueueOutgoing(kSessionA, outgoing(kAlice, QStringLiteral("O1"), 300));
    }) << QString::fromLatin1(errc::kMessageExists);
    QTest::newRow("outgoing id taken by theirs") << call<void>([](MessageStore &s) {
        return s.enqueueOutgoing(kSessionA, outgoing(kAlice, QStringLiteral("A1"), 300));
    }) << QString::fromLatin1(errc::kMessageExists);
    QTest::newRow("status of no id") << call<bool>([](MessageStore &s) {
        return s.setStatus(kSessionA, kAlice, {}, MessageStatus::Sent);
    }) << invalid;
    QTest::newRow("status of unknown id") << call<bool>([](MessageStore &s) {
        return s.setStatus(kSessionA, kAlice, QStringLiteral("NOPE"), MessageStatus::Sent);
    }) << QString::fromLatin1(errc::kUnknownMessage);
    QTest::newRow("status in another chat") << call<bool>([](MessageStore &s) {
        return s.setStatus(kSessionA, kBruno, QStringLiteral("O1"), MessageStatus::Sent);
    }) << QString::fromLatin1(errc::kUnknownMessage);
    QTest::newRow("status of their message") << call<bool>([](MessageStore &s) {
        return s.setStatus(kSessionA, kAlice, QStringLiteral("A1"), MessageStatus::Read);
    }) << QString::fromLatin1(errc::kUnknownMessage);
    QTest::newRow("status in another session") << call<bool>([](MessageStore &s) {
        return s.setStatus(kSessionB, kAlice, QStringLiteral("O1"), MessageStatus::Sent);
    }) << QString::fromLatin1(errc::kUnknownMessage);
    QTest::newRow("page of 0") << call<QList<StoredMessage>>([](MessageStore &s) {
        return s.messages(kSessionA, kAlice, 0, {});
    }) << invalid;
    QTest::newRow("page of 201") << call<QList<StoredMessage>>([](MessageStore &s) {
        return s.messages(kSessionA, kAlice, kMaxPageSize + 1, {});
    }) << invalid;
    QTest::newRow("page of unknown chat")
        << call<QList<StoredMessage>>([](MessageStore &s) { return s.messages(kSessionA, kCarla, 10, {}); })
        << QString::fromLatin1(errc::kUnknownChat);
    QTest::newRow("page of a chat of another session")
        << call<QList<StoredMessage>>([](MessageStore &s) { return s.messages(kSessionB, kAlice, 10, {}); })
        << QString::fromLatin1(errc::kUnknownChat);
    QTest::newRow("page before unknown id") << call<QList<StoredMessage>>([](MessageStore &s) {
        return s.messages(kSessionA, kAlice, 10, QStringLiteral("NOPE"));
    }) << QString::fromLatin1(errc::kUnknownMessage);
    QTest::newRow("page before an id of another chat") << call<QList<StoredMessage>>([](MessageStore &s) {
        return s.messages(kSessionA, kAlice, 10, QStringLiteral("G1"));
    }) << QString::fromLatin1(errc::kUnknownMessage);
    QTest::newRow("mark unknown chat read")
        << call<QList<UnreadMessage>>([](MessageStore &s) { return s.markRead(kSessionA, kCarla); })
        << QString::fromLatin1(errc::kUnknownChat);
    QTest::newRow("mark bad chat read") << call<QList<UnreadMessage>>([](MessageStore &s) {
        return s.markRead(kSessionA, QStringLiteral("carla"));
    }) << invalid;
    QTest::newRow("empty push name") << call<void>([](MessageStore &s) {
        return s.savePushName(kSessionA, kAlice, QStringLiteral("  "), 500);
    }) << invalid;
    QTest::newRow("push name of a bad jid") << call<void>([](MessageStore &s) {
        return s.savePushName(kSessionA, QStringLiteral("alice"), QStringLiteral("Alice"), 500);
    }) << invalid;
    QTest::newRow("empty search") << call<QList<FoundMessage>>([](MessageStore &s) {
        return s.search(QString(), 10);
    }) << invalid;
    QTest::newRow("search without words") << call<QList<FoundMessage>>([](MessageStore &s) {
        return s.search(QStringLiteral(" !?* \"- "), 10);
    }) << invalid;
    QTest::newRow("search of 0") << call<QList<FoundMessage>>([](MessageStore &s) {
        return s.search(QStringLiteral("text"), 0);
    }) << invalid;
}

void MessageStoreSuite::rejectsBadCallsAndChangesNothing() {
    QFETCH(MessageStoreCall, call);
    QFETCH(QString, code);
    MessageStore &store = freshStore();
    seed(store);
    const Snapshot before = snapshotOf(store, kSessionA);
    QCOMPARE(before.chats.size(), 2);

    const std::optional<Error> error = call(store);
    QVERIFY2(error.has_value(), "the call succeeded");
    QCOMPARE(error->code, code);
    QVERIFY(!error->message.isEmpty());
    QVERIFY(snapshotOf(store, kSessionA) == before);
    QVERIFY(store.chats(kSessionB).value().isEmpty());
}

void MessageStoreSuite::storesARedeliveredMessageOnce() {
    MessageStore &store = freshStore();
    const StoredMessage m = incoming(kAlice, QStringLiteral("3EB0AA"), 1000, QStringLiteral("Oi!"));
    QCOMPARE(store.storeIncoming(kSessionA, m).value(), true);
    StoredMessage again = m;
    again.text = QStringLiteral("a different text under the same id");
    QCOMPARE(store.storeIncoming(kSessionA, again).value(), false);
    QCOMPARE(store.storeIncoming(kSessionA, m).value(), false);

    QCOMPARE(store.message(kSessionA, kAlice, m.id).value(), std::optional<StoredMessage>(asStored(m)));
    QCOMPARE(store.messages(kSessionA, kAlice, 10, {}).value(), QList<StoredMessage> {asStored(m)});
    QCOMPARE(store.chat(kSessionA, kAlice).value()->unread, 1);
    // The same id in another chat is another message.
    QCOMPARE(store.storeIncoming(kSessionA, incoming(kBruno, m.id, 1000)).value(), true);
    QCOMPARE(store.message(kSessionA, kCarla, m.id).value(), std::nullopt);
}

void MessageStoreSuite::updatesChatAndContactWithTheMessage() {
    MessageStore &store = freshStore();
    QCOMPARE(store.chat(kSessionA, kAlice).value(), std::nullopt);
    const StoredMessage first = incoming(kAlice, QStringLiteral("M1"), 1000, {}, {}, QStringLiteral("Alice"));
    const StoredMessage second
        = incoming(kAlice, QStringLiteral("M2"), 1001, {}, {}, QStringLiteral("Alice S."));
    QVERIFY(store.storeIncoming(kSessionA, first).has_value());
    QVERIFY(store.storeIncoming(kSessionA, second).has_value());

    const auto chat = store.chat(kSessionA, kAlice).value();
    QVERIFY(chat.has_value());
    QCOMPARE(chat->chat, kAlice);
    QCOMPARE(chat->name, QStringLiteral("Alice S."));
    QCOMPARE(chat->unread, 2);
    QCOMPARE(chat->lastMessage, asStored(second));
    QCOMPARE(store.chats(kSessionA).value(), QList<ChatSummary> {*chat});
    QCOMPARE(store.contact(kSessionA, kAlice).value(),
        std::optional<Contact>(Contact {kAlice, QStringLiteral("Alice S.")}));

    // In a group the push name is the participant's, and the group has no contact name.
    QVERIFY(store
                .storeIncoming(kSessionA,
                    incoming(kGroup, QStringLiteral("G1"), 1002, {}, kBruno, QStringLiteral("Bruno")))
                .has_value());
    QCOMPARE(store.contact(kSessionA, kBruno).value(),
        std::optional<Contact>(Contact {kBruno, QStringLiteral("Bruno")}));
    QCOMPARE(store.contact(kSessionA, kGroup).value(), std::nullopt);
    QCOMPARE(store.chat(kSessionA, kGroup).value()->name, QString());
}

void MessageStoreSuite::storesOurOtherDevicesMessagesAsSentAndRead() {
    MessageStore &store = freshStore();
    StoredMessage fromPhone
        = outgoing(kAlice, QStringLiteral("PHONE1"), 1000, QStringLiteral("sent from the phone"));
    fromPhone.pushName = QStringLiteral("Me on the phone");
    QCOMPARE(store.storeIncoming(kSessionA, fromPhone).value(), true);

    const StoredMessage stored = store.message(kSessionA, kAlice, fromPhone.id).value().value();
    QCOMPARE(stored.fromMe, true);
    QCOMPARE(stored.status, MessageStatus::Sent);
    QCOMPARE(stored.unread, false);
    QCOMPARE(store.chat(kSessionA, kAlice).value()->unread, 0);
    QCOMPARE(store.chat(kSessionA, kAlice).value()->lastMessage, stored);
    QVERIFY(store.pendingOutgoing(kSessionA).value().isEmpty());
    QVERIFY(store.contacts(kSessionA).value().isEmpty()); // our own name is not a contact
    // Receipts for it move it on like any message of ours.
    QCOMPARE(store.setStatus(kSessionA, kAlice, fromPhone.id, MessageStatus::Read).value(), true);
    QCOMPARE(store.markRead(kSessionA, kAlice).value(), QList<UnreadMessage> {});
}

void MessageStoreSuite::storesABatchInOrder() {
    MessageStore &store = freshStore();
    QVERIFY(store.storeIncoming(kSessionA, incoming(kAlice, QStringLiteral("OLD"), 10)).has_value());
    const QList<StoredMessage> burst {
        incoming(kAlice, QStringLiteral("B1"), 100, {}, {}, QStringLiteral("Alice")),
        incoming(kBruno, QStringLiteral("B2"), 101),
        incoming(kAlice, QStringLiteral("B3"), 102),
        incoming(kAlice, QStringLiteral("B1"), 100), // the server repeats itself
        incoming(kAlice, QStringLiteral("OLD"), 10),
        outgoing(kBruno, QStringLiteral("B4"), 103),
    };
    QCOMPARE(store.storeIncomingBatch(kSessionA, burst).value(),
        (QList<bool> {true, true, true, false, false, true}));
    QCOMPARE(idsOf(store.messages(kSessionA, kAlice, 10, {}).value()),
        (QStringList {QStringLiteral("OLD"), QStringLiteral("B1"), QStringLiteral("B3")}));
    QCOMPARE(idsOf(store.messages(kSessionA, kBruno, 10, {}).value()),
        (QStringList {QStringLiteral("B2"), QStringLiteral("B4")}));
    QCOMPARE(store.chat(kSessionA, kAlice).value()->unread, 3);
    QCOMPARE(store.chat(kSessionA, kBruno).value()->unread, 1);
    QCOMPARE(store.contact(kSessionA, kAlice).value()->pushName, QStringLiteral("Alice"));
    QCOMPARE(store.storeIncomingBatch(kSessionA, {}).value(), QList<bool> {});
}

void MessageStoreSuite::storesABatchAllOrNothing() {
    MessageStore &store = freshStore();
    StoredMessage bad = incoming(kBruno, QStringLiteral("BAD"), 101);
    bad.type.clear();
    auto stored = store.storeIncomingBatch(
        kSessionA, {incoming(kAlice, QStringLiteral("B1"), 100, {}, {}, QStringLiteral("Alice")), bad});
    QVERIFY(!stored.has_value());
    QCOMPARE(stored.error().code, QString::fromLatin1(errc::kInvalidArgument));
    QVERIFY(store.chats(kSessionA).value().isEmpty());
    QVERIFY(store.contacts(kSessionA).value().isEmpty());
    QCOMPARE(store.message(kSessionA, kAlice, QStringLiteral("B1")).value(), std::nullopt);
}

void MessageStoreSuite::keepsTheLatestMessageAsTheChatsLast() {
    MessageStore &store = freshStore();
    const StoredMessage newer = incoming(kAlice, QStringLiteral("NEW"), 2000);
    QVERIFY(store.storeIncoming(kSessionA, newer).has_value());
    // An offline message stamped earlier arrives later: it is stored, counted, but not the last.
    QVERIFY(store.storeIncoming(kSessionA, incoming(kAlice, QStringLiteral("OLD"), 1000)).has_value());
    auto chat = store.chat(kSessionA, kAlice).value();
    QCOMPARE(chat->lastMessage, asStored(newer));
    QCOMPARE(chat->unread, 2);
    // With equal timestamps the later arrival is the later message.
    const StoredMessage tie = outgoing(kAlice, QStringLiteral("TIE"), 2000);
    QVERIFY(store.enqueueOutgoing(kSessionA, tie).has_value());
    QCOMPARE(store.chat(kSessionA, kAlice).value()->lastMessage, asQueued(tie));
}

void MessageStoreSuite::ordersEqualTimestampsByArrival() {
    MessageStore &store = freshStore();
    QVERIFY(store
                .storeIncomingBatch(kSessionA,
                    {incoming(kAlice, QStringLiteral("c"), 50), incoming(kAlice, QStringLiteral("a"), 50),
                        incoming(kAlice, QStringLiteral("z"), 40), incoming(kAlice, QStringLiteral("b"), 50),
                        incoming(kAlice, QStringLiteral("y"), 60)})
                .has_value());
    QCOMPARE(idsOf(store.messages(kSessionA, kAlice, 10, {}).value()),
        (QStringList {QStringLiteral("z"), QStringLiteral("c"), QStringLiteral("a"), QStringLiteral("b"),
            QStringLiteral("y")}));
    QCOMPARE(idsOf(store.messages(kSessionA, kAlice, 2, QStringLiteral("b")).value()),
        (QStringList {QStringLiteral("c"), QStringLiteral("a")}));
}

void MessageStoreSuite::countsFailedDecryptionsOnOnePlaceholder() {
    MessageStore &store = freshStore();
    StoredMessage failed = incoming(
        kGroup, QStringLiteral("SK1"), 500, QStringLiteral("ignored"), kBruno, QStringLiteral("Bruno"));
    QCOMPARE(store.recordUndecryptable(kSessionA, failed).value(), 1);
    QCOMPARE(store.recordUndecryptable(kSessionA, failed).value(), 2);
    QCOMPARE(store.recordUndecryptable(kSessionA, failed).value(), 3);

    const StoredMessage placeholder = store.message(kSessionA, kGroup, failed.id).value().value();
    QCOMPARE(placeholder.type, QString::fromLatin1(kUndecryptableType));
    QCOMPARE(placeholder.text, QString());
    QCOMPARE(placeholder.retryCount, 3);
    QCOMPARE(placeholder.sender, kBruno);
    QCOMPARE(placeholder.timestamp, 500);
    QCOMPARE(placeholder.unread, true);
    QCOMPARE(store.chat(kSessionA, kGroup).value()->unread, 1);
    QCOMPARE(store.chat(kSessionA, kGroup).value()->lastMessage, placeholder);
    QCOMPARE(store.contact(kSessionA, kBruno).value()->pushName, QStringLiteral("Bruno"));
    // A redelivered placeholder through storeIncoming does not reset the count either.
    QCOMPARE(store.storeIncoming(kSessionA, placeholder).value(), false);
    QCOMPARE(store.message(kSessionA, kGroup, failed.id).value()->retryCount, 3);
}

void MessageStoreSuite::replacesThePlaceholderWhenDecrypted() {
    MessageStore &store = freshStore();
    const StoredMessage before = incoming(kAlice, QStringLiteral("BEFORE"), 499);
    const StoredMessage after = incoming(kAlice, QStringLiteral("AFTER"), 501);
    StoredMessage decrypted
        = incoming(kAlice, QStringLiteral("R1"), 500, QStringLiteral("finally"), {}, QStringLiteral("Alice"));
    QVERIFY(store.storeIncoming(kSessionA, before).has_value());
    QCOMPARE(store.recordUndecryptable(kSessionA, decrypted).value(), 1);
    QVERIFY(store.storeIncoming(kSessionA, after).has_value());
    QCOMPARE(store.markRead(kSessionA, kAlice).value().size(), 3); // the user saw the placeholder

    // The sender resends after our retry receipt; the decrypted text takes the placeholder's place.
    QCOMPARE(store.storeIncoming(kSessionA, decrypted).value(), true);
    StoredMessage expected = asStored(decrypted);
    expected.unread = false;
    QCOMPARE(store.message(kSessionA, kAlice, decrypted.id).value(), std::optional<StoredMessage>(expected));
    QCOMPARE(idsOf(store.messages(kSessionA, kAlice, 10, {}).value()),
        (QStringList {QStringLiteral("BEFORE"), QStringLiteral("R1"), QStringLiteral("AFTER")}));
    QCOMPARE(store.chat(kSessionA, kAlice).value()->unread, 0);
    // The text the placeholder did not have is now found.
    QCOMPARE(idsOf(store.search(QStringLiteral("finally"), 10).value()),
        QStringList {QStringLiteral("session-a/R1")});
    // Once decrypted, more failures for the id are redeliveries of what we have.
    QCOMPARE(store.recordUndecryptable(kSessionA, decrypted).value(), 0);
    QCOMPARE(store.message(kSessionA, kAlice, decrypted.id).value(), std::optional<StoredMessage>(expected));
    QCOMPARE(store.storeIncoming(kSessionA, decrypted).value(), false);

    // An unread placeholder is still counted once after its replacement.
    QCOMPARE(store.recordUndecryptable(kSessionA, incoming(kAlice, QStringLiteral("R2"), 502)).value(), 1);
    QCOMPARE(store.storeIncoming(kSessionA, incoming(kAlice, QStringLiteral("R2"), 502)).value(), true);
    QCOMPARE(store.chat(kSessionA, kAlice).value()->unread, 1);
    QCOMPARE(store.chat(kSessionA, kAlice).value()->lastMessage.type, QStringLiteral("text"));
}

void MessageStoreSuite::moveStatusOnlyForward_data() {
    QTest::addColumn<QList<MessageStatus>>("steps");
    QTest::addColumn<QList<bool>>("changed");
    QTest::addColumn<MessageStatus>("final");
    using S = MessageStatus;
    QTest::newRow("ack, delivery, read, play") << QList<S> {S::Sent, S::Delivered, S::Read, S::Played}
                                               << QList<bool> {true, true, true, true} << S::Played;
    QTest::newRow("delivered after read")
        << QList<S> {S::Sent, S::Read, S::Delivered} << QList<bool> {true, true, false} << S::Read;
    QTest::newRow("sent after delivered")
        << QList<S> {S::Delivered, S::Sent} << QList<bool> {true, false} << S::Delivered;
    QTest::newRow("the same twice") << QList<S> {S::Sent, S::Sent} << QList<bool> {true, false} << S::Sent;
    QTest::newRow("read before any ack") << QList<S> {S::Read} << QList<bool> {true} << S::Read;
    QTest::newRow("back to pending") << QList<S> {S::Sent, S::Pending} << QList<bool> {true, false}
                                     << S::Sent;
    QTest::newRow("pending to pending") << QList<S> {S::Pending} << QList<bool> {false} << S::Pending;
    QTest::newRow("failed while pending") << QList<S> {S::Failed} << QList<bool> {true} << S::Failed;
    QTest::newRow("failed after the ack")
        << QList<S> {S::Sent, S::Failed} << QList<bool> {true, true} << S::Failed;
    QTest::newRow("failed after delivery")
        << QList<S> {S::Delivered, S::Failed} << QList<bool> {true, false} << S::Delivered;
    QTest::newRow("failed stays failed") << QList<S> {S::Failed, S::Sent, S::Read, S::Failed}
                                         << QList<bool> {true, false, false, false} << S::Failed;
}

void MessageStoreSuite::moveStatusOnlyForward() {
    QFETCH(QList<MessageStatus>, steps);
    QFETCH(QList<bool>, changed);
    QFETCH(MessageStatus, final);
    MessageStore &store = freshStore();
    const StoredMessage m = outgoing(kAlice, QStringLiteral("OUT"), 100);
    QVERIFY(store.enqueueOutgoing(kSessionA, m).has_value());
    QCOMPARE(store.message(kSessionA, kAlice, m.id).value()->status, MessageStatus::Pending);
    QList<bool> answers;
    for (MessageStatus step : steps)
        answers.append(store.setStatus(kSessionA, kAlice, m.id, step).value());
    QCOMPARE(answers, changed);
    QCOMPARE(store.message(kSessionA, kAlice, m.id).value()->status, final);
    QCOMPARE(store.chat(kSessionA, kAlice).value()->lastMessage.status, final);
    QCOMPARE(store.pendingOutgoing(kSessionA).value().size(), final == MessageStatus::Pending ? 1 : 0);
}

void MessageStoreSuite::keepsPendingMessagesInOrderForResend() {
    MessageStore &store = freshStore();
    // Enqueue order, not timestamp order: a clock step back must not reorder what the user sent.
    QVERIFY(store.enqueueOutgoing(kSessionA, outgoing(kAlice, QStringLiteral("O1"), 300)).has_value());
    QVERIFY(store.enqueueOutgoing(kSessionA, outgoing(kGroup, QStringLiteral("O2"), 200)).has_value());
    QVERIFY(store.enqueueOutgoing(kSessionA, outgoing(kAlice, QStringLiteral("O3"), 301)).has_value());
    QVERIFY(store.enqueueOutgoing(kSessionA, outgoing(kBruno, QStringLiteral("O4"), 302)).has_value());
    QVERIFY(store.enqueueOutgoing(kSessionB, outgoing(kAlice, QStringLiteral("OB"), 303)).has_value());
    QCOMPARE(store.setStatus(kSessionA, kAlice, QStringLiteral("O3"), MessageStatus::Sent).value(), true);
    QCOMPARE(store.setStatus(kSessionA, kBruno, QStringLiteral("O4"), MessageStatus::Failed).value(), true);

    const QList<StoredMessage> pending = store.pendingOutgoing(kSessionA).value();
    QCOMPARE(idsOf(pending), (QStringList {QStringLiteral("O1"), QStringLiteral("O2")}));
    QCOMPARE(pending.first(), asQueued(outgoing(kAlice, QStringLiteral("O1"), 300)));
    QCOMPARE(idsOf(store.pendingOutgoing(kSessionB).value()), QStringList {QStringLiteral("OB")});
}

void MessageStoreSuite::countsOurOutgoingMessageAsLastButNotUnread() {
    MessageStore &store = freshStore();
    QVERIFY(store.storeIncoming(kSessionA, incoming(kAlice, QStringLiteral("IN"), 100)).has_value());
    StoredMessage mine = incoming(kAlice, QStringLiteral("MINE"), 101, QStringLiteral("answer"));
    mine.fromMe = false; // enqueueOutgoing makes it ours whatever the caller says
    mine.sender = kMe;
    mine.status = MessageStatus::Read;
    QVERIFY(store.enqueueOutgoing(kSessionA, mine).has_value());
    const auto chat = store.chat(kSessionA, kAlice).value();
    QCOMPARE(chat->unread, 1);
    QCOMPARE(chat->lastMessage, asQueued(mine));
    QCOMPARE(
        store.markRead(kSessionA, kAlice).value(), (QList<UnreadMessage> {{QStringLiteral("IN"), kAlice}}));
}

void MessageStoreSuite::pagesBackwardsOldestFirst_data() {
    QTest::addColumn<int>("limit");
    QTest::addColumn<QString>("before");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("newest three") << 3 << QString() << QStringList {"m7", "m8", "m9"};
    QTest::newRow("three before m7") << 3 << QStringLiteral("m7") << QStringList {"m4", "m5", "m6"};
    QTest::newRow("fewer left than asked") << 3 << QStringLiteral("m2") << QStringList {"m0", "m1"};
    QTest::newRow("nothing before the first") << 3 << QStringLiteral("m0") << QStringList {};
    QTest::newRow("one before m5") << 1 << QStringLiteral("m5") << QStringList {"m4"};
    QTest::newRow("all of them") << kMaxPageSize << QString()
                                 << QStringList {"m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9"};
    QTest::newRow("before the newest") << kMaxPageSize << QStringLiteral("m9")
                                       << QStringList {"m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8"};
}

void MessageStoreSuite::pagesBackwardsOldestFirst() {
    QFETCH(int, limit);
    QFETCH(QString, before);
    QFETCH(QStringList, expected);
    MessageStore &store = freshStore();
    // Interleaved with another chat and another session, so paging must stay inside its chat. Pairs of
    // messages share a timestamp, so paging must break ties the same way the listing does.
    for (int i = 0; i < 10; ++i) {
        const QString id = QStringLiteral("m%1").arg(i);
        if (i % 3 == 2)
            QVERIFY(store.enqueueOutgoing(kSessionA, outgoing(kAlice, id, 1000 + i / 2)).has_value());
        else
            QVERIFY(store.storeIncoming(kSessionA, incoming(kAlice, id, 1000 + i / 2)).has_value());
        QVERIFY(store.storeIncoming(kSessionA, incoming(kBruno, id, 1000 + i)).has_value());
        QVERIFY(
            store.storeIncoming(kSessionB, incoming(kAlice, QStringLiteral("b%1").arg(i), 999)).has_value());
    }
    const QList<StoredMessage> page = store.messages(kSessionA, kAlice, limit, before).value();
    QCOMPARE(idsOf(page), expected);
    for (const StoredMessage &m : page)
        QCOMPARE(m.chat, kAlice);
}

void MessageStoreSuite::marksReadAndNamesTheSenders() {
    MessageStore &store = freshStore();
    QVERIFY(
        store.storeIncoming(kSessionA, incoming(kGroup, QStringLiteral("G1"), 100, {}, kAlice)).has_value());
    QVERIFY(store.enqueueOutgoing(kSessionA, outgoing(kGroup, QStringLiteral("G2"), 101)).has_value());
    QVERIFY(
        store.storeIncoming(kSessionA, incoming(kGroup, QStringLiteral("G3"), 102, {}, kBruno)).has_value());
    QVERIFY(
        store.storeIncoming(kSessionA, incoming(kGroup, QStringLiteral("G0"), 99, {}, kBruno)).has_value());
    QVERIFY(store.storeIncoming(kSessionA, incoming(kAlice, QStringLiteral("A1"), 103)).has_value());
    QCOMPARE(store.chat(kSessionA, kGroup).value()->unread, 3);

    const QList<UnreadMessage> expected {
        {QStringLiteral("G0"), kBruno}, {QStringLiteral("G1"), kAlice}, {QStringLiteral("G3"), kBruno}};
    QCOMPARE(store.markRead(kSessionA, kGroup).value(), expected);
    QCOMPARE(store.chat(kSessionA, kGroup).value()->unread, 0);
    QCOMPARE(store.message(kSessionA, kGroup, QStringLiteral("G3")).value()->unread, false);
    QCOMPARE(store.chat(kSessionA, kAlice).value()->unread, 1); // other chats keep theirs
    QCOMPARE(store.markRead(kSessionA, kGroup).value(), QList<UnreadMessage> {});

    QVERIFY(
        store.storeIncoming(kSessionA, incoming(kGroup, QStringLiteral("G4"), 104, {}, kCarla)).has_value());
    QCOMPARE(store.chat(kSessionA, kGroup).value()->unread, 1);
    QCOMPARE(
        store.markRead(kSessionA, kGroup).value(), (QList<UnreadMessage> {{QStringLiteral("G4"), kCarla}}));
}

void MessageStoreSuite::keepsSessionsApart() {
    MessageStore &store = freshStore();
    const StoredMessage a = incoming(
        kAlice, QStringLiteral("SAME"), 100, QStringLiteral("to A"), {}, QStringLiteral("Alice for A"));
    const StoredMessage b = incoming(
        kAlice, QStringLiteral("SAME"), 100, QStringLiteral("to B"), {}, QStringLiteral("Alice for B"));
    QCOMPARE(store.storeIncoming(kSessionA, a).value(), true);
    QCOMPARE(store.storeIncoming(kSessionB, b).value(), true);
    QVERIFY(store.storeIncoming(kSessionB, incoming(kBruno, QStringLiteral("B2"), 101)).has_value());

    QCOMPARE(store.message(kSessionA, kAlice, a.id).value()->text, QStringLiteral("to A"));
    QCOMPARE(store.message(kSessionB, kAlice, a.id).value()->text, QStringLiteral("to B"));
    QCOMPARE(store.markRead(kSessionA, kAlice).value().size(), 1);
    QCOMPARE(store.chat(kSessionB, kAlice).value()->unread, 1);
    QCOMPARE(chatIdsOf(store.chats(kSessionA).value()), QStringList {kAlice});
    QCOMPARE(chatIdsOf(store.chats(kSessionB).value()), (QStringList {kBruno, kAlice}));
    QCOMPARE(store.contact(kSessionA, kAlice).value()->pushName, QStringLiteral("Alice for A"));
    QCOMPARE(store.contact(kSessionB, kAlice).value()->pushName, QStringLiteral("Alice for B"));
    QCOMPARE(store.recordUndecryptable(kSessionB, incoming(kCarla, QStringLiteral("SAME"), 102)).value(), 1);
    QCOMPARE(store.chat(kSessionA, kCarla).value(), std::nullopt);
}

void MessageStoreSuite::sortsChatsByLatestActivity() {
    MessageStore &store = freshStore();
    QVERIFY(store.storeIncoming(kSessionA, incoming(kAlice, QStringLiteral("A1"), 100)).has_value());
    QVERIFY(store.storeIncoming(kSessionA, incoming(kBruno, QStringLiteral("B1"), 300)).has_value());
    QVERIFY(store.storeIncoming(kSessionA, incoming(kCarla, QStringLiteral("C1"), 200)).has_value());
    QVERIFY(
        store.storeIncoming(kSessionA, incoming(kGroup, QStringLiteral("G1"), 200, {}, kAlice)).has_value());
    QCOMPARE(chatIdsOf(store.chats(kSessionA).value()), (QStringList {kBruno, kGroup, kCarla, kAlice}));
    QVERIFY(store.enqueueOutgoing(kSessionA, outgoing(kAlice, QStringLiteral("A2"), 400)).has_value());
    QCOMPARE(chatIdsOf(store.chats(kSessionA).value()), (QStringList {kAlice, kBruno, kGroup, kCarla}));
    // An old message arriving late does not bring its chat forward.
    QVERIFY(store.storeIncoming(kSessionA, incoming(kCarla, QStringLiteral("C0"), 50)).has_value());
    QCOMPARE(chatIdsOf(store.chats(kSessionA).value()), (QStringList {kAlice, kBruno, kGroup, kCarla}));
    QCOMPARE(store.chats(kSessionA).value().last().unread, 2);
}

void MessageStoreSuite::keepsTheLatestPushName() {
    MessageStore &store = freshStore();
    QVERIFY(store.savePushName(kSessionA, kBruno, QStringLiteral("Bruno"), 100).has_value());
    QVERIFY(store.savePushName(kSessionA, kBruno, QStringLiteral("Bruno (old)"), 50).has_value());
    QCOMPARE(store.contact(kSessionA, kBruno).value()->pushName, QStringLiteral("Bruno"));
    QVERIFY(store
                .storeIncoming(
                    kSessionA, incoming(kBruno, QStringLiteral("OLD"), 60, {}, {}, QStringLiteral("B.")))
                .has_value());
    QCOMPARE(store.contact(kSessionA, kBruno).value()->pushName, QStringLiteral("Bruno"));
    QVERIFY(store
                .storeIncoming(kSessionA,
                    incoming(kBruno, QStringLiteral("NEW"), 160, {}, {}, QStringLiteral("Bruno S.")))
                .has_value());
    QCOMPARE(store.contact(kSessionA, kBruno).value()->pushName, QStringLiteral("Bruno S."));
    QCOMPARE(store.chat(kSessionA, kBruno).value()->name, QStringLiteral("Bruno S."));
    QVERIFY(store.savePushName(kSessionA, kAlice, QStringLiteral("Alice"), 10).has_value());
    QCOMPARE(store.contacts(kSessionA).value(),
        (QList<Contact> {{kAlice, QStringLiteral("Alice")}, {kBruno, QStringLiteral("Bruno S.")}}));
    QCOMPARE(store.contact(kSessionA, kCarla).value(), std::nullopt);
    QVERIFY(store.contacts(kSessionB).value().isEmpty());
}

void MessageStoreSuite::searchesWordPrefixes_data() {
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("session");
    QTest::addColumn<QStringList>("expected"); // "session/id", newest first
    const QString all;
    QTest::newRow("one word in two sessions")
        << QStringLiteral("pedido") << all << QStringList {"session-b/B1", "session-a/A3", "session-a/A1"};
    QTest::newRow("only one session")
        << QStringLiteral("pedido") << kSessionA << QStringList {"session-a/A3", "session-a/A1"};
    QTest::newRow("word prefix") << QStringLiteral("ped") << kSessionA
                                 << QStringList {"session-a/A3", "session-a/A1"};
    QTest::newRow("not inside a word") << QStringLiteral("dido") << all << QStringList {};
    QTest::newRow("every word must match")
        << QStringLiteral("pedido 12") << all << QStringList {"session-b/B1", "session-a/A1"};
    QTest::newRow("case and accents") << QStringLiteral("NAO chegou") << all << QStringList {"session-a/A3"};
    QTest::newRow("accents in the query") << QStringLiteral("ÁGUA") << all << QStringList {"session-a/A2"};
    QTest::newRow("punctuation separates") << QStringLiteral("d'agua") << all << QStringList {"session-a/A2"};
    QTest::newRow("no such word") << QStringLiteral("boleto") << all << QStringList {};
    QTest::newRow("quotes are words, not syntax")
        << QStringLiteral("\"pedido\" OR*") << all << QStringList {};
    QTest::newRow("digits") << QStringLiteral("1234") << all << QStringList {"session-b/B1", "session-a/A1"};
}

void MessageStoreSuite::searchesWordPrefixes() {
    QFETCH(QString, query);
    QFETCH(QString, session);
    QFETCH(QStringList, expected);
    MessageStore &store = freshStore();
    QVERIFY(store
                .storeIncoming(kSessionA,
                    incoming(kAlice, QStringLiteral("A1"), 100, QStringLiteral("Pedido 1234 confirmado")))
                .has_value());
    QVERIFY(store
                .enqueueOutgoing(kSessionA,
                    outgoing(kBruno, QStringLiteral("A2"), 101, QStringLiteral("Garrafa d'água, 2 L")))
                .has_value());
    QVERIFY(
        store
            .storeIncoming(kSessionA,
                incoming(kGroup, QStringLiteral("A3"), 102, QStringLiteral("O pedido NÃO chegou!"), kCarla))
            .has_value());
    QVERIFY(store
                .storeIncoming(
                    kSessionB, incoming(kAlice, QStringLiteral("B1"), 103, QStringLiteral("pedido #12345?")))
                .has_value());
    QCOMPARE(store
                 .recordUndecryptable(
                     kSessionB, incoming(kAlice, QStringLiteral("B2"), 104, QStringLiteral("pedido")))
                 .value(),
        1);
    QCOMPARE(idsOf(store.search(query, 10, session).value()), expected);
}

void MessageStoreSuite::searchesNewestFirstUpToTheLimit() {
    MessageStore &store = freshStore();
    QList<StoredMessage> batch;
    for (int i = 0; i < 30; ++i)
        batch.append(incoming(i % 2 ? kAlice : kBruno, QStringLiteral("S%1").arg(i), 1000 + (i % 10),
            QStringLiteral("entrega número %1").arg(i)));
    QVERIFY(store.storeIncomingBatch(kSessionA, batch).has_value());
    const QList<FoundMessage> found = store.search(QStringLiteral("entrega"), 5).value();
    // Timestamps 1009 are S9, S19, S29 (in arrival order); then 1008: S8, S18, S28.
    QCOMPARE(idsOf(found),
        (QStringList {"session-a/S29", "session-a/S19", "session-a/S9", "session-a/S28", "session-a/S18"}));
    QCOMPARE(found.first().message, asStored(batch.at(29)));
    QCOMPARE(store.search(QStringLiteral("numero"), kMaxPageSize).value().size(), 30);
}

void MessageStoreSuite::convertsToEvents() {
    MessageStore &store = freshStore();
    const StoredMessage m = incoming(
        kAlice, QStringLiteral("E1"), 1764000000, QStringLiteral("Oi!"), {}, QStringLiteral("Maria"));
    QVERIFY(store.storeIncoming(kSessionA, m).has_value());
    const ChatEvent event = toChatEvent(kSessionA, store.chat(kSessionA, kAlice).value().value());
    QCOMPARE(event.session, kSessionA);
    QCOMPARE(event.chat, kAlice);
    QCOMPARE(event.name, QStringLiteral("Maria"));
    QCOMPARE(event.unread, 1);
    QVERIFY(event.lastMessage.has_value());
    QCOMPARE(event.lastMessage->session, kSessionA);
    QCOMPARE(event.lastMessage->id, m.id);
    QCOMPARE(event.lastMessage->from, kAlice);
    QCOMPARE(event.lastMessage->fromMe, false);
    QCOMPARE(event.lastMessage->timestamp, m.timestamp);
    QCOMPARE(event.lastMessage->type, QStringLiteral("text"));
    QCOMPARE(event.lastMessage->text, m.text);
    QCOMPARE(event.lastMessage->pushName, QStringLiteral("Maria"));
}

// A message's typed content (a photo's media keys and size, the message it replies to, mentions) reads back
// as it was stored, on every path that returns messages.
void MessageStoreSuite::keepsTheTypedContent() {
    MessageStore &store = freshStore();
    StoredMessage photo
        = incoming(kAlice, QStringLiteral("3EB0PHOTO"), 1000, QStringLiteral("[image] Vitrine"));
    photo.type = QStringLiteral("image");
    photo.content.kind = MessageKind::Image;
    photo.content.text = QStringLiteral("Vitrine");
    photo.content.placeholder = QStringLiteral("[image]");
    MediaInfo media;
    media.directPath = QStringLiteral("/v/t62/vitrine.enc");
    media.mediaKey = QByteArray(32, '\x07');
    media.mimetype = QStringLiteral("image/jpeg");
    media.fileLength = 48213;
    media.width = 960;
    media.height = 1280;
    photo.content.payload = MediaPayload {media};
    photo.content.replyTo
        = ReplyContext {QStringLiteral("3EB0Q"), kAlice, MessageKind::Text, QStringLiteral("Tem?")};
    photo.content.mentions = {kBruno};
    photo.content.forwarded = true;
    QVERIFY(store.storeIncoming(kSessionA, photo).value());
    QCOMPARE(store.message(kSessionA, kAlice, photo.id).value()->content, photo.content);
    QCOMPARE(store.messages(kSessionA, kAlice, 10, {}).value().first().content, photo.content);
    QCOMPARE(store.chats(kSessionA).value().first().lastMessage.content, photo.content);
    QCOMPARE(toMessageEvent(kSessionA, *store.message(kSessionA, kAlice, photo.id).value()).content,
        photo.content);
    // A plain text as it arrives (kind text, nothing else) reads back the same too.
    StoredMessage text = incoming(kAlice, QStringLiteral("3EB0TEXT"), 1001, QStringLiteral("Oi!"));
    text.content.kind = MessageKind::Text;
    text.content.text = text.text;
    QVERIFY(store.storeIncoming(kSessionA, text).value());
    QCOMPARE(store.message(kSessionA, kAlice, text.id).value()->content, text.content);
}
