#include "store_suite_support.h"

// The contract every implementation of MessageStore keeps: see messaging/message_store.h.
using namespace store_suite;

void MessageStoreSuite::rejectsBadCallsAndChangesNothing_data() {
    QTest::addColumn<StoreCall>("call");
    QTest::addColumn<QString>("code");
    const QString invalid = QString::fromLatin1(errc::kInvalidArgument);
    const auto withChat = [](const QString &chat) { return incoming(chat, QStringLiteral("X"), 1); };
    const auto edited = [](std::function<void(StoredMessage &)> edit) {
        StoredMessage m = incoming(kAlice, QStringLiteral("X"), 1);
        edit(m);
        return m;
    };
    using B = Result<bool>;

    QTest::newRow("chat without server") << call<bool>([withChat](const MessagingStores &s) -> B {
        return s.messages->storeIncoming(withChat(QStringLiteral("5511900000001")));
    }) << invalid;
    QTest::newRow("chat without user") << call<bool>([withChat](const MessagingStores &s) -> B {
        return s.messages->storeIncoming(withChat(QStringLiteral("@s.whatsapp.net")));
    }) << invalid;
    QTest::newRow("empty id") << call<bool>([edited](const MessagingStores &s) -> B {
        return s.messages->storeIncoming(edited([](StoredMessage &m) { m.id.clear(); }));
    }) << invalid;
    QTest::newRow("id too long") << call<bool>([edited](const MessagingStores &s) -> B {
        return s.messages->storeIncoming(
            edited([](StoredMessage &m) { m.id = QString(kMaxMessageIdLength + 1, QLatin1Char('A')); }));
    }) << invalid;
    QTest::newRow("no sender") << call<bool>([edited](const MessagingStores &s) -> B {
        return s.messages->storeIncoming(edited([](StoredMessage &m) { m.sender.clear(); }));
    }) << invalid;
    QTest::newRow("no type") << call<bool>([edited](const MessagingStores &s) -> B {
        return s.messages->storeIncoming(edited([](StoredMessage &m) { m.type.clear(); }));
    }) << invalid;
    QTest::newRow("negative timestamp") << call<bool>([edited](const MessagingStores &s) -> B {
        return s.messages->storeIncoming(edited([](StoredMessage &m) { m.timestamp = -1; }));
    }) << invalid;
    QTest::newRow("batch with one bad message") << call<QList<bool>>([edited](const MessagingStores &s) {
        return s.messages->storeIncomingBatch({incoming(kAlice, QStringLiteral("B1"), 200),
            edited([](StoredMessage &m) { m.sender.clear(); }), incoming(kBruno, QStringLiteral("B3"), 201)});
    }) << invalid;
    QTest::newRow("undecryptable without id") << call<int>([edited](const MessagingStores &s) {
        return s.messages->recordUndecryptable(edited([](StoredMessage &m) { m.id.clear(); }));
    }) << invalid;
    QTest::newRow("page of 0") << call<QList<StoredMessage>>([](const MessagingStores &s) {
        return s.messages->messages(kAlice, 0, {});
    }) << invalid;
    QTest::newRow("page of 201") << call<QList<StoredMessage>>([](const MessagingStores &s) {
        return s.messages->messages(kAlice, kMaxPageSize + 1, {});
    }) << invalid;
    QTest::newRow("page of unknown chat") << call<QList<StoredMessage>>([](const MessagingStores &s) {
        return s.messages->messages(kCarla, 10, {});
    }) << QString::fromLatin1(errc::kUnknownChat);
    QTest::newRow("page before unknown id") << call<QList<StoredMessage>>([](const MessagingStores &s) {
        return s.messages->messages(kAlice, 10, QStringLiteral("NOPE"));
    }) << QString::fromLatin1(errc::kUnknownMessage);
    QTest::newRow("page before an id of another chat") << call<QList<StoredMessage>>(
        [](const MessagingStores &s) { return s.messages->messages(kAlice, 10, QStringLiteral("G1")); })
                                                       << QString::fromLatin1(errc::kUnknownMessage);
    QTest::newRow("empty search") << call<QList<StoredMessage>>([](const MessagingStores &s) {
        return s.messages->search(QString(), 10);
    }) << invalid;
    QTest::newRow("search without words") << call<QList<StoredMessage>>([](const MessagingStores &s) {
        return s.messages->search(QStringLiteral(" !?* \"- "), 10);
    }) << invalid;
    QTest::newRow("search of 0") << call<QList<StoredMessage>>([](const MessagingStores &s) {
        return s.messages->search(QStringLiteral("text"), 0);
    }) << invalid;
}

