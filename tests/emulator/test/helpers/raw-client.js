// A bare Noise client for what Baileys's socket hides: it runs Baileys 6.17.16's own client noise handler over
// a `ws` socket with any intro (02 or 03), exposes the server's static key and CertChain, and can then send
// and receive nodes with the token table of its intro.
import WebSocket from 'ws';
import { WA_WEB_VERSION } from '../../src/wa-web-version.js';
import pino from 'pino';
import { makeNoiseHandler, Curve, initAuthCreds, generateLoginNode, generateRegistrationNode, DEFAULT_CONNECTION_CONFIG, Browsers } from '@whiskeysockets/baileys';
import { proto } from '../../src/server/proto.js';
import { codecFor } from '../../src/server/codec.js';

const CONFIG = { ...DEFAULT_CONNECTION_CONFIG, version: [...WA_WEB_VERSION], browser: Browsers.ubuntu('Chrome') };

export class RawClient {
    constructor(wsUrl, { dictVersion = 2 } = {}) {
        this.wsUrl = wsUrl;
        this.codec = codecFor(dictVersion);
        this.header = Buffer.from([0x57, 0x41, 0x06, dictVersion]);
        this.nodes = [];
        this.waiters = [];
        this.closed = false;
    }

    /** Opens the socket and runs the handshake up to the server hello: -> { serverStatic, certChain } */
    async hello() {
        this.ws = new WebSocket(this.wsUrl, { origin: 'https://web.whatsapp.com' });
        await new Promise((resolve, reject) => {
            this.ws.once('open', resolve);
            this.ws.once('error', reject);
        });
        this.ws.on('close', () => {
            this.closed = true;
            this.#check();
        });
        this.ephemeral = Curve.generateKeyPair();
        this.noise = makeNoiseHandler({ keyPair: this.ephemeral, NOISE_HEADER: this.header, logger: pino({ level: 'silent' }) });
        const firstFrame = new Promise((resolve, reject) => {
            this.onHandshakeFrame = resolve;
            this.ws.once('close', () => reject(new Error('closed by the server during the handshake')));
        });
        this.ws.on('message', (data) => {
            this.noise.decodeFrame(Buffer.from(data), (frame) => {
                if (frame instanceof Uint8Array || Buffer.isBuffer(frame)) {
                    if (this.onHandshakeFrame) return this.onHandshakeFrame(frame);
                }
                return undefined;
            }).catch(() => {}); // transport frames are read below, not here
        });
        const hello = proto.HandshakeMessage.encode({ clientHello: { ephemeral: this.ephemeral.public } }).finish();
        this.ws.send(this.noise.encodeFrame(hello));
        const frame = await firstFrame;
        this.onHandshakeFrame = null;
        this.serverHello = proto.HandshakeMessage.decode(frame);
        // The same steps as the handler's processHandshake, kept apart to see the static key and chain.
        const sh = this.serverHello.serverHello;
        this.noise.authenticate(sh.ephemeral);
        await this.noise.mixIntoKey(Curve.sharedKey(this.ephemeral.private, sh.ephemeral));
        this.serverStatic = Buffer.from(this.noise.decrypt(sh.static));
        await this.noise.mixIntoKey(Curve.sharedKey(this.ephemeral.private, this.serverStatic));
        this.certChain = Buffer.from(this.noise.decrypt(sh.payload));
        return { serverStatic: this.serverStatic, certChain: this.certChain };
    }

    /**
     * Finishes the handshake with a login (creds.me set) or registration payload; then reads nodes.
     * patchPayload(payload) may change the ClientPayload before it is sent (a missing or old version).
     */
    async finish(creds = initAuthCreds(), { loginJid, patchPayload } = {}) {
        const sh = this.serverHello.serverHello;
        const keyEnc = this.noise.encrypt(creds.noiseKey.public);
        await this.noise.mixIntoKey(Curve.sharedKey(creds.noiseKey.private, sh.ephemeral));
        const payload = loginJid ? generateLoginNode(loginJid, CONFIG) : generateRegistrationNode(creds, CONFIG);
        patchPayload?.(payload);
        const payloadEnc = this.noise.encrypt(proto.ClientPayload.encode(payload).finish());
        this.ws.send(this.noise.encodeFrame(proto.HandshakeMessage.encode({ clientFinish: { static: keyEnc, payload: payloadEnc } }).finish()));
        await this.noise.finishInit();
        // From here frames are decrypted by hand so the codec of this intro decodes them.
        this.ws.removeAllListeners('message');
        let buffer = Buffer.alloc(0);
        this.ws.on('message', async (data) => {
            buffer = Buffer.concat([buffer, Buffer.from(data)]);
            while (buffer.length >= 3) {
                const size = (buffer[0] << 16) | buffer.readUInt16BE(1);
                if (buffer.length < size + 3) break;
                const frame = buffer.subarray(3, size + 3);
                buffer = buffer.subarray(size + 3);
                try {
                    this.nodes.push(await this.codec.decode(this.noise.decrypt(frame)));
                } catch (err) {
                    this.nodes.push({ tag: '!undecryptable', attrs: {}, content: err.message });
                }
                this.#check();
            }
        });
    }

    send(node) {
        this.ws.send(this.noise.encodeFrame(this.codec.encode(node)));
    }

    sendRaw(bytes) {
        this.ws.send(bytes);
    }

    waitFor(predicate, timeoutMs = 5000) {
        const found = this.nodes.find(predicate);
        if (found) return Promise.resolve(found);
        return new Promise((resolve, reject) => {
            const w = { predicate, resolve };
            w.timer = setTimeout(() => reject(new Error(`timed out; nodes: ${this.nodes.map((n) => n.tag).join(',')}`)), timeoutMs);
            this.waiters.push(w);
        });
    }

    waitForClose(timeoutMs = 5000) {
        if (this.closed) return Promise.resolve(true);
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error('connection stayed open')), timeoutMs);
            this.ws.once('close', () => {
                clearTimeout(timer);
                resolve(true);
            });
        });
    }

    #check() {
        for (const w of [...this.waiters]) {
            const found = this.nodes.find((n) => w.predicate(n));
            if (found) {
                clearTimeout(w.timer);
                this.waiters.splice(this.waiters.indexOf(w), 1);
                w.resolve(found);
            }
        }
    }

    close() {
        this.ws?.terminate();
    }
}
