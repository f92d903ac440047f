// The dashboard end to end (issue 6, done-when 1): the real MainWindow and SessionClient against the
// emulator. Add a number → the QR panel's pixels, decoded by zbarimg, equal the engine's QR string → the
// emulator's phone scans it → the badge says connected within 5 s → a customer's message shows in the chat
// list with an unread badge and raises a notification → opening the chat sends a read receipt the phone
// gets → a reply typed + Enter reaches the phone → the phone reads it and the bubble's tick turns to read.
#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <chat/chat_controller.h>
#include <chat/chat_list_model.h>
#include <chat/chat_pane.h>
#include <chat/composer.h>
#include <chat/message_list_model.h>
#include <emulator.h>
#include <main_window.h>
#include <memory>
#include <qr_code_widget.h>
#include <session_client.h>
#include <transport/cert_chain_verifier.h>
#include <ui/add_number_dialog.h>
#include <ui/language.h>
#include <ui/link_panel.h>
#include <ui/notifier.h>
#include <ui/session_list_model.h>
#include <ui/session_sidebar.h>
#include <ui/settings_dialog.h>

using namespace balcao;
using namespace balcao::testing;

namespace {

constexpr char kBusiness[] = "5511900000001";
constexpr char kCustomer[] = "5511900000002";
const QString kBusinessJid = QStringLiteral("5511900000001@s.whatsapp.net");
const QString kCustomerJid = QStringLiteral("5511900000002@s.whatsapp.net");

// Decodes a PNG with zbarimg (an independent decoder); a null QString when nothing was found.
QString decodeQr(const QString &zbarimg, const QString &png) {
    QProcess process;
    process.start(zbarimg, {QStringLiteral("--raw"), QStringLiteral("-q"), png});
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != 0)
        return {};
    QByteArray out = process.readAllStandardOutput();
    if (out.endsWith('\n'))
        out.chop(1);
    return QString::fromUtf8(out);
}

} // namespace

class TstDashboard : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void qrPanelShowsTheEnginesCode();
    void scanConnectsWithinFiveSeconds();
    void incomingMessageShowsUnreadAndNotifies();
    void openingTheChatSendsAReadReceipt();
    void replyReachesThePhoneAndTurnsRead();
    void pairingCodeIsShownGroupedAndLinks();
    void sidebarMenuStopsStartsAndDeletes();
    void demoScanLinksWithoutAPhone();
    void settingsOfferLanguageAndApi();
    void expiredQrOffersANewCode();

private:
    template<typename T> QList<T> eventsOf() const {
        QList<T> out;
        for (const Event &e : m_events) {
            if (const auto *typed = std::get_if<T>(&e))
                out.append(*typed);
        }
        return out;
    }
    QModelIndex sessionIndex() const;
    QModelIndex chatListRow(const QString &chat) const;
    bool phoneHasReceipt(const QString &phone, const QString &type, const QString &id);
    QString phoneMessageId(const QString &phone, const QString &text);

    Session::Options sessionOptions() const;

    Emulator m_emulator;
    QTemporaryDir m_dir;
    QString m_zbarimg;
    std::unique_ptr<SessionClient> m_client;
    std::unique_ptr<MainWindow> m_window;
    QList<Event> m_events;
    QString m_session;
    QString m_incomingId;
    QString m_codeSession; // the number linked by pairing code
};

namespace {

// Answers the next modal message box (a confirmation) with the button labelled `button`, once it shows;
// `text` receives what the box said.
void answerNextMessageBox(const QString &button, QString *text) {
    auto *poll = new QTimer;
    QObject::connect(poll, &QTimer::timeout, poll, [poll, button, text] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        *text = box->text();
        for (QAbstractButton *b : box->buttons()) {
            if (b->text() == button) {
                poll->deleteLater();
                b->click();
                return;
            }
        }
    });
    poll->start(20);
}

} // namespace

