#!/usr/bin/env node
// `make bench`: Balcão headless and real Baileys 6.17.16 doing the same work against the same emulator in the
// same run (issue 8, "Benchmarks"). Prints a markdown table and writes bench/results/latest.json.
//
//   node bench/run.mjs --balcao build/src/app/balcao --storage-bench build/bench/balcao_storage_bench
//                      [--gui-bench PATH] [--reps 3] [--inbound 5000] [--outbound 1000] [--levels 1,10,200,1000]
//                      [--transport wss|ws] [--state DIR] [--quick] [--media-mb 20] [--media-memory-mb 100]
//                      [--only media]
//
// Each level is a profile of its own with numbers of its own (two profiles sharing a device would each renew its
// prekeys on the server, and each would then fail to open what was encrypted to the other's).
// --state DIR keeps what linking made between runs: the emulator's network, Balcão's profile and Baileys' auth
// folders of each level. The first run links every number (minutes, for a thousand on each side); later runs
// start from the saved numbers. Without it everything is linked afresh in a temporary folder.
//
// --only media runs only the media section (bench/lib/media.mjs), into the existing --out file.
// Every figure is a median of --reps repetitions unless the table says otherwise; the memory figures are medians
// of 5 readings of one process per level. Machines here are noisy: read the ratios first.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { mediaBenchmark } from './lib/media.mjs';
import { JsonLinesProcess, cpuMs, rssBytes, startBalcao, writeTestCa } from './lib/processes.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { startChild } = await import('../tests/emulator/test/helpers/emulator.js');

const { values: opt } = parseArgs({
    options: {
        balcao: { type: 'string', default: path.join(ROOT, 'build/src/app/balcao') },
        'storage-bench': { type: 'string', default: path.join(ROOT, 'build/bench/balcao_storage_bench') },
        'gui-bench': { type: 'string' },
        reps: { type: 'string', default: '3' },
        inbound: { type: 'string', default: '5000' },
        outbound: { type: 'string', default: '1000' },
        levels: { type: 'string', default: '1,10,200,1000' },
        state: { type: 'string' },
        'idle-ms': { type: 'string', default: '60000' }, // how long the idle CPU is watched
        // wss: both sides over TLS, as the real server is reached (the emulator's test CA trusted on both sides);
        // ws: plain WebSocket, to see what TLS costs.
        transport: { type: 'string', default: 'wss' },
        'storage-messages': { type: 'string', default: '100000' },
        quick: { type: 'boolean', default: false }, // a smoke run: small numbers, 2 repetitions
        'gui-only': { type: 'boolean', default: false }, // run only the GUI benchmark, into the existing --out file
        only: { type: 'string' }, // "media": only the media section, into the existing --out file
        'media-mb': { type: 'string', default: '20' }, // the document uploaded and downloaded (MB = 10^6 bytes)
        'media-memory-mb': { type: 'string', default: '100' }, // the document sent while Balcão's memory is watched
        out: { type: 'string', default: path.join(ROOT, 'bench/results/latest.json') },
    },
    strict: true,
});
const QUICK = opt.quick;
const REPS = QUICK ? 2 : Number(opt.reps);
const INBOUND = QUICK ? 500 : Number(opt.inbound);
const OUTBOUND = QUICK ? 100 : Number(opt.outbound);
const LEVELS = (QUICK ? '1,3,5' : opt.levels).split(',').map(Number);
if (!['ws', 'wss'].includes(opt.transport)) throw new Error(`--transport is ws or wss, not ${opt.transport}`);
const TLS = opt.transport === 'wss';
const COLD_LEVEL = LEVELS.includes(10) ? 10 : LEVELS[1];
const STORAGE_MESSAGES = QUICK ? 10000 : Number(opt['storage-messages']);
// Idle means idle: past the login's transient work and Balcão's trim of a quiet session's caches (SessionHost::kQuietMs, 5 s),
// and past a Node garbage collection or two on the Baileys side.
const SETTLE_MS = 8000;
// How long the idle CPU of the largest level is watched: at least one keepalive round on both sides (30 s).
const IDLE_MS = QUICK ? 5000 : Number(opt['idle-ms']);
// Balcão's default --connect-limit (StartQueue::Options::maxInFlight): the cold start may never exceed it.
const CONNECT_LIMIT = 32;
const STATE = opt.state && !QUICK ? path.resolve(opt.state) : null;
if (![undefined, 'media'].includes(opt.only)) throw new Error(`--only takes "media", not ${opt.only}`);
const ONLY_MEDIA = opt.only === 'media';
// Quick: smaller transfers; the memory document keeps its full size (the target is about a 100 MB file).
const [MEDIA_BYTES, MEDIA_MEMORY_BYTES] = [(QUICK ? 5 : Number(opt['media-mb'])) * 1e6, Number(opt['media-memory-mb']) * 1e6];

