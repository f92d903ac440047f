// A companion made of Baileys's helpers over a bare Noise client (raw-client.js), for either token table:
// linkRaw does the registration (QR scan through the control API, Baileys's configureSuccessfulPairing for
// the reply), loginRaw logs in with the resulting creds and goes active.
import { initAuthCreds, configureSuccessfulPairing } from '@whiskeysockets/baileys';
import { RawClient } from './raw-client.js';

const childOf = (node, tag) => (Array.isArray(node?.content) ? node.content.find((c) => c.tag === tag) : undefined);

/** -> creds of a newly linked device of `phone` (creds.me.id = phone:N@s.whatsapp.net). */
export async function linkRaw(emu, phone, { dictVersion = 3 } = {}) {
    const creds = initAuthCreds();
    const raw = new RawClient(emu.wsUrl, { dictVersion });
    await raw.hello();
    await raw.finish(creds);
    const pairDevice = await raw.waitFor((x) => childOf(x, 'pair-device'));
    raw.send({ tag: 'iq', attrs: { to: '@s.whatsapp.net', type: 'result', id: pairDevice.attrs.id } });
    const ref = Buffer.from(childOf(pairDevice, 'pair-device').content[0].content).toString();
    const qr = [ref, Buffer.from(creds.noiseKey.public).toString('base64'), Buffer.from(creds.signedIdentityKey.public).toString('base64'), creds.advSecretKey].join(',');
    const scan = emu.call('POST', `/phones/${phone}/scan`, { qr });
    const pairSuccess = await raw.waitFor((x) => childOf(x, 'pair-success'));
    const { reply, creds: paired } = configureSuccessfulPairing(pairSuccess, creds);
    raw.send(reply);
    const { status, body } = await scan;
    if (status !== 200) throw new Error(`scan answered ${status}: ${JSON.stringify(body)}`);
    await raw.waitForClose();
    return Object.assign(creds, paired);
}

/** Logs in with linked creds, answers nothing itself; -> the RawClient after <success> and <passive><active/>. */
export async function loginRaw(emu, creds, { dictVersion = 3 } = {}) {
    const raw = new RawClient(emu.wsUrl, { dictVersion });
    await raw.hello();
    await raw.finish(creds, { loginJid: creds.me.id });
    await raw.waitFor((x) => x.tag === 'success');
    raw.send({ tag: 'iq', attrs: { id: 'active-1', to: '@s.whatsapp.net', type: 'set', xmlns: 'passive' }, content: [{ tag: 'active', attrs: {} }] });
    await raw.waitFor((x) => x.tag === 'ib');
    return raw;
}
