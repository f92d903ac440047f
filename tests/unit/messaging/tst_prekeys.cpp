// Our one-time prekeys (generation, ids, the count query and the upload iq) and the bundle query for other
// devices, against the nodes Baileys 6.17.16 builds and the answers it accepts (messaging.json).
#include "messaging/bundle_query.h"
#include "messaging/prekeys.h"
#include "messaging_vectors.h"
#include "signal/crypto_provider.h"
#include "signal/memory_signal_store.h"

#include <QTest>

using namespace balcao;
using namespace balcao::testing;

namespace {

DeviceCredentials vectorCredentials() {
    const QJsonObject json = messagingAt({"balcao"}).toObject();
    DeviceCredentials credentials;
    credentials.identityKey = crypto::KeyPair {
        hexBytes(at(json, {"identityKey", "priv"})), hexBytes(at(json, {"identityKey", "pub"}))};
    credentials.registrationId = quint32(json.value(QLatin1String("registrationId")).toInt());
    credentials.signedPreKey.id = quint32(at(json, {"signedPreKey", "id"}).toInt());
    credentials.signedPreKey.keyPair = crypto::KeyPair {
        hexBytes(at(json, {"signedPreKey", "priv"})), hexBytes(at(json, {"signedPreKey", "pub"}))};
    credentials.signedPreKey.signature = hexBytes(at(json, {"signedPreKey", "signature"}));
    return credentials;
}

QList<prekeys::OneTimePreKey> vectorPreKeys(const char *who) {
    QList<prekeys::OneTimePreKey> out;
    for (const QJsonValue &value : messagingAt({who, "preKeys"}).toArray()) {
        const QJsonObject key = value.toObject();
        out.append({quint32(key.value(QLatin1String("id")).toInteger()),
            crypto::KeyPair {
                hexBytes(key.value(QLatin1String("priv"))), hexBytes(key.value(QLatin1String("pub")))}});
    }
    return out;
}

Node withoutAttribute(Node node, QStringView key) {
    QList<Node::Attribute> attributes;
    for (const auto &attribute : node.attributes()) {
        if (attribute.key != key)
            attributes.append(attribute);
    }
    return Node(node.tag(), attributes, node.content());
}

Node bytes(const char *tag, const QByteArray &value) {
    return Node(QString::fromLatin1(tag), {}, value);
}

// A well-formed bundle row; `damage` names the part to break.
Node bundleRow(const QString &damage) {
    auto sized = [&damage](const char *part, int size) {
        const int length = damage == QLatin1String(part) ? size - 1 : size;
        return QByteArray(length, '\x11');
    };
    Node::Children skey {bytes("id", damage == u"skey id 0" ? QByteArray(3, '\0') : sized("skey id", 3)),
        bytes("value", sized("skey value", 32)), bytes("signature", sized("signature", 64))};
    if (damage == u"no signature")
        skey.pop_back();
    Node::Children content {bytes("registration", sized("registration", 4)),
        bytes("type", damage == u"type 06" ? QByteArray("\x06", 1) : QByteArray("\x05", 1)),
        bytes("identity", sized("identity", 32)), Node(QStringLiteral("skey"), {}, skey),
        Node(QStringLiteral("key"), {},
            Node::Children {
                bytes("id", damage == u"key id ffffff" ? QByteArray(3, '\xff') : sized("key id", 3)),
                bytes("value", sized("key value", 32))})};
    if (damage == u"identity as text")
        content[2] = Node(QStringLiteral("identity"), {}, QString(32, u'a'));
    return Node(QStringLiteral("user"),
        {{QStringLiteral("jid"), QStringLiteral("5511900000002:1@s.whatsapp.net")}}, content);
}

Node keyAnswer(Node::Children rows) {
    return Node(QStringLiteral("iq"), {{QStringLiteral("type"), QStringLiteral("result")}},
        Node::Children {Node(QStringLiteral("list"), {}, std::move(rows))});
}

} // namespace

