// DeviceCipher: Signal sessions with one remote device over libsignal-protocol-c. Two C++ devices talk both
// ways (pkmsg until the first answer, then msg; out of order; duplicates, tampering, missing sessions and
// prekeys refused with their codes, and the next genuine message still opens), bundles are checked, and the
// transcript Baileys' libsignal-node repository encrypted to a fixed identity (messaging.json) decrypts here.
#include "messaging/bundle_query.h"
#include "messaging/message_content.h"
#include "messaging/padding.h"
#include "messaging/prekeys.h"
#include "messaging_vectors.h"
#include "signal/crypto_provider.h"
#include "signal/device_cipher.h"
#include "signal/memory_signal_store.h"
#include "signal/store_adapter.h"

#include <QLoggingCategory>
#include <QTest>
#include <cstring>
#include <memory>
#include <signal_protocol.h>

using namespace balcao;
using namespace balcao::testing;

namespace {

// One device: its libsignal context, credentials, store and adapter.
struct Party {
    QString sessionId = QStringLiteral("s1");
    SignalAddress address;
    DeviceCredentials credentials;
    MemorySignalStore store;
    std::unique_ptr<SignalContext> context;
    std::unique_ptr<SignalStoreAdapter> adapter;
    QList<prekeys::OneTimePreKey> preKeys;

    DeviceCipher cipherWith(const Party &other) {
        return DeviceCipher(context->get(), *adapter, other.address);
    }

    PreKeyBundle bundle(bool withPreKey = true) const {
        PreKeyBundle bundle;
        bundle.registrationId = credentials.registrationId;
        bundle.identityKey = credentials.identityKey.publicKey;
        bundle.signedPreKeyId = credentials.signedPreKey.id;
        bundle.signedPreKey = credentials.signedPreKey.keyPair.publicKey;
        bundle.signedPreKeySignature = credentials.signedPreKey.signature;
        if (withPreKey)
            bundle.preKey
                = PreKeyBundle::OneTimePreKey {preKeys.first().id, preKeys.first().keyPair.publicKey};
        return bundle;
    }
};

// libsignal's randomness for the vector tests: 32-byte draws are served from this queue while it lasts. The
// transcript's "outgoing" session was made by libsignal-node with two fixed key pairs; libsignal-protocol-c
// draws the same two private keys (X3DH base key, first sending ratchet key) in the same order.
QList<QByteArray> g_randomQueue;

int queuedRandom(uint8_t *data, size_t length, void *userData) {
    if (!g_randomQueue.isEmpty() && size_t(g_randomQueue.first().size()) == length) {
        const QByteArray next = g_randomQueue.takeFirst();
        std::memcpy(data, next.constData(), length);
        return 0;
    }
    return signalCryptoProvider().random_func(data, length, userData);
}

const signal_crypto_provider &queuedProvider() {
    static const signal_crypto_provider provider = [] {
        signal_crypto_provider copy = signalCryptoProvider();
        copy.random_func = &queuedRandom;
        return copy;
    }();
    return provider;
}

std::unique_ptr<Party> makeParty(
    const QString &user, int device, std::optional<DeviceCredentials> credentials = {}) {
    auto party = std::make_unique<Party>();
    party->address = SignalAddress {user, device};
    party->credentials = credentials ? *credentials : DeviceCredentials::generate().value();
    party->context = SignalContext::create(queuedProvider()).value();
    auto adapter = SignalStoreAdapter::create(
        party->context->get(), party->store, party->sessionId, party->credentials);
    if (!adapter)
        qFatal("adapter: %s", qPrintable(adapter.error().message));
    party->adapter = std::move(*adapter);
    if (!credentials) {
        auto generated = prekeys::generatePreKeys(
            party->context->get(), party->store, party->sessionId, party->credentials, 3);
        if (!generated)
            qFatal("prekeys: %s", qPrintable(generated.error().message));
        party->preKeys = *generated;
    }
    return party;
}

QString why(const Result<QByteArray> &result) {
    return result.has_value() ? QString()
                              : result.error().code + QStringLiteral(": ") + result.error().message;
}

QByteArray padded(const char *text) {
    return padding::pad(encodeTextMessage(QString::fromUtf8(text)));
}

// The "balcao" identity of messaging.json, with the one-time prekeys it uploaded.
std::unique_ptr<Party> vectorBalcao() {
    const QJsonObject json = messagingAt({"balcao"}).toObject();
    DeviceCredentials credentials;
    credentials.identityKey = crypto::KeyPair {
        hexBytes(at(json, {"identityKey", "priv"})), hexBytes(at(json, {"identityKey", "pub"}))};
    credentials.registrationId = quint32(json.value(QLatin1String("registrationId")).toInt());
    credentials.signedPreKey.id = quint32(at(json, {"signedPreKey", "id"}).toInt());
    credentials.signedPreKey.keyPair = crypto::KeyPair {
        hexBytes(at(json, {"signedPreKey", "priv"})), hexBytes(at(json, {"signedPreKey", "pub"}))};
    credentials.signedPreKey.signature = hexBytes(at(json, {"signedPreKey", "signature"}));
    const Jid jid = *Jid::parse(json.value(QLatin1String("jid")).toString());
    auto party = makeParty(jid.user, jid.device, credentials);
    for (const QJsonValue &value : json.value(QLatin1String("preKeys")).toArray()) {
        const QJsonObject key = value.toObject();
        prekeys::OneTimePreKey preKey {quint32(key.value(QLatin1String("id")).toInteger()),
            crypto::KeyPair {
                hexBytes(key.value(QLatin1String("priv"))), hexBytes(key.value(QLatin1String("pub")))}};
        auto record = prekeys::makePreKeyRecord(party->context->get(), preKey);
        if (!record || !party->store.storePreKey(party->sessionId, *record))
            qFatal("cannot store a vector prekey");
        party->preKeys.append(preKey);
    }
    return party;
}

// Forwards to a store, failing every session operation while `fail` is set, as a full disk would.
class FailingStore final : public SignalStore {
public:
    explicit FailingStore(SignalStore &inner)
        : m_inner(inner) { }
    bool fail = false;

