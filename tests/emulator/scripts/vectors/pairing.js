// Golden vectors for linking a companion (shared/protocol.md §6, §7): the QR string, a pair-success with the
// companion's pair-device-sign answer, and a complete pairing-code exchange. All keys and "random" bytes are
// fixed (SHA-256 of a label). The companion side is always Baileys 6.17.16 (configureSuccessfulPairing and the
// crypto helpers its socket uses); the phone side is the emulator's, and the generator throws unless both sides
// agree and every signature verifies with libsignal. libsignal 6.0.0 calls curve25519-js sign() without random
// bytes, so XEdDSA signatures are deterministic and regeneration is byte-identical.
// The JSON format is described in vectors/README.md ("pairing.json").
import { createHash, createHmac } from 'node:crypto';
import libsignal from 'libsignal';
import * as baileys from '@whiskeysockets/baileys';
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

function check(condition, what) {
    if (!condition) throw new Error(`pairing vector: ${what}`);
}

function libsignalVerifies(pub, message, signature) {
    return libsignal.curve.verifySignature(Buffer.concat([Buffer.from([5]), pub]), message, signature) === true;
}

const PHONE_JID = '5511900000001@s.whatsapp.net';
const COMPANION_JID = '5511900000001:3@s.whatsapp.net';
const TIMESTAMP = Date.UTC(2026, 10, 24) / 1000; // 2026-11-24T00:00:00Z

function qrVector() {
    const noiseKey = keyPair('companion noise key');
    const identityKey = keyPair('companion identity key');
    const advSecret = bytes('companion adv secret');
    const ref = '2@balcaoRefAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==';
    // Baileys 6.17.16 Socket/socket.js, CB:iq,type:set,pair-device: [ref, noiseKeyB64, identityKeyB64, advB64].join(',')
    const qr = [ref, Buffer.from(noiseKey.pub).toString('base64'), Buffer.from(identityKey.pub).toString('base64'),
        advSecret.toString('base64')].join(',');
    return { ref, noiseKey: pair(noiseKey), identityKey: pair(identityKey), advSecret: hex(advSecret), qr };
}

function pairSuccessVector() {
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
    };
}

export async function generate() {
    return {
        'pairing.json': {
            library: '@whiskeysockets/baileys 6.17.16, libsignal 6.0.0',
            qr: qrVector(),
            pairSuccess: pairSuccessVector(),
            pairCode: await pairCodeVector(),
        },
    };
}
