// Media both ways between simulated phones and a real Baileys 7.0.0-rc14 companion: a phone encrypts and uploads
// with Baileys 7's own functions (POST /phones/{p}/media), the other phone downloads and decrypts it with Baileys 7
// and checks its SHA-256, and so does the companion; locations and contact cards; played receipts; and the media
// retry a companion sends its own phone once the host has expired the file (src/phone/media.js).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Jimp } from 'jimp';
import { Agent } from 'undici';
import { decryptMediaRetryData, downloadContentFromMessage, normalizeMessageContent } from 'baileys';
import { startInProcess } from './helpers/emulator.js';
import { Baileys7Companion, unrefLongTimers, until } from './helpers/baileys7.js';

unrefLongTimers();

const MARIA = '5511900000001'; // a customer's phone that sends
const JOAO = '5511900000002'; // receives on his phone and on a Baileys 7 laptop
const jid = (phone) => `${phone}@s.whatsapp.net`;
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

let emu;
let laptop;
let dir;
let dispatcher; // trusts the emulator's test CA, for Baileys 7's downloads in the test
const files = {};
const rawMessages = []; // <message> stanzas as the laptop's socket read them
const rawRetryNotifications = [];
const phoneStanzas = []; // what the server handed to the phones (white box: the receipts they were sent)

async function ffmpeg(...args) {
    await promisify(execFile)('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
}

before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'wa-media-'));
    const png = new Jimp({ width: 64, height: 48, color: 0x2080c0ff });
    files.image = await png.getBuffer('image/png');
    await ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10', '-t', '1', '-pix_fmt', 'yuv420p', '-c:v', 'libx264', path.join(dir, 'v.mp4'));
    await ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', '-c:a', 'libopus', '-b:a', '24k', path.join(dir, 'p.ogg'));
    await ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=220:duration=3', '-c:a', 'libmp3lame', '-b:a', '64k', path.join(dir, 'a.mp3'));
    await ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=512x512', '-frames:v', '1', '-c:v', 'libwebp', path.join(dir, 's.webp'));
    for (const [k, f] of [['video', 'v.mp4'], ['ptt', 'p.ogg'], ['audio', 'a.mp3'], ['sticker', 's.webp']]) files[k] = await readFile(path.join(dir, f));
    files.document = Buffer.from('%PDF-1.4\n% a tiny document for the emulator\n'.repeat(20));

    emu = await startInProcess();
    dispatcher = new Agent({ connect: { ca: emu.testCa } });
    await emu.addPhone(MARIA, 'Maria');
    await emu.addPhone(JOAO, 'João');
    laptop = await new Baileys7Companion({
        wsUrl: emu.wsUrl,
        socketOptions: { fetchAgent: new https.Agent({ ca: emu.testCa }) }, // Baileys's uploads trust the test CA
        onSocket: (sock) => {
            sock.ws.on('CB:message', (n) => rawMessages.push(n));
            sock.ws.on('CB:notification,type:mediaretry', (n) => rawRetryNotifications.push(n));
        },
    }).link(emu, JOAO);
    await laptop.waitForReady();
    // Baileys 7 learns the media host from <media_conn> (it would otherwise build URLs for mmg.whatsapp.net)
    await laptop.sock.refreshMediaConn(true);
    const deliver = emu.hub.router.deliver.bind(emu.hub.router);
    emu.hub.router.deliver = (to, stanza) => {
        if (/^[0-9]+@s\.whatsapp\.net$/.test(to)) phoneStanzas.push({ to, stanza });
        return deliver(to, stanza);
    };
});

after(async () => {
    await laptop?.stop();
    await emu?.close();
    await dispatcher?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
});

const send = (from, body) => emu.call('POST', `/phones/${from}/media`, body);

/** The phone's record of a received media message, once its download is over. */
async function received(phone, id) {
    return until(`${phone}'s download of ${id}`, async () => {
        const { status, body } = await emu.call('GET', `/phones/${phone}/media/${id}`);
        return status === 200 && !body.pending ? body : null;
    }, 20000);
}

