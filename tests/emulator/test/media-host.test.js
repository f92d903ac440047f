// The media host on the emulator's TLS port (src/server/media-host.js): the <media_conn> iq a companion asks for
// its address and upload token, uploads (and what they are refused for), downloads with ranges, and the
// expireMedia fault. A raw companion (Baileys's own noise client and codec) asks, so the exact stanzas are seen;
// HTTPS requests trust the emulator's test CA, never skip the check.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import https from 'node:https';
import { startInProcess } from './helpers/emulator.js';
import { linkRaw, loginRaw } from './helpers/raw-companion.js';

const MARIA = '5511900000001';
let emu;
let raw;
let creds;
let agent;
let iqs = 0;

before(async () => {
    emu = await startInProcess();
    await emu.addPhone(MARIA, 'Maria');
    creds = await linkRaw(emu, MARIA);
    raw = await loginRaw(emu, creds);
    agent = new https.Agent({ ca: emu.testCa });
});
after(async () => {
    raw?.close();
    agent?.destroy();
    await emu?.close();
});

/** Sends an iq from the raw companion; -> its answer node. */
async function askIq(attrs, content) {
    const id = `media-${++iqs}`;
    raw.send({ tag: 'iq', attrs: { id, ...attrs }, content });
    return raw.waitFor((n) => n.tag === 'iq' && n.attrs.id === id);
}

const mediaConnIq = (to = '@s.whatsapp.net') => askIq({ to, type: 'set', xmlns: 'w:m' }, [{ tag: 'media_conn', attrs: {} }]);

async function mediaConn() {
    const answer = await mediaConnIq();
    assert.equal(answer.attrs.type, 'result');
    return answer.content.find((c) => c.tag === 'media_conn');
}

/** An HTTPS request to the media host: -> { status, headers, body (Buffer), json }. */
function request(host, method, path, { body, headers = {} } = {}) {
    const [hostname, port] = host.split(':');
    return new Promise((resolve, reject) => {
        const req = https.request({ hostname, port, path, method, headers, agent }, (res) => {
            const chunks = [];
            res.on('data', (c) => chunks.push(c));
            res.on('end', () => {
                const data = Buffer.concat(chunks);
                let json = null;
                try {
                    json = JSON.parse(data.toString());
                } catch {
                    /* not JSON */
                }
                resolve({ status: res.statusCode, headers: res.headers, body: data, json });
            });
        });
        req.on('error', reject);
        if (body !== undefined) req.end(body);
        else req.end();
    });
}

const sha = (bytes) => createHash('sha256').update(bytes).digest();
const baileysToken = (bytes) => sha(bytes).toString('base64url'); // Baileys 7: URL-safe, no padding
const whatsmeowToken = (bytes) => `${sha(bytes).toString('base64url')}=`; // whatsmeow: base64.URLEncoding

async function upload(body, { type = 'image', token = baileysToken(body), queryToken = token, auth } = {}) {
    const mc = await mediaConn();
    const host = mc.content[0].attrs.hostname;
    const a = auth ?? mc.attrs.auth;
    const path = `/mms/${type}/${encodeURIComponent(token)}?auth=${encodeURIComponent(a)}&token=${encodeURIComponent(queryToken)}`;
    return { host, ...(await request(host, 'POST', path, { body, headers: { 'content-type': 'application/octet-stream', origin: 'https://web.whatsapp.com' } })) };
}

test('media_conn: auth, ttl, auth_ttl and max_buckets as whatsmeow requires them, and the TLS host', async () => {
    const answer = await mediaConnIq();
    assert.equal(answer.attrs.type, 'result');
    assert.equal(answer.attrs.from, 's.whatsapp.net');
    assert.equal(answer.content.length, 1);
    const mc = answer.content[0];
    assert.equal(mc.tag, 'media_conn');
    assert.deepEqual(Object.keys(mc.attrs).sort(), ['auth', 'auth_ttl', 'max_buckets', 'ttl']);
    assert.match(mc.attrs.auth, /^[A-Za-z0-9_-]{40,}$/);
    assert.equal(mc.attrs.ttl, '300');
    assert.equal(mc.attrs.auth_ttl, '21600');
    assert.equal(mc.attrs.max_buckets, '12');
    assert.deepEqual(mc.content.map((h) => h.tag), ['host']);
    assert.equal(mc.content[0].attrs.hostname, `127.0.0.1:${new URL(emu.wssUrl).port}`);
    // whatsmeow writes the server jid without the leading @; each ask gets a fresh token
    const again = await mediaConnIq('s.whatsapp.net');
    assert.equal(again.attrs.type, 'result');
    assert.notEqual(again.content[0].attrs.auth, mc.attrs.auth);
});

