// The version floor: a login or registration announcing a WhatsApp Web version older than the floor (or none)
// gets <failure reason="405"/> as the real server refuses an expired client; what every client in our tests
// announces (WA_WEB_VERSION) gets in. Set by --min-wa-version, startEmulator's minWaVersion, PUT /version-floor.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { initAuthCreds } from '@whiskeysockets/baileys';
import { WA_WEB_VERSION, MIN_WA_VERSION } from '../src/wa-web-version.js';
import { startInProcess, startChild } from './helpers/emulator.js';
import { Baileys7Companion, unrefLongTimers, until } from './helpers/baileys7.js';
import { RawClient } from './helpers/raw-client.js';

unrefLongTimers();

const MARIA = '5511900000001';
const floorText = (v) => v.join('.');
const belowFloor = [MIN_WA_VERSION[0], MIN_WA_VERSION[1], MIN_WA_VERSION[2] - 1];
let emu;

before(async () => {
    emu = await startInProcess();
    await emu.addPhone(MARIA, 'Maria');
});
after(() => emu.close());

const floor = async () => (await emu.call('GET', '/version-floor')).body;

test('the floor is the pinned oldest unexpired version, and the version our clients announce is above it', async () => {
    assert.equal((await floor()).min, floorText(MIN_WA_VERSION));
    assert.ok(WA_WEB_VERSION[2] > MIN_WA_VERSION[2] && WA_WEB_VERSION[1] === MIN_WA_VERSION[1]);
});

test('Baileys 7 links with WA_WEB_VERSION; its login with an older version is refused with 405', async () => {
    const c = await new Baileys7Companion({ wsUrl: emu.wsUrl }).link(emu, MARIA);
    try {
        const me = c.creds.me.id;
        const before = (await floor()).refused.length;
        await c.restart({ version: belowFloor });
        const close = await c.waitForClose(c.closes.length + 1);
        assert.equal(close.statusCode, 405);
        assert.equal(close.data?.reason, '405');
        assert.equal(c.opens, 1, 'never open with the old version');
        const { refused } = await floor();
        assert.equal(refused.length, before + 1);
        const last = refused.at(-1);
        assert.deepEqual({ ...last, at: 0 }, { version: floorText(belowFloor), kind: 'login', jid: me, at: 0 });
        assert.ok(Math.abs(last.at - Date.now()) < 10000);
        // the device is still linked: the current version logs in again
        await c.restart({ version: WA_WEB_VERSION });
        await until('open again', () => c.opens >= 2);
    } finally {
        await c.stop();
    }
});

test('a registration below the floor is refused with 405 and never gets a QR', async () => {
    const c = await new Baileys7Companion({ wsUrl: emu.wsUrl, version: belowFloor }).start();
    try {
        const close = await c.waitForClose(1);
        assert.equal(close.statusCode, 405);
        assert.equal(c.qrs.length, 0);
        const last = (await floor()).refused.at(-1);
        assert.equal(last.kind, 'registration');
        assert.equal(last.version, floorText(belowFloor));
        assert.equal('jid' in last, false);
    } finally {
        await c.stop();
    }
});

test('a payload without a version is refused too', async () => {
    const raw = new RawClient(emu.wsUrl, { dictVersion: 3 });
    await raw.hello();
    await raw.finish(initAuthCreds(), { patchPayload: (p) => delete p.userAgent.appVersion });
    try {
        const failure = await raw.waitFor((n) => n.tag === 'failure', 5000);
        assert.equal(failure.attrs.reason, '405');
        assert.ok(failure.attrs.location);
        await raw.waitForClose(2000);
        assert.deepEqual({ ...(await floor()).refused.at(-1), at: 0 }, { version: null, kind: 'registration', at: 0 });
    } finally {
        raw.close();
    }
});

test('PUT /version-floor raises the floor over a linked client, and checks what it is given', async () => {
    const c = await new Baileys7Companion({ wsUrl: emu.wsUrl }).link(emu, MARIA);
    try {
        const raised = `2.3000.${WA_WEB_VERSION[2] + 1}`;
        const put = await emu.call('PUT', '/version-floor', { min: raised });
        assert.equal(put.status, 200);
        assert.equal(put.body.min, raised);
        await c.restart();
        assert.equal((await c.waitForClose(c.closes.length + 1)).statusCode, 405);
        assert.equal((await floor()).refused.at(-1).version, floorText(WA_WEB_VERSION));
        for (const body of [{}, { min: '2.3000' }, { min: '2.3000.x' }, { min: [2, 3000, 1] }, { min: '2.3000.01' }, { min: '2.3000.99999999999' }, { min: raised, extra: 1 }]) {
            const r = await emu.call('PUT', '/version-floor', body);
            assert.equal(r.status, 400, JSON.stringify(body));
            assert.equal(r.body.error, 'bad-version-floor');
        }
        assert.equal((await floor()).min, raised, 'a refused PUT changes nothing');
        assert.equal((await emu.call('PUT', '/version-floor', { min: floorText(MIN_WA_VERSION) })).status, 200);
        await c.restart();
        await until('open again under the pinned floor', () => c.opens >= 2);
    } finally {
        await c.stop();
    }
});

test('the refused list keeps the last 100', async () => {
    for (let i = 0; i < 105; i++) emu.hub.versionFloor.admits({ userAgent: { appVersion: { primary: 2, secondary: 3000, tertiary: i } } }, 'registration');
    const { refused } = await floor();
    assert.equal(refused.length, 100);
    assert.equal(refused.at(-1).version, '2.3000.104');
});

test('startEmulator takes minWaVersion; the command line --min-wa-version, and refuses a bad one', async () => {
    const inProcess = await startInProcess({ minWaVersion: '2.3000.7' });
    try {
        assert.equal((await inProcess.call('GET', '/version-floor')).body.min, '2.3000.7');
    } finally {
        await inProcess.close();
    }
    const child = await startChild(['--min-wa-version', '2.3000.1048032155']);
    try {
        assert.equal((await child.call('GET', '/version-floor')).body.min, '2.3000.1048032155');
    } finally {
        await child.close();
    }
    await assert.rejects(startChild(['--min-wa-version', '2.3000']), /exited with 2.*min-wa-version/s);
});
