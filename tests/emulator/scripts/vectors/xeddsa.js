// Golden vectors for Signal's Curve25519 signatures ("XEdDSA" in WhatsApp's and Baileys' words), made by
// libsignal 6.0.0 and the curve25519-js copy it loads. Three lists:
//   valid                 signatures libsignal makes and accepts: `curve.calculateSignature` (libsignal-node
//                         signs without randomness, so these are deterministic) and curve25519-js `sign()`
//                         with 64 fixed random bytes — the randomized form libsignal-protocol-c uses, which
//                         a reimplementation given the same bytes must reproduce exactly;
//   invalid               altered signatures libsignal's `curve.verifySignature` rejects;
//   stricterThanLibsignal signatures libsignal accepts but a strict Ed25519 verifier refuses (S + L).
// Keys, messages and random bytes are SHA-256/SHA-512 of labels, so the file regenerates byte for byte.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { curve } = require('libsignal');
// The curve25519-js that libsignal itself requires, not whatever copy happens to be hoisted.
const curveJs = createRequire(require.resolve('libsignal'))('curve25519-js');

const hex = (b) => Buffer.from(b).toString('hex');
const sha256 = (label) => createHash('sha256').update(label).digest();
const sha512 = (label) => createHash('sha512').update(label).digest();
const prefixed = (pub) => Buffer.concat([Buffer.from([5]), pub]);
const L = (1n << 252n) + 27742317777372353535851937790883648493n;

function leToBigInt(bytes) {
    let n = 0n;
    for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]);
    return n;
}

function bigIntToLe(n, length) {
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i++) {
        out[i] = Number(n & 0xffn);
        n >>= 8n;
    }
    return out;
}

function makeKeys() {
    const keys = [];
    for (let i = 0; i < 6; i++) {
        // Even keys are clamped, as libsignal-protocol-c stores them; odd ones are raw 32 bytes, as Node's
        // generateKeyPairSync('x25519') hands them to libsignal-node (which clamps only when it uses them).
        const priv = sha256(`balcao xeddsa vector: key ${i}`);
        if (i % 2 === 0) {
            priv[0] &= 248;
            priv[31] = (priv[31] & 127) | 64;
        } else {
            priv[0] |= 7;
            priv[31] |= 128;
        }
        const pub = curve.getPublicFromPrivateKey(priv).subarray(1);
        keys.push({ priv, pub });
    }
    return keys;
}

function makeMessages(keys) {
    const long = Buffer.concat(Array.from({ length: 32 }, (_, i) => sha256(`balcao xeddsa vector: long ${i}`)));
    return [
        { name: 'empty', bytes: Buffer.alloc(0) },
        { name: 'one byte', bytes: Buffer.from([0x2a]) },
        { name: 'text', bytes: Buffer.from('Balcão signs this', 'utf8') },
        { name: 'signed prekey (05 || pub)', bytes: prefixed(keys[5].pub) },
        { name: 'raw key', bytes: keys[4].pub },
        { name: 'ADV-shaped (06 00 || details || key)', bytes: Buffer.concat([Buffer.from([6, 0]), sha512('details'), keys[3].pub]) },
        { name: '1024 bytes', bytes: long },
    ];
}

function verify(pub, message, signature) {
    return curve.verifySignature(prefixed(pub), message, signature);
}

