// Trusted-contact privacy tokens as the server keeps them (docs/protocol.md §18): which account issued which token
// to which other account, and whether a 1:1 message to an account that requires tokens carries a valid one.
// An account requires them when a test says so (POST /phones {"requireToken":true}, PUT
// /phones/{p}/require-token): the real server does it for restricted accounts and new contacts. A message from a
// companion of another account then needs <tctoken> holding a token that account issued to the sender's account,
// not expired, else its sender gets <ack error="463"> and nothing is delivered.
//
// Expiry is whatsmeow's (tctoken.go isTCTokenExpired, the same as Baileys 7's isTcTokenExpired): time runs in 7-day
// buckets and a token is good while its timestamp is not older than the start of the bucket three before the
// current one (a rolling window of about 28 days).
import { randomBytes } from 'node:crypto';

const BUCKET_SECONDS = 604800;
const BUCKETS = 4;
const TOKEN_BYTES = 32; // opaque to clients: both references store what comes
const KEEP_ISSUED = 1000;

export function tokenCutoff(nowSeconds = Math.floor(Date.now() / 1000)) {
    return (Math.floor(nowSeconds / BUCKET_SECONDS) - (BUCKETS - 1)) * BUCKET_SECONDS;
}

export function isTokenExpired(t, nowSeconds) {
    const ts = Number(t);
    return !Number.isFinite(ts) || ts <= 0 || ts < tokenCutoff(nowSeconds);
}

export class PrivacyTokens {
    #issued = []; // { issuer: Account, holder: Account, token: Buffer, t, by: device jid, at: ms }

    /** `issuer` gives `holder` a fresh token (its phone, or one of its companions by device jid `by`). */
    issue(issuer, holder, { t = Math.floor(Date.now() / 1000), by = issuer.jid } = {}) {
        const token = randomBytes(TOKEN_BYTES);
        this.#issued.push({ issuer, holder, token, t: Number(t), by, at: Date.now() });
        if (this.#issued.length > KEEP_ISSUED) this.#issued.shift();
        return { token, t: Number(t) };
    }

    /** Whether `bytes` is a token `issuer` gave `holder` that has not expired. */
    valid(issuer, holder, bytes) {
        if (!bytes?.length) return false;
        const given = Buffer.from(bytes);
        return this.#issued.some((i) => i.issuer === issuer && i.holder === holder && i.token.equals(given) && !isTokenExpired(i.t));
    }

    /** GET /phones/{p}/issued-tokens: what `issuer` issued, oldest first. */
    issuedBy(issuer) {
        return this.#issued.filter((i) => i.issuer === issuer).map((i) => ({
            to: i.holder.jid,
            toLid: `${i.holder.lidUser}@lid`,
            by: i.by,
            t: i.t,
            token: i.token.toString('base64'),
            expired: isTokenExpired(i.t),
        }));
    }
}
