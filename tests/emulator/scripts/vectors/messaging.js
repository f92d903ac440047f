// Golden vectors for the building blocks of 1:1 messaging (docs/protocol.md §8.2, §10, §11): Message
// protobufs as Baileys' proto encoder writes them, two Signal sessions made by Baileys' own libsignal repository
// (Signal/libsignal.js over libsignal 6.0.0) with a "Balcão" identity whose keys are in the file (one the peer
// starts: pkmsgs to us; one we start: our pkmsg, then msgs to us), and the prekey, usync and bundle stanzas
// Baileys builds and accepts. Every node is given readable and encoded with
// the v3 token table (baileys 7.0.0-rc14's encodeBinaryNode), as our engine speaks it.
//
// Determinism: libsignal-node's only randomness is curve.generateKeyPair (X3DH base keys and ratchet keys, via
// node:crypto generateKeyPairSync); it is replaced by a sequence of fixed key pairs while the transcript is
// made and restored afterwards. Signatures are deterministic (libsignal calls curve25519-js sign() without
// random bytes), pad lengths are chosen instead of drawn, and Baileys' message tags are fixed. The JSON format is
// described in vectors/README.md ("messaging.json").
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import libsignal from 'libsignal';
import * as baileys7 from 'baileys';
import { pad } from '../../src/phone/padding.js';

const require = createRequire(import.meta.url);
// Baileys is CommonJS; require() sees every export (the ESM named-export scan misses `proto`).
const baileys = require('@whiskeysockets/baileys');
const { makeLibSignalRepository } = require('@whiskeysockets/baileys/lib/Signal/libsignal');
const baileysSocketModule = require('@whiskeysockets/baileys/lib/Socket/socket');
const { makeUSyncSocket } = require('@whiskeysockets/baileys/lib/Socket/usync');

const { Curve, getNextPreKeysNode, parseAndInjectE2ESessions, extractDeviceJids, USyncQuery, USyncUser,
    generateWAMessageContent, unpadRandomMax16, S_WHATSAPP_NET } = baileys;

// Baileys 6 and baileys 7 put their generated protobuf code on the one protobufjs default root, so whichever
// loaded last answers for `proto` in both (other vector modules load both). While this module generates, that
// root holds Baileys 6's own classes again (its WAProto module evaluated anew); the previous ones are put back
// afterwards. Baileys 6's code reads `proto` from that root on every use, so it sees its own too.
const waProtoPath = require.resolve('@whiskeysockets/baileys/WAProto/index.js');
let proto;
async function withBaileys6Proto(body) {
    const root = require(waProtoPath);
    const saved = root.proto;
    delete require.cache[waProtoPath];
    require(waProtoPath);
    proto = root.proto;
    try {
        return await body();
    } finally {
        root.proto = saved;
        proto = undefined;
    }
}

const hex = (b) => Buffer.from(b).toString('hex');
const pair = (kp) => ({ priv: hex(kp.private), pub: hex(kp.public) });

function bytes(label, length = 32) {
    const out = Buffer.alloc(length);
    for (let i = 0, block = 0; i < length; block++) {
        const digest = createHash('sha256').update(`balcao messaging vector ${label} ${block}`).digest();
        i += digest.copy(out, i);
    }
    return out;
}

// A Baileys-shaped key pair ({ public: 32, private: 32 }); private keys are clamped, as Baileys stores them.
function keyPair(label) {
    const priv = bytes(label);
    priv[0] &= 248;
    priv[31] &= 127;
    priv[31] |= 64;
    return { private: priv, public: libsignal.curve.getPublicFromPrivateKey(priv).subarray(1) };
}

function check(condition, what) {
    if (!condition) throw new Error(`messaging vector: ${what}`);
}

const BALCAO_JID = '5511900000001:3@s.whatsapp.net'; // our companion (the C++ side)
const BALCAO_PHONE_JID = '5511900000001@s.whatsapp.net';
const PEER_JID = '5511900000002@s.whatsapp.net'; // a contact's phone (the libsignal-node side)
const PEER_COMPANION_JID = '5511900000002:7@s.whatsapp.net'; // that contact's companion device
const TIMESTAMP = Date.UTC(2026, 10, 24) / 1000; // 2026-11-24T00:00:00Z
const FIRST_PREKEY_ID = 0x01f4a0; // uses all three bytes of the wire id
const PREKEY_COUNT = 30; // Baileys' INITIAL_PREKEY_COUNT

