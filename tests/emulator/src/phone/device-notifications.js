// The notifications the server sends when a customer's device list or identity changes (docs/protocol.md §18),
// as plain BinaryNode objects. Shapes are what Baileys 7 (Socket/messages-recv.js handleDevicesNotification,
// Utils/identity-change-handler.js, the privacy_token case) and whatsmeow (notification.go) read:
//
//   <notification from="<user>@s.whatsapp.net" lid="<lid user>@lid" id t type="devices">
//     <add|remove device_hash="2:…" device_lid_hash="2:…">
//       <device jid="<user>:<n>@s.whatsapp.net" lid="<lid user>:<n>@lid" key-index="<k>"/>   (key-index on add)
//       <key-index-list ts="<seconds>">ADVSignedKeyIndexList</key-index-list>
//     </add|remove>
//   </notification>
// One changed device per notification: whatsmeow reads one <device> from each <add>/<remove>, Baileys 7 reads only
// the first child; one of each satisfies both. The hashes are whatsmeow's participantListHashV2 of the list after
// the change, so whatsmeow keeps its cache instead of dropping it.
//
//   <notification from="<user>@s.whatsapp.net" id t type="account_sync"><devices dhash="2:…">
//     <device jid="<user>@s.whatsapp.net"/><device jid="<user>:<n>@s.whatsapp.net" key-index="<k>"/>…
//     <key-index-list ts>…</key-index-list></devices></notification>
// goes to the account's own companions instead (whatsmeow handleOwnDevicesNotification).
//
//   <notification from="<user>@s.whatsapp.net" id t type="encrypt"><identity/></notification>      (reinstall)
//   <notification from="<user>@s.whatsapp.net" sender_lid="<lid user>@lid" id t type="privacy_token">
//     <tokens><token jid="<receiver>@s.whatsapp.net" t="<seconds>" type="trusted_contact">bytes</token></tokens>
//   </notification>
import { createHash, randomInt } from 'node:crypto';
import { WAProto as proto } from '@whiskeysockets/baileys';
import { sign } from './curve.js';

const E2EE = 0;
// The key-index list is signed like the other ADV messages (adv.js: 06 00 account, 06 01 device) with its own
// prefix, 06 02. Neither Baileys 7 nor whatsmeow checks this signature; a client that does can.
const KEY_INDEX_LIST_PREFIX = Buffer.from([6, 2]);

function nowSeconds() {
    return String(Math.floor(Date.now() / 1000));
}

// Server notification ids are decimal digits.
export function notificationId() {
    return String(randomInt(1_000_000_000, 2 ** 47));
}

// whatsmeow participantListHashV2: "2:" + unpadded base64 of the first 6 bytes of SHA-256 over the sorted
// "user.agent:device@server" strings.
export function deviceListHash(user, server, devices) {
    const joined = devices.map((d) => `${user}.0:${d}@${server}`).sort().join('');
    return `2:${createHash('sha256').update(joined).digest().subarray(0, 6).toString('base64').replace(/=+$/, '')}`;
}

// ADVSignedKeyIndexList{details: ADVKeyIndexList, accountSignature} by the phone's identity key: which ADV key
// indexes are valid now. rawId identifies the account's ADV chain.
export function signedKeyIndexList({ phoneIdentity, rawId, keyIndexes, timestamp }) {
    const details = Buffer.from(proto.ADVKeyIndexList.encode({
        rawId,
        timestamp,
        currentIndex: Math.max(0, ...keyIndexes),
        validIndexes: keyIndexes,
        accountType: E2EE,
    }).finish());
    const accountSignature = sign(phoneIdentity.priv, Buffer.concat([KEY_INDEX_LIST_PREFIX, details]));
    return Buffer.from(proto.ADVSignedKeyIndexList.encode({ details, accountSignature }).finish());
}

/**
 * account: { phone, lidUser, companions }; change: 'add' | 'remove'; device/keyIndex: the changed device;
 * after: device numbers after the change (0 first); keyIndexList: from signedKeyIndexList.
 */
export function devicesNotification({ account, change, device, keyIndex, after, keyIndexList }) {
    const t = nowSeconds();
    const deviceAttrs = { jid: `${account.phone}:${device}@s.whatsapp.net`, lid: `${account.lidUser}:${device}@lid` };
    if (change === 'add') deviceAttrs['key-index'] = String(keyIndex);
    return {
        tag: 'notification',
        attrs: { from: `${account.phone}@s.whatsapp.net`, lid: `${account.lidUser}@lid`, id: notificationId(), t, type: 'devices' },
        content: [{
            tag: change,
            attrs: {
                device_hash: deviceListHash(account.phone, 's.whatsapp.net', after),
                device_lid_hash: deviceListHash(account.lidUser, 'lid', after),
            },
            content: [
                { tag: 'device', attrs: deviceAttrs },
                { tag: 'key-index-list', attrs: { ts: t }, content: keyIndexList },
            ],
        }],
    };
}

/** devices: [{ device, keyIndex }] after the change, the phone (device 0, no key index) first. */
export function ownDevicesNotification({ account, devices, keyIndexList }) {
    const t = nowSeconds();
    const list = devices.map(({ device, keyIndex }) => ({
        tag: 'device',
        attrs: device ? { jid: `${account.phone}:${device}@s.whatsapp.net`, 'key-index': String(keyIndex) } : { jid: `${account.phone}@s.whatsapp.net` },
    }));
    return {
        tag: 'notification',
        attrs: { from: `${account.phone}@s.whatsapp.net`, id: notificationId(), t, type: 'account_sync' },
        content: [{
            tag: 'devices',
            attrs: { dhash: deviceListHash(account.phone, 's.whatsapp.net', devices.map((d) => d.device)) },
            content: [...list, { tag: 'key-index-list', attrs: { ts: t }, content: keyIndexList }],
        }],
    };
}

// whatsmeow handleEncryptNotification and Baileys 7 handleIdentityChange: drop the sessions with that user and
// fetch a new bundle before the next message.
export function identityChangeNotification(account) {
    return {
        tag: 'notification',
        attrs: { from: `${account.phone}@s.whatsapp.net`, id: notificationId(), t: nowSeconds(), type: 'encrypt' },
        content: [{ tag: 'identity', attrs: {} }],
    };
}

// Baileys 7 stores the token under sender_lid when given (else the LID it maps `from` to), and notes that in a
// notification the <token jid> is the receiver's own jid, not the sender's; whatsmeow reads only t, type and the
// bytes. Both follow the notification's sender for whom the token is from.
export function privacyTokenNotification({ from, receiverJid, token, timestamp }) {
    return {
        tag: 'notification',
        attrs: { from: `${from.phone}@s.whatsapp.net`, sender_lid: `${from.lidUser}@lid`, id: notificationId(), t: nowSeconds(), type: 'privacy_token' },
        content: [{
            tag: 'tokens',
            attrs: {},
            content: [{ tag: 'token', attrs: { jid: receiverJid, t: String(timestamp), type: 'trusted_contact' }, content: token }],
        }],
    };
}
