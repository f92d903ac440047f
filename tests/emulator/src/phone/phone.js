// A simulated primary phone (device 0) of one account: it links companions (QR and pairing code), sends and
// receives 1:1 texts with Signal through the emulator's network object, and records what it got.
// The network object (src/server) provides devicesOf, takeBundle, routeFromDevice and sendFromDevice
// (/work/emulator-phone-interface.md).
import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { WAProto as proto } from '@whiskeysockets/baileys';
import { proto as proto7 } from 'baileys';
import { buildSelfDeviceIdentity, buildSignedDeviceIdentity, checkDeviceSignature } from './adv.js';
import * as pairCode from './pair-code.js';
import { pad, unpad } from './padding.js';
import { parseJid, SignalDevice } from './signal-device.js';
import { children, messageNode, parseRetryReceipt, readReceipt } from './stanzas.js';
import { RetryRequests } from './retry-requests.js';
import { PhoneCalls } from './calls.js';
import { PhoneMedia } from './media.js';
import { buildVcard, describe, mediaTypeOf, stanzaTypeOf } from './message-kinds.js';

const USER_SERVER = 's.whatsapp.net';
const APP_STATE_KEY_ID = Buffer.from([0, 0, 0, 0, 0, 6]);
// Enum values as numbers (the same in both Baileys lines' WAProto), because the generated enum objects move
// between the lines (Message.HistorySyncNotification.HistorySyncType in 6.17, Message.HistorySyncType in 7).
const PROTOCOL_HISTORY_SYNC_NOTIFICATION = 5;
const PROTOCOL_APP_STATE_SYNC_KEY_SHARE = 6;
const HISTORY_NON_BLOCKING_DATA = 5;
// Baileys' maxMsgRetryCount: retry receipts past this count for one message are not answered. (How many this
// phone asks for itself is retry-requests.js's bound.)
const MAX_RETRIES = 5;
// Sent messages kept for answering retry receipts (a real phone keeps them in its database).
const KEEP_SENT = 1000;

// The user (device 0) form of a jid. LID jids stay LIDs: the phone cannot map them to a number by itself.
function userJid(jid) {
    const { user, server } = parseJid(jid);
    return `${user}@${server === 'lid' ? 'lid' : USER_SERVER}`;
}

// 'lid' or 's.whatsapp.net'.
function formOf(jid) {
    return parseJid(jid).server === 'lid' ? 'lid' : USER_SERVER;
}

// Same shape as Baileys' generateMessageIDV2 output: "3EB0" and 18 upper-case hex digits.
function newMessageId() {
    return `3EB0${randomBytes(9).toString('hex').toUpperCase()}`;
}

export class Phone {
    #phone;
    #name;
    #network;
    #signal = null;
    #appStateKey = null;
    #ownIdentity = null; // ADVSignedDeviceIdentity for <device-identity>, made on first use
    #queue = Promise.resolve();
    #sent = new Map(); // message id -> { to, message } for retry receipts
    #sessionForms = new Map(); // peer device (number form) -> the form its current session is known under (#sessionFor)
    #seenKeys = new Set(); // "senderUserJid/id" of every message recorded

    messages = []; // [{ id, from, text, timestamp, chat, fromDevice, kind, location?, contact?, contacts? }], one per (sender, id)
    redeliveries = 0; // decrypted messages whose (sender, id) the phone already had
    receipts = []; // [{ id, type, from }]
    failures = []; // [{ id, from, error }] messages that did not decrypt or decode
    retries; // RetryRequests: what this phone asked again, and fail-decrypt faults
    calls; // PhoneCalls: calls this phone placed
    media; // PhoneMedia: media sent and received, and the media retries asked of this phone

