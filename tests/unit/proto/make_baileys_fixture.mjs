#!/usr/bin/env node
// Writes baileys_fixture.json: protobuf bytes produced by the real client library's encoder
// (@whiskeysockets/baileys 6.17.16, WAProto compiled by protobufjs), with each message's values as
// protobufjs's toObject prints them. tst_proto parses the bytes with Balcão's own .proto subset and checks
// that it reads the same values. Run once from the repository root:
//   node tests/unit/proto/make_baileys_fixture.mjs > tests/unit/proto/baileys_fixture.json
// Inputs are fixed (no randomness), so running it again reproduces the file byte for byte.
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../emulator/package.json'));
const { proto } = require('@whiskeysockets/baileys/WAProto');
const { generateRegistrationNode, generateLoginNode } =
    require('@whiskeysockets/baileys/lib/Utils/validate-connection.js');
const { DEFAULT_CONNECTION_CONFIG } = require('@whiskeysockets/baileys/lib/Defaults/index.js');
const bversion = require('@whiskeysockets/baileys/package.json').version;

// Deterministic "random" bytes: SHA-256 chains of a label.
const bytes = (label, n) => {
    let out = Buffer.alloc(0);
    for (let i = 0; out.length < n; i++)
        out = Buffer.concat([out, createHash('sha256').update(`${label}/${i}`).digest()]);
    return out.subarray(0, n);
};

const cases = [];
// `value` is a plain object, or a message Baileys built itself (fromObject returns those unchanged).
const add = (name, typeName, type, value) => {
    const message = type.fromObject(value);
    const encoded = type.encode(message).finish();
    const decoded = type.decode(encoded);
    const json = type.toObject(decoded, { longs: String, enums: String, bytes: String });
    cases.push({ name, type: typeName, hex: Buffer.from(encoded).toString('hex'), json });
};
const encode = (type, value) => type.encode(type.fromObject(value)).finish();

// --- Noise handshake ---------------------------------------------------------------------------------
add('clientHello', 'HandshakeMessage', proto.HandshakeMessage,
    { clientHello: { ephemeral: bytes('client-ephemeral', 32) } });
add('serverHello', 'HandshakeMessage', proto.HandshakeMessage,
    { serverHello: { ephemeral: bytes('server-ephemeral', 32), static: bytes('static-ct', 48),
                     payload: bytes('cert-ct', 300) } });
add('clientFinish', 'HandshakeMessage', proto.HandshakeMessage,
    { clientFinish: { static: bytes('noise-ct', 48), payload: bytes('payload-ct', 200) } });

const details = (serial, issuerSerial, label) => encode(proto.CertChain.NoiseCertificate.Details,
    { serial, issuerSerial, key: bytes(label, 32), notBefore: 1700000000, notAfter: 4102444800 });
add('certDetails', 'CertChain.NoiseCertificate.Details', proto.CertChain.NoiseCertificate.Details,
    { serial: 7, issuerSerial: 3, key: bytes('leaf-key', 32), notBefore: 1700000000, notAfter: '18446744073709551615' });
add('certChain', 'CertChain', proto.CertChain, {
    leaf: { details: details(2, 1, 'leaf-key'), signature: bytes('leaf-sig', 64) },
    intermediate: { details: details(1, 0, 'intermediate-key'), signature: bytes('intermediate-sig', 64) },
});

// --- ClientPayload, built by Baileys' own functions ----------------------------------------------------
const config = { ...DEFAULT_CONNECTION_CONFIG, countryCode: 'BR' };
const creds = {
    registrationId: 12345,
    signedIdentityKey: { public: bytes('identity-pub', 32) },
    signedPreKey: { keyId: 1, keyPair: { public: bytes('spk-pub', 32) }, signature: bytes('spk-sig', 64) },
};
const registration = generateRegistrationNode(creds, config);
add('registrationPayload', 'ClientPayload', proto.ClientPayload, registration);
add('loginPayload', 'ClientPayload', proto.ClientPayload,
    generateLoginNode('5511900000001:3@s.whatsapp.net', config));
add('deviceProps', 'DeviceProps', proto.DeviceProps, {
    os: 'Ubuntu', version: { primary: 2, secondary: 3000, tertiary: 1019707846 }, platformType: 'CHROME',
    requireFullSync: true, historySyncConfig: { fullSyncDaysLimit: 30, storageQuotaMb: 1024 },
});

// --- ADV ---------------------------------------------------------------------------------------------
const deviceIdentity = { rawId: 4000000000, timestamp: 1764000000, keyIndex: 2, accountType: 'E2EE', deviceType: 'HOSTED' };
add('advDeviceIdentity', 'ADVDeviceIdentity', proto.ADVDeviceIdentity, deviceIdentity);
const signed = { details: encode(proto.ADVDeviceIdentity, deviceIdentity), accountSignatureKey: bytes('account-key', 32),
                 accountSignature: bytes('account-sig', 64), deviceSignature: bytes('device-sig', 64) };
add('advSignedDeviceIdentity', 'ADVSignedDeviceIdentity', proto.ADVSignedDeviceIdentity, signed);
add('advSignedDeviceIdentityHmac', 'ADVSignedDeviceIdentityHMAC', proto.ADVSignedDeviceIdentityHMAC,
    { details: encode(proto.ADVSignedDeviceIdentity, signed), hmac: bytes('hmac', 32), accountType: 'HOSTED' });

// --- Message -----------------------------------------------------------------------------------------
const media = (label) => ({ url: `https://mmg.whatsapp.net/${label}`, directPath: `/v/t62/${label}`,
    mediaKey: bytes(`${label}-key`, 32), fileSha256: bytes(`${label}-sha`, 32),
    fileEncSha256: bytes(`${label}-encsha`, 32), fileLength: 123456, mediaKeyTimestamp: 1764000000 });