test('media_conn asked in any other shape is a bad request', async () => {
    const cases = [
        [{ to: '@s.whatsapp.net', type: 'get', xmlns: 'w:m' }, [{ tag: 'media_conn', attrs: {} }]],
        [{ to: '5511900000001@s.whatsapp.net', type: 'set', xmlns: 'w:m' }, [{ tag: 'media_conn', attrs: {} }]],
        [{ to: '@s.whatsapp.net', type: 'set', xmlns: 'w:m' }, [{ tag: 'media_conn', attrs: { last_id: '1' } }]],
        [{ to: '@s.whatsapp.net', type: 'set', xmlns: 'w:m' }, [{ tag: 'media_conn', attrs: {} }, { tag: 'media_conn', attrs: {} }]],
        [{ to: '@s.whatsapp.net', type: 'set', xmlns: 'w:m' }, undefined],
    ];
    const before = emu.hub.media.stats().refused.mediaConn;
    for (const [attrs, content] of cases) {
        const answer = await askIq(attrs, content);
        assert.equal(answer.attrs.type, 'error', JSON.stringify(attrs));
        assert.deepEqual(answer.content[0].attrs, { code: '400', text: 'bad-request' });
    }
    assert.equal(emu.hub.media.stats().refused.mediaConn, before + cases.length);
});

