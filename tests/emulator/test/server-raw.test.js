// The token table follows each connection's intro: 57 41 06 02 speaks Baileys 6.17.16's table, 57 41 06 03 the
// v3 table of baileys 7.0.0-rc14. Then the whole registration and login over token table v3 (intro 57 41 06 03, what Balcão speaks), driven by a bare
// Noise client that does the companion's steps with Baileys's own helpers. It also shows what Baileys's socket
// cannot: a pair-device-sign with a bad device signature is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { initAuthCreds, configureSuccessfulPairing, Curve, signedKeyPair, WAProto as proto } from '@whiskeysockets/baileys';
import { startInProcess } from './helpers/emulator.js';
import { RawClient } from './helpers/raw-client.js';
import { linkRaw, loginRaw } from './helpers/raw-companion.js';

const MARIA = '5511900000001';
let emu;
before(async () => {
    emu = await startInProcess();
    await emu.addPhone(MARIA, 'Maria');
});
after(() => emu.close());

const be = (n, len) => {
    const b = Buffer.alloc(len);
    b.writeUIntBE(n, 0, len);
    return b;
};
const n = (tag, attrs = {}, content) => (content === undefined ? { tag, attrs } : { tag, attrs, content });
const iq = (id, xmlns, type, content) => n('iq', { id, xmlns, type, to: '@s.whatsapp.net' }, content);
const childOf = (node, tag) => (Array.isArray(node?.content) ? node.content.find((c) => c.tag === tag) : undefined);

/** Registers over v3 up to pair-success; returns { raw, creds, pairSuccess, scan (the pending HTTP call) }. */
async function registerV3() {
    const creds = initAuthCreds();
    const raw = new RawClient(emu.wsUrl, { dictVersion: 3 });
    await raw.hello();
    await raw.finish(creds);
    const pairDevice = await raw.waitFor((x) => childOf(x, 'pair-device'));
    raw.send(n('iq', { to: '@s.whatsapp.net', type: 'result', id: pairDevice.attrs.id }));
    const ref = Buffer.from(childOf(pairDevice, 'pair-device').content[0].content).toString();
    const qr = [ref, Buffer.from(creds.noiseKey.public).toString('base64'), Buffer.from(creds.signedIdentityKey.public).toString('base64'), creds.advSecretKey].join(',');
    const scan = emu.call('POST', `/phones/${MARIA}/scan`, { qr });
    const pairSuccess = await raw.waitFor((x) => childOf(x, 'pair-success'));
    return { raw, creds, pairSuccess, scan };
}

