// What a hand-built companion (raw-companion.js) sees of the strict server: 479 "smax-invalid" for malformed 1:1
// addressing, a whatsmeow-shaped LID message that the referee finds nothing wrong with, and the usync answers
// for LIDs and number checks (whatsmeow's and Baileys 7's shapes), including a number registered without Brazil's
// ninth digit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startInProcess } from './helpers/emulator.js';
import { linkRaw, loginRaw } from './helpers/raw-companion.js';

const ANA = '5511900000001'; // the raw companion's account
const JOAO = '5511900000002'; // phone only
const CARLA = '553187650003'; // registered without the ninth digit
const pn = (phone) => `${phone}@s.whatsapp.net`;
let emu;
let raw;
let me;
let seq = 0;
const lid = (phone) => `${emu.hub.registry.account(phone).lidUser}@lid`;

before(async () => {
    emu = await startInProcess();
    await emu.addPhone(ANA, 'Ana');
    await emu.addPhone(JOAO, 'João');
    assert.equal((await emu.call('POST', '/phones', { phone: CARLA, name: 'Carla' })).status, 201);
    const creds = await linkRaw(emu, ANA);
    me = creds.me.id;
    raw = await loginRaw(emu, creds);
});

after(async () => {
    raw?.close();
    await emu?.close();
});

const enc = () => ({ tag: 'enc', attrs: { v: '2', type: 'msg' }, content: Buffer.from('not a real signal message') });
const to = (jid) => ({ tag: 'to', attrs: { jid }, content: [enc()] });

/** Sends a <message> with these attrs and participants; -> the server's <ack>. */
async function send(attrs, participants, extra = []) {
    const id = `3EB0RAW${String(++seq).padStart(15, '0')}`;
    raw.send({ tag: 'message', attrs: { id, type: 'text', ...attrs }, content: [{ tag: 'participants', attrs: {}, content: participants.map(to) }, ...extra] });
    return raw.waitFor((n) => n.tag === 'ack' && n.attrs.id === id, 5000);
}

const deliveries = async (id) => (await emu.call('GET', `/messages/${id}/deliveries`)).body;
const report = async () => (await emu.call('GET', `/devices/${encodeURIComponent(me)}/addressing`)).body;

test('whatsmeow\'s shape is routed and the referee finds nothing wrong with it', async () => {
    const ack = await send({ to: lid(JOAO), peer_recipient_pn: pn(JOAO) }, [lid(JOAO), lid(ANA)]);
    assert.equal(ack.attrs.error, undefined);
    assert.equal(ack.attrs.class, 'message');
    assert.deepEqual((await deliveries(ack.attrs.id)).map((d) => d.to).sort(), [lid(ANA), lid(JOAO)].sort());
    const { checked, violations } = await report();
    assert.equal(checked, 1);
    assert.deepEqual(violations, []);
});

test('own devices by number beside a LID `to` are routed but reported', async () => {
    const ack = await send({ to: lid(JOAO), peer_recipient_pn: pn(JOAO) }, [lid(JOAO), pn(ANA)]);
    assert.equal(ack.attrs.error, undefined);
    const v = (await report()).violations.find((x) => x.id === ack.attrs.id);
    assert.equal(v.reason, `own device ${pn(ANA)} is not a LID device jid`);
});

test('a number-addressed message is routed and reported', async () => {
    const ack = await send({ to: pn(JOAO) }, [pn(JOAO), pn(ANA)]);
    assert.equal(ack.attrs.error, undefined);
    const v = (await report()).violations.find((x) => x.id === ack.attrs.id);
    assert.equal(v.to, pn(JOAO));
    assert.match(v.reason, /^to 5511900000002@s\.whatsapp\.net is not a LID/);
    assert.match(v.reason, /no peer_recipient_pn/);
    assert.match(v.reason, /recipient device 5511900000002@s\.whatsapp\.net is not a LID device jid/);
});

test('479: recipient devices in the other form than `to`, either way', async () => {
    for (const [attrs, participants] of [[{ to: lid(JOAO) }, [pn(JOAO)]], [{ to: pn(JOAO) }, [lid(JOAO)]]]) {
        const ack = await send(attrs, participants);
        assert.equal(ack.attrs.error, '479', JSON.stringify(attrs));
        assert.deepEqual(await deliveries(ack.attrs.id), []);
        const refused = (await report()).refused.find((r) => r.id === ack.attrs.id);
        assert.match(refused.reason, /^mixed addressing/);
    }
});

test('479: a device that is not in the current list (stale), or of a third account', async () => {
    const stale = await send({ to: lid(JOAO), peer_recipient_pn: pn(JOAO) }, [lid(JOAO), `${emu.hub.registry.account(JOAO).lidUser}:7@lid`]);
    assert.equal(stale.attrs.error, '479');
    assert.deepEqual(await deliveries(stale.attrs.id), [], 'nothing delivered, not even to the good device');
    assert.match((await report()).refused.find((r) => r.id === stale.attrs.id).reason, /^stale device list/);
    const ownStale = await send({ to: pn(JOAO) }, [pn(JOAO), `${ANA}:9@s.whatsapp.net`]);
    assert.equal(ownStale.attrs.error, '479');
    const third = await send({ to: pn(JOAO) }, [pn(JOAO), pn(CARLA)]);
    assert.equal(third.attrs.error, '479');
});

