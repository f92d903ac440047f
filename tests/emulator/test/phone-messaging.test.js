// Two simulated phones (and one companion of the first) talking through a tiny in-test network that plays the
// server's fan-out the way /work/emulator-phone-interface.md describes it. What goes over the "wire" are real
// Baileys binary nodes (encoded and decoded on each hop), so string-only attributes are enforced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { decodeBinaryNode, encodeBinaryNode, WAProto as proto } from '@whiskeysockets/baileys';
import { Phone } from '../src/phone/phone.js';
import { pad, unpad } from '../src/phone/padding.js';
import { SignalDevice } from '../src/phone/signal-device.js';

const MARIA = '5511900000001@s.whatsapp.net';
const JOAO = '5511900000002@s.whatsapp.net';
const MARIA_LAPTOP = '5511900000001:3@s.whatsapp.net';

const user = (jid) => `${jid.split('@')[0].split(':')[0]}@s.whatsapp.net`;

// A companion that only records what it gets (the server side gives it a bundle like a registered device).
class Companion {
    constructor(jid) {
        this.jid = jid;
        this.signal = new SignalDevice();
        this.received = [];
    }
    async onStanza(node) {
        this.received.push(node);
    }
}

class TinyNetwork {
    devices = new Map(); // device jid -> Phone | Companion
    delivered = []; // every node handed to a device, after a round trip through the binary codec
    acks = [];
    tamper = 0; // how many of the next <enc> deliveries get one bit flipped
    retries = []; // retry receipts seen on the way

    add(device) {
        this.devices.set(device.jid, device);
    }
    devicesOf(userJid) {
        return [...this.devices.keys()].filter((jid) => user(jid) === user(userJid));
    }
    takeBundle(deviceJid) {
        const device = this.devices.get(deviceJid);
        if (!device) return null;
        return device instanceof Companion ? device.signal.takeBundle() : device.takeBundle();
    }
    async #deliver(jid, node) {
        const wire = await decodeBinaryNode(Buffer.from(encodeBinaryNode(node)));
        this.delivered.push({ jid, node: wire });
        await this.devices.get(jid)?.onStanza(wire);
    }
    async routeFromDevice(from, message) {
        const participants = message.content.find((c) => c.tag === 'participants');
        for (const to of participants.content) {
            const enc = { ...to.content[0] };
            if (this.tamper > 0) {
                enc.content = Buffer.from(enc.content);
                enc.content[enc.content.length - 10] ^= 0x01;
                this.tamper -= 1;
            }
            const attrs = { from, id: message.attrs.id, type: message.attrs.type, t: '1700000000', notify: 'Maria' };
            if (user(to.attrs.jid) === user(from)) attrs.recipient = message.attrs.to;
            if (message.attrs.category) attrs.category = message.attrs.category;
            await this.#deliver(to.attrs.jid, { tag: 'message', attrs, content: [enc] });
        }
    }
    async sendFromDevice(from, node) {
        if (node.tag === 'ack') {
            this.acks.push({ from, ...node.attrs });
            return;
        }
        if (node.attrs.type === 'retry') this.retries.push({ from, node });
        const { to, ...rest } = node.attrs;
        await this.#deliver(user(to), { ...node, attrs: { ...rest, from } });
    }
}

async function world() {
    const network = new TinyNetwork();
    const maria = await new Phone({ phone: '5511900000001', name: 'Maria', network }).init();
    const joao = await new Phone({ phone: '5511900000002', name: 'João', network }).init();
    network.add(maria);
    network.add(joao);
    return { network, maria, joao };
}