void MessageStoreSuite::rejectsBadCallsAndChangesNothing() {
    QFETCH(StoreCall, call);
    QFETCH(QString, code);
    const MessagingStores a = freshStores();
    checkRefused(a, otherSession(), call, code);
}

void MessageStoreSuite::storesARedeliveredMessageOnce() {
    const MessagingStores a = freshStores();
    const StoredMessage m = incoming(kAlice, QStringLiteral("3EB0AA"), 1000, QStringLiteral("Oi!"));
    QCOMPARE(a.messages->storeIncoming(m).value(), true);
    StoredMessage again = m;
    again.text = QStringLiteral("a different text under the same id");
    QCOMPARE(a.messages->storeIncoming(again).value(), false);
    QCOMPARE(a.messages->storeIncoming(m).value(), false);

    QCOMPARE(a.messages->message(kAlice, m.id).value(), std::optional<StoredMessage>(asStored(m)));
    QCOMPARE(a.messages->messages(kAlice, 10, {}).value(), QList<StoredMessage> {asStored(m)});
    QCOMPARE(a.chats->chat(kAlice).value()->unread, 1);
    // The same id in another chat is another message.
    QCOMPARE(a.messages->storeIncoming(incoming(kBruno, m.id, 1000)).value(), true);
    QCOMPARE(a.messages->message(kCarla, m.id).value(), std::nullopt);
}

void MessageStoreSuite::storesOurOtherDevicesMessagesAsSentAndRead() {
    const MessagingStores a = freshStores();
    StoredMessage fromPhone
        = outgoing(kAlice, QStringLiteral("PHONE1"), 1000, QStringLiteral("sent from the phone"));
    fromPhone.pushName = QStringLiteral("Me on the phone");
    QCOMPARE(a.messages->storeIncoming(fromPhone).value(), true);

    const StoredMessage stored = a.messages->message(kAlice, fromPhone.id).value().value();
    QCOMPARE(stored.fromMe, true);
    QCOMPARE(stored.status, MessageStatus::Sent);
    QCOMPARE(stored.unread, false);
    QCOMPARE(a.chats->chat(kAlice).value()->unread, 0);
    QCOMPARE(a.chats->chat(kAlice).value()->lastMessage, stored);
    QVERIFY(a.outbox->pending().value().isEmpty());
    QVERIFY(a.contacts->contacts().value().isEmpty()); // our own name is not a contact
    // Receipts for it move it on like any message of ours.
    QCOMPARE(a.outbox->setStatus(kAlice, fromPhone.id, MessageStatus::Read).value(), true);
    QCOMPARE(a.chats->markRead(kAlice).value(), QList<UnreadMessage> {});
}

