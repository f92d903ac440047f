// Every stanza answered: the server keeps, per companion, the messages, receipts, notifications and calls it
// sent until they are answered (GET /devices/{jid}/unacked). An ack counts only when it is what Baileys 7's
// buildAckStanza builds for that stanza; a message the client decrypted is answered by its receipt, as both
// references do. A real Baileys 7 companion leaves nothing behind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildAckStanza } from 'baileys';
import { startInProcess } from './helpers/emulator.js';
import { Baileys7Companion, unrefLongTimers, until } from './helpers/baileys7.js';
import { linkRaw, loginRaw } from './helpers/raw-companion.js';

unrefLongTimers();

const MARIA = '5511900000001';
const JOAO = '5511900000002';
const ANA = '5511900000003';
const jid = (phone) => `${phone}@s.whatsapp.net`;
let emu;

before(async () => {
    emu = await startInProcess();
    await emu.addPhone(MARIA, 'Maria');
    await emu.addPhone(JOAO, 'João');
    await emu.addPhone(ANA, 'Ana');
});
after(() => emu.close());

const unacked = async (device) => {
    const { status, body } = await emu.call('GET', `/devices/${encodeURIComponent(device)}/unacked`);
    assert.equal(status, 200);
    return body;
};

/** Ids (tag/id) the device acked, from now on. */
function ackedBy(device) {
    const seen = new Set();
    emu.hub.router.ackListeners.add((from, id) => {
        if (from === device) seen.add(id);
    });
    return seen;
}

/** Hands out a companion's one-time prekeys until the server tells it they run low (an encrypt notification). */
function drainPreKeys(device) {
    const companion = emu.hub.registry.device(device).companion;
    while (!companion.refillAsked) emu.hub.router.takeBundle(device);
}

test('a real Baileys 7 companion answers a message (by its receipt), receipts and a notification (by acks)', async () => {
    const laptop = await new Baileys7Companion({ wsUrl: emu.wsUrl }).link(emu, MARIA);
    try {
        await until('its first app-state sync', () => laptop.creds.accountSyncCounter >= 1, 20000);
        const me = laptop.creds.me.id;
        const acked = ackedBy(me);
        const kept = (tag) => emu.hub.router.queued(me).filter((s) => s.tag === tag).map((s) => s.attrs.id);
        const seenKept = { message: new Set(), receipt: new Set(), notification: new Set() };
        const watch = setInterval(() => Object.keys(seenKept).forEach((tag) => kept(tag).forEach((id) => seenKept[tag].add(id))), 5);

        const { body: incoming } = await emu.call('POST', `/phones/${JOAO}/messages`, { to: MARIA, text: 'olá, Maria' });
        await until('the text at Baileys 7', () => laptop.text((t) => t === 'olá, Maria'));
        const sent = await laptop.sock.sendMessage(jid(JOAO), { text: 'olá, João' });
        const phone = emu.hub.registry.account(JOAO).phoneDevice;
        await until('the phone to decrypt it', () => phone.messages.find((m) => m.id === sent.key.id));
        assert.equal((await emu.call('POST', `/phones/${JOAO}/read`, { chat: jid(MARIA), ids: [sent.key.id] })).status, 200);
        drainPreKeys(me);

        try {
            await until('every kept stanza acked', async () => (await unacked(me)).unacked.length === 0 && acked.has(sent.key.id), 15000);
        } catch (err) {
            err.message += `: ${JSON.stringify(await unacked(me))}`;
            throw err;
        } finally {
            clearInterval(watch);
        }
        const report = await unacked(me);
        assert.deepEqual(report.mismatches, []);
        assert.ok(seenKept.message.has(incoming.id) && acked.has(incoming.id), 'the message was kept until answered');
        assert.ok(seenKept.receipt.has(sent.key.id), 'the receipts were kept until acked');
        assert.ok(seenKept.notification.size >= 1, 'the prekey notification was kept until acked');
        for (const id of seenKept.notification) assert.ok(acked.has(id));
    } finally {
        await laptop.stop();
    }
});

