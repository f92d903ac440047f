// A busy number does not starve its neighbours (issue 14): every session on one worker thread (--workers 1),
// one of them takes bursts of a thousand texts at a time while the 200 others keep answering the server's
// pings and stay connected, with keepalives tight enough (2 s) that a worker blocked for long would drop
// them.
#include <QElapsedTimer>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QTest>
#include <emulator.h>
#include <headless_process.h>

using namespace balcao::testing;

class TestBusyWorker : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void neighboursKeepAnsweringThroughAStorm();

private:
    struct Line {
        QString phone;
        QString session;
        QString deviceJid;
    };
    // Links `phones` ten at a time, as an operator adding numbers would.
    bool linkAll(const QStringList &phones);

    static constexpr int kNeighbours = 200;
    static constexpr int kSweeps = 5; // ping sweeps that must overlap a burst
    static constexpr int kBurstTexts = 1000;

    Emulator m_emulator;
    QTemporaryDir m_data;
    HeadlessProcess m_app;
    QList<Line> m_lines; // the first is the busy one
    QString m_customer = QStringLiteral("5511930000000");
};

void TestBusyWorker::initTestCase() {
    const QString error = m_emulator.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_emulator.addPhone(m_customer, QStringLiteral("Cliente"));
    QProcessEnvironment env;
    env.insert("BALCAO_KEEPALIVE_MS", "2000");
    m_app.setExtraArguments({QStringLiteral("--workers"), QStringLiteral("1")});
    QVERIFY(m_app.start(m_data.path(), m_emulator.ws(), m_emulator.rootKeyHex(), env).isEmpty());
    QStringList phones;
    for (int i = 0; i <= kNeighbours; ++i)
        phones << QStringLiteral("5511931%1").arg(i, 6, 10, QLatin1Char('0'));
    QElapsedTimer clock;
    clock.start();
    QVERIFY(linkAll(phones));
    qInfo("%d numbers linked on one worker in %lld ms", int(m_lines.size()), qint64(clock.elapsed()));
}

bool TestBusyWorker::linkAll(const QStringList &phones) {
    for (qsizetype start = 0; start < phones.size(); start += 10) {
        const QStringList group = phones.mid(start, 10);
        const int from = m_app.eventCount();
        for (const QString &phone : group) {
            m_emulator.addPhone(phone, "Loja " + phone);
            m_app.send({{"cmd", "add-session"}, {"name", phone}, {"requestId", "add-" + phone}});
        }
        QList<Line> lines;
        for (const QString &phone : group) {
            const auto added = m_app.waitFor(
                [&](const QJsonObject &e) { return e.value("requestId").toString() == "add-" + phone; },
                10000, from);
            if (!added)
                return false;
            lines.append({phone, added->value("session").toString(), {}});
            m_app.send({{"cmd", "link"}, {"session", lines.last().session}, {"method", "qr"}});
        }
        for (Line &line : lines) {
            const auto qr = m_app.waitForEvent("qr", line.session, 15000, from);
            if (!qr
                || m_emulator
                        .post(QStringLiteral("/phones/%1/scan").arg(line.phone),
                            {{"qr", qr->value("qr").toString()}})
                        .status
                    != 200)
                return false;
        }
        for (Line &line : lines) {
            const auto connected = m_app.waitForStatus(line.session, "connected", 20000, from);
            if (!connected)
                return false;
            line.deviceJid = connected->value("jid").toString();
        }
        m_lines += lines;
    }
    return true;
}

