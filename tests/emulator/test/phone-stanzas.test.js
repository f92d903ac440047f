// The phone's stanza shapes: what it sends must encode with Baileys' binary codec (string attributes only) and
// read back the same; retry receipts round-trip their <keys> and refuse incomplete ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBinaryNode, encodeBinaryNode } from '@whiskeysockets/baileys';
import { SignalDevice } from '../src/phone/signal-device.js';
import { messageNode, parseRetryReceipt, readReceipt, retryReceipt } from '../src/phone/stanzas.js';

const wire = async (node) => decodeBinaryNode(Buffer.from(encodeBinaryNode(node)));

test('a retry receipt with <keys> survives the wire and gives back the bundle', async () => {
    const device = new SignalDevice();
    const bundle = device.takeBundle();
    const node = await wire(retryReceipt({ id: 'M1', to: '5511900000002:3@s.whatsapp.net', t: '1700000000', count: 2,
        registrationId: device.registrationId, keys: { bundle, deviceIdentity: Buffer.from([1, 2, 3]) } }));
    assert.deepEqual(node.attrs, { id: 'M1', type: 'retry', to: '5511900000002:3@s.whatsapp.net' });
    assert.deepEqual(node.content.map((c) => c.tag), ['retry', 'registration', 'keys']);
    const parsed = parseRetryReceipt(node);
    assert.equal(parsed.count, 2);
    assert.equal(parsed.registrationId, device.registrationId);
    assert.deepEqual(parsed.bundle, { ...bundle, registrationId: device.registrationId });
});

test('a first retry receipt has no <keys>, and incomplete <keys> are refused', async () => {
    const first = parseRetryReceipt(await wire(retryReceipt({ id: 'M1', to: 'x@s.whatsapp.net', count: 1, registrationId: 7 })));
    assert.deepEqual(first, { count: 1, registrationId: 7, bundle: null });

    const device = new SignalDevice();
    const bundle = { ...device.takeBundle() };
    bundle.identityKey = bundle.identityKey.subarray(0, 31);
    const bad = retryReceipt({ id: 'M1', to: 'x@s.whatsapp.net', count: 2, registrationId: 7, keys: { bundle, deviceIdentity: Buffer.alloc(1) } });
    assert.throws(() => parseRetryReceipt(bad), /incomplete/);
});

test('message and read receipt nodes encode with the real codec', async () => {
    const message = await wire(messageNode({ id: 'M2', type: 'text', to: '5511900000002@s.whatsapp.net' },
        [{ jid: '5511900000002@s.whatsapp.net', type: 'pkmsg', ciphertext: Buffer.from([0x33, 1]) },
            { jid: '5511900000002:3@s.whatsapp.net', type: 'msg', ciphertext: Buffer.from([0x33, 2]), count: 2 }],
        Buffer.from([9])));
    assert.deepEqual(message.content.map((c) => c.tag), ['participants', 'device-identity']);
    assert.deepEqual(message.content[0].content.map((to) => to.content[0].attrs), [{ v: '2', type: 'pkmsg' }, { v: '2', type: 'msg', count: '2' }]);
    assert.deepEqual(messageNode({ id: 'M3' }, [], null).content.map((c) => c.tag), ['participants']);

    const read = await wire(readReceipt('5511900000001@s.whatsapp.net', ['A', 'B', 'C']));
    assert.equal(read.attrs.id, 'A');
    assert.equal(read.attrs.type, 'read');
    assert.match(read.attrs.t, /^[0-9]+$/);
    assert.deepEqual(read.content[0].content.map((item) => item.attrs.id), ['B', 'C']);
    assert.equal(readReceipt('x@s.whatsapp.net', ['A']).content, undefined);
});