const log = (...args) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${args.join(' ')}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length ? s[Math.floor(s.length / 2)] : NaN;
};
const MiB = 1024 * 1024;

// ---- the two sides --------------------------------------------------------------------------------------

class BalcaoSide {
    constructor(emu, dir, saved) {
        this.emu = emu;
        this.dir = dir; // the profile of each level in dir/level-N
        this.saved = saved; // { levels: [N…] } linked, kept in the state record
        this.app = null;
        this.byPhone = new Map(); // phone number -> session id, from the connected events
        this.request = 0;
    }

    profile(level) {
        return path.join(this.dir, `level-${level}`);
    }

    /** Starts the process on `dataDir`; resolves when `count` sessions are connected: {ms from spawn}. */
    async start(count, dataDir = this.profile(count)) {
        await mkdir(dataDir, { recursive: true });
        this.app = startBalcao(opt.balcao, dataDir, this.emu, { tls: TLS });
        const connected = new Set();
        if (count > 0) {
            await this.app.waitFor((e) => {
                if (e.event === 'status' && e.status === 'connected') {
                    connected.add(e.session);
                    this.byPhone.set(e.jid.split(/[:@]/)[0], e.session);
                }
                return connected.size >= count;
            }, Math.max(60000, count * 100), 0, `${count} sessions connected`);
        }
        return { ms: count > 0 ? this.app.events.at(-1).at - this.app.startedAt : 0 };
    }

    /** Links the level's own numbers into a profile of its own, unless an earlier run did. */
    async ensureLinked(level, phones) {
        if (this.saved.levels.includes(level)) return;
        await rm(this.profile(level), { recursive: true, force: true });
        await this.start(0, this.profile(level));
        log(`balcao: linking ${level} numbers`);
        await this.link(phones, 10);
        await this.stop();
        this.saved.levels.push(level);
    }

    async stop() {
        await this.app?.stop();
        this.app = null;
    }

    async linkOne(phone) {
        const requestId = `add-${++this.request}`;
        const from = this.app.events.length;
        this.app.send({ cmd: 'add-session', name: `Loja ${phone}`, requestId });
        const added = await this.app.waitFor((e) => e.event === 'session' && e.requestId === requestId, 10000, from, 'add-session');
        const session = added.session;
        this.app.send({ cmd: 'link', session, method: 'qr' });
        const qr = await this.app.waitFor((e) => e.event === 'qr' && e.session === session, 15000, from, 'a QR');
        const scan = await this.emu.call('POST', `/phones/${phone}/scan`, { qr: qr.qr });
        if (scan.status !== 200) throw new Error(`scan ${phone}: ${scan.status} ${JSON.stringify(scan.body)}`);
        await this.app.waitFor((e) => e.event === 'status' && e.session === session && e.status === 'connected', 20000, from, `${session} connected`);
        this.byPhone.set(phone, session);
        return session;
    }

