#include "http_server.h"

#include "request_target.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QUrl>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <thread>
#include <unordered_map>
#include <vector>

namespace balcao::api {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {

using Message = std::shared_ptr<const std::string>;

HttpMethod methodOf(http::verb verb) {
    switch (verb) {
    case http::verb::get:
        return HttpMethod::Get;
    case http::verb::post:
        return HttpMethod::Post;
    case http::verb::put:
        return HttpMethod::Put;
    case http::verb::patch:
        return HttpMethod::Patch;
    case http::verb::delete_:
        return HttpMethod::Delete;
    case http::verb::head:
        return HttpMethod::Head;
    case http::verb::options:
        return HttpMethod::Options;
    default:
        break;
    }
    return HttpMethod::Other;
}

QString hostPart(QByteArrayView hostHeader) {
    QByteArrayView host = hostHeader.trimmed();
    if (host.startsWith('[')) {
        const qsizetype close = host.indexOf(']');
        if (close < 0)
            return {};
        host = host.sliced(1, close - 1);
    } else if (const qsizetype colon = host.indexOf(':'); colon >= 0) {
        host = host.first(colon);
    }
    return QString::fromLatin1(host).toLower();
}

// A stream client: a WebSocket or an SSE connection fed by the hub.
class StreamClient {
public:
    virtual ~StreamClient() = default;
    virtual bool wants(const std::string &session) const = 0;
    virtual void push(const Message &message) = 0;
};

} // namespace

namespace {
class HttpConnection;
} // namespace

// Everything the network thread shares. Connections and stream clients point to it without owning it;
// the HttpServer owns it (the shared_ptr only lets a late Responder see that the server is gone).
struct HttpServer::Core : std::enable_shared_from_this<HttpServer::Core> {
    ~Core();

    Limits limits;
    Dispatch dispatch;
    QString boundHost;
    std::atomic_int connections {0};
    std::atomic_int streams {0};
    std::atomic_int dropped {0};
    std::vector<std::weak_ptr<StreamClient>> clients; // network thread only
    // Connections waiting for their handler's answer (nothing else holds them meanwhile).
    std::unordered_map<HttpConnection *, std::shared_ptr<HttpConnection>> awaiting;
    std::thread thread;
    // After the members the connections use, so pending handlers are destroyed while those still exist.
    asio::io_context ioc {1};
    std::optional<tcp::acceptor> acceptor;

    void accept();
    void deliver(const std::string &session, const Message &message) {
        std::erase_if(clients, [](const std::weak_ptr<StreamClient> &c) { return c.expired(); });
        const auto snapshot = clients;
        for (const auto &weak : snapshot) {
            if (auto client = weak.lock(); client && client->wants(session))
                client->push(message);
        }
    }
};

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

// One HTTP connection: read a request (with limits), hand it over, write the answer, repeat.
class HttpConnection : public std::enable_shared_from_this<HttpConnection> {
public:
    HttpConnection(tcp::socket socket, CorePtr core)
        : m_stream(std::move(socket))
        , m_handlerTimer(m_stream.get_executor())
        , m_core(core) {
        ++m_core->connections;
    }
    ~HttpConnection() { --m_core->connections; }

    void read() {
        m_parser.emplace();
        m_parser->header_limit(std::uint32_t(m_core->limits.maxHeaderBytes));
        m_parser->body_limit(std::uint64_t(m_core->limits.maxBodyBytes));
        m_stream.expires_after(std::chrono::milliseconds(m_core->limits.idleTimeoutMs));
        http::async_read(m_stream, m_buffer, *m_parser,
            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onRead(ec); });
    }

private:
    void onRead(beast::error_code ec) {
        if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::eof
            || ec == asio::error::connection_reset || ec == asio::error::operation_aborted) {
            return close();
        }
        if (ec == http::error::body_limit)
            return refuse(Response::error(413, QLatin1String(errc::kBodyTooLarge),
                QStringLiteral("The body is larger than %1 bytes.").arg(m_core->limits.maxBodyBytes)));
        if (ec == http::error::header_limit)
            return refuse(Response::error(431, QLatin1String(errc::kHeadersTooLarge),
                QStringLiteral("The request line and headers are larger than %1 bytes.")
                    .arg(m_core->limits.maxHeaderBytes)));
        if (ec)
            return refuse(Response::error(400, QLatin1String(errc::kInvalidArgument),
                QStringLiteral("The request is not valid HTTP/1.1 (%1).")
                    .arg(QString::fromStdString(ec.message()))));

