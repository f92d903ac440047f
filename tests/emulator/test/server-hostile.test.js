// Bad input never crashes the emulator: a logged-in client sends hundreds of malformed and surprising stanzas
// (wrong shapes, missing attributes, unknown jids, odd contents); the emulator answers or ignores each, keeps
// that connection and every other one working, and the control API stays up.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { startInProcess } from './helpers/emulator.js';
import { linkRaw, loginRaw } from './helpers/raw-companion.js';

const MARIA = '5511900000001';
const JOAO = '5511900000002';
let emu;
const serverErrors = [];
before(async () => {
    // the emulator logs a stanza handler that threw; hostile input must be answered, not make handlers throw
    emu = await startInProcess({ log: (line) => /TypeError|RangeError|ReferenceError/.test(line) && serverErrors.push(line) });
    await emu.addPhone(MARIA, 'Maria');
    await emu.addPhone(JOAO, 'João');
});
after(() => emu.close());

const pick = (list) => list[randomInt(list.length)];
const TAGS = ['iq', 'message', 'receipt', 'ack', 'presence', 'notification', 'ib', 'call', 'chatstate', 'x'];
const XMLNS = ['encrypt', 'usync', 'passive', 'w', 'w:p', 'blocklist', 'privacy', 'w:sync:app:state', 'md', 'w:g2', 'w:m', 'abt', 'nope'];
const JIDS = [`${JOAO}@s.whatsapp.net`, `${JOAO}:1@s.whatsapp.net`, `${MARIA}@s.whatsapp.net`, '@s.whatsapp.net', '123@g.us', 'status@broadcast', '999@s.whatsapp.net', '1@lid', 'nonsense'];
const CHILDREN = ['count', 'key', 'user', 'list', 'participants', 'to', 'enc', 'usync', 'query', 'devices', 'sync', 'collection', 'props', 'active', 'ping', 'remove-companion-device-x', 'skey', 'id', 'value', 'registration'];

function randomNode(depth = 0) {
    const attrs = {};
    for (let i = randomInt(4); i > 0; i--) attrs[pick(['id', 'to', 'type', 'xmlns', 'jid', 'from', 'class', 'category', 'v', 'version'])] = pick([...JIDS, ...XMLNS, 'get', 'set', 'result', 'pkmsg', 'msg', 'message', '0', '']);
    let content;
    const roll = randomInt(4);
    if (roll === 1) content = randomBytes(randomInt(40));
    else if ((roll === 2 || roll === 3) && depth < 4) content = Array.from({ length: randomInt(4) }, () => randomNode(depth + 1));
    return { tag: depth === 0 ? pick(TAGS) : pick(CHILDREN), attrs, content };
}

function structuredNode(i) {
    const id = `h${i}`;
    switch (i % 6) {
        case 0:
            return { tag: 'iq', attrs: { id, xmlns: pick(XMLNS), type: pick(['get', 'set']), to: '@s.whatsapp.net' }, content: [randomNode(1)] };
        case 1:
            return { tag: 'message', attrs: { id, to: pick(JIDS), type: 'text' }, content: [{ tag: 'participants', attrs: {}, content: [{ tag: 'to', attrs: { jid: pick(JIDS) }, content: [{ tag: 'enc', attrs: { v: '2', type: pick(['pkmsg', 'msg', 'skmsg']) }, content: randomBytes(randomInt(80)) }] }] }] };
        case 2:
            return { tag: 'receipt', attrs: { id, to: pick(JIDS), type: pick(['read', 'retry', 'inactive', 'sender', 'x']) }, content: randomInt(2) ? [{ tag: 'list', attrs: {}, content: [{ tag: 'item', attrs: { id: 'zz' } }] }] : undefined };
        case 3:
            return { tag: 'ack', attrs: { id: pick([id, 'nope']), class: pick(['message', 'receipt', 'notification']), to: pick(JIDS) } };
        case 4:
            return { tag: 'iq', attrs: { id, xmlns: 'encrypt', type: 'get', to: '@s.whatsapp.net' }, content: [{ tag: 'key', attrs: {}, content: [{ tag: 'user', attrs: randomInt(2) ? { jid: pick(JIDS) } : {} }] }] };
        default:
            return randomNode();
    }
}

test('hundreds of malformed stanzas from one client harm nothing', async () => {
    const creds = await linkRaw(emu, JOAO);
    const bystanderCreds = await linkRaw(emu, MARIA);
    const attacker = await loginRaw(emu, creds);
    const bystander = await loginRaw(emu, bystanderCreds);
    for (let i = 0; i < 400; i++) {
        const n = structuredNode(i);
        if (n.tag === 'iq' && n.content?.[0]?.tag === 'remove-companion-device') continue; // that one logs out for real
        attacker.send(n);
    }
    // ordinary traffic still works, on the attacker's connection and on another one
    attacker.send({ tag: 'iq', attrs: { id: 'after', to: '@s.whatsapp.net', type: 'get', xmlns: 'w:p' }, content: [{ tag: 'ping', attrs: {} }] });
    assert.equal((await attacker.waitFor((x) => x.attrs.id === 'after', 10000)).attrs.type, 'result');
    bystander.send({ tag: 'iq', attrs: { id: 'b1', to: '@s.whatsapp.net', type: 'get', xmlns: 'w:p' }, content: [{ tag: 'ping', attrs: {} }] });
    assert.equal((await bystander.waitFor((x) => x.attrs.id === 'b1')).attrs.type, 'result');
    const sent = await emu.call('POST', `/phones/${JOAO}/messages`, { to: MARIA, text: 'ainda funciona' });
    assert.equal(sent.status, 201);
    await bystander.waitFor((x) => x.tag === 'message' && x.attrs.id === sent.body.id);
    assert.equal((await emu.call('GET', '/health')).body.ok, true);
    assert.deepEqual(serverErrors, []);
    attacker.close();
    bystander.close();
});

test('a node that does not decode closes only its connection', async () => {
    const creds = await linkRaw(emu, JOAO, { dictVersion: 2 });
    const raw = await loginRaw(emu, creds, { dictVersion: 2 });
    raw.ws.send(raw.noise.encodeFrame(Buffer.from([0, 0xf8, 0xff, 0xff])));
    await raw.waitForClose();
    const again = await loginRaw(emu, creds, { dictVersion: 2 });
    again.close();
});
