// The chat pane's models and controller: chat list order, unread counts, session filter and search; the
// message list's paging, day separators and forward-only ticks; and the commands the controller sends for
// the user's actions (no network: the controller's inputs are played directly, its commands recorded).
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>
#include <chat_controller.h>
#include <chat_list_filter.h>
#include <chat_list_model.h>
#include <message_list_model.h>

using namespace balcao;
using namespace balcao::chat;

namespace {

constexpr qint64 kDay = 24 * 3600;
// Noon local time on 2026-11-20, so whole-day offsets never cross midnight by time zone.
const qint64 kNoon = QDateTime(QDate(2026, 11, 20), QTime(12, 0)).toSecsSinceEpoch();

MessageEvent message(const QString &id, qint64 ts, bool fromMe = false, const QString &text = {},
    const QString &session = QStringLiteral("s1"),
    const QString &chat = QStringLiteral("5511900000002@s.whatsapp.net")) {
    MessageEvent m;
    m.session = session;
    m.chat = chat;
    m.id = id;
    m.from = fromMe ? QStringLiteral("5511900000001@s.whatsapp.net") : chat;
    m.fromMe = fromMe;
    m.timestamp = ts;
    m.type = QStringLiteral("text");
    m.text = text.isEmpty() ? QStringLiteral("text of ") + id : text;
    m.content.kind = MessageKind::Text; // as every message event from the store carries it
    m.content.text = m.text;
    m.status = fromMe ? MessageStatus::Pending : MessageStatus::Sent;
    return m;
}

ChatEvent chatEvent(const QString &session, const QString &number, const QString &name, int unread, qint64 ts,
    const QString &text = QStringLiteral("hello")) {
    ChatEvent c;
    c.session = session;
    c.chat = number + QStringLiteral("@s.whatsapp.net");
    c.name = name;
    c.unread = unread;
    c.lastMessage = message(QStringLiteral("last-") + number, ts, false, text, session, c.chat);
    return c;
}

QStringList namesInOrder(const QAbstractItemModel &model) {
    QStringList names;
    for (int row = 0; row < model.rowCount(); ++row)
        names.append(model.index(row, 0).data(ChatListModel::NameRole).toString());
    return names;
}

QList<MessageEvent> page(int first, int count, qint64 ts0, qint64 step = 60) {
    QList<MessageEvent> list;
    for (int i = first; i < first + count; ++i)
        list.append(message(QStringLiteral("m%1").arg(i, 5, 10, QLatin1Char('0')), ts0 + i * step));
    return list;
}

// A reply to a MessagesCommand as the engine answers it, with the request it answers.
std::pair<QString, Reply> messagesReply(const QString &requestId, const QList<MessageEvent> &messages) {
    return {requestId, MessagesReply {"s1", "5511900000002@s.whatsapp.net", messages}};
}

void answer(ChatController &controller, const std::pair<QString, Reply> &reply) {
    controller.handleReply(reply.first, reply.second);
}

struct Recorded {
    Command command;
    QString requestId;
};

} // namespace

class TestChatModels : public QObject {
    Q_OBJECT
private slots:
    void chatListSortsByLatestActivity();
    void chatUpdateMovesItToTheTop();
    void chatUpdateWithoutNameKeepsTheKnownName();
    void countsUnreadPerSessionAndInTotal();
    void filtersBySessionOrShowsAll();
    void searchFilters_data();
    void searchFilters();
    void lastMessageTicksFollowStatusEvents();
    void removedSessionTakesItsChatsAway();

    void olderPageGoesInFrontWithoutDuplicates();
    void daySeparatorsMarkTheFirstMessageOfEachDay();
    void daySeparatorMovesWhenAnOlderPageSharesTheDay();
    void ticksOnlyMoveForward_data();
    void ticksOnlyMoveForward();
    void placeholdersStandInForOtherKinds();

    void openingAChatAsksForTheNewestPageAndMarksItRead();
    void openingAReadChatSendsNoReceipt();
    void newestPageFillsTheModel();
    void olderPagesAskBeforeTheOldestLoadedMessage();
    void shortPageMeansTheStartWasReached();
    void failedPageStopsAsking();
    void liveMessagesGoToTheOpenChatOnly();
    void incomingMessageInAVisibleChatIsMarkedRead();
    void sendGoesToTheOpenChat();
    void retrySendsTheFailedTextAgain();
    void aRefusedMessageSaysWhy();
    void aMergedChatGivesWayToThePersonsOtherChat();
    void composerIsBlockedUnlessConnected_data();
    void composerIsBlockedUnlessConnected();
    void chatsReplyFillsTheList();
    void connectingSessionRefreshesItsChats();
    void searchReachesOlderMessagesAfterAPause();
    void searchAnswersForAnOlderTextAreIgnored();

private:
    void attach(ChatController &controller) {
        m_sent.clear();
        controller.setCommandSink([this](const Command &c, const QString &r) { m_sent.append({c, r}); });
    }
    template<typename T> QList<std::pair<T, QString>> sent() const {
        QList<std::pair<T, QString>> out;
        for (const Recorded &r : m_sent) {
            if (const auto *c = std::get_if<T>(&r.command))
                out.append({*c, r.requestId});
        }
        return out;
    }
    QList<Recorded> m_sent;
};

