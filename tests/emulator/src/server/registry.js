// Who exists on the emulated network: accounts (a phone = device 0, simulated by src/phone) and their linked
// companions, with everything the server keeps about a companion: its noise key (it logs in with it), Signal
// identity, registration id, signed prekey and uploaded one-time prekeys, LID and ADV key index.
import { randomInt } from 'node:crypto';
import { deviceJid, parseJid } from './nodes.js';

export class Account {
    constructor({ phone, name, lidUser, phoneDevice }) {
        this.phone = phone; // digits
        this.name = name;
        this.lidUser = lidUser; // digits of the account's LID
        this.phoneDevice = phoneDevice; // the Phone object (device 0)
        this.companions = new Map(); // device number -> companion record
        this.nextDevice = 1;
        this.nextKeyIndex = 1;
        this.requireToken = false; // 1:1 messages from other accounts' companions need a privacy token (privacy-tokens.js)
    }

    get jid() {
        return deviceJid(this.phone, 0);
    }

    /** Every device jid of this account, the phone first; `form` 'lid' gives them as LID device jids. */
    deviceJids(form = 's.whatsapp.net') {
        const user = form === 'lid' ? this.lidUser : this.phone;
        return [0, ...this.companions.keys()].map((device) => deviceJid(user, device, form === 'lid' ? 'lid' : 's.whatsapp.net'));
    }
}

export class Registry {
    constructor() {
        this.accounts = new Map(); // phone digits -> Account
    }

    addAccount({ phone, name, phoneDevice }) {
        if (this.accounts.has(phone)) throw new Error(`account ${phone} exists`);
        const lidUser = String(randomInt(100000000, 999999999)) + String(randomInt(100000, 999999));
        const account = new Account({ phone, name, lidUser, phoneDevice });
        this.accounts.set(phone, account);
        return account;
    }

    account(phone) {
        return this.accounts.get(String(phone)) ?? null;
    }

    /** The account of a jid (phone number or LID, any device), or null. */
    accountOf(jid) {
        const p = parseJid(jid);
        if (!p) return null;
        if (p.server === 'lid') {
            for (const a of this.accounts.values()) if (a.lidUser === p.user) return a;
            return null;
        }
        return this.account(p.user);
    }

    /** The phone-number form of a device jid of a known account (a LID device jid is mapped); else the jid as given. */
    pnDevice(jid) {
        const p = parseJid(jid);
        const account = this.accountOf(jid);
        return p && account ? deviceJid(account.phone, p.device) : jid;
    }

    /** { account, device: 0 | companion record } for a device jid, or null. */
    device(jid) {
        const p = parseJid(jid);
        const account = this.accountOf(jid);
        if (!p || !account) return null;
        if (p.device === 0) return { account, companion: null };
        const companion = account.companions.get(p.device);
        return companion ? { account, companion } : null;
    }

    /** The device number and ADV key index a companion being linked will get (never reused). */
    reserveDevice(account) {
        return { device: account.nextDevice++, keyIndex: account.nextKeyIndex++ };
    }

    /** Stores a freshly linked companion; returns its record. */
    addCompanion(account, { device, keyIndex, noisePub, identityPub, registrationId, signedPreKey, platform }) {
        const companion = {
            device,
            jid: deviceJid(account.phone, device),
            lid: deviceJid(account.lidUser, device, 'lid'),
            keyIndex,
            noisePub,
            identityPub,
            registrationId,
            signedPreKey,
            preKeys: [], // [{ keyId, publicKey }] uploaded by the companion, handed out once each
            platform,
            bootstrapped: false,
            linkedAt: Math.floor(Date.now() / 1000),
        };
        account.companions.set(device, companion);
        return companion;
    }

    removeCompanion(jid) {
        const found = this.device(jid);
        if (!found?.companion) return false;
        found.account.companions.delete(found.companion.device);
        return true;
    }
}
