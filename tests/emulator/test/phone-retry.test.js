// Retry receipts from a customer's devices (POST /phones/{p}/fail-decrypt, GET /phones/{p}/retries,
// GET /messages/{id}/deliveries), answered by a real Baileys 7 sender: it must resend what the phone or an extra
// device "could not decrypt", from the second request on with the session built from the receipt's <keys>.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startInProcess } from './helpers/emulator.js';
import { Baileys7Companion, unrefLongTimers, until } from './helpers/baileys7.js';

unrefLongTimers();

const MARIA = '5511900000001'; // her laptop runs Baileys 7 and sends
const JOAO = '5511900000002'; // his phone (and later an extra device) fail to decrypt on request
const jid = (phone) => `${phone}@s.whatsapp.net`;
let emu;
let laptop;
// Baileys 7 keeps what it sent in a cache keyed by the chat; a retry receipt from another user's companion names
// that device instead, misses the cache and falls back to the app's getMessage, as real apps provide.
const sentByLaptop = new Map(); // id -> Message

const retries = async (phone = JOAO) => (await emu.call('GET', `/phones/${phone}/retries`)).body;
const deliveries = async (id) => (await emu.call('GET', `/messages/${id}/deliveries`)).body;
const phoneHas = async (id) => (await emu.call('GET', `/phones/${JOAO}/messages`)).body.find((m) => m.id === id);
const strip = ({ at, ...rest }) => rest; // eslint-disable-line no-unused-vars

before(async () => {
    emu = await startInProcess();
    await emu.addPhone(MARIA, 'Maria');
    await emu.addPhone(JOAO, 'João');
    laptop = await new Baileys7Companion({ wsUrl: emu.wsUrl, socketOptions: { getMessage: async (key) => sentByLaptop.get(key.id) } }).link(emu, MARIA);
    await laptop.waitForReady();
});

after(async () => {
    await laptop?.stop();
    await emu?.close();
});

test('times 1: the phone asks once (count 1, no keys) and decrypts the resend', async () => {
    assert.equal((await emu.call('POST', `/phones/${JOAO}/fail-decrypt`, { from: laptop.jid, times: 1 })).status, 200);
    const sent = await laptop.sock.sendMessage(jid(JOAO), { text: 'primeira tentativa falha' });
    const got = await until('the resent text at the phone', () => phoneHas(sent.key.id));
    assert.equal(got.text, 'primeira tentativa falha');
    const log = (await retries()).filter((r) => r.id === sent.key.id);
    assert.deepEqual(log.map(strip), [{ id: sent.key.id, from: laptop.jid, device: jid(JOAO), count: 1, withKeys: false, outcome: 'decrypted' }]);
    // The asker is a primary device, so Baileys 7 resends to every device of the chat (its sendMessagesAgain:
    // "if it's the primary jid sending the request, just re-send the message to everyone"); whatsmeow would
    // answer the asking device only.
    const toPhone = (await deliveries(sent.key.id)).filter((d) => d.to === jid(JOAO));
    assert.equal(toPhone.length, 2);
});

test('times 2: count 1, then count 2 with <keys>; Baileys 7 builds a session from them and the phone decrypts', async () => {
    await emu.call('POST', `/phones/${JOAO}/fail-decrypt`, { from: laptop.jid, times: 2 });
    const sent = await laptop.sock.sendMessage(jid(JOAO), { text: 'terceira tentativa chega' });
    const got = await until('the text at the phone', () => phoneHas(sent.key.id), 20000);
    assert.equal(got.text, 'terceira tentativa chega');
    const log = (await retries()).filter((r) => r.id === sent.key.id).map(strip);
    assert.deepEqual(log, [
        { id: sent.key.id, from: laptop.jid, device: jid(JOAO), count: 1, withKeys: false, outcome: 'asked' },
        { id: sent.key.id, from: laptop.jid, device: jid(JOAO), count: 2, withKeys: true, outcome: 'decrypted' },
    ]);
    assert.equal((await deliveries(sent.key.id)).filter((d) => d.to === jid(JOAO)).length, 3);
});

