// The two Baileys lines bin/baileys-peer.js can run, behind one shape so the peer's JSON lines do not depend on
// which: `library` (the package's exports), link(emu, phone, options) and login(wsUrl, options), each resolving
// to a companion (sock, creds, restart(), stop()) once Baileys delivers events one by one, and pnKey(key), a
// message key with its chat and sender as phone-number JIDs. options: { authDir, onSocket, socketOptions }.
// Both clients are the unmodified packages, configured only (version = WA_WEB_VERSION, in the test helpers).
// A line's package is imported only when it is chosen.
//
// Media: mediaTrust(caPem) -> { socketOptions, downloadOptions } makes the line's own HTTP code trust the
// emulator's test CA (never by turning certificate checks off). Uploads: both lines post with the socket's
// `fetchAgent` (6.17 through axios as its `httpsAgent`, 7 through node:https as its `agent`), so an https.Agent
// with `ca`. Downloads: 6.17 fetches with axios, which takes `httpsAgent` from downloadMediaMessage's
// `options`; 7 with the global fetch, which takes an undici `dispatcher` (the same undici the phones use).

/** '6' (@whiskeysockets/baileys 6.17.16) or '7' (baileys 7.0.0-rc14). */
export function loadLine(version) {
    return version === '7' ? baileys7() : baileys6();
}

async function baileys6() {
    const library = await import('@whiskeysockets/baileys');
    const https = await import('node:https');
    const { Companion, linkByQr } = await import('../test/helpers/baileys.js');
    return {
        library,
        async link(emu, phone, options) {
            const companion = await linkByQr(emu, phone, options);
            await companion.waitForReady(30000);
            return companion;
        },
        async login(wsUrl, options) {
            const companion = await new Companion({ wsUrl, ...options }).start();
            try {
                await companion.waitForOpen(1, 20000);
                await companion.waitForReady(30000);
            } catch (err) {
                await companion.stop({ keepAuth: true });
                throw err;
            }
            return companion;
        },
        pnKey: (key) => key, // 6.17 addresses 1:1 chats by phone number only
        mediaTrust(ca) {
            const agent = new https.Agent({ ca, keepAlive: false });
            return { socketOptions: { fetchAgent: agent }, downloadOptions: { options: { httpsAgent: agent } } };
        },
    };
}

async function baileys7() {
    const library = await import('baileys');
    const { Baileys7Companion, until } = await import('../test/helpers/baileys7.js');
    const https = await import('node:https');
    const { Agent: UndiciAgent } = await import('undici');
    const { isLidUser } = library;

    // Sockets whose offline queue has been handled (<ib><offline/>): until then Baileys 7 buffers the events of a
    // logged-in socket. The helper's waitForReady only looks at the first app-state sync, which a login with saved
    // creds has already had.
    const settled = new WeakSet();
    const make = (wsUrl, { authDir = null, onSocket = null, socketOptions = {} }) =>
        new Baileys7Companion({
            wsUrl,
            authDir,
            socketOptions,
            onSocket: (sock) => {
                sock.ev.on('connection.update', ({ receivedPendingNotifications }) => {
                    if (receivedPendingNotifications) settled.add(sock);
                });
                onSocket?.(sock);
            },
        });
    const ready = async (companion) => {
        await companion.waitForReady(30000);
        await until('the offline queue to be handled', () => settled.has(companion.sock), 30000);
        return companion;
    };
    const stopAndThrow = async (companion, err) => {
        await companion.stop();
        throw err;
    };

    return {
        library,
        async link(emu, phone, options) {
            const companion = make(emu.wsUrl, options);
            try {
                await companion.link(emu, phone); // throws on a refused link, with the close's code
                return await ready(companion);
            } catch (err) {
                return stopAndThrow(companion, err);
            }
        },
        async login(wsUrl, options) {
            const companion = make(wsUrl, options);
            try {
                await companion.start();
                // A login has no 515 restart: any close before the open is the server's refusal (401, 405…).
                await until('the saved device to log in', () => companion.opens >= 1 || companion.closes.length, 20000);
                const closed = companion.closes[0];
                if (companion.opens < 1) throw new Error(`connection closed (${closed.statusCode}: ${closed.message})`);
                return await ready(companion);
            } catch (err) {
                return stopAndThrow(companion, err);
            }
        },
        // 7 may name a 1:1 chat by the contact's LID, with the phone-number JID beside it (remoteJidAlt,
        // participantAlt); the peer's lines speak phone numbers, as with 6.
        pnKey(key) {
            const pn = (jid, alt) => (jid && isLidUser(jid) && alt ? alt : jid);
            return { ...key, remoteJid: pn(key.remoteJid, key.remoteJidAlt), participant: pn(key.participant, key.participantAlt) };
        },
        mediaTrust(ca) {
            return {
                socketOptions: { fetchAgent: new https.Agent({ ca, keepAlive: false }) },
                downloadOptions: { options: { dispatcher: new UndiciAgent({ connect: { ca } }) } },
            };
        },
    };
}
