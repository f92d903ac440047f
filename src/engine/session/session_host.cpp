#include "session_host.h"

namespace balcao {

SessionHost::SessionHost(Session::Options options, SessionStorage *storage)
    : m_options(std::move(options))
    , m_storage(storage) { }

SessionHost::~SessionHost() {
    shutDown();
}

void SessionHost::init() {
    auto store = m_storage->openCredentialStore(m_options.id);
    if (!store) {
        emit event(ErrorEvent{m_options.id, store.error().code, store.error().message});
        return;
    }
    m_credentials = std::move(*store);
    m_session = new Session(m_options, m_credentials.get(), this);
    connect(m_session, &Session::event, this, &SessionHost::event);
}

void SessionHost::start() {
    if (m_session)
        m_session->start();
}

void SessionHost::link(LinkMethod method, const QString &phone) {
    if (m_session)
        m_session->link(method, phone);
}

void SessionHost::stop() {
    if (m_session)
        m_session->stop();
}

void SessionHost::logout() {
    if (m_session)
        m_session->logout();
}

void SessionHost::shutDown() {
    delete m_session;
    m_session = nullptr;
    m_credentials.reset();
}

} // namespace balcao