        m_request = m_parser->release();
        m_keepAlive = m_request.keep_alive();
        const auto &req = m_request;

        if (req.version() != 11 && req.version() != 10)
            return refuse(Response::error(
                400, QLatin1String(errc::kInvalidArgument), QStringLiteral("Only HTTP/1.x.")));
        const auto host = req.find(http::field::host);
        if (host == req.end())
            return refuse(Response::error(
                400, QLatin1String(errc::kBadHost), QStringLiteral("The Host header is missing.")));
        const QByteArrayView hostValue(host->value().data(), qsizetype(host->value().size()));
        if (!HttpServer::hostAllowed(hostValue, m_core->boundHost, m_core->limits.extraHostNames))
            return refuse(Response::error(421, QLatin1String(errc::kBadHost),
                QStringLiteral("This server does not answer for host \"%1\".")
                    .arg(QString::fromLatin1(hostValue.first(std::min<qsizetype>(hostValue.size(), 100))))));
        // A browser page from another site must not drive the API (or its WebSocket) with the user's network
        // position; non-browser clients send no Origin.
        if (const auto origin = req.find(http::field::origin); origin != req.end()) {
            const QUrl url(QString::fromLatin1(
                QByteArrayView(origin->value().data(), qsizetype(origin->value().size()))));
            const QByteArray originHost = url.host().toLatin1();
            if (!url.isValid() || originHost.isEmpty()
                || !HttpServer::hostAllowed(
                    url.host().contains(QLatin1Char(':')) ? "[" + originHost + "]" : originHost,
                    m_core->boundHost, m_core->limits.extraHostNames))
                return refuse(Response::error(403, QLatin1String(errc::kBadHost),
                    QStringLiteral("Requests from web pages of other origins are not accepted.")));
        }

        const QByteArrayView rawTarget(req.target().data(), qsizetype(req.target().size()));
        auto target = parseRequestTarget(rawTarget);
        if (!target)
            return refuse(Response::error(target.error().code == QLatin1String(errc::kUriTooLong) ? 414 : 400,
                target.error().code, target.error().message));

        Request request;
        request.method = methodOf(req.method());
        request.target = QString::fromLatin1(rawTarget);
        request.segments = std::move(target->segments);
        request.query = std::move(target->query);
        for (const auto &field : req) {
            request.headers.insert(
                QByteArray(field.name_string().data(), qsizetype(field.name_string().size())).toLower(),
                QByteArray(field.value().data(), qsizetype(field.value().size())));
        }
        request.body = QByteArray(req.body().data(), qsizetype(req.body().size()));
        request.websocketUpgrade = websocket::is_upgrade(req);

