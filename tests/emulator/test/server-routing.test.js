// Routing between real Baileys companions and the simulated phones: fan-out to every device, the offline
// queue, receipts back to the sender, and the --demo customers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startInProcess } from './helpers/emulator.js';
import { linkByQr } from './helpers/baileys.js';

const MARIA = '5511900000001';
const JOAO = '5511900000002';
let emu;

before(async () => {
    emu = await startInProcess();
    await emu.addPhone(MARIA, 'Maria');
    await emu.addPhone(JOAO, 'João');
});
after(() => emu.close());

// Phones write by LID, as whatsmeow does (addressing.js): their texts are in the chat of the sender's LID.
const lidOf = (e, phone) => `${e.hub.registry.account(phone).lidUser}@lid`;
const textOf = (m) => m.message?.conversation ?? m.message?.extendedTextMessage?.text;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('a companion\'s text reaches the peer\'s phone and companion, and its own phone as sent', async () => {
    const maria = await linkByQr(emu, MARIA);
    const joao = await linkByQr(emu, JOAO);
    try {
        const sent = await maria.sock.sendMessage(`${JOAO}@s.whatsapp.net`, { text: 'Bom dia, João!' });
        const got = await joao.waitForText((t) => t === 'Bom dia, João!', 10000);
        assert.equal(got.key.id, sent.key.id);
        assert.equal(got.key.remoteJid, `${MARIA}@s.whatsapp.net`);
        assert.equal(got.pushName, 'Maria');
        await sleep(300);
        const atJoaoPhone = (await emu.call('GET', `/phones/${JOAO}/messages`)).body;
        assert.ok(atJoaoPhone.some((m) => m.id === sent.key.id && m.text === 'Bom dia, João!' && m.from === `${MARIA}@s.whatsapp.net`));
        // the phone's delivery receipt comes back to the sending companion as status DELIVERY_ACK (3)
        await maria.waitFor((c) => c.receipts.some((r) => r.key.id === sent.key.id && r.update?.status >= 3), 10000, 'a delivery receipt');
    } finally {
        await maria.stop();
        await joao.stop();
    }
});

test('messages for an offline companion wait and arrive in order at its next login', async () => {
    const joao = await linkByQr(emu, JOAO);
    const jid = joao.creds.me.id;
    await sleep(500);
    await joao.stop({ keepAuth: true });
    await sleep(300);
    const texts = ['um', 'dois', 'três'];
    for (const text of texts) assert.equal((await emu.call('POST', `/phones/${MARIA}/messages`, { to: JOAO, text })).status, 201);
    const texts3 = (list) => list.filter((s) => s.tag === 'message' && s.attrs.category !== 'peer');
    assert.equal(texts3(emu.hub.router.queued(jid)).length, 3);
    const again = new (joao.constructor)({ wsUrl: emu.wsUrl, authDir: joao.authDir });
    again.ownsDir = true;
    await again.start();
    try {
        await again.waitFor((c) => texts.every((t) => c.messages.some((m) => textOf(m) === t)), 15000, 'the three queued texts');
        const order = again.messages.map(textOf).filter((t) => texts.includes(t));
        assert.deepEqual(order, texts);
        assert.ok(again.messages.filter((m) => texts.includes(textOf(m))).every((m) => m.key.remoteJid === lidOf(emu, MARIA)));
        await sleep(300);
        assert.equal(texts3(emu.hub.router.queued(jid)).length, 0, 'acked messages leave the queue');
    } finally {
        await again.stop();
    }
});

test('a phone\'s text reaches the companion, whose read receipt reaches the phone', async () => {
    const joao = await linkByQr(emu, JOAO);
    try {
        const { body } = await emu.call('POST', `/phones/${MARIA}/messages`, { to: JOAO, text: 'Você viu o pedido?' });
        const got = await joao.waitForText((t) => t === 'Você viu o pedido?', 10000);
        assert.equal(got.key.id, body.id);
        await joao.sock.readMessages([got.key]);
        let receipts = [];
        for (let i = 0; i < 50 && !receipts.some((r) => r.id === body.id && r.type === 'read'); i++) {
            await sleep(100);
            receipts = (await emu.call('GET', `/phones/${MARIA}/receipts`)).body;
        }
        assert.ok(receipts.some((r) => r.id === body.id && r.type === 'delivery' && r.from.startsWith(JOAO)), JSON.stringify(receipts));
        assert.ok(receipts.some((r) => r.id === body.id && r.type === 'read' && r.from === joao.creds.me.id), JSON.stringify(receipts));
    } finally {
        await joao.stop();
    }
});

test('--demo customers greet a newly linked companion and answer it', async () => {
    const demo = await startInProcess({ demo: true });
    try {
        await demo.addPhone('5511900000009', 'Padaria Pão Quente');
        const owner = await linkByQr(demo, '5511900000009');
        try {
            await owner.waitFor((c) => c.messages.filter((m) => textOf(m) && !m.key.fromMe).length >= 3, 15000, 'three greetings');
            const ana = lidOf(demo, '5511987650001');
            const greeting = owner.messages.find((m) => m.key.remoteJid === ana);
            assert.equal(greeting.pushName, 'Ana Souza');
            await owner.sock.sendMessage('5511987650001@s.whatsapp.net', { text: 'Temos sim, Ana!' });
            const reply = await owner.waitForText((t, m) => m.key.remoteJid === ana && t.startsWith('Perfeito'), 10000);
            assert.equal(reply.key.fromMe, false);
        } finally {
            await owner.stop();
        }
    } finally {
        await demo.close();
    }
});

test('when a companion\'s one-time prekeys run low the server asks and Baileys uploads more', async () => {
    const joao = await linkByQr(emu, JOAO);
    try {
        const companion = emu.hub.registry.device(joao.creds.me.id).companion;
        await sleep(500);
        const start = companion.preKeys.length;
        assert.ok(start >= 25, `prekeys after linking: ${start}`);
        const taken = new Set();
        while (companion.preKeys.length >= 5) taken.add(emu.hub.router.takeBundle(joao.creds.me.id).preKey.keyId);
        for (let i = 0; i < 100 && companion.preKeys.length < 30; i++) await sleep(100);
        assert.ok(companion.preKeys.length >= 30, `prekeys after the refill: ${companion.preKeys.length}`);
        assert.ok(companion.preKeys.every((k) => !taken.has(k.keyId)), 'given-out prekeys are not handed out again');
    } finally {
        await joao.stop();
    }
});
