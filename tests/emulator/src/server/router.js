// The network: who gets which stanza. Implements the `network` object the phones use
// (/work/emulator-phone-interface.md) and the same routing for companions: message fan-out per <to>, server
// acks, receipt relay, and a queue per device that keeps message/receipt/notification/call stanzas until the
// device acks them as Baileys 7 does (ack-referee.js) — delivered in order when it logs in again, before
// <ib><offline count=N/>.
import { node, children, child, parseJid, deviceJid, unixNow, S_WHATSAPP_NET } from './nodes.js';
import { AckReferee } from './ack-referee.js';
import { routeCall } from './calls.js';

// What a client must ack: Baileys 7 and whatsmeow (call.go) ack <call> too.
const TRACKED = new Set(['message', 'receipt', 'notification', 'call']);
const LOW_PREKEYS = 5; // Baileys's MIN_PREKEY_COUNT: below this it uploads more

export class Router {
    /** registry: Registry; sessionOf(jid) -> active Session or null; log(msg). */
    constructor({ registry, sessionOf, log, onPhoneMessage, onChange = () => {} }) {
        this.registry = registry;
        this.sessionOf = sessionOf;
        this.log = log;
        this.onPhoneMessage = onPhoneMessage; // (account, stanza) after a phone has handled a message (demo)
        this.onChange = onChange; // something worth saving changed (--state)
        this.pending = new Map(); // device jid -> [stanza] not yet acked
        this.acks = new AckReferee();
        this.phoneChains = new Map(); // phone -> promise, so a phone sees its stanzas in order
        this.notificationCount = 0;
        this.ackListeners = new Set(); // (deviceJid, id) for every <ack> a device sends, and each kept message its receipt answers (bursts wait on them)
        this.routeListeners = new Set(); // ({ id, from, to, count }) for every copy of a <message> handed to a device (traffic.js)
        this.network = {
            devicesOf: (jid) => this.devicesOf(jid),
            takeBundle: (jid) => this.takeBundle(jid),
            routeFromDevice: (from, stanza) => this.routeFromDevice(from, stanza),
            sendFromDevice: (from, stanza) => this.sendFromDevice(from, stanza),
            routeCall: (from, stanza) => routeCall(this, from, stanza),
        };
    }

    devicesOf(userJid) {
        return this.registry.accountOf(userJid)?.deviceJids() ?? [];
    }

    /** A device's prekey bundle for a peer; consumes one one-time prekey. null for an unknown device. */
    takeBundle(jid) {
        const found = this.registry.device(jid);
        if (!found) return null;
        this.onChange();
        if (!found.companion) return found.account.phoneDevice.takeBundle();
        const c = found.companion;
        const bundle = { registrationId: c.registrationId, identityKey: c.identityPub, signedPreKey: c.signedPreKey };
        const preKey = c.preKeys.shift();
        if (preKey) bundle.preKey = preKey;
        if (c.preKeys.length < LOW_PREKEYS && !c.refillAsked) {
            // as the real server does: tell the device its one-time prekeys run low, so it uploads more
            c.refillAsked = true;
            this.deliver(jid, node('notification', { from: S_WHATSAPP_NET, type: 'encrypt', id: `emu-prekeys-${++this.notificationCount}`, t: unixNow() }, [
                node('count', { value: String(c.preKeys.length) }),
            ]));
        }
        return bundle;
    }

    pendingCount(jid) {
        return this.pending.get(jid)?.length ?? 0;
    }

    /** Hands a stanza to a device: the phone object for device 0, the connection (or queue) for a companion. */
    deliver(addressed, stanza) {
        const found = this.registry.device(addressed);
        if (!found) return false;
        this.onChange();
        const jid = found.companion ? found.companion.jid : found.account.jid; // a LID address reaches the same device
        if (!found.companion) {
            const phone = found.account.phoneDevice;
            const previous = this.phoneChains.get(phone) ?? Promise.resolve();
            const next = previous
                .then(() => phone.onStanza(stanza))
                .then(() => {
                    this.onChange(); // the phone's sessions moved on
                    if (stanza.tag === 'message') this.onPhoneMessage?.(found.account, stanza);
                })
                .catch((err) => this.log?.(`phone ${found.account.phone}: ${err.message}`));
            this.phoneChains.set(phone, next);
            return true;
        }
        if (TRACKED.has(stanza.tag) && stanza.attrs.id) {
            if (!this.pending.has(jid)) this.pending.set(jid, []);
            this.pending.get(jid).push(stanza);
        }
        const session = this.sessionOf(jid);
        if (session?.active) this.sendKept(session, stanza);
        return true;
    }

    /** Writes a stanza to a logged-in companion, noting when a kept one went out (GET …/unacked). */
    sendKept(session, stanza) {
        if (TRACKED.has(stanza.tag) && stanza.attrs.id) this.acks.sentTo(session.jid, stanza);
        return session.send(stanza);
    }

    /** GET /devices/{jid}/unacked: what waits for the companion's ack, and the acks that did not count. */
    unacked(jid) {
        return this.acks.report(jid, this.pending.get(jid) ?? []);
    }

    /** Everything still waiting for a device (in order), for its login. */
    queued(jid) {
        return [...(this.pending.get(jid) ?? [])];
    }

