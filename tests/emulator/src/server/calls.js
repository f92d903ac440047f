// The server's part of call signalling: a <call> sent by a device (a phone's offer or hang-up, a companion's
// reject as Baileys 7's rejectCall and whatsmeow's RejectCall send it) is handed to the devices it is for.
// Handed out through router.deliver, so a companion keeps it queued until it acks it (Baileys 7 handleCall and
// whatsmeow handleCallEvent ack every <call>).
import { node, child, children, parseJid, unixNow } from './nodes.js';

// whatsmeow reads these two <call> attributes into CallRemoteMeta; the real server fills them from the caller's
// client. Any plausible value will do for a client that only displays the call.
const PHONE_PLATFORM = 'android';
const PHONE_VERSION = '2.25.36.73';

/**
 * Routes `call` sent by `fromJid`. An <offer> goes to each <destination><to jid> with that device's <enc> in place
 * of <destination> (how <participants> is split for messages); any other action (reject, accept, terminate…) goes
 * to every device of the `to` account, or to the one device `to` names. A companion gets
 * <ack class="call" id from=to type=<action>> back: Baileys 7's rejectCall waits for a stanza with its id.
 */
export async function routeCall(router, fromJid, call) {
    const sender = router.registry.device(fromJid);
    if (!sender) throw new Error(`unknown calling device ${fromJid}`);
    const { id, to } = call.attrs ?? {};
    const action = children(call)[0];
    const callee = router.registry.accountOf(to);
    const t = unixNow();
    if (callee && action && id) {
        if (action.tag === 'offer') {
            const attrs = { from: fromJid, id, t, notify: sender.account.name, platform: sender.companion ? 'web' : PHONE_PLATFORM, version: PHONE_VERSION };
            const common = children(action).filter((c) => c.tag !== 'destination' && c.tag !== 'device-identity');
            const identity = child(action, 'device-identity');
            for (const target of children(child(action, 'destination'), 'to')) {
                const encs = children(target, 'enc');
                if (target.attrs.jid === fromJid || !router.registry.device(target.attrs.jid)) continue;
                const content = [...common, ...encs];
                if (identity && encs.some((e) => e.attrs?.type === 'pkmsg')) content.push(identity);
                router.deliver(target.attrs.jid, node('call', attrs, [node('offer', action.attrs, content)]));
            }
        } else {
            const named = parseJid(to);
            const targets = named?.device ? [to] : callee.deviceJids();
            for (const jid of targets) {
                if (jid !== fromJid) router.deliver(jid, node('call', { from: fromJid, id, t }, [action]));
            }
        }
    }
    if (sender.companion) {
        const session = router.sessionOf(fromJid);
        if (session?.active) session.send(node('ack', { class: 'call', id, from: to, type: action?.tag }));
    }
}
