#include <QTest>
#include <transport/frame_decoder.h>

using namespace balcao;

class TestFrameDecoder : public QObject {
    Q_OBJECT
private slots:
    void splitsFrames_data();
    void splitsFrames();
    void joinsFramesSpanningMessages();
    void rejectsEmptyFrame();
    void encodesLengthPrefix_data();
    void encodesLengthPrefix();
    void refusesOversizedPayload();
};

void TestFrameDecoder::splitsFrames_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QList<QByteArray>>("frames");
    QTest::addColumn<int>("pending");
    QTest::newRow("one frame") << QByteArray::fromHex("000002abcd") << QList<QByteArray> {"\xab\xcd"} << 0;
    QTest::newRow("two frames") << QByteArray::fromHex("000001aa000002bbcc")
                                << QList<QByteArray> {"\xaa", "\xbb\xcc"} << 0;
    QTest::newRow("split length") << QByteArray::fromHex("0000") << QList<QByteArray> {} << 2;
    QTest::newRow("partial payload") << QByteArray::fromHex("000003aabb") << QList<QByteArray> {} << 5;
    QTest::newRow("frame then partial")
        << QByteArray::fromHex("000001aa0000") << QList<QByteArray> {"\xaa"} << 2;
    QTest::newRow("nothing") << QByteArray() << QList<QByteArray> {} << 0;
}

void TestFrameDecoder::splitsFrames() {
    QFETCH(QByteArray, input);
    QFETCH(QList<QByteArray>, frames);
    QFETCH(int, pending);
    FrameDecoder decoder;
    const auto result = decoder.feed(input);
    QVERIFY(result.has_value());
    QCOMPARE(result.value(), frames);
    QCOMPARE(decoder.pendingBytes(), pending);
}

void TestFrameDecoder::joinsFramesSpanningMessages() {
    FrameDecoder decoder;
    const QByteArray payload(70000, 'x');
    const QByteArray wire = FrameDecoder::encode(payload).value();
    QList<QByteArray> got;
    for (qsizetype i = 0; i < wire.size(); i += 4096)
        got += decoder.feed(wire.mid(i, 4096)).value();
    QCOMPARE(got.size(), 1);
    QCOMPARE(got.first(), payload);
    QCOMPARE(decoder.pendingBytes(), 0);
}

void TestFrameDecoder::rejectsEmptyFrame() {
    FrameDecoder decoder;
    const auto result = decoder.feed(QByteArray::fromHex("000000"));
    QVERIFY(!result.has_value());
    QCOMPARE(result.error().code, QStringLiteral("malformed-node"));
    QCOMPARE(decoder.pendingBytes(), 0);
}

void TestFrameDecoder::encodesLengthPrefix_data() {
    QTest::addColumn<int>("size");
    QTest::addColumn<QByteArray>("prefix");
    QTest::newRow("1 byte") << 1 << QByteArray::fromHex("000001");
    QTest::newRow("256 bytes") << 256 << QByteArray::fromHex("000100");
    QTest::newRow("65536 bytes") << 65536 << QByteArray::fromHex("010000");
}

void TestFrameDecoder::encodesLengthPrefix() {
    QFETCH(int, size);
    QFETCH(QByteArray, prefix);
    const auto encoded = FrameDecoder::encode(QByteArray(size, 'a'));
    QVERIFY(encoded.has_value());
    QCOMPARE(encoded->left(3), prefix);
    QCOMPARE(encoded->size(), size + 3);
}

void TestFrameDecoder::refusesOversizedPayload() {
    const auto tooBig = FrameDecoder::encode(QByteArray(FrameDecoder::kMaxFrame + 1, 'a'));
    QVERIFY(!tooBig.has_value());
    QCOMPARE(tooBig.error().code, QStringLiteral("frame-too-large"));
    QVERIFY(!FrameDecoder::encode(QByteArray()).has_value());
}

QTEST_GUILESS_MAIN(TestFrameDecoder)
#include "tst_frame_decoder.moc"
