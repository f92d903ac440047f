#include "sqlite_signal_store.h"

#include "sealed_box.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

namespace balcao::models {

namespace check = signal_store_check;

namespace {

// The sealing context names the row a record belongs to. Each part is length-prefixed so that no two
// different keys ("a:b" + "c" and "a" + "b:c") give the same context.
QByteArray contextFor(const char *kind, const QString &sessionId, std::initializer_list<QString> parts) {
    QByteArray context = QByteArray("signal-") + kind;
    const auto append = [&context](const QString &part) {
        const QByteArray bytes = part.toUtf8();
        context += ':' + QByteArray::number(bytes.size()) + ':' + bytes;
    };
    append(sessionId);
    for (const QString &part : parts)
        append(part);
    return context;
}

QByteArray addressContext(const char *kind, const QString &sessionId, const SignalAddress &address) {
    return contextFor(kind, sessionId, {address.name, QString::number(address.device)});
}

QByteArray idContext(const char *kind, const QString &sessionId, quint32 id) {
    return contextFor(kind, sessionId, {QString::number(id)});
}

QByteArray senderKeyContext(const QString &sessionId, const SenderKeyName &name) {
    return contextFor(
        "sender-key", sessionId, {name.groupId, name.sender.name, QString::number(name.sender.device)});
}

Error failed(const QString &what, const QSqlQuery &query) {
    return makeError(errc::kStorageFailed, QStringLiteral("%1: %2").arg(what, query.lastError().text()));
}

Error sealFailed() {
    return makeError(errc::kCryptoFailed, QStringLiteral("Could not seal a Signal record."));
}

// Opens a sealed record; a wrong key stays key-unavailable, so the caller can tell the user the keychain
// does not match instead of starting new sessions over the old ones.
Result<std::optional<QByteArray>> opened(
    QByteArrayView key, const QByteArray &sealed, const QByteArray &context, const QString &what) {
    auto plain = unseal(key, sealed, context);
    if (!plain)
        return Error {plain.error().code, QStringLiteral("%1: %2").arg(what, plain.error().message)};
    return std::optional<QByteArray>(std::move(*plain));
}

qint64 now() {
    return QDateTime::currentMSecsSinceEpoch();
}

constexpr char kSaveIdentity[]
    = "INSERT INTO signal_identities(session_id, name, device, identity_key, updated_at) "
      "VALUES(?, ?, ?, ?, ?) ON CONFLICT(session_id, name, device) DO UPDATE SET "
      "identity_key = excluded.identity_key, updated_at = excluded.updated_at";
constexpr char kLoadIdentity[]
    = "SELECT identity_key FROM signal_identities WHERE session_id = ? AND name = ? AND device = ?";
constexpr char kLoadSession[]
    = "SELECT sealed FROM signal_sessions WHERE session_id = ? AND name = ? AND device = ?";
constexpr char kStoreSession[] = "INSERT INTO signal_sessions(session_id, name, device, sealed, updated_at) "
                                 "VALUES(?, ?, ?, ?, ?) ON CONFLICT(session_id, name, device) DO UPDATE SET "
                                 "sealed = excluded.sealed, updated_at = excluded.updated_at";

} // namespace

// The two tables of records keyed by a prekey id; their names are ours, never the caller's.
struct SqliteSignalStore::KeyTable {
    const char *table;
    const char *contextKind;
    const char *label;
};
const SqliteSignalStore::KeyTable SqliteSignalStore::kPreKeys {"signal_prekeys", "prekey", "prekey"};
const SqliteSignalStore::KeyTable SqliteSignalStore::kSignedPreKeys {
    "signal_signed_prekeys", "signed-prekey", "signed prekey"};

SqliteSignalStore::SqliteSignalStore(const Database &database, QByteArray sealingKey, QString owner)
    : m_connection(database, std::move(owner))
    , m_key(std::move(sealingKey)) { }

SqliteSignalStore::~SqliteSignalStore() = default;

// A sealed record read from a row, if there was one.
Result<std::optional<QByteArray>> SqliteSignalStore::readSealed(
    const QString &statement, std::initializer_list<QVariant> values, const QString &failure) {
    std::optional<QByteArray> sealed;
    auto ran = sql::once(m_connection.claimedName(), statement, values, failure, sql::firstBytesInto(sealed));
    if (!ran)
        return ran.error();
    return sealed;
}

// The first column of a statement that always returns one row (a count, an EXISTS).
Result<QVariant> SqliteSignalStore::readOne(
    const QString &statement, std::initializer_list<QVariant> values, const QString &failure) {
    std::optional<QVariant> value;
    auto ran = sql::once(m_connection.claimedName(), statement, values, failure,
        [&](QSqlQuery &query) { value = sql::firstValue(query); });
    if (!ran)
        return ran.error();
    if (!value)
        return makeError(errc::kStorageFailed, failure + QStringLiteral(": no row."));
    return *value;
}

Result<void> SqliteSignalStore::writeAddressRow(const char *sql, const QString &sessionId,
    const SignalAddress &address, const QByteArray &value, const QString &failure) {
    return m_connection.statements().run(
        sql, {sessionId, address.name, address.device, value, now()}, failure);
}

// --- identities -------------------------------------------------------------------------------------

Result<void> SqliteSignalStore::saveIdentity(
    const QString &sessionId, const SignalAddress &address, const QByteArray &identityKey) {
    if (auto ok = check::address(sessionId, address); !ok)
        return ok;
    if (auto ok = check::identityKey(identityKey); !ok)
        return ok;
    return writeAddressRow(
        kSaveIdentity, sessionId, address, identityKey, QStringLiteral("Cannot store an identity key"));
}

Result<std::optional<QByteArray>> SqliteSignalStore::loadIdentity(
    const QString &sessionId, const SignalAddress &address) {
    if (auto ok = check::address(sessionId, address); !ok)
        return ok.error();
    std::optional<QByteArray> key;
    auto ran = m_connection.statements().run(kLoadIdentity, {sessionId, address.name, address.device},
        QStringLiteral("Cannot read an identity key"), sql::firstBytesInto(key));
    if (!ran)
        return ran.error();
    return key;
}

Result<void> SqliteSignalStore::removeIdentity(const QString &sessionId, const SignalAddress &address) {
    if (auto ok = check::address(sessionId, address); !ok)
        return ok;
    return sql::once(m_connection.claimedName(),
        QStringLiteral("DELETE FROM signal_identities WHERE session_id = ? AND name = ? AND device = ?"),
        {sessionId, address.name, address.device}, QStringLiteral("Cannot remove an identity key"));
}

// --- sessions ---------------------------------------------------------------------------------------

Result<std::optional<QByteArray>> SqliteSignalStore::loadSession(
    const QString &sessionId, const SignalAddress &address) {
    if (auto ok = check::address(sessionId, address); !ok)
        return ok.error();
    std::optional<QByteArray> found;
    auto ran = m_connection.statements().run(kLoadSession, {sessionId, address.name, address.device},
        QStringLiteral("Cannot read a Signal session"), sql::firstBytesInto(found));
    if (!ran)
        return ran.error();
    if (!found)
        return std::optional<QByteArray>();
    const QByteArray sealed = *found;
    return opened(m_key, sealed, addressContext("session", sessionId, address),
        QStringLiteral("Cannot open the Signal session with %1.%2").arg(address.name).arg(address.device));
}

Result<void> SqliteSignalStore::storeSession(
    const QString &sessionId, const SignalAddress &address, const QByteArray &record) {
    if (auto ok = check::address(sessionId, address); !ok)
        return ok;
    if (auto ok = check::record(record); !ok)
        return ok;
    const QByteArray sealed = seal(m_key, record, addressContext("session", sessionId, address));
    if (sealed.isEmpty())
        return sealFailed();
    return writeAddressRow(
        kStoreSession, sessionId, address, sealed, QStringLiteral("Cannot store a Signal session"));
}

Result<bool> SqliteSignalStore::containsSession(const QString &sessionId, const SignalAddress &address) {
    if (auto ok = check::address(sessionId, address); !ok)
        return ok.error();
    auto exists
        = readOne(QStringLiteral("SELECT EXISTS(SELECT 1 FROM signal_sessions WHERE session_id = ? AND "
                                 "name = ? AND device = ?)"),
            {sessionId, address.name, address.device}, QStringLiteral("Cannot read Signal sessions"));
    if (!exists)
        return exists.error();
    return exists->toBool();
}

Result<bool> SqliteSignalStore::deleteSession(const QString &sessionId, const SignalAddress &address) {
    if (auto ok = check::address(sessionId, address); !ok)
        return ok.error();
    int deleted = 0;
    auto ran = sql::once(m_connection.claimedName(),
        QStringLiteral("DELETE FROM signal_sessions WHERE session_id = ? AND name = ? AND device = ?"),
        {sessionId, address.name, address.device}, QStringLiteral("Cannot delete a Signal session"),
        [&](QSqlQuery &query) { deleted = query.numRowsAffected(); });
    if (!ran)
        return ran.error();
    return deleted > 0;
}

Result<int> SqliteSignalStore::deleteAllSessions(const QString &sessionId, const QString &name) {
    if (auto ok = check::name(sessionId, name); !ok)
        return ok.error();
    int deleted = 0;
    auto ran = sql::once(m_connection.claimedName(),
        QStringLiteral("DELETE FROM signal_sessions WHERE session_id = ? AND name = ?"), {sessionId, name},
        QStringLiteral("Cannot delete Signal sessions"),
        [&](QSqlQuery &query) { deleted = query.numRowsAffected(); });
    if (!ran)
        return ran.error();
    return deleted;
}

Result<QList<int>> SqliteSignalStore::sessionDevices(const QString &sessionId, const QString &name) {
    if (auto ok = check::name(sessionId, name); !ok)
        return ok.error();
    QList<int> devices;
    auto ran = sql::once(m_connection.claimedName(),
        QStringLiteral("SELECT device FROM signal_sessions WHERE session_id = ? AND name = ? "
                       "ORDER BY device"),
        {sessionId, name}, QStringLiteral("Cannot read Signal sessions"), [&](QSqlQuery &query) {
            while (query.next())
                devices.append(query.value(0).toInt());
        });
    if (!ran)
        return ran.error();
    return devices;
}

// --- prekeys and signed prekeys -----------------------------------------------------------------------

Result<void> SqliteSignalStore::storeKeys(
    const KeyTable &table, const QString &sessionId, const QList<PreKeyRecord> &keys) {
    if (auto ok = check::sessionId(sessionId); !ok)
        return ok;
    QList<QByteArray> sealed;
    sealed.reserve(keys.size());
    for (const PreKeyRecord &key : keys) {
        if (auto ok = check::preKey(key); !ok)
            return ok;
        sealed.append(seal(m_key, key.record, idContext(table.contextKind, sessionId, key.id)));
        if (sealed.last().isEmpty())
            return sealFailed();
    }
    // A savepoint, not QSqlDatabase::transaction(): it nests inside a transaction the caller may have open.
    QSqlDatabase db = m_connection.database();
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SAVEPOINT signal_keys")))
        return failed(QStringLiteral("Cannot store prekeys"), query);
    query.prepare(QStringLiteral("INSERT INTO %1(session_id, key_id, sealed) VALUES(?, ?, ?) "
                                 "ON CONFLICT(session_id, key_id) DO UPDATE SET sealed = excluded.sealed")
                      .arg(QLatin1String(table.table)));
    for (qsizetype i = 0; i < keys.size(); ++i) {
        query.bindValue(0, sessionId);
        query.bindValue(1, qint64(keys[i].id));
        query.bindValue(2, sealed[i]);
        if (!query.exec()) {
            const Error error = failed(
                QStringLiteral("Cannot store %1 %2").arg(QLatin1String(table.label)).arg(keys[i].id), query);
            QSqlQuery undo(db);
            undo.exec(QStringLiteral("ROLLBACK TO signal_keys"));
            undo.exec(QStringLiteral("RELEASE signal_keys"));
            return error;
        }
    }
    if (!query.exec(QStringLiteral("RELEASE signal_keys")))
        return failed(QStringLiteral("Cannot commit prekeys"), query);
    return {};
}

Result<std::optional<QByteArray>> SqliteSignalStore::loadKey(
    const KeyTable &table, const QString &sessionId, quint32 id) {
    if (auto ok = check::sessionId(sessionId); !ok)
        return ok.error();
    auto sealed = readSealed(QStringLiteral("SELECT sealed FROM %1 WHERE session_id = ? AND key_id = ?")
                                 .arg(QLatin1String(table.table)),
        {sessionId, qint64(id)}, QStringLiteral("Cannot read %1 %2").arg(QLatin1String(table.label)).arg(id));
    if (!sealed || !*sealed)
        return sealed;
    return opened(m_key, **sealed, idContext(table.contextKind, sessionId, id),
        QStringLiteral("Cannot open %1 %2").arg(QLatin1String(table.label)).arg(id));
}

Result<bool> SqliteSignalStore::containsKey(const KeyTable &table, const QString &sessionId, quint32 id) {
    if (auto ok = check::sessionId(sessionId); !ok)
        return ok.error();
    auto exists = readOne(
        QStringLiteral("SELECT EXISTS(SELECT 1 FROM %1 WHERE session_id = ? AND key_id = ?)")
            .arg(QLatin1String(table.table)),
        {sessionId, qint64(id)}, QStringLiteral("Cannot read %1 %2").arg(QLatin1String(table.label)).arg(id));
    if (!exists)
        return exists.error();
    return exists->toBool();
}

Result<void> SqliteSignalStore::removeKey(const KeyTable &table, const QString &sessionId, quint32 id) {
    if (auto ok = check::sessionId(sessionId); !ok)
        return ok;
    return sql::once(m_connection.claimedName(),
        QStringLiteral("DELETE FROM %1 WHERE session_id = ? AND key_id = ?").arg(QLatin1String(table.table)),
        {sessionId, qint64(id)},
        QStringLiteral("Cannot remove %1 %2").arg(QLatin1String(table.label)).arg(id));
}

Result<void> SqliteSignalStore::storePreKey(const QString &sessionId, const PreKeyRecord &preKey) {
    return storeKeys(kPreKeys, sessionId, {preKey});
}

Result<void> SqliteSignalStore::storePreKeys(const QString &sessionId, const QList<PreKeyRecord> &preKeys) {
    return storeKeys(kPreKeys, sessionId, preKeys);
}

Result<std::optional<QByteArray>> SqliteSignalStore::loadPreKey(const QString &sessionId, quint32 id) {
    return loadKey(kPreKeys, sessionId, id);
}

Result<bool> SqliteSignalStore::containsPreKey(const QString &sessionId, quint32 id) {
    return containsKey(kPreKeys, sessionId, id);
}

Result<void> SqliteSignalStore::removePreKey(const QString &sessionId, quint32 id) {
    return removeKey(kPreKeys, sessionId, id);
}

Result<int> SqliteSignalStore::preKeyCount(const QString &sessionId) {
    if (auto ok = check::sessionId(sessionId); !ok)
        return ok.error();
    auto count = readOne(QStringLiteral("SELECT COUNT(*) FROM signal_prekeys WHERE session_id = ?"),
        {sessionId}, QStringLiteral("Cannot count prekeys"));
    if (!count)
        return count.error();
    return count->toInt();
}

Result<quint32> SqliteSignalStore::maxPreKeyId(const QString &sessionId) {
    if (auto ok = check::sessionId(sessionId); !ok)
        return ok.error();
    auto max
        = readOne(QStringLiteral("SELECT COALESCE(MAX(key_id), 0) FROM signal_prekeys WHERE session_id = ?"),
            {sessionId}, QStringLiteral("Cannot read prekeys"));
    if (!max)
        return max.error();
    return quint32(max->toLongLong());
}

Result<void> SqliteSignalStore::storeSignedPreKey(
    const QString &sessionId, const PreKeyRecord &signedPreKey) {
    return storeKeys(kSignedPreKeys, sessionId, {signedPreKey});
}

Result<std::optional<QByteArray>> SqliteSignalStore::loadSignedPreKey(const QString &sessionId, quint32 id) {
    return loadKey(kSignedPreKeys, sessionId, id);
}

Result<bool> SqliteSignalStore::containsSignedPreKey(const QString &sessionId, quint32 id) {
    return containsKey(kSignedPreKeys, sessionId, id);
}

Result<void> SqliteSignalStore::removeSignedPreKey(const QString &sessionId, quint32 id) {
    return removeKey(kSignedPreKeys, sessionId, id);
}

// --- sender keys ------------------------------------------------------------------------------------

Result<void> SqliteSignalStore::storeSenderKey(
    const QString &sessionId, const SenderKeyName &name, const QByteArray &record) {
    if (auto ok = check::senderKeyName(sessionId, name); !ok)
        return ok;
    if (auto ok = check::record(record); !ok)
        return ok;
    const QByteArray sealed = seal(m_key, record, senderKeyContext(sessionId, name));
    if (sealed.isEmpty())
        return sealFailed();
    return sql::once(m_connection.claimedName(),
        QStringLiteral("INSERT INTO signal_sender_keys(session_id, group_id, sender_name, "
                       "sender_device, sealed, updated_at) "
                       "VALUES(?, ?, ?, ?, ?, ?) ON CONFLICT(session_id, group_id, sender_name, "
                       "sender_device) DO UPDATE SET "
                       "sealed = excluded.sealed, updated_at = excluded.updated_at"),
        {sessionId, name.groupId, name.sender.name, name.sender.device, sealed, now()},
        QStringLiteral("Cannot store a sender key"));
}

Result<std::optional<QByteArray>> SqliteSignalStore::loadSenderKey(
    const QString &sessionId, const SenderKeyName &name) {
    if (auto ok = check::senderKeyName(sessionId, name); !ok)
        return ok.error();
    auto sealed = readSealed(QStringLiteral("SELECT sealed FROM signal_sender_keys WHERE session_id = ? AND "
                                            "group_id = ? AND sender_name = ? AND sender_device = ?"),
        {sessionId, name.groupId, name.sender.name, name.sender.device},
        QStringLiteral("Cannot read a sender key"));
    if (!sealed || !*sealed)
        return sealed;
    return opened(m_key, **sealed, senderKeyContext(sessionId, name),
        QStringLiteral("Cannot open the sender key of %1 in %2").arg(name.sender.name, name.groupId));
}

// --- everything -------------------------------------------------------------------------------------

Result<void> SqliteSignalStore::wipe(const QString &sessionId) {
    if (auto ok = check::sessionId(sessionId); !ok)
        return ok;
    QSqlDatabase db = m_connection.database();
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SAVEPOINT signal_wipe")))
        return failed(QStringLiteral("Cannot erase the Signal state"), query);
    for (const char *table : {"signal_identities", "signal_sessions", "signal_prekeys",
             "signal_signed_prekeys", "signal_sender_keys"}) {
        query.prepare(QStringLiteral("DELETE FROM %1 WHERE session_id = ?").arg(QLatin1String(table)));
        query.addBindValue(sessionId);
        if (!query.exec()) {
            const Error error = failed(QStringLiteral("Cannot erase the Signal state"), query);
            QSqlQuery undo(db);
            undo.exec(QStringLiteral("ROLLBACK TO signal_wipe"));
            undo.exec(QStringLiteral("RELEASE signal_wipe"));
            return error;
        }
    }
    if (!query.exec(QStringLiteral("RELEASE signal_wipe")))
        return failed(QStringLiteral("Cannot erase the Signal state"), query);
    return {};
}

} // namespace balcao::models
