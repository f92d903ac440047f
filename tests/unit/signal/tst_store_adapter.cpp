// SignalStoreAdapter: libsignal-protocol-c running on SignalStores. Two devices build a real X3DH session
// through the adapters (pkmsg, then msg both ways), the consumed one-time prekey leaves the store, replays
// are refused, and the state lives only in the store. Then the callbacks on their own: argument checks,
// store errors mapped to negative codes, identities and the signed prekey served from the credentials.
#include <QLoggingCategory>
#include <QTest>
#include <curve.h>
#include <functional>
#include <key_helper.h>
#include <map>
#include <memory>
#include <protocol.h>
#include <session_builder.h>
#include <session_cipher.h>
#include <session_pre_key.h>
#include <session_record.h>
#include <signal/crypto_provider.h>
#include <signal/memory_signal_store.h>
#include <signal/store_adapter.h>
#include <signal_protocol.h>
#include <vector>

using namespace balcao;

namespace {

const uint8_t *u8(const QByteArray &bytes) {
    return reinterpret_cast<const uint8_t *>(bytes.constData());
}

struct Unref {
    void operator()(void *object) const { signal_type_unref(static_cast<signal_type_base *>(object)); }
};
template<typename T> using Ref = std::unique_ptr<T, Unref>;

QByteArray takeBytes(signal_buffer *buffer) {
    const QByteArray bytes(
        reinterpret_cast<const char *>(signal_buffer_data(buffer)), qsizetype(signal_buffer_len(buffer)));
    signal_buffer_free(buffer);
    return bytes;
}

QByteArray prefixed(const QByteArray &rawKey) {
    return kSignalKeyType + rawKey;
}

Ref<ec_public_key> decodePublic(const QByteArray &key33, signal_context *context) {
    ec_public_key *key = nullptr;
    if (curve_decode_point(&key, u8(key33), size_t(key33.size()), context) != SG_SUCCESS)
        return nullptr;
    return Ref<ec_public_key>(key);
}

// A libsignal address whose name stays alive with it.
struct Address {
    QByteArray name;
    int device = 0;
    signal_protocol_address raw() const { return {name.constData(), size_t(name.size()), device}; }
    SignalAddress key() const { return {QString::fromLatin1(name), device}; }
};

// One linked device: its libsignal context, credentials, and an adapter over the shared store.
struct Device {
    QString sessionId;
    Address address;
    DeviceCredentials credentials;
    std::unique_ptr<SignalContext> context;
    std::unique_ptr<SignalStoreAdapter> adapter;

