#include "main_window.h"

#include "chat/chat_controller.h"
#include "chat/chat_pane.h"
#include "session_client.h"
#include "ui/add_number_dialog.h"
#include "ui/app_icon.h"
#include "ui/demo_phone.h"
#include "ui/link_panel.h"
#include "ui/notifier.h"
#include "ui/server_notice.h"
#include "ui/session_list_model.h"
#include "ui/session_sidebar.h"
#include "ui/settings_dialog.h"

#include <QAction>
#include <QApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>
#include <overloaded.h>

namespace balcao {

namespace {

QWidget *makeWelcome(QWidget *parent, const std::function<void()> &add) {
    auto *page = new QWidget(parent);
    auto *icon = new QLabel(page);
    icon->setPixmap(AppIcon::pixmap(96 * page->devicePixelRatio()));
    icon->setAlignment(Qt::AlignCenter);
    auto *title = new QLabel(MainWindow::tr("Welcome to Balcão"), page);
    QFont font = title->font();
    font.setPointSizeF(font.pointSizeF() * 1.6);
    font.setBold(true);
    title->setFont(font);
    title->setAlignment(Qt::AlignCenter);
    auto *text
        = new QLabel(MainWindow::tr("Link your business's WhatsApp numbers and answer every customer from "
                                    "one window. Each number keeps its own chats; \"All numbers\" shows "
                                    "them together."),
            page);
    text->setWordWrap(true);
    text->setAlignment(Qt::AlignCenter);
    // A wrapped label inside an aligned layout item gets no height for its width: give it both.
    text->setFixedWidth(460);
    text->setMinimumHeight(text->heightForWidth(460));
    auto *button = new QPushButton(MainWindow::tr("Add a number"), page);
    button->setDefault(true);
    QObject::connect(button, &QPushButton::clicked, page, add);
    auto *layout = new QVBoxLayout(page);
    layout->addStretch();
    layout->addWidget(icon);
    layout->addWidget(title);
    layout->addWidget(text, 0, Qt::AlignHCenter);
    layout->addSpacing(12);
    layout->addWidget(button, 0, Qt::AlignHCenter);
    layout->addStretch();
    return page;
}

} // namespace

MainWindow::MainWindow(SessionClient *client, Options options, QWidget *parent)
    : QMainWindow(parent)
    , m_client(client)
    , m_options(std::move(options))
    , m_model(new SessionListModel(this))
    , m_sidebar(new SessionSidebar(m_model, this))
    , m_pages(new QStackedWidget(this))
    , m_notice(new ServerNoticeBanner(this))
    , m_notifier(new Notifier(this)) {
    setWindowTitle(tr("Balcão"));
    setWindowIcon(AppIcon::make());
    m_welcome = makeWelcome(m_pages, [this] { addNumber(); });
    m_chatPane = new ChatPane(client, m_pages);
    m_pages->addWidget(m_welcome);
    m_pages->addWidget(m_chatPane);

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_notice);
    rightLayout->addWidget(m_pages, 1);
    connect(m_notice, &ServerNoticeBanner::retryRequested, this,
        [this](const QString &session) { execute(StartCommand {session}); });

    auto *splitter = new QSplitter(this);
    splitter->addWidget(m_sidebar);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    splitter->setSizes({280, 820});
    setCentralWidget(splitter);
    statusBar()->setSizeGripEnabled(true);

    if (m_options.demoEmulator.isValid()) {
        m_demoPhone = new DemoPhone(m_options.demoEmulator, this);
        connect(m_demoPhone, &DemoPhone::scanned, this, [this](bool ok, const QString &problem) {
            if (ok)
                return;
            if (LinkPanel *panel = m_linkPanels.value(currentSession()))
                panel->showError(problem);
            else
                statusBar()->showMessage(problem, 10000);
        });
    }
    m_notifier->setEnabled(SettingsDialog::notificationsEnabled());

    connect(m_sidebar, &SessionSidebar::currentSessionChanged, this, &MainWindow::showPageFor);
    connect(m_sidebar, &SessionSidebar::addNumberRequested, this, &MainWindow::addNumber);
    connect(m_sidebar, &SessionSidebar::commandRequested, this, &MainWindow::execute);
    connect(m_model, &SessionListModel::totalUnreadChanged, this, &MainWindow::updateUnread);
    connect(m_model, &SessionListModel::sessionRemoved, this, [this](const QString &session) {
        if (LinkPanel *panel = m_linkPanels.take(session))
            panel->deleteLater();
        m_linking.remove(session);
        if (m_model->sessionIds().isEmpty())
            showPageFor({});
    });
    connect(m_notifier, &Notifier::openChatRequested, this, &MainWindow::openChat);
    connect(m_notifier, &Notifier::trayActivated, this, [this] {
        showNormal();
        raise();
        activateWindow();
    });
    connect(client, &SessionClient::event, this, &MainWindow::onEvent);
    connect(client, &SessionClient::opened, this, [this] {
        m_client->request(ListCommand {}).then(this, [this](const Reply &reply) {
            if (const auto *sessions = std::get_if<SessionsReply>(&reply))
                onSessions(*sessions);
        });
    });
    connect(client, &SessionClient::openFailed, this, [this](const QString &, const QString &message) {
        QMessageBox::critical(this, tr("Balcão cannot open its data"), message);
    });

