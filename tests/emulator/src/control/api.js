// The control API (tests/emulator/README.md): JSON over HTTP on the emulator's port. Tests and the demo
// drive the simulated phones and inject faults through it. Errors are {"error", "message"} with a 4xx/5xx code.
import { HttpError } from '../server/errors.js';
import { serverRoutes } from './server-routes.js';
import { phoneRoutes } from './phone-routes.js';
import { mediaRoutes } from './media-routes.js';

const MAX_BODY = 64 * 1024; // a route may allow more ({ maxBody } after its handler: media in base64)

function send(res, status, body) {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
}

async function readJson(req, maxBody = MAX_BODY) {
    let size = 0;
    const chunks = [];
    for await (const chunk of req) {
        size += chunk.length;
        if (size > maxBody) throw new HttpError(413, 'too-large', `request body over ${maxBody >= 1024 * 1024 ? `${maxBody / (1024 * 1024)} MiB` : `${maxBody / 1024} KiB`}`);
        chunks.push(chunk);
    }
    if (!size) return {};
    try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
        return body;
    } catch (err) {
        throw new HttpError(400, 'bad-json', `body is not a JSON object: ${err.message}`);
    }
}

function userJid(value) {
    const text = String(value ?? '');
    if (/^[0-9]{5,20}$/.test(text)) return `${text}@s.whatsapp.net`;
    if (/^[0-9]{5,20}(:[0-9]+)?@s\.whatsapp\.net$/.test(text)) return text.replace(/:[0-9]+@/, '@');
    throw new HttpError(400, 'bad-jid', `not a phone number or user jid: "${text}"`);
}

function accountOr404(hub, phone) {
    const account = hub.registry.account(phone);
    if (!account) throw new HttpError(404, 'unknown-phone', `no phone ${phone}`);
    return account;
}

function pingTimeout(body) {
    const timeoutMs = body.timeoutMs ?? 5000;
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0 || timeoutMs > 60000) throw new HttpError(400, 'bad-timeout', 'timeoutMs must be 1..60000');
    return timeoutMs;
}

