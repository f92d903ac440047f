#include "store_adapter.h"

#include <QLoggingCategory>
#include <curve.h>
#include <limits>
#include <new>
#include <session_pre_key.h>
#include <signal_protocol.h>

namespace balcao {

Q_LOGGING_CATEGORY(lcSignalStore, "balcao.signal.store")

static_assert(SignalStoreAdapter::kErrStorageFailed < SG_ERR_MINIMUM
        && SignalStoreAdapter::kErrStorageCorrupt < SG_ERR_MINIMUM
        && SignalStoreAdapter::kErrKeyUnavailable < SG_ERR_MINIMUM,
    "store failures must not look like libsignal's own codes");

namespace {

// libsignal calls us from C: nothing may leave a callback as an exception.
template<typename Body> int guarded(Body &&body) noexcept {
    try {
        return body();
    } catch (const std::bad_alloc &) {
        return SG_ERR_NOMEM;
    } catch (...) {
        return SG_ERR_UNKNOWN;
    }
}

// Gives libsignal a buffer it will free itself.
int handOut(signal_buffer **out, const QByteArray &bytes) {
    *out = signal_buffer_create(reinterpret_cast<const uint8_t *>(bytes.constData()), size_t(bytes.size()));
    return *out ? SG_SUCCESS : SG_ERR_NOMEM;
}

QByteArray bytesOf(const uint8_t *data, size_t length) {
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(length));
}

// A name from libsignal, refused unless it is non-empty UTF-8 (the JID user part is ASCII; anything else
// would be altered by the conversion and could land on another address's records).
std::optional<QString> nameOf(const char *name, size_t length) {
    if (!name || length == 0 || length > size_t(std::numeric_limits<qsizetype>::max()))
        return std::nullopt;
    const QByteArray raw(name, qsizetype(length));
    QString text = QString::fromUtf8(raw);
    if (text.toUtf8() != raw)
        return std::nullopt;
    return text;
}

std::optional<SignalAddress> addressOf(const signal_protocol_address *address) {
    if (!address || address->device_id < 0)
        return std::nullopt;
    auto name = nameOf(address->name, address->name_len);
    if (!name)
        return std::nullopt;
    return SignalAddress {*name, address->device_id};
}

std::optional<SenderKeyName> senderKeyNameOf(const signal_protocol_sender_key_name *name) {
    if (!name)
        return std::nullopt;
    auto group = nameOf(name->group_id, name->group_id_len);
    auto sender = addressOf(&name->sender);
    if (!group || !sender)
        return std::nullopt;
    return SenderKeyName {*group, *sender};
}

struct Unref {
    void operator()(void *object) const { signal_type_unref(static_cast<signal_type_base *>(object)); }
};
template<typename T> using Ref = std::unique_ptr<T, Unref>;

// The credentials' signed prekey as a libsignal record, so that it is served from the one place it lives.
Result<QByteArray> signedPreKeyRecord(signal_context *context, const SignedPreKey &signedPreKey) {
    const QByteArray publicKey = kSignalKeyType + signedPreKey.keyPair.publicKey;
    ec_public_key *pub = nullptr;
    ec_private_key *priv = nullptr;
    int result = curve_decode_point(
        &pub, reinterpret_cast<const uint8_t *>(publicKey.constData()), size_t(publicKey.size()), context);
    const Ref<ec_public_key> ownedPub(pub);
    if (result == SG_SUCCESS) {
        result = curve_decode_private_point(&priv,
            reinterpret_cast<const uint8_t *>(signedPreKey.keyPair.privateKey.constData()),
            size_t(signedPreKey.keyPair.privateKey.size()), context);
    }
    const Ref<ec_private_key> ownedPriv(priv);
    ec_key_pair *pair = nullptr;
    if (result == SG_SUCCESS)
        result = ec_key_pair_create(&pair, pub, priv);
    const Ref<ec_key_pair> ownedPair(pair);
    session_signed_pre_key *record = nullptr;
    if (result == SG_SUCCESS) {
        // WhatsApp's credentials keep no creation time; libsignal only stores it.
        result = session_signed_pre_key_create(&record, signedPreKey.id, 0, pair,
            reinterpret_cast<const uint8_t *>(signedPreKey.signature.constData()),
            size_t(signedPreKey.signature.size()));
    }
    const Ref<session_signed_pre_key> ownedRecord(record);
    signal_buffer *serialized = nullptr;
    if (result == SG_SUCCESS)
        result = session_signed_pre_key_serialize(&serialized, record);
    if (result != SG_SUCCESS) {
        return makeError(errc::kCryptoFailed,
            QStringLiteral("libsignal refused the signed prekey of the credentials (%1).").arg(result));
    }
    const QByteArray bytes = bytesOf(signal_buffer_data(serialized), signal_buffer_len(serialized));
    signal_buffer_free(serialized);
    return bytes;
}

} // namespace