void TestBusyWorker::neighboursKeepAnsweringThroughAStorm() {
    const Line busy = m_lines.first();
    QVERIFY(m_emulator
                .post(QStringLiteral("/phones/%1/messages").arg(m_customer),
                    {{"to", busy.phone}, {"text", "primeira"}})
                .status
        == 201); // the Signal session, so the bursts are plain messages
    QVERIFY(m_app.waitFor(
        [](const QJsonObject &e) { return e.value("text") == QLatin1String("primeira"); }, 10000));
    const int stormFrom = m_app.eventCount();

    // Bursts go out one after another in the background while this thread pings all the neighbours at once,
    // sweep after sweep, until enough sweeps ran during the storm.
    QNetworkAccessManager network;
    int burstsDone = 0;
    bool stopBursts = false;
    QStringList burstErrors;
    std::function<void()> nextBurst = [&] {
        QNetworkRequest request(
            m_emulator.control().resolved(QUrl(QStringLiteral("/phones/%1/burst").arg(m_customer))));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        request.setTransferTimeout(180000);
        QNetworkReply *reply = network.post(request,
            QJsonDocument(QJsonObject {{"to", busy.phone}, {"count", kBurstTexts},
                              {"text", QStringLiteral("rajada%1").arg(burstsDone)}, {"timeoutMs", 120000}})
                .toJson(QJsonDocument::Compact));
        connect(reply, &QNetworkReply::finished, this, [&, reply] {
            reply->deleteLater();
            if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
                burstErrors << QString::fromUtf8(reply->readAll());
            ++burstsDone;
            if (!stopBursts && burstErrors.isEmpty())
                nextBurst();
        });
    };
    nextBurst();

    QJsonArray neighbours;
    for (qsizetype i = 1; i < m_lines.size(); ++i)
        neighbours.append(m_lines[i].deviceJid);
    int sweeps = 0;
    int sweepsDuringBursts = 0;
    double slowest = 0;
    QStringList unanswered;
    QElapsedTimer clock;
    clock.start();
    const auto busyMessages = [&] {
        int n = 0;
        const auto &events = m_app.events();
        for (qsizetype i = stormFrom; i < events.size(); ++i)
            n += events[i].value("event") == QLatin1String("message")
                && events[i].value("session") == busy.session;
        return n;
    };
    while (sweepsDuringBursts < kSweeps && burstErrors.isEmpty() && clock.elapsed() < 120000) {
        const int storedBefore = busyMessages();
        const auto answer
            = m_emulator.post(QStringLiteral("/pings"), {{"devices", neighbours}, {"timeoutMs", 3000}});
        QCOMPARE(answer.status, 200);
        for (const auto &r : answer.object().value("results").toArray()) {
            const QJsonObject result = r.toObject();
            if (result.contains("error"))
                unanswered << result.value("error").toString();
            slowest = std::max(slowest, result.value("ms").toDouble());
        }
        ++sweeps;
        // A sweep counts when the busy number stored texts of the storm while its pings were out.
        if (busyMessages() > storedBefore)
            ++sweepsDuringBursts;
    }
    stopBursts = true;
    const int burstsStarted = burstsDone + 1;
    QTRY_VERIFY_WITH_TIMEOUT(burstsDone == burstsStarted || !burstErrors.isEmpty(), 180000);
    QVERIFY2(burstErrors.isEmpty(), qPrintable(burstErrors.join("; ")));
    qInfo("%d sweeps of %d pings (%d during bursts) through %d bursts of %d texts in %lld ms; the slowest "
          "answer took %.0f ms",
        sweeps, int(neighbours.size()), sweepsDuringBursts, burstsDone, kBurstTexts, qint64(clock.elapsed()),
        slowest);
    QVERIFY2(sweepsDuringBursts >= kSweeps, "the pings never overlapped the storm");
    QVERIFY2(unanswered.isEmpty(), qPrintable(unanswered.mid(0, 5).join("; ")));

    // No neighbour was dropped or reconnected meanwhile, and the busy one stored every text.
    QStringList moved;
    const auto &events = m_app.events();
    for (qsizetype i = stormFrom; i < events.size(); ++i) {
        if (events[i].value("event") == QLatin1String("status"))
            moved << events[i].value("session").toString() + " " + events[i].value("status").toString();
    }
    QVERIFY2(moved.isEmpty(), qPrintable(moved.mid(0, 5).join("; ")));
    QCOMPARE(busyMessages(), burstsDone * kBurstTexts);
}

QTEST_GUILESS_MAIN(TestBusyWorker)
#include "tst_busy_worker.moc"
