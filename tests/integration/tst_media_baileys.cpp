// Issue 17, Done-when 3: a real, unmodified Baileys 7 client (tests/emulator/bin/baileys-peer.js) opens
// Balcão's photo and voice note with its own downloadMediaMessage, and sends a document that Balcão stores
// intact.
#include "../common/baileys_peer.h"
#include "../common/key_cli.h"
#include "../common/linking.h"
#include "../common/media_fixtures.h"

#include <QCryptographicHash>
#include <QTemporaryDir>
#include <QTest>

using namespace balcao::testing;

namespace {
const QString kBusiness = QStringLiteral("5511950000001");
const QString kCustomer = QStringLiteral("5511950000002"); // whose companion is Baileys 7

QByteArray sha256Hex(const QByteArray &data) {
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}
} // namespace

class TestMediaBaileys : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        const QString error = m_emulator.start();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QString ca = m_dir.filePath(QStringLiteral("test-ca.pem"));
        QFile caFile(ca);
        QVERIFY(caFile.open(QIODevice::WriteOnly));
        caFile.write(m_emulator.testCaPem());
        caFile.close();
        m_app.setExtraArguments({QStringLiteral("--test-ca"), ca});
        QVERIFY(m_app.start(m_data.path(), m_emulator.ws(), m_emulator.rootKeyHex()).isEmpty());
        std::tie(m_session, m_jid) = linkByQr(m_emulator, m_app, kBusiness, QStringLiteral("Loja"));
        QVERIFY(!m_jid.isEmpty());
        m_peer.setBaileysVersion(7);
        const QString started = m_peer.start(kCustomer, QStringLiteral("Cliente Baileys"));
        QVERIFY2(started.isEmpty(), qPrintable(started));
    }

    void baileysOpensOurPhotoAndVoiceNote() {
        for (const QString &kind : {QStringLiteral("image"), QStringLiteral("ptt")}) {
            QByteArray bytes;
            for (const MediaFixture &f : mediaFixtures(m_dir.path()))
                if (f.kind == kind)
                    bytes = f.data;
            QVERIFY(!bytes.isEmpty());
            const QString path = m_dir.filePath(QStringLiteral("ours-") + kind);
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(bytes);
            file.close();
            const int from = m_app.eventCount();
            m_app.send({{"cmd", "send-file"}, {"session", m_session}, {"to", kCustomer}, {"path", path},
                {"kind", kind}});
            const auto queued = m_app.waitFor(
                [](const QJsonObject &e) {
                    return e.value("event") == "message" && e.value("fromMe").toBool();
                },
                20000, from);
            QVERIFY(queued);
            const QString id = queued->value("id").toString();
            const QString sha
                = queued->value("content").toObject().value("media").toObject().value("sha256").toString();
            const auto opened = m_peer.waitFor(
                [&](const QJsonObject &e) { return e.value("event") == "media" && e.value("id") == id; },
                30000);
            QVERIFY2(opened, qPrintable(kind));
            QVERIFY2(opened->value("error").isNull(), qPrintable(opened->value("error").toString()));
            QCOMPARE(opened->value("sha256").toString(), sha);
            QCOMPARE(opened->value("kind").toString(), kind);
            if (kind == QLatin1String("ptt")) {
                QCOMPARE(opened->value("ptt").toBool(), true);
                QCOMPARE(opened->value("seconds").toInt(), 2);
            }
        }
    }

    void baileysSendsADocumentWeKeepIntact() {
        const QByteArray pdf = tinyPdf() + "% pedido 77\n";
        const int from = m_app.eventCount();
        m_peer.command({{"cmd", "send-media"}, {"to", kBusiness + QStringLiteral("@s.whatsapp.net")},
            {"kind", "document"}, {"data", QString::fromLatin1(pdf.toBase64())},
            {"mimetype", "application/pdf"}, {"fileName", "Pedido 77.pdf"}, {"caption", "Segue o pedido"}});
        const auto sent = m_peer.waitFor(
            [](const QJsonObject &e) { return e.value("event") == "sent" || e.value("event") == "error"; });
        QVERIFY(sent);
        QCOMPARE(sent->value("event").toString(), QStringLiteral("sent"));
        const QString id = sent->value("id").toString();
        const auto arrived = m_app.waitFor(
            [&](const QJsonObject &e) { return e.value("event") == "message" && e.value("id") == id; }, 20000,
            from);
        QVERIFY(arrived);
        const QJsonObject content = arrived->value("content").toObject();
        QCOMPARE(
            content.value("media").toObject().value("fileName").toString(), QStringLiteral("Pedido 77.pdf"));
        QCOMPARE(content.value("caption").toString(), QStringLiteral("Segue o pedido"));
        m_app.send({{"cmd", "media"}, {"session", m_session}, {"chat", arrived->value("chat").toString()},
            {"id", id}, {"download", true}});
        const auto done = m_app.waitFor(
            [&](const QJsonObject &e) {
                return e.value("event") == "message.media" && e.value("id") == id
                    && (e.value("state") == "downloaded" || e.value("state") == "failed");
            },
            20000, from);
        QVERIFY(done);
        QVERIFY2(done->value("state") == "downloaded", qPrintable(done->value("reason").toString()));
        QFile kept(done->value("path").toString());
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(sha256Hex(kept.readAll()), sha256Hex(pdf));
    }

    void cleanupTestCase() { m_peer.stop(); }

private:
    Emulator m_emulator;
    QTemporaryDir m_data;
    QTemporaryDir m_dir;
    HeadlessProcess m_app;
    BaileysPeer m_peer {m_emulator};
    QString m_session;
    QString m_jid;
};

QTEST_MAIN(TestMediaBaileys) // QPainter draws the test photo
#include "tst_media_baileys.moc"
