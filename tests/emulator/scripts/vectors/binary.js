// Golden vectors for the C++ binary node codec (src/engine/binary). Every encoding and every decoded result
// here comes from the real library: token table v2 through @whiskeysockets/baileys 6.17.16, v3 through
// baileys 7.0.0-rc14. Nothing is random: the "mixed" nodes come from a fixed-seed generator.
// The JSON format is described in vectors/README.md ("binary-v2.json / binary-v3.json").
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { deflateRawSync, deflateSync } from 'node:zlib';

// The packages are loaded whole, as other generators load them: loading a WABinary file first breaks
// Baileys 6's own circular module initialisation for whoever imports the package afterwards.
import * as v2lib from '@whiskeysockets/baileys';
import * as v3lib from 'baileys';

const require = createRequire(import.meta.url);
const v2constants = require('@whiskeysockets/baileys/lib/WABinary/constants.js');
const v3constants = await import('baileys/lib/WABinary/constants.js');

// Payloads above this size are stored as a repeated pattern plus a length, and their encodings as a
// SHA-256 plus the first bytes, so the files stay small.
const kBigThreshold = 4096;

// ---- building blocks -------------------------------------------------------------------------------

// Deterministic PRNG (mulberry32) so that re-running the generator reproduces the files byte for byte.
function prng(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

// A repeated byte pattern: big payloads are described by (pattern, length) in the JSON.
const pattern256 = Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 7 + 3) & 0xff));
function patternBytes(length) {
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i++) {
        out[i] = pattern256[i % 256];
    }
    return out;
}
const textPattern = 'balcao-';
function patternText(length) {
    return textPattern.repeat(Math.ceil(length / textPattern.length)).slice(0, length);
}

function node(tag, attrs = {}, content) {
    const n = { tag, attrs };
    if (content !== undefined) {
        n.content = content;
    }
    return n;
}

// ---- JSON representation ----------------------------------------------------------------------------

function contentToJson(content) {
    if (content === undefined) {
        return undefined;
    }
    if (Array.isArray(content)) {
        return content.map(nodeToJson);
    }
    if (typeof content === 'string') {
        if (content.length > kBigThreshold && content === patternText(content.length)) {
            return { textRepeat: textPattern, length: content.length };
        }
        return { text: content };
    }
    const bytes = Buffer.from(content);
    if (bytes.length > kBigThreshold && bytes.equals(patternBytes(bytes.length))) {
        return { hexRepeat: pattern256.toString('hex'), length: bytes.length };
    }
    // A big raw string decodes as bytes: the text pattern's bytes.
    if (bytes.length > kBigThreshold && bytes.toString('latin1') === patternText(bytes.length)) {
        return { hexRepeat: Buffer.from(textPattern).toString('hex'), length: bytes.length };
    }
    if (bytes.length > kBigThreshold) {
        throw new Error('big payloads must use the repeated pattern');
    }
    return { hex: bytes.toString('hex') };
}

// Attributes are a list of pairs, because attribute order is part of the encoding (and JSON objects read
// by Qt lose their order).
function nodeToJson(n) {
    const out = { tag: n.tag, attrs: Object.entries(n.attrs ?? {}) };
    const content = contentToJson(n.content);
    if (content !== undefined) {
        out.content = content;
    }
    return out;
}

function encodedToJson(bytes) {
    const buf = Buffer.from(bytes);
    if (buf.length <= kBigThreshold) {
        return { hex: buf.toString('hex') };
    }
    return {
        length: buf.length,
        sha256: createHash('sha256').update(buf).digest('hex'),
        headHex: buf.subarray(0, 32).toString('hex'),
    };
}


async function decodeToJson(lib, bytes) {
    try {
        return { decoded: nodeToJson(await lib.decodeBinaryNode(Buffer.from(bytes))) };
    } catch (e) {
        return { decodeError: e.message };
    }
}

// ---- the vectors --------------------------------------------------------------------------------------

const kPhone = '5511999990001';
const kLid = '123456789012345';

