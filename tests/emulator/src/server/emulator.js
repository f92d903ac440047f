// Starts the whole emulator: the WebSocket endpoint /ws/chat and the HTTP control API on one port, and the same
// again over TLS on a second (wss:// as the real server is reached), with a certificate from the emulator's
// test CA (test-ca.js).
import http from 'node:http';
import https from 'node:https';
import { WebSocketServer } from 'ws';
import { ServerIdentity } from './identity.js';
import { Faults } from './faults.js';
import { Hub } from './hub.js';
import { installPhoneAbilities } from './phone-abilities.js';
import { VersionFloor } from './version-floor.js';
import { handleControl } from '../control/api.js';
import { startDemo } from './demo.js';
import { StateStore } from './store.js';
import { loadTestCa } from './test-ca.js';

/**
 * options: { port = 0, tlsPort = 0, host = '127.0.0.1', stateDir, demo, qr: { firstMs = 60000, laterMs = 20000, refs = 6 },
 * minWaVersion ("2.3000.N" or [2, 3000, N]; MIN_WA_VERSION when not given), log }.
 * Returns { hub, port, tlsPort, wsUrl, wssUrl, controlUrl, rootKey, testCa, readyLine, close() }.
 */
export async function startEmulator(options = {}) {
    const { port = 0, tlsPort = 0, host = '127.0.0.1', stateDir = null, demo = false, log = () => {} } = options;
    const qr = { firstMs: 60000, laterMs: 20000, refs: 6, ...(options.qr ?? {}) };
    const versionFloor = new VersionFloor(options.minWaVersion ?? undefined); // a bad one fails before any key is made
    const [identity, testCa] = await Promise.all([ServerIdentity.load(stateDir), loadTestCa(stateDir)]);
    const faults = new Faults();
    const hub = new Hub({ identity, faults, log, qr, versionFloor });
    const store = stateDir ? new StateStore(stateDir, log) : null;
    if (store) {
        await store.load(hub);
        hub.persist = () => store.schedule(hub);
    }
    installPhoneAbilities(hub); // after the load: saved extra devices come back to life

    hub.testCa = testCa.caPem;
    const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
    const upgrade = (req, socket, head) => {
        if (!req.url.startsWith('/ws/chat')) {
            socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
            return;
        }
        wss.handleUpgrade(req, socket, head, (ws) => hub.attach(ws));
    };
    const control = (req, res) => handleControl(hub, req, res);
    const server = http.createServer(control);
    // The TLS port is also the media host (media-host.js): uploads to /mms/…, downloads from /v/….
    const tlsServer = https.createServer({ cert: testCa.certPem, key: testCa.keyPem }, (req, res) => (hub.media.handles(req) ? hub.media.serve(req, res) : control(req, res)));
    for (const s of [server, tlsServer]) s.on('upgrade', upgrade);
    const listen = (s, p) =>
        new Promise((resolve, reject) => {
            s.once('error', reject);
            s.listen(p, host, resolve);
        });
    await listen(server, port);
    await listen(tlsServer, tlsPort);
    hub.media.hostname = `${host}:${tlsServer.address().port}`;
    const actualPort = server.address().port;
    if (demo) await startDemo(hub); // customers already saved in --state are kept as they are

    const actualTlsPort = tlsServer.address().port;
    const wsUrl = `ws://${host}:${actualPort}/ws/chat`;
    const wssUrl = `wss://${host}:${actualTlsPort}/ws/chat`;
    const controlUrl = `http://${host}:${actualPort}`;
    return {
        hub,
        port: actualPort,
        tlsPort: actualTlsPort,
        wsUrl,
        wssUrl,
        controlUrl,
        rootKey: identity.rootKeyHex,
        testCa: testCa.caPem,
        readyLine: JSON.stringify({ ready: true, ws: wsUrl, wss: wssUrl, control: controlUrl, rootKey: identity.rootKeyHex, testCa: testCa.caPem }),
        async close() {
            hub.closeAll();
            if (store) await store.save(hub);
            for (const client of wss.clients) client.terminate();
            await Promise.all(
                [server, tlsServer].map(
                    (s) =>
                        new Promise((resolve) => {
                            s.close(() => resolve());
                            s.closeAllConnections?.();
                        }),
                ),
            );
        },
    };
}
