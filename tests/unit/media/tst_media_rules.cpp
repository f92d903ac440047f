// Media files (issue 17) without a network: the encryption against Baileys 7's vectors, streamed in any
// piece sizes; every way a damaged file is refused; the media_conn answer; the download address; the
// auto-download rules; the HTTP answer reader the transfers use.
#include "golden_vectors.h"

#include <QJsonArray>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <binary/jid.h>
#include <media/media_cipher.h>
#include <media/media_conn.h>
#include <media/media_download.h>
#include <media/media_downloads.h>
#include <media/media_folder.h>
#include <messaging/vcard.h>
#include <transport/http_response_reader.h>

using namespace balcao;
using balcao::testing::hex;

namespace {

MediaClass classOf(const QString &type) {
    static const QHash<QString, MediaClass> classes {{QStringLiteral("image"), MediaClass::Image},
        {QStringLiteral("video"), MediaClass::Video}, {QStringLiteral("audio"), MediaClass::Audio},
        {QStringLiteral("document"), MediaClass::Document}, {QStringLiteral("sticker"), MediaClass::Sticker},
        {QStringLiteral("md-msg-hist"), MediaClass::History},
        {QStringLiteral("md-app-state"), MediaClass::AppState}};
    return classes.value(type);
}

// Feeds `data` through `step` in pieces of random sizes (1 byte to 5000), concatenating what comes out.
template<typename Stream> QByteArray inPieces(Stream &stream, const QByteArray &data, quint32 seed) {
    QRandomGenerator random(seed);
    QByteArray out;
    for (qsizetype at = 0; at < data.size();) {
        const qsizetype piece = std::min<qsizetype>(data.size() - at, 1 + random.bounded(5000));
        auto part = stream.update(QByteArrayView(data).sliced(at, piece));
        if (!part)
            qFatal("%s", qPrintable(part.error().message));
        out += *part;
        at += piece;
    }
    return out;
}

QJsonArray cases() {
    return balcao::testing::loadVectors("media.json").value(QStringLiteral("cases")).toArray();
}

} // namespace

class TstMediaRules : public QObject {
    Q_OBJECT
private slots:
    void expandsKeysAsBaileys7() {
        for (const QJsonValue &v : cases()) {
            const QJsonObject c = v.toObject();
            const auto keys = expandMediaKey(
                hex(c[QStringLiteral("mediaKey")]), classOf(c[QStringLiteral("type")].toString()));
            QVERIFY(keys);
            QCOMPARE(keys->iv, hex(c[QStringLiteral("iv")]));
            QCOMPARE(keys->cipherKey, hex(c[QStringLiteral("cipherKey")]));
            QCOMPARE(keys->macKey, hex(c[QStringLiteral("macKey")]));
        }
        QCOMPARE(expandMediaKey(QByteArray(31, 'k'), MediaClass::Image).error().code,
            QLatin1String(errc::kInvalidArgument));
    }

    void encryptsAndDecryptsLikeBaileys7InAnyPieces() {
        quint32 seed = 1;
        for (const QJsonValue &v : cases()) {
            const QJsonObject c = v.toObject();
            const QByteArray key = hex(c[QStringLiteral("mediaKey")]);
            const MediaClass mediaClass = classOf(c[QStringLiteral("type")].toString());
            const QByteArray plain = hex(c[QStringLiteral("plain")]);
            const QByteArray body = hex(c[QStringLiteral("body")]);
            const MediaDigest digest {hex(c[QStringLiteral("fileSha256")]),
                hex(c[QStringLiteral("fileEncSha256")]),
                quint64(c[QStringLiteral("fileLength")].toInteger())};

            auto encryptor = MediaEncryptor::create(key, mediaClass);
            QVERIFY(encryptor);
            QByteArray encrypted = inPieces(**encryptor, plain, seed++);
            auto tail = (*encryptor)->finish();
            QVERIFY(tail);
            encrypted += *tail;
            QCOMPARE(encrypted, body);
            QCOMPARE((*encryptor)->digest(), digest);

            auto decryptor = MediaDecryptor::create(key, mediaClass, digest);
            QVERIFY(decryptor);
            QByteArray decrypted = inPieces(**decryptor, body, seed++);
            auto rest = (*decryptor)->finish();
            QVERIFY2(rest, qPrintable(rest ? QString() : rest.error().message));
            QCOMPARE(decrypted + *rest, plain);
        }
    }

