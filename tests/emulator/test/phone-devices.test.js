// A customer links and removes an extra device of their own (POST /phones/{p}/devices, DELETE …/devices/{n}).
// A real Baileys 7 companion of someone who talks with them must learn it from the <notification type="devices">
// alone (its device cache is still fresh): its next message reaches the new device, and after the removal none
// goes there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startInProcess } from './helpers/emulator.js';
import { Baileys7Companion, unrefLongTimers, until } from './helpers/baileys7.js';

unrefLongTimers();

const MARIA = '5511900000001'; // her laptop runs Baileys 7
const JOAO = '5511900000002'; // the customer who links an extra device; his own laptop runs Baileys 7 too
const jid = (phone) => `${phone}@s.whatsapp.net`;
let emu;
let mariaLaptop;
let joaoLaptop;
const notifications = new Map(); // laptop -> [<notification>] as its socket read them

// whatsmeow's participantListHashV2, written out here so the test pins the formula.
function listHash(user, server, devices) {
    const joined = devices.map((d) => `${user}.0:${d}@${server}`).sort().join('');
    return `2:${createHash('sha256').update(joined).digest().subarray(0, 6).toString('base64').replace(/=+$/, '')}`;
}

async function unacked(companion) {
    return (await emu.call('GET', `/devices/${encodeURIComponent(companion.jid)}/unacked`)).body;
}

before(async () => {
    emu = await startInProcess();
    await emu.addPhone(MARIA, 'Maria');
    await emu.addPhone(JOAO, 'João');
    mariaLaptop = await new Baileys7Companion({ wsUrl: emu.wsUrl }).link(emu, MARIA);
    joaoLaptop = await new Baileys7Companion({ wsUrl: emu.wsUrl }).link(emu, JOAO);
    await Promise.all([mariaLaptop.waitForReady(), joaoLaptop.waitForReady()]);
    for (const laptop of [mariaLaptop, joaoLaptop]) {
        notifications.set(laptop, []);
        laptop.sock.ws.on('CB:notification', (n) => notifications.get(laptop).push(n));
    }
    // Maria and João have talked: Baileys 7 has João's device list cached, and the network counts them as peers.
    const first = await mariaLaptop.sock.sendMessage(jid(JOAO), { text: 'oi João' });
    await until('the first text at João’s phone', async () => (await emu.call('GET', `/phones/${JOAO}/messages`)).body.some((m) => m.id === first.key.id));
});

after(async () => {
    await mariaLaptop?.stop();
    await joaoLaptop?.stop();
    await emu?.close();
});

let extra; // { jid, device, keyIndex }

test('an added device is announced to peers (devices) and to the account’s own companions (account_sync)', async () => {
    const { status, body } = await emu.call('POST', `/phones/${JOAO}/devices`);
    assert.equal(status, 201);
    extra = body;
    assert.equal(extra.jid, `${JOAO}:${extra.device}@s.whatsapp.net`);
    assert.ok(extra.device > 1 && extra.keyIndex > 1, 'after the laptop João linked first');

    const note = await until('the devices notification at Maria’s laptop', () => notifications.get(mariaLaptop).find((n) => n.attrs.type === 'devices'));
    assert.equal(note.attrs.from, jid(JOAO));
    const lidUser = emu.hub.registry.account(JOAO).lidUser;
    assert.equal(note.attrs.lid, `${lidUser}@lid`);
    const [add] = note.content;
    assert.equal(add.tag, 'add');
    const joaoLaptopDevice = Number(joaoLaptop.jid.split(':')[1].split('@')[0]);
    assert.equal(add.attrs.device_hash, listHash(JOAO, 's.whatsapp.net', [0, joaoLaptopDevice, extra.device]));
    assert.equal(add.attrs.device_lid_hash, listHash(lidUser, 'lid', [0, joaoLaptopDevice, extra.device]));
    assert.deepEqual(add.content[0].attrs, { jid: extra.jid, lid: `${lidUser}:${extra.device}@lid`, 'key-index': String(extra.keyIndex) });
    assert.equal(add.content[1].tag, 'key-index-list');
    assert.ok(add.content[1].content.length > 0 && Number(add.content[1].attrs.ts) > 0);

    const own = await until('the account_sync at João’s laptop', () => notifications.get(joaoLaptop).find((n) => n.attrs.type === 'account_sync'));
    const devices = own.content[0];
    assert.equal(devices.tag, 'devices');
    assert.deepEqual(devices.content.filter((c) => c.tag === 'device').map((c) => c.attrs.jid), [jid(JOAO), joaoLaptop.jid, extra.jid]);
    assert.equal(devices.attrs.dhash, listHash(JOAO, 's.whatsapp.net', [0, joaoLaptopDevice, extra.device]));

    for (const laptop of [mariaLaptop, joaoLaptop]) {
        await until('the notification acked', async () => !(await unacked(laptop)).unacked.some((s) => s.tag === 'notification'));
        assert.deepEqual((await unacked(laptop)).mismatches, []);
    }
    const listed = (await emu.call('GET', `/phones/${JOAO}/devices`)).body;
    assert.deepEqual(listed.find((d) => d.jid === extra.jid), { jid: extra.jid, connected: true });
});

