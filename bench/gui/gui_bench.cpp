// GUI benchmark (issue 6 done-when 3): with three linked numbers, one of them flooded with 2,000 texts
// from an emulator phone, the longest stall of the GUI thread; and the time to open a 10,000-message chat,
// from ChatPane::openChat to the first painted page. Prints one JSON line (bench/run.mjs reads the last).
//
// What runs: the real ChatPane on a real SessionClient (profile + SessionManager in their own thread)
// against tests/emulator, offscreen. The 10,000 messages are put in the profile's store through the models
// API (SqliteMessaging) while the app is closed, as a long history would be.
#include "flooder.h"
#include "stall_monitor.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <chat_controller.h>
#include <chat_list_model.h>
#include <chat_pane.h>
#include <chat_view.h>
#include <cstdio>
#include <emulator.h>
#include <message_list_model.h>
#include <session_client.h>
#include <sqlite_messaging.h>
#include <transport/cert_chain_verifier.h>

using namespace balcao;
using namespace balcao::testing;

namespace {

constexpr int kSessions = 3;
constexpr int kFlood = 2000;
constexpr int kHistory = 10000;
constexpr int kOpenRuns = 7;

[[noreturn]] void fail(const QString &why) {
    std::fprintf(stdout, "%s\n",
        QJsonDocument(QJsonObject {{"error", why}}).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
    std::fprintf(stderr, "balcao_gui_bench: %s\n", qPrintable(why));
    std::exit(1);
}

void note(const QString &what) {
    std::fprintf(stderr, "[gui-bench] %s\n", qPrintable(what));
}

double median(QList<double> values) {
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

// Follows a SessionClient's events: session ids by request, QR strings and statuses by session.
struct Watcher {
    QHash<QString, QString> sessionByRequest;
    QHash<QString, QString> qr;
    QHash<QString, SessionStatus> status;
    QHash<QString, int> messagesInChat; // "session\nchat" → distinct new messages seen
    QSet<QString> seenIds;

    void attach(SessionClient &client) {
        QObject::connect(&client, &SessionClient::event, &client, [this](const Event &e) {
            if (const auto *s = std::get_if<SessionEvent>(&e); s && !s->requestId.isEmpty())
                sessionByRequest.insert(s->requestId, s->session);
            else if (const auto *q = std::get_if<QrEvent>(&e))
                qr.insert(q->session, q->qr);
            else if (const auto *st = std::get_if<StatusEvent>(&e))
                status.insert(st->session, st->status);
            else if (const auto *m = std::get_if<MessageEvent>(&e)) {
                if (!seenIds.contains(m->id)) {
                    seenIds.insert(m->id);
                    ++messagesInChat[m->session + QLatin1Char('\n') + m->chat];
                }
            } else if (const auto *err = std::get_if<ErrorEvent>(&e))
                note(QStringLiteral("error event: %1 %2").arg(err->code, err->message));
        });
    }
    bool allConnected(const QStringList &sessions) const {
        return std::all_of(sessions.cbegin(), sessions.cend(),
            [this](const QString &s) { return status.value(s) == SessionStatus::Connected; });
    }
};

Session::Options sessionOptions(const Emulator &emulator) {
    Session::Options options;
    options.serverUrl = emulator.ws();
    auto verifier = CertChainVerifier::fromHex(emulator.rootKeyHex());
    if (!verifier)
        fail(verifier.error().message);
    options.verifier = *verifier;
    return options;
}

void openClient(SessionClient &client, const QString &dir, const Session::Options &options) {
    bool opened = false;
    QString failed;
    QObject::connect(&client, &SessionClient::opened, &client, [&] { opened = true; });
    QObject::connect(&client, &SessionClient::openFailed, &client,
        [&](const QString &, const QString &message) { failed = message; });
    client.open(dir, {options});
    if (!QTest::qWaitFor([&] { return opened || !failed.isEmpty(); }, 30000) || !opened)
        fail(QStringLiteral("the profile did not open: ") + failed);
}

// Links `count` numbers by QR through the emulator; returns their session ids.
QStringList linkSessions(
    Emulator &emulator, const QString &dir, const Session::Options &options, const QStringList &phones) {
    SessionClient client;
    Watcher watcher;
    watcher.attach(client);
    openClient(client, dir, options);
    QStringList sessions;
    for (int i = 0; i < phones.size(); ++i) {
        emulator.addPhone(phones.at(i), QStringLiteral("Loja %1").arg(i + 1));
        const QString request = client.nextRequestId();
        client.execute(AddSessionCommand {QStringLiteral("Loja %1").arg(i + 1)}, request);
        if (!QTest::qWaitFor([&] { return watcher.sessionByRequest.contains(request); }, 10000))
            fail(QStringLiteral("no session was added"));
        const QString session = watcher.sessionByRequest.value(request);
        client.execute(LinkCommand {session, LinkMethod::Qr, {}});
        if (!QTest::qWaitFor([&] { return watcher.qr.contains(session); }, 20000))
            fail(QStringLiteral("no QR for ") + session);
        const auto scanned = emulator.post(QStringLiteral("/phones/%1/scan").arg(phones.at(i)),
            {{QStringLiteral("qr"), watcher.qr.value(session)}});
        if (scanned.status != 200)
            fail(QStringLiteral("the emulator refused the scan: %1").arg(scanned.status));
        if (!QTest::qWaitFor(
                [&] { return watcher.status.value(session) == SessionStatus::Connected; }, 20000))
            fail(QStringLiteral("session %1 did not connect").arg(session));
        sessions.append(session);
        note(QStringLiteral("linked %1 as %2").arg(phones.at(i), session));
    }
    return sessions;
}

// Puts a long history in the store, as if it had been received over months.
void fillHistory(
    const QString &dir, const QString &session, const QString &chat, const QString &ownJid, int count) {
    auto database = models::Database::open(
        QDir(dir).filePath(QStringLiteral("balcao.db")), QStringLiteral("bench-fill"));
    if (!database)
        fail(database.error().message);
    {
        models::SqliteMessaging messaging(*database, session);
        const MessagingStores stores = messaging.stores();
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        constexpr int kBatch = 1000;
        for (int first = 0; first < count; first += kBatch) {
            QList<StoredMessage> batch;
            for (int i = first; i < std::min(count, first + kBatch); ++i) {
                StoredMessage m;
                m.chat = chat;
                m.id = QStringLiteral("HIST%1").arg(i, 6, 10, QLatin1Char('0'));
                m.fromMe = i % 3 == 2;
                m.sender = m.fromMe ? ownJid : chat;
                m.timestamp = now - qint64(count - i) * 240; // one every 4 minutes: about 28 days
                m.type = QStringLiteral("text");
                m.text = QStringLiteral("Mensagem %1 do histórico. ").arg(i).repeated(1 + i % 5);
                m.pushName = m.fromMe ? QString() : QStringLiteral("Cliente Antigo");
                m.status = MessageStatus::Read;
                batch.append(m);
            }
            if (auto stored = stores.messages->storeIncomingBatch(batch); !stored)
                fail(stored.error().message);
        }
        if (auto read = stores.chats->markRead(chat); !read)
            fail(read.error().message);
    }
}

// Time from openChat to the end of the first paint of the conversation showing its newest page.
double timeOpen(ChatPane &pane, const QString &session, const QString &chat) {
    QElapsedTimer clock;
    bool loaded = false;
    bool painted = false;
    double paintedMs = 0;
    struct PaintWatch : QObject {
        std::function<void()> onPaint;
        bool eventFilter(QObject *, QEvent *event) override {
            if (event->type() == QEvent::Paint && onPaint)
                onPaint();
            return false;
        }
    } watch;
    const auto loadedConnection = QObject::connect(
        pane.controller(), &chat::ChatController::firstPageLoaded, &pane, [&](int) { loaded = true; });
    watch.onPaint = [&] {
        if (!loaded || painted)
            return;
        // The paint event is being delivered now; stamp the time once it has been handled.
        QMetaObject::invokeMethod(
            &pane,
            [&] {
                if (!painted) {
                    painted = true;
                    paintedMs = clock.nsecsElapsed() / 1e6;
                }
            },
            Qt::QueuedConnection);
    };
    pane.chatView()->viewport()->installEventFilter(&watch);
    clock.start();
    pane.openChat(session, chat);
    const bool ok = QTest::qWaitFor([&] { return painted; }, 20000);
    pane.chatView()->viewport()->removeEventFilter(&watch);
    QObject::disconnect(loadedConnection);
    if (!ok)
        fail(QStringLiteral("the chat did not open and paint within 20 s"));
    return paintedMs;
}

// The 1-minute load average (Linux), to read the stall figures against: on a shared 2-core machine a
// heartbeat can be late only because no CPU was free.
double loadAverage() {
    QFile file(QStringLiteral("/proc/loadavg"));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    return file.readAll().split(' ').value(0).toDouble();
}

} // namespace

int main(int argc, char **argv) {
    QApplication app(argc, argv);
    Emulator emulator;
    if (const QString error = emulator.start(); !error.isEmpty())
        fail(error);
    QTemporaryDir dir;
    const Session::Options options = sessionOptions(emulator);
    const QStringList phones {
        QStringLiteral("5511970000001"), QStringLiteral("5511970000002"), QStringLiteral("5511970000003")};
    const QString floodPhone = QStringLiteral("5511980000001");
    const QString historyChat = QStringLiteral("5511980000002@s.whatsapp.net");
    const QString smallChat = QStringLiteral("5511980000003@s.whatsapp.net");

    note(QStringLiteral("linking %1 numbers").arg(kSessions));
    const QStringList sessions = linkSessions(emulator, dir.path(), options, phones);

    note(QStringLiteral("filling a %1-message chat").arg(kHistory));
    fillHistory(
        dir.path(), sessions.at(1), historyChat, phones.at(1) + QStringLiteral("@s.whatsapp.net"), kHistory);
    fillHistory(dir.path(), sessions.at(1), smallChat, phones.at(1) + QStringLiteral("@s.whatsapp.net"), 5);

    SessionClient client;
    Watcher watcher;
    watcher.attach(client);
    ChatPane pane(&client);
    pane.resize(1100, 760);
    pane.show();
    if (!QTest::qWaitForWindowExposed(&pane))
        fail(QStringLiteral("the window was not exposed"));
    openClient(client, dir.path(), options);
    if (!QTest::qWaitFor([&] { return watcher.allConnected(sessions); }, 30000))
        fail(QStringLiteral("the numbers did not reconnect after the restart"));
    note(QStringLiteral("all connected again"));

    // --- opening the long chat -------------------------------------------------------------------------
    pane.showSession(sessions.at(1));
    if (!QTest::qWaitFor(
            [&] { return pane.controller()->chats()->indexOf(sessions.at(1), historyChat).isValid(); },
            10000))
        fail(QStringLiteral("the long chat is not in the chat list"));
    QList<double> openRuns;
    for (int run = 0; run < kOpenRuns; ++run) {
        timeOpen(pane, sessions.at(1), smallChat); // another chat in between, so each run opens afresh
        openRuns.append(timeOpen(pane, sessions.at(1), historyChat));
        const int rows = pane.controller()->messages()->rowCount();
        if (rows != chat::ChatController::kPageSize)
            fail(QStringLiteral("the long chat opened with %1 rows, not one page").arg(rows));
    }
    note(QStringLiteral("open runs (ms): %1").arg([&] {
        QStringList s;
        for (double v : openRuns)
            s.append(QString::number(v, 'f', 1));
        return s.join(QLatin1Char(' '));
    }()));

    // --- the flood -------------------------------------------------------------------------------------
    // The merged inbox is shown and the flooded chat is open: every message lands in the chat list and in
    // the open conversation, the heaviest case for the GUI thread.
    emulator.addPhone(floodPhone, QStringLiteral("Cliente Apressado"));
    const QString floodChat = floodPhone + QStringLiteral("@s.whatsapp.net");
    const QString floodKey = sessions.at(0) + QLatin1Char('\n') + floodChat;
    pane.showSession({});
    if (emulator
            .post(QStringLiteral("/phones/%1/messages").arg(floodPhone),
                {{QStringLiteral("to"), phones.at(0)}, {QStringLiteral("text"), QStringLiteral("Olá!")}})
            .status
        != 201)
        fail(QStringLiteral("the emulator did not send the first message"));
    if (!QTest::qWaitFor([&] { return watcher.messagesInChat.value(floodKey) >= 1; }, 20000))
        fail(QStringLiteral("the first message did not arrive"));
    pane.openChat(sessions.at(0), floodChat);
    QTest::qWait(500);

    bench::StallMonitor monitor;
    bench::Flooder flooder(emulator.control(), floodPhone, phones.at(0), kFlood - 1);
    bool posted = false;
    int accepted = 0;
    QObject::connect(&flooder, &bench::Flooder::finished, &flooder, [&](int ok, int) {
        posted = true;
        accepted = ok;
    });
    QElapsedTimer floodClock;
    monitor.start();
    floodClock.start();
    flooder.start();
    const bool arrived
        = QTest::qWaitFor([&] { return watcher.messagesInChat.value(floodKey) >= kFlood; }, 300000);
    const double floodSeconds = floodClock.nsecsElapsed() / 1e9;
    // Let the last layout and paint happen inside the measurement.
    QTest::qWait(300);
    monitor.stop();
    if (!arrived)
        fail(QStringLiteral("only %1 of %2 flood messages arrived (%3 accepted by the emulator)")
                 .arg(watcher.messagesInChat.value(floodKey))
                 .arg(kFlood)
                 .arg(accepted + 1));
    if (!QTest::qWaitFor([&] { return posted; }, 10000))
        note(QStringLiteral("the flooder did not hear back from every request"));

    QJsonArray runs;
    for (double v : openRuns)
        runs.append(qRound(v * 100) / 100.0);
    const QJsonObject result {
        {"what",
            "ChatPane + SessionClient against tests/emulator, offscreen (the full MainWindow was not used)"},
        {"sessions", kSessions},
        {"flood", kFlood},
        {"floodSeconds", qRound(floodSeconds * 100) / 100.0},
        {"floodRowsShown", pane.controller()->messages()->rowCount()},
        {"longestStallMs", qRound(monitor.longestStallMs() * 10) / 10.0},
        {"stallsOver50ms", monitor.stallsOver(50)},
        {"longestBusyMs", qRound(monitor.longestBusyMs() * 10) / 10.0},
        {"loadAverage", loadAverage()},
        {"heartbeats", monitor.beats()},
        {"heartbeatIntervalMs", 2},
        {"chatMessages", kHistory},
        {"openChatMs", qRound(median(openRuns) * 100) / 100.0},
        {"openChatFirstMs", qRound(openRuns.first() * 100) / 100.0},
        {"openChatRunsMs", runs},
        {"pageSize", chat::ChatController::kPageSize},
    };
    std::fprintf(stdout, "%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
    return 0;
}
