// The libsignal-protocol-c crypto provider: its callbacks on their own (known answers, failure codes), then
// libsignal-protocol-c running on it — key generation, signatures checked against our XEdDSA in both
// directions and against libsignal-node's vectors, fingerprints (SHA-512 context reuse), and a session
// between two in-memory parties exchanging pkmsg and msg both ways.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <crypto/crypto.h>
#include <cstring>
#include <curve.h>
#include <fingerprint.h>
#include <key_helper.h>
#include <map>
#include <memory>
#include <protocol.h>
#include <ratchet.h>
#include <session_builder.h>
#include <session_cipher.h>
#include <session_pre_key.h>
#include <signal/crypto_provider.h>
#include <signal_protocol.h>
#include <string>

using namespace balcao;

namespace {

QByteArray hex(const char *text) {
    return QByteArray::fromHex(text);
}

const uint8_t *u8(const QByteArray &bytes) {
    return reinterpret_cast<const uint8_t *>(bytes.constData());
}

// Ownership of libsignal's reference-counted objects and buffers.
struct Unref {
    void operator()(void *object) const { signal_type_unref(static_cast<signal_type_base *>(object)); }
};
template<typename T> using Ref = std::unique_ptr<T, Unref>;
struct BufferFree {
    void operator()(signal_buffer *buffer) const { signal_buffer_free(buffer); }
};
using Buffer = std::unique_ptr<signal_buffer, BufferFree>;

QByteArray bytes(signal_buffer *buffer) {
    return QByteArray(
        reinterpret_cast<const char *>(signal_buffer_data(buffer)), qsizetype(signal_buffer_len(buffer)));
}

QByteArray takeBytes(signal_buffer *buffer) {
    const Buffer owned(buffer);
    return bytes(buffer);
}

QByteArray serialize(const ec_public_key *key) {
    signal_buffer *out = nullptr;
    if (ec_public_key_serialize(&out, key) != SG_SUCCESS)
        return {};
    return takeBytes(out);
}

QByteArray serialize(const ec_private_key *key) {
    signal_buffer *out = nullptr;
    if (ec_private_key_serialize(&out, key) != SG_SUCCESS)
        return {};
    return takeBytes(out);
}

Ref<ec_public_key> decodePublic(const QByteArray &raw32, signal_context *context) {
    const QByteArray prefixed = QByteArray(1, '\x05') + raw32;
    ec_public_key *key = nullptr;
    if (curve_decode_point(&key, u8(prefixed), size_t(prefixed.size()), context) != SG_SUCCESS)
        return nullptr;
    return Ref<ec_public_key>(key);
}

Ref<ec_private_key> decodePrivate(const QByteArray &raw32, signal_context *context) {
    ec_private_key *key = nullptr;
    if (curve_decode_private_point(&key, u8(raw32), size_t(raw32.size()), context) != SG_SUCCESS)
        return nullptr;
    return Ref<ec_private_key>(key);
}

// libsignal-protocol-c's verdict: 1 valid, 0 invalid, negative on error.
int libsignalVerify(const QByteArray &publicKey, const QByteArray &message, const QByteArray &signature,
    signal_context *context) {
    const auto key = decodePublic(publicKey, context);
    if (!key)
        return -1;
    return curve_verify_signature(
        key.get(), u8(message), size_t(message.size()), u8(signature), size_t(signature.size()));
}

QByteArray libsignalSign(const QByteArray &privateKey, const QByteArray &message, signal_context *context) {
    const auto key = decodePrivate(privateKey, context);
    signal_buffer *signature = nullptr;
    if (!key
        || curve_calculate_signature(context, &signature, key.get(), u8(message), size_t(message.size()))
            != 0)
        return {};
    return takeBytes(signature);
}

// A random source that repeats a fixed pattern, so libsignal's "random" signatures become reproducible.
QByteArray g_fixedRandom;
int fixedRandom(uint8_t *data, size_t length, void *) {
    for (size_t i = 0; i < length; ++i)
        data[i] = uint8_t(g_fixedRandom.at(qsizetype(i) % g_fixedRandom.size()));
    return SG_SUCCESS;
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

// --- an in-memory party: libsignal's five store callbacks over std::maps ---------------------------------

using AddressKey = std::pair<std::string, int>;

AddressKey keyOf(const signal_protocol_address *address) {
    return {std::string(address->name, address->name_len), int(address->device_id)};
}

struct MemoryStores {
    QByteArray identityPublic; // 33 bytes
    QByteArray identityPrivate; // 32 bytes
    uint32_t registrationId = 0;
    std::map<AddressKey, QByteArray> sessions;
    std::map<uint32_t, QByteArray> preKeys;
    std::map<uint32_t, QByteArray> signedPreKeys;
    std::map<AddressKey, QByteArray> identities;
    std::map<std::string, QByteArray> senderKeys;
};

MemoryStores *storesOf(void *userData) {
    return static_cast<MemoryStores *>(userData);
}

int copyOut(const QByteArray &record, signal_buffer **out) {
    *out = signal_buffer_create(u8(record), size_t(record.size()));
    return *out ? SG_SUCCESS : SG_ERR_NOMEM;
}

QByteArray copyIn(const uint8_t *data, size_t length) {
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(length));
}

int loadSession(
    signal_buffer **record, signal_buffer **userRecord, const signal_protocol_address *address, void *ud) {
    *userRecord = nullptr;
    const auto found = storesOf(ud)->sessions.find(keyOf(address));
    if (found == storesOf(ud)->sessions.end())
        return 0;
    return copyOut(found->second, record) == SG_SUCCESS ? 1 : SG_ERR_NOMEM;
}

int subDeviceSessions(signal_int_list **sessions, const char *name, size_t nameLength, void *ud) {
    signal_int_list *list = signal_int_list_alloc();
    const std::string wanted(name, nameLength);
    for (const auto &[key, record] : storesOf(ud)->sessions) {
        if (key.first == wanted)
            signal_int_list_push_back(list, key.second);
    }
    *sessions = list;
    return int(signal_int_list_size(list));
}

int storeSession(
    const signal_protocol_address *address, uint8_t *record, size_t length, uint8_t *, size_t, void *ud) {
    storesOf(ud)->sessions[keyOf(address)] = copyIn(record, length);
    return SG_SUCCESS;
}

int containsSession(const signal_protocol_address *address, void *ud) {
    return storesOf(ud)->sessions.count(keyOf(address)) ? 1 : 0;
}

int deleteSession(const signal_protocol_address *address, void *ud) {
    return int(storesOf(ud)->sessions.erase(keyOf(address)));
}

int deleteAllSessions(const char *name, size_t nameLength, void *ud) {
    return int(std::erase_if(storesOf(ud)->sessions,
        [&](const auto &entry) { return entry.first.first == std::string(name, nameLength); }));
}

int loadPreKey(signal_buffer **record, uint32_t id, void *ud) {
    const auto found = storesOf(ud)->preKeys.find(id);
    return found == storesOf(ud)->preKeys.end() ? SG_ERR_INVALID_KEY_ID : copyOut(found->second, record);
}

int storePreKey(uint32_t id, uint8_t *record, size_t length, void *ud) {
    storesOf(ud)->preKeys[id] = copyIn(record, length);
    return SG_SUCCESS;
}

int containsPreKey(uint32_t id, void *ud) {
    return storesOf(ud)->preKeys.count(id) ? 1 : 0;
}

int removePreKey(uint32_t id, void *ud) {
    storesOf(ud)->preKeys.erase(id);
    return SG_SUCCESS;
}

int loadSignedPreKey(signal_buffer **record, uint32_t id, void *ud) {
    const auto found = storesOf(ud)->signedPreKeys.find(id);
    return found == storesOf(ud)->signedPreKeys.end() ? SG_ERR_INVALID_KEY_ID
                                                      : copyOut(found->second, record);
}

int storeSignedPreKey(uint32_t id, uint8_t *record, size_t length, void *ud) {
    storesOf(ud)->signedPreKeys[id] = copyIn(record, length);
    return SG_SUCCESS;
}

int containsSignedPreKey(uint32_t id, void *ud) {
    return storesOf(ud)->signedPreKeys.count(id) ? 1 : 0;
}

int removeSignedPreKey(uint32_t id, void *ud) {
    storesOf(ud)->signedPreKeys.erase(id);
    return SG_SUCCESS;
}

int identityKeyPair(signal_buffer **publicData, signal_buffer **privateData, void *ud) {
    if (copyOut(storesOf(ud)->identityPublic, publicData) != SG_SUCCESS)
        return SG_ERR_NOMEM;
    return copyOut(storesOf(ud)->identityPrivate, privateData);
}

int registrationId(void *ud, uint32_t *id) {
    *id = storesOf(ud)->registrationId;
    return SG_SUCCESS;
}

int saveIdentity(const signal_protocol_address *address, uint8_t *key, size_t length, void *ud) {
    storesOf(ud)->identities[keyOf(address)] = copyIn(key, length);
    return SG_SUCCESS;
}

int isTrusted(const signal_protocol_address *, uint8_t *, size_t, void *) {
    return 1; // as Baileys: trust on first use and after changes
}

int storeSenderKey(const signal_protocol_sender_key_name *name, uint8_t *record, size_t length, uint8_t *,
    size_t, void *ud) {
    storesOf(ud)->senderKeys[std::string(name->group_id, name->group_id_len)] = copyIn(record, length);
    return SG_SUCCESS;
}

int loadSenderKey(signal_buffer **record, signal_buffer **userRecord,
    const signal_protocol_sender_key_name *name, void *ud) {
    *userRecord = nullptr;
    const auto found = storesOf(ud)->senderKeys.find(std::string(name->group_id, name->group_id_len));
    if (found == storesOf(ud)->senderKeys.end())
        return 0;
    return copyOut(found->second, record) == SG_SUCCESS ? 1 : SG_ERR_NOMEM;
}

struct StoreContextFree {
    void operator()(signal_protocol_store_context *store) const {
        signal_protocol_store_context_destroy(store);
    }
};

// One device: its libsignal context on our provider, its stores, its keys.
struct Party {
    std::unique_ptr<SignalContext> context;
    MemoryStores stores;
    std::unique_ptr<signal_protocol_store_context, StoreContextFree> storeContext;
    Ref<ratchet_identity_key_pair> identity;
    QByteArray preKeyPublic; // 33 bytes, of one-time prekey 1
    QByteArray signedPreKeyPublic; // 33 bytes
    QByteArray signedPreKeySignature;

