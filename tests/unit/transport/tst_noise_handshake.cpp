// NoiseHandshake and NoiseCipher against the golden transcript in noise-handshake.json: Baileys 6.17.16's
// own client noise handler talking to the emulator's responder, with fixed keys. Our initiator, given the
// same keys, must send the same bytes and derive the same keys; broken or untrusted server hellos must end
// in a clear error.
#include "noise_vector.h"

#include <QTest>
#include <proto/handshake.pb.h>
#include <transport/noise_handshake.h>

using namespace balcao;
using balcao::test::NoiseVector;

namespace {

// Rewrites one field of the vector's server hello, to make broken variants of a real message.
QByteArray editedServerHello(
    const QByteArray &original, const std::function<void(wa::HandshakeMessage::ServerHello &)> &edit) {
    wa::HandshakeMessage message;
    if (!message.ParseFromArray(original.constData(), int(original.size())))
        return {};
    edit(*message.mutable_server_hello());
    return QByteArray::fromStdString(message.SerializeAsString());
}

std::string flipped(std::string bytes, size_t at) {
    bytes[at % bytes.size()] ^= 0x01;
    return bytes;
}

} // namespace

class TestNoiseHandshake : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void sendsTheSameClientHelloAsBaileys();
    void followsTheResponderTranscript();
    void prefixesEdgeRoutingWithoutHashingIt();
    void refusesOversizedRoutingInfo();
    void sendsTheSameClientFinishAsBaileys();
    void derivesTheSameTransportKeys();
    void encryptsAndDecryptsTheVectorFrames();
    void rejectsTamperedOrReplayedFrames();
    void rejectsServerHello_data();
    void rejectsServerHello();
    void refusesStepsOutOfOrder();
    void refusesInvalidKeys();

private:
    Result<NoiseHandshake::Finished> runVector(NoiseHandshake &handshake) const;
    NoiseVector m_vector;
};

void TestNoiseHandshake::initTestCase() {
    m_vector = NoiseVector::load();
    QVERIFY2(m_vector.isValid(), "tests/emulator/vectors/noise-handshake.json is missing");
    QCOMPARE(m_vector.bytes("prologue"), NoiseHandshake::header());
}

Result<NoiseHandshake::Finished> TestNoiseHandshake::runVector(NoiseHandshake &handshake) const {
    auto hello = handshake.start(m_vector.keyPair("clientEphemeral"));
    if (!hello)
        return hello.error();
    return handshake.processServerHello(m_vector.bytes("serverHello.handshakeMessage"),
        m_vector.keyPair("clientNoise"), m_vector.bytes("clientPayload.bytes"), m_vector.now());
}

void TestNoiseHandshake::sendsTheSameClientHelloAsBaileys() {
    NoiseHandshake handshake;
    const auto hello = handshake.start(m_vector.keyPair("clientEphemeral"));
    QVERIFY(hello);
    QCOMPARE(hello->toHex(), m_vector.bytes("clientHello.bytes").toHex());
}

// h after the prologue and our ephemeral must be the responder's h after it read them, and h at the
// end (after the encrypted payload) must be its h after it decrypted the payload.
void TestNoiseHandshake::followsTheResponderTranscript() {
    NoiseHandshake handshake(CertChainVerifier(m_vector.bytes("keys.root.pub")));
    QVERIFY(handshake.start(m_vector.keyPair("clientEphemeral")));
    QCOMPARE(handshake.handshakeHash().toHex(), m_vector.responderHash("clientEphemeral").toHex());
    const auto finished = handshake.processServerHello(m_vector.bytes("serverHello.handshakeMessage"),
        m_vector.keyPair("clientNoise"), m_vector.bytes("clientPayload.bytes"), m_vector.now());
    QVERIFY2(finished, qPrintable(finished ? QString() : finished.error().message));
    QCOMPARE(handshake.handshakeHash().toHex(), m_vector.responderHash("clientFinish").toHex());
}