/** The laptop's copy of message `id`, and what Baileys 7 decrypts its media to. */
async function atLaptop(id) {
    const message = await until(`message ${id} at the laptop`, () => laptop.messages.find((m) => m.key.id === id && m.message));
    const content = normalizeMessageContent(message.message);
    const [field] = Object.keys(content).filter((k) => /(image|video|audio|document|sticker)Message$/.test(k));
    const media = content[field];
    const stream = await downloadContentFromMessage(media, field.replace('Message', ''), { options: { dispatcher } });
    const chunks = [];
    for await (const c of stream) chunks.push(c);
    return { message, content, media, data: Buffer.concat(chunks) };
}

const encsOf = (stanza) => (stanza.content ?? []).filter((c) => c.tag === 'enc');

test('an image: uploaded with Baileys 7, decrypted by the other phone and by Baileys 7, with a jimp thumbnail', async () => {
    const { status, body } = await send(MARIA, { to: JOAO, kind: 'image', data: files.image.toString('base64'), mimetype: 'image/png', caption: 'o bolo' });
    assert.equal(status, 201, JSON.stringify(body));
    assert.equal(body.sha256, sha256(files.image));
    assert.equal(body.size, files.image.length);
    assert.match(body.directPath, /^\/v\/t62\.7118-24\/.+\?ccb=11-4&oh=.+&oe=/);

    const got = await received(JOAO, body.id);
    assert.equal(got.error, null);
    assert.equal(got.kind, 'image');
    assert.equal(got.sha256, body.sha256);
    assert.ok(Buffer.from(got.data, 'base64').equals(files.image));
    assert.equal(got.mimetype, 'image/png');
    assert.equal(got.caption, 'o bolo');
    assert.deepEqual([got.width, got.height], [64, 48]);
    const thumb = await Jimp.read(Buffer.from(got.thumbnail, 'base64'));
    assert.equal(thumb.width, 32); // Baileys 7's extractImageThumb width
    assert.equal(thumb.height, 24);

    const log = (await emu.call('GET', `/phones/${JOAO}/messages`)).body.find((m) => m.id === body.id);
    assert.equal(log.kind, 'image');
    assert.equal(log.text, 'o bolo');
    assert.equal(log.media.mimetype, 'image/png');
    assert.equal(log.media.fileLength, files.image.length);

    const laptopCopy = await atLaptop(body.id);
    assert.equal(sha256(laptopCopy.data), body.sha256);
    assert.equal(laptopCopy.media.caption, 'o bolo');
    assert.equal(Buffer.from(laptopCopy.media.jpegThumbnail).toString('base64'), got.thumbnail);
    const raw = rawMessages.find((n) => n.attrs.id === body.id);
    assert.equal(raw.attrs.type, 'media');
    assert.deepEqual(encsOf(raw).map((e) => e.attrs.mediatype), ['image']);
});

