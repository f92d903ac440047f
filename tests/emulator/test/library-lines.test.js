// The emulator speaks both token tables through the real library: v2 via @whiskeysockets/baileys 6.17.16,
// v3 via baileys 7.0.0-rc14. If either install drifts, every golden vector and every test downstream lies,
// so this checks the two lines against encodings known from the real clients (docs/protocol.md §4.6).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as baileys6 from '@whiskeysockets/baileys';
import * as baileys7 from 'baileys';

const ping = { tag: 'iq', attrs: { id: '1', type: 'get', xmlns: 'w:p', to: '@s.whatsapp.net' }, content: [{ tag: 'ping', attrs: {} }] };

test('baileys 6.17 encodes with token table version 2', () => {
    const bytes = Buffer.from(baileys6.encodeBinaryNode(ping)).toString('hex');
    assert.equal(bytes, '00f80a1e08350431195f0efa0003f801f80150');
});

test('baileys 7 encodes with token table version 3', () => {
    const bytes = Buffer.from(baileys7.encodeBinaryNode(ping)).toString('hex');
    assert.equal(bytes, '00f80a1908550429165711fa0003f801f80156');
});

test('each line decodes its own encoding back to the same node', async () => {
    for (const lib of [baileys6, baileys7]) {
        const decoded = await lib.decodeBinaryNode(Buffer.from(lib.encodeBinaryNode(ping)));
        assert.equal(decoded.tag, 'iq');
        assert.deepEqual(decoded.attrs, ping.attrs);
        assert.equal(decoded.content[0].tag, 'ping');
    }
});
