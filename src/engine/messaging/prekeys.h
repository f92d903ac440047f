#pragma once

#include "auth/device_credentials.h"
#include "binary/node.h"
#include "crypto/crypto.h"
#include "errors.h"
#include "signal/signal_store.h"

#include <QList>
#include <QString>

struct signal_context;

// Our one-time prekeys (docs/protocol.md §8.2, §17.4; whatsmeow prekeys.go, Baileys Utils/signal.ts): made
// here, kept in the SignalStore for the pkmsgs that will name them, and uploaded so the server can hand them
// out in our bundle.
namespace balcao::prekeys {

// As whatsmeow (prekeys.go) does after each login: when the server holds fewer than kMinServerCount, a batch
// of kWantedCount goes up; a device that never uploaded any (none stored, none on the server) sends
// kInitialCount, as both references do for a fresh device (Baileys 7 INITIAL_PREKEY_COUNT).
inline constexpr int kWantedCount = 50;
inline constexpr int kInitialCount = 812;
inline constexpr int kMinServerCount = 5;
// No upload is ever bigger than whatsmeow's first one.
inline constexpr int kMaxUploadCount = 812;

struct OneTimePreKey {
    quint32 id = 0;
    crypto::KeyPair keyPair;
    bool operator==(const OneTimePreKey &) const = default;
};

// The id after `id`: 1..0xFFFFFE, wrapping back to 1 (0 and 0xFFFFFF are never used, see signal_store.h).
quint32 nextPreKeyId(quint32 id);

// The record libsignal-protocol-c keeps for a prekey (what the PreKeyStore stores).
Result<PreKeyRecord> makePreKeyRecord(signal_context *context, const OneTimePreKey &preKey);

// Makes `count` (1..812) fresh prekeys with ids from credentials.nextPreKeyId on, stores them (all or
// none) and advances credentials.nextPreKeyId past them; the caller saves the credentials after the upload.
// If that save is lost, the same ids are made again next time and overwrite these: they were never used.
Result<QList<OneTimePreKey>> generatePreKeys(signal_context *context, PreKeyStore &store,
    const QString &sessionId, DeviceCredentials &credentials, int count);

// <key><id>3 bytes BE</id><value>32</value></key> and <skey><id/><value/><signature/></skey>: how a one-time
// and the signed prekey travel, in uploads and in retry receipts' <keys> (§8.2, §11.5).
Node keyNode(const OneTimePreKey &preKey);
Node signedKeyNode(const SignedPreKey &signedPreKey);

// <iq xmlns="encrypt" type="get" to="@s.whatsapp.net"><count/></iq> (no id: the IqClient adds it).
Node buildCountQuery();
// The N of <count value="N"/>; malformed-node without it.
Result<int> parseCountAnswer(const Node &answer);

// <iq xmlns="encrypt" type="set" to="@s.whatsapp.net"> with <registration> (4 bytes BE), <type> 05,
// <identity> (32), <list> of <key><id 3 bytes BE/><value 32/></key>, and <skey><id/><value/><signature/>
// </skey>, as Baileys' getNextPreKeysNode. invalid-argument for credentials without keys, an empty list, or
// ids outside 1..0xFFFFFE.
Result<Node> buildUploadNode(const DeviceCredentials &credentials, const QList<OneTimePreKey> &preKeys);

} // namespace balcao::prekeys
