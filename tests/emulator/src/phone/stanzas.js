// The binary-node shapes the phone sends and reads (Baileys BinaryNode objects: string attributes only, bytes as
// Buffers), kept apart from the phone's logic. Shapes follow what Baileys 6.17 sends (docs/protocol.md §10.6,
// §11.4, §11.5).

export function children(node, tag) {
    return Array.isArray(node?.content) ? node.content.filter((child) => child?.tag === tag) : [];
}

export function childBytes(node, tag) {
    const found = children(node, tag)[0]?.content;
    return found instanceof Uint8Array ? Buffer.from(found) : null;
}

function uintBE(value, length) {
    const out = Buffer.alloc(length);
    out.writeUIntBE(value, 0, length);
    return out;
}

function readUintBE(bytes) {
    return bytes?.length ? bytes.readUIntBE(0, bytes.length) : 0;
}

function nowSeconds() {
    return String(Math.floor(Date.now() / 1000));
}

// <message attrs><participants><to jid><enc v="2" type …/></to>…</participants>[<device-identity>]</message>.
// encs: [{ jid, type: 'pkmsg'|'msg', ciphertext, count? }]; deviceIdentity goes in only when given; encAttrs
// (e.g. { mediatype: 'image' }) go on every <enc>, as whatsmeow's encAttrs and Baileys 7's extraAttrs do.
export function messageNode(attrs, encs, deviceIdentity, encAttrs = {}) {
    const participants = encs.map(({ jid, type, ciphertext, count }) => ({
        tag: 'to',
        attrs: { jid },
        content: [{ tag: 'enc', attrs: { v: '2', type, ...(count ? { count: String(count) } : {}), ...encAttrs }, content: ciphertext }],
    }));
    const content = [{ tag: 'participants', attrs: {}, content: participants }];
    if (deviceIdentity) content.push({ tag: 'device-identity', attrs: {}, content: deviceIdentity });
    return { tag: 'message', attrs, content };
}

// A read receipt as Baileys' readMessages sends it: the first id in the attribute, the rest in <list>. `type`
// "played" for voice notes listened to (Baileys 7 sendReceipt, the same shape).
export function readReceipt(chatJid, ids, type = 'read') {
    const node = { tag: 'receipt', attrs: { id: String(ids[0]), to: String(chatJid), t: nowSeconds(), type } };
    if (ids.length > 1) {
        node.content = [{ tag: 'list', attrs: {}, content: ids.slice(1).map((id) => ({ tag: 'item', attrs: { id: String(id) } })) }];
    }
    return node;
}

// <receipt type="retry"> as Baileys' sendRetryRequest and whatsmeow's sendRetryReceipt: <retry count id t v="1"/>,
// <registration> (4 bytes BE), and with `keys` ({ bundle, deviceIdentity }) a <keys> block: type, identity, key,
// skey, device-identity. recipient and participant are copied from the message, as whatsmeow's buildBaseReceipt.
export function retryReceipt({ id, to, recipient, participant, t, count, registrationId, keys }) {
    const content = [
        { tag: 'retry', attrs: { count: String(count), id, t: String(t ?? nowSeconds()), v: '1' } },
        { tag: 'registration', attrs: {}, content: uintBE(registrationId, 4) },
    ];
    if (keys) {
        const { bundle, deviceIdentity } = keys;
        content.push({
            tag: 'keys',
            attrs: {},
            content: [
                { tag: 'type', attrs: {}, content: Buffer.from([5]) },
                { tag: 'identity', attrs: {}, content: bundle.identityKey },
                { tag: 'key', attrs: {}, content: [
                    { tag: 'id', attrs: {}, content: uintBE(bundle.preKey.keyId, 3) },
                    { tag: 'value', attrs: {}, content: bundle.preKey.publicKey },
                ] },
                { tag: 'skey', attrs: {}, content: [
                    { tag: 'id', attrs: {}, content: uintBE(bundle.signedPreKey.keyId, 3) },
                    { tag: 'value', attrs: {}, content: bundle.signedPreKey.publicKey },
                    { tag: 'signature', attrs: {}, content: bundle.signedPreKey.signature },
                ] },
                { tag: 'device-identity', attrs: {}, content: deviceIdentity },
            ],
        });
    }
    const attrs = { id, type: 'retry', to };
    if (recipient) attrs.recipient = recipient;
    if (participant) attrs.participant = participant;
    return { tag: 'receipt', attrs, content };
}

// What a retry receipt says: { count, registrationId | null, bundle | null } (bundle from its <keys>, 32-byte
// keys). Throws when <keys> is there but incomplete.
export function parseRetryReceipt(receipt) {
    const count = Number(children(receipt, 'retry')[0]?.attrs?.count ?? 1);
    const registration = childBytes(receipt, 'registration');
    const registrationId = registration?.length === 4 ? registration.readUInt32BE(0) : null;
    const keys = children(receipt, 'keys')[0];
    if (!keys) return { count, registrationId, bundle: null };
    const skey = children(keys, 'skey')[0];
    const key = children(keys, 'key')[0];
    const bundle = {
        registrationId: registrationId ?? 0,
        identityKey: childBytes(keys, 'identity'),
        signedPreKey: { keyId: readUintBE(childBytes(skey, 'id')), publicKey: childBytes(skey, 'value'), signature: childBytes(skey, 'signature') },
    };
    const keyId = readUintBE(childBytes(key, 'id'));
    if (keyId) bundle.preKey = { keyId, publicKey: childBytes(key, 'value') };
    if (bundle.identityKey?.length !== 32 || bundle.signedPreKey.publicKey?.length !== 32 || bundle.signedPreKey.signature?.length !== 64
        || (bundle.preKey && bundle.preKey.publicKey?.length !== 32)) {
        throw new Error('retry receipt <keys> are incomplete');
    }
    return { count, registrationId, bundle };
}