    constructor({ phone, name, network }) {
        if (!/^[0-9]{5,20}$/.test(String(phone))) throw new Error(`phone must be digits only, got "${phone}"`);
        this.#phone = String(phone);
        this.#name = name ?? this.#phone;
        this.#network = network;
        this.retries = new RetryRequests({
            owner: this.jid,
            registrationId: () => this.registrationId,
            keys: () => ({ bundle: this.#device().takeBundle(), deviceIdentity: this.#selfDeviceIdentity() }),
            send: (receipt) => this.#network.sendFromDevice(this.jid, receipt),
        });
        this.calls = new PhoneCalls({ phone: this, network });
        this.media = new PhoneMedia({ jid: this.jid, network, userOf: (jid) => userJid(this.#sessionJid(jid)) });
    }

    // Signal identity, registration id, signed prekey (id 1) and 50 one-time prekeys (ids 1..50).
    async init() {
        this.#signal ??= new SignalDevice();
        this.#appStateKey ??= randomBytes(32);
        return this;
    }

    // The phone's whole state as JSON-safe values (see SignalDevice.toJSON); Phone.fromJSON brings it back.
    toJSON() {
        return {
            phone: this.#phone,
            name: this.#name,
            signal: this.#device().toJSON(),
            appStateKey: this.#appStateKey.toString('base64'),
            sent: [...this.#sent].map(([id, { to, message }]) => [id, to, Buffer.from(proto.Message.encode(message).finish()).toString('base64')]),
        };
    }

    static fromJSON(json, network) {
        const phone = new Phone({ phone: json.phone, name: json.name, network });
        phone.#signal = SignalDevice.fromJSON(json.signal ?? {});
        phone.#appStateKey = Buffer.from(String(json.appStateKey ?? ''), 'base64');
        if (phone.#appStateKey.length !== 32) throw new Error('saved phone state has no app-state key');
        for (const [id, to, message] of json.sent ?? []) {
            phone.#sent.set(id, { to, message: proto.Message.decode(Buffer.from(message, 'base64')) });
        }
        return phone;
    }

    get jid() {
        return `${this.#phone}@${USER_SERVER}`;
    }

    get name() {
        return this.#name;
    }

    get identityKeyPair() {
        return this.#device().identityKeyPair;
    }

    get registrationId() {
        return this.#device().registrationId;
    }

    takeBundle() {
        return this.#device().takeBundle();
    }

    // The ADV identity that goes with this phone's pkmsg (<device-identity>).
    get deviceIdentity() {
        return this.#selfDeviceIdentity();
    }

    // Signal encryption for other stanzas than texts (call keys): [{ jid, content }] -> [{ jid, type, ciphertext }].
    encryptFor(targets) {
        return this.#encryptFor(targets);
    }

    // WhatsApp reinstalled on this phone: a new identity key pair, registration id, signed prekey and one-time
    // prekeys; every session (and so every ratchet) of the old install is gone. Telling others is the network's
    // part (reinstall.js).
    async reinstall() {
        await this.#exclusive(() => {
            this.#signal = new SignalDevice();
            this.#ownIdentity = null;
            this.retries.reset();
        });
    }

    // ---- linking (docs/protocol.md §6.3, §7) ----

    buildPairSuccess({ companionIdentityPub, advSecret, keyIndex, rawId, timestamp }) {
        const { deviceIdentity } = buildSignedDeviceIdentity({
            phoneIdentity: this.identityKeyPair,
            companionIdentityPub: Buffer.from(companionIdentityPub),
            advSecret: Buffer.from(advSecret),
            keyIndex,
            rawId,
            timestamp,
        });
        return { deviceIdentity, keyIndex };
    }

    verifyPairDeviceSign(replyDeviceIdentity, companionIdentityPub) {
        return checkDeviceSignature(replyDeviceIdentity, Buffer.from(companionIdentityPub), this.identityKeyPair.pub).ok;
    }

    primaryHello({ code, wrappedCompanionEphemeral }) {
        const identity = this.identityKeyPair;
        const { wrappedPrimaryEphemeral, state } = pairCode.primaryHello({
            code,
            wrappedCompanionEphemeral: Buffer.from(wrappedCompanionEphemeral),
            primaryIdentity: identity,
        });
        return { primaryIdentityPub: identity.pub, wrappedPrimaryEphemeral, state };
    }

    companionFinish(state, { wrappedKeyBundle, companionIdentityPub }) {
        return pairCode.companionFinish(state, {
            wrappedKeyBundle: Buffer.from(wrappedKeyBundle),
            companionIdentityPub: Buffer.from(companionIdentityPub),
        });
    }

    // ---- messaging (docs/protocol.md §10, §11) ----

    // Encrypts to every device of the recipient and, as deviceSentMessage, to this account's companions, then
    // hands the <message><participants> to the server as a real client sends it. Addressed as whatsmeow's
    // SendMessage does (send.go): to the contact's LID with peer_recipient_pn, our own devices as LID devices;
    // `addressing: 'pn'` sends it the old way instead (to the number, every device by number).
    // `corrupt`: a fault for tests — the text is encrypted as usual (the sender's ratchet moves on, as a real
    // sender's would) but one byte of each ciphertext is flipped on the way, so no receiver can decrypt it.
    // `keepSession`: go on with the session the phone has with each device even when the address form changes
    // (what a peer that moves its sessions to the LID, as whatsmeow and Baileys 7 do, expects).
    async sendText(toUserJid, text, options) {
        return this.sendMessage(toUserJid, { conversation: String(text) }, options);
    }

    // Any Message proto (a plain object or a Baileys proto) through the same 1:1 path as a text. The stanza is
    // labelled as whatsmeow labels it (message-kinds.js): type="media" and <enc mediatype> for media, contacts and
    // the like, type="text" for texts and locations. `id` may be given (media keeps its record under it first).
    async sendMessage(toUserJid, message, { corrupt = false, addressing = 'lid', keepSession = false, id: givenId } = {}) {
        const named = userJid(toUserJid);
        const lid = addressing !== 'pn';
        const to = (await this.#network.userOf?.(named, lid ? 'lid' : 'pn')) ?? named;
        const own = (await this.#network.userOf?.(this.jid, lid ? 'lid' : 'pn')) ?? this.jid;
        const mine = { deviceSentMessage: { destinationJid: to, message } };
        const self = to === own;
        const peerDevices = (await this.#network.devicesOf(to)).filter((jid) => jid !== own);
        const ownDevices = self ? [] : (await this.#network.devicesOf(own)).filter((jid) => jid !== own);
        const targets = [
            ...peerDevices.map((jid) => ({ jid, content: message })),
            ...ownDevices.map((jid) => ({ jid, content: mine })),
        ];
        const encs = await this.#encryptFor(targets, { keepSession });
        if (!encs.length) throw new Error(`no device of ${to} could be reached (no session and no bundle)`);
        if (corrupt) {
            for (const enc of encs) {
                enc.ciphertext = Buffer.from(enc.ciphertext);
                enc.ciphertext[enc.ciphertext.length - 3] ^= 0xff; // inside the MAC of the Signal message
            }
        }
        const id = givenId ?? newMessageId();
        this.#remember(id, { to, message });
        const attrs = { id, type: stanzaTypeOf(message), to };
        if (lid && !self) attrs.peer_recipient_pn = await this.#network.userOf?.(to, 'pn');
        await this.#route(attrs, encs, message);
        return { id };
    }

    // POST /phones/{p}/media: encrypted and uploaded with Baileys 7 (media.js), then sent like any message.
    // -> { id, sha256 (hex, of the plaintext), size, directPath }.
    async sendMedia(toUserJid, kind, { data, mimetype, fileName, caption, seconds, addressing }) {
        const { message, field } = await this.media.prepare(kind, { data, mimetype, fileName, caption, seconds });
        const id = newMessageId();
        const media = this.media.rememberSent(id, { kind, field, message, data, to: toUserJid });
        await this.sendMessage(toUserJid, message, { addressing, id });
        return { id, sha256: Buffer.from(media.fileSha256).toString('hex'), size: Number(media.fileLength), directPath: media.directPath };
    }

    // POST /phones/{p}/location: a pinned location, or a live one (whose first update this is).
    async sendLocation(toUserJid, { latitude, longitude, name, address, live = false }) {
        const message = live
            ? { liveLocationMessage: { degreesLatitude: latitude, degreesLongitude: longitude, caption: name ?? undefined, sequenceNumber: 1 } }
            : { locationMessage: { degreesLatitude: latitude, degreesLongitude: longitude, name: name ?? undefined, address: address ?? undefined } };
        return this.sendMessage(toUserJid, message);
    }

    // POST /phones/{p}/contact: a shared contact card (vCard 3.0, built from a name and number when not given).
    async sendContact(toUserJid, { displayName, vcard, phone }) {
        const card = vcard ?? buildVcard(displayName, phone);
        return this.sendMessage(toUserJid, { contactMessage: { displayName, vcard: card } });
    }

    // POST /phones/{p}/lid-migration: the phone tells its own companions the LIDs of its contacts in a peer
    // protocolMessage (LID_MIGRATION_MAPPING_SYNC, lidMigrationMappingSyncMessage.encodedMappingPayload = an
    // LIDMigrationMappingSyncPayload), which whatsmeow (storeLIDSyncMessage, assignedLid) and Baileys 7
    // (process-message.js, latestLid || assignedLid) store as PN↔LID mappings. `plaintext` is that Message already
    // encoded (phone-abilities.js; Baileys 6.17's WAProto, which the phone uses, lacks the field).
    async sendOwnPeerMessage(companionJids, plaintext) {
        const encs = await this.#encryptFor(companionJids.map((jid) => ({ jid, plaintext })));
        if (!encs.length) throw new Error('no companion of this phone could be reached');
        const id = newMessageId();
        await this.#route({ id, type: 'text', to: this.jid, category: 'peer', push_priority: 'high_force' }, encs);
        return { id, devices: encs.map((e) => e.jid) };
    }

    // A burst for benchmarks (POST /phones/{p}/burst): every text is encrypted first, then `send()` routes them
    // back to back, so what is timed is the receiver, not this phone's JavaScript Signal. Only the recipient's
    // companions are addressed: its own phone would be another machine in the real network, and decrypting
    // here would take the CPU the receiver is measured on.
    async prepareBurst(toUserJid, texts) {
        const to = userJid(toUserJid);
        const companions = (await this.#network.devicesOf(to)).filter((jid) => jid !== this.jid && parseJid(jid).device !== 0);
        if (!companions.length) throw new Error(`${to} has no linked companion`);
        const prepared = [];
        for (const text of texts) {
            const encs = await this.#encryptFor(companions.map((jid) => ({ jid, content: { conversation: String(text) } })));
            if (encs.length) prepared.push({ id: newMessageId(), encs });
        }
        if (!prepared.length) throw new Error(`no companion of ${to} could be reached (no session and no bundle)`);
        return {
            to,
            companions,
            ids: prepared.map((p) => p.id),
            send: async () => {
                for (const { id, encs } of prepared) await this.#route({ id, type: 'text', to }, encs);
            },
        };
    }

    // <device-identity> goes with every message that carries a pkmsg (§10.6); each <enc> gets the content's
    // mediatype when it has one (message-kinds.js).
    async #route(attrs, encs, message) {
        const identity = encs.some((enc) => enc.type === 'pkmsg') ? this.#selfDeviceIdentity() : null;
        const mediatype = message ? mediaTypeOf(message) : '';
        await this.#network.routeFromDevice(this.jid, messageNode(attrs, encs, identity, mediatype ? { mediatype } : undefined));
    }

    #remember(id, sent) {
        this.#sent.set(id, sent);
        if (this.#sent.size > KEEP_SENT) this.#sent.delete(this.#sent.keys().next().value);
    }

    // The two peer messages Baileys 6.17 needs from its phone before it releases buffered events (§15.5):
    // the app-state sync key, then a history-sync notification. Its kind (NON_BLOCKING_DATA) is one Baileys 6.17
    // does not process; Baileys 7 does, so the (empty) history rides inline, zlib-compressed as a real phone
    // sends a small bootstrap chunk, instead of pointing at media the emulator does not serve.
    async bootstrapCompanion(companionJid) {
        const keyShare = {
            protocolMessage: {
                type: PROTOCOL_APP_STATE_SYNC_KEY_SHARE,
                appStateSyncKeyShare: {
                    keys: [{
                        keyId: { keyId: APP_STATE_KEY_ID },
                        keyData: { keyData: this.#appStateKey, timestamp: Date.now() },
                    }],
                },
            },
        };
        const historyNotification = {
            protocolMessage: {
                type: PROTOCOL_HISTORY_SYNC_NOTIFICATION,
                historySyncNotification: {
                    syncType: HISTORY_NON_BLOCKING_DATA,
                    chunkOrder: 1,
                    progress: 100,
                    initialHistBootstrapInlinePayload: deflateSync(proto.HistorySync.encode({
                        syncType: HISTORY_NON_BLOCKING_DATA,
                        chunkOrder: 1,
                        progress: 100,
                    }).finish()),
                },
            },
        };
        const ids = [];
        for (const content of [keyShare, historyNotification]) {
            const encs = await this.#encryptFor([{ jid: companionJid, content }]);
            if (!encs.length) throw new Error(`cannot reach ${companionJid}: no session and no bundle`);
            const id = newMessageId();
            await this.#route({ id, type: 'text', to: this.jid, category: 'peer', push_priority: 'high_force' }, encs);
            ids.push(id);
        }
        return { ids };
    }

    // Every stanza the server addresses to this phone. Never throws: failures are recorded.
    async onStanza(node) {
        try {
            if (node?.tag === 'message') await this.#onMessage(node);
            else if (node?.tag === 'receipt') await this.#onReceipt(node);
            else if (node?.tag === 'call') await this.calls.onCall(node);
        } catch (error) {
            this.failures.push({ id: node?.attrs?.id, from: node?.attrs?.from, error: error.message });
        }
    }

    // A read receipt as Baileys' readMessages sends it: the first id in the attribute, the rest in <list>.
    async sendRead(chatJid, ids) {
        if (!ids?.length) return;
        await this.#network.sendFromDevice(this.jid, readReceipt(chatJid, ids));
    }

    // Voice notes listened to: the same receipt with type="played" (Baileys 7 sendReceipt(…, 'played'), whatsmeow
    // MarkRead with ReceiptTypePlayed).
    async sendPlayed(chatJid, ids) {
        if (!ids?.length) return;
        await this.#network.sendFromDevice(this.jid, readReceipt(chatJid, ids, 'played'));
    }

    async #onMessage(node) {
        const { id, from, t, recipient, participant, type } = node.attrs ?? {};
        // Recorded under the sender's number whichever form it wrote from (GET /phones/{p}/messages).
        const sender = userJid(this.#sessionJid(from));
        const fromMe = sender === this.jid;
        let text = null;
        let content = null; // what message-kinds.describe makes of it (read with Baileys 7's WAProto)
        let failure = null;
        if (participant) {
            failure = 'group messages are not simulated';
        } else if (this.retries.takeForcedFailure(from)) {
            // POST /phones/{p}/fail-decrypt: not even tried, so the sessions stay as a real failure leaves them.
            failure = 'fail-decrypt: treated as undecryptable';
        } else {
            const encs = children(node, 'enc');
            if (!encs.length) failure = 'no <enc> in message';
            for (const enc of encs) {
                try {
                    const plain = await this.#exclusive(async () => {
                        const decrypted = await this.#device().decrypt(this.#sessionJid(from), enc.attrs?.type, enc.content);
                        // a pkmsg started the session the peer now has under the form it wrote from
                        if (enc.attrs?.type === 'pkmsg') this.#sessionForms.set(this.#sessionJid(from), formOf(from));
                        return decrypted;
                    });
                    const bytes = unpad(plain);
                    let message = proto.Message.decode(bytes);
                    message = message.deviceSentMessage?.message ?? message;
                    text = message.conversation || message.extendedTextMessage?.text || text;
                    let described = { kind: null };
                    try {
                        described = describe(proto7.Message.decode(bytes));
                    } catch {
                        /* read as a text only, as before */
                    }
                    if (described.kind) {
                        content = described;
                        text = described.text;
                    } else if (text !== null) content = { kind: 'text', text };
                } catch (error) {
                    failure = `${enc.attrs?.type ?? '?'}: ${error.message}`;
                }
            }
        }
        if (failure) {
            this.failures.push({ id, from, error: failure });
            if (!participant) await this.#askForRetry(node);
        } else {
            // A phone keeps one copy per message key, as WhatsApp's own apps do: a sender that resends an id
            // (its ack was lost) is counted as a redelivery, not shown twice.
            const key = `${sender}/${id}`;
            this.retries.decrypted(id, from);
            if (content && this.#seenKeys.has(key)) {
                this.redeliveries += 1;
            } else if (content) {
                this.#seenKeys.add(key);
                const chat = fromMe && recipient ? userJid(this.#sessionJid(recipient)) : sender;
                const entry = { id, from: sender, text, timestamp: Number(t), chat, fromDevice: from, kind: content.kind };
                if (content.location) entry.location = content.location;
                if (content.contact) entry.contact = content.contact;
                if (content.contacts) entry.contacts = content.contacts;
                this.messages.push(entry);
                // Media is fetched in the background, as a phone downloads while the chat goes on.
                if (content.media) this.media.onReceived({ id, chat, fromMe, described: content });
            }
            // Delivery receipt as Baileys sends it for an active client; "peer_msg" for peer messages from our own
            // companions, "sender" for their copies of what they sent.
            const receipt = node.attrs.category === 'peer'
                ? { id, to: from, type: 'peer_msg' }
                : fromMe && recipient ? { id, to: from, recipient, type: 'sender' } : { id, to: from };
            await this.#network.sendFromDevice(this.jid, { tag: 'receipt', attrs: receipt });
        }
        const ack = { id, to: from, class: 'message' };
        if (type) ack.type = type;
        if (recipient) ack.recipient = recipient;
        await this.#network.sendFromDevice(this.jid, { tag: 'ack', attrs: ack });
    }

    async #onReceipt(node) {
        const { id, from, type, participant } = node.attrs ?? {};
        const kind = type === undefined || type === 'inactive' ? 'delivery' : type === 'read' || type === 'read-self' ? 'read' : type === 'played-self' ? 'played' : type;
        const ids = [id, ...children(node, 'list').flatMap((list) => children(list, 'item').map((item) => item.attrs?.id))];
        // `from` by number whichever form the receipt came in (GET /phones/{p}/receipts).
        for (const each of ids.filter(Boolean)) this.receipts.push({ id: each, type: kind, from: this.#sessionJid(from) });
        const ack = { id, to: from, class: 'receipt' };
        if (type) ack.type = type;
        if (participant) ack.participant = participant;
        await this.#network.sendFromDevice(this.jid, { tag: 'ack', attrs: ack });
        if (type === 'retry') await this.#resend(node);
        if (type === 'server-error') await this.#mediaRetry(node);
    }

    // One of our companions could not download a message's media and asks this phone to upload it again (media.js).
    async #mediaRetry(receipt) {
        const from = receipt.attrs?.from;
        const ownDevice = Boolean(from) && userJid(this.#sessionJid(from)) === this.jid && parseJid(from).device !== 0;
        const notification = await this.media.onServerError(receipt, { ownDevice });
        if (notification) await this.#network.sendFromDevice(this.jid, notification);
    }

    // A message from `from` did not decrypt: ask its sender to send it again (§11.5). From the second request on,
    // a fresh prekey bundle goes with it so the sender can start a new session (retry-requests.js).
    async #askForRetry(node) {
        await this.retries.ask(node);
    }

    // A device could not decrypt a message of ours: encrypt it again for that device only. With <keys> (or
    // after a first failed retry, or when the device re-registered) the session starts over from a new bundle.
    async #resend(receipt) {
        const { id, from } = receipt.attrs ?? {};
        const sent = this.#sent.get(id);
        if (!sent || !from) return;
        const { count, registrationId, bundle: offered } = parseRetryReceipt(receipt);
        if (!(count >= 1 && count <= MAX_RETRIES)) return;
        const session = this.#sessionJid(from);
        const content = userJid(session) === this.jid ? { deviceSentMessage: { destinationJid: sent.to, message: sent.message } } : sent.message;
        const encs = await this.#exclusive(async () => {
            const device = this.#device();
            let bundle = offered;
            if (!bundle && (count > 1 || (registrationId !== null && device.remoteRegistrationId(session) !== registrationId))) {
                bundle = await this.#network.takeBundle(from);
            }
            if (bundle) {
                await device.initOutgoing(session, bundle);
                this.#sessionForms.set(session, formOf(from));
            }
            if (!(await this.#sessionFor(device, from))) return [];
            const { type, ciphertext } = await device.encrypt(session, pad(proto.Message.encode(content).finish()));
            return [{ jid: from, type, ciphertext, count }];
        });
        if (encs.length) await this.#route({ id, type: stanzaTypeOf(sent.message), to: sent.to, device_fanout: 'false' }, encs, sent.message);
    }

    // Sessions first (a bundle from the server where there is none), then one <to> per device. Devices the
    // server has no bundle for are left out, as a real client leaves out devices whose keys it cannot fetch.
    async #encryptFor(targets, { keepSession = false } = {}) {
        return this.#exclusive(async () => {
            const device = this.#device();
            const encs = [];
            for (const { jid, content, plaintext } of targets) {
                const session = this.#sessionJid(jid);
                if (!(await this.#sessionFor(device, jid, { keepSession }))) continue;
                const { type, ciphertext } = await device.encrypt(session, pad(plaintext ?? proto.Message.encode(content).finish()));
                encs.push({ jid, type, ciphertext });
            }
            return encs;
        });
    }

    // An open session with peer device `jid` that the peer knows under the form `jid` is written in; false when
    // none can be made. The phone keeps one session per peer device, but a peer may keep one per address form
    // (Baileys 6.17 keys sessions by address and never moves them to the LID): so when the phone writes to a
    // device in another form than the one its current session was made or last started under, it starts a
    // new session from a fresh bundle (a pkmsg the peer can always read). Older sessions stay in the record, so
    // what the peer still sends under the old one decrypts. Not saved with --state (unknown means "keep").
    async #sessionFor(device, jid, { keepSession = false } = {}) {
        const session = this.#sessionJid(jid);
        const known = this.#sessionForms.get(session);
        if (device.hasSession(session) && (keepSession || known === undefined || known === formOf(jid))) return true;
        const bundle = await this.#network.takeBundle(jid);
        if (!bundle) return device.hasSession(session);
        await device.initOutgoing(session, bundle);
        this.#sessionForms.set(session, formOf(jid));
        return true;
    }

    // The address a peer device's Signal session is kept under: its phone-number device jid, whichever form a
    // message used, so a peer that writes by LID and by number reaches the same session here.
    #sessionJid(jid) {
        return this.#network.pnDevice?.(jid) ?? jid;
    }

    // Made once: it is the same for every message (as a device's ADV identity is), and XEdDSA in pure JS costs
    // about 20 ms per signature.
    #selfDeviceIdentity() {
        this.#ownIdentity ??= buildSelfDeviceIdentity(this.identityKeyPair);
        return this.#ownIdentity;
    }

    // Signal state changes one step at a time. Routing happens outside this (only bundle look-ups inside), so a
    // reply that comes back while a send is still being routed cannot deadlock.
    #exclusive(job) {
        const run = this.#queue.then(job);
        this.#queue = run.catch(() => {});
        return run;
    }

    #device() {
        if (!this.#signal) throw new Error('Phone.init() has not been called');
        return this.#signal;
    }
}
