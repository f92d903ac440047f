// Stream errors the control API can send to a connected companion, as real Baileys reports them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DisconnectReason } from '@whiskeysockets/baileys';
import { startInProcess } from './helpers/emulator.js';
import { Companion, linkByQr } from './helpers/baileys.js';

const MARIA = '5511900000001';
let emu;

before(async () => {
    emu = await startInProcess();
    await emu.addPhone(MARIA, 'Maria');
});
after(() => emu.close());

const disconnect = (jid, code) => emu.call('POST', `/devices/${encodeURIComponent(jid)}/disconnect`, { code });

test('515 restarts: the app reconnects with its creds and is open again', async () => {
    const c = await linkByQr(emu, MARIA);
    try {
        const r = await disconnect(c.creds.me.id, 515);
        assert.equal(r.status, 200);
        await c.waitForOpen(2, 15000);
        assert.deepEqual(c.closes.map((x) => x.statusCode), [515, DisconnectReason.restartRequired]);
    } finally {
        await c.stop();
    }
});

test('401 logs the companion out and removes the device', async () => {
    const c = await linkByQr(emu, MARIA);
    const jid = c.creds.me.id;
    try {
        await disconnect(jid, 401);
        await c.waitForClose(2, 10000);
        assert.equal(c.closes[1].statusCode, DisconnectReason.loggedOut);
        const { body } = await emu.call('GET', `/phones/${MARIA}/devices`);
        assert.equal(body.some((d) => d.jid === jid), false);
        // its creds no longer log in
        await c.restart();
        await c.waitForClose(3, 10000);
        assert.equal(c.closes[2].statusCode, 401);
    } finally {
        await c.stop();
    }
});

test('440 reports the connection as replaced', async () => {
    const c = await linkByQr(emu, MARIA);
    try {
        await disconnect(c.creds.me.id, 440);
        await c.waitForClose(2, 10000);
        assert.equal(c.closes[1].statusCode, DisconnectReason.connectionReplaced);
    } finally {
        await c.stop();
    }
});

test('a second login with the same creds replaces the first connection (440)', async () => {
    const first = await linkByQr(emu, MARIA);
    const second = new Companion({ wsUrl: emu.wsUrl, authDir: first.authDir });
    try {
        await second.start();
        await second.waitForOpen(1, 15000);
        await first.waitForClose(2, 10000);
        assert.equal(first.closes[1].statusCode, DisconnectReason.connectionReplaced);
        const { body } = await emu.call('GET', `/phones/${MARIA}/devices`);
        assert.deepEqual(body.find((d) => d.jid === first.creds.me.id)?.connected, true);
    } finally {
        await second.stop();
        await first.stop();
    }
});

test('503 and a plain close reach Baileys as 503 and 428', async () => {
    const c = await linkByQr(emu, MARIA);
    try {
        await disconnect(c.creds.me.id, 503);
        await c.waitForClose(2, 10000);
        assert.equal(c.closes[1].statusCode, DisconnectReason.unavailableService);
        await c.restart();
        await c.waitForOpen(2, 15000);
        await disconnect(c.creds.me.id, 'close');
        await c.waitForClose(3, 10000);
        assert.equal(c.closes[2].statusCode, DisconnectReason.connectionClosed);
    } finally {
        await c.stop();
    }
});

test('disconnect answers 404 for an unknown device and 400 for an unknown code', async () => {
    assert.equal((await disconnect(`${MARIA}:99@s.whatsapp.net`, 515)).status, 404);
    assert.equal((await disconnect(`${MARIA}:1@s.whatsapp.net`, 999)).status, 400);
});
