// The media section of `make bench` (bench/run.mjs): Balcão headless (with its HTTP API) and one real Baileys
// 7.0.0-rc14 socket (bench/baileys-media.mjs) moving the same documents through the emulator's media host.
//
//   upload    each side sends the same document (random bytes of a fixed seed) to a customer phone: time from the
//             command to the server's ack (Balcão `message.status sent`, Baileys `messages.update` SERVER_ACK),
//             and to the phone's delivery receipt; the phone then downloads it and its SHA-256 must match.
//   download  the phone sends a document to each side; once the message is there, time from asking for the file
//             (Balcão's `media` command with download, Baileys' downloadMediaMessage as a stream to a file) to the
//             file on disk, whose SHA-256 the bench checks.
//   memory    VmRSS every 50 ms of the sending process while a large document goes out until delivered: Balcão
//             takes it through POST /sessions/{id}/messages/media as multipart/form-data (curl streams the file
//             from disk), Baileys with sendMessage({document: {url: path}}), which streams it from disk too.
// Any SHA-256 that does not match fails the section. Each side is a process of its own with one linked number.
import { execFile, spawn } from 'node:child_process';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { JsonLinesProcess, rssBytes, startBalcao, writeTestCa } from './processes.mjs';

const BENCH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MB = 1000 * 1000;
const MiB = 1024 * 1024;
export const MEMORY_TARGET_MIB = 16;
// Numbers of this section only (run.mjs uses 5511 8…, 5511 9<level index>…, 5511970000000/1).
const BALCAO_PHONE = '5511975000001';
const BAILEYS_PHONE = '5511975000002';
const CUSTOMER = '5511975000003';
const CUSTOMER_JID = `${CUSTOMER}@s.whatsapp.net`;
const MIMETYPE = 'application/octet-stream';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const messageId = () => `3EB0${randomBytes(9).toString('hex').toUpperCase()}`;

/** `bytes` of AES-256-CTR keystream under a key made from `seed`: random-looking, the same for the same seed. */
async function writeSeededFile(file, bytes, seed) {
    if (existsSync(file)) return sha256File(file); // same name, same seed, same size: made by an earlier run
    const cipher = createCipheriv('aes-256-ctr', createHash('sha256').update(seed).digest(), Buffer.alloc(16));
    const chunk = Buffer.alloc(MiB);
    const stream = createWriteStream(`${file}.part`);
    for (let left = bytes; left > 0; left -= chunk.length) {
        if (!stream.write(cipher.update(chunk.subarray(0, Math.min(chunk.length, left))))) await new Promise((r) => stream.once('drain', r));
    }
    await new Promise((resolve, reject) => stream.end((err) => (err ? reject(err) : resolve())));
    await rename(`${file}.part`, file);
    return sha256File(file);
}

async function sha256File(file) {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(file)) hash.update(chunk);
    return hash.digest('hex');
}

/** VmRSS of `pid` every 50 ms until stop(): { peak, samples }. */
function sampleRss(pid) {
    let peak = rssBytes(pid);
    let samples = 1;
    const timer = setInterval(() => {
        try {
            peak = Math.max(peak, rssBytes(pid));
            samples += 1;
        } catch {
            /* the process is gone: the wait for its event fails on its own */
        }
    }, 50);
    return {
        stop() {
            clearInterval(timer);
            return { peak: Math.max(peak, rssBytes(pid)), samples: samples + 1 };
        },
    };
}

/** The resident set of a quiet process: after `settleMs`, the median of 5 readings 200 ms apart. */
async function quietRss(pid, settleMs) {
    await sleep(settleMs);
    const readings = [];
    for (let i = 0; i < 5; i++) {
        readings.push(rssBytes(pid));
        await sleep(200);
    }
    return median(readings);
}