    buildMenus();
    showPageFor({});
    resize(1180, 760);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus() {
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *add = file->addAction(QIcon::fromTheme(QStringLiteral("list-add")), tr("&Add number…"));
    add->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
    connect(add, &QAction::triggered, this, &MainWindow::addNumber);
    QAction *settings
        = file->addAction(QIcon::fromTheme(QStringLiteral("preferences-system")), tr("&Settings…"));
    settings->setShortcut(QKeySequence::Preferences);
    settings->setMenuRole(QAction::PreferencesRole);
    connect(settings, &QAction::triggered, this, &MainWindow::openSettings);
    file->addSeparator();
    QAction *quit = file->addAction(QIcon::fromTheme(QStringLiteral("application-exit")), tr("&Quit"));
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, qApp, &QApplication::quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *search = view->addAction(QIcon::fromTheme(QStringLiteral("edit-find")), tr("&Search chats"));
    search->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_F));
    connect(search, &QAction::triggered, this, [this] {
        if (currentPage() != m_chatPane)
            selectSession({});
        m_chatPane->focusSearch();
    });
    view->addSeparator();
    QAction *all = view->addAction(tr("All numbers"));
    all->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    connect(all, &QAction::triggered, this, [this] { selectSession({}); });
    // Ctrl+1…9: the first nine numbers, in sidebar order.
    for (int i = 1; i <= 9; ++i) {
        auto *shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_0 + i)), this);
        connect(shortcut, &QShortcut::activated, this, [this, i] {
            const QStringList ids = m_model->sessionIds();
            if (i <= ids.size())
                selectSession(ids.at(i - 1));
        });
    }

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About Balcão"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About Balcão"),
            tr("<b>Balcão %1</b><p>Several WhatsApp numbers in one native window, for the staff of small "
               "businesses.</p>")
                .arg(QCoreApplication::applicationVersion()));
    });

    auto *trayMenu = new QMenu(this);
    trayMenu->addAction(tr("Show Balcão"), this, [this] {
        showNormal();
        raise();
        activateWindow();
    });
    trayMenu->addAction(quit);
    m_notifier->setTrayMenu(trayMenu);
}

void MainWindow::execute(const Command &command) {
    m_client->execute(command);
}

// Unread counts for the sidebar.
void MainWindow::requestChats(const QString &session) {
    m_client->request(ChatsCommand {session}).then(this, [this](const Reply &reply) {
        if (const auto *chats = std::get_if<ChatsReply>(&reply))
            m_model->applyChats(chats->session, chats->chats);
    });
}

void MainWindow::selectSession(const QString &session) {
    m_sidebar->select(session);
}

QString MainWindow::currentSession() const {
    return m_sidebar->currentSession();
}

QWidget *MainWindow::currentPage() const {
    return m_pages->currentWidget();
}

void MainWindow::addNumber() {
    auto *dialog = new AddNumberDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const PendingLink link {dialog->method(), dialog->phone()};
        m_client->request(AddSessionCommand {dialog->name()}).then(this, [this, link](const Reply &reply) {
            const auto *created = std::get_if<SessionCreated>(&reply);
            if (!created)
                return; // its error was shown as it came
            const QString session = created->record.id;
            LinkPanel *panel = ensureLinkPanel(session);
            m_linking.insert(session);
            selectSession(session);
            panel->requestLink(link.method, link.phone);
        });
    });
    dialog->open();
}

void MainWindow::openSettings() {
    QList<QPair<QString, QString>> sessions;
    for (const QString &id : m_model->sessionIds())
        sessions.append({id, m_model->session(id)->name});
    auto *dialog = new SettingsDialog(m_client->webhooks(), sessions, m_options.dataDir, this,
        m_client->manager() ? m_client->manager()->mediaDir() : QString());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SettingsDialog::notificationsToggled, m_notifier, &Notifier::setEnabled);
    connect(dialog, &SettingsDialog::restartRequested, this, &MainWindow::restart);
    dialog->open();
}

