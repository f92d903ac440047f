// Voice and video calls placed by a simulated phone (POST /phones/{p}/call) and what the callee's devices
// answered (GET /phones/{p}/calls). No media flows: a call here is its signalling, which is all a messaging client
// ever sees of it. Shapes follow what Baileys 7 (Socket/messages-recv.js handleCall, rejectCall) and whatsmeow
// (call.go handleCallEvent, RejectCall) read and send. The caller's offer:
//   <call to="<callee>@s.whatsapp.net" id><offer call-id call-creator="<caller>@s.whatsapp.net">
//     <audio enc="opus" rate="16000"/><audio enc="opus" rate="8000"/>[<video enc="vp8" dec="vp8"/>]
//     <net medium="3"/><encopt keygen="2"/>
//     <destination><to jid="<callee device>"><enc v="2" type="pkmsg|msg">call key</enc></to>…</destination>
//     [<device-identity>]
//   </offer></call>
// The server hands each callee device the offer with its own <enc> in place of <destination>, as it splits
// <participants> for messages (src/server/calls.js). The call key is a Signal-encrypted Message{call{callKey}},
// so a device that keeps its sessions in step with the phone's sees the same ratchet moves a real call makes.
import { randomBytes } from 'node:crypto';
import { WAProto as proto } from '@whiskeysockets/baileys';
import { pad } from './padding.js';
import { parseJid } from './signal-device.js';

const USER_SERVER = 's.whatsapp.net';

// Call ids on the wire are 32 upper-case hex digits.
function newCallId() {
    return randomBytes(16).toString('hex').toUpperCase();
}

function newStanzaId() {
    return randomBytes(8).toString('hex').toUpperCase();
}

export class PhoneCalls {
    #phone; // the Phone (jid, encryptFor, deviceIdentity)
    #network; // devicesOf, routeCall, sendFromDevice
    #calls = new Map(); // callId -> { callId, to, video, offeredAt, rejectedBy, rejectedAt, acceptedBy, terminatedAt }

    constructor({ phone, network }) {
        this.#phone = phone;
        this.#network = network;
    }

    // Rings every device of `toUserJid`. -> { callId, devices }
    async offer(toUserJid, { video = false } = {}) {
        const { user } = parseJid(toUserJid);
        const to = `${user}@${USER_SERVER}`;
        const devices = (await this.#network.devicesOf(to)).filter((jid) => jid !== this.#phone.jid);
        if (!devices.length) throw new Error(`${to} has no device to ring`);
        const callKey = { call: { callKey: randomBytes(32) } };
        const encs = await this.#phone.encryptFor(devices.map((jid) => ({ jid, content: callKey })));
        if (!encs.length) throw new Error(`no device of ${to} could be reached (no session and no bundle)`);
        const callId = newCallId();
        const media = [
            { tag: 'audio', attrs: { enc: 'opus', rate: '16000' } },
            { tag: 'audio', attrs: { enc: 'opus', rate: '8000' } },
        ];
        if (video) media.push({ tag: 'video', attrs: { enc: 'vp8', dec: 'vp8' } });
        const destination = encs.map(({ jid, type, ciphertext }) => ({
            tag: 'to',
            attrs: { jid },
            content: [{ tag: 'enc', attrs: { v: '2', type }, content: ciphertext }],
        }));
        const content = [
            ...media,
            { tag: 'net', attrs: { medium: '3' } },
            { tag: 'encopt', attrs: { keygen: '2' } },
            { tag: 'destination', attrs: {}, content: destination },
        ];
        // As with messages (§10.6): a device that gets a pkmsg needs the sender's ADV identity with it.
        if (encs.some((enc) => enc.type === 'pkmsg')) content.push({ tag: 'device-identity', attrs: {}, content: this.#phone.deviceIdentity });
        this.#calls.set(callId, { callId, to, video: Boolean(video), offeredAt: Date.now(), rejectedBy: null, rejectedAt: null, acceptedBy: null, terminatedAt: null });
        await this.#network.routeCall(this.#phone.jid, {
            tag: 'call',
            attrs: { to, id: newStanzaId() },
            content: [{ tag: 'offer', attrs: { 'call-id': callId, 'call-creator': this.#phone.jid }, content }],
        });
        return { callId, devices: encs.map((enc) => enc.jid) };
    }

    // The caller hangs up (no reason) or the call rang out (reason "timeout", which Baileys 7 shows as a missed
    // call). Every device of the callee hears it.
    async terminate(callId, { reason } = {}) {
        const call = this.#calls.get(callId);
        if (!call) return false;
        call.terminatedAt = Date.now();
        const attrs = { 'call-id': callId, 'call-creator': this.#phone.jid };
        if (reason) attrs.reason = reason;
        await this.#network.routeCall(this.#phone.jid, { tag: 'call', attrs: { to: call.to, id: newStanzaId() }, content: [{ tag: 'terminate', attrs }] });
        return true;
    }

    // A <call> the server hands this phone: a callee's answer to one of its calls. Acked as every client acks it.
    async onCall(node) {
        const { id, from } = node.attrs ?? {};
        const action = Array.isArray(node.content) ? node.content.find((c) => c?.tag) : undefined;
        const call = this.#calls.get(action?.attrs?.['call-id']);
        if (call && action.tag === 'reject' && !call.rejectedBy) {
            call.rejectedBy = from;
            call.rejectedAt = Date.now();
        } else if (call && action.tag === 'accept' && !call.acceptedBy) {
            call.acceptedBy = from;
        }
        // Baileys 7's buildAckStanza: a <call> has no type, so its ack has none either.
        if (id && from) await this.#network.sendFromDevice(this.#phone.jid, { tag: 'ack', attrs: { id, to: from, class: 'call' } });
    }

    list() {
        return [...this.#calls.values()].map((call) => ({ ...call }));
    }
}