test('video, voice note, audio, document with caption and sticker arrive whole, each labelled as whatsmeow labels it', async () => {
    const cases = [
        { kind: 'video', mimetype: 'video/mp4', caption: 'o vídeo', seconds: 1, mediatype: 'video' },
        { kind: 'ptt', mediatype: 'ptt' },
        { kind: 'audio', mimetype: 'audio/mpeg', mediatype: 'audio' },
        { kind: 'document', mimetype: 'application/pdf', fileName: 'pedido.pdf', caption: 'o pedido', mediatype: 'document' },
        { kind: 'sticker', mimetype: 'image/webp', mediatype: 'sticker' },
    ];
    for (const { kind, mediatype, ...extra } of cases) {
        const { status, body } = await send(MARIA, { to: JOAO, kind, data: files[kind].toString('base64'), ...extra });
        assert.equal(status, 201, `${kind}: ${JSON.stringify(body)}`);
        const got = await received(JOAO, body.id);
        assert.equal(got.error, null, kind);
        assert.equal(got.kind, kind);
        assert.equal(got.sha256, sha256(files[kind]), kind);
        assert.equal(got.size, files[kind].length, kind);
        const laptopCopy = await atLaptop(body.id);
        assert.equal(sha256(laptopCopy.data), sha256(files[kind]), `${kind} at Baileys 7`);
        const raw = rawMessages.find((n) => n.attrs.id === body.id);
        assert.equal(raw.attrs.type, 'media', kind);
        assert.deepEqual(encsOf(raw).map((e) => e.attrs.mediatype), [mediatype], kind);
        files[`${kind}Got`] = { got, body, laptopCopy };
    }
    const video = files.videoGot.got;
    assert.equal(video.caption, 'o vídeo');
    assert.equal(video.seconds, 1);
    const videoThumb = Buffer.from(video.thumbnail, 'base64');
    assert.deepEqual([...videoThumb.subarray(0, 2)], [0xff, 0xd8], 'an ffmpeg JPEG thumbnail');
    assert.equal((await Jimp.read(videoThumb)).width, 32);

    const ptt = files.pttGot.got;
    assert.equal(ptt.ptt, true);
    assert.equal(ptt.seconds, 2);
    assert.equal(ptt.mimetype, 'audio/ogg; codecs=opus');
    const waveform = Buffer.from(ptt.waveform, 'base64');
    assert.equal(waveform.length, 64);
    assert.equal(Math.max(...waveform), 100);
    assert.ok(files.pttGot.laptopCopy.media.ptt);

    const audio = files.audioGot.got;
    assert.equal(audio.ptt, false);
    assert.equal(audio.seconds, 3);
    assert.equal(audio.waveform, null);

    const doc = files.documentGot;
    assert.equal(doc.got.fileName, 'pedido.pdf');
    assert.equal(doc.got.caption, 'o pedido');
    assert.ok(doc.laptopCopy.message.message.documentWithCaptionMessage, 'a captioned document travels wrapped, as the apps send it');

    assert.equal(files.stickerGot.got.mimetype, 'image/webp');
});

test('locations and contact cards reach the other phone and Baileys 7', async () => {
    const pinned = await emu.call('POST', `/phones/${MARIA}/location`, { to: JOAO, latitude: -23.5505, longitude: -46.6333, name: 'Padaria', address: 'Rua A, 1' });
    assert.equal(pinned.status, 201);
    const live = await emu.call('POST', `/phones/${MARIA}/location`, { to: JOAO, latitude: -19.92, longitude: -43.94, live: true });
    assert.equal(live.status, 201);
    const built = await emu.call('POST', `/phones/${MARIA}/contact`, { to: JOAO, name: 'Ana Souza', phone: '5511987650001' });
    assert.equal(built.status, 201);
    const vcard = 'BEGIN:VCARD\nVERSION:3.0\nFN:Bruno\nTEL;type=CELL;waid=5521987650002:+55 21 98765-0002\nEND:VCARD';
    const given = await emu.call('POST', `/phones/${MARIA}/contact`, { to: JOAO, displayName: 'Bruno', vcard });
    assert.equal(given.status, 201);

    const log = await until('all four at João\'s phone', async () => {
        const { body } = await emu.call('GET', `/phones/${JOAO}/messages`);
        const found = [pinned, live, built, given].map((r) => body.find((m) => m.id === r.body.id));
        return found.every(Boolean) ? found : null;
    });
    assert.equal(log[0].kind, 'location');
    assert.deepEqual(log[0].location, { latitude: -23.5505, longitude: -46.6333, name: 'Padaria', address: 'Rua A, 1', caption: null, live: false });
    assert.equal(log[1].kind, 'liveLocation');
    assert.equal(log[1].location.live, true);
    assert.equal(log[1].location.latitude, -19.92);
    assert.equal(log[2].kind, 'contact');
    assert.equal(log[2].contact.displayName, 'Ana Souza');
    assert.deepEqual(log[2].contact.waids, ['5511987650001']);
    assert.match(log[2].contact.vcard, /^BEGIN:VCARD\nVERSION:3\.0\nN:;Ana Souza;;;\nFN:Ana Souza\nTEL;type=CELL;type=VOICE;waid=5511987650001:\+5511987650001\nEND:VCARD$/);
    assert.equal(log[3].contact.vcard, vcard);

    const atLaptopLoc = await until('the location at Baileys 7', () => laptop.messages.find((m) => m.key.id === pinned.body.id));
    assert.equal(atLaptopLoc.message.locationMessage.degreesLatitude, -23.5505);
    const atLaptopCard = await until('the card at Baileys 7', () => laptop.messages.find((m) => m.key.id === built.body.id));
    assert.equal(atLaptopCard.message.contactMessage.displayName, 'Ana Souza');
    // a location is a text stanza without mediatype; a contact card is media "vcard" (whatsmeow send.go)
    const rawLoc = rawMessages.find((n) => n.attrs.id === pinned.body.id);
    assert.equal(rawLoc.attrs.type, 'text');
    assert.ok(encsOf(rawLoc).every((e) => e.attrs.mediatype === undefined));
    const rawLive = rawMessages.find((n) => n.attrs.id === live.body.id);
    assert.ok(encsOf(rawLive).every((e) => e.attrs.mediatype === undefined), 'whatsmeow gives a live location no mediatype');
    const rawCard = rawMessages.find((n) => n.attrs.id === built.body.id);
    assert.equal(rawCard.attrs.type, 'media');
    assert.deepEqual(encsOf(rawCard).map((e) => e.attrs.mediatype), ['vcard']);
});

