#include "proto/adv.pb.h"
#include "proto/client_payload.pb.h"
#include "proto/device_props.pb.h"

#include <QJsonArray>
#include <QTest>
#include <auth/client_payload.h>
#include <auth/pair_success.h>
#include <golden_vectors.h>

using namespace balcao;
using balcao::testing::hex;

// The ClientPayload's refusals and keys, and the pair-success exchange checked against bytes the real Baileys
// produced (pairing.json). The payloads' bytes against Baileys 7's are tst_client_payload_vectors.
class TestLinkPayloads : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void loginRefusesUnlinkedCredentials_data();
    void loginRefusesUnlinkedCredentials();
    void registrationCarriesOurKeys();
    void acceptsGenuinePairSuccess();
    void refusesForgedPairSuccess_data();
    void refusesForgedPairSuccess();
    void parseRefusesIncompleteStanza();

private:
    DeviceCredentials companion() const;
    PairSuccess::Stanza stanzaWith(const QByteArray &deviceIdentity) const;
    QJsonObject m_pairing;
};

void TestLinkPayloads::initTestCase() {
    m_pairing = balcao::testing::loadVectors("pairing.json");
}

void TestLinkPayloads::loginRefusesUnlinkedCredentials_data() {
    QTest::addColumn<QString>("jid");
    QTest::newRow("empty") << QString();
    QTest::newRow("no device") << QStringLiteral("5511900000001@s.whatsapp.net");
    QTest::newRow("lid") << QStringLiteral("123:3@lid");
    QTest::newRow("not digits") << QStringLiteral("abc:3@s.whatsapp.net");
}

void TestLinkPayloads::loginRefusesUnlinkedCredentials() {
    QFETCH(QString, jid);
    DeviceCredentials credentials;
    credentials.ownJid = jid;
    QVERIFY(!ClientPayloadBuilder().login(credentials).has_value());
}

void TestLinkPayloads::registrationCarriesOurKeys() {
    const auto credentials = DeviceCredentials::generate().value();
    const QByteArray bytes = ClientPayloadBuilder().registration(credentials);
    wa::ClientPayload payload;
    QVERIFY(payload.ParseFromArray(bytes.constData(), int(bytes.size())));
    QVERIFY(!payload.has_username());
    const auto &pairing = payload.device_pairing_data();
    QCOMPARE(QByteArray::fromStdString(pairing.e_ident()), credentials.identityKey.publicKey);
    QCOMPARE(QByteArray::fromStdString(pairing.e_skey_val()), credentials.signedPreKey.keyPair.publicKey);
    QCOMPARE(QByteArray::fromStdString(pairing.e_keytype()), QByteArray("\x05"));
    QCOMPARE(QByteArray::fromStdString(pairing.e_skey_id()).toHex(), QByteArray("000001"));
    const QByteArray regid = QByteArray::fromStdString(pairing.e_regid());
    QCOMPARE(regid.size(), 4);
    QCOMPARE(quint32(quint8(regid[2]) << 8 | quint8(regid[3])), credentials.registrationId);
    QVERIFY(crypto::xeddsaVerify(credentials.identityKey.publicKey,
        "\x05" + credentials.signedPreKey.keyPair.publicKey,
        QByteArray::fromStdString(pairing.e_skey_sig())));
    const QByteArray shippedVersion = QStringLiteral("%1.%2.%3")
                                          .arg(kShippedWebVersion[0])
                                          .arg(kShippedWebVersion[1])
                                          .arg(kShippedWebVersion[2])
                                          .toLatin1();
    QCOMPARE(QByteArray::fromStdString(pairing.build_hash()), crypto::md5(shippedVersion));
    wa::DeviceProps props;
    QVERIFY(props.ParseFromString(pairing.device_props()));
    QCOMPARE(QString::fromStdString(props.os()), QStringLiteral("Balcão"));
}

DeviceCredentials TestLinkPayloads::companion() const {
    const QJsonObject ps = m_pairing.value(QStringLiteral("pairSuccess")).toObject();
    DeviceCredentials c;
    c.identityKey = crypto::keyPairFromPrivate(
        hex(ps.value(QStringLiteral("companionIdentityKey")).toObject().value(QStringLiteral("priv"))))
                        .value();
    c.advSecret = hex(ps.value(QStringLiteral("advSecret")));
    return c;
}

PairSuccess::Stanza TestLinkPayloads::stanzaWith(const QByteArray &deviceIdentity) const {
    const QJsonObject stanza = m_pairing.value(QStringLiteral("pairSuccess"))
                                   .toObject()
                                   .value(QStringLiteral("stanza"))
                                   .toObject();
    const Node iq(QStringLiteral("iq"),
        {{QStringLiteral("from"), QStringLiteral("@s.whatsapp.net")},
            {QStringLiteral("type"), QStringLiteral("set")},
            {QStringLiteral("id"), stanza.value(QStringLiteral("id")).toString()}},
        Node::Children {Node(QStringLiteral("pair-success"), {},
            Node::Children {
                Node(QStringLiteral("device-identity"), {}, deviceIdentity),
                Node(QStringLiteral("platform"),
                    {{QStringLiteral("name"), stanza.value(QStringLiteral("platform")).toString()}}),
                Node(QStringLiteral("device"),
                    {{QStringLiteral("jid"), stanza.value(QStringLiteral("deviceJid")).toString()}}),
            })});
    return PairSuccess::parse(iq).value();
}

