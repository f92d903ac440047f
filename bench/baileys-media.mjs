#!/usr/bin/env node
// The Baileys side of the media benchmark (bench/lib/media.mjs): one Node process holding one real, unmodified
// Baileys 7.0.0-rc14 socket, linked to an emulator account, sending and downloading files with Baileys' own
// functions, driven by JSON lines like balcao --headless.
//
//   node bench/baileys-media.mjs --control URL --ws URL --phone DIGITS --state DIR
//
// Prints {"ready":true,"jid"} once the socket is open (linked by QR the first time, logged in from DIR later).
// stdin                                                              stdout
// {"cmd":"send-file","to":"<jid>","path","fileName","mimetype","id"}  {"event":"sent","id","ms"} when sendMessage
//     returns (encrypted to a temporary file and uploaded, streamed from `path`: {document: {url: path}}), and
//     {"event":"status","id","status":"server-ack"|"delivery-ack"|…,"ms"} as the server (its <ack> to the
//     message) and the phone (its delivery receipt) answer
// {"cmd":"download","id","path"}                                     {"event":"downloaded","id","ms","size","sha256"}:
//     downloadMediaMessage(…, 'stream') of a received document, written to `path` as it decrypts
// —                                                                  {"event":"media-message","id","fileLength"}
//     for each document received
// A failure: {"event":"error","id"?,"message"}. `ms` is measured in this process from the command's arrival.
import { Console } from 'node:console';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';

// libsignal reports session changes with console.info: keep stdout for the protocol alone.
globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr });

const { values: options } = parseArgs({
    options: { control: { type: 'string' }, ws: { type: 'string' }, phone: { type: 'string' }, state: { type: 'string' } },
    strict: true,
});
if (!options.control || !options.ws || !options.phone || !options.state) {
    process.stderr.write('usage: baileys-media.mjs --control URL --ws URL --phone DIGITS --state DIR\n');
    process.exit(2);
}

const { loadLine } = await import('../tests/emulator/bin/baileys-lines.js');
const { controlCall } = await import('../tests/emulator/test/helpers/emulator.js');
const line = await loadLine('7');
const { WAMessageStatus, downloadMediaMessage, normalizeMessageContent } = line.library;

const out = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
const STATUS_NAMES = { [WAMessageStatus.SERVER_ACK]: 'server-ack', [WAMessageStatus.DELIVERY_ACK]: 'delivery-ack', [WAMessageStatus.READ]: 'read', [WAMessageStatus.ERROR]: 'error' };

const emu = { wsUrl: options.ws, call: (method, p, body) => controlCall(options.control, method, p, body) };
// The media host's certificate is the emulator's test CA: Baileys' upload agent and download dispatcher trust it.
const ca = await emu.call('GET', '/test-ca.pem');
if (ca.status !== 200 || typeof ca.body !== 'string') throw new Error(`GET /test-ca.pem answered ${ca.status}`);
const trust = line.mediaTrust(ca.body);

const sends = new Map(); // id -> { started, reported: Set of status names }
const received = new Map(); // id -> the WAMessage of a received document

function reportStatus(id, status) {
    const send = sends.get(id);
    const name = STATUS_NAMES[status];
    if (!send || !name || send.reported.has(name)) return;
    send.reported.add(name);
    out({ event: 'status', id, status: name, ms: performance.now() - send.started });
}

function listen(sock) {
    sock.ev.on('messages.upsert', ({ messages }) => {
        for (const m of messages) {
            const id = m.key?.id;
            if (sends.has(id)) {
                // Baileys may fold the server's ack into the upsert of our own message.
                if (m.status > WAMessageStatus.PENDING) reportStatus(id, m.status);
                continue;
            }
            const document = normalizeMessageContent(m.message)?.documentMessage;
            if (m.key.fromMe || !document?.directPath) continue;
            received.set(id, m);
            out({ event: 'media-message', id, fileLength: Number(document.fileLength ?? 0) });
        }
    });
    // Baileys 7 reports no server ack (messages.update starts at the phone's delivery receipt): read the <ack> that
    // its socket receives for our message, as Baileys' own handlers do (CB:ack,class:message).
    sock.ws.on('CB:ack,class:message', (node) => {
        if (!node.attrs.error) reportStatus(node.attrs.id, WAMessageStatus.SERVER_ACK);
    });
    sock.ev.on('messages.update', (updates) => {
        for (const { key, update } of updates) if (typeof update?.status === 'number') reportStatus(key.id, update.status);
    });
}

const authDir = options.state;
// Baileys' own log stays silent (the test helper's pino logger, level BAILEYS_LOG).
const companionOptions = { authDir, onSocket: listen, socketOptions: { ...trust.socketOptions } };
let saved = null;
try {
    saved = JSON.parse(await readFile(path.join(authDir, 'creds.json'), 'utf8')).me?.id ?? null;
} catch {
    /* not linked yet */
}
const companion = saved ? await line.login(options.ws, companionOptions) : await line.link(emu, options.phone, companionOptions);
out({ ready: true, jid: companion.sock.user.id });

async function sendFile({ to, path: file, fileName, mimetype, id }) {
    const started = performance.now();
    sends.set(id, { started, reported: new Set() });
    await companion.sock.sendMessage(to, { document: { url: file }, mimetype: mimetype ?? 'application/octet-stream', fileName: fileName ?? path.basename(file) }, { messageId: id });
    out({ event: 'sent', id, ms: performance.now() - started });
}

async function download({ id, path: file }) {
    const started = performance.now();
    const message = received.get(id);
    if (!message) throw new Error(`no document ${id} received`);
    const hash = createHash('sha256');
    let size = 0;
    const tap = new Transform({
        transform(chunk, _encoding, done) {
            hash.update(chunk);
            size += chunk.length;
            done(null, chunk);
        },
    });
    const stream = await downloadMediaMessage(message, 'stream', trust.downloadOptions);
    await pipeline(stream, tap, createWriteStream(file));
    out({ event: 'downloaded', id, ms: performance.now() - started, size, sha256: hash.digest('hex') });
}

// Commands run one after another.
let queue = Promise.resolve();
const input = createInterface({ input: process.stdin });
input.on('line', (text) => {
    if (!text.trim()) return;
    queue = queue.then(async () => {
        let cmd = {};
        try {
            cmd = JSON.parse(text);
            if (cmd.cmd === 'send-file') await sendFile(cmd);
            else if (cmd.cmd === 'download') await download(cmd);
            else throw new Error(`unknown command ${cmd.cmd}`);
        } catch (err) {
            out({ event: 'error', id: cmd.id, message: err.message });
        }
    });
});
input.on('close', () =>
    queue.then(async () => {
        await companion.stop();
        process.exit(0);
    }),
);