    signal_context *ctx() const { return context->get(); }
    signal_protocol_store_context *store() const { return adapter->storeContext(); }
};

std::unique_ptr<Device> makeDevice(SignalStore &store, const QString &sessionId, Address address) {
    auto device = std::make_unique<Device>();
    device->sessionId = sessionId;
    device->address = std::move(address);
    auto credentials = DeviceCredentials::generate();
    auto context = SignalContext::create();
    if (!credentials || !context)
        return nullptr;
    device->credentials = std::move(*credentials);
    device->context = std::move(*context);
    auto adapter = SignalStoreAdapter::create(device->ctx(), store, sessionId, device->credentials);
    if (!adapter)
        return nullptr;
    device->adapter = std::move(*adapter);
    return device;
}

// Generates `count` one-time prekeys from id `first` into the store, as an upload would; returns their
// 33-byte public keys by id.
std::map<quint32, QByteArray> addPreKeys(
    SignalStore &store, const Device &device, quint32 first, quint32 count) {
    std::map<quint32, QByteArray> publics;
    signal_protocol_key_helper_pre_key_list_node *head = nullptr;
    if (signal_protocol_key_helper_generate_pre_keys(&head, first, count, device.ctx()) != SG_SUCCESS)
        return publics;
    QList<PreKeyRecord> batch;
    for (auto *node = head; node; node = signal_protocol_key_helper_key_list_next(node)) {
        session_pre_key *preKey = signal_protocol_key_helper_key_list_element(node);
        signal_buffer *record = nullptr;
        signal_buffer *pub = nullptr;
        if (session_pre_key_serialize(&record, preKey) != SG_SUCCESS
            || ec_public_key_serialize(&pub, ec_key_pair_get_public(session_pre_key_get_key_pair(preKey)))
                != SG_SUCCESS)
            break;
        batch.append({session_pre_key_get_id(preKey), takeBytes(record)});
        publics[session_pre_key_get_id(preKey)] = takeBytes(pub);
    }
    signal_protocol_key_helper_key_list_free(head);
    if (!store.storePreKeys(device.sessionId, batch))
        publics.clear();
    return publics;
}

// What `to` publishes: registration id, signed prekey from its credentials, one one-time prekey.
Ref<session_pre_key_bundle> bundleOf(const Device &to, quint32 preKeyId, const QByteArray &preKeyPublic,
    const SignedPreKey &signedPreKey, signal_context *context) {
    const auto identity = decodePublic(prefixed(to.credentials.identityKey.publicKey), context);
    const auto preKey = decodePublic(preKeyPublic, context);
    const auto signedKey = decodePublic(prefixed(signedPreKey.keyPair.publicKey), context);
    session_pre_key_bundle *bundle = nullptr;
    if (!identity || !preKey || !signedKey
        || session_pre_key_bundle_create(&bundle, to.credentials.registrationId, to.address.device, preKeyId,
               preKey.get(), signedPreKey.id, signedKey.get(), u8(signedPreKey.signature),
               size_t(signedPreKey.signature.size()), identity.get())
            != SG_SUCCESS)
        return nullptr;
    return Ref<session_pre_key_bundle>(bundle);
}

int startSession(Device &from, const Device &to, session_pre_key_bundle *bundle) {
    session_builder *builder = nullptr;
    const signal_protocol_address address = to.address.raw();
    int result = session_builder_create(&builder, from.store(), &address, from.ctx());
    if (result != SG_SUCCESS)
        return result;
    result = session_builder_process_pre_key_bundle(builder, bundle);
    session_builder_free(builder);
    return result;
}

struct Sent {
    int type = 0;
    QByteArray bytes;
};

Sent encrypt(Device &from, const Device &to, const QByteArray &plaintext) {
    session_cipher *cipher = nullptr;
    const signal_protocol_address address = to.address.raw();
    if (session_cipher_create(&cipher, from.store(), &address, from.ctx()) != SG_SUCCESS)
        return {};
    ciphertext_message *message = nullptr;
    const int result = session_cipher_encrypt(cipher, u8(plaintext), size_t(plaintext.size()), &message);
    session_cipher_free(cipher);
    if (result != SG_SUCCESS)
        return {};
    const Ref<ciphertext_message> owned(message);
    signal_buffer *serialized = ciphertext_message_get_serialized(message);
    return {ciphertext_message_get_type(message),
        QByteArray(reinterpret_cast<const char *>(signal_buffer_data(serialized)),
            qsizetype(signal_buffer_len(serialized)))};
}

struct Received {
    int code = SG_ERR_UNKNOWN;
    QByteArray plaintext;
};

Received decrypt(Device &to, const Device &from, const Sent &sent) {
    session_cipher *cipher = nullptr;
    const signal_protocol_address address = from.address.raw();
    if (session_cipher_create(&cipher, to.store(), &address, to.ctx()) != SG_SUCCESS)
        return {};
    signal_buffer *plaintext = nullptr;
    int result = SG_ERR_UNKNOWN;
    if (sent.type == CIPHERTEXT_PREKEY_TYPE) {
        pre_key_signal_message *message = nullptr;
        result = pre_key_signal_message_deserialize(
            &message, u8(sent.bytes), size_t(sent.bytes.size()), to.ctx());
        if (result == SG_SUCCESS) {
            result = session_cipher_decrypt_pre_key_signal_message(cipher, message, nullptr, &plaintext);
            SIGNAL_UNREF(message);
        }
    } else {
        signal_message *message = nullptr;
        result = signal_message_deserialize(&message, u8(sent.bytes), size_t(sent.bytes.size()), to.ctx());
        if (result == SG_SUCCESS) {
            result = session_cipher_decrypt_signal_message(cipher, message, nullptr, &plaintext);
            SIGNAL_UNREF(message);
        }
    }
    session_cipher_free(cipher);
    if (result != SG_SUCCESS)
        return {result, {}};
    return {SG_SUCCESS, takeBytes(plaintext)};
}

// A SignalStore that forwards to memory, or fails every call with `failure` while it is set: how a full
// disk or a wrong sealing key looks from the adapter.
class FailingSignalStore final : public SignalStore {
public:
    std::optional<Error> failure;

