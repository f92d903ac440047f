// bin/baileys-peer.js and media, for both Baileys lines: a phone sends the peer an image, a voice note and a
// document (POST /phones/{p}/media), the peer downloads each with its line's own downloadMediaMessage against the
// emulator's media host (trusting the test CA it fetched from the control API) and prints a "media" event with the
// plaintext's SHA-256; a file damaged in transit (the tamperMedia fault) is reported as a hash mismatch; and the
// peer sends a document with its line's own sendMessage (media_conn, upload), which the phone decrypts intact.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Jimp } from 'jimp';
import { startInProcess } from './helpers/emulator.js';
import { until } from './helpers/baileys7.js';
import { PeerProcess } from './helpers/peer-process.js';

const DORA = '5511930000021'; // a phone
const LINES = { 7: '5511930000027', 6: '5511930000026' }; // one peer per Baileys line
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

let emu;
let dir;
const peers = {};
const files = {};

before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'peer-media-'));
    files.image = await new Jimp({ width: 40, height: 30, color: 0xc04020ff }).getBuffer('image/png');
    await promisify(execFile)('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=330:duration=2',
        '-c:a', 'libopus', '-b:a', '24k', path.join(dir, 'p.ogg')]);
    files.ptt = await readFile(path.join(dir, 'p.ogg'));
    files.document = Buffer.from('%PDF-1.4\n% a document the peer is sent\n'.repeat(40));
    files.outgoing = Buffer.from('Nota fiscal 123 — pedido de bolo\n'.repeat(60));

    emu = await startInProcess();
    await emu.addPhone(DORA, 'Dora');
    peers[7] = new PeerProcess(emu, LINES[7], ['--baileys', '7', '--name', 'Peer 7']);
    peers[6] = new PeerProcess(emu, LINES[6], ['--name', 'Peer 6']);
    await Promise.all([peers[7].ready(), peers[6].ready()]);
});

after(async () => {
    await Promise.all(Object.values(peers).map((p) => p.stop()));
    await emu?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
});

const mediaEvent = (peer, id) => peer.waitFor((e) => e.event === 'media' && e.id === id, `the media event of ${id}`);
const phoneSends = async (to, body) => {
    const { status, body: answer } = await emu.call('POST', `/phones/${DORA}/media`, { to, ...body });
    assert.equal(status, 201, JSON.stringify(answer));
    return answer;
};

