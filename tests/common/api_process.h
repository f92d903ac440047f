#pragma once

// Runs `balcao --headless --api 127.0.0.1:0` on a profile and talks HTTP to it the way an integrator's
// tool would — but over a raw TCP socket, so tests can also send what no well-behaved client sends
// (malformed request lines, huge headers, lying Content-Length). Keys are made with `balcao keys`.
#include "key_cli.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTcpSocket>
#include <QTest>
#include <optional>

namespace balcao::testing {

struct HttpReply {
    int status = 0; // 0 = no answer (connection closed or timed out)
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
};

// Reads one HTTP/1.1 response (Content-Length bodies, or up to the close) from a connected socket.
inline HttpReply readReply(QTcpSocket &socket, int timeoutMs = 10000) {
    HttpReply reply;
    QByteArray data;
    QDeadlineTimer deadline(timeoutMs);
    qsizetype headerEnd = -1;
    qsizetype length = -1;
    for (;;) {
        if (headerEnd < 0 && (headerEnd = data.indexOf("\r\n\r\n")) >= 0) {
            const QList<QByteArray> lines = data.left(headerEnd).split('\n');
            const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
            reply.status = statusLine.value(1).toInt();
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines[i].indexOf(':');
                if (colon > 0)
                    reply.headers.insert(
                        lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
            }
            if (reply.headers.contains("content-length"))
                length = reply.headers.value("content-length").toLongLong();
        }
        if (headerEnd >= 0 && length >= 0 && data.size() - headerEnd - 4 >= length) {
            reply.body = data.mid(headerEnd + 4, length);
            return reply;
        }
        if (deadline.hasExpired())
            break;
        if (socket.state() != QAbstractSocket::ConnectedState && socket.bytesAvailable() == 0)
            break;
        if (!socket.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())))
            && socket.state() != QAbstractSocket::ConnectedState && socket.bytesAvailable() == 0)
            break;
        data += socket.readAll();
    }
    data += socket.readAll();
    if (headerEnd < 0) {
        reply.status = 0;
        return reply;
    }
    reply.body = data.mid(headerEnd + 4, length >= 0 ? length : -1);
    return reply;
}

class ApiProcess {
public:
    ~ApiProcess() { kill(); }

    // Starts balcao on `dataDir` with the API on a free port; empty string when it is up.
    QString start(const QString &dataDir, const QProcessEnvironment &extra = {}) {
        m_dataDir = dataDir;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("BALCAO_KEY_BACKEND"), QStringLiteral("file"));
        // Tests never read the real WhatsApp Web: a port nobody listens on fails the version read at once.
        env.insert(QStringLiteral("BALCAO_WA_VERSION_URL"), QStringLiteral("http://127.0.0.1:1/sw.js"));
        for (const QString &key : extra.keys())
            env.insert(key, extra.value(key));
        m_process.setProcessEnvironment(env);
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        // No real WhatsApp: sessions that start connect to a closed local port.
        m_process.start(QStringLiteral(BALCAO_BINARY),
            {QStringLiteral("--headless"), QStringLiteral("--data"), dataDir, QStringLiteral("--api"),
                QStringLiteral("127.0.0.1:0"), QStringLiteral("--server"), QStringLiteral("ws://127.0.0.1:9"),
                QStringLiteral("--server-root-key"), QString(64, QLatin1Char('1'))});
        if (!m_process.waitForStarted(10000))
            return QStringLiteral("balcao did not start: ") + m_process.errorString();
        QDeadlineTimer deadline(15000);
        QByteArray out;
        while (!deadline.hasExpired() && m_process.state() == QProcess::Running) {
            m_process.waitForReadyRead(200);
            out += m_process.readAllStandardOutput();
            for (const QByteArray &line : out.split('\n')) {
                const QJsonObject event = QJsonDocument::fromJson(line).object();
                if (event.value(QStringLiteral("event")).toString() == QLatin1String("api")) {
                    m_port = quint16(event.value(QStringLiteral("port")).toInt());
                    return {};
                }
            }
        }
        return QStringLiteral("no api line from balcao: ") + QString::fromUtf8(out.left(500));
    }

    quint16 port() const { return m_port; }
    bool isRunning() const { return m_process.state() == QProcess::Running; }
    void kill() {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.kill();
        m_process.waitForFinished(5000);
    }

    // `balcao keys …` on the same profile; returns stdout (JSON with --json).
    QByteArray keys(const QStringList &arguments, int *exitCode = nullptr) const {
        return runKeysCli(m_dataDir, arguments, exitCode);
    }
    // Creates a key; returns {id, token}.
    std::pair<QString, QString> createKey(const QString &role, const QStringList &sessions = {}) const {
        return createApiKey(m_dataDir, role, sessions);
    }

    // Sends raw bytes on a new connection and reads one response.
    HttpReply raw(const QByteArray &bytes, int timeoutMs = 10000) const {
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), m_port);
        if (!socket.waitForConnected(5000))
            return {};
        socket.write(bytes);
        socket.waitForBytesWritten(5000);
        return readReply(socket, timeoutMs);
    }

    // A well-formed request with the key (when given) and a JSON body (when given).
    HttpReply request(const QByteArray &method, const QByteArray &target, const QString &token = {},
        const QByteArray &body = {}, const QList<std::pair<QByteArray, QByteArray>> &headers = {}) const {
        QByteArray bytes
            = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(m_port) + "\r\n";
        if (!token.isEmpty())
            bytes += "X-API-Key: " + token.toLatin1() + "\r\n";
        for (const auto &[name, value] : headers)
            bytes += name + ": " + value + "\r\n";
        if (!body.isNull())
            bytes += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
                + "\r\n";
        bytes += "Connection: close\r\n\r\n" + body;
        return raw(bytes);
    }

private:
    QProcess m_process;
    QString m_dataDir;
    quint16 m_port = 0;
};

} // namespace balcao::testing
