// The phone's half of pairing-code linking (docs/protocol.md §7). The companion side here is Baileys 6.17's
// own code path: the steps of requestPairingCode/generatePairingKey (Socket/socket.js) and of the
// link_code_companion_reg notification handler (Socket/messages-recv.js) live inside makeWASocket's closure,
// so they are replayed line for line with the helpers Baileys exports for them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
    aesDecryptCTR,
    aesEncryptCTR,
    aesEncryptGCM,
    bytesToCrockford,
    Curve,
    derivePairingCodeKey,
    hkdf,
} from '@whiskeysockets/baileys';
import { Phone } from '../src/phone/phone.js';
import { normalizeCode, unwrapKey, wrapKey } from '../src/phone/pair-code.js';

// Baileys: initAuthCreds + requestPairingCode + generatePairingKey.
async function baileysCompanionHello() {
    const creds = {
        pairingEphemeralKeyPair: Curve.generateKeyPair(),
        signedIdentityKey: Curve.generateKeyPair(),
        pairingCode: bytesToCrockford(randomBytes(5)),
    };
    const salt = randomBytes(32);
    const randomIv = randomBytes(16);
    const key = await derivePairingCodeKey(creds.pairingCode, salt);
    const ciphered = aesEncryptCTR(creds.pairingEphemeralKeyPair.public, key, randomIv);
    return { creds, wrappedCompanionEphemeral: Buffer.concat([salt, randomIv, ciphered]) };
}

// Baileys: case 'link_code_companion_reg' in handleNotification, with decipherLinkPublicKey.
async function baileysCompanionFinish(creds, { primaryIdentityPub, wrappedPrimaryEphemeral }) {
    const buffer = Buffer.from(wrappedPrimaryEphemeral);
    const secretKey = await derivePairingCodeKey(creds.pairingCode, buffer.slice(0, 32));
    const codePairingPublicKey = aesDecryptCTR(buffer.slice(48, 80), secretKey, buffer.slice(32, 48));
    const companionSharedKey = Curve.sharedKey(creds.pairingEphemeralKeyPair.private, codePairingPublicKey);
    const random = randomBytes(32);
    const linkCodeSalt = randomBytes(32);
    const linkCodePairingExpanded = await hkdf(companionSharedKey, 32, { salt: linkCodeSalt, info: 'link_code_pairing_key_bundle_encryption_key' });
    const encryptPayload = Buffer.concat([Buffer.from(creds.signedIdentityKey.public), primaryIdentityPub, random]);
    const encryptIv = randomBytes(12);
    const encrypted = aesEncryptGCM(encryptPayload, linkCodePairingExpanded, encryptIv, Buffer.alloc(0));
    const wrappedKeyBundle = Buffer.concat([linkCodeSalt, encryptIv, encrypted]);
    const identitySharedKey = Curve.sharedKey(creds.signedIdentityKey.private, primaryIdentityPub);
    const identityPayload = Buffer.concat([companionSharedKey, identitySharedKey, random]);
    const advSecretKey = (await hkdf(identityPayload, 32, { info: 'adv_secret' })).toString('base64');
    return { wrappedKeyBundle, companionIdentityPub: creds.signedIdentityKey.public, advSecretKey };
}

const dashed = (code) => `${code.slice(0, 4)}-${code.slice(4)}`;

async function newPhone() {
    return new Phone({ phone: '5511900000001', name: 'Maria', network: null }).init();
}

test('phone and Baileys companion derive the same ADV secret from the code', async () => {
    const phone = await newPhone();
    const { creds, wrappedCompanionEphemeral } = await baileysCompanionHello();
    const hello = phone.primaryHello({ code: dashed(creds.pairingCode), wrappedCompanionEphemeral });
    assert.deepEqual(hello.primaryIdentityPub, phone.identityKeyPair.pub);
    assert.equal(hello.wrappedPrimaryEphemeral.length, 80);
    assert.deepEqual(hello.state.companionEphemeralPub, creds.pairingEphemeralKeyPair.public, 'phone unwrapped the companion ephemeral');

    const finish = await baileysCompanionFinish(creds, hello);
    const { advSecret } = phone.companionFinish(hello.state, finish);
    assert.equal(advSecret.toString('base64'), finish.advSecretKey);
});