void MainWindow::restart() {
    QStringList arguments = QCoreApplication::arguments();
    arguments.removeFirst();
    if (QProcess::startDetached(QCoreApplication::applicationFilePath(), arguments))
        qApp->quit();
}

LinkPanel *MainWindow::ensureLinkPanel(const QString &session) {
    if (LinkPanel *panel = m_linkPanels.value(session))
        return panel;
    const SessionRow *row = m_model->session(session);
    auto *panel = new LinkPanel(session, row ? row->name : QString(), m_pages);
    panel->setDemoScanAvailable(m_demoPhone != nullptr);
    connect(panel, &LinkPanel::commandRequested, this, [this, session](const Command &command) {
        m_linking.insert(session);
        execute(command);
    });
    if (m_demoPhone)
        connect(panel, &LinkPanel::demoScanRequested, m_demoPhone, &DemoPhone::scan);
    m_pages->addWidget(panel);
    m_linkPanels.insert(session, panel);
    return panel;
}

void MainWindow::showPageFor(const QString &session) {
    if (session != currentSession())
        return; // an event about a number that is not on screen
    m_notice->showFor(m_model->session(session), QDateTime::currentMSecsSinceEpoch());
    if (session.isEmpty()) {
        if (m_model->sessionIds().isEmpty()) {
            m_pages->setCurrentWidget(m_welcome);
            return;
        }
        m_chatPane->showSession({});
        m_pages->setCurrentWidget(m_chatPane);
        return;
    }
    const SessionRow *row = m_model->session(session);
    if (!row)
        return;
    const bool linking = m_linking.contains(session) && row->status != SessionStatus::Connected;
    if (row->jid.isEmpty() || linking) {
        m_pages->setCurrentWidget(ensureLinkPanel(session));
        return;
    }
    m_chatPane->showSession(session);
    m_pages->setCurrentWidget(m_chatPane);
}

void MainWindow::openChat(const QString &session, const QString &chat) {
    showNormal();
    raise();
    activateWindow();
    selectSession(session);
    if (currentPage() == m_chatPane)
        m_chatPane->openChat(session, chat);
}

void MainWindow::updateUnread(int total) {
    setWindowTitle(total > 0 ? tr("(%1) Balcão").arg(total) : tr("Balcão"));
    m_notifier->setUnreadTotal(total);
}

void MainWindow::onEvent(const Event &event) {
    m_model->applyEvent(event);
    std::visit(
        Overloaded {
            [this](const SessionEvent &e) {
                if (e.removed)
                    return;
                if (LinkPanel *panel = m_linkPanels.value(e.session))
                    panel->setName(e.name);
            },
            [this](const QrEvent &e) { ensureLinkPanel(e.session)->applyEvent(e); },
            [this](const QrExpiredEvent &e) { ensureLinkPanel(e.session)->applyEvent(e); },
            [this](const PairingCodeEvent &e) { ensureLinkPanel(e.session)->applyEvent(e); },
            [this](const StatusEvent &e) {
                if (LinkPanel *panel = m_linkPanels.value(e.session))
                    panel->applyEvent(e);
                m_chatPane->setSessionStatus(e.session, e.status, e.reason);
                if (e.status == SessionStatus::Connected) {
                    m_linking.remove(e.session);
                    requestChats(e.session);
                }
                showPageFor(e.session);
            },
            [this](const MessageEvent &e) {
                // Someone reading that very chat in the active window needs no notification.
                const chat::ChatController *chats = m_chatPane->controller();
                if (isActiveWindow() && currentPage() == m_chatPane && chats->openSession() == e.session
                    && chats->openChatJid() == e.chat)
                    return;
                const SessionRow *row = m_model->session(e.session);
                m_notifier->notifyMessage(e, row ? row->name : QString(), row ? row->phone : QString());
            },
            [this](const ErrorEvent &e) {
                if (LinkPanel *panel = m_linkPanels.value(e.session); panel && currentPage() == panel) {
                    panel->showError(e.message);
                    return;
                }
                const SessionRow *row = m_model->session(e.session);
                statusBar()->showMessage(row ? tr("%1: %2").arg(row->name, e.message) : e.message, 10000);
            },
            [](const auto &) {},
        },
        event);
}

void MainWindow::onSessions(const SessionsReply &reply) {
    m_model->applySessions(reply.sessions);
    for (const QString &session : m_model->sessionIds()) {
        const SessionRow *row = m_model->session(session);
        m_chatPane->setSessionStatus(session, row->status, row->reason);
        if (!row->jid.isEmpty())
            requestChats(session);
    }
    showPageFor(currentSession());
}

} // namespace balcao
