// Starting the emulator for a test: in-process (fast, shares the event loop) or as the real child process
// (bin/wa-emulator.js, exactly as Balcão's tests and the demo start it). Both give the same small handle.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../../src/server/emulator.js';

const BIN = fileURLToPath(new URL('../../bin/wa-emulator.js', import.meta.url));

/** A JSON call to the control API: -> { status, body }. */
export async function controlCall(controlUrl, method, path, body) {
    const res = await fetch(`${controlUrl}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed = text;
    try {
        parsed = JSON.parse(text);
    } catch {
        /* leave as text */
    }
    return { status: res.status, body: parsed };
}

function handle({ wsUrl, wssUrl, testCa, controlUrl, rootKey, close, hub }) {
    return {
        wsUrl,
        wssUrl, // the same endpoint over TLS; clients trust `testCa` (PEM) for it
        testCa,
        controlUrl,
        rootKey,
        hub, // only in-process
        close,
        call: (method, path, body) => controlCall(controlUrl, method, path, body),
        /** POST /phones; returns the jid. */
        async addPhone(phone, name) {
            const { status, body } = await controlCall(controlUrl, 'POST', '/phones', { phone, name });
            if (status !== 201) throw new Error(`POST /phones ${status}: ${JSON.stringify(body)}`);
            return body.jid;
        },
    };
}

/** In-process emulator on a free port. options as startEmulator (qr timings, demo, stateDir, log). */
export async function startInProcess(options = {}) {
    const emu = await startEmulator({ port: 0, ...options });
    return handle({ ...emu, close: () => emu.close() });
}

/** The real command line as a child process; resolves once the ready line is read. */
export async function startChild(args = [], { env = {}, timeoutMs = 15000 } = {}) {
    const child = spawn(process.execPath, [BIN, '--port', '0', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const lines = createInterface({ input: child.stdout });
    const ready = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ready line in ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
        lines.once('line', (line) => {
            clearTimeout(timer);
            try {
                resolve({ line, ...JSON.parse(line) });
            } catch (err) {
                reject(new Error(`ready line is not JSON: ${line}`));
            }
        });
        child.once('exit', (code) => reject(new Error(`emulator exited with ${code}: ${stderr}`)));
    });
    const stdoutLines = [ready.line];
    lines.on('line', (line) => stdoutLines.push(line));
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const close = async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        return exited;
    };
    return { ...handle({ wsUrl: ready.ws, wssUrl: ready.wss, testCa: ready.testCa, controlUrl: ready.control, rootKey: ready.rootKey, close }), child, readyLine: ready.line, stdoutLines, exited };
}
