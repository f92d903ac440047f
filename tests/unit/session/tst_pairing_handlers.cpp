#include <QSignalSpy>
#include <QTest>
#include <crypto/crypto.h>
#include <scripted_wire.h>
#include <session/code_pairing.h>
#include <session/iq_client.h>
#include <session/pairing_stanzas.h>
#include <session/qr_pairing.h>
#include <session/stanza_router.h>

using namespace balcao;
using namespace balcao::testing;

// The linking handlers against a scripted wire (issue 13): the pairing-code exchange stanza by stanza, with
// the phone's side computed here from the code the user would read; a refused code; QR rotation; routing.
class TestPairingHandlers : public QObject {
    Q_OBJECT
private slots:
    void init();
    void pairingCodeExchange();
    void refusedCodeNamesTheRequest();
    void staleAnswerIsIgnored();
    void qrRefsRotateThenExpire();
    void routesByTagAndType();

private:
    std::unique_ptr<MemoryCredentialStore> m_store;
    std::unique_ptr<DeviceAccount> m_account;
    std::unique_ptr<IqClient> m_iq;
    ScriptedWire m_wire;
};

namespace {

const QString kPhone = QStringLiteral("5511900000001");

// What the phone puts in its notification: its ephemeral public key wrapped under the code the user typed
// (salt(32) || iv(16) || AES-256-CTR(PBKDF2-SHA256(code, salt, 2^17), iv, key)).
QByteArray wrapWithCode(const QString &code, const QByteArray &publicKey) {
    const QByteArray salt = crypto::randomBytes(32);
    const QByteArray iv = crypto::randomBytes(16);
    const auto key = crypto::pbkdf2Sha256(code.toLatin1(), salt, PairingCode::kIterations, 32);
    const auto wrapped = crypto::aesCtr(*key, iv, publicKey);
    return salt + iv + *wrapped;
}

Node bytes(const QString &tag, const QByteArray &content) {
    return Node(tag, {}, content);
}

} // namespace

void TestPairingHandlers::init() {
    m_wire = ScriptedWire();
    m_store = std::make_unique<MemoryCredentialStore>();
    m_account = std::make_unique<DeviceAccount>(QStringLiteral("s1"), m_store.get());
    QVERIFY(m_account->createIfMissing());
    m_iq = std::make_unique<IqClient>();
    m_iq->setSender(m_wire.sender());
    m_wire.setReceiver([this](const Node &node) { m_iq->handle(node); });
}

void TestPairingHandlers::pairingCodeExchange() {
    CodePairing pairing(*m_account, m_iq.get());
    QSignalSpy codes(&pairing, &CodePairing::code);
    QSignalSpy failures(&pairing, &CodePairing::failed);
    pairing.request(kPhone, QStringLiteral("Balcão"), QStringLiteral("r1"));

    // companion_hello: our wrapped ephemeral, our noise key, the desktop platform and our name.
    const auto hello = m_wire.nextWith(QStringLiteral("iq"), QStringLiteral("set"));
    QVERIFY(hello);
    QCOMPARE(hello->attribute(u"xmlns"), QStringLiteral("md"));
    const Node *reg = hello->child(u"link_code_companion_reg");
    QVERIFY(reg);
    QCOMPARE(reg->attribute(u"stage"), QStringLiteral("companion_hello"));
    QCOMPARE(reg->attribute(u"jid"), kPhone + QStringLiteral("@s.whatsapp.net"));
    QCOMPARE(reg->child(u"companion_server_auth_key_pub")->contentBytes(),
        m_account->credentials().noiseKey.publicKey);
    QCOMPARE(reg->child(u"link_code_pairing_wrapped_companion_ephemeral_pub")->contentBytes().size(), 80);
    QCOMPARE(reg->child(u"companion_platform_display")->contentBytes(), QStringLiteral("Balcão").toUtf8());
    QVERIFY(codes.isEmpty()); // no code before the server said yes

    const QByteArray ref("ref-1234");
    m_wire.inject(ScriptedWire::resultFor(*hello,
        {Node(QStringLiteral("link_code_companion_reg"), {},
            Node::Children {bytes(QStringLiteral("link_code_pairing_ref"), ref)})}));
    QCOMPARE(codes.size(), 1);
    const QString display = codes.first().at(0).toString();
    QVERIFY2(PairingCode::isWellFormed(display), qPrintable(display));
    QCOMPARE(codes.first().at(1).toString(), kPhone);

    // The phone: the user typed the code; it sends its identity and wrapped ephemeral.
    const crypto::KeyPair primaryIdentity = crypto::generateKeyPair();
    const crypto::KeyPair primaryEphemeral = crypto::generateKeyPair();
    const QByteArray secretBefore = m_account->credentials().advSecret;
    pairing.onNotification(Node(QStringLiteral("notification"), {},
        Node::Children {Node(QStringLiteral("link_code_companion_reg"), {},
            Node::Children {bytes(QStringLiteral("link_code_pairing_ref"), ref),
                bytes(QStringLiteral("primary_identity_pub"), primaryIdentity.publicKey),
                bytes(QStringLiteral("link_code_pairing_wrapped_primary_ephemeral_pub"),
                    wrapWithCode(QString(display).remove(QLatin1Char('-')), primaryEphemeral.publicKey))})}));
    QVERIFY2(failures.isEmpty(),
        failures.isEmpty() ? "" : qPrintable(failures.first().at(0).value<Error>().message));

    // companion_finish: the key bundle, our identity and the ref; the new ADV secret saved before it went.
    const auto finish = m_wire.nextWith(QStringLiteral("iq"), QStringLiteral("set"));
    QVERIFY(finish);
    const Node *done = finish->child(u"link_code_companion_reg");
    QCOMPARE(done->attribute(u"stage"), QStringLiteral("companion_finish"));
    QCOMPARE(done->child(u"link_code_pairing_ref")->contentBytes(), ref);
    QCOMPARE(done->child(u"companion_identity_public")->contentBytes(),
        m_account->credentials().identityKey.publicKey);
    QVERIFY(done->child(u"link_code_pairing_wrapped_key_bundle")->contentBytes().size() > 44);
    QVERIFY(m_account->credentials().advSecret != secretBefore);
    QCOMPARE(m_store->load(QStringLiteral("s1"))->value().advSecret, m_account->credentials().advSecret);
}

