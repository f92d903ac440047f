#pragma once

// Starts tests/emulator (bin/wa-emulator.js) on a free loopback port, reads its ready line, and drives its
// control API (tests/emulator/README.md). Stopped with SIGTERM when destroyed. For integration tests: the
// server side is always the emulator, built on the real Baileys library, never a fake written in C++.
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QStandardPaths>
#include <QTimer>
#include <QUrl>
#include <memory>

namespace balcao::testing {

class Emulator {
public:
    struct Reply {
        int status = 0; // 0: no answer
        QJsonDocument body;
        QJsonObject object() const { return body.object(); }
        QJsonArray array() const { return body.array(); }
    };

    ~Emulator() { stop(); }

    // Returns an empty string when it is up, else why not. `arguments` are extra flags (e.g. --demo).
    QString start(const QStringList &arguments = {}) {
        const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
        if (node.isEmpty())
            return QStringLiteral("node is not installed");
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.setProgram(node);
        m_process.setArguments(
            QStringList {QStringLiteral(BALCAO_SOURCE_DIR "/tests/emulator/bin/wa-emulator.js"),
                QStringLiteral("--port"), QStringLiteral("0")}
            + arguments);
        m_process.start();
        if (!m_process.waitForStarted(10000))
            return QStringLiteral("the emulator did not start: ") + m_process.errorString();
        QByteArray line;
        while (!line.contains('\n')) {
            if (!m_process.waitForReadyRead(30000))
                return QStringLiteral("the emulator printed no ready line: ")
                    + QString::fromUtf8(m_process.readAllStandardError());
            line += m_process.readAllStandardOutput();
        }
        const QJsonObject ready = QJsonDocument::fromJson(line.left(line.indexOf('\n'))).object();
        if (!ready.value(QStringLiteral("ready")).toBool())
            return QStringLiteral("unexpected ready line: ") + QString::fromUtf8(line);
        m_ws = QUrl(ready.value(QStringLiteral("ws")).toString());
        m_control = QUrl(ready.value(QStringLiteral("control")).toString());
        m_rootKeyHex = ready.value(QStringLiteral("rootKey")).toString();
        m_wss = QUrl(ready.value(QStringLiteral("wss")).toString());
        m_testCa = ready.value(QStringLiteral("testCa")).toString().toUtf8();
        return {};
    }

    void stop() {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(5000))
            m_process.kill();
        m_process.waitForFinished(1000);
    }

    QUrl ws() const { return m_ws; }
    // The same endpoint over TLS, with a certificate from the emulator's test CA (PEM below).
    QUrl wss() const { return m_wss; }
    QByteArray testCaPem() const { return m_testCa; }
    QUrl control() const { return m_control; }
    QString rootKeyHex() const { return m_rootKeyHex; }

    Reply post(const QString &path, const QJsonObject &body) {
        QNetworkRequest request(m_control.resolved(QUrl(path)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        return finish(m_network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact)));
    }

    Reply put(const QString &path, const QJsonObject &body) {
        QNetworkRequest request(m_control.resolved(QUrl(path)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        return finish(m_network.put(request, QJsonDocument(body).toJson(QJsonDocument::Compact)));
    }

    Reply sendDelete(const QString &path) {
        return finish(m_network.deleteResource(QNetworkRequest(m_control.resolved(QUrl(path)))));
    }

    Reply get(const QString &path) {
        return finish(m_network.get(QNetworkRequest(m_control.resolved(QUrl(path)))));
    }

    // Creates a phone (an account with its primary device); returns its user JID.
    QString addPhone(const QString &phone, const QString &name) {
        return post(
            QStringLiteral("/phones"), {{QStringLiteral("phone"), phone}, {QStringLiteral("name"), name}})
            .object()
            .value(QStringLiteral("jid"))
            .toString();
    }

    // Whether the emulator lists `deviceJid` among `phone`'s devices as connected.
    bool deviceConnected(const QString &phone, const QString &deviceJid) {
        for (const auto &d : get(QStringLiteral("/phones/%1/devices").arg(phone)).array()) {
            const QJsonObject device = d.toObject();
            if (device.value(QStringLiteral("jid")).toString() == deviceJid)
                return device.value(QStringLiteral("connected")).toBool();
        }
        return false;
    }

private:
    Reply finish(QNetworkReply *raw) {
        std::unique_ptr<QNetworkReply> reply(raw);
        QEventLoop loop;
        QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(15000, &loop, &QEventLoop::quit);
        loop.exec();
        return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
            QJsonDocument::fromJson(reply->readAll())};
    }

    QProcess m_process;
    QNetworkAccessManager m_network;
    QUrl m_ws;
    QUrl m_control;
    QString m_rootKeyHex;
    QUrl m_wss;
    QByteArray m_testCa;
};

} // namespace balcao::testing
