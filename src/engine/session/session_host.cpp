#include "session_host.h"

#include <QPointer>

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
        emit event(ErrorEvent {m_options.id, stores.error().code, stores.error().message});
        return;
    }
    m_stores = std::move(*stores);
    m_session = new Session(m_options, m_stores->stores(), this);
    connect(m_session, &Session::event, this, &SessionHost::forwardEvent);
    m_quiet.setSingleShot(true);
    connect(&m_quiet, &QTimer::timeout, this, [this] {
        if (const qint64 left = kQuietMs - m_sinceEvent.elapsed(); left > 0)
            return m_quiet.start(int(left));
        if (m_stores)
            m_stores->releaseMemory();
    });
}

template<typename Call> void SessionHost::answering(const QString &requestId, Call call) {
    if (!m_session) {
        emit event(ErrorEvent {m_options.id, QString::fromLatin1(errc::kStorageFailed),
            QStringLiteral("This session's storage could not be opened, so it cannot do that; "
                           "see the error reported when it started."),
            requestId});
        return;
    }
    m_requestId = requestId;
    m_failed = false;
    call();
    m_requestId.clear();
    if (!requestId.isEmpty() && !m_failed)
        emit handled(requestId);
}

template<typename T> void SessionHost::answer(const QString &requestId, Result<T> result) {
    if (result)
        emit answered(requestId, Reply(std::move(*result)));
    else
        emit event(ErrorEvent {m_options.id, result.error().code, result.error().message, requestId});
}

void SessionHost::forwardEvent(const Event &e) {
    m_sinceEvent.start();
    if (!m_quiet.isActive())
        m_quiet.start(kQuietMs);
    if (const auto *error = std::get_if<ErrorEvent>(&e); error && !m_requestId.isEmpty()) {
        m_failed = true;
        if (error->requestId.isEmpty()) {
            ErrorEvent stamped = *error;
            stamped.requestId = m_requestId;
            emit event(stamped);
            return;
        }
    }
    emit event(e);
}

void SessionHost::start(const QString &requestId) {
    if (requestId.isEmpty()) {
        if (m_session)
            m_session->start(); // the restore: a store that did not open was reported by init()
        return;
    }
    answering(requestId, [&] { m_session->start(); });
}

void SessionHost::link(LinkMethod method, const QString &phone, const QString &requestId) {
    answering(requestId, [&] { m_session->link(method, phone, requestId); });
}

void SessionHost::stop(const QString &requestId) {
    if (requestId.isEmpty()) {
        if (m_session)
            m_session->stop();
        return;
    }
    answering(requestId, [&] { m_session->stop(); });
}

void SessionHost::logout(const QString &requestId) {
    answering(requestId, [&] { m_session->logout(); });
}

void SessionHost::send(
    const QString &to, const MessageContent &content, const QString &id, const QString &requestId) {
    answering(requestId, [&] { m_session->send(to, content, id, requestId); });
}

void SessionHost::markRead(const QString &chat, const QString &requestId) {
    answering(requestId, [&] { m_session->markRead(chat); });
}

void SessionHost::markPlayed(const QString &chat, const QString &id, const QString &requestId) {
    answering(requestId, [&] { m_session->markPlayed(chat, id); });
}

void SessionHost::setCallPolicy(const CallPolicy &policy, const QString &requestId) {
    answering(requestId, [&] { m_session->setCallPolicy(policy); });
}

void SessionHost::queryChats(const QString &requestId) {
    answering(requestId, [&] { answer(requestId, m_session->chats()); });
}

void SessionHost::queryMessages(
    const QString &chat, int limit, const QString &before, const QString &requestId) {
    answering(requestId, [&] { answer(requestId, m_session->messages(chat, limit, before)); });
}

void SessionHost::searchMessages(const QString &query, int limit, const QString &requestId) {
    answering(requestId, [&] { answer(requestId, m_session->search(query, limit)); });
}

void SessionHost::queryMedia(
    const QString &chat, const QString &id, bool download, const QString &requestId) {
    answering(requestId, [&] { answer(requestId, m_session->media(chat, id, download)); });
}

void SessionHost::checkNumbers(const QStringList &numbers, const QString &requestId) {
    if (!m_session) {
        emit answered(requestId, makeError(errc::kNotLinked, QStringLiteral("This session is not running.")));
        return;
    }
    m_session->checkNumbers(
        numbers, [self = QPointer<SessionHost>(this), requestId](Result<NumbersReply> reply) {
            if (!self)
                return;
            if (reply)
                emit self->answered(requestId, *reply);
            else
                emit self->answered(requestId, reply.error());
        });
}

void SessionHost::shutDown() {
    delete m_session;
    m_session = nullptr;
    m_stores.reset();
}

} // namespace balcao
