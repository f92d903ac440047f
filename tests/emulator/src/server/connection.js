// One client WebSocket: intro, Noise handshake, then encrypted WABinary nodes in both directions.
// Each connection is on its own: a bad frame, a GCM failure or undecodable bytes close only this one.
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { proto } from './proto.js';
import { NoiseResponder } from './noise.js';
import { FrameReader, encodeFrame } from './framing.js';
import { codecFor, assertEncodable } from './codec.js';
import { node as mk } from './nodes.js';

const HANDSHAKE_TIMEOUT_MS = 20000;
let nextConnectionId = 1;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class Connection extends EventEmitter {
    /** identity: ServerIdentity; faults: Faults; log: (msg) => void. Emits 'payload', 'node', 'close', and
     * 'handshake-end' once: when the Noise handshake completes or the connection closes before it does. */
    constructor({ ws, identity, faults, log }) {
        super();
        this.id = nextConnectionId++;
        this.ws = ws;
        this.identity = identity;
        this.faults = faults;
        this.log = log;
        this.reader = new FrameReader();
        this.state = 'hello';
        this.codec = null;
        this.noise = null;
        this.transport = null;
        this.clientStatic = null;
        this.payload = null;
        this.deviceJid = null; // set by the session once the client is known
        this.closed = false;
        this.inChain = Promise.resolve();
        this.outChain = Promise.resolve();
        this.waiters = new Map(); // iq id -> resolve
        this.held = []; // nodes that came before the hub attached its handler (see release())
        this.holding = true;
        this.handshakeTimer = setTimeout(() => this.close('handshake timeout'), HANDSHAKE_TIMEOUT_MS);
        ws.on('message', (data, isBinary) => {
            if (!isBinary) return this.close('text WebSocket message');
            const chunk = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
            this.inChain = this.inChain.then(() => this.#receive(chunk)).catch((err) => this.close(`receive: ${err.message}`));
        });
        ws.on('close', () => this.#closed());
        ws.on('error', (err) => this.close(`socket error: ${err.message}`));
    }

    async #receive(chunk) {
        if (this.closed) return;
        const { frames, error } = this.reader.push(chunk);
        for (const frame of frames) {
            if (this.closed) return;
            await this.#frame(frame);
        }
        if (error) this.close(error);
    }

    async #frame(frame) {
        if (this.state === 'hello') {
            this.codec = codecFor(this.reader.intro[3]);
            if (!this.codec) return this.close(`unknown dictionary version ${this.reader.intro[3]}`);
            const { badCert } = this.faults;
            this.noise = new NoiseResponder({
                prologue: this.reader.intro,
                staticKey: this.identity.staticKey,
                certChain: this.identity.chainBytes(badCert),
            });
            const serverHello = await this.noise.respondToClientHello(frame);
            this.state = 'finish';
            this.#writeRaw(encodeFrame(serverHello));
            if (badCert && !this.closed) this.faults.fire('badCert');
            return;
        }
        if (this.state === 'finish') {
            const { clientStatic, payload } = await this.noise.readClientFinish(frame);
            this.transport = await this.noise.split();
            this.clientStatic = clientStatic;
            this.payload = proto.ClientPayload.decode(payload);
            this.state = 'open';
            clearTimeout(this.handshakeTimer);
            this.#handshakeEnded();
            // docs/protocol.md §15.2: Baileys finishes its split asynchronously after sending clientFinish; a frame that
            // arrives before that is read as a handshake frame and lost. Answer on a later turn of the loop.
            // Under heavy load Baileys can take longer than 20 ms: WA_EMULATOR_PAYLOAD_DELAY_MS raises it (benchmarks).
            setTimeout(() => {
                if (!this.closed) this.emit('payload', this.payload);
            }, Number(process.env.WA_EMULATOR_PAYLOAD_DELAY_MS) || 20);
            return;
        }
        if (this.state !== 'open') return;
        let plaintext;
        try {
            plaintext = this.transport.decrypt(frame);
        } catch {
            return this.close('frame does not decrypt (GCM)');
        }
        if (plaintext.length === 0) return this.close('empty plaintext');
        let decoded;
        try {
            decoded = await this.codec.decode(plaintext); // strips the flag byte, inflates when flag & 2
        } catch (err) {
            return this.close(`undecodable node: ${err.message}`);
        }
        const id = decoded.attrs?.id;
        if (decoded.tag === 'iq' && (decoded.attrs.type === 'result' || decoded.attrs.type === 'error') && this.waiters.has(id)) {
            const resolve = this.waiters.get(id);
            this.waiters.delete(id);
            resolve(decoded);
            return;
        }
        if (this.holding) this.held.push(decoded);
        else this.emit('node', decoded);
    }

    /** Called once the session or registration listens: hands over nodes the client sent early. */
    release() {
        this.holding = false;
        for (const n of this.held.splice(0)) this.emit('node', n);
    }

    #writeRaw(bytes) {
        if (this.closed) return;
        this.ws.send(bytes, { binary: true });
    }

    /** Sends a node (in order; faults may delay, drop or garble it). Resolves when written. */
    send(node) {
        assertEncodable(node);
        const plaintext = this.codec.encode(node);
        const step = async () => {
            if (this.closed || this.state !== 'open') return;
            const fault = this.faults.nextFrame(this.deviceJid);
            if (fault.delayMs) await sleep(fault.delayMs);
            if (this.closed) return;
            if (fault.delayMs) this.faults.fire('delayMs');
            if (fault.garbage) {
                this.#writeRaw(encodeFrame(randomBytes(48)));
                this.faults.fire('garbage');
            }
            if (fault.drop) {
                this.faults.fire('dropNextFrames');
                return; // the stanza is never sent: the client sees a server that does not answer
            }
            this.#writeRaw(encodeFrame(this.transport.encrypt(plaintext)));
        };
        this.outChain = this.outChain.then(step, step);
        return this.outChain;
    }

    /** A frame of random bytes where an encrypted one is expected: the client's GCM check must fail. */
    sendGarbage() {
        const step = async () => {
            if (this.closed) return;
            this.#writeRaw(encodeFrame(randomBytes(48)));
            this.faults.fire('garbage');
        };
        this.outChain = this.outChain.then(step, step);
        return this.outChain;
    }

    /** Sends an iq and waits for the client's result/error with the same id. */
    async query(iq, timeoutMs = 60000) {
        const id = iq.attrs.id;
        const answer = new Promise((resolve, reject) => {
            const onClose = () => {
                clearTimeout(timer);
                reject(new Error('connection closed'));
            };
            const timer = setTimeout(() => {
                this.waiters.delete(id);
                this.off('close', onClose);
                reject(new Error(`no answer to iq ${id}`));
            }, timeoutMs);
            this.waiters.set(id, (n) => {
                clearTimeout(timer);
                this.off('close', onClose);
                resolve(n);
            });
            this.once('close', onClose);
        });
        answer.catch(() => {});
        await this.send(iq);
        return answer;
    }

    /** <stream:error code=…/> (or a conflict child for 440), then close once it is written. */
    async streamError(code) {
        const content = code === 440 ? [mk('conflict', { type: 'replaced' })] : undefined;
        const attrs = code === 440 ? {} : { code: String(code) };
        await this.send(mk('stream:error', attrs, content));
        setTimeout(() => this.close(`stream error ${code}`), 50);
    }

    close(reason = 'closed') {
        if (this.closed) return;
        this.log?.(`connection ${this.id}${this.deviceJid ? ` (${this.deviceJid})` : ''} closing: ${reason}`);
        this.closed = true;
        clearTimeout(this.handshakeTimer);
        try {
            this.ws.close();
        } catch {
            /* already gone */
        }
        setTimeout(() => {
            try {
                this.ws.terminate();
            } catch {
                /* already gone */
            }
        }, 1000).unref();
        this.#closed();
    }

    #closed() {
        if (this.closedEmitted) return;
        this.closed = true;
        this.closedEmitted = true;
        clearTimeout(this.handshakeTimer);
        this.#handshakeEnded();
        this.emit('close');
    }

    #handshakeEnded() {
        if (this.handshakeEndEmitted) return;
        this.handshakeEndEmitted = true;
        this.emit('handshake-end');
    }
}
