// Issue 17 against the strict emulator, whose phones encrypt and upload with Baileys 7's own media code:
// every kind a customer sends arrives, its file comes down (photos, voice notes, audio and stickers at
// once; videos and documents when asked) with the SHA-256 of the original, and the API streams it;
// locations and contact cards arrive as such; an expired file fails clearly and the message stays. One
// emulator and one app (headless, with the API) for the whole suite.
#include "../common/key_cli.h"
#include "../common/linking.h"
#include "../common/media_fixtures.h"
#include "../common/rest_client.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <voice_note.h>

using namespace balcao::testing;

namespace {
const QString kBusiness = QStringLiteral("5511940000001");
const QString kCustomer = QStringLiteral("5511940000002");

QByteArray sha256Hex(const QByteArray &data) {
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}
} // namespace

class TestMedia : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void everyKindAPhoneSendsArrivesWhole();
    void aLocationAndAContactCardArrive();
    void anExpiredFileComesBackThroughOurPhone();
    void aDamagedFileIsRefusedAndCanBeFetchedAgain();
    void aCutDownloadResumesWhereItStopped();
    void ourFilesReachThePhoneWhole();
    void aFileThatIsNotWhatItsNameSaysGoesAsWhatItIs();
    void theApiSendsFilesAsJsonAndAsForms();
    void theApiRefusesTooLargeBodiesBeforeReadingThem();
    void theApiSendsPlacesAndContactCards();
    void cleanupTestCase();

private:
    // The customer's phone sends `body` (kind, data, …) to the business; the message event, or nothing.
    std::optional<QJsonObject> phoneSends(const QString &route, QJsonObject body);
    std::optional<QJsonObject> mediaEvent(
        const QString &id, const QString &state, int from, int timeoutMs = 20000);
    // Balcão sends the file at `path` (headless send-file); the queued message event, then waits until the
    // customer's phone has decrypted it: what the phone reports of it.
    std::optional<QJsonObject> sendFile(
        const QString &path, const QString &kind, QJsonObject *queued = nullptr);
    // What the customer's phone decrypted of message `id` (waits until it has it).
    std::optional<QJsonObject> phoneFile(const QString &id);
    std::optional<QJsonObject> phoneMessage(const QString &id);
    // The API's answer to a raw request that stops after its headers (nothing of the body is sent).
    QByteArray headersOnly(const QByteArray &head);

    Emulator m_emulator;
    QTemporaryDir m_data;
    QTemporaryDir m_fixtures;
    HeadlessProcess m_app;
    RestClient m_api;
    QString m_key;
    QString m_session;
    QString m_jid;
};

