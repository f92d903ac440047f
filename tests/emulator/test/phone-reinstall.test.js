// A customer reinstalls WhatsApp (POST /phones/{p}/reinstall): new identity key, no sessions. A real Baileys 7
// companion of someone who talks with them gets <notification type="encrypt"><identity/> and must go on
// talking: the phone's first message to it is a pkmsg under the new identity, and its own messages decrypt
// at the phone. The customer's own linked companion is logged out (device_removed).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { DisconnectReason } from 'baileys';
import { startInProcess } from './helpers/emulator.js';
import { Baileys7Companion, unrefLongTimers, until } from './helpers/baileys7.js';

unrefLongTimers();
const { PreKeyWhisperMessage } = createRequire(import.meta.url)('libsignal/src/protobufs');

const MARIA = '5511900000001'; // her laptop runs Baileys 7
const JOAO = '5511900000002'; // reinstalls; his laptop (Baileys 7) is logged out by it
const jid = (phone) => `${phone}@s.whatsapp.net`;
let emu;
let mariaLaptop;
let joaoLaptop;
const notifications = [];
const rawMessages = [];

const phoneMessages = async () => (await emu.call('GET', `/phones/${JOAO}/messages`)).body;

before(async () => {
    emu = await startInProcess();
    await emu.addPhone(MARIA, 'Maria');
    await emu.addPhone(JOAO, 'João');
    mariaLaptop = await new Baileys7Companion({ wsUrl: emu.wsUrl }).link(emu, MARIA);
    joaoLaptop = await new Baileys7Companion({ wsUrl: emu.wsUrl }).link(emu, JOAO);
    await Promise.all([mariaLaptop.waitForReady(), joaoLaptop.waitForReady()]);
    mariaLaptop.sock.ws.on('CB:notification', (n) => notifications.push(n));
    mariaLaptop.sock.ws.on('CB:message', (n) => rawMessages.push(n));
});

after(async () => {
    await mariaLaptop?.stop();
    await joaoLaptop?.stop();
    await emu?.close();
});

let bundlesTaken = 0; // the reinstalled phone's bundles handed out

test('before: texts both ways', async () => {
    const sent = await mariaLaptop.sock.sendMessage(jid(JOAO), { text: 'antes da reinstalação' });
    await until('the text at the phone', async () => (await phoneMessages()).some((m) => m.id === sent.key.id));
    const { body } = await emu.call('POST', `/phones/${JOAO}/messages`, { to: MARIA, text: 'resposta antiga' });
    await until('the reply at Baileys 7', () => mariaLaptop.messages.some((m) => m.key.id === body.id));
});

test('reinstall: new identity, own companion logged out, peers told', async () => {
    const oldIdentity = emu.hub.registry.account(JOAO).phoneDevice.identityKeyPair.pub.toString('base64');
    // Baileys 7 acks the identity notification before it has fetched the new keys (assertSessions runs
    // after): the next test waits for that fetch, or under load it could still write on the old session.
    const phone = emu.hub.registry.account(JOAO).phoneDevice;
    const take = phone.takeBundle.bind(phone);
    phone.takeBundle = (...args) => {
        bundlesTaken += 1;
        return take(...args);
    };
    const { status, body } = await emu.call('POST', `/phones/${JOAO}/reinstall`, {});
    assert.equal(status, 200);
    assert.notEqual(body.identityKey, oldIdentity);
    assert.deepEqual(body.unlinked, [joaoLaptop.jid]);
    assert.ok(body.notified.includes(mariaLaptop.jid));

    // (its first close was the 515 restart after linking)
    await until('João’s laptop logged out', () => joaoLaptop.closes.some((c) => c.statusCode === DisconnectReason.loggedOut));

    const identity = await until('the identity notification', () => notifications.find((n) => n.attrs.type === 'encrypt'));
    assert.equal(identity.attrs.from, jid(JOAO));
    assert.deepEqual(identity.content.map((c) => c.tag), ['identity']);
    const removed = await until('the devices remove', () => notifications.find((n) => n.attrs.type === 'devices'));
    assert.equal(removed.content[0].tag, 'remove');
    assert.equal(removed.content[0].content[0].attrs.jid, joaoLaptop.jid);
    await until('both acked', async () => {
        const { unacked, mismatches } = (await emu.call('GET', `/devices/${encodeURIComponent(mariaLaptop.jid)}/unacked`)).body;
        assert.deepEqual(mismatches, []);
        return !unacked.some((s) => s.tag === 'notification');
    });
    assert.deepEqual((await emu.call('GET', `/phones/${JOAO}/devices`)).body, [{ jid: jid(JOAO), connected: true }]);
});