/** Polls the customer phone until it has downloaded message `id`; throws unless its SHA-256 is `sha256`. */
async function phoneGot(emu, id, sha256, what) {
    const deadline = Date.now() + 180000;
    for (;;) {
        const view = await emu.call('GET', `/phones/${CUSTOMER}/media/${id}`);
        if (view.status === 200 && !view.body.pending) {
            if (view.body.error) throw new Error(`${what}: the phone could not open it: ${view.body.error}`);
            if (view.body.sha256 !== sha256) throw new Error(`${what}: SHA-256 mismatch: the phone got ${view.body.sha256}, the file is ${sha256}`);
            return;
        }
        if (view.status !== 200 && view.status !== 404) throw new Error(`${what}: GET media answered ${view.status}`);
        if (Date.now() > deadline) throw new Error(`${what}: the phone never downloaded ${id}`);
        await sleep(100);
    }
}

// ---- Balcão: headless with the API on, one linked number ---------------------------------------------------

class BalcaoMedia {
    constructor(binary, emu, dir, tls) {
        Object.assign(this, { binary, emu, dir, tls });
    }

    async start(linked) {
        await mkdir(this.dir, { recursive: true });
        // Files downloaded or sent by earlier runs are named by their SHA-256: none may be found already there.
        await rm(path.join(this.dir, 'media'), { recursive: true, force: true });
        const { stdout } = await promisify(execFile)(this.binary, ['keys', 'create', '--role', 'admin', '--name', 'bench', '--json', '--data', this.dir], { env: { ...process.env, BALCAO_KEY_BACKEND: 'file' } });
        this.key = JSON.parse(stdout.trim().split('\n').at(-1)).key;
        this.app = startBalcao(this.binary, this.dir, this.emu, { tls: this.tls, extraArgs: ['--api', '127.0.0.1:0'] });
        this.port = (await this.app.waitFor((e) => e.event === 'api', 20000, 0, 'the API address')).port;
        if (linked) {
            const up = await this.app.waitFor((e) => e.event === 'status' && e.status === 'connected', 60000, 0, 'the media number connected');
            this.session = up.session;
        } else await this.link();
    }

    async link() {
        const from = this.app.events.length;
        this.app.send({ cmd: 'add-session', name: 'Mídia', requestId: 'media' });
        this.session = (await this.app.waitFor((e) => e.event === 'session' && e.requestId === 'media', 10000, from, 'add-session')).session;
        this.app.send({ cmd: 'link', session: this.session, method: 'qr' });
        const qr = await this.app.waitFor((e) => e.event === 'qr' && e.session === this.session, 15000, from, 'a QR');
        const scan = await this.emu.call('POST', `/phones/${BALCAO_PHONE}/scan`, { qr: qr.qr });
        if (scan.status !== 200) throw new Error(`scan ${BALCAO_PHONE}: ${scan.status} ${JSON.stringify(scan.body)}`);
        await this.app.waitFor((e) => e.event === 'status' && e.session === this.session && e.status === 'connected', 20000, from, 'linked');
    }

    get pid() {
        return this.app.pid;
    }

    /** Waits for `message.status` `status` of `id` from event index `from`; a failed message throws. */
    async status(id, status, from, timeoutMs = 300000) {
        const e = await this.app.waitFor((x) => x.event === 'message.status' && x.id === id && (x.status === status || x.status === 'failed'), timeoutMs, from, `${id} ${status}`);
        if (e.status === 'failed') throw new Error(`Balcão: message ${id} failed: ${e.reason ?? ''}`);
        return e;
    }

    /** When the upload of `id` started and ended (`message.media` uploading, uploaded), in ms from `start`. */
    phases(id, from, start) {
        const at = (state) => this.app.events.slice(from).find((e) => e.event === 'message.media' && e.id === id && e.state === state)?.at - start;
        return { uploadingMs: at('uploading'), uploadedMs: at('uploaded') };
    }

    /** send-file on stdin: { ackMs, deliveredMs, uploadingMs, uploadedMs } from the command. */
    async send(file) {
        const id = messageId();
        const from = this.app.events.length;
        const start = performance.now();
        this.app.send({ cmd: 'send-file', session: this.session, to: CUSTOMER_JID, path: file, kind: 'document', fileName: path.basename(file), id });
        const sent = await this.status(id, 'sent', from);
        const delivered = await this.status(id, 'delivered', from);
        return { id, ackMs: sent.at - start, deliveredMs: delivered.at - start, ...this.phases(id, from, start) };
    }

