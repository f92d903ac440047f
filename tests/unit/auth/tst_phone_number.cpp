#include <QTest>
#include <auth/phone_number.h>

using namespace balcao;

class TestPhoneNumber : public QObject {
    Q_OBJECT
private slots:
    void normalizes_data();
    void normalizes();
    void userJidFromInput_data();
    void userJidFromInput();
};

void TestPhoneNumber::normalizes_data() {
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected"); // empty = refused
    QTest::newRow("brazilian with punctuation") << "+55 (11) 90000-0001"
                                                << "5511900000001";
    QTest::newRow("digits only") << "5511900000001"
                                 << "5511900000001";
    QTest::newRow("dots and nbsp") << QString::fromUtf8("+55\u00a011.90000.0001") << "5511900000001";
    QTest::newRow("surrounding spaces") << "  +1 650 555 0100 "
                                        << "16505550100";
    QTest::newRow("portugal") << "+351 912 345 678"
                              << "351912345678";
    QTest::newRow("empty") << ""
                           << "";
    QTest::newRow("only spaces") << "   "
                                 << "";
    QTest::newRow("letters") << "+55 11 9ABC-0001"
                             << "";
    QTest::newRow("plus in the middle") << "55+11900000001"
                                        << "";
    QTest::newRow("leading zero (no country code)") << "011 90000-0001"
                                                    << "";
    QTest::newRow("too short") << "+55 11"
                               << "";
    QTest::newRow("too long") << "+55 11 90000 0001 2345"
                              << "";
    QTest::newRow("emoji") << QString::fromUtf8("+55 11 90000-0001 \U0001F600") << "";
}

void TestPhoneNumber::normalizes() {
    QFETCH(QString, input);
    QFETCH(QString, expected);
    const auto result = normalizePhoneNumber(input);
    if (expected.isEmpty()) {
        QVERIFY(!result.has_value());
        QCOMPARE(result.error().code, QStringLiteral("invalid-number"));
        QVERIFY(!result.error().message.isEmpty());
    } else {
        QVERIFY2(result.has_value(), qPrintable(result ? QString() : result.error().message));
        QCOMPARE(result.value(), expected);
    }
}

void TestPhoneNumber::userJidFromInput_data() {
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("number") << "+55 11 90000-0002"
                            << "5511900000002@s.whatsapp.net";
    QTest::newRow("jid") << "5511900000002@s.whatsapp.net"
                         << "5511900000002@s.whatsapp.net";
    QTest::newRow("legacy c.us") << "5511900000002@c.us"
                                 << "5511900000002@s.whatsapp.net";
    QTest::newRow("device jid") << "5511900000002:3@s.whatsapp.net"
                                << "5511900000002@s.whatsapp.net";
    QTest::newRow("group") << "120363000000000000@g.us"
                           << "";
    QTest::newRow("broadcast") << "status@broadcast"
                               << "";
    QTest::newRow("bad user") << "abc@s.whatsapp.net"
                              << "";
    QTest::newRow("empty user") << "@s.whatsapp.net"
                                << "";
}

void TestPhoneNumber::userJidFromInput() {
    QFETCH(QString, input);
    QFETCH(QString, expected);
    const auto result = balcao::userJidFromInput(input);
    if (expected.isEmpty()) {
        QVERIFY(!result.has_value());
        QCOMPARE(result.error().code, QStringLiteral("invalid-number"));
    } else {
        QVERIFY2(result.has_value(), qPrintable(result ? QString() : result.error().message));
        QCOMPARE(result.value(), expected);
    }
}

QTEST_GUILESS_MAIN(TestPhoneNumber)
#include "tst_phone_number.moc"
