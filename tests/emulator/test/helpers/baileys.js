// A real, unmodified Baileys 6.17.16 client as a test companion: auth state in a temp dir (Baileys's own
// useMultiFileAuthState), every event recorded, and reconnect on 515 as the Baileys README's app does.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import baileys, { Browsers, DisconnectReason, useMultiFileAuthState } from '@whiskeysockets/baileys';
import { WA_WEB_VERSION } from '../../src/wa-web-version.js';

const makeWASocket = baileys.default ?? baileys;

export class Companion {
    /**
     * wsUrl: the emulator's; authDir: reuse saved creds (restart test); socketOptions: extra makeWASocket options;
     * onSocket(sock): called with every new socket (the first and each reconnect) to add listeners of one's own.
     */
    constructor({ wsUrl, authDir = null, socketOptions = {}, autoReconnect = true, onSocket = null }) {
        this.wsUrl = wsUrl;
        this.onSocket = onSocket;
        this.authDir = authDir;
        this.ownsDir = !authDir;
        this.socketOptions = socketOptions;
        this.autoReconnect = autoReconnect;
        this.sock = null;
        this.qrs = [];
        this.updates = []; // every connection.update
        this.closes = []; // { statusCode, message }
        this.opens = 0;
        this.messages = []; // messages.upsert entries
        this.receipts = []; // messages.update / message-receipt.update entries
        this.waiters = new Set();
        this.stopped = false;
    }

    async start() {
        if (!this.authDir) this.authDir = await mkdtemp(path.join(tmpdir(), 'wa-companion-'));
        const { state, saveCreds } = await useMultiFileAuthState(this.authDir);
        this.state = state;
        this.saveCreds = saveCreds;
        this.#connect();
        return this;
    }

    get creds() {
        return this.state.creds;
    }

