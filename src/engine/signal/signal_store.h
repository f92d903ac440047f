#pragma once

#include "errors.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <optional>

// Where a session's Signal protocol state lives between messages, as narrow interfaces in the manner of
// whatsmeow's store/store.go. Records are the opaque serialized blobs libsignal-protocol-c hands out
// (docs/protocol.md §17.3); a store keeps them byte for byte and never parses them. Our own identity key
// pair and registration id are not here: they are part of the session's DeviceCredentials.
//
// Every method takes the session id first: one store serves all the profile's numbers, and no session
// sees another's state. Implementations are used from the session's thread only, unless they say otherwise.
namespace balcao {

// A remote Signal device. `name` is the JID's user part ("5511900000001", or "<lid>_1" for a LID, as
// Baileys 7 spells it; signalAddressOf) and `device` the JID's device number (0 = the phone).
struct SignalAddress {
    QString name;
    int device = 0;

    bool operator==(const SignalAddress &) const = default;
};

// Who a group sender key belongs to: the group's JID and the sending device.
struct SenderKeyName {
    QString groupId;
    SignalAddress sender;

    bool operator==(const SenderKeyName &) const = default;
};

// A one-time prekey as libsignal-protocol-c serializes it (id, public and private key).
struct PreKeyRecord {
    quint32 id = 0;
    QByteArray record;

    bool operator==(const PreKeyRecord &) const = default;
};

// Prekey ids travel as 3 bytes on WhatsApp's wire; 0 is dropped by libsignal-node and 0xFFFFFF is the C
// library's never-deleted last-resort id, so neither may be stored (docs/protocol.md §17.5).
inline constexpr quint32 kMinPreKeyId = 1;
inline constexpr quint32 kMaxPreKeyId = 0xFFFFFE;
// A serialized Curve25519 public key as Signal keeps it: 0x05 || 32 bytes.
inline constexpr qsizetype kSignalPublicKeySize = 33;
inline constexpr char kSignalKeyType = 0x05;

class IdentityStore {
public:
    virtual ~IdentityStore() = default;
    // Remembers the identity key (33 bytes, 0x05-prefixed) a remote device last used; replaces an older one.
    virtual Result<void> saveIdentity(
        const QString &sessionId, const SignalAddress &address, const QByteArray &identityKey)
        = 0;
    virtual Result<std::optional<QByteArray>> loadIdentity(
        const QString &sessionId, const SignalAddress &address)
        = 0;
    virtual Result<void> removeIdentity(const QString &sessionId, const SignalAddress &address) = 0;
};

class SessionStore {
public:
    virtual ~SessionStore() = default;
    virtual Result<std::optional<QByteArray>> loadSession(
        const QString &sessionId, const SignalAddress &address)
        = 0;
    virtual Result<void> storeSession(
        const QString &sessionId, const SignalAddress &address, const QByteArray &record)
        = 0;
    virtual Result<bool> containsSession(const QString &sessionId, const SignalAddress &address) = 0;
    // True when there was a session to delete.
    virtual Result<bool> deleteSession(const QString &sessionId, const SignalAddress &address) = 0;
    // Deletes the sessions with every device of `name`; returns how many there were.
    virtual Result<int> deleteAllSessions(const QString &sessionId, const QString &name) = 0;
    // The devices of `name` we hold a session with, in ascending order.
    virtual Result<QList<int>> sessionDevices(const QString &sessionId, const QString &name) = 0;
};

class PreKeyStore {
public:
    virtual ~PreKeyStore() = default;
    virtual Result<void> storePreKey(const QString &sessionId, const PreKeyRecord &preKey) = 0;
    // All or nothing: one invalid record stores none of them.
    virtual Result<void> storePreKeys(const QString &sessionId, const QList<PreKeyRecord> &preKeys) = 0;
    // nullopt for an id we do not hold (ids outside kMinPreKeyId..kMaxPreKeyId included).
    virtual Result<std::optional<QByteArray>> loadPreKey(const QString &sessionId, quint32 id) = 0;
    virtual Result<bool> containsPreKey(const QString &sessionId, quint32 id) = 0;
    // Called once a pkmsg consumed the key; removing an absent id is not an error.
    virtual Result<void> removePreKey(const QString &sessionId, quint32 id) = 0;
    virtual Result<int> preKeyCount(const QString &sessionId) = 0;
    // The highest id held, 0 when none.
    virtual Result<quint32> maxPreKeyId(const QString &sessionId) = 0;
};

// Signed prekeys other than the current one (which DeviceCredentials holds): kept after a rotation so that
// pkmsgs built on the previous bundle still open.
class SignedPreKeyStore {
public:
    virtual ~SignedPreKeyStore() = default;
    virtual Result<void> storeSignedPreKey(const QString &sessionId, const PreKeyRecord &signedPreKey) = 0;
    virtual Result<std::optional<QByteArray>> loadSignedPreKey(const QString &sessionId, quint32 id) = 0;
    virtual Result<bool> containsSignedPreKey(const QString &sessionId, quint32 id) = 0;
    virtual Result<void> removeSignedPreKey(const QString &sessionId, quint32 id) = 0;
};

class SenderKeyStore {
public:
    virtual ~SenderKeyStore() = default;
    virtual Result<void> storeSenderKey(
        const QString &sessionId, const SenderKeyName &name, const QByteArray &record)
        = 0;
    virtual Result<std::optional<QByteArray>> loadSenderKey(
        const QString &sessionId, const SenderKeyName &name)
        = 0;
};

// All of a session's Signal state behind one object, as the engine holds it.
class SignalStore
    : public IdentityStore
    , public SessionStore
    , public PreKeyStore
    , public SignedPreKeyStore
    , public SenderKeyStore {
public:
    // Forgets every record of the session (logged out): the next link starts from nothing.
    virtual Result<void> wipe(const QString &sessionId) = 0;
};

// The argument checks every implementation applies, so that both refuse the same inputs with the same
// invalid-argument errors.
namespace signal_store_check {
Result<void> sessionId(const QString &sessionId);
Result<void> address(const QString &sessionId, const SignalAddress &address);
Result<void> name(const QString &sessionId, const QString &name);
Result<void> senderKeyName(const QString &sessionId, const SenderKeyName &name);
Result<void> identityKey(const QByteArray &identityKey);
Result<void> record(const QByteArray &record);
Result<void> preKey(const PreKeyRecord &preKey);
bool isPreKeyId(quint32 id);
} // namespace signal_store_check

} // namespace balcao