    async link(phones, parallel = 5) {
        for (let i = 0; i < phones.length; i += parallel) await Promise.all(phones.slice(i, i + parallel).map((p) => this.linkOne(p)));
    }

    rss() {
        return rssBytes(this.app.pid);
    }
}

class BaileysSide {
    constructor(emu, stateDir, saved) {
        this.emu = emu;
        this.stateDir = stateDir;
        this.saved = saved; // { levels: [N…] } linked, each in stateDir/level-N
        this.fleet = null;
    }

    async ensureLinked(level, phones) {
        if (this.saved.levels.includes(level)) return;
        await rm(path.join(this.stateDir, `level-${level}`), { recursive: true, force: true });
        await this.start(0, level);
        log(`baileys: linking ${level} numbers`);
        await this.link(phones);
        await this.stop();
        this.saved.levels.push(level);
    }

    /** The fleet of `level`'s folder with its `count` saved sockets open. */
    async start(count, level = count) {
        const dir = path.join(this.stateDir, `level-${level}`);
        // Node trusts the test CA through NODE_EXTRA_CA_CERTS: configuration, not a change to Baileys.
        const env = TLS ? { NODE_EXTRA_CA_CERTS: writeTestCa(dir, this.emu) } : {};
        const url = TLS ? this.emu.wssUrl : this.emu.wsUrl;
        this.fleet = new JsonLinesProcess(process.execPath, [path.join(ROOT, 'bench/baileys-fleet.mjs'), '--control', this.emu.controlUrl, '--ws', url, '--state', dir], { name: 'baileys-fleet', env });
        const ready = await this.fleet.waitFor((e) => e.ready === true, Math.max(90000, count * 200), 0, 'the fleet ready');
        if (ready.restored !== count) throw new Error(`the fleet restored ${ready.restored} sockets, expected ${count}`);
        return { ms: ready.at - this.fleet.startedAt };
    }

    async stop() {
        await this.fleet?.stop(20000);
        this.fleet = null;
    }

    async command(cmd, reply, timeoutMs = 180000) {
        const from = this.fleet.events.length;
        this.fleet.send(cmd);
        const answer = await this.fleet.waitFor((e) => e.event === reply || e.event === 'error', timeoutMs, from, reply);
        if (answer.event === 'error') throw new Error(`baileys-fleet: ${answer.message}`);
        return answer;
    }

    async link(phones) {
        await this.command({ cmd: 'link', phones, parallel: 10 }, 'linked', Math.max(300000, phones.length * 3000));
    }

    rss() {
        return rssBytes(this.fleet.pid);
    }
}

async function settledRss(side) {
    await sleep(SETTLE_MS);
    const readings = [];
    for (let i = 0; i < 5; i++) {
        readings.push(side.rss());
        await sleep(300);
    }
    return median(readings);
}

// ---- figures ---------------------------------------------------------------------------------------------

const results = { startedAt: new Date().toISOString(), host: { cpus: os.cpus().length, model: os.cpus()[0]?.model, load: os.loadavg() }, quick: QUICK, reps: REPS, transport: opt.transport, figures: {} };

