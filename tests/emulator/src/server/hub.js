// The emulated WhatsApp server: every connection passes through here after its handshake, to the
// registration branch (pairing) or the login branch (a Session), and the router connects them to each other
// and to the simulated phones.
import { Connection } from './connection.js';
import { Router } from './router.js';
import { Pairing } from './pairing.js';
import { Session } from './session.js';
import { Registry } from './registry.js';
import { VersionFloor } from './version-floor.js';
import { HttpError } from './errors.js';
import { node, deviceJid, unixNow, S_WHATSAPP_NET } from './nodes.js';
import { Phone } from '../phone/phone.js';
import { MediaHost } from './media-host.js';

export class Hub {
    constructor({ identity, faults, log = () => {}, qr, versionFloor = new VersionFloor() }) {
        this.identity = identity;
        this.faults = faults;
        this.versionFloor = versionFloor;
        this.log = log;
        this.registry = new Registry();
        this.connections = new Set();
        this.handshakesInFlight = 0;
        this.handshakesInFlightMax = 0;
        this.sessions = new Map(); // companion jid -> Session
        this.pings = 0;
        this.listeners = { phoneMessage: [], companionReady: [] };
        this.router = new Router({
            registry: this.registry,
            sessionOf: (jid) => this.sessions.get(jid) ?? null,
            log,
            onPhoneMessage: (account, stanza) => this.listeners.phoneMessage.forEach((f) => f(account, stanza)),
            onChange: () => this.persist(),
        });
        this.pairing = new Pairing({ hub: this, qr });
        this.persist = () => {};
        this.testCa = null; // PEM of the test CA (emulator.js), which the phones trust for the media host
        // The media host (media-host.js): the phones get their <media_conn> and the CA to trust from the network.
        this.media = new MediaHost({
            log,
            onExpiredServed: () => faults.fire('expireMedia'),
            tampering: () => faults.tamperMedia,
            onTamperedServed: () => faults.fire('tamperMedia'),
            takeCut: (length) => faults.takeCutMedia(length),
        });
        this.router.network.mediaConn = (jid) => this.media.mediaConnNode(jid);
        this.router.network.testCa = () => this.testCa;
    }

    get network() {
        return this.router.network;
    }

    attach(ws) {
        const conn = new Connection({ ws, identity: this.identity, faults: this.faults, log: this.log });
        this.connections.add(conn);
        conn.on('close', () => this.connections.delete(conn));
        // How many clients are between their first byte and the end of the Noise handshake: a gateway that
        // restarts with many numbers should spread its connects rather than hit the server all at once.
        this.handshakesInFlight += 1;
        this.handshakesInFlightMax = Math.max(this.handshakesInFlightMax, this.handshakesInFlight);
        conn.once('handshake-end', () => {
            this.handshakesInFlight -= 1;
        });
        conn.on('payload', (payload) => {
            if (payload.devicePairingData) {
                if (this.versionFloor.admits(payload, 'registration')) this.pairing.start(conn, payload);
                else this.#fail(conn, { reason: '405' }, 'registration with an outdated client version');
            } else if (payload.username !== null && payload.username !== undefined && Number(payload.username) > 0) this.#login(conn, payload);
            else conn.send(node('failure', { reason: '400', location: 'emulator' })).finally(() => conn.close('payload is neither registration nor login'));
            conn.release();
        });
        return conn;
    }

    /** A new account; its number is kept exactly as given (a Brazilian number with or without the ninth digit). */
    async createPhone({ phone, name, requireToken = false }) {
        const digits = String(phone ?? '');
        if (!/^[0-9]{8,15}$/.test(digits)) throw new HttpError(400, 'bad-phone', 'phone must be 8 to 15 digits');
        if (typeof requireToken !== 'boolean') throw new HttpError(400, 'bad-require-token', 'requireToken must be true or false');
        if (this.registry.account(digits)) throw new HttpError(409, 'exists', `phone ${digits} exists`);
        const phoneDevice = new Phone({ phone: digits, name: name ?? digits, network: this.network });
        await phoneDevice.init();
        const account = this.registry.addAccount({ phone: digits, name: name ?? digits, phoneDevice });
        account.requireToken = requireToken;
        this.persist();
        return account;
    }