void MessageStoreSuite::storesABatchInOrder() {
    const MessagingStores a = freshStores();
    QVERIFY(a.messages->storeIncoming(incoming(kAlice, QStringLiteral("OLD"), 10)).has_value());
    const QList<StoredMessage> burst {
        incoming(kAlice, QStringLiteral("B1"), 100, {}, {}, QStringLiteral("Alice")),
        incoming(kBruno, QStringLiteral("B2"), 101),
        incoming(kAlice, QStringLiteral("B3"), 102),
        incoming(kAlice, QStringLiteral("B1"), 100), // the server repeats itself
        incoming(kAlice, QStringLiteral("OLD"), 10),
        outgoing(kBruno, QStringLiteral("B4"), 103),
    };
    QCOMPARE(
        a.messages->storeIncomingBatch(burst).value(), (QList<bool> {true, true, true, false, false, true}));
    QCOMPARE(idsOf(a.messages->messages(kAlice, 10, {}).value()),
        (QStringList {QStringLiteral("OLD"), QStringLiteral("B1"), QStringLiteral("B3")}));
    QCOMPARE(idsOf(a.messages->messages(kBruno, 10, {}).value()),
        (QStringList {QStringLiteral("B2"), QStringLiteral("B4")}));
    QCOMPARE(a.chats->chat(kAlice).value()->unread, 3);
    QCOMPARE(a.chats->chat(kBruno).value()->unread, 1);
    QCOMPARE(a.contacts->contact(kAlice).value()->pushName, QStringLiteral("Alice"));
    QCOMPARE(a.messages->storeIncomingBatch({}).value(), QList<bool> {});
}

void MessageStoreSuite::storesABatchAllOrNothing() {
    const MessagingStores a = freshStores();
    StoredMessage bad = incoming(kBruno, QStringLiteral("BAD"), 101);
    bad.type.clear();
    auto stored = a.messages->storeIncomingBatch(
        {incoming(kAlice, QStringLiteral("B1"), 100, {}, {}, QStringLiteral("Alice")), bad});
    QVERIFY(!stored.has_value());
    QCOMPARE(stored.error().code, QString::fromLatin1(errc::kInvalidArgument));
    QVERIFY(a.chats->chats().value().isEmpty());
    QVERIFY(a.contacts->contacts().value().isEmpty());
    QCOMPARE(a.messages->message(kAlice, QStringLiteral("B1")).value(), std::nullopt);
}

void MessageStoreSuite::ordersEqualTimestampsByArrival() {
    const MessagingStores a = freshStores();
    QVERIFY(a.messages
                ->storeIncomingBatch({incoming(kAlice, QStringLiteral("c"), 50),
                    incoming(kAlice, QStringLiteral("a"), 50), incoming(kAlice, QStringLiteral("z"), 40),
                    incoming(kAlice, QStringLiteral("b"), 50), incoming(kAlice, QStringLiteral("y"), 60)})
                .has_value());
    QCOMPARE(idsOf(a.messages->messages(kAlice, 10, {}).value()),
        (QStringList {QStringLiteral("z"), QStringLiteral("c"), QStringLiteral("a"), QStringLiteral("b"),
            QStringLiteral("y")}));
    QCOMPARE(idsOf(a.messages->messages(kAlice, 2, QStringLiteral("b")).value()),
        (QStringList {QStringLiteral("c"), QStringLiteral("a")}));
}

void MessageStoreSuite::countsFailedDecryptionsOnOnePlaceholder() {
    const MessagingStores a = freshStores();
    StoredMessage failed = incoming(
        kGroup, QStringLiteral("SK1"), 500, QStringLiteral("ignored"), kBruno, QStringLiteral("Bruno"));
    QCOMPARE(a.messages->recordUndecryptable(failed).value(), 1);
    QCOMPARE(a.messages->recordUndecryptable(failed).value(), 2);
    QCOMPARE(a.messages->recordUndecryptable(failed).value(), 3);

    const StoredMessage placeholder = a.messages->message(kGroup, failed.id).value().value();
    QCOMPARE(placeholder.type, QString::fromLatin1(kUndecryptableType));
    QCOMPARE(placeholder.text, QString());
    QCOMPARE(placeholder.retryCount, 3);
    QCOMPARE(placeholder.sender, kBruno);
    QCOMPARE(placeholder.timestamp, 500);
    QCOMPARE(placeholder.unread, true);
    QCOMPARE(a.chats->chat(kGroup).value()->unread, 1);
    QCOMPARE(a.chats->chat(kGroup).value()->lastMessage, placeholder);
    QCOMPARE(a.contacts->contact(kBruno).value()->pushName, QStringLiteral("Bruno"));
    // A redelivered placeholder through storeIncoming does not reset the count either.
    QCOMPARE(a.messages->storeIncoming(placeholder).value(), false);
    QCOMPARE(a.messages->message(kGroup, failed.id).value()->retryCount, 3);
}