    /** The same through POST /sessions/{id}/messages/media, multipart/form-data streamed from disk by curl. */
    async sendByApi(file) {
        const id = messageId();
        const from = this.app.events.length;
        const start = performance.now();
        const url = `http://127.0.0.1:${this.port}/sessions/${this.session}/messages/media`;
        const form = ['-F', `to=${CUSTOMER}`, '-F', 'kind=document', '-F', `id=${id}`, '-F', `file=@${file};type=${MIMETYPE}`];
        const answer = await run('curl', ['-sS', '-w', '\n%{http_code}', '-H', `X-API-Key: ${this.key}`, ...form, url]);
        const [body, code] = [answer.slice(0, answer.lastIndexOf('\n')), answer.slice(answer.lastIndexOf('\n') + 1)];
        if (code !== '201') throw new Error(`Balcão API: POST …/messages/media answered ${code}: ${body.slice(0, 500)}`);
        const acceptedMs = performance.now() - start;
        const sent = await this.status(id, 'sent', from);
        const delivered = await this.status(id, 'delivered', from);
        return { id, acceptedMs, ackMs: sent.at - start, deliveredMs: delivered.at - start, ...this.phases(id, from, start) };
    }

    /** Waits for document `id` from the customer, then asks for it: { ms, path } once downloaded. */
    async download(id) {
        const message = await this.app.waitFor((e) => e.event === 'message' && e.id === id, 60000, 0, `the document ${id}`);
        const from = this.app.events.length;
        const start = performance.now();
        this.app.send({ cmd: 'media', session: this.session, chat: message.chat, id, download: true });
        // The command's answer ("media") says downloaded at once if the file was already on disk: nothing to time.
        const here = (e) => e.event === 'media' && e.id === id && e.state === 'downloaded';
        const done = await this.app
            .waitFor((e) => here(e) || (e.event === 'message.media' && e.id === id && (e.state === 'downloaded' || e.state === 'failed')), 300000, from, `${id} downloaded`)
            .catch((err) => {
                const seen = this.app.events.filter((e) => e.id === id || e.event === 'error' || e.event === 'media').slice(-6);
                throw new Error(`${err.message.split('; stderr')[0]}; its events: ${seen.map((e) => JSON.stringify({ ...e, content: undefined })).join(' ')}`);
            });
        if (here(done)) throw new Error(`Balcão: ${id} was on disk before it was asked for (${done.path})`);
        if (done.state === 'failed') throw new Error(`Balcão: download of ${id} failed: ${done.code} ${done.reason}`);
        return { ms: done.at - start, path: done.path };
    }

    stop() {
        return this.app?.stop();
    }
}

function run(command, args) {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('error', reject);
        child.on('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${command} exited ${code}: ${stderr.slice(-500)}`))));
    });
}

// ---- Baileys 7: bench/baileys-media.mjs ------------------------------------------------------------------

class BaileysMedia {
    constructor(emu, dir, tls) {
        Object.assign(this, { emu, dir, tls });
    }

    async start() {
        await mkdir(this.dir, { recursive: true });
        const env = this.tls ? { NODE_EXTRA_CA_CERTS: writeTestCa(this.dir, this.emu) } : {};
        const args = [path.join(BENCH, 'baileys-media.mjs'), '--control', this.emu.controlUrl, '--ws', this.tls ? this.emu.wssUrl : this.emu.wsUrl, '--phone', BAILEYS_PHONE, '--state', this.dir];
        this.process = new JsonLinesProcess(process.execPath, args, { name: 'baileys-media', env });
        await this.process.waitFor((e) => e.ready === true, 90000, 0, 'Baileys 7 ready');
    }

    get pid() {
        return this.process.pid;
    }

    async event(predicate, what, from, timeoutMs = 300000) {
        const e = await this.process.waitFor((x) => predicate(x) || x.event === 'error', timeoutMs, from, what);
        if (e.event === 'error') throw new Error(`baileys-media: ${e.message}`);
        return e;
    }