async function memoryAndColdStart(emu, side, name, phonesOf) {
    const memory = {};
    const cold = [];
    let large = null;
    for (const level of LEVELS) {
        await side.ensureLinked(level, phonesOf(level));
        // A fresh process with `level` saved sessions: what a restart leaves in memory, without linking's garbage.
        const runs = level === COLD_LEVEL ? Math.max(REPS, 5) : 1;
        for (let r = 0; r < runs; r++) {
            const largest = level === LEVELS.at(-1) && r === runs - 1;
            if (largest) await emu.call('POST', '/health/reset-max');
            const { ms } = await side.start(level);
            if (level === COLD_LEVEL) cold.push(ms);
            if (largest) {
                large = { sessions: level, ms, handshakesInFlightMax: (await emu.call('GET', '/health')).body.handshakesInFlightMax };
                log(`${name}: cold start of ${level}: ${ms.toFixed(0)} ms, at most ${large.handshakesInFlightMax} handshakes at once`);
            }
            if (r < runs - 1) await side.stop();
        }
        memory[level] = await settledRss(side);
        log(`${name}: ${level} sessions: ${(memory[level] / MiB).toFixed(1)} MiB`);
        if (level !== LEVELS.at(-1)) await side.stop(); // the largest stays up for what follows
    }
    // CPU while every number is connected and idle: keepalives, timers, nothing else.
    const pid = side instanceof BalcaoSide ? side.app.pid : side.fleet.pid;
    const before = cpuMs(pid);
    await sleep(IDLE_MS);
    const idleCpu = { sessions: LEVELS.at(-1), ms: cpuMs(pid) - before, overMs: IDLE_MS };
    log(`${name}: idle CPU with ${idleCpu.sessions} sessions: ${idleCpu.ms} ms over ${IDLE_MS} ms`);
    return { memory, cold, large, idleCpu };
}

async function inbound(emu, sender, recipient, side, name, count) {
    const times = [];
    const cpu = [];
    // A first message sets up the Signal session (a pkmsg): not part of the figure.
    const warm = await emu.call('POST', `/phones/${sender}/burst`, { to: recipient, count: 1, text: 'warm-up' });
    if (warm.status !== 200) throw new Error(`${name} warm-up: ${JSON.stringify(warm.body)}`);
    for (let r = 0; r < REPS; r++) {
        const prefix = `in${r}`;
        const mark = side instanceof BalcaoSide ? side.app.events.length : 0;
        const pid = side instanceof BalcaoSide ? side.app.pid : side.fleet.pid;
        const cpuBefore = cpuMs(pid);
        const answer = await emu.call('POST', `/phones/${sender}/burst`, { to: recipient, count, text: prefix, timeoutMs: 300000 });
        // CPU the receiving process spent from the request to the last ack (it idles while the phone encrypts).
        cpu.push(cpuMs(pid) - cpuBefore);
        if (answer.status !== 200) throw new Error(`${name} burst: ${answer.status} ${JSON.stringify(answer.body)}`);
        // Check that the side really has them all, not only that it acked.
        if (side instanceof BalcaoSide) {
            const reported = () => side.app.events.slice(mark).filter((e) => e.event === 'message' && e.text?.startsWith(`${prefix} `)).length;
            const deadline = Date.now() + 30000;
            while (reported() < count && Date.now() < deadline) await sleep(50);
            if (reported() !== count) {
                const last = side.app.events.slice(mark).filter((e) => e.event !== 'message').slice(-3).map((e) => JSON.stringify(e));
                throw new Error(`${name}: ${reported()} of ${count} messages reported; last other events: ${last.join(' ')}`);
            }
        } else {
            const state = await side.command({ cmd: 'inbound', index: 0 }, 'inbound');
            if (state.texts < (r + 1) * count) throw new Error(`${name}: ${state.texts} texts upserted, expected ${(r + 1) * count}`);
            results.figures.inboundBaileysUpsertMs ??= [];
            results.figures.inboundBaileysUpsertMs.push(state.lastAt - answer.body.firstSentAt);
        }
        times.push(answer.body.elapsedMs);
        log(`${name} inbound #${r + 1}: CPU ${cpu.at(-1)} ms`);
        log(`${name} inbound #${r + 1}: ${count} in ${answer.body.elapsedMs.toFixed(0)} ms (phone encryption before it: ${answer.body.encryptMs.toFixed(0)} ms)`);
    }
    return { times, cpu };
}

