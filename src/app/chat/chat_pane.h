#pragma once

#include <QWidget>
#include <session/events.h>

class QLabel;
class QLineEdit;
class QListView;
class QStackedWidget;

namespace balcao {

class SessionClient;

namespace chat {
class ChatController;
class ChatListDelegate;
class ChatView;
class Composer;
} // namespace chat

// The right-hand side of the dashboard for one number (or all of them): the chat list with its search box,
// and the open conversation with its composer. The main window embeds it and tells it which number is
// selected and how each number's connection stands. Lives in the GUI thread; talks to the sessions only
// through `client` (commands out, events and replies in).
class ChatPane : public QWidget {
    Q_OBJECT
public:
    explicit ChatPane(SessionClient *client, QWidget *parent = nullptr);

    // "" = "All numbers", the merged inbox across sessions.
    void showSession(const QString &session);
    void openChat(const QString &session, const QString &chat);
    void setSessionStatus(const QString &session, balcao::SessionStatus status, const QString &reason);
    void focusSearch();

    // The parts, for the window's tests and the benchmark.
    chat::ChatController *controller() const { return m_controller; }
    QListView *chatList() const { return m_chatList; }
    chat::ChatView *chatView() const { return m_chatView; }
    chat::Composer *composer() const { return m_composer; }
    QLineEdit *searchBox() const { return m_search; }

signals:
    // A chat was opened (by a click, or by openChat).
    void chatOpened(const QString &session, const QString &chat);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void onChatOpened(const QString &session, const QString &chat);
    void updateHeader();
    void updateComposer();
    void applyPalette();

    chat::ChatController *m_controller;
    chat::ChatListDelegate *m_listDelegate;
    QLineEdit *m_search;
    QListView *m_chatList;
    QStackedWidget *m_stack;
    QLabel *m_emptyState;
    QLabel *m_title;
    QLabel *m_subtitle;
    chat::ChatView *m_chatView;
    chat::Composer *m_composer;
};

} // namespace balcao