    /** sendMessage of the file: { ackMs, deliveredMs, sentMs (sendMessage returned) } from the command. */
    async send(file) {
        const id = messageId();
        const from = this.process.events.length;
        const start = performance.now();
        this.process.send({ cmd: 'send-file', to: CUSTOMER_JID, path: file, fileName: path.basename(file), mimetype: MIMETYPE, id });
        const ack = await this.event((e) => e.event === 'status' && e.id === id && e.status === 'server-ack', `${id} server ack`, from);
        const delivered = await this.event((e) => e.event === 'status' && e.id === id && e.status === 'delivery-ack', `${id} delivered`, from);
        const returned = this.process.events.slice(from).find((e) => e.event === 'sent' && e.id === id);
        return { id, ackMs: ack.at - start, deliveredMs: delivered.at - start, sentMs: returned ? returned.at - start : undefined };
    }

    async download(id, file) {
        await this.event((e) => e.event === 'media-message' && e.id === id, `the document ${id}`, 0, 60000);
        const from = this.process.events.length;
        const start = performance.now();
        this.process.send({ cmd: 'download', id, path: file });
        const done = await this.event((e) => e.event === 'downloaded' && e.id === id, `${id} downloaded`, from);
        return { ms: done.at - start, path: file, sha256: done.sha256 };
    }

    stop() {
        return this.process?.stop(20000);
    }
}

// ---- the section -------------------------------------------------------------------------------------------

/**
 * Runs the three measurements. options: { balcao: binary, tls, work: folder for profiles and files, saved: the
 * state record's { balcao, baileys } booleans (linked), transferBytes, memoryBytes, reps, log }.
 */