test('an upload is answered with url, direct_path, handle and object_id; both token spellings are read', async () => {
    const body = randomBytes(1000);
    const up = await upload(body);
    assert.equal(up.status, 200, up.body.toString());
    assert.deepEqual(Object.keys(up.json).sort(), ['direct_path', 'handle', 'object_id', 'url']);
    const direct = up.json.direct_path;
    assert.match(direct, /^\/v\/t62\.7118-24\/[0-9]+_[0-9]+_[0-9]+_n\.enc\?ccb=11-4&oh=01_[A-Za-z0-9_-]+&oe=[0-9A-F]+&_nc_sid=5e03e0$/);
    assert.equal(up.json.url, `https://${up.host}${direct}&mms3=true`);
    assert.ok(up.json.handle.length > 10);

    const padded = randomBytes(777);
    const up2 = await upload(padded, { type: 'document', token: whatsmeowToken(padded) });
    assert.equal(up2.status, 200, up2.body.toString());
    assert.match(up2.json.direct_path, /^\/v\/t62\.7119-24\//);
    // the same bytes again are a new file with a path of their own (a re-upload after a media retry)
    const up3 = await upload(body);
    assert.notEqual(up3.json.direct_path, direct);
    const got = await request(up.host, 'GET', up3.json.direct_path);
    assert.ok(got.body.equals(body));
});

test('uploads are refused: unknown media path 404, bad or expired auth 401, token not the body\'s hash 400, too large 413', async () => {
    const body = randomBytes(300);
    const unknownPath = await upload(body, { type: 'pictures' });
    assert.equal(unknownPath.status, 404);
    assert.equal(unknownPath.json.error, 'unknown-media-path');

    const badAuth = await upload(body, { auth: 'not-a-token' });
    assert.equal(badAuth.status, 401);
    assert.equal(badAuth.json.error, 'bad-auth');

    // the token's auth_ttl (6 h) passes
    const mc = await mediaConn();
    const clock = emu.hub.media.now;
    emu.hub.media.now = () => Date.now() + 21601 * 1000;
    try {
        const expired = await upload(body, { auth: mc.attrs.auth });
        assert.equal(expired.status, 401);
        assert.equal(expired.json.error, 'auth-expired');
    } finally {
        emu.hub.media.now = clock;
    }

    const mismatch = await upload(body, { token: baileysToken(randomBytes(300)) });
    assert.equal(mismatch.status, 400);
    assert.equal(mismatch.json.error, 'token-mismatch');
    assert.match(mismatch.json.message, /not the SHA-256 of the body/);

    const pathVsQuery = await upload(body, { queryToken: baileysToken(Buffer.from('other')) });
    assert.equal(pathVsQuery.status, 400);
    assert.equal(pathVsQuery.json.error, 'token-mismatch');

    const notBase64url = await upload(body, { token: `+${baileysToken(body).slice(1)}` });
    assert.equal(notBase64url.status, 400);
    assert.equal(notBase64url.json.error, 'bad-token');

    // declared too large: answered before the body is read
    const declared = await request(mc.content[0].attrs.hostname, 'POST', `/mms/video/${baileysToken(body)}?auth=${encodeURIComponent(mc.attrs.auth)}&token=${baileysToken(body)}`, {
        headers: { 'content-length': String(129 * 1024 * 1024) },
    }).catch((err) => ({ error: err }));
    assert.equal(declared.status, 413, declared.error?.message);
    // sent without a length and found too large while reading (the cap made small for the test)
    const cap = emu.hub.media.maxUploadBytes;
    emu.hub.media.maxUploadBytes = 1024;
    try {
        const big = randomBytes(4096);
        const streamed = await new Promise((resolve, reject) => {
            const [hostname, port] = mc.content[0].attrs.hostname.split(':');
            const req = https.request({ hostname, port, method: 'POST', agent, path: `/mms/image/${baileysToken(big)}?auth=${encodeURIComponent(mc.attrs.auth)}&token=${baileysToken(big)}`, headers: { 'transfer-encoding': 'chunked' } }, (res) => {
                res.resume();
                res.on('end', () => resolve(res.statusCode));
            });
            req.on('error', reject);
            req.write(big.subarray(0, 2048));
            req.end(big.subarray(2048));
        });
        assert.equal(streamed, 413);
    } finally {
        emu.hub.media.maxUploadBytes = cap;
    }
    const stats = (await emu.call('GET', '/media/stats')).body;
    assert.ok(stats.refused.upload['401'] >= 2 && stats.refused.upload['400'] >= 3 && stats.refused.upload['404'] >= 1 && stats.refused.upload['413'] >= 2, JSON.stringify(stats.refused));
});

test('downloads: 200 with Content-Length, 206 ranges, 416, 403 for a wrong signature, 404 for an unknown path', async () => {
    const body = randomBytes(5000);
    const { host, json } = await upload(body, { type: 'video' });
    const direct = json.direct_path;
    const before = (await emu.call('GET', '/media/stats')).body;

    const whole = await request(host, 'GET', direct);
    assert.equal(whole.status, 200);
    assert.equal(whole.headers['content-length'], '5000');
    assert.ok(whole.body.equals(body));
    // whatsmeow's URL: the direct path with &hash=…&mms-type=…&__wa-mms= after it
    const wm = await request(host, 'GET', `${direct}&hash=${encodeURIComponent(whatsmeowToken(body))}&mms-type=video&__wa-mms=`);
    assert.equal(wm.status, 200);

    const from = await request(host, 'GET', direct, { headers: { range: 'bytes=4096-' } });
    assert.equal(from.status, 206);
    assert.equal(from.headers['content-range'], 'bytes 4096-4999/5000');
    assert.equal(from.headers['content-length'], '904');
    assert.ok(from.body.equals(body.subarray(4096)));
    const window = await request(host, 'GET', direct, { headers: { range: 'bytes=16-47' } });
    assert.equal(window.status, 206);
    assert.equal(window.headers['content-range'], 'bytes 16-47/5000');
    assert.ok(window.body.equals(body.subarray(16, 48)));
    const past = await request(host, 'GET', direct, { headers: { range: 'bytes=5000-' } });
    assert.equal(past.status, 416);
    assert.equal(past.headers['content-range'], 'bytes */5000');

    const badSig = await request(host, 'GET', direct.replace(/oh=01_[A-Za-z0-9_-]{4}/, 'oh=01_AAAA'));
    assert.equal(badSig.status, 403);
    const noQuery = await request(host, 'GET', direct.split('?')[0]);
    assert.equal(noQuery.status, 403);
    const unknown = await request(host, 'GET', '/v/t62.7118-24/1_2_3_n.enc?ccb=11-4&oh=01_x&oe=0');
    assert.equal(unknown.status, 404);

    const after = (await emu.call('GET', '/media/stats')).body;
    assert.equal(after.downloads, before.downloads + 2);
    assert.equal(after.ranges, before.ranges + 2);
    assert.equal(after.bytesServed, before.bytesServed + 5000 * 2 + 904 + 32);
});

test('expireMedia: every file on the host answers 404 from then on; new uploads are served', async () => {
    const body = randomBytes(2048);
    const { host, json } = await upload(body);
    assert.equal((await request(host, 'GET', json.direct_path)).status, 200);
    const bad = await emu.call('POST', '/faults', { expireMedia: false });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error, 'bad-fault');
    const firedBefore = (await emu.call('GET', '/faults')).body.fired.expireMedia;

    assert.equal((await emu.call('POST', '/faults', { expireMedia: true })).status, 200);
    const gone = await request(host, 'GET', json.direct_path);
    assert.equal(gone.status, 404);
    assert.equal(gone.json.error, 'expired');
    const goneRange = await request(host, 'GET', json.direct_path, { headers: { range: 'bytes=16-' } });
    assert.equal(goneRange.status, 404);
    assert.equal((await emu.call('GET', '/faults')).body.fired.expireMedia, firedBefore + 2);
    const stats = (await emu.call('GET', '/media/stats')).body;
    assert.equal(stats.liveFiles, 0);
    assert.ok(stats.expired >= 1);

    const fresh = await upload(body);
    const got = await request(fresh.host, 'GET', fresh.json.direct_path);
    assert.equal(got.status, 200);
    assert.ok(got.body.equals(body));
});

