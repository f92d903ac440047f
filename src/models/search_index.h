#pragma once

#include <QString>
#include <errors.h>

namespace balcao::models {

// Adds the messages stored since the last call to the full-text index (migrations/07-search-batches.sql).
// NestedTransaction calls it before each outermost COMMIT and the message store before each search, so a
// search sees every committed message. Does nothing, cheaply, when nothing is pending.
Result<void> indexPendingMessages(const QString &connectionName);

} // namespace balcao::models
