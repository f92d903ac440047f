#pragma once

#include <QByteArray>
#include <errors.h>

namespace balcao::models {

// Seals secrets for storage: version byte 0x01 || 12-byte random nonce || AES-256-GCM ciphertext and tag.
// The `context` (e.g. "credentials:<session id>") is authenticated, so a sealed blob copied to another
// row does not open there.
QByteArray seal(QByteArrayView key, QByteArrayView plaintext, QByteArrayView context);
// key-unavailable when the key does not open the blob (wrong key), storage-corrupt when it is malformed.
Result<QByteArray> unseal(QByteArrayView key, QByteArrayView sealed, QByteArrayView context);

} // namespace balcao::models
