// The processes a benchmark drives: `balcao --headless` and the Baileys fleet, both speaking JSON lines, plus
// the resident memory of a process as the kernel counts it (the same reading for both).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** Resident set size of a live process, in bytes (VmRSS of /proc/PID/status). */
export function rssBytes(pid) {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
    if (!Number.isFinite(kb)) throw new Error(`no VmRSS for ${pid}`);
    return kb * 1024;
}

/** CPU time (user + system) a live process has used so far, in ms (/proc/PID/stat, clock ticks of 10 ms). */
export function cpuMs(pid) {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** A child speaking JSON lines: every stdout line parsed and kept with its arrival time (performance.now()). */
export class JsonLinesProcess {
    constructor(command, args, { env = {}, name = command } = {}) {
        this.name = name;
        this.startedAt = performance.now();
        this.child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
        this.events = [];
        this.waiters = new Set();
        this.stderr = '';
        this.child.stderr.on('data', (d) => {
            this.stderr = (this.stderr + d).slice(-20000);
        });
        createInterface({ input: this.child.stdout }).on('line', (line) => {
            let event;
            try {
                event = JSON.parse(line);
            } catch {
                return;
            }
            event.at = performance.now();
            this.events.push(event);
            for (const w of [...this.waiters]) w.check();
        });
        this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
        this.child.once('exit', () => {
            for (const w of [...this.waiters]) w.check();
        });
    }

    get pid() {
        return this.child.pid;
    }

    send(object) {
        this.child.stdin.write(`${JSON.stringify(object)}\n`);
    }

    /** The first event from index `from` on for which predicate holds; rejects after timeoutMs. */
    waitFor(predicate, timeoutMs = 30000, from = 0, what = 'event') {
        return new Promise((resolve, reject) => {
            let scanned = from;
            const waiter = {
                check: () => {
                    for (; scanned < this.events.length; scanned++) {
                        if (predicate(this.events[scanned])) {
                            done();
                            resolve(this.events[scanned]);
                            return;
                        }
                    }
                    if (this.child.exitCode !== null || this.child.signalCode !== null) {
                        done();
                        reject(new Error(`${this.name} exited while waiting for ${what}; stderr: ${this.stderr.slice(-2000)}`));
                    }
                },
            };
            const timer = setTimeout(() => {
                done();
                reject(new Error(`${this.name}: timed out after ${timeoutMs} ms waiting for ${what}; stderr: ${this.stderr.slice(-2000)}`));
            }, timeoutMs);
            const done = () => {
                clearTimeout(timer);
                this.waiters.delete(waiter);
            };
            this.waiters.add(waiter);
            waiter.check();
        });
    }

    async stop(timeoutMs = 10000) {
        if (this.child.exitCode !== null || this.child.signalCode !== null) return this.exited;
        this.child.stdin.end();
        const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
        const result = await this.exited;
        clearTimeout(timer);
        return result;
    }
}

/** balcao --headless on a data folder, against the emulator. */
/**
 * Balcão headless on `dataDir` against the emulator `emu`: over wss:// trusting the emulator's test CA when
 * `tls` (as the real server is reached), over ws:// otherwise. `extraArgs` go after the usual ones.
 */
export function startBalcao(binary, dataDir, emu, { tls = false, extraArgs = [] } = {}) {
    const server = tls ? ['--server', emu.wssUrl, '--test-ca', writeTestCa(dataDir, emu)] : ['--server', emu.wsUrl];
    return new JsonLinesProcess(binary, ['--headless', '--data', dataDir, ...server, '--server-root-key', emu.rootKey, ...extraArgs], {
        env: { BALCAO_KEY_BACKEND: 'file', BALCAO_WA_VERSION_URL: 'http://127.0.0.1:1/sw.js' },
        name: 'balcao',
    });
}

/** Writes the emulator's test CA beside `dir` (not inside: a data folder holds only the profile); its path. */
export function writeTestCa(dir, emu) {
    const file = `${dir}.test-ca.pem`;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, emu.testCa);
    return file;
}
