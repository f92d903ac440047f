// Our WebSocket framing (issue 14: a lean transport in place of QWebSocket): the RFC 6455 example key and
// frames, masking, lengths at each size boundary, the server's frames cut anywhere, and everything a server
// must not send refused with a clear error.
#include <QTest>
#include <transport/web_socket_frames.h>

using namespace balcao;
using namespace balcao::websocket;

namespace {

const QByteArray kKey = "dGhlIHNhbXBsZSBub25jZQ=="; // RFC 6455 §1.3

QByteArray serverFrame(quint8 first, const QByteArray &payload) {
    QByteArray f;
    f.append(char(first));
    if (payload.size() <= 125) {
        f.append(char(payload.size()));
    } else if (payload.size() <= 0xFFFF) {
        f.append(char(126));
        f.append(char(payload.size() >> 8));
        f.append(char(payload.size() & 0xFF));
    } else {
        f.append(char(127));
        for (int shift = 56; shift >= 0; shift -= 8)
            f.append(char((quint64(payload.size()) >> shift) & 0xFF));
    }
    return f + payload;
}

QByteArray answer(const QByteArray &accept, const QByteArray &extra = {}) {
    return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Accept: "
        + accept + "\r\n" + extra + "\r\n";
}

} // namespace

class TestWebSocketFrames : public QObject {
    Q_OBJECT
private slots:
    void acceptMatchesTheRfcExample();
    void requestAsksForAnUpgrade();
    void readsTheUpgradeAnswer();
    void refusesBadUpgradeAnswers_data();
    void refusesBadUpgradeAnswers();
    void masksClientFrames();
    void encodesEachLengthForm_data();
    void encodesEachLengthForm();
    void readsFramesCutAnywhere();
    void joinsFragmentsAroundControlFrames();
    void refusesWhatAServerMustNotSend_data();
    void refusesWhatAServerMustNotSend();
    void refusesMessagesOverTheLimit();
};

void TestWebSocketFrames::acceptMatchesTheRfcExample() {
    QCOMPARE(acceptFor(kKey), QByteArray("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
}

void TestWebSocketFrames::requestAsksForAnUpgrade() {
    const QByteArray request = upgradeRequest(QUrl(QStringLiteral("wss://web.whatsapp.com/ws/chat")),
        QStringLiteral("https://web.whatsapp.com"), kKey);
    QVERIFY(request.startsWith("GET /ws/chat HTTP/1.1\r\nHost: web.whatsapp.com\r\n"));
    QVERIFY(request.contains("\r\nSec-WebSocket-Key: " + kKey + "\r\n"));
    QVERIFY(request.contains("\r\nSec-WebSocket-Version: 13\r\n"));
    QVERIFY(request.contains("\r\nOrigin: https://web.whatsapp.com\r\n"));
    QVERIFY(request.endsWith("\r\n\r\n"));
    // A port that is not the scheme's own is named; an IPv6 host is bracketed.
    const QByteArray local = upgradeRequest(QUrl(QStringLiteral("ws://[::1]:8080/ws/chat?x=1")), {}, kKey);
    QVERIFY(local.startsWith("GET /ws/chat?x=1 HTTP/1.1\r\nHost: [::1]:8080\r\n"));
}

void TestWebSocketFrames::readsTheUpgradeAnswer() {
    const QByteArray header = answer(acceptFor(kKey));
    const QByteArray bytes = header + serverFrame(0x82, "hi");
    for (qsizetype cut = 0; cut < header.size(); ++cut) {
        auto partial = parseUpgradeResponse(bytes.first(cut), kKey);
        QVERIFY(partial);
        QVERIFY(!*partial);
    }
    auto whole = parseUpgradeResponse(bytes, kKey);
    QVERIFY(whole);
    QCOMPARE(**whole, header.size());
}

void TestWebSocketFrames::refusesBadUpgradeAnswers_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("says");
    const QByteArray good = acceptFor(kKey);
    QTest::newRow("refused") << QByteArray("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
                             << "connection-failed"
                             << "HTTP 403 Forbidden";
    QTest::newRow("not http") << QByteArray("SSH-2.0-OpenSSH\r\n\r\n") << "malformed-frame"
                              << "not HTTP";
    QTest::newRow("wrong accept") << answer("AAAA") << "malformed-frame"
                                  << "Sec-WebSocket-Accept";
    QTest::newRow("no upgrade") << QByteArray("HTTP/1.1 101 OK\r\nSec-WebSocket-Accept: " + good + "\r\n\r\n")
                                << "malformed-frame"
                                << "did not upgrade";
    QTest::newRow("extension") << answer(good, "Sec-WebSocket-Extensions: permessage-deflate\r\n")
                               << "malformed-frame"
                               << "did not offer";
    QTest::newRow("endless header") << QByteArray(kMaxHeaderBytes + 1, 'a') << "malformed-frame"
                                    << "no end";
}

void TestWebSocketFrames::refusesBadUpgradeAnswers() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, code);
    QFETCH(QString, says);
    auto parsed = parseUpgradeResponse(bytes, kKey);
    QVERIFY(!parsed);
    QCOMPARE(parsed.error().code, code);
    QVERIFY2(parsed.error().message.contains(says), qPrintable(parsed.error().message));
}