test('bad media, location and contact bodies are refused with a clear 400', async () => {
    const data = files.image.toString('base64');
    const cases = [
        [`/phones/${MARIA}/media`, { to: JOAO, kind: 'gif', data }, 'bad-kind'],
        [`/phones/${MARIA}/media`, { to: JOAO, kind: 'image', data: 'not base64!' }, 'bad-data'],
        [`/phones/${MARIA}/media`, { to: JOAO, kind: 'image', data: Buffer.from('not an image').toString('base64') }, 'bad-data'],
        [`/phones/${MARIA}/media`, { to: JOAO, kind: 'audio', data, caption: 'x' }, 'bad-caption'],
        [`/phones/${MARIA}/media`, { to: JOAO, kind: 'image', data, fileName: 'a.png' }, 'bad-file-name'],
        [`/phones/${MARIA}/media`, { to: JOAO, kind: 'image', data, seconds: 3 }, 'bad-seconds'],
        [`/phones/${MARIA}/media`, { to: JOAO, kind: 'ptt', data, seconds: -1 }, 'bad-seconds'],
        [`/phones/${MARIA}/media`, { to: JOAO, kind: 'image', data, mimetype: 'png' }, 'bad-mimetype'],
        [`/phones/${MARIA}/media`, { to: JOAO, kind: 'image', data, captoin: 'typo' }, 'unknown-field'],
        [`/phones/${MARIA}/media`, { to: MARIA, kind: 'image', data }, 'bad-recipient'],
        [`/phones/${MARIA}/location`, { to: JOAO, latitude: 91, longitude: 0 }, 'bad-latitude'],
        [`/phones/${MARIA}/location`, { to: JOAO, latitude: 0, longitude: '1' }, 'bad-longitude'],
        [`/phones/${MARIA}/location`, { to: JOAO, latitude: 0, longitude: 0, live: true, address: 'Rua A' }, 'bad-address'],
        [`/phones/${MARIA}/contact`, { to: JOAO, displayName: 'X', vcard: 'FN:X' }, 'bad-vcard'],
        [`/phones/${MARIA}/contact`, { to: JOAO, name: 'X', phone: '12' }, 'bad-phone'],
        [`/phones/${MARIA}/contact`, { to: JOAO, name: 'X', phone: '5511987650001', vcard: 'BEGIN:VCARD' }, 'bad-contact'],
    ];
    for (const [route, body, error] of cases) {
        const answer = await emu.call('POST', route, body);
        assert.equal(answer.status, 400, `${route} ${JSON.stringify(body).slice(0, 80)}: ${JSON.stringify(answer.body)}`);
        assert.equal(answer.body.error, error, JSON.stringify(answer.body));
        assert.ok(answer.body.message.length > 10);
    }
    assert.equal((await send(MARIA, { to: '5511999999999', kind: 'image', data })).status, 404);
    assert.equal((await emu.call('GET', `/phones/${JOAO}/media/NOSUCHID`)).status, 404);
});

