#include "store_suite_support.h"

// The contract every implementation of OutboxStore keeps: see messaging/outbox_store.h.
using namespace store_suite;

void OutboxStoreSuite::rejectsBadCallsAndChangesNothing_data() {
    QTest::addColumn<StoreCall>("call");
    QTest::addColumn<QString>("code");
    const QString invalid = QString::fromLatin1(errc::kInvalidArgument);
    const auto withChat = [](const QString &chat) { return incoming(chat, QStringLiteral("X"), 1); };

    QTest::newRow("outgoing to a bad chat") << call<void>([withChat](const MessagingStores &s) {
        return s.outbox->enqueue(withChat(QStringLiteral("nobody")));
    }) << invalid;
    QTest::newRow("outgoing id taken by ours") << call<void>([](const MessagingStores &s) {
        return s.outbox->enqueue(outgoing(kAlice, QStringLiteral("O1"), 300));
    }) << QString::fromLatin1(errc::kMessageExists);
    QTest::newRow("outgoing id taken by theirs") << call<void>([](const MessagingStores &s) {
        return s.outbox->enqueue(outgoing(kAlice, QStringLiteral("A1"), 300));
    }) << QString::fromLatin1(errc::kMessageExists);
    QTest::newRow("status of no id") << call<bool>([](const MessagingStores &s) {
        return s.outbox->setStatus(kAlice, {}, MessageStatus::Sent);
    }) << invalid;
    QTest::newRow("status of unknown id") << call<bool>([](const MessagingStores &s) {
        return s.outbox->setStatus(kAlice, QStringLiteral("NOPE"), MessageStatus::Sent);
    }) << QString::fromLatin1(errc::kUnknownMessage);
    QTest::newRow("status in another chat") << call<bool>([](const MessagingStores &s) {
        return s.outbox->setStatus(kBruno, QStringLiteral("O1"), MessageStatus::Sent);
    }) << QString::fromLatin1(errc::kUnknownMessage);
    QTest::newRow("status of their message") << call<bool>([](const MessagingStores &s) {
        return s.outbox->setStatus(kAlice, QStringLiteral("A1"), MessageStatus::Read);
    }) << QString::fromLatin1(errc::kUnknownMessage);
}

void OutboxStoreSuite::rejectsBadCallsAndChangesNothing() {
    QFETCH(StoreCall, call);
    QFETCH(QString, code);
    const MessagingStores a = freshStores();
    checkRefused(a, otherSession(), call, code);
}

