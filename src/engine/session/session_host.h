#pragma once

#include "session.h"
#include "session_directory.h"

#include <QObject>

#include <memory>

namespace balcao {

// Lives in one session's worker thread and owns what must live there: the session's stores (their own
// database connection) and the Session. SessionManager reaches it only through queued calls.
class SessionHost : public QObject {
    Q_OBJECT
public:
    SessionHost(Session::Options options, SessionStorage *storage);
    ~SessionHost() override;

    // Each runs in the worker thread (invoke with Qt::QueuedConnection).
    void init();
    void start();
    void link(LinkMethod method, const QString &phone);
    void stop();
    void logout();
    void sendText(const QString &to, const QString &text);
    void markRead(const QString &chat);
    void queryChats();
    void queryMessages(const QString &chat, int limit, const QString &before);
    // Destroys the session and its stores before the thread ends.
    void shutDown();

signals:
    void event(const balcao::Event &event);
    void replied(const QJsonObject &reply);

private:
    Session::Options m_options;
    SessionStorage *m_storage;
    std::unique_ptr<OpenedStores> m_stores;
    Session *m_session = nullptr;
};

} // namespace balcao