        // The handler answers from the Qt thread; the write is queued back onto this connection's thread. The
        // connection waits in `awaiting` meanwhile, and gives up after the handler timeout.
        const quint64 sequence = ++m_sequence;
        Responder respond(
            [weakCore = m_core->weak_from_this(), weakSelf = weak_from_this(), sequence](Response response) {
                if (auto core = weakCore.lock()) {
                    asio::post(core->ioc, [weakSelf, sequence, response = std::move(response)]() mutable {
                        if (auto self = weakSelf.lock())
                            self->answerRequest(sequence, std::move(response));
                    });
                }
            });
        m_core->awaiting.emplace(this, shared_from_this());
        m_handlerTimer.expires_after(std::chrono::milliseconds(m_core->limits.handlerTimeoutMs));
        m_handlerTimer.async_wait([weakSelf = weak_from_this(), sequence](beast::error_code ec) {
            if (auto self = weakSelf.lock(); self && !ec)
                self->answerRequest(sequence,
                    Response::error(
                        504, QLatin1String(errc::kTimeout), QStringLiteral("No answer in time.")));
        });
        m_stream.expires_never();
        m_core->dispatch(std::move(request), std::move(respond));
    }

    void answerRequest(quint64 sequence, Response response) {
        if (sequence != m_sequence || !m_core->awaiting.contains(this))
            return;
        auto keep = shared_from_this();
        m_core->awaiting.erase(this);
        m_handlerTimer.cancel();
        answer(std::move(response));
    }

    // Answers an unreadable or refused request and closes: what follows it on the wire cannot be trusted.
    void refuse(Response response) {
        m_keepAlive = false;
        m_linger = true;
        m_request = {};
        m_request.version(11);
        answer(std::move(response));
    }

    void answer(Response response) {
        if (response.kind == ResponseKind::EventStream && response.status == 200)
            return startEventStream(std::move(response));
        if (response.kind == ResponseKind::WebSocket && response.status == 200) {
            auto client
                = std::make_shared<WebSocketClient>(std::move(m_stream), std::move(response.stream), m_core);
            client->start(std::move(m_request));
            return;
        }
        auto res = std::make_shared<http::response<http::string_body>>();
        res->version(m_request.version() == 10 ? 10 : 11);
        res->result(unsigned(response.status));
        res->set(http::field::server, "Balcao");
        res->set(http::field::content_type,
            std::string(response.contentType.constData(), response.contentType.size()));
        res->set(http::field::cache_control, "no-store");
        res->set("X-Content-Type-Options", "nosniff");
        for (const auto &[name, value] : response.headers)
            res->set(
                std::string(name.constData(), name.size()), std::string(value.constData(), value.size()));
        res->keep_alive(m_keepAlive);
        if (m_request.method() == http::verb::head) {
            res->content_length(std::uint64_t(response.body.size()));
        } else {
            res->body().assign(response.body.constData(), std::size_t(response.body.size()));
            res->prepare_payload();
        }
        m_stream.expires_after(std::chrono::milliseconds(m_core->limits.idleTimeoutMs));
        if (m_request.method() == http::verb::head) {
            auto serializer = std::make_shared<http::response_serializer<http::string_body>>(*res);
            http::async_write_header(m_stream, *serializer,
                [self = shared_from_this(), res, serializer](
                    beast::error_code ec, std::size_t) { self->afterWrite(ec); });
            return;
        }
        http::async_write(m_stream, *res,
            [self = shared_from_this(), res](beast::error_code ec, std::size_t) { self->afterWrite(ec); });
    }

    void afterWrite(beast::error_code ec) {
        if (!ec && m_linger)
            return linger();
        if (ec || !m_keepAlive)
            return close();
        read();
    }

    // After refusing a request whose body may still be arriving (413), closing at once would reset the
    // connection and the client could lose our answer; read and drop what comes for a moment first.
    void linger() {
        if (m_discard.empty()) {
            beast::error_code ignored;
            m_stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
            m_stream.expires_after(std::chrono::seconds(2)); // once: a trickle cannot keep it open
            m_discard.resize(16 * 1024);
        }
        m_stream.async_read_some(
            asio::buffer(m_discard), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                self->m_lingered += n;
                if (ec || self->m_lingered > 4 * 1024 * 1024)
                    return self->close();
                self->m_linger = true;
                self->linger();
            });
    }

    void startEventStream(Response response) {
        std::string head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n"
                           "X-Accel-Buffering: no\r\nConnection: close\r\nServer: Balcao\r\n\r\n";
        // An SSE retry hint and a comment, so clients see the stream is live at once.
        head += "retry: 3000\n: connected\n\n";
        auto client = std::make_shared<SseClient>(std::move(m_stream), std::move(response.stream), m_core);
        client->start(std::move(head));
    }

    void close() {
        beast::error_code ignored;
        m_stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
        m_stream.close();
    }

    beast::tcp_stream m_stream;
    beast::flat_buffer m_buffer;
    std::optional<http::request_parser<http::string_body>> m_parser;
    http::request<http::string_body> m_request;
    bool m_keepAlive = false;
    bool m_linger = false;
    std::vector<char> m_discard;
    std::size_t m_lingered = 0;
    asio::steady_timer m_handlerTimer;
    quint64 m_sequence = 0;
    CorePtr m_core;
};

} // namespace

