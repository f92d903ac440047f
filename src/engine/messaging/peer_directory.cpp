#include "peer_directory.h"

#include "messaging/addressing.h"
#include "signal/device_cipher.h"

namespace balcao {

PeerDirectory::PeerDirectory(Parts parts, QObject *parent)
    : QObject(parent)
    , m_parts(std::move(parts)) { }

void PeerDirectory::report(const Error &error) {
    emit event(ErrorEvent {m_parts.sessionId, error.code, error.message});
}

void PeerDirectory::learn(const Jid &a, const Jid &b) {
    const auto pair = addressing::lidAndPhone(a, b);
    if (!pair)
        return;
    const auto &[lid, phone] = *pair;
    if (!m_parts.batch->open())
        return;
    auto changed = m_parts.contacts->saveLidMapping(lid.toString(), phone.toString());
    if (!changed) {
        report(changed.error());
        return;
    }
    if (!*changed)
        return;
    moveSessions(phone, lid);
    mergeChats(lid, phone);
}

Jid PeerDirectory::chatOf(const Jid &user) {
    const Jid normalized = user.normalizedUser();
    if (!normalized.isLid())
        return normalized;
    return phoneOf(normalized).value_or(normalized);
}

std::optional<Jid> PeerDirectory::lidOf(const Jid &phoneUser) {
    auto found = m_parts.contacts->lidOfPhone(phoneUser.normalizedUser().toString());
    if (!found || !*found)
        return std::nullopt;
    return Jid::parse(**found);
}

std::optional<Jid> PeerDirectory::phoneOf(const Jid &lidUser) {
    auto found = m_parts.contacts->phoneOfLid(lidUser.normalizedUser().toString());
    if (!found || !*found)
        return std::nullopt;
    return Jid::parse(**found);
}

Jid PeerDirectory::sessionAddressOf(const Jid &device) {
    if (!device.isPhoneUser())
        return device;
    const auto lid = lidOf(device);
    if (!lid)
        return device;
    if (!m_moved.contains(device.user))
        moveSessions(device.normalizedUser(), *lid); // mapped before this run; anything left moves now
    return addressing::withDeviceOf(*lid, device);
}

void PeerDirectory::moveSessions(const Jid &phone, const Jid &lid) {
    m_moved.insert(phone.user);
    SignalStore &store = *m_parts.signal;
    const QString &session = m_parts.sessionId;
    const QString from = signalAddressOf(phone).name;
    auto devices = store.sessionDevices(session, from);
    if (!devices) {
        report(devices.error());
        return;
    }
    for (int device : std::as_const(*devices)) {
        const SignalAddress old {from, device};
        const SignalAddress moved = signalAddressOf(Jid::make(lid.user, Jid::kLidServer, device));
        // A session the LID already has is newer than the one under the number: keep it.
        if (!store.containsSession(session, moved).value_or(true)) {
            auto record = store.loadSession(session, old);
            if (record && *record)
                (void)store.storeSession(session, moved, **record);
            auto identity = store.loadIdentity(session, old);
            if (identity && *identity)
                (void)store.saveIdentity(session, moved, **identity);
        }
        (void)store.deleteSession(session, old);
        (void)store.removeIdentity(session, old);
    }
}

void PeerDirectory::mergeChats(const Jid &lid, const Jid &phone) {
    const QString from = lid.toString();
    const QString into = phone.toString();
    auto moved = m_parts.chats->mergeChat(from, into);
    if (!moved) {
        report(moved.error());
        return;
    }
    if (*moved == 0)
        return;
    m_parts.batch->touchChat(into);
    m_parts.batch->afterCommit([this, from, into] {
        emit event(ChatMergedEvent {m_parts.sessionId, from, into});
    });
}

} // namespace balcao