function stringCases() {
    const cases = [];
    // Packed nibble strings: digits, '-' and '.', every length 1..20, then long ones up to the limit.
    const nibbleChars = '0123456789-.';
    for (let len = 1; len <= 20; len++) {
        let s = '';
        for (let i = 0; i < len; i++) {
            s += nibbleChars[(i * 5 + len) % nibbleChars.length];
        }
        cases.push([`nibble len ${len}`, s]);
    }
    for (const len of [63, 64, 125, 126, 127, 128, 200]) {
        cases.push([`nibble len ${len}`, '1234567890-.'.repeat(20).slice(0, len)]);
    }
    cases.push(['nibble phone', kPhone]);
    cases.push(['nibble version', '2.3000.1019311209']);
    cases.push(['nibble timestamp', '1732400000']);
    cases.push(['nibble negative', '-1']);
    // Packed hex strings: 0-9 and uppercase A-F only.
    const hexChars = '0123456789ABCDEF';
    for (let len = 1; len <= 20; len++) {
        let s = 'A';
        for (let i = 1; i < len; i++) {
            s += hexChars[(i * 3 + len) % 16];
        }
        cases.push([`hex len ${len}`, s]);
    }
    for (const len of [63, 64, 126, 127, 128]) {
        cases.push([`hex len ${len}`, 'FEDCBA9876543210'.repeat(10).slice(0, len)]);
    }
    cases.push(['hex message id', '3EB0C431C26A1916E2B7']);
    cases.push(['hex lowercase is raw', '3eb0c431c26a1916e2b7']);
    cases.push(['hex mixed case is raw', 'ABCdef']);
    // Raw strings (BINARY_8 / BINARY_20 boundaries; bigger ones are content vectors).
    cases.push(['raw empty', '']);
    cases.push(['raw one char', 'x']);
    cases.push(['raw utf8', 'Balcão ✓ 😀']);
    cases.push(['raw with spaces', 'hello world']);
    for (const len of [254, 255, 256, 257, 1000]) {
        cases.push([`raw len ${len}`, patternText(len)]);
    }
    // Single-byte and double-byte tokens of both tables (whatever the table says).
    for (const s of ['s.whatsapp.net', 'type', 'result', 'get', 'set', 'w:p', 'xmlstreamend', 'md', 'ref',
        'pair-device', 'usync', 'a', 'read-self', 'screen_height', '1', '2', '3', '100']) {
        cases.push([`token ${s}`, s]);
    }
    // JID pairs (no device part) and AD JIDs (device part).
    for (const jid of ['@s.whatsapp.net', `${kPhone}@s.whatsapp.net`, `${kPhone}@c.us`, '120363012345678901@g.us',
        '5511999990001-1600000000@g.us', 'status@broadcast', '1234567890@newsletter', `${kLid}@lid`, 'server@c.us',
        '0@c.us', `${kPhone}_1@s.whatsapp.net`, 'user@example.com', 'a@b@c', '@g.us', 'abc@', '@',
        `${kPhone}:@s.whatsapp.net`]) {
        cases.push([`jid ${jid}`, jid]);
    }
    for (const jid of [`${kPhone}:0@s.whatsapp.net`, `${kPhone}:1@s.whatsapp.net`, `${kPhone}:99@s.whatsapp.net`,
        `${kPhone}:255@s.whatsapp.net`, `${kPhone}:256@s.whatsapp.net`, `${kLid}:0@lid`, `${kLid}:7@lid`,
        `${kPhone}_1:2@s.whatsapp.net`, `${kPhone}:3@hosted`, `${kLid}:4@hosted.lid`, `${kPhone}:x@s.whatsapp.net`,
        `:5@s.whatsapp.net`, `${kPhone}:1:2@s.whatsapp.net`, `${kPhone}:1@g.us`, `user:12@example.com`]) {
        cases.push([`adjid ${jid}`, jid]);
    }
    return cases;
}

