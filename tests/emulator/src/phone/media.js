// A phone's media: what it sends (encrypted and uploaded with Baileys 7's own prepareWAMessageMedia and its upload
// function, getWAUploadToServer, against the emulator's media host), what it receives (downloaded and decrypted
// with Baileys 7's downloadContentFromMessage, the plaintext's SHA-256 checked here since Baileys does not), and
// the media retries its own companions ask of it.
//
// Thumbnails as the apps make them: for images, jimp (Baileys 7's extractImageThumb: 32 px wide, bilinear, JPEG
// quality 50, with the original width and height) — done here with jimp itself, because 7.0.0-rc14 checks
// `typeof Jimp === 'object'` and so never takes its jimp branch with jimp 1.x, where Jimp is a class (fixed
// upstream in WhiskeySockets/Baileys#2034); for videos, Baileys 7's own ffmpeg call inside prepareWAMessageMedia.
// A voice note (ptt) gets its length from Baileys 7's getAudioDuration and its 64-sample waveform from
// getAudioWaveform (audio-decode), both given to prepareWAMessageMedia.
//
// Media retry (whatsmeow mediaretry.go, Baileys 7 Utils/messages-media.js): a companion whose download answers
// 404/410 sends its OWN account's phone <receipt type="server-error" id to="<own user jid>"><encrypt><enc_p/>
// <enc_iv/></encrypt><rmr jid from_me [participant]/></receipt>, enc_p being ServerErrorReceipt{stanzaId(1)} in
// AES-256-GCM under HKDF(mediaKey, "WhatsApp Media Retry Notification", 32 bytes), a 12-byte IV, the message id as
// additional data. The phone (it has the file: it sent it, or downloaded it when it arrived) re-uploads the same
// encrypted bytes (the same media key gives the same ciphertext; their SHA-256 must be the message's
// fileEncSha256) and answers that companion with <notification type="mediaretry" id><rmr …/><encrypt><enc_p/>
// <enc_iv/></encrypt></notification>, enc_p being MediaRetryNotification{stanzaId(1), directPath(2), result(3)}
// under the same key; result SUCCESS(1) with the new path, NOT_FOUND(2) when the phone has no copy of the file,
// DECRYPTION_ERROR(3) when the request does not decrypt, GENERAL_ERROR(0) when the upload fails; and <error
// code="2"/> instead of <encrypt> when no message of it has that key (it has no media key to encrypt with), which
// whatsmeow reads as ErrMediaNotAvailableOnPhone.
import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { writeFile, unlink } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
    aesDecryptGCM, aesEncryptGCM, downloadContentFromMessage, getAudioDuration, getAudioWaveform, getMediaKeys, getWAUploadToServer,
    hkdf, prepareWAMessageMedia, proto as proto7,
} from 'baileys';
import { Agent as UndiciAgent } from 'undici';
import { innerContent } from './message-kinds.js';

const RETRY_INFO = 'WhatsApp Media Retry Notification';
const RESULT = { GENERAL_ERROR: 0, SUCCESS: 1, NOT_FOUND: 2, DECRYPTION_ERROR: 3 };
const KEEP = 500; // media records kept per phone (sent and received each); the oldest go first
// POST /phones/{p}/media kind -> [prepareWAMessageMedia key (also its HKDF and upload type), Message field].
export const SEND_KINDS = {
    image: ['image', 'imageMessage'],
    video: ['video', 'videoMessage'],
    audio: ['audio', 'audioMessage'],
    ptt: ['audio', 'audioMessage'],
    document: ['document', 'documentMessage'],
    sticker: ['sticker', 'stickerMessage'],
};
// Message field -> the media type Baileys 7's downloadContentFromMessage and getMediaKeys take.
const KEY_TYPE = { imageMessage: 'image', videoMessage: 'video', audioMessage: 'audio', documentMessage: 'document', stickerMessage: 'sticker' };

const b64 = (bytes) => (bytes?.length ? Buffer.from(bytes).toString('base64') : null);
const num = (v) => (v === undefined || v === null ? null : Number(v) || null);

// The logger Baileys' media functions want; warnings go to the emulator's log.
function mediaLogger(log) {
    const quiet = () => {};
    const logger = { level: 'warn', trace: quiet, debug: quiet, info: quiet, warn: (obj, msg) => log(`media: ${msg ?? ''} ${obj?.trace ?? obj?.err?.message ?? ''}`.trim()), error: (obj, msg) => log(`media: ${msg ?? obj}`) };
    logger.child = () => logger;
    return logger;
}

