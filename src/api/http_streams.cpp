#include "http_core.h"

#include <QJsonDocument>
#include <boost/beast/websocket.hpp>
#include <deque>

// The event streams of the API server: SSE and WebSocket clients fed by HttpServer::publish through the core,
// each with a bounded queue (a client that stops reading is dropped before it costs much memory).
namespace balcao::api::detail {

namespace websocket = beast::websocket;

namespace {

using CorePtr = HttpServer::Core *;

// What every stream client shares: the bounded queue written one message at a time.
template<typename Derived> class QueuedWriter {
protected:
    // Returns false when the queue is full: the caller drops the client. The bound is in bytes as well as
    // in events, so a burst (an offline batch of hundreds of messages) queued in one go does not drop a
    // client that reads, while one that stopped reading is dropped before it costs much memory.
    bool enqueue(const Message &message, const HttpServer::Limits &limits) {
        if (int(m_queue.size()) >= limits.maxQueuedEvents
            || m_queuedBytes + qsizetype(message->size()) > limits.maxQueuedBytes)
            return false;
        m_queue.push_back(message);
        m_queuedBytes += qsizetype(message->size());
        if (!m_writing)
            static_cast<Derived *>(this)->writeNext();
        return true;
    }
    void popFront() {
        m_queuedBytes -= qsizetype(m_queue.front()->size());
        m_queue.pop_front();
    }
    std::deque<Message> m_queue;
    qsizetype m_queuedBytes = 0;
    bool m_writing = false;
};

class SseClient
    : public StreamClient
    , public QueuedWriter<SseClient>
    , public std::enable_shared_from_this<SseClient> {
public:
    SseClient(beast::tcp_stream stream, StreamFilter filter, CorePtr core)
        : m_stream(std::move(stream))
        , m_filter(std::move(filter))
        , m_core(core)
        , m_timer(m_stream.get_executor()) {
        ++m_core->streams;
    }
    ~SseClient() override { --m_core->streams; }

    void start(std::string head) {
        m_core->clients.push_back(weak_from_this());
        enqueue(std::make_shared<const std::string>(std::move(head)), m_core->limits);
        keepAlive();
        // Nothing more is read from an SSE client; a read that ends tells us it went away.
        m_stream.expires_never();
        m_stream.socket().async_wait(tcp::socket::wait_read, [self = shared_from_this()](beast::error_code) {
            // Either data (which we do not expect) or a close: both end the stream.
            self->close();
        });
    }

    bool wants(const std::string &session) const override {
        return m_filter.allSessions || m_filter.sessions.contains(QString::fromStdString(session));
    }

    void push(const Message &json) override {
        if (m_closed)
            return;
        auto framed = std::make_shared<const std::string>("data: " + *json + "\n\n");
        if (!enqueue(framed, m_core->limits)) {
            ++m_core->dropped;
            close();
        }
    }

    void writeNext() {
        if (m_closed || m_queue.empty()) {
            m_writing = false;
            return;
        }
        m_writing = true;
        m_stream.expires_after(std::chrono::milliseconds(m_core->limits.idleTimeoutMs));
        asio::async_write(m_stream, asio::buffer(*m_queue.front()),
            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                if (ec)
                    return self->close();
                self->popFront();
                self->writeNext();
            });
    }

private:
    friend class QueuedWriter<SseClient>;

    void keepAlive() {
        m_timer.expires_after(std::chrono::milliseconds(m_core->limits.keepAliveMs));
        m_timer.async_wait([weak = weak_from_this()](beast::error_code ec) {
            auto self = weak.lock();
            if (ec || !self || self->m_closed)
                return;
            if (!self->enqueue(
                    std::make_shared<const std::string>(": keep-alive\n\n"), self->m_core->limits)) {
                ++self->m_core->dropped;
                return self->close();
            }
            self->keepAlive();
        });
    }

    void close() {
        if (m_closed)
            return;
        m_closed = true;
        m_timer.cancel();
        beast::error_code ignored;
        m_stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        m_stream.close();
    }

