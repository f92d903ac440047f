#pragma once

// `balcao keys …` as an administrator runs it on a profile, for tests that need API keys. Needs
// BALCAO_BINARY (the app under test); keys are sealed with a key file, not the desktop keychain.
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <utility>

namespace balcao::testing {

// Runs `balcao keys <arguments> --data <dataDir>`; returns its stdout (JSON with --json).
inline QByteArray runKeysCli(const QString &dataDir, const QStringList &arguments, int *exitCode = nullptr) {
    QProcess cli;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("BALCAO_KEY_BACKEND"), QStringLiteral("file"));
    cli.setProcessEnvironment(env);
    cli.start(QStringLiteral(BALCAO_BINARY),
        QStringList {QStringLiteral("keys")} + arguments + QStringList {QStringLiteral("--data"), dataDir});
    cli.waitForFinished(20000);
    if (exitCode)
        *exitCode = cli.exitStatus() == QProcess::NormalExit ? cli.exitCode() : -1;
    return cli.readAllStandardOutput();
}

// Creates a key on the profile in `dataDir`; returns {id, token}, both empty when that failed.
inline std::pair<QString, QString> createApiKey(
    const QString &dataDir, const QString &role, const QStringList &sessions = {}) {
    QStringList args {QStringLiteral("create"), QStringLiteral("--json"), QStringLiteral("--role"), role};
    for (const QString &session : sessions)
        args << QStringLiteral("--session") << session;
    const QJsonObject key = QJsonDocument::fromJson(runKeysCli(dataDir, args)).object();
    return {key.value(QStringLiteral("id")).toString(), key.value(QStringLiteral("key")).toString()};
}

} // namespace balcao::testing
