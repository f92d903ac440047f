// The retry receipts one simulated device (a phone or a customer's extra device) sends for messages it could not
// decrypt (docs/protocol.md §11.5), the bound after which it stops asking, faults that make it fail on purpose
// (POST /phones/{p}/fail-decrypt) and the log the control API shows (GET /phones/{p}/retries).
//
// Shape and bound follow whatsmeow's sendRetryReceipt (retry.go): the receipt copies id, from (as `to`),
// recipient and participant from the message, carries <retry count id t v="1"/> and <registration>, and from
// count 2 on a <keys> bundle; once a message's counter reaches 5 no receipt goes out, so at most 4 are sent.
// Baileys 7 (Socket/messages-recv.js sendRetryRequest) differs: it sends a fifth and adds error="0" to <retry>.
// Where the two differ the issue says to follow whatsmeow.
import { retryReceipt } from './stanzas.js';

// whatsmeow: `if retryCount >= 5 { "Not sending any more retry receipts" }`.
export const RETRY_BOUND = 5;
// Messages whose counters are kept; older ones are forgotten as a real client's cache forgets them.
const KEEP_COUNTS = 2000;

export class RetryRequests {
    #owner; // the asking device's jid, for the log
    #registrationId; // () -> the device's registration id now (a reinstall changes it)
    #keys; // () -> { bundle, deviceIdentity } for <keys>, one fresh one-time prekey each call
    #send; // (receipt) -> Promise
    #counts = new Map(); // 'id sender' -> retry receipts counted for that message copy's sender
    #forced = new Map(); // sender device jid -> { left }: copies still to be treated as undecryptable
    #unbounded = new Set(); // senders this device keeps asking past the bound (a misbehaving client)
    log = []; // [{ id, from, device, count, withKeys, outcome: 'asked'|'decrypted'|'gave-up', at }]

    constructor({ owner, registrationId, keys, send }) {
        this.#owner = owner;
        this.#registrationId = registrationId;
        this.#keys = keys;
        this.#send = send;
    }

    // The next `times` copies from any of `senders` (one device under its phone-number and LID addresses) are
    // treated as undecryptable: a message, then its resends, as long as the count lasts.
    // With `keepAsking` the device ignores its own bound for them, as a buggy or old client might: how a test
    // sees that the sender, not the asker, puts an end to the resends.
    failNext(senders, times, { keepAsking = false } = {}) {
        const counter = { left: times };
        for (const jid of senders) {
            this.#forced.set(jid, counter);
            if (keepAsking) this.#unbounded.add(jid);
            else this.#unbounded.delete(jid);
        }
    }

    // True (and one use gone) when this copy from `sender` is to fail on purpose.
    takeForcedFailure(sender) {
        const counter = this.#forced.get(sender);
        if (!counter || counter.left <= 0) return false;
        counter.left -= 1;
        return true;
    }

    // A copy of message `node` did not decrypt: ask its sender device for it again, unless the bound is reached.
    async ask(node) {
        const { id, from, t, recipient, participant } = node.attrs ?? {};
        if (!id || !from) return;
        const key = `${id} ${from}`;
        const count = (this.#counts.get(key) ?? 0) + 1;
        this.#counts.set(key, count);
        if (this.#counts.size > KEEP_COUNTS) this.#counts.delete(this.#counts.keys().next().value);
        if (count >= RETRY_BOUND && !this.#unbounded.has(from)) {
            if (count === RETRY_BOUND) this.#note(id, from, count, false, 'gave-up');
            return;
        }
        const keys = count > 1 ? this.#keys() : null;
        this.#note(id, from, count, Boolean(keys), 'asked');
        await this.#send(retryReceipt({ id, to: from, recipient, participant, t, count, registrationId: this.#registrationId(), keys }));
    }

    // A copy of `id` from `sender` decrypted: the retry that brought it worked.
    decrypted(id, sender) {
        const last = this.log.findLast((entry) => entry.id === id && entry.from === sender);
        if (last?.outcome === 'asked') last.outcome = 'decrypted';
    }

    // A reinstalled app starts with no counters (its message database is new).
    reset() {
        this.#counts.clear();
    }

    #note(id, from, count, withKeys, outcome) {
        this.log.push({ id, from, device: this.#owner, count, withKeys, outcome, at: Date.now() });
    }
}
