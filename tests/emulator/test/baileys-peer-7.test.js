// bin/baileys-peer.js --baileys 7: the same JSON lines in front of a real, unmodified Baileys 7.0.0-rc14 client,
// the customer of issue #15's Done-when 8. Against the strict emulator (version floor, acks judged against
// Baileys 7's buildAckStanza) it exchanges texts with a Baileys 6.17 peer (the default line) and with a phone, and
// logs its saved device in again. In-process emulator, so the test can see which token table each peer speaks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startInProcess } from './helpers/emulator.js';
import { until } from './helpers/baileys7.js';
import { PeerProcess } from './helpers/peer-process.js';

const ANA = '5511930000011'; // Baileys 6.17 peer (no flag)
const CARLA = '5511930000013'; // Baileys 7 peer
const DORA = '5511930000014'; // a phone
const user = (phone) => `${phone}@s.whatsapp.net`;

let emu;
let ana;
let carla;
let stateDir;

before(async () => {
    emu = await startInProcess();
    await emu.addPhone(DORA, 'Dora');
    stateDir = await mkdtemp(path.join(tmpdir(), 'baileys-peer-7-'));
    ana = new PeerProcess(emu, ANA, ['--name', 'Ana Peer']);
    carla = new PeerProcess(emu, CARLA, ['--baileys', '7', '--name', 'Carla', '--state', stateDir]);
    await Promise.all([ana.ready(), carla.ready()]);
});

after(async () => {
    await ana?.stop();
    await carla?.stop();
    await emu?.close();
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

const readyOf = (peer) => JSON.parse(peer.lines[0]);
const tokenTable = (deviceJid) => [...emu.hub.connections].find((c) => c.deviceJid === deviceJid)?.codec?.version;

test('--baileys 7 runs Baileys 7 (token table v3); without the flag the peer is still Baileys 6.17 (v2)', async () => {
    const ready = readyOf(carla);
    assert.equal(ready.ready, true);
    assert.equal(ready.user, user(CARLA));
    assert.match(ready.jid, new RegExp(`^${CARLA}:[1-9][0-9]*@s\\.whatsapp\\.net$`), 'a companion device, not the phone');
    assert.equal(tokenTable(ready.jid), 3);
    assert.equal(tokenTable(readyOf(ana).jid), 2);
    // Both announced a version above the floor: nothing was refused.
    assert.deepEqual((await emu.call('GET', '/version-floor')).body.refused, []);
});

test('Baileys 7 and Baileys 6.17 peers exchange texts both ways, with delivery and read statuses', async () => {
    const there = await carla.send(user(ANA), 'Oi Ana, aqui é o Baileys 7');
    const got = await ana.message('Oi Ana, aqui é o Baileys 7');
    assert.equal(got.id, there);
    assert.equal(got.from, user(CARLA));
    assert.equal(got.chat, user(CARLA));
    await carla.status(there, 'delivery-ack');
    ana.command({ cmd: 'read', chat: got.chat, ids: [got.id] });
    await carla.status(there, 'read');

    const back = await ana.send(CARLA, 'Olá Carla, aqui é o 6.17');
    const gotBack = await carla.message('Olá Carla, aqui é o 6.17');
    assert.equal(gotBack.id, back);
    assert.equal(gotBack.from, user(ANA));
    assert.equal(gotBack.chat, user(ANA));
    assert.equal(gotBack.fromMe, false);
    await ana.status(back, 'delivery-ack');
    carla.command({ cmd: 'read', chat: user(ANA), ids: [back] });
    await ana.status(back, 'read');

    const order = carla.events.filter((e) => e.id === there).map((e) => e.event);
    assert.equal(order[0], 'sent', JSON.stringify(order));
});

test('a phone and the Baileys 7 peer exchange texts', async () => {
    const { status, body } = await emu.call('POST', `/phones/${DORA}/messages`, { to: CARLA, text: 'Do telefone da Dora' });
    assert.equal(status, 201);
    const got = await carla.message('Do telefone da Dora');
    assert.equal(got.id, body.id);
    assert.equal(got.from, user(DORA));

    const id = await carla.send(user(DORA), 'Recebido, Dora!');
    await carla.status(id, 'delivery-ack');
    const phone = await until('the phone to decrypt it', async () => (await emu.call('GET', `/phones/${DORA}/messages`)).body.find((m) => m.id === id));
    assert.equal(phone.text, 'Recebido, Dora!');
    assert.equal(phone.from, user(CARLA));
});

test('every stanza the server kept for the Baileys 7 peer was answered as buildAckStanza builds it', async () => {
    const jid = encodeURIComponent(readyOf(carla).jid);
    const report = await until('the Baileys 7 peer to answer everything', async () => {
        const { body } = await emu.call('GET', `/devices/${jid}/unacked`);
        return body.unacked.length === 0 ? body : null;
    });
    assert.deepEqual(report.mismatches, []);
});

test('stdout carries only JSON lines', () => {
    for (const peer of [ana, carla]) {
        for (const line of peer.lines) assert.doesNotThrow(() => JSON.parse(line), `stray line: ${line}`);
    }
});

test('end of stdin exits cleanly; with --state the same Baileys 7 device logs in again and still talks', async () => {
    const jid = readyOf(carla).jid;
    carla.child.stdin.end();
    assert.deepEqual(await carla.exited, { code: 0, signal: null });

    carla = new PeerProcess(emu, CARLA, ['--baileys', '7', '--state', stateDir]);
    const again = await carla.ready();
    assert.equal(again.jid, jid, 'no new link: the saved creds log in');
    assert.equal(tokenTable(jid), 3);
    const id = await ana.send(user(CARLA), 'de volta, Carla?');
    assert.equal((await carla.message('de volta, Carla?')).id, id);
    const reply = await carla.send(user(ANA), 'sim!');
    assert.equal((await ana.message('sim!')).id, reply);

    assert.deepEqual(await carla.stop(), { code: 0, signal: null }, 'SIGTERM is a clean exit');
});

test('--baileys takes 6 or 7 only: anything else exits 2 with the usage', async () => {
    const peer = fileURLToPath(new URL('../bin/baileys-peer.js', import.meta.url));
    const child = spawn(process.execPath, [peer, '--control', emu.controlUrl, '--ws', emu.wsUrl, '--phone', CARLA, '--baileys', '8']);
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /--baileys is 6 or 7/);
    assert.match(stderr, /usage: baileys-peer\.js/);
});
