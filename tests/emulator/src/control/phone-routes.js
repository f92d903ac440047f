// Control routes for what a customer's phone does besides texting (tests/emulator/README.md "Phones: calls,
// devices, reinstall, retries, privacy tokens"): place and end calls, link and remove extra devices, reinstall,
// fail to decrypt on purpose, give a privacy token; and the per-message delivery log. Same shape as the routes in
// api.js: [method, path, handler(hub, body, params)].
import { HttpError } from '../server/errors.js';

const MAX_FAIL_TIMES = 20;

function accountOr404(hub, phone) {
    const account = hub.registry.account(phone);
    if (!account) throw new HttpError(404, 'unknown-phone', `no phone ${phone}`);
    return account;
}

// A phone number, a user jid or a device jid of an account on this network -> that account.
function peerAccount(hub, value, what) {
    const text = String(value ?? '');
    const jid = /^[0-9]{5,20}$/.test(text) ? `${text}@s.whatsapp.net` : text;
    if (!/^[0-9]+(:[0-9]+)?@(s\.whatsapp\.net|lid)$/.test(jid)) throw new HttpError(400, 'bad-jid', `${what} must be a phone number or jid, got "${text}"`);
    const account = hub.registry.accountOf(jid);
    if (!account) throw new HttpError(404, 'unknown-recipient', `no account ${jid}`);
    return account;
}

function extraOr404(hub, account, n) {
    const extra = hub.abilities.extraDevices.get(account, Number(n));
    if (!extra) throw new HttpError(404, 'unknown-device', `${account.phone} has no extra device ${n}`);
    return extra;
}

