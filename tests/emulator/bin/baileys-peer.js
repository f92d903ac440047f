#!/usr/bin/env node
// A real, unmodified Baileys client linked to one account of a running emulator, driven as a JSON-lines program:
// Balcão's integration tests (written in C++) send texts to it and receive texts from it, so our Signal sessions
// are checked against the real library's, not only against the emulator's phones. Two client lines: Baileys
// 6.17.16 (`--baileys 6`, the default) and Baileys 7.0.0-rc14 (`--baileys 7`, the line whose stanza handling the
// strict emulator follows), both configured only, never patched, and both speaking the same lines.
//
//   node bin/baileys-peer.js --control http://127.0.0.1:P --ws ws://127.0.0.1:P/ws/chat --phone 5511930000001
//                            [--name "Cliente Baileys"] [--state DIR] [--baileys 6|7]
//
// stdout carries only JSON lines: first {"ready":true,"jid","user"}, then events. Everything else goes to stderr.
//
// Media both ways with the line's own code: a received image, video, audio, voice note, document or sticker is
// downloaded with its downloadMediaMessage and checked against the message's fileSha256 here (Baileys does not
// check it), then reported as a "media" event; "send-media" sends a file with its sendMessage, which asks
// <media_conn> and uploads with its own upload function. The media host has the emulator's test CA, fetched from
// the control API (GET /test-ca.pem) at start, so nothing is needed in the environment.
import { Console } from 'node:console';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import pino from 'pino';

// libsignal reports session changes with console.info/warn: keep stdout for the protocol alone. Set before any
// Baileys code is imported (the lines are loaded below, once the flags say which).
globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr });

const USAGE = 'usage: baileys-peer.js --control URL --ws URL --phone DIGITS [--name NAME] [--state DIR] [--baileys 6|7]';

function fail(message, code = 1) {
    process.stderr.write(`baileys-peer: ${message}\n`);
    process.exit(code);
}

let options;
try {
    ({ values: options } = parseArgs({
        options: {
            control: { type: 'string' },
            ws: { type: 'string' },
            phone: { type: 'string' },
            name: { type: 'string', default: 'Cliente Baileys' },
            state: { type: 'string' },
            baileys: { type: 'string', default: '6' },
        },
        strict: true,
    }));
} catch (err) {
    fail(`${err.message}\n${USAGE}`, 2);
}
if (!options.control || !options.ws || !/^[0-9]{8,15}$/.test(options.phone ?? '')) fail(USAGE, 2);
if (options.baileys !== '6' && options.baileys !== '7') fail(`--baileys is 6 or 7, not ${JSON.stringify(options.baileys)}\n${USAGE}`, 2);

// Only the chosen line is loaded: the two share protobufjs, and loading both changes how the other decodes.
const { loadLine } = await import('./baileys-lines.js');
const baileys = await loadLine(options.baileys);
const { controlCall } = await import('../test/helpers/emulator.js');
const { DisconnectReason, WAMessageStatus, downloadMediaMessage, generateMessageIDV2, jidNormalizedUser, normalizeMessageContent } = baileys.library;

const STATUS_NAMES = {
    [WAMessageStatus.ERROR]: 'error',
    [WAMessageStatus.PENDING]: 'pending',
    [WAMessageStatus.SERVER_ACK]: 'server-ack',
    [WAMessageStatus.DELIVERY_ACK]: 'delivery-ack',
    [WAMessageStatus.READ]: 'read',
    [WAMessageStatus.PLAYED]: 'played',
};

// Events raised before the ready line (offline messages, a demo greeting) wait behind it.
let announced = false;
const backlog = [];
function emit(event) {
    if (!announced && !('ready' in event)) {
        backlog.push(event);
        return;
    }
    process.stdout.write(`${JSON.stringify(event)}\n`);
}
function announce(readyLine) {
    announced = true;
    emit(readyLine);
    for (const event of backlog.splice(0)) emit(event);
}
const emitError = (message) => emit({ event: 'error', message: String(message) });

const toJid = (to) => (String(to).includes('@') ? String(to) : `${to}@s.whatsapp.net`);

