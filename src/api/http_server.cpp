#include "http_core.h"
#include "request_target.h"

#include <QHostAddress>
#include <QUrl>
#include <boost/beast/websocket.hpp>

namespace balcao::api {

namespace websocket = beast::websocket;

namespace {

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

} // namespace

namespace detail {

using CorePtr = HttpServer::Core *;

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
            detail::startWebSocket(
                std::move(m_stream), std::move(response.stream), m_core, std::move(m_request));
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
        detail::startEventStream(std::move(m_stream), std::move(response.stream), m_core, std::move(head));
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

} // namespace detail

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
                std::make_shared<detail::HttpConnection>(std::move(socket), self)->read();
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
