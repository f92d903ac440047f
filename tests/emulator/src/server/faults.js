// Fault injection (POST /faults). Faults apply to one device's connections when a device jid is given,
// otherwise to every connection. dropNextFrames and garbage are consumed as they fire.
export class Faults {
    constructor() {
        this.global = { dropNextFrames: 0, delayMs: 0, garbage: false };
        this.byDevice = new Map();
        this.badCert = null;
    }

    /** Applies a POST /faults body; returns an error string or null. */
    apply(body) {
        const { device, dropNextFrames, delayMs, garbage, badCert } = body ?? {};
        if (badCert !== undefined && badCert !== null && badCert !== 'root' && badCert !== 'leaf' && badCert !== 'none' && badCert !== false) {
            return 'badCert must be "root", "leaf", "none" or false';
        }
        for (const [name, v] of [['dropNextFrames', dropNextFrames], ['delayMs', delayMs]]) {
            if (v !== undefined && !(Number.isInteger(v) && v >= 0 && v <= 600000)) return `${name} must be a non-negative integer`;
        }
        if (badCert !== undefined) this.badCert = badCert === 'root' || badCert === 'leaf' ? badCert : null;
        const target = device ? this.#deviceEntry(device) : this.global;
        if (dropNextFrames !== undefined) target.dropNextFrames = dropNextFrames;
        if (delayMs !== undefined) target.delayMs = delayMs;
        if (garbage !== undefined) target.garbage = Boolean(garbage);
        return null;
    }

    #deviceEntry(jid) {
        if (!this.byDevice.has(jid)) this.byDevice.set(jid, { dropNextFrames: 0, delayMs: 0, garbage: false });
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
}
