// NoiseSocket against the emulator (tests/emulator): the real WebSocket, our handshake against its
// responder, encrypted frames both ways, and every way a connection must end — an untrusted chain, a leaf
// that is not the server's static key, a garbage frame, nobody listening, a server that never answers.
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>
#include <auth/client_payload.h>
#include <binary/node_decoder.h>
#include <binary/node_encoder.h>
#include <emulator.h>
#include <proto/client_payload.pb.h>
#include <proto/device_props.pb.h>
#include <transport/noise_socket.h>

using namespace balcao;

Q_DECLARE_METATYPE(balcao::Error)

namespace {

std::string toStd(const QByteArray &bytes) {
    return bytes.toStdString();
}

// A registration ClientPayload (docs/protocol.md §3.2) with fresh keys: the emulator answers it with
// <iq><pair-device>.
QByteArray registrationPayload() {
    const crypto::KeyPair identity = crypto::generateKeyPair();
    const crypto::KeyPair signedPreKey = crypto::generateKeyPair();
    wa::ClientPayload payload;
    payload.set_passive(false);
    payload.set_pull(false);
    payload.set_connect_type(wa::ClientPayload::WIFI_UNKNOWN);
    payload.set_connect_reason(wa::ClientPayload::USER_ACTIVATED);
    auto *agent = payload.mutable_user_agent();
    agent->set_platform(wa::ClientPayload::UserAgent::WEB);
    agent->mutable_app_version()->set_primary(2);
    agent->mutable_app_version()->set_secondary(3000);
    // The version this build ships: the emulator, as the real server, refuses retired ones.
    agent->mutable_app_version()->set_tertiary(kShippedWebVersion[2]);
    payload.mutable_web_info()->set_web_sub_platform(wa::ClientPayload::WebInfo::WEB_BROWSER);
    wa::DeviceProps props;
    props.set_os("Balcao");
    props.set_platform_type(wa::DeviceProps::DESKTOP);
    auto *pairing = payload.mutable_device_pairing_data();
    pairing->set_e_regid(toStd(QByteArray::fromHex("00000123")));
    pairing->set_e_keytype(toStd(QByteArray::fromHex("05")));
    pairing->set_e_ident(toStd(identity.publicKey));
    pairing->set_e_skey_id(toStd(QByteArray::fromHex("000001")));
    pairing->set_e_skey_val(toStd(signedPreKey.publicKey));
    pairing->set_e_skey_sig(
        toStd(crypto::xeddsaSign(identity.privateKey, QByteArray(1, 0x05) + signedPreKey.publicKey)
                  .value_or(QByteArray())));
    pairing->set_build_hash(
        toStd(crypto::md5(QStringLiteral("2.3000.%1").arg(kShippedWebVersion[2]).toLatin1())));
    pairing->set_device_props(props.SerializeAsString());
    return QByteArray::fromStdString(payload.SerializeAsString());
}

NoiseSocket::Options optionsFor(const QUrl &url, const QByteArray &rootKey) {
    NoiseSocket::Options options;
    options.url = url;
    options.noiseKey = crypto::generateKeyPair();
    options.clientPayload = registrationPayload();
    options.verifier = CertChainVerifier(rootKey);
    return options;
}

} // namespace

class TestNoiseSocket : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void handshakesAndExchangesFrames();
    void sendsEdgeRoutingInfo();
    void refusesUntrustedServer_data();
    void refusesUntrustedServer();
    void endsOnGarbageFrame();
    void failsWhenNobodyListens();
    void timesOutWhenTheServerIsSilent();
    void reportsTheServerClosing();

private:
    QByteArray rootKey() const { return QByteArray::fromHex(m_emulator.rootKeyHex().toLatin1()); }

    testing::Emulator m_emulator;
};

void TestNoiseSocket::initTestCase() {
    qRegisterMetaType<balcao::Error>();
    const QString why = m_emulator.start();
    QVERIFY2(why.isEmpty(), qPrintable(why));
}

void TestNoiseSocket::init() {
    QCOMPARE(m_emulator.post("/faults", {{"badCert", "none"}, {"garbage", false}}).status, 200);
}

