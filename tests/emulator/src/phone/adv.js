// Account-device verification (ADV), the phone's half of linking a companion (docs/protocol.md §6.3).
// The phone vouches for the companion's identity key with its own identity key; the companion countersigns.
// Every signature goes through libsignal's curve (./curve.js): Baileys 6.17 does not check them, so nothing
// downstream would notice a wrong one.
import { createHmac, randomInt } from 'node:crypto';
import { WAProto as proto } from '@whiskeysockets/baileys';
import { sign, verify } from './curve.js';

// Signature prefixes: 06 00 for the account (phone) signature, 06 01 for the device (companion) signature.
// whatsmeow uses 06 05 / 06 06 for hosted accounts, which the emulator does not simulate.
const ACCOUNT_SIGNATURE_PREFIX = Buffer.from([6, 0]);
const DEVICE_SIGNATURE_PREFIX = Buffer.from([6, 1]);
const E2EE = 0;

export function accountSignatureMessage(details, companionIdentityPub) {
    return Buffer.concat([ACCOUNT_SIGNATURE_PREFIX, details, companionIdentityPub]);
}

export function deviceSignatureMessage(details, companionIdentityPub, accountSignatureKey) {
    return Buffer.concat([DEVICE_SIGNATURE_PREFIX, details, companionIdentityPub, accountSignatureKey]);
}

// ADVDeviceIdentity: which of the account's devices this is (keyIndex) and when it was linked.
export function encodeDeviceDetails({ rawId, timestamp, keyIndex }) {
    return Buffer.from(
        proto.ADVDeviceIdentity.encode({ rawId, timestamp, keyIndex, accountType: E2EE, deviceType: E2EE }).finish(),
    );
}

// Builds the <device-identity> content of pair-success: ADVSignedDeviceIdentityHMAC{details: signed, hmac}.
// rawId and timestamp may be fixed (golden vectors); otherwise random and now.
export function buildSignedDeviceIdentity({
    phoneIdentity,
    companionIdentityPub,
    advSecret,
    keyIndex,
    rawId = randomInt(1, 0x100000000),
    timestamp = Math.floor(Date.now() / 1000),
}) {
    if (!Number.isInteger(keyIndex) || keyIndex < 1) throw new Error(`keyIndex must be ≥ 1, got ${keyIndex}`);
    if (companionIdentityPub?.length !== 32) throw new Error('companion identity key must be 32 bytes');
    if (advSecret?.length !== 32) throw new Error('ADV secret must be 32 bytes');
    const details = encodeDeviceDetails({ rawId, timestamp, keyIndex });
    const accountSignature = sign(phoneIdentity.priv, accountSignatureMessage(details, companionIdentityPub));
    const signed = Buffer.from(
        proto.ADVSignedDeviceIdentity.encode({
            details,
            accountSignatureKey: phoneIdentity.pub,
            accountSignature,
        }).finish(),
    );
    const hmac = createHmac('sha256', advSecret).update(signed).digest();
    const deviceIdentity = Buffer.from(
        proto.ADVSignedDeviceIdentityHMAC.encode({ details: signed, hmac }).finish(),
    );
    return { deviceIdentity, signed, details, accountSignature, hmac };
}

// Checks a companion's pair-device-sign reply: ADVSignedDeviceIdentity without accountSignatureKey.
// The account signature must be ours for this companion (so the details are the ones we issued) and the
// device signature must be the companion's over them. -> { ok: true, keyIndex } or { ok: false, reason }.
export function checkDeviceSignature(replyBytes, companionIdentityPub, phoneIdentityPub) {
    let reply;
    try {
        reply = proto.ADVSignedDeviceIdentity.decode(Buffer.from(replyBytes));
    } catch (error) {
        return { ok: false, reason: `not an ADVSignedDeviceIdentity: ${error.message}` };
    }
    const details = Buffer.from(reply.details ?? []);
    const accountSignature = Buffer.from(reply.accountSignature ?? []);
    const deviceSignature = Buffer.from(reply.deviceSignature ?? []);
    if (!details.length) return { ok: false, reason: 'no details' };
    if (!verify(phoneIdentityPub, accountSignatureMessage(details, companionIdentityPub), accountSignature)) {
        return { ok: false, reason: 'account signature is not ours for this companion' };
    }
    if (!verify(companionIdentityPub, deviceSignatureMessage(details, companionIdentityPub, phoneIdentityPub),
        deviceSignature)) {
        return { ok: false, reason: 'device signature does not verify under the companion identity key' };
    }
    let keyIndex;
    try {
        keyIndex = proto.ADVDeviceIdentity.decode(details).keyIndex;
    } catch (error) {
        return { ok: false, reason: `details are not an ADVDeviceIdentity: ${error.message}` };
    }
    return { ok: true, keyIndex };
}

// The phone's own ADVSignedDeviceIdentity for <device-identity> on its pkmsg messages (§10.6). A primary phone
// is not vouched for by anyone, so it signs its own details (keyIndex 0) with its identity key on both sides;
// receivers can check both signatures like any other ADV identity.
export function buildSelfDeviceIdentity(phoneIdentity, { rawId = 0, timestamp = Math.floor(Date.now() / 1000) } = {}) {
    const details = encodeDeviceDetails({ rawId, timestamp, keyIndex: 0 });
    const accountSignature = sign(phoneIdentity.priv, accountSignatureMessage(details, phoneIdentity.pub));
    const deviceSignature = sign(phoneIdentity.priv,
        deviceSignatureMessage(details, phoneIdentity.pub, phoneIdentity.pub));
    return Buffer.from(
        proto.ADVSignedDeviceIdentity.encode({
            details,
            accountSignatureKey: phoneIdentity.pub,
            accountSignature,
            deviceSignature,
        }).finish(),
    );
}