void TestNoiseHandshake::prefixesEdgeRoutingWithoutHashingIt() {
    NoiseHandshake handshake(CertChainVerifier(m_vector.bytes("keys.root.pub")));
    const QByteArray routingInfo = QByteArray::fromHex("0806080a");
    const auto hello
        = handshake.start(m_vector.keyPair("clientEphemeral"), NoiseHandshake::header(), routingInfo);
    QVERIFY(hello);
    QCOMPARE(hello->toHex(),
        "4544"
        "0001"
        "000004"
        "0806080a"
            + m_vector.bytes("clientHello.bytes").toHex());
    // Only the WA header is hashed, so the rest of the transcript is the vector's.
    QCOMPARE(handshake.handshakeHash().toHex(), m_vector.responderHash("clientEphemeral").toHex());
    const auto finished = handshake.processServerHello(m_vector.bytes("serverHello.handshakeMessage"),
        m_vector.keyPair("clientNoise"), m_vector.bytes("clientPayload.bytes"), m_vector.now());
    QVERIFY(finished);
    QCOMPARE(finished->clientFinishFrame.toHex(), m_vector.bytes("clientFinish.frame").toHex());
}

void TestNoiseHandshake::refusesOversizedRoutingInfo() {
    NoiseHandshake handshake;
    const auto hello = handshake.start(
        m_vector.keyPair("clientEphemeral"), NoiseHandshake::header(), QByteArray(1 << 24, 'r'));
    QVERIFY(!hello);
    QCOMPARE(hello.error().code, QString::fromLatin1(errc::kHandshakeFailed));
    QVERIFY(hello.error().message.contains("routing info is too large"));
}

void TestNoiseHandshake::sendsTheSameClientFinishAsBaileys() {
    NoiseHandshake handshake(CertChainVerifier(m_vector.bytes("keys.root.pub")));
    const auto finished = runVector(handshake);
    QVERIFY2(finished, qPrintable(finished ? QString() : finished.error().message));
    QCOMPARE(finished->serverStaticKey.toHex(), m_vector.bytes("keys.serverStatic.pub").toHex());
    // The static key goes out under handshake counter 1 (docs/protocol.md §2.1): equal bytes prove it.
    QCOMPARE(finished->clientFinishFrame.toHex(), m_vector.bytes("clientFinish.frame").toHex());
}

void TestNoiseHandshake::derivesTheSameTransportKeys() {
    NoiseHandshake handshake(CertChainVerifier(m_vector.bytes("keys.root.pub")));
    const auto finished = runVector(handshake);
    QVERIFY(finished);
    QCOMPARE(finished->cipher.writeKey().toHex(), m_vector.bytes("split.clientWriteKey").toHex());
    QCOMPARE(finished->cipher.readKey().toHex(), m_vector.bytes("split.clientReadKey").toHex());
    QCOMPARE(finished->cipher.writeCounter(), 0u);
    QCOMPARE(finished->cipher.readCounter(), 0u);
}

void TestNoiseHandshake::encryptsAndDecryptsTheVectorFrames() {
    NoiseHandshake handshake(CertChainVerifier(m_vector.bytes("keys.root.pub")));
    auto finished = runVector(handshake);
    QVERIFY(finished);
    NoiseCipher &cipher = finished->cipher;

    const QJsonArray outgoing = m_vector.value("transport.clientToServer").toArray();
    QCOMPARE(outgoing.size(), 3);
    for (const QJsonValue &frame : outgoing) {
        QCOMPARE(cipher.writeCounter(), quint32(frame["counter"].toInt()));
        const auto sealed = cipher.encrypt(QByteArray::fromHex(frame["plaintext"].toString().toLatin1()));
        QVERIFY(sealed);
        // The vector's frame is 3 length bytes, then the sealed payload.
        QCOMPARE(sealed->toHex(), QByteArray::fromHex(frame["frame"].toString().toLatin1()).mid(3).toHex());
    }
    const QJsonArray incoming = m_vector.value("transport.serverToClient").toArray();
    QCOMPARE(incoming.size(), 3);
    for (const QJsonValue &frame : incoming) {
        QCOMPARE(cipher.readCounter(), quint32(frame["counter"].toInt()));
        const auto opened = cipher.decrypt(QByteArray::fromHex(frame["frame"].toString().toLatin1()).mid(3));
        QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
        QCOMPARE(opened->toHex(), frame["plaintext"].toString().toLatin1());
    }
}