test('an extra device asks twice: Baileys 7 resends to that device only, with the retry count', async () => {
    const { body: extra } = await emu.call('POST', `/phones/${JOAO}/devices`);
    await until('the devices notification acked', async () => {
        const { unacked } = (await emu.call('GET', `/devices/${encodeURIComponent(laptop.jid)}/unacked`)).body;
        return !unacked.some((s) => s.tag === 'notification');
    });
    await emu.call('POST', `/phones/${JOAO}/fail-decrypt`, { from: laptop.jid, times: 2, device: extra.device });
    // Known to getMessage before it is sent: the retry receipt can come back before sendMessage resolves.
    const messageId = `3EB0${randomBytes(9).toString('hex').toUpperCase()}`;
    sentByLaptop.set(messageId, { conversation: 'para o tablet, na terceira' });
    const sent = await laptop.sock.sendMessage(jid(JOAO), { text: 'para o tablet, na terceira' }, { messageId });
    const got = await until('the text on the extra device', async () => (await emu.call('GET', `/phones/${JOAO}/devices/${extra.device}/messages`)).body.find((m) => m.id === sent.key.id), 20000);
    assert.equal(got.text, 'para o tablet, na terceira');
    const log = (await retries()).filter((r) => r.id === sent.key.id).map(strip);
    assert.deepEqual(log, [
        { id: sent.key.id, from: laptop.jid, device: extra.jid, count: 1, withKeys: false, outcome: 'asked' },
        { id: sent.key.id, from: laptop.jid, device: extra.jid, count: 2, withKeys: true, outcome: 'decrypted' },
    ]);
    // The log of copies is written as they are routed; under load the last one may still be on its way.
    const copies = await until('both resends logged', async () => {
        const all = await deliveries(sent.key.id);
        return all.filter((d) => d.count > 0).length >= 2 && all;
    }, 10000).catch(() => deliveries(sent.key.id));
    const first = copies.filter((d) => d.count === 0);
    assert.ok(first.some((d) => d.to === jid(JOAO)) && first.some((d) => d.to === extra.jid), 'the first copy went to every device');
    assert.deepEqual(copies.filter((d) => d.count > 0).map(({ to, count }) => ({ to, count })), [{ to: extra.jid, count: 1 }, { to: extra.jid, count: 2 }]);
    assert.ok(await phoneHas(sent.key.id), 'the phone read the first copy and was not sent it again');
});

test('the phone gives up after whatsmeow’s bound: 4 requests, then no more', async () => {
    // Phone to phone, so the sender answers every request (Baileys 7 stops resending after two).
    await emu.call('POST', `/phones/${JOAO}/fail-decrypt`, { from: jid(MARIA), times: 10 });
    const { body } = await emu.call('POST', `/phones/${MARIA}/messages`, { to: JOAO, text: 'nunca chega' });
    const log = await until('the give-up', async () => {
        const mine = (await retries()).filter((r) => r.id === body.id);
        return mine.some((r) => r.outcome === 'gave-up') && mine;
    });
    assert.deepEqual(log.map((r) => [r.count, r.withKeys, r.outcome]), [[1, false, 'asked'], [2, true, 'asked'], [3, true, 'asked'], [4, true, 'asked'], [5, false, 'gave-up']]);
    assert.equal(await phoneHas(body.id), undefined);
    const receipts = (await emu.call('GET', `/phones/${MARIA}/receipts`)).body.filter((r) => r.id === body.id && r.type === 'retry');
    assert.equal(receipts.length, 4);
});

test('bad fail-decrypt requests are refused', async () => {
    assert.equal((await emu.call('POST', `/phones/${JOAO}/fail-decrypt`, { from: 'nobody', times: 1 })).status, 404);
    assert.equal((await emu.call('POST', `/phones/${JOAO}/fail-decrypt`, { from: laptop.jid, times: 0 })).status, 400);
    assert.equal((await emu.call('POST', `/phones/${JOAO}/fail-decrypt`, { from: laptop.jid, times: 1, device: 99 })).status, 404);
    assert.equal((await emu.call('POST', `/phones/${JOAO}/fail-decrypt`, { from: laptop.jid, device: -1 })).status, 400);
    assert.deepEqual((await emu.call('GET', '/messages/NOSUCHID/deliveries')).body, []);
});
