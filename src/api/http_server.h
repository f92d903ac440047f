#pragma once

#include "http_types.h"
#include "json_body.h"
#include "responder.h"

#include <QString>
#include <QStringList>
#include <errors.h>
#include <functional>
#include <memory>

namespace balcao::api {

// The API's network side, on Boost.Beast (docs/architecture.md "Local API"): HTTP/1.1 and
// WebSocket on one port, run by one io_context on a thread of its own. It refuses bad traffic before any
// handler sees it — header block over the limit (431), body over the limit before reading it (413),
// idle connections (timeout), malformed requests (400), a Host that is not this server's (421, against DNS
// rebinding), a browser Origin that is not this server's (403) — and hands every other request to
// `dispatch` on the network thread; dispatch passes it on to the Qt side and answers through the
// Responder. Event streams (WebSocket, SSE) get events through publish(); a client whose queue is full
// (it stopped reading) is dropped. Beast stays inside http_server.cpp.
class HttpServer {
public:
    struct Limits {
        qsizetype maxBodyBytes = kMaxBodyBytes;
        qsizetype maxHeaderBytes = 8 * 1024;
        int idleTimeoutMs = 30000; // a connection that sends nothing for this long is closed
        int handlerTimeoutMs = 60000; // a request without an answer by then is closed
        int maxConnections = 512;
        int maxQueuedEvents = 8192; // per stream client; beyond either bound, the client is dropped
        qsizetype maxQueuedBytes = 4 * 1024 * 1024;
        int keepAliveMs = 15000; // SSE comment lines so proxies keep the stream open
        QStringList extraHostNames; // Host names accepted besides the bound address and localhost
        // Routes that take files (sending media): how large their body may be, by kind. A JSON body is read
        // into memory; a multipart/form-data body is written to a file in `uploadDir` as it arrives, so a
        // large document never sits in memory. Both limits are checked against Content-Length before a byte
        // of the body is read.
        std::function<bool(HttpMethod, const QStringList &segments)> takesFiles;
        qsizetype maxFileJsonBytes = 0;
        qint64 maxFileUploadBytes = 0;
        QString uploadDir;
    };
    using Dispatch = std::function<void(Request request, Responder respond)>;

    HttpServer(Limits limits, Dispatch dispatch);
    ~HttpServer();
    HttpServer(const HttpServer &) = delete;
    HttpServer &operator=(const HttpServer &) = delete;

    // Binds `host:port` (port 0 = any free port) and starts serving; returns the bound port.
    Result<quint16> listen(const QString &host, quint16 port);
    // Closes every connection and joins the network thread.
    void stop();

    // Sends one event (its JSON) to every stream that carries `session`. Any thread.
    void publish(const QString &session, const QByteArray &json);
    // Connected WebSocket and SSE clients, and how many were dropped for not reading.
    int streamClients() const;
    int droppedClients() const;

    // Whether a Host header value names this server ("127.0.0.1:8080", "localhost", "[::1]:80").
    static bool hostAllowed(
        QByteArrayView hostHeader, const QString &boundHost, const QStringList &extraNames);

    struct Core; // the network thread's state, opaque outside http_server.cpp

private:
    std::shared_ptr<Core> m_core;
};

} // namespace balcao::api
