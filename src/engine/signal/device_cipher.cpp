#include "device_cipher.h"

#include "signal_handles.h"
#include "store_adapter.h"

#include <limits>
#include <protocol.h>
#include <session_builder.h>
#include <session_cipher.h>
#include <session_pre_key.h>
#include <signal_protocol.h>

namespace balcao {

namespace {

struct BuilderFree {
    void operator()(session_builder *builder) const { session_builder_free(builder); }
};
struct CipherFree {
    void operator()(session_cipher *cipher) const { session_cipher_free(cipher); }
};

const uint8_t *data(QByteArrayView bytes) {
    return reinterpret_cast<const uint8_t *>(bytes.data());
}

} // namespace

SignalAddress signalAddressOf(const Jid &jid) {
    // The server's domain becomes part of the name, as both references spell it (whatsmeow
    // SignalAddressUser, Baileys 7 jidToSignalProtocolAddress): a person's LID session never collides with
    // their phone-number one, whose name stays the bare number it always was.
    int domain = 0;
    if (jid.server == Jid::kLidServer)
        domain = 1;
    else if (jid.server == u"hosted")
        domain = 128;
    else if (jid.server == u"hosted.lid")
        domain = 129;
    if (domain == 0)
        return SignalAddress {jid.user, jid.device};
    return SignalAddress {QStringLiteral("%1_%2").arg(jid.user).arg(domain), jid.device};
}

DeviceCipher::DeviceCipher(signal_context *context, SignalStoreAdapter &store, SignalAddress address)
    : m_context(context)
    , m_store(store)
    , m_address(std::move(address))
    , m_name(m_address.name.toUtf8()) { }

signal_protocol_address DeviceCipher::rawAddress() const {
    return signal_protocol_address {m_name.constData(), size_t(m_name.size()), m_address.device};
}

Error DeviceCipher::failure(int code, const QString &what) {
    // A store callback that failed says why itself; libsignal only passes its code on.
    if (auto stored = m_store.takeLastError())
        return *stored;
    const QString device = QStringLiteral("%1.%2").arg(m_address.name).arg(m_address.device);
    switch (code) {
    case SG_ERR_DUPLICATE_MESSAGE:
        return makeError(errc::kDuplicateMessage,
            QStringLiteral("%1: message from %2 was already decrypted.").arg(what, device));
    case SG_ERR_INVALID_MESSAGE:
    case SG_ERR_INVALID_MAC:
    case SG_ERR_INVALID_PROTO_BUF:
    case SG_ERR_INVALID_VERSION:
    case SG_ERR_LEGACY_MESSAGE:
    case SG_ERR_INVALID_KEY:
        return makeError(errc::kInvalidMessage,
            QStringLiteral("%1: the message from %2 is damaged or not a Signal message (%3).")
                .arg(what, device)
                .arg(code));
    case SG_ERR_NO_SESSION:
        return makeError(
            errc::kNoSession, QStringLiteral("%1: no Signal session with %2.").arg(what, device));
    case SG_ERR_INVALID_KEY_ID:
        return makeError(
            errc::kInvalidKeyId, QStringLiteral("%1: %2 used a prekey we no longer hold.").arg(what, device));
    case SG_ERR_UNTRUSTED_IDENTITY:
        return makeError(errc::kUntrustedIdentity,
            QStringLiteral("%1: the identity key of %2 is not trusted.").arg(what, device));
    default:
        return makeError(errc::kCryptoFailed,
            QStringLiteral("%1 with %2 failed in libsignal (%3).").arg(what, device).arg(code));
    }
}

Result<bool> DeviceCipher::hasSession() {
    const signal_protocol_address address = rawAddress();
    const int result = signal_protocol_session_contains_session(m_store.storeContext(), &address);
    if (result < 0)
        return failure(result, QStringLiteral("Looking up the session"));
    return result == 1;
}

Result<void> DeviceCipher::buildSessionFromBundle(const PreKeyBundle &bundle) {
    auto invalid = [this](const QString &why) {
        return makeError(errc::kInvalidBundle,
            QStringLiteral("The prekey bundle of %1.%2 is unusable: %3")
                .arg(m_address.name)
                .arg(m_address.device)
                .arg(why));
    };
    if (bundle.signedPreKeySignature.size() != 64)
        return invalid(QStringLiteral("the signed prekey signature has %1 bytes, not 64.")
                           .arg(bundle.signedPreKeySignature.size()));
    if (bundle.preKey && (bundle.preKey->id < kMinPreKeyId || bundle.preKey->id > kMaxPreKeyId))
        return invalid(QStringLiteral("one-time prekey id %1 is out of range.").arg(bundle.preKey->id));
    auto identity = signal::decodePublicKey(m_context, bundle.identityKey);
    if (!identity)
        return invalid(QStringLiteral("identity key: ") + identity.error().message);
    auto signedPreKey = signal::decodePublicKey(m_context, bundle.signedPreKey);
    if (!signedPreKey)
        return invalid(QStringLiteral("signed prekey: ") + signedPreKey.error().message);
    signal::Ref<ec_public_key> preKey;
    if (bundle.preKey) {
        auto decoded = signal::decodePublicKey(m_context, bundle.preKey->publicKey);
        if (!decoded)
            return invalid(QStringLiteral("one-time prekey: ") + decoded.error().message);
        preKey = std::move(*decoded);
    }

    session_pre_key_bundle *rawBundle = nullptr;
    int result = session_pre_key_bundle_create(&rawBundle, bundle.registrationId, m_address.device,
        bundle.preKey ? bundle.preKey->id : 0, preKey.get(), bundle.signedPreKeyId, signedPreKey->get(),
        data(bundle.signedPreKeySignature), size_t(bundle.signedPreKeySignature.size()), identity->get());
    const signal::Ref<session_pre_key_bundle> ownedBundle(rawBundle);
    if (result != SG_SUCCESS)
        return failure(result, QStringLiteral("Reading the prekey bundle"));

    const signal_protocol_address address = rawAddress();
    session_builder *rawBuilder = nullptr;
    result = session_builder_create(&rawBuilder, m_store.storeContext(), &address, m_context);
    const std::unique_ptr<session_builder, BuilderFree> builder(rawBuilder);
    if (result != SG_SUCCESS)
        return failure(result, QStringLiteral("Starting a session"));
    result = session_builder_process_pre_key_bundle(builder.get(), rawBundle);
    if (result == SG_SUCCESS)
        return {};
    if (auto stored = m_store.takeLastError())
        return *stored;
    // The keys decoded above, so libsignal's only other "invalid key" here is the signature check.
    if (result == SG_ERR_INVALID_KEY)
        return invalid(QStringLiteral("the signed prekey signature does not verify with the identity key."));
    return failure(result, QStringLiteral("Starting a session"));
}

Result<DeviceCipher::Ciphertext> DeviceCipher::encrypt(QByteArrayView padded) {
    if (padded.isEmpty())
        return makeError(errc::kInvalidArgument, QStringLiteral("Nothing to encrypt."));
    const signal_protocol_address address = rawAddress();
    // libsignal-c would create an empty session and fail later; say it plainly instead.
    auto has = hasSession();
    if (!has)
        return has.error();
    if (!*has) {
        return makeError(errc::kNoSession,
            QStringLiteral("No Signal session with %1.%2 to encrypt with.")
                .arg(m_address.name)
                .arg(m_address.device));
    }
    session_cipher *rawCipher = nullptr;
    int result = session_cipher_create(&rawCipher, m_store.storeContext(), &address, m_context);
    const std::unique_ptr<session_cipher, CipherFree> cipher(rawCipher);
    if (result != SG_SUCCESS)
        return failure(result, QStringLiteral("Encrypting"));
    ciphertext_message *rawMessage = nullptr;
    result = session_cipher_encrypt(cipher.get(), data(padded), size_t(padded.size()), &rawMessage);
    const signal::Ref<ciphertext_message> message(rawMessage);
    if (result != SG_SUCCESS)
        return failure(result, QStringLiteral("Encrypting"));
    const int type = ciphertext_message_get_type(rawMessage);
    Ciphertext out;
    out.type = (type == CIPHERTEXT_PREKEY_TYPE ? kPreKeyMessage : kMessage).toString();
    out.bytes = signal::bytesOf(ciphertext_message_get_serialized(rawMessage));
    return out;
}

Result<QByteArray> DeviceCipher::decrypt(QStringView type, QByteArrayView ciphertext) {
    const bool preKeyMessage = type == kPreKeyMessage;
    if (!preKeyMessage && type != kMessage) {
        return makeError(errc::kInvalidArgument,
            QStringLiteral("Cannot decrypt an <enc> of type \"%1\" as a 1:1 message.").arg(type));
    }
    if (ciphertext.isEmpty() || size_t(ciphertext.size()) > std::numeric_limits<size_t>::max() / 2)
        return makeError(errc::kInvalidMessage, QStringLiteral("The encrypted message is empty."));

    const signal_protocol_address address = rawAddress();
    session_cipher *rawCipher = nullptr;
    int result = session_cipher_create(&rawCipher, m_store.storeContext(), &address, m_context);
    const std::unique_ptr<session_cipher, CipherFree> cipher(rawCipher);
    if (result != SG_SUCCESS)
        return failure(result, QStringLiteral("Decrypting"));

    // Whatever stops libsignal from reading the bytes (too short, bad protobuf, old version, a key that is
    // not a key) means the same to us: not a message we can open.
    auto unreadable = [&](int code) {
        return makeError(errc::kInvalidMessage,
            QStringLiteral("The %1 from %2.%3 is not a readable Signal message (%4).")
                .arg(type)
                .arg(m_address.name)
                .arg(m_address.device)
                .arg(code));
    };
    signal_buffer *rawPlaintext = nullptr;
    if (preKeyMessage) {
        pre_key_signal_message *rawMessage = nullptr;
        result = pre_key_signal_message_deserialize(
            &rawMessage, data(ciphertext), size_t(ciphertext.size()), m_context);
        const signal::Ref<pre_key_signal_message> message(rawMessage);
        if (result != SG_SUCCESS || !rawMessage)
            return unreadable(result);
        result
            = session_cipher_decrypt_pre_key_signal_message(cipher.get(), rawMessage, nullptr, &rawPlaintext);
    } else {
        signal_message *rawMessage = nullptr;
        result
            = signal_message_deserialize(&rawMessage, data(ciphertext), size_t(ciphertext.size()), m_context);
        const signal::Ref<signal_message> message(rawMessage);
        if (result != SG_SUCCESS || !rawMessage)
            return unreadable(result);
        result = session_cipher_decrypt_signal_message(cipher.get(), rawMessage, nullptr, &rawPlaintext);
    }
    const signal::Buffer plaintext(rawPlaintext);
    if (result != SG_SUCCESS)
        return failure(result,
            preKeyMessage ? QStringLiteral("Decrypting a pkmsg") : QStringLiteral("Decrypting a msg"));
    return signal::bytesOf(plaintext.get());
}

} // namespace balcao
