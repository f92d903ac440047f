// Judges how companions answer the stanzas the server keeps for them until answered (router.js). An <ack>
// counts only when it is what Baileys 7.0.0-rc14's buildAckStanza (Utils/stanza-ack.js, which follows WhatsApp
// Web's own ack code) builds for that stanza; whatsmeow's sendAck leaves out `type` on messages and `from`, and
// the issue (#15) chose Baileys 7. The function is imported from the library, not rewritten, so the referee
// cannot drift from it.
//
// A message a client decrypted is answered by its <receipt> alone: both references send no <ack> for it then
// (Baileys 7 handleMessage, whatsmeow decryptMessages), so the receipt is what clears it. An <ack> that still
// follows (Baileys 6.17 sends one) is judged like any other.
//
// A wrong ack is reported, not obeyed twice over: its stanza stays listed as unacked (GET …/unacked, with
// `ackMismatch`) but is not delivered again at the next login. The real server takes such acks (whatsmeow's,
// without `type` and `from`, work on it); delivering again would feed a client messages its ratchet has already
// used, which the real network never does.
import { buildAckStanza } from 'baileys';

const KEPT = 100; // per device and list: enough to see what a client does wrong, bounded for a long run
const JID_ATTRS = new Set(['to', 'from', 'participant', 'recipient']);

/**
 * A jid as a comparable key: "s.whatsapp.net" and "@s.whatsapp.net" (the server, written with or without the
 * empty user) are one, as are "c.us" and "s.whatsapp.net", and device 0 written or not; anything else as written.
 */
function jidKey(value) {
    const text = String(value);
    if (/^@?(s\.whatsapp\.net|c\.us)$/.test(text)) return '@s.whatsapp.net';
    const m = /^([0-9]+)(_[0-9]+)?(?::([0-9]+))?@(s\.whatsapp\.net|c\.us|lid)$/.exec(text);
    if (!m) return text;
    const device = m[3] && m[3] !== '0' ? `:${m[3]}` : '';
    return `${m[1]}${m[2] ?? ''}${device}@${m[4] === 'c.us' ? 's.whatsapp.net' : m[4]}`;
}

function sameAttrs(expected, got) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(got)]);
    for (const k of keys) {
        if (expected[k] === undefined || got[k] === undefined) return false;
        const same = JID_ATTRS.has(k) ? jidKey(expected[k]) === jidKey(got[k]) : String(expected[k]) === String(got[k]);
        if (!same) return false;
    }
    return true;
}

/** Every id a receipt names: the attribute, and the rest of a batch in <list><item id/></list>. */
function receiptIds(receipt) {
    const list = Array.isArray(receipt.content) ? receipt.content.find((c) => c?.tag === 'list') : undefined;
    const items = Array.isArray(list?.content) ? list.content.filter((c) => c?.tag === 'item').map((c) => c.attrs?.id) : [];
    return new Set([receipt.attrs?.id, ...items].filter(Boolean));
}

/** A bounded per-device list in a Map. */
function pushKept(map, jid, entry) {
    if (!map.has(jid)) map.set(jid, []);
    const list = map.get(jid);
    list.push(entry);
    if (list.length > KEPT) list.splice(0, list.length - KEPT);
}

export class AckReferee {
    constructor() {
        this.mismatches = new Map(); // device jid -> [{ id, tag, expected, got }], oldest first
        this.unmatched = new Map(); // device jid -> acks whose id named nothing the server sent it lately
        this.sent = new Map(); // device jid -> WeakMap(stanza -> ms of its last write), for GET …/unacked
        // Stanzas out of the delivery queue that a later ack may still name: { tag, attrs, sentAt }.
        this.wronglyAcked = new Map(); // device jid -> [...] still reported as unacked
        this.answeredByReceipt = new Map(); // device jid -> [...] answered; a late ack is judged all the same
    }

    /** Notes that a kept stanza was written to the device's connection (first send, or again after a login). */
    sentTo(jid, stanza) {
        if (!this.sent.has(jid)) this.sent.set(jid, new WeakMap());
        this.sent.get(jid).set(stanza, Date.now());
    }