// The C callbacks; `userData` is the adapter that registered them.
struct SignalStoreAdapter::Callbacks {
    static SignalStoreAdapter *self(void *userData) { return static_cast<SignalStoreAdapter *>(userData); }

    static int invalid(SignalStoreAdapter *adapter, const char *what) {
        if (adapter)
            adapter->m_lastError = makeError(errc::kInvalidArgument, QString::fromLatin1(what));
        return SG_ERR_INVAL;
    }

    // --- sessions -----------------------------------------------------------------------------------

    static int loadSession(
        signal_buffer **record, signal_buffer **, const signal_protocol_address *address, void *userData) {
        return guarded([&] {
            auto *adapter = self(userData);
            const auto addr = addressOf(address);
            if (!adapter || !record || !addr)
                return invalid(adapter, "load_session: bad arguments");
            auto loaded = adapter->m_store.loadSession(adapter->m_sessionId, *addr);
            if (!loaded)
                return adapter->fail(loaded.error());
            if (!loaded->has_value())
                return 0;
            const int handed = handOut(record, **loaded);
            return handed == SG_SUCCESS ? 1 : handed;
        });
    }

    static int subDeviceSessions(
        signal_int_list **sessions, const char *name, size_t nameLength, void *userData) {
        return guarded([&] {
            auto *adapter = self(userData);
            const auto user = nameOf(name, nameLength);
            if (!adapter || !sessions || !user)
                return invalid(adapter, "get_sub_device_sessions: bad arguments");
            auto devices = adapter->m_store.sessionDevices(adapter->m_sessionId, *user);
            if (!devices)
                return adapter->fail(devices.error());
            signal_int_list *list = signal_int_list_alloc();
            if (!list)
                return SG_ERR_NOMEM;
            for (int device : std::as_const(*devices)) {
                if (signal_int_list_push_back(list, device) < 0) {
                    signal_int_list_free(list);
                    return SG_ERR_NOMEM;
                }
            }
            *sessions = list;
            return int(devices->size());
        });
    }

    // libsignal passes back a "user record" only when the application attached one; we never do.
    static int storeSession(const signal_protocol_address *address, uint8_t *record, size_t recordLength,
        uint8_t *, size_t, void *userData) {
        return guarded([&] {
            auto *adapter = self(userData);
            const auto addr = addressOf(address);
            if (!adapter || !addr || !record || recordLength == 0)
                return invalid(adapter, "store_session: bad arguments");
            auto stored
                = adapter->m_store.storeSession(adapter->m_sessionId, *addr, bytesOf(record, recordLength));
            return stored ? SG_SUCCESS : adapter->fail(stored.error());
        });
    }

    static int containsSession(const signal_protocol_address *address, void *userData) {
        return guarded([&] {
            auto *adapter = self(userData);
            const auto addr = addressOf(address);
            if (!adapter || !addr)
                return invalid(adapter, "contains_session: bad arguments");
            auto contained = adapter->m_store.containsSession(adapter->m_sessionId, *addr);
            return contained ? int(*contained) : adapter->fail(contained.error());
        });
    }

    static int deleteSession(const signal_protocol_address *address, void *userData) {
        return guarded([&] {
            auto *adapter = self(userData);
            const auto addr = addressOf(address);
            if (!adapter || !addr)
                return invalid(adapter, "delete_session: bad arguments");
            auto deleted = adapter->m_store.deleteSession(adapter->m_sessionId, *addr);
            return deleted ? int(*deleted) : adapter->fail(deleted.error());
        });
    }

    static int deleteAllSessions(const char *name, size_t nameLength, void *userData) {
        return guarded([&] {
            auto *adapter = self(userData);
            const auto user = nameOf(name, nameLength);
            if (!adapter || !user)
                return invalid(adapter, "delete_all_sessions: bad arguments");
            auto deleted = adapter->m_store.deleteAllSessions(adapter->m_sessionId, *user);
            return deleted ? *deleted : adapter->fail(deleted.error());
        });
    }

