// Two real Baileys 6.17.16 companions of different accounts talk through the emulator, both ways; each
// account's phone gets its deviceSentMessage copy of what its companion sent (docs/protocol.md §10.4).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { WAMessageStatus } from '@whiskeysockets/baileys';
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

// The status Baileys reports for a message it sent: a messages.update, or, when the receipt came while its event
// buffer still held the message's own upsert, the status absorbed into that upsert (Utils/event-buffer.js).
function statusOf(companion, id) {
    const updates = companion.receipts.filter((u) => u.key?.id === id && u.key?.fromMe !== false).map((u) => u.update?.status ?? 0);
    const upserts = companion.messages.filter((m) => m.key?.id === id && m.key.fromMe).map((m) => m.status ?? 0);
    return Math.max(0, ...updates, ...upserts);
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

const phone = (p) => emu.hub.registry.account(p).phoneDevice;

async function until(what, probe, timeoutMs = 15000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = probe();
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
    }
}

test('companion to companion, both ways, several times', async () => {
    const texts = [];
    for (let round = 1; round <= 3; round++) {
        const there = `Maria → João ${round}`;
        const back = `João → Maria ${round}`;
        const sent = await mariaLaptop.sock.sendMessage(jid(JOAO), { text: there });
        const got = await joaoLaptop.waitForText((t) => t === there, 20000);
        assert.equal(got.key.id, sent.key.id);
        assert.equal(got.key.remoteJid, jid(MARIA));
        const reply = await joaoLaptop.sock.sendMessage(jid(MARIA), { text: back });
        const gotBack = await mariaLaptop.waitForText((t) => t === back, 20000);
        assert.equal(gotBack.key.id, reply.key.id);
        assert.equal(gotBack.key.remoteJid, jid(JOAO));
        texts.push(there, back);
    }
    for (const laptop of [mariaLaptop, joaoLaptop]) {
        assert.ok(!laptop.messages.some((m) => m.messageStubType), 'no message failed to decrypt');
    }
    // The recipient's phone decrypted its own copy, and the sender's phone its deviceSentMessage copy.
    await until('the phones to have every text', () =>
        texts.every((t) => phone(MARIA).messages.some((m) => m.text === t) && phone(JOAO).messages.some((m) => m.text === t)));
    const copy = phone(MARIA).messages.find((m) => m.text === 'Maria → João 1');
    assert.equal(copy.from, jid(MARIA));
    assert.equal(copy.chat, jid(JOAO), 'the sent copy names the chat it was sent to');
    assert.deepEqual(phone(MARIA).failures, []);
    assert.deepEqual(phone(JOAO).failures, []);
});

test('the sender companion sees the other companion\'s delivery and read receipts', async () => {
    const sent = await mariaLaptop.sock.sendMessage(jid(JOAO), { text: 'leia isto' });
    const got = await joaoLaptop.waitForText((t) => t === 'leia isto', 20000);
    await joaoLaptop.sock.readMessages([got.key]);
    await mariaLaptop.waitFor((c) => statusOf(c, sent.key.id) === WAMessageStatus.READ, 15000, 'the READ status');
});

test("a text the phone sends shows up on its own companion as sent by me, in the recipient's chat", async () => {
    const { status, body } = await emu.call('POST', `/phones/${MARIA}/messages`, { to: JOAO, text: 'enviada pelo telefone da Maria' });
    assert.equal(status, 201);
    const atJoao = await joaoLaptop.waitForText((t) => t === 'enviada pelo telefone da Maria', 20000);
    assert.equal(atJoao.key.fromMe, false);
    const copy = await mariaLaptop.waitForText((t) => t === 'enviada pelo telefone da Maria', 20000);
    assert.equal(copy.key.id, body.id);
    assert.equal(copy.key.fromMe, true);
    // the phone writes to João's LID (whatsmeow's rule), so the copy is in the chat of his LID
    assert.equal(copy.key.remoteJid, `${emu.hub.registry.account(JOAO).lidUser}@lid`, 'the copy belongs to the chat with João');
    assert.ok(!mariaLaptop.messages.some((m) => m.messageStubType));
});