async function outboundBalcao(side, phone, customerJid, count) {
    const app = side.app;
    const session = side.byPhone.get(phone);
    if (!session) throw new Error(`no Balcão session for ${phone}`);
    const warmFrom = app.events.length;
    // Ids of this run only: a saved profile (--state) keeps earlier runs' texts, and an id it knows is not sent again.
    const run = randomBytes(3).toString('hex').toUpperCase();
    const warmId = `3EB0${run}FFFFFFFFFFFF`;
    app.send({ cmd: 'send', session, to: customerJid, text: 'warm-up', id: warmId });
    await app.waitFor((e) => e.event === 'message.status' && e.id === warmId && e.status === 'sent', 20000, warmFrom, 'warm-up sent');
    const times = [];
    for (let r = 0; r < REPS; r++) {
        const ids = Array.from({ length: count }, (_, i) => `3EB0${run}${String(r).padStart(2, '0')}${i.toString(16).toUpperCase().padStart(10, '0')}`);
        const pending = new Set(ids);
        const from = app.events.length;
        const start = performance.now();
        app.child.stdin.write(ids.map((id, i) => JSON.stringify({ cmd: 'send', session, to: customerJid, text: `out${r} ${i + 1}`, id })).join('\n') + '\n');
        const last = await app.waitFor((e) => {
            if (e.event === 'message.status' && e.status === 'sent') pending.delete(e.id);
            return pending.size === 0;
        }, 120000, from, `${count} sent`);
        times.push(last.at - start);
        log(`balcao outbound #${r + 1}: ${count} in ${(last.at - start).toFixed(0)} ms`);
    }
    return times;
}

async function outboundBaileys(side, customerJid, count) {
    await side.command({ cmd: 'send', index: 0, to: customerJid, count: 1, text: 'warm-up' }, 'sent');
    const times = [];
    for (let r = 0; r < REPS; r++) {
        const answer = await side.command({ cmd: 'send', index: 0, to: customerJid, count, text: `out${r}` }, 'sent');
        times.push(answer.elapsedMs);
        log(`baileys outbound #${r + 1}: ${count} in ${answer.elapsedMs.toFixed(0)} ms`);
    }
    return times;
}

function runJsonProgram(binary, args, env = {}) {
    return new Promise((resolve, reject) => {
        const child = spawn(binary, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (err += d));
        child.on('error', reject);
        child.on('exit', (code) => {
            const line = out.trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
            try {
                resolve({ code, result: JSON.parse(line) });
            } catch {
                reject(new Error(`${path.basename(binary)} exited ${code} without a JSON line: ${err.slice(-1500)}`));
            }
        });
    });
}

async function guiBenchmark(results) {
    if (!opt['gui-bench'] || !existsSync(opt['gui-bench'])) {
        results.guiError = 'the GUI benchmark (bench/gui) was not built';
        return;
    }
    try {
        log('gui benchmark');
        const { result } = await runJsonProgram(opt['gui-bench'], [], { QT_QPA_PLATFORM: 'offscreen' });
        if (result.error) throw new Error(result.error);
        results.figures.gui = result;
        delete results.guiError;
    } catch (err) {
        log(`gui FAILED: ${err.message}`);
        results.guiError = err.message;
    }
}