export async function mediaBenchmark(emu, { balcao: binary, tls, work, saved, transferBytes, memoryBytes, reps, log }) {
    for (const [phone, name] of [[BALCAO_PHONE, 'Loja Mídia'], [BAILEYS_PHONE, 'Loja Mídia Baileys'], [CUSTOMER, 'Cliente Mídia']]) {
        const made = await emu.call('POST', '/phones', { phone, name });
        if (made.status !== 201 && made.status !== 409) throw new Error(`POST /phones ${phone}: ${made.status} ${JSON.stringify(made.body)}`);
    }
    const files = path.join(work, 'files');
    await mkdir(files, { recursive: true });
    const mb = (bytes) => `${Math.round(bytes / MB)}MB`;
    log(`media: writing the documents (${mb(transferBytes)} × ${2 * reps}, ${mb(memoryBytes)})`);
    // Other bytes for each repetition and each direction: Balcão keeps files by their SHA-256, and a document it
    // sent itself is already on its disk when the same bytes come back.
    const documents = async (direction) => {
        const made = [];
        for (let r = 0; r < reps; r++) {
            const file = path.join(files, `${direction}-${mb(transferBytes)}-${r}.bin`);
            made.push({ file, sha256: await writeSeededFile(file, transferBytes, `balcao-bench media ${direction} ${r}`) });
        }
        return made;
    };
    const uploads = await documents('upload');
    const incoming = await documents('download');
    const large = { file: path.join(files, `document-${mb(memoryBytes)}.bin`) };
    large.sha256 = await writeSeededFile(large.file, memoryBytes, 'balcao-bench media memory');
    const warm = { file: path.join(files, 'warm-up-1MB.bin') };
    warm.sha256 = await writeSeededFile(warm.file, MB, 'balcao-bench media warm-up');

    const a = new BalcaoMedia(binary, emu, path.join(work, 'balcao'), tls);
    const b = new BaileysMedia(emu, path.join(work, 'baileys'), tls);
    const figures = { transferBytes, memoryBytes, reps, upload: { balcao: [], baileys: [] }, download: { balcao: [], baileys: [] } };
    try {
        await a.start(saved.balcao);
        saved.balcao = true;
        await b.start();
        saved.baileys = true;

        // The customer writes first (Signal sessions both ways), and one small document each way warms the media
        // path up: <media_conn>, TLS to the media host, code paths.
        for (const phone of [BALCAO_PHONE, BAILEYS_PHONE]) {
            const hi = await emu.call('POST', `/phones/${CUSTOMER}/messages`, { to: phone, text: 'Oi! Pode mandar o arquivo?' });
            if (hi.status !== 201) throw new Error(`the customer's first message: ${JSON.stringify(hi.body)}`);
        }
        for (const side of [a, b]) await phoneGot(emu, (await side.send(warm.file)).id, warm.sha256, 'warm-up');

        // Memory first, on processes that have only warmed up. Balcão through its API, Baileys with sendMessage.
        log(`media memory: ${mb(memoryBytes)} through Balcão's API (multipart/form-data)`);
        figures.memory = { targetMiB: MEMORY_TARGET_MIB };
        for (const [name, side, send] of [['balcao', a, () => a.sendByApi(large.file)], ['baileys', b, () => b.send(large.file)]]) {
            const before = await quietRss(side.pid, 6000);
            const sampler = sampleRss(side.pid);
            const sent = await send();
            const { peak, samples } = sampler.stop();
            const after = await quietRss(side.pid, 2000);
            const { id, ...times } = sent;
            figures.memory[name] = { beforeBytes: before, peakBytes: peak, afterBytes: after, growthBytes: peak - before, samples, ...times };
            log(`media memory ${name}: ${((peak - before) / MiB).toFixed(1)} MiB growth (before ${(before / MiB).toFixed(1)}, peak ${(peak / MiB).toFixed(1)} MiB), delivered in ${(sent.deliveredMs / 1000).toFixed(1)} s`);
            await phoneGot(emu, id, large.sha256, `${name}'s ${mb(memoryBytes)} document`);
        }
        figures.memory.pass = figures.memory.balcao.growthBytes < MEMORY_TARGET_MIB * MiB;

        // Upload: the two sides take turns on the same files.
        for (let r = 0; r < reps; r++) {
            for (const [name, side] of [['balcao', a], ['baileys', b]]) {
                const sent = await side.send(uploads[r].file);
                const { id, ...times } = sent;
                figures.upload[name].push(times);
                log(`media upload #${r + 1} ${name}: ack ${(sent.ackMs / 1000).toFixed(2)} s, delivered ${(sent.deliveredMs / 1000).toFixed(2)} s`);
                await phoneGot(emu, id, uploads[r].sha256, `${name}'s upload #${r + 1}`);
            }
        }

        // Download: the phone sends each side the same file; the clock runs from asking for it to the file on disk.
        const downloads = path.join(work, 'downloads');
        await mkdir(downloads, { recursive: true });
        for (let r = 0; r < reps; r++) {
            const data = (await readFile(incoming[r].file)).toString('base64');
            for (const [name, side, phone] of [['balcao', a, BALCAO_PHONE], ['baileys', b, BAILEYS_PHONE]]) {
                const posted = await emu.call('POST', `/phones/${CUSTOMER}/media`, { to: phone, kind: 'document', data, mimetype: MIMETYPE, fileName: path.basename(incoming[r].file) });
                if (posted.status !== 201) throw new Error(`the phone's document to ${name}: ${posted.status} ${JSON.stringify(posted.body)}`);
                const got = name === 'balcao' ? await side.download(posted.body.id) : await side.download(posted.body.id, path.join(downloads, `${posted.body.id}.bin`));
                const onDisk = await sha256File(got.path);
                if (onDisk !== incoming[r].sha256 || (got.sha256 && got.sha256 !== onDisk)) throw new Error(`${name}'s download #${r + 1}: SHA-256 mismatch: ${onDisk} on disk, the file is ${incoming[r].sha256}`);
                figures.download[name].push({ ms: got.ms });
                log(`media download #${r + 1} ${name}: ${(got.ms / 1000).toFixed(2)} s, SHA-256 checked`);
                if (name === 'baileys') await rm(got.path, { force: true });
            }
        }
        figures.sha256Checked = true;
        return figures;
    } finally {
        await a.stop();
        await b.stop();
    }
}
