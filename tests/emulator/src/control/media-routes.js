// Control routes for media, locations and contact cards (tests/emulator/README.md "Media"): a phone sends them,
// shows what it received and downloaded, plays voice notes, and lists the media retries asked of it. Same shape
// as the routes in api.js: [method, path, handler(hub, body, params), options].
import { HttpError } from '../server/errors.js';
import { SEND_KINDS } from '../phone/media.js';

const MAX_MEDIA_BODY = 48 * 1024 * 1024; // JSON with base64 data: about 36 MiB of media
const MAX_VCARD = 64 * 1024;

function accountOr404(hub, phone) {
    const account = hub.registry.account(phone);
    if (!account) throw new HttpError(404, 'unknown-phone', `no phone ${phone}`);
    return account;
}

// A phone number, a user jid or a device jid of another account on this network -> that account.
function recipient(hub, account, value) {
    const text = String(value ?? '');
    const jid = /^[0-9]{5,20}$/.test(text) ? `${text}@s.whatsapp.net` : text;
    if (!/^[0-9]+(:[0-9]+)?@(s\.whatsapp\.net|lid)$/.test(jid)) throw new HttpError(400, 'bad-jid', `to must be a phone number or jid, got "${text}"`);
    const found = hub.registry.accountOf(jid);
    if (!found) throw new HttpError(404, 'unknown-recipient', `no account ${jid}`);
    if (found === account) throw new HttpError(400, 'bad-recipient', 'a phone sends media to another account');
    return found;
}

// Keys a body may have: a misspelt one is an error, not silently ignored.
function onlyKeys(body, allowed) {
    const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
    if (unknown.length) throw new HttpError(400, 'unknown-field', `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}; known: ${allowed.join(', ')}`);
}

function optionalString(body, key, { max = 4096, code = `bad-${key.toLowerCase()}` } = {}) {
    const v = body[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !v || v.length > max) throw new HttpError(400, code, `${key} must be a non-empty string of at most ${max} characters`);
    return v;
}

function addressingOf(body) {
    const addressing = body.addressing ?? 'lid';
    if (addressing !== 'lid' && addressing !== 'pn') throw new HttpError(400, 'bad-addressing', 'addressing must be "lid" or "pn"');
    return addressing;
}

async function sent(promise) {
    try {
        return await promise;
    } catch (err) {
        if (err instanceof HttpError) throw err;
        throw new HttpError(409, 'not-sent', err.message);
    }
}

const MEDIA_KEYS = ['to', 'kind', 'data', 'mimetype', 'fileName', 'caption', 'seconds', 'addressing'];

