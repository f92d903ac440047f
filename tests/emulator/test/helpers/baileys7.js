// A real, unmodified Baileys 7.0.0-rc14 client for tests (token table v3, the line whose stanza handling the
// emulator's strictness follows). Auth state in a temp dir (Baileys's own useMultiFileAuthState); every connection
// update, close, message and call recorded; a 515 restart reconnects as an app does.
//   new Baileys7Companion({ wsUrl, version?, socketOptions? }).start()      registration only (shows QRs)
//   new Baileys7Companion({ wsUrl }).link(emu, phone)                       linked by QR through the control API
// then waitForReady() (open, first app-state sync: events come one by one), restart({ version? }), stop().
// authDir: keep the auth state there (not removed by stop(), so a later companion logs the same device in);
// onSocket(sock): called with every new socket (the first, each 515 reconnect, each restart) to add listeners.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import makeWASocket, { Browsers, DisconnectReason, useMultiFileAuthState } from 'baileys';
import { WA_WEB_VERSION } from '../../src/wa-web-version.js';

/**
 * Baileys leaves long timers running after its socket has ended (a 30 s event-buffer flush, a 20 s history-sync
 * wait). Unref those of 10 s and more so a test file's process ends with its tests; while tests run, sockets keep
 * the loop alive. Call once at the top of a test file.
 */
export function unrefLongTimers() {
    if (globalThis.setTimeout.unrefsLong) return;
    const original = globalThis.setTimeout;
    const patched = (fn, ms, ...args) => {
        const timer = original(fn, ms, ...args);
        if (ms >= 10000) timer.unref?.();
        return timer;
    };
    patched.unrefsLong = true;
    globalThis.setTimeout = patched;
}

/** Polls `probe` until it returns something truthy (which is returned); throws after timeoutMs. */
export async function until(what, probe, timeoutMs = 15000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await probe();
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
    }
}

// `||`, not `??`: an unset `conversation` reads as "" or null depending on which Baileys line loaded protobufjs first.
export function textOf(message) {
    return message.message?.conversation || message.message?.extendedTextMessage?.text || null;
}

export class Baileys7Companion {
    qrs = [];
    opens = 0;
    closes = []; // { statusCode, message, data } (data: the Boom's data, e.g. a <failure>'s attributes)
    messages = []; // messages.upsert entries
    calls = []; // 'call' events

    constructor({ wsUrl, version = WA_WEB_VERSION, socketOptions = {}, authDir = null, onSocket = null }) {
        this.wsUrl = wsUrl;
        this.version = version;
        this.socketOptions = socketOptions;
        this.dir = authDir;
        this.ownsDir = !authDir;
        this.onSocket = onSocket;
    }

    async start() {
        this.dir ??= await mkdtemp(path.join(tmpdir(), 'wa-baileys7-'));
        await this.#connect();
        return this;
    }

    /**
     * Starts, has `phone` scan the first QR, waits for the linked connection to open. A close other than the 515
     * restart after pairing (a 405 from the version floor…) ends the wait at once: nothing reconnects after it.
     */
    async link(emu, phone) {
        this.emu = emu;
        this.phone = phone;
        await this.start();
        const refused = () => this.closes.find((c) => c.statusCode !== DisconnectReason.restartRequired);
        await until('the Baileys 7 companion to open', () => this.opens >= 1 || this.scanError || refused(), 20000);
        if (this.scanError) throw new Error(`scan answered ${this.scanError}`);
        if (this.opens < 1) throw new Error(`connection closed (${refused().statusCode}: ${refused().message})`);
        return this;
    }

    get jid() {
        return this.creds.me.id;
    }

    /** Baileys's Signal key store (tctoken, session, identity-key, …). */
    get keys() {
        return this.state.keys;
    }

    /** Open, offline queue handled and first app-state sync done: Baileys no longer buffers events. */
    async waitForReady(timeoutMs = 20000) {
        await until('the first app-state sync', () => this.opens >= 1 && this.creds.accountSyncCounter >= 1, timeoutMs);
        await new Promise((r) => setTimeout(r, 100));
        return this;
    }

    /** Resolves with the n-th close ({ statusCode, message, data }). */
    async waitForClose(n = 1, timeoutMs = 15000) {
        await until(`close #${n}`, () => this.closes.length >= n, timeoutMs);
        return this.closes[n - 1];
    }

    /** A new socket with the saved creds (optionally announcing another version), as an app after a restart. */
    async restart({ version } = {}) {
        if (version) this.version = version;
        await new Promise((r) => setTimeout(r, 150)); // see stop()
        const old = this.sock;
        this.sock = null; // its close is not this companion's any more
        old?.end(undefined);
        await this.#connect();
    }

    async #connect() {
        const { state, saveCreds } = await useMultiFileAuthState(this.dir);
        this.state = state;
        this.creds = state.creds;
        const sock = makeWASocket({
            auth: state,
            waWebSocketUrl: this.wsUrl,
            version: [...this.version],
            browser: Browsers.ubuntu('Chrome'),
            logger: pino({ level: process.env.BAILEYS_LOG ?? 'silent' }),
            markOnlineOnConnect: false,
            ...this.socketOptions,
        });
        this.sock = sock;
        sock.ev.on('creds.update', saveCreds);
        sock.ev.on('connection.update', async (u) => {
            if (sock !== this.sock || this.stopped) return;
            if (u.qr) {
                this.qrs.push(u.qr);
                if (this.emu && !this.scanned) {
                    this.scanned = true;
                    const { status } = await this.emu.call('POST', `/phones/${this.phone}/scan`, { qr: u.qr });
                    if (status !== 200) this.scanError = status;
                }
            }
            if (u.connection === 'open') this.opens += 1;
            if (u.connection === 'close') {
                const err = u.lastDisconnect?.error;
                const statusCode = err?.output?.statusCode;
                this.closes.push({ statusCode, message: err?.message, data: err?.data });
                if (statusCode === DisconnectReason.restartRequired) this.#connect();
            }
        });
        sock.ev.on('messages.upsert', ({ messages }) => this.messages.push(...messages));
        sock.ev.on('call', (calls) => this.calls.push(...calls));
        this.onSocket?.(sock);
    }

    /** The first received message whose text satisfies `predicate`, or undefined. */
    text(predicate) {
        return this.messages.find((m) => {
            const text = textOf(m);
            return typeof text === 'string' && predicate(text);
        });
    }

    async stop() {
        this.stopped = true;
        // Let queries in flight be answered first (Baileys's end() drops their close listeners).
        await new Promise((r) => setTimeout(r, 150));
        try {
            this.sock?.end(undefined);
        } catch {
            /* already closed */
        }
        if (this.dir && this.ownsDir) await rm(this.dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    }
}