    void refusesEveryKindOfDamage() {
        const QJsonObject c = cases().at(0).toObject();
        const QByteArray key = hex(c[QStringLiteral("mediaKey")]);
        const QByteArray body = hex(c[QStringLiteral("body")]);
        const MediaDigest digest {hex(c[QStringLiteral("fileSha256")]),
            hex(c[QStringLiteral("fileEncSha256")]), quint64(c[QStringLiteral("fileLength")].toInteger())};
        const auto refused
            = [&](const QByteArray &bytes, const MediaDigest &expected, MediaClass cls = MediaClass::Image) {
                  const auto result = decryptMedia(bytes, key, cls, expected);
                  return !result && result.error().code == QLatin1String(errc::kMediaDamaged);
              };
        QByteArray flipped = body;
        flipped[5] = char(flipped[5] ^ 1); // ciphertext
        QVERIFY(refused(flipped, digest));
        flipped = body;
        flipped[flipped.size() - 1] = char(flipped[flipped.size() - 1] ^ 1); // the MAC
        QVERIFY(refused(flipped, digest));
        QVERIFY(refused(body.left(body.size() - 1), digest)); // truncated
        QVERIFY(refused(body + QByteArray(16, 'x'), {})); // extended: the MAC is no longer last
        QVERIFY(refused(QByteArray(), {}));
        QVERIFY(refused(body, digest, MediaClass::Document)); // the wrong class's keys
        MediaDigest otherPlain = digest;
        otherPlain.fileSha256[0] = char(otherPlain.fileSha256[0] ^ 1);
        QVERIFY(refused(body, otherPlain));
        MediaDigest otherEnc = digest;
        otherEnc.fileEncSha256[0] = char(otherEnc.fileEncSha256[0] ^ 1);
        QVERIFY(refused(body, otherEnc));
        MediaDigest otherLength = digest;
        otherLength.fileLength += 1;
        QVERIFY(refused(body, otherLength));
        // Without hashes to compare, the MAC alone still decides.
        QVERIFY(decryptMedia(body, key, MediaClass::Image, {}));
    }

    void readsTheMediaConnAnswer() {
        const QString auth = QStringLiteral("AUTH-TOKEN");
        Node answer(QStringLiteral("iq"), {{QStringLiteral("type"), QStringLiteral("result")}},
            Node::Children {Node(QStringLiteral("media_conn"),
                {{QStringLiteral("auth"), auth}, {QStringLiteral("ttl"), QStringLiteral("300")},
                    {QStringLiteral("auth_ttl"), QStringLiteral("21600")},
                    {QStringLiteral("max_buckets"), QStringLiteral("12")}},
                Node::Children {Node(QStringLiteral("host"),
                                    {{QStringLiteral("hostname"), QStringLiteral("mmg.whatsapp.net")}}),
                    Node(
                        QStringLiteral("host"), {{QStringLiteral("hostname"), QStringLiteral("bad host/x")}}),
                    Node(QStringLiteral("host"),
                        {{QStringLiteral("hostname"), QStringLiteral("127.0.0.1:4443")}})})});
        const auto conn = media_conn::parseAnswer(answer, 1000);
        QVERIFY(conn);
        QCOMPARE(conn->auth, auth);
        QCOMPARE(conn->hosts,
            (QStringList {QStringLiteral("mmg.whatsapp.net"), QStringLiteral("127.0.0.1:4443")}));
        // The list holds 300 s, the token longer: usable until a minute before the list lapses.
        QVERIFY(conn->isFresh(1000));
        QVERIFY(conn->isFresh(1239));
        QVERIFY(!conn->isFresh(1240));

        const Node query = media_conn::buildQuery();
        QCOMPARE(query.attribute(u"xmlns"), QStringLiteral("w:m"));
        QCOMPARE(query.attribute(u"type"), QStringLiteral("set"));
        QVERIFY(query.child(u"media_conn"));

        Node noHost(QStringLiteral("iq"), {{QStringLiteral("type"), QStringLiteral("result")}},
            Node::Children {Node(QStringLiteral("media_conn"),
                {{QStringLiteral("auth"), auth}, {QStringLiteral("ttl"), QStringLiteral("300")}})});
        QCOMPARE(media_conn::parseAnswer(noHost, 0).error().code, QLatin1String(errc::kMalformedNode));
        QVERIFY(!media_conn::parseAnswer(Node(QStringLiteral("iq")), 0));
    }