// One device's Baileys credentials and keys: what `authState` holds.
function makeDevice(label, registrationId, signedPreKeyId, firstPreKeyId, preKeyCount) {
    const identity = keyPair(`${label} identity`);
    const signedPreKeyPair = keyPair(`${label} signed prekey`);
    // Baileys Utils/crypto.js signedKeyPair: the identity signs 05 || signed prekey public.
    const signature = Curve.sign(identity.private, Buffer.concat([Buffer.from([5]), signedPreKeyPair.public]));
    check(libsignal.curve.verifySignature(Buffer.concat([Buffer.from([5]), identity.public]),
        Buffer.concat([Buffer.from([5]), signedPreKeyPair.public]), signature), `${label} signed prekey signature`);
    const preKeys = [];
    for (let i = 0; i < preKeyCount; i++) preKeys.push({ id: firstPreKeyId + i, keyPair: keyPair(`${label} prekey ${i}`) });
    return {
        creds: {
            registrationId,
            signedIdentityKey: identity,
            signedPreKey: { keyId: signedPreKeyId, keyPair: signedPreKeyPair, signature },
            nextPreKeyId: firstPreKeyId + preKeyCount,
            firstUnuploadedPreKeyId: firstPreKeyId,
        },
        preKeys,
    };
}

// Baileys' SignalKeyStore contract (get returns only the ids it has; set with null deletes), in memory.
function memoryKeys(initial = {}) {
    const data = {};
    for (const [type, entries] of Object.entries(initial)) data[type] = { ...entries };
    return {
        get: async (type, ids) => Object.fromEntries(ids.filter((id) => data[type]?.[id] != null).map((id) => [id, data[type][id]])),
        set: async (changes) => {
            for (const [type, entries] of Object.entries(changes)) {
                data[type] ??= {};
                for (const [id, value] of Object.entries(entries)) {
                    if (value == null) delete data[type][id];
                    else data[type][id] = value;
                }
            }
        },
    };
}

function authState(device) {
    const preKeys = Object.fromEntries(device.preKeys.map((k) => [String(k.id), k.keyPair]));
    return { creds: device.creds, keys: memoryKeys({ 'pre-key': preKeys }) };
}

function deviceJson(device) {
    const { creds } = device;
    return {
        registrationId: creds.registrationId,
        identityKey: pair(creds.signedIdentityKey),
        signedPreKey: { id: creds.signedPreKey.keyId, ...pair(creds.signedPreKey.keyPair), signature: hex(creds.signedPreKey.signature) },
        preKeys: device.preKeys.map((k) => ({ id: k.id, ...pair(k.keyPair) })),
    };
}

// ---- nodes -----------------------------------------------------------------------------------------------

function contentJson(content) {
    if (content === undefined || content === null) return undefined;
    if (Array.isArray(content)) return content.map(nodeJson);
    if (typeof content === 'string') return { text: content };
    return { hex: hex(content) };
}

// The readable form binary-v3.json uses: attributes as ordered pairs, content a list, {hex} or {text}.
function nodeJson(node) {
    const out = { tag: node.tag, attrs: Object.entries(node.attrs ?? {}).filter(([, v]) => v !== undefined && v !== null) };
    const content = contentJson(node.content);
    if (content !== undefined) out.content = content;
    return out;
}

function nodeVector(node) {
    return { node: nodeJson(node), encoded: hex(baileys7.encodeBinaryNode(node)) };
}