class TestPreKeys : public QObject {
    Q_OBJECT
private slots:
    void buildsTheUploadBaileysSends();
    void refusesUploadsThatCannotBeRight_data();
    void refusesUploadsThatCannotBeRight();
    void generatesFromTheNextIdAndStores();
    void wrapsIdsBeforeTheLastResortId();
    void refusesSillyCounts_data();
    void refusesSillyCounts();
    void buildsTheCountQueryBaileysSends();
    void parsesCountAnswers_data();
    void parsesCountAnswers();
    void buildsTheKeyQueryBaileysSends();
    void parsesTheBundlesBaileysAccepts();
    void parsesOurOwnBundleAsThePeerSawIt();
    void refusesTheRowsBaileysRefuses();
    void refusesMalformedRows_data();
    void refusesMalformedRows();
    void skipsRowsWithoutJidAndRefusesAnswersWithoutList();
    void survivesMutatedAnswers();
};

void TestPreKeys::buildsTheUploadBaileysSends() {
    const NodeVector want = nodeVector(messagingAt({"preKeys", "upload"}));
    const auto node = prekeys::buildUploadNode(vectorCredentials(), vectorPreKeys("balcao"));
    QVERIFY2(node.has_value(), qPrintable(node.has_value() ? QString() : node.error().message));
    QCOMPARE(node->toString(), want.node.toString());
    QVERIFY(*node == want.node);
    QCOMPARE(encodedV3(*node).toHex(), want.encoded.toHex());
    QCOMPARE(vectorPreKeys("balcao").size(), messagingAt({"preKeys", "upload", "count"}).toInt());
}

void TestPreKeys::refusesUploadsThatCannotBeRight_data() {
    QTest::addColumn<int>("damage");
    QTest::newRow("no prekeys") << 0;
    QTest::newRow("prekey id 0") << 1;
    QTest::newRow("prekey id 0xFFFFFF") << 2;
    QTest::newRow("no identity") << 3;
    QTest::newRow("no signed prekey signature") << 4;
    QTest::newRow("short prekey") << 5;
}

void TestPreKeys::refusesUploadsThatCannotBeRight() {
    QFETCH(int, damage);
    DeviceCredentials credentials = vectorCredentials();
    QList<prekeys::OneTimePreKey> keys = vectorPreKeys("balcao");
    switch (damage) {
    case 0:
        keys.clear();
        break;
    case 1:
        keys[3].id = 0;
        break;
    case 2:
        keys[3].id = 0xFFFFFF;
        break;
    case 3:
        credentials.identityKey = {};
        break;
    case 4:
        credentials.signedPreKey.signature.clear();
        break;
    case 5:
        keys[0].keyPair.publicKey.chop(1);
        break;
    }
    const auto node = prekeys::buildUploadNode(credentials, keys);
    QVERIFY(!node.has_value());
    QCOMPARE(node.error().code, QString::fromLatin1(errc::kInvalidArgument));
}

void TestPreKeys::generatesFromTheNextIdAndStores() {
    auto context = SignalContext::create().value();
    MemorySignalStore store;
    DeviceCredentials credentials = DeviceCredentials::generate().value();
    credentials.nextPreKeyId = 41;
    const auto made = prekeys::generatePreKeys(context->get(), store, QStringLiteral("s"), credentials, 30);
    QVERIFY(made.has_value());
    QCOMPARE(made->size(), 30);
    QCOMPARE(made->first().id, 41u);
    QCOMPARE(made->last().id, 70u);
    QCOMPARE(credentials.nextPreKeyId, 71u);
    QCOMPARE(store.preKeyCount(QStringLiteral("s")).value(), 30);
    QSet<QByteArray> publics;
    for (const auto &key : *made) {
        QVERIFY(key.keyPair.isValid());
        // Stored as libsignal's record of exactly this key.
        const auto record = prekeys::makePreKeyRecord(context->get(), key);
        QVERIFY(record.has_value());
        QCOMPARE(store.loadPreKey(QStringLiteral("s"), key.id).value().value(), record->record);
        publics.insert(key.keyPair.publicKey);
    }
    QCOMPARE(publics.size(), 30);
    // The upload carries them all.
    const auto node = prekeys::buildUploadNode(credentials, *made);
    QVERIFY(node.has_value());
    QCOMPARE(node->child(u"list")->children().size(), size_t(30));
}

