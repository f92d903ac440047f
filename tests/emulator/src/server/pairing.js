// Linking new companions (docs/protocol.md §6, §7): the registration branch of a connection. A registering client
// gets a <pair-device> with several refs that expire like the real server's (first 60 s, then 20 s each); a
// phone "scans" a QR or types a pairing code through the control API; the phone vouches for the companion
// (ADV), the companion countersigns, the server stores the device and asks for a restart (515).
import { randomBytes } from 'node:crypto';
import { node, child, childBytes, readUintBE, deviceJid, unixNow, S_WHATSAPP_NET } from './nodes.js';
import { HttpError } from './errors.js';

const PAIR_ANSWER_TIMEOUT_MS = 30000;
const CODE_FINISH_TIMEOUT_MS = 30000;

// The text the real server puts beside a code in <iq type="error"><error code text/></iq>.
const ERROR_TEXTS = {
    400: 'bad-request', 401: 'not-authorized', 403: 'forbidden', 404: 'item-not-found', 405: 'not-allowed', 406: 'not-acceptable',
    409: 'conflict', 429: 'rate-overlimit', 500: 'internal-server-error', 501: 'feature-not-implemented', 503: 'service-unavailable',
};
const errorText = (code) => ERROR_TEXTS[code] ?? (code < 500 ? 'bad-request' : 'internal-server-error');

let nextIqId = 1;
const iqId = () => `emu-${nextIqId++}`;

export class Pairing {
    /** qr: { firstMs, laterMs, refs }. */
    constructor({ hub, qr }) {
        this.hub = hub;
        this.qr = qr;
        this.refs = new Map(); // ref -> { reg, expiresAt }
        this.codeRequests = new Map(); // phone digits -> { reg, wrappedCompanionEphemeral, ref, finish }
    }

    /** A connection whose ClientPayload carries devicePairingData. */
    start(conn, payload) {
        const data = payload.devicePairingData;
        const reg = {
            conn,
            noisePub: conn.clientStatic,
            identityPub: Buffer.from(data.eIdent ?? []),
            registrationId: readUintBE(Buffer.from(data.eRegid ?? [])) ?? 0,
            signedPreKey: {
                keyId: readUintBE(Buffer.from(data.eSkeyId ?? [])) ?? 0,
                publicKey: Buffer.from(data.eSkeyVal ?? []),
                signature: Buffer.from(data.eSkeySig ?? []),
            },
            platform: 'web',
            linking: false,
            closed: false,
        };
        if (reg.identityPub.length !== 32 || reg.signedPreKey.publicKey.length !== 32 || reg.signedPreKey.signature.length !== 64) {
            conn.send(node('failure', { reason: '400', location: 'emulator' })).finally(() => conn.close('bad devicePairingData'));
            return;
        }
        const start = Date.now();
        const refs = [];
        for (let i = 0; i < this.qr.refs; i++) {
            const ref = `2@${randomBytes(33).toString('base64')}`;
            refs.push(ref);
            this.refs.set(ref, { reg, expiresAt: start + this.qr.firstMs + i * this.qr.laterMs });
        }
        conn.on('close', () => {
            reg.closed = true;
            for (const [phone, req] of this.codeRequests) if (req.reg === reg) this.codeRequests.delete(phone);
            // refs stay known (a late scan gets 410, not 404) until they would have expired anyway
            const last = start + this.qr.firstMs + this.qr.refs * this.qr.laterMs;
            setTimeout(() => refs.forEach((r) => this.refs.delete(r)), Math.max(0, last - Date.now()) + 1000).unref();
        });
        conn.on('node', (n) => this.#onNode(reg, n).catch((err) => this.hub.log(`registration: ${err.message}`)));
        conn.send(node('iq', { from: S_WHATSAPP_NET, type: 'set', id: iqId(), xmlns: 'md' }, [
            node('pair-device', {}, refs.map((r) => node('ref', {}, Buffer.from(r)))),
        ]));
    }

    async #onNode(reg, n) {
        if (n.tag !== 'iq' || n.attrs.type === 'result' || n.attrs.type === 'error') return;
        const result = (content) => reg.conn.send(node('iq', { type: 'result', id: n.attrs.id, from: S_WHATSAPP_NET }, content));
        const lc = child(n, 'link_code_companion_reg');
        const faultCode = lc ? this.hub.faults.takePairingCodeError() : null;
        if (faultCode) {
            return reg.conn.send(node('iq', { type: 'error', id: n.attrs.id, from: S_WHATSAPP_NET }, [node('error', { code: String(faultCode), text: errorText(faultCode) })]));
        }
        if (lc?.attrs.stage === 'companion_hello') {
            const phone = String(lc.attrs.jid ?? '').split('@')[0].split(':')[0];
            const ref = randomBytes(20).toString('hex');
            const wrapped = childBytes(lc, 'link_code_pairing_wrapped_companion_ephemeral_pub');
            let finish;
            const finished = new Promise((resolve) => (finish = resolve));
            this.codeRequests.set(phone, { reg, wrappedCompanionEphemeral: wrapped, ref, finish, finished });
            return result([node('link_code_companion_reg', {}, [node('link_code_pairing_ref', {}, Buffer.from(ref))])]);
        }
        if (lc?.attrs.stage === 'companion_finish') {
            await result();
            const ref = childBytes(lc, 'link_code_pairing_ref')?.toString();
            for (const req of this.codeRequests.values()) {
                if (req.reg === reg && req.ref === ref) {
                    req.finish({
                        wrappedKeyBundle: childBytes(lc, 'link_code_pairing_wrapped_key_bundle'),
                        companionIdentityPub: childBytes(lc, 'companion_identity_public'),
                    });
                }
            }
            return undefined;
        }
        return result(); // pings and anything else
    }