void TestLinkPayloads::acceptsGenuinePairSuccess() {
    const QJsonObject ps = m_pairing.value(QStringLiteral("pairSuccess")).toObject();
    const QJsonObject reply = ps.value(QStringLiteral("reply")).toObject();
    const auto stanza = stanzaWith(hex(ps.value(QStringLiteral("deviceIdentity"))));
    QCOMPARE(stanza.platform, QStringLiteral("android"));
    DeviceCredentials credentials = companion();
    auto accepted = PairSuccess::accept(stanza, credentials);
    QVERIFY2(accepted.has_value(), qPrintable(accepted ? QString() : accepted.error().message));

    // The reply has Baileys' shape; our signature is randomized, so it is verified rather than compared.
    QCOMPARE(accepted->reply.attribute(u"id"), reply.value(QStringLiteral("id")).toString());
    QCOMPARE(accepted->reply.attribute(u"type"), QStringLiteral("result"));
    const Node *identity = accepted->reply.child(u"pair-device-sign")->child(u"device-identity");
    QCOMPARE(identity->attribute(u"key-index"), reply.value(QStringLiteral("keyIndex")).toString());
    wa::ADVSignedDeviceIdentity ours, baileys;
    QVERIFY(ours.ParseFromString(identity->contentBytes().toStdString()));
    QVERIFY(baileys.ParseFromString(hex(reply.value(QStringLiteral("deviceIdentity"))).toStdString()));
    QVERIFY(!ours.has_account_signature_key());
    QCOMPARE(ours.details(), baileys.details());
    QCOMPARE(ours.account_signature(), baileys.account_signature());
    QVERIFY(crypto::xeddsaVerify(credentials.identityKey.publicKey,
        hex(reply.value(QStringLiteral("deviceSignatureMessage"))),
        QByteArray::fromStdString(ours.device_signature())));
    // What we keep is what Baileys keeps, apart from the signature.
    wa::ADVSignedDeviceIdentity kept, baileysKept;
    QVERIFY(kept.ParseFromString(accepted->account.toStdString()));
    QVERIFY(
        baileysKept.ParseFromString(hex(ps.value(QStringLiteral("accountWithSignatureKey"))).toStdString()));
    QCOMPARE(kept.account_signature_key(), baileysKept.account_signature_key());
    QCOMPARE(kept.details(), baileysKept.details());

    PairSuccess::apply(stanza, *accepted, credentials);
    QCOMPARE(credentials.ownJid, ps.value(QStringLiteral("companionJid")).toString());
    QVERIFY(credentials.isRegistered());
}

void TestLinkPayloads::refusesForgedPairSuccess_data() {
    QTest::addColumn<QByteArray>("deviceIdentity");
    QTest::addColumn<QString>("reason");
    for (const auto &value : m_pairing.value(QStringLiteral("pairSuccess"))
                                 .toObject()
                                 .value(QStringLiteral("rejects"))
                                 .toArray()) {
        const QJsonObject reject = value.toObject();
        QTest::newRow(qPrintable(reject.value(QStringLiteral("name")).toString()))
            << hex(reject.value(QStringLiteral("deviceIdentity")))
            << reject.value(QStringLiteral("reason")).toString();
    }
    QTest::newRow("empty") << QByteArray() << QStringLiteral("malformed");
}

void TestLinkPayloads::refusesForgedPairSuccess() {
    QFETCH(QByteArray, deviceIdentity);
    QFETCH(QString, reason);
    const auto stanza = stanzaWith(deviceIdentity);
    auto accepted = PairSuccess::accept(stanza, companion());
    QVERIFY(!accepted.has_value());
    QCOMPARE(accepted.error().code, QStringLiteral("handshake-failed"));
    if (reason == QLatin1String("hmac"))
        QVERIFY(accepted.error().message.contains(QLatin1String("HMAC")));
    if (reason == QLatin1String("account-signature"))
        QVERIFY(accepted.error().message.contains(QLatin1String("account signature")));
    const Node refusal = PairSuccess::refusal(stanza.iqId, accepted.error());
    QCOMPARE(refusal.attribute(u"type"), QStringLiteral("error"));
}

void TestLinkPayloads::parseRefusesIncompleteStanza() {
    const Node noDevice(QStringLiteral("iq"), {},
        Node::Children {Node(QStringLiteral("pair-success"), {},
            Node::Children {Node(QStringLiteral("device-identity"), {}, QByteArray("x"))})});
    QVERIFY(!PairSuccess::parse(noDevice).has_value());
    QVERIFY(!PairSuccess::parse(Node(QStringLiteral("iq"))).has_value());
}

QTEST_GUILESS_MAIN(TestLinkPayloads)
#include "tst_link_payloads.moc"