void TestPreKeys::wrapsIdsBeforeTheLastResortId() {
    auto context = SignalContext::create().value();
    MemorySignalStore store;
    DeviceCredentials credentials = DeviceCredentials::generate().value();
    credentials.nextPreKeyId = 0xFFFFFD;
    const auto made = prekeys::generatePreKeys(context->get(), store, QStringLiteral("s"), credentials, 3);
    QVERIFY(made.has_value());
    QCOMPARE(made->at(0).id, 0xFFFFFDu);
    QCOMPARE(made->at(1).id, 0xFFFFFEu);
    QCOMPARE(made->at(2).id, 1u);
    QCOMPARE(credentials.nextPreKeyId, 2u);

    credentials.nextPreKeyId = 0; // never valid: starts at 1
    QCOMPARE(prekeys::generatePreKeys(context->get(), store, QStringLiteral("s"), credentials, 1)
                 .value()
                 .first()
                 .id,
        1u);
    QCOMPARE(prekeys::nextPreKeyId(0xFFFFFF), 1u);
    QCOMPARE(prekeys::nextPreKeyId(7), 8u);
}

void TestPreKeys::refusesSillyCounts_data() {
    QTest::addColumn<int>("count");
    QTest::newRow("zero") << 0;
    QTest::newRow("negative") << -5;
    QTest::newRow("more than whatsmeow's first upload") << prekeys::kMaxUploadCount + 1;
}

void TestPreKeys::refusesSillyCounts() {
    QFETCH(int, count);
    auto context = SignalContext::create().value();
    MemorySignalStore store;
    DeviceCredentials credentials = DeviceCredentials::generate().value();
    const quint32 before = credentials.nextPreKeyId;
    const auto made
        = prekeys::generatePreKeys(context->get(), store, QStringLiteral("s"), credentials, count);
    QVERIFY(!made.has_value());
    QCOMPARE(made.error().code, QString::fromLatin1(errc::kInvalidArgument));
    QCOMPARE(credentials.nextPreKeyId, before);
    QCOMPARE(store.preKeyCount(QStringLiteral("s")).value(), 0);
}

void TestPreKeys::buildsTheCountQueryBaileysSends() {
    // Baileys gives this query its id up front; the IqClient appends ours, so compare without it.
    const NodeVector want = nodeVector(messagingAt({"preKeys", "count", "query"}));
    const Node query = prekeys::buildCountQuery();
    QCOMPARE(query, withoutAttribute(want.node, u"id"));
    QVERIFY(!query.hasAttribute(u"id"));
}

void TestPreKeys::parsesCountAnswers_data() {
    QTest::addColumn<Node>("answer");
    QTest::addColumn<int>("count");
    QTest::newRow("vector") << decodedNode(messagingAt({"preKeys", "count", "answer"}))
                            << messagingAt({"preKeys", "count", "value"}).toInt();
    auto answer = [](QList<Node::Attribute> attributes) {
        return Node(QStringLiteral("iq"), {{QStringLiteral("type"), QStringLiteral("result")}},
            Node::Children {Node(QStringLiteral("count"), attributes)});
    };
    QTest::newRow("zero") << answer({{QStringLiteral("value"), QStringLiteral("0")}}) << 0;
    QTest::newRow("no count") << Node(QStringLiteral("iq")) << -1;
    QTest::newRow("no value") << answer({}) << -1;
    QTest::newRow("not a number") << answer({{QStringLiteral("value"), QStringLiteral("many")}}) << -1;
    QTest::newRow("negative") << answer({{QStringLiteral("value"), QStringLiteral("-1")}}) << -1;
}

void TestPreKeys::parsesCountAnswers() {
    QFETCH(Node, answer);
    QFETCH(int, count);
    const auto parsed = prekeys::parseCountAnswer(answer);
    if (count < 0) {
        QVERIFY(!parsed.has_value());
        QCOMPARE(parsed.error().code, QString::fromLatin1(errc::kMalformedNode));
    } else {
        QVERIFY(parsed.has_value());
        QCOMPARE(*parsed, count);
    }
}

