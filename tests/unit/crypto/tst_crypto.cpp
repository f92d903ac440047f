// Known-answer tests of the engine's crypto wrappers against the published vectors (RFCs, NIST, the GCM
// specification), their failure rows, and XEdDSA against signatures made by libsignal-node
// (tests/emulator/vectors/xeddsa.json).
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <crypto/crypto.h>
#include <crypto/digest_stream.h>

using namespace balcao;
using namespace balcao::crypto;

namespace {

QByteArray hex(const char *text) {
    return QByteArray::fromHex(text);
}

QByteArray repeated(char byte, int count) {
    return QByteArray(count, byte);
}

QByteArray counting(int from, int to) {
    QByteArray out;
    for (int i = from; i <= to; ++i)
        out.append(char(i));
    return out;
}

// NIST SP 800-38A appendix F: the shared plaintext and the AES-256 key of F.2.5 and F.5.5.
const QByteArray kNistKey = hex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
const QByteArray kNistPlaintext = hex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
                                      "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710");
const QByteArray kNistCbcIv = hex("000102030405060708090a0b0c0d0e0f");
const QByteArray kNistCbcCiphertext = hex("f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d"
                                          "39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b");

// CBC without our padding layer: encrypting block-aligned data with PKCS#7 adds exactly one block (the
// padding) after the blocks of the data, and those blocks are the plain CBC encryption of the data. So
// dropping the last block gives raw CBC. (checked against NIST in cbcEncryptMatchesNist.)
QByteArray rawCbcEncrypt(const QByteArray &key, const QByteArray &iv, const QByteArray &blocks) {
    const QByteArray padded = aesCbcEncrypt(key, iv, blocks).value();
    return padded.first(blocks.size());
}

QJsonObject loadVectors(const char *file) {
    QFile f(QStringLiteral(BALCAO_VECTORS_DIR "/") + QLatin1String(file));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

QByteArray hexField(const QJsonObject &o, const char *key) {
    return QByteArray::fromHex(o.value(QLatin1String(key)).toString().toLatin1());
}

} // namespace

class TestCrypto : public QObject {
    Q_OBJECT
private slots:
    void digests_data();
    void digests();
    void hmacSha256Rfc4231_data();
    void hmacSha256Rfc4231();
    void hmacStreamMatchesOneShot();
    void sha512StreamRestartsAfterFinish();
    void hkdfRfc5869_data();
    void hkdfRfc5869();
    void hkdfAcceptsEmptyInputKey();
    void hkdfRefusesBadLength_data();
    void hkdfRefusesBadLength();
    void pbkdf2Rfc7914_data();
    void pbkdf2Rfc7914();
    void pbkdf2RefusesBadParameters();

    void gcmKnownAnswers_data();
    void gcmKnownAnswers();
    void gcmRejectsTampering_data();
    void gcmRejectsTampering();
    void cbcEncryptMatchesNist();
    void cbcDecryptMatchesNist();
    void cbcPadsWithPkcs7_data();
    void cbcPadsWithPkcs7();
    void cbcRejectsBadPadding_data();
    void cbcRejectsBadPadding();
    void ctrMatchesNist();
    void refusesWrongSizes_data();
    void refusesWrongSizes();

    void x25519Rfc7748_data();
    void x25519Rfc7748();
    void x25519IteratedRfc7748();
    void x25519DiffieHellmanRfc7748();
    void x25519RefusesLowOrderPoints_data();
    void x25519RefusesLowOrderPoints();
    void x25519RefusesWrongSizes();
    void keyPairFromPrivateClampsAndDerives();
    void generatedKeyPairsAgree();
    void randomBytesAreFreshAndSized();

    void xeddsaRoundTrip();
    void xeddsaRejectsAlteredInputs_data();
    void xeddsaRejectsAlteredInputs();
    void xeddsaRefusesWrongSizes();
    void xeddsaIsRandomized();
    void xeddsaVerifiesLibsignalNodeSignatures();
    void xeddsaReproducesLibsignalWithSameRandom();
    void xeddsaRejectsWhatLibsignalRejects();
    void xeddsaIsStricterThanLibsignalOnMalleability();
    void garbageFailsCleanly();
};

// --- hashes ----------------------------------------------------------------------------------------------