    // --- one-time prekeys ---------------------------------------------------------------------------

    static int loadPreKey(signal_buffer **record, uint32_t id, void *userData) {
        return guarded([&] {
            auto *adapter = self(userData);
            if (!adapter || !record)
                return invalid(adapter, "load_pre_key: bad arguments");
            auto loaded = adapter->m_store.loadPreKey(adapter->m_sessionId, id);
            if (!loaded)
                return adapter->fail(loaded.error());
            if (!loaded->has_value())
                return SG_ERR_INVALID_KEY_ID;
            return handOut(record, **loaded);
        });
    }

    static int storePreKey(uint32_t id, uint8_t *record, size_t recordLength, void *userData) {
        return guarded([&] {
            auto *adapter = self(userData);
            if (!adapter || !record || recordLength == 0)
                return invalid(adapter, "store_pre_key: bad arguments");
            auto stored
                = adapter->m_store.storePreKey(adapter->m_sessionId, {id, bytesOf(record, recordLength)});
            return stored ? SG_SUCCESS : adapter->fail(stored.error());
        });
    }

    static int containsPreKey(uint32_t id, void *userData) {
        return guarded([&] {
            auto *adapter = self(userData);
            if (!adapter)
                return invalid(adapter, "contains_pre_key: bad arguments");
            auto contained = adapter->m_store.containsPreKey(adapter->m_sessionId, id);
            return contained ? int(*contained) : adapter->fail(contained.error());
        });
    }

    static int removePreKey(uint32_t id, void *userData) {
        return guarded([&] {
            auto *adapter = self(userData);
            if (!adapter)
                return invalid(adapter, "remove_pre_key: bad arguments");
            auto removed = adapter->m_store.removePreKey(adapter->m_sessionId, id);
            return removed ? SG_SUCCESS : adapter->fail(removed.error());
        });
    }

    // --- signed prekeys: the credentials' current one first, then older ones from the store -----------

    static int loadSignedPreKey(signal_buffer **record, uint32_t id, void *userData) {
        return guarded([&] {
            auto *adapter = self(userData);
            if (!adapter || !record)
                return invalid(adapter, "load_signed_pre_key: bad arguments");
            if (adapter->m_signedPreKeyId != 0 && id == adapter->m_signedPreKeyId)
                return handOut(record, adapter->m_signedPreKeyRecord);
            auto loaded = adapter->m_store.loadSignedPreKey(adapter->m_sessionId, id);
            if (!loaded)
                return adapter->fail(loaded.error());
            if (!loaded->has_value())
                return SG_ERR_INVALID_KEY_ID;
            return handOut(record, **loaded);
        });
    }

    static int storeSignedPreKey(uint32_t id, uint8_t *record, size_t recordLength, void *userData) {
        return guarded([&] {
            auto *adapter = self(userData);
            if (!adapter || !record || recordLength == 0)
                return invalid(adapter, "store_signed_pre_key: bad arguments");
            auto stored = adapter->m_store.storeSignedPreKey(
                adapter->m_sessionId, {id, bytesOf(record, recordLength)});
            return stored ? SG_SUCCESS : adapter->fail(stored.error());
        });
    }

    static int containsSignedPreKey(uint32_t id, void *userData) {
        return guarded([&] {
            auto *adapter = self(userData);
            if (!adapter)
                return invalid(adapter, "contains_signed_pre_key: bad arguments");
            if (adapter->m_signedPreKeyId != 0 && id == adapter->m_signedPreKeyId)
                return 1;
            auto contained = adapter->m_store.containsSignedPreKey(adapter->m_sessionId, id);
            return contained ? int(*contained) : adapter->fail(contained.error());
        });
    }

    // The credentials' current signed prekey is not removed here: rotating it is a credentials change.
    static int removeSignedPreKey(uint32_t id, void *userData) {
        return guarded([&] {
            auto *adapter = self(userData);
            if (!adapter)
                return invalid(adapter, "remove_signed_pre_key: bad arguments");
            auto removed = adapter->m_store.removeSignedPreKey(adapter->m_sessionId, id);
            return removed ? SG_SUCCESS : adapter->fail(removed.error());
        });
    }

    // --- identities ---------------------------------------------------------------------------------

