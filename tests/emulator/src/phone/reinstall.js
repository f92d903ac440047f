// A customer reinstalls WhatsApp (POST /phones/{p}/reinstall): the phone gets a new identity key, registration
// id, signed prekey and one-time prekeys, and loses every session (Phone.reinstall). The server then tells each
// companion that talks with the account (traffic.js peers) with <notification type="encrypt"><identity/>, on
// which whatsmeow (handleEncryptNotification) deletes that user's identities and sessions and Baileys 7
// (Utils/identity-change-handler.js) fetches a fresh bundle for the user's primary device.
//
// The account's own linked devices were vouched for by the old identity key (their ADV account signature), which
// the new install cannot stand behind: by default they are unlinked (companions with
// <stream:error code="401"><conflict type="device_removed"/>, extra devices quietly) and peers hear a devices
// "remove" for each. With {"unlinkCompanions": false} they stay and get the identity notification too.
import { identityChangeNotification } from './device-notifications.js';

export async function reinstallPhone({ hub, traffic, extraDevices }, account, { unlinkCompanions = true } = {}) {
    await account.phoneDevice.reinstall();
    const unlinked = [];
    if (unlinkCompanions) {
        for (const record of [...account.companions.values()]) {
            if (extraDevices.linked(account).includes(record.simulated)) {
                await extraDevices.remove(account, record.device);
            } else {
                await hub.disconnect(record.jid, 401).catch(() => hub.removeDevice(record.jid, 'its phone reinstalled'));
                await extraDevices.announce(account, 'remove', { device: record.device, keyIndex: record.keyIndex });
            }
            unlinked.push(record.jid);
        }
    }
    const notified = [];
    const receivers = [...traffic.peersOf(account).flatMap((peer) => [...peer.companions.values()]), ...account.companions.values()];
    for (const companion of receivers) {
        hub.router.deliver(companion.jid, identityChangeNotification(account));
        notified.push(companion.jid);
    }
    hub.persist();
    return {
        identityKey: account.phoneDevice.identityKeyPair.pub.toString('base64'),
        registrationId: account.phoneDevice.registrationId,
        unlinked,
        notified,
    };
}
