#include "messaging/padding.h"

#include <QSet>
#include <QTest>

using namespace balcao;

class TestPadding : public QObject {
    Q_OBJECT
private slots:
    void padsWithLengthBytesOfValueLength_data();
    void padsWithLengthBytesOfValueLength();
    void refusesPadLengthsSendersNeverUse_data();
    void refusesPadLengthsSendersNeverUse();
    void randomPadIsOneToFifteen();
    void unpads_data();
    void unpads();
    void refusesBadPadding_data();
    void refusesBadPadding();
    void roundTripsEveryLength();
};

void TestPadding::padsWithLengthBytesOfValueLength_data() {
    QTest::addColumn<QByteArray>("plaintext");
    QTest::addColumn<int>("length");
    QTest::addColumn<QByteArray>("padded");
    QTest::newRow("one") << QByteArray::fromHex("0a03616263") << 1 << QByteArray::fromHex("0a0361626301");
    QTest::newRow("seven") << QByteArray::fromHex("0a0161") << 7
                           << QByteArray::fromHex("0a016107070707070707");
    QTest::newRow("fifteen") << QByteArray("x") << 15
                             << QByteArray::fromHex("780f0f0f0f0f0f0f0f0f0f0f0f0f0f0f");
    QTest::newRow("empty message") << QByteArray() << 2 << QByteArray::fromHex("0202");
}

void TestPadding::padsWithLengthBytesOfValueLength() {
    QFETCH(QByteArray, plaintext);
    QFETCH(int, length);
    QFETCH(QByteArray, padded);
    const auto result = padding::padWith(plaintext, length);
    QVERIFY(result.has_value());
    QCOMPARE(*result, padded);
}

void TestPadding::refusesPadLengthsSendersNeverUse_data() {
    QTest::addColumn<int>("length");
    QTest::newRow("zero") << 0;
    QTest::newRow("sixteen (receivers accept it, senders never write it)") << 16;
    QTest::newRow("negative") << -1;
    QTest::newRow("byte-sized") << 255;
}

void TestPadding::refusesPadLengthsSendersNeverUse() {
    QFETCH(int, length);
    const auto result = padding::padWith("abc", length);
    QVERIFY(!result.has_value());
    QCOMPARE(result.error().code, QString::fromLatin1(errc::kInvalidArgument));
}

void TestPadding::randomPadIsOneToFifteen() {
    QSet<int> seen;
    for (int i = 0; i < 4000; ++i) {
        const QByteArray padded = padding::pad("hello");
        const int length = padded.size() - 5;
        QVERIFY2(length >= 1 && length <= 15, qPrintable(QString::number(length)));
        QCOMPARE(padded.left(5), QByteArray("hello"));
        QCOMPARE(padded.mid(5), QByteArray(length, char(length)));
        seen.insert(length);
    }
    // 4000 draws over 15 values: every length shows up unless the generator is broken.
    QCOMPARE(seen.size(), 15);
}

void TestPadding::unpads_data() {
    QTest::addColumn<QByteArray>("padded");
    QTest::addColumn<QByteArray>("plaintext");
    QTest::newRow("one byte pad") << QByteArray::fromHex("0a0361626301") << QByteArray::fromHex("0a03616263");
    QTest::newRow("fifteen") << QByteArray::fromHex("780f0f0f0f0f0f0f0f0f0f0f0f0f0f0f") << QByteArray("x");
    QTest::newRow("sixteen (accepted on receive)")
        << (QByteArray("ab") + QByteArray(16, char(16))) << QByteArray("ab");
    QTest::newRow("pad is the whole plaintext") << QByteArray::fromHex("030303") << QByteArray();
    QTest::newRow("pad bytes not checked, as Baileys")
        << QByteArray::fromHex("0a0161aa03") << QByteArray::fromHex("0a01");
}

void TestPadding::unpads() {
    QFETCH(QByteArray, padded);
    QFETCH(QByteArray, plaintext);
    const auto result = padding::unpad(padded);
    QVERIFY2(result.has_value(), qPrintable(result.has_value() ? QString() : result.error().message));
    QCOMPARE(*result, plaintext);
}

void TestPadding::refusesBadPadding_data() {
    QTest::addColumn<QByteArray>("padded");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("empty");
    QTest::newRow("zero pad length") << QByteArray::fromHex("0a016100") << QStringLiteral("pad length 0");
    QTest::newRow("seventeen") << (QByteArray("abc") + QByteArray(17, char(17))) << QStringLiteral("17");
    QTest::newRow("0xff") << QByteArray::fromHex("0a01ff") << QStringLiteral("255");
    QTest::newRow("longer than the data") << QByteArray::fromHex("0a05") << QStringLiteral("only 2 bytes");
    QTest::newRow("single byte of 2") << QByteArray::fromHex("02") << QStringLiteral("only 1 bytes");
}

void TestPadding::refusesBadPadding() {
    QFETCH(QByteArray, padded);
    QFETCH(QString, mentions);
    const auto result = padding::unpad(padded);
    QVERIFY(!result.has_value());
    QCOMPARE(result.error().code, QString::fromLatin1(errc::kInvalidPadding));
    QVERIFY2(result.error().message.contains(mentions), qPrintable(result.error().message));
}

void TestPadding::roundTripsEveryLength() {
    const QByteArray message = QByteArray::fromHex("0a0b48656c6c6f20776f726c64");
    for (int length = 1; length <= padding::kMaxSendPad; ++length) {
        const auto padded = padding::padWith(message, length);
        QVERIFY(padded.has_value());
        QCOMPARE(padded->size(), message.size() + length);
        QCOMPARE(padding::unpad(*padded).value(), message);
    }
}

QTEST_GUILESS_MAIN(TestPadding)
#include "tst_padding.moc"
