#include "session_manager.h"

#include "messaging/message_id.h"
#include "overloaded.h"
#include "session_host.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QThread>

namespace balcao {

namespace {

QString newSessionId(const QHash<QString, SessionRecord> &taken) {
    for (;;) {
        const QString id = QStringLiteral("s")
            + QString::number(QRandomGenerator::system()->generate(), 16).rightJustified(8, QLatin1Char('0'));
        if (!taken.contains(id))
            return id;
    }
}

} // namespace

SessionManager::SessionManager(
    Settings settings, SessionDirectory *directory, SessionStorage *storage, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_versions(m_settings.versions ? std::make_unique<WaVersionSource>(*m_settings.versions) : nullptr)
    , m_pool(m_settings.workers)
    , m_directory(directory)
    , m_storage(storage)
    , m_pending([this](const QString &id) -> std::optional<SessionRecord> {
        if (!m_records.contains(id))
            return std::nullopt;
        return m_records.value(id);
    })
    , m_starts(m_settings.startup) {
    m_settings.sessionDefaults.versions = m_versions.get();
    qRegisterMetaType<balcao::Event>();
    qRegisterMetaType<balcao::Reply>();
    // Callers of execute() name their own request ids (the headless runner passes the user's): a random
    // prefix keeps this manager's ids apart from theirs, so nobody else's answer or error can finish one of
    // its tasks.
    m_requestPrefix
        = QStringLiteral("task-%1-").arg(QRandomGenerator::system()->generate64(), 16, 16, QLatin1Char('0'));
    // Every answer and error reaches the pending task it belongs to before anyone else hears of it.
    connect(this, &SessionManager::event, this, [this](const Event &e) { m_pending.onEvent(e); });
    connect(this, &SessionManager::answered, this,
        [this](const QString &requestId, const Reply &reply) { m_pending.onAnswer(requestId, reply); });
    m_startTimer.setSingleShot(true);
    connect(&m_startTimer, &QTimer::timeout, this, &SessionManager::pumpStarts);
    m_expiry.setInterval(5000);
    connect(&m_expiry, &QTimer::timeout, this, [this] {
        m_pending.expire(QDateTime::currentMSecsSinceEpoch());
        if (m_pending.isEmpty())
            m_expiry.stop();
    });
}

bool SessionManager::isTaskRequest(const QString &requestId) const {
    return requestId.startsWith(m_requestPrefix);
}

ReplyTask SessionManager::request(Command command) {
    ReplyTask task;
    if (auto *send = std::get_if<SendCommand>(&command); send && send->id.isEmpty())
        send->id = newMessageId();
    if (auto *file = std::get_if<SendFileCommand>(&command); file && file->id.isEmpty())
        file->id = newMessageId();
    const QString requestId = m_requestPrefix + QString::number(++m_lastRequest);
    m_pending.add(requestId, command, task, QDateTime::currentMSecsSinceEpoch());
    if (!m_expiry.isActive())
        m_expiry.start();
    execute(command, requestId);
    return task;
}

SessionManager::~SessionManager() {
    if (m_versions)
        m_versions->forget(this);
    const auto ids = m_hosts.keys();
    for (const QString &id : ids)
        shutDown(id);
}

void SessionManager::restore() {
    auto all = m_directory->all();
    if (!all) {
        emit event(ErrorEvent {{}, all.error().code, all.error().message});
        return;
    }
    for (const SessionRecord &record : *all) {
        m_records.insert(record.id, record);
        m_order.append(record.id);
        launch(record);
        if (record.autoStart && record.lastStatus != SessionStatus::LoggedOut)
            m_starts.enqueue(record.id);
    }
    // Saved numbers log in with the version WhatsApp Web runs today when it can be read in time; the read
    // ends within its time-out either way, so the start-up is never held longer than that.
    if (m_versions && !m_versions->isPinned() && m_starts.waiting() > 0) {
        m_readingVersion = true;
        m_versions->refreshFor(this, [this](const WaVersionSource::Reading &) {
            m_readingVersion = false;
            pumpStarts();
        });
    }
    pumpStarts();
}

void SessionManager::pumpStarts() {
    if (m_readingVersion)
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const auto starts = m_starts.take(now, [] { return QRandomGenerator::global()->generate(); });
    for (const StartQueue::Start &start : starts) {
        QTimer::singleShot(std::max<qint64>(0, start.atMs - now), this, [this, id = start.session] {
            SessionHost *host = m_hosts.value(id);
            if (host && m_starts.isStarting(id))
                QMetaObject::invokeMethod(
                    host, [host] { host->start(); }, Qt::QueuedConnection);
        });
    }
    if (const auto timeout = m_starts.nextTimeoutMs(); timeout && m_starts.waiting() > 0)
        m_startTimer.start(int(std::clamp<qint64>(*timeout - now, 0, 60000)));
    else
        m_startTimer.stop();
}

void SessionManager::dropQueuedStart(const QString &id) {
    m_starts.remove(id);
    pumpStarts();
}

QList<SessionRecord> SessionManager::sessions() const {
    QList<SessionRecord> list;
    for (const QString &id : m_order)
        list.append(m_records.value(id));
    return list;
}

void SessionManager::launch(const SessionRecord &record) {
    Session::Options options = m_settings.sessionDefaults;
    options.id = record.id;
    options.calls = record.calls;
    auto *host = new SessionHost(options, m_storage);
    host->moveToThread(m_pool.assign());
    connect(host, &SessionHost::event, this, &SessionManager::onSessionEvent, Qt::QueuedConnection);
    connect(host, &SessionHost::answered, this, &SessionManager::answered, Qt::QueuedConnection);
    connect(
        host, &SessionHost::handled, this,
        [this](const QString &requestId) { m_pending.onHandled(requestId); }, Qt::QueuedConnection);
    QMetaObject::invokeMethod(host, &SessionHost::init, Qt::QueuedConnection);
    m_hosts.insert(record.id, host);
}

void SessionManager::shutDown(const QString &id) {
    SessionHost *host = m_hosts.take(id);
    if (!host)
        return;
    QThread *worker = host->thread();
    disconnect(host, nullptr, this, nullptr);
    // Blocking, and in the worker: the session's sockets, timers and database connection belong to that
    // thread and must be gone before the session's id can be used again.
    QMetaObject::invokeMethod(
        host,
        [host] {
            host->shutDown();
            delete host;
        },
        Qt::BlockingQueuedConnection);
    m_pool.release(worker);
}

SessionHost *SessionManager::hostFor(const QString &id, const char *command, const QString &requestId) {
    SessionHost *host = m_hosts.value(id);
    if (!host) {
        emit event(ErrorEvent {id, QString::fromLatin1(errc::kUnknownSession),
            QStringLiteral("There is no session \"%1\" (command %2). Use {\"cmd\":\"list\"} to see them.")
                .arg(id.left(60), QString::fromLatin1(command)),
            requestId});
    }
    return host;
}

void SessionManager::execute(const Command &command, const QString &requestId) {
    const QString &r = requestId;
    std::visit(
        Overloaded {
            [this, &r](const AddSessionCommand &c) {
                SessionRecord record {newSessionId(m_records), c.name, QDateTime::currentMSecsSinceEpoch(),
                    {}, true, SessionStatus::New, {}};
                if (auto added = m_directory->add(record); !added) {
                    emit event(ErrorEvent {{}, added.error().code, added.error().message, r});
                    return;
                }
                m_records.insert(record.id, record);
                m_order.append(record.id);
                launch(record);
                SessionEvent created {record.id, record.name, record.lastStatus};
                created.requestId = r;
                emit event(created);
            },
            [this, &r](const LinkCommand &c) {
                if (auto *host = hostFor(c.session, "link", r)) {
                    dropQueuedStart(c.session);
                    setAutoStart(c.session, true, r);
                    QMetaObject::invokeMethod(
                        host, [host, c, r] { host->link(c.method, c.phone, r); }, Qt::QueuedConnection);
                }
            },
            [this, &r](const ListCommand &) { emit answered(r, SessionsReply {sessions()}); },
            [this, &r](const StartCommand &c) {
                if (auto *host = hostFor(c.session, "start", r)) {
                    dropQueuedStart(c.session);
                    setAutoStart(c.session, true, r);
                    QMetaObject::invokeMethod(
                        host, [host, r] { host->start(r); }, Qt::QueuedConnection);
                }
            },
            [this, &r](const StopCommand &c) {
                if (auto *host = hostFor(c.session, "stop", r)) {
                    dropQueuedStart(c.session);
                    setAutoStart(c.session, false, r);
                    QMetaObject::invokeMethod(
                        host, [host, r] { host->stop(r); }, Qt::QueuedConnection);
                }
            },
            [this, &r](const LogoutCommand &c) {
                if (auto *host = hostFor(c.session, "logout", r))
                    QMetaObject::invokeMethod(
                        host, [host, r] { host->logout(r); }, Qt::QueuedConnection);
            },
            [this, &r](const DeleteCommand &c) {
                if (!hostFor(c.session, "delete", r))
                    return;
                dropQueuedStart(c.session);
                shutDown(c.session);
                if (auto removed = m_directory->remove(c.session); !removed) {
                    emit event(ErrorEvent {c.session, removed.error().code, removed.error().message, r});
                    return;
                }
                const SessionRecord record = m_records.take(c.session);
                m_order.removeAll(c.session);
                SessionEvent gone {record.id, record.name, SessionStatus::Stopped};
                gone.removed = true;
                gone.requestId = r;
                emit event(gone);
            },
            [this, &r](const SendCommand &c) {
                if (auto *host = hostFor(c.session, "send", r))
                    QMetaObject::invokeMethod(
                        host, [host, c, r] { host->send(c.to, c.content, c.id, r); }, Qt::QueuedConnection);
            },
            [this, &r](const SendFileCommand &c) {
                if (!hostFor(c.session, "send-file", r))
                    return;
                if (!m_prepareAttachment) {
                    emit event(ErrorEvent {c.session, QString::fromLatin1(errc::kUnsupported),
                        QStringLiteral("This build cannot send files."), r});
                    return;
                }
                SendFileCommand file = c;
                if (file.id.isEmpty())
                    file.id = newMessageId();
                m_prepareAttachment(file, [this, file, r](Result<MessageContent> content) {
                    if (!content) {
                        emit event(
                            ErrorEvent {file.session, content.error().code, content.error().message, r});
                        return;
                    }
                    execute(SendCommand {file.session, file.to, *content, file.id}, r);
                });
            },
            [this, &r](const MarkPlayedCommand &c) {
                if (auto *host = hostFor(c.session, "mark-played", r))
                    QMetaObject::invokeMethod(
                        host, [host, c, r] { host->markPlayed(c.chat, c.id, r); }, Qt::QueuedConnection);
            },
            [this, &r](const MarkReadCommand &c) {
                if (auto *host = hostFor(c.session, "mark-read", r))
                    QMetaObject::invokeMethod(
                        host, [host, c, r] { host->markRead(c.chat, r); }, Qt::QueuedConnection);
            },
            [this, &r](const ChatsCommand &c) {
                if (auto *host = hostFor(c.session, "chats", r))
                    QMetaObject::invokeMethod(
                        host, [host, r] { host->queryChats(r); }, Qt::QueuedConnection);
            },
            [this, &r](const MessagesCommand &c) {
                if (auto *host = hostFor(c.session, "messages", r))
                    QMetaObject::invokeMethod(
                        host, [host, c, r] { host->queryMessages(c.chat, c.limit, c.before, r); },
                        Qt::QueuedConnection);
            },
            [this, &r](const SetCallsCommand &c) {
                auto *host = hostFor(c.session, "set-calls", r);
                if (!host)
                    return;
                SessionRecord &record = m_records[c.session];
                const CallPolicy previous = record.calls;
                record.calls = c.policy;
                if (auto updated = m_directory->update(record); !updated) {
                    record.calls = previous;
                    emit event(ErrorEvent {c.session, updated.error().code, updated.error().message, r});
                    return;
                }
                QMetaObject::invokeMethod(
                    host, [host, c, r] { host->setCallPolicy(c.policy, r); }, Qt::QueuedConnection);
            },
            [this, &r](const CheckNumbersCommand &c) {
                if (auto *host = hostFor(c.session, "check-numbers", r))
                    QMetaObject::invokeMethod(
                        host, [host, c, r] { host->checkNumbers(c.numbers, r); }, Qt::QueuedConnection);
            },
            [this, &r](const MediaCommand &c) {
                if (auto *host = hostFor(c.session, "media", r))
                    QMetaObject::invokeMethod(
                        host, [host, c, r] { host->queryMedia(c.chat, c.id, c.download, r); },
                        Qt::QueuedConnection);
            },
            [this, &r](const SearchCommand &c) {
                if (auto *host = hostFor(c.session, "search", r))
                    QMetaObject::invokeMethod(
                        host, [host, c, r] { host->searchMessages(c.query, c.limit, r); },
                        Qt::QueuedConnection);
            },
        },
        command);
}

void SessionManager::onSessionEvent(const Event &e) {
    if (const auto *status = std::get_if<StatusEvent>(&e)) {
        rememberStatus(status->session, status->status, status->jid);
        // Any news but "connecting" ends a start's handshake, however it went: its slot goes to the next.
        if (status->status != SessionStatus::Connecting && m_starts.isStarting(status->session)) {
            m_starts.settled(status->session);
            pumpStarts();
        }
    }
    emit event(e);
}

void SessionManager::setAutoStart(const QString &id, bool autoStart, const QString &requestId) {
    auto it = m_records.find(id);
    if (it == m_records.end() || it->autoStart == autoStart)
        return;
    it->autoStart = autoStart;
    if (auto updated = m_directory->update(*it); !updated)
        emit event(ErrorEvent {id, updated.error().code, updated.error().message, requestId});
}

void SessionManager::rememberStatus(const QString &id, SessionStatus status, const QString &jid) {
    auto it = m_records.find(id);
    if (it == m_records.end())
        return;
    if (it->lastStatus == status && it->ownJid == jid)
        return;
    it->lastStatus = status;
    it->ownJid = jid;
    if (auto updated = m_directory->update(*it); !updated)
        emit event(ErrorEvent {id, updated.error().code, updated.error().message});
}

} // namespace balcao