// Messages this process sent: their own upsert is not a received text, and their statuses wait until "sent"
// has been printed (the server's receipt can overtake sendMessage's return).
const ownIds = new Set();
const heldStatuses = new Map(); // id -> [event] while its send is in flight
const reported = new Map(); // id -> Set of status names already printed

function reportStatus(id, status) {
    const name = STATUS_NAMES[status] ?? String(status);
    const seen = reported.get(id) ?? new Set();
    if (seen.has(name)) return;
    seen.add(name);
    reported.set(id, seen);
    const event = { event: 'status', id, status: name };
    if (heldStatuses.has(id)) heldStatuses.get(id).push(event);
    else emit(event);
}

let companion = null;
let media = null; // the line's { socketOptions, downloadOptions } trusting the test CA (baileys-lines.js mediaTrust)

// `||`, not `??`: Baileys 7 decodes an unset `conversation` as "" (a protocol message would read as an empty text).
function textOf(message) {
    const content = normalizeMessageContent(message);
    return content?.conversation || content?.extendedTextMessage?.text || null;
}

// Message field -> the "kind" of a media event (an audioMessage with ptt is a "ptt"). normalizeMessageContent
// looks through the ephemeral, viewOnce and documentWithCaption wrappers in both lines, as downloadMediaMessage does.
const MEDIA_FIELDS = { imageMessage: 'image', videoMessage: 'video', audioMessage: 'audio', documentMessage: 'document', stickerMessage: 'sticker' };

/** The file a message carries: { kind, media } (media: the inner *Message), or null. */
function mediaOf(message) {
    const content = normalizeMessageContent(message);
    for (const [field, kind] of Object.entries(MEDIA_FIELDS)) {
        const found = content?.[field];
        if (found && typeof found === 'object' && (found.url || found.directPath)) return { kind: kind === 'audio' && found.ptt ? 'ptt' : kind, media: found };
    }
    return null;
}

// Protobuf numbers arrive as numbers, strings or Long objects (6.17 decodes uint64 to Long).
function numberOf(value) {
    if (value === undefined || value === null) return null;
    const n = typeof value === 'object' && typeof value.toNumber === 'function' ? value.toNumber() : Number(value);
    return Number.isFinite(n) ? n : null;
}
const bytesOf = (value) => (value?.length ? Buffer.from(value) : null);
const sha256Hex = (bytes) => createHash('sha256').update(bytes).digest('hex');

/**
 * Downloads a received file with the line's downloadMediaMessage and prints the "media" event: the plaintext's
 * size and SHA-256, or what went wrong in `error` (an HTTP status, a failed decryption, a hash that is not the
 * message's fileSha256, a length that is not its fileLength).
 */
async function reportMedia(m, found, base) {
    const { kind, media: file } = found;
    const event = {
        event: 'media', ...base, kind,
        mimetype: file.mimetype || null,
        fileName: file.fileName || null,
        caption: file.caption || null,
        size: null,
        sha256: null,
        seconds: numberOf(file.seconds) || null, // 7 decodes an unset field as 0
        ptt: kind === 'ptt',
        waveform: bytesOf(file.waveform)?.toString('base64') ?? null,
        error: null,
    };
    try {
        if (!media) throw new Error('the test CA could not be fetched from the control API');
        // No reupload context: see the README (a 404 is reported, not answered with a media retry).
        const data = await downloadMediaMessage(m, 'buffer', media.downloadOptions);
        event.size = data.length;
        event.sha256 = sha256Hex(data);
        const expected = bytesOf(file.fileSha256)?.toString('hex');
        const length = numberOf(file.fileLength);
        if (!expected) event.error = 'the message has no fileSha256 to check the file against';
        else if (expected !== event.sha256) event.error = `SHA-256 of the decrypted file is ${event.sha256}, the message says ${expected}`;
        else if (length !== null && length !== data.length) event.error = `the file has ${data.length} bytes, the message says ${length}`;
    } catch (err) {
        // 6.17's axios error has response.status; 7's fetch throws a Boom with output.statusCode.
        const status = err?.response?.status ?? err?.output?.statusCode;
        event.error = status ? `download answered HTTP ${status}` : `download failed: ${err?.message ?? err}`;
    }
    emit(event);
}
// Downloads one after another, so media events come in the order the messages did.
let mediaQueue = Promise.resolve();

