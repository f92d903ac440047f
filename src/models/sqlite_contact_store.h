#pragma once

#include "message_rows.h"

#include <messaging/contact_store.h>

namespace balcao::models {

// ContactStore on SQLite (`contacts`, `lid_map`, `privacy_tokens`), bound to one session through its
// MessageRows.
class SqliteContactStore final : public ContactStore {
public:
    explicit SqliteContactStore(MessageRows &rows)
        : m_rows(rows) { }

    Result<void> savePushName(const QString &jid, const QString &pushName, qint64 timestamp) override;
    Result<std::optional<Contact>> contact(const QString &jid) override;
    Result<QList<Contact>> contacts() override;
    Result<bool> saveLidMapping(const QString &lid, const QString &phone) override;
    Result<std::optional<QString>> phoneOfLid(const QString &lid) override;
    Result<std::optional<QString>> lidOfPhone(const QString &phone) override;
    Result<void> savePrivacyToken(const QString &jid, const PrivacyToken &token) override;
    Result<std::optional<PrivacyToken>> privacyToken(const QString &jid) override;
    Result<void> saveTokenIssued(const QString &jid, qint64 timestamp) override;
    Result<std::optional<qint64>> tokenIssuedAt(const QString &jid) override;

private:
    // The first column of the one row `sql` finds for (session, key), if any.
    Result<std::optional<QVariant>> lookup(const char *sql, const QString &key, const QString &failure);

    MessageRows &m_rows;
};

} // namespace balcao::models