    #login(conn, payload) {
        const user = String(payload.username);
        const jid = deviceJid(user, Number(payload.device ?? 0));
        if (!this.versionFloor.admits(payload, 'login', jid)) {
            this.#fail(conn, { reason: '405' }, `login of ${jid} with an outdated client version`);
            return;
        }
        // Asked for by a test (POST /faults ban / loginFailure): the registry is left as it is, even for the
        // reasons that mean "logged out"; removing the device is the test's own step.
        const asked = this.faults.takeLoginFailure(jid);
        if (asked) {
            this.#fail(conn, asked.attrs, `login of ${jid} failed on request (${asked.kind} ${asked.attrs.reason})`);
            return;
        }
        const found = this.registry.device(jid);
        if (!found?.companion || !found.companion.noisePub.equals(conn.clientStatic)) {
            this.#fail(conn, { reason: '401' }, `login refused for ${jid}: unknown device`);
            return;
        }
        const previous = this.sessions.get(jid);
        if (previous) {
            this.sessions.delete(jid);
            previous.conn.streamError(440);
        }
        const session = new Session({ hub: this, conn, account: found.account, companion: found.companion });
        this.sessions.set(jid, session);
        conn.on('close', () => {
            if (this.sessions.get(jid) === session) this.sessions.delete(jid);
        });
        const { companion } = found;
        session.send(node('success', { t: unixNow(), lid: companion.lid, props: '0', abprops: '0', location: 'br', creation: String(companion.linkedAt) }));
    }

    /** <failure/> instead of <success/>, then the close the real server follows it with. */
    #fail(conn, attrs, why) {
        this.log(why);
        conn.send(node('failure', { ...attrs, location: 'emulator' })).finally(() => setTimeout(() => conn.close(why), 50));
    }

    /** After <passive><active/>: what waited for the device, the end-of-offline marker, and a new device's bootstrap. */
    activate(session) {
        if (session.active) return;
        const queued = this.router.queued(session.jid);
        session.active = true;
        for (const stanza of queued) this.router.sendKept(session, stanza);
        session.send(node('ib', {}, [node('offline', { count: String(queued.length) })]));
        const { companion, account } = session;
        if (!companion.bootstrapped) {
            companion.bootstrapped = true;
            this.persist();
            setTimeout(() => {
                account.phoneDevice
                    .bootstrapCompanion(companion.jid)
                    .then(() => this.listeners.companionReady.forEach((f) => f(account, companion)))
                    .catch((err) => this.log(`bootstrap of ${companion.jid}: ${err.message}`));
            }, 50);
        }
    }

    removeDevice(jid, reason) {
        this.registry.removeCompanion(jid);
        this.router.dropQueue(jid);
        this.media.revoke(jid);
        this.persist();
        this.log(`removed ${jid}: ${reason}`);
    }

    /** POST /devices/{jid}/disconnect */
    /**
     * Pings a connected companion as the real server does (an iq urn:xmpp:ping it must answer): resolves with
     * the round trip in ms; 504 when it does not answer within `timeoutMs`.
     */
    async ping(jid, timeoutMs) {
        const session = this.sessions.get(jid);
        if (!session) throw new HttpError(409, 'not-connected', `${jid} is not connected`);
        const started = performance.now();
        try {
            await session.conn.query(node('iq', { id: `ping-${++this.pings}`, type: 'get', xmlns: 'urn:xmpp:ping', to: jid, from: S_WHATSAPP_NET }), timeoutMs);
        } catch (err) {
            throw new HttpError(504, 'no-answer', `${jid} did not answer a ping within ${timeoutMs} ms (${err.message})`);
        }
        return performance.now() - started;
    }

    async disconnect(jid, code) {
        const found = this.registry.device(jid);
        if (!found?.companion) throw new HttpError(404, 'unknown-device', `no companion ${jid}`);
        const session = this.sessions.get(jid);
        if (code === 401) this.removeDevice(jid, 'disconnected with 401');
        if (!session) {
            if (code === 401) return;
            throw new HttpError(409, 'not-connected', `${jid} is not connected`);
        }
        this.sessions.delete(jid);
        if (code === 'close') session.conn.close('closed by the control API');
        else if (code === 401) {
            await session.conn.send(node('stream:error', { code: '401' }, [node('conflict', { type: 'device_removed' })]));
            setTimeout(() => session.conn.close('stream error 401'), 50);
        } else await session.conn.streamError(code);
    }

    /** Sends a pending garbage fault right away where a matching connection is open. */
    fireGarbage(device) {
        let sent = false;
        for (const conn of this.connections) {
            if (conn.state !== 'open' || conn.closed) continue;
            if (device && conn.deviceJid !== device) continue;
            conn.sendGarbage();
            sent = true;
        }
        if (sent) this.faults.takeGarbage(device);
        return sent;
    }

    health() {
        return {
            ok: true,
            connections: [...this.connections].filter((c) => !c.closed).length,
            handshakesInFlight: this.handshakesInFlight,
            handshakesInFlightMax: this.handshakesInFlightMax,
        };
    }

    closeAll() {
        for (const conn of this.connections) conn.close('emulator stopping');
    }
}