    /** POST /phones/{phone}/scan: the phone scanned a QR string shown by a companion. */
    async scan(phone, qrText) {
        const account = this.hub.registry.account(phone);
        if (!account) throw new HttpError(404, 'unknown-phone', `no phone ${phone}`);
        const text = String(qrText ?? '');
        const parts = text.slice(text.indexOf('#') + 1).split(',');
        if (parts.length < 4) throw new HttpError(400, 'bad-qr', 'a QR string is ref,noiseKey,identityKey,advSecret');
        const [ref, noiseB64, identityB64, advB64] = parts;
        const entry = this.refs.get(ref);
        if (!entry) throw new HttpError(404, 'unknown-ref', 'no companion is showing this QR');
        if (entry.reg.closed || Date.now() > entry.expiresAt) throw new HttpError(410, 'expired-ref', 'this QR has expired');
        const { reg } = entry;
        if (!Buffer.from(noiseB64, 'base64').equals(reg.noisePub) || !Buffer.from(identityB64, 'base64').equals(reg.identityPub)) {
            throw new HttpError(400, 'bad-qr', 'the QR keys are not the keys this companion registered with');
        }
        const advSecret = Buffer.from(advB64, 'base64');
        if (advSecret.length !== 32) throw new HttpError(400, 'bad-qr', 'the ADV secret is not 32 bytes');
        return this.#link(reg, account, advSecret);
    }

    /** POST /phones/{phone}/link-code: the user typed the companion's code on this phone. */
    async linkCode(phone, code) {
        const account = this.hub.registry.account(phone);
        if (!account) throw new HttpError(404, 'unknown-phone', `no phone ${phone}`);
        const req = this.codeRequests.get(String(phone));
        if (!req || req.reg.closed) throw new HttpError(404, 'no-request', `no companion asked for a pairing code for ${phone}`);
        let hello;
        try {
            hello = account.phoneDevice.primaryHello({ code, wrappedCompanionEphemeral: req.wrappedCompanionEphemeral });
        } catch (err) {
            throw new HttpError(400, 'bad-code', err.message);
        }
        await req.reg.conn.send(node('notification', { from: S_WHATSAPP_NET, type: 'link_code_companion_reg', id: iqId(), t: unixNow() }, [
            node('link_code_companion_reg', { stage: 'primary_hello' }, [
                node('link_code_pairing_ref', {}, Buffer.from(req.ref)),
                node('primary_identity_pub', {}, Buffer.from(hello.primaryIdentityPub)),
                node('link_code_pairing_wrapped_primary_ephemeral_pub', {}, Buffer.from(hello.wrappedPrimaryEphemeral)),
            ]),
        ]));
        let timer;
        const finish = await Promise.race([
            req.finished,
            new Promise((resolve) => (timer = setTimeout(() => resolve(null), CODE_FINISH_TIMEOUT_MS))),
        ]).finally(() => clearTimeout(timer));
        if (!finish) throw new HttpError(504, 'no-finish', 'the companion did not finish pairing');
        if (!finish.companionIdentityPub?.equals(req.reg.identityPub)) {
            throw new HttpError(400, 'bad-finish', 'companion_finish names another identity than the registration');
        }
        let advSecret;
        try {
            ({ advSecret } = account.phoneDevice.companionFinish(hello.state, finish));
        } catch (err) {
            throw new HttpError(400, 'bad-code', err.message);
        }
        this.codeRequests.delete(String(phone));
        return this.#link(req.reg, account, advSecret);
    }

    async #link(reg, account, advSecret) {
        if (reg.linking) throw new HttpError(409, 'busy', 'this companion is already being linked');
        reg.linking = true;
        try {
            const { registry } = this.hub;
            const { device, keyIndex } = registry.reserveDevice(account);
            const { deviceIdentity } = account.phoneDevice.buildPairSuccess({ companionIdentityPub: reg.identityPub, advSecret, keyIndex });
            const jid = deviceJid(account.phone, device);
            const lid = deviceJid(account.lidUser, device, 'lid');
            let answer;
            try {
                answer = await reg.conn.query(
                    node('iq', { from: S_WHATSAPP_NET, type: 'set', id: iqId(), xmlns: 'md', t: unixNow() }, [
                        node('pair-success', {}, [
                            node('device-identity', {}, deviceIdentity),
                            node('platform', { name: 'android' }),
                            node('device', { jid, lid }),
                        ]),
                    ]),
                    PAIR_ANSWER_TIMEOUT_MS,
                );
            } catch (err) {
                throw new HttpError(504, 'no-answer', `the companion did not answer pair-success: ${err.message}`);
            }
            const signed = childBytes(child(answer, 'pair-device-sign'), 'device-identity');
            if (answer.attrs.type !== 'result' || !signed || !account.phoneDevice.verifyPairDeviceSign(signed, reg.identityPub)) {
                await reg.conn.send(node('iq', { type: 'error', id: answer.attrs.id, from: S_WHATSAPP_NET }, [node('error', { code: '401', text: 'bad-device-signature' })]));
                reg.conn.close('refused pair-device-sign');
                throw new HttpError(422, 'bad-signature', 'the companion\'s device signature does not verify');
            }
            const companion = registry.addCompanion(account, {
                device,
                keyIndex,
                noisePub: reg.noisePub,
                identityPub: reg.identityPub,
                registrationId: reg.registrationId,
                signedPreKey: reg.signedPreKey,
                platform: reg.platform,
            });
            this.hub.persist();
            this.hub.log(`linked ${companion.jid}`);
            await reg.conn.streamError(515);
            return companion;
        } finally {
            reg.linking = false;
        }
    }
}
