#pragma once

#include "answer.h"
#include "session_book.h"

#include <functional>
#include <optional>
#include <session/session_manager.h>

namespace balcao::api {

// What the core routes work with; everything lives in the API's Qt thread (the SessionManager's).
struct ApiContext {
    SessionManager *manager = nullptr;
    SessionBook *book = nullptr;
    QObject *context = nullptr; // the API's object in the manager's thread: answers are sent from there
    std::function<int()> streamClients; // WebSocket + SSE clients now connected
    QString version;
    QString uploadDir; // where uploaded files wait to be sent (empty: this API takes no files)

    std::optional<SessionRecord> session(const QString &id) const;
    // Runs `command` and answers with its reply as JSON and `status`, or its error (see respondWhenDone).
    void answer(Responder respond, const Command &command, int status, int timeoutMs = 15000) const;
};

// Sending a file: POST /sessions/{id}/messages/media. Its JSON body carries the file in base64, up to
// kMaxFileBase64Bytes of file (the body a little more); a multipart/form-data body may carry up to WhatsApp's
// document limit, written to disk as it arrives.
inline constexpr qsizetype kMaxFileBase64Bytes = 16 * 1024 * 1024;
inline constexpr qsizetype kMaxFileJsonBytes = kMaxFileBase64Bytes / 3 * 4 + 64 * 1024;
inline constexpr qint64 kMultipartOverheadBytes = 1024 * 1024;
bool isFileUploadRoute(HttpMethod method, const QStringList &segments);

// Installs the routes of issue 7 (sessions, QR, pairing code, messages, chats, stats, health, events,
// the OpenAPI document) on a router. Other features add theirs next to these (webhook_routes).
class Router;
void installCoreRoutes(Router &router, const ApiContext &context);
void installSessionRoutes(Router &router, const ApiContext &context);
void installMessageRoutes(Router &router, const ApiContext &context);
void installMediaRoutes(Router &router, const ApiContext &context);
void installSystemRoutes(Router &router, const ApiContext &context);
void installEventRoutes(Router &router, const ApiContext &context);

// The session's JSON as GET /sessions lists it.
QJsonObject sessionJson(const SessionRecord &record, const SessionBook &book);

} // namespace balcao::api