test('479: a privacy token on a peer message', async () => {
    const id = `3EB0RAWPEER${++seq}`;
    raw.send({ tag: 'message', attrs: { id, to: pn(ANA), type: 'text', category: 'peer' }, content: [enc(), { tag: 'tctoken', attrs: {}, content: Buffer.alloc(32, 1) }] });
    const ack = await raw.waitFor((n) => n.tag === 'ack' && n.attrs.id === id, 5000);
    assert.equal(ack.attrs.error, '479');
    // without it the same peer message goes through
    const ok = `3EB0RAWPEER${++seq}`;
    raw.send({ tag: 'message', attrs: { id: ok, to: pn(ANA), type: 'text', category: 'peer' }, content: [enc()] });
    assert.equal((await raw.waitFor((n) => n.tag === 'ack' && n.attrs.id === ok, 5000)).attrs.error, undefined);
});

/** A usync iq with these query protocols and <user> nodes; -> the answer's <user> nodes. */
async function usync(query, users) {
    const id = `usync-${++seq}`;
    raw.send({
        tag: 'iq',
        attrs: { id, to: 's.whatsapp.net', type: 'get', xmlns: 'usync' },
        content: [{ tag: 'usync', attrs: { sid: id, mode: 'query', context: 'interactive', last: 'true', index: '0' }, content: [
            { tag: 'query', attrs: {}, content: query },
            { tag: 'list', attrs: {}, content: users },
        ] }],
    });
    const answer = await raw.waitFor((n) => n.tag === 'iq' && n.attrs.id === id, 5000);
    assert.equal(answer.attrs.type, 'result');
    return answer.content[0].content[0].content;
}
const kid = (n, tag) => n.content?.find((c) => c.tag === tag);
const text = (n) => (n?.content === undefined ? undefined : Buffer.from(n.content).toString());

test('usync <lid/>: the LID of a user asked by number, none for one asked by LID', async () => {
    const [byNumber, byLid] = await usync([{ tag: 'lid', attrs: {} }], [{ tag: 'user', attrs: { jid: pn(JOAO) } }, { tag: 'user', attrs: { jid: lid(JOAO) } }]);
    assert.equal(byNumber.attrs.jid, pn(JOAO));
    assert.deepEqual(kid(byNumber, 'lid').attrs, { val: lid(JOAO) });
    assert.equal(byLid.attrs.jid, lid(JOAO));
    assert.equal(kid(byLid, 'lid'), undefined);
});

test('usync devices for a user given by LID: the list under the LID jid', async () => {
    const [user] = await usync([{ tag: 'devices', attrs: { version: '2' } }], [{ tag: 'user', attrs: { jid: lid(ANA) } }]);
    assert.equal(user.attrs.jid, lid(ANA));
    const ids = kid(kid(user, 'devices'), 'device-list').content.map((d) => d.attrs.id);
    assert.deepEqual(ids, ['0', me.split(':')[1].split('@')[0]]);
});

test('usync contact (Baileys 7 onWhatsApp): only the exact digits an account registered with match', async () => {
    const users = ['+553187650003', '+5531987650003'].map((n) => ({ tag: 'user', attrs: {}, content: [{ tag: 'contact', attrs: {}, content: n }] }));
    const [registered, withNinth] = await usync([{ tag: 'contact', attrs: {} }], users);
    assert.equal(registered.attrs.jid, pn(CARLA));
    assert.equal(kid(registered, 'contact').attrs.type, 'in');
    assert.equal(text(kid(registered, 'contact')), '+553187650003');
    assert.equal(withNinth.attrs.jid, pn('5531987650003'));
    assert.equal(kid(withNinth, 'contact').attrs.type, 'out');
});

test('usync contact (whatsmeow IsOnWhatsApp, addressing_mode="lid"): jid is the LID, pn_jid the number', async () => {
    const users = ['+553187650003@c.us', '+5531987650003@c.us'].map((n) => ({ tag: 'user', attrs: {}, content: [{ tag: 'contact', attrs: {}, content: n }] }));
    const [known, unknown] = await usync([{ tag: 'contact', attrs: { addressing_mode: 'lid' } }], users);
    assert.deepEqual(known.attrs, { jid: lid(CARLA), pn_jid: pn(CARLA) });
    assert.equal(kid(known, 'contact').attrs.type, 'in');
    assert.equal(text(kid(known, 'contact')), '+553187650003@c.us'); // whatsmeow reads the query back from here
    assert.deepEqual(unknown.attrs, { jid: pn('5531987650003') });
    assert.equal(kid(unknown, 'contact').attrs.type, 'out');
});

test('a number registered without the ninth digit gets texts like any other', async () => {
    const { status, body } = await emu.call('POST', `/phones/${JOAO}/messages`, { to: CARLA, text: 'oi Carla' });
    assert.equal(status, 201);
    const phone = emu.hub.registry.account(CARLA).phoneDevice;
    const got = await new Promise((resolve, reject) => {
        const deadline = Date.now() + 5000;
        const poll = () => {
            const m = phone.messages.find((x) => x.id === body.id);
            if (m) return resolve(m);
            if (Date.now() > deadline) return reject(new Error('not received'));
            return setTimeout(poll, 50);
        };
        poll();
    });
    assert.equal(got.text, 'oi Carla');
    assert.equal(got.from, pn(JOAO));
});
