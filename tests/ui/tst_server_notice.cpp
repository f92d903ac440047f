#include <QPushButton>
#include <QTest>
#include <ui/server_notice.h>

using namespace balcao;

// What the window tells the user about a number the server turned away, and what it does not.
class TestServerNotice : public QObject {
    Q_OBJECT
private slots:
    void outdatedSaysWhatToDo();
    void banSaysWhenItEnds();
    void onlyStoppedNumbersWithACodeGetOne();
    void bannerTriesAgainForItsNumber();
};

namespace {

SessionRow stopped(const QString &code, const QString &reason, qint64 untilMs = 0) {
    SessionRow row;
    row.id = QStringLiteral("s1");
    row.status = SessionStatus::Stopped;
    row.code = code;
    row.reason = reason;
    row.untilMs = untilMs;
    return row;
}

} // namespace

void TestServerNotice::outdatedSaysWhatToDo() {
    const auto notice = ServerNotice::of(stopped(QStringLiteral("client-outdated"),
                                             QStringLiteral("WhatsApp refused WhatsApp Web 2.3000.1 (405).")),
        0);
    QVERIFY(notice);
    QVERIFY(notice->title.contains(QStringLiteral("outdated")));
    QVERIFY(notice->text.contains(QStringLiteral("2.3000.1")));
    QVERIFY(notice->advice.contains(QStringLiteral("--wa-version")));
}

void TestServerNotice::banSaysWhenItEnds() {
    const qint64 now = 1'800'000'000'000;
    const auto notice = ServerNotice::of(
        stopped(QStringLiteral("temporarily-banned"), QStringLiteral("banned"), now + 3 * 3'600'000 - 60'000),
        now);
    QVERIFY(notice);
    QVERIFY2(notice->advice.contains(QStringLiteral("in about 3 hour")), qPrintable(notice->advice));
    const auto over = ServerNotice::of(stopped(QStringLiteral("temporarily-banned"), {}, now - 1), now);
    QVERIFY(over && over->advice.contains(QStringLiteral("over")));
}

void TestServerNotice::onlyStoppedNumbersWithACodeGetOne() {
    SessionRow byUser = stopped({}, QStringLiteral("stopped by the user"));
    QVERIFY(!ServerNotice::of(byUser, 0));
    SessionRow connected = stopped(QStringLiteral("client-outdated"), {});
    connected.status = SessionStatus::Connected;
    QVERIFY(!ServerNotice::of(connected, 0));
    QVERIFY(ServerNotice::of(stopped(QStringLiteral("login-refused"), QStringLiteral("501")), 0));
}

void TestServerNotice::bannerTriesAgainForItsNumber() {
    ServerNoticeBanner banner;
    const SessionRow row = stopped(QStringLiteral("bad-user-agent"), QStringLiteral("409"));
    banner.showFor(&row, 0);
    QVERIFY(!banner.isHidden());
    QString asked;
    connect(&banner, &ServerNoticeBanner::retryRequested, this, [&](const QString &s) { asked = s; });
    auto *button = banner.findChild<QPushButton *>();
    QVERIFY(button);
    button->click();
    QCOMPARE(asked, QStringLiteral("s1"));
    banner.showFor(nullptr, 0);
    QVERIFY(banner.isHidden());
}

QTEST_MAIN(TestServerNotice)
#include "tst_server_notice.moc"
