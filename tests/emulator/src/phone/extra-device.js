// One extra device of a customer (a second phone, a tablet, their own WhatsApp Web: POST /phones/{p}/devices),
// simulated far enough to be a real recipient: its own Signal identity, registration id, signed prekey, one-time
// prekeys and ADV identity under the phone's key; it decrypts what is sent to it, answers with delivery receipts
// and acks, and asks for retries as the phone does (retry-requests.js). It never opens a socket: `session` is a
// stand-in the hub keeps among its logged-in sessions, so the router hands it stanzas as to any connected
// companion and keeps them until it acks them.
import { randomBytes } from 'node:crypto';
import { WAProto as proto } from '@whiskeysockets/baileys';
import { buildAckStanza } from 'baileys';
import { buildSignedDeviceIdentity, deviceSignatureMessage } from './adv.js';
import { sign } from './curve.js';
import { unpad } from './padding.js';
import { RetryRequests } from './retry-requests.js';
import { parseJid, SignalDevice } from './signal-device.js';

// How many one-time prekeys the server holds for it at a time (a fresh batch when the server says it runs low).
export const PREKEY_BATCH = 30;

function userOf(jid) {
    const { user, server } = parseJid(jid);
    return `${user}@${server === 'lid' ? 'lid' : 's.whatsapp.net'}`;
}

// The ADVSignedDeviceIdentity a linked device presents in <device-identity>: details and the account signature by
// the phone (as at linking, adv.js), then its own device signature over them.
export function extraDeviceIdentity(phoneIdentity, deviceIdentityPair, keyIndex) {
    const { details, accountSignature } = buildSignedDeviceIdentity({
        phoneIdentity,
        companionIdentityPub: deviceIdentityPair.pub,
        advSecret: randomBytes(32),
        keyIndex,
    });
    const deviceSignature = sign(deviceIdentityPair.priv, deviceSignatureMessage(details, deviceIdentityPair.pub, phoneIdentity.pub));
    return Buffer.from(proto.ADVSignedDeviceIdentity.encode({ details, accountSignatureKey: phoneIdentity.pub, accountSignature, deviceSignature }).finish());
}

export class ExtraDevice {
    #signal;
    #deviceIdentity;
    #network; // sendFromDevice
    #onChange;
    #queue = Promise.resolve();
    #seen = new Set(); // "senderUser/id", one record per message as a client keeps it
    messages = []; // [{ id, from, text, timestamp }] decrypted
    failures = []; // [{ id, from, error }]
    retries;
    record = null; // the registry's companion record, set by whoever links it (extra-devices.js)