function listen(sock) {
    sock.ev.on('messages.upsert', ({ messages }) => {
        for (const m of messages) {
            const id = m.key?.id;
            if (id && ownIds.has(id)) {
                // Our own send: Baileys may have folded a receipt into it while its event buffer held it.
                if (m.status > WAMessageStatus.PENDING) reportStatus(id, m.status);
                continue;
            }
            const found = mediaOf(m.message);
            const text = textOf(m.message) ?? found?.media.caption ?? null;
            if (!text && !found) continue;
            const key = baileys.pnKey(m.key);
            const me = jidNormalizedUser(sock.user?.id);
            const chat = key.remoteJid;
            const from = key.fromMe ? me : jidNormalizedUser(key.participant || chat);
            const base = { id, from, chat, fromMe: Boolean(m.key.fromMe) };
            emit({ event: 'message', ...base, text: text || null });
            if (found) mediaQueue = mediaQueue.then(() => reportMedia(m, found, base));
        }
    });
    sock.ev.on('messages.update', (updates) => {
        for (const { key, update } of updates) {
            if (key?.id && typeof update?.status === 'number') reportStatus(key.id, update.status);
        }
    });
    sock.ev.on('connection.update', ({ connection, lastDisconnect }) => {
        if (connection !== 'close' || stopping || !announced || sock !== companion?.sock) return;
        const code = lastDisconnect?.error?.output?.statusCode;
        if (code === DisconnectReason.restartRequired) return; // the helper reconnects at once
        if (code === DisconnectReason.loggedOut || code === DisconnectReason.connectionReplaced) {
            emitError(`connection closed for good (${code}: ${lastDisconnect?.error?.message})`);
            return;
        }
        // Like an app: come back with the saved creds after a dropped connection.
        process.stderr.write(`baileys-peer: connection closed (${code}); reconnecting\n`);
        companion.restart().catch((err) => emitError(`reconnect failed: ${err.message}`));
    });
}

// sendMessage under an id chosen here, so statuses that overtake its return wait behind "sent" (+ extra fields).
async function sendTracked(to, content, extra = {}) {
    const id = generateMessageIDV2(companion.sock.user?.id);
    ownIds.add(id);
    heldStatuses.set(id, []);
    try {
        await companion.sock.sendMessage(toJid(to), content, { messageId: id });
        emit({ event: 'sent', id, ...extra });
    } finally {
        for (const event of heldStatuses.get(id)) emit(event);
        heldStatuses.delete(id);
    }
}

async function send({ to, text }) {
    if (typeof to !== 'string' || typeof text !== 'string') throw new Error('send needs "to" and "text" strings');
    await sendTracked(to, { text });
}

// send-media kind -> the sendMessage content key (a voice note is audio with ptt).
const SEND_KEYS = { image: 'image', video: 'video', audio: 'audio', ptt: 'audio', document: 'document', sticker: 'sticker' };

async function sendMedia({ to, kind, data, mimetype, fileName, caption, seconds }) {
    if (typeof to !== 'string') throw new Error('send-media needs a "to" string');
    if (!Object.hasOwn(SEND_KEYS, kind ?? '')) throw new Error(`kind must be one of ${Object.keys(SEND_KEYS).join(', ')}`);
    if (typeof data !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(data)) throw new Error('data must be the file in (standard) base64');
    for (const [name, value] of [['mimetype', mimetype], ['fileName', fileName], ['caption', caption]]) {
        if (value !== undefined && value !== null && typeof value !== 'string') throw new Error(`${name} must be a string`);
    }
    if (seconds !== undefined && seconds !== null && !(Number.isInteger(seconds) && seconds >= 0)) throw new Error('seconds must be a non-negative integer');
    const bytes = Buffer.from(data, 'base64');
    if (!bytes.length) throw new Error('data is empty');
    if (!media) throw new Error('the test CA could not be fetched from the control API, so the media host cannot be trusted');
    const content = { [SEND_KEYS[kind]]: bytes };
    if (mimetype) content.mimetype = mimetype;
    if (kind === 'ptt') content.ptt = true;
    if (kind === 'document') content.fileName = fileName || 'file';
    if (caption) content.caption = caption;
    if (Number.isInteger(seconds)) content.seconds = seconds;
    await sendTracked(to, content, { sha256: sha256Hex(bytes) });
}