// The <iq type="result"> the server answers an `encrypt get key` query with, one <user> per device bundle.
function bundleUser(jid, device, preKey) {
    const { creds } = device;
    const content = [
        { tag: 'registration', attrs: {}, content: Buffer.from([0, 0, creds.registrationId >> 8, creds.registrationId & 0xff]) },
        { tag: 'type', attrs: {}, content: Buffer.from([5]) },
        { tag: 'identity', attrs: {}, content: creds.signedIdentityKey.public },
        { tag: 'skey', attrs: {}, content: [
            { tag: 'id', attrs: {}, content: encodeId(creds.signedPreKey.keyId) },
            { tag: 'value', attrs: {}, content: creds.signedPreKey.keyPair.public },
            { tag: 'signature', attrs: {}, content: creds.signedPreKey.signature },
        ] },
    ];
    if (preKey) {
        content.push({ tag: 'key', attrs: {}, content: [
            { tag: 'id', attrs: {}, content: encodeId(preKey.id) },
            { tag: 'value', attrs: {}, content: preKey.keyPair.public },
        ] });
    }
    return { tag: 'user', attrs: { jid }, content };
}

function encodeId(id) {
    return Buffer.from([(id >> 16) & 0xff, (id >> 8) & 0xff, id & 0xff]);
}

function resultIq(id, content) {
    return { tag: 'iq', attrs: { from: S_WHATSAPP_NET, type: 'result', id }, content };
}

// Baileys messages-send.js assertSessions builds this query inline (it is not exported), so it is
// transcribed: <iq xmlns="encrypt" type="get" to="@s.whatsapp.net"><key><user jid/>…</key></iq>.
function keyQuery(jids) {
    return { tag: 'iq', attrs: { xmlns: 'encrypt', type: 'get', to: S_WHATSAPP_NET },
        content: [{ tag: 'key', attrs: {}, content: jids.map((jid) => ({ tag: 'user', attrs: { jid } })) }] };
}

// ---- deterministic libsignal -------------------------------------------------------------------------------

// Replaces libsignal's key generation with labelled key pairs; `handedOut` lists the private keys in order.
async function withFixedRatchetKeys(label, body) {
    const original = libsignal.curve.generateKeyPair;
    const handedOut = [];
    libsignal.curve.generateKeyPair = () => {
        const kp = keyPair(`${label} libsignal key ${handedOut.length}`);
        handedOut.push(kp.private);
        return { pubKey: Buffer.concat([Buffer.from([5]), kp.public]), privKey: kp.private };
    };
    try {
        return await body(handedOut);
    } finally {
        libsignal.curve.generateKeyPair = original;
    }
}

// ---- Message protobufs -------------------------------------------------------------------------------------

