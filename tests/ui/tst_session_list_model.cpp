// SessionListModel and StatusBadge: what the sidebar shows for each number, from events and replies alone.
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <ui/phone_display.h>
#include <ui/session_list_model.h>
#include <ui/status_badge.h>

using namespace balcao;

class TstSessionListModel : public QObject {
    Q_OBJECT

private slots:
    void allNumbersComesFirst();
    void statusEventsDriveTheBadge_data();
    void statusEventsDriveTheBadge();
    void reconnectingCountsDown();
    void unreadTotalsFollowChatEvents();
    void chatsReplyReplacesUnreadCounts();
    void sessionsSnapshotFillsNamesAndStatuses();
    void removedSessionLeavesTheList();
    void phonesAreShownReadably_data();
    void phonesAreShownReadably();
};

void TstSessionListModel::allNumbersComesFirst() {
    SessionListModel model;
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0).data().toString(), QStringLiteral("All numbers"));
    QCOMPARE(model.sessionAt(0), QString());
    model.applyEvent(SessionEvent {QStringLiteral("s1"), QStringLiteral("Loja Centro"), SessionStatus::New});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOf(QStringLiteral("s1")), 1);
    QCOMPARE(model.index(1).data().toString(), QStringLiteral("Loja Centro"));
    QCOMPARE(model.index(1).data(SessionListModel::LinkedRole).toBool(), false);
}

void TstSessionListModel::statusEventsDriveTheBadge_data() {
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("text");
    QTest::newRow("pairing") << int(SessionStatus::Pairing) << QStringLiteral("Pairing");
    QTest::newRow("connecting") << int(SessionStatus::Connecting) << QStringLiteral("Connecting");
    QTest::newRow("connected") << int(SessionStatus::Connected) << QStringLiteral("Connected");
    QTest::newRow("logged out") << int(SessionStatus::LoggedOut) << QStringLiteral("Logged out");
    QTest::newRow("stopped") << int(SessionStatus::Stopped) << QStringLiteral("Stopped");
    QTest::newRow("reconnecting, no time")
        << int(SessionStatus::Reconnecting) << QStringLiteral("Reconnecting");
}

void TstSessionListModel::statusEventsDriveTheBadge() {
    QFETCH(int, status);
    QFETCH(QString, text);
    SessionListModel model;
    QSignalSpy changed(&model, &SessionListModel::statusChanged);
    model.applyEvent(SessionEvent {QStringLiteral("s1"), QStringLiteral("Loja"), SessionStatus::New});
    model.applyEvent(StatusEvent {QStringLiteral("s1"), SessionStatus(status),
        QStringLiteral("5511900000001:3@s.whatsapp.net"), QStringLiteral("why")});
    const QModelIndex row = model.index(1);
    QCOMPARE(row.data(SessionListModel::StatusRole).toInt(), status);
    QCOMPARE(row.data(SessionListModel::StatusTextRole).toString(), text);
    QCOMPARE(row.data(SessionListModel::ReasonRole).toString(), QStringLiteral("why"));
    QCOMPARE(row.data(SessionListModel::PhoneRole).toString(), QStringLiteral("+55 11 90000-0001"));
    QVERIFY(row.data(SessionListModel::StatusColorRole).value<QColor>().isValid());
    QCOMPARE(changed.size(), 1);
    // The same status again is no change.
    model.applyEvent(StatusEvent {QStringLiteral("s1"), SessionStatus(status),
        QStringLiteral("5511900000001:3@s.whatsapp.net"), QStringLiteral("why")});
    QCOMPARE(changed.size(), 1);
}

