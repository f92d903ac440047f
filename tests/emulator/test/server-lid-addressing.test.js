// LID addressing as the real server does it (src/server/addressing.js, README "LID addressing and privacy
// tokens"): the envelopes the emulator hands a Baileys 7 companion are judged by Baileys 7's own
// decodeMessageNode and extractAddressingContext; a Baileys 7 companion that writes to a LID exchanges texts with a
// phone both ways; the addressing referee reports what breaks whatsmeow's rule; the LID-migration sync message
// reaches Baileys 7's LID store.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
// The emulator (Baileys 6.17's WAProto) first: the two lines share protobufjs's root, and Baileys 7 must load last
// for its WAProto to know LIDMigrationMappingSyncPayload.
import { startInProcess } from './helpers/emulator.js';
import { decodeMessageNode, extractAddressingContext } from 'baileys';
import { Baileys7Companion, textOf, unrefLongTimers, until } from './helpers/baileys7.js';

unrefLongTimers();

const MARIA = '5511900000001'; // phone + Baileys 7 laptop
const JOAO = '5511900000002'; // phone + Baileys 7 laptop
const CARLA = '553187650003'; // registered without the ninth digit, phone only
const pn = (phone) => `${phone}@s.whatsapp.net`;
let emu;
let mariaLaptop;
let joaoLaptop;
const lid = (phone) => `${emu.hub.registry.account(phone).lidUser}@lid`;
const seen = new Map(); // laptop -> [stanzas the server sent it]
const sentBy = new Map(); // device jid -> [<message> stanzas as the server got them]

function recording(name) {
    seen.set(name, []);
    return (sock) => {
        for (const tag of ['message', 'receipt']) sock.ws.on(`CB:${tag}`, (n) => seen.get(name).push(n));
    };
}

before(async () => {
    emu = await startInProcess();
    await emu.addPhone(MARIA, 'Maria');
    await emu.addPhone(JOAO, 'João');
    assert.equal((await emu.call('POST', '/phones', { phone: CARLA, name: 'Carla' })).status, 201);
    mariaLaptop = await new Baileys7Companion({ wsUrl: emu.wsUrl, onSocket: recording('maria') }).link(emu, MARIA);
    joaoLaptop = await new Baileys7Companion({ wsUrl: emu.wsUrl, onSocket: recording('joao') }).link(emu, JOAO);
    await mariaLaptop.waitForReady();
    await joaoLaptop.waitForReady();
    const router = emu.hub.router;
    const route = router.routeFromDevice.bind(router);
    router.routeFromDevice = (from, stanza) => {
        if (!sentBy.has(from)) sentBy.set(from, []);
        sentBy.get(from).push(stanza);
        return route(from, stanza);
    };
});

after(async () => {
    await mariaLaptop?.stop();
    await joaoLaptop?.stop();
    await emu?.close();
});

const stanzaAt = (name, id, tag = 'message', match = () => true) =>
    until(`<${tag}> ${id} at ${name}`, () => seen.get(name).find((n) => n.tag === tag && n.attrs.id === id && match(n)));
const meOf = (laptop) => [laptop.creds.me.id, laptop.creds.me.lid];

