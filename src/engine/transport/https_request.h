#pragma once

#include "errors.h"
#include "transport/http_response_reader.h"
#include "transport/tls_channel.h"

#include <QObject>
#include <QTimer>
#include <QUrl>
#include <functional>
#include <memory>

class QTcpSocket;

namespace balcao {

// One HTTPS request on a connection of its own (Connection: close), for media uploads and downloads: the
// request body is pulled from the caller a piece at a time while the socket drains, and the answer's body is
// handed over as it arrives, so a large file never sits whole in memory. The server's certificate is checked
// against `trust` (TlsChannel). done() is called exactly once; after it the object may be deleted (later).
// Lives in the session thread.
class HttpsRequest : public QObject {
    Q_OBJECT
public:
    // The next piece of the request body; an empty array once all `bodyLength` bytes were given.
    using BodySource = std::function<Result<QByteArray>()>;
    struct Options {
        QByteArray method = "GET";
        QUrl url; // https://host[:port]/path?query
        QList<std::pair<QByteArray, QByteArray>> headers;
        std::shared_ptr<TlsTrust> trust; // null: the system's roots
        qint64 bodyLength = -1; // -1: no body
        BodySource body;
        std::chrono::milliseconds idleTimeout {30000}; // nothing either way for this long fails the request
    };
    struct Handlers {
        std::function<Result<void>(const HttpResponseHead &)> head;
        std::function<Result<void>(QByteArrayView)> body;
        std::function<void(Result<void>)> done;
        std::function<void(qint64 sent)> uploadProgress;
    };

    explicit HttpsRequest(QObject *parent = nullptr);
    ~HttpsRequest() override;

    void start(Options options, Handlers handlers);
    // Stops without calling done().
    void abort();

private:
    void onConnected();
    void onReadyRead();
    void onBytesWritten();
    void onSocketGone();
    Result<void> sendHead();
    Result<void> pumpBody();
    Result<void> writePlain(QByteArrayView bytes);
    void finish(Result<void> result);
    QString where() const { return m_options.url.host(); }

    Options m_options;
    Handlers m_handlers;
    std::unique_ptr<QTcpSocket> m_socket;
    std::unique_ptr<TlsChannel> m_tls;
    std::unique_ptr<HttpResponseReader> m_reader;
    QTimer m_idle;
    qint64 m_bodySent = 0;
    bool m_headSent = false;
    bool m_finished = false;
};

} // namespace balcao
