#include "api_cli.h"
#include "gateway.h"
#include "headless_runner.h"
#include "main_window.h"
#include "profile.h"
#include "session_client.h"
#include "settings/media_settings_page.h"
#include "ui/app_icon.h"
#include "ui/language.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QStandardPaths>
#include <cstdio>
#include <memory>
#include <transport/cert_chain_verifier.h>
#include <transport/tls_channel.h>

using namespace balcao;

namespace {

struct Options {
    bool headless = false;
    QString dataDir;
    std::optional<ApiAddress> api; // --api HOST:PORT (headless)
    SessionManager::Settings sessions; // --server, --server-root-key, --connect-limit, --workers
    QUrl demoEmulator; // the window's demo mode: the emulator's control API
};

// The value of a numeric option, 1..max; exits with a message otherwise.
int countOption(const QCommandLineParser &parser, const QCommandLineOption &option, int max) {
    bool ok = false;
    const int value = parser.value(option).toInt(&ok);
    if (!ok || value < 1 || value > max) {
        std::fprintf(stderr, "balcao: --%s needs a number from 1 to %d, not \"%s\"\n",
            qPrintable(option.names().constFirst()), max, qPrintable(parser.value(option)));
        std::exit(2);
    }
    return value;
}

// Reads the command line; exits with a message on a bad value.
Options parseOptions(const QCoreApplication &app) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Several WhatsApp numbers in one window."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption headless(QStringLiteral("headless"),
        QStringLiteral("Run without a window: JSON commands on stdin, events on stdout."));
    const QCommandLineOption data(
        QStringLiteral("data"), QStringLiteral("Keep the profile in <dir>."), QStringLiteral("dir"));
    const QCommandLineOption server(QStringLiteral("server"),
        QStringLiteral("WhatsApp's WebSocket endpoint (default: the real one)."), QStringLiteral("url"));
    const QCommandLineOption rootKey(QStringLiteral("server-root-key"),
        QStringLiteral("Trust servers certified under this key (64 hex digits) instead of "
                       "WhatsApp's, for test and demo servers."),
        QStringLiteral("hex"));
    const QCommandLineOption testCa(QStringLiteral("test-ca"),
        QStringLiteral(
            "Also trust the certificate authority in <file> (PEM) for wss://, besides the system's: "
            "for test and demo servers."),
        QStringLiteral("file"));
    const QCommandLineOption demo(QStringLiteral("demo-emulator"),
        QStringLiteral("Demo mode: the emulator's control API, so the window can simulate a "
                       "phone scanning its QR code."),
        QStringLiteral("url"));
    const QCommandLineOption api(QStringLiteral("api"),
        QStringLiteral("Headless: serve the local HTTP API on <address> (HOST:PORT, default host "
                       "127.0.0.1; keys from `balcao keys create`)."),
        QStringLiteral("address"));
    const QCommandLineOption connectLimit(QStringLiteral("connect-limit"),
        QStringLiteral(
            "At start-up, connect at most <n> saved numbers at a time (default %1); the others wait "
            "their turn, a little apart.")
            .arg(StartQueue::Options {}.maxInFlight),
        QStringLiteral("n"));
    const QCommandLineOption workers(QStringLiteral("workers"),
        QStringLiteral("Run the numbers on <n> threads (default: one per core)."), QStringLiteral("n"));
    const QCommandLineOption waVersion(QStringLiteral("wa-version"),
        QStringLiteral("Announce WhatsApp Web <version> (2.3000.N) instead of the one read from "
                       "web.whatsapp.com at start."),
        QStringLiteral("version"));
    const QCommandLineOption waVersionUrl(QStringLiteral("wa-version-url"),
        QStringLiteral("Read the current WhatsApp Web version from <url> (default: WhatsApp Web's service "
                       "worker; also BALCAO_WA_VERSION_URL)."),
        QStringLiteral("url"));
    parser.addOptions(
        {headless, data, server, rootKey, testCa, demo, api, connectLimit, workers, waVersion, waVersionUrl});
    parser.process(app);

    Options options;
    options.headless = parser.isSet(headless);
    if (parser.isSet(api)) {
        auto address = parseApiAddress(parser.value(api));
        if (!address) {
            std::fprintf(stderr, "balcao: --api: %s\n", qPrintable(address.error().message));
            std::exit(2);
        }
        options.api = *address;
    }
    options.dataDir = parser.value(data);
    if (parser.isSet(connectLimit))
        options.sessions.startup.maxInFlight = countOption(parser, connectLimit, 10000);
    if (parser.isSet(workers))
        options.sessions.workers = countOption(parser, workers, 256);
    if (parser.isSet(server)) {
        const QUrl url(parser.value(server), QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != QLatin1String("ws") && url.scheme() != QLatin1String("wss"))) {
            std::fprintf(stderr, "balcao: --server needs a ws:// or wss:// URL, not \"%s\"\n",
                qPrintable(parser.value(server)));
            std::exit(2);
        }
        options.sessions.sessionDefaults.serverUrl = url;
    }
    if (parser.isSet(demo)) {
        const QUrl url(parser.value(demo), QUrl::StrictMode);
        if (!url.isValid()
            || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
            std::fprintf(stderr, "balcao: --demo-emulator needs an http:// URL, not \"%s\"\n",
                qPrintable(parser.value(demo)));
            std::exit(2);
        }
        options.demoEmulator = url;
    }
    if (parser.isSet(rootKey)) {
        auto verifier = CertChainVerifier::fromHex(parser.value(rootKey));
        if (!verifier) {
            std::fprintf(stderr, "balcao: --server-root-key: %s\n", qPrintable(verifier.error().message));
            std::exit(2);
        }
        options.sessions.sessionDefaults.verifier = *verifier;
    }
    if (parser.isSet(testCa)) {
        QFile file(parser.value(testCa));
        if (!file.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "balcao: --test-ca: cannot read %s: %s\n", qPrintable(file.fileName()),
                qPrintable(file.errorString()));
            std::exit(2);
        }
        auto trust = TlsTrust::shared(file.readAll());
        if (!trust) {
            std::fprintf(stderr, "balcao: --test-ca %s: %s\n", qPrintable(file.fileName()),
                qPrintable(trust.error().message));
            std::exit(2);
        }
        options.sessions.sessionDefaults.trust = *trust;
    }
    WaVersionSource::Options versions;
    if (parser.isSet(waVersion)) {
        auto pinned = WaVersion::parse(parser.value(waVersion));
        if (!pinned) {
            std::fprintf(stderr, "balcao: --wa-version: %s\n", qPrintable(pinned.error().message));
            std::exit(2);
        }
        versions.pinned = *pinned;
    }
    const QString versionUrl = parser.isSet(waVersionUrl) ? parser.value(waVersionUrl)
                                                          : qEnvironmentVariable("BALCAO_WA_VERSION_URL");
    if (!versionUrl.isEmpty()) {
        const QUrl url(versionUrl, QUrl::StrictMode);
        if (!url.isValid()
            || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
            std::fprintf(stderr,
                "balcao: the WhatsApp Web version URL needs http:// or https://, not \"%s\"\n",
                qPrintable(versionUrl));
            std::exit(2);
        }
        versions.url = url;
    }
    options.sessions.versions = versions;
    // Test knobs: shorter QR lifetimes and keepalive, so expiry and dead connections show in seconds.
    if (const int ms = qEnvironmentVariableIntValue("BALCAO_QR_REF_MS"); ms > 0)
        options.sessions.sessionDefaults.qrFirstRefMs = options.sessions.sessionDefaults.qrNextRefMs = ms;
    if (const int ms = qEnvironmentVariableIntValue("BALCAO_LOGIN_TIMEOUT_MS"); ms > 0)
        options.sessions.sessionDefaults.loginTimeoutMs = ms;
    if (const int ms = qEnvironmentVariableIntValue("BALCAO_KEEPALIVE_MS"); ms > 0) {
        options.sessions.sessionDefaults.keepaliveIntervalMs = ms;
        options.sessions.sessionDefaults.keepaliveDeadlineMs = ms;
    }
    // Which files come down by themselves (Settings → Media; the same choices headless).
    options.sessions.sessionDefaults.autoDownload = savedAutoDownload();
    return options;
}