test('Baileys 7 drops its session on the notification: its next message decrypts at the phone', async () => {
    await until('Baileys 7 fetched the new keys', () => bundlesTaken > 0);
    // Without the notification Baileys 7 would encrypt on its old session, which the new install cannot read.
    const sent = await mariaLaptop.sock.sendMessage(jid(JOAO), { text: 'recebido no telefone novo' });
    const got = await until('the text at the phone', async () => (await phoneMessages()).find((m) => m.id === sent.key.id));
    assert.equal(got.text, 'recebido no telefone novo');
    assert.deepEqual(emu.hub.registry.account(JOAO).phoneDevice.failures.filter((f) => f.id === sent.key.id), []);
    const { body } = await emu.call('POST', `/phones/${JOAO}/messages`, { to: MARIA, text: 'e a resposta' });
    await until('the reply at Baileys 7', () => mariaLaptop.text((t) => t === 'e a resposta'));
    assert.ok(!mariaLaptop.messages.some((m) => m.key.id === body.id && m.messageStubType));
});

test('after another reinstall the phone speaks first: a pkmsg under the new identity, read by Baileys 7', async () => {
    const { body: again } = await emu.call('POST', `/phones/${JOAO}/reinstall`, {});
    assert.deepEqual(again.unlinked, []);
    await until('the second identity notification', () => notifications.filter((n) => n.attrs.type === 'encrypt').length >= 2);
    const { body } = await emu.call('POST', `/phones/${JOAO}/messages`, { to: MARIA, text: 'depois da reinstalação' });
    const got = await until('the text at Baileys 7', () => mariaLaptop.text((t) => t === 'depois da reinstalação'), 20000);
    assert.equal(got.key.id, body.id);
    assert.ok(!mariaLaptop.messages.some((m) => m.key.id === body.id && m.messageStubType), 'decrypted at the first try');
    const enc = rawMessages.find((n) => n.attrs.id === body.id).content.find((c) => c.tag === 'enc');
    assert.equal(enc.attrs.type, 'pkmsg');
    const prekeyMessage = PreKeyWhisperMessage.decode(Buffer.from(enc.content).subarray(1)); // after the version byte
    assert.equal(Buffer.from(prekeyMessage.identityKey).subarray(1).toString('base64'), again.identityKey);
    assert.equal(prekeyMessage.registrationId, again.registrationId);
    const sent = await mariaLaptop.sock.sendMessage(jid(JOAO), { text: 'de volta' });
    await until('Baileys 7’s answer at the phone', async () => (await phoneMessages()).some((m) => m.id === sent.key.id));
});

test('a reinstall can keep the companions; they hear of the identity change too', async () => {
    const { body } = await emu.call('POST', `/phones/${MARIA}/reinstall`, { unlinkCompanions: false });
    assert.deepEqual(body.unlinked, []);
    assert.ok(body.notified.includes(mariaLaptop.jid));
    assert.equal((await emu.call('POST', `/phones/${MARIA}/reinstall`, { unlinkCompanions: 'no' })).status, 400);
    assert.equal((await emu.call('POST', '/phones/5511999999999/reinstall', {})).status, 404);
});
