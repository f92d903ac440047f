// Padding and the Signal device wrapper of the simulated phones, checked against libsignal directly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import libsignal from 'libsignal';
import { pad, unpad } from '../src/phone/padding.js';
import { MAX_PREKEY_ID, parseJid, SignalDevice } from '../src/phone/signal-device.js';
import { unpadRandomMax16, writeRandomPadMax16 } from '@whiskeysockets/baileys';

const withPrefix = (pub) => Buffer.concat([Buffer.from([5]), pub]);

test('pad adds 1..15 bytes of value n and unpad strips them', () => {
    const seen = new Set();
    for (let i = 0; i < 400; i++) {
        const padded = pad(Buffer.from('hello'));
        const n = padded.length - 5;
        assert.ok(n >= 1 && n <= 15, `pad length ${n}`);
        assert.ok(padded.subarray(5).every((b) => b === n));
        seen.add(n);
        assert.equal(unpad(padded).toString(), 'hello');
        assert.equal(Buffer.from(unpadRandomMax16(padded)).toString(), 'hello', 'Baileys unpads ours');
    }
    assert.ok(seen.size > 10, 'pad lengths vary');
});

test('unpad accepts 1..16 and Baileys padding, and refuses impossible lengths', () => {
    for (let n = 1; n <= 16; n++) assert.equal(unpad(pad(Buffer.from('x'), n)).toString(), 'x');
    assert.equal(unpad(writeRandomPadMax16(Buffer.from('from baileys'))).toString(), 'from baileys');
    assert.throws(() => unpad(Buffer.alloc(0)), /empty/);
    assert.throws(() => unpad(Buffer.from([1, 2, 0])), /invalid padding/);
    assert.throws(() => unpad(Buffer.from([5, 5])), /invalid padding/);
    assert.throws(() => unpad(Buffer.from([...Buffer.alloc(20), 17])), /invalid padding/);
    assert.throws(() => pad(Buffer.from('x'), 0), /1..16/);
});

test('parseJid reads user and device, and refuses non-jids', () => {
    assert.deepEqual(parseJid('5511900000001@s.whatsapp.net'), { user: '5511900000001', device: 0, server: 's.whatsapp.net' });
    assert.deepEqual(parseJid('5511900000001:3@s.whatsapp.net'), { user: '5511900000001', device: 3, server: 's.whatsapp.net' });
    assert.deepEqual(parseJid('5511900000001_1:2@s.whatsapp.net').device, 2);
    for (const bad of ['', '@s.whatsapp.net', 'nobody', '551:x@s.whatsapp.net', undefined]) assert.throws(() => parseJid(bad), /not a user jid/);
});

test('a new device has a 14-bit registration id, a signed prekey libsignal verifies, and prekeys 1..50', () => {
    const device = new SignalDevice();
    assert.ok(device.registrationId >= 1 && device.registrationId <= 16380);
    const spk = device.signedPreKey;
    assert.equal(spk.keyId, 1);
    assert.equal(libsignal.curve.verifySignature(withPrefix(device.identityKeyPair.pub), withPrefix(spk.publicKey), spk.signature), true);
    const ids = [];
    for (let i = 0; i < 50; i++) ids.push(device.takeBundle().preKey.keyId);
    assert.deepEqual(ids, Array.from({ length: 50 }, (_, i) => i + 1));
    const next = device.takeBundle();
    assert.equal(next.preKey.keyId, 51, 'a new batch follows, never id 0');
    assert.equal(next.identityKey.length, 32);
    assert.equal(next.signedPreKey.publicKey.length, 32);
    assert.equal(next.preKey.publicKey.length, 32);
    assert.ok(MAX_PREKEY_ID === 0xfffffe);
});

test('pkmsg then msg in both directions; a tampered message fails and the next good one decrypts', async () => {
    const alice = new SignalDevice();
    const bob = new SignalDevice();
    const A = '5511900000001@s.whatsapp.net';
    const B = '5511900000002:4@s.whatsapp.net';
    await alice.initOutgoing(B, bob.takeBundle());
    assert.equal(alice.hasSession(B), true);

    const first = await alice.encrypt(B, Buffer.from('one'));
    assert.equal(first.type, 'pkmsg');
    assert.equal((await bob.decrypt(A, 'pkmsg', first.ciphertext)).toString(), 'one');
    assert.equal(bob.hasSession(A), true);

    const reply = await bob.encrypt(A, Buffer.from('two'));
    assert.equal(reply.type, 'msg');
    assert.equal((await alice.decrypt(B, 'msg', reply.ciphertext)).toString(), 'two');

    const third = await alice.encrypt(B, Buffer.from('three'));
    assert.equal(third.type, 'msg', 'alice saw a reply, so no more prekey messages');
    const tampered = Buffer.from(third.ciphertext);
    tampered[tampered.length - 12] ^= 0x40;
    await assert.rejects(bob.decrypt(A, 'msg', tampered));
    assert.equal((await bob.decrypt(A, 'msg', third.ciphertext)).toString(), 'three');
    await assert.rejects(bob.decrypt(A, 'msg', third.ciphertext), 'a duplicate is refused');
    await assert.rejects(bob.decrypt(A, 'skmsg', third.ciphertext), /unsupported/);
});

test('a pkmsg for a prekey that was already used is refused', async () => {
    const alice = new SignalDevice();
    const bob = new SignalDevice();
    const A = '5511900000001@s.whatsapp.net';
    const B = '5511900000002@s.whatsapp.net';
    const bundle = bob.takeBundle();
    await alice.initOutgoing(B, bundle);
    const first = await alice.encrypt(B, Buffer.from('one'));
    await bob.decrypt(A, 'pkmsg', first.ciphertext);

    const mallory = new SignalDevice();
    await mallory.initOutgoing(B, bundle);
    const replay = await mallory.encrypt(B, Buffer.from('again'));
    await assert.rejects(bob.decrypt('5511900000009@s.whatsapp.net', 'pkmsg', replay.ciphertext), /PreKey/);
});