    Result<void> saveIdentity(const QString &s, const SignalAddress &a, const QByteArray &k) override {
        return pass([&] { return m_memory.saveIdentity(s, a, k); });
    }
    Result<std::optional<QByteArray>> loadIdentity(const QString &s, const SignalAddress &a) override {
        return pass([&] { return m_memory.loadIdentity(s, a); });
    }
    Result<void> removeIdentity(const QString &s, const SignalAddress &a) override {
        return pass([&] { return m_memory.removeIdentity(s, a); });
    }
    Result<std::optional<QByteArray>> loadSession(const QString &s, const SignalAddress &a) override {
        return pass([&] { return m_memory.loadSession(s, a); });
    }
    Result<void> storeSession(const QString &s, const SignalAddress &a, const QByteArray &r) override {
        return pass([&] { return m_memory.storeSession(s, a, r); });
    }
    Result<bool> containsSession(const QString &s, const SignalAddress &a) override {
        return pass([&] { return m_memory.containsSession(s, a); });
    }
    Result<bool> deleteSession(const QString &s, const SignalAddress &a) override {
        return pass([&] { return m_memory.deleteSession(s, a); });
    }
    Result<int> deleteAllSessions(const QString &s, const QString &n) override {
        return pass([&] { return m_memory.deleteAllSessions(s, n); });
    }
    Result<QList<int>> sessionDevices(const QString &s, const QString &n) override {
        return pass([&] { return m_memory.sessionDevices(s, n); });
    }
    Result<void> storePreKey(const QString &s, const PreKeyRecord &p) override {
        return pass([&] { return m_memory.storePreKey(s, p); });
    }
    Result<void> storePreKeys(const QString &s, const QList<PreKeyRecord> &p) override {
        return pass([&] { return m_memory.storePreKeys(s, p); });
    }
    Result<std::optional<QByteArray>> loadPreKey(const QString &s, quint32 id) override {
        return pass([&] { return m_memory.loadPreKey(s, id); });
    }
    Result<bool> containsPreKey(const QString &s, quint32 id) override {
        return pass([&] { return m_memory.containsPreKey(s, id); });
    }
    Result<void> removePreKey(const QString &s, quint32 id) override {
        return pass([&] { return m_memory.removePreKey(s, id); });
    }
    Result<int> preKeyCount(const QString &s) override {
        return pass([&] { return m_memory.preKeyCount(s); });
    }
    Result<quint32> maxPreKeyId(const QString &s) override {
        return pass([&] { return m_memory.maxPreKeyId(s); });
    }
    Result<void> storeSignedPreKey(const QString &s, const PreKeyRecord &p) override {
        return pass([&] { return m_memory.storeSignedPreKey(s, p); });
    }
    Result<std::optional<QByteArray>> loadSignedPreKey(const QString &s, quint32 id) override {
        return pass([&] { return m_memory.loadSignedPreKey(s, id); });
    }
    Result<bool> containsSignedPreKey(const QString &s, quint32 id) override {
        return pass([&] { return m_memory.containsSignedPreKey(s, id); });
    }
    Result<void> removeSignedPreKey(const QString &s, quint32 id) override {
        return pass([&] { return m_memory.removeSignedPreKey(s, id); });
    }
    Result<void> storeSenderKey(const QString &s, const SenderKeyName &n, const QByteArray &r) override {
        return pass([&] { return m_memory.storeSenderKey(s, n, r); });
    }
    Result<std::optional<QByteArray>> loadSenderKey(const QString &s, const SenderKeyName &n) override {
        return pass([&] { return m_memory.loadSenderKey(s, n); });
    }
    Result<void> wipe(const QString &s) override {
        return pass([&] { return m_memory.wipe(s); });
    }

private:
    template<typename Call> auto pass(Call call) -> decltype(call()) {
        if (failure)
            return *failure;
        return call();
    }

