// The newer client line: a real, unmodified Baileys 7.0.0-rc14 companion (token table v3, the table Balcão
// speaks) links by QR and exchanges texts with a simulated phone and with a Baileys 6.17.16 companion.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import makeWASocket, { Browsers, DisconnectReason, useMultiFileAuthState } from 'baileys';
import { WA_WEB_VERSION } from '../src/wa-web-version.js';
import { startInProcess } from './helpers/emulator.js';
import { linkByQr } from './helpers/baileys.js';

// Baileys leaves long timers running after its socket has ended (Baileys 7: a 30 s event-buffer flush and a 20 s
// history-sync wait; Baileys 6: a 15 s placeholder-resend check). Unref those of 10 s and more so this file's
// process ends with its tests instead of half a minute later; while tests run, sockets keep the loop alive.
const setTimeoutWithRef = globalThis.setTimeout;
globalThis.setTimeout = (fn, ms, ...args) => {
    const timer = setTimeoutWithRef(fn, ms, ...args);
    if (ms >= 10000) timer.unref?.();
    return timer;
};

const MARIA = '5511900000001';
const JOAO = '5511900000002';
const jid = (phone) => `${phone}@s.whatsapp.net`;

// A Baileys 7 socket linked to `phone` by QR, reconnecting once on the 515 restart as an app does.
class Baileys7Companion {
    messages = [];
    opens = 0;

    async link(emu, phone) {
        this.dir = await mkdtemp(path.join(tmpdir(), 'wa-baileys7-'));
        this.emu = emu;
        this.phone = phone;
        await this.#connect();
        await until('the Baileys 7 companion to open', () => this.opens >= 1, 20000);
        return this;
    }

    async #connect() {
        const { state, saveCreds } = await useMultiFileAuthState(this.dir);
        this.creds = state.creds;
        const sock = makeWASocket({
            auth: state,
            waWebSocketUrl: this.emu.wsUrl,
            version: [...WA_WEB_VERSION],
            browser: Browsers.ubuntu('Chrome'),
            logger: pino({ level: process.env.BAILEYS_LOG ?? 'silent' }),
            markOnlineOnConnect: false,
        });
        this.sock = sock;
        sock.ev.on('creds.update', saveCreds);
        sock.ev.on('connection.update', async (u) => {
            if (sock !== this.sock || this.stopped) return;
            if (u.qr && !this.scanned) {
                this.scanned = true;
                const { status } = await this.emu.call('POST', `/phones/${this.phone}/scan`, { qr: u.qr });
                if (status !== 200) this.scanError = status;
            }
            if (u.connection === 'open') this.opens += 1;
            if (u.connection === 'close' && u.lastDisconnect?.error?.output?.statusCode === DisconnectReason.restartRequired) this.#connect();
        });
        sock.ev.on('messages.upsert', ({ messages }) => this.messages.push(...messages));
    }

    text(predicate) {
        return findText(this.messages, predicate);
    }

    async stop() {
        this.stopped = true;
        this.sock?.end(undefined);
        if (this.dir) await rm(this.dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    }
}

// `||`, not `??`: a decoded Message's unset `conversation` reads as "" or as null depending on the order in which
// the two Baileys lines (they share protobufjs) were loaded; here it is "" and test/helpers' waitForText misses.
function findText(messages, predicate) {
    return messages.find((m) => {
        const text = m.message?.conversation || m.message?.extendedTextMessage?.text;
        return typeof text === 'string' && predicate(text);
    });
}

async function until(what, probe, timeoutMs = 15000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await probe();
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
    }
}

let emu;
let mariaLaptop; // Baileys 7
let joaoLaptop; // Baileys 6.17

before(async () => {
    emu = await startInProcess();
    await emu.addPhone(MARIA, 'Maria');
    await emu.addPhone(JOAO, 'João');
    mariaLaptop = await new Baileys7Companion().link(emu, MARIA);
    joaoLaptop = await linkByQr(emu, JOAO);
    // Both have had their phone's bootstrap and their first app-state sync (events flow one by one).
    await until('the first app-state syncs', () => mariaLaptop.creds.accountSyncCounter >= 1 && joaoLaptop.creds.accountSyncCounter >= 1);
});

after(async () => {
    await mariaLaptop?.stop();
    await joaoLaptop?.stop();
    await emu?.close();
});

test('the Baileys 7 companion is linked and speaks token table v3', () => {
    const me = mariaLaptop.creds.me.id;
    assert.match(me, /^5511900000001:[1-9][0-9]*@s\.whatsapp\.net$/);
    const connection = [...emu.hub.connections].find((c) => c.deviceJid === me);
    assert.equal(connection?.codec?.version, 3);
    const joaoConnection = [...emu.hub.connections].find((c) => c.deviceJid === joaoLaptop.creds.me.id);
    assert.equal(joaoConnection?.codec?.version, 2);
});

test('phone → Baileys 7 and Baileys 7 → phone', async () => {
    const { status, body } = await emu.call('POST', `/phones/${JOAO}/messages`, { to: MARIA, text: 'do telefone do João para o Baileys 7' });
    assert.equal(status, 201);
    const got = await until('the text at Baileys 7', () => mariaLaptop.text((t) => t === 'do telefone do João para o Baileys 7'));
    assert.equal(got.key.id, body.id);
    assert.equal(got.key.fromMe, false);
    assert.equal(got.messageStubType ?? null, null);

    const sent = await mariaLaptop.sock.sendMessage(jid(JOAO), { text: 'do Baileys 7 para o telefone' });
    const phone = emu.hub.registry.account(JOAO).phoneDevice;
    const message = await until('the phone to decrypt it', () => phone.messages.find((m) => m.id === sent.key.id));
    assert.equal(message.text, 'do Baileys 7 para o telefone');
    assert.equal(message.from, jid(MARIA));
    assert.deepEqual(phone.failures, []);
});

test('Baileys 7 and Baileys 6.17 companions talk both ways', async () => {
    const there = await mariaLaptop.sock.sendMessage(jid(JOAO), { text: 'v3 → v2' });
    const got = await until('the text at Baileys 6.17', () => findText(joaoLaptop.messages, (t) => t === 'v3 → v2'), 20000);
    assert.equal(got.key.id, there.key.id);
    assert.equal(got.key.remoteJid, jid(MARIA));

    const back = await joaoLaptop.sock.sendMessage(jid(MARIA), { text: 'v2 → v3' });
    const gotBack = await until('the reply at Baileys 7', () => mariaLaptop.text((t) => t === 'v2 → v3'));
    assert.equal(gotBack.key.id, back.key.id);
    assert.ok(!mariaLaptop.messages.some((m) => m.messageStubType), 'Baileys 7 decrypted everything');
    assert.ok(!joaoLaptop.messages.some((m) => m.messageStubType), 'Baileys 6 decrypted everything');
});
