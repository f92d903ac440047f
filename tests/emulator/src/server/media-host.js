// The media host (the real network's mmg.whatsapp.net), served by the emulator's HTTPS server with the test CA's
// certificate, and the <media_conn> iq that hands clients its address and an upload token.
//
//   <iq type="set" xmlns="w:m" to="s.whatsapp.net" id><media_conn/></iq>
//   -> <iq type="result" from="s.whatsapp.net" id><media_conn auth ttl="300" auth_ttl="21600" max_buckets="12">
//        <host hostname="127.0.0.1:<tls port>"/></media_conn></iq>
// whatsmeow (mediaconn.go queryMediaConn) requires auth, ttl, auth_ttl and max_buckets and reads each <host
// hostname>; Baileys 7 (Socket/messages-send.js refreshMediaConn) reads auth, ttl and the hosts. The values are
// those real answers carry (ttl 300 s, auth_ttl 6 h). Both clients ask again once `ttl` has passed; the token itself is good
// for `auth_ttl`, then uploads with it answer 401.
//
//   POST /mms/<type>/<token>?auth=<auth>&token=<token>      (upload.go rawUpload, Utils/messages-media.js)
// `token` is the URL-safe base64 of the SHA-256 of the body (fileEncSha256): whatsmeow writes it padded
// (base64.URLEncoding), Baileys 7 without padding; both forms are read, nothing else. Refused: an unknown media
// path 404, a missing, unknown or expired auth 401, a body over the cap 413, a token that is not the body's hash
// (or a path token unlike the query's) 400. Accepted: 200 {"url","direct_path","handle","object_id"}, the fields
// whatsmeow's UploadResponse reads (Baileys 7 reads url and direct_path). Every upload is a new file with its own
// direct path, also the same bytes again (a re-upload after a media retry gets a fresh path).
//
//   GET <direct path>[&more query]                          (download.go, downloadContentFromMessage)
// whatsmeow appends &hash=…&mms-type=…&__wa-mms= to the direct path, so the direct path carries a query of its
// own (ccb, oh, oe, _nc_sid as real ones do); extra parameters are allowed, but `oh` (the path's signature) and
// `oe` must be the ones handed out: otherwise 403, as a CDN answers a URL whose signature does not match. 200 with
// the bytes, or 206 for `Range: bytes=N-` / `bytes=N-M` / `bytes=-N` (416 past the end). An unknown path or an
// expired file (POST /faults {"expireMedia":true}) answers 404, one of the statuses whatsmeow's download.go
// treats as final (403, 404, 410; no other host is tried) and Baileys 7's downloadMediaMessage answers with a
// media retry (404, 410).
// POST /faults {"expireMedia":true,"directPath":"/v/…"} expires that one file. While {"tamperMedia":true} is on,
// every body served (200 and 206) has one byte flipped in its middle, a file damaged in transit: the stored
// file is untouched, so the same download is intact again once the fault is off. {"cutMedia":N} cuts the next GET
// (200 or 206) whose body is longer than N bytes: the headers as usual (the full Content-Length / Content-Range),
// N bytes of the body, then the socket destroyed; one-shot, for testing that a client resumes with a Range.
import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';
import { node, child, children, S_WHATSAPP_NET } from './nodes.js';

export const MEDIA_CONN_TTL = 300;
export const MEDIA_AUTH_TTL = 21600;
const MAX_BUCKETS = 12;
export const MAX_UPLOAD_BYTES = 128 * 1024 * 1024;
const FILE_LIFETIME_S = 30 * 24 * 3600; // `oe`: how long a direct path stays signed
const KEEP_FILES = 2000; // files kept in memory at most; the oldest go first
const KEEP_BYTES = 1024 * 1024 * 1024;

