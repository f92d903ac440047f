// Login failures on request (POST /faults "ban" and "loginFailure"): the next login, of one device or of any,
// is answered with the <failure/> the real server sends instead of <success/>. Shapes and meanings follow
// whatsmeow (connectionevents.go handleConnectFailure, types/events ConnectFailureReason and TempBanReason);
// Baileys 7 only reports the reason as the close's status code and keeps the attributes as its data.
import { parseJid, deviceJid } from './nodes.js';

// 401 logged out, 403 main device gone (WA Web: locked), 405 client outdated, 406 unknown logout (WA Web:
// banned), 409 bad user agent, 500 internal error, 501 "experimental", 503 service unavailable. 402 has its own
// fault ("ban") because it carries a ban reason and a duration.
export const LOGIN_FAILURE_REASONS = [401, 403, 405, 406, 409, 500, 501, 503];
// whatsmeow's TempBanReason: 101 too many messages to non-contacts, 102 blocked by many, 103 too many groups
// with non-contacts, 104 same message to too many, 106 broadcast list; the issue adds 105, unnamed.
export const BAN_CODES = [101, 102, 103, 104, 105, 106];
const MAX_BAN_SECONDS = 10 * 365 * 24 * 3600;

/** A companion's jid as a login names it ("5511…:3@s.whatsapp.net"); null when `jid` is not one. */
function loginJidOf(jid) {
    const p = parseJid(jid);
    return p && p.server === 's.whatsapp.net' && p.device > 0 ? deviceJid(p.user, p.device) : null;
}

export class LoginFailures {
    constructor() {
        this.armed = []; // { kind, device, attrs }, in the order they were asked for; each fires once
    }

    /**
     * Checks the "ban" and "loginFailure" values of a POST /faults body (`device`: the body's top-level one);
     * returns a function that arms them, or throws through `bad(message)` and arms nothing.
     */
    prepare({ ban, loginFailure, device }, bad) {
        const steps = [];
        const scope = (value, name) => {
            const inner = value.device;
            if (inner !== undefined && device !== undefined && device !== null && inner !== device) {
                throw bad(`${name}.device and device name different devices`);
            }
            const given = inner ?? device ?? null;
            if (given === null) return null;
            const jid = typeof given === 'string' ? loginJidOf(given) : null;
            if (!jid) throw bad(`${name}.device must be a companion's device jid like 5511900000001:1@s.whatsapp.net`);
            return jid;
        };
        const onlyKeys = (value, name, keys) => {
            const extra = Object.keys(value).filter((k) => !keys.includes(k));
            if (extra.length) throw bad(`${name} takes ${keys.map((k) => `"${k}"`).join(', ')}; not ${extra.map((k) => `"${k}"`).join(', ')}`);
        };
        const isObject = (v) => v && typeof v === 'object' && !Array.isArray(v);
        if (ban === null) steps.push(() => this.#clear('ban'));
        else if (ban !== undefined) {
            if (!isObject(ban)) throw bad('ban must be {"seconds":N,"code":101..106} (optionally "device"), or null to clear');
            onlyKeys(ban, 'ban', ['seconds', 'code', 'device']);
            if (!(Number.isInteger(ban.seconds) && ban.seconds >= 0 && ban.seconds <= MAX_BAN_SECONDS)) throw bad(`ban.seconds must be an integer from 0 to ${MAX_BAN_SECONDS}`);
            if (!BAN_CODES.includes(ban.code)) throw bad(`ban.code must be one of ${BAN_CODES.join(', ')}`);
            const jid = scope(ban, 'ban');
            steps.push(() => this.armed.push({ kind: 'ban', device: jid, attrs: { reason: '402', code: String(ban.code), expire: String(ban.seconds) } }));
        }
        if (loginFailure === null) steps.push(() => this.#clear('loginFailure'));
        else if (loginFailure !== undefined) {
            if (!isObject(loginFailure)) throw bad(`loginFailure must be {"reason":R} with R one of ${LOGIN_FAILURE_REASONS.join(', ')} (optionally "device"), or null to clear`);
            onlyKeys(loginFailure, 'loginFailure', ['reason', 'device']);
            if (!LOGIN_FAILURE_REASONS.includes(loginFailure.reason)) throw bad(`loginFailure.reason must be one of ${LOGIN_FAILURE_REASONS.join(', ')} (402 is "ban")`);
            const jid = scope(loginFailure, 'loginFailure');
            steps.push(() => this.armed.push({ kind: 'loginFailure', device: jid, attrs: { reason: String(loginFailure.reason) } }));
        }
        return () => steps.forEach((s) => s());
    }

    #clear(kind) {
        this.armed = this.armed.filter((a) => a.kind !== kind);
    }

    /** The first armed failure for a login of `jid` (or of any device): { kind, attrs }, consumed; or null. */
    take(jid) {
        const i = this.armed.findIndex((a) => a.device === null || a.device === jid);
        if (i < 0) return null;
        const [taken] = this.armed.splice(i, 1);
        return taken;
    }

    report() {
        return this.armed.map(({ kind, device, attrs }) => ({ kind, device, ...attrs }));
    }
}