test('v3: link, 515, log in, upload prekeys, go active, get the offline marker and the phone\'s bootstrap', async () => {
    const { raw, creds, pairSuccess, scan } = await registerV3();
    const { reply, creds: paired } = configureSuccessfulPairing(pairSuccess, creds);
    raw.send(reply);
    const streamError = await raw.waitFor((x) => x.tag === 'stream:error');
    assert.equal(streamError.attrs.code, '515');
    const scanned = await scan;
    assert.equal(scanned.status, 200);
    assert.equal(scanned.body.jid, paired.me.id);
    await raw.waitForClose();
    Object.assign(creds, paired);

    const login = new RawClient(emu.wsUrl, { dictVersion: 3 });
    await login.hello();
    await login.finish(creds, { loginJid: creds.me.id });
    const success = await login.waitFor((x) => x.tag === 'success');
    assert.match(success.attrs.lid, /^[0-9]+:[1-9][0-9]*@lid$/);
    assert.match(success.attrs.t, /^[0-9]+$/);

    login.send(iq('c1', 'encrypt', 'get', [n('count')]));
    assert.equal(childOf(await login.waitFor((x) => x.attrs.id === 'c1'), 'count').attrs.value, '0');
    const keys = [];
    for (let id = 1; id <= 30; id++) keys.push(n('key', {}, [n('id', {}, be(id, 3)), n('value', {}, Curve.generateKeyPair().public)]));
    const spk = signedKeyPair(creds.signedIdentityKey, 2);
    login.send(iq('u1', 'encrypt', 'set', [
        n('registration', {}, be(creds.registrationId, 4)),
        n('type', {}, Buffer.from([5])),
        n('identity', {}, creds.signedIdentityKey.public),
        n('list', {}, keys),
        n('skey', {}, [n('id', {}, be(2, 3)), n('value', {}, spk.keyPair.public), n('signature', {}, spk.signature)]),
    ]));
    assert.equal((await login.waitFor((x) => x.attrs.id === 'u1')).attrs.type, 'result');
    login.send(iq('c2', 'encrypt', 'get', [n('count')]));
    assert.equal(childOf(await login.waitFor((x) => x.attrs.id === 'c2'), 'count').attrs.value, '30');

    login.send(iq('a1', 'passive', 'set', [n('active')]));
    await login.waitFor((x) => x.attrs.id === 'a1');
    const offline = await login.waitFor((x) => x.tag === 'ib');
    assert.deepEqual(childOf(offline, 'offline').attrs, { count: '0' });
    // the phone's two peer messages, each a pkmsg built on one of the uploaded one-time prekeys
    await login.waitFor((x) => login.nodes.filter((m) => m.tag === 'message').length >= 2 && x.tag === 'message', 5000);
    const peers = login.nodes.filter((m) => m.tag === 'message');
    for (const m of peers) {
        assert.equal(m.attrs.from, `${MARIA}@s.whatsapp.net`);
        assert.equal(m.attrs.category, 'peer');
        assert.equal(childOf(m, 'enc').attrs.type, 'pkmsg');
        assert.ok(childOf(m, 'device-identity'));
    }

    // usync lists the new device with its key index; a bundle for it consumes one of its prekeys
    login.send(iq('s1', 'usync', 'get', [n('usync', { sid: 'x', mode: 'query', context: 'message', index: '0', last: 'true' }, [
        n('query', {}, [n('devices', { version: '2' })]),
        n('list', {}, [n('user', { jid: `${MARIA}@s.whatsapp.net` })]),
    ])]));
    const usync = await login.waitFor((x) => x.attrs.id === 's1');
    const deviceList = childOf(childOf(childOf(childOf(usync, 'usync'), 'list').content[0], 'devices'), 'device-list').content;
    const mine = deviceList.find((d) => d.attrs.id === creds.me.id.split(':')[1].split('@')[0]);
    const keyIndex = proto.ADVDeviceIdentity.decode(creds.account.details).keyIndex;
    assert.equal(mine.attrs['key-index'], String(keyIndex));
    login.send(iq('k1', 'encrypt', 'get', [n('key', {}, [n('user', { jid: creds.me.id })])]));
    const bundle = childOf(childOf(await login.waitFor((x) => x.attrs.id === 'k1'), 'list'), 'user');
    assert.deepEqual(Buffer.from(childOf(bundle, 'identity').content), Buffer.from(creds.signedIdentityKey.public));
    assert.equal(Buffer.from(childOf(childOf(bundle, 'skey'), 'id').content).readUIntBE(0, 3), 2);
    assert.ok(childOf(bundle, 'key'));
    login.close();
});

test('a pair-device-sign whose device signature does not verify is refused', async () => {
    const { raw, creds, pairSuccess, scan } = await registerV3();
    const { reply } = configureSuccessfulPairing(pairSuccess, creds);
    const identity = childOf(childOf(reply, 'pair-device-sign'), 'device-identity');
    const signed = proto.ADVSignedDeviceIdentity.decode(identity.content);
    signed.deviceSignature = Buffer.from(signed.deviceSignature).fill(7, 0, 8);
    identity.content = Buffer.from(proto.ADVSignedDeviceIdentity.encode(signed).finish());
    raw.send(reply);
    const refused = await scan;
    assert.equal(refused.status, 422);
    assert.equal(refused.body.error, 'bad-signature');
    const error = await raw.waitFor((x) => x.attrs.type === 'error');
    assert.equal(childOf(error, 'error').attrs.code, '401');
    await raw.waitForClose();
    const { body } = await emu.call('GET', `/phones/${MARIA}/devices`);
    assert.equal(body.length, 2, 'only the phone and the device linked above');
});

