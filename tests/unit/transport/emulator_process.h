#pragma once

// Starts tests/emulator (bin/wa-emulator.js) on a free loopback port for one test executable, reads its
// ready line, and drives its control API. Stopped (SIGTERM) when destroyed.
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QStandardPaths>
#include <QTimer>
#include <QUrl>

namespace balcao::test {

class EmulatorProcess {
public:
    ~EmulatorProcess() {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(5000))
            m_process.kill();
        m_process.waitForFinished(1000);
    }

    // Returns an empty string when it is up, else why not.
    QString start() {
        const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
        if (node.isEmpty())
            return QStringLiteral("node is not installed");
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.setProgram(node);
        m_process.setArguments({QStringLiteral(BALCAO_SOURCE_DIR "/tests/emulator/bin/wa-emulator.js"),
            QStringLiteral("--port"), QStringLiteral("0")});
        m_process.start();
        if (!m_process.waitForStarted(10000))
            return QStringLiteral("the emulator did not start: ") + m_process.errorString();
        QByteArray line;
        while (!line.contains('\n')) {
            if (!m_process.waitForReadyRead(20000)) {
                return QStringLiteral("the emulator printed no ready line: ")
                    + QString::fromUtf8(m_process.readAllStandardError());
            }
            line += m_process.readAllStandardOutput();
        }
        const QJsonObject ready = QJsonDocument::fromJson(line.left(line.indexOf('\n'))).object();
        if (!ready.value("ready").toBool())
            return QStringLiteral("unexpected ready line: ") + QString::fromUtf8(line);
        m_ws = QUrl(ready.value("ws").toString());
        m_control = QUrl(ready.value("control").toString());
        m_rootKey = QByteArray::fromHex(ready.value("rootKey").toString().toLatin1());
        return {};
    }

    QUrl ws() const { return m_ws; }
    QByteArray rootKey() const { return m_rootKey; }

    // POSTs JSON to the control API; returns the HTTP status (0 when there was no answer).
    int post(const QString &path, const QJsonObject &body) {
        QNetworkRequest request(m_control.resolved(QUrl(path)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        std::unique_ptr<QNetworkReply> reply(
            m_network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact)));
        QEventLoop loop;
        QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(10000, &loop, &QEventLoop::quit);
        loop.exec();
        return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    }

private:
    QProcess m_process;
    QNetworkAccessManager m_network;
    QUrl m_ws;
    QUrl m_control;
    QByteArray m_rootKey;
};

} // namespace balcao::test