void OutboxStoreSuite::moveStatusOnlyForward_data() {
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

void OutboxStoreSuite::moveStatusOnlyForward() {
    QFETCH(QList<MessageStatus>, steps);
    QFETCH(QList<bool>, changed);
    QFETCH(MessageStatus, final);
    const MessagingStores a = freshStores();
    const StoredMessage m = outgoing(kAlice, QStringLiteral("OUT"), 100);
    QVERIFY(a.outbox->enqueue(m).has_value());
    QCOMPARE(a.messages->message(kAlice, m.id).value()->status, MessageStatus::Pending);
    QList<bool> answers;
    for (MessageStatus step : steps)
        answers.append(a.outbox->setStatus(kAlice, m.id, step).value());
    QCOMPARE(answers, changed);
    QCOMPARE(a.messages->message(kAlice, m.id).value()->status, final);
    QCOMPARE(a.chats->chat(kAlice).value()->lastMessage.status, final);
    QCOMPARE(a.outbox->pending().value().size(), final == MessageStatus::Pending ? 1 : 0);
}

void OutboxStoreSuite::keepsPendingMessagesInOrderForResend() {
    const MessagingStores a = freshStores();
    const MessagingStores b = otherSession();
    // Enqueue order, not timestamp order: a clock step back must not reorder what the user sent.
    QVERIFY(a.outbox->enqueue(outgoing(kAlice, QStringLiteral("O1"), 300)).has_value());
    QVERIFY(a.outbox->enqueue(outgoing(kGroup, QStringLiteral("O2"), 200)).has_value());
    QVERIFY(a.outbox->enqueue(outgoing(kAlice, QStringLiteral("O3"), 301)).has_value());
    QVERIFY(a.outbox->enqueue(outgoing(kBruno, QStringLiteral("O4"), 302)).has_value());
    QVERIFY(b.outbox->enqueue(outgoing(kAlice, QStringLiteral("OB"), 303)).has_value());
    QCOMPARE(a.outbox->setStatus(kAlice, QStringLiteral("O3"), MessageStatus::Sent).value(), true);
    QCOMPARE(a.outbox->setStatus(kBruno, QStringLiteral("O4"), MessageStatus::Failed).value(), true);

    const QList<StoredMessage> pending = a.outbox->pending().value();
    QCOMPARE(idsOf(pending), (QStringList {QStringLiteral("O1"), QStringLiteral("O2")}));
    QCOMPARE(pending.first(), asQueued(outgoing(kAlice, QStringLiteral("O1"), 300)));
    QCOMPARE(idsOf(b.outbox->pending().value()), QStringList {QStringLiteral("OB")});
}

// A photo queued before its upload; once uploaded, its content (where the file is, its key) is what a resend
// after a restart reads. Only a pending message of ours, of the same kind, can change so.
void OutboxStoreSuite::keepsWhatAnUploadGaveForAPendingMessage() {
    const MessagingStores a = freshStores();
    StoredMessage photo = outgoing(kAlice, QStringLiteral("PHOTO"), 300);
    MediaInfo file;
    file.fileSha256 = QByteArray(32, 'h');
    file.fileLength = 1234;
    file.mimetype = QStringLiteral("image/jpeg");
    photo.type = QStringLiteral("image");
    photo.text = QStringLiteral("Vitrine");
    photo.content.kind = MessageKind::Image;
    photo.content.text = photo.text;
    photo.content.payload = MediaPayload {file};
    QVERIFY(a.outbox->enqueue(photo).has_value());
    MessageContent uploaded = photo.content;
    auto &media = std::get<MediaPayload>(uploaded.payload).media;
    media.directPath = QStringLiteral("/v/t62.7118-24/photo.enc");
    media.mediaKey = QByteArray(32, 'k');
    media.fileEncSha256 = QByteArray(32, 'e');
    QVERIFY(a.outbox->updateContent(kAlice, QStringLiteral("PHOTO"), uploaded).has_value());
    QCOMPARE(a.outbox->pending().value().first().content, uploaded);
    QCOMPARE(a.messages->message(kAlice, QStringLiteral("PHOTO")).value()->content, uploaded);

    MessageContent text = uploaded;
    text.kind = MessageKind::Text;
    QCOMPARE(a.outbox->updateContent(kAlice, QStringLiteral("PHOTO"), text).error().code,
        QLatin1String(errc::kInvalidArgument));
    QCOMPARE(a.outbox->updateContent(kAlice, QStringLiteral("NONE"), uploaded).error().code,
        QLatin1String(errc::kUnknownMessage));
    QVERIFY(a.messages->storeIncoming(incoming(kAlice, QStringLiteral("THEIRS"), 301)).has_value());
    QCOMPARE(a.outbox->updateContent(kAlice, QStringLiteral("THEIRS"), uploaded).error().code,
        QLatin1String(errc::kUnknownMessage));
    QCOMPARE(a.outbox->setStatus(kAlice, QStringLiteral("PHOTO"), MessageStatus::Sent).value(), true);
    QCOMPARE(a.outbox->updateContent(kAlice, QStringLiteral("PHOTO"), uploaded).error().code,
        QLatin1String(errc::kUnknownMessage));
    QCOMPARE(a.messages->message(kAlice, QStringLiteral("PHOTO")).value()->content, uploaded);
}

void OutboxStoreSuite::countsOurOutgoingMessageAsLastButNotUnread() {
    const MessagingStores a = freshStores();
    QVERIFY(a.messages->storeIncoming(incoming(kAlice, QStringLiteral("IN"), 100)).has_value());
    StoredMessage mine = incoming(kAlice, QStringLiteral("MINE"), 101, QStringLiteral("answer"));
    mine.fromMe = false; // enqueueOutgoing makes it ours whatever the caller says
    mine.sender = kMe;
    mine.status = MessageStatus::Read;
    QVERIFY(a.outbox->enqueue(mine).has_value());
    const auto chat = a.chats->chat(kAlice).value();
    QCOMPARE(chat->unread, 1);
    QCOMPARE(chat->lastMessage, asQueued(mine));
    QCOMPARE(a.chats->markRead(kAlice).value(), (QList<UnreadMessage> {{QStringLiteral("IN"), kAlice}}));
}
