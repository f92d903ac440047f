#pragma once

#include <QHash>
#include <QMainWindow>
#include <QSet>
#include <QUrl>
#include <session/commands.h>
#include <session/events.h>
#include <session/replies.h>

class QJsonObject;
class QStackedWidget;

namespace balcao {

class ChatPane;
class DemoPhone;
class LinkPanel;
class Notifier;
class SessionClient;
class ServerNoticeBanner;
class SessionListModel;
class SessionSidebar;

// The dashboard: the numbers on the left (SessionSidebar), and on the right the selected number's link
// panel while it is not linked, else the chats (ChatPane; "All numbers" = the merged inbox). Talks to the
// sessions only through SessionClient (commands out, events and replies in), so nothing here waits for the
// network or the disk. Lives in the GUI thread.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    struct Options {
        // Demo mode: the emulator's control API, so the QR panel can offer "Simulate scan with phone".
        QUrl demoEmulator;
        // The profile's folder as given on the command line (empty = default), for the API settings' keys.
        QString dataDir;
    };

    MainWindow(SessionClient *client, Options options, QWidget *parent = nullptr);
    ~MainWindow() override;

    // "" = "All numbers".
    void selectSession(const QString &session);
    QString currentSession() const;
    // Opens the add-number dialog (window-modal; does not block).
    void addNumber();
    void openSettings();

    SessionSidebar *sidebar() const { return m_sidebar; }
    SessionListModel *sessionModel() const { return m_model; }
    Notifier *notifier() const { return m_notifier; }
    ChatPane *chatPane() const { return m_chatPane; }
    LinkPanel *linkPanel(const QString &session) const { return m_linkPanels.value(session); }
    // The page the right side shows now (the chat pane, a link panel or the welcome page).
    QWidget *currentPage() const;

private:
    void buildMenus();
    void onEvent(const Event &event);
    void onSessions(const SessionsReply &reply);
    void execute(const Command &command);
    void requestChats(const QString &session);
    LinkPanel *ensureLinkPanel(const QString &session);
    void showPageFor(const QString &session);
    void openChat(const QString &session, const QString &chat);
    void updateUnread(int total);
    void restart();

    SessionClient *m_client;
    Options m_options;
    SessionListModel *m_model;
    SessionSidebar *m_sidebar;
    QStackedWidget *m_pages;
    ServerNoticeBanner *m_notice; // above the pages: a number the server turned away
    QWidget *m_welcome;
    ChatPane *m_chatPane;
    Notifier *m_notifier;
    DemoPhone *m_demoPhone = nullptr;
    QHash<QString, LinkPanel *> m_linkPanels;
    QSet<QString> m_linking; // sessions linking in this run: their panel stays until they connect
    struct PendingLink {
        LinkMethod method;
        QString phone;
    };
};

} // namespace balcao
