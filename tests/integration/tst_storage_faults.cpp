#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <emulator.h>
#include <headless_process.h>
#include <private_mount.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace balcao::testing;

// Database faults as the user of `balcao --headless` sees them (issue #8): a full disk is an error event and
// loses nothing (what could not be stored is not acknowledged, so it comes again once there is room); a
// read-only data folder and a damaged database stop the start with a clear error event, and the damaged
// file is kept, with a copy beside it, rather than replaced by an empty profile.
class TestStorageFaults : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void fullDiskLosesNothing();
    void readOnlyFolderStopsTheStart();
    void damagedDatabaseStopsTheStartAndIsKept();

private:
    QString start(HeadlessProcess &app, const QString &dataDir, const QProcessEnvironment &env = {});
    QString link(HeadlessProcess &app, const QString &phone);
    QJsonArray storedMessages(HeadlessProcess &app, const QString &session, const QString &chat);
    // Starts balcao on `dataDir` and waits for it to end by itself (as it must when the profile cannot open):
    // its exit code and the JSON events it printed.
    int runUntilItStops(const QString &dataDir, QList<QJsonObject> &events);

    Emulator m_emulator;
};

void TestStorageFaults::initTestCase() {
    const QString error = m_emulator.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

QString TestStorageFaults::start(
    HeadlessProcess &app, const QString &dataDir, const QProcessEnvironment &env) {
    return app.start(dataDir, m_emulator.ws(), m_emulator.rootKeyHex(), env);
}

QString TestStorageFaults::link(HeadlessProcess &app, const QString &phone) {
    m_emulator.addPhone(phone, "Loja");
    app.send({{"cmd", "add-session"}, {"name", "Loja"}});
    const auto added = app.waitForEvent("session", {}, 5000);
    if (!added)
        return {};
    const QString session = added->value("session").toString();
    app.send({{"cmd", "link"}, {"session", session}, {"method", "qr"}});
    const auto qr = app.waitForEvent("qr", session, 15000);
    if (!qr
        || m_emulator.post(QStringLiteral("/phones/%1/scan").arg(phone), {{"qr", qr->value("qr").toString()}})
                .status
            != 200)
        return {};
    return app.waitForStatus(session, "connected", 10000) ? session : QString();
}

QJsonArray TestStorageFaults::storedMessages(
    HeadlessProcess &app, const QString &session, const QString &chat) {
    const int from = app.eventCount();
    app.send({{"cmd", "messages"}, {"session", session}, {"chat", chat}, {"limit", 200}});
    const auto reply = app.waitForEvent("messages", session, 10000, from);
    return reply ? reply->value("messages").toArray() : QJsonArray();
}

int TestStorageFaults::runUntilItStops(const QString &dataDir, QList<QJsonObject> &events) {
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("BALCAO_KEY_BACKEND", "file");
    env.insert("BALCAO_WA_VERSION_URL", "http://127.0.0.1:1/sw.js");
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process.start(QStringLiteral(BALCAO_BINARY),
        {"--headless", "--data", dataDir, "--server", m_emulator.ws().toString(), "--server-root-key",
            m_emulator.rootKeyHex()});
    if (!process.waitForFinished(20000)) {
        process.kill();
        process.waitForFinished();
        return -1;
    }
    for (const QByteArray &line : process.readAllStandardOutput().split('\n')) {
        if (!line.trimmed().isEmpty())
            events.append(QJsonDocument::fromJson(line).object());
    }
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

void TestStorageFaults::fullDiskLosesNothing() {
    QTemporaryDir data;
    const QString business = QStringLiteral("5511940000001"), customer = QStringLiteral("5511940000002");
    m_emulator.addPhone(customer, "Maria");
    QString session;
    {
        HeadlessProcess app;
        QVERIFY(start(app, data.path()).isEmpty());
        session = link(app, business);
        QVERIFY(!session.isEmpty());
        QCOMPARE(app.finish(), 0); // a clean stop checkpoints the journal into balcao.db
    }
    // The disk fills up a few dozen pages from now: SQLite's page cap answers SQLITE_FULL exactly as a full
    // disk does (tst_database_faults also fills a real tmpfs).
    const qint64 pages = QFileInfo(QDir(data.path()).filePath("balcao.db")).size() / 4096;
    QVERIFY(pages > 0);
    QProcessEnvironment full;
    full.insert("BALCAO_DB_MAX_PAGES", QString::number(pages + 30));
    QStringList sent;
    bool outgoingQueued = false;
    {
        HeadlessProcess app;
        QVERIFY(start(app, data.path(), full).isEmpty());
        QVERIFY(app.waitForStatus(session, "connected", 10000));
        std::optional<QJsonObject> error;
        for (int i = 0; i < 400 && !error; ++i) {
            const QString text
                = QStringLiteral("pedido %1 ").arg(i) + QString(3000, QLatin1Char('a' + i % 26));
            QCOMPARE(m_emulator
                         .post(QStringLiteral("/phones/%1/messages").arg(customer),
                             {{"to", business}, {"text", text}})
                         .status,
                201);
            sent << text;
            error = app.waitFor(
                [](const QJsonObject &e) { return e.value("event") == QLatin1String("error"); }, 50);
        }
        QVERIFY2(error, "the disk never filled up");
        QCOMPARE(error->value("code").toString(), QStringLiteral("storage-full"));
        QVERIFY2(error->value("message").toString().contains("full"),
            qPrintable(error->value("message").toString()));
        // A text sent now either still fits (queued, and it goes out) or is refused with the same clear
        // error; it is never half-queued.
        const int from = app.eventCount();
        app.send({{"cmd", "send"}, {"session", session}, {"to", customer},
            {"text", QString(3000, QLatin1Char('z'))}, {"id", "3EB0F0110000"}, {"requestId", "r-full"}});
        const auto answer = app.waitFor(
            [](const QJsonObject &e) {
                return e.value("requestId") == QLatin1String("r-full")
                    || e.value("id") == QLatin1String("3EB0F0110000");
            },
            5000, from);
        QVERIFY(answer);
        if (answer->value("event") == QLatin1String("error"))
            QCOMPARE(answer->value("code").toString(), QStringLiteral("storage-full"));
        else
            outgoingQueued = true;
        QVERIFY(app.isRunning());
        app.kill();
    }
    // Room again: every text the customer sent is there, once, in order.
    HeadlessProcess app;
    QVERIFY(start(app, data.path()).isEmpty());
    QVERIFY(app.waitForStatus(session, "connected", 10000));
    // The customer's texts (our own text, when it still fitted, is in the same chat and checked below).
    QJsonArray stored;
    for (int attempt = 0; attempt < 40; ++attempt) {
        stored = {};
        for (const auto &m : storedMessages(app, session, customer + "@s.whatsapp.net"))
            if (!m.toObject().value("fromMe").toBool())
                stored.append(m);
        if (stored.size() >= sent.size())
            break;
        QTest::qWait(500);
    }
    QCOMPARE(stored.size(), sent.size());
    QSet<QString> ids;
    for (int i = 0; i < stored.size(); ++i) {
        QCOMPARE(stored.at(i).toObject().value("text").toString(), sent.at(i));
        ids.insert(stored.at(i).toObject().value("id").toString());
    }
    QCOMPARE(ids.size(), sent.size());
    if (outgoingQueued) {
        auto atPhone = [&] {
            for (const auto &m :
                m_emulator.get(QStringLiteral("/phones/%1/messages").arg(customer)).array()) {
                if (m.toObject().value("id") == QLatin1String("3EB0F0110000"))
                    return true;
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(atPhone(), 10000);
    }
}

void TestStorageFaults::readOnlyFolderStopsTheStart() {
    QTemporaryDir temp;
    const QString dir = temp.filePath("profile");
    std::unique_ptr<PrivateMount> mount;
    if (::geteuid() == 0) {
        // Root writes through permission bits: only a read-only mount stops it.
        mount = std::make_unique<PrivateMount>(dir, 8 * 1024 * 1024);
        if (!mount->available())
            QSKIP(qPrintable(QStringLiteral("root without a private mount (%1)").arg(mount->reason())));
    }
    {
        HeadlessProcess app;
        QVERIFY(start(app, dir).isEmpty());
        app.send({{"cmd", "add-session"}, {"name", "Loja"}});
        QVERIFY(app.waitForEvent("session", {}, 5000));
        QCOMPARE(app.finish(), 0);
    }
    const QByteArray before = [&] {
        QFile f(dir + "/balcao.db");
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }();
    QVERIFY(!before.isEmpty());
    if (mount)
        QVERIFY2(mount->makeReadOnly(), "remount read-only failed");
    else
        QCOMPARE(::chmod(qPrintable(dir), 0555), 0);
    QList<QJsonObject> events;
    const int exitCode = runUntilItStops(dir, events);
    if (!mount)
        ::chmod(qPrintable(dir), 0755);
    QCOMPARE(exitCode, 1);
    QCOMPARE(events.size(), 1);
    const QJsonObject error = events.first();
    QCOMPARE(error.value("event").toString(), QStringLiteral("error"));
    QCOMPARE(error.value("code").toString(), QStringLiteral("storage-read-only"));
    QVERIFY2(error.value("message").toString().contains("read-only"),
        qPrintable(error.value("message").toString()));
    QFile f(dir + "/balcao.db");
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), before);
}

void TestStorageFaults::damagedDatabaseStopsTheStartAndIsKept() {
    QTemporaryDir data;
    const QString path = QDir(data.path()).filePath("balcao.db");
    {
        HeadlessProcess app;
        QVERIFY(start(app, data.path()).isEmpty());
        QVERIFY(!link(app, QStringLiteral("5511940000003")).isEmpty());
        QCOMPARE(app.finish(), 0);
    }
    QByteArray bytes;
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        bytes = f.readAll();
        QVERIFY(bytes.size() > 8 * 4096);
        for (qsizetype at = 2 * 4096; at < bytes.size(); at += 2 * 4096)
            bytes.replace(at, 256, QByteArray(256, '\x33'));
        f.seek(0);
        QCOMPARE(f.write(bytes), bytes.size());
    }
    QList<QJsonObject> events;
    QCOMPARE(runUntilItStops(data.path(), events), 1);
    QCOMPARE(events.size(), 1);
    const QJsonObject error = events.first();
    QCOMPARE(error.value("code").toString(), QStringLiteral("storage-corrupt"));
    const QString message = error.value("message").toString();
    const QStringList copies = QDir(data.path()).entryList({"balcao.db.corrupt-*"}, QDir::Files);
    QCOMPARE(copies.size(), 1);
    QVERIFY2(message.contains(copies.first()) && message.contains("restore a backup"), qPrintable(message));
    QFile original(path);
    QVERIFY(original.open(QIODevice::ReadOnly));
    QCOMPARE(original.readAll(), bytes); // still the customer's file, not an empty profile
}

QTEST_GUILESS_MAIN(TestStorageFaults)
#include "tst_storage_faults.moc"
