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
    // Destroys the session and its stores before the thread ends.
    void shutDown();

signals:
    void event(const balcao::Event &event);

private:
    Session::Options m_options;
    SessionStorage *m_storage;
    std::unique_ptr<CredentialStore> m_credentials;
    Session *m_session = nullptr;
};

} // namespace balcao