test('a phone writes by LID: Baileys 7 reads the sender as the LID and its number as the alternate', async () => {
    const { status, body } = await emu.call('POST', `/phones/${JOAO}/messages`, { to: MARIA, text: 'por LID' });
    assert.equal(status, 201);
    const stanza = await stanzaAt('maria', body.id);
    assert.equal(stanza.attrs.from, lid(JOAO)); // device 0 is written without ":0"
    assert.equal(stanza.attrs.sender_pn, pn(JOAO));
    assert.equal(stanza.attrs.sender_lid, undefined);
    assert.equal(stanza.attrs.addressing_mode, undefined);
    const { fullMessage, author, sender } = decodeMessageNode(stanza, ...meOf(mariaLaptop));
    assert.equal(fullMessage.key.remoteJid, lid(JOAO));
    assert.equal(fullMessage.key.remoteJidAlt, pn(JOAO));
    assert.equal(fullMessage.key.fromMe, false);
    assert.equal(author, lid(JOAO));
    assert.equal(sender, lid(JOAO));
    assert.deepEqual(extractAddressingContext(stanza), { addressingMode: 'lid', senderAlt: pn(JOAO), recipientAlt: undefined });
    const got = await until('the text at Baileys 7', () => mariaLaptop.text((t) => t === 'por LID'));
    assert.equal(got.key.remoteJid, lid(JOAO));

    // João's own laptop gets the copy from his own LID, with the chat as addressed and its number beside it
    const own = await stanzaAt('joao', body.id);
    assert.equal(own.attrs.from, lid(JOAO));
    assert.equal(own.attrs.recipient, lid(MARIA));
    assert.equal(own.attrs.peer_recipient_pn, pn(MARIA));
    assert.equal(own.attrs.sender_pn, undefined);
    const ownKey = decodeMessageNode(own, ...meOf(joaoLaptop)).fullMessage.key;
    assert.equal(ownKey.fromMe, true);
    assert.equal(ownKey.remoteJid, lid(MARIA));
    assert.equal(ownKey.remoteJidAlt, pn(MARIA));

    // what the phone sent: whatsmeow's shape (to the LID, peer_recipient_pn, own devices as LID devices)
    const atServer = sentBy.get(pn(JOAO)).find((s) => s.attrs.id === body.id);
    assert.equal(atServer.attrs.to, lid(MARIA));
    assert.equal(atServer.attrs.peer_recipient_pn, pn(MARIA));
    const participants = atServer.content.find((c) => c.tag === 'participants').content.map((t) => t.attrs.jid);
    assert.ok(participants.every((j) => j.endsWith('@lid')), participants.join(' '));
    assert.ok(participants.includes(emu.hub.registry.device(joaoLaptop.jid).companion.lid));
});

test('"addressing":"pn": from the number with sender_lid, and peer_recipient_lid on own copies', async () => {
    const { status, body } = await emu.call('POST', `/phones/${JOAO}/messages`, { to: MARIA, text: 'por número', addressing: 'pn' });
    assert.equal(status, 201);
    const stanza = await stanzaAt('maria', body.id);
    assert.equal(stanza.attrs.from, pn(JOAO));
    assert.equal(stanza.attrs.sender_lid, lid(JOAO));
    const { fullMessage } = decodeMessageNode(stanza, ...meOf(mariaLaptop));
    assert.equal(fullMessage.key.remoteJid, pn(JOAO));
    assert.equal(fullMessage.key.remoteJidAlt, lid(JOAO));
    assert.equal(extractAddressingContext(stanza).addressingMode, 'pn');
    await until('the text at Baileys 7', () => mariaLaptop.text((t) => t === 'por número'));

    const own = await stanzaAt('joao', body.id);
    assert.equal(own.attrs.from, pn(JOAO));
    assert.equal(own.attrs.recipient, pn(MARIA));
    assert.equal(own.attrs.peer_recipient_lid, lid(MARIA));
    const ownKey = decodeMessageNode(own, ...meOf(joaoLaptop)).fullMessage.key;
    assert.equal(ownKey.remoteJid, pn(MARIA));
    assert.equal(ownKey.remoteJidAlt, lid(MARIA));

    assert.equal((await emu.call('POST', `/phones/${JOAO}/messages`, { to: MARIA, text: 'x', addressing: 'both' })).status, 400);
});

