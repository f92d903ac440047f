// The chat view and composer as widgets, rendered offscreen: bubbles on the right side for ours and the
// left for theirs, ticks drawn from statuses (read is blue), cached bubble sizes, older pages keeping
// what is on screen still, copying, and the composer's Enter / Shift+Enter / blocked / too-long rules.
#include <QApplication>
#include <QClipboard>
#include <QJsonArray>
#include <QPainter>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <chat_controller.h>
#include <chat_palette.h>
#include <chat_view.h>
#include <composer.h>
#include <message_delegate.h>
#include <message_list_model.h>
#include <messaging/text_limits.h>

using namespace balcao;
using namespace balcao::chat;

namespace {

const qint64 kNoon = QDateTime(QDate(2026, 11, 20), QTime(12, 0)).toSecsSinceEpoch();

MessageEvent message(const QString &id, qint64 ts, bool fromMe, const QString &text,
    MessageStatus status = MessageStatus::Sent) {
    MessageEvent m;
    m.session = QStringLiteral("s1");
    m.chat = QStringLiteral("5511900000002@s.whatsapp.net");
    m.id = id;
    m.fromMe = fromMe;
    m.timestamp = ts;
    m.type = QStringLiteral("text");
    m.text = text;
    m.status = status;
    return m;
}

QList<MessageEvent> page(int first, int count) {
    QList<MessageEvent> list;
    for (int i = first; i < first + count; ++i) {
        // Varied lengths, so rows have different heights as in a real chat.
        list.append(message(QStringLiteral("m%1").arg(i, 5, 10, QLatin1Char('0')), kNoon + i * 60, i % 3 == 0,
            QStringLiteral("mensagem %1 ").arg(i).repeated(1 + i % 7)));
    }
    return list;
}

// Fraction of the pixels in `rect` close to `color`.
double share(const QImage &image, const QRect &rect, const QColor &color, int tolerance = 12) {
    int hits = 0;
    int total = 0;
    const QRect r = rect.intersected(image.rect());
    for (int y = r.top(); y <= r.bottom(); ++y) {
        for (int x = r.left(); x <= r.right(); ++x) {
            const QColor c = image.pixelColor(x, y);
            ++total;
            if (qAbs(c.red() - color.red()) <= tolerance && qAbs(c.green() - color.green()) <= tolerance
                && qAbs(c.blue() - color.blue()) <= tolerance)
                ++hits;
        }
    }
    return total ? double(hits) / total : 0;
}

// Renders one message row into an image the size the delegate asks for. An earlier message of the same
// day goes first, so the row has no day separator and only the bubble is drawn.
QImage renderRow(const MessageEvent &m, int width, const QPalette &palette = QApplication::palette()) {
    MessageListModel model;
    model.reset(m.session, m.chat);
    model.append(message(QStringLiteral("earlier"), m.timestamp - 1, !m.fromMe, QStringLiteral("antes")));
    model.append(m);
    MessageDelegate delegate;
    delegate.setWidth(width);
    QStyleOptionViewItem option;
    option.font = QApplication::font();
    option.palette = palette;
    option.rect = QRect(0, 0, width, 10);
    const QModelIndex row = model.index(1);
    const QSize size = delegate.sizeHint(option, row);
    option.rect = QRect(QPoint(0, 0), size);
    QImage image(size, QImage::Format_RGB32);
    image.fill(chatColors(palette).background);
    QPainter painter(&image);
    delegate.paint(&painter, option, row);
    return image;
}

// An empty conversation in a 500×400 chat view, shown.
struct ShownChat {
    MessageListModel model;
    ChatView view;

    ShownChat() {
        model.reset(QStringLiteral("s1"), QStringLiteral("c"));
        view.resize(500, 400);
        view.setMessages(&model);
        view.show();
    }
    bool exposed() { return QTest::qWaitForWindowExposed(&view); }
};

} // namespace

class TestChatView : public QObject {
    Q_OBJECT
private slots:
    void oursOnTheRightTheirsOnTheLeft_data();
    void oursOnTheRightTheirsOnTheLeft();
    void readTicksAreBlueOthersAreNot_data();
    void readTicksAreBlueOthersAreNot();
    void failedMessageShowsARetryMark();
    void longTextWrapsInsideTheBubble();
    void sizesAreCachedAndForgottenOnResize();
    void opensAtTheNewestMessage();
    void olderPageKeepsTheViewStill();
    void shortConversationSitsAtTheBottom();
    void reachingTheTopAsksForAnOlderPage();
    void newMessageIsFollowedOnlyAtTheBottom();
    void copiesSelectedMessages();
    void enterSendsShiftEnterBreaksTheLine();
    void blockedComposerSaysWhy();
    void refusesTextsOverTheLimit();
};