    beast::tcp_stream m_stream;
    StreamFilter m_filter;
    CorePtr m_core;
    asio::steady_timer m_timer;
    bool m_closed = false;
};

class WebSocketClient
    : public StreamClient
    , public QueuedWriter<WebSocketClient>
    , public std::enable_shared_from_this<WebSocketClient> {
public:
    static constexpr std::size_t kMaxIncomingMessage = 4096;

    WebSocketClient(beast::tcp_stream stream, StreamFilter filter, CorePtr core)
        : m_ws(std::move(stream))
        , m_filter(std::move(filter))
        , m_core(core) {
        ++m_core->streams;
    }
    ~WebSocketClient() override { --m_core->streams; }

    void start(http::request<http::string_body> request) {
        beast::get_lowest_layer(m_ws).expires_never();
        m_ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
        m_ws.read_message_max(kMaxIncomingMessage);
        m_ws.set_option(websocket::stream_base::decorator(
            [](websocket::response_type &response) { response.set(http::field::server, "Balcao"); }));
        m_ws.async_accept(request, [self = shared_from_this()](beast::error_code ec) {
            if (ec)
                return;
            self->m_open = true;
            self->m_core->clients.push_back(self->weak_from_this());
            self->read();
        });
    }

    bool wants(const std::string &session) const override {
        return m_filter.allSessions || m_filter.sessions.contains(QString::fromStdString(session));
    }

    void push(const Message &json) override {
        if (!m_open)
            return;
        if (!enqueue(json, m_core->limits)) {
            ++m_core->dropped;
            m_open = false;
            beast::get_lowest_layer(m_ws).close();
        }
    }

    void writeNext() {
        if (!m_open || m_queue.empty()) {
            m_writing = false;
            return;
        }
        m_writing = true;
        m_ws.text(true);
        m_ws.async_write(
            asio::buffer(*m_queue.front()), [self = shared_from_this()](beast::error_code ec, std::size_t) {
                if (ec) {
                    self->m_open = false;
                    return;
                }
                self->popFront();
                self->writeNext();
            });
    }

private:
    void read() {
        m_ws.async_read(m_in, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) {
                self->m_open = false;
                return;
            }
            const std::string text = beast::buffers_to_string(self->m_in.data());
            self->m_in.consume(self->m_in.size());
            self->answer(self->handle(QByteArray::fromStdString(text)));
            self->read();
        });
    }

    void answer(const QJsonObject &reply) {
        const auto json = std::make_shared<const std::string>(
            QJsonDocument(reply).toJson(QJsonDocument::Compact).toStdString());
        push(json);
    }

    // {"action":"subscribe"|"unsubscribe","session":"s1"}; an admin may use "*" for every session.
    QJsonObject handle(const QByteArray &text) {
        const auto fail = [](const QString &code, const QString &message) {
            return QJsonObject {{QStringLiteral("event"), QStringLiteral("error")},
                {QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
        };
        const QJsonDocument doc = QJsonDocument::fromJson(text);
        if (!doc.isObject())
            return fail(QLatin1String(errc::kInvalidJson),
                QStringLiteral("Send {\"action\":\"subscribe\",\"session\":\"<id>\"} as a JSON object."));
        const QJsonObject o = doc.object();
        const QString action = o.value(QStringLiteral("action")).toString();
        const QJsonValue sessionValue = o.value(QStringLiteral("session"));
        if (action != QLatin1String("subscribe") && action != QLatin1String("unsubscribe"))
            return fail(QLatin1String(errc::kInvalidArgument),
                QStringLiteral("\"action\" must be \"subscribe\" or \"unsubscribe\"."));
        if (!sessionValue.isString() || sessionValue.toString().isEmpty()
            || sessionValue.toString().size() > 64)
            return fail(QLatin1String(errc::kInvalidArgument),
                QStringLiteral("\"session\" must be a session id (a string), or \"*\" for every session."));
        const QString session = sessionValue.toString();
        const bool admin = m_filter.caller && m_filter.caller->isAdmin();
        if (session == QLatin1String("*")) {
            if (!admin)
                return fail(QLatin1String(errc::kForbidden),
                    QStringLiteral("Only admin keys may follow every session."));
            m_filter.allSessions = action == QLatin1String("subscribe");
            if (!m_filter.allSessions)
                m_filter.sessions.clear();
        } else {
            if (!m_filter.caller || !m_filter.caller->maySee(session))
                return fail(QLatin1String(errc::kForbidden),
                    QStringLiteral("This key may not follow session \"%1\".").arg(session.left(64)));
            if (action == QLatin1String("subscribe"))
                m_filter.sessions.insert(session);
            else
                m_filter.sessions.remove(session);
        }
        return QJsonObject {{QStringLiteral("event"),
                                action == QLatin1String("subscribe") ? QStringLiteral("subscribed")
                                                                     : QStringLiteral("unsubscribed")},
            {QStringLiteral("session"), session}};
    }

    friend class QueuedWriter<WebSocketClient>;

    websocket::stream<beast::tcp_stream> m_ws;
    beast::flat_buffer m_in;
    StreamFilter m_filter;
    CorePtr m_core;
    bool m_open = false;
};

} // namespace

void startEventStream(
    beast::tcp_stream stream, StreamFilter filter, HttpServer::Core *core, std::string head) {
    std::make_shared<SseClient>(std::move(stream), std::move(filter), core)->start(std::move(head));
}

void startWebSocket(beast::tcp_stream stream, StreamFilter filter, HttpServer::Core *core,
    http::request<http::string_body> request) {
    std::make_shared<WebSocketClient>(std::move(stream), std::move(filter), core)->start(std::move(request));
}

} // namespace balcao::api::detail