test('expireMedia with a directPath expires that file only; an unknown path is a 404, a path alone a 400', async () => {
    const one = await upload(randomBytes(512));
    const other = await upload(randomBytes(512));
    const firedBefore = (await emu.call('GET', '/faults')).body.fired.expireMedia;
    const expiredBefore = (await emu.call('GET', '/media/stats')).body.expired;

    const alone = await emu.call('POST', '/faults', { directPath: one.json.direct_path });
    assert.equal(alone.status, 400);
    assert.equal(alone.body.error, 'bad-fault');
    const unknown = await emu.call('POST', '/faults', { expireMedia: true, directPath: '/v/t62.7118-24/1_2_3_n.enc?ccb=11-4&oh=01_x&oe=0', delayMs: 5 });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error, 'unknown-media');
    assert.equal((await emu.call('GET', '/faults')).body.settings.delayMs, 0, 'a refused body applies nothing');
    assert.equal((await request(one.host, 'GET', one.json.direct_path)).status, 200);

    // The direct path as handed out, or the whole url: the same file.
    assert.equal((await emu.call('POST', '/faults', { expireMedia: true, directPath: one.json.url })).status, 200);
    const gone = await request(one.host, 'GET', one.json.direct_path);
    assert.equal(gone.status, 404);
    assert.equal(gone.json.error, 'expired');
    assert.equal((await request(other.host, 'GET', other.json.direct_path)).status, 200);
    assert.equal((await emu.call('GET', '/media/stats')).body.expired, expiredBefore + 1);
    assert.equal((await emu.call('GET', '/faults')).body.fired.expireMedia, firedBefore + 1);
});

test('tamperMedia: every body served (200 and 206) has its middle byte flipped; the stored file stays intact', async () => {
    const body = randomBytes(4096);
    const { host, json } = await upload(body);
    const path = json.direct_path;
    const bad = await emu.call('POST', '/faults', { tamperMedia: 'yes' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error, 'bad-fault');
    const before = (await emu.call('GET', '/faults')).body;
    assert.equal(before.settings.tamperMedia, false);

    assert.equal((await emu.call('POST', '/faults', { tamperMedia: true })).status, 200);
    try {
        assert.equal((await emu.call('GET', '/faults')).body.settings.tamperMedia, true);
        const differing = (a, b) => [...a].flatMap((x, i) => (x === b[i] ? [] : [i]));
        const whole = await request(host, 'GET', path);
        assert.equal(whole.status, 200);
        assert.equal(whole.body.length, body.length);
        assert.deepEqual(differing(whole.body, body), [2048]);
        assert.equal(whole.body[2048], body[2048] ^ 0xff);
        const part = await request(host, 'GET', path, { headers: { range: 'bytes=100-199' } });
        assert.equal(part.status, 206);
        assert.deepEqual(differing(part.body, body.subarray(100, 200)), [50]);
        assert.equal((await request(host, 'HEAD', path)).status, 200); // no body, nothing to damage
        // Every download, not only the first.
        assert.deepEqual(differing((await request(host, 'GET', path)).body, body), [2048]);
        assert.equal((await emu.call('GET', '/faults')).body.fired.tamperMedia, before.fired.tamperMedia + 3);
    } finally {
        assert.equal((await emu.call('POST', '/faults', { tamperMedia: false })).status, 200);
    }
    const again = await request(host, 'GET', path);
    assert.ok(again.body.equals(body), 'the stored file was never changed');
    assert.equal((await emu.call('GET', '/faults')).body.settings.tamperMedia, false);
});

/** A GET that may be cut short: -> { status, headers, body, complete } once the connection is done either way. */
function download(host, path, headers = {}) {
    const [hostname, port] = host.split(':');
    return new Promise((resolve, reject) => {
        const req = https.request({ hostname, port, path, method: 'GET', headers, agent }, (res) => {
            const chunks = [];
            res.on('data', (c) => chunks.push(c));
            res.on('error', () => {}); // "aborted": seen below as complete === false
            res.on('close', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks), complete: res.complete }));
        });
        req.on('error', reject);
        req.end();
    });
}

