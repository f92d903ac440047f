// Starts the whole emulator on one port: the WebSocket endpoint /ws/chat and the HTTP control API.
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { ServerIdentity } from './identity.js';
import { Faults } from './faults.js';
import { Hub } from './hub.js';
import { handleControl } from '../control/api.js';
import { startDemo } from './demo.js';
import { StateStore } from './store.js';

/**
 * options: { port = 0, host = '127.0.0.1', stateDir, demo, qr: { firstMs = 60000, laterMs = 20000, refs = 6 }, log }.
 * Returns { hub, port, wsUrl, controlUrl, rootKey, readyLine, close() }.
 */
export async function startEmulator(options = {}) {
    const { port = 0, host = '127.0.0.1', stateDir = null, demo = false, log = () => {} } = options;
    const qr = { firstMs: 60000, laterMs: 20000, refs: 6, ...(options.qr ?? {}) };
    const identity = await ServerIdentity.load(stateDir);
    const faults = new Faults();
    const hub = new Hub({ identity, faults, log, qr });
    const store = stateDir ? new StateStore(stateDir, log) : null;
    if (store) {
        await store.load(hub);
        hub.persist = () => store.schedule(hub);
    }

    const server = http.createServer((req, res) => handleControl(hub, req, res));
    const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
    server.on('upgrade', (req, socket, head) => {
        if (!req.url.startsWith('/ws/chat')) {
            socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
            return;
        }
        wss.handleUpgrade(req, socket, head, (ws) => hub.attach(ws));
    });
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, resolve);
    });
    const actualPort = server.address().port;
    if (demo) await startDemo(hub); // customers already saved in --state are kept as they are

    const wsUrl = `ws://${host}:${actualPort}/ws/chat`;
    const controlUrl = `http://${host}:${actualPort}`;
    return {
        hub,
        port: actualPort,
        wsUrl,
        controlUrl,
        rootKey: identity.rootKeyHex,
        readyLine: JSON.stringify({ ready: true, ws: wsUrl, control: controlUrl, rootKey: identity.rootKeyHex }),
        async close() {
            hub.closeAll();
            if (store) await store.save(hub);
            for (const client of wss.clients) client.terminate();
            await new Promise((resolve) => {
                server.close(() => resolve());
                server.closeAllConnections?.();
            });
        },
    };
}
