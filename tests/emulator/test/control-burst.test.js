// POST /phones/{p}/burst (benchmarks): texts encrypted first, sent back to back to the recipient's companions
// only, and answered once every companion acked every one — checked with a real Baileys 6.17.16 companion.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startInProcess } from './helpers/emulator.js';
import { linkByQr } from './helpers/baileys.js';

const MARIA = '5511900000001';
const JOAO = '5511900000002';
const NOBODY = '5511900000003'; // an account without companions
let emu;
let joaoLaptop;

before(async () => {
    emu = await startInProcess();
    await emu.addPhone(MARIA, 'Maria');
    await emu.addPhone(JOAO, 'João');
    await emu.addPhone(NOBODY, 'Ninguém');
    joaoLaptop = await (await linkByQr(emu, JOAO)).waitForReady();
});

after(async () => {
    await joaoLaptop?.stop();
    await emu?.close();
});

const textOf = (m) => m.message?.conversation ?? m.message?.extendedTextMessage?.text;

test('a burst reaches the companion in order and answers after the last ack', async () => {
    const before = joaoLaptop.messages.length;
    const { status, body } = await emu.call('POST', `/phones/${MARIA}/burst`, { to: JOAO, count: 40, text: 'lote' });
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.count, 40);
    assert.equal(body.companions.length, 1);
    assert.match(body.companions[0], new RegExp(`^${JOAO}:[0-9]+@s\\.whatsapp\\.net$`));
    assert.ok(body.elapsedMs > 0 && body.elapsedMs >= body.sentMs - 1, JSON.stringify(body));
    // Acked means Baileys handled them: every one is in messages.upsert, in the order sent.
    await joaoLaptop.waitFor((c) => c.messages.length - before >= 40, 15000, '40 texts');
    const texts = joaoLaptop.messages.slice(before).map(textOf);
    assert.deepEqual(texts, Array.from({ length: 40 }, (_, i) => `lote ${i + 1}`));
    assert.equal(joaoLaptop.messages.at(-1).key.id, body.lastId);
    // The recipient's own phone was not addressed.
    const phoneGot = (await emu.call('GET', `/phones/${JOAO}/messages`)).body;
    assert.equal(phoneGot.filter((m) => m.text.startsWith('lote ')).length, 0);
});

test('explicit texts are sent as given', async () => {
    const before = joaoLaptop.messages.length;
    const { status, body } = await emu.call('POST', `/phones/${MARIA}/burst`, { to: `${JOAO}@s.whatsapp.net`, texts: ['um', 'dois', 'três'] });
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.count, 3);
    await joaoLaptop.waitFor((c) => c.messages.length - before >= 3, 15000, '3 texts');
    assert.deepEqual(joaoLaptop.messages.slice(before).map(textOf), ['um', 'dois', 'três']);
});

test('bad bursts are refused with a reason', async () => {
    const cases = [
        [{ to: JOAO }, 400, 'bad-count'],
        [{ to: JOAO, count: 0 }, 400, 'bad-count'],
        [{ to: JOAO, count: 1.5 }, 400, 'bad-count'],
        [{ to: JOAO, count: 100001 }, 400, 'bad-count'],
        [{ to: JOAO, texts: [] }, 400, 'bad-texts'],
        [{ to: JOAO, texts: ['ok', ''] }, 400, 'bad-texts'],
        [{ to: JOAO, count: 1, timeoutMs: 0 }, 400, 'bad-timeout'],
        [{ to: 'not-a-number', count: 1 }, 400, 'bad-jid'],
        [{ to: '5511999999999', count: 1 }, 404, 'unknown-recipient'],
        [{ to: NOBODY, count: 1 }, 409, 'not-sent'],
    ];
    for (const [body, status, error] of cases) {
        const answer = await emu.call('POST', `/phones/${MARIA}/burst`, body);
        assert.equal(answer.status, status, `${JSON.stringify(body)} -> ${JSON.stringify(answer.body)}`);
        assert.equal(answer.body.error, error, JSON.stringify(body));
    }
    assert.equal((await emu.call('POST', '/phones/5511999999998/burst', { to: JOAO, count: 1 })).status, 404);
});

test('a burst nobody acks answers 504 after its timeout', async () => {
    await emu.call('POST', '/faults', { device: joaoLaptop.sock.user.id, dropNextFrames: 2 });
    const { status, body } = await emu.call('POST', `/phones/${MARIA}/burst`, { to: JOAO, count: 2, timeoutMs: 1500 });
    assert.equal(status, 504, JSON.stringify(body));
    assert.equal(body.error, 'not-acked');
});
