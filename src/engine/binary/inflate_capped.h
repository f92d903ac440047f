#pragma once

#include "errors.h"

#include <QByteArray>
#include <QByteArrayView>

namespace balcao {

// zlib (RFC 1950) inflate of a compressed node body that stops at `limit` output bytes: a small frame must
// not be able to make us allocate gigabytes. malformed-node for bad or truncated data, trailing bytes, or
// more than `limit` bytes.
Result<QByteArray> inflateCapped(QByteArrayView compressed, qsizetype limit);

} // namespace balcao
