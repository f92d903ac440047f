#include "session_host.h"

namespace balcao {

SessionHost::SessionHost(Session::Options options, SessionStorage *storage)
    : m_options(std::move(options))
    , m_storage(storage) { }

SessionHost::~SessionHost() {
    shutDown();
}

void SessionHost::init() {
    auto stores = m_storage->open(m_options.id);
    if (!stores) {
        emit event(ErrorEvent{m_options.id, stores.error().code, stores.error().message});
        return;
    }
    m_stores = std::move(*stores);
    m_session = new Session(m_options, m_stores->stores(), this);
    connect(m_session, &Session::event, this, &SessionHost::event);
    connect(m_session, &Session::replied, this, &SessionHost::replied);
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

void SessionHost::sendText(const QString &to, const QString &text) {
    if (m_session)
        m_session->sendText(to, text);
}

void SessionHost::markRead(const QString &chat) {
    if (m_session)
        m_session->markRead(chat);
}

void SessionHost::queryChats() {
    if (m_session)
        m_session->queryChats();
}

void SessionHost::queryMessages(const QString &chat, int limit, const QString &before) {
    if (m_session)
        m_session->queryMessages(chat, limit, before);
}

void SessionHost::shutDown() {
    delete m_session;
    m_session = nullptr;
    m_stores.reset();
}

} // namespace balcao