test('Baileys 7’s next message reaches the new device, which decrypts it', async () => {
    const sent = await mariaLaptop.sock.sendMessage(jid(JOAO), { text: 'agora com o tablet' });
    const got = await until('the text on the extra device', async () => (await emu.call('GET', `/phones/${JOAO}/devices/${extra.device}/messages`)).body.find((m) => m.id === sent.key.id));
    assert.equal(got.text, 'agora com o tablet');
    assert.equal(got.from, mariaLaptop.jid);
    const deliveries = (await emu.call('GET', `/messages/${sent.key.id}/deliveries`)).body;
    assert.ok(deliveries.some((d) => d.to === extra.jid && d.count === 0));
    assert.deepEqual((await unacked(mariaLaptop)).mismatches, []);
});

test('the phone’s own sends reach the extra device as sent messages', async () => {
    const { body } = await emu.call('POST', `/phones/${JOAO}/messages`, { to: MARIA, text: 'do telefone, visto no tablet' });
    const got = await until('the copy on the extra device', async () => (await emu.call('GET', `/phones/${JOAO}/devices/${extra.device}/messages`)).body.find((m) => m.id === body.id));
    assert.equal(got.text, 'do telefone, visto no tablet');
    assert.equal(got.from, jid(JOAO));
});

test('after DELETE no copy goes to the removed device', async () => {
    const before = (await emu.call('GET', `/phones/${JOAO}/devices/${extra.device}/messages`)).body.length;
    assert.equal((await emu.call('DELETE', `/phones/${JOAO}/devices/${extra.device}`)).status, 200);
    const note = await until('the remove notification', () => notifications.get(mariaLaptop).find((n) => n.attrs.type === 'devices' && n.content[0].tag === 'remove'));
    const joaoLaptopDevice = Number(joaoLaptop.jid.split(':')[1].split('@')[0]);
    assert.equal(note.content[0].attrs.device_hash, listHash(JOAO, 's.whatsapp.net', [0, joaoLaptopDevice]));
    assert.equal(note.content[0].content[0].attrs.jid, extra.jid);
    assert.equal(note.content[0].content[0].attrs['key-index'], undefined);
    await until('the remove acked', async () => !(await unacked(mariaLaptop)).unacked.some((s) => s.tag === 'notification'));

    const sent = await mariaLaptop.sock.sendMessage(jid(JOAO), { text: 'sem o tablet' });
    await until('the text at João’s phone', async () => (await emu.call('GET', `/phones/${JOAO}/messages`)).body.some((m) => m.id === sent.key.id));
    const deliveries = (await emu.call('GET', `/messages/${sent.key.id}/deliveries`)).body;
    const toJoao = deliveries.map((d) => d.to).filter((to) => to.startsWith(JOAO)).sort();
    assert.deepEqual(toJoao, [jid(JOAO), joaoLaptop.jid].sort(), 'Baileys 7 left the removed device out');
    assert.equal((await emu.call('GET', `/phones/${JOAO}/devices/${extra.device}/messages`)).body.length, before);
    assert.ok(!(await emu.call('GET', `/phones/${JOAO}/devices`)).body.some((d) => d.jid === extra.jid));
    assert.equal((await emu.call('DELETE', `/phones/${JOAO}/devices/${extra.device}`)).status, 404);
});

test('bad device requests are refused', async () => {
    assert.equal((await emu.call('POST', '/phones/5511999999999/devices')).status, 404);
    assert.equal((await emu.call('GET', `/phones/${JOAO}/devices/99/messages`)).status, 404);
    const laptopDevice = joaoLaptop.jid.split(':')[1].split('@')[0];
    assert.equal((await emu.call('DELETE', `/phones/${JOAO}/devices/${laptopDevice}`)).status, 404, 'a companion linked by pairing is not an extra device');
});

test('with --state an extra device comes back after a restart and still decrypts', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'wa-emulator-extra-'));
    let other = await startInProcess({ stateDir: dir });
    try {
        await other.addPhone(MARIA, 'Maria');
        await other.addPhone(JOAO, 'João');
        const { body: added } = await other.call('POST', `/phones/${JOAO}/devices`);
        const read = async (text) => {
            const { body } = await other.call('POST', `/phones/${MARIA}/messages`, { to: JOAO, text });
            return until(`"${text}" on the extra device`, async () => (await other.call('GET', `/phones/${JOAO}/devices/${added.device}/messages`)).body.find((m) => m.id === body.id));
        };
        await read('antes do reinício');
        await other.close();
        other = await startInProcess({ stateDir: dir });
        assert.deepEqual((await other.call('GET', `/phones/${JOAO}/devices`)).body.map((d) => d.jid), [jid(JOAO), added.jid]);
        assert.equal((await read('depois do reinício')).text, 'depois do reinício', 'the same sessions, from the saved state');
    } finally {
        await other.close();
        await rm(dir, { recursive: true, force: true });
    }
});
