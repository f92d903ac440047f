// libFuzzer target for NodeDecoder (both token tables): no input may crash it, and whatever it accepts must
// encode again. Seeds: corpus/binary_decoder/ (written from the golden vectors by
// tests/emulator/scripts/make-fuzz-corpus.js).
#include "binary/node_decoder.h"
#include "binary/node_encoder.h"

#include <cstdint>
#include <cstdlib>

using namespace balcao;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    static const NodeDecoder decoders[]
        = {NodeDecoder(TokenTableVersion::V2), NodeDecoder(TokenTableVersion::V3)};
    static const NodeEncoder encoders[]
        = {NodeEncoder(TokenTableVersion::V2), NodeEncoder(TokenTableVersion::V3)};
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    for (int v = 0; v < 2; ++v) {
        const Result<Node> decoded = decoders[v].decode(input);
        if (!decoded) {
            continue;
        }
        if (!encoders[v].encode(*decoded)) {
            std::abort();
        }
        if (decoded->toString().isEmpty()) {
            std::abort();
        }
    }
    return 0;
}