void TestChatModels::chatListSortsByLatestActivity() {
    ChatListModel model;
    ChatListFilter filter;
    filter.setSourceModel(&model);
    model.upsert(chatEvent("s1", "5511900000002", "Ana", 0, kNoon));
    model.upsert(chatEvent("s1", "5511900000003", "Bruno", 0, kNoon + 300));
    model.upsert(chatEvent("s1", "5511900000004", "Carla", 0, kNoon - 300));
    QCOMPARE(namesInOrder(filter), (QStringList {"Bruno", "Ana", "Carla"}));
}

void TestChatModels::chatUpdateMovesItToTheTop() {
    ChatListModel model;
    ChatListFilter filter;
    filter.setSourceModel(&model);
    model.upsert(chatEvent("s1", "5511900000002", "Ana", 0, kNoon));
    model.upsert(chatEvent("s1", "5511900000003", "Bruno", 0, kNoon + 300));
    model.upsert(chatEvent("s1", "5511900000002", "Ana", 1, kNoon + 600));
    QCOMPARE(namesInOrder(filter), (QStringList {"Ana", "Bruno"}));
    QCOMPARE(model.rowCount(), 2);
}

void TestChatModels::chatUpdateWithoutNameKeepsTheKnownName() {
    ChatListModel model;
    model.upsert(chatEvent("s1", "5511900000002", "Ana", 0, kNoon));
    model.upsert(chatEvent("s1", "5511900000002", "", 2, kNoon + 1));
    const QModelIndex i = model.indexOf("s1", "5511900000002@s.whatsapp.net");
    QCOMPARE(i.data(ChatListModel::NameRole).toString(), QStringLiteral("Ana"));
    QCOMPARE(i.data(ChatListModel::UnreadRole).toInt(), 2);
    // With no name ever known, the number stands in.
    model.upsert(chatEvent("s1", "5511900000009", "", 0, kNoon));
    QCOMPARE(model.indexOf("s1", "5511900000009@s.whatsapp.net").data(ChatListModel::NameRole).toString(),
        QStringLiteral("+55 11 90000-0009"));
}

void TestChatModels::countsUnreadPerSessionAndInTotal() {
    ChatListModel model;
    model.upsert(chatEvent("s1", "5511900000002", "Ana", 2, kNoon));
    model.upsert(chatEvent("s1", "5511900000003", "Bruno", 3, kNoon));
    model.upsert(chatEvent("s2", "5511900000002", "Ana", 4, kNoon));
    QCOMPARE(model.unreadTotal("s1"), 5);
    QCOMPARE(model.unreadTotal("s2"), 4);
    QCOMPARE(model.unreadTotal(), 9);
    model.upsert(chatEvent("s1", "5511900000003", "Bruno", 0, kNoon));
    QCOMPARE(model.unreadTotal("s1"), 2);
}

void TestChatModels::filtersBySessionOrShowsAll() {
    ChatListModel model;
    ChatListFilter filter;
    filter.setSourceModel(&model);
    model.upsert(chatEvent("s1", "5511900000002", "Ana", 0, kNoon));
    model.upsert(chatEvent("s2", "5511900000003", "Bruno", 0, kNoon + 1));
    model.upsert(chatEvent("s2", "5511900000002", "Ana (loja 2)", 0, kNoon + 2));
    filter.setSession("s2");
    QCOMPARE(namesInOrder(filter), (QStringList {"Ana (loja 2)", "Bruno"}));
    filter.setSession("s1");
    QCOMPARE(namesInOrder(filter), (QStringList {"Ana"}));
    filter.setSession({});
    QCOMPARE(namesInOrder(filter), (QStringList {"Ana (loja 2)", "Bruno", "Ana"}));
}

