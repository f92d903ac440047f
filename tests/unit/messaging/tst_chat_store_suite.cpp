#include "store_suite_support.h"

// The contract every implementation of ChatStore keeps: see messaging/chat_store.h.
using namespace store_suite;

void ChatStoreSuite::rejectsBadCallsAndChangesNothing_data() {
    QTest::addColumn<StoreCall>("call");
    QTest::addColumn<QString>("code");
    const QString invalid = QString::fromLatin1(errc::kInvalidArgument);

    QTest::newRow("mark unknown chat read")
        << call<QList<UnreadMessage>>([](const MessagingStores &s) { return s.chats->markRead(kCarla); })
        << QString::fromLatin1(errc::kUnknownChat);
    QTest::newRow("mark bad chat read") << call<QList<UnreadMessage>>([](const MessagingStores &s) {
        return s.chats->markRead(QStringLiteral("carla"));
    }) << invalid;
}

void ChatStoreSuite::rejectsBadCallsAndChangesNothing() {
    QFETCH(StoreCall, call);
    QFETCH(QString, code);
    const MessagingStores a = freshStores();
    checkRefused(a, otherSession(), call, code);
}

void ChatStoreSuite::updatesChatAndContactWithTheMessage() {
    const MessagingStores a = freshStores();
    QCOMPARE(a.chats->chat(kAlice).value(), std::nullopt);
    const StoredMessage first = incoming(kAlice, QStringLiteral("M1"), 1000, {}, {}, QStringLiteral("Alice"));
    const StoredMessage second
        = incoming(kAlice, QStringLiteral("M2"), 1001, {}, {}, QStringLiteral("Alice S."));
    QVERIFY(a.messages->storeIncoming(first).has_value());
    QVERIFY(a.messages->storeIncoming(second).has_value());

    const auto chat = a.chats->chat(kAlice).value();
    QVERIFY(chat.has_value());
    QCOMPARE(chat->chat, kAlice);
    QCOMPARE(chat->name, QStringLiteral("Alice S."));
    QCOMPARE(chat->unread, 2);
    QCOMPARE(chat->lastMessage, asStored(second));
    QCOMPARE(a.chats->chats().value(), QList<ChatSummary> {*chat});
    QCOMPARE(a.contacts->contact(kAlice).value(),
        std::optional<Contact>(Contact {kAlice, QStringLiteral("Alice S.")}));

    // In a group the push name is the participant's, and the group has no contact name.
    QVERIFY(
        a.messages
            ->storeIncoming(incoming(kGroup, QStringLiteral("G1"), 1002, {}, kBruno, QStringLiteral("Bruno")))
            .has_value());
    QCOMPARE(a.contacts->contact(kBruno).value(),
        std::optional<Contact>(Contact {kBruno, QStringLiteral("Bruno")}));
    QCOMPARE(a.contacts->contact(kGroup).value(), std::nullopt);
    QCOMPARE(a.chats->chat(kGroup).value()->name, QString());
}

void ChatStoreSuite::keepsTheLatestMessageAsTheChatsLast() {
    const MessagingStores a = freshStores();
    const StoredMessage newer = incoming(kAlice, QStringLiteral("NEW"), 2000);
    QVERIFY(a.messages->storeIncoming(newer).has_value());
    // An offline message stamped earlier arrives later: it is stored, counted, but not the last.
    QVERIFY(a.messages->storeIncoming(incoming(kAlice, QStringLiteral("OLD"), 1000)).has_value());
    auto chat = a.chats->chat(kAlice).value();
    QCOMPARE(chat->lastMessage, asStored(newer));
    QCOMPARE(chat->unread, 2);
    // With equal timestamps the later arrival is the later message.
    const StoredMessage tie = outgoing(kAlice, QStringLiteral("TIE"), 2000);
    QVERIFY(a.outbox->enqueue(tie).has_value());
    QCOMPARE(a.chats->chat(kAlice).value()->lastMessage, asQueued(tie));
}

void ChatStoreSuite::marksReadAndNamesTheSenders() {
    const MessagingStores a = freshStores();
    QVERIFY(a.messages->storeIncoming(incoming(kGroup, QStringLiteral("G1"), 100, {}, kAlice)).has_value());
    QVERIFY(a.outbox->enqueue(outgoing(kGroup, QStringLiteral("G2"), 101)).has_value());
    QVERIFY(a.messages->storeIncoming(incoming(kGroup, QStringLiteral("G3"), 102, {}, kBruno)).has_value());
    QVERIFY(a.messages->storeIncoming(incoming(kGroup, QStringLiteral("G0"), 99, {}, kBruno)).has_value());
    QVERIFY(a.messages->storeIncoming(incoming(kAlice, QStringLiteral("A1"), 103)).has_value());
    QCOMPARE(a.chats->chat(kGroup).value()->unread, 3);

    const QList<UnreadMessage> expected {
        {QStringLiteral("G0"), kBruno}, {QStringLiteral("G1"), kAlice}, {QStringLiteral("G3"), kBruno}};
    QCOMPARE(a.chats->markRead(kGroup).value(), expected);
    QCOMPARE(a.chats->chat(kGroup).value()->unread, 0);
    QCOMPARE(a.messages->message(kGroup, QStringLiteral("G3")).value()->unread, false);
    QCOMPARE(a.chats->chat(kAlice).value()->unread, 1); // other chats keep theirs
    QCOMPARE(a.chats->markRead(kGroup).value(), QList<UnreadMessage> {});

    QVERIFY(a.messages->storeIncoming(incoming(kGroup, QStringLiteral("G4"), 104, {}, kCarla)).has_value());
    QCOMPARE(a.chats->chat(kGroup).value()->unread, 1);
    QCOMPARE(a.chats->markRead(kGroup).value(), (QList<UnreadMessage> {{QStringLiteral("G4"), kCarla}}));
}

