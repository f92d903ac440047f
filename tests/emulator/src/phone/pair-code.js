// The phone's half of linking by pairing code (docs/protocol.md §7.2, §7.4, §7.5). The user types the
// companion's 8-character code on the phone; both sides stretch it with PBKDF2 to wrap their ephemeral keys,
// then the companion sends its identity in a bundle encrypted under their ephemeral agreement, and both derive
// the same ADV secret. All functions are synchronous so callers can use them with or without await.
import { createCipheriv, createDecipheriv, hkdfSync, pbkdf2Sync, randomBytes } from 'node:crypto';
import { agree, generateKeyPair } from './curve.js';

// 2 << 16, as WhatsApp (Baileys derivePairingCodeKey, whatsmeow pair-code.go).
export const PBKDF2_ITERATIONS = 131072;
const CODE_ALPHABET = /^[123456789ABCDEFGHJKLMNPQRSTVWXYZ]{8}$/;
const BUNDLE_INFO = 'link_code_pairing_key_bundle_encryption_key';
const ADV_INFO = 'adv_secret';
const WRAPPED_KEY_LENGTH = 80; // salt 32 || iv 16 || AES-CTR(pub) 32
const BUNDLE_HEADER = 32 + 12; // salt || GCM nonce
const GCM_TAG = 16;
const BUNDLE_PLAINTEXT = 96; // companion identity pub || primary identity pub || random

// Phones show and accept the code as ABCD-EFGH (4-4); the key is derived from the 8 characters alone.
export function normalizeCode(code) {
    const bare = String(code ?? '').replace(/-/g, '').toUpperCase();
    if (!CODE_ALPHABET.test(bare)) throw new Error(`pairing code must be 8 characters of the linking alphabet, got "${code}"`);
    return bare;
}

export function deriveLinkKey(code, salt) {
    return pbkdf2Sync(Buffer.from(normalizeCode(code), 'utf8'), salt, PBKDF2_ITERATIONS, 32, 'sha256');
}

function ctr(key, iv, data) {
    const cipher = createCipheriv('aes-256-ctr', key, iv);
    return Buffer.concat([cipher.update(data), cipher.final()]);
}

// salt(32) || iv(16) || AES-256-CTR(PBKDF2(code, salt), iv, pub)
export function wrapKey(code, pub, { salt = randomBytes(32), iv = randomBytes(16) } = {}) {
    if (pub?.length !== 32) throw new Error('wrapped key must be 32 bytes');
    return Buffer.concat([salt, iv, ctr(deriveLinkKey(code, salt), iv, pub)]);
}

export function unwrapKey(code, wrapped) {
    if (wrapped?.length !== WRAPPED_KEY_LENGTH) {
        throw new Error(`wrapped ephemeral key must be ${WRAPPED_KEY_LENGTH} bytes, got ${wrapped?.length}`);
    }
    const buffer = Buffer.from(wrapped);
    return ctr(deriveLinkKey(code, buffer.subarray(0, 32)), buffer.subarray(32, 48), buffer.subarray(48, 80));
}

function hkdf(ikm, salt, info) {
    return Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from(info, 'utf8'), 32));
}

// Step §7.4: the phone unwraps the companion's ephemeral key and wraps its own. `ephemeral`, `salt` and `iv`
// may be fixed (golden vectors). -> { wrappedPrimaryEphemeral, state } where state feeds companionFinish.
export function primaryHello({ code, wrappedCompanionEphemeral, primaryIdentity, ephemeral = generateKeyPair(), salt, iv }) {
    const companionEphemeralPub = unwrapKey(code, wrappedCompanionEphemeral);
    const wrappedPrimaryEphemeral = wrapKey(code, ephemeral.pub, { salt, iv });
    return {
        wrappedPrimaryEphemeral,
        state: { companionEphemeralPub, ephemeral, primaryIdentity },
    };
}

// Step §7.5 seen from the phone: decrypt the companion's key bundle, check it names this phone, and derive
// the ADV secret the companion derived. Throws an Error with a readable message on any mismatch.
export function companionFinish(state, { wrappedKeyBundle, companionIdentityPub }) {
    const bundle = Buffer.from(wrappedKeyBundle ?? []);
    if (bundle.length !== BUNDLE_HEADER + BUNDLE_PLAINTEXT + GCM_TAG) {
        throw new Error(`wrapped key bundle must be ${BUNDLE_HEADER + BUNDLE_PLAINTEXT + GCM_TAG} bytes, got ${bundle.length}`);
    }
    if (companionIdentityPub?.length !== 32) throw new Error('companion identity key must be 32 bytes');
    const ephemeralShared = agree(state.ephemeral.priv, state.companionEphemeralPub);
    const bundleKey = hkdf(ephemeralShared, bundle.subarray(0, 32), BUNDLE_INFO);
    const decipher = createDecipheriv('aes-256-gcm', bundleKey, bundle.subarray(32, 44));
    decipher.setAAD(Buffer.alloc(0));
    decipher.setAuthTag(bundle.subarray(bundle.length - GCM_TAG));
    let plain;
    try {
        plain = Buffer.concat([decipher.update(bundle.subarray(BUNDLE_HEADER, bundle.length - GCM_TAG)), decipher.final()]);
    } catch {
        throw new Error('key bundle does not decrypt: wrong code or tampered bundle');
    }
    const bundledCompanionIdentity = plain.subarray(0, 32);
    const bundledPrimaryIdentity = plain.subarray(32, 64);
    const random = plain.subarray(64, 96);
    if (!bundledCompanionIdentity.equals(Buffer.from(companionIdentityPub))) {
        throw new Error('key bundle names another companion identity key than companion_identity_public');
    }
    if (!bundledPrimaryIdentity.equals(state.primaryIdentity.pub)) {
        throw new Error('key bundle was made for another phone');
    }
    const identityShared = agree(state.primaryIdentity.priv, companionIdentityPub);
    // No salt: HKDF then uses a block of zeros (RFC 5869), as WebCrypto does with Baileys' empty salt.
    const advSecret = hkdf(Buffer.concat([ephemeralShared, identityShared, random]), Buffer.alloc(0), ADV_INFO);
    return { advSecret };
}
