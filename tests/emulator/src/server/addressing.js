// How the server addresses 1:1 stanzas now that every account has a LID (docs/protocol.md §18), in three parts:
//
// 1. Envelopes. A <message> (or <receipt>) reaches the other account in the form its sender addressed it:
//      to a PN jid  -> from="<senderPN>[:dev]@s.whatsapp.net" sender_lid="<senderLid>@lid"
//      to a LID jid -> from="<senderLid>[:dev]@lid"            sender_pn="<senderPN>@s.whatsapp.net"
//    The alternate address is a user jid without device: whatsmeow's parseMessageSource copies the sender's device
//    onto an alt that has none, and Baileys 7's extractAddressingContext reads it "without device data". The
//    sender's own other devices get recipient="<chat as addressed>" and the chat's other form in
//    peer_recipient_lid (PN chat) or peer_recipient_pn (LID chat), which is what both read on their own copies;
//    no sender_* there (Baileys 7 would prefer sender_pn over peer_recipient_pn). No addressing_mode on 1:1
//    stanzas: whatsmeow sets it for groups only and Baileys 7 infers it from `from`.
//
// 2. Refusals (ack error="479", "smax-invalid"): a participant that is no current device of the recipient's or
//    the sender's own account (a stale device list), a recipient device in the other form than `to`, and a
//    <tctoken> on a peer message. Own devices in the other form are only reported (3.), not refused: we do not
//    know that the real server refuses them.
//
// 3. The referee (GET /devices/{jid}/addressing): whether each ordinary 1:1 message a companion sends follows
//    whatsmeow's send.go (SendMessage, sendDM, prepareMessageNode, encryptMessageForDevices): `to` is the
//    contact's LID user jid (a PN destination is rewritten through the LID store or usync), peer_recipient_pn
//    names the contact's phone number, every <participants><to jid> is a LID device jid (the contact's devices
//    and our own, since whatsmeow asks usync for [to, ownLID]), and no addressing_mode. Peer messages and retry
//    resends (an <enc count>, sent back to the device that asked, in the form it asked from) are not judged.
import { parseJid, deviceJid } from './nodes.js';

const KEEP_VIOLATIONS = 100;
export const SMAX_INVALID = '479';

/** The form ('lid' | 's.whatsapp.net') of a jid, or null. */
export function formOf(jid) {
    return parseJid(jid)?.server ?? null;
}

/** `account`'s device `device` in the given form. */
export function accountDevice(account, device, form) {
    return form === 'lid' ? deviceJid(account.lidUser, device, 'lid') : deviceJid(account.phone, device);
}

/** `account`'s user jid in the given form. */
export function accountUser(account, form) {
    return accountDevice(account, 0, form);
}

/**
 * The routing attributes of one copy of a 1:1 stanza sent by `sender` ({ account, device }) in form `form`,
 * for a device of `receiver` (an Account); `chat` is the account the stanza is about (its `to`, or a
 * receipt's `recipient`) with the jid it was named by. -> { from, sender_pn?, sender_lid?, recipient?, peer_recipient_* }
 */
export function envelope({ sender, form, receiver, chat }) {
    const attrs = { from: accountDevice(sender.account, sender.device, form) };
    if (receiver !== sender.account) {
        if (form === 'lid') attrs.sender_pn = accountUser(sender.account, 's.whatsapp.net');
        else attrs.sender_lid = accountUser(sender.account, 'lid');
        return attrs;
    }
    if (chat?.jid && chat.account !== sender.account) {
        const chatForm = formOf(chat.jid);
        attrs.recipient = chatForm ? deviceJid(parseJid(chat.jid).user, 0, chatForm) : chat.jid;
        if (chat.account && chatForm === 'lid') attrs.peer_recipient_pn = accountUser(chat.account, 's.whatsapp.net');
        else if (chat.account) attrs.peer_recipient_lid = accountUser(chat.account, 'lid');
    }
    return attrs;
}

/**
 * The 479 check of a companion's <message>. targets: [{ jid }] from <participants> (and a direct <enc>'s `to`).
 * -> null when it may be routed, or the reason it is refused.
 */