    MemorySignalStore m_memory;
};

const Address kAlice {"5511900000001", 3};
const Address kBob {"5511900000002", 0};

using AdapterCall = std::function<int(signal_protocol_store_context *, signal_context *)>;

} // namespace
Q_DECLARE_METATYPE(AdapterCall)

class TestStoreAdapter : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void buildsX3dhSessionAndExchangesBothWays();
    void opensPkmsgBuiltOnAPreviousSignedPreKey();
    void servesIdentityFromCredentialsAndTrustsChangedKeys();
    void refusesBadArguments_data();
    void refusesBadArguments();
    void mapsStoreErrorsToNegativeCodes_data();
    void mapsStoreErrorsToNegativeCodes();
    void failingStoreFailsDecryptWithoutLosingTheMessage();
    void createRefusesIncompleteCredentials_data();
    void createRefusesIncompleteCredentials();
};

void TestStoreAdapter::initTestCase() {
    // The failures injected below are logged as warnings by design; they would drown the test's output.
    QLoggingCategory::setFilterRules(QStringLiteral("balcao.signal.store.warning=false"));
}

void TestStoreAdapter::buildsX3dhSessionAndExchangesBothWays() {
    MemorySignalStore store; // both devices in one store, as two sessions of one profile
    const auto alice = makeDevice(store, QStringLiteral("alice"), kAlice);
    const auto bob = makeDevice(store, QStringLiteral("bob"), kBob);
    QVERIFY(alice && bob);
    const auto bobPreKeys = addPreKeys(store, *bob, 1, 3);
    QCOMPARE(bobPreKeys.size(), size_t(3));

    // Alice starts from Bob's bundle; libsignal checks the credentials' signed prekey signature here.
    const auto bundle = bundleOf(*bob, 2, bobPreKeys.at(2), bob->credentials.signedPreKey, alice->ctx());
    QVERIFY(bundle);
    QCOMPARE(startSession(*alice, *bob, bundle.get()), SG_SUCCESS);
    QVERIFY(store.containsSession(QStringLiteral("alice"), kBob.key()).value());
    QCOMPARE(store.loadIdentity(QStringLiteral("alice"), kBob.key()).value(),
        std::optional<QByteArray>(prefixed(bob->credentials.identityKey.publicKey)));

    // pkmsg Alice -> Bob consumes one-time prekey 2 and nothing else.
    const Sent first = encrypt(*alice, *bob, "olá bob");
    QCOMPARE(first.type, CIPHERTEXT_PREKEY_TYPE);
    const Received opened = decrypt(*bob, *alice, first);
    QCOMPARE(opened.code, SG_SUCCESS);
    QCOMPARE(opened.plaintext, QByteArray("olá bob"));
    QVERIFY(!store.containsPreKey(QStringLiteral("bob"), 2).value());
    QCOMPARE(store.preKeyCount(QStringLiteral("bob")).value(), 2);
    QVERIFY(store.containsPreKey(QStringLiteral("bob"), 1).value());
    QCOMPARE(store.loadIdentity(QStringLiteral("bob"), kAlice.key()).value(),
        std::optional<QByteArray>(prefixed(alice->credentials.identityKey.publicKey)));
    QCOMPARE(
        store.sessionDevices(QStringLiteral("bob"), kAlice.key().name).value(), QList<int> {kAlice.device});

    // msg Bob -> Alice, then Alice -> Bob is a msg too.
    const Sent reply = encrypt(*bob, *alice, "oi alice");
    QCOMPARE(reply.type, CIPHERTEXT_SIGNAL_TYPE);
    QCOMPARE(decrypt(*alice, *bob, reply).plaintext, QByteArray("oi alice"));
    const Sent second = encrypt(*alice, *bob, QByteArray(700, 'z'));
    QCOMPARE(second.type, CIPHERTEXT_SIGNAL_TYPE);
    QCOMPARE(decrypt(*bob, *alice, second).plaintext, QByteArray(700, 'z'));

    // Replays are refused, the pkmsg included (its prekey is gone and its chain step was used).
    QCOMPARE(decrypt(*bob, *alice, second).code, SG_ERR_DUPLICATE_MESSAGE);
    QCOMPARE(decrypt(*bob, *alice, first).code, SG_ERR_DUPLICATE_MESSAGE);
    QCOMPARE(decrypt(*alice, *bob, reply).code, SG_ERR_DUPLICATE_MESSAGE);

    // All the state is in the store: a new context and adapter for Bob carry on.
    bob->adapter.reset();
    bob->context = SignalContext::create().value();
    bob->adapter
        = SignalStoreAdapter::create(bob->ctx(), store, QStringLiteral("bob"), bob->credentials).value();
    const Sent third = encrypt(*alice, *bob, "still there?");
    QCOMPARE(decrypt(*bob, *alice, third).plaintext, QByteArray("still there?"));
    QCOMPARE(decrypt(*alice, *bob, encrypt(*bob, *alice, "yes")).plaintext, QByteArray("yes"));
}

