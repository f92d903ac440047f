#pragma once

#include <QObject>
#include <QThread>
#include <session/session_manager.h>

namespace balcao {

// Reads standard input line by line on a thread of its own (a blocking read must not stall the event
// loop, and Windows consoles offer no notifier), so it works the same on every platform.
class LineReader : public QThread {
    Q_OBJECT
public:
    using QThread::QThread;

signals:
    void lineRead(const QByteArray &line);
    void endOfInput();

protected:
    void run() override;
};

// `balcao --headless`: JSON commands in, one per line on stdin; JSON events out, one per line on stdout
// (docs/architecture.md, "Events and commands"). A malformed line is answered with an error
// event naming the problem; the runner keeps going. End of input stops the sessions and the program.
class HeadlessRunner : public QObject {
    Q_OBJECT
public:
    explicit HeadlessRunner(SessionManager *manager, QObject *parent = nullptr);
    ~HeadlessRunner() override;

    void start();
    // Writes one JSON object as a line on stdout and flushes it, so a reading program sees it at once.
    static void writeLine(const QJsonObject &object);

signals:
    void finished();

private:
    void onLine(const QByteArray &line);

    SessionManager *m_manager;
    LineReader m_reader;
};

} // namespace balcao