export function refusal({ registry, sender, msg, targets }) {
    const { to, category } = msg.attrs ?? {};
    const peer = category === 'peer';
    if (peer && (msg.content ?? []).some?.((c) => c?.tag === 'tctoken')) return 'tctoken on a peer message';
    const chat = registry.accountOf(to);
    const toForm = formOf(to);
    const resend = isResend(msg);
    for (const { jid } of targets) {
        const parsed = parseJid(jid);
        if (!parsed) return `participant ${jid} is not a device jid`;
        const account = registry.accountOf(jid);
        if (!account) return `participant ${jid} is no account`;
        if (account !== sender.account && chat && account !== chat) return `participant ${jid} is neither the recipient's nor the sender's device`;
        if (!registry.device(jid)) return `stale device list: ${jid} is not a current device of its account`;
        if (!peer && !resend && toForm && account !== sender.account && parsed.server !== toForm) {
            return `mixed addressing: to ${to} but recipient device ${jid}`;
        }
    }
    return null;
}

/** A retry resend: sent again to the one device that asked (an <enc count>, device_fanout="false"). */
export function isResend(msg) {
    if (msg.attrs?.device_fanout === 'false') return true;
    const encs = [];
    for (const c of msg.content ?? []) {
        if (c?.tag === 'enc') encs.push(c);
        if (c?.tag === 'participants') for (const t of c.content ?? []) for (const e of t.content ?? []) if (e?.tag === 'enc') encs.push(e);
    }
    return encs.some((e) => e.attrs?.count && e.attrs.count !== '0');
}

/** What whatsmeow's rule says is wrong with a message's addressing (see the header); [] when nothing. */
export function whatsmeowViolations({ registry, sender, msg, targets }) {
    const { to, peer_recipient_pn: peerPn, addressing_mode: mode } = msg.attrs ?? {};
    const chat = registry.accountOf(to);
    const reasons = [];
    const parsedTo = parseJid(to);
    if (!parsedTo || parsedTo.server !== 'lid') reasons.push(`to ${to} is not a LID (whatsmeow sends 1:1 messages to the contact's LID)`);
    else if (parsedTo.device !== 0) reasons.push(`to ${to} names a device, not the contact's LID user`);
    if (chat) {
        const pn = accountUser(chat, 's.whatsapp.net');
        if (!peerPn) reasons.push(`no peer_recipient_pn (whatsmeow names the contact's number ${pn})`);
        else if (parseJid(peerPn)?.user !== chat.phone || formOf(peerPn) !== 's.whatsapp.net') reasons.push(`peer_recipient_pn ${peerPn} is not ${pn}`);
    }
    if (mode) reasons.push(`addressing_mode="${mode}" on a 1:1 message (whatsmeow sets it for groups only)`);
    for (const { jid } of targets) {
        const parsed = parseJid(jid);
        if (!parsed) continue;
        const own = registry.accountOf(jid) === sender.account;
        if (parsed.server !== 'lid') reasons.push(`${own ? 'own' : 'recipient'} device ${jid} is not a LID device jid`);
    }
    return reasons;
}

/** Per companion: how many 1:1 messages were judged and which broke whatsmeow's rule (the last 100). */
export class AddressingReferee {
    #byDevice = new Map(); // companion PN jid -> { checked, violations }

    judge(deviceJid, { registry, sender, msg, targets }) {
        if (!this.#byDevice.has(deviceJid)) this.#byDevice.set(deviceJid, { checked: 0, violations: [] });
        const record = this.#byDevice.get(deviceJid);
        record.checked += 1;
        const reasons = whatsmeowViolations({ registry, sender, msg, targets });
        if (!reasons.length) return;
        record.violations.push({ id: msg.attrs?.id, to: msg.attrs?.to, reason: reasons.join('; ') });
        if (record.violations.length > KEEP_VIOLATIONS) record.violations.shift();
    }

    report(deviceJid) {
        const record = this.#byDevice.get(deviceJid) ?? { checked: 0, violations: [] };
        return { checked: record.checked, violations: record.violations.map((v) => ({ ...v })) };
    }

    forget(deviceJid) {
        this.#byDevice.delete(deviceJid);
    }
}