    #connect() {
        const sock = makeWASocket({
            auth: this.state,
            waWebSocketUrl: this.wsUrl,
            printQRInTerminal: false,
            version: [...WA_WEB_VERSION],
            browser: Browsers.ubuntu('Chrome'),
            logger: pino({ level: process.env.BAILEYS_LOG ?? 'silent' }),
            markOnlineOnConnect: false,
            ...this.socketOptions,
        });
        this.sock = sock;
        sock.ev.on('creds.update', () => this.saveCreds());
        sock.ev.on('connection.update', (u) => {
            if (sock !== this.sock) return;
            this.updates.push(u);
            if (u.qr) this.qrs.push(u.qr);
            if (u.connection === 'open') this.opens += 1;
            if (u.connection === 'close') {
                const err = u.lastDisconnect?.error;
                const statusCode = err?.output?.statusCode;
                this.closes.push({ statusCode, message: err?.message });
                if (this.autoReconnect && !this.stopped && statusCode === DisconnectReason.restartRequired) this.#connect();
            }
            this.#check();
        });
        sock.ev.on('messages.upsert', ({ messages, type }) => {
            for (const m of messages) this.messages.push({ ...m, upsertType: type });
            this.#check();
        });
        sock.ev.on('messages.update', (updates) => {
            for (const u of updates) this.receipts.push(u);
            this.#check();
        });
        sock.ev.on('message-receipt.update', (updates) => {
            for (const u of updates) this.receipts.push(u);
            this.#check();
        });
        this.onSocket?.(sock);
    }

    /** A companion whose fresh creds are patched (e.g. a made-up creds.me) before it connects. */
    static async withCreds(wsUrl, patch, options = {}) {
        const c = new Companion({ wsUrl, ...options });
        c.authDir = await mkdtemp(path.join(tmpdir(), 'wa-companion-'));
        const { state, saveCreds } = await useMultiFileAuthState(c.authDir);
        Object.assign(state.creds, patch);
        c.state = state;
        c.saveCreds = saveCreds;
        c.#connect();
        return c;
    }

    /** Reconnects with the saved creds (a new socket), as an app does after a restart. */
    async restart() {
        await new Promise((r) => setTimeout(r, 150)); // see stop()
        this.sock?.end(undefined);
        const { state, saveCreds } = await useMultiFileAuthState(this.authDir);
        this.state = state;
        this.saveCreds = saveCreds;
        this.#connect();
    }

    /** Resolves once predicate(this) is true; rejects after timeoutMs with what was seen. */
    waitFor(predicate, timeoutMs = 15000, what = 'condition') {
        if (predicate(this)) return Promise.resolve(this);
        return new Promise((resolve, reject) => {
            const waiter = { predicate, resolve };
            waiter.timer = setTimeout(() => {
                this.waiters.delete(waiter);
                reject(new Error(`timed out waiting for ${what}; closes=${JSON.stringify(this.closes)} opens=${this.opens} qrs=${this.qrs.length}`));
            }, timeoutMs);
            this.waiters.add(waiter);
        });
    }

    waitForOpen(count = 1, timeoutMs) {
        return this.waitFor((c) => c.opens >= count, timeoutMs, `connection open #${count}`);
    }

    waitForClose(count = 1, timeoutMs) {
        return this.waitFor((c) => c.closes.length >= count, timeoutMs, `connection close #${count}`);
    }

    /** Waits for a text message (conversation or extendedTextMessage) satisfying match. */
    waitForText(match, timeoutMs) {
        const test = (m) => {
            const text = m.message?.conversation ?? m.message?.extendedTextMessage?.text;
            return text !== undefined && text !== null && match(text, m);
        };
        return this.waitFor((c) => c.messages.some(test), timeoutMs, 'a text message').then(() => this.messages.find(test));
    }

    /**
     * Whether Baileys now delivers events one by one: the current connection is open, its offline queue was handled
     * and the first app-state sync is done. Until then it holds messages.upsert/update in its event buffer
     * (docs/protocol.md §15.5).
     */
    get ready() {
        if (!(this.creds.accountSyncCounter >= 1)) return false;
        // The current socket's updates; the end of its offline queue can be reported before its 'open'.
        const since = this.updates.slice(Math.max(0, this.updates.findLastIndex((u) => u.connection === 'connecting')));
        return since.some((u) => u.connection === 'open') && since.some((u) => u.receivedPendingNotifications === true)
            && !since.some((u) => u.connection === 'close');
    }

    /** Resolves once `ready` (polled: the sync counter changes without an event this class records). */
    async waitForReady(timeoutMs = 20000) {
        const deadline = Date.now() + timeoutMs;
        while (!this.ready) {
            if (Date.now() > deadline) throw new Error(`the companion never became ready (open, offline queue handled, first app-state sync); closes=${JSON.stringify(this.closes)} opens=${this.opens}`);
            await new Promise((r) => setTimeout(r, 50));
        }
        await new Promise((r) => setTimeout(r, 50));
        return this;
    }

    #check() {
        for (const w of [...this.waiters]) {
            if (w.predicate(this)) {
                clearTimeout(w.timer);
                this.waiters.delete(w);
                w.resolve(this);
            }
        }
    }

    async stop({ keepAuth = false } = {}) {
        this.stopped = true;
        // Baileys's end() drops the close listeners of queries in flight, which then hold the process until
        // their own 60 s timeout: give the emulator a moment to answer what was just asked.
        await new Promise((r) => setTimeout(r, 150));
        try {
            this.sock?.end(undefined);
        } catch {
            /* already closed */
        }
        for (const w of this.waiters) clearTimeout(w.timer);
        if (this.ownsDir && !keepAuth && this.authDir) await rm(this.authDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    }
}

/** Links a new Baileys companion to `phone` by QR: waits for a QR, has the phone scan it, waits for open. */
export async function linkByQr(emu, phone, options = {}) {
    const companion = await new Companion({ wsUrl: emu.wsUrl, ...options }).start();
    await companion.waitFor((c) => c.qrs.length > 0, 15000, 'a QR');
    const { status, body } = await emu.call('POST', `/phones/${phone}/scan`, { qr: companion.qrs.at(-1) });
    if (status !== 200) throw new Error(`scan answered ${status}: ${JSON.stringify(body)}`);
    await companion.waitForOpen(1, 15000);
    return companion;
}

/** Links by pairing code: requestPairingCode once the QR is up, then the phone types the code. */
export async function linkByCode(emu, phone, options = {}) {
    const companion = await new Companion({ wsUrl: emu.wsUrl, ...options }).start();
    await companion.waitFor((c) => c.qrs.length > 0, 15000, 'a QR (registration connection)');
    const code = await companion.sock.requestPairingCode(phone);
    const pretty = `${code.slice(0, 4)}-${code.slice(4)}`;
    const { status, body } = await emu.call('POST', `/phones/${phone}/link-code`, { code: pretty });
    if (status !== 200) throw new Error(`link-code answered ${status}: ${JSON.stringify(body)}`);
    await companion.waitForOpen(1, 20000);
    return { companion, code };
}
