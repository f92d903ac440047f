// libFuzzer target for the stanza readers that run on a server's answers (docs/protocol.md §8, §10.2,
// §10.3): the usync device list, the prekey bundles and the prekey count, each on the node the input decodes
// to (token table 3, as we speak it). Nothing may crash them, and what they accept must be usable. Seeds:
// corpus/stanzas/, the answers of messaging.json (usync, bundles) and a count.
#include <binary/node_decoder.h>
#include <cstdint>
#include <cstdlib>
#include <messaging/bundle_query.h>
#include <messaging/prekeys.h>
#include <messaging/usync.h>

using namespace balcao;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    static const NodeDecoder decoder(TokenTableVersion::V3);
    static const Jid ownJid = *Jid::parse(u"5511900000001:3@s.whatsapp.net");
    auto answer = decoder.decode(QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (!answer)
        return 0;
    if (auto devices = usync::parseDeviceListAnswer(*answer, ownJid)) {
        for (const Jid &device : *devices) {
            if (device == ownJid)
                std::abort(); // we never send to ourselves
        }
    }
    if (auto bundles = bundle_query::parseKeyAnswer(*answer)) {
        for (const auto &row : *bundles) {
            if (row.bundle && row.bundle->identityKey.size() != 32)
                std::abort();
        }
    }
    (void)prekeys::parseCountAnswer(*answer);
    return 0;
}