test('cutMedia: the next download sends N bytes and loses its socket; a Range request gets the rest', async () => {
    const body = randomBytes(100 * 1024);
    const { host, json } = await upload(body, { type: 'document' });
    const path = json.direct_path;
    for (const value of [-1, 1.5, '40000', true, null]) {
        const bad = await emu.call('POST', '/faults', { cutMedia: value });
        assert.equal(bad.status, 400, JSON.stringify(value));
        assert.equal(bad.body.error, 'bad-fault');
    }
    const small = await upload(randomBytes(1000));
    const before = (await emu.call('GET', '/faults')).body;
    const statsBefore = (await emu.call('GET', '/media/stats')).body;
    assert.equal(before.settings.cutMedia, 0);

    assert.equal((await emu.call('POST', '/faults', { cutMedia: 40000 })).status, 200);
    assert.equal((await emu.call('GET', '/faults')).body.settings.cutMedia, 40000);
    // A body of N bytes or fewer cannot be cut short: served whole, the fault stays armed.
    const whole = await download(small.host, small.json.direct_path);
    assert.equal(whole.status, 200);
    assert.ok(whole.complete);
    assert.equal((await emu.call('GET', '/faults')).body.settings.cutMedia, 40000);

    const cut = await download(host, path);
    assert.equal(cut.status, 200);
    assert.equal(cut.headers['content-length'], String(body.length), 'the full length is announced');
    assert.equal(cut.complete, false, 'the body ends before its Content-Length');
    assert.equal(cut.body.length, 40000);
    assert.ok(cut.body.equals(body.subarray(0, 40000)));
    const armed = (await emu.call('GET', '/faults')).body;
    assert.equal(armed.settings.cutMedia, 0, 'one-shot');
    assert.equal(armed.fired.cutMedia, before.fired.cutMedia + 1);

    const rest = await download(host, path, { range: 'bytes=40000-' });
    assert.equal(rest.status, 206);
    assert.ok(rest.complete);
    assert.equal(rest.headers['content-range'], `bytes 40000-${body.length - 1}/${body.length}`);
    assert.ok(Buffer.concat([cut.body, rest.body]).equals(body));
    const stats = (await emu.call('GET', '/media/stats')).body;
    assert.equal(stats.downloads, statsBefore.downloads + 2);
    assert.equal(stats.ranges, statsBefore.ranges + 1);
    assert.equal(stats.lastRangeStart, 40000);
    assert.equal(stats.cut, statsBefore.cut + 1);
    assert.equal(stats.bytesServed, statsBefore.bytesServed + 1000 + body.length);

    // A 206 is cut too, whichever comes first; 0 clears an armed fault.
    assert.equal((await emu.call('POST', '/faults', { cutMedia: 10 })).status, 200);
    const cutRange = await download(host, path, { range: 'bytes=100-' });
    assert.equal(cutRange.status, 206);
    assert.equal(cutRange.headers['content-length'], String(body.length - 100));
    assert.equal(cutRange.complete, false);
    assert.ok(cutRange.body.equals(body.subarray(100, 110)));
    assert.equal((await emu.call('POST', '/faults', { cutMedia: 5 })).status, 200);
    assert.equal((await emu.call('POST', '/faults', { cutMedia: 0 })).status, 200);
    const again = await download(host, path);
    assert.ok(again.complete && again.body.equals(body));
    assert.equal((await emu.call('GET', '/faults')).body.fired.cutMedia, before.fired.cutMedia + 2);
    assert.equal((await emu.call('GET', '/media/stats')).body.lastRangeStart, 100);
});

test('the media host is only on the TLS port, and a removed companion\'s token stops working', async () => {
    const body = randomBytes(64);
    const plain = await fetch(`${emu.controlUrl}/mms/image/${baileysToken(body)}?auth=x&token=${baileysToken(body)}`, { method: 'POST', body });
    assert.equal(plain.status, 404);
    assert.equal((await plain.json()).error, 'not-found');

    const mc = await mediaConn();
    assert.equal((await upload(body, { auth: mc.attrs.auth })).status, 200);
    assert.equal((await emu.call('POST', `/devices/${encodeURIComponent(creds.me.id)}/disconnect`, { code: 401 })).status, 200);
    const [hostname] = [mc.content[0].attrs.hostname];
    const revoked = await request(hostname, 'POST', `/mms/image/${baileysToken(body)}?auth=${encodeURIComponent(mc.attrs.auth)}&token=${baileysToken(body)}`, { body });
    assert.equal(revoked.status, 401);
});
