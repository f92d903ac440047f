#pragma once

#include "api_errors.h"
#include "responder.h"

#include <session/events.h>

#include <QObject>
#include <QTimer>

#include <functional>
#include <list>

namespace balcao::api {

// Pairs requests with the SessionManager's answers. The API gives every command a request id; the
// answer comes later as a query reply or an event carrying that id, or as an ErrorEvent with it. A wait
// either gets its answer, its error (turned into the error response), or a 504 after `timeoutMs`. Lives
// in the API's Qt thread.
class ReplyWaiter : public QObject {
    Q_OBJECT
public:
    // Given an event or a reply, returns the response when it is the awaited one.
    using EventMatcher = std::function<std::optional<Response>(const Event &event)>;
    using ReplyMatcher = std::function<std::optional<Response>(const QJsonObject &reply)>;

    explicit ReplyWaiter(QObject *parent = nullptr);

    // A fresh request id ("api-<n>").
    QString newRequestId();

    void waitForEvent(const QString &requestId, Responder respond, EventMatcher matcher, int timeoutMs = 15000);
    void waitForReply(const QString &requestId, Responder respond, int timeoutMs = 15000);

    void onEvent(const Event &event);
    void onReply(const QJsonObject &reply);

    int pending() const { return int(m_waits.size()); }

private:
    struct Wait {
        QString requestId;
        Responder respond;
        EventMatcher matchEvent;
        bool wantsReply = false;
        qint64 deadlineMs = 0;
    };
    void expire();

    std::list<Wait> m_waits;
    QTimer m_timer;
    quint64 m_counter = 0;
};

} // namespace balcao::api