void TstDashboard::initTestCase() {
    QVERIFY(m_dir.isValid());
    m_zbarimg = QStandardPaths::findExecutable(QStringLiteral("zbarimg"));
    QVERIFY2(!m_zbarimg.isEmpty(),
        "zbarimg is not installed (Debian: zbar-tools; scripts/setup-deps installs it)");
    qputenv("BALCAO_KEY_BACKEND", "file");
    // The window's settings (language, notifications) go to a folder of this run, not the user's.
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(
        QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));

    const QString error = m_emulator.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(m_emulator.addPhone(QLatin1String(kBusiness), QStringLiteral("Loja Centro")), kBusinessJid);
    QCOMPARE(m_emulator.addPhone(QLatin1String(kCustomer), QStringLiteral("Maria")), kCustomerJid);

    QVERIFY(CertChainVerifier::fromHex(m_emulator.rootKeyHex()));
    const Session::Options options = sessionOptions();
    m_client = std::make_unique<SessionClient>();
    connect(m_client.get(), &SessionClient::event, this, [this](const Event &e) { m_events.append(e); });
    QSignalSpy opened(m_client.get(), &SessionClient::opened);
    // As main.cpp does: open first (queued), then build the window, whose widgets may send commands at once.
    m_client->open(m_dir.filePath(QStringLiteral("profile")), {options});
    m_window = std::make_unique<MainWindow>(m_client.get(), MainWindow::Options {m_emulator.control()});
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(opened.count() == 1 || opened.wait(10000));
}

Session::Options TstDashboard::sessionOptions() const {
    Session::Options options;
    options.serverUrl = m_emulator.ws();
    if (auto verifier = CertChainVerifier::fromHex(m_emulator.rootKeyHex()))
        options.verifier = *verifier;
    return options;
}

void TstDashboard::cleanupTestCase() {
    m_window.reset();
    m_client.reset();
}

QModelIndex TstDashboard::sessionIndex() const {
    const SessionListModel *model = m_window->sessionModel();
    return model->index(model->rowOf(m_session));
}

QModelIndex TstDashboard::chatListRow(const QString &chat) const {
    const QAbstractItemModel *model = m_window->chatPane()->chatList()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        if (index.data(chat::ChatListModel::SessionRole).toString() == m_session
            && index.data(chat::ChatListModel::ChatRole).toString() == chat)
            return index;
    }
    return {};
}

bool TstDashboard::phoneHasReceipt(const QString &phone, const QString &type, const QString &id) {
    for (const auto &r : m_emulator.get(QStringLiteral("/phones/%1/receipts").arg(phone)).array()) {
        const QJsonObject receipt = r.toObject();
        if (receipt.value(QStringLiteral("type")).toString() == type
            && receipt.value(QStringLiteral("id")).toString() == id)
            return true;
    }
    return false;
}

QString TstDashboard::phoneMessageId(const QString &phone, const QString &text) {
    for (const auto &m : m_emulator.get(QStringLiteral("/phones/%1/messages").arg(phone)).array()) {
        const QJsonObject message = m.toObject();
        if (message.value(QStringLiteral("text")).toString() == text)
            return message.value(QStringLiteral("id")).toString();
    }
    return {};
}

void TstDashboard::qrPanelShowsTheEnginesCode() {
    // Ctrl+N, as a user would.
    QTest::keyClick(m_window.get(), Qt::Key_N, Qt::ControlModifier);
    AddNumberDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
        (dialog = m_window->findChild<AddNumberDialog *>()) && dialog->isVisible(), 5000);
    auto *buttons = dialog->findChild<QDialogButtonBox *>();
    QVERIFY(!buttons->button(QDialogButtonBox::Ok)->isEnabled()); // no name yet
    QTest::keyClicks(dialog->nameEdit(), QStringLiteral("Loja Centro"));
    QVERIFY(buttons->button(QDialogButtonBox::Ok)->isEnabled());
    QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);

    QTRY_VERIFY_WITH_TIMEOUT(!eventsOf<QrEvent>().isEmpty(), 15000);
    const QrEvent qr = eventsOf<QrEvent>().constLast();
    m_session = qr.session;
    QCOMPARE(m_window->currentSession(), m_session);
    LinkPanel *panel = m_window->linkPanel(m_session);
    QVERIFY(panel);
    QCOMPARE(m_window->currentPage(), panel);
    QTRY_COMPARE_WITH_TIMEOUT(panel->stage(), LinkPanel::Stage::Qr, 5000);
    QVERIFY(panel->qrWidget()->isVisible());
    QCOMPARE(sessionIndex().data(SessionListModel::StatusRole).toInt(), int(SessionStatus::Pairing));

    // What is on screen, not what the widget was told: grab its pixels and decode them independently.
    const QImage shown = panel->qrWidget()->grab().toImage();
    QVERIFY(!shown.isNull());
    const QString png = m_dir.filePath(QStringLiteral("qr-panel.png"));
    QVERIFY(shown.save(png));
    QCOMPARE(decodeQr(m_zbarimg, png), qr.qr);
}