// The upload paths the two references use for WhatsApp (not Messenger, not newsletters): whatsmeow's
// mediaTypeToMMSType and Baileys 7's MEDIA_PATH_MAP (stickers and link thumbnails go to /mms/image there).
const MMS_TYPES = new Set(['image', 'video', 'audio', 'document', 'md-app-state', 'md-msg-hist', 'thumbnail-link', 'sticker-pack']);
// The file-type segment of a direct path: opaque to clients; the four message kinds get the numbers real paths
// show, the rest one more.
const PATH_KIND = { image: 't62.7118-24', video: 't62.7161-24', audio: 't62.7117-24', document: 't62.7119-24' };

function jsonError(res, status, error, message, extra = {}) {
    const text = JSON.stringify({ error, message });
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...extra });
    res.end(text);
}

/** URL-safe base64 of 32 bytes, padded (whatsmeow) or not (Baileys 7) -> the bytes, or null. */
function readToken(text) {
    if (typeof text !== 'string' || !/^[A-Za-z0-9_-]{43}=?$/.test(text)) return null;
    const bytes = Buffer.from(text.replace(/=$/, ''), 'base64url');
    return bytes.length === 32 ? bytes : null;
}

const digits = (n) => Array.from({ length: n }, (_, i) => (i === 0 ? randomInt(1, 10) : randomInt(0, 10))).join('');

export class MediaHost {
    /**
     * onExpiredServed(): a download was refused because the expireMedia fault expired its file (faults "fired");
     * tampering(): whether the tamperMedia fault is on; onTamperedServed(): a body was served damaged by it;
     * takeCut(length): the cutMedia fault, how many bytes of a body that long to send before cutting it (0: all).
     */
    constructor({ log = () => {}, onExpiredServed = () => {}, tampering = () => false, onTamperedServed = () => {}, takeCut = () => 0 } = {}) {
        this.log = log;
        this.takeCut = takeCut;
        this.onExpiredServed = onExpiredServed;
        this.tampering = tampering;
        this.onTamperedServed = onTamperedServed;
        this.hostname = null; // "127.0.0.1:<tls port>", set once the TLS server listens
        this.maxUploadBytes = MAX_UPLOAD_BYTES;
        this.now = () => Date.now(); // tests move the clock to see an auth expire
        this.secret = randomBytes(32); // signs direct paths (`oh`)
        this.auths = new Map(); // auth -> { jid, issuedAt, expiresAt }
        this.files = new Map(); // path (no query) -> { mmsType, bytes, sha256, oh, oe, directPath, expired, by, at }
        this.heldBytes = 0;
        this.counts = { mediaConns: 0, uploads: 0, uploadBytes: 0, downloads: 0, ranges: 0, bytesServed: 0, expired: 0, cut: 0 };
        this.lastRangeStart = null; // the first byte of the last 206 served
        this.refused = { upload: {}, download: {}, mediaConn: 0 };
    }

    // ---- <media_conn> ----

    /** A new upload token for device `jid`; -> the <media_conn> node (also the phones' way to get one). */
    mediaConnNode(jid) {
        if (!this.hostname) throw new Error('the media host has no address yet');
        const auth = randomBytes(33).toString('base64url');
        const at = this.now();
        this.auths.set(auth, { jid, issuedAt: at, expiresAt: at + MEDIA_AUTH_TTL * 1000 });
        this.counts.mediaConns += 1;
        this.#forgetOldAuths();
        return node('media_conn', { auth, ttl: String(MEDIA_CONN_TTL), auth_ttl: String(MEDIA_AUTH_TTL), max_buckets: String(MAX_BUCKETS) }, [
            node('host', { hostname: this.hostname }),
        ]);
    }

