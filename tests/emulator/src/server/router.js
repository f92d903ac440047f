// The network: who gets which stanza. Implements the `network` object the phones use
// (/work/emulator-phone-interface.md) and the same routing for companions: message fan-out per <to>, server
// acks, receipt relay, and a queue per device that keeps message/receipt/notification/call stanzas until the
// device acks them as Baileys 7 does (ack-referee.js) — delivered in order when it logs in again, before
// <ib><offline count=N/>.
import { node, children, child, bytes, parseJid, deviceJid, unixNow, S_WHATSAPP_NET } from './nodes.js';
import { AckReferee } from './ack-referee.js';
import { AddressingReferee, SMAX_INVALID, envelope, formOf, isResend, refusal, accountUser } from './addressing.js';
import { PrivacyTokens } from './privacy-tokens.js';
import { routeCall } from './calls.js';

// What a client must ack: Baileys 7 and whatsmeow (call.go) ack <call> too.
const TRACKED = new Set(['message', 'receipt', 'notification', 'call']);
const LOW_PREKEYS = 5; // Baileys's MIN_PREKEY_COUNT: below this it uploads more
const TOKEN_REQUIRED = '463'; // Baileys 7 SERVER_ERROR_CODES.MessageAccountRestriction

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
        this.addressing = new AddressingReferee(); // GET /devices/{jid}/addressing
        this.tokens = new PrivacyTokens(); // who issued which privacy token to whom (463)
        this.refusals = []; // the last 100 messages answered with an <ack error> (479, 463)
        this.phoneChains = new Map(); // phone -> promise, so a phone sees its stanzas in order
        this.notificationCount = 0;
        this.ackListeners = new Set(); // (deviceJid, id) for every <ack> a device sends, and each kept message its receipt answers (bursts wait on them)
        this.routeListeners = new Set(); // ({ id, from, to, count }) for every copy of a <message> handed to a device (traffic.js)
        this.network = {
            devicesOf: (jid) => this.devicesOf(jid),
            // A peer's user jid in the form the phone addresses it ('lid' | 'pn'); its phone-number device jid for
            // Signal sessions, which a phone keeps one per peer device whatever form a message used.
            userOf: (jid, form) => this.userOf(jid, form),
            pnDevice: (jid) => this.registry.pnDevice(jid),
            takeBundle: (jid) => this.takeBundle(jid),
            routeFromDevice: (from, stanza) => this.routeFromDevice(from, stanza),
            sendFromDevice: (from, stanza) => this.sendFromDevice(from, stanza),
            routeCall: (from, stanza) => routeCall(this, from, stanza),
        };
    }

    /** The device jids of a user, in the form it was named by (a LID user jid gives LID device jids). */
    devicesOf(userJid) {
        return this.registry.accountOf(userJid)?.deviceJids(formOf(userJid) ?? undefined) ?? [];
    }

    /** `jid`'s account as a user jid in `form` ('lid' or 'pn'), or null for an unknown account. */
    userOf(jid, form) {
        const account = this.registry.accountOf(jid);
        return account ? accountUser(account, form === 'lid' ? 'lid' : 's.whatsapp.net') : null;
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
     * the `to` device) gets its own <message from t notify><enc/></message> in the form the sender addressed
     * (addressing.js: from, sender_pn | sender_lid; recipient and peer_recipient_* on the sender's own devices).
     * A companion's message is first judged: 479 for malformed addressing, 463 for a missing privacy token, each
     * an <ack error> that delivers nothing; its addressing is also reported against whatsmeow's rule. The sender
     * gets <ack class="message">.
     */
    async routeFromDevice(fromJid, msg) {
        const sender = this.registry.device(fromJid);
        if (!sender) throw new Error(`unknown sending device ${fromJid}`);
        const { id, to, type = 'text', category } = msg.attrs ?? {};
        const targets = [];
        for (const t of children(child(msg, 'participants'), 'to')) targets.push({ jid: t.attrs.jid, encs: children(t, 'enc') });
        const direct = children(msg, 'enc');
        if (direct.length && to) targets.push({ jid: to, encs: direct });
        const t = unixNow();
        const ack = (error) => this.#toDevice(fromJid, node('ack', { class: 'message', id, from: to, t, error }));
        const refused = this.#judge(sender, msg, targets.filter((x) => x.encs.length));
        if (refused) {
            this.log?.(`${fromJid}: message ${id} refused with ${refused.error}: ${refused.reason}`);
            this.refusals.push({ device: fromJid, id, to, ...refused, at: Date.now() });
            if (this.refusals.length > 100) this.refusals.shift();
            return ack(refused.error);
        }
        const identity = child(msg, 'device-identity');
        const chatAccount = this.registry.accountOf(to);
        const form = formOf(to) ?? 's.whatsapp.net';
        const from = { account: sender.account, device: sender.companion?.device ?? 0 };
        for (const target of targets) {
            const found = this.registry.device(target.jid);
            if (!found || !target.encs.length) continue;
            if (found.account === sender.account && found.companion === sender.companion) continue; // its own device
            const routing = envelope({ sender: from, form, receiver: found.account, chat: { account: chatAccount, jid: to } });
            const attrs = { ...routing, id, type, t, notify: sender.account.name, category };
            const content = target.encs.map((e) => node('enc', e.attrs, e.content));
            if (identity && target.encs.some((e) => e.attrs?.type === 'pkmsg')) content.push(node('device-identity', {}, identity.content));
            this.deliver(target.jid, node('message', attrs, content));
            const count = Number(target.encs[0].attrs?.count ?? 0);
            for (const listener of this.routeListeners) listener({ id, from: fromJid, to: target.jid, count });
        }
        ack();
    }

    /**
     * A companion's message before it is routed: the addressing referee's report, then the refusals the real
     * server answers with an <ack error>. The simulated phones address by the registry and are not judged.
     * -> null, or { error: '479' | '463', reason }.
     */
    #judge(sender, msg, targets) {
        if (!sender.companion || sender.companion.simulated) return null;
        const { to, category } = msg.attrs ?? {};
        const oneToOne = Boolean(parseJid(to));
        const context = { registry: this.registry, sender, msg, targets };
        if (oneToOne && category !== 'peer' && !isResend(msg)) this.addressing.judge(sender.companion.jid, context);
        const invalid = refusal(context);
        if (invalid) return { error: SMAX_INVALID, reason: invalid };
        const recipient = this.registry.accountOf(to);
        if (oneToOne && category !== 'peer' && recipient && recipient !== sender.account && recipient.requireToken
            && !this.tokens.valid(recipient, sender.account, bytes(child(msg, 'tctoken')))) {
            return { error: TOKEN_REQUIRED, reason: `${recipient.jid} requires a privacy token it issued to ${sender.account.jid}` };
        }
        return null;
    }

    /** A <receipt> or <ack> (or a peer <message>, or a phone's media-retry answer) sent by a device. */
    async sendFromDevice(fromJid, stanza) {
        if (stanza.tag === 'ack') return this.ackFrom(fromJid, stanza);
        if (stanza.tag === 'receipt') return this.receiptFrom(fromJid, stanza);
        if (stanza.tag === 'message') return this.routeFromDevice(fromJid, stanza);
        if (stanza.tag === 'notification') return this.mediaRetryFrom(fromJid, stanza);
        throw new Error(`cannot route <${stanza.tag}>`);
    }

    /**
     * A phone's answer to a media retry its own companion asked for (src/phone/media.js): handed to that companion
     * as <notification from="<phone>@s.whatsapp.net" type="mediaretry" id t>…</notification>, kept until it acks
     * it (Baileys 7 and whatsmeow ack every notification). Only a primary phone answers, and only its own devices
     * (the receipt went to the asker's own account, as both references address it).
     */
    mediaRetryFrom(fromJid, stanza) {
        const { to, type, id } = stanza.attrs ?? {};
        const sender = this.registry.device(fromJid);
        const target = this.registry.device(to);
        if (type !== 'mediaretry' || !id || !sender || sender.companion || !target?.companion || target.account !== sender.account) {
            throw new Error(`${fromJid} may not send <notification type="${type}"> to ${to}`);
        }
        this.deliver(target.companion.jid, node('notification', { from: sender.account.jid, type, id, t: unixNow() }, stanza.content));
    }

    /**
     * Relays a receipt to the device(s) it names: a jid with a device number goes to that device; a bare jid
     * of another account goes to all its devices; a bare jid of the sender's own account to its phone. It comes
     * from the receipt's sender in the form of its `to`, with the alternate address as on messages
     * (addressing.js). The receipt is acked back to its sender, and answers the kept messages it names.
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
            const from = { account: sender.account, device: sender.companion?.device ?? 0 };
            const chat = recipient ? { account: this.registry.accountOf(recipient), jid: recipient } : null;
            const routing = envelope({ sender: from, form: parsed.server, receiver: target, chat });
            const attrs = { ...routing, id, t: receipt.attrs.t ?? unixNow(), type: type === 'inactive' ? undefined : type, recipient, participant };
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