function realisticStanzas() {
    const me = `${kPhone}:12@s.whatsapp.net`;
    const peer = '5511988887777@s.whatsapp.net';
    const key = (i) => patternBytes(32).map((b) => (b + i) & 0xff);
    return [
        ['ping iq', node('iq', { id: '1', type: 'get', xmlns: 'w:p', to: '@s.whatsapp.net' }, [node('ping')])],
        ['pong result', node('iq', { from: '@s.whatsapp.net', type: 'result', id: '1' })],
        ['pair-device', node('iq', { from: '@s.whatsapp.net', type: 'set', id: 'pair-1', xmlns: 'md' }, [
            node('pair-device', {}, [1, 2, 3, 4, 5, 6].map((i) => node('ref', {}, Buffer.from(`2@ref${i}AbCdEfGh+/=`))))])],
        ['pair-device ack', node('iq', { to: '@s.whatsapp.net', type: 'result', id: 'pair-1' })],
        ['pair-success', node('iq', { from: '@s.whatsapp.net', type: 'set', id: 'ps-1', xmlns: 'md' }, [
            node('pair-success', {}, [
                node('device-identity', {}, patternBytes(180)),
                node('platform', { name: 'Chrome' }),
                node('device', { jid: me, lid: `${kLid}:12@lid` }),
                node('biz', { name: 'Loja' })])])],
        ['message with enc', node('message', { id: '3EB0C431C26A1916E2B7', type: 'text', to: peer }, [
            node('participants', {}, [
                node('to', { jid: '5511988887777:0@s.whatsapp.net' }, [node('enc', { v: '2', type: 'pkmsg' }, patternBytes(300))]),
                node('to', { jid: '5511988887777:3@s.whatsapp.net' }, [node('enc', { v: '2', type: 'msg' }, patternBytes(90))])]),
            node('device-identity', {}, patternBytes(150))])],
        ['incoming message', node('message', { from: peer, type: 'text', id: '3EB0AAAA', t: '1732400000', notify: 'Maria' }, [
            node('enc', { v: '2', type: 'msg' }, patternBytes(64))])],
        ['receipt with list', node('receipt', { from: peer, type: 'read', id: 'ABCD0001', t: '1732400001' }, [
            node('list', {}, ['ABCD0002', 'ABCD0003', 'ABCD0004'].map((id) => node('item', { id })))])],
        ['delivery receipt', node('receipt', { id: 'ABCD0001', to: peer })],
        ['ack', node('ack', { class: 'receipt', id: 'ABCD0001', to: peer, type: 'read' })],
        ['usync', node('iq', { to: '@s.whatsapp.net', type: 'get', xmlns: 'usync', id: 'u-1' }, [
            node('usync', { context: 'message', mode: 'query', sid: '1732400000-1', last: 'true', index: '0' }, [
                node('query', {}, [node('devices', { version: '2' })]),
                node('list', {}, [node('user', { jid: peer }), node('user', { jid: `${kLid}@lid` })])])])],
        ['usync result', node('iq', { from: '@s.whatsapp.net', type: 'result', id: 'u-1' }, [
            node('usync', { sid: '1732400000-1', mode: 'query', context: 'message', index: '0', last: 'true' }, [
                node('result', {}, [node('devices', {})]),
                node('list', {}, [node('user', { jid: peer }, [node('devices', {}, [
                    node('device-list', {}, [node('device', { id: '0' }), node('device', { id: '3', 'key-index': '1' })]),
                    node('key-index-list', { ts: '1732000000' }, patternBytes(40))])])])])])],
        ['prekey upload', node('iq', { xmlns: 'encrypt', type: 'set', to: '@s.whatsapp.net', id: 'k-1' }, [
            node('registration', {}, Buffer.from([0, 0, 0x30, 0x39])),
            node('type', {}, Buffer.from([5])),
            node('identity', {}, key(1)),
            node('list', {}, [1, 2, 3].map((i) => node('key', {}, [node('id', {}, Buffer.from([0, 0, i])), node('value', {}, key(i))]))),
            node('skey', {}, [node('id', {}, Buffer.from([0, 0, 1])), node('value', {}, key(9)), node('signature', {}, patternBytes(64))])])],
        ['presence available', node('presence', { name: 'Loja', type: 'available' })],
        ['chatstate composing', node('chatstate', { to: peer }, [node('composing')])],
        ['notification', node('notification', { from: peer, type: 'devices', id: '12345', t: '1732400002' }, [
            node('add', {}, [node('device', { jid: `5511988887777:4@s.whatsapp.net` })])])],
        ['success', node('success', { t: '1732400003', props: '123', abprops: '456', location: 'gru', lid: `${kLid}@lid`, creation: '1700000000' })],
        ['stream error', node('stream:error', {}, [node('conflict', { type: 'replaced' })])],
        ['failure', node('failure', { reason: '401', location: 'gru' })],
        ['iq error', node('iq', { from: '@s.whatsapp.net', type: 'error', id: 'x-1' }, [node('error', { code: '404', text: 'item-not-found' })])],
        ['group message skmsg', node('message', { id: 'GRP0001', type: 'text', to: '120363012345678901@g.us', phash: '2:abcdEFGH' }, [
            node('enc', { v: '2', type: 'skmsg' }, patternBytes(120))])],
        ['dirty bits', node('ib', {}, [node('dirty', { type: 'account_sync', timestamp: '1732400004' })])],
        ['offline', node('ib', {}, [node('offline', { count: '0' })])],
        ['set passive', node('iq', { to: '@s.whatsapp.net', xmlns: 'passive', type: 'set', id: 'p-1' }, [node('active')])],
        ['link code companion reg', node('iq', { to: '@s.whatsapp.net', type: 'set', id: 'lc-1', xmlns: 'md' }, [
            node('link_code_companion_reg', { jid: `${kPhone}@s.whatsapp.net`, stage: 'companion_hello', should_show_push_notification: 'true' }, [
                node('link_code_pairing_wrapped_companion_ephemeral_pub', {}, patternBytes(80)),
                node('companion_server_auth_key_pub', {}, key(3)),
                node('companion_platform_id', {}, '1'),
                node('companion_platform_display', {}, 'Chrome (Linux)'),
                node('link_code_pairing_nonce', {}, '0')])])],
        ['call offer', node('call', { from: peer, id: 'C1', t: '1732400005' }, [node('offer', { 'call-id': 'ABC123', 'call-creator': peer }, [node('audio', { enc: 'opus', rate: '16000' })])])],
    ];
}

