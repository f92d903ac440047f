// --state DIR: the emulated network survives restarts. Accounts (each phone's whole state, see Phone.toJSON),
// linked companions with their keys and prekeys, and stanzas still waiting for a device are written to
// DIR/network.json a moment after anything changes and when the emulator stops.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BufferJSON } from '@whiskeysockets/baileys';
import { Phone } from '../phone/phone.js';

const FILE = 'network.json';
const SAVE_DELAY_MS = 300;

export class StateStore {
    constructor(dir, log = () => {}) {
        this.dir = dir;
        this.file = path.join(dir, FILE);
        this.log = log;
        this.timer = null;
        this.saving = Promise.resolve();
    }

    /** Fills an empty hub from the saved network, if there is one. */
    async load(hub) {
        let text;
        try {
            text = await readFile(this.file, 'utf8');
        } catch (err) {
            if (err.code === 'ENOENT') return;
            throw new Error(`cannot read ${this.file}: ${err.message}`);
        }
        let saved;
        try {
            saved = JSON.parse(text, BufferJSON.reviver);
        } catch (err) {
            throw new Error(`${this.file} is not valid JSON: ${err.message}`);
        }
        for (const a of saved.accounts ?? []) {
            const phoneDevice = Phone.fromJSON(a.phoneState, hub.network);
            const account = hub.registry.addAccount({ phone: a.phone, name: a.name, phoneDevice });
            account.lidUser = a.lidUser;
            account.nextDevice = a.nextDevice;
            account.nextKeyIndex = a.nextKeyIndex;
            account.requireToken = a.requireToken === true;
            for (const c of a.companions ?? []) account.companions.set(c.device, c);
        }
        for (const [jid, stanzas] of saved.pending ?? []) hub.router.pending.set(jid, stanzas);
    }

    /** Saves soon (changes come in bursts). */
    schedule(hub) {
        if (this.timer) return;
        this.timer = setTimeout(() => {
            this.timer = null;
            this.save(hub).catch((err) => this.log(`saving state: ${err.message}`));
        }, SAVE_DELAY_MS);
        this.timer.unref();
    }

    /** Saves now; writes go one after another, each to a temporary file renamed over the old one. */
    save(hub) {
        clearTimeout(this.timer);
        this.timer = null;
        const snapshot = {
            version: 1,
            accounts: [...hub.registry.accounts.values()].map((a) => ({
                phone: a.phone,
                name: a.name,
                lidUser: a.lidUser,
                nextDevice: a.nextDevice,
                nextKeyIndex: a.nextKeyIndex,
                requireToken: a.requireToken,
                phoneState: a.phoneDevice.toJSON(),
                companions: [...a.companions.values()],
            })),
            pending: [...hub.router.pending.entries()].filter(([, list]) => list.length),
        };
        const text = JSON.stringify(snapshot, BufferJSON.replacer);
        this.saving = this.saving.then(async () => {
            await mkdir(this.dir, { recursive: true });
            const tmp = `${this.file}.tmp`;
            await writeFile(tmp, text, { mode: 0o600 });
            await rename(tmp, this.file);
        });
        return this.saving;
    }
}