void TestStoreAdapter::opensPkmsgBuiltOnAPreviousSignedPreKey() {
    MemorySignalStore store;
    const auto alice = makeDevice(store, QStringLiteral("alice"), kAlice);
    const auto bob = makeDevice(store, QStringLiteral("bob"), kBob);
    QVERIFY(alice && bob);
    const auto bobPreKeys = addPreKeys(store, *bob, 10, 1);
    QCOMPARE(bobPreKeys.size(), size_t(1));

    // Bob rotates: the old signed prekey moves into the store, the credentials get a new one.
    const SignedPreKey old = bob->credentials.signedPreKey;
    const auto oldAdapter = std::move(bob->adapter);
    session_signed_pre_key *oldRecord = nullptr;
    QCOMPARE(
        signal_protocol_signed_pre_key_load_key(oldAdapter->storeContext(), &oldRecord, old.id), SG_SUCCESS);
    const Ref<session_signed_pre_key> oldKey(oldRecord);
    QCOMPARE(signal_protocol_signed_pre_key_store_key(oldAdapter->storeContext(), oldKey.get()), SG_SUCCESS);
    QVERIFY(store.containsSignedPreKey(QStringLiteral("bob"), old.id).value());

    auto rotated = DeviceCredentials::generate();
    QVERIFY(rotated.has_value());
    bob->credentials.signedPreKey = rotated->signedPreKey;
    bob->credentials.signedPreKey.id = old.id + 1;
    bob->credentials.signedPreKey.signature = *crypto::xeddsaSign(
        bob->credentials.identityKey.privateKey, prefixed(bob->credentials.signedPreKey.keyPair.publicKey));
    bob->adapter
        = SignalStoreAdapter::create(bob->ctx(), store, QStringLiteral("bob"), bob->credentials).value();

    // Alice still had the old bundle.
    const auto bundle = bundleOf(*bob, 10, bobPreKeys.at(10), old, alice->ctx());
    QVERIFY(bundle);
    QCOMPARE(startSession(*alice, *bob, bundle.get()), SG_SUCCESS);
    const Received opened = decrypt(*bob, *alice, encrypt(*alice, *bob, "before the rotation"));
    QCOMPARE(opened.code, SG_SUCCESS);
    QCOMPARE(opened.plaintext, QByteArray("before the rotation"));

    // Once the old key is dropped, a pkmsg on it no longer opens.
    QVERIFY(store.removeSignedPreKey(QStringLiteral("bob"), old.id).has_value());
    QVERIFY(store.deleteAllSessions(QStringLiteral("bob"), kAlice.key().name).has_value());
    QVERIFY(store.deleteAllSessions(QStringLiteral("alice"), kBob.key().name).has_value());
    const auto again = addPreKeys(store, *bob, 11, 1);
    const auto staleBundle = bundleOf(*bob, 11, again.at(11), old, alice->ctx());
    QCOMPARE(startSession(*alice, *bob, staleBundle.get()), SG_SUCCESS);
    QCOMPARE(decrypt(*bob, *alice, encrypt(*alice, *bob, "too late")).code, SG_ERR_INVALID_KEY_ID);
}

