#pragma once

#include "signal_store.h"

#include <QMutex>
#include <map>
#include <tuple>

namespace balcao {

// SignalStore in memory, for unit tests (the SQLite one lives in src/models). Thread-safe, unlike what
// the interface asks, so that a test may share one between two sessions' threads.
class MemorySignalStore final : public SignalStore {
public:
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
    // Ordered maps keep (session, name, device) keys together, so "all devices of a name" is a range.
    using AddressKey = std::tuple<QString, QString, int>;
    using IdKey = std::tuple<QString, quint32>;
    using SenderKey = std::tuple<QString, QString, QString, int>;

    QMutex m_mutex;
    std::map<AddressKey, QByteArray> m_identities;
    std::map<AddressKey, QByteArray> m_sessions;
    std::map<IdKey, QByteArray> m_preKeys;
    std::map<IdKey, QByteArray> m_signedPreKeys;
    std::map<SenderKey, QByteArray> m_senderKeys;
};

} // namespace balcao