function structuralCases() {
    const cases = [];
    cases.push(['no attrs no content', node('iq')]);
    cases.push(['empty list content', node('list', {}, [])]);
    cases.push(['empty string content', node('body', {}, '')]);
    cases.push(['string content raw', node('body', {}, 'hello world')]);
    cases.push(['string content token', node('body', {}, 'result')]);
    cases.push(['string content nibble', node('body', {}, '12345')]);
    cases.push(['string content hex', node('body', {}, 'DEADBEEF')]);
    cases.push(['string content jid', node('body', {}, `${kPhone}@s.whatsapp.net`)]);
    cases.push(['string content adjid', node('body', {}, `${kPhone}:2@s.whatsapp.net`)]);
    cases.push(['bytes content text', node('body', {}, Buffer.from('hello world'))]);
    cases.push(['bytes content token text', node('body', {}, Buffer.from('result'))]);
    for (const size of [0, 1, 2, 255, 256, 257, 4096, 65535, (1 << 20) - 1, 1 << 20, (1 << 20) + 1]) {
        cases.push([`bytes content ${size}`, node('enc', { v: '2', type: 'msg' }, patternBytes(size))]);
    }
    for (const size of [255, 256, (1 << 20) - 1, 1 << 20]) {
        cases.push([`raw string content ${size}`, node('body', {}, patternText(size))]);
    }
    cases.push(['uint8array content', node('enc', {}, new Uint8Array([1, 2, 3, 250]))]);
    for (const count of [1, 2, 127, 254, 255, 256, 300]) {
        cases.push([`children ${count}`, node('list', {}, Array.from({ length: count }, () => node('item')))]);
    }
    // A node's own list size is 1 + 2·attrs (+1 with content): 127 attributes and content make 256 → LIST_16.
    for (const attrCount of [1, 10, 126, 127, 128, 130]) {
        const attrs = {};
        for (let i = 0; i < attrCount; i++) {
            attrs[`k${i}`] = `v${i}`;
        }
        cases.push([`attrs ${attrCount}`, node('x', attrs)]);
        cases.push([`attrs ${attrCount} with content`, node('x', attrs, [node('y')])]);
    }
    let deep = node('leaf', { depth: '32' }, Buffer.from('bottom'));
    for (let d = 31; d >= 0; d--) {
        deep = node('level', { depth: String(d) }, [deep]);
    }
    cases.push(['nested 33 levels', deep]);
    cases.push(['attribute order kept', node('x', { z: '1', a: '2', m: '3', type: 'get', id: 'q' })]);
    cases.push(['null and undefined attrs skipped', node('x', { a: '1', b: undefined, c: null, d: '4' })]);
    cases.push(['tag is raw string', node('balcao-custom-tag', { 'custom-key': 'custom value' })]);
    cases.push(['tag is nibble', node('12345')]);
    cases.push(['tag is jid', node(`${kPhone}@s.whatsapp.net`)]);
    cases.push(['attribute value empty', node('x', { a: '' })]);
    cases.push(['mixed children', node('x', {}, [node('a', {}, 'text'), node('b', {}, Buffer.from([0, 1])), node('c'), node('d', {}, [])])]);
    return cases;
}