void MessageStoreSuite::replacesThePlaceholderWhenDecrypted() {
    const MessagingStores a = freshStores();
    const StoredMessage before = incoming(kAlice, QStringLiteral("BEFORE"), 499);
    const StoredMessage after = incoming(kAlice, QStringLiteral("AFTER"), 501);
    StoredMessage decrypted
        = incoming(kAlice, QStringLiteral("R1"), 500, QStringLiteral("finally"), {}, QStringLiteral("Alice"));
    QVERIFY(a.messages->storeIncoming(before).has_value());
    QCOMPARE(a.messages->recordUndecryptable(decrypted).value(), 1);
    QVERIFY(a.messages->storeIncoming(after).has_value());
    QCOMPARE(a.chats->markRead(kAlice).value().size(), 3); // the user saw the placeholder

    // The sender resends after our retry receipt; the decrypted text takes the placeholder's place.
    QCOMPARE(a.messages->storeIncoming(decrypted).value(), true);
    StoredMessage expected = asStored(decrypted);
    expected.unread = false;
    QCOMPARE(a.messages->message(kAlice, decrypted.id).value(), std::optional<StoredMessage>(expected));
    QCOMPARE(idsOf(a.messages->messages(kAlice, 10, {}).value()),
        (QStringList {QStringLiteral("BEFORE"), QStringLiteral("R1"), QStringLiteral("AFTER")}));
    QCOMPARE(a.chats->chat(kAlice).value()->unread, 0);
    // The text the placeholder did not have is now found.
    QCOMPARE(
        idsOf(a.messages->search(QStringLiteral("finally"), 10).value()), QStringList {QStringLiteral("R1")});
    // Once decrypted, more failures for the id are redeliveries of what we have.
    QCOMPARE(a.messages->recordUndecryptable(decrypted).value(), 0);
    QCOMPARE(a.messages->message(kAlice, decrypted.id).value(), std::optional<StoredMessage>(expected));
    QCOMPARE(a.messages->storeIncoming(decrypted).value(), false);

    // An unread placeholder is still counted once after its replacement.
    QCOMPARE(a.messages->recordUndecryptable(incoming(kAlice, QStringLiteral("R2"), 502)).value(), 1);
    QCOMPARE(a.messages->storeIncoming(incoming(kAlice, QStringLiteral("R2"), 502)).value(), true);
    QCOMPARE(a.chats->chat(kAlice).value()->unread, 1);
    QCOMPARE(a.chats->chat(kAlice).value()->lastMessage.type, QStringLiteral("text"));
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
    const MessagingStores a = freshStores();
    const MessagingStores b = otherSession();
    // Interleaved with another chat and another session, so paging must stay inside its chat. Pairs of
    // messages share a timestamp, so paging must break ties the same way the listing does.
    for (int i = 0; i < 10; ++i) {
        const QString id = QStringLiteral("m%1").arg(i);
        if (i % 3 == 2)
            QVERIFY(a.outbox->enqueue(outgoing(kAlice, id, 1000 + i / 2)).has_value());
        else
            QVERIFY(a.messages->storeIncoming(incoming(kAlice, id, 1000 + i / 2)).has_value());
        QVERIFY(a.messages->storeIncoming(incoming(kBruno, id, 1000 + i)).has_value());
        QVERIFY(b.messages->storeIncoming(incoming(kAlice, QStringLiteral("b%1").arg(i), 999)).has_value());
    }
    const QList<StoredMessage> page = a.messages->messages(kAlice, limit, before).value();
    QCOMPARE(idsOf(page), expected);
    for (const StoredMessage &m : page)
        QCOMPARE(m.chat, kAlice);
}

