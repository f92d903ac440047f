#include "https_request.h"

#include <QPointer>
#include <QTcpSocket>

namespace balcao {

namespace {
// Keep at most this much of the request body waiting in the socket: enough to fill the link, little memory.
constexpr qint64 kMaxQueued = 256 * 1024;
} // namespace

HttpsRequest::HttpsRequest(QObject *parent)
    : QObject(parent) {
    m_idle.setSingleShot(true);
    connect(&m_idle, &QTimer::timeout, this, [this] {
        finish(makeError(errc::kTimeout,
            QStringLiteral("%1 stopped answering (nothing for %2 s).")
                .arg(where())
                .arg(m_options.idleTimeout.count() / 1000)));
    });
}

HttpsRequest::~HttpsRequest() {
    abort();
}

void HttpsRequest::start(Options options, Handlers handlers) {
    m_options = std::move(options);
    m_handlers = std::move(handlers);
    if (m_options.url.scheme() != QLatin1String("https") || m_options.url.host().isEmpty()) {
        // Media travels encrypted anyway, but the host's token must not: only https is spoken.
        QMetaObject::invokeMethod(
            this,
            [this] {
                finish(makeError(errc::kInvalidArgument,
                    QStringLiteral("%1 is not an https address.").arg(m_options.url.toDisplayString())));
            },
            Qt::QueuedConnection);
        return;
    }
    if (!m_options.trust) {
        auto system = TlsTrust::shared();
        if (!system) {
            const Error error = system.error();
            QMetaObject::invokeMethod(
                this, [this, error] { finish(error); }, Qt::QueuedConnection);
            return;
        }
        m_options.trust = *system;
    }
    m_tls = std::make_unique<TlsChannel>(m_options.trust, m_options.url.host());
    m_reader = std::make_unique<HttpResponseReader>(
        HttpResponseReader::Handlers {m_handlers.head, m_handlers.body});
    m_socket = std::make_unique<QTcpSocket>();
    connect(m_socket.get(), &QTcpSocket::connected, this, &HttpsRequest::onConnected);
    connect(m_socket.get(), &QTcpSocket::readyRead, this, &HttpsRequest::onReadyRead);
    connect(m_socket.get(), &QTcpSocket::bytesWritten, this, &HttpsRequest::onBytesWritten);
    connect(m_socket.get(), &QTcpSocket::errorOccurred, this, &HttpsRequest::onSocketGone);
    connect(m_socket.get(), &QTcpSocket::disconnected, this, &HttpsRequest::onSocketGone);
    m_idle.start(m_options.idleTimeout);
    m_socket->connectToHost(m_options.url.host(), quint16(m_options.url.port(443)));
}

void HttpsRequest::onConnected() {
    m_idle.start(m_options.idleTimeout);
    if (auto started = m_tls->start(); !started) {
        finish(started.error());
        return;
    }
    m_socket->write(m_tls->takeOutgoing());
}

Result<void> HttpsRequest::sendHead() {
    const QUrl &url = m_options.url;
    QByteArray head = m_options.method + ' ' + url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority)
        + " HTTP/1.1\r\nHost: " + url.host().toUtf8();
    if (url.port() > 0 && url.port() != 443)
        head += ':' + QByteArray::number(url.port());
    head += "\r\nConnection: close\r\n";
    for (const auto &[name, value] : m_options.headers)
        head += name + ": " + value + "\r\n";
    if (m_options.bodyLength >= 0)
        head += "Content-Length: " + QByteArray::number(m_options.bodyLength) + "\r\n";
    head += "\r\n";
    m_headSent = true;
    if (auto r = writePlain(head); !r)
        return r;
    return pumpBody();
}

Result<void> HttpsRequest::pumpBody() {
    while (m_options.bodyLength > m_bodySent && m_socket->bytesToWrite() < kMaxQueued) {
        auto piece = m_options.body ? m_options.body() : Result<QByteArray>(QByteArray());
        if (!piece)
            return piece.error();
        if (piece->isEmpty() || m_bodySent + piece->size() > m_options.bodyLength) {
            return makeError(errc::kInvalidArgument,
                QStringLiteral("The file changed while it was being sent (%1 of %2 bytes).")
                    .arg(m_bodySent + piece->size())
                    .arg(m_options.bodyLength));
        }
        if (auto r = writePlain(*piece); !r)
            return r;
        m_bodySent += piece->size();
    }
    return {};
}

void HttpsRequest::onBytesWritten() {
    m_idle.start(m_options.idleTimeout);
    if (!m_headSent || m_finished)
        return;
    if (m_handlers.uploadProgress && m_options.bodyLength > 0)
        m_handlers.uploadProgress(std::max<qint64>(0, m_bodySent - m_socket->bytesToWrite()));
    if (auto r = pumpBody(); !r)
        finish(r.error());
}

void HttpsRequest::onReadyRead() {
    QPointer<HttpsRequest> alive(this);
    m_idle.start(m_options.idleTimeout);
    const bool wasEstablished = m_tls->isEstablished();
    auto plain = m_tls->receive(m_socket->readAll());
    if (const QByteArray out = m_tls->takeOutgoing(); !out.isEmpty())
        m_socket->write(out);
    if (!plain) {
        // The server's close_notify after a complete answer is the normal end of a Connection: close.
        if (plain.error().code == QLatin1String(errc::kConnectionClosed) && m_reader->isComplete())
            finish({});
        else
            finish(plain.error());
        return;
    }
    if (!wasEstablished && m_tls->isEstablished()) {
        if (auto sent = sendHead(); !sent) {
            finish(sent.error());
            return;
        }
    }
    if (auto read = m_reader->feed(*plain); !read) {
        if (alive)
            finish(read.error());
        return;
    }
    if (alive && m_reader->isComplete())
        finish({});
    else if (alive && m_tls && m_tls->isPeerClosed())
        finish(m_reader->closed());
}

void HttpsRequest::onSocketGone() {
    if (m_finished)
        return;
    if (!m_headSent) {
        finish(makeError(errc::kMediaTransferFailed,
            QStringLiteral("Could not connect to %1: %2").arg(where(), m_socket->errorString())));
        return;
    }
    finish(m_reader->closed());
}

Result<void> HttpsRequest::writePlain(QByteArrayView bytes) {
    if (auto sealed = m_tls->send(bytes); !sealed)
        return sealed;
    const QByteArray wire = m_tls->takeOutgoing();
    if (m_socket->write(wire) != wire.size()) {
        return makeError(errc::kMediaTransferFailed,
            QStringLiteral("Could not send to %1: %2").arg(where(), m_socket->errorString()));
    }
    return {};
}

void HttpsRequest::finish(Result<void> result) {
    if (m_finished)
        return;
    abort();
    if (m_handlers.done)
        m_handlers.done(std::move(result));
}

void HttpsRequest::abort() {
    m_finished = true;
    m_idle.stop();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket.release()->deleteLater();
    }
    m_tls.reset();
}

} // namespace balcao