    Result<void> saveIdentity(const QString &s, const SignalAddress &a, const QByteArray &k) override {
        return m_inner.saveIdentity(s, a, k);
    }
    Result<std::optional<QByteArray>> loadIdentity(const QString &s, const SignalAddress &a) override {
        return m_inner.loadIdentity(s, a);
    }
    Result<void> removeIdentity(const QString &s, const SignalAddress &a) override {
        return m_inner.removeIdentity(s, a);
    }
    Result<std::optional<QByteArray>> loadSession(const QString &s, const SignalAddress &a) override {
        if (fail)
            return failure();
        return m_inner.loadSession(s, a);
    }
    Result<void> storeSession(const QString &s, const SignalAddress &a, const QByteArray &r) override {
        if (fail)
            return failure();
        return m_inner.storeSession(s, a, r);
    }
    Result<bool> containsSession(const QString &s, const SignalAddress &a) override {
        if (fail)
            return failure();
        return m_inner.containsSession(s, a);
    }
    Result<bool> deleteSession(const QString &s, const SignalAddress &a) override {
        return m_inner.deleteSession(s, a);
    }
    Result<int> deleteAllSessions(const QString &s, const QString &n) override {
        return m_inner.deleteAllSessions(s, n);
    }
    Result<QList<int>> sessionDevices(const QString &s, const QString &n) override {
        return m_inner.sessionDevices(s, n);
    }
    Result<void> storePreKey(const QString &s, const PreKeyRecord &p) override {
        return m_inner.storePreKey(s, p);
    }
    Result<void> storePreKeys(const QString &s, const QList<PreKeyRecord> &p) override {
        return m_inner.storePreKeys(s, p);
    }
    Result<std::optional<QByteArray>> loadPreKey(const QString &s, quint32 id) override {
        return m_inner.loadPreKey(s, id);
    }
    Result<bool> containsPreKey(const QString &s, quint32 id) override {
        return m_inner.containsPreKey(s, id);
    }
    Result<void> removePreKey(const QString &s, quint32 id) override { return m_inner.removePreKey(s, id); }
    Result<int> preKeyCount(const QString &s) override { return m_inner.preKeyCount(s); }
    Result<quint32> maxPreKeyId(const QString &s) override { return m_inner.maxPreKeyId(s); }
    Result<void> storeSignedPreKey(const QString &s, const PreKeyRecord &p) override {
        return m_inner.storeSignedPreKey(s, p);
    }
    Result<std::optional<QByteArray>> loadSignedPreKey(const QString &s, quint32 id) override {
        return m_inner.loadSignedPreKey(s, id);
    }
    Result<bool> containsSignedPreKey(const QString &s, quint32 id) override {
        return m_inner.containsSignedPreKey(s, id);
    }
    Result<void> removeSignedPreKey(const QString &s, quint32 id) override {
        return m_inner.removeSignedPreKey(s, id);
    }
    Result<void> storeSenderKey(const QString &s, const SenderKeyName &n, const QByteArray &r) override {
        return m_inner.storeSenderKey(s, n, r);
    }
    Result<std::optional<QByteArray>> loadSenderKey(const QString &s, const SenderKeyName &n) override {
        return m_inner.loadSenderKey(s, n);
    }
    Result<void> wipe(const QString &s) override { return m_inner.wipe(s); }

private:
    static Error failure() { return makeError(errc::kStorageFailed, QStringLiteral("disk full")); }
    SignalStore &m_inner;
};

QJsonObject transcriptMessage(const char *session, const char *name) {
    for (const QJsonValue &value : messagingAt({"signal", session, "messages"}).toArray()) {
        if (value.toObject().value(QLatin1String("name")).toString() == QLatin1String(name))
            return value.toObject();
    }
    qFatal("messaging.json has no transcript message %s", name);
}

SignalAddress addressOf(const char *who) {
    return signalAddressOf(*Jid::parse(messagingAt({who, "jid"}).toString()));
}

// Decrypts one transcript message as Balcão and checks it against the file, down to the Message content.
void decryptVectorMessage(Party &balcao, const char *session, const char *name) {
    const QJsonObject message = transcriptMessage(session, name);
    DeviceCipher cipher(balcao.context->get(), *balcao.adapter,
        signalAddressOf(*Jid::parse(message.value(QLatin1String("from")).toString())));
    const auto plain = cipher.decrypt(message.value(QLatin1String("type")).toString(),
        hexBytes(message.value(QLatin1String("ciphertext"))));
    QVERIFY2(plain.has_value(), qPrintable(QString::fromLatin1(name) + QStringLiteral(": ") + why(plain)));
    QCOMPARE(*plain, hexBytes(message.value(QLatin1String("padded"))));
    const auto unpadded = padding::unpad(*plain);
    QVERIFY(unpadded.has_value());
    QCOMPARE(unpadded->size(), plain->size() - message.value(QLatin1String("padLength")).toInt());
    const QString sample = message.value(QLatin1String("message")).toString();
    QCOMPARE(*unpadded, hexBytes(messagingAt({"messages"}).toObject().value(sample)));
    QVERIFY(readMessage(*unpadded).has_value());
}

// Balcão starts the "outgoing" session as libsignal-node did: the companion's bundle from the answer, the
// same two private keys, and the same first message, which must come out byte for byte.
DeviceCipher startOutgoing(Party &balcao) {
    g_randomQueue.clear();
    for (const QJsonValue &value : messagingAt({"signal", "outgoing", "random"}).toArray())
        g_randomQueue.append(hexBytes(value));
    const auto parsed
        = bundle_query::parseKeyAnswer(decodedNode(messagingAt({"signal", "outgoing", "keyAnswer"})));
    if (!parsed || parsed->size() != 1 || !parsed->at(0).bundle)
        qFatal("the outgoing bundle does not parse");
    DeviceCipher cipher(balcao.context->get(), *balcao.adapter, signalAddressOf(parsed->at(0).jid));
    const auto built = cipher.buildSessionFromBundle(*parsed->at(0).bundle);
    if (!built)
        qFatal("the outgoing bundle is refused: %s", qPrintable(built.error().message));
    if (!g_randomQueue.isEmpty())
        qFatal("libsignal drew fewer keys than libsignal-node");
    return cipher;
}

} // namespace

