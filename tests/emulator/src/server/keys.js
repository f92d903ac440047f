// X25519 key pairs as WhatsApp's wire carries them: 32 raw bytes each, no 0x05 type prefix.
// Signing is XEdDSA through libsignal's curve (the same code Baileys uses), so a signature made here
// verifies exactly where a real client would check it.
import { createHash, createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import libsignal from 'libsignal';

const PKCS8_X25519_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');

function clamp(bytes) {
    const key = Buffer.from(bytes);
    key[0] &= 248;
    key[31] &= 127;
    key[31] |= 64;
    return key;
}

/** The X25519 public key belonging to a 32-byte private key. */
export function publicFromPrivate(priv) {
    const key = createPrivateKey({ key: Buffer.concat([PKCS8_X25519_PREFIX, priv]), format: 'der', type: 'pkcs8' });
    const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
    return Buffer.from(spki.subarray(spki.length - 32));
}

export function keyPairFromPrivate(priv) {
    const clamped = clamp(priv);
    return { pub: publicFromPrivate(clamped), priv: clamped };
}

/** A fixed key pair for golden vectors: the private key is SHA-256(label), clamped. */
export function keyPairFromLabel(label) {
    return keyPairFromPrivate(createHash('sha256').update(label).digest());
}

export function generateKeyPair() {
    return keyPairFromPrivate(randomBytes(32));
}

export function sharedSecret(priv, pub) {
    return Buffer.from(libsignal.curve.calculateAgreement(Buffer.concat([Buffer.from([5]), pub]), priv));
}

/** XEdDSA signature (64 bytes). libsignal 6.0.0 signs without added randomness, so it is deterministic. */
export function sign(priv, message) {
    return Buffer.from(libsignal.curve.calculateSignature(priv, message));
}

/** true only for a valid signature; never throws on malformed input. */
export function verify(pub, message, signature) {
    try {
        if (!pub || pub.length !== 32 || !signature || signature.length !== 64) return false;
        return libsignal.curve.verifySignature(Buffer.concat([Buffer.from([5]), pub]), message, signature) === true;
    } catch {
        return false;
    }
}
