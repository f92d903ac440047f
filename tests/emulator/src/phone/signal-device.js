// One device's Signal state (identity, registration id, signed prekey, one-time prekeys, sessions) in memory,
// and encryption/decryption through libsignal's SessionBuilder/SessionCipher. Sessions are keyed by the peer
// device's Signal address "user.device", as Baileys keys them (docs/protocol.md §17.5).
import { randomInt } from 'node:crypto';
import libsignal from 'libsignal';
import { fromSignalKey, toSignalKey } from './curve.js';

const { keyhelper, ProtocolAddress, SessionBuilder, SessionCipher, SessionRecord } = libsignal;

// Prekey ids travel as 3 bytes on WhatsApp's wire. 0 is dropped by libsignal-node as "no prekey" and 0xFFFFFF is
// a last-resort key to libsignal-c, so ids stay in 1..0xFFFFFE.
export const MAX_PREKEY_ID = 0xfffffe;
const PREKEY_BATCH = 50;
const SIGNED_PREKEY_ID = 1;

// '5511…:3@s.whatsapp.net' -> { user: '5511…', device: 3 }; the legacy '_agent' part is dropped.
export function parseJid(jid) {
    const text = String(jid ?? '');
    const at = text.indexOf('@');
    if (at <= 0) throw new Error(`not a user jid: "${text}"`);
    const [userAgent, device] = text.slice(0, at).split(':');
    const user = userAgent.split('_')[0];
    const deviceId = device === undefined ? 0 : Number(device);
    if (!user || !Number.isInteger(deviceId) || deviceId < 0) throw new Error(`not a user jid: "${text}"`);
    return { user, device: deviceId, server: text.slice(at + 1) };
}

export function signalAddress(jid) {
    const { user, device } = parseJid(jid);
    return new ProtocolAddress(user, device);
}

export class SignalDevice {
    #identity; // { pubKey: 33 bytes, privKey: 32 }
    #registrationId;
    #signedPreKey; // { keyId, keyPair: { pubKey, privKey }, signature }
    #preKeys = new Map(); // id -> { pubKey, privKey }, kept until a pkmsg uses them
    #unhanded = []; // ids not yet given out in a bundle
    #nextPreKeyId = 1;
    #sessions = new Map(); // 'user.device' -> serialized SessionRecord

    // All parts may be given (golden vectors); otherwise generated with libsignal's helpers.
    // Registration ids are 1..16380 (14 bits, never 0): libsignal-node's generateRegistrationId reads only one
    // random byte and can return 0.
    constructor({ identity, registrationId, signedPreKey, preKeyCount = PREKEY_BATCH } = {}) {
        const pair = identity ?? keyhelper.generateIdentityKeyPair();
        this.#identity = { pubKey: toSignalKey(fromSignalKey(pair.pubKey)), privKey: Buffer.from(pair.privKey) };
        this.#registrationId = registrationId ?? randomInt(1, 16381);
        this.#signedPreKey = signedPreKey ?? keyhelper.generateSignedPreKey(this.#identity, SIGNED_PREKEY_ID);
        this.#addPreKeys(preKeyCount);
    }