// Every token of the table as a node tag: proves the encoder's token map (singles first, then doubles,
// exactly as constants.js builds TOKEN_MAP) and the decoder's tables.
function tokenCases(constants) {
    const out = [];
    for (const s of constants.SINGLE_BYTE_TOKENS) {
        if (s !== '') {
            out.push(s);
        }
    }
    for (const dict of constants.DOUBLE_BYTE_TOKENS) {
        out.push(...dict);
    }
    return out;
}

// Nodes built from a fixed seed: tokens of both tables, packed strings, JIDs, bytes, nesting.
function mixedCases(constants, seed, count) {
    const rnd = prng(seed);
    const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
    const int = (n) => Math.floor(rnd() * n);
    const singles = constants.SINGLE_BYTE_TOKENS.filter((s) => s !== '');
    const doubles = constants.DOUBLE_BYTE_TOKENS.flat();
    const strings = [
        () => pick(singles),
        () => pick(doubles),
        () => String(int(1e9)),
        () => Array.from({ length: 1 + int(30) }, () => pick('0123456789-.')).join(''),
        () => Array.from({ length: 1 + int(40) }, () => pick('0123456789ABCDEF')).join(''),
        () => Array.from({ length: 1 + int(rnd() < 0.1 ? 300 : 30) }, () => pick('abcdefghij XYZ_ãé')).join(''),
        () => `${5500000000 + int(1e9)}@s.whatsapp.net`,
        () => `${5500000000 + int(1e9)}:${int(100)}@s.whatsapp.net`,
        () => `${1e14 + int(1e9)}:${int(100)}@lid`,
        () => `120363${int(1e9)}@g.us`,
    ];
    const str = () => pick(strings)();
    const make = (depth) => {
        const attrs = {};
        const nAttrs = int(6);
        for (let i = 0; i < nAttrs; i++) {
            attrs[pick(singles.filter((s) => !/^\d+$/.test(s)))] = str();
        }
        const kind = depth > 4 ? int(3) : int(4);
        let content;
        if (kind === 1) {
            content = str();
        } else if (kind === 2) {
            content = Buffer.from(Array.from({ length: int(100) }, () => int(256)));
        } else if (kind === 3) {
            content = Array.from({ length: int(5) }, () => make(depth + 1));
        }
        return node(pick(singles.filter((s) => !/^\d+$/.test(s))), attrs, content);
    };
    return Array.from({ length: count }, (_, i) => [`mixed ${i}`, make(0)]);
}

