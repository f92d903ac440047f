// bin/wa-emulator.js as Balcão's tests and the demo start it: the ready line, the control API's answers and
// errors, --state, --demo, and a clean stop on SIGTERM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import https from 'node:https';
import { fileURLToPath } from 'node:url';
import { startChild, controlCall } from './helpers/emulator.js';
import { linkByQr } from './helpers/baileys.js';

const READY = /^\{"ready":true,"ws":"ws:\/\/127\.0\.0\.1:([0-9]+)\/ws\/chat","wss":"wss:\/\/127\.0\.0\.1:([0-9]+)\/ws\/chat","control":"http:\/\/127\.0\.0\.1:([0-9]+)","rootKey":"[0-9a-f]{64}","testCa":"-----BEGIN CERTIFICATE-----[^"]+-----END CERTIFICATE-----\\r\\n"\}$/;

// GET over TLS trusting only `ca`: resolves with the status, or rejects as Node's TLS check does.
function tlsGet(url, ca) {
    return new Promise((resolve, reject) => {
        https.get(url, { ca }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode));
        }).on('error', reject);
    });
}

test('the ready line, health, root key, control errors and a clean SIGTERM', async () => {
    const emu = await startChild();
    let closed = false;
    try {
        const m = READY.exec(emu.readyLine);
        assert.ok(m, emu.readyLine);
        assert.equal(m[1], m[3]);
        assert.notEqual(m[1], '0');
        assert.notEqual(m[2], '0');
        assert.notEqual(m[2], m[1]);
        // The test CA: in the ready line, at /test-ca.pem, and what the wss:// port's certificate chains to.
        const pem = await fetch(`${emu.controlUrl}/test-ca.pem`);
        assert.equal(pem.headers.get('content-type'), 'application/x-pem-file');
        assert.equal(await pem.text(), emu.testCa);
        assert.ok(new X509Certificate(emu.testCa).ca);
        assert.equal(await tlsGet(`https://127.0.0.1:${m[2]}/health`, emu.testCa), 200);
        await assert.rejects(tlsGet(`https://127.0.0.1:${m[2]}/health`, undefined), /unable to verify the first certificate|unable to get local issuer|self[- ]signed/);
        assert.deepEqual((await emu.call('GET', '/health')).body, { ok: true, connections: 0, handshakesInFlight: 0, handshakesInFlightMax: 0 });
        assert.deepEqual((await emu.call('GET', '/root-key')).body, { rootKey: emu.rootKey });

        const created = await emu.call('POST', '/phones', { phone: '5511900000001', name: 'Maria' });
        assert.equal(created.status, 201);
        assert.equal(created.body.jid, '5511900000001@s.whatsapp.net');
        assert.match(created.body.lid, /^[0-9]+@lid$/);
        const cases = [
            ['POST', '/phones', { phone: '5511900000001', name: 'Maria' }, 409],
            ['POST', '/phones', { phone: 'abc' }, 400],
            ['GET', '/nowhere', undefined, 404],
            ['DELETE', '/health', undefined, 405],
            ['GET', '/phones/5599999999999/devices', undefined, 404],
            ['POST', '/phones/5511900000001/scan', {}, 400],
            ['POST', '/phones/5511900000001/messages', { to: '5511900000009', text: 'oi' }, 404],
            ['POST', '/phones/5511900000001/read', { chat: '5511900000009', ids: [] }, 400],
            ['POST', '/devices/5511900000001:9@s.whatsapp.net/ping', {}, 409],
            ['POST', '/devices/5511900000001:9@s.whatsapp.net/ping', { timeoutMs: 0 }, 400],
        ];
        for (const [method, p, body, status] of cases) {
            const r = await emu.call(method, p, body);
            assert.equal(r.status, status, `${method} ${p}`);
            assert.equal(typeof r.body.error, 'string');
            assert.equal(typeof r.body.message, 'string');
        }
        const res = await fetch(`${emu.controlUrl}/phones`, { method: 'POST', body: '{not json' });
        assert.equal(res.status, 400);
        assert.deepEqual((await emu.call('GET', '/phones/5511900000001/devices')).body, [{ jid: '5511900000001@s.whatsapp.net', connected: true }]);

        const { code, signal } = await emu.close();
        closed = true;
        assert.equal(code, 0);
        assert.equal(signal, null);
    } finally {
        if (!closed) await emu.close();
    }
});

test('--demo: a companion links through the child process, is greeted, and stdout stays the ready line', async () => {
    const emu = await startChild(['--demo']);
    try {
        const ana = await emu.call('GET', '/phones/5511987650001/devices');
        assert.deepEqual(ana.body, [{ jid: '5511987650001@s.whatsapp.net', connected: true }]);
        await emu.addPhone('5511900000009', 'Padaria');
        const owner = await linkByQr(emu, '5511900000009');
        try {
            // customers' phones write by LID (whatsmeow's rule); Ana is known here by her name
            const greeting = await owner.waitForText((t, m) => m.key.remoteJid.endsWith('@lid') && m.pushName === 'Ana Souza', 15000);
            assert.equal(greeting.pushName, 'Ana Souza');
        } finally {
            await owner.stop();
        }
        assert.deepEqual(emu.stdoutLines, [emu.readyLine]);
    } finally {
        await emu.close();
    }
});

test('a bad flag is refused with exit code 2', () => {
    const bin = fileURLToPath(new URL('../bin/wa-emulator.js', import.meta.url));
    const r = spawnSync(process.execPath, [bin, '--port', 'abc'], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /bad --port/);
    assert.equal(r.stdout, '');
});

test('controlCall reports a refused connection as an error', async () => {
    await assert.rejects(controlCall('http://127.0.0.1:1', 'GET', '/health'));
});