async function finish(results, exitCode) {
    results.finishedAt = new Date().toISOString();
    const { table, rows } = (await import('./lib/table.mjs')).render(results);
    results.rows = rows;
    await mkdir(path.dirname(opt.out), { recursive: true });
    await writeFile(opt.out, `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`${table}\n`);
    log(`written ${path.relative(ROOT, opt.out)}`);
    process.exit(exitCode);
}

if (opt['gui-only']) {
    const previous = JSON.parse(await (await import('node:fs/promises')).readFile(opt.out, 'utf8'));
    await guiBenchmark(previous);
    await finish(previous, previous.figures.gui ? 0 : 1);
}

// ---- the run ---------------------------------------------------------------------------------------------

const work = STATE ?? (await mkdtemp(path.join(os.tmpdir(), 'balcao-bench-')));
// What earlier runs linked (with --state): { balcao: { levels }, baileys: { levels } }.
const RECORD = path.join(work, 'bench-state.json');
let saved = { balcao: { levels: [] }, baileys: { levels: [] } };
if (STATE) {
    try {
        saved = JSON.parse(await readFile(RECORD, 'utf8'));
    } catch {
        await rm(STATE, { recursive: true, force: true }); // nothing usable: start over
        await mkdir(STATE, { recursive: true });
    }
}
// Baileys finishes its Noise split asynchronously; under load it needs more than the emulator's default 20 ms
// before the first stanza, or its process dies (tests/emulator/README.md). Both sides get the same wait.
const PAYLOAD_DELAY_MS = 100;
results.emulatorPayloadDelayMs = PAYLOAD_DELAY_MS;
const emu = await startChild(STATE ? ['--state', path.join(STATE, 'emulator')] : [], { timeoutMs: 120000, env: { WA_EMULATOR_PAYLOAD_DELAY_MS: String(PAYLOAD_DELAY_MS) } });
log(`emulator at ${TLS ? emu.wssUrl : emu.wsUrl}; work folder ${work}`);
const balcao = new BalcaoSide(emu, path.join(work, 'balcao'), saved.balcao);
const baileys = new BaileysSide(emu, path.join(work, 'baileys'), saved.baileys);
// Saved after every measured part, so a run that fails later still keeps what it linked.
const keepState = () => (STATE ? writeFile(RECORD, `${JSON.stringify(saved)}\n`) : undefined);
const maxLevel = Math.max(...LEVELS);
const SENDER = '5511970000000';
const CUSTOMER = '5511970000001';
// 55 11 <8: Balcão, 9: Baileys> <the level's place in LEVELS> <six digits>: no number in two profiles.
const phonesOf = (side, level) => Array.from({ length: level }, (_, i) => `5511${side}${LEVELS.indexOf(level)}${String(i).padStart(6, '0')}`);
const balcaoPhones = phonesOf(8, maxLevel);
const baileysPhones = phonesOf(9, maxLevel);
let exitCode = 0;
if (!ONLY_MEDIA) try {
    // Phones kept in the emulator's saved network already exist (409).
    for (const [p, name] of [[SENDER, 'Remetente'], [CUSTOMER, 'Cliente'], ...LEVELS.flatMap((l) => [...phonesOf(8, l), ...phonesOf(9, l)]).map((p) => [p, `Loja ${p}`])]) {
        const made = await emu.call('POST', '/phones', { phone: p, name });
        if (made.status !== 201 && made.status !== 409) throw new Error(`POST /phones ${p}: ${made.status} ${JSON.stringify(made.body)}`);
    }

    const b = await memoryAndColdStart(emu, balcao, 'balcao', (l) => phonesOf(8, l));
    await keepState();
    await balcao.stop(); // one side at a time: the emulator serves only the side being measured
    const w = await memoryAndColdStart(emu, baileys, 'baileys', (l) => phonesOf(9, l));
    await keepState();
    await baileys.stop();
    await balcao.start(maxLevel); // both up with all their sessions for the throughput figures
    await baileys.start(maxLevel);
    results.figures.memory = { levels: LEVELS, balcao: b.memory, baileys: w.memory };
    results.figures.coldStart = { sessions: COLD_LEVEL, balcao: b.cold, baileys: w.cold };
    results.figures.coldStartLargest = { limit: CONNECT_LIMIT, balcao: b.large, baileys: w.large };
    results.figures.idleCpu = { balcao: b.idleCpu, baileys: w.idleCpu };

    // Both processes stay up with all their sessions: the throughput figures run on the busiest process.
    const inA = await inbound(emu, SENDER, balcaoPhones[0], balcao, 'balcao', INBOUND);
    const inB = await inbound(emu, SENDER, baileysPhones[0], baileys, 'baileys', INBOUND);
    results.figures.inbound = { count: INBOUND, balcao: inA.times, baileys: inB.times, balcaoCpuMs: inA.cpu, baileysCpuMs: inB.cpu };
    const customerJid = `${CUSTOMER}@s.whatsapp.net`;
    // The customer writes first, as customers do: each side then answers on the session the customer's phone
    // started (plain Signal messages). Otherwise every text would be a prekey message, and the emulator's
    // JavaScript phone, decrypting each with pure-JS X25519, would be what is measured.
    for (const [side, phone] of [[balcao, balcaoPhones[0]], [baileys, baileysPhones[0]]]) {
        const before = side instanceof BaileysSide ? (await side.command({ cmd: 'inbound', index: 0 }, 'inbound')).texts : 0;
        const from = side instanceof BalcaoSide ? side.app.events.length : 0;
        const sent = await emu.call('POST', `/phones/${CUSTOMER}/messages`, { to: phone, text: 'Oi, tudo bem?' });
        if (sent.status !== 201) throw new Error(`customer's first message: ${JSON.stringify(sent.body)}`);
        if (side instanceof BalcaoSide) await side.app.waitFor((e) => e.event === 'message' && e.text === 'Oi, tudo bem?', 20000, from, "the customer's first message");
        else {
            const deadline = Date.now() + 20000;
            while ((await side.command({ cmd: 'inbound', index: 0 }, 'inbound')).texts <= before) {
                if (Date.now() > deadline) throw new Error("Baileys never got the customer's first message");
                await sleep(100);
            }
        }
    }
    results.figures.outbound = { count: OUTBOUND, balcao: await outboundBalcao(balcao, balcaoPhones[0], customerJid, OUTBOUND) };
    try {
        results.figures.outbound.baileys = await outboundBaileys(baileys, customerJid, OUTBOUND);
    } catch (err) {
        // Baileys holding a thousand sockets can lose a server ack; that is a result, shown as such.
        log(`baileys outbound FAILED: ${err.message}`);
        results.figures.outbound.baileysError = err.message;
    }
} catch (err) {
    log(`FAILED: ${err.stack ?? err.message}`);
    results.error = err.message;
    exitCode = 1;
} finally {
    await balcao.stop().catch(() => {});
    await baileys.stop().catch(() => {});
}