    dropQueue(jid) {
        this.pending.delete(jid);
        this.acks.forget(jid);
    }

    /** A client's <ack>: the stanza it names is not delivered again; the referee judges whether the ack counts. */
    ackFrom(fromJid, ack) {
        for (const listener of this.ackListeners) listener(fromJid, ack.attrs?.id);
        const list = this.pending.get(fromJid) ?? [];
        const i = this.acks.judge(fromJid, list, ack);
        if (i < 0) return;
        this.onChange();
        list.splice(i, 1);
    }

    /**
     * Fans a <message> out as sent by device `fromJid`: every <to jid> of <participants> (or a direct <enc> for
     * the `to` device) gets its own <message from t notify><enc/></message>; the sender's own other devices get
     * recipient=<chat>. The sender gets <ack class="message">.
     */
    async routeFromDevice(fromJid, msg) {
        const sender = this.registry.device(fromJid);
        if (!sender) throw new Error(`unknown sending device ${fromJid}`);
        const { id, to, type = 'text', category } = msg.attrs ?? {};
        const targets = [];
        for (const t of children(child(msg, 'participants'), 'to')) targets.push({ jid: t.attrs.jid, encs: children(t, 'enc') });
        const direct = children(msg, 'enc');
        if (direct.length && to) targets.push({ jid: to, encs: direct });
        const identity = child(msg, 'device-identity');
        const chat = parseJid(to);
        const t = unixNow();
        for (const target of targets) {
            const found = this.registry.device(target.jid);
            if (!found || target.jid === fromJid || !target.encs.length) continue;
            // a device addressed by its LID hears from the sender's LID, as the real server does in LID mode
            const from = parseJid(target.jid)?.server === 'lid' ? this.#lidOf(sender) : fromJid;
            const attrs = { from, id, type, t, notify: sender.account.name, category };
            if (found.account === sender.account && chat && chat.user !== sender.account.phone) attrs.recipient = deviceJid(chat.user, 0);
            const content = target.encs.map((e) => node('enc', e.attrs, e.content));
            if (identity && target.encs.some((e) => e.attrs?.type === 'pkmsg')) content.push(node('device-identity', {}, identity.content));
            this.deliver(target.jid, node('message', attrs, content));
            const count = Number(target.encs[0].attrs?.count ?? 0);
            for (const listener of this.routeListeners) listener({ id, from: fromJid, to: target.jid, count });
        }
        this.#toDevice(fromJid, node('ack', { class: 'message', id, from: to, t }));
    }

    /** A <receipt> or <ack> (or a peer <message>) sent by a device. */
    async sendFromDevice(fromJid, stanza) {
        if (stanza.tag === 'ack') return this.ackFrom(fromJid, stanza);
        if (stanza.tag === 'receipt') return this.receiptFrom(fromJid, stanza);
        if (stanza.tag === 'message') return this.routeFromDevice(fromJid, stanza);
        throw new Error(`cannot route <${stanza.tag}>`);
    }

    /**
     * Relays a receipt to the device(s) it names: a jid with a device number goes to that device; a bare jid
     * of another account goes to all its devices; a bare jid of the sender's own account to its phone.
     * The receipt is acked back to its sender, and answers the kept messages it names.
     */
    receiptFrom(fromJid, receipt) {
        this.#answeredByReceipt(fromJid, receipt);
        const sender = this.registry.device(fromJid);
        const { id, to, type, recipient, participant } = receipt.attrs ?? {};
        const target = this.registry.accountOf(to);
        const parsed = parseJid(to);
        if (sender && target && parsed) {
            let jids;
            if (parsed.device !== 0) jids = [deviceJid(target.phone, parsed.device)];
            else if (target === sender.account) jids = [target.jid];
            else jids = target.deviceJids();
            const attrs = { from: fromJid, id, t: receipt.attrs.t ?? unixNow(), type: type === 'inactive' ? undefined : type, recipient, participant };
            const content = Array.isArray(receipt.content) ? receipt.content : undefined;
            for (const jid of jids) if (jid !== fromJid) this.deliver(jid, node('receipt', attrs, content));
        }
        this.#toDevice(fromJid, node('ack', { class: 'receipt', id, from: to, type }));
    }

    #answeredByReceipt(fromJid, receipt) {
        const list = this.pending.get(fromJid);
        if (!list?.length) return;
        const answered = this.acks.answers(fromJid, list, receipt);
        if (!answered.length) return;
        const ids = answered.map((i) => list[i].attrs.id);
        for (const i of answered.reverse()) list.splice(i, 1);
        this.onChange();
        // A burst (control API) waits until each of its messages is answered, by an ack or by this receipt.
        for (const id of ids) for (const listener of this.ackListeners) listener(fromJid, id);
    }

    #lidOf({ account, companion }) {
        return companion ? companion.lid : deviceJid(account.lidUser, 0, 'lid');
    }

    /** Untracked server stanzas (acks) to one device, only if it is there to get them. */
    #toDevice(jid, stanza) {
        const found = this.registry.device(jid);
        if (!found) return;
        if (!found.companion) {
            this.deliver(jid, stanza);
            return;
        }
        const session = this.sessionOf(jid);
        if (session?.active) session.send(stanza);
    }
}