    void downloadsFromTheHostTheMessageNames() {
        MediaInfo media;
        media.directPath = QStringLiteral("/v/t62.7118-24/abc.enc?ccb=11-4&oh=x");
        QCOMPARE(mediaDownloadUrl(media).toString(),
            QStringLiteral("https://mmg.whatsapp.net/v/t62.7118-24/abc.enc?ccb=11-4&oh=x"));
        media.url = QStringLiteral("https://127.0.0.1:4443/v/other?x=1");
        QCOMPARE(mediaDownloadUrl(media).toString(),
            QStringLiteral("https://127.0.0.1:4443/v/t62.7118-24/abc.enc?ccb=11-4&oh=x"));
        media.url = QStringLiteral("http://evil.example/x"); // never plain http
        QCOMPARE(mediaDownloadUrl(media).host(), QStringLiteral("mmg.whatsapp.net"));
        media.directPath = QStringLiteral("//evil.example/x");
        QVERIFY(mediaDownloadUrl(media).isEmpty());
        media.directPath.clear();
        media.url = QStringLiteral("https://mmg.whatsapp.net/d/f/x.enc");
        QCOMPARE(mediaDownloadUrl(media).toString(), media.url);
    }

    void fetchesAsWhatsAppDoesByDefault() {
        const AutoDownload rules;
        MediaInfo small;
        small.fileLength = 200 * 1024;
        QVERIFY(rules.wants(MessageKind::Image, small));
        QVERIFY(rules.wants(MessageKind::Audio, small));
        QVERIFY(rules.wants(MessageKind::Sticker, small));
        QVERIFY(!rules.wants(MessageKind::Video, small));
        QVERIFY(!rules.wants(MessageKind::Document, small));
        QVERIFY(!rules.wants(MessageKind::Text, small));
        MediaInfo huge;
        huge.fileLength = 40 * AutoDownload::kMiB;
        QVERIFY(!rules.wants(MessageKind::Image, huge));
    }

    void keepsFilesByTheirContent() {
        QTemporaryDir dir;
        const MediaFolder folder(dir.path());
        const QByteArray content("a photo");
        const QByteArray sha = QCryptographicHash::hash(content, QCryptographicHash::Sha256);
        QVERIFY(!folder.find(sha));
        auto temporary = folder.newTemporaryFile();
        QVERIFY(temporary);
        QFile file(*temporary);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
        file.close();
        const auto kept = folder.adopt(*temporary, sha);
        QVERIFY(kept);
        QCOMPARE(folder.find(sha), std::optional<QString>(*kept));
        QCOMPARE(folder.bytesUsed(), content.size());
        const auto removed = folder.removeAll();
        QVERIFY(removed);
        QCOMPARE(*removed, qint64(content.size()));
        QVERIFY(!folder.find(sha));
    }

