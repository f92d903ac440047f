#pragma once

#include "errors.h"

#include <functional>

namespace balcao {

// Groups writes that must land together: the Signal state a decryption advances and the message it
// yields, so a crash between them can neither lose the message nor leave a ratchet that cannot decrypt
// its redelivery. begin() inside an open transaction nests (a savepoint); commit() and rollback() end the
// innermost. Implemented on the session's database connection (src/models).
class StorageTransaction {
public:
    virtual ~StorageTransaction() = default;
    virtual Result<void> begin() = 0;
    virtual Result<void> commit() = 0;
    virtual void rollback() = 0;

    // Where several sessions share a database connection (the sessions of one worker thread), another
    // session's statement commits a transaction this one keeps open across turns of the event loop (the
    // commit batch) before it runs, so that no session's writes ride in another's transaction. The outermost
    // transaction then ends early and `handler` hears the commit's result, inside the other session's call:
    // it must not touch the stores there and then.
    using EarlyCommitHandler = std::function<void(const Result<void> &committed)>;
    virtual void setEarlyCommitHandler(EarlyCommitHandler handler) { (void)handler; }
};

} // namespace balcao
