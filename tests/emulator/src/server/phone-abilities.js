// What the simulated phones can do beyond texting that needs the network's help (issue #15): extra devices,
// reinstalls, privacy tokens, and the traffic record they and the tests read. Installed on a hub as
// `hub.abilities` once a saved network (--state) is loaded, before anything is routed.
import protobuf from 'protobufjs/minimal.js';
import { Traffic } from './traffic.js';
import { ExtraDevices } from '../phone/extra-devices.js';
import { reinstallPhone } from '../phone/reinstall.js';
import { privacyTokenNotification } from '../phone/device-notifications.js';

// Message.ProtocolMessage.Type.LID_MIGRATION_MAPPING_SYNC in Baileys 7's WAProto.
const LID_MIGRATION_MAPPING_SYNC = 22;

// Message{protocolMessage(12): {type(2): 22, lidMigrationMappingSyncMessage(23): {encodedMappingPayload(1):
// LIDMigrationMappingSyncPayload{pnToLidMappings(1): [{pn(1), assignedLid(2)}], chatDbMigrationTimestamp(2)}}}},
// field numbers from Baileys 7's WAProto.proto. Written by hand: Baileys 6.17's WAProto (the phone's) has no such
// message, and the two lines share protobufjs's root, so which one `proto` is depends on which loaded first.
function lidMigrationMessage(contacts, timestamp) {
    const payload = protobuf.Writer.create();
    for (const c of contacts) payload.uint32((1 << 3) | 2).fork().uint32(1 << 3).uint64(Number(c.phone)).uint32(2 << 3).uint64(Number(c.lidUser)).ldelim();
    payload.uint32(2 << 3).uint64(timestamp);
    const sync = protobuf.Writer.create().uint32((1 << 3) | 2).bytes(payload.finish()).finish();
    const protocol = protobuf.Writer.create().uint32(2 << 3).int32(LID_MIGRATION_MAPPING_SYNC).uint32((23 << 3) | 2).bytes(sync).finish();
    return Buffer.from(protobuf.Writer.create().uint32((12 << 3) | 2).bytes(protocol).finish());
}

export function installPhoneAbilities(hub) {
    const traffic = new Traffic({ router: hub.router, registry: hub.registry });
    const extraDevices = new ExtraDevices({ hub, traffic });
    extraDevices.revive();
    hub.abilities = {
        traffic,
        extraDevices,
        reinstall: (account, options) => reinstallPhone({ hub, traffic, extraDevices }, account, options),
        /**
         * `from` gives `to` a trusted-contact token (its phone, or its companion `by` through the privacy iq):
         * the server records it (a 463 check accepts it) and every device of `to` hears it.
         */
        privacyToken(from, to, { t, by } = {}) {
            const { token, t: timestamp } = hub.router.tokens.issue(from, to, { t, by });
            const devices = to.deviceJids();
            for (const jid of devices) {
                hub.router.deliver(jid, privacyTokenNotification({ from, receiverJid: to.jid, token, timestamp }));
            }
            return { token: token.toString('base64'), t: timestamp, devices };
        },
        /**
         * POST /phones/{p}/lid-migration: `account`'s phone sends its own companions (not its simulated extra
         * devices) the PN↔LID mappings of `contacts` (default: its peers) in a LID-migration mapping sync message.
         */
        async lidMigration(account, contacts = traffic.peersOf(account)) {
            const list = contacts.filter((c) => c !== account);
            if (!list.length) throw new Error(`${account.phone} has no contacts to map (no peers yet; name them in "contacts")`);
            const companions = [...account.companions.values()].filter((c) => !c.simulated).map((c) => c.jid);
            if (!companions.length) throw new Error(`${account.phone} has no linked companion`);
            const plaintext = lidMigrationMessage(list, Math.floor(Date.now() / 1000));
            const { id, devices } = await account.phoneDevice.sendOwnPeerMessage(companions, plaintext);
            return { id, devices, mappings: list.map((c) => ({ pn: c.jid, lid: `${c.lidUser}@lid` })) };
        },
    };
    return hub.abilities;
}
