// The token table follows each connection's intro: 57 41 06 02 speaks Baileys 6.17.16's table, 57 41 06 03 the
// v3 table of baileys 7.0.0-rc14 (the one Balcão uses). Checked with a bare Noise client and each codec.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { initAuthCreds } from '@whiskeysockets/baileys';
import { startInProcess } from './helpers/emulator.js';
import { RawClient } from './helpers/raw-client.js';

let emu;
before(async () => {
    emu = await startInProcess();
    await emu.addPhone('5511900000001', 'Maria');
});
after(() => emu.close());

for (const dictVersion of [2, 3]) {
    test(`a registration over dictionary v${dictVersion} gets pair-device refs in that table`, async () => {
        const raw = new RawClient(emu.wsUrl, { dictVersion });
        await raw.hello();
        await raw.finish(initAuthCreds());
        const iq = await raw.waitFor((n) => n.tag === 'iq');
        assert.equal(iq.attrs.type, 'set');
        assert.equal(iq.attrs.xmlns, 'md');
        const pairDevice = iq.content[0];
        assert.equal(pairDevice.tag, 'pair-device');
        assert.equal(pairDevice.content.length, 6);
        for (const ref of pairDevice.content) assert.match(Buffer.from(ref.content).toString(), /^2@[A-Za-z0-9+/=]+$/);
        // a ping in the same table is answered in it
        raw.send({ tag: 'iq', attrs: { id: 'p1', to: '@s.whatsapp.net', type: 'get', xmlns: 'w:p' }, content: [{ tag: 'ping', attrs: {} }] });
        const pong = await raw.waitFor((n) => n.attrs?.id === 'p1');
        assert.equal(pong.attrs.type, 'result');
        raw.close();
    });
}

test('an unknown dictionary version is refused', async () => {
    const raw = new RawClient(emu.wsUrl, { dictVersion: 9 });
    await assert.rejects(raw.hello(), /closed by the server/);
});

test('bytes that are not a WhatsApp intro close the connection', async () => {
    const WebSocket = (await import('ws')).default;
    const ws = new WebSocket(emu.wsUrl);
    await new Promise((r) => ws.once('open', r));
    const closed = new Promise((resolve) => ws.once('close', resolve));
    ws.send(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
    await closed;
    const raw = new RawClient(emu.wsUrl); // the server still takes new connections
    await raw.hello();
    raw.close();
});
