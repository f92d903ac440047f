// A message sent while a companion is offline waits in the server's queue and arrives, decrypted, when the
// companion logs in again with its saved creds (docs/protocol.md §8, "offline" delivery before <ib><offline/>).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startInProcess } from './helpers/emulator.js';
import { linkByQr } from './helpers/baileys.js';

const MARIA = '5511900000001';
const JOAO = '5511900000002';
const jid = (phone) => `${phone}@s.whatsapp.net`;
let emu;
let mariaLaptop;
let joaoLaptop;

// Baileys holds messages.upsert/update in its event buffer until its first app-state sync (after the phone's
// bootstrap messages, docs/protocol.md §15.5); the tests start once that has happened, so events come one by one.
async function ready(companion) {
    const deadline = Date.now() + 15000;
    while (!(companion.creds.accountSyncCounter >= 1)) {
        if (Date.now() > deadline) throw new Error('the companion never finished its first app-state sync');
        await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 50));
    return companion;
}

before(async () => {
    emu = await startInProcess();
    await emu.addPhone(MARIA, 'Maria');
    await emu.addPhone(JOAO, 'João');
    mariaLaptop = await ready(await linkByQr(emu, MARIA));
    joaoLaptop = await ready(await linkByQr(emu, JOAO));
});

after(async () => {
    await mariaLaptop?.stop();
    await joaoLaptop?.stop();
    await emu?.close();
});

async function connected(deviceJid) {
    const phone = deviceJid.split(':')[0].split('@')[0];
    const { body } = await emu.call('GET', `/phones/${phone}/devices`);
    return body.find((d) => d.jid === deviceJid)?.connected;
}

async function until(what, probe, timeoutMs = 15000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await probe();
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
    }
}

test('texts sent while a companion is offline arrive when it reconnects, in order', async () => {
    // One exchange first, so João's laptop is fully set up (sessions, app-state key) before it goes away.
    await mariaLaptop.sock.sendMessage(jid(JOAO), { text: 'antes' });
    await joaoLaptop.waitForText((t) => t === 'antes', 20000);

    const laptopJid = joaoLaptop.creds.me.id;
    joaoLaptop.autoReconnect = false;
    joaoLaptop.sock.end(undefined);
    await until('the server to see João\'s laptop go', async () => (await connected(laptopJid)) === false);

    const fromPhone = await emu.call('POST', `/phones/${MARIA}/messages`, { to: JOAO, text: 'do telefone, offline' });
    assert.equal(fromPhone.status, 201);
    const fromLaptop = await mariaLaptop.sock.sendMessage(jid(JOAO), { text: 'do laptop, offline' });
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(!joaoLaptop.messages.some((m) => m.key.id === fromLaptop.key.id), 'nothing arrives while offline');

    await joaoLaptop.restart();
    await joaoLaptop.waitForOpen(2, 15000);
    const a = await joaoLaptop.waitForText((t) => t === 'do telefone, offline', 20000);
    const b = await joaoLaptop.waitForText((t) => t === 'do laptop, offline', 20000);
    assert.equal(a.key.id, fromPhone.body.id);
    assert.equal(b.key.id, fromLaptop.key.id);
    assert.ok(joaoLaptop.messages.indexOf(a) < joaoLaptop.messages.indexOf(b), 'queued messages keep their order');
    assert.ok(!joaoLaptop.messages.some((m) => m.messageStubType), 'every queued message decrypted');

    // Acked after delivery: a second reconnect does not deliver them again.
    const count = joaoLaptop.messages.length;
    await new Promise((r) => setTimeout(r, 500));
    await joaoLaptop.restart();
    await joaoLaptop.waitForOpen(3, 15000);
    await new Promise((r) => setTimeout(r, 1000));
    const again = joaoLaptop.messages.slice(count).filter((m) => [fromPhone.body.id, fromLaptop.key.id].includes(m.key.id));
    assert.deepEqual(again, [], 'nothing is delivered twice');
});
