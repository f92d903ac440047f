#pragma once

#include "commands.h"
#include "events.h"
#include "reply_task.h"

#include <QHash>
#include <functional>
#include <optional>

namespace balcao {

// The tasks of the commands in flight and what finishes each: its error (an ErrorEvent with its request id,
// wherever and whenever it arose), its answer (queries), the event that shows it done (a new session, a
// queued text, a pairing code), or the session saying it carried the command out. A task nobody answers is
// finished with a timeout, so nothing waits for ever. Lives in the SessionManager's thread.
class PendingRequests {
public:
    static constexpr qint64 kTimeoutMs = 120000;
    using RecordLookup = std::function<std::optional<SessionRecord>(const QString &session)>;

    explicit PendingRequests(RecordLookup lookup)
        : m_lookup(std::move(lookup)) { }

    void add(const QString &requestId, const Command &command, const ReplyTask &task, qint64 nowMs);
    void onEvent(const Event &event);
    void onAnswer(const QString &requestId, const Reply &reply);
    // The session ran the command's synchronous part without an error.
    void onHandled(const QString &requestId);
    // Finishes the tasks older than kTimeoutMs with a timeout error.
    void expire(qint64 nowMs);

    bool isEmpty() const { return m_pending.isEmpty(); }

private:
    struct Pending {
        Command command;
        ReplyTask task;
        qint64 deadlineMs = 0;
    };
    void finish(const QString &requestId, Reply reply);

    RecordLookup m_lookup;
    QHash<QString, Pending> m_pending;
};

} // namespace balcao
