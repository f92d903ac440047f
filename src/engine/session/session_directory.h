#pragma once

#include "auth/credential_store.h"
#include "events.h"
#include "messaging/call_policy.h"
#include "messaging/messaging_stores.h"
#include "messaging/storage_transaction.h"
#include "signal/signal_store.h"

#include <QList>
#include <QString>
#include <memory>

namespace balcao {

// One row of the list of numbers.
struct SessionRecord {
    QString id;
    QString name;
    qint64 createdAtMs = 0;
    QString ownJid;
    bool autoStart = true; // reconnect at start-up (false after the user stopped it)
    SessionStatus lastStatus = SessionStatus::New;
    CallPolicy calls; // what the number does with calls
};

// The list of sessions, as SessionManager keeps it between runs. Implemented on SQLite in src/models;
// used from the manager's thread only.
class SessionDirectory {
public:
    virtual ~SessionDirectory() = default;
    virtual Result<QList<SessionRecord>> all() = 0;
    virtual Result<void> add(const SessionRecord &record) = 0;
    virtual Result<void> update(const SessionRecord &record) = 0;
    // Removes the session and everything stored for it.
    virtual Result<void> remove(const QString &id) = 0;
};

// The stores one session works with, all on one database connection (so a transaction spans them).
struct SessionStores {
    CredentialStore *credentials = nullptr;
    SignalStore *signal = nullptr;
    MessagingStores messaging;
    StorageTransaction *transaction = nullptr;
};

// Owns a session's open stores and their connection; destroyed in the thread that opened it.
class OpenedStores {
public:
    virtual ~OpenedStores() = default;
    virtual SessionStores stores() = 0;
    // Gives back memory the stores only keep to be quick (SQLite's page cache): called when the session has
    // been quiet for a while, so a thousand idle numbers do not each hold the pages their login read.
    virtual void releaseMemory() { }
};

// Opens the stores a session needs, inside the session's own thread (each thread has its own database
// connection). Implementations must be thread-safe.
class SessionStorage {
public:
    virtual ~SessionStorage() = default;
    virtual Result<std::unique_ptr<OpenedStores>> open(const QString &sessionId) = 0;
};

} // namespace balcao
