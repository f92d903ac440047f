// A customer links or removes one of their own extra devices (POST /phones/{p}/devices, DELETE …/devices/{n}).
// The device is a companion record in the registry like any linked companion, so usync device lists and prekey
// bundles show the change at once; the network then tells everyone who talks with the account
// (device-notifications.js): a <notification type="devices"> to every companion of every peer account
// (traffic.js: accounts that exchanged a message with this one), and <notification type="account_sync"> to the
// account's own other companions.
import { randomBytes, randomInt } from 'node:crypto';
import { SignalDevice } from './signal-device.js';
import { ExtraDevice, extraDeviceIdentity, PREKEY_BATCH } from './extra-device.js';
import { devicesNotification, ownDevicesNotification, signedKeyIndexList } from './device-notifications.js';

export class ExtraDevices {
    #hub; // registry, router, sessions, persist, removeDevice
    #traffic; // peersOf
    #devices = new Map(); // device jid -> ExtraDevice, removed ones too (what they got stays readable)
    #rawIds = new WeakMap(); // Account -> the ADV raw id its key-index lists carry

    constructor({ hub, traffic }) {
        this.#hub = hub;
        this.#traffic = traffic;
    }

    /** Brings back the extra devices of a network saved with --state (their records hold their Signal state). */
    revive() {
        for (const account of this.#hub.registry.accounts.values()) {
            for (const record of account.companions.values()) {
                if (!record.simulated || record.simulated instanceof ExtraDevice) continue;
                const device = ExtraDevice.fromJSON(record.simulated, { jid: record.jid, network: this.#hub.network, onChange: () => this.#hub.persist() });
                this.#attach(device, record);
                for (const stanza of this.#hub.router.queued(record.jid)) device.session.send(stanza);
            }
        }
    }

    /** Links a new extra device to `account`: the next free device number and key index. -> ExtraDevice */
    async add(account) {
        const hub = this.#hub;
        const { device, keyIndex } = hub.registry.reserveDevice(account);
        const signal = new SignalDevice();
        const jid = `${account.phone}:${device}@s.whatsapp.net`;
        const extra = new ExtraDevice({
            jid,
            signal,
            deviceIdentity: extraDeviceIdentity(account.phoneDevice.identityKeyPair, signal.identityKeyPair, keyIndex),
            network: hub.network,
            onChange: () => hub.persist(),
        });
        const record = hub.registry.addCompanion(account, {
            device,
            keyIndex,
            noisePub: randomBytes(32), // no socket ever logs in as it
            identityPub: extra.identityPub,
            registrationId: signal.registrationId,
            signedPreKey: signal.signedPreKey,
            platform: 'simulated',
        });
        record.preKeys = extra.takePreKeys(PREKEY_BATCH);
        record.bootstrapped = true; // it is not a companion its phone bootstraps
        this.#attach(extra, record);
        hub.persist();
        await this.announce(account, 'add', { device, keyIndex });
        return extra;
    }

    /** Unlinks extra device `n` of `account`. -> false when it has no such extra device. */
    async remove(account, n) {
        const jid = `${account.phone}:${n}@s.whatsapp.net`;
        const extra = this.#devices.get(jid);
        const record = account.companions.get(Number(n));
        if (!extra || record?.simulated !== extra) return false;
        this.#hub.sessions.delete(jid);
        this.#hub.removeDevice(jid, 'removed by its phone');
        await this.announce(account, 'remove', { device: record.device, keyIndex: record.keyIndex });
        return true;
    }

    /** The extra device `n` of `account`, linked or removed, or null. */
    get(account, n) {
        return this.#devices.get(`${account.phone}:${n}@s.whatsapp.net`) ?? null;
    }

    /** Every extra device `account` ever linked, removed ones too. */
    all(account) {
        return [...this.#devices.values()].filter((extra) => extra.jid.startsWith(`${account.phone}:`));
    }

    /** The extra devices `account` has linked now. */
    linked(account) {
        return [...account.companions.values()].filter((c) => c.simulated instanceof ExtraDevice).map((c) => c.simulated);
    }

    /** Tells peers' companions and the account's own companions that `device` was added or removed. */
    async announce(account, change, { device, keyIndex }) {
        const { registry, router } = this.#hub;
        const now = [{ device: 0 }, ...[...account.companions.values()].map((c) => ({ device: c.device, keyIndex: c.keyIndex }))];
        const keyIndexList = () => signedKeyIndexList({
            phoneIdentity: account.phoneDevice.identityKeyPair,
            rawId: this.#rawIdOf(account),
            keyIndexes: now.filter((d) => d.device).map((d) => d.keyIndex),
            timestamp: Math.floor(Date.now() / 1000),
        });
        const notified = [];
        for (const peer of this.#traffic.peersOf(account)) {
            for (const companion of peer.companions.values()) {
                router.deliver(companion.jid, devicesNotification({ account, change, device, keyIndex, after: now.map((d) => d.device), keyIndexList: keyIndexList() }));
                notified.push(companion.jid);
            }
        }
        for (const companion of account.companions.values()) {
            if (companion.device === device || !registry.device(companion.jid)) continue;
            router.deliver(companion.jid, ownDevicesNotification({ account, devices: now, keyIndexList: keyIndexList() }));
            notified.push(companion.jid);
        }
        return notified;
    }

    #attach(extra, record) {
        record.simulated = extra;
        extra.record = record;
        this.#devices.set(record.jid, extra);
        this.#hub.sessions.set(record.jid, extra.session);
    }

    #rawIdOf(account) {
        if (!this.#rawIds.has(account)) this.#rawIds.set(account, randomInt(1, 0x100000000));
        return this.#rawIds.get(account);
    }
}