// Media: processes of their own (one number each), on the same emulator.
saved.media ??= { balcao: false, baileys: false };
try {
    log(`media: ${MEDIA_BYTES / 1e6} MB up and down × ${REPS}, memory with ${MEDIA_MEMORY_BYTES / 1e6} MB`);
    const figures = await mediaBenchmark(emu, { balcao: opt.balcao, tls: TLS, work: path.join(work, 'media'), saved: saved.media, transferBytes: MEDIA_BYTES, memoryBytes: MEDIA_MEMORY_BYTES, reps: REPS, log });
    results.figures.media = { quick: QUICK, startedAt: new Date().toISOString(), load: os.loadavg(), ...figures };
} catch (err) {
    log(`media FAILED: ${err.stack ?? err.message}`);
    results.mediaError = err.message;
    exitCode = 1;
}
await keepState();
await emu.close();

if (ONLY_MEDIA) {
    // Into the figures of the last full run, as --gui-only does.
    const previous = existsSync(opt.out) ? JSON.parse(await readFile(opt.out, 'utf8')) : results;
    Object.assign(previous.figures, { media: results.figures.media });
    Object.assign(previous, { mediaError: results.mediaError });
    if (!STATE) await rm(work, { recursive: true, force: true });
    await finish(previous, exitCode);
}

try {
    log(`storage: ${STORAGE_MESSAGES} messages across 10 sessions`);
    const { result } = await runJsonProgram(opt['storage-bench'], ['--messages', String(STORAGE_MESSAGES), '--sessions', '10', '--reps', String(REPS), '--dir', await mkdtemp(path.join(work, 'storage-'))]);
    results.figures.storage = result;
} catch (err) {
    log(`storage FAILED: ${err.message}`);
    results.storageError = err.message;
    exitCode = 1;
}

await guiBenchmark(results);
if (!STATE) await rm(work, { recursive: true, force: true });
await finish(results, exitCode);