    static int identityKeyPair(signal_buffer **publicData, signal_buffer **privateData, void *userData) {
        return guarded([&] {
            auto *adapter = self(userData);
            if (!adapter || !publicData || !privateData)
                return invalid(adapter, "get_identity_key_pair: bad arguments");
            signal_buffer *pub = nullptr;
            signal_buffer *priv = nullptr;
            if (handOut(&pub, adapter->m_identityPublic) != SG_SUCCESS
                || handOut(&priv, adapter->m_identityPrivate) != SG_SUCCESS) {
                signal_buffer_free(pub);
                signal_buffer_free(priv);
                return SG_ERR_NOMEM;
            }
            *publicData = pub;
            *privateData = priv;
            return SG_SUCCESS;
        });
    }

    static int localRegistrationId(void *userData, uint32_t *registrationId) {
        return guarded([&] {
            auto *adapter = self(userData);
            if (!adapter || !registrationId)
                return invalid(adapter, "get_local_registration_id: bad arguments");
            *registrationId = adapter->m_registrationId;
            return SG_SUCCESS;
        });
    }

    // A null key means "forget the key" (signal_protocol.h).
    static int saveIdentity(
        const signal_protocol_address *address, uint8_t *key, size_t keyLength, void *userData) {
        return guarded([&] {
            auto *adapter = self(userData);
            const auto addr = addressOf(address);
            if (!adapter || !addr || (!key && keyLength != 0))
                return invalid(adapter, "save_identity: bad arguments");
            auto saved = key
                ? adapter->m_store.saveIdentity(adapter->m_sessionId, *addr, bytesOf(key, keyLength))
                : adapter->m_store.removeIdentity(adapter->m_sessionId, *addr);
            return saved ? SG_SUCCESS : adapter->fail(saved.error());
        });
    }

    // Trusts every identity, as Baileys' isTrustedIdentity does: WhatsApp re-keys a device when it is
    // reinstalled, and refusing would stop its messages. The new key is not saved here but by
    // save_identity, which libsignal calls only after the message carrying it has been verified.
    static int isTrustedIdentity(
        const signal_protocol_address *address, uint8_t *key, size_t keyLength, void *userData) {
        return guarded([&] {
            auto *adapter = self(userData);
            const auto addr = addressOf(address);
            if (!adapter || !addr || !key || !signal_store_check::identityKey(bytesOf(key, keyLength)))
                return invalid(adapter, "is_trusted_identity: bad arguments");
            auto known = adapter->m_store.loadIdentity(adapter->m_sessionId, *addr);
            if (known && known->has_value() && **known != bytesOf(key, keyLength))
                qCInfo(lcSignalStore) << "identity key changed for" << addr->name << addr->device;
            return 1;
        });
    }

    // --- sender keys --------------------------------------------------------------------------------

    static int storeSenderKey(const signal_protocol_sender_key_name *name, uint8_t *record,
        size_t recordLength, uint8_t *, size_t, void *userData) {
        return guarded([&] {
            auto *adapter = self(userData);
            const auto keyName = senderKeyNameOf(name);
            if (!adapter || !keyName || !record || recordLength == 0)
                return invalid(adapter, "store_sender_key: bad arguments");
            auto stored = adapter->m_store.storeSenderKey(
                adapter->m_sessionId, *keyName, bytesOf(record, recordLength));
            return stored ? SG_SUCCESS : adapter->fail(stored.error());
        });
    }

    static int loadSenderKey(signal_buffer **record, signal_buffer **,
        const signal_protocol_sender_key_name *name, void *userData) {
        return guarded([&] {
            auto *adapter = self(userData);
            const auto keyName = senderKeyNameOf(name);
            if (!adapter || !record || !keyName)
                return invalid(adapter, "load_sender_key: bad arguments");
            auto loaded = adapter->m_store.loadSenderKey(adapter->m_sessionId, *keyName);
            if (!loaded)
                return adapter->fail(loaded.error());
            if (!loaded->has_value())
                return 0;
            const int handed = handOut(record, **loaded);
            return handed == SG_SUCCESS ? 1 : handed;
        });
    }
};

SignalStoreAdapter::SignalStoreAdapter(SignalStore &store, const QString &sessionId)
    : m_store(store)
    , m_sessionId(sessionId) { }

SignalStoreAdapter::~SignalStoreAdapter() {
    if (m_storeContext)
        signal_protocol_store_context_destroy(m_storeContext);
}