test('texts go both ways: pkmsg first, then msg, with delivery receipts and acks', async () => {
    const { network, maria, joao } = await world();
    const { id } = await maria.sendText(JOAO, 'Olá João');
    assert.match(id, /^3EB0[0-9A-F]{18}$/);
    assert.deepEqual(joao.messages.map((m) => [m.id, m.from, m.text, m.timestamp]), [[id, MARIA, 'Olá João', 1700000000]]);
    assert.equal(network.delivered[0].node.content[0].attrs.type, 'pkmsg');
    assert.deepEqual(maria.receipts, [{ id, type: 'delivery', from: JOAO }]);
    assert.ok(network.acks.some((a) => a.from === JOAO && a.id === id && a.class === 'message' && a.to === MARIA));

    const back = await joao.sendText(MARIA, 'Oi Maria');
    assert.equal(maria.messages.at(-1).text, 'Oi Maria');
    assert.equal(network.delivered.find((d) => d.node.attrs.id === back.id).node.content[0].attrs.type, 'msg',
        'joao already has a session from maria\'s pkmsg');

    await maria.sendText(JOAO, 'tudo bem?');
    const last = network.delivered.filter((d) => d.node.tag === 'message').at(-1).node;
    assert.equal(last.content[0].attrs.type, 'msg');
    assert.deepEqual(joao.messages.map((m) => m.text), ['Olá João', 'tudo bem?']);
    assert.deepEqual(maria.failures, []);
    assert.deepEqual(joao.failures, []);
});

test('the stanza is built as a real client sends it: participants, device-identity only with a pkmsg', async () => {
    const { network, maria, joao } = await world();
    const sent = [];
    const route = network.routeFromDevice.bind(network);
    network.routeFromDevice = async (from, node) => {
        sent.push(await decodeBinaryNode(Buffer.from(encodeBinaryNode(node))));
        return route(from, node);
    };
    await maria.sendText(JOAO, 'primeira');
    await maria.sendText('5511900000002:0@s.whatsapp.net', 'segunda');
    await joao.sendText(MARIA, 'resposta');
    await maria.sendText(JOAO, 'terceira');
    assert.equal(sent[0].tag, 'message');
    assert.deepEqual(Object.keys(sent[0].attrs).sort(), ['id', 'to', 'type']);
    assert.equal(sent[0].attrs.to, JOAO);
    assert.equal(sent[0].attrs.type, 'text');
    assert.deepEqual(sent[0].content.map((c) => c.tag), ['participants', 'device-identity']);
    const enc = sent[0].content[0].content[0].content[0];
    assert.deepEqual(enc.attrs, { v: '2', type: 'pkmsg' });
    const identity = proto.ADVSignedDeviceIdentity.decode(sent[0].content[1].content);
    assert.deepEqual(Buffer.from(identity.accountSignatureKey), maria.identityKeyPair.pub);
    assert.equal(sent[1].attrs.to, JOAO, 'a device jid as recipient is normalised to the user');
    assert.deepEqual(sent[1].content.map((c) => c.tag), ['participants', 'device-identity'], 'still pkmsg until the peer answers');
    assert.equal(sent[3].content[0].content[0].content[0].attrs.type, 'msg');
    assert.deepEqual(sent[3].content.map((c) => c.tag), ['participants'], 'no device-identity without a pkmsg');
});

test("own companions get a deviceSentMessage copy naming the recipient", async () => {
    const { network, maria } = await world();
    const laptop = new Companion(MARIA_LAPTOP);
    network.add(laptop);
    const { id } = await maria.sendText(JOAO, 'cópia');
    const [copy] = laptop.received;
    assert.equal(copy.attrs.id, id);
    assert.equal(copy.attrs.from, MARIA);
    assert.equal(copy.attrs.recipient, JOAO);
    const plain = await laptop.signal.decrypt(MARIA, copy.content[0].attrs.type, copy.content[0].content);
    const message = proto.Message.decode(unpad(plain));
    assert.equal(message.deviceSentMessage.destinationJid, JOAO);
    assert.equal(message.deviceSentMessage.message.conversation, 'cópia');
});

