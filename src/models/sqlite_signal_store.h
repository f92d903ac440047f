#pragma once

#include "session_connection.h"

#include <memory>
#include <signal/signal_store.h>
#include <unordered_map>

class QSqlQuery;

namespace balcao::models {

// SignalStore on the profile's SQLite database (migration 03-signal.sql). Prekeys, signed prekeys, sessions
// and sender keys are sealed (sealed_box.h) under the profile's sealing key: the first two hold private
// keys, the last two the root and chain keys that open past and future messages. Each record is sealed
// with its row's key as context, so a blob copied to another row does not open there. Remote identity
// keys are public and stored in the clear.
// Lives in the thread that owns `database`; `owner` is the session whose stores these are, when several
// sessions share the connection (see NestedTransaction::claim).
class SqliteSignalStore final : public SignalStore {
public:
    SqliteSignalStore(const Database &database, QByteArray sealingKey, QString owner = {});
    ~SqliteSignalStore() override;

    Result<void> saveIdentity(
        const QString &sessionId, const SignalAddress &address, const QByteArray &identityKey) override;
    Result<std::optional<QByteArray>> loadIdentity(
        const QString &sessionId, const SignalAddress &address) override;
    Result<void> removeIdentity(const QString &sessionId, const SignalAddress &address) override;

    Result<std::optional<QByteArray>> loadSession(
        const QString &sessionId, const SignalAddress &address) override;
    Result<void> storeSession(
        const QString &sessionId, const SignalAddress &address, const QByteArray &record) override;
    Result<bool> containsSession(const QString &sessionId, const SignalAddress &address) override;
    Result<bool> deleteSession(const QString &sessionId, const SignalAddress &address) override;
    Result<int> deleteAllSessions(const QString &sessionId, const QString &name) override;
    Result<QList<int>> sessionDevices(const QString &sessionId, const QString &name) override;

    Result<void> storePreKey(const QString &sessionId, const PreKeyRecord &preKey) override;
    Result<void> storePreKeys(const QString &sessionId, const QList<PreKeyRecord> &preKeys) override;
    Result<std::optional<QByteArray>> loadPreKey(const QString &sessionId, quint32 id) override;
    Result<bool> containsPreKey(const QString &sessionId, quint32 id) override;
    Result<void> removePreKey(const QString &sessionId, quint32 id) override;
    Result<int> preKeyCount(const QString &sessionId) override;
    Result<quint32> maxPreKeyId(const QString &sessionId) override;

    Result<void> storeSignedPreKey(const QString &sessionId, const PreKeyRecord &signedPreKey) override;
    Result<std::optional<QByteArray>> loadSignedPreKey(const QString &sessionId, quint32 id) override;
    Result<bool> containsSignedPreKey(const QString &sessionId, quint32 id) override;
    Result<void> removeSignedPreKey(const QString &sessionId, quint32 id) override;

    Result<void> storeSenderKey(
        const QString &sessionId, const SenderKeyName &name, const QByteArray &record) override;
    Result<std::optional<QByteArray>> loadSenderKey(
        const QString &sessionId, const SenderKeyName &name) override;

    Result<void> wipe(const QString &sessionId) override;

private:
    struct KeyTable;
    static const KeyTable kPreKeys;
    static const KeyTable kSignedPreKeys;

    Result<void> storeKeys(const KeyTable &table, const QString &sessionId, const QList<PreKeyRecord> &keys);
    Result<std::optional<QByteArray>> loadKey(const KeyTable &table, const QString &sessionId, quint32 id);
    Result<bool> containsKey(const KeyTable &table, const QString &sessionId, quint32 id);
    Result<void> removeKey(const KeyTable &table, const QString &sessionId, quint32 id);

    Result<std::optional<QByteArray>> readSealed(
        const QString &statement, std::initializer_list<QVariant> values, const QString &failure);
    Result<QVariant> readOne(
        const QString &statement, std::initializer_list<QVariant> values, const QString &failure);
    // Runs one of the prepared per-address upserts: (session, name, device, value, now).
    Result<void> writeAddressRow(const char *sql, const QString &sessionId, const SignalAddress &address,
        const QByteArray &value, const QString &failure);

    // Its statements are prepared once on the connection (parsing them each time was a fifth of the CPU of
    // an inbound burst).
    SessionConnection m_connection;
    QByteArray m_key;
};

} // namespace balcao::models
