#pragma once

#include "auth/device_credentials.h"
#include "binary/node.h"
#include "errors.h"

#include <QList>
#include <QString>

// The stanzas of linking a companion (docs/protocol.md §6–7), as build/parse pairs: the server's
// pair-device offer of QR refs, and the two iqs of linking by code with the phone's notification between
// them (Baileys requestPairingCode, whatsmeow pair-code.go).
namespace balcao::pairing {

// The refs of <iq type="set"><pair-device><ref>…</ref>…</pair-device></iq>, in order; malformed-node when
// there is no pair-device child or no ref.
Result<QList<QByteArray>> parsePairDevice(const Node &iq);
// Our <iq to="s.whatsapp.net" type="result" id=…/> acknowledging it.
Node buildPairDeviceAnswer(const Node &iq);

struct CompanionHello {
    QString phoneJid; // "<digits>@s.whatsapp.net"
    QByteArray wrappedEphemeral; // PairingCode::wrappedCompanionEphemeral()
    QByteArray noisePublicKey;
    QString deviceName; // shown in the phone's list of linked devices
};
// <iq type="set" xmlns="md"><link_code_companion_reg stage="companion_hello" jid
// should_show_push_notification="true">…</link_code_companion_reg></iq>, without an id.
Node buildCompanionHello(const CompanionHello &hello);
// The pairing ref of its result (empty when the server sent none).
QByteArray parseCompanionHelloAnswer(const Node &answer);

// What the phone's <notification type="link_code_companion_reg"> carries once the user typed the code.
struct PrimaryHello {
    QByteArray ref;
    QByteArray primaryIdentityPub;
    QByteArray wrappedPrimaryEphemeral;
};
// malformed-node when a part is missing.
Result<PrimaryHello> parsePrimaryHello(const Node &notification);

struct CompanionFinish {
    QString phoneJid;
    QByteArray wrappedKeyBundle;
    QByteArray identityPublicKey;
    QByteArray ref;
};
// <iq type="set" xmlns="md"><link_code_companion_reg stage="companion_finish" jid>…</…></iq>, without an id.
Node buildCompanionFinish(const CompanionFinish &finish);

} // namespace balcao::pairing
