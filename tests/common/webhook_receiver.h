#pragma once

// A webhook receiver for tests: a small HTTP/1.1 server on 127.0.0.1 that records every POST it gets and can
// be told to fail the first N (HTTP 500) or to be down (its port closed, so connections are refused); it can
// also stand in for a web page (page(): a body for GETs of a path) or hang (silent(): it never answers). It
// runs in a thread of its own, so it keeps answering while a test blocks elsewhere (e.g. in
// HeadlessProcess::waitFor, which does not run the test's event loop). Every method is thread-safe.
#include <QByteArray>
#include <QDeadlineTimer>
#include <QHash>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QMutexLocker>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <functional>
#include <memory>

namespace balcao::testing {

class WebhookReceiver {
public:
    struct Request {
        QByteArray method;
        QByteArray path;
        QHash<QByteArray, QByteArray> headers; // lower-case names
        QByteArray body;
        int answered = 0; // the status it was given
        QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    };

    WebhookReceiver() {
        m_thread.start();
        m_context = std::make_unique<QObject>();
        m_context->moveToThread(&m_thread);
    }
    ~WebhookReceiver() {
        stop();
        QMetaObject::invokeMethod(
            m_context.get(), [this] { m_context.reset(); }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }

    // Listens on `port` (0: any free one); answers whether it could. The port stays the same across
    // stop/start.
    bool start(quint16 port = 0) {
        bool ok = false;
        QMetaObject::invokeMethod(
            m_context.get(),
            [&] {
                m_server = new QTcpServer(m_context.get());
                QObject::connect(m_server, &QTcpServer::newConnection, m_context.get(), [this] { accept(); });
                ok = m_server->listen(QHostAddress::LocalHost, port);
                if (ok)
                    m_port = m_server->serverPort();
            },
            Qt::BlockingQueuedConnection);
        return ok;
    }
    // Closes the port and every open connection: the receiver is down.
    void stop() {
        QMetaObject::invokeMethod(
            m_context.get(),
            [&] {
                delete m_server;
                m_server = nullptr;
                for (QTcpSocket *socket : m_context->findChildren<QTcpSocket *>())
                    socket->abort();
            },
            Qt::BlockingQueuedConnection);
    }

    quint16 port() const { return m_port; }
    QString url(const QString &path = QStringLiteral("/hook")) const {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path);
    }

    // The next `count` requests are answered 500.
    void failNext(int count) {
        QMutexLocker lock(&m_mutex);
        m_failures = count;
    }

    // GETs of `path` are answered `status` with `body` (recorded like every request).
    void page(const QByteArray &path, int status, const QByteArray &body) {
        QMutexLocker lock(&m_mutex);
        m_pages.insert(path, {status, body});
    }
    // Requests are read and recorded but never answered: a server that hangs.
    void silent(bool on) {
        QMutexLocker lock(&m_mutex);
        m_silent = on;
    }

    QList<Request> received() const {
        QMutexLocker lock(&m_mutex);
        return m_requests;
    }
    // The requests it answered 2xx, in the order they came.
    QList<Request> accepted() const {
        QList<Request> out;
        for (const Request &r : received()) {
            if (r.answered >= 200 && r.answered < 300)
                out.append(r);
        }
        return out;
    }
    int acceptedCount() const { return int(accepted().size()); }

private:
    void accept() {
        while (QTcpSocket *socket = m_server->nextPendingConnection()) {
            socket->setParent(m_context.get());
            auto buffer = std::make_shared<QByteArray>();
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
                *buffer += socket->readAll();
                serve(socket, *buffer);
            });
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    }

    // Answers every complete request in `buffer` (keep-alive: a client may send several on one connection).
    void serve(QTcpSocket *socket, QByteArray &buffer) {
        for (;;) {
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            Request request;
            const QList<QByteArray> lines = buffer.left(end).split('\n');
            const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
            request.method = first.value(0);
            request.path = first.value(1);
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines[i].indexOf(':');
                if (colon > 0)
                    request.headers.insert(
                        lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
            }
            const qsizetype length = request.headers.value("content-length", "0").toLongLong();
            if (buffer.size() < end + 4 + length)
                return;
            request.body = buffer.mid(end + 4, length);
            buffer.remove(0, end + 4 + length);
            QByteArray body;
            {
                QMutexLocker lock(&m_mutex);
                if (m_silent) {
                    m_requests.append(request);
                    continue;
                }
                const auto page = m_pages.constFind(request.path);
                if (request.method == "GET" && page != m_pages.constEnd()) {
                    request.answered = page->first;
                    body = page->second;
                } else {
                    request.answered = m_failures > 0 ? 500 : (request.method == "GET" ? 404 : 200);
                    if (m_failures > 0)
                        --m_failures;
                }
                m_requests.append(request);
            }
            const QByteArray reason = request.answered == 200 ? "OK" : "Error";
            socket->write("HTTP/1.1 " + QByteArray::number(request.answered) + ' ' + reason
                + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        }
    }

    QThread m_thread;
    std::unique_ptr<QObject> m_context; // lives in m_thread; parent of the server and the sockets
    QTcpServer *m_server = nullptr;
    quint16 m_port = 0;
    mutable QMutex m_mutex;
    int m_failures = 0;
    bool m_silent = false;
    QHash<QByteArray, std::pair<int, QByteArray>> m_pages;
    QList<Request> m_requests;
};

} // namespace balcao::testing
