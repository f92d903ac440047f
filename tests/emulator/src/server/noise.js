// Noise_XX_25519_AESGCM_SHA256, responder side (docs/protocol.md §2.3), on Baileys's own crypto helpers.
// WhatsApp's variant keeps ONE counter for the whole handshake, reset by every mixKey (docs/protocol.md §2.1): the
// certificate is sealed with counter 0 under the second key, the client's static key comes back with 1.
import { createHash } from 'node:crypto';
import { aesDecryptGCM, aesEncryptGCM, hkdf } from '@whiskeysockets/baileys';
import { proto } from './proto.js';
import { generateKeyPair, sharedSecret } from './keys.js';

export const NOISE_MODE = Buffer.from('Noise_XX_25519_AESGCM_SHA256\0\0\0\0', 'latin1');

function iv(counter) {
    const bytes = Buffer.alloc(12);
    bytes.writeUInt32BE(counter, 8);
    return bytes;
}

async function hkdf64(ikm, salt) {
    const okm = await hkdf(Buffer.from(ikm), 64, { salt, info: '' });
    return [okm.subarray(0, 32), okm.subarray(32, 64)];
}

/** Per-direction AES-GCM after the split (§2.6): empty AAD, counters from 0. Throws on a bad tag. */
export class TransportCipher {
    constructor({ writeKey, readKey }) {
        this.writeKey = writeKey;
        this.readKey = readKey;
        this.writeCounter = 0;
        this.readCounter = 0;
    }

    encrypt(plaintext) {
        return aesEncryptGCM(plaintext, this.writeKey, iv(this.writeCounter++), Buffer.alloc(0));
    }

    decrypt(ciphertext) {
        if (ciphertext.length < 16) throw new Error('transport frame shorter than a GCM tag');
        const plaintext = aesDecryptGCM(ciphertext, this.readKey, iv(this.readCounter), Buffer.alloc(0));
        this.readCounter += 1;
        return plaintext;
    }
}

export class NoiseResponder {
    /**
     * prologue: the 4 intro bytes (57 41 06 xx). staticKey: {pub, priv}. certChain: CertChain bytes.
     * ephemeral: optional fixed key pair (golden vectors). onStep(name, {h, ck}): optional trace hook.
     */
    constructor({ prologue, staticKey, certChain, ephemeral = generateKeyPair(), onStep = null }) {
        this.staticKey = staticKey;
        this.certChain = certChain;
        this.ephemeral = ephemeral;
        this.onStep = onStep;
        this.h = Buffer.from(NOISE_MODE);
        this.ck = Buffer.from(NOISE_MODE);
        this.key = Buffer.from(NOISE_MODE);
        this.counter = 0;
        this.clientEphemeral = null;
        this.clientStatic = null;
        this.mixHash(prologue);
        this.trace('prologue');
    }

    trace(step) {
        if (this.onStep) this.onStep(step, { h: Buffer.from(this.h), ck: Buffer.from(this.ck) });
    }

    mixHash(data) {
        this.h = createHash('sha256').update(this.h).update(data).digest();
    }

    async mixKey(ikm) {
        const [ck, key] = await hkdf64(ikm, this.ck);
        this.ck = ck;
        this.key = key;
        this.counter = 0;
    }

    encrypt(plaintext) {
        const ct = aesEncryptGCM(plaintext, this.key, iv(this.counter++), this.h);
        this.mixHash(ct);
        return ct;
    }

    decrypt(ciphertext) {
        const pt = aesDecryptGCM(ciphertext, this.key, iv(this.counter++), this.h);
        this.mixHash(ciphertext);
        return pt;
    }

    /** Takes the HandshakeMessage bytes of the first frame; returns the serverHello HandshakeMessage bytes. */
    async respondToClientHello(handshakeBytes) {
        const hello = proto.HandshakeMessage.decode(handshakeBytes).clientHello;
        const ce = hello?.ephemeral;
        if (!ce || ce.length !== 32) throw new Error('clientHello without a 32-byte ephemeral key');
        this.clientEphemeral = Buffer.from(ce);
        this.mixHash(this.clientEphemeral);
        this.trace('clientEphemeral');
        this.mixHash(this.ephemeral.pub);
        await this.mixKey(sharedSecret(this.ephemeral.priv, this.clientEphemeral));
        this.trace('ee');
        const staticCt = this.encrypt(this.staticKey.pub);
        await this.mixKey(sharedSecret(this.staticKey.priv, this.clientEphemeral));
        this.trace('es');
        const certCt = this.encrypt(this.certChain);
        this.trace('serverHello');
        return Buffer.from(
            proto.HandshakeMessage.encode({
                serverHello: { ephemeral: this.ephemeral.pub, static: staticCt, payload: certCt },
            }).finish(),
        );
    }

    /** Takes the clientFinish HandshakeMessage bytes; returns { clientStatic, payload } (payload = ClientPayload bytes). */
    async readClientFinish(handshakeBytes) {
        const finish = proto.HandshakeMessage.decode(handshakeBytes).clientFinish;
        if (!finish?.static || !finish?.payload) throw new Error('clientFinish without static key or payload');
        const clientStatic = this.decrypt(Buffer.from(finish.static));
        if (clientStatic.length !== 32) throw new Error('client static key is not 32 bytes');
        await this.mixKey(sharedSecret(this.ephemeral.priv, clientStatic));
        this.trace('se');
        const payload = this.decrypt(Buffer.from(finish.payload));
        this.trace('clientFinish');
        this.clientStatic = clientStatic;
        return { clientStatic, payload };
    }

    /** The split (§2.5): the server writes with okm[32:64] and reads with okm[0:32]. */
    async split() {
        const [clientWrite, clientRead] = await hkdf64(Buffer.alloc(0), this.ck);
        return new TransportCipher({ writeKey: clientRead, readKey: clientWrite });
    }
}