void TestStoreAdapter::servesIdentityFromCredentialsAndTrustsChangedKeys() {
    MemorySignalStore store;
    const auto device = makeDevice(store, QStringLiteral("s"), kAlice);
    QVERIFY(device);
    ratchet_identity_key_pair *pair = nullptr;
    QCOMPARE(signal_protocol_identity_get_key_pair(device->store(), &pair), SG_SUCCESS);
    const Ref<ratchet_identity_key_pair> owned(pair);
    signal_buffer *pub = nullptr;
    QCOMPARE(ec_public_key_serialize(&pub, ratchet_identity_key_pair_get_public(pair)), SG_SUCCESS);
    QCOMPARE(takeBytes(pub), prefixed(device->credentials.identityKey.publicKey));
    signal_buffer *priv = nullptr;
    QCOMPARE(ec_private_key_serialize(&priv, ratchet_identity_key_pair_get_private(pair)), SG_SUCCESS);
    QCOMPARE(takeBytes(priv), device->credentials.identityKey.privateKey);
    uint32_t registrationId = 0;
    QCOMPARE(
        signal_protocol_identity_get_local_registration_id(device->store(), &registrationId), SG_SUCCESS);
    QCOMPARE(registrationId, device->credentials.registrationId);

    // A remote identity is saved, then a different key for the same device is still trusted.
    const signal_protocol_address remote = kBob.raw();
    const crypto::KeyPair firstKey = crypto::generateKeyPair();
    const crypto::KeyPair secondKey = crypto::generateKeyPair();
    const auto first = decodePublic(prefixed(firstKey.publicKey), device->ctx());
    const auto second = decodePublic(prefixed(secondKey.publicKey), device->ctx());
    QCOMPARE(signal_protocol_identity_save_identity(device->store(), &remote, first.get()), SG_SUCCESS);
    QCOMPARE(store.loadIdentity(QStringLiteral("s"), kBob.key()).value(),
        std::optional<QByteArray>(prefixed(firstKey.publicKey)));
    QCOMPARE(signal_protocol_identity_is_trusted_identity(device->store(), &remote, second.get()), 1);
    // Trusting did not replace the saved key; only save_identity does.
    QCOMPARE(store.loadIdentity(QStringLiteral("s"), kBob.key()).value(),
        std::optional<QByteArray>(prefixed(firstKey.publicKey)));
    QCOMPARE(signal_protocol_identity_save_identity(device->store(), &remote, nullptr), SG_SUCCESS);
    QVERIFY(store.loadIdentity(QStringLiteral("s"), kBob.key()).value() == std::nullopt);
}

