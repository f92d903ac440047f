// WA_EMULATOR_PAYLOAD_DELAY_MS: how long the server waits after the client's handshake before its first stanza
// (docs/protocol.md §15.2: Baileys finishes its Noise split asynchronously; under heavy load 20 ms is not always enough).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startInProcess } from './helpers/emulator.js';
import { RawClient } from './helpers/raw-client.js';

let emu;
after(async () => {
    delete process.env.WA_EMULATOR_PAYLOAD_DELAY_MS;
    await emu?.close();
});

async function firstStanzaDelayMs() {
    const raw = new RawClient(emu.wsUrl, { dictVersion: 3 });
    await raw.hello();
    await raw.finish();
    const start = performance.now();
    await raw.waitFor((x) => x.tag === 'iq');
    const ms = performance.now() - start;
    raw.close();
    return ms;
}

test('the first stanza after the handshake waits WA_EMULATOR_PAYLOAD_DELAY_MS, 20 ms when unset', async () => {
    emu = await startInProcess();
    delete process.env.WA_EMULATOR_PAYLOAD_DELAY_MS;
    const normal = await firstStanzaDelayMs();
    assert.ok(normal < 300, `${normal} ms`);
    process.env.WA_EMULATOR_PAYLOAD_DELAY_MS = '400';
    const raised = await firstStanzaDelayMs();
    assert.ok(raised >= 390, `${raised} ms`);
});
