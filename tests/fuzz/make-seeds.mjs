#!/usr/bin/env node
// Writes the seed corpora of the fuzz targets other than binary_decoder (whose seeds come from
// tests/emulator/scripts/make-fuzz-corpus.js) from the golden vectors: each seed is a real input that the
// parser accepts, with the target's selector byte in front where the harness has one.
//   node tests/fuzz/make-seeds.mjs
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const vectors = (name) => JSON.parse(readFileSync(path.join(here, '..', 'emulator', 'vectors', name), 'utf8'));
const hex = (h) => Buffer.from(h, 'hex');
const withSelector = (selector, bytes) => Buffer.concat([Buffer.from([selector]), bytes]);

function write(target, name, bytes) {
    const dir = path.join(here, 'corpus', target);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, name), bytes);
}

// noise_frames: 0 split frames, 1 server hello, 2 certificate chain, 3 transport frames.
const noise = vectors('noise-handshake.json');
const serverFrames = noise.transport.serverToClient.map((f) => hex(f.frame));
const stream = Buffer.concat([hex(noise.serverHello.frame), ...serverFrames]);
// Chunk sizes 7, 200 and 1: the stream cut inside the length, inside a payload and a byte at a time.
for (const [name, size] of [['small', 6], ['large', 199], ['bytewise', 0]]) {
    const chunks = [];
    for (let i = 0; i < stream.length; i += size + 1) {
        const chunk = stream.subarray(i, i + size + 1);
        chunks.push(Buffer.from([chunk.length - 1]), chunk);
    }
    write('noise_frames', `split-${name}`, withSelector(0, Buffer.concat(chunks)));
}
write('noise_frames', 'server-hello', withSelector(1, hex(noise.serverHello.handshakeMessage)));
write('noise_frames', 'cert-chain', withSelector(2, hex(noise.certChain.bytes)));
write('noise_frames', 'transport-frames', withSelector(3, Buffer.concat(serverFrames)));

// message_content: bit 0 of the selector = padded.
const messaging = vectors('messaging.json');
for (const [name, h] of Object.entries(messaging.messages)) {
    write('message_content', name, withSelector(0, hex(h)));
}
const pad = Buffer.alloc(5, 5);
write('message_content', 'conversation-padded', withSelector(1, Buffer.concat([hex(messaging.messages.conversation), pad])));

// pairing: 0 text, 1 pair-success node, 2 device identity, 3 signed identity inside it.
const pairing = vectors('pairing.json');
for (const [name, text] of [['phone-spaced', '+55 (11) 90000-0001'], ['phone-digits', '5511900000001'],
    ['jid', '5511900000002@s.whatsapp.net'], ['jid-legacy', '5511900000002@c.us'], ['code', 'ABCD-EFGH'],
    ['code-vector', pairing.pairCode.code]]) {
    write('pairing', `text-${name}`, withSelector(0, Buffer.from(text, 'utf8')));
}
write('pairing', 'pair-success-node', withSelector(1, hex(pairing.pairSuccess.stanzas.pairSuccess.encoded)));
write('pairing', 'device-identity', withSelector(2, hex(pairing.pairSuccess.deviceIdentity)));
write('pairing', 'signed-identity', withSelector(3, hex(pairing.pairSuccess.signedDeviceIdentity)));

// command_json: one line of each command, and near misses.
const commands = {
    'add-session': { cmd: 'add-session', name: 'Loja Centro', requestId: 'r1' },
    link: { cmd: 'link', session: 's1', method: 'qr' },
    'link-code': { cmd: 'link', session: 's1', method: 'code', phone: '+55 11 90000-0001' },
    list: { cmd: 'list' },
    start: { cmd: 'start', session: 's1' },
    stop: { cmd: 'stop', session: 's1' },
    logout: { cmd: 'logout', session: 's1' },
    delete: { cmd: 'delete', session: 's1' },
    send: { cmd: 'send', session: 's1', to: '5511900000002', text: 'Oi! 👋', id: '3EB0ABC', requestId: 'r2' },
    'mark-read': { cmd: 'mark-read', session: 's1', chat: '5511900000002@s.whatsapp.net' },
    chats: { cmd: 'chats', session: 's1' },
    messages: { cmd: 'messages', session: 's1', chat: '5511900000002@s.whatsapp.net', limit: 20, before: '3EB0ABC' },
};
for (const [name, command] of Object.entries(commands)) {
    write('command_json', name, Buffer.from(JSON.stringify(command)));
}
write('command_json', 'miss-limit', Buffer.from('{"cmd":"messages","session":"s1","chat":"x@s.whatsapp.net","limit":1e999}'));
write('command_json', 'miss-truncated', Buffer.from('{"cmd":"send","session":"s1","to":"55'));

// stanzas: the usync answer, the bundles (with and without errors) and the prekey count.
write('stanzas', 'usync-answer', hex(messaging.usync.answer.encoded));
write('stanzas', 'key-answer', hex(messaging.preKeys.peerBundle.answer.encoded));
write('stanzas', 'count-answer', hex(messaging.preKeys.count.answer.encoded));
messaging.preKeys.rejects.forEach((reject, i) => {
    if (reject.encoded) write('stanzas', `key-reject-${i}`, hex(reject.encoded));
});
console.log('seeds written under', path.join(here, 'corpus'));

// stanzas: what the network says about a contact (calls, device lists, retry requests), encoded by Baileys 7.
const requireEmulator = createRequire(path.join(here, '..', 'emulator', 'package.json'));
const { encodeBinaryNode } = await import(requireEmulator.resolve('baileys'));
const n = (tag, attrs = {}, content = undefined) => ({ tag, attrs, content });
const b = (tag, bytes) => n(tag, {}, Buffer.from(bytes));
write('stanzas', 'call-offer', Buffer.from(encodeBinaryNode(n('call', { from: '5511900000002@s.whatsapp.net', id: 'C1', t: '1700000000' }, [
    n('offer', { 'call-id': 'ABC123', 'call-creator': '5511900000002@s.whatsapp.net' }, [n('audio', { enc: 'opus', rate: '16000' }), n('video', {})]),
]))));
write('stanzas', 'devices-notification', Buffer.from(encodeBinaryNode(n('notification', { from: '5511900000002@s.whatsapp.net', type: 'devices', id: 'N1', t: '1700000000' }, [
    n('add', { device_hash: 'h' }, [n('device', { jid: '5511900000002:7@s.whatsapp.net', 'key-index': '2' }), n('key-index-list', { ts: '1' })]),
    n('remove', {}, [n('device', { jid: '5511900000002:5@s.whatsapp.net' })]),
]))));
write('stanzas', 'retry-receipt', Buffer.from(encodeBinaryNode(n('receipt', { from: '5511900000002:3@s.whatsapp.net', id: '3EB0AA', type: 'retry' }, [
    n('retry', { count: '2', id: '3EB0AA', t: '1700000000', v: '1' }),
    b('registration', [0, 0, 1, 35]),
    n('keys', {}, [b('type', [5]), b('identity', Array(32).fill(7)), n('key', {}, [b('id', [0, 0, 7]), b('value', Array(32).fill(8))]),
        n('skey', {}, [b('id', [0, 0, 1]), b('value', Array(32).fill(9)), b('signature', Array(64).fill(10))]), b('device-identity', [1, 2, 3])]),
]))));