// A closed NoiseSocket hands its WebSocket to deleteLater(); delete it before the next test.
void TestNoiseSocket::cleanup() {
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
}

void TestNoiseSocket::handshakesAndExchangesFrames() {
    NoiseSocket socket;
    QSignalSpy ready(&socket, &NoiseSocket::ready);
    QSignalSpy frames(&socket, &NoiseSocket::frameReceived);
    QSignalSpy ended(&socket, &NoiseSocket::disconnected);
    socket.open(optionsFor(m_emulator.ws(), rootKey()));

    QVERIFY(frames.wait(10000) || !frames.isEmpty());
    QCOMPARE(ready.size(), 1);
    QVERIFY(ended.isEmpty());
    QVERIFY(socket.isReady());
    QCOMPARE(socket.serverStaticKey().size(), 32);

    const NodeDecoder decoder(TokenTableVersion::V3);
    const auto pairDevice = decoder.decode(frames.takeFirst().at(0).toByteArray());
    QVERIFY2(pairDevice, qPrintable(pairDevice ? QString() : pairDevice.error().message));
    QCOMPARE(pairDevice->tag(), QStringLiteral("iq"));
    QVERIFY(pairDevice->child(u"pair-device"));

    // Our frames reach the server in order: it answers a ping with the same id.
    const NodeEncoder encoder(TokenTableVersion::V3);
    for (const QString &id : {QStringLiteral("p1"), QStringLiteral("p2")}) {
        const Node ping(QStringLiteral("iq"),
            {{"id", id}, {"xmlns", "w:p"}, {"type", "get"}, {"to", "s.whatsapp.net"}},
            Node::Children {Node(QStringLiteral("ping"))});
        const auto encoded = encoder.encode(ping);
        QVERIFY(encoded);
        QVERIFY(socket.send(*encoded));
        QVERIFY(frames.wait(10000) || !frames.isEmpty());
        const auto answer = decoder.decode(frames.takeFirst().at(0).toByteArray());
        QVERIFY(answer);
        QCOMPARE(answer->attribute(u"type"), QStringLiteral("result"));
        QCOMPARE(answer->attribute(u"id"), id);
    }
    QVERIFY(ended.isEmpty());

    socket.close();
    QVERIFY(!socket.isReady());
    const auto refused = socket.send(QByteArray(1, '\0'));
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, QString::fromLatin1(errc::kNotConnected));
    QTest::qWait(50);
    QVERIFY(ended.isEmpty()); // a close we asked for is not reported as a failure
}

// With routing info the first message starts with an "ED" block; the server skips it and the handshake
// goes on as usual.
void TestNoiseSocket::sendsEdgeRoutingInfo() {
    NoiseSocket::Options options = optionsFor(m_emulator.ws(), rootKey());
    options.routingInfo = QByteArray::fromHex("08060812");
    NoiseSocket socket;
    QSignalSpy frames(&socket, &NoiseSocket::frameReceived);
    QSignalSpy ended(&socket, &NoiseSocket::disconnected);
    socket.open(options);
    QVERIFY(frames.wait(10000) || !frames.isEmpty());
    QVERIFY(ended.isEmpty());
    const auto pairDevice = NodeDecoder(TokenTableVersion::V3).decode(frames.first().at(0).toByteArray());
    QVERIFY(pairDevice && pairDevice->child(u"pair-device"));
}

void TestNoiseSocket::refusesUntrustedServer_data() {
    QTest::addColumn<QString>("badCert");
    QTest::addColumn<bool>("trustEmulator");
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("chain under another root") << "root" << true << "not signed by the trusted root key";
    QTest::newRow("leaf is not the static key") << "leaf" << true << "not the server's static key";
    QTest::newRow("emulator's root not trusted") << "none" << false << "not signed by the trusted root key";
}