    /**
     * A companion's iq in namespace w:m: -> the node to answer with. Exactly Baileys 7's and whatsmeow's request:
     * type "set", to the server, one empty <media_conn/>. Anything else is a bad request.
     */
    answerMediaConn(iq, jid) {
        const { type, to } = iq.attrs ?? {};
        const kids = children(iq);
        const request = child(iq, 'media_conn');
        const problem = type !== 'set' ? `type="${type}" (must be "set")`
            : to !== 's.whatsapp.net' && to !== S_WHATSAPP_NET ? `to="${to}" (must be s.whatsapp.net)`
                : kids.length !== 1 || !request ? 'the iq must hold exactly one <media_conn/>'
                    : Object.keys(request.attrs ?? {}).length || children(request).length ? '<media_conn/> must be empty'
                        : null;
        if (problem) {
            this.refused.mediaConn += 1;
            this.log(`${jid}: media_conn refused: ${problem}`);
            return node('iq', { type: 'error', id: iq.attrs.id, from: 's.whatsapp.net' }, [node('error', { code: '400', text: 'bad-request' })]);
        }
        return node('iq', { type: 'result', id: iq.attrs.id, from: 's.whatsapp.net' }, [this.mediaConnNode(jid)]);
    }

    /** Tokens of a device that was removed stop working at once. */
    revoke(jid) {
        for (const [auth, entry] of this.auths) if (entry.jid === jid) this.auths.delete(auth);
    }

