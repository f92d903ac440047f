#pragma once

#include "binary/jid.h"
#include "errors.h"
#include "pre_key_bundle.h"
#include "signal_store.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

struct signal_context;
struct signal_protocol_address;

namespace balcao {

class SignalStoreAdapter;

// The Signal address of a device JID, as Baileys 7 and whatsmeow key sessions: {user, device} for a phone
// number, {"<user>_1", device} for a LID (128 hosted, 129 hosted LID), so one person's two addresses keep
// two sessions (docs/lid.md).
SignalAddress signalAddressOf(const Jid &jid);

// Signal's pairwise sessions with one remote device (docs/protocol.md §10.3, §10.4, §11.2, §17.4) over
// libsignal-protocol-c: X3DH from a prekey bundle, then the double ratchet. Plaintexts are WhatsApp-padded
// by the caller (messaging/padding.h). The store's own failures come back as their Error (storage-failed…),
// libsignal's as the codes in errors.h. Lives in the session thread; the context and the store adapter must
// outlive it.
class DeviceCipher {
public:
    // WhatsApp's names for libsignal's ciphertext types (the <enc type> attribute).
    static constexpr QStringView kPreKeyMessage = u"pkmsg"; // PreKeySignalMessage: until the peer answers
    static constexpr QStringView kMessage = u"msg"; // SignalMessage

    struct Ciphertext {
        QString type; // kPreKeyMessage or kMessage
        QByteArray bytes;
        bool operator==(const Ciphertext &) const = default;
    };

    DeviceCipher(signal_context *context, SignalStoreAdapter &store, SignalAddress address);

    const SignalAddress &address() const { return m_address; }

    // True when we hold a session with the device (one we can encrypt with).
    Result<bool> hasSession();

    // Starts a session from the device's bundle (X3DH). libsignal checks the signed prekey's signature
    // against the identity key; a bundle that fails it is refused with invalid-bundle (libsignal-node does
    // not check it, real Baileys accepts such bundles; we do not).
    Result<void> buildSessionFromBundle(const PreKeyBundle &bundle);

    // Encrypts an already padded plaintext: "pkmsg" while the device has not answered yet, "msg" after.
    // no-session without a session.
    Result<Ciphertext> encrypt(QByteArrayView padded);

    // Decrypts the content of an <enc type="pkmsg|msg">; the result is still padded. A pkmsg starts (or
    // continues) a session and consumes the one-time prekey it names. Errors: duplicate-message,
    // invalid-message (bad MAC, malformed, wrong version), no-session, invalid-key-id (a prekey we no longer
    // hold), untrusted-identity, invalid-argument for another type.
    Result<QByteArray> decrypt(QStringView type, QByteArrayView ciphertext);

private:
    signal_protocol_address rawAddress() const;
    Error failure(int code, const QString &what);

    signal_context *m_context;
    SignalStoreAdapter &m_store;
    SignalAddress m_address;
    QByteArray m_name; // UTF-8 of m_address.name; rawAddress() points into it
};

} // namespace balcao
