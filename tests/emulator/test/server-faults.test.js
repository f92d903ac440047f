// The certificate chain and fault injection: a chain under the emulator's own root that a careful client can
// verify, the badCert variants that must fail that check, and faults that hit one connection only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import libsignal from 'libsignal';
import { WAProto as proto, DisconnectReason } from '@whiskeysockets/baileys';
import { startInProcess } from './helpers/emulator.js';
import { linkByQr } from './helpers/baileys.js';
import { RawClient } from './helpers/raw-client.js';
import { verifyCertChain } from '../src/server/cert-chain.js';
import { encodeFrame } from '../src/server/framing.js';

const MARIA = '5511900000001';
const JOAO = '5511900000002';
let emu;

before(async () => {
    emu = await startInProcess();
    await emu.addPhone(MARIA, 'Maria');
    await emu.addPhone(JOAO, 'João');
});
after(() => emu.close());

const with05 = (pub) => Buffer.concat([Buffer.from([5]), Buffer.from(pub)]);
const now = () => Math.floor(Date.now() / 1000);
const ping = () => ({ tag: 'iq', attrs: { to: '@s.whatsapp.net', type: 'get', xmlns: 'w:p' }, content: [{ tag: 'ping', attrs: {} }] });

async function chainOfNewConnection() {
    const raw = new RawClient(emu.wsUrl);
    const { serverStatic, certChain } = await raw.hello();
    raw.close();
    return { serverStatic, certChain };
}

test('the chain verifies root -> intermediate -> leaf with libsignal, and the leaf is the static key', async () => {
    const { serverStatic, certChain } = await chainOfNewConnection();
    const { intermediate, leaf } = proto.CertChain.decode(certChain);
    const Details = proto.CertChain.NoiseCertificate.Details;
    const rootPub = Buffer.from(emu.rootKey, 'hex');
    assert.equal(libsignal.curve.verifySignature(with05(rootPub), intermediate.details, intermediate.signature), true);
    const inter = Details.decode(intermediate.details);
    assert.equal(inter.issuerSerial, 0);
    assert.equal(libsignal.curve.verifySignature(with05(inter.key), leaf.details, leaf.signature), true);
    const lf = Details.decode(leaf.details);
    assert.equal(lf.issuerSerial, inter.serial);
    assert.ok(Buffer.from(lf.key).equals(serverStatic));
    assert.deepEqual(verifyCertChain(certChain, { rootPub, staticPub: serverStatic, now: now() }), { ok: true, reason: '' });
    const root = await emu.call('GET', '/root-key');
    assert.deepEqual(root.body, { rootKey: emu.rootKey });
});

test('badCert "root" and "leaf" give chains that fail the full check, only for new connections', async () => {
    const rootPub = Buffer.from(emu.rootKey, 'hex');
    try {
        assert.equal((await emu.call('POST', '/faults', { badCert: 'root' })).status, 200);
        let got = await chainOfNewConnection();
        let check = verifyCertChain(got.certChain, { rootPub, staticPub: got.serverStatic, now: now() });
        assert.deepEqual(check, { ok: false, reason: 'intermediate not signed by the root key' });
        const { intermediate } = proto.CertChain.decode(got.certChain);
        assert.equal(libsignal.curve.verifySignature(with05(rootPub), intermediate.details, intermediate.signature), false);

        await emu.call('POST', '/faults', { badCert: 'leaf' });
        got = await chainOfNewConnection();
        check = verifyCertChain(got.certChain, { rootPub, staticPub: got.serverStatic, now: now() });
        assert.deepEqual(check, { ok: false, reason: 'leaf key is not the server static key' });
    } finally {
        await emu.call('POST', '/faults', { badCert: 'none' });
    }
    const good = await chainOfNewConnection();
    assert.equal(verifyCertChain(good.certChain, { rootPub, staticPub: good.serverStatic, now: now() }).ok, true);
    assert.equal((await emu.call('POST', '/faults', { badCert: 'other' })).status, 400);
});

test('garbage from one client closes only that connection; the others keep working', async () => {
    const a = await linkByQr(emu, MARIA);
    const b = await linkByQr(emu, JOAO);
    try {
        const before = (await emu.call('GET', '/health')).body.connections;
        a.sock.ws.socket.send(encodeFrame(randomBytes(64)));
        await a.waitForClose(2, 10000);
        assert.equal(a.closes[1].statusCode, DisconnectReason.connectionClosed);
        await emu.call('POST', `/phones/${MARIA}/messages`, { to: JOAO, text: 'ainda aqui?' });
        const got = await b.waitForText((t) => t === 'ainda aqui?', 10000);
        assert.equal(got.key.remoteJid, `${MARIA}@s.whatsapp.net`);
        assert.equal((await emu.call('GET', '/health')).body.connections, before - 1);
    } finally {
        await a.stop();
        await b.stop();
    }
});

test('a garbage frame sent to one device fails only that client\'s GCM check', async () => {
    // Baileys 6.17 leaves its GCM failure unhandled (protocol.md §2.6); the test runner would blame this test for
    // it, so its listener is set aside while this test collects the rejections itself.
    const rejections = [];
    const onRejection = (err) => rejections.push(String(err?.message ?? err));
    const runnerListeners = process.listeners('unhandledRejection');
    process.removeAllListeners('unhandledRejection');
    process.on('unhandledRejection', onRejection);
    const a = await linkByQr(emu, MARIA);
    const b = await linkByQr(emu, JOAO);
    try {
        await emu.call('POST', '/faults', { device: a.creds.me.id, garbage: true });
        await new Promise((r) => setTimeout(r, 300));
        assert.ok(rejections.some((m) => /authenticate/.test(m)), `rejections: ${rejections}`);
        assert.equal(rejections.length, 1);
        // The garbage took no nonce on the server side and Baileys counts only frames that decrypt, so its
        // stream goes on; a client that treats the GCM failure as fatal reconnects instead.
        await a.sock.query(ping(), 3000);
        await b.sock.query(ping(), 3000);
        assert.equal(rejections.length, 1);
    } finally {
        await a.stop();
        await b.stop();
        process.off('unhandledRejection', onRejection);
        for (const l of runnerListeners) process.on('unhandledRejection', l);
    }
});

test('delayMs slows one device\'s frames and dropNextFrames loses its next ones', async () => {
    const b = await linkByQr(emu, JOAO);
    const device = b.creds.me.id;
    try {
        await new Promise((r) => setTimeout(r, 1000)); // let the new device's bootstrap traffic settle
        await emu.call('POST', '/faults', { device, delayMs: 1200 });
        let start = Date.now();
        await b.sock.query(ping(), 5000);
        assert.ok(Date.now() - start >= 1150, `answered after ${Date.now() - start} ms`);
        await emu.call('POST', '/faults', { device, delayMs: 0, dropNextFrames: 1 });
        await assert.rejects(b.sock.query(ping(), 1000), /Timed Out/);
        start = Date.now();
        await b.sock.query(ping(), 3000);
        assert.ok(Date.now() - start < 1000, `answered after ${Date.now() - start} ms without delay`);
        assert.equal((await emu.call('POST', '/faults', { dropNextFrames: -1 })).status, 400);
    } finally {
        await b.stop();
    }
});