int runHeadless(QCoreApplication &app, const Options &options) {
    auto writeError = [](const Error &error) {
        HeadlessRunner::writeLine(
            toJson(ErrorEvent {{}, error.code, error.message}, QDateTime::currentMSecsSinceEpoch()));
    };
    auto gateway = Gateway::open({options.dataDir, options.sessions, options.api}, writeError);
    if (!gateway) {
        writeError(gateway.error());
        return 1;
    }
    if (options.api) {
        HeadlessRunner::writeLine(QJsonObject {{QStringLiteral("event"), QStringLiteral("api")},
            {QStringLiteral("address"), (*gateway)->apiAddress()},
            {QStringLiteral("port"), int((*gateway)->apiPort())},
            {QStringLiteral("ts"), QDateTime::currentMSecsSinceEpoch()}});
    }
    HeadlessRunner runner(&(*gateway)->manager());
    // A server run (--api) often has no stdin: only a plain headless run ends with its input.
    if (!options.api)
        QObject::connect(&runner, &HeadlessRunner::finished, &app, &QCoreApplication::quit);
    // The sessions are known before the first command is read, so a command that names one never races
    // the restore.
    (*gateway)->start();
    runner.start();
    return app.exec();
}

} // namespace

int main(int argc, char *argv[]) {
    // Headless needs no display: decide before a QApplication would look for one.
    bool headless = false;
    for (int i = 1; i < argc; ++i)
        headless = headless || qstrcmp(argv[i], "--headless") == 0;
    headless = headless || isKeysCommand(argc, argv);

    std::unique_ptr<QCoreApplication> app;
    if (headless)
        app = std::make_unique<QCoreApplication>(argc, argv);
    else
        app = std::make_unique<QApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("Balcão"));
    QCoreApplication::setOrganizationName(QStringLiteral("Balcao"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BALCAO_VERSION));
    if (isKeysCommand(argc, argv))
        return runKeysCommand(*app);

    // Protocol chatter (libsignal's notes, …) only when asked for, e.g.
    // QT_LOGGING_RULES="balcao.*.debug=true".
    QLoggingCategory::setFilterRules(QStringLiteral("balcao.*.debug=false"));
    const Options options = parseOptions(*app);
    if (options.headless)
        return runHeadless(*app, options);

    // The window: translations first (every widget reads its texts once). The sessions open in a thread of
    // their own (queued: the first paint never waits for the disk), before the window exists, so every
    // command its widgets send at construction finds the profile open; their answers arrive once the event
    // loop runs, when the window is connected.
    Language::install(Language::effective());
    QApplication::setWindowIcon(AppIcon::make());
    SessionClient client;
    // The sessions, their webhooks and (when Settings › API enabled it) the API start in the sessions'
    // thread.
    client.open(options.dataDir, options.sessions, windowApiAddress());
    MainWindow window(&client, {options.demoEmulator, options.dataDir});
    window.show();
    return app->exec();
}