void TstDashboard::scanConnectsWithinFiveSeconds() {
    QVERIFY(!m_session.isEmpty());
    const QString qr = m_window->linkPanel(m_session)->qrWidget()->text();
    QElapsedTimer clock;
    clock.start();
    const auto scan = m_emulator.post(
        QStringLiteral("/phones/%1/scan").arg(QLatin1String(kBusiness)), {{QStringLiteral("qr"), qr}});
    QCOMPARE(scan.status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(sessionIndex().data(SessionListModel::StatusRole).toInt(),
        int(SessionStatus::Connected), 5000 - int(clock.elapsed()));
    QCOMPARE(sessionIndex().data(SessionListModel::StatusTextRole).toString(), QStringLiteral("Connected"));
    QVERIFY2(clock.elapsed() < 5000, qPrintable(QStringLiteral("took %1 ms").arg(clock.elapsed())));
    QCOMPARE(
        sessionIndex().data(SessionListModel::PhoneRole).toString(), QStringLiteral("+55 11 90000-0001"));
    // The panel turns into the chats.
    QTRY_COMPARE_WITH_TIMEOUT(m_window->currentPage(), static_cast<QWidget *>(m_window->chatPane()), 2000);
}

void TstDashboard::incomingMessageShowsUnreadAndNotifies() {
    QVERIFY(!m_session.isEmpty());
    QSignalSpy notified(m_window->notifier(), &Notifier::notified);
    const QString text = QStringLiteral("Oi! Vocês abrem no sábado?");
    const auto sent = m_emulator.post(QStringLiteral("/phones/%1/messages").arg(QLatin1String(kCustomer)),
        {{QStringLiteral("to"), QLatin1String(kBusiness)}, {QStringLiteral("text"), text}});
    QCOMPARE(sent.status, 201);
    m_incomingId = sent.object().value(QStringLiteral("id")).toString();
    QVERIFY(!m_incomingId.isEmpty());

    QTRY_VERIFY_WITH_TIMEOUT(chatListRow(kCustomerJid).isValid(), 10000);
    const QModelIndex row = chatListRow(kCustomerJid);
    QTRY_COMPARE_WITH_TIMEOUT(row.data(chat::ChatListModel::UnreadRole).toInt(), 1, 5000);
    QVERIFY(row.data(chat::ChatListModel::PreviewRole).toString().contains(text));
    QTRY_COMPARE_WITH_TIMEOUT(sessionIndex().data(SessionListModel::UnreadRole).toInt(), 1, 5000);
    QCOMPARE(m_window->notifier()->unreadTotal(), 1);

    QTRY_COMPARE_WITH_TIMEOUT(notified.size(), 1, 5000);
    const auto args = notified.constFirst();
    QCOMPARE(args.at(0).toString(), m_session);
    QCOMPARE(args.at(1).toString(), kCustomerJid);
    QVERIFY2(
        args.at(2).toString().contains(QStringLiteral("Loja Centro")), qPrintable(args.at(2).toString()));
    QCOMPARE(args.at(3).toString(), text);
}

void TstDashboard::openingTheChatSendsAReadReceipt() {
    QVERIFY(!m_incomingId.isEmpty());
    QVERIFY(!phoneHasReceipt(QLatin1String(kCustomer), QStringLiteral("read"), m_incomingId));
    // Clicking the notification opens the chat.
    m_window->notifier()->openLast();
    chat::ChatController *controller = m_window->chatPane()->controller();
    QTRY_COMPARE_WITH_TIMEOUT(controller->openChatJid(), kCustomerJid, 5000);
    QCOMPARE(controller->openSession(), m_session);
    QTRY_VERIFY_WITH_TIMEOUT(
        phoneHasReceipt(QLatin1String(kCustomer), QStringLiteral("read"), m_incomingId), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(sessionIndex().data(SessionListModel::UnreadRole).toInt(), 0, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->notifier()->unreadTotal(), 0, 5000);
}

void TstDashboard::replyReachesThePhoneAndTurnsRead() {
    QVERIFY(!m_incomingId.isEmpty());
    ChatPane *pane = m_window->chatPane();
    QPlainTextEdit *editor = pane->composer()->editor();
    QTRY_VERIFY_WITH_TIMEOUT(editor->isEnabled(), 5000);
    const QString reply = QStringLiteral("Abrimos sim, das 9h as 13h."); // keyClicks types ASCII only
    editor->setFocus();
    QTest::keyClicks(editor, reply);
    QTest::keyClick(editor, Qt::Key_Return);
    QCOMPARE(editor->toPlainText(), QString());

    QString id;
    QTRY_VERIFY_WITH_TIMEOUT(!(id = phoneMessageId(QLatin1String(kCustomer), reply)).isEmpty(), 10000);

    const chat::MessageListModel *messages = pane->controller()->messages();
    const auto bubbleStatus = [&]() {
        for (int row = 0; row < messages->rowCount(); ++row) {
            const QModelIndex index = messages->index(row);
            if (index.data(chat::MessageListModel::IdRole).toString() == id)
                return index.data(chat::MessageListModel::StatusRole).toInt();
        }
        return -1;
    };
    QTRY_VERIFY_WITH_TIMEOUT(bubbleStatus() >= int(MessageStatus::Delivered), 10000);
    QVERIFY(bubbleStatus() < int(MessageStatus::Read)); // nobody has read it yet

    const auto read = m_emulator.post(QStringLiteral("/phones/%1/read").arg(QLatin1String(kCustomer)),
        {{QStringLiteral("chat"), kBusinessJid}, {QStringLiteral("ids"), QJsonArray {id}}});
    QCOMPARE(read.status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(bubbleStatus(), int(MessageStatus::Read), 10000);
}

// A second number, linked by a pairing code typed into the add-number dialog: the panel shows the engine's
// code large and grouped ABCD-EFGH; entering it on the phone links it, and Ctrl+2 selects it.
void TstDashboard::pairingCodeIsShownGroupedAndLinks() {
    const QString phone = QStringLiteral("5511900000003");
    QCOMPARE(
        m_emulator.addPhone(phone, QStringLiteral("Loja Norte")), phone + QStringLiteral("@s.whatsapp.net"));
    const int from = int(m_events.size());
    m_window->addNumber();
    AddNumberDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
        (dialog = m_window->findChild<AddNumberDialog *>()) && dialog->isVisible(), 5000);
    QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QTest::keyClicks(dialog->nameEdit(), QStringLiteral("Loja Norte"));
    dialog->codeOption()->click();
    QVERIFY(!ok->isEnabled()); // a code needs a phone number
    QTest::keyClicks(dialog->phoneEdit(), QStringLiteral("+55 (11) 9"));
    QVERIFY(!ok->isEnabled()); // too short to be a number
    QTest::keyClicks(dialog->phoneEdit(), QStringLiteral("0000-0003"));
    QVERIFY(ok->isEnabled());
    QTest::mouseClick(ok, Qt::LeftButton);

    std::optional<PairingCodeEvent> code;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const auto codes = eventsOf<PairingCodeEvent>();
            if (!codes.isEmpty() && m_events.size() > from)
                code = codes.constLast();
            return code.has_value();
        }(),
        15000);
    QCOMPARE(code->phone, phone);
    m_codeSession = code->session;
    LinkPanel *panel = m_window->linkPanel(code->session);
    QVERIFY(panel);
    QCOMPARE(m_window->currentPage(), panel);
    QTRY_COMPARE_WITH_TIMEOUT(panel->stage(), LinkPanel::Stage::Code, 5000);
    QCOMPARE(panel->pairingCode(), code->code);
    QVERIFY(QRegularExpression(QStringLiteral("^[A-Z0-9]{4}-[A-Z0-9]{4}$")).match(code->code).hasMatch());
    bool shown = false;
    for (const QLabel *label : panel->findChildren<QLabel *>())
        shown = shown || (label->isVisible() && label->text() == code->code);
    QVERIFY2(shown, "the code is not on screen");

    const auto entered = m_emulator.post(
        QStringLiteral("/phones/%1/link-code").arg(phone), {{QStringLiteral("code"), code->code}});
    QCOMPARE(entered.status, 200);
    const SessionListModel *model = m_window->sessionModel();
    QTRY_COMPARE_WITH_TIMEOUT(
        model->index(model->rowOf(code->session)).data(SessionListModel::StatusRole).toInt(),
        int(SessionStatus::Connected), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->currentPage(), static_cast<QWidget *>(m_window->chatPane()), 2000);

    // Shortcuts go to the active window; the dialog that just closed may have taken activation along.
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTest::keyClick(m_window.get(), Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(m_window->currentSession(), m_session);
    QTest::keyClick(m_window.get(), Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(m_window->currentSession(), code->session);
    QTest::keyClick(m_window.get(), Qt::Key_0, Qt::ControlModifier);
    QCOMPARE(m_window->currentSession(), QString());
}

// The sidebar's context menu: stop and start a number, then delete it — only after a confirmation that
// says what is erased; cancelling keeps it.
void TstDashboard::sidebarMenuStopsStartsAndDeletes() {
    QVERIFY(!m_codeSession.isEmpty());
    SessionSidebar *sidebar = m_window->sidebar();
    const SessionListModel *model = m_window->sessionModel();
    const auto status = [&] {
        return model->index(model->rowOf(m_codeSession)).data(SessionListModel::StatusRole).toInt();
    };
    const auto action = [&](const QString &text) -> QAction * {
        QMenu *menu = sidebar->makeMenu(m_codeSession, m_window.get());
        for (QAction *a : menu->actions()) {
            if (a->text() == text)
                return a;
        }
        return nullptr;
    };
    QVERIFY(!sidebar->makeMenu(QString(), m_window.get())); // "All numbers" has no menu
    QCOMPARE(status(), int(SessionStatus::Connected));
    QVERIFY(!action(QStringLiteral("Start"))->isEnabled());

    action(QStringLiteral("Stop"))->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(status(), int(SessionStatus::Stopped), 5000);
    QCOMPARE(model->index(model->rowOf(m_codeSession)).data(SessionListModel::StatusTextRole).toString(),
        QStringLiteral("Stopped"));
    QAction *start = action(QStringLiteral("Start"));
    QVERIFY(start->isEnabled());
    start->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(status(), int(SessionStatus::Connected), 10000);

    int commands = 0;
    const auto counter
        = connect(sidebar, &SessionSidebar::commandRequested, this, [&commands] { ++commands; });
    QString said;
    answerNextMessageBox(QStringLiteral("Cancel"), &said);
    action(QStringLiteral("Delete…"))->trigger(); // returns once the confirmation is answered
    QVERIFY2(said.contains(QStringLiteral("every chat and message")), qPrintable(said));
    QCOMPARE(commands, 0);
    QVERIFY(model->rowOf(m_codeSession) >= 0);

    answerNextMessageBox(QStringLiteral("Delete"), &said);
    action(QStringLiteral("Delete…"))->trigger();
    QCOMPARE(commands, 1);
    disconnect(counter);
    QTRY_COMPARE_WITH_TIMEOUT(model->rowOf(m_codeSession), -1, 10000);
    QVERIFY(!m_window->linkPanel(m_codeSession));
    QVERIFY(model->rowOf(m_session) > 0); // the other number stays
}

// Demo mode (the window knows the emulator's control URL): "Simulate scan with phone" has the emulator's
// business phone scan the QR on screen, and the number connects.
void TstDashboard::demoScanLinksWithoutAPhone() {
    m_window->addNumber();
    AddNumberDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
        (dialog = m_window->findChild<AddNumberDialog *>()) && dialog->isVisible(), 5000);
    QTest::keyClicks(dialog->nameEdit(), QStringLiteral("Demo"));
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QString session;
    QTRY_VERIFY_WITH_TIMEOUT(
        !(session = m_window->currentSession()).isEmpty() && session != m_session, 10000);
    LinkPanel *panel = m_window->linkPanel(session);
    QVERIFY(panel);
    QTRY_COMPARE_WITH_TIMEOUT(panel->stage(), LinkPanel::Stage::Qr, 15000);
    QPushButton *simulate = nullptr;
    for (QPushButton *button : panel->findChildren<QPushButton *>()) {
        if (button->text() == QStringLiteral("Simulate scan with phone"))
            simulate = button;
    }
    QVERIFY(simulate && simulate->isVisible());
    QTest::mouseClick(simulate, Qt::LeftButton);
    const SessionListModel *model = m_window->sessionModel();
    QTRY_COMPARE_WITH_TIMEOUT(model->index(model->rowOf(session)).data(SessionListModel::StatusRole).toInt(),
        int(SessionStatus::Connected), 10000);
    QCOMPARE(model->index(model->rowOf(session)).data(SessionListModel::PhoneRole).toString(),
        QStringLiteral("+55 11 90000-0001"));
}

// File › Settings: the language choice is kept for the next start; the media and API tabs are there, and the
// webhook log
// (the profile's webhooks start with it, as in headless). Esc closes it.
void TstDashboard::settingsOfferLanguageAndApi() {
    m_window->openSettings();
    SettingsDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = m_window->findChild<SettingsDialog *>()) && dialog->isVisible(), 5000);
    auto *tabs = dialog->findChild<QTabWidget *>();
    QVERIFY(tabs);
    QStringList titles;
    for (int i = 0; i < tabs->count(); ++i)
        titles.append(tabs->tabText(i));
    QCOMPARE(titles,
        (QStringList {QStringLiteral("General"), QStringLiteral("Media"), QStringLiteral("API"),
            QStringLiteral("Webhooks")}));
    auto *language = tabs->widget(0)->findChild<QComboBox *>(); // General: the language
    QVERIFY(language);
    language->setCurrentIndex(language->findData(QStringLiteral("pt_BR")));
    QCOMPARE(Language::chosen(), QStringLiteral("pt_BR"));
    QCOMPARE(Language::effective(), QStringLiteral("pt_BR"));
    language->setCurrentIndex(language->findData(QString()));
    QCOMPARE(Language::chosen(), QString());
    QTest::keyClick(dialog, Qt::Key_Escape);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->findChild<SettingsDialog *>(), 5000);
}