/** The image thumbnail Baileys 7's extractImageThumb means to make, with jimp: { thumbnail, width, height }. */
async function imageThumbnail(data) {
    const { Jimp, ResizeStrategy } = await import('jimp');
    const image = await Jimp.read(data);
    const { width, height } = image;
    const thumbnail = await image.resize({ w: 32, mode: ResizeStrategy.BILINEAR }).getBuffer('image/jpeg', { quality: 50 });
    return { thumbnail, width, height };
}

/** The media key's encryption of `plaintext` as WhatsApp stores it: AES-256-CBC, then the first 10 bytes of the HMAC. */
async function encryptWithKey(plaintext, mediaKey, keyType) {
    const { iv, cipherKey, macKey } = await getMediaKeys(mediaKey, keyType);
    const cipher = createCipheriv('aes-256-cbc', cipherKey, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const mac = createHmac('sha256', macKey).update(iv).update(ciphertext).digest().subarray(0, 10);
    return Buffer.concat([ciphertext, mac]);
}

const retryKey = (mediaKey) => hkdf(Buffer.from(mediaKey), 32, { info: RETRY_INFO });

export class PhoneMedia {
    #jid;
    #network;
    #userOf; // any jid of a known account -> its phone-number user jid
    #log;
    #conn = null; // the last <media_conn> as Baileys keeps it: { hosts, auth, ttl, fetchDate }
    #agents = null; // { https, undici }, trusting the test CA
    #logger;
    sent = new Map(); // message id -> record (what this phone sent)
    received = new Map(); // message id -> record (what it got)
    retries = []; // GET /phones/{p}/media-retries

    constructor({ jid, network, userOf, log = () => {} }) {
        this.#jid = jid;
        this.#network = network;
        this.#userOf = userOf;
        this.#log = log;
        this.#logger = mediaLogger((m) => this.#log(`${jid} ${m}`));
    }

    #trust() {
        const ca = this.#network.testCa?.();
        if (!ca) throw new Error('the media host is not running (no test CA)');
        if (!this.#agents || this.#agents.ca !== ca) {
            this.#agents = { ca, https: new https.Agent({ ca, keepAlive: false }), undici: new UndiciAgent({ connect: { ca } }) };
        }
        return this.#agents;
    }

    // Baileys 7's refreshMediaConn: a new <media_conn> when there is none, when forced, or after its ttl. The phone
    // gets it from the network as a companion gets it by iq.
    async #mediaConn(force = false) {
        const conn = this.#conn;
        if (conn && !force && Date.now() - conn.fetchDate.getTime() <= conn.ttl * 1000) return conn;
        if (!this.#network.mediaConn) throw new Error('this network has no media host');
        const mc = this.#network.mediaConn(this.#jid);
        const hosts = (mc.content ?? []).filter((c) => c.tag === 'host').map((h) => ({ hostname: h.attrs.hostname, maxContentLengthBytes: Number(h.attrs.maxContentLengthBytes) }));
        this.#conn = { hosts, auth: mc.attrs.auth, ttl: Number(mc.attrs.ttl), fetchDate: new Date() };
        return this.#conn;
    }

    #uploader() {
        return getWAUploadToServer({ customUploadHosts: [], fetchAgent: this.#trust().https, logger: this.#logger, options: {} }, (force) => this.#mediaConn(force));
    }

    /**
     * A media Message for POST /phones/{p}/media, encrypted and uploaded: -> { message (Baileys 7 proto), field }.
     * opts: { data (Buffer), mimetype, fileName, caption, seconds }.
     */
    async prepare(kind, { data, mimetype, fileName, caption, seconds }) {
        const [key, field] = SEND_KINDS[kind];
        const content = { [key]: data };
        if (mimetype) content.mimetype = mimetype;
        if (caption && (kind === 'image' || kind === 'video' || kind === 'document')) content.caption = caption;
        if (kind === 'document') content.fileName = fileName || 'file';
        if (kind === 'image') Object.assign(content, await imageThumbnail(data).then(({ thumbnail, width, height }) => ({ jpegThumbnail: thumbnail, width, height })));
        if (kind === 'audio' || kind === 'ptt') {
            content.seconds = seconds ?? Math.round((await getAudioDuration(data)) ?? 0);
            if (kind === 'ptt') {
                content.ptt = true;
                const waveform = await getAudioWaveform(data, this.#logger);
                if (waveform) content.waveform = waveform;
            }
        }
        if (kind === 'video' && seconds !== undefined) content.seconds = seconds;
        let message = await prepareWAMessageMedia(content, { upload: this.#uploader(), logger: this.#logger });
        // A document with a caption travels wrapped, as the apps send it (whatsmeow and Baileys 7 read through it).
        if (kind === 'document' && caption) message = proto7.Message.fromObject({ documentWithCaptionMessage: { message: { documentMessage: message.documentMessage } } });
        return { message, field };
    }

    /** After the send: remember what was sent under its id, for media retries. */
    rememberSent(id, { kind, field, message, data, to }) {
        const media = innerContent(message)[field];
        this.#keep(this.sent, id, {
            id, kind, field, keyType: KEY_TYPE[field], chat: this.#userOf(to), fromMe: true, plaintext: data,
            mediaKey: Buffer.from(media.mediaKey), fileEncSha256: Buffer.from(media.fileEncSha256), directPath: media.directPath,
        });
        return media;
    }

    #keep(map, id, record) {
        map.set(id, record);
        if (map.size > KEEP) map.delete(map.keys().next().value);
    }

    /**
     * A decrypted message's media (Baileys 7 proto, `described` by message-kinds.describe): downloaded and checked in
     * the background; GET /phones/{p}/media/{id} shows it.
     */
    onReceived({ id, chat, fromMe, described }) {
        const { mediaField: field, media, kind } = described;
        const record = {
            id, kind, field, keyType: KEY_TYPE[field], chat, fromMe, pending: true, error: null, plaintext: null,
            mediaKey: media.mediaKey?.length ? Buffer.from(media.mediaKey) : null,
            fileEncSha256: media.fileEncSha256?.length ? Buffer.from(media.fileEncSha256) : null,
            fileSha256: media.fileSha256?.length ? Buffer.from(media.fileSha256) : null,
            directPath: media.directPath || null,
            info: {
                mimetype: media.mimetype || null,
                fileName: media.fileName || null,
                caption: media.caption || null,
                seconds: num(media.seconds),
                ptt: field === 'audioMessage' ? Boolean(media.ptt) : null,
                width: num(media.width),
                height: num(media.height),
                fileLength: num(media.fileLength),
                waveform: b64(media.waveform),
                thumbnail: b64(media.jpegThumbnail),
            },
        };
        this.#keep(this.received, id, record);
        record.done = this.#download(record, media).catch((err) => {
            record.error = err.message;
        }).finally(() => {
            record.pending = false;
        });
        return record;
    }

    async #download(record, media) {
        if (!record.mediaKey || !record.directPath) throw new Error('the message has no media key or direct path');
        let stream;
        try {
            stream = await downloadContentFromMessage({ mediaKey: record.mediaKey, directPath: record.directPath, url: media.url }, record.keyType, { options: { dispatcher: this.#trust().undici } });
        } catch (err) {
            const status = err?.output?.statusCode ?? err?.status;
            throw new Error(status ? `download answered HTTP ${status}` : `download failed: ${err.message}`);
        }
        const chunks = [];
        for await (const chunk of stream) chunks.push(chunk);
        const data = Buffer.concat(chunks);
        const sha256 = createHash('sha256').update(data).digest();
        if (!record.fileSha256) throw new Error('the message has no fileSha256 to check the file against');
        if (!sha256.equals(record.fileSha256)) throw new Error(`SHA-256 of the decrypted file is ${sha256.toString('hex')}, the message says ${record.fileSha256.toString('hex')}`);
        if (record.info.fileLength !== null && record.info.fileLength !== data.length) throw new Error(`the file has ${data.length} bytes, the message says ${record.info.fileLength}`);
        record.plaintext = data;
    }

    /** GET /phones/{p}/media/{id}: null when unknown. */
    view(id) {
        const r = this.received.get(id);
        if (!r) return null;
        if (r.pending) return { pending: true };
        const { info } = r;
        return {
            id: r.id,
            kind: r.kind,
            mimetype: info.mimetype,
            size: r.plaintext ? r.plaintext.length : info.fileLength,
            sha256: r.plaintext ? createHash('sha256').update(r.plaintext).digest('hex') : null,
            fileName: info.fileName,
            caption: info.caption,
            seconds: info.seconds,
            ptt: info.ptt,
            width: info.width,
            height: info.height,
            waveform: info.waveform,
            thumbnail: info.thumbnail,
            data: r.plaintext ? r.plaintext.toString('base64') : null,
            error: r.error,
        };
    }

    /** A short summary for the message log. */
    summary(id) {
        const r = this.received.get(id);
        if (!r) return null;
        return { mimetype: r.info.mimetype, fileLength: r.info.fileLength, fileName: r.info.fileName, seconds: r.info.seconds, ptt: r.info.ptt, directPath: r.directPath };
    }

    /**
     * A <receipt type="server-error"> from device `from` (one of this account's companions): -> the
     * <notification> to answer it with (its `to` is the asking device), or null when nothing can be answered.
     */
    async onServerError(receipt, { ownDevice }) {
        const { id, from } = receipt.attrs ?? {};
        const entry = { id, from, chat: null, fromMe: null, outcome: null, reason: null, directPath: null, at: Date.now() };
        this.retries.push(entry);
        if (this.retries.length > 1000) this.retries.shift();
        const kids = Array.isArray(receipt.content) ? receipt.content : [];
        const rmr = kids.find((c) => c?.tag === 'rmr');
        const encrypt = kids.find((c) => c?.tag === 'encrypt');
        const part = (tag) => {
            const found = (Array.isArray(encrypt?.content) ? encrypt.content : []).find((c) => c?.tag === tag)?.content;
            return found instanceof Uint8Array ? Buffer.from(found) : null;
        };
        const refuse = (outcome, reason) => {
            entry.outcome = outcome;
            entry.reason = reason;
            return null;
        };
        if (!ownDevice) return refuse('refused', `${from} is not a device of this account (a media retry goes to the asker's own phone)`);
        if (!rmr) return refuse('refused', 'no <rmr> in the receipt');
        const { jid: chatJid, from_me: fromMeAttr, participant } = rmr.attrs ?? {};
        entry.chat = chatJid ?? null;
        entry.fromMe = fromMeAttr === 'true' ? true : fromMeAttr === 'false' ? false : null;
        const rmrNode = { tag: 'rmr', attrs: { jid: chatJid, from_me: fromMeAttr, ...(participant ? { participant } : {}) } };
        const answer = (content) => ({ tag: 'notification', attrs: { to: from, type: 'mediaretry', id }, content: [rmrNode, ...content] });
        if (entry.fromMe === null || !chatJid) return refuse('refused', '<rmr> needs jid and from_me="true"|"false"');
        // The message the key (chat, from_me, id) names; without it there is no media key to answer under.
        // (what the phone sent itself, or what one of its companions sent, whose copy it downloaded)
        const record = [this.sent.get(id), this.received.get(id)].find((r) => r && r.fromMe === entry.fromMe);
        const chat = this.#userOf(chatJid);
        if (!record || record.chat !== chat) {
            entry.outcome = 'not-found';
            entry.reason = record ? `message ${id} is not in chat ${chatJid}` : `no ${entry.fromMe ? 'sent' : 'received'} media message ${id}`;
            return answer([{ tag: 'error', attrs: { code: String(RESULT.NOT_FOUND) } }]);
        }
        const key = retryKey(record.mediaKey);
        const reply = (result, directPath) => {
            const iv = randomBytes(12);
            const payload = proto7.MediaRetryNotification.encode({ stanzaId: id, directPath, result }).finish();
            const ciphertext = aesEncryptGCM(Buffer.from(payload), key, iv, Buffer.from(id));
            return answer([{ tag: 'encrypt', attrs: {}, content: [{ tag: 'enc_p', attrs: {}, content: ciphertext }, { tag: 'enc_iv', attrs: {}, content: iv }] }]);
        };
        const ciphertext = part('enc_p');
        const iv = part('enc_iv');
        try {
            if (!ciphertext || iv?.length !== 12) throw new Error('<encrypt> needs <enc_p> and a 12-byte <enc_iv>');
            const request = proto7.ServerErrorReceipt.decode(aesDecryptGCM(ciphertext, key, iv, Buffer.from(id)));
            if (request.stanzaId !== id) throw new Error(`the request names message ${request.stanzaId}, not ${id}`);
        } catch (err) {
            entry.outcome = 'decryption-error';
            entry.reason = err.message;
            return reply(RESULT.DECRYPTION_ERROR);
        }
        if (!record.plaintext) {
            entry.outcome = 'not-found';
            entry.reason = record.error ? `this phone has no copy of the file (${record.error})` : 'this phone has no copy of the file';
            return reply(RESULT.NOT_FOUND);
        }
        try {
            const directPath = await this.#reupload(record);
            entry.outcome = 'reuploaded';
            entry.directPath = directPath;
            return reply(RESULT.SUCCESS, directPath);
        } catch (err) {
            entry.outcome = 'upload-failed';
            entry.reason = err.message;
            return reply(RESULT.GENERAL_ERROR);
        }
    }

    // The same encrypted file again (same key, same bytes), uploaded with Baileys 7's upload function: its new path.
    async #reupload(record) {
        const encrypted = await encryptWithKey(record.plaintext, record.mediaKey, record.keyType);
        const encSha256 = createHash('sha256').update(encrypted).digest();
        if (record.fileEncSha256 && !encSha256.equals(record.fileEncSha256)) throw new Error('re-encrypting the file does not give the message\'s fileEncSha256');
        const file = path.join(tmpdir(), `wa-emulator-reupload-${randomBytes(8).toString('hex')}`);
        await writeFile(file, encrypted);
        try {
            const { directPath } = await this.#uploader()(file, { mediaType: record.keyType, fileEncSha256B64: encSha256.toString('base64') });
            record.directPath = directPath;
            return directPath;
        } finally {
            await unlink(file).catch(() => {});
        }
    }
}

