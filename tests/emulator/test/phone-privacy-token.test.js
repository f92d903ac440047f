// A phone gives another account a trusted-contact privacy token (POST /phones/{p}/privacy-token): every device of
// that account gets <notification type="privacy_token">. A real Baileys 7 companion must store the token under
// the sender's LID and send it back as <tctoken> on its next 1:1 message to that sender.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startInProcess } from './helpers/emulator.js';
import { Baileys7Companion, unrefLongTimers, until } from './helpers/baileys7.js';

unrefLongTimers();

const MARIA = '5511900000001'; // gives the token
const JOAO = '5511900000002'; // his laptop runs Baileys 7
const jid = (phone) => `${phone}@s.whatsapp.net`;
let emu;
let laptop;
const notifications = [];
const sentByLaptop = []; // <message> stanzas the laptop sent, as the server got them

before(async () => {
    emu = await startInProcess();
    await emu.addPhone(MARIA, 'Maria');
    await emu.addPhone(JOAO, 'João');
    laptop = await new Baileys7Companion({ wsUrl: emu.wsUrl }).link(emu, JOAO);
    await laptop.waitForReady();
    laptop.sock.ws.on('CB:notification', (n) => notifications.push(n));
    const router = emu.hub.router;
    const route = router.routeFromDevice.bind(router);
    router.routeFromDevice = (from, stanza) => {
        if (from === laptop.jid) sentByLaptop.push(stanza);
        return route(from, stanza);
    };
});

after(async () => {
    await laptop?.stop();
    await emu?.close();
});

test('Baileys 7 stores the token under the sender’s LID and sends it back with its next message', async () => {
    const { status, body } = await emu.call('POST', `/phones/${MARIA}/privacy-token`, { to: jid(JOAO) });
    assert.equal(status, 200);
    assert.deepEqual(body.devices.sort(), [jid(JOAO), laptop.jid].sort());
    const token = Buffer.from(body.token, 'base64');
    assert.equal(token.length, 32);

    const note = await until('the privacy_token notification', () => notifications.find((n) => n.attrs.type === 'privacy_token'));
    const mariaLid = `${emu.hub.registry.account(MARIA).lidUser}@lid`;
    assert.equal(note.attrs.from, jid(MARIA));
    assert.equal(note.attrs.sender_lid, mariaLid);
    const [tokens] = note.content;
    assert.equal(tokens.tag, 'tokens');
    assert.deepEqual(tokens.content[0].attrs, { jid: jid(JOAO), t: String(body.t), type: 'trusted_contact' });
    assert.deepEqual(Buffer.from(tokens.content[0].content), token);

    const stored = await until('the stored token', async () => (await laptop.keys.get('tctoken', [mariaLid]))[mariaLid]);
    assert.deepEqual(Buffer.from(stored.token), token);
    assert.equal(String(stored.timestamp), String(body.t));
    await until('the notification acked', async () => {
        const { unacked, mismatches } = (await emu.call('GET', `/devices/${encodeURIComponent(laptop.jid)}/unacked`)).body;
        assert.deepEqual(mismatches, []);
        return !unacked.some((s) => s.tag === 'notification');
    });

    const sent = await laptop.sock.sendMessage(jid(MARIA), { text: 'com o token' });
    const stanza = await until('the message at the server', () => sentByLaptop.find((s) => s.attrs.id === sent.key.id));
    const tctoken = stanza.content.find((c) => c.tag === 'tctoken');
    assert.ok(tctoken, 'Baileys 7 attached <tctoken>');
    assert.deepEqual(Buffer.from(tctoken.content), token);
});

test('bad privacy-token requests are refused', async () => {
    assert.equal((await emu.call('POST', `/phones/${MARIA}/privacy-token`, { to: MARIA })).status, 400);
    assert.equal((await emu.call('POST', `/phones/${MARIA}/privacy-token`, { to: '5511999999999' })).status, 404);
    assert.equal((await emu.call('POST', `/phones/${MARIA}/privacy-token`, {})).status, 400);
    assert.equal((await emu.call('POST', '/phones/5511999999999/privacy-token', { to: JOAO })).status, 404);
});
