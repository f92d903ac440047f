// Key pairs and XEdDSA signatures through libsignal's own curve module. WhatsApp's wire carries 32-byte
// X25519 public keys; libsignal wants them as 33 bytes with the 0x05 type prefix, so the prefix is added here
// and nowhere else.
import libsignal from 'libsignal';

const { curve } = libsignal;
const DJB_TYPE = 0x05;

export function toSignalKey(pub32) {
    if (pub32.length === 33 && pub32[0] === DJB_TYPE) return Buffer.from(pub32);
    if (pub32.length !== 32) throw new Error(`public key must be 32 bytes, got ${pub32.length}`);
    return Buffer.concat([Buffer.from([DJB_TYPE]), pub32]);
}

export function fromSignalKey(pub33) {
    const key = Buffer.from(pub33);
    if (key.length === 33 && key[0] === DJB_TYPE) return key.subarray(1);
    if (key.length === 32) return key;
    throw new Error(`not a Curve25519 public key (${key.length} bytes)`);
}

// -> { pub, priv }, 32 bytes each.
export function generateKeyPair() {
    const { pubKey, privKey } = curve.generateKeyPair();
    return { pub: fromSignalKey(pubKey), priv: Buffer.from(privKey) };
}

// A key pair from a fixed private key (golden vectors); libsignal clamps when it derives the public key.
export function keyPairFromPrivate(priv) {
    return { pub: fromSignalKey(curve.getPublicFromPrivateKey(Buffer.from(priv))), priv: Buffer.from(priv) };
}

export function sign(priv, message) {
    return Buffer.from(curve.calculateSignature(Buffer.from(priv), Buffer.from(message)));
}

// libsignal's verifySignature returns false for a bad signature and throws for a malformed key or a signature
// that is not 64 bytes; both mean "not valid" here.
export function verify(pub, message, signature) {
    try {
        return curve.verifySignature(toSignalKey(pub), Buffer.from(message), Buffer.from(signature)) === true;
    } catch {
        return false;
    }
}

export function agree(priv, pub) {
    return Buffer.from(curve.calculateAgreement(toSignalKey(pub), Buffer.from(priv)));
}
