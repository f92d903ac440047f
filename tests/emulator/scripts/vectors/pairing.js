// Golden vectors for linking a companion (docs/protocol.md §6, §7): the QR string, a pair-success with the
// companion's pair-device-sign answer, and a complete pairing-code exchange. All keys and "random" bytes are
// fixed (SHA-256 of a label). The companion side is always Baileys 6.17.16 (configureSuccessfulPairing and the
// crypto helpers its socket uses); the phone side is the emulator's, and the generator throws unless both sides
// agree and every signature verifies with libsignal. libsignal 6.0.0 calls curve25519-js sign() without random
// bytes, so XEdDSA signatures are deterministic and regeneration is byte-identical.
// The JSON format is described in vectors/README.md ("pairing.json").
import { createHash, createHmac } from 'node:crypto';
import libsignal from 'libsignal';
import * as baileys from '@whiskeysockets/baileys';
import * as baileys7 from 'baileys';
import { keyPairFromPrivate, agree } from '../../src/phone/curve.js';
import { buildSignedDeviceIdentity, checkDeviceSignature } from '../../src/phone/adv.js';
import { companionFinish, deriveLinkKey, primaryHello } from '../../src/phone/pair-code.js';

const { WAProto: proto, Curve, configureSuccessfulPairing, encodeSignedDeviceIdentity } = baileys;

const hex = (b) => Buffer.from(b).toString('hex');
const pair = (kp) => ({ priv: hex(kp.priv), pub: hex(kp.pub) });

function bytes(label, length = 32) {
    const out = Buffer.alloc(length);
    for (let i = 0, block = 0; i < length; block++) {
        const digest = createHash('sha256').update(`balcao pairing vector ${label} ${block}`).digest();
        i += digest.copy(out, i);
    }
    return out;
}

// X25519 private keys are stored clamped, as libsignal and Baileys keep them.
function keyPair(label) {
    const priv = bytes(label);
    priv[0] &= 248;
    priv[31] &= 127;
    priv[31] |= 64;
    return keyPairFromPrivate(priv);
}

// Nodes as binary-v3.json and messaging.json give them: readable (attributes as ordered pairs, content a list,
// {hex} or {text}) and encoded by baileys 7.0.0-rc14 (token table v3, flag byte included). Each must decode back
// to the same node.
function contentJson(content) {
    if (content === undefined || content === null) return undefined;
    if (Array.isArray(content)) return content.map(nodeJson);
    if (typeof content === 'string') return { text: content };
    return { hex: hex(content) };
}

function nodeJson(node) {
    const out = { tag: node.tag, attrs: Object.entries(node.attrs ?? {}).filter(([, v]) => v !== undefined && v !== null) };
    const content = contentJson(node.content);
    if (content !== undefined) out.content = content;
    return out;
}

async function nodeVector(node) {
    const encoded = Buffer.from(baileys7.encodeBinaryNode(node));
    const decoded = await baileys7.decodeBinaryNode(encoded);
    const same = (a, b) => JSON.stringify(nodeJson(a), (k, v) => (v?.text !== undefined ? { hex: Buffer.from(v.text).toString('hex') } : v))
        === JSON.stringify(nodeJson(b), (k, v) => (v?.text !== undefined ? { hex: Buffer.from(v.text).toString('hex') } : v));
    check(same(node, decoded), `<${node.tag}> must decode back to itself`);
    return { node: nodeJson(node), encoded: hex(encoded) };
}

const n = (tag, attrs = {}, content) => (content === undefined ? { tag, attrs } : { tag, attrs, content });
const S_WHATSAPP_NET = '@s.whatsapp.net';

function check(condition, what) {
    if (!condition) throw new Error(`pairing vector: ${what}`);
}

function libsignalVerifies(pub, message, signature) {
    return libsignal.curve.verifySignature(Buffer.concat([Buffer.from([5]), pub]), message, signature) === true;
}