void MessageStoreSuite::keepsSessionsApart() {
    const MessagingStores a = freshStores();
    const MessagingStores b = otherSession();
    const StoredMessage toA = incoming(
        kAlice, QStringLiteral("SAME"), 100, QStringLiteral("to A"), {}, QStringLiteral("Alice for A"));
    const StoredMessage toB = incoming(
        kAlice, QStringLiteral("SAME"), 100, QStringLiteral("to B"), {}, QStringLiteral("Alice for B"));
    QCOMPARE(a.messages->storeIncoming(toA).value(), true);
    QCOMPARE(b.messages->storeIncoming(toB).value(), true);
    QVERIFY(b.messages->storeIncoming(incoming(kBruno, QStringLiteral("B2"), 101)).has_value());
    QVERIFY(a.outbox->enqueue(outgoing(kCarla, QStringLiteral("OA"), 102)).has_value());

    QCOMPARE(a.messages->message(kAlice, toA.id).value()->text, QStringLiteral("to A"));
    QCOMPARE(b.messages->message(kAlice, toA.id).value()->text, QStringLiteral("to B"));
    QCOMPARE(a.chats->markRead(kAlice).value().size(), 1);
    QCOMPARE(b.chats->chat(kAlice).value()->unread, 1);
    QCOMPARE(chatIdsOf(a.chats->chats().value()), (QStringList {kCarla, kAlice}));
    QCOMPARE(chatIdsOf(b.chats->chats().value()), (QStringList {kBruno, kAlice}));
    QCOMPARE(a.contacts->contact(kAlice).value()->pushName, QStringLiteral("Alice for A"));
    QCOMPARE(b.contacts->contact(kAlice).value()->pushName, QStringLiteral("Alice for B"));
    QCOMPARE(
        idsOf(a.messages->search(QStringLiteral("to"), 10).value()), QStringList {QStringLiteral("SAME")});
    // One session's outbox, pages and ids are not another's.
    QVERIFY(b.outbox->pending().value().isEmpty());
    QCOMPARE(b.outbox->setStatus(kCarla, QStringLiteral("OA"), MessageStatus::Sent).error().code,
        QString::fromLatin1(errc::kUnknownMessage));
    QCOMPARE(b.messages->messages(kCarla, 10, {}).error().code, QString::fromLatin1(errc::kUnknownChat));
    QCOMPARE(b.messages->recordUndecryptable(incoming(kCarla, QStringLiteral("OA"), 103)).value(), 1);
    QCOMPARE(a.messages->message(kCarla, QStringLiteral("OA")).value()->status, MessageStatus::Pending);
    QCOMPARE(a.chats->chat(kBruno).value(), std::nullopt);
}

void MessageStoreSuite::searchesWordPrefixes_data() {
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("inB"); // search session B's stores instead of A's
    QTest::addColumn<QStringList>("expected"); // ids, newest first
    QTest::newRow("one word") << QStringLiteral("pedido") << false << QStringList {"A3", "A1"};
    QTest::newRow("the other session") << QStringLiteral("pedido") << true << QStringList {"B1"};
    QTest::newRow("word prefix") << QStringLiteral("ped") << false << QStringList {"A3", "A1"};
    QTest::newRow("not inside a word") << QStringLiteral("dido") << false << QStringList {};
    QTest::newRow("every word must match") << QStringLiteral("pedido 12") << false << QStringList {"A1"};
    QTest::newRow("every word, other session") << QStringLiteral("pedido 12") << true << QStringList {"B1"};
    QTest::newRow("case and accents") << QStringLiteral("NAO chegou") << false << QStringList {"A3"};
    QTest::newRow("accents in the query") << QStringLiteral("ÁGUA") << false << QStringList {"A2"};
    QTest::newRow("punctuation separates") << QStringLiteral("d'agua") << false << QStringList {"A2"};
    QTest::newRow("no such word") << QStringLiteral("boleto") << false << QStringList {};
    QTest::newRow("quotes are words, not syntax")
        << QStringLiteral("\"pedido\" OR*") << false << QStringList {};
    QTest::newRow("digits") << QStringLiteral("1234") << false << QStringList {"A1"};
}

