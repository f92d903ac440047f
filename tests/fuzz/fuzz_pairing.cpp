// libFuzzer target for what linking reads from people and from the phone (docs/protocol.md §6, §7): phone
// numbers and pairing codes as typed, and the phone's pair-success stanza with its nested ADV protobufs. The
// first input byte picks the parser:
//   0  text: normalizePhoneNumber, userJidFromInput, PairingCode::isWellFormed
//   1  a binary node (token table 3): PairSuccess::parse, then accept
//   2  the <device-identity> bytes (ADVSignedDeviceIdentityHMAC): accept
//   3  the signed identity inside it (ADVSignedDeviceIdentity), wrapped here with the right HMAC so the
//      fuzzer gets past the HMAC check to the account signature and device details
// Credentials and the ADV secret are pairing.json's, so the seeds (corpus/pairing/) are accepted links.
#include "fuzz_vectors.h"

#include <auth/pair_success.h>
#include <auth/pairing_code.h>
#include <auth/phone_number.h>
#include <binary/node_decoder.h>
#include <cstdint>
#include <cstdlib>
#include <proto/adv.pb.h>

using namespace balcao;

namespace {

const fuzz::Vectors &vectors() {
    static const fuzz::Vectors v("pairing.json");
    return v;
}

const DeviceCredentials &credentials() {
    static const DeviceCredentials c = [] {
        DeviceCredentials d;
        d.identityKey = {vectors().bytes(QStringLiteral("pairSuccess.companionIdentityKey.priv")),
            vectors().bytes(QStringLiteral("pairSuccess.companionIdentityKey.pub"))};
        d.advSecret = vectors().bytes(QStringLiteral("pairSuccess.advSecret"));
        return d;
    }();
    return c;
}

void text(QByteArrayView input) {
    const QString s = QString::fromUtf8(input);
    if (auto digits = normalizePhoneNumber(s)) {
        for (const QChar c : *digits) {
            if (!c.isDigit() || c.unicode() > '9')
                std::abort();
        }
        // Normalising is idempotent.
        auto again = normalizePhoneNumber(*digits);
        if (!again || *again != *digits)
            std::abort();
    }
    if (auto jid = userJidFromInput(s); jid && !jid->contains(QLatin1Char('@')))
        std::abort();
    (void)PairingCode::isWellFormed(s);
}

void accept(const PairSuccess::Stanza &stanza) {
    auto accepted = PairSuccess::accept(stanza, credentials());
    if (accepted && accepted->accountSignatureKey.size() != 32)
        std::abort();
}

void node(QByteArrayView input) {
    static const NodeDecoder decoder(TokenTableVersion::V3);
    auto iq = decoder.decode(input);
    if (!iq)
        return;
    if (auto stanza = PairSuccess::parse(*iq))
        accept(*stanza);
}

PairSuccess::Stanza stanzaWith(QByteArray deviceIdentity) {
    PairSuccess::Stanza stanza;
    stanza.iqId = QStringLiteral("pair-success-1");
    stanza.deviceJid = QStringLiteral("5511900000001:3@s.whatsapp.net");
    stanza.deviceIdentity = std::move(deviceIdentity);
    return stanza;
}

void signedIdentity(QByteArrayView details) {
    wa::ADVSignedDeviceIdentityHMAC container;
    container.set_details(details.data(), std::size_t(details.size()));
    const QByteArray hmac = crypto::hmacSha256(credentials().advSecret, details);
    container.set_hmac(hmac.constData(), std::size_t(hmac.size()));
    accept(stanzaWith(QByteArray::fromStdString(container.SerializeAsString())));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    if (size == 0)
        return 0;
    const QByteArrayView input(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    switch (data[0] % 4) {
    case 0:
        text(input);
        break;
    case 1:
        node(input);
        break;
    case 2:
        accept(stanzaWith(input.toByteArray()));
        break;
    case 3:
        signedIdentity(input);
        break;
    }
    return 0;
}