for (const dictVersion of [2, 3]) {
    test(`a registration over dictionary v${dictVersion} gets pair-device refs in that table`, async () => {
        const raw = new RawClient(emu.wsUrl, { dictVersion });
        await raw.hello();
        await raw.finish(initAuthCreds());
        const iq = await raw.waitFor((n) => n.tag === 'iq');
        assert.equal(iq.attrs.type, 'set');
        assert.equal(iq.attrs.xmlns, 'md');
        const pairDevice = iq.content[0];
        assert.equal(pairDevice.tag, 'pair-device');
        assert.equal(pairDevice.content.length, 6);
        for (const ref of pairDevice.content) assert.match(Buffer.from(ref.content).toString(), /^2@[A-Za-z0-9+/=]+$/);
        // a ping in the same table is answered in it
        raw.send({ tag: 'iq', attrs: { id: 'p1', to: '@s.whatsapp.net', type: 'get', xmlns: 'w:p' }, content: [{ tag: 'ping', attrs: {} }] });
        const pong = await raw.waitFor((n) => n.attrs?.id === 'p1');
        assert.equal(pong.attrs.type, 'result');
        raw.close();
    });
}

test('an unknown dictionary version is refused', async () => {
    const raw = new RawClient(emu.wsUrl, { dictVersion: 9 });
    await assert.rejects(raw.hello(), /closed by the server/);
});

test('bytes that are not a WhatsApp intro close the connection', async () => {
    const WebSocket = (await import('ws')).default;
    const ws = new WebSocket(emu.wsUrl);
    await new Promise((r) => ws.once('open', r));
    const closed = new Promise((resolve) => ws.once('close', resolve));
    ws.send(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
    await closed;
    const raw = new RawClient(emu.wsUrl); // the server still takes new connections
    await raw.hello();
    raw.close();
});

test('a stanza sent right behind clientFinish, before the server has spoken, is still answered', async () => {
    const raw = new RawClient(emu.wsUrl, { dictVersion: 3 });
    await raw.hello();
    await raw.finish(initAuthCreds());
    raw.send({ tag: 'iq', attrs: { id: 'early', to: '@s.whatsapp.net', type: 'get', xmlns: 'w:p' }, content: [{ tag: 'ping', attrs: {} }] });
    assert.equal((await raw.waitFor((x) => x.attrs.id === 'early')).attrs.type, 'result');
    raw.close();
});

test('a message addressed to a device\'s LID reaches that device, from the sender\'s LID', async () => {
    const creds = await linkRaw(emu, MARIA);
    const maria = await loginRaw(emu, creds);
    const joaoPhone = '5511900000077';
    await emu.addPhone(joaoPhone, 'João');
    const joao = emu.hub.registry.account(joaoPhone);
    const lid = creds.me.id.replace(/^[0-9]+/, emu.hub.registry.account(MARIA).lidUser).replace('s.whatsapp.net', 'lid');
    await emu.hub.router.routeFromDevice(joao.jid, n('message', { id: 'LID1', to: lid.replace(/:[0-9]+@/, '@'), type: 'text' }, [
        n('participants', {}, [n('to', { jid: lid }, [n('enc', { v: '2', type: 'msg' }, Buffer.from('x'))])]),
    ]));
    const got = await maria.waitFor((x) => x.tag === 'message' && x.attrs.id === 'LID1');
    assert.equal(got.attrs.from, `${joao.lidUser}@lid`);
    maria.close();
});