async function read({ chat, ids }) {
    if (typeof chat !== 'string' || !Array.isArray(ids) || !ids.every((id) => typeof id === 'string'))
        throw new Error('read needs a "chat" string and an "ids" array of strings');
    await companion.sock.readMessages(ids.map((id) => ({ remoteJid: toJid(chat), id, fromMe: false })));
}

async function handle(line) {
    if (!line.trim()) return;
    let command;
    try {
        command = JSON.parse(line);
    } catch {
        emitError(`not JSON: ${line}`);
        return;
    }
    try {
        if (command?.cmd === 'send') await send(command);
        else if (command?.cmd === 'send-media') await sendMedia(command);
        else if (command?.cmd === 'read') await read(command);
        else emitError(`unknown command: ${JSON.stringify(command?.cmd ?? null)}`);
    } catch (err) {
        emitError(`${command.cmd} failed: ${err.message}`);
    }
}

let stopping = false;
async function shutdown(code = 0) {
    if (stopping) return;
    stopping = true;
    try {
        await companion?.stop();
    } catch (err) {
        process.stderr.write(`baileys-peer: stop: ${err.message}\n`);
    }
    // Baileys can leave timers of queries in flight; the protocol is over, so leave once stdout is written.
    process.stdout.write('', () => process.exit(code));
}
process.on('SIGTERM', () => shutdown(0));
process.on('SIGINT', () => shutdown(0));

async function linked() {
    const emu = { wsUrl: options.ws, call: (method, path, body) => controlCall(options.control, method, path, body) };
    const { status, body } = await emu.call('POST', '/phones', { phone: options.phone, name: options.name });
    if (status !== 201 && !(status === 409 && body?.error === 'exists'))
        throw new Error(`POST /phones answered ${status}: ${JSON.stringify(body)}`);

    // The media host's certificate is signed by the emulator's test CA; the line's HTTP code is told to trust it.
    const ca = await emu.call('GET', '/test-ca.pem');
    if (ca.status === 200 && typeof ca.body === 'string' && ca.body.includes('BEGIN CERTIFICATE')) media = baileys.mediaTrust(ca.body);
    else process.stderr.write(`baileys-peer: GET /test-ca.pem answered ${ca.status}; media will fail\n`);

    const authDir = options.state ?? null;
    // Baileys's own log (BAILEYS_LOG=debug to see it) must not reach stdout either.
    const logger = pino({ level: process.env.BAILEYS_LOG ?? 'silent' }, pino.destination(2));
    const companionOptions = { authDir, onSocket: listen, socketOptions: { logger, ...media?.socketOptions } };
    // Linked in an earlier run: log in with the saved creds, as an app does after a restart.
    if (authDir && (await savedDevice(authDir))) return baileys.login(options.ws, companionOptions);
    return baileys.link(emu, options.phone, companionOptions);
}

async function savedDevice(authDir) {
    try {
        return JSON.parse(await readFile(path.join(authDir, 'creds.json'), 'utf8')).me?.id ?? null;
    } catch {
        return null; // nothing saved yet
    }
}

try {
    companion = await linked();
} catch (err) {
    emitError(`could not link to ${options.phone}: ${err.message}`);
    announced = true;
    for (const event of backlog.splice(0)) emit(event);
    await shutdown(1);
}
if (!stopping) {
    const me = companion.creds.me.id;
    announce({ ready: true, jid: me, user: jidNormalizedUser(me) });

    // Commands run one after another, so texts leave in the order they were given.
    let queue = Promise.resolve();
    const lines = createInterface({ input: process.stdin });
    lines.on('line', (line) => {
        queue = queue.then(() => handle(line));
    });
    // Downloads under way still get their event before the exit.
    lines.on('close', () => queue.then(() => mediaQueue).then(() => shutdown(0)));
}