    // Everything as JSON-safe values (base64 keys; libsignal's own session serialization), so an emulator run
    // can be saved and a phone come back with the same identity, prekeys and sessions.
    toJSON() {
        const b64 = (b) => Buffer.from(b).toString('base64');
        return {
            identity: { pubKey: b64(this.#identity.pubKey), privKey: b64(this.#identity.privKey) },
            registrationId: this.#registrationId,
            signedPreKey: {
                keyId: this.#signedPreKey.keyId,
                pubKey: b64(this.#signedPreKey.keyPair.pubKey),
                privKey: b64(this.#signedPreKey.keyPair.privKey),
                signature: b64(this.#signedPreKey.signature),
            },
            preKeys: [...this.#preKeys].map(([id, pair]) => [id, b64(pair.pubKey), b64(pair.privKey)]),
            unhanded: [...this.#unhanded],
            nextPreKeyId: this.#nextPreKeyId,
            sessions: Object.fromEntries(this.#sessions),
        };
    }

    static fromJSON(json) {
        const buf = (text) => Buffer.from(String(text ?? ''), 'base64');
        const device = new SignalDevice({
            identity: { pubKey: buf(json.identity?.pubKey), privKey: buf(json.identity?.privKey) },
            registrationId: json.registrationId,
            signedPreKey: {
                keyId: json.signedPreKey?.keyId,
                keyPair: { pubKey: buf(json.signedPreKey?.pubKey), privKey: buf(json.signedPreKey?.privKey) },
                signature: buf(json.signedPreKey?.signature),
            },
            preKeyCount: 0,
        });
        device.#restore(json);
        return device;
    }

    #restore(json) {
        const buf = (text) => Buffer.from(String(text ?? ''), 'base64');
        if (this.#identity.privKey.length !== 32 || !Number.isInteger(this.#registrationId) || !this.#signedPreKey.keyId) {
            throw new Error('saved Signal state is incomplete');
        }
        for (const [id, pub, priv] of json.preKeys ?? []) this.#preKeys.set(Number(id), { pubKey: buf(pub), privKey: buf(priv) });
        this.#unhanded = (json.unhanded ?? []).map(Number).filter((id) => this.#preKeys.has(id));
        this.#nextPreKeyId = Number(json.nextPreKeyId) || 1;
        for (const [address, record] of Object.entries(json.sessions ?? {})) this.#sessions.set(address, record);
    }

    get registrationId() {
        return this.#registrationId;
    }

    // { pub, priv } with the 32-byte public key WhatsApp's wire carries.
    get identityKeyPair() {
        return { pub: fromSignalKey(this.#identity.pubKey), priv: Buffer.from(this.#identity.privKey) };
    }

    get signedPreKey() {
        return {
            keyId: this.#signedPreKey.keyId,
            publicKey: fromSignalKey(this.#signedPreKey.keyPair.pubKey),
            signature: Buffer.from(this.#signedPreKey.signature),
        };
    }

    get unusedPreKeyCount() {
        return this.#unhanded.length;
    }

    #addPreKeys(count) {
        for (let i = 0; i < count; i++) {
            const id = this.#nextPreKeyId;
            this.#nextPreKeyId = id >= MAX_PREKEY_ID ? 1 : id + 1;
            const { keyPair } = keyhelper.generatePreKey(id);
            this.#preKeys.set(id, keyPair);
            this.#unhanded.push(id);
        }
    }

    // This device's bundle for a peer, in the shape the server hands out (32-byte keys). Each call gives out
    // one one-time prekey; when they run out the device makes a new batch, as a phone would upload more.
    takeBundle() {
        if (!this.#unhanded.length) this.#addPreKeys(PREKEY_BATCH);
        const id = this.#unhanded.shift();
        return {
            registrationId: this.#registrationId,
            identityKey: fromSignalKey(this.#identity.pubKey),
            signedPreKey: this.signedPreKey,
            preKey: { keyId: id, publicKey: fromSignalKey(this.#preKeys.get(id).pubKey) },
        };
    }

    hasSession(jid) {
        const record = this.#sessions.get(signalAddress(jid).toString());
        return record !== undefined && SessionRecord.deserialize(record).haveOpenSession();
    }

    // The registration id the peer gave when our open session with it was made, or null without one.
    remoteRegistrationId(jid) {
        const record = this.#sessions.get(signalAddress(jid).toString());
        if (record === undefined) return null;
        return SessionRecord.deserialize(record).getOpenSession()?.registrationId ?? null;
    }

    // X3DH from a peer's bundle (32-byte keys as the server gives them).
    async initOutgoing(jid, bundle) {
        const device = {
            registrationId: bundle.registrationId,
            identityKey: toSignalKey(bundle.identityKey),
            signedPreKey: {
                keyId: bundle.signedPreKey.keyId,
                publicKey: toSignalKey(bundle.signedPreKey.publicKey),
                signature: Buffer.from(bundle.signedPreKey.signature),
            },
        };
        if (bundle.preKey) {
            device.preKey = { keyId: bundle.preKey.keyId, publicKey: toSignalKey(bundle.preKey.publicKey) };
        }
        await new SessionBuilder(this.#storage(), signalAddress(jid)).initOutgoing(device);
    }

    // -> { type: 'pkmsg' | 'msg', ciphertext: Buffer }
    async encrypt(jid, plaintext) {
        const { type, body } = await new SessionCipher(this.#storage(), signalAddress(jid)).encrypt(Buffer.from(plaintext));
        return { type: type === 3 ? 'pkmsg' : 'msg', ciphertext: Buffer.from(body, 'binary') };
    }

    // type is the <enc type> attribute; throws on anything that does not decrypt.
    async decrypt(jid, type, ciphertext) {
        const cipher = new SessionCipher(this.#storage(), signalAddress(jid));
        const data = Buffer.from(ciphertext);
        if (type === 'pkmsg') return Buffer.from(await cipher.decryptPreKeyWhisperMessage(data));
        if (type === 'msg') return Buffer.from(await cipher.decryptWhisperMessage(data));
        throw new Error(`unsupported enc type "${type}"`);
    }

    // The storage interface libsignal's SessionBuilder/SessionCipher call. Identities are always trusted, as
    // Baileys does: a peer that re-registers must still be readable.
    #storage() {
        return {
            loadSession: async (id) => {
                const record = this.#sessions.get(id);
                return record === undefined ? undefined : SessionRecord.deserialize(record);
            },
            storeSession: async (id, record) => {
                this.#sessions.set(id, record.serialize());
            },
            isTrustedIdentity: () => true,
            loadPreKey: async (id) => this.#preKeys.get(Number(id)),
            removePreKey: async (id) => {
                this.#preKeys.delete(Number(id));
            },
            loadSignedPreKey: async (id) =>
                Number(id) === this.#signedPreKey.keyId ? this.#signedPreKey.keyPair : undefined,
            getOurRegistrationId: () => this.#registrationId,
            getOurIdentity: () => this.#identity,
        };
    }
}
