// Golden vectors for the handshake's ClientPayload (docs/protocol.md §3): the login and registration payloads
// exactly as baileys 7.0.0-rc14 builds them (Utils/validate-connection.js generateLoginNode /
// generateRegistrationNode, encoded with its own WAProto: proto.ClientPayload.encode(...).finish(), as its
// socket does), and the bytes Balcão must send for the same inputs. Balcão sends Baileys' bytes except for the
// fields named in DIFFERENCES, which are applied here one by one, each with its reason; the generator throws
// unless the decoded Baileys and Balcão payloads differ in exactly those fields.
//
// Determinism: the keys are SHA-256 of a label, the signed-prekey signature is libsignal's (deterministic in
// libsignal 6.0.0), and neither function reads the clock or draws random bytes. The JSON format is described in
// vectors/README.md ("client-payload.json").
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import libsignal from 'libsignal';
import * as baileys7 from 'baileys';

const require = createRequire(import.meta.url);
const baileysVersion = require('baileys/package.json').version;
// protobufjs as Baileys 7 resolves it: its generated code looks nested types up on this one default root.
const protobufRoots = createRequire(require.resolve('baileys/package.json'))('protobufjs/minimal').roots;

const { proto, generateLoginNode, generateRegistrationNode, Curve, DEFAULT_CONNECTION_CONFIG } = baileys7;

// What Balcão would be given for one linked number, in the shape of Baileys' config and creds.
const JID = '5511999990001:7@s.whatsapp.net';
// The version Balcão ships (kShippedWebVersion in src/engine/auth/client_payload.h); keep the two equal.
const VERSION = [2, 3000, 1048032155];
// browser[0] becomes DeviceProps.os (Balcão's device name) and browser[1] DeviceProps.platformType (DESKTOP);
// browser[2] is read by neither function.
const BROWSER = ['Balcão', 'Desktop', '0.1'];
const COUNTRY_CODE = 'US';
// Balcão does not import the account's past chats, so it does not ask the phone for all of them (Baileys 7's
// default is true). This is Baileys' own option, i.e. an input, not a difference.
const SYNC_FULL_HISTORY = false;
const REGISTRATION_ID = 0x2a5b; // within WhatsApp's 14 bits; uses both low bytes of eRegid
const SIGNED_PRE_KEY_ID = 0x123456; // uses all three bytes of eSkeyId

// Where Balcão deliberately sends something else than Baileys 7: { payload: 'login' | 'registration', path
// (WAProto field names; devicePairingData.deviceProps.* is inside the serialized DeviceProps), balcao: the
// value Balcão sends (null: leaves the field out), reason }. tests/unit/auth/tst_client_payload_vectors.cpp
// holds the same list and fails on any other difference.
//
// Empty: where Baileys 7 and whatsmeow disagree (login lidDbMigrated and lc; DeviceProps' history settings,
// version and platform; UserAgent.manufacturer), Balcão follows Baileys 7 (docs/protocol.md §3.5 gives each
// field and why).
const DIFFERENCES = [];

const hex = (b) => Buffer.from(b).toString('hex');

function keyPair(label) {
    const priv = createHash('sha256').update(`balcao client payload vector ${label}`).digest();
    priv[0] &= 248;
    priv[31] &= 127;
    priv[31] |= 64;
    return { private: priv, public: Buffer.from(libsignal.curve.getPublicFromPrivateKey(priv).subarray(1)) };
}

function check(condition, what) {
    if (!condition) throw new Error(`client payload vector: ${what}`);
}

// Baileys' generated code resolves nested messages through the shared protobufjs root, where Baileys 6's
// WAProto may have been loaded last (other vector modules load both); Baileys 7's own classes answer while
// this module encodes, and the previous ones are put back afterwards.
function withBaileys7Proto(body) {
    const root = protobufRoots.default;
    const saved = root.proto;
    root.proto = proto;
    try {
        return body();
    } finally {
        root.proto = saved;
    }
}

// A decoded payload as a flat { "path": value } map, DeviceProps decoded in place; bytes as hex, 64-bit
// integers as decimal strings, enums as numbers.
function flatten(message, prefix = '', out = {}) {
    for (const [key, value] of Object.entries(message)) {
        const path = prefix + key;
        if (value === null || value === undefined) continue;
        if (path === 'devicePairingData.deviceProps') {
            flatten(proto.DeviceProps.decode(value), `${path}.`, out);
        } else if (value instanceof Uint8Array) {
            out[path] = hex(value);
        } else if (typeof value === 'object' && typeof value.low === 'number' && typeof value.high === 'number') {
            out[path] = ((BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0)).toString();
        } else if (Array.isArray(value)) {
            check(value.length === 0, `repeated field ${path} (not expected in a ClientPayload)`);
        } else if (typeof value === 'object') {
            flatten(value, `${path}.`, out);
        } else {
            out[path] = value;
        }
    }
    return out;
}

