// A logged-in companion's connection (docs/protocol.md §8, §15.4): answers its iqs, takes its prekeys, passes its
// messages, receipts and acks to the router, and on <passive><active/> delivers what waited for it.
import { node, child, children, childBytes, bytes, uintBE, readUintBE, parseJid, deviceJid, unixNow, S_WHATSAPP_NET } from './nodes.js';
import { abPropsNode } from './ab-props.js';

const PROPS = [['webc_pwa_enabled', '1'], ['mms_vcard_autodownload_size_kb', '500'], ['location_sharing_enabled', '1']];
const PRIVACY = [['last', 'all'], ['online', 'all'], ['profile', 'all'], ['status', 'all'], ['groupadd', 'all'], ['readreceipts', 'all'], ['calladd', 'all']];

export class Session {
    /** hub: the Hub; conn: Connection; account/companion: who logged in. */
    constructor({ hub, conn, account, companion }) {
        this.hub = hub;
        this.conn = conn;
        this.account = account;
        this.companion = companion;
        this.jid = companion.jid;
        this.active = false;
        conn.deviceJid = this.jid;
        conn.on('node', (n) => this.#onNode(n).catch((err) => this.hub.log(`${this.jid}: ${err.stack ?? err.message}`)));
    }

    send(stanza) {
        return this.conn.send(stanza).catch(() => {});
    }

    result(iq, content) {
        return this.send(node('iq', { type: 'result', id: iq.attrs.id, from: iq.attrs.to ?? S_WHATSAPP_NET }, content));
    }

    async #onNode(n) {
        const router = this.hub.router;
        switch (n.tag) {
            case 'iq':
                return this.#onIq(n);
            case 'message':
                return router.routeFromDevice(this.jid, n);
            case 'receipt':
                return router.receiptFrom(this.jid, n);
            case 'ack':
                return router.ackFrom(this.jid, n);
            case 'call':
                return router.network.routeCall(this.jid, n); // a reject or hang-up, for the other side (calls.js)
            default:
                return undefined; // presence, chatstate, ib: nothing to answer
        }
    }

