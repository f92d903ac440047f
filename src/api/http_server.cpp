#include "http_core.h"
#include "request_target.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QScopeGuard>
#include <QTemporaryFile>
#include <QUrl>
#include <boost/beast/websocket.hpp>

namespace balcao::api {

namespace websocket = beast::websocket;

constexpr std::size_t kUploadReadBytes = 256 * 1024;

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
    ~HttpConnection() {
        dropBodyFile(); // an upload cut off
        --m_core->connections;
    }

    void read() {
        // The header first: the route decides how large the body may be and where it goes.
        m_headParser.emplace();
        m_headParser->header_limit(std::uint32_t(m_core->limits.maxHeaderBytes));
        m_headParser->body_limit(boost::none); // checked once the route is known
        m_stream.expires_after(std::chrono::milliseconds(m_core->limits.idleTimeoutMs));
        http::async_read_header(m_stream, m_buffer, *m_headParser,
            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onHeader(ec); });
    }

private:
    // What the body of a request to this target may be: its size limit, and whether it goes to a file.
    struct BodyPlan {
        std::uint64_t limit = 0;
        bool toFile = false;
    };
    BodyPlan planFor(const http::request<http::empty_body> &head) const {
        const HttpServer::Limits &limits = m_core->limits;
        BodyPlan plan {std::uint64_t(limits.maxBodyBytes), false};
        if (!limits.takesFiles)
            return plan;
        const QByteArrayView rawTarget(head.target().data(), qsizetype(head.target().size()));
        const auto target = parseRequestTarget(rawTarget);
        if (!target || !limits.takesFiles(methodOf(head.method()), target->segments))
            return plan;
        const auto type = head.find(http::field::content_type);
        const bool multipart = type != head.end()
            && QByteArrayView(type->value().data(), qsizetype(type->value().size()))
                   .trimmed()
                   .toByteArray()
                   .toLower()
                   .startsWith("multipart/form-data");
        if (multipart && !limits.uploadDir.isEmpty())
            return {std::uint64_t(limits.maxFileUploadBytes), true};
        return {std::uint64_t(limits.maxFileJsonBytes), false};
    }

    void onHeader(beast::error_code ec) {
        if (ec)
            return onRead(ec);
        const BodyPlan plan = planFor(m_headParser->get());
        m_bodyLimit = plan.limit;
        if (const auto length = m_headParser->content_length(); length && *length > plan.limit) {
            // Refused before a byte of the body is read.
            return refuse(Response::error(413, QLatin1String(errc::kBodyTooLarge),
                QStringLiteral("The body is larger than %1 bytes.").arg(plan.limit)));
        }
        if (!plan.toFile) {
            m_parser.emplace(std::move(*m_headParser));
            m_headParser.reset();
            m_parser->body_limit(plan.limit);
            if (plan.limit > std::uint64_t(m_core->limits.maxBodyBytes))
                m_buffer.reserve(m_buffer.size() + kUploadReadBytes); // a file in base64: large reads
            http::async_read(m_stream, m_buffer, *m_parser,
                [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onRead(ec); });
            return;
        }
        m_fileParser.emplace(std::move(*m_headParser));
        m_headParser.reset();
        m_fileParser->body_limit(plan.limit);
        // Beast reads at most the buffer's free space (512 bytes when it has none): room for large reads
        // makes a 100 MB upload a few thousand reads instead of two hundred thousand.
        m_buffer.reserve(m_buffer.size() + kUploadReadBytes);
        QTemporaryFile file(m_core->limits.uploadDir + QStringLiteral("/upload-XXXXXXXX.part"));
        file.setAutoRemove(false);
        if (!QDir().mkpath(m_core->limits.uploadDir) || !file.open()) {
            return refuse(Response::error(507, QLatin1String(errc::kStorageFull),
                QStringLiteral("Cannot keep the upload on this computer.")));
        }
        m_bodyFile = file.fileName();
        file.close();
        beast::error_code opened;
        m_fileParser->get().body().open(
            m_bodyFile.toLocal8Bit().constData(), beast::file_mode::write, opened);
        if (opened) {
            dropBodyFile();
            return refuse(Response::error(507, QLatin1String(errc::kStorageFull),
                QStringLiteral("Cannot keep the upload on this computer.")));
        }
        http::async_read(m_stream, m_buffer, *m_fileParser,
            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onFileRead(ec); });
    }

    void onFileRead(beast::error_code ec) {
        if (ec) {
            dropBodyFile();
            return onRead(ec);
        }
        auto uploaded = m_fileParser->release();
        m_fileParser.reset();
        m_buffer.shrink_to_fit(); // an idle connection keeps no upload-sized buffer
        uploaded.body().close();
        http::request<http::string_body> request(std::move(uploaded.base()));
        handle(std::move(request), std::exchange(m_bodyFile, {}));
    }

    void dropBodyFile() {
        if (m_fileParser)
            m_fileParser->get().body().close();
        if (!m_bodyFile.isEmpty())
            QFile::remove(std::exchange(m_bodyFile, {}));
    }

    void onRead(beast::error_code ec) {
        if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::eof
            || ec == asio::error::connection_reset || ec == asio::error::operation_aborted) {
            return close();
        }
        if (ec == http::error::body_limit)
            return refuse(Response::error(413, QLatin1String(errc::kBodyTooLarge),
                QStringLiteral("The body is larger than %1 bytes.").arg(m_bodyLimit)));
        if (ec == http::error::header_limit)
            return refuse(Response::error(431, QLatin1String(errc::kHeadersTooLarge),
                QStringLiteral("The request line and headers are larger than %1 bytes.")
                    .arg(m_core->limits.maxHeaderBytes)));
        if (ec)
            return refuse(Response::error(400, QLatin1String(errc::kInvalidArgument),
                QStringLiteral("The request is not valid HTTP/1.1 (%1).")
                    .arg(QString::fromStdString(ec.message()))));

        handle(m_parser->release(), {});
    }

    void handle(http::request<http::string_body> read, QString bodyFile) {
        m_request = std::move(read);
        m_keepAlive = m_request.keep_alive();
        // A request refused from here on leaves no upload behind.
        auto dropFile = qScopeGuard([&bodyFile] {
            if (!bodyFile.isEmpty())
                QFile::remove(bodyFile);
        });
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
        if (!bodyFile.isEmpty())
            request.upload = std::make_shared<UploadedFile>(std::exchange(bodyFile, {}));
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
        if (response.kind == ResponseKind::File && response.status == 200)
            return sendFile(std::move(response));
        auto res = std::make_shared<http::response<http::string_body>>();
        setHead(*res, response, unsigned(response.status));
        if (m_request.method() == http::verb::head) {
            res->content_length(std::uint64_t(response.body.size()));
        } else {
            res->body().assign(response.body.constData(), std::size_t(response.body.size()));
            res->prepare_payload();
        }
        write(std::move(res));
    }

    template<typename Body>
    void setHead(http::response<Body> &res, const Response &response, unsigned status) {
        res.version(m_request.version() == 10 ? 10 : 11);
        res.result(status);
        res.set(http::field::server, "Balcao");
        res.set(http::field::content_type,
            std::string(response.contentType.constData(), response.contentType.size()));
        res.set(http::field::cache_control, "no-store");
        res.set("X-Content-Type-Options", "nosniff");
        for (const auto &[name, value] : response.headers)
            res.set(std::string(name.constData(), name.size()), std::string(value.constData(), value.size()));
        res.keep_alive(m_keepAlive);
    }

    // Writes the response (only its head for a HEAD request), then reads the next request or closes.
    template<typename Body> void write(std::shared_ptr<http::response<Body>> res) {
        m_stream.expires_after(std::chrono::milliseconds(m_core->limits.idleTimeoutMs));
        if (m_request.method() == http::verb::head) {
            auto serializer = std::make_shared<http::response_serializer<Body>>(*res);
            http::async_write_header(m_stream, *serializer,
                [self = shared_from_this(), res, serializer](
                    beast::error_code ec, std::size_t) { self->afterWrite(ec); });
            return;
        }
        http::async_write(m_stream, *res,
            [self = shared_from_this(), res](beast::error_code ec, std::size_t) { self->afterWrite(ec); });
    }

    // A file from disk, a piece at a time (Beast's file_body): a 100 MB document costs no memory.
    void sendFile(Response response) {
        beast::error_code ec;
        http::file_body::value_type file;
        file.open(response.filePath.toLocal8Bit().constData(), beast::file_mode::scan, ec);
        if (ec) {
            return answer(Response::error(404, QLatin1String(errc::kMediaNotDownloaded),
                QStringLiteral("The file is no longer on this computer; download it again.")));
        }
        auto res = std::make_shared<http::response<http::file_body>>();
        setHead(*res, response, 200);
        const std::uint64_t size = file.size();
        if (m_request.method() != http::verb::head)
            res->body() = std::move(file);
        res->content_length(size);
        write(std::move(res));
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
    std::optional<http::request_parser<http::empty_body>> m_headParser;
    std::optional<http::request_parser<http::string_body>> m_parser;
    std::optional<http::request_parser<http::file_body>> m_fileParser;
    QString m_bodyFile; // an upload being written
    std::uint64_t m_bodyLimit = 0; // of the request being read
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
