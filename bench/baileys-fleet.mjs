#!/usr/bin/env node
// The Baileys side of `make bench`: one Node process holding N real, unmodified Baileys 6.17.16 sockets (as a
// Node gateway holds its numbers), each linked to an emulator account, driven by JSON lines like balcao --headless.
//
//   node bench/baileys-fleet.mjs --control URL --ws URL --state DIR
//
// At start every auth folder already in DIR/ reconnects; once all are open it prints {"ready":true,"restored":N}.
// stdin                                                     stdout
// {"cmd":"link","phones":["55…"],"parallel":5}              {"event":"linked","jids":[…]} (each linked and ready)
// {"cmd":"inbound","index":i}                               {"event":"inbound","texts":N,"lastAt":epoch ms of the last upsert}
// {"cmd":"send","index":i,"to":"<jid>","count":N,"text":P}  {"event":"sent","count":N,"elapsedMs"} (first send to last server ack)
// Anything else, or a failure: {"event":"error","message"}. stdout carries nothing else (console goes to stderr).
import { Console } from 'node:console';
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

// libsignal reports session changes with console.info: keep stdout for the protocol alone.
globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr });

const { Companion, linkByQr } = await import('../tests/emulator/test/helpers/baileys.js');
const { controlCall } = await import('../tests/emulator/test/helpers/emulator.js');

const SERVER_ACK = 2; // WAMessageStatus.SERVER_ACK in Baileys' WAProto

const { values: options } = parseArgs({
    options: { control: { type: 'string' }, ws: { type: 'string' }, state: { type: 'string' } },
    strict: true,
});
if (!options.control || !options.ws || !options.state) {
    process.stderr.write('usage: baileys-fleet.mjs --control URL --ws URL --state DIR\n');
    process.exit(2);
}
const emu = { wsUrl: options.ws, call: (method, p, body) => controlCall(options.control, method, p, body) };
const out = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
const fleet = []; // Companion, in link order

// Upserts are timed as they arrive (performance.timeOrigin + now: epoch ms comparable with other processes).
function watch(companion) {
    companion.texts = 0;
    companion.lastTextAt = 0;
    companion.acked = new Set();
    companion.onSocket = (sock) => {
        sock.ev.on('messages.upsert', ({ messages }) => {
            for (const m of messages) {
                if (m.key.fromMe || !(m.message?.conversation ?? m.message?.extendedTextMessage?.text)) continue;
                companion.texts += 1;
                companion.lastTextAt = performance.timeOrigin + performance.now();
            }
        });
        sock.ev.on('messages.update', (updates) => {
            for (const u of updates) if (u.key?.fromMe && (u.update?.status ?? 0) >= SERVER_ACK) companion.acked.add(u.key.id);
            companion.ackWaiter?.();
        });
    };
    return companion;
}

await mkdir(options.state, { recursive: true });
const saved = (await readdir(options.state, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
for (const phone of saved) {
    const companion = watch(new Companion({ wsUrl: options.ws, authDir: path.join(options.state, phone) }));
    fleet.push(await companion.start());
}
await Promise.all(fleet.map((c) => c.waitForOpen(1, 60000)));
out({ ready: true, restored: fleet.length });

async function link(phones, parallel = 5) {
    const jids = [];
    for (let i = 0; i < phones.length; i += parallel) {
        const group = phones.slice(i, i + parallel);
        const linked = await Promise.all(group.map(async (phone) => {
            const companion = await linkByQr(emu, phone, { authDir: path.join(options.state, phone) });
            await companion.waitForReady(60000);
            return companion;
        }));
        for (const c of linked) {
            // linkByQr made the socket before we could watch it: watch the current one from here on.
            watch(c);
            c.onSocket(c.sock);
            fleet.push(c);
            jids.push(c.sock.user.id);
        }
    }
    return jids;
}

async function send(companion, to, count, text) {
    companion.acked = new Set();
    const ids = [];
    const start = performance.now();
    for (let i = 1; i <= count; i++) {
        const sent = await companion.sock.sendMessage(to, { text: `${text} ${i}` });
        ids.push(sent.key.id);
    }
    const allAcked = () => ids.every((id) => companion.acked.has(id));
    await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${ids.filter((id) => !companion.acked.has(id)).length} of ${count} not acked`)), 120000);
        companion.ackWaiter = () => {
            if (!allAcked()) return;
            clearTimeout(timer);
            companion.ackWaiter = null;
            resolve();
        };
        companion.ackWaiter();
    });
    return performance.now() - start;
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
    if (!line.trim()) continue;
    try {
        const cmd = JSON.parse(line);
        if (cmd.cmd === 'link') out({ event: 'linked', jids: await link(cmd.phones, cmd.parallel) });
        else if (cmd.cmd === 'inbound') {
            const c = fleet[cmd.index];
            out({ event: 'inbound', texts: c.texts, lastAt: c.lastTextAt });
        } else if (cmd.cmd === 'send') {
            const elapsedMs = await send(fleet[cmd.index], cmd.to, cmd.count, cmd.text ?? 'bench');
            out({ event: 'sent', count: cmd.count, elapsedMs });
        } else throw new Error(`unknown command ${cmd.cmd}`);
    } catch (err) {
        out({ event: 'error', message: err.message });
    }
}
for (const c of fleet) await c.stop({ keepAuth: true });
process.exit(0);
