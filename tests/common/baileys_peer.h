#pragma once

// A real, unmodified Baileys client linked to another account of the emulator
// (tests/emulator/bin/baileys-peer.js), for checking that Balcão's Signal sessions interoperate with the
// real library's: Baileys 6.17.16 by default, Baileys 7.0.0-rc14 (the line the strict emulator follows)
// after setBaileysVersion(7). JSON commands go to its stdin, JSON events come from its stdout, the same
// for both; tests wait for events with a deadline instead of sleeping. Protocol: tests/emulator/README.md,
// "Baileys peer".
#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QStringList>
#include <algorithm>
#include <emulator.h>
#include <functional>
#include <optional>

namespace balcao::testing {

class BaileysPeer {
public:
    using Predicate = std::function<bool(const QJsonObject &)>;

    explicit BaileysPeer(Emulator &emulator)
        : m_emulator(emulator) { }
    ~BaileysPeer() { stop(); }
    BaileysPeer(const BaileysPeer &) = delete;
    BaileysPeer &operator=(const BaileysPeer &) = delete;

    // Which Baileys line the next start() runs: 6 (6.17.16, the default) or 7 (7.0.0-rc14). Another number
    // makes start() fail with the script's usage error.
    void setBaileysVersion(int version) { m_baileysVersion = version; }
    int baileysVersion() const { return m_baileysVersion; }

    // Links a new Baileys companion to `phone` (the account is created when the emulator lacks it) and waits
    // until it can receive. `stateDir` keeps its creds, so a later start logs in again instead of linking.
    // Returns an empty string when ready, else why not.
    QString start(
        const QString &phone, const QString &name = {}, const QString &stateDir = {}, int timeoutMs = 60000) {
        m_events.clear();
        m_stray.clear();
        m_buffer.clear();
        const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
        if (node.isEmpty())
            return QStringLiteral("node is not installed");
        QStringList arguments {QStringLiteral(BALCAO_SOURCE_DIR "/tests/emulator/bin/baileys-peer.js"),
            QStringLiteral("--control"), m_emulator.control().toString(), QStringLiteral("--ws"),
            m_emulator.ws().toString(), QStringLiteral("--phone"), phone};
        if (!name.isEmpty())
            arguments << QStringLiteral("--name") << name;
        if (!stateDir.isEmpty())
            arguments << QStringLiteral("--state") << stateDir;
        if (m_baileysVersion != 6)
            arguments << QStringLiteral("--baileys") << QString::number(m_baileysVersion);
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.setProgram(node);
        m_process.setArguments(arguments);
        m_process.start();
        if (!m_process.waitForStarted(10000))
            return QStringLiteral("baileys-peer did not start: ") + m_process.errorString();
        const auto ready = waitFor(
            [](const QJsonObject &e) {
                return e.contains(QStringLiteral("ready"))
                    || e.value(QStringLiteral("event")).toString() == QLatin1String("error");
            },
            timeoutMs);
        if (!ready && m_process.state() == QProcess::NotRunning)
            return QStringLiteral("baileys-peer exited with code %1 before its ready line")
                .arg(m_process.exitCode());
        if (!ready)
            return QStringLiteral("baileys-peer printed no ready line in %1 ms").arg(timeoutMs);
        if (!ready->value(QStringLiteral("ready")).toBool())
            return QStringLiteral("baileys-peer: ") + ready->value(QStringLiteral("message")).toString();
        m_jid = ready->value(QStringLiteral("jid")).toString();
        m_user = ready->value(QStringLiteral("user")).toString();
        return {};
    }

    // The companion's device JID ("5511…:N@s.whatsapp.net") and its account's user JID.
    QString jid() const { return m_jid; }
    QString user() const { return m_user; }