    async #onIq(iq) {
        const { xmlns, type } = iq.attrs;
        if (type === 'result' || type === 'error') return undefined;
        const first = Array.isArray(iq.content) ? iq.content[0] : undefined;
        if (xmlns === 'encrypt' && type === 'get' && child(iq, 'count')) {
            return this.result(iq, [node('count', { value: String(this.companion.preKeys.length) })]);
        }
        if (xmlns === 'encrypt' && type === 'set' && child(iq, 'list')) return this.#uploadPreKeys(iq);
        if (xmlns === 'encrypt' && type === 'get' && child(iq, 'key')) return this.#bundles(iq);
        if (xmlns === 'passive' && child(iq, 'active')) {
            await this.result(iq);
            return this.hub.activate(this);
        }
        if (xmlns === 'usync') return this.#usync(iq);
        // The media host's address and an upload token (media-host.js), strict on the request's shape.
        if (xmlns === 'w:m') return this.send(this.hub.media.answerMediaConn(iq, this.jid));
        if (xmlns === 'abt' && child(iq, 'props')) return this.result(iq, [abPropsNode()]);
        if (xmlns === 'w' && child(iq, 'props')) {
            return this.result(iq, [node('props', { protocol: '2', hash: 'emulator-1' }, PROPS.map(([name, value]) => node('prop', { name, value })))]);
        }
        if (xmlns === 'blocklist') return this.result(iq, [node('list', {})]);
        if (xmlns === 'privacy' && type === 'set' && child(iq, 'tokens')) return this.#issueTokens(iq);
        if (xmlns === 'privacy' && type === 'get') return this.result(iq, [node('privacy', {}, PRIVACY.map(([name, value]) => node('category', { name, value })))]);
        if (xmlns === 'w:sync:app:state') {
            // Nothing is ever stored in app state here: echo each collection at its version, no patches.
            const sync = children(child(iq, 'sync'), 'collection').map((c) => node('collection', { name: c.attrs.name, version: c.attrs.version ?? '0' }));
            return this.result(iq, [node('sync', {}, sync)]);
        }
        if (xmlns === 'md' && first?.tag === 'remove-companion-device') {
            await this.result(iq);
            this.hub.removeDevice(this.jid, 'logged out by the companion');
            return undefined;
        }
        return this.result(iq); // w:p ping and everything else: an empty result
    }

    #uploadPreKeys(iq) {
        const keys = [];
        for (const k of children(child(iq, 'list'), 'key')) {
            const keyId = readUintBE(childBytes(k, 'id'));
            const publicKey = childBytes(k, 'value');
            if (keyId && publicKey?.length === 32) keys.push({ keyId, publicKey: Buffer.from(publicKey) });
        }
        const skey = child(iq, 'skey');
        if (skey) {
            const keyId = readUintBE(childBytes(skey, 'id'));
            const publicKey = childBytes(skey, 'value');
            const signature = childBytes(skey, 'signature');
            if (keyId && publicKey?.length === 32 && signature?.length === 64) {
                this.companion.signedPreKey = { keyId, publicKey: Buffer.from(publicKey), signature: Buffer.from(signature) };
            }
        }
        const known = new Set(this.companion.preKeys.map((k) => k.keyId));
        for (const k of keys) if (!known.has(k.keyId)) this.companion.preKeys.push(k);
        if (keys.length) this.companion.refillAsked = false;
        this.hub.persist();
        return this.result(iq);
    }

    #bundles(iq) {
        const users = [];
        for (const u of children(child(iq, 'key'), 'user')) {
            const bundle = this.hub.router.takeBundle(u.attrs.jid);
            if (!bundle) continue;
            const content = [
                node('registration', {}, uintBE(bundle.registrationId, 4)),
                node('type', {}, Buffer.from([5])),
                node('identity', {}, Buffer.from(bundle.identityKey)),
                node('skey', {}, [
                    node('id', {}, uintBE(bundle.signedPreKey.keyId, 3)),
                    node('value', {}, Buffer.from(bundle.signedPreKey.publicKey)),
                    node('signature', {}, Buffer.from(bundle.signedPreKey.signature)),
                ]),
            ];
            if (bundle.preKey) content.push(node('key', {}, [node('id', {}, uintBE(bundle.preKey.keyId, 3)), node('value', {}, Buffer.from(bundle.preKey.publicKey))]));
            users.push(node('user', { jid: u.attrs.jid }, content));
        }
        return this.result(iq, [node('list', {}, users)]);
    }

    // usync as the two references ask it (docs/protocol.md §18):
    // - devices: <user jid="<pn or lid>"> -> <devices><device-list><device id/>…; the device jids a client builds
    //   from it are in the form of the user jid, so a LID user gets LID devices.
    // - lid: <lid val="<lid>@lid"/> for a user asked by number (whatsmeow GetUserInfo, Baileys 7 getUSyncDevices
    //   and pnFromLIDUSync); none for a user asked by LID, which Baileys 7 would store as a LID↔LID mapping.
    // - contact (number checks): <user><contact>+5531987650003</contact></user> (Baileys 7 onWhatsApp) or
    //   …<contact>+5531987650003@c.us</contact> (whatsmeow IsOnWhatsApp) -> <user jid="553187650003@s.whatsapp.net">
    //   <contact type="in|out">(the query)</contact>. A number matches only the digits an account was registered
    //   with (Brazil's ninth digit is the client's business). whatsmeow asks with <contact addressing_mode="lid"/>
    //   and reads jid and pn_jid: then a known number comes back as jid="<lid>@lid" pn_jid="<pn>@s.whatsapp.net".
    #usync(iq) {
        const usync = child(iq, 'usync');
        const query = child(usync, 'query');
        const wanted = new Set(children(query).map((q) => q.tag));
        const contactByLid = child(query, 'contact')?.attrs?.addressing_mode === 'lid';
        const users = [];
        const asked = [];
        for (const u of children(child(usync, 'list'), 'user')) {
            let jid = u.attrs.jid;
            const contact = child(u, 'contact');
            const contactQuery = contact ? bytes(contact)?.toString() : undefined;
            if (!jid && contactQuery) jid = `${contactQuery.replace(/@.*$/, '').replace(/[^0-9]/g, '')}@s.whatsapp.net`;
            const account = this.hub.registry.accountOf(jid);
            const parsed = parseJid(jid);
            let userJid = parsed ? deviceJid(parsed.user, 0, parsed.server) : jid;
            asked.push(userJid);
            const attrs = { jid: userJid };
            const content = [];
            if (wanted.has('devices')) {
                const list = [];
                if (account) {
                    list.push(node('device', { id: '0' }));
                    for (const c of account.companions.values()) list.push(node('device', { id: String(c.device), 'key-index': String(c.keyIndex) }));
                }
                content.push(node('devices', {}, [node('device-list', {}, list)]));
            }
            if (wanted.has('contact')) {
                if (contactByLid && account && contactQuery !== undefined) {
                    attrs.jid = `${account.lidUser}@lid`;
                    attrs.pn_jid = userJid;
                }
                content.push(node('contact', { type: account ? 'in' : 'out' }, contactQuery));
            }
            if (wanted.has('lid') && account && parsed?.server !== 'lid') content.push(node('lid', { val: `${account.lidUser}@lid` }));
            if (wanted.has('status')) content.push(node('status', { t: unixNow() }, Buffer.from(account ? 'Disponível' : '')));
            if (wanted.has('disappearing_mode')) content.push(node('disappearing_mode', { duration: '0', t: '0' }));
            users.push(node('user', attrs, content));
        }
        const list = [node('usync', { sid: usync?.attrs.sid, index: '0', last: 'true' }, [node('list', {}, users)])];
        const answer = () => this.result(iq, list);
        // Built now, sent on release: the device list is the one the client would have had at once.
        if (wanted.has('devices') && this.hub.faults.holdDeviceQuery(asked, this.conn, answer)) return undefined;
        return answer();
    }

    // <iq xmlns="privacy" type="set"><tokens><token jid t type="trusted_contact"/></tokens></iq>: this companion's
    // account gives each named account a trusted-contact token (Baileys 7 issuePrivacyTokens, after a 1:1 send and
    // on a 463; whatsmeow issuePrivacyToken). The jid is a number (Baileys 7 by default: AB prop 14303 is 0) or a
    // LID (whatsmeow). The server answers an empty result, records the issuance and hands the named account's
    // devices a fresh token in a privacy_token notification, as when the phone issues one.
    #issueTokens(iq) {
        for (const token of children(child(iq, 'tokens'), 'token')) {
            if (token.attrs.type !== 'trusted_contact') continue;
            const holder = this.hub.registry.accountOf(token.attrs.jid);
            if (!holder || holder === this.account) continue;
            const t = /^[0-9]{1,12}$/.test(token.attrs.t ?? '') ? Number(token.attrs.t) : undefined;
            this.hub.abilities?.privacyToken(this.account, holder, { t, by: this.jid });
        }
        return this.result(iq);
    }
}