for (const line of ['7', '6']) {
    const phone = LINES[line];

    test(`Baileys ${line} peer: an image and a voice note from a phone are downloaded with its own code, SHA-256 checked`, async () => {
        const peer = peers[line];
        const image = await phoneSends(phone, { kind: 'image', data: files.image.toString('base64'), mimetype: 'image/png', caption: 'o bolo pronto' });
        const got = await mediaEvent(peer, image.id);
        // 6.17 knows no LIDs: a phone writing by LID (its default) is named by its LID there, as in text events.
        const from = line === '7' ? `${DORA}@s.whatsapp.net` : `${emu.hub.registry.account(DORA).lidUser}@lid`;
        assert.deepEqual(
            { kind: got.kind, from: got.from, mimetype: got.mimetype, caption: got.caption, size: got.size, sha256: got.sha256, ptt: got.ptt, error: got.error },
            { kind: 'image', from, mimetype: 'image/png', caption: 'o bolo pronto', size: files.image.length, sha256: sha256(files.image), ptt: false, error: null },
        );
        assert.equal(image.sha256, got.sha256);
        assert.equal(got.seconds, null);
        assert.equal(got.waveform, null);
        // The message event comes first, with the caption as its text.
        const events = peer.events;
        const messageAt = events.findIndex((e) => e.event === 'message' && e.id === image.id);
        assert.ok(messageAt >= 0 && messageAt < events.indexOf(events.find((e) => e.event === 'media' && e.id === image.id)));
        assert.equal(events[messageAt].text, 'o bolo pronto');

        const ptt = await phoneSends(phone, { kind: 'ptt', data: files.ptt.toString('base64'), mimetype: 'audio/ogg; codecs=opus' });
        const voice = await mediaEvent(peer, ptt.id);
        assert.equal(voice.error, null);
        assert.equal(voice.kind, 'ptt');
        assert.equal(voice.ptt, true);
        assert.equal(voice.sha256, sha256(files.ptt));
        assert.equal(voice.size, files.ptt.length);
        assert.equal(voice.seconds, 2);
        assert.equal(Buffer.from(voice.waveform, 'base64').length, 64);
        assert.equal(voice.caption, null);
        assert.equal(peer.events.find((e) => e.event === 'message' && e.id === ptt.id).text, null);
    });

    test(`Baileys ${line} peer: a file damaged in transit (tamperMedia) is reported as a SHA-256 mismatch`, async () => {
        const peer = peers[line];
        const before = (await emu.call('GET', '/faults')).body.fired.tamperMedia;
        assert.equal((await emu.call('POST', '/faults', { tamperMedia: true })).status, 200);
        let sent;
        try {
            sent = await phoneSends(phone, { kind: 'document', data: files.document.toString('base64'), mimetype: 'application/pdf', fileName: 'pedido.pdf', caption: 'o pedido' });
            const got = await mediaEvent(peer, sent.id);
            assert.equal(got.kind, 'document');
            assert.equal(got.fileName, 'pedido.pdf');
            assert.equal(got.caption, 'o pedido'); // through documentWithCaptionMessage
            assert.notEqual(got.sha256, sha256(files.document));
            assert.match(got.error, new RegExp(`^SHA-256 of the decrypted file is ${got.sha256}, the message says ${sha256(files.document)}$`));
        } finally {
            assert.equal((await emu.call('POST', '/faults', { tamperMedia: false })).status, 200);
        }
        assert.ok((await emu.call('GET', '/faults')).body.fired.tamperMedia > before);
    });

    test(`Baileys ${line} peer: send-media uploads a document with its own code and the phone decrypts it intact`, async () => {
        const peer = peers[line];
        const count = peer.lines.length;
        peer.command({ cmd: 'send-media', to: DORA, kind: 'document', data: files.outgoing.toString('base64'), mimetype: 'text/plain', fileName: 'nota.txt', caption: 'segue a nota' });
        const sent = await peer.waitFor((e) => e.event === 'sent' || e.event === 'error', 'the answer to send-media', 20000, count);
        assert.equal(sent.event, 'sent', JSON.stringify(sent));
        assert.equal(sent.sha256, sha256(files.outgoing));
        const got = await until('the phone to download it', async () => {
            const { status, body } = await emu.call('GET', `/phones/${DORA}/media/${sent.id}`);
            return status === 200 && !body.pending ? body : null;
        }, 20000);
        assert.equal(got.error, null);
        assert.equal(got.kind, 'document');
        assert.equal(got.sha256, sent.sha256);
        assert.ok(Buffer.from(got.data, 'base64').equals(files.outgoing));
        assert.equal(got.fileName, 'nota.txt');
        assert.equal(got.mimetype, 'text/plain');
        assert.equal(got.caption, 'segue a nota');
        await peer.status(sent.id, 'delivery-ack');
    });

    test(`Baileys ${line} peer: send-media sends an image and a voice note too`, async () => {
        const peer = peers[line];
        for (const [kind, data, mimetype] of [['image', files.image, 'image/png'], ['ptt', files.ptt, 'audio/ogg; codecs=opus']]) {
            const count = peer.lines.length;
            peer.command({ cmd: 'send-media', to: `${DORA}@s.whatsapp.net`, kind, data: data.toString('base64'), mimetype });
            const sent = await peer.waitFor((e) => e.event === 'sent' || e.event === 'error', `the answer to send-media ${kind}`, 20000, count);
            assert.equal(sent.event, 'sent', JSON.stringify(sent));
            const got = await until(`the phone to download the ${kind}`, async () => {
                const { status, body } = await emu.call('GET', `/phones/${DORA}/media/${sent.id}`);
                return status === 200 && !body.pending ? body : null;
            }, 20000);
            assert.equal(got.error, null);
            assert.equal(got.kind, kind);
            assert.equal(got.sha256, sha256(data));
            assert.equal(got.mimetype, mimetype);
            if (kind === 'ptt') assert.equal(got.ptt, true);
        }
    });
}

test('send-media with a bad body answers an error event and sends nothing', async () => {
    const peer = peers[7];
    const count = peer.lines.length;
    peer.command({ cmd: 'send-media', to: DORA, kind: 'gif', data: 'AAAA' });
    const answer = await peer.waitFor((e) => e.event === 'error' || e.event === 'sent', 'the answer', 20000, count);
    assert.equal(answer.event, 'error');
    assert.match(answer.message, /^send-media failed: kind must be one of/);
});

test('stdout carries only JSON lines', () => {
    for (const peer of Object.values(peers)) for (const l of peer.lines) assert.doesNotThrow(() => JSON.parse(l), `stray line: ${l}`);
});