async function messageSamples() {
    const extended = await generateWAMessageContent({ text: 'Olá, Balcão! Este texto vem do Baileys.' }, {});
    check(extended.extendedTextMessage?.text, 'Baileys 6 builds extendedTextMessage for text');
    const conversation = { conversation: 'Oi! Mensagem simples 👋' };
    const image = {
        imageMessage: {
            url: 'https://mmg.whatsapp.net/v/t62.7118-24/balcao-vector.enc',
            mimetype: 'image/jpeg',
            caption: 'Foto da vitrine',
            fileSha256: bytes('image sha256'),
            fileLength: 48213,
            height: 1280,
            width: 960,
            mediaKey: bytes('image media key'),
            fileEncSha256: bytes('image enc sha256'),
            directPath: '/v/t62.7118-24/balcao-vector.enc',
            mediaKeyTimestamp: TIMESTAMP,
        },
    };
    const historySync = {
        protocolMessage: {
            type: proto.Message.ProtocolMessage.Type.HISTORY_SYNC_NOTIFICATION,
            historySyncNotification: {
                fileSha256: bytes('history sha256'),
                fileLength: 9321,
                mediaKey: bytes('history media key'),
                fileEncSha256: bytes('history enc sha256'),
                directPath: '/v/t62.36145-24/balcao-history.enc',
                syncType: proto.Message.HistorySyncNotification.HistorySyncType.INITIAL_BOOTSTRAP,
                chunkOrder: 1,
                originalMessageId: '3EB0BALCAOHISTORY01',
                progress: 42,
            },
        },
    };
    const keyShare = {
        protocolMessage: {
            type: proto.Message.ProtocolMessage.Type.APP_STATE_SYNC_KEY_SHARE,
            appStateSyncKeyShare: {
                keys: [0, 1].map((i) => ({
                    keyId: { keyId: bytes(`app state key id ${i}`, 6) },
                    keyData: {
                        keyData: bytes(`app state key data ${i}`),
                        fingerprint: { rawId: 1000 + i, currentIndex: 2, deviceIndexes: [0, 3] },
                        timestamp: TIMESTAMP * 1000 + i,
                    },
                })),
            },
        },
    };
    const revoke = {
        protocolMessage: { key: { remoteJid: PEER_JID, fromMe: true, id: '3EB0BALCAOREVOKED01' }, type: proto.Message.ProtocolMessage.Type.REVOKE },
    };
    const samples = {
        conversation,
        extendedText: extended,
        deviceSent: { deviceSentMessage: { destinationJid: PEER_JID, message: conversation } },
        image,
        video: { videoMessage: { mimetype: 'video/mp4', caption: 'Vídeo curto', seconds: 12, fileLength: 100000 } },
        audio: { audioMessage: { mimetype: 'audio/ogg; codecs=opus', seconds: 4, ptt: false } },
        voiceNote: { audioMessage: { mimetype: 'audio/ogg; codecs=opus', seconds: 7, ptt: true } },
        document: { documentMessage: { mimetype: 'application/pdf', title: 'Pedido', fileName: 'pedido-123.pdf', fileLength: 2048 } },
        documentWithCaption: { documentWithCaptionMessage: { message: { documentMessage: { mimetype: 'application/pdf', fileName: 'nota.pdf', caption: 'Segue a nota' } } } },
        sticker: { stickerMessage: { mimetype: 'image/webp', isAnimated: false, height: 512, width: 512 } },
        contact: { contactMessage: { displayName: 'Maria Souza', vcard: 'BEGIN:VCARD\nVERSION:3.0\nFN:Maria Souza\nTEL;type=CELL;waid=5511900000009:+55 11 90000-0009\nEND:VCARD' } },
        location: { locationMessage: { degreesLatitude: -23.5505, degreesLongitude: -46.6333, name: 'Loja Centro', address: 'Praça da Sé, São Paulo' } },
        reaction: { reactionMessage: { key: { remoteJid: PEER_JID, fromMe: true, id: '3EB0BALCAOREACTED1' }, text: '👍', senderTimestampMs: TIMESTAMP * 1000 } },
        ephemeralText: { ephemeralMessage: { message: { extendedTextMessage: { text: 'Some em 7 dias', contextInfo: { expiration: 604800 } } } } },
        viewOnceImage: { viewOnceMessageV2: { message: { imageMessage: { mimetype: 'image/jpeg', caption: 'Uma vez só', viewOnce: true } } } },
        historySync,
        appStateKeyShare: keyShare,
        revoke,
        reply: {
            extendedTextMessage: {
                text: 'Chega amanhã, @5511900000009',
                contextInfo: {
                    stanzaId: '3EB0BALCAOQUOTED01',
                    participant: PEER_JID,
                    quotedMessage: { conversation: 'Quando chega o pedido?' },
                    mentionedJid: ['5511900000009@s.whatsapp.net'],
                    isForwarded: true,
                    forwardingScore: 3,
                },
            },
        },
        edit: {
            protocolMessage: {
                key: { remoteJid: PEER_JID, fromMe: true, id: '3EB0BALCAOEDITED01' },
                type: proto.Message.ProtocolMessage.Type.MESSAGE_EDIT,
                editedMessage: { conversation: 'Texto corrigido' },
                timestampMs: TIMESTAMP * 1000 + 5,
            },
        },
        poll: { pollCreationMessage: { name: 'Qual horário?', options: [{ optionName: '9h' }, { optionName: '14h' }], selectableOptionsCount: 1 } },
        senderKeyOnly: { senderKeyDistributionMessage: { groupId: '120363000000000001@g.us', axolotlSenderKeyDistributionMessage: bytes('skdm', 40) } },
        empty: {},
    };
    const out = {};
    const objects = {};
    for (const [name, message] of Object.entries(samples)) {
        objects[name] = plainJson(message);
        const err = proto.Message.verify(message);
        check(err === null, `${name} does not verify: ${err}`);
        out[name] = Buffer.from(proto.Message.encode(message).finish());
    }
    // Baileys relays a deviceSentMessage by encoding this very object (messages-send.js relayMessage): the inner
    // message must be the same bytes the recipient gets.
    check(out.deviceSent.includes(out.conversation), 'deviceSentMessage embeds the conversation bytes');
    return { bytes: out, objects };
}

