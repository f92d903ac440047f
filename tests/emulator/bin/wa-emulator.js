#!/usr/bin/env node
// wa-emulator: WhatsApp's servers and users' phones on loopback (tests/emulator/README.md).
// Prints one JSON ready line on stdout; logs go to stderr; SIGTERM/SIGINT stop it cleanly.
import { parseArgs } from 'node:util';

function fail(message) {
    process.stderr.write(`wa-emulator: ${message}\n`);
    process.exit(2);
}

let args;
try {
    args = parseArgs({
        options: {
            port: { type: 'string', default: '0' },
            'tls-port': { type: 'string', default: '0' },
            demo: { type: 'boolean', default: false },
            state: { type: 'string' },
            verbose: { type: 'boolean', default: false },
            'qr-first-ms': { type: 'string' },
            'qr-later-ms': { type: 'string' },
            'min-wa-version': { type: 'string' },
        },
        strict: true,
    }).values;
} catch (err) {
    fail(`${err.message}\nusage: wa-emulator.js [--port N] [--tls-port N] [--demo] [--state DIR] [--verbose] [--qr-first-ms MS] [--qr-later-ms MS] [--min-wa-version 2.3000.N]`);
}
const port = Number(args.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`bad --port "${args.port}"`);
const tlsPort = Number(args['tls-port']);
if (!Number.isInteger(tlsPort) || tlsPort < 0 || tlsPort > 65535) fail(`bad --tls-port "${args['tls-port']}"`);
const ms = (flag, env) => {
    const v = args[flag] ?? process.env[env];
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) fail(`bad --${flag} "${v}"`);
    return n;
};
const qr = {};
const firstMs = ms('qr-first-ms', 'WA_EMULATOR_QR_FIRST_MS');
const laterMs = ms('qr-later-ms', 'WA_EMULATOR_QR_LATER_MS');
if (firstMs) qr.firstMs = firstMs;
if (laterMs) qr.laterMs = laterMs;
const minWaVersion = args['min-wa-version'];
if (minWaVersion !== undefined && !/^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/.test(minWaVersion)) {
    fail(`bad --min-wa-version "${minWaVersion}": expected a version like 2.3000.1043565534`);
}

// stdout carries only the ready line. libsignal prints session chatter with console.info/warn: that goes to
// stderr with --verbose and nowhere otherwise.
const quiet = new console.Console({ stdout: process.stderr, stderr: process.stderr });
for (const method of ['log', 'info', 'warn', 'debug']) console[method] = args.verbose ? quiet[method].bind(quiet) : () => {};

const log = args.verbose ? (msg) => process.stderr.write(`${new Date().toISOString()} ${msg}\n`) : () => {};
let emulator;
try {
    // loaded after the flags are checked, so a bad command line fails at once
    const { startEmulator } = await import('../src/server/emulator.js');
    emulator = await startEmulator({ port, tlsPort, demo: args.demo, stateDir: args.state, qr, minWaVersion, log });
} catch (err) {
    fail(err.message);
}
process.stdout.write(`${emulator.readyLine}\n`);

let stopping = false;
async function stop() {
    if (stopping) return;
    stopping = true;
    await emulator.close();
    process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