void TestNoiseHandshake::rejectsTamperedOrReplayedFrames() {
    NoiseHandshake handshake(CertChainVerifier(m_vector.bytes("keys.root.pub")));
    auto finished = runVector(handshake);
    QVERIFY(finished);
    const QJsonArray incoming = m_vector.value("transport.serverToClient").toArray();
    const QByteArray first = QByteArray::fromHex(incoming[0]["frame"].toString().toLatin1()).mid(3);
    const QByteArray second = QByteArray::fromHex(incoming[1]["frame"].toString().toLatin1()).mid(3);

    NoiseCipher tampered = finished->cipher;
    QByteArray damaged = first;
    damaged[5] = char(damaged[5] ^ 0x80);
    const auto refused = tampered.decrypt(damaged);
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, QString::fromLatin1(errc::kDecryptFailed));

    NoiseCipher outOfOrder = finished->cipher;
    QVERIFY(!outOfOrder.decrypt(second)); // sealed under counter 1, we expect 0

    NoiseCipher replayed = finished->cipher;
    QVERIFY(replayed.decrypt(first));
    QVERIFY(!replayed.decrypt(first)); // the counter moved on

    NoiseCipher truncated = finished->cipher;
    QVERIFY(!truncated.decrypt(first.left(15))); // shorter than a tag
}

void TestNoiseHandshake::rejectsServerHello_data() {
    QTest::addColumn<QByteArray>("rootKey");
    QTest::addColumn<QByteArray>("serverHello");
    QTest::addColumn<qint64>("now");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("messagePart");

    const NoiseVector v = NoiseVector::load();
    const QByteArray root = v.bytes("keys.root.pub");
    const QByteArray hello = v.bytes("serverHello.handshakeMessage");
    const qint64 now = v.now();
    const QString untrusted = QString::fromLatin1(errc::kServerUntrusted);
    const QString failed = QString::fromLatin1(errc::kHandshakeFailed);

    QTest::newRow("chain under another root (WhatsApp's)")
        << CertChainVerifier::whatsAppRootKey() << hello << now << untrusted
        << "not signed by the trusted root key";
    QTest::newRow("leaf expired") << root << hello << v.value("certChain.leaf.notAfter").toInteger() + 1
                                  << untrusted << "leaf certificate expired";
    QTest::newRow("leaf not yet valid")
        << root << hello << v.value("certChain.leaf.notBefore").toInteger() - 1 << untrusted
        << "leaf certificate is not valid before";
    QTest::newRow("truncated") << root << hello.chopped(1) << now << failed << "not a valid HandshakeMessage";
    QTest::newRow("half") << root << hello.left(hello.size() / 2) << now << failed
                          << "not a valid HandshakeMessage";
    QTest::newRow("garbage") << root << QByteArray("\xff\xff\xff garbage", 11) << now << failed
                             << "not a valid HandshakeMessage";
    QTest::newRow("empty") << root << QByteArray() << now << failed << "without a server hello";
    QTest::newRow("our own client finish")
        << root << v.bytes("clientFinish.handshakeMessage") << now << failed << "without a server hello";
    QTest::newRow("tampered static key")
        << root << editedServerHello(hello, [](auto &h) { h.set_static_(flipped(h.static_(), 7)); }) << now
        << failed << "could not decrypt the server's static key";
    QTest::newRow("tampered certificate")
        << root << editedServerHello(hello, [](auto &h) { h.set_payload(flipped(h.payload(), 40)); }) << now
        << failed << "could not decrypt the server's certificate";
    QTest::newRow("another ephemeral key")
        << root << editedServerHello(hello, [](auto &h) { h.set_ephemeral(flipped(h.ephemeral(), 3)); })
        << now << failed << "could not decrypt the server's static key";
    QTest::newRow("ephemeral of 31 bytes")
        << root << editedServerHello(hello, [](auto &h) { h.set_ephemeral(h.ephemeral().substr(1)); }) << now
        << failed << "ephemeral key is 31 bytes";
    QTest::newRow("low-order ephemeral key")
        << root << editedServerHello(hello, [](auto &h) { h.set_ephemeral(std::string(32, '\0')); }) << now
        << failed << "no key agreement";
    QTest::newRow("static key of 47 bytes")
        << root << editedServerHello(hello, [](auto &h) { h.set_static_(h.static_().substr(1)); }) << now
        << failed << "static key is 47 bytes";
    QTest::newRow("no certificate") << root << editedServerHello(hello, [](auto &h) { h.clear_payload(); })
                                    << now << failed << "no certificate";
}

