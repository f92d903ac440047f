// The Noise responder, its framing and the committed handshake vector. The vector is regenerated here (Baileys's
// client handler against our responder) and must match the committed file byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import libsignal from 'libsignal';
import { generate } from '../scripts/vectors/noise.js';
import { serialize } from '../scripts/generate-vectors.js';
import { FrameReader, encodeFrame } from '../src/server/framing.js';
import { verifyCertChain } from '../src/server/cert-chain.js';

const committed = new URL('../vectors/noise-handshake.json', import.meta.url);
const fromHex = (h) => Buffer.from(h, 'hex');
const with05 = (h) => Buffer.concat([Buffer.from([5]), fromHex(h)]);

test('regenerating the noise vector reproduces the committed file', async () => {
    const files = await generate();
    assert.equal(serialize(files['noise-handshake.json']), await readFile(committed, 'utf8'));
});

test('the vector certificate chain verifies root -> intermediate -> leaf with libsignal', async () => {
    const v = JSON.parse(await readFile(committed, 'utf8'));
    const { intermediate, leaf } = v.certChain;
    assert.equal(libsignal.curve.verifySignature(with05(v.keys.root.pub), fromHex(intermediate.details), fromHex(intermediate.signature)), true);
    assert.equal(libsignal.curve.verifySignature(with05(intermediate.key), fromHex(leaf.details), fromHex(leaf.signature)), true);
    assert.equal(libsignal.curve.verifySignature(with05(v.keys.intermediate.pub), fromHex(intermediate.details), fromHex(intermediate.signature)), false);
    assert.equal(leaf.key, v.keys.serverStatic.pub);
    assert.equal(leaf.issuerSerial, intermediate.serial);
    assert.equal(intermediate.issuerSerial, 0);
    const check = verifyCertChain(fromHex(v.certChain.bytes), { rootPub: fromHex(v.keys.root.pub), staticPub: fromHex(v.keys.serverStatic.pub), now: v.now });
    assert.deepEqual(check, { ok: true, reason: '' });
    const wrongStatic = verifyCertChain(fromHex(v.certChain.bytes), { rootPub: fromHex(v.keys.root.pub), staticPub: fromHex(v.keys.clientNoise.pub), now: v.now });
    assert.equal(wrongStatic.ok, false);
    const expired = verifyCertChain(fromHex(v.certChain.bytes), { rootPub: fromHex(v.keys.root.pub), staticPub: fromHex(v.keys.serverStatic.pub), now: leaf.notAfter + 1 });
    assert.equal(expired.ok, false);
});

test('the frame reader strips the intro and reassembles split and packed frames', () => {
    const reader = new FrameReader();
    const a = encodeFrame(Buffer.from('first'));
    const b = encodeFrame(Buffer.from('second'));
    const all = Buffer.concat([Buffer.from([0x57, 0x41, 0x06, 0x03]), a, b]);
    const got = [];
    for (const chunk of [all.subarray(0, 2), all.subarray(2, 9), all.subarray(9)]) {
        const { frames, error } = reader.push(chunk);
        assert.equal(error, null);
        got.push(...frames.map((f) => f.toString()));
    }
    assert.deepEqual(got, ['first', 'second']);
    assert.equal(reader.intro.toString('hex'), '57410603');
});

test('the frame reader accepts the ED routing prefix and rejects a foreign intro', () => {
    const routed = new FrameReader();
    const prefix = Buffer.from([0x45, 0x44, 0, 1, 0, 0, 2, 0xaa, 0xbb, 0x57, 0x41, 0x06, 0x02]);
    const { frames } = routed.push(Buffer.concat([prefix, encodeFrame(Buffer.from('x'))]));
    assert.deepEqual(frames.map(String), ['x']);
    assert.equal(routed.intro[3], 2);
    assert.match(new FrameReader().push(Buffer.from('GET / HTTP/1.1')).error, /bad intro/);
});

test('a zero-length frame is never written', () => {
    assert.throws(() => encodeFrame(Buffer.alloc(0)), /zero-length/);
});
