#include "signal_store.h"

namespace balcao::signal_store_check {

namespace {

Error invalid(QString message) {
    return makeError(errc::kInvalidArgument, std::move(message));
}

} // namespace

Result<void> sessionId(const QString &sessionId) {
    if (sessionId.isEmpty())
        return invalid(QStringLiteral("The Signal store needs a session id."));
    return {};
}

Result<void> name(const QString &session, const QString &name) {
    if (auto ok = sessionId(session); !ok)
        return ok;
    if (name.isEmpty())
        return invalid(QStringLiteral("A Signal address needs a user name."));
    return {};
}

Result<void> address(const QString &session, const SignalAddress &address) {
    if (auto ok = name(session, address.name); !ok)
        return ok;
    if (address.device < 0)
        return invalid(QStringLiteral("A Signal device id cannot be negative (got %1).").arg(address.device));
    return {};
}

Result<void> senderKeyName(const QString &session, const SenderKeyName &name) {
    if (auto ok = address(session, name.sender); !ok)
        return ok;
    if (name.groupId.isEmpty())
        return invalid(QStringLiteral("A sender key needs a group id."));
    return {};
}

Result<void> identityKey(const QByteArray &identityKey) {
    if (identityKey.size() != kSignalPublicKeySize || identityKey.at(0) != kSignalKeyType) {
        return invalid(QStringLiteral("An identity key is 33 bytes starting with 0x05 (got %1 bytes).")
                           .arg(identityKey.size()));
    }
    return {};
}

Result<void> record(const QByteArray &record) {
    if (record.isEmpty())
        return invalid(QStringLiteral("An empty Signal record cannot be stored."));
    return {};
}

bool isPreKeyId(quint32 id) {
    return id >= kMinPreKeyId && id <= kMaxPreKeyId;
}

Result<void> preKey(const PreKeyRecord &preKey) {
    if (!isPreKeyId(preKey.id)) {
        return invalid(QStringLiteral("Prekey ids run from %1 to %2 (got %3).")
                           .arg(kMinPreKeyId)
                           .arg(kMaxPreKeyId)
                           .arg(preKey.id));
    }
    return record(preKey.record);
}

} // namespace balcao::signal_store_check