// The object given to proto.Message.encode, with byte fields as hex strings.
function plainJson(value) {
    if (Buffer.isBuffer(value) || value instanceof Uint8Array) return hex(value);
    if (Array.isArray(value)) return value.map(plainJson);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainJson(v)]));
    return value;
}

// ---- the Signal transcripts ---------------------------------------------------------------------------------

function padMessage(messages, name, length) {
    const padded = pad(messages[name], length);
    check(Buffer.from(unpadRandomMax16(padded)).equals(messages[name]), `${name} unpads with Baileys`);
    return padded;
}

async function send(fromRepo, toRepo, fromJid, toJid, messages, step) {
    const padded = padMessage(messages, step.message, step.pad);
    const { type, ciphertext } = await fromRepo.encryptMessage({ jid: toJid, data: padded });
    const opened = await toRepo.decryptMessage({ jid: fromJid, type, ciphertext });
    check(Buffer.from(opened).equals(padded), `${step.name}: the receiver decrypts it`);
    return { name: step.name, from: fromJid, to: toJid, type, message: step.message, padLength: step.pad,
        padded: hex(padded), ciphertext: hex(ciphertext) };
}

// The peer's phone starts a session with us from our bundle (we are Bob) and sends two pkmsgs. Baileys' repository
// stands in for Balcão to prove they open; with no answer from us every message of this session stays a pkmsg.
async function incoming(peer, balcao, messages) {
    const peerRepo = makeLibSignalRepository(authState(peer));
    const balcaoAuth = authState(balcao);
    const balcaoRepo = makeLibSignalRepository(balcaoAuth);
    const bundlePreKey = balcao.preKeys[0];
    const query = keyQuery([BALCAO_JID]);
    const answer = resultIq('key-1', [{ tag: 'list', attrs: {}, content: [bundleUser(BALCAO_JID, balcao, bundlePreKey)] }]);
    await parseAndInjectE2ESessions(answer, peerRepo);
    const out = [];
    for (const step of [{ name: 'conversation', message: 'conversation', pad: 1 }, { name: 'extendedText', message: 'extendedText', pad: 15 }])
        out.push(await send(peerRepo, balcaoRepo, PEER_JID, BALCAO_JID, messages, step));
    check(out.every((m) => m.type === 'pkmsg'), 'unanswered messages are pkmsgs');
    const left = await balcaoAuth.keys.get('pre-key', [String(bundlePreKey.id)]);
    check(Object.keys(left).length === 0, 'the pkmsg consumed the one-time prekey');
    return { keyQuery: nodeVector(query), keyAnswer: nodeVector(answer), bundlePreKeyId: bundlePreKey.id, messages: out };
}

// We start a session with the peer's companion from its bundle (we are Alice) and send a pkmsg; it answers with
// msgs. libsignal-node made our side with two fixed key pairs (the X3DH base key, then the first sending ratchet
// key): libsignal-protocol-c draws the same two private keys from its random callback in the same order, so
// given them it writes the same pkmsg and can open the answers.
async function outgoing(companion, balcao, messages) {
    return withFixedRatchetKeys('outgoing balcao', async (balcaoKeys) => {
        const balcaoRepo = makeLibSignalRepository(authState(balcao));
        const companionRepo = makeLibSignalRepository(authState(companion));
        const preKey = companion.preKeys[0];
        const query = keyQuery([PEER_COMPANION_JID]);
        const answer = resultIq('key-4', [{ tag: 'list', attrs: {}, content: [bundleUser(PEER_COMPANION_JID, companion, preKey)] }]);
        await parseAndInjectE2ESessions(answer, balcaoRepo);
        check(balcaoKeys.length === 2, `X3DH drew ${balcaoKeys.length} key pairs, not 2`);
        const random = balcaoKeys.map(hex);
        const out = [await send(balcaoRepo, companionRepo, BALCAO_JID, PEER_COMPANION_JID, messages,
            { name: 'first', message: 'conversation', pad: 5 })];
        for (const step of [
            { name: 'deviceSent', message: 'deviceSent', pad: 7 },
            { name: 'image', message: 'image', pad: 3 },
            { name: 'historySync', message: 'historySync', pad: 12 },
            { name: 'appStateKeyShare', message: 'appStateKeyShare', pad: 9 },
        ]) {
            out.push(await send(companionRepo, balcaoRepo, PEER_COMPANION_JID, BALCAO_JID, messages, step));
        }
        const types = out.map((m) => m.type).join(',');
        check(types === 'pkmsg,msg,msg,msg,msg', `unexpected message types ${types}`);
        return { keyQuery: nodeVector(query), keyAnswer: nodeVector(answer), preKeyId: preKey.id, random, messages: out };
    });
}