void TestChatModels::searchFilters_data() {
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("empty shows all") << "" << QStringList {"Bruno", "Ana Souza", "+55 21 98888-7777"};
    QTest::newRow("name, any case") << "ana" << QStringList {"Ana Souza"};
    QTest::newRow("accents ignored") << "joao" << QStringList {"Bruno"};
    QTest::newRow("last message text") << "bolo" << QStringList {"Ana Souza"};
    QTest::newRow("number digits") << "98888" << QStringList {"+55 21 98888-7777"};
    QTest::newRow("number with punctuation") << "+55 21 9888" << QStringList {"+55 21 98888-7777"};
    QTest::newRow("every word must match") << "ana cenoura" << QStringList {"Ana Souza"};
    QTest::newRow("one word missing") << "ana chocolate" << QStringList {};
    QTest::newRow("nothing matches") << "zzz" << QStringList {};
}

void TestChatModels::searchFilters() {
    QFETCH(QString, query);
    QFETCH(QStringList, expected);
    ChatListModel model;
    ChatListFilter filter;
    filter.setSourceModel(&model);
    model.upsert(chatEvent("s1", "5511900000002", "Ana Souza", 0, kNoon + 1, "Tem bolo de cenoura?"));
    model.upsert(chatEvent("s1", "5511900000003", "Bruno", 0, kNoon + 2, "Falei com o João"));
    model.upsert(chatEvent("s1", "5521988887777", "", 0, kNoon, "Obrigado"));
    filter.setSearchText(query);
    QCOMPARE(namesInOrder(filter), expected);
}

void TestChatModels::lastMessageTicksFollowStatusEvents() {
    ChatListModel model;
    ChatEvent c = chatEvent("s1", "5511900000002", "Ana", 0, kNoon);
    c.lastMessage->fromMe = true;
    c.lastMessage->status = MessageStatus::Sent;
    model.upsert(c);
    const QModelIndex i = model.indexOf("s1", c.chat);
    model.applyStatus({"s1", c.chat, c.lastMessage->id, MessageStatus::Read});
    QCOMPARE(i.data(ChatListModel::LastStatusRole).toInt(), int(MessageStatus::Read));
    // A status for an older message leaves the preview's ticks alone.
    model.applyStatus({"s1", c.chat, "older", MessageStatus::Failed});
    QCOMPARE(i.data(ChatListModel::LastStatusRole).toInt(), int(MessageStatus::Read));
}

void TestChatModels::removedSessionTakesItsChatsAway() {
    ChatListModel model;
    model.upsert(chatEvent("s1", "5511900000002", "Ana", 1, kNoon));
    model.upsert(chatEvent("s2", "5511900000003", "Bruno", 1, kNoon));
    model.upsert(chatEvent("s1", "5511900000004", "Carla", 1, kNoon));
    model.removeSession("s1");
    QCOMPARE(model.rowCount(), 1);
    QVERIFY(model.indexOf("s2", "5511900000003@s.whatsapp.net").isValid());
    QVERIFY(!model.indexOf("s1", "5511900000002@s.whatsapp.net").isValid());
}

void TestChatModels::olderPageGoesInFrontWithoutDuplicates() {
    MessageListModel model;
    model.reset("s1", "5511900000002@s.whatsapp.net");
    QCOMPARE(model.prependOlder(page(50, 50, kNoon)), 50);
    // The older page overlaps the loaded one by two messages: those are not repeated.
    QCOMPARE(model.prependOlder(page(2, 50, kNoon)), 48);
    QCOMPARE(model.rowCount(), 98);
    QCOMPARE(model.oldestId(), QStringLiteral("m00002"));
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.message(row)->id, QStringLiteral("m%1").arg(row + 2, 5, 10, QLatin1Char('0')));
    QCOMPARE(model.rowOf("m00099"), 97);
    QCOMPARE(model.rowOf("m00002"), 0);
    model.append(message("new", kNoon + 10000));
    QCOMPARE(model.rowOf("new"), 98);
}

void TestChatModels::daySeparatorsMarkTheFirstMessageOfEachDay() {
    MessageListModel model;
    model.setToday(QDate(2026, 11, 21));
    model.reset("s1", "c");
    model.prependOlder({message("a", kNoon - kDay), message("b", kNoon - kDay + 60), message("c", kNoon),
        message("d", kNoon + 60), message("e", kNoon + kDay)});
    QList<bool> starts;
    for (int row = 0; row < model.rowCount(); ++row)
        starts.append(model.index(row).data(MessageListModel::StartsDayRole).toBool());
    QCOMPARE(starts, (QList<bool> {true, false, true, false, true}));
    QCOMPARE(model.index(2).data(MessageListModel::DayLabelRole).toString(), QStringLiteral("Yesterday"));
    QCOMPARE(model.index(4).data(MessageListModel::DayLabelRole).toString(), QStringLiteral("Today"));
    QCOMPARE(model.index(0).data(MessageListModel::DayLabelRole).toString(),
        QLocale().toString(QDate(2026, 11, 19), QLocale::LongFormat));
}