void TestChatView::oursOnTheRightTheirsOnTheLeft_data() {
    QTest::addColumn<bool>("fromMe");
    QTest::newRow("ours") << true;
    QTest::newRow("theirs") << false;
}

void TestChatView::oursOnTheRightTheirsOnTheLeft() {
    QFETCH(bool, fromMe);
    const int width = 600;
    const QImage image = renderRow(message("x", kNoon, fromMe, "Oi"), width);
    const ChatColors colors = chatColors(QApplication::palette());
    const QColor bubble = fromMe ? colors.ours : colors.theirs;
    const QRect left(0, 0, width / 2, image.height());
    const QRect right(width / 2, 0, width / 2, image.height());
    const double onLeft = share(image, left, bubble, 3);
    const double onRight = share(image, right, bubble, 3);
    QVERIFY2(fromMe ? (onRight > 0.02 && onLeft == 0) : (onLeft > 0.02 && onRight == 0),
        qPrintable(QStringLiteral("left %1, right %2").arg(onLeft).arg(onRight)));
}

void TestChatView::readTicksAreBlueOthersAreNot_data() {
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("blue");
    QTest::newRow("pending") << int(MessageStatus::Pending) << false;
    QTest::newRow("sent") << int(MessageStatus::Sent) << false;
    QTest::newRow("delivered") << int(MessageStatus::Delivered) << false;
    QTest::newRow("read") << int(MessageStatus::Read) << true;
    QTest::newRow("played") << int(MessageStatus::Played) << true;
}

void TestChatView::readTicksAreBlueOthersAreNot() {
    QFETCH(int, status);
    QFETCH(bool, blue);
    const QImage image = renderRow(message("x", kNoon, true, "Oi", MessageStatus(status)), 600);
    const QColor readBlue = chatColors(QApplication::palette()).readTicks;
    QCOMPARE(share(image, image.rect(), readBlue, 40) > 0, blue);
    // Different statuses draw different marks in the same spot.
    const QImage sent = renderRow(message("x", kNoon, true, "Oi", MessageStatus::Sent), 600);
    QCOMPARE(image == sent, status == int(MessageStatus::Sent));
}

void TestChatView::failedMessageShowsARetryMark() {
    const QImage failed = renderRow(message("x", kNoon, true, "Oi", MessageStatus::Failed), 600);
    const QColor red = chatColors(QApplication::palette()).failed;
    QVERIFY(share(failed, failed.rect(), red, 20) > 0.005);
    const QImage sent = renderRow(message("x", kNoon, true, "Oi", MessageStatus::Sent), 600);
    QCOMPARE(share(sent, sent.rect(), red, 20), 0.0);
}

void TestChatView::longTextWrapsInsideTheBubble() {
    const QImage shortRow = renderRow(message("x", kNoon, false, "Oi"), 500);
    const QImage longRow
        = renderRow(message("x", kNoon, false, QStringLiteral("palavra ").repeated(80)), 500);
    const QImage unbroken = renderRow(message("x", kNoon, false, QStringLiteral("x").repeated(400)), 500);
    QCOMPARE(longRow.width(), 500);
    QVERIFY(longRow.height() > 3 * shortRow.height());
    // A word longer than a line breaks instead of running out of the bubble.
    QVERIFY(unbroken.height() > 2 * shortRow.height());
}

void TestChatView::sizesAreCachedAndForgottenOnResize() {
    MessageListModel model;
    model.reset("s1", "c");
    model.prependOlder(page(0, 30));
    ChatView view;
    view.resize(500, 400);
    view.setMessages(&model);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTRY_COMPARE(view.delegate()->cachedSizes(), 30);
    const int widthBefore = view.delegate()->width();
    view.resize(700, 400);
    QTRY_VERIFY(view.delegate()->width() != widthBefore);
    QTRY_COMPARE(view.delegate()->cachedSizes(), 30); // refilled for the new width
    QCOMPARE(view.delegate()->width(), view.viewport()->width());
}

