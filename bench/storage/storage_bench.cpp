// `make bench` figure 5: a profile's history of 100,000 messages across 10 numbers, in the real SQLite store
// (synchronous=FULL, WAL, FTS5). Times the import (storeIncomingBatch, 1,000 messages per transaction), the
// first page of the largest chat, and a text search in the busiest number (search, like the API, is per
// number). Prints one JSON line.
//
//   balcao_storage_bench [--messages N] [--sessions N] [--reps N] [--dir DIR]
#include "database.h"
#include "sqlite_messaging.h"
#include "sqlite_session_directory.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>

using namespace balcao;
using namespace balcao::models;

namespace {

// Words customers write, so the search has something realistic to look through.
const QStringList kWords {QStringLiteral("olá"), QStringLiteral("pedido"), QStringLiteral("entrega"),
    QStringLiteral("amanhã"), QStringLiteral("obrigado"), QStringLiteral("preço"), QStringLiteral("pix"),
    QStringLiteral("boleto"), QStringLiteral("endereço"), QStringLiteral("horário"), QStringLiteral("troca"),
    QStringLiteral("tamanho"), QStringLiteral("cor"), QStringLiteral("disponível"), QStringLiteral("frete"),
    QStringLiteral("cupom")};

double median(QList<double> values) {
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values[values.size() / 2];
}

double msSince(const QElapsedTimer &timer) {
    return double(timer.nsecsElapsed()) / 1e6;
}

[[noreturn]] void fail(const QString &what) {
    std::fprintf(stderr, "balcao_storage_bench: %s\n", qPrintable(what));
    std::exit(1);
}

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption messagesOption(QStringLiteral("messages"), QStringLiteral("Messages in all."),
        QStringLiteral("N"), QStringLiteral("100000"));
    const QCommandLineOption sessionsOption(
        QStringLiteral("sessions"), QStringLiteral("Numbers."), QStringLiteral("N"), QStringLiteral("10"));
    const QCommandLineOption repsOption(QStringLiteral("reps"), QStringLiteral("Repetitions of each query."),
        QStringLiteral("N"), QStringLiteral("5"));
    const QCommandLineOption dirOption(QStringLiteral("dir"),
        QStringLiteral("Folder for the profile (default: a temporary one)."), QStringLiteral("DIR"));
    parser.addOptions({messagesOption, sessionsOption, repsOption, dirOption});
    parser.process(app);
    const int total = parser.value(messagesOption).toInt();
    const int sessions = parser.value(sessionsOption).toInt();
    const int reps = std::max(1, parser.value(repsOption).toInt());
    if (total < sessions || sessions < 1)
        fail(QStringLiteral("--messages must be at least --sessions, and --sessions at least 1"));

    QTemporaryDir temporary;
    const QString dir = parser.isSet(dirOption) ? parser.value(dirOption) : temporary.path();
    auto database = Database::open(dir + QStringLiteral("/balcao.sqlite"), QStringLiteral("storage-bench"));
    if (!database)
        fail(database.error().message);
    SqliteSessionDirectory directory(*database);

