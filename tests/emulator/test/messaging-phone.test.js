// Texts between the emulator's simulated phones and real, unmodified Baileys 6.17.16 companions, both ways,
// with the receipts each side sees (docs/protocol.md §10, §11). The phone's side is checked through the
// control API, as Balcão's tests see it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { WAMessageStatus } from '@whiskeysockets/baileys';
import { startInProcess } from './helpers/emulator.js';
import { linkByQr } from './helpers/baileys.js';

const MARIA = '5511900000001';
const JOAO = '5511900000002';
const jid = (phone) => `${phone}@s.whatsapp.net`;
let emu;
let joaoLaptop; // a Baileys companion of João

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
    joaoLaptop = await ready(await linkByQr(emu, JOAO));
});

after(async () => {
    await joaoLaptop?.stop();
    await emu?.close();
});

async function until(what, probe, timeoutMs = 15000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await probe();
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
    }
}

const phoneReceipts = async (phone) => (await emu.call('GET', `/phones/${phone}/receipts`)).body;
const phoneMessages = async (phone) => (await emu.call('GET', `/phones/${phone}/messages`)).body;

test('a text from a phone reaches Baileys in messages.upsert; the phone gets delivery, then read', async () => {
    const sent = await emu.call('POST', `/phones/${MARIA}/messages`, { to: JOAO, text: 'Olá do telefone da Maria' });
    assert.equal(sent.status, 201);
    const { id } = sent.body;

    const got = await joaoLaptop.waitForText((text) => text === 'Olá do telefone da Maria', 20000);
    assert.equal(got.key.id, id);
    // a phone writes by LID (whatsmeow's rule): the chat is Maria's LID
    assert.equal(got.key.remoteJid, `${emu.hub.registry.account(MARIA).lidUser}@lid`);
    assert.equal(got.key.fromMe, false);
    assert.equal(got.pushName, 'Maria');
    assert.equal(got.messageStubType ?? null, null, 'decrypted, not a CIPHERTEXT stub');

    const laptopJid = joaoLaptop.creds.me.id;
    const delivery = await until('the delivery receipt from João\'s laptop', async () =>
        (await phoneReceipts(MARIA)).find((r) => r.id === id && r.type === 'delivery' && r.from === laptopJid));
    assert.ok(delivery);
    assert.ok((await phoneReceipts(MARIA)).some((r) => r.id === id && r.type === 'delivery' && r.from === jid(JOAO)),
        'João\'s phone confirms delivery too');

    await joaoLaptop.sock.readMessages([got.key]);
    const read = await until('the read receipt', async () =>
        (await phoneReceipts(MARIA)).find((r) => r.id === id && r.type === 'read'));
    assert.equal(read.from, laptopJid);
});

test('a text from Baileys is decrypted by the phone; Baileys gets the server ack and the delivery status', async () => {
    const acks = [];
    joaoLaptop.sock.ws.on('CB:ack,class:message', (node) => acks.push(node.attrs));
    const sent = await joaoLaptop.sock.sendMessage(jid(MARIA), { text: 'Oi Maria, do laptop do João' });
    const id = sent.key.id;

    const message = await until('the phone to decrypt the text', async () =>
        (await phoneMessages(MARIA)).find((m) => m.id === id));
    assert.equal(message.text, 'Oi Maria, do laptop do João');
    assert.equal(message.from, jid(JOAO));
    assert.ok(Math.abs(message.timestamp - Date.now() / 1000) < 60);

    await joaoLaptop.waitFor((c) => acks.some((a) => a.id === id), 10000, 'the server ack');
    const ack = acks.find((a) => a.id === id);
    assert.equal(ack.error, undefined);

    await joaoLaptop.waitFor((c) => statusOf(c, id) >= WAMessageStatus.DELIVERY_ACK, 10000, 'the delivery status');
    assert.deepEqual(emu.hub.registry.account(MARIA).phoneDevice.failures, []);
});

test('the phone keeps the session: a second exchange both ways still decrypts', async () => {
    const first = await emu.call('POST', `/phones/${MARIA}/messages`, { to: JOAO, text: 'segunda do telefone' });
    await joaoLaptop.waitForText((text) => text === 'segunda do telefone', 15000);
    const sent = await joaoLaptop.sock.sendMessage(jid(MARIA), { text: 'segunda do laptop' });
    const message = await until('the second text at the phone', async () =>
        (await phoneMessages(MARIA)).find((m) => m.id === sent.key.id));
    assert.equal(message.text, 'segunda do laptop');
    assert.equal(first.status, 201);
    assert.deepEqual(emu.hub.registry.account(MARIA).phoneDevice.failures, []);
    assert.ok(!joaoLaptop.messages.some((m) => m.messageStubType), 'Baileys never failed to decrypt');
});