void TestPairingHandlers::refusedCodeNamesTheRequest() {
    CodePairing pairing(*m_account, m_iq.get());
    QSignalSpy codes(&pairing, &CodePairing::code);
    QSignalSpy refused(&pairing, &CodePairing::refused);
    pairing.request(kPhone, QStringLiteral("Balcão"), QStringLiteral("r-code"));
    const auto hello = m_wire.nextWith(QStringLiteral("iq"));
    QVERIFY(hello);
    m_wire.inject(ScriptedWire::errorFor(*hello, 400, QStringLiteral("bad-request")));
    QCOMPARE(refused.size(), 1);
    const Error error = refused.first().at(0).value<Error>();
    QCOMPARE(error.code, QStringLiteral("server-refused"));
    QVERIFY2(error.message.contains(QStringLiteral("400")) && error.message.contains(kPhone),
        qPrintable(error.message));
    QCOMPARE(refused.first().at(1).toString(), QStringLiteral("r-code"));
    QVERIFY(codes.isEmpty());
    // A phone notification now is not acted on: no code is pending.
    pairing.onNotification(Node(QStringLiteral("notification")));
    QVERIFY(m_wire.isIdle());
}

void TestPairingHandlers::staleAnswerIsIgnored() {
    CodePairing pairing(*m_account, m_iq.get());
    QSignalSpy codes(&pairing, &CodePairing::code);
    pairing.request(kPhone, QStringLiteral("Balcão"));
    const auto first = m_wire.nextWith(QStringLiteral("iq"));
    pairing.request(kPhone, QStringLiteral("Balcão")); // asked again before the server answered
    const auto second = m_wire.nextWith(QStringLiteral("iq"));
    QVERIFY(first && second);
    m_wire.inject(ScriptedWire::resultFor(*first));
    QVERIFY(codes.isEmpty());
    m_wire.inject(ScriptedWire::resultFor(*second));
    QCOMPARE(codes.size(), 1);
}

void TestPairingHandlers::qrRefsRotateThenExpire() {
    QrPairing qr(120, 60);
    QSignalSpy shown(&qr, &QrPairing::qr);
    QSignalSpy expired(&qr, &QrPairing::expired);
    qr.start({QByteArray("ref-a"), QByteArray("ref-b")}, m_account->credentials());
    QCOMPARE(shown.size(), 1);
    QVERIFY(shown.at(0).at(0).toString().startsWith(QStringLiteral("ref-a,")));
    QVERIFY(shown.at(0).at(0).toString().endsWith(m_account->credentials().advSecret.toBase64()));
    QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 2, 2000);
    QVERIFY(shown.at(1).at(0).toString().startsWith(QStringLiteral("ref-b,")));
    QVERIFY(expired.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(expired.size(), 1, 2000);
    QCOMPARE(shown.size(), 2);
}

void TestPairingHandlers::routesByTagAndType() {
    StanzaRouter router;
    QStringList seen;
    router.add(QStringLiteral("notification"), QStringLiteral("encrypt"), [&](const Node &) {
        seen << QStringLiteral("encrypt");
        return true;
    });
    router.add(QStringLiteral("iq"), [&](const Node &n) {
        if (!n.child(u"pair-device"))
            return false;
        seen << QStringLiteral("pair-device");
        return true;
    });
    router.add(QStringLiteral("notification"), [&](const Node &) {
        seen << QStringLiteral("any notification");
        return true;
    });
    QVERIFY(router.route(
        Node(QStringLiteral("notification"), {{QStringLiteral("type"), QStringLiteral("encrypt")}})));
    QVERIFY(router.route(
        Node(QStringLiteral("notification"), {{QStringLiteral("type"), QStringLiteral("devices")}})));
    QVERIFY(
        router.route(Node(QStringLiteral("iq"), {}, Node::Children {Node(QStringLiteral("pair-device"))})));
    QVERIFY(!router.route(Node(QStringLiteral("iq"))));
    QVERIFY(!router.route(Node(QStringLiteral("presence"))));
    QCOMPARE(seen, (QStringList {"encrypt", "any notification", "pair-device"}));
}

QTEST_GUILESS_MAIN(TestPairingHandlers)
#include "tst_pairing_handlers.moc"
