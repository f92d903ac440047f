// bin/baileys-peer.js, the JSON-lines front of a real Baileys client that Balcão's C++ tests talk to: two peers on
// two accounts of a child emulator exchange texts both ways, with delivery and read statuses, through the
// protocol alone (no access to the Baileys objects inside).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startChild } from './helpers/emulator.js';

const PEER = fileURLToPath(new URL('../bin/baileys-peer.js', import.meta.url));
const ANA = '5511930000001';
const BETO = '5511930000002';
const user = (phone) => `${phone}@s.whatsapp.net`;

/** One baileys-peer process: every stdout line kept (parsed when it is JSON), commands written to stdin. */
class PeerProcess {
    constructor(emu, phone, extra = []) {
        this.child = spawn(process.execPath, [PEER, '--control', emu.controlUrl, '--ws', emu.wsUrl, '--phone', phone, ...extra], {
            stdio: ['pipe', 'pipe', 'pipe'],
        });
        this.lines = [];
        this.stderr = '';
        this.waiters = new Set();
        this.child.stderr.on('data', (d) => (this.stderr += d));
        createInterface({ input: this.child.stdout }).on('line', (line) => {
            this.lines.push(line);
            this.#check();
        });
        this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => {
            resolve({ code, signal });
            this.#check();
        }));
    }

    get events() {
        return this.lines.map((l) => JSON.parse(l));
    }

    command(object) {
        this.child.stdin.write(`${JSON.stringify(object)}\n`);
    }

    /** The first line (parsed) satisfying predicate; rejects after timeoutMs or when the process is gone. */
    waitFor(predicate, what, timeoutMs = 20000) {
        const find = () => this.lines.map((l) => JSON.parse(l)).find(predicate);
        return new Promise((resolve, reject) => {
            const waiter = {
                test: () => {
                    const found = find();
                    if (found) return resolve(found), true;
                    if (this.child.exitCode !== null || this.child.signalCode !== null) return reject(new Error(`peer exited before ${what}; stderr: ${this.stderr}`)), true;
                    return false;
                },
            };
            if (waiter.test()) return;
            waiter.timer = setTimeout(() => {
                this.waiters.delete(waiter);
                reject(new Error(`timed out waiting for ${what}; stdout: ${this.lines.join('\n')}; stderr: ${this.stderr}`));
            }, timeoutMs);
            this.waiters.add(waiter);
        });
    }

    ready() {
        return this.waitFor((e) => 'ready' in e, 'the ready line', 30000);
    }

    async send(to, text) {
        const before = this.lines.length;
        this.command({ cmd: 'send', to, text });
        const sent = await this.waitFor((e) => e.event === 'sent' && !this.#seenBefore(e, before), `"sent" for ${text}`);
        return sent.id;
    }

    #seenBefore(event, count) {
        return this.lines.slice(0, count).some((l) => JSON.parse(l).id === event.id && JSON.parse(l).event === event.event);
    }

    status(id, status) {
        return this.waitFor((e) => e.event === 'status' && e.id === id && e.status === status, `status ${status} of ${id}`);
    }

    message(text) {
        return this.waitFor((e) => e.event === 'message' && e.text === text, `the text "${text}"`);
    }

    #check() {
        for (const w of [...this.waiters]) {
            if (w.test()) {
                clearTimeout(w.timer);
                this.waiters.delete(w);
            }
        }
    }

    async stop() {
        if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
        return this.exited;
    }
}

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
