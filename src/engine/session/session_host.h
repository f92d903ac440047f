#pragma once

#include "replies.h"
#include "session.h"
#include "session_directory.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <memory>

namespace balcao {

// Lives in one session's worker thread and owns what must live there: the session's stores (their own
// database connection) and the Session. SessionManager reaches it only through queued calls.
class SessionHost : public QObject {
    Q_OBJECT
public:
    // How long a session emits nothing before its stores give back their caches.
    static constexpr int kQuietMs = 5000;

    SessionHost(Session::Options options, SessionStorage *storage);
    ~SessionHost() override;

    // Each runs in the worker thread (invoke with Qt::QueuedConnection). `requestId` (may be empty) is
    // stamped on the replies and errors the call causes, so a caller with many requests in flight can
    // tell whose answer it is.
    void init();
    void start(const QString &requestId = {});
    void link(LinkMethod method, const QString &phone, const QString &requestId = {});
    void stop(const QString &requestId = {});
    void logout(const QString &requestId = {});
    void send(const QString &to, const MessageContent &content, const QString &id = {},
        const QString &requestId = {});
    void markRead(const QString &chat, const QString &requestId = {});
    void markPlayed(const QString &chat, const QString &id, const QString &requestId = {});
    void setCallPolicy(const balcao::CallPolicy &policy, const QString &requestId = {});
    void queryChats(const QString &requestId = {});
    void queryMessages(const QString &chat, int limit, const QString &before, const QString &requestId = {});
    void queryMedia(const QString &chat, const QString &id, bool download, const QString &requestId);
    void searchMessages(const QString &query, int limit, const QString &requestId = {});
    // Answered when the server has: a NumbersReply, or the error.
    void checkNumbers(const QStringList &numbers, const QString &requestId = {});
    // Destroys the session and its stores before the thread ends.
    void shutDown();

signals:
    void event(const balcao::Event &event);
    // A query's answer.
    void answered(const QString &requestId, const balcao::Reply &reply);
    // The call for `requestId` ran without an error (its errors, if any, came as events before this).
    void handled(const QString &requestId);

private:
    template<typename Call> void answering(const QString &requestId, Call call);
    template<typename T> void answer(const QString &requestId, Result<T> result);
    void forwardEvent(const Event &event);

    Session::Options m_options;
    SessionStorage *m_storage;
    std::unique_ptr<OpenedStores> m_stores;
    // Runs out kQuietMs after the session's last event, and then its stores trim their caches. Events only
    // note their time (restarting a timer on every event of a burst would re-register it each time); the
    // timer, when it runs out early, waits for the rest. A child, so it moves to the worker thread with the
    // host.
    QTimer m_quiet {this};
    QElapsedTimer m_sinceEvent;
    // session has emitted nothing for a while: then its caches are trimmed
    Session *m_session = nullptr;
    QString m_requestId; // of the call in progress, for the errors its synchronous part raises
    bool m_failed = false; // that call raised an error
};

} // namespace balcao
