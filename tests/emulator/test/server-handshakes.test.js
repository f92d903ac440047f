// The emulator counts handshakes in flight (first byte to the end of the Noise handshake, or the close that
// ends it first) and keeps the most it saw at once, so a test can check that a gateway spreads its connects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startInProcess } from './helpers/emulator.js';
import { linkRaw, loginRaw } from './helpers/raw-companion.js';

const waitUntil = async (check, ms = 5000) => {
    const end = Date.now() + ms;
    while (!(await check())) {
        if (Date.now() > end) throw new Error('condition not met in time');
        await new Promise((r) => setTimeout(r, 20));
    }
};

test('handshakes in flight go up with open handshakes and down when they finish or close', async () => {
    const emu = await startInProcess();
    try {
        const health = async () => (await emu.call('GET', '/health')).body;
        assert.equal((await health()).handshakesInFlightMax, 0);
        // Three sockets that never say hello are three handshakes in flight.
        const stalled = await Promise.all([0, 1, 2].map(() => new Promise((resolve, reject) => {
            const ws = new WebSocket(emu.wsUrl);
            ws.once('open', () => resolve(ws));
            ws.once('error', reject);
        })));
        await waitUntil(async () => (await health()).handshakesInFlight === 3);
        for (const ws of stalled) ws.close();
        await waitUntil(async () => (await health()).handshakesInFlight === 0);
        assert.equal((await health()).handshakesInFlightMax, 3);

        // A client that completes its handshake no longer counts, though it stays connected.
        await emu.addPhone('5511900000001', 'Maria');
        const creds = await linkRaw(emu, '5511900000001');
        const raw = await loginRaw(emu, creds);
        const after = await health();
        assert.equal(after.handshakesInFlight, 0);
        assert.equal(after.connections, 1);
        assert.equal(after.handshakesInFlightMax, 3);
        raw.close();

        // A new high-water mark starts from what is in flight now, for the next cold start to be measured.
        const reset = await emu.call('POST', '/health/reset-max');
        assert.equal(reset.status, 200);
        assert.equal(reset.body.handshakesInFlightMax, 0);
        assert.equal((await health()).handshakesInFlightMax, 0);
    } finally {
        await emu.close();
    }
});
