// What the simulated phones can do beyond texting that needs the network's help (issue #15): extra devices,
// reinstalls, privacy tokens, and the traffic record they and the tests read. Installed on a hub as
// `hub.abilities` once a saved network (--state) is loaded, before anything is routed.
import { randomBytes } from 'node:crypto';
import { Traffic } from './traffic.js';
import { ExtraDevices } from '../phone/extra-devices.js';
import { reinstallPhone } from '../phone/reinstall.js';
import { privacyTokenNotification } from '../phone/device-notifications.js';

// Trusted-contact tokens are opaque bytes to clients (both references store them as they come).
const TOKEN_BYTES = 32;

export function installPhoneAbilities(hub) {
    const traffic = new Traffic({ router: hub.router, registry: hub.registry });
    const extraDevices = new ExtraDevices({ hub, traffic });
    extraDevices.revive();
    hub.abilities = {
        traffic,
        extraDevices,
        reinstall: (account, options) => reinstallPhone({ hub, traffic, extraDevices }, account, options),
        /** `from`'s phone gives `to` a trusted-contact token: every device of `to` hears it. */
        privacyToken(from, to) {
            const token = randomBytes(TOKEN_BYTES);
            const timestamp = Math.floor(Date.now() / 1000);
            const devices = to.deviceJids();
            for (const jid of devices) {
                hub.router.deliver(jid, privacyTokenNotification({ from, receiverJid: to.jid, token, timestamp }));
            }
            return { token: token.toString('base64'), t: timestamp, devices };
        },
    };
    return hub.abilities;
}