void TestWebSocketFrames::masksClientFrames() {
    // RFC 6455 §5.7: a masked "Hello".
    QCOMPARE(
        encodeClientFrame(Opcode::Text, "Hello", 0x37fa213d), QByteArray::fromHex("818537fa213d7f9f4d5158"));
}

void TestWebSocketFrames::encodesEachLengthForm_data() {
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("header");
    for (int size : {0, 125})
        QTest::addRow("%d bytes", size) << size << 6;
    for (int size : {126, 65535})
        QTest::addRow("%d bytes", size) << size << 8;
    QTest::addRow("65536 bytes") << 65536 << 14;
}

void TestWebSocketFrames::encodesEachLengthForm() {
    QFETCH(int, size);
    QFETCH(int, header);
    QByteArray payload(size, Qt::Uninitialized);
    for (int i = 0; i < size; ++i)
        payload[i] = char(i * 7);
    const quint32 mask = 0xa1b2c3d4;
    const QByteArray frame = encodeClientFrame(Opcode::Binary, payload, mask);
    QCOMPARE(frame.size(), header + size);
    QCOMPARE(quint8(frame[0]), quint8(0x82));
    QVERIFY(quint8(frame[1]) & 0x80);
    const QByteArray key = frame.mid(header - 4, 4);
    QCOMPARE(key, QByteArray::fromHex("a1b2c3d4"));
    QByteArray unmasked = frame.mid(header);
    for (int i = 0; i < size; ++i)
        unmasked[i] = char(unmasked[i] ^ key[i % 4]);
    QCOMPARE(unmasked, payload);
}

void TestWebSocketFrames::readsFramesCutAnywhere() {
    const QByteArray big(70000, 'x');
    const QByteArray stream = serverFrame(0x82, "one") + serverFrame(0x89, "p") + serverFrame(0x82, big)
        + serverFrame(0x82, QByteArray(300, 'y'));
    for (qsizetype step : {1, 2, 3, 7, 64, 1000, 100000}) {
        FrameReader reader;
        QList<Message> all;
        for (qsizetype at = 0; at < stream.size(); at += step) {
            auto got = reader.feed(QByteArrayView(stream).sliced(at, std::min(step, stream.size() - at)));
            QVERIFY(got);
            all += *got;
        }
        QCOMPARE(all.size(), 4);
        QCOMPARE(all[0].payload, QByteArray("one"));
        QCOMPARE(all[1].opcode, Opcode::Ping);
        QCOMPARE(all[2].payload, big);
        QCOMPARE(all[3].payload.size(), 300);
    }
}

void TestWebSocketFrames::joinsFragmentsAroundControlFrames() {
    FrameReader reader;
    auto got = reader.feed(serverFrame(0x02, "ab") + serverFrame(0x89, "ping") + serverFrame(0x00, "cd")
        + serverFrame(0x80, "ef"));
    QVERIFY(got);
    QCOMPARE(got->size(), 2);
    QCOMPARE(got->at(0).opcode, Opcode::Ping); // a control frame may come between fragments
    QCOMPARE(got->at(1).opcode, Opcode::Binary);
    QCOMPARE(got->at(1).payload, QByteArray("abcdef"));
}

void TestWebSocketFrames::refusesWhatAServerMustNotSend_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("says");
    QTest::newRow("masked") << QByteArray::fromHex("828100000000ff") << "masked";
    QTest::newRow("reserved bits") << serverFrame(0xC2, "x") << "reserved";
    QTest::newRow("unknown opcode") << serverFrame(0x83, "x") << "unknown opcode 3";
    QTest::newRow("fragmented ping") << serverFrame(0x09, "x") << "control frame";
    QTest::newRow("long close") << serverFrame(0x88, QByteArray(126, 'c')) << "control frame";
    QTest::newRow("continuation of nothing") << serverFrame(0x80, "x") << "continues nothing";
    QTest::newRow("message inside a message") << serverFrame(0x02, "a") + serverFrame(0x82, "b") << "before";
}

void TestWebSocketFrames::refusesWhatAServerMustNotSend() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, says);
    FrameReader reader;
    auto got = reader.feed(bytes);
    QVERIFY(!got);
    QCOMPARE(got.error().code, QStringLiteral("malformed-frame"));
    QVERIFY2(got.error().message.contains(says), qPrintable(got.error().message));
    QVERIFY(!reader.feed(serverFrame(0x82, "after"))); // it stays failed
}

void TestWebSocketFrames::refusesMessagesOverTheLimit() {
    FrameReader reader(1000);
    // Refused from its header alone: nothing of it needs to arrive first.
    auto one = reader.feed(serverFrame(0x82, QByteArray(1001, 'z')).first(4));
    QVERIFY(!one);
    QCOMPARE(one.error().code, QStringLiteral("frame-too-large"));
    FrameReader fragments(1000);
    auto many
        = fragments.feed(serverFrame(0x02, QByteArray(600, 'a')) + serverFrame(0x80, QByteArray(600, 'b')));
    QVERIFY(!many);
    QCOMPARE(many.error().code, QStringLiteral("frame-too-large"));
    // A 64-bit length beyond any size is refused the same way, not wrapped.
    FrameReader huge;
    QVERIFY(!huge.feed(QByteArray::fromHex("827fffffffffffffffff")));
}

QTEST_GUILESS_MAIN(TestWebSocketFrames)
#include "tst_web_socket_frames.moc"