class TestDeviceCipher : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void talksBothWays();
    void sendsPreKeyMessagesUntilAnswered();
    void decryptsOutOfOrder();
    void refusesDuplicates();
    void refusesTamperingAndKeepsGoing();
    void refusesWithoutSession();
    void refusesMissingPreKey();
    void buildsWithoutOneTimePreKey();
    void refusesBadBundles_data();
    void refusesBadBundles();
    void refusesOtherTypesAndGarbage_data();
    void refusesOtherTypesAndGarbage();
    void reportsStoreFailures();
    void decryptsBaileysPreKeyMessages();
    void decryptsBaileysPreKeyMessagesInEitherOrder();
    void encryptsThePreKeyMessageLibsignalNodeMade();
    void decryptsBaileysAnswers();
    void decryptsBaileysAnswersOutOfOrder();
    void refusesReplayedAndTamperedBaileysMessages();
    void buildsSessionsFromBaileysBundles();
    void survivesMutatedAndRandomCiphertexts();
};

void TestDeviceCipher::initTestCase() {
    // libsignal says why a message failed only through its log; keep it quiet here.
    QLoggingCategory::setFilterRules(QStringLiteral("balcao.signal*.debug=false"));
}

void TestDeviceCipher::talksBothWays() {
    auto alice = makeParty(QStringLiteral("5511900000001"), 3);
    auto bob = makeParty(QStringLiteral("5511900000002"), 0);
    DeviceCipher toBob = alice->cipherWith(*bob);
    DeviceCipher toAlice = bob->cipherWith(*alice);
    QCOMPARE(toBob.hasSession().value(), false);
    QVERIFY(toBob.buildSessionFromBundle(bob->bundle()).has_value());
    QCOMPARE(toBob.hasSession().value(), true);
    const quint32 usedPreKey = bob->preKeys.first().id;
    QCOMPARE(bob->store.containsPreKey(bob->sessionId, usedPreKey).value(), true);

    const QByteArray first = padded("first");
    const auto sent = toBob.encrypt(first);
    QVERIFY(sent.has_value());
    QCOMPARE(sent->type, QStringLiteral("pkmsg"));
    QCOMPARE(toAlice.hasSession().value(), false);
    const auto opened = toAlice.decrypt(sent->type, sent->bytes);
    QVERIFY2(opened.has_value(), qPrintable(why(opened)));
    QCOMPARE(*opened, first);
    QCOMPARE(toAlice.hasSession().value(), true);
    // The pkmsg consumed Bob's one-time prekey.
    QCOMPARE(bob->store.containsPreKey(bob->sessionId, usedPreKey).value(), false);

    const QByteArray reply = padded("reply");
    const auto answered = toAlice.encrypt(reply);
    QVERIFY(answered.has_value());
    QCOMPARE(answered->type, QStringLiteral("msg"));
    QCOMPARE(toBob.decrypt(answered->type, answered->bytes).value(), reply);

    for (int i = 0; i < 4; ++i) {
        const QByteArray text = padded(qPrintable(QStringLiteral("ping %1").arg(i)));
        const auto again = (i % 2 ? toAlice : toBob).encrypt(text);
        QVERIFY(again.has_value());
        QCOMPARE(again->type, QStringLiteral("msg"));
        QCOMPARE((i % 2 ? toBob : toAlice).decrypt(again->type, again->bytes).value(), text);
    }
}