    signal_context *ctx() const { return context->get(); }
};

std::unique_ptr<Party> makeParty() {
    auto party = std::make_unique<Party>();
    auto context = SignalContext::create();
    if (!context)
        return nullptr;
    party->context = std::move(context).value();
    signal_protocol_store_context *store = nullptr;
    if (signal_protocol_store_context_create(&store, party->ctx()) != SG_SUCCESS)
        return nullptr;
    party->storeContext.reset(store);
    void *ud = &party->stores;
    const signal_protocol_session_store sessions = {loadSession, subDeviceSessions, storeSession,
        containsSession, deleteSession, deleteAllSessions, nullptr, ud};
    const signal_protocol_pre_key_store preKeys
        = {loadPreKey, storePreKey, containsPreKey, removePreKey, nullptr, ud};
    const signal_protocol_signed_pre_key_store signedPreKeys
        = {loadSignedPreKey, storeSignedPreKey, containsSignedPreKey, removeSignedPreKey, nullptr, ud};
    const signal_protocol_identity_key_store identities
        = {identityKeyPair, registrationId, saveIdentity, isTrusted, nullptr, ud};
    const signal_protocol_sender_key_store senderKeys = {storeSenderKey, loadSenderKey, nullptr, ud};
    if (signal_protocol_store_context_set_session_store(store, &sessions) != SG_SUCCESS
        || signal_protocol_store_context_set_pre_key_store(store, &preKeys) != SG_SUCCESS
        || signal_protocol_store_context_set_signed_pre_key_store(store, &signedPreKeys) != SG_SUCCESS
        || signal_protocol_store_context_set_identity_key_store(store, &identities) != SG_SUCCESS
        || signal_protocol_store_context_set_sender_key_store(store, &senderKeys) != SG_SUCCESS) {
        return nullptr;
    }

    ratchet_identity_key_pair *identity = nullptr;
    if (signal_protocol_key_helper_generate_identity_key_pair(&identity, party->ctx()) != SG_SUCCESS)
        return nullptr;
    party->identity.reset(identity);
    party->stores.identityPublic = serialize(ratchet_identity_key_pair_get_public(identity));
    party->stores.identityPrivate = serialize(ratchet_identity_key_pair_get_private(identity));
    if (signal_protocol_key_helper_generate_registration_id(&party->stores.registrationId, 0, party->ctx())
        != 0)
        return nullptr;

    signal_protocol_key_helper_pre_key_list_node *head = nullptr;
    if (signal_protocol_key_helper_generate_pre_keys(&head, 1, 5, party->ctx()) != SG_SUCCESS)
        return nullptr;
    for (auto *node = head; node; node = signal_protocol_key_helper_key_list_next(node)) {
        session_pre_key *preKey = signal_protocol_key_helper_key_list_element(node);
        signal_buffer *record = nullptr;
        session_pre_key_serialize(&record, preKey);
        party->stores.preKeys[session_pre_key_get_id(preKey)] = takeBytes(record);
        if (session_pre_key_get_id(preKey) == 1)
            party->preKeyPublic = serialize(ec_key_pair_get_public(session_pre_key_get_key_pair(preKey)));
    }
    signal_protocol_key_helper_key_list_free(head);

    session_signed_pre_key *signedPreKey = nullptr;
    if (signal_protocol_key_helper_generate_signed_pre_key(
            &signedPreKey, identity, 1, 1764000000000ULL, party->ctx())
        != SG_SUCCESS) {
        return nullptr;
    }
    const Ref<session_signed_pre_key> ownedSigned(signedPreKey);
    signal_buffer *record = nullptr;
    session_signed_pre_key_serialize(&record, signedPreKey);
    party->stores.signedPreKeys[1] = takeBytes(record);
    party->signedPreKeyPublic
        = serialize(ec_key_pair_get_public(session_signed_pre_key_get_key_pair(signedPreKey)));
    party->signedPreKeySignature
        = QByteArray(reinterpret_cast<const char *>(session_signed_pre_key_get_signature(signedPreKey)),
            qsizetype(session_signed_pre_key_get_signature_len(signedPreKey)));
    return party;
}

struct Sent {
    int type = 0;
    QByteArray bytes;
};

Sent encryptFor(Party &from, const signal_protocol_address &to, const QByteArray &plaintext) {
    session_cipher *cipher = nullptr;
    if (session_cipher_create(&cipher, from.storeContext.get(), &to, from.ctx()) != SG_SUCCESS)
        return {};
    ciphertext_message *message = nullptr;
    const int result = session_cipher_encrypt(cipher, u8(plaintext), size_t(plaintext.size()), &message);
    session_cipher_free(cipher);
    if (result != SG_SUCCESS)
        return {};
    const Ref<ciphertext_message> owned(message);
    return {ciphertext_message_get_type(message), bytes(ciphertext_message_get_serialized(message))};
}

// The plaintext, or the negative libsignal code as the error message.
Result<QByteArray> decryptFrom(Party &to, const signal_protocol_address &from, const Sent &sent) {
    session_cipher *cipher = nullptr;
    if (session_cipher_create(&cipher, to.storeContext.get(), &from, to.ctx()) != SG_SUCCESS)
        return makeError(errc::kDecryptFailed, QStringLiteral("no cipher"));
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
        return makeError(errc::kDecryptFailed, QString::number(result));
    return takeBytes(plaintext);
}

// What libsignal's fingerprint must be, computed with our one-shot SHA-512 (the algorithm of
// libsignal-node's numeric_fingerprint.js): hash = 00 00 || key || id, then `iterations` times
// hash = SHA-512(hash || key); six 5-byte big-endian chunks mod 100000, five digits each.
QString expectedFingerprint(const QByteArray &identifier, const QByteArray &key33, int iterations) {
    QByteArray hash = QByteArray(2, '\0') + key33 + identifier;
    for (int i = 0; i < iterations; ++i)
        hash = crypto::sha512(hash + key33);
    QString digits;
    for (int chunk = 0; chunk < 6; ++chunk) {
        quint64 value = 0;
        for (int i = 0; i < 5; ++i)
            value = (value << 8) | uchar(hash[chunk * 5 + i]);
        digits += QStringLiteral("%1").arg(value % 100000, 5, 10, QLatin1Char('0'));
    }
    return digits;
}

} // namespace

