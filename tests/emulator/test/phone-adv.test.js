// The phone's ADV signing (docs/protocol.md §6.3). Every signature is checked with libsignal's own
// verifySignature: Baileys 6.17 accepts any 64 bytes as an account signature, so its acceptance proves nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import libsignal from 'libsignal';
import { configureSuccessfulPairing, Curve, WAProto as proto } from '@whiskeysockets/baileys';
import { Phone } from '../src/phone/phone.js';
import { buildSelfDeviceIdentity } from '../src/phone/adv.js';

const withPrefix = (pub) => Buffer.concat([Buffer.from([5]), pub]);

async function newPhone() {
    return new Phone({ phone: '5511900000001', name: 'Maria', network: null }).init();
}

function companion() {
    const identity = Curve.generateKeyPair(); // Baileys' own key generation: { public, private } 32 bytes each
    return { identity, advSecret: randomBytes(32) };
}

function pairSuccessStanza(deviceIdentity) {
    return {
        tag: 'iq',
        attrs: { from: '@s.whatsapp.net', type: 'set', id: 'pair-1', xmlns: 'md' },
        content: [{
            tag: 'pair-success',
            attrs: {},
            content: [
                { tag: 'device-identity', attrs: {}, content: deviceIdentity },
                { tag: 'platform', attrs: { name: 'android' } },
                { tag: 'device', attrs: { jid: '5511900000001:3@s.whatsapp.net' } },
            ],
        }],
    };
}

function baileysReply(deviceIdentity, { identity, advSecret }) {
    return configureSuccessfulPairing(pairSuccessStanza(deviceIdentity), {
        advSecretKey: advSecret.toString('base64'),
        signedIdentityKey: identity,
        signalIdentities: [],
    });
}

test('pair-success carries an HMAC under the ADV secret and an account signature libsignal verifies', async () => {
    const phone = await newPhone();
    const { identity, advSecret } = companion();
    const { deviceIdentity, keyIndex } = phone.buildPairSuccess({ companionIdentityPub: identity.public, advSecret, keyIndex: 3 });
    assert.equal(keyIndex, 3);

    const container = proto.ADVSignedDeviceIdentityHMAC.decode(deviceIdentity);
    const expectedHmac = createHmac('sha256', advSecret).update(container.details).digest();
    assert.deepEqual(Buffer.from(container.hmac), expectedHmac);

    const signed = proto.ADVSignedDeviceIdentity.decode(container.details);
    assert.deepEqual(Buffer.from(signed.accountSignatureKey), phone.identityKeyPair.pub);
    assert.equal(signed.accountSignature.length, 64);
    const message = Buffer.concat([Buffer.from([6, 0]), signed.details, identity.public]);
    assert.equal(libsignal.curve.verifySignature(withPrefix(phone.identityKeyPair.pub), message, Buffer.from(signed.accountSignature)), true);

    const details = proto.ADVDeviceIdentity.decode(signed.details);
    assert.equal(details.keyIndex, 3);
    assert.equal(details.accountType ?? 0, 0);
    assert.ok(details.rawId > 0);
});

test('a tampered account signature does not verify with libsignal', async () => {
    const phone = await newPhone();
    const { identity, advSecret } = companion();
    const { deviceIdentity } = phone.buildPairSuccess({ companionIdentityPub: identity.public, advSecret, keyIndex: 1 });
    const signed = proto.ADVSignedDeviceIdentity.decode(proto.ADVSignedDeviceIdentityHMAC.decode(deviceIdentity).details);
    const message = Buffer.concat([Buffer.from([6, 0]), signed.details, identity.public]);
    const tampered = Buffer.from(signed.accountSignature);
    tampered[10] ^= 0x01;
    assert.equal(libsignal.curve.verifySignature(withPrefix(phone.identityKeyPair.pub), message, tampered), false);
    // Signed for this companion only: another companion's key in the message does not verify either.
    const other = Buffer.concat([Buffer.from([6, 0]), signed.details, companion().identity.public]);
    assert.equal(libsignal.curve.verifySignature(withPrefix(phone.identityKeyPair.pub), other, Buffer.from(signed.accountSignature)), false);
});