void TestChatModels::daySeparatorMovesWhenAnOlderPageSharesTheDay() {
    MessageListModel model;
    model.reset("s1", "c");
    model.prependOlder({message("c", kNoon), message("d", kNoon + 60)});
    QVERIFY(model.index(0).data(MessageListModel::StartsDayRole).toBool());
    const QString keyBefore = model.index(0).data(MessageListModel::CacheKeyRole).toString();
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.prependOlder({message("a", kNoon - 3600), message("b", kNoon - 60)});
    QVERIFY(model.index(0).data(MessageListModel::StartsDayRole).toBool());
    QVERIFY(!model.index(2).data(MessageListModel::StartsDayRole).toBool());
    // The row that lost its separator says so, and its size must not come from the old cache entry.
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).value<QModelIndex>().row(), 2);
    QVERIFY(model.index(2).data(MessageListModel::CacheKeyRole).toString() != keyBefore);
}

void TestChatModels::ticksOnlyMoveForward_data() {
    QTest::addColumn<int>("from");
    QTest::addColumn<int>("to");
    QTest::addColumn<bool>("moves");
    QTest::newRow("pending → sent") << int(MessageStatus::Pending) << int(MessageStatus::Sent) << true;
    QTest::newRow("sent → delivered") << int(MessageStatus::Sent) << int(MessageStatus::Delivered) << true;
    QTest::newRow("sent → read (skips delivered)")
        << int(MessageStatus::Sent) << int(MessageStatus::Read) << true;
    QTest::newRow("delivered → read") << int(MessageStatus::Delivered) << int(MessageStatus::Read) << true;
    QTest::newRow("read → delivered (late receipt)")
        << int(MessageStatus::Read) << int(MessageStatus::Delivered) << false;
    QTest::newRow("read → read") << int(MessageStatus::Read) << int(MessageStatus::Read) << false;
    QTest::newRow("pending → failed") << int(MessageStatus::Pending) << int(MessageStatus::Failed) << true;
    QTest::newRow("delivered → failed")
        << int(MessageStatus::Delivered) << int(MessageStatus::Failed) << false;
    QTest::newRow("failed → sent") << int(MessageStatus::Failed) << int(MessageStatus::Sent) << false;
}

void TestChatModels::ticksOnlyMoveForward() {
    QFETCH(int, from);
    QFETCH(int, to);
    QFETCH(bool, moves);
    MessageListModel model;
    model.reset("s1", "c");
    MessageEvent m = message("mine", kNoon, true);
    m.status = MessageStatus(from);
    model.append(m);
    QCOMPARE(model.setStatus("mine", MessageStatus(to)), moves);
    QCOMPARE(model.index(0).data(MessageListModel::StatusRole).toInt(), moves ? to : from);
    QVERIFY(!model.setStatus("not-loaded", MessageStatus(to)));
}

void TestChatModels::placeholdersStandInForOtherKinds() {
    MessageListModel model;
    model.reset("s1", "c");
    MessageEvent photo = message("p", kNoon);
    photo.type = "image";
    photo.text.clear();
    model.append(photo);
    model.append(message("t", kNoon + 1, false, "Oi"));
    QVERIFY(model.index(0).data(MessageListModel::IsPlaceholderRole).toBool());
    QCOMPARE(model.index(0).data(MessageListModel::TextRole).toString(), QStringLiteral("Photo"));
    QVERIFY(!model.index(1).data(MessageListModel::IsPlaceholderRole).toBool());
    QCOMPARE(model.index(1).data(MessageListModel::TextRole).toString(), QStringLiteral("Oi"));
}

void TestChatModels::openingAChatAsksForTheNewestPageAndMarksItRead() {
    ChatController controller(nullptr);
    attach(controller);
    controller.handleEvent(chatEvent("s1", "5511900000002", "Ana", 3, kNoon));
    QSignalSpy opened(&controller, &ChatController::chatOpened);
    controller.openChat("s1", "5511900000002@s.whatsapp.net");
    QCOMPARE(opened.count(), 1);
    const auto pages = sent<MessagesCommand>();
    QCOMPARE(pages.size(), 1);
    QCOMPARE(pages.first().first.chat, QStringLiteral("5511900000002@s.whatsapp.net"));
    QVERIFY(pages.first().first.before.isEmpty());
    QCOMPARE(pages.first().first.limit, ChatController::kPageSize);
    QVERIFY(!pages.first().second.isEmpty());
    const auto reads = sent<MarkReadCommand>();
    QCOMPARE(reads.size(), 1);
    QCOMPARE(reads.first().first.session, QStringLiteral("s1"));
    QCOMPARE(reads.first().first.chat, QStringLiteral("5511900000002@s.whatsapp.net"));
}