test('a tampered ciphertext fails, the phone asks for a retry, and the sender encrypts it again', async () => {
    const { network, maria, joao } = await world();
    await maria.sendText(JOAO, 'um');
    await joao.sendText(MARIA, 'dois');
    network.tamper = 1;
    const bad = await maria.sendText(JOAO, 'três');
    assert.equal(joao.failures.length, 1);
    assert.equal(joao.failures[0].id, bad.id);
    assert.ok(network.acks.some((a) => a.id === bad.id && a.from === JOAO), 'the failed message is acked');

    const [retry] = network.retries;
    assert.equal(retry.from, JOAO);
    assert.equal(retry.node.attrs.to, MARIA);
    assert.equal(retry.node.attrs.id, bad.id);
    const [retryChild, registration] = retry.node.content;
    assert.deepEqual(retryChild.attrs, { count: '1', id: bad.id, t: '1700000000', v: '1' });
    assert.equal(Buffer.from(registration.content).readUInt32BE(0), joao.registrationId);
    assert.equal(retry.node.content.length, 2, 'no <keys> on the first retry');

    const resent = network.delivered.filter((d) => d.node.tag === 'message' && d.node.attrs.id === bad.id);
    assert.equal(resent.length, 2, 'sent once, then again for the retry');
    assert.equal(resent[1].node.content[0].attrs.count, '1');
    assert.deepEqual(joao.messages.map((m) => m.text), ['um', 'três']);
    await maria.sendText(JOAO, 'quatro');
    assert.deepEqual(joao.messages.map((m) => m.text), ['um', 'três', 'quatro']);
    assert.ok(maria.receipts.some((r) => r.id === bad.id && r.type === 'retry'));
    assert.ok(maria.receipts.some((r) => r.id === bad.id && r.type === 'delivery'), 'delivered after the retry');
});

test('a second retry carries a fresh bundle in <keys> and the sender starts a new session from it', async () => {
    const { network, maria, joao } = await world();
    await maria.sendText(JOAO, 'um');
    await joao.sendText(MARIA, 'dois');
    network.tamper = 2;
    const bad = await maria.sendText(JOAO, 'três');
    assert.equal(joao.failures.length, 2);
    assert.equal(network.retries.length, 2);
    const keys = network.retries[1].node.content.find((c) => c.tag === 'keys');
    assert.deepEqual(keys.content.map((c) => c.tag), ['type', 'identity', 'key', 'skey', 'device-identity']);
    assert.deepEqual(Buffer.from(keys.content[1].content), joao.identityKeyPair.pub);
    const last = network.delivered.filter((d) => d.node.attrs.id === bad.id && d.node.tag === 'message').at(-1).node;
    assert.equal(last.content[0].attrs.type, 'pkmsg', 'new session from the bundle in <keys>');
    assert.equal(last.content[0].attrs.count, '2');
    assert.deepEqual(joao.messages.map((m) => m.text), ['um', 'três']);
    await joao.sendText(MARIA, 'cinco');
    assert.equal(maria.messages.at(-1).text, 'cinco', 'the new session works both ways');
});

test('retries stop at whatsmeow’s bound: four requests', async () => {
    const { network, maria, joao } = await world();
    network.tamper = 100;
    await maria.sendText(JOAO, 'nunca');
    assert.equal(network.retries.length, 4);
    assert.equal(joao.failures.length, 5, 'the original and four resends');
    assert.deepEqual(joao.retries.log.map((r) => r.outcome), ['asked', 'asked', 'asked', 'asked', 'gave-up']);
    assert.deepEqual(joao.messages, []);
});

test('garbage stanzas never throw out of onStanza', async () => {
    const { maria } = await world();
    await maria.onStanza({ tag: 'message', attrs: { id: 'X', from: JOAO, t: '1' }, content: [{ tag: 'enc', attrs: { v: '2', type: 'pkmsg' }, content: Buffer.from('junk') }] });
    await maria.onStanza({ tag: 'message', attrs: { id: 'Y', from: 'not a jid' } });
    await maria.onStanza(null);
    await maria.onStanza({ tag: 'iq', attrs: {} });
    assert.deepEqual(maria.failures.map((f) => f.id), ['X', 'Y']);
    assert.deepEqual(maria.messages, []);
});

test('read receipts: sendRead lists every id and the peer records them as read', async () => {
    const { maria, joao } = await world();
    const a = await maria.sendText(JOAO, 'a');
    const b = await maria.sendText(JOAO, 'b');
    await joao.sendRead(MARIA, [a.id, b.id]);
    const reads = maria.receipts.filter((r) => r.type === 'read');
    assert.deepEqual(reads, [{ id: a.id, type: 'read', from: JOAO }, { id: b.id, type: 'read', from: JOAO }]);
});