void TestStoreAdapter::refusesBadArguments_data() {
    QTest::addColumn<AdapterCall>("call");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("lastError");
    const QString invalid = QStringLiteral("invalid-argument");
    QTest::newRow("session address without name") << AdapterCall([](auto *store, auto *) {
        const signal_protocol_address address {nullptr, 0, 1};
        return signal_protocol_session_contains_session(store, &address);
    }) << SG_ERR_INVAL << invalid;
    QTest::newRow("session address of empty name") << AdapterCall([](auto *store, auto *) {
        const signal_protocol_address address {"", 0, 1};
        return signal_protocol_session_delete_session(store, &address);
    }) << SG_ERR_INVAL << invalid;
    QTest::newRow("negative device") << AdapterCall([](auto *store, auto *) {
        const signal_protocol_address address {"5511", 4, -1};
        return signal_protocol_session_contains_session(store, &address);
    }) << SG_ERR_INVAL << invalid;
    QTest::newRow("name that is not UTF-8") << AdapterCall([](auto *store, auto *ctx) {
        const signal_protocol_address address {"\xff\xfe", 2, 0};
        session_record *record = nullptr;
        const int result = signal_protocol_session_load_session(store, &record, &address);
        if (record)
            SIGNAL_UNREF(record);
        (void)ctx;
        return result;
    }) << SG_ERR_INVAL << invalid;
    QTest::newRow("sub-device list of empty name") << AdapterCall([](auto *store, auto *) {
        signal_int_list *list = nullptr;
        return signal_protocol_session_get_sub_device_sessions(store, &list, "", 0);
    }) << SG_ERR_INVAL << invalid;
    QTest::newRow("delete all of null name") << AdapterCall([](auto *store, auto *) {
        return signal_protocol_session_delete_all_sessions(store, nullptr, 5);
    }) << SG_ERR_INVAL << invalid;
    QTest::newRow("sender key without group") << AdapterCall([](auto *store, auto *) {
        const signal_protocol_sender_key_name name {nullptr, 0, {"5511", 4, 1}};
        sender_key_record *record = nullptr;
        const int result = signal_protocol_sender_key_load_key(store, &record, &name);
        if (record)
            SIGNAL_UNREF(record);
        return result;
    }) << SG_ERR_INVAL << invalid;
    QTest::newRow("prekey id 0 stored") << AdapterCall([](auto *store, auto *ctx) {
        ec_key_pair *pair = nullptr;
        if (curve_generate_key_pair(ctx, &pair) != SG_SUCCESS)
            return SG_ERR_UNKNOWN;
        const Ref<ec_key_pair> ownedPair(pair);
        session_pre_key *preKey = nullptr;
        if (session_pre_key_create(&preKey, 0, pair) != SG_SUCCESS)
            return SG_ERR_UNKNOWN;
        const Ref<session_pre_key> owned(preKey);
        return signal_protocol_pre_key_store_key(store, preKey);
    }) << SG_ERR_INVAL << invalid;
    QTest::newRow("unknown prekey") << AdapterCall([](auto *store, auto *) {
        session_pre_key *preKey = nullptr;
        return signal_protocol_pre_key_load_key(store, &preKey, 77);
    }) << SG_ERR_INVALID_KEY_ID << QString();
    QTest::newRow("unknown signed prekey") << AdapterCall([](auto *store, auto *) {
        session_signed_pre_key *preKey = nullptr;
        return signal_protocol_signed_pre_key_load_key(store, &preKey, 5);
    }) << SG_ERR_INVALID_KEY_ID << QString();
    QTest::newRow("unknown session is empty, not an error") << AdapterCall([](auto *store, auto *) {
        const signal_protocol_address address = kBob.raw();
        session_record *record = nullptr;
        const int result = signal_protocol_session_load_session(store, &record, &address);
        if (record)
            SIGNAL_UNREF(record);
        return result;
    }) << 0 << QString();
}

void TestStoreAdapter::refusesBadArguments() {
    QFETCH(AdapterCall, call);
    QFETCH(int, code);
    QFETCH(QString, lastError);
    MemorySignalStore store;
    const auto device = makeDevice(store, QStringLiteral("s"), kAlice);
    QVERIFY(device);
    QCOMPARE(call(device->store(), device->ctx()), code);
    const std::optional<Error> error = device->adapter->takeLastError();
    QCOMPARE(error ? error->code : QString(), lastError);
    QVERIFY(!device->adapter->takeLastError().has_value());
}

void TestStoreAdapter::mapsStoreErrorsToNegativeCodes_data() {
    QTest::addColumn<QString>("error");
    QTest::addColumn<int>("code");
    QTest::newRow("storage-failed") << QStringLiteral("storage-failed")
                                    << SignalStoreAdapter::kErrStorageFailed;
    QTest::newRow("storage-corrupt") << QStringLiteral("storage-corrupt")
                                     << SignalStoreAdapter::kErrStorageCorrupt;
    QTest::newRow("key-unavailable") << QStringLiteral("key-unavailable")
                                     << SignalStoreAdapter::kErrKeyUnavailable;
    QTest::newRow("invalid-argument") << QStringLiteral("invalid-argument") << SG_ERR_INVAL;
    QTest::newRow("any other code") << QStringLiteral("crypto-failed") << SG_ERR_UNKNOWN;
}

