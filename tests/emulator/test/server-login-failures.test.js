// Login failures on request (POST /faults "ban" and "loginFailure"): the next login gets the <failure/> the real
// server sends, and a real Baileys 7 client reports it as its close's status code with the attributes as data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startInProcess } from './helpers/emulator.js';
import { Baileys7Companion, unrefLongTimers, until } from './helpers/baileys7.js';
import { linkRaw, loginRaw } from './helpers/raw-companion.js';

unrefLongTimers();

const MARIA = '5511900000001';
let emu;
let laptop; // one Baileys 7 companion of Maria, logged in again for each case

before(async () => {
    emu = await startInProcess();
    await emu.addPhone(MARIA, 'Maria');
    laptop = await new Baileys7Companion({ wsUrl: emu.wsUrl }).link(emu, MARIA);
});
after(async () => {
    await laptop?.stop();
    await emu?.close();
});

const faults = async () => (await emu.call('GET', '/faults')).body;
const linked = async (jid) => (await emu.call('GET', `/phones/${MARIA}/devices`)).body.some((d) => d.jid === jid);

/** Logs the laptop in again and returns how that login ended: its close, or 'open'. */
async function nextLogin() {
    const closes = laptop.closes.length;
    const opens = laptop.opens;
    await laptop.restart();
    return until('the login to end', () => laptop.closes[closes] ?? (laptop.opens > opens ? 'open' : null));
}

test('a ban answers the next login with 402, its code and how long it lasts; then it is used up', async () => {
    const before = await faults();
    assert.equal((await emu.call('POST', '/faults', { ban: { seconds: 3600, code: 101 } })).status, 200);
    assert.deepEqual((await faults()).settings.loginFailures, [{ kind: 'ban', device: null, reason: '402', code: '101', expire: '3600' }]);
    const close = await nextLogin();
    assert.equal(close.statusCode, 402);
    assert.deepEqual(close.data, { reason: '402', code: '101', expire: '3600', location: 'emulator' });
    const after = await faults();
    assert.equal(after.fired.ban, before.fired.ban + 1);
    assert.deepEqual(after.settings.loginFailures, []);
    assert.ok(await linked(laptop.creds.me.id));
    assert.equal(await nextLogin(), 'open');
});

for (const reason of [401, 403, 405, 406, 409, 500, 501, 503]) {
    test(`loginFailure ${reason} arrives as the next login's failure and leaves the device linked`, async () => {
        const before = await faults();
        assert.equal((await emu.call('POST', '/faults', { loginFailure: { reason } })).status, 200);
        const close = await nextLogin();
        assert.equal(close.statusCode, reason);
        assert.deepEqual(close.data, { reason: String(reason), location: 'emulator' });
        assert.equal((await faults()).fired.loginFailure, before.fired.loginFailure + 1);
        assert.ok(await linked(laptop.creds.me.id), 'removing the device is the test\'s own step');
        assert.equal(await nextLogin(), 'open');
    });
}

test('a failure for another device waits for that device; null clears what is armed', async () => {
    const other = `${MARIA}:99@s.whatsapp.net`;
    assert.equal((await emu.call('POST', '/faults', { loginFailure: { reason: 403, device: other } })).status, 200);
    assert.equal((await emu.call('POST', '/faults', { device: other, ban: { seconds: 60, code: 104 } })).status, 200);
    assert.equal(await nextLogin(), 'open');
    assert.deepEqual((await faults()).settings.loginFailures.map((f) => [f.kind, f.device]), [['loginFailure', other], ['ban', other]]);
    assert.equal((await emu.call('POST', '/faults', { loginFailure: null, ban: null })).status, 200);
    assert.deepEqual((await faults()).settings.loginFailures, []);
    // aimed at this laptop, it fires
    assert.equal((await emu.call('POST', '/faults', { loginFailure: { reason: 406, device: laptop.creds.me.id } })).status, 200);
    assert.equal((await nextLogin()).statusCode, 406);
    assert.equal(await nextLogin(), 'open');
});

test('bad ban and loginFailure values are refused and arm nothing', async () => {
    const bodies = [
        { ban: { seconds: 60 } },
        { ban: { seconds: -1, code: 101 } },
        { ban: { seconds: 60, code: 107 } },
        { ban: { seconds: 60, code: 101, until: 5 } },
        { ban: 'yes' },
        { loginFailure: { reason: 402 } },
        { loginFailure: { reason: '401' } },
        { loginFailure: {} },
        { loginFailure: { reason: 401, device: 'maria' } },
        { loginFailure: { reason: 401, device: `${MARIA}@s.whatsapp.net` } },
        { device: `${MARIA}:1@s.whatsapp.net`, loginFailure: { reason: 401, device: `${MARIA}:2@s.whatsapp.net` } },
        { loginFailure: { reason: 401 }, dropNextFrames: -1 },
    ];
    for (const body of bodies) {
        const r = await emu.call('POST', '/faults', body);
        assert.equal(r.status, 400, JSON.stringify(body));
        assert.equal(r.body.error, 'bad-fault', JSON.stringify(body));
    }
    assert.deepEqual((await faults()).settings.loginFailures, []);
});

test('stream errors on request have the shapes whatsmeow and Baileys 7 read', async () => {
    const creds = await linkRaw(emu, MARIA);
    const shapes = [
        [515, { tag: 'stream:error', attrs: { code: '515' } }],
        [503, { tag: 'stream:error', attrs: { code: '503' } }],
        [440, { tag: 'stream:error', attrs: {}, content: [{ tag: 'conflict', attrs: { type: 'replaced' } }] }],
        // last: it removes the device
        [401, { tag: 'stream:error', attrs: { code: '401' }, content: [{ tag: 'conflict', attrs: { type: 'device_removed' } }] }],
    ];
    for (const [code, shape] of shapes) {
        const raw = await loginRaw(emu, creds);
        try {
            assert.equal((await emu.call('POST', `/devices/${encodeURIComponent(creds.me.id)}/disconnect`, { code })).status, 200);
            const error = await raw.waitFor((n) => n.tag === 'stream:error', 5000);
            assert.deepEqual(JSON.parse(JSON.stringify(error)), shape, `code ${code}`); // without the decoder's undefined contents
            await raw.waitForClose(2000);
        } finally {
            raw.close();
        }
    }
    assert.equal(await linked(creds.me.id), false, '401 device_removed unlinks');
});