export const mediaRoutes = [
    ['POST', /^\/phones\/([0-9]+)\/media$/, async (hub, body, [phone]) => {
        const account = accountOr404(hub, phone);
        onlyKeys(body, MEDIA_KEYS);
        const to = recipient(hub, account, body.to);
        const { kind } = body;
        if (!Object.hasOwn(SEND_KINDS, kind ?? '')) throw new HttpError(400, 'bad-kind', `kind must be one of ${Object.keys(SEND_KINDS).join(', ')}`);
        if (typeof body.data !== 'string' || !body.data || !/^[A-Za-z0-9+/]*={0,2}$/.test(body.data) || body.data.length % 4 === 1) {
            throw new HttpError(400, 'bad-data', 'data must be the file in (standard) base64');
        }
        const data = Buffer.from(body.data, 'base64');
        if (!data.length) throw new HttpError(400, 'bad-data', 'data is empty');
        const mimetype = optionalString(body, 'mimetype', { max: 200 });
        if (mimetype !== undefined && !/^[a-z0-9.+-]+\/[a-z0-9.+-]+(; ?[a-z0-9-]+=[a-z0-9.+-]+)*$/i.test(mimetype)) {
            throw new HttpError(400, 'bad-mimetype', `mimetype must look like "image/jpeg" or "audio/ogg; codecs=opus", got "${mimetype}"`);
        }
        const fileName = optionalString(body, 'fileName', { max: 255, code: 'bad-file-name' });
        if (fileName !== undefined && kind !== 'document') throw new HttpError(400, 'bad-file-name', 'fileName is for documents only');
        const caption = optionalString(body, 'caption', { max: 65536 });
        if (caption !== undefined && !['image', 'video', 'document'].includes(kind)) throw new HttpError(400, 'bad-caption', 'caption is for images, videos and documents only');
        const { seconds } = body;
        if (seconds !== undefined) {
            if (!['audio', 'ptt', 'video'].includes(kind)) throw new HttpError(400, 'bad-seconds', 'seconds is for audio, ptt and video only');
            if (!Number.isInteger(seconds) || seconds < 0 || seconds > 86400) throw new HttpError(400, 'bad-seconds', 'seconds must be an integer from 0 to 86400');
        }
        const addressing = addressingOf(body);
        if (kind === 'image') {
            // An image the phone cannot read (for its thumbnail) is the caller's mistake, not a failed send.
            const { Jimp } = await import('jimp');
            await Jimp.read(data).catch((err) => {
                throw new HttpError(400, 'bad-data', `data is not an image jimp can read: ${err.message}`);
            });
        }
        return [201, await sent(account.phoneDevice.sendMedia(to.jid, kind, { data, mimetype, fileName, caption, seconds, addressing }))];
    }, { maxBody: MAX_MEDIA_BODY }],
    ['GET', /^\/phones\/([0-9]+)\/media\/([^/]+)$/, (hub, body, [phone, id]) => {
        const view = accountOr404(hub, phone).phoneDevice.media.view(decodeURIComponent(id));
        if (!view) throw new HttpError(404, 'unknown-media', `${phone} received no media message ${decodeURIComponent(id)}`);
        return [200, view];
    }],
    ['GET', /^\/phones\/([0-9]+)\/media-retries$/, (hub, body, [phone]) => [200, accountOr404(hub, phone).phoneDevice.media.retries.map((r) => ({ ...r }))]],
    ['POST', /^\/phones\/([0-9]+)\/location$/, async (hub, body, [phone]) => {
        const account = accountOr404(hub, phone);
        onlyKeys(body, ['to', 'latitude', 'longitude', 'name', 'address', 'live']);
        const to = recipient(hub, account, body.to);
        const { latitude, longitude } = body;
        if (typeof latitude !== 'number' || !(latitude >= -90 && latitude <= 90)) throw new HttpError(400, 'bad-latitude', 'latitude must be a number from -90 to 90');
        if (typeof longitude !== 'number' || !(longitude >= -180 && longitude <= 180)) throw new HttpError(400, 'bad-longitude', 'longitude must be a number from -180 to 180');
        if (body.live !== undefined && typeof body.live !== 'boolean') throw new HttpError(400, 'bad-live', 'live must be true or false');
        const name = optionalString(body, 'name', { max: 1024 });
        const address = optionalString(body, 'address', { max: 1024 });
        if (body.live && address !== undefined) throw new HttpError(400, 'bad-address', 'a live location has no address');
        const { id } = await sent(account.phoneDevice.sendLocation(to.jid, { latitude, longitude, name, address, live: body.live === true }));
        return [201, { id }];
    }],
    ['POST', /^\/phones\/([0-9]+)\/contact$/, async (hub, body, [phone]) => {
        const account = accountOr404(hub, phone);
        onlyKeys(body, ['to', 'displayName', 'vcard', 'name', 'phone']);
        const to = recipient(hub, account, body.to);
        let card;
        if (body.vcard !== undefined || body.displayName !== undefined) {
            if (body.name !== undefined || body.phone !== undefined) throw new HttpError(400, 'bad-contact', 'give either displayName and vcard, or name and phone');
            const displayName = optionalString(body, 'displayName', { max: 1024, code: 'bad-display-name' });
            if (!displayName) throw new HttpError(400, 'bad-display-name', 'displayName must be a non-empty string');
            const { vcard } = body;
            if (typeof vcard !== 'string' || vcard.length > MAX_VCARD) throw new HttpError(400, 'bad-vcard', `vcard must be a string of at most ${MAX_VCARD} characters`);
            const lines = vcard.trim().split(/\r?\n/);
            if (lines[0] !== 'BEGIN:VCARD' || lines.at(-1) !== 'END:VCARD' || !lines.includes('VERSION:3.0')) {
                throw new HttpError(400, 'bad-vcard', 'vcard must be a vCard 3.0: BEGIN:VCARD, VERSION:3.0, …, END:VCARD');
            }
            card = { displayName, vcard };
        } else {
            const name = optionalString(body, 'name', { max: 1024 });
            if (!name) throw new HttpError(400, 'bad-name', 'give name and phone (or displayName and vcard)');
            if (typeof body.phone !== 'string' || !/^[0-9]{8,15}$/.test(body.phone)) throw new HttpError(400, 'bad-phone', 'phone must be 8 to 15 digits (the international number)');
            card = { displayName: name, phone: body.phone };
        }
        const { id } = await sent(account.phoneDevice.sendContact(to.jid, card));
        return [201, { id }];
    }],
    ['POST', /^\/phones\/([0-9]+)\/played$/, async (hub, body, [phone]) => {
        const account = accountOr404(hub, phone);
        onlyKeys(body, ['chat', 'ids']);
        const chat = recipient(hub, account, body.chat);
        if (!Array.isArray(body.ids) || !body.ids.length || !body.ids.every((i) => typeof i === 'string' && i)) {
            throw new HttpError(400, 'bad-ids', 'ids must be a non-empty array of message ids');
        }
        const device = account.phoneDevice;
        for (const id of body.ids) {
            const got = device.messages.find((m) => m.id === id && m.chat === chat.jid);
            if (!got) throw new HttpError(404, 'unknown-message', `${phone} received no message ${id} in the chat with ${chat.jid}`);
            if (got.kind !== 'ptt') throw new HttpError(400, 'not-voice', `message ${id} is a ${got.kind}, not a voice note (only those are played)`);
        }
        await device.sendPlayed(chat.jid, body.ids);
        return [200, { ok: true }];
    }],
];