void TestChatModels::openingAReadChatSendsNoReceipt() {
    ChatController controller(nullptr);
    attach(controller);
    controller.handleEvent(chatEvent("s1", "5511900000002", "Ana", 0, kNoon));
    controller.openChat("s1", "5511900000002@s.whatsapp.net");
    QCOMPARE(sent<MessagesCommand>().size(), 1);
    QCOMPARE(sent<MarkReadCommand>().size(), 0);
}

void TestChatModels::newestPageFillsTheModel() {
    ChatController controller(nullptr);
    attach(controller);
    controller.openChat("s1", "5511900000002@s.whatsapp.net");
    const QString request = sent<MessagesCommand>().first().second;
    QSignalSpy first(&controller, &ChatController::firstPageLoaded);
    // Someone else's reply for the same chat is not ours to page with.
    answer(controller, messagesReply("someone-else", page(0, 5, kNoon)));
    QCOMPARE(controller.messages()->rowCount(), 0);
    answer(controller, messagesReply(request, page(100, ChatController::kPageSize, kNoon)));
    QCOMPARE(controller.messages()->rowCount(), ChatController::kPageSize);
    QCOMPARE(first.count(), 1);
    QCOMPARE(first.first().at(0).toInt(), ChatController::kPageSize);
    QVERIFY(!controller.messages()->reachedStart());
    QVERIFY(!controller.loadingPage());
}

void TestChatModels::olderPagesAskBeforeTheOldestLoadedMessage() {
    ChatController controller(nullptr);
    attach(controller);
    controller.openChat("s1", "5511900000002@s.whatsapp.net");
    answer(controller, messagesReply(sent<MessagesCommand>().first().second, page(100, 50, kNoon)));
    controller.loadOlder();
    controller.loadOlder(); // one page at a time
    auto pages = sent<MessagesCommand>();
    QCOMPARE(pages.size(), 2);
    QCOMPARE(pages.last().first.before, QStringLiteral("m00100"));
    answer(controller, messagesReply(pages.last().second, page(50, 50, kNoon)));
    QCOMPARE(controller.messages()->rowCount(), 100);
    QCOMPARE(controller.messages()->oldestId(), QStringLiteral("m00050"));
    controller.loadOlder();
    pages = sent<MessagesCommand>();
    QCOMPARE(pages.size(), 3);
    QCOMPARE(pages.last().first.before, QStringLiteral("m00050"));
}

void TestChatModels::shortPageMeansTheStartWasReached() {
    ChatController controller(nullptr);
    attach(controller);
    controller.openChat("s1", "5511900000002@s.whatsapp.net");
    answer(controller, messagesReply(sent<MessagesCommand>().first().second, page(0, 7, kNoon)));
    QVERIFY(controller.messages()->reachedStart());
    controller.loadOlder();
    QCOMPARE(sent<MessagesCommand>().size(), 1);
}

void TestChatModels::failedPageStopsAsking() {
    ChatController controller(nullptr);
    attach(controller);
    controller.openChat("s1", "5511900000002@s.whatsapp.net");
    QSignalSpy first(&controller, &ChatController::firstPageLoaded);
    const QString request = sent<MessagesCommand>().first().second;
    controller.handleReply(request, Error {"unknown-chat", "no messages"});
    QVERIFY(!controller.loadingPage());
    QVERIFY(controller.messages()->reachedStart());
    QCOMPARE(first.count(), 1);
    QCOMPARE(first.first().at(0).toInt(), 0);
}

void TestChatModels::liveMessagesGoToTheOpenChatOnly() {
    ChatController controller(nullptr);
    attach(controller);
    controller.openChat("s1", "5511900000002@s.whatsapp.net");
    controller.handleEvent(message("here", kNoon));
    controller.handleEvent(message("other chat", kNoon, false, {}, "s1", "5511900000003@s.whatsapp.net"));
    controller.handleEvent(message("other session", kNoon, false, {}, "s2"));
    QCOMPARE(controller.messages()->rowCount(), 1);
    QCOMPARE(controller.messages()->message(0)->id, QStringLiteral("here"));
    controller.handleEvent(
        MessageStatusEvent {"s1", "5511900000002@s.whatsapp.net", "here", MessageStatus::Read});
    controller.handleEvent(message("mine", kNoon + 1, true));
    controller.handleEvent(
        MessageStatusEvent {"s1", "5511900000002@s.whatsapp.net", "mine", MessageStatus::Delivered});
    QCOMPARE(controller.messages()->index(1).data(MessageListModel::StatusRole).toInt(),
        int(MessageStatus::Delivered));
}

