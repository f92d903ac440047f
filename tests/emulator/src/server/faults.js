// Fault injection (POST /faults, GET /faults). The frame faults (dropNextFrames, delayMs, garbage) apply to one
// device's connections when a device jid is given, otherwise to every connection; the others are server-wide,
// except the login failures (ban, loginFailure: login-failures.js), which may name one device too.
// dropNextFrames, garbage, pairingCodeError and the login failures are consumed as they fire. expireMedia is an
// action on the media host (media-host.js), done by the control route once the body is known to be good: every
// file, or the one `directPath` names. tamperMedia is a switch the media host reads on every download: while it is
// on, each body it serves has one byte flipped in the middle (the stored file stays as uploaded). cutMedia N is
// one-shot: the next download whose body is longer than N bytes sends N of them and loses its connection.
import { HttpError } from './errors.js';
import { parseJid, deviceJid } from './nodes.js';
import { LoginFailures } from './login-failures.js';

// A misspelt key used to be ignored, so a test believed it had armed a fault the server never saw.
const KNOWN = ['device', 'dropNextFrames', 'delayMs', 'garbage', 'badCert', 'pairingCodeError', 'holdDeviceQueryFor', 'releaseDeviceQueryFor', 'ban', 'loginFailure', 'expireMedia', 'directPath', 'tamperMedia', 'cutMedia'];

const frameFaults = () => ({ dropNextFrames: 0, delayMs: 0, garbage: false });

/** "5511900000002:3@s.whatsapp.net" (or with an agent) -> "5511900000002@s.whatsapp.net"; null if no user jid. */
function userOf(jid) {
    const parsed = parseJid(jid);
    return parsed ? deviceJid(parsed.user, 0, parsed.server) : null;
}

export class Faults {
    constructor() {
        this.global = frameFaults();
        this.byDevice = new Map();
        this.badCert = null;
        this.pairingCodeError = null;
        this.heldUsers = new Set();
        this.heldAnswers = []; // { users, conn, send }, in the order the queries came
        this.loginFailures = new LoginFailures();
        this.tamperMedia = false;
        this.cutMedia = 0; // bytes the next (long enough) download sends before its socket is destroyed; 0: off
        this.fired = { dropNextFrames: 0, garbage: 0, delayMs: 0, badCert: 0, pairingCodeError: 0, holdDeviceQuery: 0, ban: 0, loginFailure: 0, expireMedia: 0, tamperMedia: 0, cutMedia: 0 };
    }

    /**
     * Applies a POST /faults body, or throws an HttpError and applies none of it. knownMediaPath(directPath): whether
     * the media host has a file there (for expireMedia with a directPath).
     */
    apply(body, { knownMediaPath = () => false } = {}) {
        const given = body ?? {};
        const unknown = Object.keys(given).filter((k) => !KNOWN.includes(k));
        if (unknown.length) {
            throw new HttpError(400, 'unknown-fault', `unknown fault key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}; known: ${KNOWN.join(', ')}`);
        }
        const { device, dropNextFrames, delayMs, garbage, badCert, pairingCodeError, holdDeviceQueryFor, releaseDeviceQueryFor } = given;
        const bad = (message) => new HttpError(400, 'bad-fault', message);
        if (device !== undefined && device !== null && typeof device !== 'string') throw bad('device must be a device jid');
        if (badCert !== undefined && badCert !== null && badCert !== 'root' && badCert !== 'leaf' && badCert !== 'none' && badCert !== false) {
            throw bad('badCert must be "root", "leaf", "none" or false');
        }
        for (const [name, v] of [['dropNextFrames', dropNextFrames], ['delayMs', delayMs]]) {
            if (v !== undefined && !(Number.isInteger(v) && v >= 0 && v <= 600000)) throw bad(`${name} must be a non-negative integer`);
        }
        if (garbage !== undefined && typeof garbage !== 'boolean') throw bad('garbage must be true or false');
        if (given.expireMedia !== undefined && given.expireMedia !== true) throw bad('expireMedia must be true (it expires every file on the media host now, or the one directPath names)');
        if (given.directPath !== undefined) {
            if (given.expireMedia !== true) throw bad('directPath only goes with "expireMedia": true (it names the one file to expire)');
            if (typeof given.directPath !== 'string' || !given.directPath) throw bad('directPath must be a direct path the media host handed out (/v/…)');
            if (!knownMediaPath(given.directPath)) throw new HttpError(404, 'unknown-media', `no file on the media host at ${given.directPath}`);
        }
        if (given.tamperMedia !== undefined && typeof given.tamperMedia !== 'boolean') throw bad('tamperMedia must be true or false');
        if (given.cutMedia !== undefined && !(Number.isSafeInteger(given.cutMedia) && given.cutMedia >= 0)) {
            throw bad('cutMedia must be a positive integer (the bytes of the next download to send before cutting it), or 0 to clear it');
        }
        if (pairingCodeError !== undefined && pairingCodeError !== null && pairingCodeError !== 0
            && !(Number.isInteger(pairingCodeError) && pairingCodeError >= 400 && pairingCodeError <= 599)) {
            throw bad('pairingCodeError must be an error code from 400 to 599, or null or 0 to clear it');
        }
        const hold = holdDeviceQueryFor === undefined ? null : userOf(holdDeviceQueryFor);
        if (holdDeviceQueryFor !== undefined && !hold) throw bad('holdDeviceQueryFor must be a user jid like 5511900000002@s.whatsapp.net');
        const release = releaseDeviceQueryFor === undefined ? null : userOf(releaseDeviceQueryFor);
        if (releaseDeviceQueryFor !== undefined && !release) throw bad('releaseDeviceQueryFor must be a user jid like 5511900000002@s.whatsapp.net');
        const armLoginFailures = this.loginFailures.prepare(given, bad);

        if (badCert !== undefined) this.badCert = badCert === 'root' || badCert === 'leaf' ? badCert : null;
        const target = device ? this.#deviceEntry(device) : this.global;
        if (dropNextFrames !== undefined) target.dropNextFrames = dropNextFrames;
        if (delayMs !== undefined) target.delayMs = delayMs;
        if (garbage !== undefined) target.garbage = garbage;
        if (pairingCodeError !== undefined) this.pairingCodeError = pairingCodeError || null;
        if (hold) this.heldUsers.add(hold);
        if (release) this.#release(release);
        if (given.tamperMedia !== undefined) this.tamperMedia = given.tamperMedia;
        if (given.cutMedia !== undefined) this.cutMedia = given.cutMedia;
        armLoginFailures();
    }