void MessageStoreSuite::searchesWordPrefixes() {
    QFETCH(QString, query);
    QFETCH(bool, inB);
    QFETCH(QStringList, expected);
    const MessagingStores a = freshStores();
    const MessagingStores b = otherSession();
    QVERIFY(a.messages
                ->storeIncoming(
                    incoming(kAlice, QStringLiteral("A1"), 100, QStringLiteral("Pedido 1234 confirmado")))
                .has_value());
    QVERIFY(
        a.outbox->enqueue(outgoing(kBruno, QStringLiteral("A2"), 101, QStringLiteral("Garrafa d'água, 2 L")))
            .has_value());
    QVERIFY(a.messages
                ->storeIncoming(incoming(
                    kGroup, QStringLiteral("A3"), 102, QStringLiteral("O pedido NÃO chegou!"), kCarla))
                .has_value());
    QVERIFY(b.messages
                ->storeIncoming(incoming(kAlice, QStringLiteral("B1"), 103, QStringLiteral("pedido #12345?")))
                .has_value());
    // A placeholder has no text to find.
    QCOMPARE(
        b.messages->recordUndecryptable(incoming(kAlice, QStringLiteral("B2"), 104, QStringLiteral("pedido")))
            .value(),
        1);
    QCOMPARE(idsOf((inB ? b : a).messages->search(query, 10).value()), expected);
}

void MessageStoreSuite::searchesNewestFirstUpToTheLimit() {
    const MessagingStores a = freshStores();
    QList<StoredMessage> batch;
    for (int i = 0; i < 30; ++i)
        batch.append(incoming(i % 2 ? kAlice : kBruno, QStringLiteral("S%1").arg(i), 1000 + (i % 10),
            QStringLiteral("entrega número %1").arg(i)));
    QVERIFY(a.messages->storeIncomingBatch(batch).has_value());
    const QList<StoredMessage> found = a.messages->search(QStringLiteral("entrega"), 5).value();
    // Timestamps 1009 are S9, S19, S29 (in arrival order); then 1008: S8, S18, S28.
    QCOMPARE(idsOf(found), (QStringList {"S29", "S19", "S9", "S28", "S18"}));
    QCOMPARE(found.first(), asStored(batch.at(29)));
    QCOMPARE(a.messages->search(QStringLiteral("numero"), kMaxPageSize).value().size(), 30);
}

// A message's typed content (a photo's media keys and size, the message it replies to, mentions) reads back
// as it was stored, on every path that returns messages.
void MessageStoreSuite::keepsTheTypedContent() {
    const MessagingStores a = freshStores();
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
    QVERIFY(a.messages->storeIncoming(photo).value());
    QCOMPARE(a.messages->message(kAlice, photo.id).value()->content, photo.content);
    QCOMPARE(a.messages->messages(kAlice, 10, {}).value().first().content, photo.content);
    QCOMPARE(a.chats->chats().value().first().lastMessage.content, photo.content);
    QCOMPARE(
        toMessageEvent(kSessionA, *a.messages->message(kAlice, photo.id).value()).content, photo.content);
    // A plain text as it arrives (kind text, nothing else) reads back the same too.
    StoredMessage text = incoming(kAlice, QStringLiteral("3EB0TEXT"), 1001, QStringLiteral("Oi!"));
    text.content.kind = MessageKind::Text;
    text.content.text = text.text;
    QVERIFY(a.messages->storeIncoming(text).value());
    QCOMPARE(a.messages->message(kAlice, text.id).value()->content, text.content);
}