void TestNoiseSocket::refusesUntrustedServer() {
    QFETCH(QString, badCert);
    QFETCH(bool, trustEmulator);
    QFETCH(QString, messagePart);
    QCOMPARE(m_emulator.post("/faults", {{"badCert", badCert}}).status, 200);

    NoiseSocket socket;
    QSignalSpy ready(&socket, &NoiseSocket::ready);
    QSignalSpy ended(&socket, &NoiseSocket::disconnected);
    socket.open(
        optionsFor(m_emulator.ws(), trustEmulator ? rootKey() : CertChainVerifier::whatsAppRootKey()));
    QVERIFY(ended.wait(10000));
    QCOMPARE(ended.size(), 1);
    QVERIFY(ready.isEmpty());
    const auto error = ended.first().at(0).value<balcao::Error>();
    QCOMPARE(error.code, QString::fromLatin1(errc::kServerUntrusted));
    QVERIFY2(error.message.contains(messagePart), qPrintable(error.message));
}

void TestNoiseSocket::endsOnGarbageFrame() {
    // The emulator sends 48 random bytes in place of the next frame (here: the pair-device iq).
    QCOMPARE(m_emulator.post("/faults", {{"garbage", true}}).status, 200);
    NoiseSocket socket;
    QSignalSpy ready(&socket, &NoiseSocket::ready);
    QSignalSpy frames(&socket, &NoiseSocket::frameReceived);
    QSignalSpy ended(&socket, &NoiseSocket::disconnected);
    socket.open(optionsFor(m_emulator.ws(), rootKey()));
    QVERIFY(ended.wait(10000));
    QCOMPARE(ready.size(), 1);
    QVERIFY(frames.isEmpty());
    QCOMPARE(ended.size(), 1);
    QCOMPARE(ended.first().at(0).value<balcao::Error>().code, QString::fromLatin1(errc::kDecryptFailed));
    QVERIFY(!socket.isReady());
}

void TestNoiseSocket::failsWhenNobodyListens() {
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close();

    NoiseSocket socket;
    QSignalSpy ended(&socket, &NoiseSocket::disconnected);
    socket.open(optionsFor(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws/chat").arg(port)), rootKey()));
    QVERIFY(ended.wait(10000));
    QCOMPARE(ended.size(), 1);
    QCOMPARE(ended.first().at(0).value<balcao::Error>().code, QString::fromLatin1(errc::kConnectionFailed));
}

// A WebSocket peer that accepts and then says nothing: the handshake must give up on its own.
void TestNoiseSocket::timesOutWhenTheServerIsSilent() {
    QWebSocketServer silent(QStringLiteral("silent"), QWebSocketServer::NonSecureMode);
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    connect(&silent, &QWebSocketServer::newConnection, &silent,
        [&silent] { silent.nextPendingConnection()->setParent(&silent); });
    NoiseSocket::Options options = optionsFor(silent.serverUrl(), rootKey());
    options.handshakeTimeoutMs = 300;

    NoiseSocket socket;
    QSignalSpy ended(&socket, &NoiseSocket::disconnected);
    socket.open(options);
    QVERIFY(ended.wait(5000));
    QCOMPARE(ended.size(), 1);
    const auto error = ended.first().at(0).value<balcao::Error>();
    QCOMPARE(error.code, QString::fromLatin1(errc::kHandshakeFailed));
    QVERIFY2(error.message.contains("did not finish the handshake"), qPrintable(error.message));
}

// A WebSocket peer that closes as soon as we have connected: a disconnection with its code and reason.
void TestNoiseSocket::reportsTheServerClosing() {
    QWebSocketServer closing(QStringLiteral("closing"), QWebSocketServer::NonSecureMode);
    QVERIFY(closing.listen(QHostAddress::LocalHost));
    connect(&closing, &QWebSocketServer::newConnection, &closing, [&closing] {
        QWebSocket *peer = closing.nextPendingConnection();
        peer->setParent(&closing);
        peer->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("bye"));
    });

    NoiseSocket socket;
    QSignalSpy ended(&socket, &NoiseSocket::disconnected);
    socket.open(optionsFor(closing.serverUrl(), rootKey()));
    QVERIFY(ended.wait(5000));
    QCOMPARE(ended.size(), 1);
    const auto error = ended.first().at(0).value<balcao::Error>();
    QCOMPARE(error.code, QString::fromLatin1(errc::kConnectionClosed));
    QVERIFY2(error.message.contains("code 1001, bye"), qPrintable(error.message));
}

QTEST_GUILESS_MAIN(TestNoiseSocket)
#include "tst_noise_socket.moc"
