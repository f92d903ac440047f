// Golden vector: one complete Noise XX handshake and the first transport frames, with fixed keys and a fixed
// "now". The initiator is Baileys 6.17.16's own client noise handler (makeNoiseHandler) given the v3 header
// 57 41 06 03; the responder is the emulator's. Every byte below is what those two produce; XEdDSA signatures
// come from libsignal 6.0.0, which signs deterministically, so regenerating gives identical bytes.
import pino from 'pino';
import * as baileys6 from '@whiskeysockets/baileys';
import * as baileys7 from 'baileys';
import { proto } from '../../src/server/proto.js';
import { keyPairFromLabel } from '../../src/server/keys.js';
import { makeCertChain } from '../../src/server/cert-chain.js';
import { NoiseResponder, NOISE_MODE } from '../../src/server/noise.js';
import { FrameReader, encodeFrame } from '../../src/server/framing.js';

const NOW = Date.UTC(2026, 10, 24) / 1000; // 2026-11-24T00:00:00Z
const PROLOGUE = Buffer.from([0x57, 0x41, 0x06, 0x03]);

const hex = (b) => Buffer.from(b).toString('hex');
const pair = (kp) => ({ priv: hex(kp.priv), pub: hex(kp.pub) });

function certJson(cert) {
    const f = cert.fields;
    return {
        details: hex(cert.details),
        signature: hex(cert.signature),
        serial: f.serial,
        issuerSerial: f.issuerSerial,
        key: hex(f.key),
        notBefore: f.notBefore,
        notAfter: f.notAfter,
    };
}

const node = (tag, attrs, content) => (content === undefined ? { tag, attrs } : { tag, attrs, content });
const S = '@s.whatsapp.net';
const CLIENT_NODES = [
    node('iq', { id: '1', xmlns: 'encrypt', type: 'get', to: S }, [node('count', {})]),
    node('iq', { id: '2', xmlns: 'passive', type: 'set', to: S }, [node('active', {})]),
    node('iq', { id: '3', xmlns: 'w:p', type: 'get', to: S }, [node('ping', {})]),
];
const SERVER_NODES = [
    node('success', { t: String(NOW), lid: '200000000000001:3@lid', props: '0', abprops: '0', location: 'br', creation: String(NOW - 86400) }),
    node('iq', { type: 'result', id: '1', from: S }, [node('count', { value: '30' })]),
    node('ib', {}, [node('offline', { count: '0' })]),
];

