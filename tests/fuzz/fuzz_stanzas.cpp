// libFuzzer target for the stanza readers that run on what the server sends (docs/protocol.md §8, §10.2,
// §10.3, §11.5, §11.6, §11.7): the usync device list, the prekey bundles and the prekey count, calls,
// device-list notifications and retry requests (with the decision and the resend built on them), each on the
// node the input decodes to (token table 3, as we speak it); and the WhatsApp Web version reader on the raw
// bytes. Nothing may crash them, and what they accept must be usable. Seeds: corpus/stanzas/
// (make-seeds.mjs).
#include <auth/wa_version.h>
#include <binary/node_decoder.h>
#include <cstdint>
#include <cstdlib>
#include <messaging/addressing.h>
#include <messaging/bundle_query.h>
#include <messaging/call_stanzas.h>
#include <messaging/peer_changes.h>
#include <messaging/prekeys.h>
#include <messaging/privacy_tokens.h>
#include <messaging/retry_request.h>
#include <messaging/usync.h>

using namespace balcao;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    static const NodeDecoder decoder(TokenTableVersion::V3);
    static const Jid ownJid = *Jid::parse(u"5511900000001:3@s.whatsapp.net");
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    if (auto version = clientRevisionIn(bytes.toByteArray()); version && version->tertiary == 0)
        std::abort(); // a revision of 0 is no version
    auto answer = decoder.decode(bytes);
    if (!answer)
        return 0;
    if (auto call = calls::parseCall(*answer); call && call->callId.isEmpty())
        std::abort();
    if (auto change = PeerChanges::parseDevices(*answer);
        change && change->added.isEmpty() && change->removed.isEmpty())
        std::abort();
    if (auto retry = retry_request::parse(*answer)) {
        if (retry->id.isEmpty() || retry->count < 1)
            std::abort();
        const auto plan = retry_request::plan(*retry, false, std::nullopt, 0, 0);
        const Node resend
            = retry_request::buildResend(*retry, QStringLiteral("text"), QStringLiteral("msg"), "x", {});
        if (plan.giveUp || resend.attribute(u"to") != retry->device.toString())
            std::abort();
    }
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
    // Issue 16: who a stanza is from, privacy tokens, usync users.
    static const addressing::Own us {ownJid, Jid::parse(u"90000000000001:3@lid")};
    if (auto envelope = addressing::readDirect(*answer, us)) {
        if (envelope->sender.user.isEmpty()
            || (envelope->senderAlt && envelope->senderAlt->server == envelope->sender.server))
            std::abort(); // an alternate address is always of the other form
        if (envelope->fromMe != us.isUs(envelope->sender))
            std::abort();
    }
    if (auto tokens = privacy_token::parseNotification(*answer)) {
        for (const PrivacyToken &t : tokens->tokens) {
            if (t.token.isEmpty() || t.token.size() > 256 || t.timestamp <= 0)
                std::abort();
        }
    }
    if (auto users = usync::parseUserAnswer(*answer)) {
        for (const usync::UserInfo &u : *users) {
            if ((u.lid && !u.lid->isLid()) || (u.phone && !u.phone->isPhoneUser()))
                std::abort();
        }
    }
    return 0;
}