    // Session k gets a share proportional to k+1 (the largest number is the busiest, as in a real shop);
    // within a session, 40 customers, the first with a quarter of the session's messages.
    QList<int> perSession;
    const int weightSum = sessions * (sessions + 1) / 2;
    int assigned = 0;
    for (int k = 0; k < sessions; ++k) {
        const int n = k == sessions - 1 ? total - assigned : int(qint64(total) * (k + 1) / weightSum);
        perSession.append(n);
        assigned += n;
    }
    constexpr int kCustomers = 40;
    constexpr int kBatch = 1000;
    QString largestChat;
    QString largestSession;
    int largestCount = 0;
    quint32 seed = 12345;
    // The high bits of a linear congruential generator: its low bits repeat with a short period.
    auto next = [&seed] { return (seed = seed * 1664525u + 1013904223u) >> 16; };
    QElapsedTimer timer;
    timer.start();
    qint64 timestamp = 1'764'000'000;
    for (int k = 0; k < sessions; ++k) {
        const QString sessionId = QStringLiteral("s%1").arg(k, 2, 10, QLatin1Char('0'));
        SessionRecord record;
        record.id = sessionId;
        record.name = QStringLiteral("Loja %1").arg(k);
        record.createdAtMs = 1;
        if (auto added = directory.add(record); !added)
            fail(added.error().message);
        SqliteMessaging messaging(*database, sessionId);
        MessageStore &store = *messaging.stores().messages;
        QList<StoredMessage> batch;
        for (int i = 0; i < perSession[k]; ++i) {
            // A quarter to customer 0, the rest spread over the others.
            const int customer = i % 4 == 0 ? 0 : 1 + int(next() % (kCustomers - 1));
            StoredMessage m;
            m.chat = QStringLiteral("55119%1%2@s.whatsapp.net")
                         .arg(k, 2, 10, QLatin1Char('0'))
                         .arg(customer, 4, 10, QLatin1Char('0'));
            m.id = QStringLiteral("3EB0%1").arg(
                QString::number(quint64(k) * 10'000'000 + quint64(i), 16).toUpper(), 18, QLatin1Char('0'));
            m.fromMe = next() % 3 == 0;
            m.sender = m.fromMe ? QStringLiteral("55118%1@s.whatsapp.net").arg(k, 2, 10, QLatin1Char('0'))
                                : m.chat;
            m.timestamp = ++timestamp;
            m.type = QStringLiteral("text");
            m.text = QStringLiteral("%1 %2, %3 nº %4")
                         .arg(kWords[next() % kWords.size()], kWords[next() % kWords.size()],
                             kWords[next() % kWords.size()])
                         .arg(i);
            m.pushName = QStringLiteral("Cliente %1").arg(customer);
            m.status = MessageStatus::Read;
            batch.append(m);
            if (batch.size() == kBatch || i == perSession[k] - 1) {
                if (auto stored = store.storeIncomingBatch(batch); !stored)
                    fail(stored.error().message);
                batch.clear();
            }
        }
        const int largestHere = (perSession[k] + 3) / 4;
        if (largestHere > largestCount) {
            largestCount = largestHere;
            largestSession = sessionId;
            largestChat = QStringLiteral("55119%1%2@s.whatsapp.net")
                              .arg(k, 2, 10, QLatin1Char('0'))
                              .arg(0, 4, 10, QLatin1Char('0'));
        }
    }
    const double importMs = msSince(timer);

    QList<double> openTimes;
    QList<double> chatListTimes;
    QList<double> searchTimes;
    int pageSize = 0;
    int found = 0;
    SqliteMessaging largest(*database, largestSession);
    const MessagingStores stores = largest.stores();
    for (int r = 0; r < reps; ++r) {
        timer.restart();
        auto chats = stores.chats->chats();
        if (!chats)
            fail(chats.error().message);
        chatListTimes.append(msSince(timer));
        timer.restart();
        auto page = stores.messages->messages(largestChat, 50, {});
        if (!page)
            fail(page.error().message);
        openTimes.append(msSince(timer));
        pageSize = int(page->size());
        timer.restart();
        auto hits = stores.messages->search(QStringLiteral("entrega pix"), 50);
        if (!hits)
            fail(hits.error().message);
        searchTimes.append(msSince(timer));
        found = int(hits->size());
    }
    QJsonObject result {{QStringLiteral("messages"), total}, {QStringLiteral("sessions"), sessions},
        {QStringLiteral("importMs"), importMs},
        {QStringLiteral("importPerSecond"), total / (importMs / 1000.0)},
        {QStringLiteral("largestChatMessages"), largestCount},
        {QStringLiteral("openLargestChatMs"), median(openTimes)},
        {QStringLiteral("chatListMs"), median(chatListTimes)},
        {QStringLiteral("searchMs"), median(searchTimes)}, {QStringLiteral("pageSize"), pageSize},
        {QStringLiteral("searchHits"), found}, {QStringLiteral("reps"), reps}};
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
    return pageSize == 50 && found > 0 ? 0 : 1;
}