const PHONE_JID = '5511900000001@s.whatsapp.net';
const COMPANION_JID = '5511900000001:3@s.whatsapp.net';
const TIMESTAMP = Date.UTC(2026, 10, 24) / 1000; // 2026-11-24T00:00:00Z

async function qrVector() {
    const noiseKey = keyPair('companion noise key');
    const identityKey = keyPair('companion identity key');
    const advSecret = bytes('companion adv secret');
    const ref = '2@balcaoRefAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==';
    // Baileys 6.17.16 Socket/socket.js, CB:iq,type:set,pair-device: [ref, noiseKeyB64, identityKeyB64, advB64].join(',')
    const qr = [ref, Buffer.from(noiseKey.pub).toString('base64'), Buffer.from(identityKey.pub).toString('base64'),
        advSecret.toString('base64')].join(',');
    // The server's <pair-device> (as the emulator sends it: six refs, ours first) and the companion's answer,
    // as Baileys' CB:iq,type:set,pair-device handler writes it.
    const refs = [ref, ...[2, 3, 4, 5, 6].map((i) => `2@balcaoRef${i}`)];
    const pairDevice = n('iq', { from: S_WHATSAPP_NET, type: 'set', id: 'pair-device-1', xmlns: 'md' }, [
        n('pair-device', {}, refs.map((r) => n('ref', {}, Buffer.from(r)))),
    ]);
    const pairDeviceAck = n('iq', { to: S_WHATSAPP_NET, type: 'result', id: pairDevice.attrs.id });
    return {
        ref, noiseKey: pair(noiseKey), identityKey: pair(identityKey), advSecret: hex(advSecret), qr,
        stanzas: { pairDevice: await nodeVector(pairDevice), pairDeviceAck: await nodeVector(pairDeviceAck) },
    };
}