const routes = [
    ['GET', /^\/health$/, (hub) => [200, hub.health()]],
    // Starts a new high-water mark of handshakes in flight (from those in flight now): before a cold start is measured.
    ['POST', /^\/health\/reset-max$/, (hub) => {
        hub.handshakesInFlightMax = hub.handshakesInFlight;
        return [200, hub.health()];
    }],
    ['GET', /^\/root-key$/, (hub) => [200, { rootKey: hub.identity.rootKeyHex }]],
    ['POST', /^\/phones$/, async (hub, body) => {
        const account = await hub.createPhone({ phone: body.phone, name: body.name, requireToken: body.requireToken ?? false });
        return [201, { jid: account.jid, lid: `${account.lidUser}@lid` }]; // the LID, as usync would tell a client
    }],
    ['POST', /^\/phones\/([0-9]+)\/scan$/, async (hub, body, [phone]) => {
        if (typeof body.qr !== 'string') throw new HttpError(400, 'bad-qr', 'qr must be the string the companion shows');
        const companion = await hub.pairing.scan(phone, body.qr);
        return [200, { jid: companion.jid }];
    }],
    ['POST', /^\/phones\/([0-9]+)\/link-code$/, async (hub, body, [phone]) => {
        if (typeof body.code !== 'string') throw new HttpError(400, 'bad-code', 'code must be a string like ABCD-EFGH');
        const companion = await hub.pairing.linkCode(phone, body.code);
        return [200, { jid: companion.jid }];
    }],
    ['GET', /^\/phones\/([0-9]+)$/, (hub, body, [phone]) => {
        const account = accountOr404(hub, phone);
        return [200, { jid: account.jid, lid: `${account.lidUser}@lid`, name: account.name, requireToken: Boolean(account.requireToken) }];
    }],
    ['GET', /^\/phones\/([0-9]+)\/devices$/, (hub, body, [phone]) => {
        const account = accountOr404(hub, phone);
        return [200, account.deviceJids().map((jid) => ({ jid, connected: jid === account.jid || Boolean(hub.sessions.get(jid)) }))];
    }],
    ['POST', /^\/phones\/([0-9]+)\/messages$/, async (hub, body, [phone]) => {
        const account = accountOr404(hub, phone);
        if (typeof body.text !== 'string' || !body.text) throw new HttpError(400, 'bad-text', 'text must be a non-empty string');
        const to = userJid(body.to);
        if (!hub.registry.accountOf(to)) throw new HttpError(404, 'unknown-recipient', `no account ${to}`);
        if (body.corrupt !== undefined && typeof body.corrupt !== 'boolean') throw new HttpError(400, 'bad-corrupt', 'corrupt must be true or false');
        const addressing = body.addressing ?? 'lid';
        if (addressing !== 'lid' && addressing !== 'pn') throw new HttpError(400, 'bad-addressing', 'addressing must be "lid" or "pn"');
        if (body.keepSession !== undefined && typeof body.keepSession !== 'boolean') throw new HttpError(400, 'bad-keep-session', 'keepSession must be true or false');
        try {
            const { id } = await account.phoneDevice.sendText(to, body.text, { corrupt: body.corrupt === true, addressing, keepSession: body.keepSession === true });
            return [201, { id }];
        } catch (err) {
            throw new HttpError(409, 'not-sent', err.message);
        }
    }],
    ['GET', /^\/phones\/([0-9]+)\/messages$/, (hub, body, [phone]) => {
        const account = accountOr404(hub, phone);
        // kind: text, image, video, audio, ptt, document, sticker, location, liveLocation, contact, contacts; media
        // messages carry a summary (the file itself: GET /phones/{p}/media/{id}).
        return [200, account.phoneDevice.messages.map(({ id, from, text, timestamp, kind, location, contact, contacts }) => {
            const entry = { id, from, text, timestamp, kind };
            if (location) entry.location = location;
            if (contact) entry.contact = contact;
            if (contacts) entry.contacts = contacts;
            const media = account.phoneDevice.media.summary(id);
            if (media) entry.media = media;
            return entry;
        })];
    }],
    ['GET', /^\/phones\/([0-9]+)\/receipts$/, (hub, body, [phone]) => {
        const account = accountOr404(hub, phone);
        return [200, account.phoneDevice.receipts.map(({ id, type, from }) => ({ id, type, from }))];
    }],
    ['POST', /^\/phones\/([0-9]+)\/read$/, async (hub, body, [phone]) => {
        const account = accountOr404(hub, phone);
        if (!Array.isArray(body.ids) || !body.ids.length || !body.ids.every((i) => typeof i === 'string')) {
            throw new HttpError(400, 'bad-ids', 'ids must be a non-empty array of message ids');
        }
        await account.phoneDevice.sendRead(userJid(body.chat), body.ids);
        return [200, { ok: true }];
    }],
    ['POST', /^\/devices\/([^/]+)\/disconnect$/, async (hub, body, [jid]) => {
        const code = body.code;
        if (![515, 401, 440, 503, 'close'].includes(code)) throw new HttpError(400, 'bad-code', 'code must be 515, 401, 440, 503 or "close"');
        await hub.disconnect(decodeURIComponent(jid), code);
        return [200, { ok: true }];
    }],
    ['POST', /^\/devices\/([^/]+)\/ping$/, async (hub, body, [jid]) => [200, { ms: await hub.ping(decodeURIComponent(jid), pingTimeout(body)) }]],
    // Many at once, side by side: each answer or why there was none.
    ['POST', /^\/pings$/, async (hub, body) => {
        if (!Array.isArray(body.devices) || !body.devices.every((d) => typeof d === 'string')) throw new HttpError(400, 'bad-devices', 'devices must be an array of device jids');
        const timeoutMs = pingTimeout(body);
        const results = await Promise.all(body.devices.map((jid) => hub.ping(jid, timeoutMs).then((ms) => ({ jid, ms }), (err) => ({ jid, error: err.message }))));
        return [200, { results }];
    }],
    ['POST', /^\/faults$/, (hub, body) => {
        hub.faults.apply(body, { knownMediaPath: (p) => hub.media.hasFile(p) });
        if (body.garbage) hub.fireGarbage(body.device);
        if (body.expireMedia && body.directPath !== undefined) hub.media.expireOne(body.directPath);
        else if (body.expireMedia) hub.media.expireAll();
        return [200, { ok: true }];
    }],
    ['GET', /^\/media\/stats$/, (hub) => [200, hub.media.stats()]],
    ['GET', /^\/faults$/, (hub) => [200, hub.faults.report()]],
    // Benchmarks: N texts encrypted first, then sent back to back to the recipient's companions; answers once
    // every companion acked every one (README "Control API").
    ['POST', /^\/phones\/([0-9]+)\/burst$/, async (hub, body, [phone]) => {
        const account = accountOr404(hub, phone);
        const to = userJid(body.to);
        if (!hub.registry.accountOf(to)) throw new HttpError(404, 'unknown-recipient', `no account ${to}`);
        let texts = body.texts;
        if (texts === undefined) {
            if (!Number.isInteger(body.count) || body.count < 1 || body.count > 100000) throw new HttpError(400, 'bad-count', 'count must be an integer from 1 to 100000 (or give texts)');
            const prefix = typeof body.text === 'string' && body.text ? body.text : 'burst';
            texts = Array.from({ length: body.count }, (_, i) => `${prefix} ${i + 1}`);
        }
        if (!Array.isArray(texts) || !texts.length || !texts.every((t) => typeof t === 'string' && t)) throw new HttpError(400, 'bad-texts', 'texts must be a non-empty array of non-empty strings');
        const timeoutMs = body.timeoutMs ?? 120000;
        if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 600000) throw new HttpError(400, 'bad-timeout', 'timeoutMs must be an integer from 1 to 600000');
        const encryptStart = performance.now();
        let burst;
        try {
            burst = await account.phoneDevice.prepareBurst(to, texts);
        } catch (err) {
            throw new HttpError(409, 'not-sent', err.message);
        }
        const encryptMs = performance.now() - encryptStart;
        const outstanding = new Set();
        for (const jid of burst.companions) for (const id of burst.ids) outstanding.add(`${jid} ${id}`);
        let firstSent = 0;
        let lastAck = 0;
        const allAcked = new Promise((resolve) => {
            const listener = (jid, id) => {
                if (!outstanding.delete(`${jid} ${id}`) || outstanding.size) return;
                lastAck = performance.now();
                hub.router.ackListeners.delete(listener);
                resolve(true);
            };
            hub.router.ackListeners.add(listener);
            setTimeout(() => {
                hub.router.ackListeners.delete(listener);
                resolve(false);
            }, timeoutMs).unref();
        });
        const firstSentAt = Date.now();
        firstSent = performance.now();
        await burst.send();
        const sentMs = performance.now() - firstSent;
        if (!(await allAcked)) throw new HttpError(504, 'not-acked', `${outstanding.size} of ${burst.ids.length * burst.companions.length} deliveries not acked in ${timeoutMs} ms`);
        return [200, { count: burst.ids.length, companions: burst.companions, firstId: burst.ids[0], lastId: burst.ids.at(-1), encryptMs, firstSentAt, sentMs, elapsedMs: lastAck - firstSent }];
    }],
    ...serverRoutes,
    ...phoneRoutes,
    ...mediaRoutes,
];

export async function handleControl(hub, req, res) {
    try {
        const url = new URL(req.url, 'http://localhost');
        if (req.method === 'GET' && url.pathname === '/test-ca.pem') {
            // The one answer that is not JSON: what a client adds to the roots it trusts.
            res.writeHead(200, { 'content-type': 'application/x-pem-file', 'content-length': Buffer.byteLength(hub.testCa) });
            res.end(hub.testCa);
            return;
        }
        const matching = routes.filter(([, re]) => re.test(url.pathname));
        if (!matching.length) throw new HttpError(404, 'not-found', `no route ${url.pathname}`);
        const route = matching.find(([method]) => method === req.method);
        if (!route) throw new HttpError(405, 'method-not-allowed', `${req.method} not allowed on ${url.pathname}`);
        const body = req.method === 'POST' || req.method === 'PUT' ? await readJson(req, route[3]?.maxBody) : {};
        const [status, answer] = await route[2](hub, body, route[1].exec(url.pathname).slice(1));
        send(res, status, answer);
    } catch (err) {
        if (err instanceof HttpError) send(res, err.status, { error: err.code, message: err.message });
        else {
            hub.log(`control: ${err.stack ?? err.message}`);
            send(res, 500, { error: 'internal', message: err.message });
        }
    }
}
