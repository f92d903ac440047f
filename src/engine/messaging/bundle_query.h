#pragma once

#include "binary/jid.h"
#include "binary/node.h"
#include "errors.h"
#include "signal/pre_key_bundle.h"

#include <QList>
#include <vector>

// Fetching other devices' prekey bundles before the first message to them (docs/protocol.md §10.3):
// Baileys' assertSessions query and parseAndInjectE2ESessions, whatsmeow's fetchPreKeys.
namespace balcao::bundle_query {

// <iq xmlns="encrypt" type="get" to="@s.whatsapp.net"><key><user jid/>…</key></iq> for device JIDs (kept
// as given, device part included; repeats dropped). No id: the IqClient adds it.
Node buildKeyQuery(const QList<Jid> &devices);

// One <user> of the answer: the device and its bundle, or why there is none.
struct FetchedBundle {
    Jid jid;
    Result<PreKeyBundle> bundle;
};

// Every <user> row of the answer that names a device, in order. A row is refused on its own (so the other
// devices still get the message): bundle-unavailable when the server put an <error> in it, malformed-node
// when a part is missing or has the wrong size (registration 4 bytes, type 05, identity and keys 32, ids 3,
// signature 64). Rows without a usable jid are skipped. malformed-node for an answer without <list>.
Result<std::vector<FetchedBundle>> parseKeyAnswer(const Node &answer);

} // namespace balcao::bundle_query
