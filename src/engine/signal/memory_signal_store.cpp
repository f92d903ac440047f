#include "memory_signal_store.h"

namespace balcao {

namespace check = signal_store_check;

namespace {

template<typename Map, typename Key> std::optional<QByteArray> find(const Map &map, const Key &key) {
    const auto it = map.find(key);
    if (it == map.end())
        return std::nullopt;
    return it->second;
}

// Erases the entries whose key matches, as SQL's DELETE … WHERE; returns how many.
template<typename Map, typename Match> int eraseIf(Map &map, Match match) {
    int erased = 0;
    for (auto it = map.begin(); it != map.end();) {
        if (match(it->first)) {
            it = map.erase(it);
            ++erased;
        } else {
            ++it;
        }
    }
    return erased;
}

} // namespace

Result<void> MemorySignalStore::saveIdentity(
    const QString &sessionId, const SignalAddress &address, const QByteArray &identityKey) {
    if (auto ok = check::address(sessionId, address); !ok)
        return ok;
    if (auto ok = check::identityKey(identityKey); !ok)
        return ok;
    QMutexLocker lock(&m_mutex);
    m_identities[{sessionId, address.name, address.device}] = identityKey;
    return {};
}

Result<std::optional<QByteArray>> MemorySignalStore::loadIdentity(
    const QString &sessionId, const SignalAddress &address) {
    if (auto ok = check::address(sessionId, address); !ok)
        return ok.error();
    QMutexLocker lock(&m_mutex);
    return find(m_identities, AddressKey {sessionId, address.name, address.device});
}

Result<void> MemorySignalStore::removeIdentity(const QString &sessionId, const SignalAddress &address) {
    if (auto ok = check::address(sessionId, address); !ok)
        return ok;
    QMutexLocker lock(&m_mutex);
    m_identities.erase({sessionId, address.name, address.device});
    return {};
}

Result<std::optional<QByteArray>> MemorySignalStore::loadSession(
    const QString &sessionId, const SignalAddress &address) {
    if (auto ok = check::address(sessionId, address); !ok)
        return ok.error();
    QMutexLocker lock(&m_mutex);
    return find(m_sessions, AddressKey {sessionId, address.name, address.device});
}

Result<void> MemorySignalStore::storeSession(
    const QString &sessionId, const SignalAddress &address, const QByteArray &record) {
    if (auto ok = check::address(sessionId, address); !ok)
        return ok;
    if (auto ok = check::record(record); !ok)
        return ok;
    QMutexLocker lock(&m_mutex);
    m_sessions[{sessionId, address.name, address.device}] = record;
    return {};
}

Result<bool> MemorySignalStore::containsSession(const QString &sessionId, const SignalAddress &address) {
    if (auto ok = check::address(sessionId, address); !ok)
        return ok.error();
    QMutexLocker lock(&m_mutex);
    return m_sessions.contains({sessionId, address.name, address.device});
}

Result<bool> MemorySignalStore::deleteSession(const QString &sessionId, const SignalAddress &address) {
    if (auto ok = check::address(sessionId, address); !ok)
        return ok.error();
    QMutexLocker lock(&m_mutex);
    return m_sessions.erase({sessionId, address.name, address.device}) > 0;
}

Result<int> MemorySignalStore::deleteAllSessions(const QString &sessionId, const QString &name) {
    if (auto ok = check::name(sessionId, name); !ok)
        return ok.error();
    QMutexLocker lock(&m_mutex);
    return eraseIf(m_sessions,
        [&](const AddressKey &key) { return std::get<0>(key) == sessionId && std::get<1>(key) == name; });
}

Result<QList<int>> MemorySignalStore::sessionDevices(const QString &sessionId, const QString &name) {
    if (auto ok = check::name(sessionId, name); !ok)
        return ok.error();
    QMutexLocker lock(&m_mutex);
    QList<int> devices;
    for (auto it = m_sessions.lower_bound({sessionId, name, 0});
         it != m_sessions.end() && std::get<0>(it->first) == sessionId && std::get<1>(it->first) == name;
         ++it)
        devices.append(std::get<2>(it->first));
    return devices;
}

Result<void> MemorySignalStore::storePreKey(const QString &sessionId, const PreKeyRecord &preKey) {
    return storePreKeys(sessionId, {preKey});
}

Result<void> MemorySignalStore::storePreKeys(const QString &sessionId, const QList<PreKeyRecord> &preKeys) {
    if (auto ok = check::sessionId(sessionId); !ok)
        return ok;
    for (const PreKeyRecord &preKey : preKeys) {
        if (auto ok = check::preKey(preKey); !ok)
            return ok;
    }
    QMutexLocker lock(&m_mutex);
    for (const PreKeyRecord &preKey : preKeys)
        m_preKeys[{sessionId, preKey.id}] = preKey.record;
    return {};
}

Result<std::optional<QByteArray>> MemorySignalStore::loadPreKey(const QString &sessionId, quint32 id) {
    if (auto ok = check::sessionId(sessionId); !ok)
        return ok.error();
    QMutexLocker lock(&m_mutex);
    return find(m_preKeys, IdKey {sessionId, id});
}

Result<bool> MemorySignalStore::containsPreKey(const QString &sessionId, quint32 id) {
    if (auto ok = check::sessionId(sessionId); !ok)
        return ok.error();
    QMutexLocker lock(&m_mutex);
    return m_preKeys.contains({sessionId, id});
}

Result<void> MemorySignalStore::removePreKey(const QString &sessionId, quint32 id) {
    if (auto ok = check::sessionId(sessionId); !ok)
        return ok;
    QMutexLocker lock(&m_mutex);
    m_preKeys.erase({sessionId, id});
    return {};
}

Result<int> MemorySignalStore::preKeyCount(const QString &sessionId) {
    if (auto ok = check::sessionId(sessionId); !ok)
        return ok.error();
    QMutexLocker lock(&m_mutex);
    int count = 0;
    for (auto it = m_preKeys.lower_bound({sessionId, 0});
         it != m_preKeys.end() && std::get<0>(it->first) == sessionId; ++it)
        ++count;
    return count;
}

Result<quint32> MemorySignalStore::maxPreKeyId(const QString &sessionId) {
    if (auto ok = check::sessionId(sessionId); !ok)
        return ok.error();
    QMutexLocker lock(&m_mutex);
    quint32 max = 0;
    for (auto it = m_preKeys.lower_bound({sessionId, 0});
         it != m_preKeys.end() && std::get<0>(it->first) == sessionId; ++it)
        max = std::get<1>(it->first);
    return max;
}

Result<void> MemorySignalStore::storeSignedPreKey(
    const QString &sessionId, const PreKeyRecord &signedPreKey) {
    if (auto ok = check::sessionId(sessionId); !ok)
        return ok;
    if (auto ok = check::preKey(signedPreKey); !ok)
        return ok;
    QMutexLocker lock(&m_mutex);
    m_signedPreKeys[{sessionId, signedPreKey.id}] = signedPreKey.record;
    return {};
}

Result<std::optional<QByteArray>> MemorySignalStore::loadSignedPreKey(const QString &sessionId, quint32 id) {
    if (auto ok = check::sessionId(sessionId); !ok)
        return ok.error();
    QMutexLocker lock(&m_mutex);
    return find(m_signedPreKeys, IdKey {sessionId, id});
}

Result<bool> MemorySignalStore::containsSignedPreKey(const QString &sessionId, quint32 id) {
    if (auto ok = check::sessionId(sessionId); !ok)
        return ok.error();
    QMutexLocker lock(&m_mutex);
    return m_signedPreKeys.contains({sessionId, id});
}

Result<void> MemorySignalStore::removeSignedPreKey(const QString &sessionId, quint32 id) {
    if (auto ok = check::sessionId(sessionId); !ok)
        return ok;
    QMutexLocker lock(&m_mutex);
    m_signedPreKeys.erase({sessionId, id});
    return {};
}

Result<void> MemorySignalStore::storeSenderKey(
    const QString &sessionId, const SenderKeyName &name, const QByteArray &record) {
    if (auto ok = check::senderKeyName(sessionId, name); !ok)
        return ok;
    if (auto ok = check::record(record); !ok)
        return ok;
    QMutexLocker lock(&m_mutex);
    m_senderKeys[{sessionId, name.groupId, name.sender.name, name.sender.device}] = record;
    return {};
}

Result<std::optional<QByteArray>> MemorySignalStore::loadSenderKey(
    const QString &sessionId, const SenderKeyName &name) {
    if (auto ok = check::senderKeyName(sessionId, name); !ok)
        return ok.error();
    QMutexLocker lock(&m_mutex);
    return find(m_senderKeys, SenderKey {sessionId, name.groupId, name.sender.name, name.sender.device});
}

Result<void> MemorySignalStore::wipe(const QString &sessionId) {
    if (auto ok = check::sessionId(sessionId); !ok)
        return ok;
    QMutexLocker lock(&m_mutex);
    const auto ofSession = [&](const auto &key) { return std::get<0>(key) == sessionId; };
    eraseIf(m_identities, ofSession);
    eraseIf(m_sessions, ofSession);
    eraseIf(m_preKeys, ofSession);
    eraseIf(m_signedPreKeys, ofSession);
    eraseIf(m_senderKeys, ofSession);
    return {};
}

} // namespace balcao