test('a voice note is played: the sender\'s phone records the played receipt', async () => {
    const { body } = files.pttGot;
    const notVoice = await emu.call('POST', `/phones/${JOAO}/played`, { chat: MARIA, ids: [files.videoGot.body.id] });
    assert.equal(notVoice.status, 400);
    assert.equal(notVoice.body.error, 'not-voice');
    assert.equal((await emu.call('POST', `/phones/${JOAO}/played`, { chat: MARIA, ids: ['NOSUCHID'] })).status, 404);

    assert.equal((await emu.call('POST', `/phones/${JOAO}/played`, { chat: MARIA, ids: [body.id] })).status, 200);
    const played = await until('the played receipt', async () => (await emu.call('GET', `/phones/${MARIA}/receipts`)).body.find((r) => r.id === body.id && r.type === 'played'));
    assert.equal(played.from, jid(JOAO));
});

test('Baileys 7 sends an image (media_conn, its own upload) and the phone decrypts it', async () => {
    const before = (await emu.call('GET', '/media/stats')).body;
    const sent = await laptop.sock.sendMessage(jid(MARIA), { image: files.image, caption: 'do Baileys 7', mimetype: 'image/png' });
    const got = await received(MARIA, sent.key.id);
    assert.equal(got.error, null);
    assert.equal(got.sha256, sha256(files.image));
    assert.equal(got.caption, 'do Baileys 7');
    const after = (await emu.call('GET', '/media/stats')).body;
    assert.equal(after.uploads, before.uploads + 1);
    // João's phone gets the laptop's copy (deviceSentMessage) and downloads it too
    const mine = await received(JOAO, sent.key.id);
    assert.equal(mine.sha256, sha256(files.image));
});

test('tamperMedia: Baileys 7 decrypts a damaged download to other bytes, and the phone\'s SHA-256 check reports it', async () => {
    assert.equal((await emu.call('POST', '/faults', { tamperMedia: true })).status, 200);
    let body;
    try {
        ({ body } = await send(MARIA, { to: JOAO, kind: 'document', data: files.document.toString('base64'), mimetype: 'application/pdf', fileName: 'a.pdf' }));
        const got = await received(JOAO, body.id);
        assert.equal(got.data, null);
        assert.match(got.error, new RegExp(`^SHA-256 of the decrypted file is [0-9a-f]{64}, the message says ${body.sha256}$`));
        // Baileys 7 itself (downloadContentFromMessage) takes the damaged body without a word: no MAC check.
        const laptopCopy = await atLaptop(body.id);
        assert.equal(laptopCopy.data.length, files.document.length);
        assert.notEqual(sha256(laptopCopy.data), body.sha256);
    } finally {
        assert.equal((await emu.call('POST', '/faults', { tamperMedia: false })).status, 200);
    }
    // The host kept the file as uploaded: the same message downloads intact now.
    assert.equal(sha256((await atLaptop(body.id)).data), body.sha256);
});