export async function generate() {
    const keys = {
        clientEphemeral: keyPairFromLabel('balcao noise vector: client ephemeral'),
        clientNoise: keyPairFromLabel('balcao noise vector: client noise key'),
        serverEphemeral: keyPairFromLabel('balcao noise vector: server ephemeral'),
        serverStatic: keyPairFromLabel('balcao noise vector: server static'),
        root: keyPairFromLabel('balcao noise vector: root'),
        intermediate: keyPairFromLabel('balcao noise vector: intermediate'),
    };
    const chain = makeCertChain({ root: keys.root, intermediate: keys.intermediate, staticPub: keys.serverStatic.pub, now: NOW });

    const config = { ...baileys6.DEFAULT_CONNECTION_CONFIG, version: [2, 3000, 1019707846], browser: baileys6.Browsers.ubuntu('Chrome') };
    const payloadBytes = Buffer.from(proto.ClientPayload.encode(baileys6.generateLoginNode(`5511900000001:3${S}`, config)).finish());

    // Initiator: Baileys's own handler, fixed ephemeral key.
    const client = baileys6.makeNoiseHandler({
        keyPair: { private: keys.clientEphemeral.priv, public: keys.clientEphemeral.pub },
        NOISE_HEADER: PROLOGUE,
        logger: pino({ level: 'silent' }),
    });
    const steps = [];
    const server = new NoiseResponder({
        prologue: PROLOGUE,
        staticKey: keys.serverStatic,
        certChain: chain.bytes,
        ephemeral: keys.serverEphemeral,
        onStep: (name, s) => steps.push({ step: name, h: hex(s.h), ck: hex(s.ck) }),
    });
    const reader = new FrameReader();
    const receive = (bytes) => {
        const { frames, error } = reader.push(bytes);
        if (error || frames.length !== 1) throw new Error(`server framing: ${error ?? frames.length}`);
        return frames[0];
    };

    const helloMsg = Buffer.from(proto.HandshakeMessage.encode({ clientHello: { ephemeral: keys.clientEphemeral.pub } }).finish());
    const clientHello = Buffer.from(client.encodeFrame(helloMsg));
    const serverHelloMsg = await server.respondToClientHello(receive(clientHello));
    const serverHello = encodeFrame(serverHelloMsg);

    let received;
    await client.decodeFrame(serverHello, (f) => (received = f));
    const shake = proto.HandshakeMessage.decode(received);
    const keyEnc = await client.processHandshake(shake, { private: keys.clientNoise.priv, public: keys.clientNoise.pub });
    const payloadEnc = client.encrypt(payloadBytes);
    const finishMsg = Buffer.from(proto.HandshakeMessage.encode({ clientFinish: { static: keyEnc, payload: payloadEnc } }).finish());
    const clientFinish = Buffer.from(client.encodeFrame(finishMsg));
    await client.finishInit();

    const { clientStatic, payload } = await server.readClientFinish(receive(clientFinish));
    if (!clientStatic.equals(keys.clientNoise.pub) || !payload.equals(payloadBytes)) throw new Error('responder disagrees with Baileys');
    const transport = await server.split();

    const clientToServer = [];
    for (const [i, n] of CLIENT_NODES.entries()) {
        const plaintext = Buffer.from(baileys7.encodeBinaryNode(n));
        const frame = Buffer.from(client.encodeFrame(plaintext));
        const opened = transport.decrypt(receive(frame));
        if (!opened.equals(plaintext)) throw new Error('server could not open a client frame');
        clientToServer.push({ counter: i, xml: baileys7.binaryNodeToString(n), plaintext: hex(plaintext), frame: hex(frame) });
    }
    const serverToClient = [];
    for (const [i, n] of SERVER_NODES.entries()) {
        const plaintext = Buffer.from(baileys7.encodeBinaryNode(n));
        const frame = encodeFrame(transport.encrypt(plaintext));
        const opened = client.decrypt(frame.subarray(3)); // what Baileys's decodeFrame does before decoding
        if (!Buffer.from(opened).equals(plaintext)) throw new Error('Baileys could not open a server frame');
        serverToClient.push({ counter: i, xml: baileys7.binaryNodeToString(n), plaintext: hex(plaintext), frame: hex(frame) });
    }

    return {
        'noise-handshake.json': {
            description:
                'Noise_XX_25519_AESGCM_SHA256 as WhatsApp uses it: Baileys 6.17.16 makeNoiseHandler (initiator, header 57410603) ' +
                'against the wa-emulator responder. See vectors/README.md.',
            now: NOW,
            noiseMode: hex(NOISE_MODE),
            prologue: hex(PROLOGUE),
            tokenTable: 3,
            keys: Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, pair(v)])),
            certChain: { bytes: hex(chain.bytes), intermediate: certJson(chain.intermediate), leaf: certJson(chain.leaf) },
            clientPayload: { bytes: hex(payloadBytes), username: '5511900000001', device: 3, passive: false, pull: true },
            clientHello: { bytes: hex(clientHello), handshakeMessage: hex(helloMsg) },
            serverHello: {
                frame: hex(serverHello),
                handshakeMessage: hex(serverHelloMsg),
                ephemeral: hex(shake.serverHello.ephemeral),
                static: hex(shake.serverHello.static),
                payload: hex(shake.serverHello.payload),
            },
            clientFinish: { frame: hex(clientFinish), handshakeMessage: hex(finishMsg), static: hex(keyEnc), payload: hex(payloadEnc) },
            responderSteps: steps,
            split: { clientWriteKey: hex(transport.readKey), clientReadKey: hex(transport.writeKey) },
            transport: { clientToServer, serverToClient },
        },
    };
}