void TestStoreAdapter::mapsStoreErrorsToNegativeCodes() {
    QFETCH(QString, error);
    QFETCH(int, code);
    QVERIFY(code < 0);
    FailingSignalStore store;
    const auto device = makeDevice(store, QStringLiteral("s"), kAlice);
    QVERIFY(device);
    store.failure = Error {error, QStringLiteral("injected")};
    const signal_protocol_address address = kBob.raw();
    const signal_protocol_sender_key_name group {"120363@g.us", 11, address};
    const std::vector<std::pair<const char *, std::function<int()>>> calls {
        {"contains_session",
            [&] { return signal_protocol_session_contains_session(device->store(), &address); }},
        {"load_session",
            [&] {
                session_record *record = nullptr;
                const int result = signal_protocol_session_load_session(device->store(), &record, &address);
                if (record)
                    SIGNAL_UNREF(record);
                return result;
            }},
        {"delete_all_sessions",
            [&] { return signal_protocol_session_delete_all_sessions(device->store(), "5511", 4); }},
        {"load_pre_key",
            [&] {
                session_pre_key *preKey = nullptr;
                return signal_protocol_pre_key_load_key(device->store(), &preKey, 1);
            }},
        {"remove_pre_key", [&] { return signal_protocol_pre_key_remove_key(device->store(), 1); }},
        {"contains_signed_pre_key (not the current one)",
            [&] { return signal_protocol_signed_pre_key_contains_key(device->store(), 99); }},
        {"load_sender_key",
            [&] {
                sender_key_record *record = nullptr;
                const int result = signal_protocol_sender_key_load_key(device->store(), &record, &group);
                if (record)
                    SIGNAL_UNREF(record);
                return result;
            }},
    };
    for (const auto &[name, call] : calls) {
        const int result = call();
        QVERIFY2(result == code,
            qPrintable(QStringLiteral("%1 returned %2").arg(QLatin1String(name)).arg(result)));
        const auto last = device->adapter->takeLastError();
        QVERIFY2(last && last->code == error && last->message == QLatin1String("injected"), name);
    }
    // The current signed prekey comes from the credentials and does not need the store.
    QCOMPARE(
        signal_protocol_signed_pre_key_contains_key(device->store(), device->credentials.signedPreKey.id), 1);
}

void TestStoreAdapter::failingStoreFailsDecryptWithoutLosingTheMessage() {
    FailingSignalStore store;
    const auto alice = makeDevice(store, QStringLiteral("alice"), kAlice);
    const auto bob = makeDevice(store, QStringLiteral("bob"), kBob);
    QVERIFY(alice && bob);
    const auto preKeys = addPreKeys(store, *bob, 1, 1);
    const auto bundle = bundleOf(*bob, 1, preKeys.at(1), bob->credentials.signedPreKey, alice->ctx());
    QCOMPARE(startSession(*alice, *bob, bundle.get()), SG_SUCCESS);
    const Sent first = encrypt(*alice, *bob, "first");

    store.failure = Error {QStringLiteral("key-unavailable"), QStringLiteral("wrong sealing key")};
    QCOMPARE(decrypt(*bob, *alice, first).code, SignalStoreAdapter::kErrKeyUnavailable);
    QCOMPARE(bob->adapter->takeLastError()->code, QStringLiteral("key-unavailable"));

    // Nothing was consumed: once the store works again the same message opens.
    store.failure.reset();
    QVERIFY(store.containsPreKey(QStringLiteral("bob"), 1).value());
    QCOMPARE(decrypt(*bob, *alice, first).plaintext, QByteArray("first"));
}

void TestStoreAdapter::createRefusesIncompleteCredentials_data() {
    QTest::addColumn<int>("defect");
    QTest::newRow("no identity key") << 0;
    QTest::newRow("registration id 0") << 1;
    QTest::newRow("no session id") << 2;
    QTest::newRow("no context") << 3;
}

void TestStoreAdapter::createRefusesIncompleteCredentials() {
    QFETCH(int, defect);
    MemorySignalStore store;
    auto context = SignalContext::create();
    QVERIFY(context.has_value());
    DeviceCredentials credentials = DeviceCredentials::generate().value();
    QString sessionId = QStringLiteral("s");
    signal_context *ctx = (*context)->get();
    switch (defect) {
    case 0:
        credentials.identityKey = {};
        break;
    case 1:
        credentials.registrationId = 0;
        break;
    case 2:
        sessionId.clear();
        break;
    case 3:
        ctx = nullptr;
        break;
    }
    QVERIFY(SignalStoreAdapter::create(
        (*context)->get(), store, QStringLiteral("s"), DeviceCredentials::generate().value())
                .has_value());
    auto adapter = SignalStoreAdapter::create(ctx, store, sessionId, credentials);
    QVERIFY(!adapter.has_value());
    QCOMPARE(adapter.error().code, QStringLiteral("invalid-argument"));
}

QTEST_GUILESS_MAIN(TestStoreAdapter)
#include "tst_store_adapter.moc"