// With QR refs that last 150 ms, the engine runs out of them: the panel shows the expired state, and
// "Get a new code" asks for (and shows) a fresh QR.
void TstDashboard::expiredQrOffersANewCode() {
    // One profile open at a time (its database connection has one name): close the main flow's first.
    m_window.reset();
    m_client.reset();
    QTemporaryDir data;
    Session::Options options = sessionOptions();
    options.qrFirstRefMs = options.qrNextRefMs = 150;
    SessionClient client;
    QList<Event> events;
    connect(&client, &SessionClient::event, this, [&events](const Event &e) { events.append(e); });
    client.open(data.path(), {options});
    MainWindow window(&client, {});
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    window.addNumber();
    AddNumberDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = window.findChild<AddNumberDialog *>()) && dialog->isVisible(), 5000);
    QTest::keyClicks(dialog->nameEdit(), QStringLiteral("Loja Sul"));
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);

    const auto count = [&events](auto tag) {
        using T = decltype(tag);
        return std::count_if(
            events.cbegin(), events.cend(), [](const Event &e) { return std::holds_alternative<T>(e); });
    };
    QTRY_VERIFY_WITH_TIMEOUT(count(QrExpiredEvent {}) == 1, 15000);
    const auto qrsBefore = count(QrEvent {});
    QVERIFY(qrsBefore >= 2); // the refs rotated before running out
    const QString session
        = std::get<QrExpiredEvent>(*std::find_if(events.cbegin(), events.cend(), [](const Event &e) {
              return std::holds_alternative<QrExpiredEvent>(e);
          })).session;
    LinkPanel *panel = window.linkPanel(session);
    QVERIFY(panel);
    QTRY_COMPARE_WITH_TIMEOUT(panel->stage(), LinkPanel::Stage::Expired, 2000);
    QVERIFY(!panel->qrWidget()->hasCode());
    QPushButton *again = nullptr;
    for (QPushButton *button : panel->findChildren<QPushButton *>()) {
        if (button->text() == QStringLiteral("Get a new code") && button->isVisible())
            again = button;
    }
    QVERIFY2(again, "no visible \"Get a new code\" button");
    for (QPushButton *button : panel->findChildren<QPushButton *>())
        QVERIFY2(button->text() != QStringLiteral("Simulate scan with phone") || button->isHidden(),
            "the demo scan is offered outside demo mode");
    QTest::mouseClick(again, Qt::LeftButton);
    QCOMPARE(panel->stage(), LinkPanel::Stage::Waiting);
    // A fresh round of refs: shown, rotated, and expired again.
    QTRY_VERIFY_WITH_TIMEOUT(count(QrEvent {}) > qrsBefore, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(count(QrExpiredEvent {}) == 2, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(panel->stage(), LinkPanel::Stage::Expired, 2000);
}

QTEST_MAIN(TstDashboard)
#include "tst_dashboard.moc"