test('a wrong ack leaves its stanza unacked and is recorded; the right one clears it; unknown ids are counted', async () => {
    const creds = await linkRaw(emu, ANA);
    const me = creds.me.id;
    let raw = await loginRaw(emu, creds);
    try {
        const incoming = async (text) => {
            const { body } = await emu.call('POST', `/phones/${JOAO}/messages`, { to: ANA, text });
            return raw.waitFor((n) => n.tag === 'message' && n.attrs.id === body.id, 5000);
        };
        const noType = await incoming('sem type');
        const noFrom = await incoming('sem from');
        const right = (n) => buildAckStanza(n, undefined, me);
        const withoutType = right(noType);
        delete withoutType.attrs.type;
        raw.send(withoutType);
        const withoutFrom = right(noFrom);
        delete withoutFrom.attrs.from;
        raw.send(withoutFrom);
        raw.send({ tag: 'ack', attrs: { id: 'no-such-stanza', to: jid(JOAO), class: 'message', type: 'text', from: me } });

        const report = await until('two mismatches', async () => {
            const r = await unacked(me);
            return r.mismatches.length >= 2 ? r : null;
        }, 5000);
        const entry = (id) => report.unacked.find((u) => u.id === id);
        // the phone writes by LID (whatsmeow's rule): its messages come from João's LID
        const joaoLid = `${emu.hub.registry.account(JOAO).lidUser}@lid`;
        assert.deepEqual({ ...entry(noType.attrs.id), sentAt: 0 }, { tag: 'message', id: noType.attrs.id, type: 'text', from: joaoLid, sentAt: 0, ackMismatch: true });
        assert.equal(typeof entry(noType.attrs.id).sentAt, 'number');
        assert.ok(entry(noFrom.attrs.id)?.ackMismatch);
        const [first, second] = report.mismatches;
        assert.deepEqual(first, { id: noType.attrs.id, tag: 'message', expected: right(noType).attrs, got: withoutType.attrs });
        assert.deepEqual(second.expected, { id: noFrom.attrs.id, to: joaoLid, class: 'message', type: 'text', from: me });
        assert.equal(second.got.from, undefined);
        assert.equal(report.unmatchedAcks, 1);

        // a nack (error attribute) with everything else right counts
        raw.send(buildAckStanza(noType, 500, me));
        await until('the nacked message to leave the list', async () => !(await unacked(me)).unacked.some((u) => u.id === noType.attrs.id), 5000);
        assert.ok((await unacked(me)).unacked.some((u) => u.id === noFrom.attrs.id), 'the other stays');

        // The server's prekey notification, acked to the server written without its "@": the same jid.
        const notification = await raw.waitFor((n) => n.tag === 'notification' && n.attrs.type === 'encrypt', 5000);
        const ack = right(notification);
        assert.equal(ack.attrs.to, '@s.whatsapp.net');
        raw.send({ ...ack, attrs: { ...ack.attrs, to: 's.whatsapp.net' } });
        await until('the notification to leave the list', async () => !(await unacked(me)).unacked.some((u) => u.id === notification.attrs.id), 5000);

        // Offline: kept, never sent yet; delivered at the next login, then acked.
        raw.close();
        await until('the server to see the close', () => !emu.hub.sessions.has(me), 5000);
        const { body: queued } = await emu.call('POST', `/phones/${JOAO}/messages`, { to: ANA, text: 'enquanto offline' });
        const waiting = (await unacked(me)).unacked.find((u) => u.id === queued.id);
        assert.deepEqual(waiting, { tag: 'message', id: queued.id, type: 'text', from: joaoLid, sentAt: null, ackMismatch: false });
        raw = await loginRaw(emu, creds);
        const delivered = await raw.waitFor((n) => n.tag === 'message' && n.attrs.id === queued.id, 5000);
        assert.equal(typeof (await unacked(me)).unacked.find((u) => u.id === queued.id).sentAt, 'number');
        raw.send(right(delivered));
        await until('the queued message to leave the list', async () => !(await unacked(me)).unacked.some((u) => u.id === queued.id), 5000);
        assert.equal((await unacked(me)).mismatches.length, 2, 'nothing new was wrong');
    } finally {
        raw.close();
    }
});

test('a receipt answers a kept message, also one whose ack was wrong; a read receipt of nothing kept is no ack', async () => {
    const creds = await linkRaw(emu, ANA);
    const me = creds.me.id;
    const raw = await loginRaw(emu, creds);
    try {
        const incoming = async (text) => {
            const { body } = await emu.call('POST', `/phones/${JOAO}/messages`, { to: ANA, text });
            return raw.waitFor((n) => n.tag === 'message' && n.attrs.id === body.id, 5000);
        };
        const listed = async (id) => (await unacked(me)).unacked.find((u) => u.id === id);
        const first = await incoming('recibo');
        const second = await incoming('ack errado, depois recibo');
        const before = await unacked(me);
        // As Baileys 7 answers a message it decrypted: a delivery receipt to the sender, no ack.
        raw.send({ tag: 'receipt', attrs: { id: first.attrs.id, to: jid(JOAO), type: 'inactive' } });
        await until('the receipt to answer it', async () => !(await listed(first.attrs.id)), 5000);
        const wrong = buildAckStanza(second, undefined, me);
        delete wrong.attrs.type;
        raw.send(wrong);
        await until('the wrong ack to be recorded', async () => (await listed(second.attrs.id))?.ackMismatch, 5000);
        raw.send({ tag: 'receipt', attrs: { id: second.attrs.id, to: jid(JOAO) } });
        await until('the receipt to answer it', async () => !(await listed(second.attrs.id)), 5000);
        // an ack after the receipt is still judged: this right one adds no mismatch, a wrong one would
        raw.send(buildAckStanza(first, undefined, me));
        raw.send({ tag: 'receipt', attrs: { id: 'nothing-kept', to: jid(JOAO), type: 'read' } });
        await new Promise((r) => setTimeout(r, 300));
        const after = await unacked(me);
        assert.equal(after.mismatches.length, before.mismatches.length + 1, 'only the wrong ack');
        assert.equal(after.unmatchedAcks, before.unmatchedAcks);
    } finally {
        raw.close();
    }
});

test('GET /devices/{jid}/unacked answers 404 for anything but a linked companion', async () => {
    assert.equal((await emu.call('GET', `/devices/${encodeURIComponent(`${MARIA}:77@s.whatsapp.net`)}/unacked`)).status, 404);
    assert.equal((await emu.call('GET', `/devices/${encodeURIComponent(jid(MARIA))}/unacked`)).status, 404);
});