test('the code is accepted with or without the dash and in lower case', async () => {
    const phone = await newPhone();
    const { creds, wrappedCompanionEphemeral } = await baileysCompanionHello();
    for (const code of [creds.pairingCode, dashed(creds.pairingCode), creds.pairingCode.toLowerCase()]) {
        const hello = phone.primaryHello({ code, wrappedCompanionEphemeral });
        assert.deepEqual(hello.state.companionEphemeralPub, creds.pairingEphemeralKeyPair.public);
    }
});

test('a wrong code makes the bundle undecryptable', async () => {
    const phone = await newPhone();
    const { creds, wrappedCompanionEphemeral } = await baileysCompanionHello();
    const wrong = creds.pairingCode[0] === 'A' ? `B${creds.pairingCode.slice(1)}` : `A${creds.pairingCode.slice(1)}`;
    const hello = phone.primaryHello({ code: wrong, wrappedCompanionEphemeral });
    assert.notDeepEqual(hello.state.companionEphemeralPub, creds.pairingEphemeralKeyPair.public);
    // The companion cannot unwrap the phone's key either, so its bundle is made under another key.
    const finish = await baileysCompanionFinish(creds, hello);
    assert.throws(() => phone.companionFinish(hello.state, finish), /does not decrypt/);
});

test('companionFinish rejects tampered or mismatched bundles', async () => {
    const phone = await newPhone();
    const { creds, wrappedCompanionEphemeral } = await baileysCompanionHello();
    const hello = phone.primaryHello({ code: creds.pairingCode, wrappedCompanionEphemeral });
    const finish = await baileysCompanionFinish(creds, hello);

    const tampered = Buffer.from(finish.wrappedKeyBundle);
    tampered[60] ^= 1;
    assert.throws(() => phone.companionFinish(hello.state, { ...finish, wrappedKeyBundle: tampered }), /does not decrypt/);
    assert.throws(() => phone.companionFinish(hello.state, { ...finish, wrappedKeyBundle: tampered.subarray(1) }), /bytes/);
    assert.throws(() => phone.companionFinish(hello.state, { ...finish, companionIdentityPub: Curve.generateKeyPair().public }), /another companion/);

    const otherPhone = await newPhone();
    const otherState = { ...hello.state, primaryIdentity: otherPhone.identityKeyPair };
    assert.throws(() => phone.companionFinish(otherState, finish), /another phone/);
});

test('malformed codes and wrapped keys are refused with a message', () => {
    assert.throws(() => normalizeCode('ABCD-EFG'), /8 characters/);
    assert.throws(() => normalizeCode('ABCD-EFGO'), /8 characters/, 'O is not in the linking alphabet');
    assert.throws(() => unwrapKey('ABCDEFGH', Buffer.alloc(79)), /80 bytes/);
    assert.throws(() => wrapKey('ABCDEFGH', Buffer.alloc(33)), /32 bytes/);
});

test('our wrapping matches Baileys derivePairingCodeKey + AES-CTR byte for byte', async () => {
    const code = bytesToCrockford(randomBytes(5));
    const pub = randomBytes(32);
    const salt = randomBytes(32);
    const iv = randomBytes(16);
    const ours = wrapKey(code, pub, { salt, iv });
    const theirs = Buffer.concat([salt, iv, aesEncryptCTR(pub, await derivePairingCodeKey(code, salt), iv)]);
    assert.deepEqual(ours, theirs);
    assert.deepEqual(unwrapKey(code, theirs), pub);
});