export async function generate() {
    const keys = makeKeys();
    const messages = makeMessages(keys);
    const valid = [];
    keys.forEach((key, k) => {
        messages.forEach((message, m) => {
            if ((k + m) % 2 === 0) {
                const signature = curve.calculateSignature(key.priv, message.bytes);
                valid.push({ name: `calculateSignature key ${k} ${message.name}`, key: k, public: hex(key.pub),
                    message: hex(message.bytes), signature: hex(signature) });
            } else {
                const random = sha512(`balcao xeddsa vector: random ${k} ${m}`);
                const signature = curveJs.sign(key.priv, message.bytes, random);
                valid.push({ name: `sign with random key ${k} ${message.name}`, key: k, public: hex(key.pub),
                    message: hex(message.bytes), random: hex(random), signature: hex(signature) });
            }
        });
    });
    // libsignal ignores bit 255 of a public key (as X25519 does), so this still verifies.
    const topBit = Buffer.from(keys[0].pub);
    topBit[31] |= 0x80;
    const base = valid[0];
    valid.push({ name: 'public key with bit 255 set', key: 0, public: hex(topBit), message: base.message,
        signature: base.signature });

    for (const row of valid) {
        if (!verify(Buffer.from(row.public, 'hex'), Buffer.from(row.message, 'hex'), Buffer.from(row.signature, 'hex')))
            throw new Error(`libsignal rejects its own signature: ${row.name}`);
    }

    const pick = valid.find((row) => row.random && row.message.length > 0);
    const sig = Buffer.from(pick.signature, 'hex');
    const msg = Buffer.from(pick.message, 'hex');
    const pub = Buffer.from(pick.public, 'hex');
    const altered = (name, change) => {
        const original = { s: Buffer.from(sig), m: Buffer.from(msg), p: Buffer.from(pub) };
        const out = change(original) ?? original;
        return { name, public: hex(out.p), message: hex(out.m), signature: hex(out.s) };
    };
    const invalid = [
        altered('bit 0 of R flipped', (x) => { x.s[0] ^= 1; }),
        altered('bit of S flipped', (x) => { x.s[40] ^= 1; }),
        altered('sign bit flipped', (x) => { x.s[63] ^= 0x80; }),
        altered('other message', (x) => ({ ...x, m: Buffer.concat([x.m, Buffer.from('!')]) })),
        altered('other public key', (x) => ({ ...x, p: keys[1].pub })),
        altered('all-zero signature', (x) => ({ ...x, s: Buffer.alloc(64) })),
        altered('low-order public key u = 0', (x) => ({ ...x, p: Buffer.alloc(32) })),
        altered('S and R swapped', (x) => ({ ...x, s: Buffer.concat([x.s.subarray(32), x.s.subarray(0, 32)]) })),
    ];
    for (const row of invalid) {
        row.libsignalAccepts = verify(Buffer.from(row.public, 'hex'), Buffer.from(row.message, 'hex'),
            Buffer.from(row.signature, 'hex'));
        if (row.libsignalAccepts)
            throw new Error(`libsignal accepts an altered signature: ${row.name}`);
    }

    // S + L: the same scalar modulo L, so libsignal (which checks only the top three bits of S) accepts it.
    const stricterThanLibsignal = [];
    for (const row of valid.slice(0, 6)) {
        const s = Buffer.from(row.signature, 'hex');
        const signBit = s[63] & 0x80;
        const sPlusL = leToBigInt(Buffer.concat([s.subarray(32, 63), Buffer.from([s[63] & 0x7f])])) + L;
        if (sPlusL >= 1n << 253n)
            continue;
        const malleated = Buffer.concat([s.subarray(0, 32), bigIntToLe(sPlusL, 32)]);
        malleated[63] |= signBit;
        const entry = { name: `S + L of "${row.name}"`, public: row.public, message: row.message,
            signature: hex(malleated) };
        entry.libsignalAccepts = verify(Buffer.from(entry.public, 'hex'), Buffer.from(entry.message, 'hex'), malleated);
        if (!entry.libsignalAccepts)
            throw new Error(`libsignal rejects S + L for ${row.name}; the vector's premise is wrong`);
        stricterThanLibsignal.push(entry);
    }

    return {
        'xeddsa.json': {
            library: 'libsignal 6.0.0 (curve25519-js 0.0.4)',
            keys: keys.map((k) => ({ private: hex(k.priv), public: hex(k.pub) })),
            valid,
            invalid,
            stricterThanLibsignal,
        },
    };
}
