#include "sqlite_contact_store.h"

namespace balcao::models {

namespace check = message_store_check;

namespace {

constexpr char kContact[] = "SELECT push_name FROM contacts WHERE session_id = ? AND jid = ?";
constexpr char kContacts[] = "SELECT jid, push_name FROM contacts WHERE session_id = ? ORDER BY jid";

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

} // namespace balcao::models
