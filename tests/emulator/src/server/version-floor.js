// The oldest WhatsApp Web version the server lets in (docs/protocol.md §18): a login or a registration whose
// ClientPayload announces an older userAgent.appVersion, or none, is refused with <failure reason="405"/> as the
// real server refuses an expired web client ("client outdated"; whatsmeow ConnectFailureClientOutdated).
import { MIN_WA_VERSION } from '../wa-web-version.js';
import { HttpError } from './errors.js';

const REFUSED_KEPT = 100; // enough for a test to read what it caused, bounded for a long-running demo
const UINT32_MAX = 0xffffffff;

/** "2.3000.1043565534" or [2, 3000, 1043565534] -> [2, 3000, 1043565534]; null when it is neither. */
export function parseWaVersion(value) {
    let parts;
    if (Array.isArray(value)) parts = value;
    else if (typeof value === 'string' && /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/.test(value)) parts = value.split('.').map(Number);
    else return null;
    if (parts.length !== 3 || !parts.every((p) => Number.isInteger(p) && p >= 0 && p <= UINT32_MAX)) return null;
    return parts;
}

const formatVersion = (v) => v.join('.');

function compare(a, b) {
    for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
}

export class VersionFloor {
    /** min: a version as parseWaVersion takes it; the pinned MIN_WA_VERSION when not given. */
    constructor(min = MIN_WA_VERSION) {
        const parsed = parseWaVersion(min);
        if (!parsed) throw new Error(`bad minimum WhatsApp Web version "${min}": expected 2.3000.N`);
        this.min = parsed;
        this.refused = []; // { version, kind, jid?, at }, oldest first
    }

    /** PUT /version-floor */
    set(body) {
        const keys = Object.keys(body ?? {});
        const extra = keys.filter((k) => k !== 'min');
        if (extra.length) throw new HttpError(400, 'bad-version-floor', `unknown key${extra.length > 1 ? 's' : ''} ${extra.map((k) => `"${k}"`).join(', ')}; the body is {"min":"2.3000.N"}`);
        const parsed = typeof body.min === 'string' ? parseWaVersion(body.min) : null;
        if (!parsed) throw new HttpError(400, 'bad-version-floor', `min must be a version string like "2.3000.1043565534" (three integers 0..${UINT32_MAX}, no leading zeros); got ${JSON.stringify(body.min)}`);
        this.min = parsed;
    }

    /** GET /version-floor */
    report() {
        return { min: formatVersion(this.min), refused: this.refused.map((r) => ({ ...r })) };
    }

    /**
     * Whether a ClientPayload may go on. kind: 'login' | 'registration'; jid: the device logging in.
     * A refusal is remembered (GET /version-floor); the caller sends the failure.
     */
    admits(payload, kind, jid) {
        const announced = payload.userAgent?.appVersion;
        const version = announced ? [announced.primary ?? 0, announced.secondary ?? 0, announced.tertiary ?? 0].map(Number) : null;
        if (version && compare(version, this.min) >= 0) return true;
        const record = { version: version ? formatVersion(version) : null, kind };
        if (kind === 'login') record.jid = jid;
        record.at = Date.now();
        this.refused.push(record);
        if (this.refused.length > REFUSED_KEPT) this.refused.splice(0, this.refused.length - REFUSED_KEPT);
        return false;
    }
}
