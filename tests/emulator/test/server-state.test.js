// --state: the emulated network survives a restart of the emulator. A companion linked before logs in again
// with its saved creds, its Signal sessions with the phones still work both ways, and a stanza queued for it
// before the restart is delivered after.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startChild } from './helpers/emulator.js';
import { Companion, linkByQr } from './helpers/baileys.js';

const MARIA = '5511900000001';
const JOAO = '5511900000002';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('the root key, accounts, companions, sessions and queued messages survive a restart with --state', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'wa-emulator-state-'));
    let emu = await startChild(['--state', dir]);
    let joao;
    try {
        await emu.addPhone(MARIA, 'Maria');
        await emu.addPhone(JOAO, 'João');
        joao = await linkByQr(emu, JOAO);
        assert.equal((await emu.call('POST', `/phones/${MARIA}/messages`, { to: JOAO, text: 'antes' })).status, 201);
        await joao.waitForText((t) => t === 'antes', 10000);
        await joao.sock.sendMessage(`${MARIA}@s.whatsapp.net`, { text: 'recebido' });
        await sleep(500);
        assert.ok((await emu.call('GET', `/phones/${MARIA}/messages`)).body.some((m) => m.text === 'recebido'));
        await joao.stop({ keepAuth: true });
        await sleep(300);
        const queued = await emu.call('POST', `/phones/${MARIA}/messages`, { to: JOAO, text: 'enquanto você dormia' });
        assert.equal(queued.status, 201);
        await sleep(500);
        assert.equal((await emu.close()).code, 0);

        const rootKey = emu.rootKey;
        emu = await startChild(['--state', dir]);
        assert.equal(emu.rootKey, rootKey);
        const devices = (await emu.call('GET', `/phones/${JOAO}/devices`)).body;
        assert.deepEqual(devices.map((d) => d.jid), [`${JOAO}@s.whatsapp.net`, joao.creds.me.id]);
        const again = new Companion({ wsUrl: emu.wsUrl, authDir: joao.authDir });
        again.ownsDir = true;
        joao = again;
        await again.start();
        await again.waitForOpen(1, 15000);
        assert.equal(again.qrs.length, 0);
        await again.waitForText((t) => t === 'enquanto você dormia', 10000);
        await emu.call('POST', `/phones/${MARIA}/messages`, { to: JOAO, text: 'depois' });
        await again.waitForText((t) => t === 'depois', 10000);
        await again.sock.sendMessage(`${MARIA}@s.whatsapp.net`, { text: 'de volta' });
        for (let i = 0; i < 50; i++) {
            if ((await emu.call('GET', `/phones/${MARIA}/messages`)).body.some((m) => m.text === 'de volta')) break;
            await sleep(100);
        }
        assert.ok((await emu.call('GET', `/phones/${MARIA}/messages`)).body.some((m) => m.text === 'de volta'));
    } finally {
        await joao?.stop();
        await emu.close();
        await rm(dir, { recursive: true, force: true });
    }
});