void TestMedia::initTestCase() {
    const QString error = m_emulator.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QString key = createApiKey(m_data.path(), QStringLiteral("admin")).second;
    QVERIFY(!key.isEmpty());
    // The media host speaks https with the emulator's test CA, which the app trusts only when told.
    const QString ca = m_fixtures.filePath(QStringLiteral("test-ca.pem"));
    QFile caFile(ca);
    QVERIFY(caFile.open(QIODevice::WriteOnly));
    caFile.write(m_emulator.testCaPem());
    caFile.close();
    m_app.setExtraArguments(
        {QStringLiteral("--api"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--test-ca"), ca});
    QVERIFY(m_app.start(m_data.path(), m_emulator.ws(), m_emulator.rootKeyHex()).isEmpty());
    const auto api = m_app.waitForEvent(QStringLiteral("api"), {}, 10000);
    QVERIFY2(api, "the API did not start");
    m_api.setBase(QUrl(QStringLiteral("http://%1/").arg(api->value(QStringLiteral("address")).toString())));
    m_api.setKey(key);
    m_key = key;
    std::tie(m_session, m_jid) = linkByQr(m_emulator, m_app, kBusiness, QStringLiteral("Loja Mídia"));
    QVERIFY(!m_jid.isEmpty());
    QVERIFY(!m_emulator.addPhone(kCustomer, QStringLiteral("Cliente Foto")).isEmpty());
}

void TestMedia::cleanupTestCase() {
    const QJsonObject unacked = m_emulator.get(QStringLiteral("/devices/%1/unacked").arg(m_jid)).object();
    QCOMPARE(unacked.value("unacked").toArray().size(), 0);
    QCOMPARE(unacked.value("mismatches").toArray().size(), 0);
}

std::optional<QJsonObject> TestMedia::phoneSends(const QString &route, QJsonObject body) {
    body.insert(QStringLiteral("to"), kBusiness);
    const int from = m_app.eventCount();
    const auto sent = m_emulator.post(QStringLiteral("/phones/%1/%2").arg(kCustomer, route), body);
    if (sent.status != 201) {
        qWarning() << "the phone did not send:" << sent.status << sent.body;
        return std::nullopt;
    }
    const QString id = sent.object().value(QStringLiteral("id")).toString();
    return m_app.waitFor(
        [&](const QJsonObject &e) { return e.value("event") == "message" && e.value("id") == id; }, 20000,
        from);
}

std::optional<QJsonObject> TestMedia::mediaEvent(
    const QString &id, const QString &state, int from, int timeoutMs) {
    return m_app.waitFor(
        [&](const QJsonObject &e) {
            return e.value("event") == "message.media" && e.value("id") == id
                && (e.value("state") == state || e.value("state") == "failed");
        },
        timeoutMs, from);
}

void TestMedia::everyKindAPhoneSendsArrivesWhole() {
    const QString chat = kCustomer + QStringLiteral("@s.whatsapp.net");
    const QStringList atOnce {
        QStringLiteral("image"), QStringLiteral("ptt"), QStringLiteral("audio"), QStringLiteral("sticker")};
    for (const MediaFixture &fixture : mediaFixtures(m_fixtures.path())) {
        QVERIFY2(!fixture.data.isEmpty(), qPrintable(fixture.kind));
        const int from = m_app.eventCount();
        QJsonObject body {{"kind", fixture.kind}, {"data", QString::fromLatin1(fixture.data.toBase64())},
            {"mimetype", fixture.mimetype}};
        if (!fixture.fileName.isEmpty())
            body.insert(QStringLiteral("fileName"), fixture.fileName);
        if (fixture.kind == QLatin1String("image"))
            body.insert(QStringLiteral("caption"), QStringLiteral("Esse aqui tem?"));
        const auto message = phoneSends(QStringLiteral("media"), body);
        QVERIFY2(message, qPrintable(fixture.kind));
        const QString id = message->value("id").toString();
        const QJsonObject media = message->value("content").toObject().value("media").toObject();
        QCOMPARE(message->value("chat").toString(), chat);
        QCOMPARE(media.value("sha256").toString().toLatin1(), fixture.sha256Hex());
        QCOMPARE(media.value("size").toInteger(), fixture.data.size());
        if (fixture.kind == QLatin1String("ptt")) {
            QCOMPARE(media.value("voiceNote").toBool(), true);
            QVERIFY(media.value("seconds").toInt() >= 1);
        }
        if (fixture.kind == QLatin1String("image")) {
            QCOMPARE(message->value("content").toObject().value("caption").toString(),
                QStringLiteral("Esse aqui tem?"));
            QVERIFY2(!media.value("thumbnail").toString().isEmpty(), "a photo comes with its thumbnail");
            QCOMPARE(media.value("width").toInt(), 640);
        }
        if (fixture.kind == QLatin1String("document"))
            QCOMPARE(media.value("fileName").toString(), fixture.fileName);

        const QString base
            = QStringLiteral("sessions/%1/chats/%2/messages/%3/media").arg(m_session, chat, id);
        if (!atOnce.contains(fixture.kind)) {
            // Videos and documents wait until someone asks.
            QVERIFY(!mediaEvent(id, QStringLiteral("downloaded"), from, 1500));
            const auto missing = m_api.get(base);
            QCOMPARE(missing.status, 404);
            QCOMPARE(missing.object().value("code").toString(), QStringLiteral("media-not-downloaded"));
            const auto asked = m_api.post(base + QStringLiteral("/download"));
            QVERIFY2(asked.status == 202 || asked.status == 200, asked.body.constData());
        }
        const auto done = mediaEvent(id, QStringLiteral("downloaded"), from);
        QVERIFY2(done, qPrintable(fixture.kind));
        QVERIFY2(done->value("state") == "downloaded", qPrintable(done->value("reason").toString()));
        QFile stored(done->value("path").toString());
        QVERIFY(stored.open(QIODevice::ReadOnly));
        QCOMPARE(sha256Hex(stored.readAll()), fixture.sha256Hex());

        const auto served = m_api.get(base);
        QCOMPARE(served.status, 200);
        QCOMPARE(sha256Hex(served.body), fixture.sha256Hex());
        QCOMPARE(served.contentType, fixture.mimetype.section(u';', 0, 0).toLatin1());
        QVERIFY2(served.disposition.startsWith("attachment; filename="), served.disposition.constData());
        if (!fixture.fileName.isEmpty())
            QVERIFY2(served.disposition.contains("filename*=UTF-8''Boleto%20mar%C3%A7o.pdf"),
                served.disposition.constData());
    }
}

void TestMedia::aLocationAndAContactCardArrive() {
    const auto location = phoneSends(QStringLiteral("location"),
        {{"latitude", -23.5613}, {"longitude", -46.6565}, {"name", "Loja Paulista"},
            {"address", "Av. Paulista, 1000"}});
    QVERIFY(location);
    QCOMPARE(location->value("type").toString(), QStringLiteral("location"));
    const QJsonObject where = location->value("content").toObject().value("location").toObject();
    QCOMPARE(where.value("latitude").toDouble(), -23.5613);
    QCOMPARE(where.value("longitude").toDouble(), -46.6565);
    QCOMPARE(where.value("name").toString(), QStringLiteral("Loja Paulista"));

    const QString vcard = QStringLiteral("BEGIN:VCARD\nVERSION:3.0\nFN:Ana Fornecedora\n"
                                         "TEL;type=CELL;waid=5511940000009:+55 11 94000-0009\nEND:VCARD");
    const auto card
        = phoneSends(QStringLiteral("contact"), {{"displayName", "Ana Fornecedora"}, {"vcard", vcard}});
    QVERIFY(card);
    QCOMPARE(card->value("type").toString(), QStringLiteral("contact"));
    const QJsonObject contact = card->value("content").toObject().value("contact").toObject();
    QCOMPARE(contact.value("name").toString(), QStringLiteral("Ana Fornecedora"));
    QVERIFY(contact.value("vcard").toString().contains(QStringLiteral("waid=5511940000009")));
}

// Issue 17, Done-when 4: a file the host has forgotten is asked of our phone again (media retry), which
// uploads it anew; the download then completes with the file intact.
void TestMedia::anExpiredFileComesBackThroughOurPhone() {
    // A document, so that it waits on the host until asked for; by then the host has forgotten it. (Not a
    // file this computer already has: files are kept by their content.)
    const QByteArray pdf = tinyPdf() + "% nota 2\n";
    const auto message = phoneSends(QStringLiteral("media"),
        {{"kind", "document"}, {"data", QString::fromLatin1(pdf.toBase64())}, {"mimetype", "application/pdf"},
            {"fileName", "nota.pdf"}});
    QVERIFY(message);
    const QString id = message->value("id").toString();
    // Our phone keeps what reaches the number (it downloads on arrival): only then can it send it again.
    QDeadlineTimer kept(20000);
    while (!kept.hasExpired()) {
        const auto held = m_emulator.get(QStringLiteral("/phones/%1/media/%2").arg(kBusiness, id));
        if (held.status == 200 && !held.object().value("pending").toBool())
            break;
        QTest::qWait(100);
    }
    QVERIFY2(!kept.hasExpired(), "our phone never had the document");
    QCOMPARE(m_emulator.post(QStringLiteral("/faults"), {{"expireMedia", true}}).status, 200);
    const int from = m_app.eventCount();
    const QString chat = kCustomer + QStringLiteral("@s.whatsapp.net");
    const QString base = QStringLiteral("sessions/%1/chats/%2/messages/%3/media").arg(m_session, chat, id);
    QCOMPARE(m_api.post(base + QStringLiteral("/download")).status, 202);
    const auto retrying = mediaEvent(id, QStringLiteral("retrying"), from);
    QVERIFY(retrying);
    QCOMPARE(retrying->value("code").toString(), QStringLiteral("media-expired"));
    const auto done = mediaEvent(id, QStringLiteral("downloaded"), from);
    QVERIFY(done);
    QVERIFY2(done->value("state") == "downloaded", qPrintable(done->value("reason").toString()));
    QCOMPARE(sha256Hex(m_api.get(base).body), sha256Hex(pdf));
    // Our phone was asked, by the message's id, and answered with the file's new place.
    const QJsonArray retries
        = m_emulator.get(QStringLiteral("/phones/%1/media-retries").arg(kBusiness)).array();
    QVERIFY2(!retries.isEmpty() && retries.last().toObject().value("id") == id,
        QJsonDocument(retries).toJson().constData());
}

// Issue 17, Done-when 4: a file damaged on the way is refused (never shown), the message stays, and asking
// again brings it intact.
void TestMedia::aDamagedFileIsRefusedAndCanBeFetchedAgain() {
    QCOMPARE(m_emulator.post(QStringLiteral("/faults"), {{"tamperMedia", true}}).status, 200);
    const QByteArray photo = jpegPhoto(320, 200);
    int from = m_app.eventCount();
    const auto message = phoneSends(QStringLiteral("media"),
        {{"kind", "image"}, {"data", QString::fromLatin1(photo.toBase64())}, {"mimetype", "image/jpeg"}});
    QVERIFY(message);
    const QString id = message->value("id").toString();
    const auto failed = mediaEvent(id, QStringLiteral("failed"), from);
    QVERIFY(failed);
    QCOMPARE(failed->value("state").toString(), QStringLiteral("failed"));
    QCOMPARE(failed->value("code").toString(), QStringLiteral("media-damaged"));
    QVERIFY(failed->value("reason").toString().contains(QStringLiteral("again")));
    const QString chat = kCustomer + QStringLiteral("@s.whatsapp.net");
    const QString base = QStringLiteral("sessions/%1/chats/%2/messages/%3/media").arg(m_session, chat, id);
    QCOMPARE(m_api.get(base).status, 404); // nothing damaged was kept
    const auto page = m_api.get(QStringLiteral("sessions/%1/chats/%2/messages").arg(m_session, chat));
    bool kept = false;
    for (const QJsonValue &m : page.object().value("messages").toArray())
        kept = kept || (m.toObject().value("id") == id && m.toObject().value("type") == "image");
    QVERIFY(kept);

    QCOMPARE(m_emulator.post(QStringLiteral("/faults"), {{"tamperMedia", false}}).status, 200);
    from = m_app.eventCount();
    QCOMPARE(m_api.post(base + QStringLiteral("/download")).status, 202);
    const auto done = mediaEvent(id, QStringLiteral("downloaded"), from);
    QVERIFY(done);
    QVERIFY2(done->value("state") == "downloaded", qPrintable(done->value("reason").toString()));
    QCOMPARE(sha256Hex(m_api.get(base).body), sha256Hex(photo));
}

// A download cut off part way keeps what arrived; asking again continues from there with a Range request, and
// the file comes out whole.
void TestMedia::aCutDownloadResumesWhereItStopped() {
    QByteArray pdf = tinyPdf();
    for (int i = 0; pdf.size() < 200000; ++i)
        pdf += "% linha " + QByteArray::number(i) + " do relatório de vendas\n";
    const auto message = phoneSends(QStringLiteral("media"),
        {{"kind", "document"}, {"data", QString::fromLatin1(pdf.toBase64())}, {"mimetype", "application/pdf"},
            {"fileName", "relatorio.pdf"}});
    QVERIFY(message);
    const QString id = message->value("id").toString();
    const QString chat = kCustomer + QStringLiteral("@s.whatsapp.net");
    const QString base = QStringLiteral("sessions/%1/chats/%2/messages/%3/media").arg(m_session, chat, id);
    QCOMPARE(m_emulator.post(QStringLiteral("/faults"), {{"cutMedia", 60000}}).status, 200);
    int from = m_app.eventCount();
    QCOMPARE(m_api.post(base + QStringLiteral("/download")).status, 202);
    const auto cut = mediaEvent(id, QStringLiteral("failed"), from);
    QVERIFY(cut);
    QCOMPARE(cut->value("state").toString(), QStringLiteral("failed"));
    const int rangesBefore = m_emulator.get(QStringLiteral("/media/stats")).object().value("ranges").toInt();

    from = m_app.eventCount();
    QCOMPARE(m_api.post(base + QStringLiteral("/download")).status, 202);
    const auto done = mediaEvent(id, QStringLiteral("downloaded"), from);
    QVERIFY(done);
    QVERIFY2(done->value("state") == "downloaded", qPrintable(done->value("reason").toString()));
    QCOMPARE(sha256Hex(m_api.get(base).body), sha256Hex(pdf));
    // The second request asked only for what was missing.
    const QJsonObject stats = m_emulator.get(QStringLiteral("/media/stats")).object();
    QCOMPARE(stats.value("ranges").toInt(), rangesBefore + 1);
    QVERIFY2(stats.value("lastRangeStart").toInt() > 0 && stats.value("lastRangeStart").toInt() <= 60000,
        QJsonDocument(stats).toJson().constData());
}

std::optional<QJsonObject> TestMedia::sendFile(
    const QString &path, const QString &kind, QJsonObject *queued) {
    const int from = m_app.eventCount();
    QJsonObject command {{"cmd", "send-file"}, {"session", m_session}, {"to", kCustomer}, {"path", path}};
    if (!kind.isEmpty())
        command.insert(QStringLiteral("kind"), kind);
    m_app.send(command);
    const auto message = m_app.waitFor(
        [&](const QJsonObject &e) {
            return (e.value("event") == "message" && e.value("fromMe").toBool())
                || e.value("event") == "error";
        },
        20000, from);
    if (!message || message->value("event") == "error") {
        qWarning() << "not queued:"
                   << (message ? message->value("message").toString() : QStringLiteral("no answer"));
        return std::nullopt;
    }
    if (queued)
        *queued = *message;
    const QString id = message->value("id").toString();
    const auto delivered = m_app.waitFor(
        [&](const QJsonObject &e) {
            return e.value("event") == "message.status" && e.value("id") == id
                && (e.value("status") == "delivered" || e.value("status") == "failed");
        },
        30000, from);
    if (!delivered || delivered->value("status") != "delivered") {
        qWarning() << "not delivered:"
                   << (delivered ? delivered->value("reason").toString() : QStringLiteral("no answer"));
        return std::nullopt;
    }
    return phoneFile(id);
}

std::optional<QJsonObject> TestMedia::phoneFile(const QString &id) {
    QDeadlineTimer deadline(20000);
    while (!deadline.hasExpired()) {
        const auto got = m_emulator.get(QStringLiteral("/phones/%1/media/%2").arg(kCustomer, id));
        if (got.status == 200 && !got.object().value("pending").toBool())
            return got.object();
        QTest::qWait(100);
    }
    return std::nullopt;
}

std::optional<QJsonObject> TestMedia::phoneMessage(const QString &id) {
    QDeadlineTimer deadline(20000);
    while (!deadline.hasExpired()) {
        for (const QJsonValue &m :
            m_emulator.get(QStringLiteral("/phones/%1/messages").arg(kCustomer)).array()) {
            if (m.toObject().value("id") == id)
                return m.toObject();
        }
        QTest::qWait(100);
    }
    return std::nullopt;
}

QByteArray TestMedia::headersOnly(const QByteArray &head) {
    QTcpSocket socket;
    socket.connectToHost(m_api.base().host(), quint16(m_api.base().port()));
    if (!socket.waitForConnected(5000))
        return {};
    socket.write(head);
    QByteArray answer;
    QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired() && !answer.contains("\r\n\r\n")) {
        if (socket.waitForReadyRead(200))
            answer += socket.readAll();
        if (socket.state() != QAbstractSocket::ConnectedState)
            break;
    }
    return answer + socket.readAll();
}

// Issue 17, Done-when 2: a photo, a voice note, a document and a video from Balcão, decrypted by the phone
// with Baileys 7's code: the bytes are the file Balcão kept and sent (photos are re-encoded as WhatsApp's
// apps do).
void TestMedia::ourFilesReachThePhoneWhole() {
    const QString dir = m_fixtures.path();
    for (const MediaFixture &fixture : mediaFixtures(dir)) {
        if (fixture.kind == QLatin1String("audio") || fixture.kind == QLatin1String("sticker"))
            continue;
        const QString path
            = QDir(dir).filePath(QStringLiteral("send-") + fixture.kind + QStringLiteral(".bin"));
        if (fixture.kind == QLatin1String("ptt")) {
            // Recorded as the window records: a microphone's PCM (a WAV's samples) through our own encoder.
            const QByteArray pcm = ffmpegMake(dir, QStringLiteral("mic.raw"),
                {QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
                    QStringLiteral("sine=frequency=300:duration=2"), QStringLiteral("-ar"),
                    QStringLiteral("48000"), QStringLiteral("-ac"), QStringLiteral("1"), QStringLiteral("-f"),
                    QStringLiteral("s16le")});
            auto writer = balcao::voice_note::Writer::create(path);
            QVERIFY(writer);
            QVERIFY((*writer)->write(pcm));
            QVERIFY((*writer)->finish());
        } else {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(fixture.data);
            file.close();
        }
        QFile sentFile(path);
        QVERIFY(sentFile.open(QIODevice::ReadOnly));
        const QByteArray sentBytes = sentFile.readAll();
        QJsonObject queued;
        const auto received = sendFile(path, fixture.kind, &queued);
        QVERIFY2(received, qPrintable(fixture.kind));
        QVERIFY2(received->value("error").isNull(), qPrintable(received->value("error").toString()));
        const QJsonObject sent = queued.value("content").toObject().value("media").toObject();
        const QByteArray data = QByteArray::fromBase64(received->value("data").toString().toLatin1());
        QCOMPARE(sha256Hex(data), sent.value("sha256").toString().toLatin1());
        QCOMPARE(received->value("sha256").toString(), sent.value("sha256").toString());
        if (fixture.kind == QLatin1String("image")) {
            QCOMPARE(received->value("kind").toString(), QStringLiteral("image"));
            QCOMPARE(QImage::fromData(data).size(), QSize(640, 480));
            QCOMPARE(received->value("width").toInt(), 640);
            QVERIFY2(!received->value("thumbnail").toString().isEmpty(), "our photos carry a thumbnail");
        } else if (fixture.kind == QLatin1String("ptt")) {
            QCOMPARE(received->value("kind").toString(), QStringLiteral("ptt"));
            QCOMPARE(sha256Hex(data), sha256Hex(sentBytes)); // a voice note goes as it was recorded
            QCOMPARE(received->value("seconds").toInt(), 2);
            QCOMPARE(QByteArray::fromBase64(received->value("waveform").toString().toLatin1()).size(), 64);
        } else {
            QCOMPARE(sha256Hex(data), fixture.sha256Hex());
            QCOMPARE(received->value("kind").toString(), fixture.kind);
        }
        if (fixture.kind == QLatin1String("video")) {
            QCOMPARE(received->value("width").toInt(), 320);
            QCOMPARE(received->value("seconds").toInt(), 1);
            QVERIFY2(
                !received->value("thumbnail").toString().isEmpty(), "our videos carry their first frame");
        }
    }
}

// A PNG named like a PDF goes as the photo it is; a text named like a photo goes as a document.
void TestMedia::aFileThatIsNotWhatItsNameSaysGoesAsWhatItIs() {
    const QString dir = m_fixtures.path();
    QImage png(200, 100, QImage::Format_ARGB32);
    png.fill(Qt::blue);
    const QString fakePdf = QDir(dir).filePath(QStringLiteral("fatura.pdf"));
    QVERIFY(png.save(fakePdf, "PNG"));
    const auto photo = sendFile(fakePdf, {});
    QVERIFY(photo);
    QCOMPARE(photo->value("kind").toString(), QStringLiteral("image"));
    QCOMPARE(photo->value("mimetype").toString(), QStringLiteral("image/jpeg"));

    const QString fakeJpeg = QDir(dir).filePath(QStringLiteral("foto.jpg"));
    QFile text(fakeJpeg);
    QVERIFY(text.open(QIODevice::WriteOnly));
    text.write("isto não é uma foto\n");
    text.close();
    QJsonObject queued;
    const auto document = sendFile(fakeJpeg, QStringLiteral("image"), &queued);
    QVERIFY(document);
    QCOMPARE(document->value("kind").toString(), QStringLiteral("document"));
    QCOMPARE(document->value("fileName").toString(), QStringLiteral("foto.jpg"));
    QCOMPARE(queued.value("type").toString(), QStringLiteral("document"));
}

// Issue 17, Done-when 5: a photo as JSON with base64 and a document as a form, each decrypted by the phone; a
// PNG named .pdf goes as the photo it is; our own files stream back from GET …/media.
void TestMedia::theApiSendsFilesAsJsonAndAsForms() {
    const QByteArray photo = jpegPhoto(2400, 1200); // larger than WhatsApp sends: scaled to 1600 × 800
    const auto json = m_api.post(QStringLiteral("sessions/%1/messages/media").arg(m_session),
        {{"to", kCustomer}, {"data", QString::fromLatin1(photo.toBase64())}, {"caption", "Promoção"},
            {"mimetype", "application/pdf"}}); // a claimed type is not believed
    QCOMPARE(json.status, 201);
    const QJsonObject queued = json.object();
    QCOMPARE(queued.value("type").toString(), QStringLiteral("image"));
    const auto received = phoneFile(queued.value("id").toString());
    QVERIFY(received);
    QCOMPARE(received->value("kind").toString(), QStringLiteral("image"));
    QCOMPARE(received->value("caption").toString(), QStringLiteral("Promoção"));
    const QByteArray data = QByteArray::fromBase64(received->value("data").toString().toLatin1());
    QCOMPARE(QImage::fromData(data).size(), QSize(1600, 800));
    // Our own photo streams back from the API as the phone got it.
    const auto served = m_api.get(
        QStringLiteral("sessions/%1/chats/%2/messages/%3/media")
            .arg(m_session, kCustomer + QStringLiteral("@s.whatsapp.net"), queued.value("id").toString()));
    QCOMPARE(served.status, 200);
    QCOMPARE(sha256Hex(served.body), sha256Hex(data));

    // A form, as curl -F sends it: a PDF and a PNG named like a PDF.
    QImage png(300, 200, QImage::Format_ARGB32);
    png.fill(Qt::red);
    QByteArray pngBytes;
    QBuffer buffer(&pngBytes);
    buffer.open(QIODevice::WriteOnly);
    png.save(&buffer, "PNG");
    const QByteArray pdf = tinyPdf() + "% contrato\n";
    for (const auto &[bytes, name, kind] :
        {std::tuple {pdf, QStringLiteral("Contrato março.pdf"), QStringLiteral("document")},
            std::tuple {pngBytes, QStringLiteral("fatura.pdf"), QStringLiteral("image")}}) {
        const QByteArray boundary = "----balcao" + QByteArray::number(bytes.size());
        QByteArray form = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"to\"\r\n\r\n"
            + kCustomer.toUtf8() + "\r\n--" + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name.toUtf8()
            + "\"\r\nContent-Type: application/pdf\r\n\r\n" + bytes + "\r\n--" + boundary + "--\r\n";
        QNetworkAccessManager network;
        QNetworkRequest request(
            m_api.base().resolved(QUrl(QStringLiteral("sessions/%1/messages/media").arg(m_session))));
        request.setRawHeader("X-API-Key", m_key.toUtf8());
        request.setHeader(
            QNetworkRequest::ContentTypeHeader, QByteArray("multipart/form-data; boundary=" + boundary));
        std::unique_ptr<QNetworkReply> reply(network.post(request, form));
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        QVERIFY(finished.wait(20000));
        const QByteArray answer = reply->readAll();
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 201);
        const QJsonObject message = QJsonDocument::fromJson(answer).object();
        const auto got = phoneFile(message.value("id").toString());
        QVERIFY2(got, qPrintable(name));
        QCOMPARE(got->value("kind").toString(), kind);
        if (kind == QLatin1String("document")) {
            QCOMPARE(got->value("fileName").toString(), name);
            QCOMPARE(sha256Hex(QByteArray::fromBase64(got->value("data").toString().toLatin1())),
                sha256Hex(bytes));
        }
    }
    // Nothing of the uploads is left behind once they are sent.
    QTRY_VERIFY_WITH_TIMEOUT(
        QDir(m_data.filePath(QStringLiteral("media/uploads"))).entryList(QDir::Files).isEmpty(), 5000);
}

// Issue 17, Done-when 5: bodies over the limits are refused with 413 from their headers alone.
void TestMedia::theApiRefusesTooLargeBodiesBeforeReadingThem() {
    const QByteArray path = QStringLiteral("/sessions/%1/messages/media").arg(m_session).toUtf8();
    const QByteArray host = m_api.base().authority().toUtf8();
    const QByteArray json = headersOnly("POST " + path + " HTTP/1.1\r\nHost: " + host
        + "\r\nX-API-Key: " + m_key.toUtf8() + "\r\nContent-Type: application/json\r\nContent-Length: "
        + QByteArray::number(30 * 1024 * 1024) + "\r\n\r\n");
    QVERIFY2(json.startsWith("HTTP/1.1 413"), json.left(200).constData());
    QVERIFY(json.contains("body-too-large"));
    const QByteArray form = headersOnly("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nX-API-Key: "
        + m_key.toUtf8() + "\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: "
        + QByteArray::number(3LL * 1024 * 1024 * 1024) + "\r\n\r\n");
    QVERIFY2(form.startsWith("HTTP/1.1 413"), form.left(200).constData());
    // Other routes keep their small limit.
    const QByteArray text = headersOnly("POST /sessions/" + m_session.toUtf8()
        + "/messages HTTP/1.1\r\nHost: " + host + "\r\nX-API-Key: " + m_key.toUtf8()
        + "\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n");
    QVERIFY2(text.startsWith("HTTP/1.1 413"), text.left(200).constData());
    // A base64 file over 16 MiB in a body within the limit is refused too (after reading, by its size).
    const QByteArray big(16 * 1024 * 1024 + 1, 'x');
    const auto tooBig = m_api.post(QStringLiteral("sessions/%1/messages/media").arg(m_session),
        {{"to", kCustomer}, {"data", QString::fromLatin1(big.toBase64())}});
    QCOMPARE(tooBig.status, 413);
}

// Issue 17, Done-when 5: a location and a contact card sent through the API reach the phone as such.
void TestMedia::theApiSendsPlacesAndContactCards() {
    const auto place = m_api.post(QStringLiteral("sessions/%1/messages/location").arg(m_session),
        {{"to", kCustomer}, {"latitude", -22.9068}, {"longitude", -43.1729}, {"name", "Filial Centro"}});
    QCOMPARE(place.status, 201);
    const auto where = phoneMessage(place.object().value("id").toString());
    QVERIFY(where);
    QCOMPARE(where->value("kind").toString(), QStringLiteral("location"));
    QCOMPARE(where->value("location").toObject().value("latitude").toDouble(), -22.9068);

    const auto card = m_api.post(QStringLiteral("sessions/%1/messages/contact").arg(m_session),
        {{"to", kCustomer}, {"name", "Suporte Loja"}, {"phone", "+55 11 94000-0001"}});
    QCOMPARE(card.status, 201);
    const auto who = phoneMessage(card.object().value("id").toString());
    QVERIFY(who);
    QCOMPARE(who->value("kind").toString(), QStringLiteral("contact"));
    QVERIFY2(QJsonDocument(who->value("contact").toObject()).toJson().contains("waid=5511940000001"),
        QJsonDocument(who->value("contact").toObject()).toJson().constData());
    const auto bad = m_api.post(QStringLiteral("sessions/%1/messages/location").arg(m_session),
        {{"to", kCustomer}, {"latitude", 123.0}, {"longitude", 0.0}});
    QCOMPARE(bad.status, 400);
}

QTEST_MAIN(TestMedia) // QPainter draws the test photo
#include "tst_media.moc"
