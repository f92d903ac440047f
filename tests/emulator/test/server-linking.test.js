// Linking real Baileys 6.17.16 companions to the emulator's phones, and logging in again with saved creds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import libsignal from 'libsignal';
import { initAuthCreds } from '@whiskeysockets/baileys';
import { startInProcess } from './helpers/emulator.js';
import { Companion, linkByQr, linkByCode } from './helpers/baileys.js';
import { RawClient } from './helpers/raw-client.js';

const MARIA = '5511900000001';
const JOAO = '5511900000002';
let emu;

before(async () => {
    emu = await startInProcess({ qr: { firstMs: 60000, laterMs: 20000, refs: 6 } });
    await emu.addPhone(MARIA, 'Maria');
    await emu.addPhone(JOAO, 'João');
});
after(() => emu.close());

const with05 = (pub) => Buffer.concat([Buffer.from([5]), Buffer.from(pub)]);

test('a QR link opens after the 515 restart with the phone\'s jid and a device number', async () => {
    const c = await linkByQr(emu, MARIA);
    try {
        assert.match(c.creds.me.id, /^5511900000001:([1-9][0-9]*)@s\.whatsapp\.net$/);
        assert.deepEqual(c.closes.map((x) => x.statusCode), [515]);
        assert.equal(c.qrs[0].split(',').length, 4);
        assert.match(c.creds.me.lid, /^[0-9]+:[1-9][0-9]*@lid$/);
        // The account signature Baileys stored verifies under the phone's identity key (Baileys itself does not check).
        const phoneIdentity = emu.hub.registry.account(MARIA).phoneDevice.identityKeyPair.pub;
        const account = c.creds.account;
        assert.ok(Buffer.from(account.accountSignatureKey).equals(phoneIdentity));
        const signed = Buffer.concat([Buffer.from([6, 0]), account.details, c.creds.signedIdentityKey.public]);
        assert.equal(libsignal.curve.verifySignature(with05(phoneIdentity), signed, account.accountSignature), true);
        const { body } = await emu.call('GET', `/phones/${MARIA}/devices`);
        assert.deepEqual(body.find((d) => d.jid === c.creds.me.id), { jid: c.creds.me.id, connected: true });
        // The companion's uploaded prekeys are stored (Baileys uploads 30 when the server has none).
        const companion = emu.hub.registry.device(c.creds.me.id).companion;
        assert.ok(companion.preKeys.length >= 29, `prekeys stored: ${companion.preKeys.length}`);
    } finally {
        await c.stop();
    }
});

test('two companions of one account get different device numbers and key indexes', async () => {
    const a = await linkByQr(emu, JOAO);
    const b = await linkByQr(emu, JOAO);
    try {
        assert.notEqual(a.creds.me.id, b.creds.me.id);
        const registry = emu.hub.registry;
        const ka = registry.device(a.creds.me.id).companion.keyIndex;
        const kb = registry.device(b.creds.me.id).companion.keyIndex;
        assert.ok(ka >= 1 && kb >= 1 && ka !== kb);
    } finally {
        await a.stop();
        await b.stop();
    }
});

test('a pairing code typed on the phone links the companion that asked for it', async () => {
    const { companion, code } = await linkByCode(emu, MARIA);
    try {
        assert.match(code, /^[1-9A-HJ-NP-TV-Z]{8}$/);
        assert.match(companion.creds.me.id, /^5511900000001:[1-9][0-9]*@s\.whatsapp\.net$/);
        assert.equal(companion.creds.registered, true);
        assert.deepEqual(companion.closes.map((x) => x.statusCode), [515]);
    } finally {
        await companion.stop();
    }
});

test('link-code without a request is 404, a wrong code is refused', async () => {
    const none = await emu.call('POST', `/phones/${JOAO}/link-code`, { code: 'ABCD-EFGH' });
    assert.equal(none.status, 404);
    const c = await new Companion({ wsUrl: emu.wsUrl }).start();
    try {
        await c.waitFor((x) => x.qrs.length > 0, 15000, 'a QR');
        await c.sock.requestPairingCode(JOAO);
        const wrong = await emu.call('POST', `/phones/${JOAO}/link-code`, { code: 'ZZZZ-ZZZZ' });
        assert.equal(wrong.status, 400);
        assert.equal(wrong.body.error, 'bad-code');
        assert.equal(c.opens, 0);
    } finally {
        await c.stop();
    }
});

test('restarting with saved creds logs in without a QR', async () => {
    const c = await linkByQr(emu, MARIA);
    const id = c.creds.me.id;
    const qrsBefore = c.qrs.length;
    try {
        await c.restart();
        await c.waitForOpen(2, 15000);
        assert.equal(c.qrs.length, qrsBefore);
        assert.equal(c.creds.me.id, id);
    } finally {
        await c.stop();
    }
});

test('scanning an unknown ref is 404, an expired one 410; when all refs expire Baileys gives up with 408', async () => {
    const quick = await startInProcess({ qr: { firstMs: 400, laterMs: 400, refs: 2 } });
    try {
        await quick.addPhone(MARIA, 'Maria');
        const unknown = await quick.call('POST', `/phones/${MARIA}/scan`, { qr: '2@nope,AAAA,BBBB,CCCC' });
        assert.equal(unknown.status, 404);
        const c = await new Companion({ wsUrl: quick.wsUrl, socketOptions: { qrTimeout: 400 } }).start();
        try {
            await c.waitFor((x) => x.qrs.length > 0, 15000, 'a QR');
            const first = c.qrs[0];
            await new Promise((r) => setTimeout(r, 600));
            const expired = await quick.call('POST', `/phones/${MARIA}/scan`, { qr: first });
            assert.equal(expired.status, 410);
            assert.equal(expired.body.error, 'expired-ref');
            await c.waitForClose(1, 10000);
            assert.equal(c.qrs.length, 2);
            assert.equal(c.closes[0].statusCode, 408);
            const gone = await quick.call('POST', `/phones/${MARIA}/scan`, { qr: c.qrs[1] });
            assert.equal(gone.status, 410);
        } finally {
            await c.stop();
        }
    } finally {
        await quick.close();
    }
});

test('an unknown device, or a known one with another noise key, gets failure 401', async () => {
    const ghost = await Companion.withCreds(emu.wsUrl, { me: { id: `${MARIA}:77@s.whatsapp.net`, name: 'x' } });
    try {
        await ghost.waitForClose(1, 10000);
        assert.equal(ghost.closes[0].statusCode, 401);
        assert.equal(ghost.opens, 0);
    } finally {
        await ghost.stop();
    }
    const real = await linkByQr(emu, MARIA);
    const stolenId = real.creds.me.id;
    await real.stop();
    const thief = new RawClient(emu.wsUrl);
    await thief.hello();
    await thief.finish(initAuthCreds(), { loginJid: stolenId });
    const failure = await thief.waitFor((n) => n.tag === 'failure');
    assert.equal(failure.attrs.reason, '401');
    await thief.waitForClose();
});