    void readsHttpAnswersInAnyPieces_data() {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("content-length")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello") << 200 << QByteArray("hello");
        QTest::newRow("chunked") << QByteArray("HTTP/1.1 206 Partial\r\nTransfer-Encoding: chunked\r\n\r\n"
                                               "3;x=y\r\nhel\r\n2\r\nlo\r\n0\r\nTrailer: 1\r\n\r\n")
                                 << 206 << QByteArray("hello");
        QTest::newRow("until close") << QByteArray("HTTP/1.0 200 OK\r\n\r\nhello") << 200
                                     << QByteArray("hello");
        QTest::newRow("no body") << QByteArray("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n") << 404
                                 << QByteArray();
    }
    void readsHttpAnswersInAnyPieces() {
        QFETCH(QByteArray, wire);
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        for (qsizetype piece : {1, 2, 7, 1000}) {
            int seen = 0;
            QByteArray received;
            HttpResponseReader reader({[&](const HttpResponseHead &head) {
                                           seen = head.status;
                                           return Result<void>();
                                       },
                [&](QByteArrayView bytes) {
                    received += bytes.toByteArray();
                    return Result<void>();
                }});
            for (qsizetype at = 0; at < wire.size(); at += piece)
                QVERIFY(reader.feed(QByteArrayView(wire).sliced(at, std::min(piece, wire.size() - at))));
            QVERIFY(reader.closed());
            QCOMPARE(seen, status);
            QCOMPARE(received, body);
        }
    }

    void readsContactCardsAsPhonesWriteThem() {
        const vcard::Card card = vcard::read(
            QStringLiteral("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Fornecedora;Ana;;;\r\nFN:Ana Fornecedora\r\n"
                           "item1.TEL;waid=5511940000009:+55 11 94000-0009\r\nitem1.X-ABLabel:Celular\r\n"
                           "TEL;type=WORK:+55 11 4000-\r\n 0000\r\nEND:VCARD"));
        QCOMPARE(card.name, QStringLiteral("Ana Fornecedora"));
        QCOMPARE(card.numbers.size(), 2);
        QCOMPARE(card.numbers.at(0),
            (vcard::Number {QStringLiteral("+55 11 94000-0009"), QStringLiteral("5511940000009")}));
        QCOMPARE(card.numbers.at(1).display, QStringLiteral("+55 11 4000-0000")); // a folded line
        QVERIFY(card.numbers.at(1).waid.isEmpty());
        // Without FN the structured name serves; escapes are undone.
        QCOMPARE(vcard::read(QStringLiteral("BEGIN:VCARD\nN:Silva\\, Jr;Bruno\nEND:VCARD")).name,
            QStringLiteral("Bruno Silva, Jr"));
        QCOMPARE(vcard::read(QStringLiteral("not a card")), vcard::Card {});
        QString many = QStringLiteral("BEGIN:VCARD\n");
        for (int i = 0; i < 100; ++i)
            many += QStringLiteral("TEL;waid=55119%1:+%1\n").arg(i);
        QCOMPARE(vcard::read(many).numbers.size(), vcard::kMaxNumbers);
    }

    void refusesMalformedHttpAnswers() {
        const auto fails = [](const QByteArray &wire) {
            HttpResponseReader reader({});
            auto fed = reader.feed(wire);
            return !fed || !reader.closed();
        };
        QVERIFY(fails("SMTP 220 hello\r\n\r\n"));
        QVERIFY(fails("HTTP/1.1 2x0 OK\r\n\r\n"));
        QVERIFY(fails("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"));
        QVERIFY(fails("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n"));
        QVERIFY(fails("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"));
        QVERIFY(fails("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"));
        QVERIFY(fails("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nlonger"));
        QVERIFY(fails("HTTP/1.1 200 OK\r\nX: " + QByteArray(70 * 1024, 'a')));
    }
};

QTEST_GUILESS_MAIN(TstMediaRules)
#include "tst_media_rules.moc"