void TestDeviceCipher::sendsPreKeyMessagesUntilAnswered() {
    auto alice = makeParty(QStringLiteral("a"), 1);
    auto bob = makeParty(QStringLiteral("b"), 2);
    DeviceCipher toBob = alice->cipherWith(*bob);
    DeviceCipher toAlice = bob->cipherWith(*alice);
    QVERIFY(toBob.buildSessionFromBundle(bob->bundle()).has_value());
    QList<DeviceCipher::Ciphertext> sent;
    for (int i = 0; i < 3; ++i) {
        sent.append(toBob.encrypt(padded("unanswered")).value());
        QCOMPARE(sent.last().type, QStringLiteral("pkmsg"));
    }
    for (const auto &message : sent)
        QVERIFY(toAlice.decrypt(message.type, message.bytes).has_value());
    QVERIFY(toBob.decrypt(u"msg", toAlice.encrypt(padded("ok")).value().bytes).has_value());
    QCOMPARE(toBob.encrypt(padded("now msg")).value().type, QStringLiteral("msg"));
}

void TestDeviceCipher::decryptsOutOfOrder() {
    auto alice = makeParty(QStringLiteral("a"), 1);
    auto bob = makeParty(QStringLiteral("b"), 2);
    DeviceCipher toBob = alice->cipherWith(*bob);
    DeviceCipher toAlice = bob->cipherWith(*alice);
    QVERIFY(toBob.buildSessionFromBundle(bob->bundle()).has_value());
    QVERIFY(toAlice.decrypt(u"pkmsg", toBob.encrypt(padded("hello")).value().bytes).has_value());
    QVERIFY(toBob.decrypt(u"msg", toAlice.encrypt(padded("hi")).value().bytes).has_value());

    QList<QByteArray> plain;
    QList<QByteArray> cipher;
    for (int i = 0; i < 6; ++i) {
        plain.append(padded(qPrintable(QStringLiteral("message %1").arg(i))));
        cipher.append(toBob.encrypt(plain.last()).value().bytes);
    }
    for (int i : {5, 1, 4, 0, 3, 2}) {
        const auto opened = toAlice.decrypt(u"msg", cipher.at(i));
        QVERIFY2(opened.has_value(), qPrintable(why(opened)));
        QCOMPARE(*opened, plain.at(i));
    }
}

void TestDeviceCipher::refusesDuplicates() {
    auto alice = makeParty(QStringLiteral("a"), 1);
    auto bob = makeParty(QStringLiteral("b"), 2);
    DeviceCipher toBob = alice->cipherWith(*bob);
    DeviceCipher toAlice = bob->cipherWith(*alice);
    QVERIFY(toBob.buildSessionFromBundle(bob->bundle()).has_value());
    const auto first = toBob.encrypt(padded("once")).value();
    QVERIFY(toAlice.decrypt(first.type, first.bytes).has_value());
    const auto replayedPreKey = toAlice.decrypt(first.type, first.bytes);
    QVERIFY(!replayedPreKey.has_value());
    QCOMPARE(replayedPreKey.error().code, QString::fromLatin1(errc::kDuplicateMessage));

    QVERIFY(toBob.decrypt(u"msg", toAlice.encrypt(padded("answer")).value().bytes).has_value());
    const auto second = toBob.encrypt(padded("twice")).value();
    QVERIFY(toAlice.decrypt(second.type, second.bytes).has_value());
    const auto replayed = toAlice.decrypt(second.type, second.bytes);
    QVERIFY(!replayed.has_value());
    QCOMPARE(replayed.error().code, QString::fromLatin1(errc::kDuplicateMessage));
}