async function pairSuccessVector() {
    const phoneIdentity = keyPair('phone identity key');
    const companionIdentity = keyPair('companion identity key');
    const advSecret = bytes('companion adv secret');
    const device = { rawId: 0x5a17c0de, timestamp: TIMESTAMP, keyIndex: 3 };
    const built = buildSignedDeviceIdentity({
        phoneIdentity,
        companionIdentityPub: companionIdentity.pub,
        advSecret,
        ...device,
    });
    const accountMessage = Buffer.concat([Buffer.from([6, 0]), built.details, companionIdentity.pub]);
    check(libsignalVerifies(phoneIdentity.pub, accountMessage, built.accountSignature), 'account signature');
    check(built.hmac.equals(createHmac('sha256', advSecret).update(built.signed).digest()), 'hmac');

    const stanza = {
        tag: 'iq',
        attrs: { from: '@s.whatsapp.net', type: 'set', id: 'pair-success-1', xmlns: 'md', t: String(TIMESTAMP) },
        content: [{
            tag: 'pair-success',
            attrs: {},
            content: [
                { tag: 'device-identity', attrs: {}, content: built.deviceIdentity },
                { tag: 'platform', attrs: { name: 'android' } },
                { tag: 'device', attrs: { jid: COMPANION_JID } },
            ],
        }],
    };
    const { reply, creds } = configureSuccessfulPairing(stanza, {
        advSecretKey: advSecret.toString('base64'),
        signedIdentityKey: { public: companionIdentity.pub, private: companionIdentity.priv },
        signalIdentities: [],
    });
    const signNode = reply.content[0].content[0];
    const replyBytes = Buffer.from(signNode.content);
    const deviceSignature = Buffer.from(creds.account.deviceSignature);
    const deviceMessage = Buffer.concat([Buffer.from([6, 1]), built.details, companionIdentity.pub, phoneIdentity.pub]);
    check(libsignalVerifies(companionIdentity.pub, deviceMessage, deviceSignature), 'device signature');
    check(checkDeviceSignature(replyBytes, companionIdentity.pub, phoneIdentity.pub).ok, 'phone accepts the reply');
    const withKey = Buffer.from(encodeSignedDeviceIdentity(creds.account, true));

    // Containers a companion must refuse. Each keeps the HMAC valid unless the HMAC is what is wrong, so a
    // client that checks only the HMAC (Baileys 6.17) accepts all but the first.
    const reseal = (signed) => Buffer.from(proto.ADVSignedDeviceIdentityHMAC.encode({
        details: signed, hmac: createHmac('sha256', advSecret).update(signed).digest() }).finish());
    const flipped = Buffer.from(built.accountSignature);
    flipped[7] ^= 0x01;
    const forOther = buildSignedDeviceIdentity({
        phoneIdentity, companionIdentityPub: keyPair('another companion identity key').pub, advSecret, ...device });
    const byOther = buildSignedDeviceIdentity({
        phoneIdentity: keyPair('another phone identity key'), companionIdentityPub: companionIdentity.pub, advSecret, ...device });
    const byOtherSigned = proto.ADVSignedDeviceIdentity.decode(byOther.signed);
    const rejects = [
        { name: 'hmac under another ADV secret', reason: 'hmac',
            deviceIdentity: hex(buildSignedDeviceIdentity({ phoneIdentity, companionIdentityPub: companionIdentity.pub,
                advSecret: bytes('another adv secret'), ...device }).deviceIdentity) },
        { name: 'account signature with one bit flipped', reason: 'account-signature',
            deviceIdentity: hex(reseal(Buffer.from(proto.ADVSignedDeviceIdentity.encode({
                details: built.details, accountSignatureKey: phoneIdentity.pub, accountSignature: flipped }).finish()))) },
        { name: 'account signature made for another companion identity key', reason: 'account-signature',
            deviceIdentity: hex(forOther.deviceIdentity) },
        { name: 'signed by another key than accountSignatureKey names', reason: 'account-signature',
            deviceIdentity: hex(reseal(Buffer.from(proto.ADVSignedDeviceIdentity.encode({
                details: built.details, accountSignatureKey: phoneIdentity.pub,
                accountSignature: byOtherSigned.accountSignature }).finish()))) },
        { name: 'HMAC container is not a protobuf', reason: 'malformed', deviceIdentity: 'ffffffff' },
    ];
    for (const reject of rejects.slice(1, 4)) {
        const container = proto.ADVSignedDeviceIdentityHMAC.decode(Buffer.from(reject.deviceIdentity, 'hex'));
        const signed = proto.ADVSignedDeviceIdentity.decode(container.details);
        check(!libsignalVerifies(phoneIdentity.pub,
            Buffer.concat([Buffer.from([6, 0]), signed.details, companionIdentity.pub]), Buffer.from(signed.accountSignature)),
        `${reject.name} must not verify`);
    }

    const stanzas = {
        pairSuccess: await nodeVector(stanza),
        pairDeviceSign: await nodeVector(reply),
    };

    return {
        phoneJid: PHONE_JID,
        companionJid: COMPANION_JID,
        phoneIdentityKey: pair(phoneIdentity),
        companionIdentityKey: pair(companionIdentity),
        advSecret: hex(advSecret),
        deviceIdentityFields: { ...device, accountType: 0, deviceType: 0 },
        details: hex(built.details),
        accountSignatureMessage: hex(accountMessage),
        accountSignature: hex(built.accountSignature),
        signedDeviceIdentity: hex(built.signed),
        hmac: hex(built.hmac),
        deviceIdentity: hex(built.deviceIdentity),
        stanza: { id: stanza.attrs.id, t: stanza.attrs.t, platform: 'android', deviceJid: COMPANION_JID },
        reply: {
            id: reply.attrs.id,
            to: reply.attrs.to,
            type: reply.attrs.type,
            keyIndex: signNode.attrs['key-index'],
            deviceIdentity: hex(replyBytes),
            deviceSignatureMessage: hex(deviceMessage),
            deviceSignature: hex(deviceSignature),
        },
        accountWithSignatureKey: hex(withKey),
        rejects,
        stanzas,
        signalIdentity: { name: creds.signalIdentities[0].identifier.name, deviceId: creds.signalIdentities[0].identifier.deviceId,
            key: hex(creds.signalIdentities[0].identifierKey) },
    };
}