// ---- prekeys -------------------------------------------------------------------------------------------------

async function preKeyVectors(balcao, peer, companion) {
    const state = authState(balcao);
    const { update, node } = await getNextPreKeysNode(state, PREKEY_COUNT);
    check(update.nextPreKeyId === balcao.creds.nextPreKeyId, 'Baileys uploads the stored prekeys without new ones');
    const ids = node.content.find((c) => c.tag === 'list').content.map((k) => Buffer.from(k.content[0].content).readUIntBE(0, 3));
    check(ids[0] === FIRST_PREKEY_ID && ids.length === PREKEY_COUNT, 'upload lists the stored prekeys');

    // socket.js getAvailablePreKeysOnServer builds the count query inline (id first); transcribed here.
    const countQuery = { tag: 'iq', attrs: { id: 'count-1', xmlns: 'encrypt', type: 'get', to: S_WHATSAPP_NET }, content: [{ tag: 'count', attrs: {} }] };
    const countAnswer = resultIq('count-1', [{ tag: 'count', attrs: { value: '3' } }]);

    // The peer's bundle as the server hands it to us, and answers Baileys refuses.
    const peerAnswer = resultIq('key-2', [{ tag: 'list', attrs: {}, content: [
        bundleUser(PEER_JID, peer, peer.preKeys[1]),
        bundleUser(PEER_COMPANION_JID, companion, undefined),
    ] }]);
    await parseAndInjectE2ESessions(peerAnswer, makeLibSignalRepository(authState(balcao)));

    const withoutChild = (tag) => {
        const user = bundleUser(PEER_JID, peer, peer.preKeys[1]);
        user.content = user.content.filter((c) => c.tag !== tag);
        return user;
    };
    const rejectRows = [
        { name: 'server error for the user', user: { tag: 'user', attrs: { jid: PEER_JID }, content: [{ tag: 'error', attrs: { code: '404', text: 'item-not-found' } }] } },
        { name: 'no identity', user: withoutChild('identity') },
        { name: 'no signed prekey', user: withoutChild('skey') },
        { name: 'no registration', user: withoutChild('registration') },
    ];
    const rejects = [];
    for (const row of rejectRows) {
        const answer = resultIq('key-3', [{ tag: 'list', attrs: {}, content: [row.user] }]);
        let baileysError = null;
        try {
            await parseAndInjectE2ESessions(answer, makeLibSignalRepository(authState(balcao)));
        } catch (error) {
            baileysError = String(error.message ?? error);
        }
        check(baileysError !== null || row.name === 'no registration', `Baileys accepts "${row.name}"`);
        rejects.push({ name: row.name, baileysError, ...nodeVector(answer) });
    }
    return {
        count: { query: nodeVector(countQuery), answer: nodeVector(countAnswer), value: 3 },
        upload: { count: PREKEY_COUNT, firstId: FIRST_PREKEY_ID, ...nodeVector(node) },
        peerBundle: { query: nodeVector(keyQuery([PEER_JID, PEER_COMPANION_JID])), answer: nodeVector(peerAnswer),
            preKeyId: peer.preKeys[1].id },
        rejects,
    };
}

// ---- usync -----------------------------------------------------------------------------------------------------

