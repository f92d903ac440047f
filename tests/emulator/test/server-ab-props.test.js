// The server's AB properties: <iq xmlns="abt"><props protocol="1"/></iq> is answered with the props Baileys 7
// reads (the privacy-token ones, by config_code as the real server numbers them); the older `w` query keeps its
// own answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { reduceBinaryNodeToDictionary } from 'baileys';
import { startInProcess } from './helpers/emulator.js';
import { linkRaw, loginRaw } from './helpers/raw-companion.js';

const MARIA = '5511900000001';
let emu;
let raw;

before(async () => {
    emu = await startInProcess();
    await emu.addPhone(MARIA, 'Maria');
    raw = await loginRaw(emu, await linkRaw(emu, MARIA));
});
after(async () => {
    raw?.close();
    await emu?.close();
});

const ask = async (id, xmlns, protocol) => {
    raw.send({ tag: 'iq', attrs: { id, to: '@s.whatsapp.net', type: 'get', xmlns }, content: [{ tag: 'props', attrs: { protocol } }] });
    const answer = await raw.waitFor((n) => n.tag === 'iq' && n.attrs.id === id, 5000);
    assert.equal(answer.attrs.type, 'result');
    return answer.content.find((c) => c.tag === 'props');
};

test('abt props carry the three privacy-token props Baileys 7 reads, by config_code', async () => {
    const props = await ask('ab-1', 'abt', '1');
    assert.equal(props.attrs.protocol, '1');
    assert.ok(props.attrs.hash, 'a hash the client sends back next time');
    assert.ok(props.content.every((p) => p.tag === 'prop' && p.attrs.config_code && p.attrs.config_value !== undefined && !p.attrs.name));
    // read as Baileys 7's fetchProps reads them
    const dict = reduceBinaryNodeToDictionary(props, 'prop');
    assert.deepEqual(dict, { 10518: '1', 9666: '1', 14303: '0' });
});

test('the w props query keeps its answer', async () => {
    const props = await ask('w-1', 'w', '2');
    assert.equal(props.attrs.protocol, '2');
    assert.equal(reduceBinaryNodeToDictionary(props, 'prop').webc_pwa_enabled, '1');
});