add('conversation', 'Message', proto.Message, { conversation: 'Olá, tudo bem? 😀' });
add('extendedText', 'Message', proto.Message, {
    extendedTextMessage: { text: 'veja https://example.com', matchedText: 'https://example.com',
        canonicalUrl: 'https://example.com/', title: 'Example', description: 'An example',
        contextInfo: { stanzaId: '3EB0AABBCCDD', participant: '5511900000002@s.whatsapp.net',
            quotedMessage: { conversation: 'pergunta' }, mentionedJid: ['5511900000003@s.whatsapp.net',
            '5511900000004@s.whatsapp.net'], expiration: 604800 } },
    messageContextInfo: { deviceListMetadata: { senderKeyHash: bytes('skh', 10), senderTimestamp: 1763999000,
        senderKeyIndexes: [1, 2, 300], recipientKeyHash: bytes('rkh', 10), recipientTimestamp: 1763999500,
        recipientKeyIndexes: [0, 5], senderAccountType: 'E2EE', receiverAccountType: 'HOSTED' },
        deviceListMetadataVersion: 2, messageSecret: bytes('secret', 32) },
});
add('image', 'Message', proto.Message, { imageMessage: { ...media('image'), mimetype: 'image/jpeg',
    caption: 'foto', height: 1080, width: 1920, jpegThumbnail: bytes('thumb', 40), viewOnce: true } });
add('video', 'Message', proto.Message, { videoMessage: { ...media('video'), mimetype: 'video/mp4',
    caption: 'vídeo', seconds: 42, gifPlayback: true, height: 720, width: 1280 } });
add('audio', 'Message', proto.Message, { audioMessage: { ...media('audio'), mimetype: 'audio/ogg; codecs=opus',
    seconds: 7, ptt: true } });
add('document', 'Message', proto.Message, { documentMessage: { ...media('document'), mimetype: 'application/pdf',
    title: 'Contrato', fileName: 'contrato.pdf', pageCount: 3, caption: 'segue' } });
add('sticker', 'Message', proto.Message, { stickerMessage: { ...media('sticker'), mimetype: 'image/webp',
    height: 512, width: 512, isAnimated: true } });
add('contact', 'Message', proto.Message, { contactMessage: { displayName: 'Maria',
    vcard: 'BEGIN:VCARD\nVERSION:3.0\nFN:Maria\nTEL;waid=5511900000002:+55 11 90000-0002\nEND:VCARD' } });
add('location', 'Message', proto.Message, { locationMessage: { degreesLatitude: -23.5505, degreesLongitude: -46.6333,
    name: 'Loja Centro', address: 'Praça da Sé, São Paulo', url: 'https://maps.example/x', comment: 'aqui' } });
add('historySyncNotification', 'Message', proto.Message, { protocolMessage: { type: 'HISTORY_SYNC_NOTIFICATION',
    historySyncNotification: { fileSha256: bytes('hs-sha', 32), fileLength: 98765, mediaKey: bytes('hs-key', 32),
        fileEncSha256: bytes('hs-encsha', 32), directPath: '/v/t62.hist/abc', syncType: 'INITIAL_BOOTSTRAP',
        chunkOrder: 1, originalMessageId: '3EB0HIST', progress: 50, oldestMsgInChunkTimestampSec: 1700000000 } } });
add('appStateSyncKeyShare', 'Message', proto.Message, { protocolMessage: { type: 'APP_STATE_SYNC_KEY_SHARE',
    appStateSyncKeyShare: { keys: [1, 2].map((i) => ({ keyId: { keyId: bytes(`keyid${i}`, 6) },
        keyData: { keyData: bytes(`keydata${i}`, 32), timestamp: 1764000000000 + i,
            fingerprint: { rawId: 1000 + i, currentIndex: i, deviceIndexes: [0, i] } } })) } } });
add('revoke', 'Message', proto.Message, { protocolMessage: { type: 'REVOKE',
    key: { remoteJid: '5511900000002@s.whatsapp.net', fromMe: true, id: '3EB0REVOKED' } } });
add('deviceSent', 'Message', proto.Message, { deviceSentMessage: { destinationJid: '5511900000002@s.whatsapp.net',
    message: { conversation: 'enviado pelo celular' }, phash: '2:abcd' } });
add('senderKeyDistribution', 'Message', proto.Message, {
    senderKeyDistributionMessage: { groupId: '120363000000000000@g.us',
        axolotlSenderKeyDistributionMessage: bytes('skdm', 80) },
    conversation: 'oi grupo', messageContextInfo: { messageSecret: bytes('secret2', 32) } });
add('reaction', 'Message', proto.Message, { reactionMessage: { key: { remoteJid: '5511900000002@s.whatsapp.net',
    fromMe: false, id: '3EB0REACTED' }, text: '👍', groupingKey: '👍', senderTimestampMs: 1764000000123 } });
add('documentWithCaption', 'Message', proto.Message, { documentWithCaptionMessage: { message: { documentMessage: {
    ...media('doccap'), mimetype: 'application/pdf', fileName: 'nota.pdf', caption: 'nota fiscal' } } } });
add('ephemeral', 'Message', proto.Message, { ephemeralMessage: { message: { extendedTextMessage: {
    text: 'some em 7 dias', contextInfo: { expiration: 604800 } } } } });

process.stdout.write(JSON.stringify({
    source: `@whiskeysockets/baileys ${bversion} (WAProto, protobufjs encoder); generated by tests/unit/proto/make_baileys_fixture.mjs`,
    cases,
}, null, 1) + '\n');