void TestChatView::opensAtTheNewestMessage() {
    ShownChat chat;
    QVERIFY(chat.exposed());
    MessageListModel &model = chat.model;
    ChatView &view = chat.view;
    model.prependOlder(page(100, 50));
    QTRY_VERIFY(view.verticalScrollBar()->maximum() > 0 && view.atBottom());
    const QRect last = view.visualRect(model.index(49));
    QVERIFY(view.viewport()->rect().contains(last.bottomLeft() - QPoint(0, 1)));
}

void TestChatView::shortConversationSitsAtTheBottom() {
    ShownChat chat;
    QVERIFY(chat.exposed());
    MessageListModel &model = chat.model;
    ChatView &view = chat.view;
    model.prependOlder(
        {message("a", kNoon, false, "Oi! Tem bolo?"), message("b", kNoon + 60, true, "Temos sim!")});
    // The two bubbles end where the window ends (by the composer), with the space above them.
    const auto lastBottomInView = [&] {
        const QRect last = view.visualRect(model.index(model.rowCount() - 1));
        return view.viewport()->mapTo(&view, last.bottomLeft()).y();
    };
    QTRY_VERIFY(view.bottomAlignment() > 200);
    QVERIFY2(qAbs(lastBottomInView() - view.viewport()->geometry().bottom()) <= 1,
        qPrintable(
            QStringLiteral("%1 vs %2").arg(lastBottomInView()).arg(view.viewport()->geometry().bottom())));
    QCOMPARE(view.indexAt(view.viewport()->mapFrom(&view, QPoint(100, lastBottomInView() - 5))).row(), 1);
    // A new message takes from that space and stays by the composer.
    const int before = view.bottomAlignment();
    model.append(message("c", kNoon + 120, false, "Que bom"));
    QTRY_VERIFY(view.bottomAlignment() < before);
    QTRY_VERIFY(qAbs(lastBottomInView() - view.viewport()->geometry().bottom()) <= 1);
    // A long conversation needs no space and scrolls as before.
    model.prependOlder(page(100, 50));
    QTRY_COMPARE(view.bottomAlignment(), 0);
    QTRY_VERIFY(view.verticalScrollBar()->maximum() > 0 && view.atBottom());
    // Back to empty (another chat opened): the space returns for its first messages.
    model.reset("s1", "d");
    QCOMPARE(view.bottomAlignment(), view.height() - 2 * view.frameWidth());
}

void TestChatView::olderPageKeepsTheViewStill() {
    ShownChat chat;
    QVERIFY(chat.exposed());
    MessageListModel &model = chat.model;
    ChatView &view = chat.view;
    model.prependOlder(page(100, 50));
    QTRY_VERIFY(view.verticalScrollBar()->maximum() > 0 && view.atBottom());
    // The user scrolls up a little and looks at one message.
    view.verticalScrollBar()->setValue(view.verticalScrollBar()->maximum() / 2);
    const QModelIndex looked = view.indexAt(QPoint(10, 200));
    QVERIFY(looked.isValid());
    const QString id = looked.data(MessageListModel::IdRole).toString();
    const int y = view.visualRect(looked).top();
    QCOMPARE(model.prependOlder(page(50, 50)), 50);
    const QModelIndex same = model.index(model.rowOf(id));
    QCOMPARE(same.row(), looked.row() + 50);
    QTRY_COMPARE(view.visualRect(same).top(), y);
    QTest::qWait(50); // and it stays there
    QCOMPARE(view.visualRect(same).top(), y);
}

void TestChatView::reachingTheTopAsksForAnOlderPage() {
    ChatController controller(nullptr);
    QList<MessagesCommand> asked;
    QStringList requests;
    controller.setCommandSink([&](const Command &c, const QString &r) {
        if (const auto *m = std::get_if<MessagesCommand>(&c)) {
            asked.append(*m);
            requests.append(r);
        }
    });
    ChatView view;
    view.resize(500, 400);
    view.setMessages(controller.messages());
    connect(&view, &ChatView::olderWanted, &controller, &ChatController::loadOlder);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    controller.openChat("s1", "5511900000002@s.whatsapp.net");
    controller.handleReply(requests.first(),
        MessagesReply {QStringLiteral("s1"), QStringLiteral("5511900000002@s.whatsapp.net"),
            page(100, ChatController::kPageSize)});
    QCOMPARE(asked.size(), 1);
    QTRY_VERIFY(view.verticalScrollBar()->maximum() > 0 && view.atBottom());
    view.verticalScrollBar()->setValue(0);
    QCOMPARE(asked.size(), 2);
    QCOMPARE(asked.last().before, QStringLiteral("m00100"));
}

