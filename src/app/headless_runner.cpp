#include "headless_runner.h"

#include <QDateTime>
#include <QJsonDocument>
#include <cstdio>
#include <iostream>
#include <session/command_json.h>
#include <session/reply_json.h>
#include <string>

namespace balcao {

void LineReader::run() {
    std::string line;
    while (std::getline(std::cin, line)) {
        // Bound what one line may hold: the parser refuses long lines, this keeps memory bounded too.
        if (line.size() > std::size_t(kMaxCommandLineBytes))
            line.resize(std::size_t(kMaxCommandLineBytes) + 1);
        emit lineRead(QByteArray::fromStdString(line));
    }
    emit endOfInput();
}

HeadlessRunner::HeadlessRunner(SessionManager *manager, QObject *parent)
    : QObject(parent)
    , m_manager(manager) {
    connect(&m_reader, &LineReader::lineRead, this, &HeadlessRunner::onLine, Qt::QueuedConnection);
    connect(&m_reader, &LineReader::endOfInput, this, &HeadlessRunner::finished, Qt::QueuedConnection);
    connect(m_manager, &SessionManager::event, this,
        [](const Event &event) { writeLine(toJson(event, QDateTime::currentMSecsSinceEpoch())); });
    connect(m_manager, &SessionManager::answered, this, [this](const QString &requestId, const Reply &reply) {
        if (m_manager->isTaskRequest(requestId))
            return; // an answer to the API or the window, not to a command read here
        QJsonObject line = toJson(reply);
        if (!requestId.isEmpty())
            line.insert(QStringLiteral("requestId"), requestId);
        line.insert(QStringLiteral("ts"), QDateTime::currentMSecsSinceEpoch());
        writeLine(line);
    });
}

HeadlessRunner::~HeadlessRunner() {
    // The reader may still be blocked in a read of stdin (we are stopping for another reason).
    if (m_reader.isRunning()) {
        m_reader.terminate();
        m_reader.wait();
    }
}

void HeadlessRunner::start() {
    m_reader.start();
}

void HeadlessRunner::writeLine(const QJsonObject &object) {
    const QByteArray line = QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
    std::fwrite(line.constData(), 1, std::size_t(line.size()), stdout);
    std::fflush(stdout);
}

void HeadlessRunner::onLine(const QByteArray &line) {
    if (line.trimmed().isEmpty())
        return;
    auto request = parseCommandRequest(line);
    if (!request) {
        writeLine(toJson(ErrorEvent {{}, request.error().code, request.error().message},
            QDateTime::currentMSecsSinceEpoch()));
        return;
    }
    m_manager->execute(request->command, request->requestId);
}

} // namespace balcao
