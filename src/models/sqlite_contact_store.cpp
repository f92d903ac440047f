#include "sqlite_contact_store.h"

namespace balcao::models {

namespace check = message_store_check;

namespace {

constexpr char kContact[] = "SELECT push_name FROM contacts WHERE session_id = ? AND jid = ?";
constexpr char kContacts[] = "SELECT jid, push_name FROM contacts WHERE session_id = ? ORDER BY jid";
constexpr char kPhoneOfLid[] = "SELECT phone FROM lid_map WHERE session_id = ? AND lid = ?";
constexpr char kLidOfPhone[] = "SELECT lid FROM lid_map WHERE session_id = ? AND phone = ?";
constexpr char kForgetPartners[] = "DELETE FROM lid_map WHERE session_id = ? AND (lid = ? OR phone = ?)";
constexpr char kInsertMapping[] = "INSERT INTO lid_map(session_id, lid, phone) VALUES(?, ?, ?)";
constexpr char kSaveToken[]
    = "INSERT INTO privacy_tokens(session_id, jid, token, token_t) VALUES(?, ?, ?, ?) "
      "ON CONFLICT(session_id, jid) DO UPDATE SET token = excluded.token, token_t = excluded.token_t "
      "WHERE privacy_tokens.token IS NULL OR excluded.token_t >= privacy_tokens.token_t";
constexpr char kToken[] = "SELECT token, token_t FROM privacy_tokens WHERE session_id = ? AND jid = ? "
                          "AND token IS NOT NULL";
constexpr char kSaveIssued[] = "INSERT INTO privacy_tokens(session_id, jid, issued_t) VALUES(?, ?, ?) "
                               "ON CONFLICT(session_id, jid) DO UPDATE SET issued_t = excluded.issued_t";
constexpr char kIssued[]
    = "SELECT issued_t FROM privacy_tokens WHERE session_id = ? AND jid = ? AND issued_t IS NOT NULL";

} // namespace

Result<void> SqliteContactStore::savePushName(const QString &jid, const QString &pushName, qint64 timestamp) {
    if (auto ok = check::contact(jid, pushName, timestamp); !ok)
        return ok;
    return m_rows.upsertPushName(jid, pushName, timestamp); // one statement: committed on its own
}

Result<std::optional<Contact>> SqliteContactStore::contact(const QString &jid) {
    if (auto ok = check::chat(jid); !ok)
        return ok.error();
    auto query = m_rows.statement(kContact);
    if (!query)
        return query.error();
    if (auto ok
        = sql::run(**query, {m_rows.session(), jid}, QStringLiteral("Cannot read the contact %1").arg(jid));
        !ok)
        return ok.error();
    std::optional<Contact> found;
    if ((*query)->next())
        found = Contact {jid, (*query)->value(0).toString()};
    (*query)->finish();
    return found;
}

Result<QList<Contact>> SqliteContactStore::contacts() {
    auto query = m_rows.statement(kContacts);
    if (!query)
        return query.error();
    if (auto ok = sql::run(**query, {m_rows.session()}, QStringLiteral("Cannot read the contacts")); !ok)
        return ok.error();
    QList<Contact> out;
    while ((*query)->next())
        out.append(Contact {(*query)->value(0).toString(), (*query)->value(1).toString()});
    (*query)->finish();
    return out;
}

Result<std::optional<QVariant>> SqliteContactStore::lookup(
    const char *sql, const QString &key, const QString &failure) {
    auto query = m_rows.statement(sql);
    if (!query)
        return query.error();
    if (auto ok = sql::run(**query, {m_rows.session(), key}, failure); !ok)
        return ok.error();
    return sql::firstValue(**query);
}

Result<bool> SqliteContactStore::saveLidMapping(const QString &lid, const QString &phone) {
    if (auto ok = check::lidMapping(lid, phone); !ok)
        return ok.error();
    auto known = phoneOfLid(lid);
    if (!known)
        return known.error();
    if (*known == phone)
        return false;
    auto transaction = m_rows.transaction();
    if (auto ok = transaction.begin(); !ok)
        return ok.error();
    for (const char *sql : {kForgetPartners, kInsertMapping}) {
        auto query = m_rows.statement(sql);
        if (!query)
            return query.error();
        const auto ran = sql::run(
            **query, {m_rows.session(), lid, phone}, QStringLiteral("Cannot save %1's LID").arg(phone));
        if (!ran)
            return ran.error();
    }
    if (auto ok = transaction.commit(); !ok)
        return ok.error();
    return true;
}

Result<std::optional<QString>> SqliteContactStore::phoneOfLid(const QString &lid) {
    if (auto ok = check::lid(lid); !ok)
        return ok.error();
    auto found = lookup(kPhoneOfLid, lid, QStringLiteral("Cannot read the number of %1").arg(lid));
    if (!found)
        return found.error();
    return *found ? std::optional<QString>((*found)->toString()) : std::nullopt;
}

Result<std::optional<QString>> SqliteContactStore::lidOfPhone(const QString &phone) {
    if (auto ok = check::phone(phone); !ok)
        return ok.error();
    auto found = lookup(kLidOfPhone, phone, QStringLiteral("Cannot read the LID of %1").arg(phone));
    if (!found)
        return found.error();
    return *found ? std::optional<QString>((*found)->toString()) : std::nullopt;
}

Result<void> SqliteContactStore::savePrivacyToken(const QString &jid, const PrivacyToken &token) {
    if (auto ok = check::privacyToken(jid, token.token, token.timestamp); !ok)
        return ok;
    auto query = m_rows.statement(kSaveToken);
    if (!query)
        return query.error();
    return sql::run(**query, {m_rows.session(), jid, token.token, token.timestamp},
        QStringLiteral("Cannot save the privacy token of %1").arg(jid));
}

Result<std::optional<PrivacyToken>> SqliteContactStore::privacyToken(const QString &jid) {
    if (auto ok = check::chat(jid); !ok)
        return ok.error();
    auto query = m_rows.statement(kToken);
    if (!query)
        return query.error();
    if (auto ok = sql::run(
            **query, {m_rows.session(), jid}, QStringLiteral("Cannot read the privacy token of %1").arg(jid));
        !ok)
        return ok.error();
    std::optional<PrivacyToken> found;
    if ((*query)->next())
        found = PrivacyToken {(*query)->value(0).toByteArray(), (*query)->value(1).toLongLong()};
    (*query)->finish();
    return found;
}

Result<void> SqliteContactStore::saveTokenIssued(const QString &jid, qint64 timestamp) {
    if (auto ok = check::chat(jid); !ok)
        return ok;
    if (timestamp < 0)
        return makeError(errc::kInvalidArgument, QStringLiteral("A timestamp cannot be negative."));
    auto query = m_rows.statement(kSaveIssued);
    if (!query)
        return query.error();
    return sql::run(**query, {m_rows.session(), jid, timestamp},
        QStringLiteral("Cannot note the privacy token issued to %1").arg(jid));
}

Result<std::optional<qint64>> SqliteContactStore::tokenIssuedAt(const QString &jid) {
    if (auto ok = check::chat(jid); !ok)
        return ok.error();
    auto found = lookup(kIssued, jid, QStringLiteral("Cannot read the privacy token issued to %1").arg(jid));
    if (!found)
        return found.error();
    return *found ? std::optional<qint64>((*found)->toLongLong()) : std::nullopt;
}

} // namespace balcao::models
