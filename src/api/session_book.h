#pragma once

#include <QHash>
#include <QJsonObject>
#include <optional>
#include <session/events.h>

namespace balcao::api {

// What the API answers about sessions without asking them: the QR code on show, the last status, and
// message counts since start, kept from the SessionManager's events. Lives in the API's Qt thread.
class SessionBook {
public:
    struct Qr {
        QString qr;
        qint64 expiresAtMs = 0;
        bool expired = false;
    };
    struct Status {
        SessionStatus status = SessionStatus::New;
        QString jid;
        QString reason;
        int attempt = 0;
        qint64 nextTryMs = 0;
    };
    struct Counts {
        qint64 in = 0;
        qint64 out = 0;
    };

    void record(const Event &event, qint64 nowMs);

    // The QR being shown; expired once its time passed or the session said so; nothing when none.
    std::optional<Qr> qr(const QString &session, qint64 nowMs) const;
    std::optional<Status> status(const QString &session) const;
    Counts counts(const QString &session) const { return m_counts.value(session); }
    qint64 startedAtMs() const { return m_startedAtMs; }
    void setStartedAt(qint64 ms) { m_startedAtMs = ms; }

private:
    QHash<QString, Qr> m_qr;
    QHash<QString, Status> m_status;
    QHash<QString, Counts> m_counts;
    qint64 m_startedAtMs = 0;
};

} // namespace balcao::api