async function pairCodeVector() {
    const codeBytes = bytes('pairing code', 5);
    const code = baileys.bytesToCrockford(codeBytes);
    const companionEphemeral = keyPair('companion pairing ephemeral');
    const companionIdentity = keyPair('companion identity key');
    const phoneIdentity = keyPair('phone identity key');
    const phoneEphemeral = keyPair('phone pairing ephemeral');

    // companion_hello, as Baileys generatePairingKey: salt || iv || AES-CTR(PBKDF2(code, salt), iv, pub)
    const companionSalt = bytes('companion wrap salt');
    const companionIv = bytes('companion wrap iv', 16);
    const companionLinkKey = await baileys.derivePairingCodeKey(code, companionSalt);
    const wrappedCompanionEphemeral = Buffer.concat([companionSalt, companionIv,
        baileys.aesEncryptCTR(companionEphemeral.pub, companionLinkKey, companionIv)]);
    check(companionLinkKey.equals(deriveLinkKey(code, companionSalt)), 'PBKDF2 link key');

    // primary_hello, the phone's side (ours), opened again with Baileys' decipherLinkPublicKey steps
    const phoneSalt = bytes('phone wrap salt');
    const phoneIv = bytes('phone wrap iv', 16);
    const hello = primaryHello({
        code,
        wrappedCompanionEphemeral,
        primaryIdentity: phoneIdentity,
        ephemeral: phoneEphemeral,
        salt: phoneSalt,
        iv: phoneIv,
    });
    check(hello.state.companionEphemeralPub.equals(companionEphemeral.pub), 'phone unwraps the companion key');
    const phoneLinkKey = await baileys.derivePairingCodeKey(code, phoneSalt);
    const unwrapped = baileys.aesDecryptCTR(hello.wrappedPrimaryEphemeral.subarray(48, 80), phoneLinkKey, phoneIv);
    check(unwrapped.equals(phoneEphemeral.pub), 'Baileys unwraps the phone key');

    // companion_finish, as Baileys' link_code_companion_reg handler
    const random = bytes('companion bundle random');
    const bundleSalt = bytes('companion bundle salt');
    const bundleIv = bytes('companion bundle iv', 12);
    const ephemeralShared = Curve.sharedKey(companionEphemeral.priv, unwrapped);
    const bundleKey = await baileys.hkdf(ephemeralShared, 32, { salt: bundleSalt, info: 'link_code_pairing_key_bundle_encryption_key' });
    const bundlePlaintext = Buffer.concat([companionIdentity.pub, phoneIdentity.pub, random]);
    const wrappedKeyBundle = Buffer.concat([bundleSalt, bundleIv,
        baileys.aesEncryptGCM(bundlePlaintext, bundleKey, bundleIv, Buffer.alloc(0))]);
    const identityShared = Curve.sharedKey(companionIdentity.priv, phoneIdentity.pub);
    const advSecret = await baileys.hkdf(Buffer.concat([ephemeralShared, identityShared, random]), 32, { info: 'adv_secret' });
    check(ephemeralShared.equals(agree(phoneEphemeral.priv, companionEphemeral.pub)), 'ephemeral agreement');
    const ours = companionFinish(hello.state, { wrappedKeyBundle, companionIdentityPub: companionIdentity.pub });
    check(ours.advSecret.equals(advSecret), 'both sides derive the same ADV secret');

    // companion_hello as Baileys' requestPairingCode sends it with browser Browsers.ubuntu('Chrome'),
    // the emulator's answer and primary_hello notification, and Baileys' companion_finish.
    const noiseKey = keyPair('companion noise key');
    const companionHelloIq = n('iq', { to: S_WHATSAPP_NET, type: 'set', id: 'link-1', xmlns: 'md' }, [
        n('link_code_companion_reg', { jid: PHONE_JID, stage: 'companion_hello', should_show_push_notification: 'true' }, [
            n('link_code_pairing_wrapped_companion_ephemeral_pub', {}, wrappedCompanionEphemeral),
            n('companion_server_auth_key_pub', {}, noiseKey.pub),
            n('companion_platform_id', {}, baileys.getPlatformId('Chrome')),
            n('companion_platform_display', {}, 'Chrome (Ubuntu)'),
            n('link_code_pairing_nonce', {}, '0'),
        ]),
    ]);
    const pairingRef = 'balcao-link-ref-1';
    const companionHelloAnswer = n('iq', { type: 'result', id: 'link-1', from: S_WHATSAPP_NET }, [
        n('link_code_companion_reg', {}, [n('link_code_pairing_ref', {}, Buffer.from(pairingRef))]),
    ]);
    const primaryHelloNotification = n('notification', { from: S_WHATSAPP_NET, type: 'link_code_companion_reg', id: 'link-2', t: String(TIMESTAMP) }, [
        n('link_code_companion_reg', { stage: 'primary_hello' }, [
            n('link_code_pairing_ref', {}, Buffer.from(pairingRef)),
            n('primary_identity_pub', {}, phoneIdentity.pub),
            n('link_code_pairing_wrapped_primary_ephemeral_pub', {}, hello.wrappedPrimaryEphemeral),
        ]),
    ]);
    const companionFinishIq = n('iq', { to: S_WHATSAPP_NET, type: 'set', id: 'link-3', xmlns: 'md' }, [
        n('link_code_companion_reg', { jid: PHONE_JID, stage: 'companion_finish' }, [
            n('link_code_pairing_wrapped_key_bundle', {}, wrappedKeyBundle),
            n('companion_identity_public', {}, companionIdentity.pub),
            n('link_code_pairing_ref', {}, Buffer.from(pairingRef)),
        ]),
    ]);

    const stanzas = {
        companionHello: await nodeVector(companionHelloIq),
        companionHelloAnswer: await nodeVector(companionHelloAnswer),
        primaryHello: await nodeVector(primaryHelloNotification),
        companionFinish: await nodeVector(companionFinishIq),
        companionFinishAnswer: await nodeVector(n('iq', { type: 'result', id: 'link-3', from: S_WHATSAPP_NET })),
    };

    return {
        codeBytes: hex(codeBytes),
        code,
        iterations: 131072,
        companionEphemeralKey: pair(companionEphemeral),
        companionIdentityKey: pair(companionIdentity),
        phoneIdentityKey: pair(phoneIdentity),
        phoneEphemeralKey: pair(phoneEphemeral),
        companionHello: {
            salt: hex(companionSalt),
            iv: hex(companionIv),
            linkKey: hex(companionLinkKey),
            wrappedCompanionEphemeral: hex(wrappedCompanionEphemeral),
        },
        primaryHello: {
            salt: hex(phoneSalt),
            iv: hex(phoneIv),
            linkKey: hex(phoneLinkKey),
            wrappedPrimaryEphemeral: hex(hello.wrappedPrimaryEphemeral),
        },
        companionFinish: {
            ephemeralShared: hex(ephemeralShared),
            bundleSalt: hex(bundleSalt),
            bundleIv: hex(bundleIv),
            bundleKey: hex(bundleKey),
            random: hex(random),
            bundlePlaintext: hex(bundlePlaintext),
            wrappedKeyBundle: hex(wrappedKeyBundle),
            identityShared: hex(identityShared),
            advSecret: hex(advSecret),
        },
        stanzas,
    };
}

export async function generate() {
    return {
        'pairing.json': {
            library: '@whiskeysockets/baileys 6.17.16, libsignal 6.0.0',
            qr: await qrVector(),
            pairSuccess: await pairSuccessVector(),
            pairCode: await pairCodeVector(),
        },
    };
}