async function usyncVectors() {
    // usync.js builds the iq inside makeUSyncSocket; a stand-in for makeSocket captures what it sends and gives
    // it the answer. The stand-in is removed before returning.
    const answerFor = (sid) => resultIq('usync-1', [{ tag: 'usync', attrs: { sid, index: '0', last: 'true' }, content: [
        { tag: 'list', attrs: {}, content: [
            { tag: 'user', attrs: { jid: PEER_JID }, content: [{ tag: 'devices', attrs: {}, content: [
                { tag: 'device-list', attrs: {}, content: [
                    { tag: 'device', attrs: { id: '0' } },
                    { tag: 'device', attrs: { id: '2', 'key-index': '1' } },
                    { tag: 'device', attrs: { id: '5' } },
                    { tag: 'device', attrs: { id: '7', 'key-index': '3', is_hosted: 'false' } },
                ] },
                { tag: 'key-index-list', attrs: { ts: String(TIMESTAMP) }, content: bytes('key index list', 24) },
            ] }] },
            { tag: 'user', attrs: { jid: BALCAO_PHONE_JID }, content: [{ tag: 'devices', attrs: {}, content: [
                { tag: 'device-list', attrs: {}, content: [
                    { tag: 'device', attrs: { id: '0' } },
                    { tag: 'device', attrs: { id: '3', 'key-index': '2' } },
                    { tag: 'device', attrs: { id: '4', 'key-index': '4' } },
                ] },
            ] }] },
        ] },
    ] }]);
    let sent;
    const original = baileysSocketModule.makeSocket;
    baileysSocketModule.makeSocket = () => ({
        generateMessageTag: () => 'usync-sid-1',
        query: async (node) => {
            sent = node;
            return answerFor(node.content[0].attrs.sid);
        },
    });
    let result;
    try {
        const sock = makeUSyncSocket({});
        // messages-send.js getUSyncDevices([meId, jid], …): users normalised, in that order.
        const query = new USyncQuery().withContext('message').withDeviceProtocol();
        for (const jid of [BALCAO_PHONE_JID, PEER_JID]) query.withUser(new USyncUser().withId(jid));
        result = await sock.executeUSyncQuery(query);
    } finally {
        baileysSocketModule.makeSocket = original;
    }
    const extracted = extractDeviceJids(result.list, BALCAO_JID, true);
    // relayMessage adds device 0 of the recipient and of ourselves before the extracted devices.
    const destinations = [{ user: '5511900000002', device: 0 }, { user: '5511900000001', device: 0 }, ...extracted];
    const jid = ({ user, device }) => `${user}${device ? `:${device}` : ''}@s.whatsapp.net`;
    return {
        ownJid: BALCAO_JID,
        users: [BALCAO_PHONE_JID, PEER_JID],
        sid: sent.content[0].attrs.sid,
        query: nodeVector(sent),
        answer: nodeVector(answerFor(sent.content[0].attrs.sid)),
        baileysExtracted: extracted.map(jid),
        baileysDestinations: destinations.map(jid),
    };
}

export async function generate() {
    return withBaileys6Proto(generateWithBaileys6);
}

async function generateWithBaileys6() {
    const balcao = makeDevice('balcao', 0x1a2b, 7, FIRST_PREKEY_ID, PREKEY_COUNT);
    const peer = makeDevice('peer', 0x0c0d, 0x00a1b2, 41, 4);
    const companion = makeDevice('peer companion', 0x0321, 3, 900, 2);
    const { bytes: messages, objects } = await messageSamples();
    const signal = {
        incoming: await withFixedRatchetKeys('incoming', () => incoming(peer, balcao, messages)),
        outgoing: await outgoing(companion, balcao, messages),
    };
    const preKeys = await withFixedRatchetKeys('prekeys', () => preKeyVectors(balcao, peer, companion));
    const usync = await usyncVectors();
    return {
        'messaging.json': {
            library: 'Baileys 6.17.16 (libsignal 6.0.0); nodes encoded by baileys 7.0.0-rc14 (token table v3)',
            balcao: { jid: BALCAO_JID, ...deviceJson(balcao) },
            peer: { jid: PEER_JID, ...deviceJson(peer) },
            peerCompanion: { jid: PEER_COMPANION_JID, ...deviceJson(companion) },
            messages: Object.fromEntries(Object.entries(messages).map(([name, b]) => [name, hex(b)])),
            messageObjects: objects,
            signal,
            preKeys,
            usync,
        },
    };
}
