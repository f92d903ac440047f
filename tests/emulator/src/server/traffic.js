// What the network saw go by, kept for the phones' abilities and for tests:
// - peers: which accounts have exchanged a 1:1 message (either way) since the emulator started. A customer's
//   device-list change or reinstall is announced to their companions, as the real server tells those who have
//   sessions with the account; "exchanged a message through the server" is the emulator's stand-in for that.
//   Not saved with --state: after a restart the set starts empty.
// - deliveries: every copy of a <message> handed to a device, per message id (GET /messages/{id}/deliveries),
//   so a test can see that a retry was answered to the asking device only.
const KEEP_IDS = 10000;

export class Traffic {
    #peers = new Map(); // Account -> Set<Account>
    #deliveries = new Map(); // message id -> [{ to, count, at }]

    constructor({ router, registry }) {
        this.registry = registry;
        router.routeListeners.add((copy) => this.#onCopy(copy));
    }

    /** The accounts `account` has exchanged messages with. */
    peersOf(account) {
        return [...(this.#peers.get(account) ?? [])];
    }

    /** [{ to, count, at }] in the order the copies went out; count is the <enc count> of a resend, else 0. */
    deliveriesOf(id) {
        return (this.#deliveries.get(id) ?? []).map((d) => ({ ...d }));
    }

    #onCopy({ id, from, to, count }) {
        const a = this.registry.accountOf(from);
        const b = this.registry.accountOf(to);
        if (a && b && a !== b) {
            this.#note(a, b);
            this.#note(b, a);
        }
        if (!id) return;
        if (!this.#deliveries.has(id)) {
            this.#deliveries.set(id, []);
            if (this.#deliveries.size > KEEP_IDS) this.#deliveries.delete(this.#deliveries.keys().next().value);
        }
        this.#deliveries.get(id).push({ to, count, at: Date.now() });
    }

    #note(a, b) {
        if (!this.#peers.has(a)) this.#peers.set(a, new Set());
        this.#peers.get(a).add(b);
    }
}