void TestDeviceCipher::refusesTamperingAndKeepsGoing() {
    auto alice = makeParty(QStringLiteral("a"), 1);
    auto bob = makeParty(QStringLiteral("b"), 2);
    DeviceCipher toBob = alice->cipherWith(*bob);
    DeviceCipher toAlice = bob->cipherWith(*alice);
    QVERIFY(toBob.buildSessionFromBundle(bob->bundle()).has_value());

    // A tampered pkmsg starts nothing; the genuine one still does.
    const QByteArray hello = padded("hello");
    const auto pkmsg = toBob.encrypt(hello).value();
    // The middle of a pkmsg is its keys or the inner message (its tail is the unauthenticated registration
    // id).
    QByteArray badPreKey = pkmsg.bytes;
    badPreKey[badPreKey.size() / 2] = char(badPreKey.at(badPreKey.size() / 2) ^ 0x01);
    const auto refusedPreKey = toAlice.decrypt(u"pkmsg", badPreKey);
    QVERIFY(!refusedPreKey.has_value());
    QCOMPARE(refusedPreKey.error().code, QString::fromLatin1(errc::kInvalidMessage));
    QCOMPARE(toAlice.hasSession().value(), false);
    QCOMPARE(toAlice.decrypt(u"pkmsg", pkmsg.bytes).value(), hello);

    // Within a session: a flipped bit anywhere (header, body, MAC) is refused and changes nothing.
    const QByteArray answer = padded("answer");
    QCOMPARE(toBob.decrypt(u"msg", toAlice.encrypt(answer).value().bytes).value(), answer);
    const QByteArray next = padded("next");
    const auto genuine = toBob.encrypt(next).value();
    for (qsizetype i : {qsizetype(1), genuine.bytes.size() / 2, genuine.bytes.size() - 1}) {
        QByteArray tampered = genuine.bytes;
        tampered[i] = char(tampered.at(i) ^ 0x20);
        const auto refused = toAlice.decrypt(u"msg", tampered);
        QVERIFY(!refused.has_value());
        QCOMPARE(refused.error().code, QString::fromLatin1(errc::kInvalidMessage));
    }
    const auto truncated = toAlice.decrypt(u"msg", genuine.bytes.left(genuine.bytes.size() - 4));
    QVERIFY(!truncated.has_value());
    QCOMPARE(toAlice.decrypt(u"msg", genuine.bytes).value(), next);
    const QByteArray after = padded("after");
    QCOMPARE(toAlice.decrypt(u"msg", toBob.encrypt(after).value().bytes).value(), after);
}

void TestDeviceCipher::refusesWithoutSession() {
    auto alice = makeParty(QStringLiteral("a"), 1);
    auto bob = makeParty(QStringLiteral("b"), 2);
    DeviceCipher toBob = alice->cipherWith(*bob);
    const auto encrypted = toBob.encrypt(padded("no session"));
    QVERIFY(!encrypted.has_value());
    QCOMPARE(encrypted.error().code, QString::fromLatin1(errc::kNoSession));

    // A msg from a device we never talked to.
    auto carol = makeParty(QStringLiteral("c"), 0);
    DeviceCipher carolToBob = carol->cipherWith(*bob);
    QVERIFY(carolToBob.buildSessionFromBundle(bob->bundle()).has_value());
    DeviceCipher bobToCarol = bob->cipherWith(*carol);
    QVERIFY(bobToCarol.decrypt(u"pkmsg", carolToBob.encrypt(padded("x")).value().bytes).has_value());
    QVERIFY(carolToBob.decrypt(u"msg", bobToCarol.encrypt(padded("y")).value().bytes).has_value());
    const auto msg = carolToBob.encrypt(padded("z")).value();
    QCOMPARE(msg.type, QStringLiteral("msg"));
    DeviceCipher stranger(alice->context->get(), *alice->adapter, carol->address);
    const auto refused = stranger.decrypt(u"msg", msg.bytes);
    QVERIFY(!refused.has_value());
    QCOMPARE(refused.error().code, QString::fromLatin1(errc::kNoSession));
}

void TestDeviceCipher::refusesMissingPreKey() {
    auto alice = makeParty(QStringLiteral("a"), 1);
    auto bob = makeParty(QStringLiteral("b"), 2);
    DeviceCipher toBob = alice->cipherWith(*bob);
    QVERIFY(toBob.buildSessionFromBundle(bob->bundle()).has_value());
    QVERIFY(bob->store.removePreKey(bob->sessionId, bob->preKeys.first().id).has_value());
    DeviceCipher toAlice = bob->cipherWith(*alice);
    const auto refused = toAlice.decrypt(u"pkmsg", toBob.encrypt(padded("late")).value().bytes);
    QVERIFY(!refused.has_value());
    QCOMPARE(refused.error().code, QString::fromLatin1(errc::kInvalidKeyId));
    QCOMPARE(toAlice.hasSession().value(), false);
}