    /** GET /faults: what is armed, the answers kept by holdDeviceQueryFor, and how often each fault fired. */
    report() {
        const live = this.heldAnswers.filter((h) => !h.conn.closed);
        return {
            settings: {
                ...this.global,
                devices: Object.fromEntries([...this.byDevice].map(([jid, e]) => [jid, { ...e }])),
                badCert: this.badCert,
                pairingCodeError: this.pairingCodeError,
                holdDeviceQueryFor: [...this.heldUsers],
                loginFailures: this.loginFailures.report(),
                tamperMedia: this.tamperMedia,
                cutMedia: this.cutMedia,
            },
            held: Object.fromEntries([...this.heldUsers].map((u) => [u, live.filter((h) => h.users.includes(u)).length])),
            fired: { ...this.fired },
        };
    }

    /** Counts a fault that changed what the server did (GET /faults "fired"). */
    fire(name) {
        this.fired[name] += 1;
    }

    #deviceEntry(jid) {
        if (!this.byDevice.has(jid)) this.byDevice.set(jid, frameFaults());
        return this.byDevice.get(jid);
    }

    /** What to do with the next outgoing frame of a connection: { drop, delayMs, garbage }. */
    nextFrame(deviceJid) {
        const entries = [this.global];
        if (deviceJid && this.byDevice.has(deviceJid)) entries.push(this.byDevice.get(deviceJid));
        let drop = false;
        let garbage = false;
        let delayMs = 0;
        for (const e of entries) {
            if (e.dropNextFrames > 0) {
                e.dropNextFrames -= 1;
                drop = true;
            }
            if (e.garbage) {
                e.garbage = false;
                garbage = true;
            }
            delayMs = Math.max(delayMs, e.delayMs);
        }
        return { drop, garbage, delayMs };
    }

    /** Clears a pending garbage fault once it has been sent (to one device, or to everyone). */
    takeGarbage(deviceJid) {
        if (deviceJid) {
            const e = this.byDevice.get(deviceJid);
            if (e) e.garbage = false;
        } else this.global.garbage = false;
    }

    /** The error code to answer the next link_code_companion_reg iq with, or null; consumed here. */
    takePairingCodeError() {
        const code = this.pairingCodeError;
        if (!code) return null;
        this.pairingCodeError = null;
        this.fire('pairingCodeError');
        return code;
    }

    /**
     * cutMedia: how many bytes to send of a download body `length` bytes long before destroying its socket, or 0 to
     * send it whole. A body of N bytes or fewer cannot be cut short and leaves the fault armed; otherwise it is used
     * up and counted here.
     */
    takeCutMedia(length) {
        const n = this.cutMedia;
        if (!n || length <= n) return 0;
        this.cutMedia = 0;
        this.fire('cutMedia');
        return n;
    }

    /** The failure to answer a login of `jid` with ({ kind, attrs }), or null; consumed and counted here. */
    takeLoginFailure(jid) {
        const taken = this.loginFailures.take(jid);
        if (taken) this.fire(taken.kind);
        return taken;
    }

    /**
     * A usync device query about `users` on `conn`, whose answer `send` writes: true when it is kept until every
     * held user it names is released. A query naming two held users waits for both.
     */
    holdDeviceQuery(users, conn, send) {
        this.heldAnswers = this.heldAnswers.filter((h) => !h.conn.closed); // their answers have nowhere to go
        const named = users.map(userOf).filter(Boolean);
        if (!named.some((u) => this.heldUsers.has(u))) return false;
        this.heldAnswers.push({ users: named, conn, send });
        this.fire('holdDeviceQuery');
        return true;
    }

    #release(user) {
        this.heldUsers.delete(user);
        const due = this.heldAnswers.filter((h) => !h.users.some((u) => this.heldUsers.has(u)));
        this.heldAnswers = this.heldAnswers.filter((h) => !due.includes(h));
        for (const h of due) if (!h.conn.closed) h.send();
    }
}