void TestChatModels::incomingMessageInAVisibleChatIsMarkedRead() {
    ChatController controller(nullptr);
    attach(controller);
    controller.handleEvent(chatEvent("s1", "5511900000002", "Ana", 0, kNoon));
    controller.openChat("s1", "5511900000002@s.whatsapp.net");
    QCOMPARE(sent<MarkReadCommand>().size(), 0); // nothing unread when it opened
    // A burst is read with one command once it pauses, not one per message.
    for (int i = 0; i < 20; ++i)
        controller.handleEvent(message(QStringLiteral("theirs%1").arg(i), kNoon + 5 + i));
    controller.handleEvent(message("ours", kNoon + 30, true));
    QCOMPARE(sent<MarkReadCommand>().size(), 0);
    QTRY_COMPARE(sent<MarkReadCommand>().size(), 1);
    QCOMPARE(sent<MarkReadCommand>().first().first.chat, QStringLiteral("5511900000002@s.whatsapp.net"));
    QTest::qWait(ChatController::kMarkReadDelayMs * 2);
    QCOMPARE(sent<MarkReadCommand>().size(), 1);
    // Our own message alone reads nothing; nor does a message the user cannot see.
    controller.handleEvent(message("ours2", kNoon + 31, true));
    controller.setConversationVisible(false);
    controller.handleEvent(message("unseen", kNoon + 32));
    QTest::qWait(ChatController::kMarkReadDelayMs * 2);
    QCOMPARE(sent<MarkReadCommand>().size(), 1);
}

void TestChatModels::sendGoesToTheOpenChat() {
    ChatController controller(nullptr);
    attach(controller);
    controller.send("nobody is open");
    QCOMPARE(sent<SendCommand>().size(), 0);
    controller.openChat("s2", "5511900000003@s.whatsapp.net");
    controller.send("Oi, tudo bem?");
    const auto sends = sent<SendCommand>();
    QCOMPARE(sends.size(), 1);
    QCOMPARE(sends.first().first.session, QStringLiteral("s2"));
    QCOMPARE(sends.first().first.to, QStringLiteral("5511900000003@s.whatsapp.net"));
    QCOMPARE(sends.first().first.content, textContent(QStringLiteral("Oi, tudo bem?")));
}

void TestChatModels::retrySendsTheFailedTextAgain() {
    ChatController controller(nullptr);
    attach(controller);
    controller.openChat("s1", "5511900000002@s.whatsapp.net");
    controller.handleEvent(message("ok", kNoon, true, "chegou"));
    MessageEvent failed = message("bad", kNoon + 1, true, "não chegou");
    controller.handleEvent(failed);
    controller.handleEvent(MessageStatusEvent {"s1", failed.chat, "bad", MessageStatus::Failed});
    controller.retry(0); // not failed: nothing to retry
    QCOMPARE(sent<SendCommand>().size(), 0);
    controller.retry(1);
    const auto sends = sent<SendCommand>();
    QCOMPARE(sends.size(), 1);
    QCOMPARE(sends.first().first.content, textContent(QStringLiteral("não chegou")));
    QCOMPARE(sends.first().first.to, failed.chat);
    QVERIFY(sends.first().first.id.isEmpty()); // a new message, not the failed id again
}

void TestChatModels::aRefusedMessageSaysWhy() {
    ChatController controller(nullptr);
    attach(controller);
    controller.openChat("s1", "5511900000002@s.whatsapp.net");
    MessageEvent refused = message("463", kNoon, true, "para quem não me conhece");
    controller.handleEvent(refused);
    const QString reason = QStringLiteral("privacy token missing, error 463");
    controller.handleEvent(MessageStatusEvent {"s1", refused.chat, "463", MessageStatus::Failed, reason});
    const QModelIndex row = controller.messages()->index(0);
    QCOMPARE(row.data(MessageListModel::StatusRole).toInt(), int(MessageStatus::Failed));
    QVERIFY2(row.data(Qt::ToolTipRole).toString().contains(reason),
        qPrintable(row.data(Qt::ToolTipRole).toString()));
}

