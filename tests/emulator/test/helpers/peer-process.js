// One bin/baileys-peer.js process driven through its JSON lines alone, as Balcão's C++ tests drive it
// (tests/common/baileys_peer.h): every stdout line kept, commands written to stdin, waits with a deadline.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const PEER = fileURLToPath(new URL('../../bin/baileys-peer.js', import.meta.url));

/** One baileys-peer process: every stdout line kept (parsed when it is JSON), commands written to stdin. */
export class PeerProcess {
    constructor(emu, phone, extra = []) {
        this.child = spawn(process.execPath, [PEER, '--control', emu.controlUrl, '--ws', emu.wsUrl, '--phone', phone, ...extra], {
            stdio: ['pipe', 'pipe', 'pipe'],
        });
        this.lines = [];
        this.stderr = '';
        this.waiters = new Set();
        this.child.stderr.on('data', (d) => (this.stderr += d));
        createInterface({ input: this.child.stdout }).on('line', (line) => {
            this.lines.push(line);
            this.#check();
        });
        this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => {
            resolve({ code, signal });
            this.#check();
        }));
    }

    get events() {
        return this.lines.map((l) => JSON.parse(l));
    }

    command(object) {
        this.child.stdin.write(`${JSON.stringify(object)}\n`);
    }

    /**
     * The first line (parsed) from line `from` on satisfying predicate; rejects after timeoutMs or when the process
     * is gone.
     */
    waitFor(predicate, what, timeoutMs = 20000, from = 0) {
        const find = () => this.lines.slice(from).map((l) => JSON.parse(l)).find(predicate);
        return new Promise((resolve, reject) => {
            const waiter = {
                test: () => {
                    const found = find();
                    if (found) return resolve(found), true;
                    if (this.child.exitCode !== null || this.child.signalCode !== null) return reject(new Error(`peer exited before ${what}; stderr: ${this.stderr}`)), true;
                    return false;
                },
            };
            if (waiter.test()) return;
            waiter.timer = setTimeout(() => {
                this.waiters.delete(waiter);
                reject(new Error(`timed out waiting for ${what}; stdout: ${this.lines.join('\n')}; stderr: ${this.stderr}`));
            }, timeoutMs);
            this.waiters.add(waiter);
        });
    }

    ready() {
        return this.waitFor((e) => 'ready' in e, 'the ready line', 30000);
    }

    async send(to, text) {
        const before = this.lines.length;
        this.command({ cmd: 'send', to, text });
        const sent = await this.waitFor((e) => e.event === 'sent' && !this.#seenBefore(e, before), `"sent" for ${text}`);
        return sent.id;
    }

    #seenBefore(event, count) {
        return this.lines.slice(0, count).some((l) => JSON.parse(l).id === event.id && JSON.parse(l).event === event.event);
    }

    status(id, status) {
        return this.waitFor((e) => e.event === 'status' && e.id === id && e.status === status, `status ${status} of ${id}`);
    }

    message(text) {
        return this.waitFor((e) => e.event === 'message' && e.text === text, `the text "${text}"`);
    }

    #check() {
        for (const w of [...this.waiters]) {
            if (w.test()) {
                clearTimeout(w.timer);
                this.waiters.delete(w);
            }
        }
    }

    async stop() {
        if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
        return this.exited;
    }
}