void TestCrypto::digests_data() {
    QTest::addColumn<QString>("algorithm");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    // FIPS 180-2 appendix B.1 / C.1.
    QTest::newRow("sha256 abc") << "sha256" << QByteArray("abc")
                                << hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    QTest::newRow("sha512 abc") << "sha512" << QByteArray("abc")
                                << hex("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                                       "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
    // RFC 1321 appendix A.5.
    QTest::newRow("md5 empty") << "md5" << QByteArray() << hex("d41d8cd98f00b204e9800998ecf8427e");
    QTest::newRow("md5 a") << "md5" << QByteArray("a") << hex("0cc175b9c0f1b6a831c399e269772661");
    QTest::newRow("md5 abc") << "md5" << QByteArray("abc") << hex("900150983cd24fb0d6963f7d28e17f72");
    QTest::newRow("md5 message digest")
        << "md5" << QByteArray("message digest") << hex("f96b697d7cb7938d525a2f31aaf161d0");
    QTest::newRow("md5 alphabet") << "md5" << QByteArray("abcdefghijklmnopqrstuvwxyz")
                                  << hex("c3fcd3d76192e4007dfb496cca67e13b");
}

void TestCrypto::digests() {
    QFETCH(QString, algorithm);
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    const QByteArray got = algorithm == u"sha256" ? sha256(input)
        : algorithm == u"sha512"                  ? sha512(input)
                                                  : md5(input);
    QCOMPARE(got.toHex(), expected.toHex());
}

void TestCrypto::hmacSha256Rfc4231_data() {
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("case 1") << repeated('\x0b', 20) << QByteArray("Hi There")
                            << hex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    QTest::newRow("case 2") << QByteArray("Jefe") << QByteArray("what do ya want for nothing?")
                            << hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    QTest::newRow("case 3") << repeated('\xaa', 20) << repeated('\xdd', 50)
                            << hex("773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
    QTest::newRow("case 4") << counting(1, 25) << repeated('\xcd', 50)
                            << hex("82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
    QTest::newRow("case 6") << repeated('\xaa', 131)
                            << QByteArray("Test Using Larger Than Block-Size Key - Hash Key First")
                            << hex("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    QTest::newRow("case 7") << repeated('\xaa', 131)
                            << QByteArray(
                                   "This is a test using a larger than block-size key and a larger than "
                                   "block-size data. The key needs to be hashed before being used by the "
                                   "HMAC algorithm.")
                            << hex("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

void TestCrypto::hmacSha256Rfc4231() {
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, data);
    QFETCH(QByteArray, expected);
    QCOMPARE(hmacSha256(key, data).toHex(), expected.toHex());
}

void TestCrypto::hmacStreamMatchesOneShot() {
    const QByteArray key = counting(1, 25);
    const QByteArray data = counting(0, 255).repeated(3);
    auto stream = HmacSha256Stream::create(key);
    QVERIFY(stream.has_value());
    for (qsizetype i = 0; i < data.size(); i += 37)
        QVERIFY((*stream)->update(QByteArrayView(data).sliced(i, std::min<qsizetype>(37, data.size() - i))));
    QCOMPARE((*stream)->finish().value().toHex(), hmacSha256(key, data).toHex());

    // An empty key is a valid HMAC key (zero-padded to the block size); OpenSSL must not treat it as "none".
    QCOMPARE(hmacSha256({}, "x").toHex(), hmacSha256(QByteArray(64, '\0'), "x").toHex());
}

void TestCrypto::sha512StreamRestartsAfterFinish() {
    auto stream = Sha512Stream::create();
    QVERIFY(stream.has_value());
    QVERIFY((*stream)->update("a"));
    QVERIFY((*stream)->update("bc"));
    QCOMPARE((*stream)->finish().value().toHex(), sha512("abc").toHex());
    // libsignal reuses the context: the next digest must not include "abc".
    QVERIFY((*stream)->update("message digest"));
    QCOMPARE((*stream)->finish().value().toHex(), sha512("message digest").toHex());
    QCOMPARE((*stream)->finish().value().toHex(), sha512({}).toHex());
}

void TestCrypto::hkdfRfc5869_data() {
    QTest::addColumn<QByteArray>("ikm");
    QTest::addColumn<QByteArray>("salt");
    QTest::addColumn<QByteArray>("info");
    QTest::addColumn<int>("length");
    QTest::addColumn<QByteArray>("okm");
    QTest::newRow("A.1 basic") << repeated('\x0b', 22) << counting(0x00, 0x0c) << counting(0xf0, 0xf9) << 42
                               << hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
                                      "34007208d5b887185865");
    QTest::newRow("A.2 long inputs") << counting(0x00, 0x4f) << counting(0x60, 0xaf) << counting(0xb0, 0xff)
                                     << 82
                                     << hex("b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
                                            "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
                                            "cc30c58179ec3e87c14c01d5c1f3434f1d87");
    QTest::newRow("A.3 no salt, no info")
        << repeated('\x0b', 22) << QByteArray() << QByteArray() << 42
        << hex("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"
               "9d201395faa4b61a96c8");
}

void TestCrypto::hkdfRfc5869() {
    QFETCH(QByteArray, ikm);
    QFETCH(QByteArray, salt);
    QFETCH(QByteArray, info);
    QFETCH(int, length);
    QFETCH(QByteArray, okm);
    const auto got = hkdfSha256(ikm, salt, info, length);
    QVERIFY2(got.has_value(), qPrintable(got.has_value() ? QString() : got.error().message));
    QCOMPARE(got->toHex(), okm.toHex());
}

// Noise's split (docs/protocol.md §2.5) is HKDF with an empty input key, the chaining key as salt. RFC 5869
// has no vector for that, so the expected bytes follow its definitions with HMAC: PRK = HMAC(salt, IKM),
// T(1) = HMAC(PRK, info || 01), T(2) = HMAC(PRK, T(1) || info || 02).
void TestCrypto::hkdfAcceptsEmptyInputKey() {
    const QByteArray salt = counting(0x20, 0x3f);
    const QByteArray prk = hmacSha256(salt, {});
    const QByteArray t1 = hmacSha256(prk, QByteArray(1, '\x01'));
    const QByteArray t2 = hmacSha256(prk, t1 + QByteArray(1, '\x02'));
    const auto got = hkdfSha256({}, salt, {}, 64);
    QVERIFY2(got.has_value(), qPrintable(got.has_value() ? QString() : got.error().message));
    QCOMPARE(got->toHex(), (t1 + t2).toHex());

    // And the split Baileys computed at the end of the golden handshake (tests/emulator/vectors).
    const QJsonObject noise = loadVectors("noise-handshake.json");
    const QJsonArray steps = noise.value(u"responderSteps").toArray();
    QVERIFY2(!steps.isEmpty(), "noise-handshake.json is missing");
    const QByteArray finalCk = hexField(steps.last().toObject(), "ck");
    const QJsonObject split = noise.value(u"split").toObject();
    QCOMPARE(hkdfSha256({}, finalCk, {}, 64).value().toHex(),
        (hexField(split, "clientWriteKey") + hexField(split, "clientReadKey")).toHex());
}

void TestCrypto::hkdfRefusesBadLength_data() {
    QTest::addColumn<int>("length");
    QTest::newRow("zero") << 0;
    QTest::newRow("negative") << -1;
    QTest::newRow("256 blocks") << 255 * 32 + 1;
}

void TestCrypto::hkdfRefusesBadLength() {
    QFETCH(int, length);
    const auto got = hkdfSha256("ikm", {}, {}, length);
    QVERIFY(!got.has_value());
    QCOMPARE(got.error().code, QStringLiteral("crypto-failed"));
    QVERIFY(hkdfSha256("ikm", {}, {}, 255 * 32).has_value());
}

void TestCrypto::pbkdf2Rfc7914_data() {
    QTest::addColumn<QByteArray>("password");
    QTest::addColumn<QByteArray>("salt");
    QTest::addColumn<int>("iterations");
    QTest::addColumn<QByteArray>("expected");
    // RFC 7914 §11 (PBKDF2-HMAC-SHA256, dkLen 64).
    QTest::newRow("passwd/salt/1") << QByteArray("passwd") << QByteArray("salt") << 1
                                   << hex("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                                          "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
    QTest::newRow("Password/NaCl/80000")
        << QByteArray("Password") << QByteArray("NaCl") << 80000
        << hex("4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
               "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d");
}

void TestCrypto::pbkdf2Rfc7914() {
    QFETCH(QByteArray, password);
    QFETCH(QByteArray, salt);
    QFETCH(int, iterations);
    QFETCH(QByteArray, expected);
    const auto got = pbkdf2Sha256(password, salt, iterations, expected.size());
    QVERIFY2(got.has_value(), qPrintable(got.has_value() ? QString() : got.error().message));
    QCOMPARE(got->toHex(), expected.toHex());
}

void TestCrypto::pbkdf2RefusesBadParameters() {
    for (const auto &got :
        {pbkdf2Sha256("p", "s", 0, 32), pbkdf2Sha256("p", "s", -5, 32), pbkdf2Sha256("p", "s", 1, 0)}) {
        QVERIFY(!got.has_value());
        QCOMPARE(got.error().code, QStringLiteral("crypto-failed"));
    }
}

// --- AES ---------------------------------------------------------------------------------------------------

void TestCrypto::gcmKnownAnswers_data() {
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("iv");
    QTest::addColumn<QByteArray>("plaintext");
    QTest::addColumn<QByteArray>("aad");
    QTest::addColumn<QByteArray>("ciphertextAndTag");
    // McGrew & Viega, "The Galois/Counter Mode of Operation", appendix B, test cases 13-16 (AES-256).
    const QByteArray key = hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
    const QByteArray iv = hex("cafebabefacedbaddecaf888");
    const QByteArray plaintext = hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                                     "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255");
    const QByteArray ciphertext = hex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                                      "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad");
    QTest::newRow("case 13") << QByteArray(32, '\0') << QByteArray(12, '\0') << QByteArray() << QByteArray()
                             << hex("530f8afbc74536b9a963b4f1c4cb738b");
    QTest::newRow("case 14") << QByteArray(32, '\0') << QByteArray(12, '\0') << QByteArray(16, '\0')
                             << QByteArray()
                             << hex("cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919");
    QTest::newRow("case 15") << key << iv << plaintext << QByteArray()
                             << ciphertext + hex("b094dac5d93471bdec1a502270e3cc6c");
    QTest::newRow("case 16") << key << iv << plaintext.first(60)
                             << hex("feedfacedeadbeeffeedfacedeadbeefabaddad2")
                             << ciphertext.first(60) + hex("76fc6ece0f4e1768cddf8853bb2d551b");
}

void TestCrypto::gcmKnownAnswers() {
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, iv);
    QFETCH(QByteArray, plaintext);
    QFETCH(QByteArray, aad);
    QFETCH(QByteArray, ciphertextAndTag);
    QCOMPARE(aesGcmEncrypt(key, iv, plaintext, aad).value().toHex(), ciphertextAndTag.toHex());
    const auto opened = aesGcmDecrypt(key, iv, ciphertextAndTag, aad);
    QVERIFY(opened.has_value());
    QCOMPARE(opened->toHex(), plaintext.toHex());
}

void TestCrypto::gcmRejectsTampering_data() {
    QTest::addColumn<int>("flipAt"); // byte of ciphertext||tag to flip, or -1
    QTest::addColumn<QByteArray>("aad");
    QTest::addColumn<int>("truncateTo"); // -1 keeps the length
    // Test case 16 again, altered.
    QTest::newRow("tampered tag") << 60 + 15 << hex("feedfacedeadbeeffeedfacedeadbeefabaddad2") << -1;
    QTest::newRow("tampered ciphertext") << 3 << hex("feedfacedeadbeeffeedfacedeadbeefabaddad2") << -1;
    QTest::newRow("other aad") << -1 << hex("feedfacedeadbeeffeedfacedeadbeefabaddad3") << -1;
    QTest::newRow("missing aad") << -1 << QByteArray() << -1;
    QTest::newRow("tag cut") << -1 << hex("feedfacedeadbeeffeedfacedeadbeefabaddad2") << 70;
    QTest::newRow("shorter than a tag") << -1 << QByteArray() << 15;
}

void TestCrypto::gcmRejectsTampering() {
    QFETCH(int, flipAt);
    QFETCH(QByteArray, aad);
    QFETCH(int, truncateTo);
    const QByteArray key = hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
    const QByteArray iv = hex("cafebabefacedbaddecaf888");
    QByteArray sealed = hex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                            "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
                            "76fc6ece0f4e1768cddf8853bb2d551b");
    QVERIFY(aesGcmDecrypt(key, iv, sealed, hex("feedfacedeadbeeffeedfacedeadbeefabaddad2")).has_value());
    if (flipAt >= 0)
        sealed[flipAt] = char(sealed[flipAt] ^ 0x01);
    if (truncateTo >= 0)
        sealed.truncate(truncateTo);
    const auto opened = aesGcmDecrypt(key, iv, sealed, aad);
    QVERIFY(!opened.has_value());
    QCOMPARE(opened.error().code, QStringLiteral("decrypt-failed"));
}

// F.2.5 through our PKCS#7 layer: the NIST blocks, then one more block holding the padding.
void TestCrypto::cbcEncryptMatchesNist() {
    const QByteArray sealed = aesCbcEncrypt(kNistKey, kNistCbcIv, kNistPlaintext).value();
    QCOMPARE(sealed.size(), 80);
    QCOMPARE(sealed.first(64).toHex(), kNistCbcCiphertext.toHex());
    // That last block is CBC of sixteen 0x10 bytes chained from NIST's last ciphertext block.
    const QByteArray lastNistBlock = kNistCbcCiphertext.last(16);
    QCOMPARE(sealed.last(16).toHex(), rawCbcEncrypt(kNistKey, lastNistBlock, QByteArray(16, '\x10')).toHex());
}

// F.2.6: NIST's ciphertext plus the padding block decrypts to NIST's plaintext; NIST's ciphertext alone
// has no valid padding (its last plaintext byte is 0x10, but the fifteen before it are not) and is refused.
void TestCrypto::cbcDecryptMatchesNist() {
    const QByteArray padBlock = aesCbcEncrypt(kNistKey, kNistCbcCiphertext.last(16), {}).value();
    QCOMPARE(padBlock.size(), 16);
    const auto opened = aesCbcDecrypt(kNistKey, kNistCbcIv, kNistCbcCiphertext + padBlock);
    QVERIFY(opened.has_value());
    QCOMPARE(opened->toHex(), kNistPlaintext.toHex());

    const auto unpadded = aesCbcDecrypt(kNistKey, kNistCbcIv, kNistCbcCiphertext);
    QVERIFY(!unpadded.has_value());
    QCOMPARE(unpadded.error().code, QStringLiteral("decrypt-failed"));
}

void TestCrypto::cbcPadsWithPkcs7_data() {
    QTest::addColumn<int>("length");
    for (int n : {0, 1, 15, 16, 17, 31, 32, 33, 100})
        QTest::addRow("%d bytes", n) << n;
}

void TestCrypto::cbcPadsWithPkcs7() {
    QFETCH(int, length);
    const QByteArray plaintext = counting(0, 255).left(length);
    const QByteArray sealed = aesCbcEncrypt(kNistKey, kNistCbcIv, plaintext).value();
    const int pad = 16 - length % 16;
    QCOMPARE(sealed.size(), length + pad);
    // Same bytes as raw CBC of plaintext || pad copies of the pad length.
    QCOMPARE(
        sealed.toHex(), rawCbcEncrypt(kNistKey, kNistCbcIv, plaintext + QByteArray(pad, char(pad))).toHex());
    QCOMPARE(aesCbcDecrypt(kNistKey, kNistCbcIv, sealed).value().toHex(), plaintext.toHex());
}

void TestCrypto::cbcRejectsBadPadding_data() {
    QTest::addColumn<QByteArray>("finalBlock"); // the last plaintext block, encrypted without our padding
    QTest::newRow("pad byte zero") << QByteArray(15, 'a') + QByteArray(1, '\0');
    QTest::newRow("pad byte 17") << QByteArray(15, 'a') + QByteArray(1, '\x11');
    QTest::newRow("pad bytes disagree") << QByteArray(13, 'a') + hex("030203");
    QTest::newRow("pad byte 255") << QByteArray(16, '\xff');
}

void TestCrypto::cbcRejectsBadPadding() {
    QFETCH(QByteArray, finalBlock);
    const QByteArray sealed = rawCbcEncrypt(kNistKey, kNistCbcIv, QByteArray(16, 'b') + finalBlock);
    const auto opened = aesCbcDecrypt(kNistKey, kNistCbcIv, sealed);
    QVERIFY(!opened.has_value());
    QCOMPARE(opened.error().code, QStringLiteral("decrypt-failed"));
}

// F.5.5 (encrypt) and F.5.6 (decrypt, the same operation).
void TestCrypto::ctrMatchesNist() {
    const QByteArray counter = hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
    const QByteArray ciphertext = hex("601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c5"
                                      "2b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6");
    QCOMPARE(aesCtr(kNistKey, counter, kNistPlaintext).value().toHex(), ciphertext.toHex());
    QCOMPARE(aesCtr(kNistKey, counter, ciphertext).value().toHex(), kNistPlaintext.toHex());
    // A stream cipher: a 20-byte message gives the first 20 bytes, no padding.
    QCOMPARE(
        aesCtr(kNistKey, counter, kNistPlaintext.first(20)).value().toHex(), ciphertext.first(20).toHex());
}

void TestCrypto::refusesWrongSizes_data() {
    QTest::addColumn<QString>("operation");
    QTest::addColumn<int>("keySize");
    QTest::addColumn<int>("ivSize");
    QTest::addColumn<QString>("code");
    const QList<QByteArray> operations = {"gcm-encrypt", "gcm-decrypt", "cbc-encrypt", "cbc-decrypt", "ctr"};
    for (const QByteArray &name : operations) {
        const char *op = name.constData();
        const bool gcm = name.startsWith("gcm");
        const int iv = gcm ? 12 : 16;
        QTest::addRow("%s key 16", op) << op << 16 << iv << "crypto-failed";
        QTest::addRow("%s key 31", op) << op << 31 << iv << "crypto-failed";
        QTest::addRow("%s key 33", op) << op << 33 << iv << "crypto-failed";
        QTest::addRow("%s key 0", op) << op << 0 << iv << "crypto-failed";
        QTest::addRow("%s iv %d", op, gcm ? 16 : 12) << op << 32 << (gcm ? 16 : 12) << "crypto-failed";
        QTest::addRow("%s iv 0", op) << op << 32 << 0 << "crypto-failed";
    }
}

void TestCrypto::refusesWrongSizes() {
    QFETCH(QString, operation);
    QFETCH(int, keySize);
    QFETCH(int, ivSize);
    QFETCH(QString, code);
    const QByteArray key(keySize, 'k');
    const QByteArray iv(ivSize, 'i');
    const QByteArray data(32, 'd');
    Result<QByteArray> got = QByteArray();
    if (operation == u"gcm-encrypt")
        got = aesGcmEncrypt(key, iv, data);
    else if (operation == u"gcm-decrypt")
        got = aesGcmDecrypt(key, iv, data);
    else if (operation == u"cbc-encrypt")
        got = aesCbcEncrypt(key, iv, data);
    else if (operation == u"cbc-decrypt")
        got = aesCbcDecrypt(key, iv, data);
    else
        got = aesCtr(key, iv, data);
    QVERIFY(!got.has_value());
    QCOMPARE(got.error().code, code);
    QVERIFY(!got.error().message.isEmpty());
}

// --- X25519 ------------------------------------------------------------------------------------------------

void TestCrypto::x25519Rfc7748_data() {
    QTest::addColumn<QByteArray>("scalar");
    QTest::addColumn<QByteArray>("u");
    QTest::addColumn<QByteArray>("expected");
    // RFC 7748 §5.2. The second u has its top bit set, which X25519 must ignore.
    QTest::newRow("vector 1") << hex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4")
                              << hex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c")
                              << hex("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
    QTest::newRow("vector 2") << hex("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d")
                              << hex("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493")
                              << hex("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
}

void TestCrypto::x25519Rfc7748() {
    QFETCH(QByteArray, scalar);
    QFETCH(QByteArray, u);
    QFETCH(QByteArray, expected);
    QCOMPARE(x25519(scalar, u).value().toHex(), expected.toHex());
}

void TestCrypto::x25519IteratedRfc7748() {
    QByteArray k = hex("0900000000000000000000000000000000000000000000000000000000000000");
    QByteArray u = k;
    for (int i = 1; i <= 1000; ++i) {
        const QByteArray next = x25519(k, u).value();
        u = k;
        k = next;
        if (i == 1)
            QCOMPARE(
                k.toHex(), QByteArray("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079"));
    }
    QCOMPARE(k.toHex(), QByteArray("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51"));
}

void TestCrypto::x25519DiffieHellmanRfc7748() {
    // RFC 7748 §6.1.
    const QByteArray alicePrivate = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    const QByteArray bobPrivate = hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    const QByteArray alicePublic = hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    const QByteArray bobPublic = hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    const QByteArray shared = hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
    QCOMPARE(keyPairFromPrivate(alicePrivate).value().publicKey.toHex(), alicePublic.toHex());
    QCOMPARE(keyPairFromPrivate(bobPrivate).value().publicKey.toHex(), bobPublic.toHex());
    QCOMPARE(x25519(alicePrivate, bobPublic).value().toHex(), shared.toHex());
    QCOMPARE(x25519(bobPrivate, alicePublic).value().toHex(), shared.toHex());
}

void TestCrypto::x25519RefusesLowOrderPoints_data() {
    QTest::addColumn<QByteArray>("u");
    // Points of order 1, 2, 4 and 8 and their non-canonical encodings: every scalar maps them to u = 0.
    QTest::newRow("0") << QByteArray(32, '\0');
    QTest::newRow("1") << hex("0100000000000000000000000000000000000000000000000000000000000000");
    QTest::newRow("order 8 (a)") << hex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800");
    QTest::newRow("order 8 (b)") << hex("5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157");
    QTest::newRow("p - 1") << hex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
    QTest::newRow("p") << hex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
    QTest::newRow("p + 1") << hex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
}

void TestCrypto::x25519RefusesLowOrderPoints() {
    QFETCH(QByteArray, u);
    const auto got = x25519(generateKeyPair().privateKey, u);
    QVERIFY(!got.has_value());
    QCOMPARE(got.error().code, QStringLiteral("crypto-failed"));
}

void TestCrypto::x25519RefusesWrongSizes() {
    const KeyPair pair = generateKeyPair();
    for (const auto &got :
        {x25519(pair.privateKey.first(31), pair.publicKey), x25519(pair.privateKey, pair.publicKey + 'x'),
            x25519({}, pair.publicKey), x25519(QByteArray(1, '\x05') + pair.publicKey, pair.publicKey)}) {
        QVERIFY(!got.has_value());
        QCOMPARE(got.error().code, QStringLiteral("crypto-failed"));
    }
    QVERIFY(!keyPairFromPrivate(QByteArray(31, 'x')).has_value());
    QVERIFY(!keyPairFromPrivate(QByteArray(33, 'x')).has_value());
}

void TestCrypto::keyPairFromPrivateClampsAndDerives() {
    const auto pair = keyPairFromPrivate(QByteArray(32, '\xff')).value();
    QCOMPARE(uchar(pair.privateKey[0]), uchar(0xf8));
    QCOMPARE(uchar(pair.privateKey[31]), uchar(0x7f));
    // The clamped and unclamped scalars are the same X25519 key.
    const KeyPair other = generateKeyPair();
    QCOMPARE(x25519(QByteArray(32, '\xff'), other.publicKey).value(),
        x25519(pair.privateKey, other.publicKey).value());
    QCOMPARE(
        x25519(other.privateKey, pair.publicKey).value(), x25519(pair.privateKey, other.publicKey).value());
}

void TestCrypto::generatedKeyPairsAgree() {
    const KeyPair a = generateKeyPair();
    const KeyPair b = generateKeyPair();
    QVERIFY(a.isValid());
    QVERIFY(b.isValid());
    QVERIFY(a.privateKey != b.privateKey);
    QCOMPARE(uchar(a.privateKey[0]) & 7, 0);
    QCOMPARE(uchar(a.privateKey[31]) & 0xc0, 0x40);
    QCOMPARE(keyPairFromPrivate(a.privateKey).value().publicKey, a.publicKey);
    QCOMPARE(x25519(a.privateKey, b.publicKey).value(), x25519(b.privateKey, a.publicKey).value());
}

void TestCrypto::randomBytesAreFreshAndSized() {
    QCOMPARE(randomBytes(0).size(), 0);
    QCOMPARE(randomBytes(-3).size(), 0);
    QCOMPARE(randomBytes(1000).size(), 1000);
    QVERIFY(randomBytes(32) != randomBytes(32));
}

// --- XEdDSA ------------------------------------------------------------------------------------------------

void TestCrypto::xeddsaRoundTrip() {
    const KeyPair pair = generateKeyPair();
    for (const QByteArray &message : {QByteArray(), QByteArray("x"), QByteArray(1, '\x05') + pair.publicKey,
             counting(0, 255).repeated(40)}) {
        const QByteArray signature = xeddsaSign(pair.privateKey, message).value();
        QCOMPARE(signature.size(), 64);
        QVERIFY(xeddsaVerify(pair.publicKey, message, signature));
    }
}

void TestCrypto::xeddsaRejectsAlteredInputs_data() {
    QTest::addColumn<QString>("change");
    QTest::newRow("bit of R") << "R";
    QTest::newRow("bit of S") << "S";
    QTest::newRow("sign bit") << "sign";
    QTest::newRow("message") << "message";
    QTest::newRow("other key") << "key";
    QTest::newRow("all zero") << "zero";
}

void TestCrypto::xeddsaRejectsAlteredInputs() {
    QFETCH(QString, change);
    const KeyPair pair = generateKeyPair();
    QByteArray message("the signed prekey");
    QByteArray signature = xeddsaSign(pair.privateKey, message).value();
    QByteArray key = pair.publicKey;
    if (change == u"R")
        signature[5] = char(signature[5] ^ 0x01);
    else if (change == u"S")
        signature[40] = char(signature[40] ^ 0x01);
    else if (change == u"sign")
        signature[63] = char(signature[63] ^ 0x80);
    else if (change == u"message")
        message.append('!');
    else if (change == u"key")
        key = generateKeyPair().publicKey;
    else
        signature.fill('\0');
    QVERIFY(!xeddsaVerify(key, message, signature));
}

void TestCrypto::xeddsaRefusesWrongSizes() {
    const KeyPair pair = generateKeyPair();
    const QByteArray signature = xeddsaSign(pair.privateKey, "m").value();
    QVERIFY(!xeddsaVerify(pair.publicKey.first(31), "m", signature));
    QVERIFY(!xeddsaVerify(QByteArray(1, '\x05') + pair.publicKey, "m", signature));
    QVERIFY(!xeddsaVerify(pair.publicKey, "m", signature.first(63)));
    QVERIFY(!xeddsaVerify(pair.publicKey, "m", signature + '\0'));
    const auto badKey = xeddsaSign(pair.privateKey.first(31), "m");
    QVERIFY(!badKey.has_value());
    QCOMPARE(badKey.error().code, QStringLiteral("crypto-failed"));
    QVERIFY(!xeddsaSignWithRandom(pair.privateKey, "m", QByteArray(63, 'r')).has_value());
}

void TestCrypto::xeddsaIsRandomized() {
    const KeyPair pair = generateKeyPair();
    const QByteArray first = xeddsaSign(pair.privateKey, "same").value();
    const QByteArray second = xeddsaSign(pair.privateKey, "same").value();
    QVERIFY(first != second);
    QVERIFY(xeddsaVerify(pair.publicKey, "same", first));
    QVERIFY(xeddsaVerify(pair.publicKey, "same", second));
    // With the same randomness it is deterministic.
    const QByteArray random(64, 'z');
    QCOMPARE(xeddsaSignWithRandom(pair.privateKey, "same", random).value(),
        xeddsaSignWithRandom(pair.privateKey, "same", random).value());
}

void TestCrypto::xeddsaVerifiesLibsignalNodeSignatures() {
    const QJsonObject vectors = loadVectors("xeddsa.json");
    const QJsonArray keys = vectors.value(u"keys").toArray();
    const QJsonArray valid = vectors.value(u"valid").toArray();
    QVERIFY2(
        keys.size() >= 4 && valid.size() >= 10, "xeddsa.json missing: run npm run vectors in tests/emulator");
    for (const QJsonValue &k : keys) {
        // libsignal-node's private keys are not always clamped; ours derive the same public key.
        const QJsonObject key = k.toObject();
        QCOMPARE(keyPairFromPrivate(hexField(key, "private")).value().publicKey.toHex(),
            hexField(key, "public").toHex());
    }
    for (const QJsonValue &v : valid) {
        const QJsonObject row = v.toObject();
        QVERIFY2(xeddsaVerify(hexField(row, "public"), hexField(row, "message"), hexField(row, "signature")),
            qPrintable(row.value(u"name").toString()));
    }
}

void TestCrypto::xeddsaReproducesLibsignalWithSameRandom() {
    const QJsonObject vectors = loadVectors("xeddsa.json");
    const QJsonArray keys = vectors.value(u"keys").toArray();
    int checked = 0;
    for (const QJsonValue &v : vectors.value(u"valid").toArray()) {
        const QJsonObject row = v.toObject();
        if (!row.contains(u"random"))
            continue;
        const QByteArray privateKey = hexField(keys.at(row.value(u"key").toInt()).toObject(), "private");
        const auto signature
            = xeddsaSignWithRandom(privateKey, hexField(row, "message"), hexField(row, "random"));
        QVERIFY(signature.has_value());
        QCOMPARE(signature->toHex(), hexField(row, "signature").toHex());
        ++checked;
    }
    QVERIFY2(checked >= 5, "xeddsa.json has no randomized signatures");
}

void TestCrypto::xeddsaRejectsWhatLibsignalRejects() {
    const QJsonArray invalid = loadVectors("xeddsa.json").value(u"invalid").toArray();
    QVERIFY(invalid.size() >= 5);
    for (const QJsonValue &v : invalid) {
        const QJsonObject row = v.toObject();
        QVERIFY(!row.value(u"libsignalAccepts").toBool());
        QVERIFY2(!xeddsaVerify(hexField(row, "public"), hexField(row, "message"), hexField(row, "signature")),
            qPrintable(row.value(u"name").toString()));
    }
}

// libsignal accepts S + L (the same point, a second encoding); libsodium's verifier and ours do not. No
// honest signer produces it, so refusing is safe and closes signature malleability.
void TestCrypto::xeddsaIsStricterThanLibsignalOnMalleability() {
    const QJsonArray rows = loadVectors("xeddsa.json").value(u"stricterThanLibsignal").toArray();
    QVERIFY(!rows.isEmpty());
    for (const QJsonValue &v : rows) {
        const QJsonObject row = v.toObject();
        QVERIFY(row.value(u"libsignalAccepts").toBool());
        QVERIFY2(!xeddsaVerify(hexField(row, "public"), hexField(row, "message"), hexField(row, "signature")),
            qPrintable(row.value(u"name").toString()));
    }
}

// Bytes from the network reach these functions unfiltered: every length, random content. Each call must
// either succeed or return decrypt-failed (or false), never crash (the ASan build runs this too).
void TestCrypto::garbageFailsCleanly() {
    const QByteArray key = randomBytes(32);
    for (int length = 0; length < 80; ++length) {
        const QByteArray garbage = randomBytes(length);
        const auto gcm = aesGcmDecrypt(key, randomBytes(12), garbage, randomBytes(length % 7));
        QVERIFY(!gcm.has_value());
        QCOMPARE(gcm.error().code, QStringLiteral("decrypt-failed"));
        const auto cbc = aesCbcDecrypt(key, randomBytes(16), garbage);
        if (!cbc.has_value())
            QCOMPARE(cbc.error().code, QStringLiteral("decrypt-failed"));
        else
            QVERIFY(cbc->size() < length); // a random last byte of 01 passes as padding now and then
        QCOMPARE(aesCtr(key, randomBytes(16), garbage).value().size(), length);
        QVERIFY(!xeddsaVerify(randomBytes(32), garbage, randomBytes(64)));
        QVERIFY(!xeddsaVerify(garbage.left(32), garbage, garbage.left(64)));
    }
}

QTEST_GUILESS_MAIN(TestCrypto)
#include "tst_crypto.moc"
