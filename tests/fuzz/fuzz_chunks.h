#pragma once

// Cuts a fuzz input into the pieces a socket might deliver: byte k gives the size of chunk k (1 to 256), the
// chunk follows. Parsers fed from the network must give the same answer however the stream is cut.
#include <QByteArrayView>
#include <algorithm>
#include <cstdint>

namespace balcao::fuzz {

// The next chunk of `input`, which moves past it; empty once nothing is left.
inline QByteArrayView takeChunk(QByteArrayView &input) {
    if (input.isEmpty())
        return {};
    const qsizetype size = std::min<qsizetype>(qsizetype(std::uint8_t(input.front())) + 1, input.size() - 1);
    const QByteArrayView chunk = input.sliced(1, size);
    input = input.sliced(1 + size);
    return chunk;
}

} // namespace balcao::fuzz