test('media retry: after expireMedia the laptop asks its own phone, which re-uploads; Baileys 7 reads the answer', async () => {
    const { status, body } = await send(MARIA, { to: JOAO, kind: 'image', data: files.image.toString('base64'), caption: 'de novo' });
    assert.equal(status, 201);
    await received(JOAO, body.id); // João's phone has the file
    const copy = await atLaptop(body.id);
    const oldPath = copy.media.directPath; // updateMediaMessage changes the message in place
    assert.equal((await emu.call('POST', '/faults', { expireMedia: true })).status, 200);
    await assert.rejects(
        downloadContentFromMessage(copy.media, 'image', { options: { dispatcher } }),
        (err) => err.output?.statusCode === 404,
    );

    const updated = await laptop.sock.updateMediaMessage(copy.message);
    const media = normalizeMessageContent(updated.message).imageMessage;
    assert.notEqual(media.directPath, oldPath);
    const again = await downloadContentFromMessage(media, 'image', { options: { dispatcher } });
    const chunks = [];
    for await (const c of again) chunks.push(c);
    assert.equal(sha256(Buffer.concat(chunks)), body.sha256);

    // the receipt the phone got: to its own account, from the laptop, with <encrypt> and <rmr>
    const receipt = phoneStanzas.find((s) => s.stanza.tag === 'receipt' && s.stanza.attrs.type === 'server-error' && s.stanza.attrs.id === body.id);
    assert.equal(receipt.to, jid(JOAO));
    assert.equal(receipt.stanza.attrs.from, laptop.jid);
    assert.deepEqual(receipt.stanza.content.map((c) => c.tag), ['encrypt', 'rmr']);
    assert.equal(receipt.stanza.content[1].attrs.from_me, 'false');
    // the notification the laptop read
    const note = rawRetryNotifications.find((n) => n.attrs.id === body.id);
    assert.equal(note.attrs.from, jid(JOAO));
    assert.ok(note.attrs.t);
    assert.deepEqual(note.content.map((c) => c.tag), ['rmr', 'encrypt']);
    assert.deepEqual(note.content[1].content.map((c) => c.tag), ['enc_p', 'enc_iv']);
    assert.equal(note.content[1].content[1].content.length, 12);
    const decoded = decryptMediaRetryData({ ciphertext: note.content[1].content[0].content, iv: note.content[1].content[1].content }, copy.media.mediaKey, body.id);
    assert.equal(decoded.stanzaId, body.id);
    assert.equal(decoded.result, 1); // SUCCESS
    assert.equal(decoded.directPath, media.directPath);

    const [entry] = (await emu.call('GET', `/phones/${JOAO}/media-retries`)).body.filter((r) => r.id === body.id);
    assert.equal(entry.outcome, 'reuploaded');
    assert.equal(entry.from, laptop.jid);
    assert.equal(entry.fromMe, false);
    assert.equal(entry.directPath, media.directPath);
    // the laptop acked the notification as Baileys 7 does, and the server took it
    await until('the ack of the notification', async () => {
        const { body: unacked } = await emu.call('GET', `/devices/${encodeURIComponent(laptop.jid)}/unacked`);
        return !unacked.unacked.some((u) => u.id === body.id && u.tag === 'notification');
    });
    const { body: unacked } = await emu.call('GET', `/devices/${encodeURIComponent(laptop.jid)}/unacked`);
    assert.deepEqual(unacked.mismatches.filter((m) => m.id === body.id), []);
});

test('media retry of the phone\'s own message (from_me): the sending phone re-uploads it', async () => {
    const { status, body } = await send(JOAO, { to: MARIA, kind: 'document', data: files.document.toString('base64'), mimetype: 'application/pdf', fileName: 'recibo.pdf' });
    assert.equal(status, 201);
    const copy = await atLaptop(body.id); // the laptop's copy of what its phone sent
    assert.equal(copy.message.key.fromMe, true);
    await emu.call('POST', '/faults', { expireMedia: true });
    const oldPath = copy.media.directPath;
    const updated = await laptop.sock.updateMediaMessage(copy.message);
    const media = normalizeMessageContent(updated.message).documentMessage;
    assert.notEqual(media.directPath, oldPath);
    const again = await downloadContentFromMessage(media, 'document', { options: { dispatcher } });
    const chunks = [];
    for await (const c of again) chunks.push(c);
    assert.equal(sha256(Buffer.concat(chunks)), body.sha256);
    const entry = (await emu.call('GET', `/phones/${JOAO}/media-retries`)).body.find((r) => r.id === body.id);
    assert.equal(entry.fromMe, true);
    assert.equal(entry.outcome, 'reuploaded');
});

test('media retry for a file the phone never got: it answers NOT_FOUND and Baileys 7 says so', async () => {
    // the host expires everything just as the message is routed, before either device downloads it
    const route = emu.hub.router.routeFromDevice;
    emu.hub.router.routeFromDevice = async function expireFirst(from, msg) {
        const done = await route.call(this, from, msg);
        emu.hub.media.expireAll();
        return done;
    };
    let body;
    try {
        ({ body } = await send(MARIA, { to: JOAO, kind: 'image', data: files.image.toString('base64') }));
    } finally {
        emu.hub.router.routeFromDevice = route;
    }
    const got = await received(JOAO, body.id);
    assert.equal(got.error, 'download answered HTTP 404');
    assert.equal(got.data, null);
    const message = await until('the message at the laptop', () => laptop.messages.find((m) => m.key.id === body.id && m.message));
    await assert.rejects(laptop.sock.updateMediaMessage(message), /NOT_FOUND/);
    const entry = (await emu.call('GET', `/phones/${JOAO}/media-retries`)).body.find((r) => r.id === body.id);
    assert.equal(entry.outcome, 'not-found');
});