HttpServer::Core::~Core() {
    // While the io_context still exists: the sockets these hold belong to it.
    awaiting.clear();
    clients.clear();
    acceptor.reset();
}

void HttpServer::Core::accept() {
    acceptor->async_accept(ioc, [self = this](beast::error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted || !self->acceptor || !self->acceptor->is_open())
            return;
        if (!ec) {
            if (self->connections.load() + self->streams.load() >= self->limits.maxConnections) {
                beast::error_code ignored;
                socket.close(ignored);
            } else {
                std::make_shared<HttpConnection>(std::move(socket), self)->read();
            }
        }
        self->accept();
    });
}

HttpServer::HttpServer(Limits limits, Dispatch dispatch)
    : m_core(std::make_shared<Core>()) {
    m_core->limits = std::move(limits);
    m_core->dispatch = std::move(dispatch);
}

HttpServer::~HttpServer() {
    stop();
}

Result<quint16> HttpServer::listen(const QString &host, quint16 port) {
    if (m_core->thread.joinable())
        return makeError(errc::kInvalidArgument, QStringLiteral("The API server is already listening."));
    beast::error_code ec;
    const auto address = asio::ip::make_address(host.toStdString(), ec);
    if (ec)
        return makeError(errc::kInvalidArgument,
            QStringLiteral("\"%1\" is not an IP address to listen on (use e.g. 127.0.0.1).").arg(host));
    tcp::acceptor acceptor(m_core->ioc);
    const tcp::endpoint endpoint(address, port);
    acceptor.open(endpoint.protocol(), ec);
    if (!ec)
        acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec)
        acceptor.bind(endpoint, ec);
    if (!ec)
        acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
        return makeError(errc::kConnectionFailed,
            QStringLiteral("Cannot listen on %1:%2: %3.")
                .arg(host)
                .arg(port)
                .arg(QString::fromStdString(ec.message())));
    const tcp::endpoint local = acceptor.local_endpoint(ec);
    if (ec)
        return makeError(errc::kConnectionFailed,
            QStringLiteral("Cannot read the bound address: %1.").arg(QString::fromStdString(ec.message())));
    const quint16 bound = local.port();
    m_core->boundHost = host.toLower();
    m_core->acceptor.emplace(std::move(acceptor));
    m_core->accept();
    m_core->thread = std::thread([core = m_core.get()] {
        // A handler that throws (out of memory, a Beast precondition) must not end the process: log it and
        // keep serving the other connections.
        for (;;) {
            try {
                core->ioc.run();
                return;
            } catch (const std::exception &e) {
                qWarning("balcao api: a connection handler failed: %s", e.what());
            }
        }
    });
    return bound;
}

void HttpServer::stop() {
    if (!m_core->thread.joinable())
        return;
    asio::post(m_core->ioc, [core = m_core.get()] {
        beast::error_code ignored;
        if (core->acceptor)
            core->acceptor->close(ignored);
    });
    m_core->ioc.stop();
    m_core->thread.join();
}

void HttpServer::publish(const QString &session, const QByteArray &json) {
    auto message = std::make_shared<const std::string>(json.toStdString());
    asio::post(m_core->ioc, [core = std::weak_ptr<Core>(m_core), session = session.toStdString(), message] {
        if (auto c = core.lock())
            c->deliver(session, message);
    });
}

int HttpServer::streamClients() const {
    return m_core->streams.load();
}

int HttpServer::droppedClients() const {
    return m_core->dropped.load();
}

bool HttpServer::hostAllowed(
    QByteArrayView hostHeader, const QString &boundHost, const QStringList &extraNames) {
    const QString host = hostPart(hostHeader);
    if (host.isEmpty())
        return false;
    if (host == QLatin1String("localhost") || host == QLatin1String("127.0.0.1")
        || host == QLatin1String("::1"))
        return true;
    if (host == boundHost)
        return true;
    for (const QString &name : extraNames) {
        if (host == name.toLower())
            return true;
    }
    // Bound to every interface: any address literal is fine (a rebinding attack needs a DNS name).
    const bool wildcard = boundHost == QLatin1String("0.0.0.0") || boundHost == QLatin1String("::");
    return wildcard && !QHostAddress(host).isNull();
}

} // namespace balcao::api