void TestPreKeys::buildsTheKeyQueryBaileysSends() {
    const NodeVector peer = nodeVector(messagingAt({"preKeys", "peerBundle", "query"}));
    const Jid peerJid = *Jid::parse(messagingAt({"peer", "jid"}).toString());
    const Jid companion = *Jid::parse(u"5511900000002:7@s.whatsapp.net");
    const Node query = bundle_query::buildKeyQuery({peerJid, companion, peerJid});
    QCOMPARE(query.toString(), peer.node.toString());
    QCOMPARE(encodedV3(query).toHex(), peer.encoded.toHex());

    const NodeVector ours = nodeVector(messagingAt({"signal", "incoming", "keyQuery"}));
    const Jid balcao = *Jid::parse(messagingAt({"balcao", "jid"}).toString());
    QCOMPARE(encodedV3(bundle_query::buildKeyQuery({balcao})).toHex(), ours.encoded.toHex());
    const NodeVector theirs = nodeVector(messagingAt({"signal", "outgoing", "keyQuery"}));
    QCOMPARE(encodedV3(bundle_query::buildKeyQuery({companion})).toHex(), theirs.encoded.toHex());
}

void TestPreKeys::parsesTheBundlesBaileysAccepts() {
    const auto parsed
        = bundle_query::parseKeyAnswer(decodedNode(messagingAt({"preKeys", "peerBundle", "answer"})));
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->size(), size_t(2));
    const QJsonObject peer = messagingAt({"peer"}).toObject();
    for (const auto &fetched : *parsed) {
        QVERIFY(fetched.bundle.has_value());
        const PreKeyBundle &bundle = *fetched.bundle;
        const QJsonObject device
            = messagingAt({fetched.jid.device == 0 ? "peer" : "peerCompanion"}).toObject();
        QCOMPARE(fetched.jid.toString(), device.value(QLatin1String("jid")).toString());
        QCOMPARE(bundle.registrationId, quint32(device.value(QLatin1String("registrationId")).toInt()));
        QCOMPARE(bundle.identityKey, hexBytes(at(device, {"identityKey", "pub"})));
        QCOMPARE(bundle.signedPreKeyId, quint32(at(device, {"signedPreKey", "id"}).toInt()));
        QCOMPARE(bundle.signedPreKey, hexBytes(at(device, {"signedPreKey", "pub"})));
        QCOMPARE(bundle.signedPreKeySignature, hexBytes(at(device, {"signedPreKey", "signature"})));
    }
    const PreKeyBundle &phone = *parsed->at(0).bundle;
    QCOMPARE(parsed->at(0).jid.device, 0);
    QVERIFY(phone.preKey.has_value());
    const quint32 preKeyId = quint32(messagingAt({"preKeys", "peerBundle", "preKeyId"}).toInteger());
    QCOMPARE(phone.preKey->id, preKeyId);
    for (const QJsonValue &value : peer.value(QLatin1String("preKeys")).toArray()) {
        if (quint32(value.toObject().value(QLatin1String("id")).toInteger()) == preKeyId)
            QCOMPARE(phone.preKey->publicKey, hexBytes(value.toObject().value(QLatin1String("pub"))));
    }
    QCOMPARE(parsed->at(1).jid.device, 7);
    QVERIFY(!parsed->at(1).bundle->preKey.has_value());
}

void TestPreKeys::parsesOurOwnBundleAsThePeerSawIt() {
    const auto parsed
        = bundle_query::parseKeyAnswer(decodedNode(messagingAt({"signal", "incoming", "keyAnswer"})));
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->size(), size_t(1));
    const DeviceCredentials credentials = vectorCredentials();
    const PreKeyBundle &bundle = *parsed->at(0).bundle;
    QCOMPARE(parsed->at(0).jid.toString(), messagingAt({"balcao", "jid"}).toString());
    QCOMPARE(bundle.registrationId, credentials.registrationId);
    QCOMPARE(bundle.identityKey, credentials.identityKey.publicKey);
    QCOMPARE(bundle.signedPreKey, credentials.signedPreKey.keyPair.publicKey);
    QCOMPARE(bundle.preKey->id, quint32(messagingAt({"signal", "incoming", "bundlePreKeyId"}).toInteger()));
}