    constructor({ jid, signal, deviceIdentity, network, onChange = () => {} }) {
        this.jid = jid;
        this.device = parseJid(jid).device;
        this.#signal = signal;
        this.#deviceIdentity = deviceIdentity;
        this.#network = network;
        this.#onChange = onChange;
        this.retries = new RetryRequests({
            owner: jid,
            registrationId: () => this.#signal.registrationId,
            keys: () => ({ bundle: this.#signal.takeBundle(), deviceIdentity: this.#deviceIdentity }),
            send: (receipt) => this.#network.sendFromDevice(jid, receipt),
        });
        const deliver = (stanza) => {
            this.#queue = this.#queue.then(() => this.#onStanza(stanza)).catch((err) => this.failures.push({ id: stanza?.attrs?.id, from: stanza?.attrs?.from, error: err.message }));
            return Promise.resolve();
        };
        // What hub.ping and hub.disconnect reach for on a session; there is no socket to close.
        const conn = { deviceJid: jid, closed: false, send: async () => {}, query: async () => ({ tag: 'iq', attrs: { type: 'result' } }), streamError: async () => {}, close: () => {} };
        this.session = { jid, active: true, simulated: true, conn, send: deliver };
    }

    get signal() {
        return this.#signal;
    }

    get identityPub() {
        return this.#signal.identityKeyPair.pub;
    }

    // Public one-time prekeys for the server to hand out, each given out once; the private halves stay here.
    takePreKeys(count) {
        const keys = [];
        for (let i = 0; i < count; i++) keys.push(this.#signal.takeBundle().preKey);
        return keys;
    }

    // Saved with --state inside its companion record (JSON.stringify calls this).
    toJSON() {
        return { signal: this.#signal.toJSON(), deviceIdentity: this.#deviceIdentity.toString('base64') };
    }

    static fromJSON(json, { jid, network, onChange }) {
        return new ExtraDevice({ jid, signal: SignalDevice.fromJSON(json.signal), deviceIdentity: Buffer.from(String(json.deviceIdentity ?? ''), 'base64'), network, onChange });
    }

    async #onStanza(stanza) {
        if (stanza?.tag === 'message') await this.#onMessage(stanza);
        else if (stanza?.tag === 'notification') await this.#onNotification(stanza);
        else if (stanza?.tag === 'receipt' || stanza?.tag === 'call') await this.#ack(stanza);
        // <ack>s from the server need no answer
    }

    async #onMessage(node) {
        const { id, from, t, recipient, participant, category } = node.attrs ?? {};
        let text = null;
        let failure = null;
        if (participant) failure = 'group messages are not simulated';
        else if (this.retries.takeForcedFailure(from)) failure = 'fail-decrypt: treated as undecryptable';
        else {
            const encs = Array.isArray(node.content) ? node.content.filter((c) => c?.tag === 'enc') : [];
            if (!encs.length) failure = 'no <enc> in message';
            for (const enc of encs) {
                try {
                    let message = proto.Message.decode(unpad(await this.#signal.decrypt(this.#sessionJid(from), enc.attrs?.type, enc.content)));
                    message = message.deviceSentMessage?.message ?? message;
                    text = message.conversation || message.extendedTextMessage?.text || text;
                } catch (error) {
                    failure = `${enc.attrs?.type ?? '?'}: ${error.message}`;
                }
            }
            this.#onChange(); // the sessions moved on
        }
        if (failure) {
            this.failures.push({ id, from, error: failure });
            if (!participant) await this.retries.ask(node);
        } else {
            this.retries.decrypted(id, from);
            // Recorded by number whichever form the sender wrote from, as the phone records (phone.js).
            const sender = this.#sessionJid(from);
            const key = `${userOf(sender)}/${id}`;
            if (text !== null && !this.#seen.has(key)) {
                this.#seen.add(key);
                this.messages.push({ id, from: sender, text, timestamp: Number(t) });
            }
            const fromOwnAccount = parseJid(sender).user === parseJid(this.jid).user;
            const receipt = category === 'peer' ? { id, to: from, type: 'peer_msg' }
                : fromOwnAccount && recipient ? { id, to: from, recipient, type: 'sender' } : { id, to: from };
            await this.#network.sendFromDevice(this.jid, { tag: 'receipt', attrs: receipt });
        }
        await this.#ack(node);
    }

    async #onNotification(node) {
        // The server's "your one-time prekeys run low" (router.takeBundle): upload a new batch, as a client does.
        const count = Array.isArray(node.content) ? node.content.find((c) => c?.tag === 'count') : undefined;
        if (node.attrs?.type === 'encrypt' && count && this.record) {
            this.record.preKeys.push(...this.takePreKeys(PREKEY_BATCH));
            this.record.refillAsked = false;
            this.#onChange();
        }
        await this.#ack(node);
    }

    // One Signal session per peer device, kept under its phone-number device jid (as the phone keeps them).
    #sessionJid(jid) {
        return this.#network.pnDevice?.(jid) ?? jid;
    }

    // The ack Baileys 7 builds (the server's referee, ack-referee.js, judges acks against the same function).
    async #ack(stanza) {
        if (!stanza.attrs?.id || !stanza.attrs?.from) return;
        await this.#network.sendFromDevice(this.jid, buildAckStanza(stanza, undefined, this.jid));
    }
}