void TestChatView::newMessageIsFollowedOnlyAtTheBottom() {
    ShownChat chat;
    QVERIFY(chat.exposed());
    MessageListModel &model = chat.model;
    ChatView &view = chat.view;
    model.prependOlder(page(100, 50));
    QTRY_VERIFY(view.verticalScrollBar()->maximum() > 0 && view.atBottom());
    const int maxBefore = view.verticalScrollBar()->maximum();
    model.append(message("new1", kNoon + 100000, false, "chegou agora"));
    QTRY_VERIFY(view.verticalScrollBar()->maximum() > maxBefore);
    QTRY_VERIFY(view.atBottom());
    view.verticalScrollBar()->setValue(100);
    model.append(message("new2", kNoon + 100001, false, "e mais esta"));
    QTest::qWait(50);
    QCOMPARE(view.verticalScrollBar()->value(), 100);
}

void TestChatView::copiesSelectedMessages() {
    MessageListModel model;
    model.reset("s1", "c");
    model.prependOlder({message("a", kNoon, false, "primeira"), message("b", kNoon + 1, true, "segunda"),
        message("c", kNoon + 2, false, "terceira")});
    ChatView view;
    view.resize(500, 400);
    view.setMessages(&model);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.selectionModel()->select(model.index(2), QItemSelectionModel::Select);
    view.selectionModel()->select(model.index(0), QItemSelectionModel::Select);
    QApplication::clipboard()->clear();
    QTest::keySequence(&view, QKeySequence::Copy);
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("primeira\n\nterceira"));
}

void TestChatView::enterSendsShiftEnterBreaksTheLine() {
    Composer composer;
    composer.show();
    QSignalSpy sent(&composer, &Composer::sendRequested);
    QTest::keyClicks(composer.editor(), "linha um");
    QTest::keyClick(composer.editor(), Qt::Key_Return, Qt::ShiftModifier);
    QTest::keyClicks(composer.editor(), "linha dois");
    QCOMPARE(sent.count(), 0);
    QCOMPARE(composer.text(), QStringLiteral("linha um\nlinha dois"));
    QTest::keyClick(composer.editor(), Qt::Key_Return);
    QCOMPARE(sent.count(), 1);
    QCOMPARE(sent.first().at(0).toString(), QStringLiteral("linha um\nlinha dois"));
    QVERIFY(composer.text().isEmpty());
    // Enter on an empty box (or only spaces) sends nothing.
    QTest::keyClicks(composer.editor(), "   ");
    QTest::keyClick(composer.editor(), Qt::Key_Enter);
    QCOMPARE(sent.count(), 1);
}

void TestChatView::blockedComposerSaysWhy() {
    Composer composer;
    composer.show();
    QSignalSpy sent(&composer, &Composer::sendRequested);
    composer.setBlockedReason("This number is stopped. Start it to send messages.");
    QVERIFY(!composer.editor()->isEnabled());
    QCOMPARE(composer.notice(), QStringLiteral("This number is stopped. Start it to send messages."));
    composer.setText("oi");
    QVERIFY(!composer.submit());
    QCOMPARE(sent.count(), 0);
    composer.setBlockedReason({});
    QVERIFY(composer.editor()->isEnabled());
    QVERIFY(composer.notice().isEmpty());
    QVERIFY(composer.submit());
    QCOMPARE(sent.count(), 1);
}

void TestChatView::refusesTextsOverTheLimit() {
    Composer composer;
    composer.show();
    QSignalSpy sent(&composer, &Composer::sendRequested);
    const QString tooLong(kMaxTextCharacters + 1, QLatin1Char('a'));
    composer.setText(tooLong);
    QVERIFY(!composer.submit());
    QCOMPARE(sent.count(), 0);
    QVERIFY(composer.notice().contains(QString::number(kMaxTextCharacters)));
    QCOMPARE(composer.text().size(), tooLong.size()); // kept for editing
    composer.setText(QString(kMaxTextCharacters, QLatin1Char('a')));
    QVERIFY(composer.submit());
    QCOMPARE(sent.count(), 1);
}

QTEST_MAIN(TestChatView)
#include "tst_chat_view.moc"