async function buildFile(lib, constants, version, libraryName) {
    const vectors = [];
    const add = async (name, n) => {
        const bytes = lib.encodeBinaryNode(n);
        vectors.push({ name, node: nodeToJson(n), encoded: encodedToJson(bytes), ...(await decodeToJson(lib, bytes)) });
    };
    for (const [name, s] of stringCases()) {
        await add(`attr ${name}`, node('x', { v: s }));
    }
    // AD JID devices 0..99 for both domains, one node per domain.
    for (const server of ['s.whatsapp.net', 'lid']) {
        const user = server === 'lid' ? kLid : kPhone;
        await add(`adjid devices 0..99 @${server}`, node('list', {}, Array.from({ length: 100 }, (_, d) => node('device', { jid: `${user}:${d}@${server}` }))));
    }
    for (const [name, n] of structuralCases()) {
        await add(name, n);
    }
    for (const [name, n] of realisticStanzas()) {
        await add(`stanza ${name}`, n);
    }
    for (const [name, n] of mixedCases(constants, 0xba1ca0 + version, 60)) {
        await add(name, n);
    }

    const tokens = [];
    for (const s of tokenCases(constants)) {
        const bytes = lib.encodeBinaryNode(node(s));
        tokens.push([s, Buffer.from(bytes).toString('hex')]);
    }

    // Inputs the encoder never produces but the real decoder accepts.
    const decodeOnly = [];
    const addDecode = async (name, hex) => {
        decodeOnly.push({ name, hex, ...(await decodeToJson(lib, Buffer.from(hex, 'hex'))) });
    };
    const compressible = ['stanza message with enc', 'stanza usync result', 'stanza ping iq', 'bytes content 4096',
        'children 300', 'attrs 130 with content', 'stanza pair-device', 'nested 33 levels', 'mixed 0', 'mixed 1'];
    for (const name of compressible) {
        const n = [...stringCases(), ...structuralCases(), ...realisticStanzas().map(([k, v]) => [`stanza ${k}`, v]),
            ...mixedCases(constants, 0xba1ca0 + version, 60)].find(([k]) => k === name)[1];
        const body = Buffer.from(lib.encodeBinaryNode(n)).subarray(1);
        await addDecode(`compressed ${name}`, '02' + deflateSync(body, { level: 9 }).toString('hex'));
    }
    await addDecode('compressed with flags 0x06', '06' + deflateSync(Buffer.from('f80201fc0378797a', 'hex')).toString('hex'));
    await addDecode('compressed empty-content node at level 1', '02' + deflateSync(Buffer.from('f8020100', 'hex'), { level: 1 }).toString('hex'));
    await addDecode('uncompressed with flags 0x01', '01f80201fc0161');
    await addDecode('uncompressed with flags 0x80', '80f801fc0161');
    await addDecode('list16 with one attribute', '00f90003' + '1e' + '04' + '1a');
    await addDecode('list16 children', '00f8021ef90002f80150f80150');
    await addDecode('binary20 short content', '00f80201fd000003616263');
    await addDecode('binary32 short content', '00f80201fe00000003616263');
    await addDecode('binary20 high nibble ignored', '00f80201fdf00002abcd');
    await addDecode('binary32 string attribute', '00f80301fc0161fe0000000162');
    await addDecode('binary20 string attribute', '00f80301fc0161fd00000162');
    await addDecode('jid pair with token user', '00f8030104fa0403');
    await addDecode('jid pair with raw user and raw server', '00f8030104fafc0175fc0173');
    await addDecode('packed odd flag drops last char even if not pad', '00f8030104ff8112');
    await addDecode('nibble pad in the middle', '00f8030104ff02f012');
    await addDecode('nibble zero length', '00f8030104ff00');
    await addDecode('nibble zero length odd flag', '00f8030104ff80');
    await addDecode('hex all digits', '00f8030104fb080123456789abcdef');
    await addDecode('adjid domain 2', '00f8030104f70205ff0112');
    await addDecode('adjid domain 128', '00f8030104f78005ff0112');
    await addDecode('adjid domain 129', '00f8030104f78105ff0112');
    await addDecode('adjid empty user', '00f8030104f7000500');
    await addDecode('adjid device 255', '00f8030104f700ffff0112');
    await addDecode('duplicate attribute keys keep the first position', '00f80701' + '04fc0161' + '08fc0162' + '04fc0163');
    await addDecode('string content token', '00f80201' + '14');
    await addDecode('stream end token as tag', '00f80102');
    await addDecode('dictionary 3 last index', '00f80301' + '04' + 'efff');
    await addDecode('utf8 raw string', '00f8030104fc08' + Buffer.from('ção✓').toString('hex'));
    if (version === 3) {
        await addDecode('fb jid', '00f8030104f6fc03757365' + '0007' + 'fc046d736772');
        await addDecode('interop jid with server', '00f8030104f5fc03757365000200' + '09' + 'fc07696e7465726f70');
        await addDecode('interop jid server missing at end', '00f8030104f5fc0375736500020009');
        await addDecode('interop jid followed by content', '00f8040104f5fc0375736500020009' + 'f801f80150');
    }

    // Inputs the real decoder rejects; ours must reject them too.
    const decodeErrors = [];
    const addError = async (name, hex) => {
        const result = await decodeToJson(lib, Buffer.from(hex, 'hex'));
        if (!result.decodeError) {
            throw new Error(`expected the real decoder to reject "${name}"`);
        }
        decodeErrors.push({ name, hex, decodeError: result.decodeError });
    };
    await addError('empty input', '');
    await addError('only flags', '00');
    await addError('node list size zero', '0000');
    await addError('list tag missing size', '00f8');
    await addError('list16 missing size byte', '00f900');
    await addError('node tag is empty string', '00f80100');
    await addError('node header not a list', '00fc0161');
    await addError('tag byte 240', '00f801f0');
    await addError('tag byte 244', '00f80301' + '04' + 'f4');
    await addError('list8 used as a string', '00f80301' + '04' + 'f8');
    await addError('list size larger than input', '00f80201f8ff');
    await addError('list16 size larger than input', '00f80201f9ffff');
    await addError('binary8 longer than input', '00f80201fc05616263');
    await addError('binary20 longer than input', '00f80201fd0fffff00');
    await addError('binary32 length missing bytes', '00f80201fe0000');
    await addError('unterminated nibble', '00f8030104ff051234');
    await addError('unterminated hex', '00f8030104fb0aabcd');
    await addError('nibble value 12', '00f8030104ff01c0');
    await addError('nibble value 14', '00f8030104ff011e');
    await addError('jid pair empty server', '00f8030104fa0300');
    await addError('jid pair missing server', '00f8030104fa03');
    await addError('adjid missing user', '00f8030104f70001');
    await addError('dictionary index missing', '00f80301' + '04' + 'ec');
    await addError('attribute value missing', '00f8030104');
    await addError('content missing', '00f80201');
    await addError('child truncated', '00f802 01 f801 f803'.replace(/ /g, ''));
    await addError('zlib garbage', '02' + 'deadbeef');
    await addError('zlib truncated', '02' + deflateSync(Buffer.from('f8020100', 'hex')).subarray(0, 5).toString('hex'));
    await addError('raw deflate is not zlib', '02' + deflateRawSync(Buffer.from('f8020100', 'hex')).toString('hex'));
    if (version === 2) {
        await addError('tag byte 245 (interop jid is v3 only)', '00f8030104f5fc0375736500020009fc07696e7465726f70');
        await addError('tag byte 246 (fb jid is v3 only)', '00f8030104f6fc03757365' + '0007' + 'fc046d736772');
    } else {
        await addError('fb jid truncated device', '00f8030104f6fc0375736500');
        await addError('fb jid missing server', '00f8030104f6fc03757365' + '0007');
        await addError('interop jid truncated integrator', '00f8030104f5fc037573650002');
    }

    return {
        library: libraryName,
        tokenTable: version,
        notes: 'Encodings and decoded results come from the library named above. Format: vectors/README.md.',
        vectors,
        tokens,
        decodeOnly,
        decodeErrors,
    };
}

export async function generate() {
    return {
        'binary-v2.json': await buildFile(v2lib, v2constants, 2, '@whiskeysockets/baileys 6.17.16'),
        'binary-v3.json': await buildFile(v3lib, v3constants, 3, 'baileys 7.0.0-rc14'),
    };
}