void TestDeviceCipher::buildsWithoutOneTimePreKey() {
    auto alice = makeParty(QStringLiteral("a"), 1);
    auto bob = makeParty(QStringLiteral("b"), 2);
    DeviceCipher toBob = alice->cipherWith(*bob);
    QVERIFY(toBob.buildSessionFromBundle(bob->bundle(false)).has_value());
    const QByteArray text = padded("signed prekey only");
    const auto sent = toBob.encrypt(text).value();
    QCOMPARE(sent.type, QStringLiteral("pkmsg"));
    DeviceCipher toAlice = bob->cipherWith(*alice);
    QCOMPARE(toAlice.decrypt(sent.type, sent.bytes).value(), text);
    QCOMPARE(bob->store.preKeyCount(bob->sessionId).value(), 3);
}

void TestDeviceCipher::refusesBadBundles_data() {
    QTest::addColumn<int>("damage");
    QTest::newRow("signature bit flipped") << 0;
    QTest::newRow("signature by another identity") << 1;
    QTest::newRow("short signature") << 2;
    QTest::newRow("31-byte identity") << 3;
    QTest::newRow("33-byte signed prekey") << 4;
    QTest::newRow("one-time prekey of 0 bytes") << 5;
    QTest::newRow("one-time prekey id 0") << 6;
    QTest::newRow("one-time prekey id 0xFFFFFF") << 7;
}

void TestDeviceCipher::refusesBadBundles() {
    QFETCH(int, damage);
    auto alice = makeParty(QStringLiteral("a"), 1);
    auto bob = makeParty(QStringLiteral("b"), 2);
    PreKeyBundle bundle = bob->bundle();
    switch (damage) {
    case 0:
        bundle.signedPreKeySignature[10] = char(bundle.signedPreKeySignature.at(10) ^ 0x04);
        break;
    case 1:
        bundle.identityKey = alice->credentials.identityKey.publicKey;
        break;
    case 2:
        bundle.signedPreKeySignature.chop(1);
        break;
    case 3:
        bundle.identityKey.chop(1);
        break;
    case 4:
        bundle.signedPreKey.prepend(kSignalKeyType);
        break;
    case 5:
        bundle.preKey->publicKey.clear();
        break;
    case 6:
        bundle.preKey->id = 0;
        break;
    case 7:
        bundle.preKey->id = 0xFFFFFF;
        break;
    }
    DeviceCipher toBob = alice->cipherWith(*bob);
    const auto built = toBob.buildSessionFromBundle(bundle);
    QVERIFY(!built.has_value());
    QCOMPARE(built.error().code, QString::fromLatin1(errc::kInvalidBundle));
    QCOMPARE(toBob.hasSession().value(), false);
}

void TestDeviceCipher::refusesOtherTypesAndGarbage_data() {
    QTest::addColumn<QString>("type");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("code");
    const QString invalid = QString::fromLatin1(errc::kInvalidMessage);
    QTest::newRow("skmsg is not 1:1")
        << "skmsg" << QByteArray("x") << QString::fromLatin1(errc::kInvalidArgument);
    QTest::newRow("empty type") << "" << QByteArray("x") << QString::fromLatin1(errc::kInvalidArgument);
    QTest::newRow("empty msg") << "msg" << QByteArray() << invalid;
    QTest::newRow("garbage msg") << "msg" << QByteArray::fromHex("33ffffffffffffffffffffffffff") << invalid;
    QTest::newRow("garbage pkmsg") << "pkmsg" << QByteArray::fromHex("33ffffffffffffffffffffffffff")
                                   << invalid;
    QTest::newRow("old version") << "msg" << QByteArray::fromHex("220a0301020310001800220100aabbccddeeff0011")
                                 << invalid;
    QTest::newRow("one byte pkmsg") << "pkmsg" << QByteArray::fromHex("33") << invalid;
}

void TestDeviceCipher::refusesOtherTypesAndGarbage() {
    QFETCH(QString, type);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, code);
    auto alice = makeParty(QStringLiteral("a"), 1);
    auto bob = makeParty(QStringLiteral("b"), 2);
    DeviceCipher toBob = alice->cipherWith(*bob);
    QVERIFY(toBob.buildSessionFromBundle(bob->bundle()).has_value());
    const auto refused = toBob.decrypt(type, bytes);
    QVERIFY(!refused.has_value());
    QCOMPARE(refused.error().code, code);
}