void ChatStoreSuite::sortsChatsByLatestActivity() {
    const MessagingStores a = freshStores();
    QVERIFY(a.messages->storeIncoming(incoming(kAlice, QStringLiteral("A1"), 100)).has_value());
    QVERIFY(a.messages->storeIncoming(incoming(kBruno, QStringLiteral("B1"), 300)).has_value());
    QVERIFY(a.messages->storeIncoming(incoming(kCarla, QStringLiteral("C1"), 200)).has_value());
    QVERIFY(a.messages->storeIncoming(incoming(kGroup, QStringLiteral("G1"), 200, {}, kAlice)).has_value());
    QCOMPARE(chatIdsOf(a.chats->chats().value()), (QStringList {kBruno, kGroup, kCarla, kAlice}));
    QVERIFY(a.outbox->enqueue(outgoing(kAlice, QStringLiteral("A2"), 400)).has_value());
    QCOMPARE(chatIdsOf(a.chats->chats().value()), (QStringList {kAlice, kBruno, kGroup, kCarla}));
    // An old message arriving late does not bring its chat forward.
    QVERIFY(a.messages->storeIncoming(incoming(kCarla, QStringLiteral("C0"), 50)).has_value());
    QCOMPARE(chatIdsOf(a.chats->chats().value()), (QStringList {kAlice, kBruno, kGroup, kCarla}));
    QCOMPARE(a.chats->chats().value().last().unread, 2);
}

void ChatStoreSuite::convertsToEvents() {
    const MessagingStores a = freshStores();
    const StoredMessage m = incoming(
        kAlice, QStringLiteral("E1"), 1764000000, QStringLiteral("Oi!"), {}, QStringLiteral("Maria"));
    QVERIFY(a.messages->storeIncoming(m).has_value());
    const ChatEvent event = toChatEvent(kSessionA, a.chats->chat(kAlice).value().value());
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

void ChatStoreSuite::mergesAPersonsTwoChatsIntoOne() {
    const MessagingStores a = freshStores();
    const MessagingStores b = otherSession();
    const QString lid = QStringLiteral("201000000000001@lid");
    // Alice wrote from her number, then from her LID (one message reached both addresses), and we answered
    // her LID chat.
    QVERIFY(a.messages->storeIncoming(incoming(kAlice, QStringLiteral("P1"), 100)).has_value());
    QVERIFY(a.messages->storeIncoming(incoming(kAlice, QStringLiteral("TWIN"), 150)).has_value());
    QVERIFY(a.messages
                ->storeIncoming(incoming(lid, QStringLiteral("L1"), 200, {}, {}, QStringLiteral("Alice L.")))
                .has_value());
    QVERIFY(a.messages->storeIncoming(incoming(lid, QStringLiteral("TWIN"), 150)).has_value());
    QVERIFY(a.outbox->enqueue(outgoing(lid, QStringLiteral("O1"), 300)).has_value());
    QVERIFY(b.messages->storeIncoming(incoming(lid, QStringLiteral("B1"), 100)).has_value());
    QCOMPARE(a.chats->chat(kAlice).value()->unread, 2);
    QCOMPARE(a.chats->chat(lid).value()->unread, 2);

    const auto merging = a.chats->mergeChat(lid, kAlice);
    QVERIFY2(merging.has_value(), qPrintable(merging ? QString() : merging.error().message));
    QCOMPARE(*merging, 2); // L1 and O1; TWIN was there already
    QCOMPARE(a.chats->chat(lid).value(), std::nullopt);
    QCOMPARE(chatIdsOf(a.chats->chats().value()), QStringList {kAlice});
    const ChatSummary merged = a.chats->chat(kAlice).value().value();
    QCOMPARE(merged.unread, 3); // P1, TWIN, L1
    QCOMPARE(merged.lastMessage.id, QStringLiteral("O1"));
    QCOMPARE(merged.name, QStringLiteral("Alice L."));
    const QList<StoredMessage> page = a.messages->messages(kAlice, 10, {}).value();
    QCOMPARE(idsOf(page), (QStringList {"P1", "TWIN", "L1", "O1"}));
    QCOMPARE(page.at(2).sender, kAlice); // the LID sender became the chat's one person
    QCOMPARE(page.at(3).status, MessageStatus::Pending); // still in the outbox, now under the number
    QCOMPARE(a.outbox->pending().value().size(), 1);
    QCOMPARE(a.outbox->pending().value().first().chat, kAlice);
    QCOMPARE(a.messages->search(QStringLiteral("L1"), 10).value().first().chat, kAlice);
    QCOMPARE(a.contacts->contact(lid).value(), std::nullopt);

    // Nothing to merge, or a chat into itself: nothing changes.
    QCOMPARE(a.chats->mergeChat(lid, kAlice).value(), 0);
    QCOMPARE(a.chats->mergeChat(kAlice, kAlice).value(), 0);
    QCOMPARE(a.chats->chat(kAlice).value()->unread, 3);
    // The other session's chat under that LID is its own.
    QCOMPARE(b.chats->chat(lid).value()->unread, 1);
    QVERIFY(!a.chats->mergeChat(QStringLiteral("nobody"), kAlice).has_value());
}