void TestNoiseHandshake::rejectsServerHello() {
    QFETCH(QByteArray, rootKey);
    QFETCH(QByteArray, serverHello);
    QFETCH(qint64, now);
    QFETCH(QString, code);
    QFETCH(QString, messagePart);

    NoiseHandshake handshake {CertChainVerifier(rootKey)};
    QVERIFY(handshake.start(m_vector.keyPair("clientEphemeral")));
    const auto finished = handshake.processServerHello(
        serverHello, m_vector.keyPair("clientNoise"), m_vector.bytes("clientPayload.bytes"), now);
    QVERIFY(!finished);
    QCOMPARE(finished.error().code, code);
    QVERIFY2(finished.error().message.contains(messagePart), qPrintable(finished.error().message));

    // A failed handshake stays failed, even when the genuine hello arrives afterwards.
    const auto retried = handshake.processServerHello(m_vector.bytes("serverHello.handshakeMessage"),
        m_vector.keyPair("clientNoise"), m_vector.bytes("clientPayload.bytes"), m_vector.now());
    QVERIFY(!retried);
    QCOMPARE(retried.error().code, QString::fromLatin1(errc::kHandshakeFailed));
}

void TestNoiseHandshake::refusesStepsOutOfOrder() {
    const CertChainVerifier verifier(m_vector.bytes("keys.root.pub"));
    NoiseHandshake early(verifier);
    const auto tooEarly = early.processServerHello(m_vector.bytes("serverHello.handshakeMessage"),
        m_vector.keyPair("clientNoise"), m_vector.bytes("clientPayload.bytes"), m_vector.now());
    QVERIFY(!tooEarly);
    QVERIFY(tooEarly.error().message.contains("before our client hello"));

    NoiseHandshake twice(verifier);
    QVERIFY(twice.start(m_vector.keyPair("clientEphemeral")));
    QVERIFY(!twice.start(m_vector.keyPair("clientEphemeral")));

    NoiseHandshake done(verifier);
    QVERIFY(runVector(done));
    const auto again = done.processServerHello(m_vector.bytes("serverHello.handshakeMessage"),
        m_vector.keyPair("clientNoise"), m_vector.bytes("clientPayload.bytes"), m_vector.now());
    QVERIFY(!again);
    QVERIFY(again.error().message.contains("already over"));
}

void TestNoiseHandshake::refusesInvalidKeys() {
    NoiseHandshake badEphemeral;
    const auto hello = badEphemeral.start(crypto::KeyPair {QByteArray(31, 'a'), QByteArray(32, 'b')});
    QVERIFY(!hello);
    QCOMPARE(hello.error().code, QString::fromLatin1(errc::kHandshakeFailed));

    NoiseHandshake badNoiseKey {CertChainVerifier(m_vector.bytes("keys.root.pub"))};
    QVERIFY(badNoiseKey.start(m_vector.keyPair("clientEphemeral")));
    const auto finished = badNoiseKey.processServerHello(m_vector.bytes("serverHello.handshakeMessage"),
        crypto::KeyPair {}, m_vector.bytes("clientPayload.bytes"), m_vector.now());
    QVERIFY(!finished);
    QVERIFY(finished.error().message.contains("noise key"));
}

QTEST_GUILESS_MAIN(TestNoiseHandshake)
#include "tst_noise_handshake.moc"