class TestCryptoProvider : public QObject {
    Q_OBJECT
private slots:
    void hmacStreamsInPieces();
    void sha512FinalResetsForReuse();
    void aesCallbacks_data();
    void aesCallbacks();
    void randomFillsBuffers();

    void libsignalGeneratesAndVerifiesSignedPreKeys();
    void libsignalSignaturesVerifyWithOurs();
    void ourSignaturesVerifyWithLibsignal();
    void sameRandomGivesLibsignalsSignature();
    void libsignalCAgreesWithLibsignalNodeVectors();
    void fingerprintReusesDigestContext();
    void sessionExchangesPkmsgThenMsgBothWays();
};

void TestCryptoProvider::hmacStreamsInPieces() {
    const signal_crypto_provider &p = signalCryptoProvider();
    void *context = nullptr;
    const QByteArray key("Jefe");
    QCOMPARE(p.hmac_sha256_init_func(&context, u8(key), size_t(key.size()), nullptr), SG_SUCCESS);
    for (const QByteArray &piece : {QByteArray("what do ya"), QByteArray(), QByteArray(" want for nothing?")})
        QCOMPARE(p.hmac_sha256_update_func(context, u8(piece), size_t(piece.size()), nullptr), SG_SUCCESS);
    signal_buffer *mac = nullptr;
    QCOMPARE(p.hmac_sha256_final_func(context, &mac, nullptr), SG_SUCCESS);
    p.hmac_sha256_cleanup_func(context, nullptr);
    // RFC 4231 test case 2.
    QCOMPARE(takeBytes(mac).toHex(),
        QByteArray("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
}

void TestCryptoProvider::sha512FinalResetsForReuse() {
    const signal_crypto_provider &p = signalCryptoProvider();
    void *context = nullptr;
    QCOMPARE(p.sha512_digest_init_func(&context, nullptr), SG_SUCCESS);
    const QByteArray abc("abc");
    const QByteArray expected = hex("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                                    "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
    for (int round = 0; round < 3; ++round) {
        QCOMPARE(p.sha512_digest_update_func(context, u8(abc), 1, nullptr), SG_SUCCESS);
        QCOMPARE(p.sha512_digest_update_func(context, u8(abc) + 1, 2, nullptr), SG_SUCCESS);
        signal_buffer *digest = nullptr;
        QCOMPARE(p.sha512_digest_final_func(context, &digest, nullptr), SG_SUCCESS);
        QCOMPARE(takeBytes(digest).toHex(), expected.toHex());
    }
    p.sha512_digest_cleanup_func(context, nullptr);
}

void TestCryptoProvider::aesCallbacks_data() {
    QTest::addColumn<bool>("encrypting");
    QTest::addColumn<int>("cipher");
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("iv");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected"); // a prefix of the output; empty when the call must fail
    QTest::addColumn<int>("code");
    // NIST SP 800-38A F.2.5 / F.5.5 (AES-256).
    const QByteArray key = hex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
    const QByteArray plaintext = hex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
                                     "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710");
    const QByteArray cbcIv = hex("000102030405060708090a0b0c0d0e0f");
    const QByteArray cbc = hex("f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d"
                               "39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b");
    const QByteArray ctrIv = hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
    const QByteArray ctr = hex("601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c5"
                               "2b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6");
    const int cbcMode = SG_CIPHER_AES_CBC_PKCS5;
    const int ctrMode = SG_CIPHER_AES_CTR_NOPADDING;
    QTest::newRow("cbc encrypt") << true << cbcMode << key << cbcIv << plaintext << cbc << SG_SUCCESS;
    QTest::newRow("ctr encrypt") << true << ctrMode << key << ctrIv << plaintext << ctr << SG_SUCCESS;
    QTest::newRow("ctr decrypt") << false << ctrMode << key << ctrIv << ctr << plaintext << SG_SUCCESS;
    QTest::newRow("cbc bad padding") << false << cbcMode << key << cbcIv << cbc << QByteArray()
                                     << SG_ERR_UNKNOWN;
    QTest::newRow("cbc not whole blocks")
        << false << cbcMode << key << cbcIv << cbc.first(40) << QByteArray() << SG_ERR_UNKNOWN;
    QTest::newRow("aes-128 key") << true << cbcMode << key.first(16) << cbcIv << plaintext << QByteArray()
                                 << SG_ERR_INVAL;
    QTest::newRow("12-byte iv") << true << ctrMode << key << ctrIv.first(12) << plaintext << QByteArray()
                                << SG_ERR_INVAL;
    QTest::newRow("unknown cipher") << true << 3 << key << cbcIv << plaintext << QByteArray() << SG_ERR_INVAL;
}

void TestCryptoProvider::aesCallbacks() {
    QFETCH(bool, encrypting);
    QFETCH(int, cipher);
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, iv);
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    QFETCH(int, code);
    const signal_crypto_provider &p = signalCryptoProvider();
    signal_buffer *out = reinterpret_cast<signal_buffer *>(0x1); // must be overwritten, even on failure
    const auto call = encrypting ? p.encrypt_func : p.decrypt_func;
    const int result = call(&out, cipher, u8(key), size_t(key.size()), u8(iv), size_t(iv.size()), u8(input),
        size_t(input.size()), nullptr);
    QCOMPARE(result, code);
    if (code != SG_SUCCESS) {
        QVERIFY(result < 0);
        QVERIFY(out == nullptr);
        return;
    }
    const QByteArray got = takeBytes(out);
    QCOMPARE(got.first(expected.size()).toHex(), expected.toHex());
    // CBC adds one block of PKCS#7 padding to NIST's 64 bytes; CTR adds nothing.
    QCOMPARE(got.size(), expected.size() + (cipher == SG_CIPHER_AES_CBC_PKCS5 ? 16 : 0));
    if (cipher == SG_CIPHER_AES_CBC_PKCS5) {
        signal_buffer *back = nullptr;
        QCOMPARE(p.decrypt_func(&back, cipher, u8(key), size_t(key.size()), u8(iv), size_t(iv.size()),
                     u8(got), size_t(got.size()), nullptr),
            SG_SUCCESS);
        QCOMPARE(takeBytes(back).toHex(), input.toHex());
    }
}

void TestCryptoProvider::randomFillsBuffers() {
    const signal_crypto_provider &p = signalCryptoProvider();
    uint8_t a[64] = {};
    uint8_t b[64] = {};
    QCOMPARE(p.random_func(a, sizeof a, nullptr), SG_SUCCESS);
    QCOMPARE(p.random_func(b, sizeof b, nullptr), SG_SUCCESS);
    QVERIFY(std::memcmp(a, b, sizeof a) != 0);
    QCOMPARE(p.random_func(nullptr, 0, nullptr), SG_SUCCESS);
}

void TestCryptoProvider::libsignalGeneratesAndVerifiesSignedPreKeys() {
    const auto party = makeParty();
    QVERIFY(party);
    QCOMPARE(party->stores.identityPublic.size(), 33);
    QCOMPARE(party->stores.identityPublic.at(0), '\x05');
    QCOMPARE(party->stores.identityPrivate.size(), 32);
    QVERIFY(party->stores.registrationId >= 1 && party->stores.registrationId <= 16380);
    QCOMPARE(party->stores.preKeys.size(), size_t(5));
    QCOMPARE(party->signedPreKeySignature.size(), 64);
    // The signature is over the 33-byte prefixed key (docs/protocol.md §17.5); libsignal and we accept it.
    const QByteArray identityRaw = party->stores.identityPublic.mid(1);
    QCOMPARE(
        libsignalVerify(identityRaw, party->signedPreKeyPublic, party->signedPreKeySignature, party->ctx()),
        1);
    QVERIFY(crypto::xeddsaVerify(identityRaw, party->signedPreKeyPublic, party->signedPreKeySignature));
    QVERIFY(
        !crypto::xeddsaVerify(identityRaw, party->signedPreKeyPublic.mid(1), party->signedPreKeySignature));
    // libsignal's key pairs are ours: the private key derives the public key.
    QCOMPARE(crypto::keyPairFromPrivate(party->stores.identityPrivate).value().publicKey.toHex(),
        identityRaw.toHex());
}

void TestCryptoProvider::libsignalSignaturesVerifyWithOurs() {
    const auto context = SignalContext::create().value();
    for (int i = 0; i < 20; ++i) {
        ec_key_pair *pair = nullptr;
        QCOMPARE(curve_generate_key_pair(context->get(), &pair), SG_SUCCESS);
        const Ref<ec_key_pair> owned(pair);
        const QByteArray privateKey = serialize(ec_key_pair_get_private(pair));
        const QByteArray publicKey = serialize(ec_key_pair_get_public(pair)).mid(1);
        const QByteArray message = crypto::randomBytes(i * 13);
        const QByteArray signature = libsignalSign(privateKey, message, context->get());
        QCOMPARE(signature.size(), 64);
        QVERIFY(crypto::xeddsaVerify(publicKey, message, signature));
        QVERIFY(!crypto::xeddsaVerify(publicKey, message + 'x', signature));
    }
}

void TestCryptoProvider::ourSignaturesVerifyWithLibsignal() {
    const auto context = SignalContext::create().value();
    for (int i = 0; i < 20; ++i) {
        const crypto::KeyPair pair = crypto::generateKeyPair();
        const QByteArray message = crypto::randomBytes(i * 13);
        const QByteArray signature = crypto::xeddsaSign(pair.privateKey, message).value();
        QCOMPARE(libsignalVerify(pair.publicKey, message, signature, context->get()), 1);
        QByteArray flipped = signature;
        flipped[63] = char(flipped[63] ^ 0x80);
        QCOMPARE(libsignalVerify(pair.publicKey, message, flipped, context->get()), 0);
    }
}

// libsignal-protocol-c draws 64 random bytes per signature from the provider; given the same bytes, our
// signer must produce its signature byte for byte.
void TestCryptoProvider::sameRandomGivesLibsignalsSignature() {
    signal_crypto_provider fixed = signalCryptoProvider();
    fixed.random_func = fixedRandom;
    const auto context = SignalContext::create(fixed).value();
    for (int i = 0; i < 10; ++i) {
        g_fixedRandom = crypto::randomBytes(64);
        const crypto::KeyPair pair = crypto::generateKeyPair();
        const QByteArray message = crypto::randomBytes(1 + i * 31);
        const QByteArray theirs = libsignalSign(pair.privateKey, message, context->get());
        QCOMPARE(theirs.size(), 64);
        QCOMPARE(crypto::xeddsaSignWithRandom(pair.privateKey, message, g_fixedRandom).value().toHex(),
            theirs.toHex());
    }
}

void TestCryptoProvider::libsignalCAgreesWithLibsignalNodeVectors() {
    const QJsonObject vectors = loadVectors("xeddsa.json");
    QVERIFY2(!vectors.isEmpty(), "tests/emulator/vectors/xeddsa.json is missing");
    const auto context = SignalContext::create().value();
    const auto verdict = [&](const QJsonValue &v) {
        const QJsonObject row = v.toObject();
        return libsignalVerify(
            hexField(row, "public"), hexField(row, "message"), hexField(row, "signature"), context->get());
    };
    for (const QJsonValue &v : vectors.value(u"valid").toArray())
        QVERIFY2(verdict(v) == 1, qPrintable(v.toObject().value(u"name").toString()));
    for (const QJsonValue &v : vectors.value(u"invalid").toArray())
        QVERIFY2(verdict(v) != 1, qPrintable(v.toObject().value(u"name").toString()));
    // libsignal-protocol-c accepts S + L just as libsignal-node does; only our verifier is stricter.
    for (const QJsonValue &v : vectors.value(u"stricterThanLibsignal").toArray())
        QVERIFY2(verdict(v) == 1, qPrintable(v.toObject().value(u"name").toString()));
}

void TestCryptoProvider::fingerprintReusesDigestContext() {
    const auto context = SignalContext::create().value();
    const crypto::KeyPair local = crypto::generateKeyPair();
    const crypto::KeyPair remote = crypto::generateKeyPair();
    const auto localKey = decodePublic(local.publicKey, context->get());
    const auto remoteKey = decodePublic(remote.publicKey, context->get());
    fingerprint_generator *generator = nullptr;
    const int iterations = 1024;
    QCOMPARE(fingerprint_generator_create(&generator, iterations, 1, context->get()), SG_SUCCESS);
    fingerprint *result = nullptr;
    const int created = fingerprint_generator_create_for(
        generator, "+5511900000001", localKey.get(), "+5511900000002", remoteKey.get(), &result);
    fingerprint_generator_free(generator);
    QCOMPARE(created, SG_SUCCESS);
    const Ref<fingerprint> owned(result);
    const displayable_fingerprint *displayable = fingerprint_get_displayable(result);
    const QByteArray prefix(1, '\x05');
    QCOMPARE(QString::fromLatin1(displayable_fingerprint_local(displayable)),
        expectedFingerprint("+5511900000001", prefix + local.publicKey, iterations));
    QCOMPARE(QString::fromLatin1(displayable_fingerprint_remote(displayable)),
        expectedFingerprint("+5511900000002", prefix + remote.publicKey, iterations));
}

void TestCryptoProvider::sessionExchangesPkmsgThenMsgBothWays() {
    const auto alice = makeParty();
    const auto bob = makeParty();
    QVERIFY(alice && bob);
    const signal_protocol_address bobAddress = {"5511900000002", 13, 0};
    const signal_protocol_address aliceAddress = {"5511900000001", 13, 3};

    // Alice starts from Bob's published bundle.
    const auto bobIdentity = decodePublic(bob->stores.identityPublic.mid(1), alice->ctx());
    const auto bobPreKey = decodePublic(bob->preKeyPublic.mid(1), alice->ctx());
    const auto bobSignedPreKey = decodePublic(bob->signedPreKeyPublic.mid(1), alice->ctx());
    session_pre_key_bundle *bundle = nullptr;
    QCOMPARE(session_pre_key_bundle_create(&bundle, bob->stores.registrationId, 0, 1, bobPreKey.get(), 1,
                 bobSignedPreKey.get(), u8(bob->signedPreKeySignature),
                 size_t(bob->signedPreKeySignature.size()), bobIdentity.get()),
        SG_SUCCESS);
    const Ref<session_pre_key_bundle> ownedBundle(bundle);
    session_builder *builder = nullptr;
    QCOMPARE(
        session_builder_create(&builder, alice->storeContext.get(), &bobAddress, alice->ctx()), SG_SUCCESS);
    const int processed = session_builder_process_pre_key_bundle(builder, bundle);
    session_builder_free(builder);
    QCOMPARE(processed, SG_SUCCESS);

    // pkmsg Alice -> Bob; it consumes Bob's one-time prekey 1.
    const Sent first = encryptFor(*alice, bobAddress, "hello bob");
    QCOMPARE(first.type, CIPHERTEXT_PREKEY_TYPE);
    QCOMPARE(first.bytes.at(0), '\x33');
    QCOMPARE(decryptFrom(*bob, aliceAddress, first).value(), QByteArray("hello bob"));
    QCOMPARE(bob->stores.preKeys.count(1), size_t(0));

    // msg Bob -> Alice, then Alice's next message is a plain msg too.
    const Sent reply = encryptFor(*bob, aliceAddress, "hi alice");
    QCOMPARE(reply.type, CIPHERTEXT_SIGNAL_TYPE);
    QCOMPARE(decryptFrom(*alice, bobAddress, reply).value(), QByteArray("hi alice"));
    const Sent second = encryptFor(*alice, bobAddress, QByteArray(1000, 'z'));
    QCOMPARE(second.type, CIPHERTEXT_SIGNAL_TYPE);
    QCOMPARE(decryptFrom(*bob, aliceAddress, second).value(), QByteArray(1000, 'z'));

    // A replay is a duplicate; an altered body fails cleanly and the next genuine message still decrypts.
    QCOMPARE(
        decryptFrom(*bob, aliceAddress, second).error().message, QString::number(SG_ERR_DUPLICATE_MESSAGE));
    Sent altered = encryptFor(*alice, bobAddress, "third");
    Sent tampered = altered;
    tampered.bytes[10] = char(tampered.bytes[10] ^ 0x01);
    QVERIFY(!decryptFrom(*bob, aliceAddress, tampered).has_value());
    QCOMPARE(decryptFrom(*bob, aliceAddress, altered).value(), QByteArray("third"));
}

QTEST_GUILESS_MAIN(TestCryptoProvider)
#include "tst_crypto_provider.moc"