void TstSessionListModel::reconnectingCountsDown() {
    const qint64 now = 1'000'000;
    QCOMPARE(StatusBadge::of(SessionStatus::Reconnecting, now + 8000, now).text,
        QStringLiteral("Reconnecting in 8 s"));
    QCOMPARE(StatusBadge::of(SessionStatus::Reconnecting, now + 7001, now).text,
        QStringLiteral("Reconnecting in 8 s"));
    QCOMPARE(StatusBadge::of(SessionStatus::Reconnecting, now + 1, now).text,
        QStringLiteral("Reconnecting in 1 s"));
    QCOMPARE(StatusBadge::of(SessionStatus::Reconnecting, now - 5, now).text, QStringLiteral("Reconnecting"));

    // The model refreshes the row every second while it reconnects, so the text goes down live.
    SessionListModel model;
    model.applyEvent(SessionEvent {QStringLiteral("s1"), QStringLiteral("Loja"), SessionStatus::New});
    StatusEvent reconnecting {
        QStringLiteral("s1"), SessionStatus::Reconnecting, {}, QStringLiteral("connection lost")};
    reconnecting.attempt = 2;
    reconnecting.nextTryMs = QDateTime::currentMSecsSinceEpoch() + 3000;
    model.applyEvent(reconnecting);
    const QString first = model.index(1).data(SessionListModel::StatusTextRole).toString();
    QVERIFY2(first == QStringLiteral("Reconnecting in 3 s") || first == QStringLiteral("Reconnecting in 2 s"),
        qPrintable(first));
    QSignalSpy ticks(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(ticks.wait(1500));
    QCOMPARE(ticks.constFirst().at(0).value<QModelIndex>().row(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(model.index(1).data(SessionListModel::StatusTextRole).toString(),
        QStringLiteral("Reconnecting in 1 s"), 3000);
}

void TstSessionListModel::unreadTotalsFollowChatEvents() {
    SessionListModel model;
    QSignalSpy total(&model, &SessionListModel::totalUnreadChanged);
    model.applyEvent(SessionEvent {QStringLiteral("s1"), QStringLiteral("A"), SessionStatus::New});
    model.applyEvent(SessionEvent {QStringLiteral("s2"), QStringLiteral("B"), SessionStatus::New});
    model.applyEvent(ChatEvent {QStringLiteral("s1"), QStringLiteral("c1@s.whatsapp.net"), {}, 2, {}});
    model.applyEvent(ChatEvent {QStringLiteral("s1"), QStringLiteral("c2@s.whatsapp.net"), {}, 1, {}});
    model.applyEvent(ChatEvent {QStringLiteral("s2"), QStringLiteral("c1@s.whatsapp.net"), {}, 4, {}});
    QCOMPARE(model.index(1).data(SessionListModel::UnreadRole).toInt(), 3);
    QCOMPARE(model.index(2).data(SessionListModel::UnreadRole).toInt(), 4);
    QCOMPARE(model.index(0).data(SessionListModel::UnreadRole).toInt(), 7);
    QCOMPARE(model.totalUnread(), 7);
    // Reading a chat.
    model.applyEvent(ChatEvent {QStringLiteral("s1"), QStringLiteral("c1@s.whatsapp.net"), {}, 0, {}});
    QCOMPARE(model.totalUnread(), 5);
    QCOMPARE(total.constLast().at(0).toInt(), 5);
    // An unknown session's chat does not invent a row.
    model.applyEvent(ChatEvent {QStringLiteral("s9"), QStringLiteral("c1@s.whatsapp.net"), {}, 3, {}});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.totalUnread(), 5);
    // A logged-out number has no unread chats to show.
    model.applyEvent(
        StatusEvent {QStringLiteral("s2"), SessionStatus::LoggedOut, {}, QStringLiteral("removed")});
    QCOMPARE(model.totalUnread(), 1);
}

void TstSessionListModel::chatsReplyReplacesUnreadCounts() {
    SessionListModel model;
    model.applyEvent(SessionEvent {QStringLiteral("s1"), QStringLiteral("A"), SessionStatus::New});
    model.applyEvent(ChatEvent {QStringLiteral("s1"), QStringLiteral("old@s.whatsapp.net"), {}, 9, {}});
    model.applyChats(QStringLiteral("s1"),
        {ChatEvent {QStringLiteral("s1"), QStringLiteral("a@s.whatsapp.net"), {}, 2, {}},
            ChatEvent {QStringLiteral("s1"), QStringLiteral("b@s.whatsapp.net"), {}, 0, {}},
            ChatEvent {QStringLiteral("s1"), QStringLiteral("c@s.whatsapp.net"), {}, 1, {}}});
    QCOMPARE(model.totalUnread(), 3);
}

void TstSessionListModel::sessionsSnapshotFillsNamesAndStatuses() {
    SessionListModel model;
    // A status heard before the snapshot: the snapshot (taken later) still names the row.
    model.applyEvent(StatusEvent {QStringLiteral("s2"), SessionStatus::Connecting,
        QStringLiteral("5511900000002:1@s.whatsapp.net"), {}});
    model.applySessions({
        SessionRecord {
            QStringLiteral("s1"), QStringLiteral("Loja Centro"), 0, {}, false, SessionStatus::Stopped},
        SessionRecord {QStringLiteral("s2"), QStringLiteral("Loja Norte"), 0,
            QStringLiteral("5511900000002:1@s.whatsapp.net"), true, SessionStatus::Connected},
        SessionRecord {{}, QStringLiteral("no id"), 0, {}, true, SessionStatus::New},
    });
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.sessionIds(), (QStringList {QStringLiteral("s2"), QStringLiteral("s1")}));
    const QModelIndex north = model.index(model.rowOf(QStringLiteral("s2")));
    QCOMPARE(north.data().toString(), QStringLiteral("Loja Norte"));
    QCOMPARE(north.data(SessionListModel::StatusRole).toInt(), int(SessionStatus::Connected));
    QCOMPARE(north.data(SessionListModel::LinkedRole).toBool(), true);
    const QModelIndex centre = model.index(model.rowOf(QStringLiteral("s1")));
    QCOMPARE(centre.data(SessionListModel::StatusRole).toInt(), int(SessionStatus::Stopped));
    QCOMPARE(centre.data(SessionListModel::LinkedRole).toBool(), false);
}

void TstSessionListModel::removedSessionLeavesTheList() {
    SessionListModel model;
    QSignalSpy removed(&model, &SessionListModel::sessionRemoved);
    model.applyEvent(SessionEvent {QStringLiteral("s1"), QStringLiteral("A"), SessionStatus::New});
    model.applyEvent(ChatEvent {QStringLiteral("s1"), QStringLiteral("c@s.whatsapp.net"), {}, 2, {}});
    SessionEvent gone {QStringLiteral("s1"), QStringLiteral("A"), SessionStatus::Stopped};
    gone.removed = true;
    model.applyEvent(gone);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.totalUnread(), 0);
    QCOMPARE(removed.size(), 1);
    model.applyEvent(gone); // twice is harmless
    QCOMPARE(removed.size(), 1);
}

void TstSessionListModel::phonesAreShownReadably_data() {
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("shown");
    QTest::newRow("BR mobile digits") << "5511900000001"
                                      << "+55 11 90000-0001";
    QTest::newRow("BR device JID") << "5511900000001:3@s.whatsapp.net"
                                   << "+55 11 90000-0001";
    QTest::newRow("BR landline") << "551133334444"
                                 << "+55 11 3333-4444";
    QTest::newRow("other country") << "14155550100@s.whatsapp.net"
                                   << "+14155550100";
    QTest::newRow("not digits") << "120363025@g.us"
                                << "120363025";
    QTest::newRow("letters") << "abc"
                             << "abc";
    QTest::newRow("empty") << ""
                           << "";
}

void TstSessionListModel::phonesAreShownReadably() {
    QFETCH(QString, input);
    QFETCH(QString, shown);
    QCOMPARE(displayPhone(input), shown);
}

QTEST_MAIN(TstSessionListModel)
#include "tst_session_list_model.moc"
