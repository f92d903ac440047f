#include "search_index.h"

#include "database.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace balcao::models {

Result<void> indexPendingMessages(const QString &connectionName) {
    QSqlQuery query(QSqlDatabase::database(connectionName, false));
    if (!query.exec(QStringLiteral("SELECT EXISTS (SELECT 1 FROM messages_fts_pending)")) || !query.next())
        return storageError(
            QStringLiteral("Cannot read the messages waiting for the search index"), query.lastError());
    if (!query.value(0).toBool())
        return {};
    query.finish();
    // In seq order, so FTS5 appends to its buffer instead of sorting it.
    if (!query.exec(QStringLiteral("INSERT INTO messages_fts(rowid, text) SELECT m.seq, m.text FROM "
                                   "messages_fts_pending p JOIN messages m ON m.seq = p.seq ORDER BY p.seq")))
        return storageError(QStringLiteral("Cannot add messages to the search index"), query.lastError());
    if (!query.exec(QStringLiteral("DELETE FROM messages_fts_pending")))
        return storageError(QStringLiteral("Cannot add messages to the search index"), query.lastError());
    return {};
}

} // namespace balcao::models