    #forgetOldAuths() {
        const now = this.now();
        if (this.auths.size < 1000) return;
        for (const [auth, entry] of this.auths) if (entry.expiresAt <= now) this.auths.delete(auth);
    }

    // ---- HTTP ----

    /** Whether a request on the TLS port is for the media host (the rest is the control API). */
    handles(req) {
        const path = (req.url ?? '').split('?')[0];
        return path.startsWith('/mms/') || path.startsWith('/v/');
    }

    serve(req, res) {
        const url = new URL(req.url, 'https://media.invalid');
        if (url.pathname.startsWith('/mms/')) return this.#upload(req, res, url);
        return this.#download(req, res, url);
    }

    #refuseUpload(req, res, status, error, message) {
        this.refused.upload[status] = (this.refused.upload[status] ?? 0) + 1;
        this.log(`media upload ${req.url.split('?')[0]}: ${status} ${message}`);
        // The body may still be coming: say so and close instead of reading it.
        jsonError(res, status, error, message, { connection: 'close' });
        req.resume();
    }

    async #upload(req, res, url) {
        const parts = url.pathname.split('/'); // ['', 'mms', type, token]
        if (req.method !== 'POST') return this.#refuseUpload(req, res, 405, 'method-not-allowed', `${req.method} on an upload path (uploads are POST)`);
        if (parts.length !== 4 || !MMS_TYPES.has(parts[2])) {
            return this.#refuseUpload(req, res, 404, 'unknown-media-path', `no upload path ${url.pathname} (known: /mms/{${[...MMS_TYPES].join(',')}}/<token>)`);
        }
        const auth = url.searchParams.get('auth');
        const entry = auth ? this.auths.get(auth) : undefined;
        if (!entry) return this.#refuseUpload(req, res, 401, 'bad-auth', auth ? 'auth is not one this host handed out' : 'no auth in the query');
        if (entry.expiresAt <= this.now()) return this.#refuseUpload(req, res, 401, 'auth-expired', `auth expired ${Math.round((this.now() - entry.expiresAt) / 1000)} s ago (auth_ttl ${MEDIA_AUTH_TTL} s)`);
        const pathToken = readToken(decodeURIComponent(parts[3]));
        const queryToken = readToken(url.searchParams.get('token'));
        if (!pathToken || !queryToken) return this.#refuseUpload(req, res, 400, 'bad-token', 'token (path and query) must be the URL-safe base64 of a SHA-256');
        if (!pathToken.equals(queryToken)) return this.#refuseUpload(req, res, 400, 'token-mismatch', 'the token in the path is not the token in the query');
        const declared = Number(req.headers['content-length']);
        if (Number.isFinite(declared) && declared > this.maxUploadBytes) {
            return this.#refuseUpload(req, res, 413, 'too-large', `${declared} bytes is over the ${this.maxUploadBytes}-byte limit`);
        }
        const chunks = [];
        let size = 0;
        let tooLarge = false;
        try {
            for await (const chunk of req) {
                size += chunk.length;
                if (size > this.maxUploadBytes) {
                    tooLarge = true;
                    break;
                }
                chunks.push(chunk);
            }
        } catch (err) {
            this.log(`media upload: ${err.message}`);
            return undefined; // the client went away
        }
        if (tooLarge) return this.#refuseUpload(req, res, 413, 'too-large', `body over the ${this.maxUploadBytes}-byte limit`);
        const body = Buffer.concat(chunks);
        if (!body.length) return this.#refuseUpload(req, res, 400, 'empty-body', 'nothing was uploaded');
        const sha256 = createHash('sha256').update(body).digest();
        if (!sha256.equals(pathToken)) {
            return this.#refuseUpload(req, res, 400, 'token-mismatch', `token ${pathToken.toString('base64url')} is not the SHA-256 of the body (${sha256.toString('base64url')})`);
        }
        const file = this.#store(parts[2], body, sha256, entry.jid);
        this.counts.uploads += 1;
        this.counts.uploadBytes += body.length;
        const answer = JSON.stringify({
            url: `https://${this.hostname}${file.directPath}&mms3=true`,
            direct_path: file.directPath,
            handle: randomBytes(24).toString('base64url'),
            object_id: digits(16),
        });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) });
        res.end(answer);
        return undefined;
    }

    #store(mmsType, bytes, sha256, by) {
        const path = `/v/${PATH_KIND[mmsType] ?? 't62.7114-24'}/${digits(8)}_${digits(16)}_${digits(19)}_n.enc`;
        const oe = Math.floor(this.now() / 1000 + FILE_LIFETIME_S).toString(16).toUpperCase();
        const oh = `01_${createHmac('sha256', this.secret).update(`${path} ${oe}`).digest('base64url')}`;
        const directPath = `${path}?ccb=11-4&oh=${oh}&oe=${oe}&_nc_sid=5e03e0`;
        const file = { mmsType, bytes, sha256, oh, oe, directPath, expired: false, by, at: this.now() };
        this.files.set(path, file);
        this.heldBytes += bytes.length;
        for (const [old, f] of this.files) {
            if (this.files.size <= KEEP_FILES && this.heldBytes <= KEEP_BYTES) break;
            if (old === path) break;
            this.files.delete(old);
            this.heldBytes -= f.bytes.length;
        }
        return file;
    }

    #refuseDownload(res, status, error, message, extra) {
        this.refused.download[status] = (this.refused.download[status] ?? 0) + 1;
        jsonError(res, status, error, message, extra);
    }

    #download(req, res, url) {
        if (req.method !== 'GET' && req.method !== 'HEAD') return this.#refuseDownload(res, 405, 'method-not-allowed', `${req.method} on a media path`);
        const file = this.files.get(url.pathname);
        if (!file) return this.#refuseDownload(res, 404, 'not-found', `no media at ${url.pathname}`);
        if (url.searchParams.get('oh') !== file.oh || url.searchParams.get('oe') !== file.oe) {
            return this.#refuseDownload(res, 403, 'bad-signature', 'URL signature mismatch (oh and oe must be the ones in the direct path)');
        }
        if (file.expired) {
            this.onExpiredServed();
            return this.#refuseDownload(res, 404, 'expired', `media at ${url.pathname} has expired`);
        }
        const total = file.bytes.length;
        const range = this.#range(req.headers.range, total);
        const head = req.method === 'HEAD';
        if (range === 'unsatisfiable') {
            return this.#refuseDownload(res, 416, 'bad-range', `range ${req.headers.range} is outside 0..${total - 1}`, { 'content-range': `bytes */${total}` });
        }
        const headers = { 'content-type': 'application/octet-stream', 'accept-ranges': 'bytes' };
        if (range) {
            const [start, end] = range;
            this.counts.ranges += 1;
            this.lastRangeStart = start;
            headers['content-range'] = `bytes ${start}-${end}/${total}`;
            return this.#send(res, 206, headers, head ? null : file.bytes.subarray(start, end + 1), end - start + 1, url.pathname);
        }
        this.counts.downloads += 1;
        return this.#send(res, 200, headers, head ? null : file.bytes, total, url.pathname);
    }

    /**
     * Writes a download's answer: `length` in Content-Length, and the body (null for HEAD) as it leaves the host.
     * With the cutMedia fault armed, the body's first N bytes only, then the connection is destroyed (no TLS
     * close_notify, no more bytes): the client sees a body shorter than its Content-Length.
     */
    #send(res, status, headers, body, length, path) {
        res.writeHead(status, { ...headers, 'content-length': length });
        if (!body) return res.end();
        const sent = this.#inTransit(body, path);
        const cutAt = this.takeCut(sent.length);
        if (!cutAt) {
            this.counts.bytesServed += sent.length;
            return res.end(sent);
        }
        this.counts.cut += 1;
        this.counts.bytesServed += cutAt;
        this.log(`media download ${path}: cut after ${cutAt} of ${sent.length} bytes (cutMedia)`);
        // The client may notice the cut (and close) before we finish cutting: its errors are expected here.
        const socket = res.socket;
        socket?.on('error', () => {});
        res.on('error', () => {});
        res.write(sent.subarray(0, cutAt), () => socket?.destroy());
        return undefined;
    }

    /** The body as it leaves the host: a copy with its middle byte inverted while tamperMedia is on. */
    #inTransit(body, path) {
        if (!this.tampering() || !body.length) return body;
        const damaged = Buffer.from(body); // a copy: the stored file stays as uploaded
        const at = Math.floor(damaged.length / 2);
        damaged[at] ^= 0xff;
        this.onTamperedServed();
        this.log(`media download ${path}: byte ${at} of ${damaged.length} flipped (tamperMedia)`);
        return damaged;
    }

    /** null (the whole file), [start, end] (inclusive), or 'unsatisfiable'. One range only; others get the whole. */
    #range(header, total) {
        if (typeof header !== 'string') return null;
        const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
        if (!m || (m[1] === '' && m[2] === '')) return null; // not a single byte range: ignored (RFC 9110 14.2)
        let start;
        let end;
        if (m[1] === '') {
            const suffix = Number(m[2]);
            if (suffix === 0) return 'unsatisfiable';
            start = Math.max(0, total - suffix);
            end = total - 1;
        } else {
            start = Number(m[1]);
            end = m[2] === '' ? total - 1 : Math.min(Number(m[2]), total - 1);
            if (m[2] !== '' && Number(m[2]) < start) return null; // invalid: ignored
        }
        if (start >= total) return 'unsatisfiable';
        return [start, end];
    }

    // ---- faults and reports ----

    /** POST /faults {"expireMedia":true}: every file on the host now answers 404. -> how many expired. */
    expireAll() {
        let n = 0;
        for (const file of this.files.values()) {
            if (!file.expired) n += 1;
            file.expired = true;
        }
        this.counts.expired += n;
        return n;
    }

    /** The stored file a direct path (with or without its query, or as a whole https URL) names, or null. */
    #fileAt(directPath) {
        let pathname;
        try {
            pathname = new URL(directPath, 'https://media.invalid').pathname;
        } catch {
            return null;
        }
        return this.files.get(pathname) ?? null;
    }

    hasFile(directPath) {
        return this.#fileAt(directPath) !== null;
    }

    /** POST /faults {"expireMedia":true,"directPath":…}: that file now answers 404. -> 1, or 0 if it already did. */
    expireOne(directPath) {
        const file = this.#fileAt(directPath);
        if (!file || file.expired) return 0;
        file.expired = true;
        this.counts.expired += 1;
        return 1;
    }

    /** GET /media/stats */
    stats() {
        const live = [...this.files.values()].filter((f) => !f.expired).length;
        return {
            hostname: this.hostname,
            ...this.counts,
            lastRangeStart: this.lastRangeStart,
            files: this.files.size,
            liveFiles: live,
            refused: { upload: { ...this.refused.upload }, download: { ...this.refused.download }, mediaConn: this.refused.mediaConn },
        };
    }
}