void TestPreKeys::refusesTheRowsBaileysRefuses() {
    for (const QJsonValue &value : messagingAt({"preKeys", "rejects"}).toArray()) {
        const QString name = value.toObject().value(QLatin1String("name")).toString();
        const auto parsed = bundle_query::parseKeyAnswer(decodedNode(value));
        QVERIFY2(parsed.has_value(), qPrintable(name));
        QCOMPARE(parsed->size(), size_t(1));
        const auto &bundle = parsed->at(0).bundle;
        QVERIFY2(!bundle.has_value(), qPrintable(name));
        // Baileys takes a missing <registration> as undefined; we refuse it like every other missing part.
        const bool serverError = name.contains(u"server error");
        QCOMPARE(bundle.error().code,
            QString::fromLatin1(serverError ? errc::kBundleUnavailable : errc::kMalformedNode));
        if (serverError)
            QVERIFY2(bundle.error().message.contains(u"404"), qPrintable(bundle.error().message));
    }
}

void TestPreKeys::refusesMalformedRows_data() {
    QTest::addColumn<QString>("damage");
    for (const char *damage : {"registration", "identity", "skey id", "skey value", "signature", "key id",
             "key value", "type 06", "skey id 0", "key id ffffff", "no signature", "identity as text"}) {
        QTest::newRow(damage) << QString::fromLatin1(damage);
    }
}

void TestPreKeys::refusesMalformedRows() {
    QFETCH(QString, damage);
    const auto good = bundle_query::parseKeyAnswer(keyAnswer({bundleRow(QString())}));
    QVERIFY(good.has_value() && good->at(0).bundle.has_value());
    const auto parsed = bundle_query::parseKeyAnswer(keyAnswer({bundleRow(damage), bundleRow(QString())}));
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->size(), size_t(2));
    QVERIFY(!parsed->at(0).bundle.has_value());
    QCOMPARE(parsed->at(0).bundle.error().code, QString::fromLatin1(errc::kMalformedNode));
    QVERIFY(parsed->at(0).bundle.error().message.contains(u"5511900000002:1@s.whatsapp.net"));
    // The good row next to it is still read.
    QVERIFY(parsed->at(1).bundle.has_value());
}

void TestPreKeys::skipsRowsWithoutJidAndRefusesAnswersWithoutList() {
    Node noJid = bundleRow(QString());
    noJid = Node(noJid.tag(), {}, noJid.content());
    const auto parsed = bundle_query::parseKeyAnswer(keyAnswer({noJid, bundleRow(QString())}));
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->size(), size_t(1));
    const auto noList = bundle_query::parseKeyAnswer(Node(QStringLiteral("iq")));
    QVERIFY(!noList.has_value());
    QCOMPARE(noList.error().code, QString::fromLatin1(errc::kMalformedNode));
}

void TestPreKeys::survivesMutatedAnswers() {
    // Every single-bit change of the answers' wire bytes that still decodes as a node is parsed without a
    // crash: as bundles, errors per row, or an error for the whole answer.
    const NodeDecoder decoder(TokenTableVersion::V3);
    int decoded = 0;
    for (const QJsonValue &json : {messagingAt({"preKeys", "peerBundle", "answer"}),
             messagingAt({"signal", "incoming", "keyAnswer"}), messagingAt({"preKeys", "count", "answer"})}) {
        const QByteArray bytes = nodeVector(json).encoded;
        for (qsizetype i = 1; i < bytes.size(); ++i) {
            for (int bit = 0; bit < 8; ++bit) {
                QByteArray mutated = bytes;
                mutated[i] = char(mutated.at(i) ^ (1 << bit));
                const auto node = decoder.decode(mutated);
                if (!node)
                    continue;
                ++decoded;
                const auto bundles = bundle_query::parseKeyAnswer(*node);
                if (bundles) {
                    for (const auto &fetched : *bundles) {
                        if (fetched.bundle) {
                            QCOMPARE(fetched.bundle->identityKey.size(), 32);
                            QCOMPARE(fetched.bundle->signedPreKeySignature.size(), 64);
                        }
                    }
                }
                (void)prekeys::parseCountAnswer(*node);
            }
        }
    }
    QVERIFY(decoded > 100);
}

QTEST_GUILESS_MAIN(TestPreKeys)
#include "tst_prekeys.moc"