test('Baileys answers pair-success with a device signature the phone accepts and libsignal verifies', async () => {
    const phone = await newPhone();
    const comp = companion();
    const { deviceIdentity } = phone.buildPairSuccess({ companionIdentityPub: comp.identity.public, advSecret: comp.advSecret, keyIndex: 2 });
    const { reply, creds } = baileysReply(deviceIdentity, comp);

    const sign = reply.content[0].content[0];
    assert.equal(reply.content[0].tag, 'pair-device-sign');
    assert.equal(sign.attrs['key-index'], '2');
    assert.equal(phone.verifyPairDeviceSign(sign.content, comp.identity.public), true);

    const answered = proto.ADVSignedDeviceIdentity.decode(sign.content);
    assert.equal(answered.accountSignatureKey?.length ?? 0, 0, 'the reply leaves out accountSignatureKey');
    const message = Buffer.concat([Buffer.from([6, 1]), answered.details, comp.identity.public, phone.identityKeyPair.pub]);
    assert.equal(libsignal.curve.verifySignature(withPrefix(comp.identity.public), message, Buffer.from(answered.deviceSignature)), true);
    assert.deepEqual(Buffer.from(creds.account.accountSignatureKey), phone.identityKeyPair.pub);
});

test('Baileys rejects pair-success whose HMAC was made with another ADV secret', async () => {
    const phone = await newPhone();
    const comp = companion();
    const { deviceIdentity } = phone.buildPairSuccess({ companionIdentityPub: comp.identity.public, advSecret: randomBytes(32), keyIndex: 1 });
    assert.throws(() => baileysReply(deviceIdentity, comp), /Invalid account signature/);
});

test('the phone rejects pair-device-sign replies that are tampered, foreign or garbage', async () => {
    const phone = await newPhone();
    const comp = companion();
    const { deviceIdentity } = phone.buildPairSuccess({ companionIdentityPub: comp.identity.public, advSecret: comp.advSecret, keyIndex: 1 });
    const good = baileysReply(deviceIdentity, comp).reply.content[0].content[0].content;
    const decoded = proto.ADVSignedDeviceIdentity.decode(good);

    const badDeviceSig = Buffer.from(decoded.deviceSignature);
    badDeviceSig[5] ^= 0x80;
    const tampered = proto.ADVSignedDeviceIdentity.encode({ ...decoded, deviceSignature: badDeviceSig }).finish();
    assert.equal(phone.verifyPairDeviceSign(tampered, comp.identity.public), false);

    const otherCompanion = companion();
    assert.equal(phone.verifyPairDeviceSign(good, otherCompanion.identity.public), false, 'signature is bound to the companion key');

    const otherPhone = await newPhone();
    assert.equal(otherPhone.verifyPairDeviceSign(good, comp.identity.public), false, 'details were not issued by this phone');

    const noDeviceSig = proto.ADVSignedDeviceIdentity.encode({ ...decoded, deviceSignature: null }).finish();
    assert.equal(phone.verifyPairDeviceSign(noDeviceSig, comp.identity.public), false);
    assert.equal(phone.verifyPairDeviceSign(Buffer.from([0xff, 0xff, 0xff]), comp.identity.public), false);
    assert.equal(phone.verifyPairDeviceSign(Buffer.alloc(0), comp.identity.public), false);
});

test('buildPairSuccess refuses key index 0 and keys of the wrong size', async () => {
    const phone = await newPhone();
    const { identity, advSecret } = companion();
    assert.throws(() => phone.buildPairSuccess({ companionIdentityPub: identity.public, advSecret, keyIndex: 0 }), /keyIndex/);
    assert.throws(() => phone.buildPairSuccess({ companionIdentityPub: identity.public.subarray(1), advSecret, keyIndex: 1 }), /32 bytes/);
    assert.throws(() => phone.buildPairSuccess({ companionIdentityPub: identity.public, advSecret: advSecret.subarray(2), keyIndex: 1 }), /32 bytes/);
});

test("the phone's own device identity for pkmsg verifies on both signatures with libsignal", async () => {
    const phone = await newPhone();
    const own = phone.identityKeyPair;
    const signed = proto.ADVSignedDeviceIdentity.decode(buildSelfDeviceIdentity(own));
    assert.deepEqual(Buffer.from(signed.accountSignatureKey), own.pub);
    const accountMessage = Buffer.concat([Buffer.from([6, 0]), signed.details, own.pub]);
    const deviceMessage = Buffer.concat([Buffer.from([6, 1]), signed.details, own.pub, own.pub]);
    assert.equal(libsignal.curve.verifySignature(withPrefix(own.pub), accountMessage, Buffer.from(signed.accountSignature)), true);
    assert.equal(libsignal.curve.verifySignature(withPrefix(own.pub), deviceMessage, Buffer.from(signed.deviceSignature)), true);
    assert.equal(proto.ADVDeviceIdentity.decode(signed.details).keyIndex ?? 0, 0);
});