void TestChatModels::aMergedChatGivesWayToThePersonsOtherChat() {
    ChatController controller(nullptr);
    attach(controller);
    const QString lid = QStringLiteral("20000000000002@lid");
    ChatEvent byLid = chatEvent("s1", "x", "Ana", 2, kNoon);
    byLid.chat = lid;
    controller.handleEvent(byLid);
    controller.handleEvent(chatEvent("s1", "5511900000002", "Ana", 1, kNoon + 5));
    controller.openChat("s1", lid);
    QCOMPARE(controller.chats()->rowCount(), 2);
    controller.handleEvent(ChatMergedEvent {"s1", lid, "5511900000002@s.whatsapp.net"});
    QCOMPARE(controller.chats()->rowCount(), 1);
    QCOMPARE(controller.messages()->chatJid(), QStringLiteral("5511900000002@s.whatsapp.net"));
}

void TestChatModels::composerIsBlockedUnlessConnected_data() {
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("blocked");
    QTest::newRow("connected") << int(SessionStatus::Connected) << false;
    QTest::newRow("connecting") << int(SessionStatus::Connecting) << true;
    QTest::newRow("reconnecting") << int(SessionStatus::Reconnecting) << true;
    QTest::newRow("logged out") << int(SessionStatus::LoggedOut) << true;
    QTest::newRow("stopped") << int(SessionStatus::Stopped) << true;
    QTest::newRow("pairing") << int(SessionStatus::Pairing) << true;
}

void TestChatModels::composerIsBlockedUnlessConnected() {
    QFETCH(int, status);
    QFETCH(bool, blocked);
    ChatController controller(nullptr);
    attach(controller);
    controller.openChat("s1", "5511900000002@s.whatsapp.net");
    QVERIFY(!controller.blockedReason().isEmpty()); // no status heard yet
    QSignalSpy changed(&controller, &ChatController::sendingStateChanged);
    controller.handleEvent(StatusEvent {"s1", SessionStatus(status), {}, "server closed", 0, 0});
    QCOMPARE(changed.count(), 1);
    QCOMPARE(controller.blockedReason().isEmpty(), !blocked);
    // Another number's state does not touch this chat's composer.
    controller.handleEvent(StatusEvent {"s2", SessionStatus::Stopped, {}, {}, 0, 0});
    QCOMPARE(changed.count(), 1);
}

void TestChatModels::chatsReplyFillsTheList() {
    ChatController controller(nullptr);
    attach(controller);
    controller.handleReply("chats-1",
        ChatsReply {"s1",
            {chatEvent("s1", "5511900000002", "Ana", 1, kNoon),
                chatEvent("s1", "5511900000003", "Bruno", 0, kNoon + 60)}});
    QCOMPARE(namesInOrder(*controller.chatFilter()), (QStringList {"Bruno", "Ana"}));
    QCOMPARE(controller.chats()->unreadTotal("s1"), 1);
    QCOMPARE(controller.chatFilter()->index(0, 0).data(ChatListModel::PreviewRole).toString(),
        QStringLiteral("hello"));
}

void TestChatModels::connectingSessionRefreshesItsChats() {
    ChatController controller(nullptr);
    attach(controller);
    controller.showSession({});
    QCOMPARE(sent<ChatsCommand>().size(), 0); // nobody connected yet
    controller.handleEvent(StatusEvent {"s1", SessionStatus::Connecting, {}, {}, 0, 0});
    QCOMPARE(sent<ChatsCommand>().size(), 0);
    controller.handleEvent(
        StatusEvent {"s1", SessionStatus::Connected, "5511900000001:3@s.whatsapp.net", {}, 0, 0});
    QCOMPARE(sent<ChatsCommand>().size(), 1);
    QCOMPARE(sent<ChatsCommand>().first().first.session, QStringLiteral("s1"));
    controller.handleEvent(
        StatusEvent {"s1", SessionStatus::Connected, "5511900000001:3@s.whatsapp.net", {}, 0, 0});
    QCOMPARE(sent<ChatsCommand>().size(), 1); // still connected: nothing new to ask
    controller.showSession("s2");
    QCOMPARE(sent<ChatsCommand>().last().first.session, QStringLiteral("s2"));
}

// A reply to a SearchCommand as the engine sends it: the matching messages, newest first.
std::pair<QString, Reply> searchReply(const QString &requestId, const QString &session, const QString &query,
    const QList<MessageEvent> &found) {
    return {requestId, SearchReply {session, query, found}};
}