void TestDeviceCipher::reportsStoreFailures() {
    auto alice = makeParty(QStringLiteral("a"), 1);
    auto bob = makeParty(QStringLiteral("b"), 2);
    FailingStore failing(alice->store);
    auto adapter
        = SignalStoreAdapter::create(alice->context->get(), failing, alice->sessionId, alice->credentials);
    QVERIFY(adapter.has_value());
    DeviceCipher toBob(alice->context->get(), **adapter, bob->address);
    failing.fail = true;
    const auto built = toBob.buildSessionFromBundle(bob->bundle());
    QVERIFY(!built.has_value());
    QCOMPARE(built.error().code, QString::fromLatin1(errc::kStorageFailed));
    QVERIFY(built.error().message.contains(u"disk full"));
    const auto has = toBob.hasSession();
    QVERIFY(!has.has_value());
    QCOMPARE(has.error().code, QString::fromLatin1(errc::kStorageFailed));

    failing.fail = false;
    QVERIFY(toBob.buildSessionFromBundle(bob->bundle()).has_value());
    failing.fail = true;
    const auto sent = toBob.encrypt(padded("x"));
    QVERIFY(!sent.has_value());
    QCOMPARE(sent.error().code, QString::fromLatin1(errc::kStorageFailed));
}

void TestDeviceCipher::decryptsBaileysPreKeyMessages() {
    auto balcao = vectorBalcao();
    const quint32 used = quint32(messagingAt({"signal", "incoming", "bundlePreKeyId"}).toInteger());
    QCOMPARE(balcao->store.containsPreKey(balcao->sessionId, used).value(), true);
    decryptVectorMessage(*balcao, "incoming", "conversation");
    decryptVectorMessage(*balcao, "incoming", "extendedText");
    // The first pkmsg consumed the prekey our bundle gave out; the others stay.
    QCOMPARE(balcao->store.containsPreKey(balcao->sessionId, used).value(), false);
    QCOMPARE(balcao->store.preKeyCount(balcao->sessionId).value(), balcao->preKeys.size() - 1);
    DeviceCipher cipher(balcao->context->get(), *balcao->adapter, addressOf("peer"));
    QCOMPARE(cipher.hasSession().value(), true);
    // Our answer is a msg: the session is ours now.
    QCOMPARE(cipher.encrypt(padded("recebido")).value().type, QStringLiteral("msg"));
}

void TestDeviceCipher::decryptsBaileysPreKeyMessagesInEitherOrder() {
    auto balcao = vectorBalcao();
    decryptVectorMessage(*balcao, "incoming", "extendedText");
    decryptVectorMessage(*balcao, "incoming", "conversation");
}

void TestDeviceCipher::encryptsThePreKeyMessageLibsignalNodeMade() {
    auto balcao = vectorBalcao();
    DeviceCipher cipher = startOutgoing(*balcao);
    QCOMPARE(cipher.address(), addressOf("peerCompanion"));
    const QJsonObject first = transcriptMessage("outgoing", "first");
    const auto encrypted = cipher.encrypt(hexBytes(first.value(QLatin1String("padded"))));
    QVERIFY(encrypted.has_value());
    QCOMPARE(encrypted->type, first.value(QLatin1String("type")).toString());
    // libsignal-node (as the companion) opened exactly these bytes when the vector was made.
    QCOMPARE(encrypted->bytes.toHex(), hexBytes(first.value(QLatin1String("ciphertext"))).toHex());
}

void TestDeviceCipher::decryptsBaileysAnswers() {
    auto balcao = vectorBalcao();
    DeviceCipher cipher = startOutgoing(*balcao);
    QVERIFY(cipher.encrypt(hexBytes(transcriptMessage("outgoing", "first").value(QLatin1String("padded"))))
                .has_value());
    for (const char *name : {"deviceSent", "image", "historySync", "appStateKeyShare"}) {
        decryptVectorMessage(*balcao, "outgoing", name);
        if (QTest::currentTestFailed())
            return;
    }
    // The answer confirmed the session: what we send next is a msg.
    QCOMPARE(cipher.encrypt(padded("obrigado")).value().type, QStringLiteral("msg"));
}

void TestDeviceCipher::decryptsBaileysAnswersOutOfOrder() {
    auto balcao = vectorBalcao();
    startOutgoing(*balcao);
    for (const char *name : {"historySync", "deviceSent", "appStateKeyShare", "image"}) {
        decryptVectorMessage(*balcao, "outgoing", name);
        if (QTest::currentTestFailed())
            return;
    }
}

