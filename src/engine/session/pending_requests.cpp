#include "pending_requests.h"

namespace balcao {

namespace {

// Commands whose work is over once the session has run them; their outcome (a status, a QR) comes as events.
bool doneWhenHandled(const Command &command) {
    if (const auto *link = std::get_if<LinkCommand>(&command))
        return link->method == LinkMethod::Qr;
    return std::holds_alternative<StartCommand>(command) || std::holds_alternative<StopCommand>(command)
        || std::holds_alternative<LogoutCommand>(command) || std::holds_alternative<MarkReadCommand>(command)
        || std::holds_alternative<SetCallsCommand>(command)
        || std::holds_alternative<MarkPlayedCommand>(command);
}

} // namespace

void PendingRequests::add(
    const QString &requestId, const Command &command, const ReplyTask &task, qint64 nowMs) {
    m_pending.insert(requestId, Pending {command, task, nowMs + kTimeoutMs});
}

void PendingRequests::finish(const QString &requestId, Reply reply) {
    auto it = m_pending.find(requestId);
    if (it == m_pending.end())
        return;
    const ReplyTask task = it->task;
    m_pending.erase(it);
    task.finish(std::move(reply));
}

void PendingRequests::onEvent(const Event &event) {
    if (m_pending.isEmpty())
        return;
    if (const auto *error = std::get_if<ErrorEvent>(&event)) {
        if (!error->requestId.isEmpty())
            finish(error->requestId, Error {error->code, error->message});
        return;
    }
    if (const auto *session = std::get_if<SessionEvent>(&event)) {
        if (session->requestId.isEmpty())
            return;
        if (session->removed) {
            finish(session->requestId, SessionDeleted {session->session});
        } else if (auto record = m_lookup(session->session)) {
            finish(session->requestId, SessionCreated {*record});
        }
        return;
    }
    // Events that carry no request id: the pending command they answer is found by what it asked for.
    for (auto it = m_pending.begin(); it != m_pending.end(); ++it) {
        std::optional<Reply> reply;
        if (const auto *message = std::get_if<MessageEvent>(&event)) {
            const auto *send = std::get_if<SendCommand>(&it->command);
            const auto *file = std::get_if<SendFileCommand>(&it->command);
            if (send && message->fromMe && message->session == send->session && message->id == send->id)
                reply = MessageQueued {*message};
            if (file && message->fromMe && message->session == file->session && message->id == file->id)
                reply = MessageQueued {*message};
        } else if (const auto *code = std::get_if<PairingCodeEvent>(&event)) {
            const auto *link = std::get_if<LinkCommand>(&it->command);
            if (link && link->method == LinkMethod::Code && link->session == code->session)
                reply = PairingCodeReply {code->session, code->code, code->phone};
        }
        if (reply) {
            finish(it.key(), std::move(*reply));
            return;
        }
    }
}

void PendingRequests::onAnswer(const QString &requestId, const Reply &reply) {
    finish(requestId, reply);
}

void PendingRequests::onHandled(const QString &requestId) {
    auto it = m_pending.find(requestId);
    if (it != m_pending.end() && doneWhenHandled(it->command))
        finish(requestId, Done {});
}

void PendingRequests::expire(qint64 nowMs) {
    QStringList late;
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
        if (nowMs >= it->deadlineMs)
            late.append(it.key());
    }
    for (const QString &requestId : std::as_const(late))
        finish(requestId,
            makeError(errc::kTimeout, QStringLiteral("The session did not answer in time; try again.")));
}

} // namespace balcao
