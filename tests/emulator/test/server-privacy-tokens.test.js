// Accounts that require privacy tokens (README "LID addressing and privacy tokens"): a 1:1 message from another
// account's companion without a valid <tctoken> gets <ack error="463"> and reaches no one; once the account's
// phone issued the sender a token, a real Baileys 7 companion attaches it itself and the message is delivered.
// A companion's own <iq xmlns="privacy"> issuance is recorded and answered with a token for the named account.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startInProcess } from './helpers/emulator.js';
import { Baileys7Companion, unrefLongTimers, until } from './helpers/baileys7.js';
import { PrivacyTokens, isTokenExpired, tokenCutoff } from '../src/server/privacy-tokens.js';

unrefLongTimers();

const MARIA = '5511900000001'; // requires tokens
const JOAO = '5511900000002'; // his laptop runs Baileys 7
const pn = (phone) => `${phone}@s.whatsapp.net`;
let emu;
let laptop;
const acks = [];
const sentByLaptop = [];

before(async () => {
    emu = await startInProcess();
    const created = await emu.call('POST', '/phones', { phone: MARIA, name: 'Maria', requireToken: true });
    assert.equal(created.status, 201);
    await emu.addPhone(JOAO, 'João');
    laptop = await new Baileys7Companion({ wsUrl: emu.wsUrl, onSocket: (sock) => sock.ws.on('CB:ack,class:message', (n) => acks.push(n)) }).link(emu, JOAO);
    await laptop.waitForReady();
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

const mariaPhone = () => emu.hub.registry.account(MARIA).phoneDevice;
const addressing = async () => (await emu.call('GET', `/devices/${encodeURIComponent(laptop.jid)}/addressing`)).body;

test('without a token: 463 and nothing delivered; Baileys 7 issues its own token to Maria and the server records it', async () => {
    const sent = await laptop.sock.sendMessage(pn(MARIA), { text: 'sem token' });
    const nack = await until('the 463', () => acks.find((a) => a.attrs.id === sent.key.id));
    assert.equal(nack.attrs.error, '463');
    assert.equal(nack.attrs.class, 'message');
    const { refused } = await addressing();
    assert.deepEqual(refused.find((r) => r.id === sent.key.id), { id: sent.key.id, to: pn(MARIA), error: '463', reason: `${pn(MARIA)} requires a privacy token it issued to ${pn(JOAO)}` });
    assert.deepEqual((await emu.call('GET', `/messages/${sent.key.id}/deliveries`)).body, []);
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(!mariaPhone().messages.some((m) => m.id === sent.key.id));

    // Baileys 7 issues João's token to Maria after a 1:1 send and again on a 463 (<iq xmlns="privacy">)
    const issued = await until('João\'s issuance', async () => {
        const { body } = await emu.call('GET', `/phones/${JOAO}/issued-tokens`);
        return body.length ? body : null;
    });
    assert.equal(issued[0].to, pn(MARIA));
    assert.equal(issued[0].toLid, `${emu.hub.registry.account(MARIA).lidUser}@lid`);
    assert.equal(issued[0].by, laptop.jid);
    assert.equal(issued[0].expired, false);
    assert.equal(Buffer.from(issued[0].token, 'base64').length, 32);
    // the token the server handed Maria's devices is one that lets Maria's account write to João's
    const router = emu.hub.router;
    assert.ok(router.tokens.valid(emu.hub.registry.account(JOAO), emu.hub.registry.account(MARIA), Buffer.from(issued[0].token, 'base64')));
});

test('once Maria\'s phone issued João a token, Baileys 7 attaches it and the message is delivered', async () => {
    const { status, body } = await emu.call('POST', `/phones/${MARIA}/privacy-token`, { to: JOAO });
    assert.equal(status, 200);
    const mariaLid = `${emu.hub.registry.account(MARIA).lidUser}@lid`;
    await until('the stored token', async () => (await laptop.keys.get('tctoken', [mariaLid]))[mariaLid]?.token?.length);
    const sent = await laptop.sock.sendMessage(pn(MARIA), { text: 'com token' });
    const message = await until('Maria\'s phone to get it', () => mariaPhone().messages.find((m) => m.id === sent.key.id));
    assert.equal(message.text, 'com token');
    const stanza = sentByLaptop.find((s) => s.attrs.id === sent.key.id);
    assert.deepEqual(Buffer.from(stanza.content.find((c) => c.tag === 'tctoken').content), Buffer.from(body.token, 'base64'));
    const ack = await until('the ack', () => acks.find((a) => a.attrs.id === sent.key.id));
    assert.equal(ack.attrs.error, undefined);
    const issued = (await emu.call('GET', `/phones/${MARIA}/issued-tokens`)).body;
    assert.deepEqual(issued.map((i) => [i.to, i.by, i.token]), [[pn(JOAO), pn(MARIA), body.token]]);
});

test('PUT /phones/{p}/require-token turns it off and on', async () => {
    const off = await emu.call('PUT', `/phones/${JOAO}/require-token`, { requireToken: false });
    assert.deepEqual(off.body, { jid: pn(JOAO), requireToken: false });
    assert.equal((await emu.call('PUT', `/phones/${MARIA}/require-token`, { requireToken: false })).status, 200);
    await laptop.keys.set({ tctoken: { [`${emu.hub.registry.account(MARIA).lidUser}@lid`]: null } }); // forget the token
    const free = await laptop.sock.sendMessage(pn(MARIA), { text: 'sem exigência' });
    await until('delivered without a token', () => mariaPhone().messages.find((m) => m.id === free.key.id));
    assert.equal((await emu.call('PUT', `/phones/${MARIA}/require-token`, { requireToken: true })).status, 200);
    const refused = await laptop.sock.sendMessage(pn(MARIA), { text: 'exigido de novo' });
    assert.equal((await until('the 463', () => acks.find((a) => a.attrs.id === refused.key.id))).attrs.error, '463');
    assert.equal((await emu.call('PUT', `/phones/${MARIA}/require-token`, { requireToken: 'yes' })).status, 400);
    assert.equal((await emu.call('PUT', '/phones/5511999999999/require-token', { requireToken: true })).status, 404);
    assert.equal((await emu.call('POST', '/phones', { phone: '5511900000003', requireToken: 1 })).status, 400);
    assert.equal((await emu.call('GET', '/phones/5511999999999/issued-tokens')).status, 404);
});

test('expiry follows whatsmeow: 7-day buckets, the current one and three before it', () => {
    const now = 1_800_000_000;
    const cutoff = tokenCutoff(now);
    assert.equal(cutoff % 604800, 0);
    assert.ok(now - cutoff >= 3 * 604800 && now - cutoff < 4 * 604800);
    assert.equal(isTokenExpired(cutoff, now), false);
    assert.equal(isTokenExpired(cutoff - 1, now), true);
    const tokens = new PrivacyTokens();
    const a = { jid: 'a@s.whatsapp.net', lidUser: '1' };
    const b = { jid: 'b@s.whatsapp.net', lidUser: '2' };
    const fresh = tokens.issue(a, b);
    const old = tokens.issue(a, b, { t: Math.floor(Date.now() / 1000) - 40 * 86400 });
    assert.equal(tokens.valid(a, b, fresh.token), true);
    assert.equal(tokens.valid(a, b, old.token), false);
    assert.equal(tokens.valid(b, a, fresh.token), false); // issued by a to b, not the other way
});