test('a Baileys 7 companion that writes to the LID talks with a phone both ways; receipts carry the alternate too', async () => {
    const { body } = await emu.call('POST', `/phones/${JOAO}/messages`, { to: MARIA, text: 'me responde pelo LID' });
    const got = await until('the text at Baileys 7', () => mariaLaptop.text((t) => t === 'me responde pelo LID'));
    assert.equal(got.key.id, body.id);
    const sent = await mariaLaptop.sock.sendMessage(got.key.remoteJid, { text: 'respondido pelo LID' });
    const atServer = await until('the reply at the server', () => sentBy.get(mariaLaptop.jid)?.find((s) => s.attrs.id === sent.key.id));
    assert.equal(atServer.attrs.to, lid(JOAO));
    const phone = emu.hub.registry.account(JOAO).phoneDevice;
    const message = await until('the phone to decrypt it', () => phone.messages.find((m) => m.id === sent.key.id));
    assert.equal(message.text, 'respondido pelo LID');
    assert.equal(message.from, pn(MARIA)); // recorded by number, whichever form it came in

    // João's phone's delivery receipt reaches Maria's laptop from his LID, with his number beside it
    // (Maria's own phone's "sender" receipt comes from her LID; João's phone's is the one wanted)
    const receipt = await stanzaAt('maria', sent.key.id, 'receipt', (n) => n.attrs.from === lid(JOAO));
    assert.equal(receipt.attrs.from, lid(JOAO));
    assert.equal(receipt.attrs.sender_pn, pn(JOAO));

    // and João's laptop got Maria's text from her LID device
    const atJoao = await stanzaAt('joao', sent.key.id);
    assert.equal(atJoao.attrs.from, emu.hub.registry.device(mariaLaptop.jid).companion.lid);
    assert.equal(atJoao.attrs.sender_pn, pn(MARIA));
    assert.equal(decodeMessageNode(atJoao, ...meOf(joaoLaptop)).fullMessage.key.remoteJidAlt, pn(MARIA));
    await until('the text at João\'s laptop', () => joaoLaptop.text((t) => t === 'respondido pelo LID'));
    assert.ok(!joaoLaptop.messages.some((m) => m.messageStubType), 'João\'s laptop decrypted everything');

    // then the phone writes again by LID and Baileys 7 still reads it (one session per device at the phone)
    await emu.call('POST', `/phones/${JOAO}/messages`, { to: MARIA, text: 'de novo' });
    await until('the second text', () => mariaLaptop.text((t) => t === 'de novo'));
    assert.ok(!mariaLaptop.messages.some((m) => m.messageStubType), 'Maria\'s laptop decrypted everything');
});

test('the addressing referee: a number-addressed Baileys 7 text is a violation, a LID one lacks only peer_recipient_pn', async () => {
    const sent = await mariaLaptop.sock.sendMessage(pn(JOAO), { text: 'pelo número' });
    const report = await until('the referee report', async () => {
        const { body } = await emu.call('GET', `/devices/${encodeURIComponent(mariaLaptop.jid)}/addressing`);
        return body.violations.some((v) => v.id === sent.key.id) && body;
    });
    assert.ok(report.checked >= 2);
    const byNumber = report.violations.find((v) => v.id === sent.key.id);
    assert.equal(byNumber.to, pn(JOAO));
    assert.match(byNumber.reason, /is not a LID/);
    assert.match(byNumber.reason, /is not a LID device jid/);
    // the LID reply of the previous test: Baileys 7 addresses as whatsmeow does but names no peer_recipient_pn
    const byLid = report.violations.find((v) => v.to === lid(JOAO));
    assert.ok(byLid, JSON.stringify(report));
    assert.equal(byLid.reason, `no peer_recipient_pn (whatsmeow names the contact's number ${pn(JOAO)})`);
    assert.deepEqual(report.refused, []);
    // by LID device jid too; 404 for what is no companion
    assert.equal((await emu.call('GET', `/devices/${encodeURIComponent(emu.hub.registry.device(mariaLaptop.jid).companion.lid)}/addressing`)).body.checked, report.checked);
    assert.equal((await emu.call('GET', `/devices/${encodeURIComponent(pn(MARIA))}/addressing`)).status, 404);
});

test('LID-migration sync: the phone gives its companions its contacts\' LIDs and Baileys 7 stores them', async () => {
    const carla = emu.hub.registry.account(CARLA);
    const stored = async () => (await mariaLaptop.keys.get('lid-mapping', [CARLA]))[CARLA];
    assert.ok(!(await stored()));
    const { status, body } = await emu.call('POST', `/phones/${MARIA}/lid-migration`, { contacts: [CARLA] });
    assert.equal(status, 200, JSON.stringify(body));
    assert.deepEqual(body.mappings, [{ pn: pn(CARLA), lid: `${carla.lidUser}@lid` }]);
    assert.deepEqual(body.devices, [mariaLaptop.jid]);
    assert.equal(await until('the mapping in Baileys 7\'s store', stored), carla.lidUser);
    const peers = await emu.call('POST', `/phones/${MARIA}/lid-migration`, {});
    assert.equal(peers.status, 200); // Maria's peers: João
    assert.deepEqual(peers.body.mappings, [{ pn: pn(JOAO), lid: lid(JOAO) }]);
    assert.equal((await emu.call('POST', `/phones/${CARLA}/lid-migration`, {})).status, 409); // no companion, no peers
});