    // Sends a text to a user JID (or bare number); returns the message id, empty if Baileys refused or timed
    // out.
    QString send(const QString &to, const QString &text, int timeoutMs = 20000) {
        const int from = eventCount();
        command({{QStringLiteral("cmd"), QStringLiteral("send")}, {QStringLiteral("to"), to},
            {QStringLiteral("text"), text}});
        // Commands run in order, so the first "sent" or "error" from here on answers this one.
        const auto answer = waitFor(
            [](const QJsonObject &e) {
                const QString name = e.value(QStringLiteral("event")).toString();
                return name == QLatin1String("sent") || name == QLatin1String("error");
            },
            timeoutMs, from);
        if (!answer || answer->value(QStringLiteral("event")).toString() != QLatin1String("sent"))
            return {};
        return answer->value(QStringLiteral("id")).toString();
    }

    // Marks messages of `chat` as read: the sender gets read receipts.
    void read(const QString &chat, const QStringList &ids) {
        command({{QStringLiteral("cmd"), QStringLiteral("read")}, {QStringLiteral("chat"), chat},
            {QStringLiteral("ids"), QJsonArray::fromStringList(ids)}});
    }

    // A received text: {"event":"message","id","from","chat","text","fromMe"}.
    std::optional<QJsonObject> waitForMessage(const QString &text, int timeoutMs = 20000) {
        return waitFor(
            [&](const QJsonObject &e) {
                return e.value(QStringLiteral("event")).toString() == QLatin1String("message")
                    && e.value(QStringLiteral("text")).toString() == text;
            },
            timeoutMs);
    }

    // A status Baileys reported for a message it sent: "server-ack", "delivery-ack", "read", "error"…
    bool waitForStatus(const QString &id, const QString &status, int timeoutMs = 20000) {
        return waitFor(
            [&](const QJsonObject &e) {
                return e.value(QStringLiteral("event")).toString() == QLatin1String("status")
                    && e.value(QStringLiteral("id")).toString() == id
                    && e.value(QStringLiteral("status")).toString() == status;
            },
            timeoutMs)
            .has_value();
    }

    // The first event from index `from` on that satisfies `predicate`, waiting up to `timeoutMs`.
    std::optional<QJsonObject> waitFor(const Predicate &predicate, int timeoutMs = 20000, int from = 0) {
        QDeadlineTimer deadline(timeoutMs);
        for (;;) {
            readEvents();
            for (int i = from; i < m_events.size(); ++i) {
                if (predicate(m_events.at(i)))
                    return m_events.at(i);
            }
            if (deadline.hasExpired() || m_process.state() == QProcess::NotRunning)
                return std::nullopt;
            m_process.waitForReadyRead(int(std::clamp<qint64>(deadline.remainingTime(), 1, 200)));
        }
    }

    void command(const QJsonObject &command) {
        m_process.write(QJsonDocument(command).toJson(QJsonDocument::Compact) + '\n');
        m_process.waitForBytesWritten(5000);
    }

    const QList<QJsonObject> &events() {
        readEvents();
        return m_events;
    }
    int eventCount() { return int(events().size()); }

    // Every stdout line that is not a JSON object (there must be none).
    const QList<QByteArray> &strayLines() {
        readEvents();
        return m_stray;
    }

    // Closes stdin, which ends the peer cleanly; returns its exit code (-1 if it had to be killed).
    int stop(int timeoutMs = 10000) {
        if (m_process.state() == QProcess::NotRunning)
            return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
        m_process.closeWriteChannel();
        if (!m_process.waitForFinished(timeoutMs)) {
            m_process.kill();
            m_process.waitForFinished(1000);
            return -1;
        }
        readEvents();
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }

private:
    void readEvents() {
        m_buffer += m_process.readAllStandardOutput();
        qsizetype newline;
        while ((newline = m_buffer.indexOf('\n')) >= 0) {
            const QByteArray line = m_buffer.left(newline);
            m_buffer.remove(0, newline + 1);
            const QJsonDocument doc = QJsonDocument::fromJson(line);
            if (doc.isObject())
                m_events.append(doc.object());
            else if (!line.trimmed().isEmpty())
                m_stray.append(line);
        }
    }

    Emulator &m_emulator;
    QProcess m_process;
    QByteArray m_buffer;
    QList<QJsonObject> m_events;
    QList<QByteArray> m_stray;
    QString m_jid;
    QString m_user;
    int m_baileysVersion = 6;
};

} // namespace balcao::testing