    sentAt(jid, stanza) {
        return this.sent.get(jid)?.get(stanza) ?? null;
    }

    /**
     * An <ack> from companion `jid` against what is kept for it (`pending`, oldest first): the index of the
     * stanza it names, which leaves the delivery queue, or -1 when it names none kept (an id the server never
     * sent it, or long ago, is counted). Only an ack equal to Baileys 7's clears the stanza from the unacked list.
     * meId is `jid`: Baileys 7 passes creds.me.id, the phone-number device jid the companion was paired as, also
     * when the stanza came to its LID.
     */
    judge(jid, pending, ack) {
        const got = { ...(ack.attrs ?? {}) };
        // Several kept stanzas may share an id (our own phone's message, and the receipts its recipients send
        // for it): the ack names the one it is for by its class and `to` (that stanza's from). The closest match
        // anywhere wins, so an ack is never judged against a stanza it was not meant for.
        const sameId = (s) => got.id !== undefined && s.attrs.id === got.id;
        const sameClass = (s) => sameId(s) && s.tag === got.class;
        const exact = (s) => sameClass(s) && jidKey(s.attrs.from) === jidKey(got.to);
        for (const test of [exact, sameClass, sameId]) {
            const index = pending.findIndex(test);
            if (index >= 0) {
                const stanza = pending[index];
                if (!this.#counts(jid, stanza, got)) pushKept(this.wronglyAcked, jid, { tag: stanza.tag, attrs: stanza.attrs, sentAt: this.sentAt(jid, stanza) });
                return index;
            }
            for (const map of [this.wronglyAcked, this.answeredByReceipt]) {
                const earlier = map.get(jid) ?? [];
                const found = earlier.findIndex(test);
                if (found < 0) continue;
                if (this.#counts(jid, earlier[found], got)) earlier.splice(found, 1);
                return -1;
            }
        }
        this.unmatched.set(jid, (this.unmatched.get(jid) ?? 0) + 1);
        return -1;
    }

    /**
     * A <receipt> from companion `jid`: the indexes in `pending` of the messages it answers, which leave the
     * queue (a message answered earlier by a wrong ack leaves the unacked list too).
     */
    answers(jid, pending, receipt) {
        const ids = receiptIds(receipt);
        const wrong = this.wronglyAcked.get(jid);
        if (wrong) this.wronglyAcked.set(jid, wrong.filter((w) => !(w.tag === 'message' && ids.has(w.attrs.id))));
        const indexes = [];
        pending.forEach((s, i) => {
            if (s.tag !== 'message' || !ids.has(s.attrs.id)) return;
            indexes.push(i);
            pushKept(this.answeredByReceipt, jid, { tag: s.tag, attrs: s.attrs, sentAt: this.sentAt(jid, s) });
        });
        return indexes;
    }

    /** Whether `got` is the ack Baileys 7 builds for `stanza`; a mismatch is recorded. */
    #counts(jid, stanza, got) {
        const expected = { ...buildAckStanza(stanza, got.error, jid).attrs };
        if (sameAttrs(expected, got)) return true;
        pushKept(this.mismatches, jid, { id: got.id, tag: stanza.tag, expected, got });
        return false;
    }

    /** GET /devices/{jid}/unacked */
    report(jid, pending) {
        const entry = (s, sentAt, ackMismatch) => ({ tag: s.tag, id: s.attrs.id, type: s.attrs.type ?? null, from: s.attrs.from ?? null, sentAt, ackMismatch });
        return {
            unacked: [
                ...pending.map((s) => entry(s, this.sentAt(jid, s), false)),
                ...(this.wronglyAcked.get(jid) ?? []).map((w) => entry(w, w.sentAt, true)),
            ],
            mismatches: (this.mismatches.get(jid) ?? []).map((m) => ({ ...m, expected: { ...m.expected }, got: { ...m.got } })),
            unmatchedAcks: this.unmatched.get(jid) ?? 0,
        };
    }

    forget(jid) {
        for (const map of [this.mismatches, this.unmatched, this.sent, this.wronglyAcked, this.answeredByReceipt]) map.delete(jid);
    }
}
