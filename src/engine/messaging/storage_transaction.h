#pragma once

#include "errors.h"

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
};

} // namespace balcao
