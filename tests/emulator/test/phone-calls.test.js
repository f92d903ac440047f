// Calls placed by a simulated phone (POST /phones/{p}/call), judged by a real Baileys 7 companion of the callee:
// its handleCall must see an offer (its 'call' event), ack it as it acks every <call>, and its rejectCall must
// reach the caller's phone (GET /phones/{p}/calls).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { WAMessageStubType } from 'baileys';
import { startInProcess } from './helpers/emulator.js';
import { Baileys7Companion, unrefLongTimers, until } from './helpers/baileys7.js';

unrefLongTimers();

const MARIA = '5511900000001'; // calls
const JOAO = '5511900000002'; // is called; his laptop runs Baileys 7
const jid = (phone) => `${phone}@s.whatsapp.net`;
let emu;
let laptop;
const rawCalls = []; // every <call> stanza the laptop's socket read

before(async () => {
    emu = await startInProcess();
    await emu.addPhone(MARIA, 'Maria');
    await emu.addPhone(JOAO, 'João');
    laptop = await new Baileys7Companion({ wsUrl: emu.wsUrl }).link(emu, JOAO);
    await laptop.waitForReady();
    laptop.sock.ws.on('CB:call', (node) => rawCalls.push(node));
});

after(async () => {
    await laptop?.stop();
    await emu?.close();
});

const calls = async () => (await emu.call('GET', `/phones/${MARIA}/calls`)).body;

test('Baileys 7 sees the offer, acks it, and its reject reaches the caller', async () => {
    const { status, body } = await emu.call('POST', `/phones/${MARIA}/call`, { to: JOAO, video: false });
    assert.equal(status, 201);
    assert.match(body.callId, /^[0-9A-F]{32}$/);
    assert.deepEqual(body.devices.sort(), [jid(JOAO), laptop.jid].sort());

    const offer = await until('the call event', () => laptop.calls.find((c) => c.id === body.callId && c.status === 'offer'));
    assert.equal(offer.from, jid(MARIA));
    assert.equal(offer.chatId, jid(MARIA));
    assert.equal(offer.isVideo, false);
    assert.equal(offer.isGroup, false);

    // What came on the wire: the offer with this device's own call key, never the caller's <destination>.
    const raw = rawCalls.find((n) => n.content?.[0]?.attrs?.['call-id'] === body.callId);
    assert.equal(raw.attrs.from, jid(MARIA));
    assert.equal(raw.attrs.notify, 'Maria');
    const inner = raw.content[0];
    assert.equal(inner.tag, 'offer');
    assert.equal(inner.attrs['call-creator'], jid(MARIA));
    assert.deepEqual(inner.content.filter((c) => c.tag === 'enc').map((c) => c.attrs.type), ['pkmsg']);
    assert.ok(inner.content.some((c) => c.tag === 'device-identity'));
    assert.ok(!inner.content.some((c) => c.tag === 'destination' || c.tag === 'video'));

    await laptop.sock.rejectCall(offer.id, offer.from); // resolves only when the server answers its id
    const [call] = await until('the reject at the caller', async () => (await calls()).filter((c) => c.callId === body.callId && c.rejectedBy));
    assert.equal(call.to, jid(JOAO));
    assert.equal(call.video, false);
    assert.equal(call.rejectedBy, laptop.jid);
    assert.ok(call.rejectedAt >= call.offeredAt);

    const { unacked, mismatches } = (await emu.call('GET', `/devices/${encodeURIComponent(laptop.jid)}/unacked`)).body;
    assert.deepEqual(unacked.filter((s) => s.tag === 'call'), []);
    assert.deepEqual(mismatches.filter((m) => m.tag === 'call'), []);
});

test('a video call that rings out shows as a missed video call in Baileys 7', async () => {
    const { body } = await emu.call('POST', `/phones/${MARIA}/call`, { to: jid(JOAO), video: true });
    const offer = await until('the video offer', () => laptop.calls.find((c) => c.id === body.callId && c.status === 'offer'));
    assert.equal(offer.isVideo, true);
    assert.equal((await emu.call('POST', `/phones/${MARIA}/call/${body.callId}/terminate`, { reason: 'timeout' })).status, 200);
    const ended = await until('the timeout', () => laptop.calls.find((c) => c.id === body.callId && c.status === 'timeout'));
    assert.equal(ended.isVideo, true, 'Baileys keeps what the offer said');
    // Baileys 7 turns a call that timed out into a missed-call stub message in the caller's chat.
    const missed = await until('the missed-call message', () => laptop.messages.find((m) => m.key?.id === body.callId));
    assert.equal(missed.key.remoteJid, jid(MARIA));
    assert.equal(missed.messageStubType, WAMessageStubType.CALL_MISSED_VIDEO);
    const [call] = (await calls()).filter((c) => c.callId === body.callId);
    assert.equal(call.rejectedBy, null);
    assert.ok(call.terminatedAt >= call.offeredAt);
});

test('a hang-up before an answer reaches Baileys 7 as terminate', async () => {
    const { body } = await emu.call('POST', `/phones/${MARIA}/call`, { to: JOAO });
    await until('the offer', () => laptop.calls.find((c) => c.id === body.callId && c.status === 'offer'));
    await emu.call('POST', `/phones/${MARIA}/call/${body.callId}/terminate`, {});
    await until('the terminate', () => laptop.calls.find((c) => c.id === body.callId && c.status === 'terminate'));
});

test('bad calls are refused', async () => {
    assert.equal((await emu.call('POST', `/phones/${MARIA}/call`, { to: '5511999999999' })).status, 404);
    assert.equal((await emu.call('POST', `/phones/${MARIA}/call`, { to: 'nobody' })).status, 400);
    assert.equal((await emu.call('POST', `/phones/${MARIA}/call`, { to: MARIA })).status, 400);
    assert.equal((await emu.call('POST', `/phones/${MARIA}/call`, { to: JOAO, video: 'yes' })).status, 400);
    assert.equal((await emu.call('POST', `/phones/${MARIA}/call/ABCDEF/terminate`, {})).status, 404);
    assert.equal((await emu.call('GET', '/phones/5511999999999/calls')).status, 404);
});