function setPath(object, path, value) {
    const parts = path.split('.');
    let at = object;
    for (const part of parts.slice(0, -1)) at = at[part] ??= {};
    const last = parts[parts.length - 1];
    if (value === null) delete at[last];
    else at[last] = value;
}

// Baileys' bytes with the named differences applied, re-encoded by Baileys' proto.
function balcaoBytes(kind, baileysBytes) {
    const payload = proto.ClientPayload.decode(baileysBytes);
    const props = payload.devicePairingData ? proto.DeviceProps.decode(payload.devicePairingData.deviceProps) : null;
    const propsPrefix = 'devicePairingData.deviceProps.';
    for (const { path, balcao } of DIFFERENCES.filter((d) => d.payload === kind)) {
        if (path.startsWith(propsPrefix)) setPath(props, path.slice(propsPrefix.length), balcao);
        else setPath(payload, path, balcao);
    }
    if (props) payload.devicePairingData.deviceProps = proto.DeviceProps.encode(props).finish();
    return Buffer.from(proto.ClientPayload.encode(payload).finish());
}

function differingPaths(a, b) {
    const fa = flatten(proto.ClientPayload.decode(a));
    const fb = flatten(proto.ClientPayload.decode(b));
    return [...new Set([...Object.keys(fa), ...Object.keys(fb)])].filter((k) => fa[k] !== fb[k]).sort();
}

function vector(kind, message) {
    const baileys = Buffer.from(proto.ClientPayload.encode(message).finish());
    const balcao = balcaoBytes(kind, baileys);
    const named = DIFFERENCES.filter((d) => d.payload === kind);
    const differing = differingPaths(baileys, balcao);
    check(JSON.stringify(differing) === JSON.stringify(named.map((d) => d.path).sort()),
        `${kind}: the payloads differ in [${differing}], not in the named fields`);
    check(named.length > 0 || balcao.equals(baileys), `${kind}: re-encoding changed bytes no difference names`);
    const out = {
        baileys: hex(baileys),
        balcao: hex(balcao),
        differences: named.map(({ path, balcao: value, reason }) => ({ path, balcao: value, reason })),
        fields: flatten(proto.ClientPayload.decode(baileys)),
    };
    if (kind === 'registration') {
        out.deviceProps = {
            baileys: hex(proto.ClientPayload.decode(baileys).devicePairingData.deviceProps),
            balcao: hex(proto.ClientPayload.decode(balcao).devicePairingData.deviceProps),
        };
    }
    return out;
}

export async function generate() {
    const identity = keyPair('identity');
    const signedPreKeyPair = keyPair('signed prekey');
    // Baileys Utils/crypto.js signedKeyPair: the identity signs 05 || signed prekey public.
    const signedPreKeyMessage = Buffer.concat([Buffer.from([5]), signedPreKeyPair.public]);
    const signature = Buffer.from(Curve.sign(identity.private, signedPreKeyMessage));
    check(Curve.verify(identity.public, signedPreKeyMessage, signature), 'signed prekey signature');

    const config = {
        ...DEFAULT_CONNECTION_CONFIG,
        version: VERSION,
        browser: BROWSER,
        countryCode: COUNTRY_CODE,
        syncFullHistory: SYNC_FULL_HISTORY,
    };
    const creds = {
        registrationId: REGISTRATION_ID,
        signedIdentityKey: identity,
        signedPreKey: { keyId: SIGNED_PRE_KEY_ID, keyPair: signedPreKeyPair, signature },
    };
    const [login, registration] = withBaileys7Proto(() => [
        vector('login', generateLoginNode(JID, config)),
        vector('registration', generateRegistrationNode(creds, config)),
    ]);

    return {
        'client-payload.json': {
            description:
                `The handshake ClientPayload for a login and a registration as baileys ${baileysVersion} builds them ` +
                '(generateLoginNode, generateRegistrationNode) and as Balcão must send them. See vectors/README.md.',
            library: `baileys ${baileysVersion}`,
            inputs: {
                jid: JID,
                version: VERSION,
                browser: BROWSER,
                countryCode: COUNTRY_CODE,
                syncFullHistory: SYNC_FULL_HISTORY,
                registrationId: REGISTRATION_ID,
                identityKey: { priv: hex(identity.private), pub: hex(identity.public) },
                signedPreKey: {
                    id: SIGNED_PRE_KEY_ID,
                    priv: hex(signedPreKeyPair.private),
                    pub: hex(signedPreKeyPair.public),
                    signature: hex(signature),
                },
            },
            login,
            registration,
        },
    };
}
