#pragma once

// Runs `balcao --headless` as a user or a script would: JSON commands written to its stdin, JSON events
// read from its stdout. Tests wait for events with a deadline instead of sleeping.
#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTest>
#include <algorithm>
#include <functional>
#include <optional>

namespace balcao::testing {

class HeadlessProcess {
public:
    using Predicate = std::function<bool(const QJsonObject &)>;

    ~HeadlessProcess() { kill(); }

    // Starts the app on `dataDir` against an emulator. Returns an empty string when started.
    QString start(const QString &dataDir, const QUrl &server, const QString &rootKeyHex,
        const QProcessEnvironment &extra = {}) {
        m_events.clear();
        m_buffer.clear();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("BALCAO_KEY_BACKEND"), QStringLiteral("file"));
        // Tests never read the real WhatsApp Web: a port nobody listens on fails the version read at once.
        env.insert(QStringLiteral("BALCAO_WA_VERSION_URL"), QStringLiteral("http://127.0.0.1:1/sw.js"));
        for (const QString &key : extra.keys())
            env.insert(key, extra.value(key));
        m_process.setProcessEnvironment(env);
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.setProgram(QStringLiteral(BALCAO_BINARY));
        m_process.setArguments(QStringList {QStringLiteral("--headless"), QStringLiteral("--data"), dataDir,
                                   QStringLiteral("--server"), server.toString(),
                                   QStringLiteral("--server-root-key"), rootKeyHex}
            + m_extraArguments);
        m_process.start();
        if (!m_process.waitForStarted(10000))
            return QStringLiteral("balcao did not start: ") + m_process.errorString();
        return {};
    }

    // Arguments added after the usual ones at the next start() (e.g. --api 127.0.0.1:PORT).
    void setExtraArguments(const QStringList &arguments) { m_extraArguments = arguments; }

    void send(const QJsonObject &command) { sendRaw(QJsonDocument(command).toJson(QJsonDocument::Compact)); }
    void sendRaw(const QByteArray &line) {
        m_process.write(line + '\n');
        m_process.waitForBytesWritten(5000);
    }

    // The first event from index `from` on that satisfies `predicate`, waiting up to `timeoutMs`.
    std::optional<QJsonObject> waitFor(const Predicate &predicate, int timeoutMs = 10000, int from = 0) {
        QDeadlineTimer deadline(timeoutMs);
        for (;;) {
            for (int i = from; i < m_events.size(); ++i) {
                if (predicate(m_events.at(i))) {
                    m_lastMatch = i;
                    return m_events.at(i);
                }
            }
            if (deadline.hasExpired() || m_process.state() == QProcess::NotRunning)
                return std::nullopt;
            m_process.waitForReadyRead(int(std::clamp<qint64>(deadline.remainingTime(), 1, 200)));
            readEvents();
        }
    }

    // Shorthand: an event named `name` (for `session` when given).
    std::optional<QJsonObject> waitForEvent(
        const QString &name, const QString &session = {}, int timeoutMs = 10000, int from = 0) {
        return waitFor(
            [&](const QJsonObject &e) {
                return e.value(QStringLiteral("event")).toString() == name
                    && (session.isEmpty() || e.value(QStringLiteral("session")).toString() == session);
            },
            timeoutMs, from);
    }

    std::optional<QJsonObject> waitForStatus(
        const QString &session, const QString &status, int timeoutMs = 10000, int from = 0) {
        return waitFor(
            [&](const QJsonObject &e) {
                return e.value(QStringLiteral("event")).toString() == QLatin1String("status")
                    && e.value(QStringLiteral("session")).toString() == session
                    && e.value(QStringLiteral("status")).toString() == status;
            },
            timeoutMs, from);
    }

    const QList<QJsonObject> &events() {
        readEvents();
        return m_events;
    }
    int eventCount() { return int(events().size()); }
    int lastMatch() const { return m_lastMatch; }

    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    qint64 pid() const { return m_process.processId(); }

    // Ends the process at once, as a crash or power cut would.
    void kill() {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.kill();
        m_process.waitForFinished(5000);
    }
    // Closes stdin, which stops the runner cleanly; returns the exit code (-1 on timeout).
    int finish(int timeoutMs = 10000) {
        m_process.closeWriteChannel();
        if (!m_process.waitForFinished(timeoutMs))
            return -1;
        readEvents();
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }

    // Every line the runner printed that is not a JSON object (there must be none).
    const QList<QByteArray> &strayLines() const { return m_stray; }

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

    QProcess m_process;
    QStringList m_extraArguments;
    QByteArray m_buffer;
    QList<QJsonObject> m_events;
    QList<QByteArray> m_stray;
    int m_lastMatch = -1;
};

} // namespace balcao::testing