export const phoneRoutes = [
    ['POST', /^\/phones\/([0-9]+)\/call$/, async (hub, body, [phone]) => {
        const account = accountOr404(hub, phone);
        const callee = peerAccount(hub, body.to, 'to');
        if (callee === account) throw new HttpError(400, 'bad-recipient', 'a phone cannot call its own account');
        if (body.video !== undefined && typeof body.video !== 'boolean') throw new HttpError(400, 'bad-video', 'video must be true or false');
        try {
            return [201, await account.phoneDevice.calls.offer(callee.jid, { video: body.video === true })];
        } catch (err) {
            throw new HttpError(409, 'not-called', err.message);
        }
    }],
    ['GET', /^\/phones\/([0-9]+)\/calls$/, (hub, body, [phone]) => [200, accountOr404(hub, phone).phoneDevice.calls.list()]],
    ['POST', /^\/phones\/([0-9]+)\/call\/([0-9A-Za-z]+)\/terminate$/, async (hub, body, [phone, callId]) => {
        const account = accountOr404(hub, phone);
        if (body.reason !== undefined && typeof body.reason !== 'string') throw new HttpError(400, 'bad-reason', 'reason must be a string such as "timeout"');
        if (!(await account.phoneDevice.calls.terminate(callId, { reason: body.reason }))) throw new HttpError(404, 'unknown-call', `${phone} placed no call ${callId}`);
        return [200, { ok: true }];
    }],
    ['POST', /^\/phones\/([0-9]+)\/devices$/, async (hub, body, [phone]) => {
        const account = accountOr404(hub, phone);
        const extra = await hub.abilities.extraDevices.add(account);
        return [201, { jid: extra.jid, device: extra.device, keyIndex: extra.record.keyIndex, registrationId: extra.signal.registrationId }];
    }],
    ['DELETE', /^\/phones\/([0-9]+)\/devices\/([0-9]+)$/, async (hub, body, [phone, n]) => {
        const account = accountOr404(hub, phone);
        if (!(await hub.abilities.extraDevices.remove(account, Number(n)))) throw new HttpError(404, 'unknown-device', `${phone} has no linked extra device ${n}`);
        return [200, { ok: true }];
    }],
    ['GET', /^\/phones\/([0-9]+)\/devices\/([0-9]+)\/messages$/, (hub, body, [phone, n]) => {
        const extra = extraOr404(hub, accountOr404(hub, phone), n);
        return [200, extra.messages.map(({ id, from, text, timestamp }) => ({ id, from, text, timestamp }))];
    }],
    ['POST', /^\/phones\/([0-9]+)\/reinstall$/, async (hub, body, [phone]) => {
        const account = accountOr404(hub, phone);
        if (body.unlinkCompanions !== undefined && typeof body.unlinkCompanions !== 'boolean') throw new HttpError(400, 'bad-unlink', 'unlinkCompanions must be true or false');
        return [200, await hub.abilities.reinstall(account, { unlinkCompanions: body.unlinkCompanions !== false })];
    }],
    ['POST', /^\/phones\/([0-9]+)\/fail-decrypt$/, (hub, body, [phone]) => {
        const account = accountOr404(hub, phone);
        const times = body.times ?? 1;
        if (!Number.isInteger(times) || times < 1 || times > MAX_FAIL_TIMES) throw new HttpError(400, 'bad-times', `times must be an integer from 1 to ${MAX_FAIL_TIMES}`);
        const sender = hub.registry.device(String(body.from ?? ''));
        if (!sender) throw new HttpError(404, 'unknown-device', `from must be a device jid on this network, got "${body.from}"`);
        // The sender's copies may come from its phone-number or its LID address; both count.
        const senders = sender.companion ? [sender.companion.jid, sender.companion.lid] : [sender.account.jid, `${sender.account.lidUser}@lid`];
        const device = body.device ?? 0;
        if (!Number.isInteger(device) || device < 0) throw new HttpError(400, 'bad-device', 'device must be 0 (the phone) or an extra device number');
        const receiver = device === 0 ? account.phoneDevice : extraOr404(hub, account, device);
        if (body.keepAsking !== undefined && typeof body.keepAsking !== 'boolean') throw new HttpError(400, 'bad-keep-asking', 'keepAsking must be true or false');
        receiver.retries.failNext(senders, times, { keepAsking: body.keepAsking === true });
        return [200, { ok: true }];
    }],
    ['GET', /^\/phones\/([0-9]+)\/retries$/, (hub, body, [phone]) => {
        const account = accountOr404(hub, phone);
        const logs = [account.phoneDevice.retries.log, ...hub.abilities.extraDevices.all(account).map((e) => e.retries.log)];
        return [200, logs.flat().sort((a, b) => a.at - b.at).map((entry) => ({ ...entry }))];
    }],
    ['POST', /^\/phones\/([0-9]+)\/privacy-token$/, (hub, body, [phone]) => {
        const account = accountOr404(hub, phone);
        const to = peerAccount(hub, body.to, 'to');
        if (to === account) throw new HttpError(400, 'bad-recipient', 'a token is for another account');
        return [200, hub.abilities.privacyToken(account, to)];
    }],
    ['PUT', /^\/phones\/([0-9]+)\/require-token$/, (hub, body, [phone]) => {
        const account = accountOr404(hub, phone);
        if (typeof body.requireToken !== 'boolean') throw new HttpError(400, 'bad-require-token', 'requireToken must be true or false');
        account.requireToken = body.requireToken;
        hub.persist();
        return [200, { jid: account.jid, requireToken: account.requireToken }];
    }],
    ['GET', /^\/phones\/([0-9]+)\/issued-tokens$/, (hub, body, [phone]) => [200, hub.router.tokens.issuedBy(accountOr404(hub, phone))]],
    ['POST', /^\/phones\/([0-9]+)\/lid-migration$/, async (hub, body, [phone]) => {
        const account = accountOr404(hub, phone);
        let contacts;
        if (body.contacts !== undefined) {
            if (!Array.isArray(body.contacts) || !body.contacts.length) throw new HttpError(400, 'bad-contacts', 'contacts must be a non-empty array of numbers or jids');
            contacts = body.contacts.map((c) => peerAccount(hub, c, 'contacts[]'));
        }
        try {
            return [200, await hub.abilities.lidMigration(account, contacts)];
        } catch (err) {
            throw new HttpError(409, 'not-sent', err.message);
        }
    }],
    ['GET', /^\/messages\/([^/]+)\/deliveries$/, (hub, body, [id]) => [200, hub.abilities.traffic.deliveriesOf(decodeURIComponent(id))]],
];