test('bootstrapCompanion sends the app-state key share then a history-sync notification to the companion', async () => {
    const { network, maria } = await world();
    const laptop = new Companion(MARIA_LAPTOP);
    network.add(laptop);
    const { ids } = await maria.bootstrapCompanion(MARIA_LAPTOP);
    assert.equal(ids.length, 2);
    const decoded = [];
    for (const node of laptop.received) {
        assert.equal(node.attrs.category, 'peer');
        const plain = await laptop.signal.decrypt(MARIA, node.content[0].attrs.type, node.content[0].content);
        decoded.push(proto.Message.decode(unpad(plain)).protocolMessage);
    }
    assert.equal(decoded[0].type, proto.Message.ProtocolMessage.Type.APP_STATE_SYNC_KEY_SHARE);
    const [key] = decoded[0].appStateSyncKeyShare.keys;
    assert.ok(key.keyId.keyId.length > 0);
    assert.equal(key.keyData.keyData.length, 32);
    assert.equal(decoded[1].type, proto.Message.ProtocolMessage.Type.HISTORY_SYNC_NOTIFICATION);
    assert.equal(decoded[1].historySyncNotification.syncType, proto.Message.HistorySyncNotification.HistorySyncType.NON_BLOCKING_DATA);
    const inline = proto.HistorySync.decode(inflateSync(decoded[1].historySyncNotification.initialHistBootstrapInlinePayload));
    assert.equal(inline.syncType, proto.HistorySync.HistorySyncType.NON_BLOCKING_DATA);
    assert.deepEqual(inline.conversations, []);
});

test('sendText to a user the network cannot reach fails with a message', async () => {
    const { maria } = await world();
    await assert.rejects(maria.sendText('5511999999999@s.whatsapp.net', 'alô'), /could be reached/);
});

test('a phone saved as JSON comes back with its identity, prekeys, sessions and sent messages', async () => {
    const { network, maria, joao } = await world();
    await maria.sendText(JOAO, 'antes de salvar');
    await joao.sendText(MARIA, 'resposta');
    const handedOut = joao.takeBundle().preKey.keyId;

    const saved = JSON.parse(JSON.stringify(maria.toJSON()));
    const restored = Phone.fromJSON(saved, network);
    network.add(restored);
    assert.deepEqual(restored.identityKeyPair, maria.identityKeyPair);
    assert.equal(restored.registrationId, maria.registrationId);
    assert.equal(restored.jid, MARIA);

    const { id } = await restored.sendText(JOAO, 'depois de salvar');
    const last = network.delivered.filter((d) => d.node.attrs.id === id)[0].node;
    assert.equal(last.content[0].attrs.type, 'msg', 'the session survived, no new prekey message');
    assert.equal(joao.messages.at(-1).text, 'depois de salvar');
    await joao.sendText(MARIA, 'de volta');
    assert.equal(restored.messages.at(-1).text, 'de volta');

    const savedJoao = Phone.fromJSON(JSON.parse(JSON.stringify(joao.toJSON())), network);
    assert.ok(savedJoao.takeBundle().preKey.keyId > handedOut, 'prekeys handed out before saving are not handed out again');
    assert.throws(() => Phone.fromJSON({ ...saved, appStateKey: '' }, network), /app-state key/);
    assert.throws(() => Phone.fromJSON({ ...saved, signal: {} }, network));
});

test('a message from a LID device is recorded under its LID, not under a made-up phone number', async () => {
    const { maria } = await world();
    const sender = new SignalDevice();
    const lidDevice = '123456789012345:2@lid';
    await sender.initOutgoing(MARIA, maria.takeBundle());
    const { type, ciphertext } = await sender.encrypt(MARIA, pad(proto.Message.encode({ conversation: 'via LID' }).finish()));
    await maria.onStanza({ tag: 'message', attrs: { from: lidDevice, id: 'LID1', type: 'text', t: '1700000001' }, content: [{ tag: 'enc', attrs: { v: '2', type }, content: ciphertext }] });
    assert.deepEqual(maria.failures, []);
    assert.equal(maria.messages.at(-1).from, '123456789012345@lid');
    assert.equal(maria.messages.at(-1).text, 'via LID');
});
