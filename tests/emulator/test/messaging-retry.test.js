// Retry receipts (docs/protocol.md §11.5) between the emulator's phones and a real Baileys 6.17.16 companion:
// a ciphertext damaged on the way does not decrypt, the receiver asks for the message again, and the sender
// encrypts it anew. The damage is done in the router, on one delivery only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { WAMessageStatus } from '@whiskeysockets/baileys';
import { startInProcess } from './helpers/emulator.js';
import { linkByQr } from './helpers/baileys.js';

// Baileys leaves long timers running after its socket has ended (Baileys 7: a 30 s event-buffer flush and a 20 s
// history-sync wait; Baileys 6: a 15 s placeholder-resend check). Unref those of 10 s and more so this file's
// process ends with its tests instead of half a minute later; while tests run, sockets keep the loop alive.
const setTimeoutWithRef = globalThis.setTimeout;
globalThis.setTimeout = (fn, ms, ...args) => {
    const timer = setTimeoutWithRef(fn, ms, ...args);
    if (ms >= 10000) timer.unref?.();
    return timer;
};

const MARIA = '5511900000001';
const JOAO = '5511900000002';
const jid = (phone) => `${phone}@s.whatsapp.net`;
let emu;
let joaoLaptop;
const sentByLaptop = new Map(); // id -> Message, for Baileys' getMessage (needed to answer a retry)

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
    joaoLaptop = await ready(await linkByQr(emu, JOAO, { socketOptions: { getMessage: async (key) => sentByLaptop.get(key.id) } }));
});

after(async () => {
    await joaoLaptop?.stop();
    await emu?.close();
});

// Flips one bit in the next <enc> the router hands to `deviceJid`.
function damageNextDeliveryTo(deviceJid) {
    const router = emu.hub.router;
    const deliver = router.deliver.bind(router);
    router.deliver = (target, stanza) => {
        const enc = Array.isArray(stanza?.content) ? stanza.content.find((c) => c.tag === 'enc') : undefined;
        // the phone addresses devices by LID (whatsmeow's rule): compare by number
        if (router.registry.pnDevice(target) === deviceJid && stanza.tag === 'message' && enc) {
            router.deliver = deliver;
            const damaged = Buffer.from(enc.content);
            damaged[damaged.length - 12] ^= 0x01;
            enc.content = damaged;
        }
        return deliver(target, stanza);
    };
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

test('Baileys resends a message the phone could not decrypt', async () => {
    const phone = emu.hub.registry.account(MARIA).phoneDevice;
    damageNextDeliveryTo(jid(MARIA));
    // Known to getMessage before it is sent: the retry receipt can come back before sendMessage resolves.
    const messageId = `3EB0${randomBytes(9).toString('hex').toUpperCase()}`;
    sentByLaptop.set(messageId, { extendedTextMessage: { text: 'chega na segunda tentativa' } });
    const sent = await joaoLaptop.sock.sendMessage(jid(MARIA), { text: 'chega na segunda tentativa' }, { messageId });
    assert.equal(sent.key.id, messageId);

    const message = await until('the phone to decrypt the resent message', () => phone.messages.find((m) => m.id === sent.key.id));
    assert.equal(message.text, 'chega na segunda tentativa');
    assert.equal(phone.failures.filter((f) => f.id === sent.key.id).length, 1, 'the first copy failed');
    await joaoLaptop.waitFor((c) => statusOf(c, sent.key.id) >= WAMessageStatus.DELIVERY_ACK, 10000, 'delivery after the retry');
});

test('the phone resends a message Baileys could not decrypt', async () => {
    const laptopJid = joaoLaptop.creds.me.id;
    damageNextDeliveryTo(laptopJid);
    const { body } = await emu.call('POST', `/phones/${MARIA}/messages`, { to: JOAO, text: 'reenviada pelo telefone' });
    // Baileys waits 5 s (a placeholder resend request to its own phone) before its first retry receipt.
    const got = await joaoLaptop.waitForText((text) => text === 'reenviada pelo telefone', 20000);
    assert.equal(got.key.id, body.id);
    assert.ok(joaoLaptop.messages.some((m) => m.key.id === body.id && m.messageStubType), 'Baileys first failed to decrypt it');
    const receipts = (await emu.call('GET', `/phones/${MARIA}/receipts`)).body;
    assert.ok(receipts.some((r) => r.id === body.id && r.type === 'retry' && r.from === laptopJid));
    assert.ok(receipts.some((r) => r.id === body.id && r.type === 'delivery' && r.from === laptopJid));
});
