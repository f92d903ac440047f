// bin/baileys-peer.js, the JSON-lines front of a real Baileys client that Balcão's C++ tests talk to: two peers on
// two accounts of a child emulator exchange texts both ways, with delivery and read statuses, through the
// protocol alone (no access to the Baileys objects inside).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startChild } from './helpers/emulator.js';
import { PeerProcess } from './helpers/peer-process.js';

const ANA = '5511930000001';
const BETO = '5511930000002';
const user = (phone) => `${phone}@s.whatsapp.net`;

let emu;
let ana;
let beto;
let stateDir;

before(async () => {
    emu = await startChild();
    stateDir = await mkdtemp(path.join(tmpdir(), 'baileys-peer-'));
    ana = new PeerProcess(emu, ANA, ['--name', 'Ana Peer']);
    beto = new PeerProcess(emu, BETO, ['--state', stateDir]);
    await Promise.all([ana.ready(), beto.ready()]);
});

after(async () => {
    await ana?.stop();
    await beto?.stop();
    await emu?.close();
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

test('the ready line names the linked companion device and its account', async () => {
    for (const [peer, phone] of [[ana, ANA], [beto, BETO]]) {
        const ready = JSON.parse(peer.lines[0]);
        assert.equal(ready.ready, true);
        assert.equal(ready.user, user(phone));
        assert.match(ready.jid, new RegExp(`^${phone}:[1-9][0-9]*@s\\.whatsapp\\.net$`), 'a companion device, not the phone');
    }
    // The emulator lists that device as connected: it is a real linked companion.
    const { body } = await emu.call('GET', `/phones/${ANA}/devices`);
    assert.ok(body.some((d) => d.jid === JSON.parse(ana.lines[0]).jid && d.connected), JSON.stringify(body));
});

test('texts go both ways with delivery and read statuses', async () => {
    const there = await ana.send(user(BETO), 'Oi Beto, tudo bem?');
    const got = await beto.message('Oi Beto, tudo bem?');
    assert.equal(got.id, there);
    assert.equal(got.from, user(ANA));
    assert.equal(got.chat, user(ANA));
    assert.equal(got.fromMe, false);
    await ana.status(there, 'delivery-ack');
    beto.command({ cmd: 'read', chat: got.chat, ids: [got.id] });
    await ana.status(there, 'read');

    const back = await beto.send(ANA, 'Tudo ótimo, Ana!'); // a bare number is accepted too
    const gotBack = await ana.message('Tudo ótimo, Ana!');
    assert.equal(gotBack.id, back);
    assert.equal(gotBack.from, user(BETO));
    await beto.status(back, 'delivery-ack');
    ana.command({ cmd: 'read', chat: user(BETO), ids: [back] });
    await beto.status(back, 'read');

    // "sent" comes before any status of the same message.
    for (const [peer, id] of [[ana, there], [beto, back]]) {
        const order = peer.events.filter((e) => e.id === id).map((e) => e.event);
        assert.equal(order[0], 'sent', JSON.stringify(order));
    }
});

test('bad commands answer an error event and the peer goes on', async () => {
    const count = ana.lines.length;
    ana.child.stdin.write('not json\n');
    ana.command({ cmd: 'fly' });
    ana.command({ cmd: 'send', to: user(BETO) });
    await ana.waitFor(() => ana.lines.length >= count + 3, 'three more lines');
    const errors = ana.events.slice(count).filter((e) => e.event === 'error');
    assert.equal(errors.length, 3, JSON.stringify(errors));
    const id = await ana.send(user(BETO), 'ainda aqui');
    assert.equal((await beto.message('ainda aqui')).id, id);
});

test('stdout carries only JSON lines', () => {
    for (const peer of [ana, beto]) {
        for (const line of peer.lines) assert.doesNotThrow(() => JSON.parse(line), `stray line: ${line}`);
    }
});

test('end of stdin exits cleanly; with --state the same device logs in again', async () => {
    const jid = JSON.parse(beto.lines[0]).jid;
    beto.child.stdin.end();
    assert.deepEqual(await beto.exited, { code: 0, signal: null });

    beto = new PeerProcess(emu, BETO, ['--state', stateDir]);
    const again = await beto.ready();
    assert.equal(again.jid, jid, 'no new link: the saved creds log in');
    const id = await ana.send(user(BETO), 'de volta?');
    assert.equal((await beto.message('de volta?')).id, id);

    assert.deepEqual(await ana.stop(), { code: 0, signal: null }, 'SIGTERM is a clean exit');
});