int SignalStoreAdapter::codeFor(const Error &error) {
    if (error.code == QLatin1String(errc::kInvalidArgument))
        return SG_ERR_INVAL;
    if (error.code == QLatin1String(errc::kStorageFailed))
        return kErrStorageFailed;
    if (error.code == QLatin1String(errc::kStorageCorrupt))
        return kErrStorageCorrupt;
    if (error.code == QLatin1String(errc::kKeyUnavailable))
        return kErrKeyUnavailable;
    return SG_ERR_UNKNOWN;
}

int SignalStoreAdapter::fail(Error error) {
    qCWarning(lcSignalStore) << "Signal store:" << error.code << error.message;
    const int code = codeFor(error);
    m_lastError = std::move(error);
    return code;
}

Result<std::unique_ptr<SignalStoreAdapter>> SignalStoreAdapter::create(signal_context *context,
    SignalStore &store, const QString &sessionId, const DeviceCredentials &credentials) {
    if (!context || sessionId.isEmpty())
        return makeError(
            errc::kInvalidArgument, QStringLiteral("The Signal store needs a context and a session."));
    if (!credentials.identityKey.isValid() || credentials.registrationId == 0) {
        return makeError(errc::kInvalidArgument,
            QStringLiteral("The credentials have no identity key pair or registration id."));
    }
    std::unique_ptr<SignalStoreAdapter> adapter(new SignalStoreAdapter(store, sessionId));
    adapter->m_identityPublic = kSignalKeyType + credentials.identityKey.publicKey;
    adapter->m_identityPrivate = credentials.identityKey.privateKey;
    adapter->m_registrationId = credentials.registrationId;

    const SignedPreKey &signedPreKey = credentials.signedPreKey;
    if (signal_store_check::isPreKeyId(signedPreKey.id) && signedPreKey.keyPair.isValid()) {
        auto record = signedPreKeyRecord(context, signedPreKey);
        if (!record)
            return record.error();
        adapter->m_signedPreKeyId = signedPreKey.id;
        adapter->m_signedPreKeyRecord = std::move(*record);
    }

    if (signal_protocol_store_context_create(&adapter->m_storeContext, context) != SG_SUCCESS
        || !adapter->m_storeContext) {
        adapter->m_storeContext = nullptr;
        return makeError(errc::kCryptoFailed, QStringLiteral("libsignal could not create a store context."));
    }
    void *self = adapter.get();
    // destroy_func stays null: the adapter, not libsignal, owns what user_data points to.
    const signal_protocol_session_store sessions {&Callbacks::loadSession, &Callbacks::subDeviceSessions,
        &Callbacks::storeSession, &Callbacks::containsSession, &Callbacks::deleteSession,
        &Callbacks::deleteAllSessions, nullptr, self};
    const signal_protocol_pre_key_store preKeys {&Callbacks::loadPreKey, &Callbacks::storePreKey,
        &Callbacks::containsPreKey, &Callbacks::removePreKey, nullptr, self};
    const signal_protocol_signed_pre_key_store signedPreKeys {&Callbacks::loadSignedPreKey,
        &Callbacks::storeSignedPreKey, &Callbacks::containsSignedPreKey, &Callbacks::removeSignedPreKey,
        nullptr, self};
    const signal_protocol_identity_key_store identities {&Callbacks::identityKeyPair,
        &Callbacks::localRegistrationId, &Callbacks::saveIdentity, &Callbacks::isTrustedIdentity, nullptr,
        self};
    const signal_protocol_sender_key_store senderKeys {
        &Callbacks::storeSenderKey, &Callbacks::loadSenderKey, nullptr, self};
    signal_protocol_store_context *storeContext = adapter->m_storeContext;
    if (signal_protocol_store_context_set_session_store(storeContext, &sessions) != SG_SUCCESS
        || signal_protocol_store_context_set_pre_key_store(storeContext, &preKeys) != SG_SUCCESS
        || signal_protocol_store_context_set_signed_pre_key_store(storeContext, &signedPreKeys) != SG_SUCCESS
        || signal_protocol_store_context_set_identity_key_store(storeContext, &identities) != SG_SUCCESS
        || signal_protocol_store_context_set_sender_key_store(storeContext, &senderKeys) != SG_SUCCESS) {
        return makeError(errc::kCryptoFailed, QStringLiteral("libsignal refused the store callbacks."));
    }
    return adapter;
}

} // namespace balcao
