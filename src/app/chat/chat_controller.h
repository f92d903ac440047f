#pragma once

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <QUrl>
#include <functional>
#include <session/commands.h>
#include <session/events.h>
#include <session/replies.h>

namespace balcao {
class SessionClient;
namespace voice {
class VoicePlayer;
}
} // namespace balcao

namespace balcao::chat {

class ChatListFilter;
class ChatListModel;
class MessageListModel;

// The chat pane's side of the conversation with the sessions: turns the user's actions (show a number,
// open a chat, scroll up, send, retry) into commands for SessionClient, and its events and replies into
// model updates. Models only map rows; this decides what is asked for and when (one page at a time,
// MarkRead on opening). Lives in the GUI thread; never waits: every answer comes back as a signal.
class ChatController : public QObject {
    Q_OBJECT
public:
    static constexpr int kPageSize = 50;
    // Messages arriving in an open chat are marked read together after this pause, not one by one: a burst
    // of 2,000 would otherwise send 2,000 mark-read commands (each a store write and a receipt).
    static constexpr int kMarkReadDelayMs = 300;
    // The message history is searched once typing pauses this long, not on every key.
    static constexpr int kSearchDelayMs = 250;
    static constexpr int kSearchLimit = 100;
    using CommandSink = std::function<void(const Command &command, const QString &requestId)>;

    // `client` may be null (tests): then commands go only to the sink set with setCommandSink.
    explicit ChatController(SessionClient *client, QObject *parent = nullptr);

    ChatListModel *chats() const { return m_chats; }
    ChatListFilter *chatFilter() const { return m_filter; }
    MessageListModel *messages() const { return m_messages; }

    // Where commands go instead of the client (tests record them).
    void setCommandSink(CommandSink sink) { m_sink = std::move(sink); }

    void showSession(const QString &session); // "" = every session
    // Filters the chat list at once by name, number and last message, and after a pause asks the shown
    // numbers for older messages that match (their chats join the list when the answers come).
    void setSearchText(const QString &text);
    QString shownSession() const { return m_shownSession; }
    void openChat(const QString &session, const QString &chat);
    void closeChat();
    QString openSession() const;
    QString openChatJid() const;
    // Asks for the page before the oldest loaded message, unless one is on its way or none is left.
    void loadOlder();
    bool loadingPage() const { return !m_pageRequest.isEmpty(); }

    // Sends `text` to the open chat (checked by the composer first).
    void send(const QString &text);
    // Sends a failed message's text again (as a new message: the failed one stays, marked failed).
    void retry(int row);
    // Sends a file to the open chat (its kind decided from its content, or `kind`); `removeAfter` for a
    // temporary copy (a pasted picture, a recording).
    void sendFile(const QString &path, const QString &kind = {}, bool removeAfter = false);
    // What clicking a message's file, place or card does: open or fetch the file, play or pause a voice note,
    // open the map, open a chat with the contact.
    void openMedia(int row);
    // Who plays voice notes (the window's; tests give one with a test output).
    void setVoicePlayer(voice::VoicePlayer *player);
    // Where media files are (the profile's folder); by default the client's manager says.
    void setMediaFolder(const QString &dir) { m_mediaDir = dir; }

    void setSessionStatus(const QString &session, SessionStatus status, const QString &reason);
    // Why the open chat's number cannot send now; empty when it can.
    QString blockedReason() const;
    // Whether new messages in the open chat are seen (then they are marked read as they arrive).
    void setConversationVisible(bool visible) { m_conversationVisible = visible; }

    // Inputs, public so tests can play a session's side without a network.
    void handleEvent(const balcao::Event &event);
    // The answer to a command this controller sent with `requestId`.
    void handleReply(const QString &requestId, const balcao::Reply &reply);

signals:
    void chatOpened(const QString &session, const QString &chat);
    // The open chat's first page is in the model (`rows` messages), e.g. for the benchmark.
    void firstPageLoaded(int rows);
    void olderPageLoaded(int rows);
    // The open chat's number changed state: the composer's blocked reason may differ.
    void sendingStateChanged();
    // A file or a map to show with the system's applications (the pane opens it).
    void openUrlWanted(const QUrl &url);

private:
    void execute(const Command &command, const QString &requestId = {});
    QString newRequestId();
    void requestChats(const QString &session);
    void onMessagesReply(const QString &requestId, const MessagesReply &reply);
    void onPageFailed();
    void searchHistory();
    void onSearchReply(const QString &requestId, const SearchReply &reply);

    SessionClient *m_client;
    CommandSink m_sink;
    ChatListModel *m_chats;
    ChatListFilter *m_filter;
    MessageListModel *m_messages;
    QString m_shownSession;
    QString m_pageRequest; // the request id of the page on its way; empty when none
    bool m_pageIsFirst = false;
    bool m_conversationVisible = true;
    quint64 m_lastRequest = 0;
    QTimer m_markRead; // pending read receipts for the open chat
    QTimer m_searchDelay;
    QSet<QString> m_searchRequests; // request ids of the searches for the current text
    struct SessionState {
        QString name;
        SessionStatus status = SessionStatus::New;
        QString reason;
        bool known = false; // a status was heard
    };
    QHash<QString, SessionState> m_sessions;
    voice::VoicePlayer *m_player = nullptr;
    QString m_mediaDir;
};

} // namespace balcao::chat