void TestChatModels::searchReachesOlderMessagesAfterAPause() {
    ChatController controller(nullptr);
    attach(controller);
    controller.handleEvent(
        StatusEvent {"s1", SessionStatus::Connected, "5511900000001:3@s.whatsapp.net", {}, 0, 0});
    controller.handleEvent(
        StatusEvent {"s2", SessionStatus::Connected, "5511900000009:3@s.whatsapp.net", {}, 0, 0});
    controller.handleEvent(StatusEvent {"s3", SessionStatus::New, {}, {}, 0, 0});
    controller.handleEvent(StatusEvent {"s4", SessionStatus::Stopped, {}, {}, 0, 0});
    controller.chats()->upsert(chatEvent("s1", "5511900000002", "Ana", 0, kNoon + 1, "Obrigada!"));
    controller.chats()->upsert(chatEvent("s1", "5511900000003", "Bruno", 0, kNoon + 2, "Até amanhã"));
    controller.chats()->upsert(chatEvent("s2", "5511900000004", "Carla", 0, kNoon + 3, "Oi"));
    controller.showSession({}); // all numbers
    controller.setSearchText(QStringLiteral("boleto"));
    // At once: nothing in names, numbers or last messages matches; the history is asked only after a pause.
    QCOMPARE(namesInOrder(*controller.chatFilter()), QStringList {});
    QCOMPARE(sent<SearchCommand>().size(), 0);
    QTRY_COMPARE(
        sent<SearchCommand>().size(), 2); // the running numbers: not one never linked, nor a stopped one
    QStringList asked;
    for (const auto &[command, request] : sent<SearchCommand>()) {
        asked.append(command.session);
        QCOMPARE(command.query, QStringLiteral("boleto"));
    }
    asked.sort();
    QCOMPARE(asked, (QStringList {"s1", "s2"}));
    const auto requestOf = [&](const QString &session) {
        for (const auto &[command, request] : sent<SearchCommand>())
            if (command.session == session)
                return request;
        return QString();
    };
    // Ana's older messages mention it twice: the row shows the newest of them.
    const QString anaChat = QStringLiteral("5511900000002@s.whatsapp.net");
    answer(controller,
        searchReply(requestOf("s1"), "s1", "boleto",
            {message("m2", kNoon - 60, true, "Segue o boleto atualizado", "s1", anaChat),
                message("m1", kNoon - 600, false, "Pode mandar o boleto?", "s1", anaChat)}));
    answer(controller, searchReply(requestOf("s2"), "s2", "boleto", {}));
    QCOMPARE(namesInOrder(*controller.chatFilter()), QStringList {"Ana"});
    QCOMPARE(controller.chatFilter()->index(0, 0).data(ChatListModel::PreviewRole).toString(),
        QStringLiteral("Segue o boleto atualizado"));
    QVERIFY(controller.chatFilter()->matchedInHistory("s1", anaChat));
    // Clearing the search brings every chat back with its own last message.
    controller.setSearchText({});
    QCOMPARE(namesInOrder(*controller.chatFilter()), (QStringList {"Carla", "Bruno", "Ana"}));
    QCOMPARE(controller.chats()
                 ->data(controller.chats()->indexOf("s1", anaChat), ChatListModel::PreviewRole)
                 .toString(),
        QStringLiteral("Obrigada!"));
    QVERIFY(!controller.chatFilter()->matchedInHistory("s1", anaChat));
}

void TestChatModels::searchAnswersForAnOlderTextAreIgnored() {
    ChatController controller(nullptr);
    attach(controller);
    controller.handleEvent(
        StatusEvent {"s1", SessionStatus::Connected, "5511900000001:3@s.whatsapp.net", {}, 0, 0});
    controller.chats()->upsert(chatEvent("s1", "5511900000002", "Ana", 0, kNoon + 1, "Obrigada!"));
    controller.showSession("s1");
    controller.setSearchText(QStringLiteral("bolo"));
    QTRY_COMPARE(sent<SearchCommand>().size(), 1);
    const QString oldRequest = sent<SearchCommand>().first().second;
    controller.setSearchText(QStringLiteral("pix"));
    const QString anaChat = QStringLiteral("5511900000002@s.whatsapp.net");
    // The answer to "bolo" arrives after the user typed "pix": it must not put Ana in the list.
    answer(controller,
        searchReply(oldRequest, "s1", "bolo", {message("m1", kNoon, false, "bolo", "s1", anaChat)}));
    QCOMPARE(namesInOrder(*controller.chatFilter()), QStringList {});
    // Only words search: punctuation alone sends nothing.
    controller.setSearchText(QStringLiteral("?!"));
    QTest::qWait(ChatController::kSearchDelayMs * 2);
    QCOMPARE(sent<SearchCommand>().size(), 1);
}

QTEST_MAIN(TestChatModels)
#include "tst_chat_models.moc"