void TestDeviceCipher::refusesReplayedAndTamperedBaileysMessages() {
    auto balcao = vectorBalcao();
    decryptVectorMessage(*balcao, "incoming", "conversation");
    DeviceCipher fromPeer(balcao->context->get(), *balcao->adapter, addressOf("peer"));
    const QJsonObject pkmsg = transcriptMessage("incoming", "conversation");
    const auto replayedPreKey
        = fromPeer.decrypt(u"pkmsg", hexBytes(pkmsg.value(QLatin1String("ciphertext"))));
    QVERIFY(!replayedPreKey.has_value());
    QCOMPARE(replayedPreKey.error().code, QString::fromLatin1(errc::kDuplicateMessage));

    startOutgoing(*balcao);
    decryptVectorMessage(*balcao, "outgoing", "image");
    DeviceCipher fromCompanion(balcao->context->get(), *balcao->adapter, addressOf("peerCompanion"));
    const auto replayed = fromCompanion.decrypt(
        u"msg", hexBytes(transcriptMessage("outgoing", "image").value(QLatin1String("ciphertext"))));
    QVERIFY(!replayed.has_value());
    QCOMPARE(replayed.error().code, QString::fromLatin1(errc::kDuplicateMessage));

    // One bit of the MAC, then of the body: refused, and the genuine message still opens afterwards.
    QByteArray tampered
        = hexBytes(transcriptMessage("outgoing", "historySync").value(QLatin1String("ciphertext")));
    for (qsizetype i : {tampered.size() - 1, tampered.size() / 2}) {
        QByteArray bad = tampered;
        bad[i] = char(bad.at(i) ^ 0x80);
        const auto refused = fromCompanion.decrypt(u"msg", bad);
        QVERIFY(!refused.has_value());
        QCOMPARE(refused.error().code, QString::fromLatin1(errc::kInvalidMessage));
    }
    decryptVectorMessage(*balcao, "outgoing", "historySync");
}

void TestDeviceCipher::buildsSessionsFromBaileysBundles() {
    auto balcao = vectorBalcao();
    const auto parsed
        = bundle_query::parseKeyAnswer(decodedNode(messagingAt({"preKeys", "peerBundle", "answer"})));
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->size(), size_t(2));
    for (const auto &fetched : *parsed) {
        QVERIFY2(fetched.bundle.has_value(),
            qPrintable(fetched.bundle.has_value() ? QString() : fetched.bundle.error().message));
        DeviceCipher cipher(balcao->context->get(), *balcao->adapter, signalAddressOf(fetched.jid));
        const auto built = cipher.buildSessionFromBundle(*fetched.bundle);
        QVERIFY2(built.has_value(), qPrintable(built.has_value() ? QString() : built.error().message));
        const auto sent = cipher.encrypt(padded("to a Baileys device"));
        QVERIFY(sent.has_value());
        QCOMPARE(sent->type, QStringLiteral("pkmsg"));
    }
}

void TestDeviceCipher::survivesMutatedAndRandomCiphertexts() {
    // Every single-bit change of a real pkmsg and msg, every truncation, and random bytes: refused with one
    // of the decrypt codes, never a crash, and the session still opens the genuine messages afterwards.
    auto balcao = vectorBalcao();
    DeviceCipher fromCompanion = startOutgoing(*balcao);
    DeviceCipher fromPeer(balcao->context->get(), *balcao->adapter, addressOf("peer"));
    const QStringList codes {QString::fromLatin1(errc::kInvalidMessage),
        QString::fromLatin1(errc::kDuplicateMessage), QString::fromLatin1(errc::kInvalidKeyId),
        QString::fromLatin1(errc::kNoSession)};
    auto refused = [&codes](const Result<QByteArray> &result) {
        return !result.has_value() && codes.contains(result.error().code);
    };
    const QByteArray pkmsg
        = hexBytes(transcriptMessage("incoming", "conversation").value(QLatin1String("ciphertext")));
    const QByteArray msg
        = hexBytes(transcriptMessage("outgoing", "image").value(QLatin1String("ciphertext")));
    for (qsizetype i = 0; i < msg.size(); ++i) {
        QByteArray mutated = msg;
        mutated[i] = char(mutated.at(i) ^ (1 << (i % 8)));
        QVERIFY2(refused(fromCompanion.decrypt(u"msg", mutated)), qPrintable(QString::number(i)));
        QVERIFY(refused(fromCompanion.decrypt(u"msg", msg.left(i))));
    }
    int openedMutatedPreKey = 0;
    for (qsizetype i = 0; i < pkmsg.size(); ++i) {
        QByteArray mutated = pkmsg;
        mutated[i] = char(mutated.at(i) ^ (1 << (i % 8)));
        const auto result = fromPeer.decrypt(u"pkmsg", mutated);
        // The registration id at the end is not authenticated: a change there still opens (once).
        if (result.has_value())
            ++openedMutatedPreKey;
        else
            QVERIFY2(refused(result), qPrintable(result.error().code));
        QVERIFY(refused(fromPeer.decrypt(u"pkmsg", pkmsg.left(i))));
    }
    QVERIFY(openedMutatedPreKey <= 1);
    for (int n = 0; n < 300; ++n) {
        const QByteArray random = crypto::randomBytes(1 + n % 200);
        QVERIFY(refused(fromCompanion.decrypt(u"msg", random)));
        QVERIFY(refused(fromCompanion.decrypt(u"pkmsg", random)));
    }
    decryptVectorMessage(*balcao, "outgoing", "image");
}

QTEST_GUILESS_MAIN(TestDeviceCipher)
#include "tst_device_cipher.moc"
