// Control routes about how strict the server is (tests/emulator/README.md): the WhatsApp Web version floor
// and what each companion still owes an ack for. Same shape as the routes in api.js: [method, path, handler].
import { HttpError } from '../server/errors.js';

export const serverRoutes = [
    ['GET', /^\/version-floor$/, (hub) => [200, hub.versionFloor.report()]],
    ['PUT', /^\/version-floor$/, (hub, body) => {
        hub.versionFloor.set(body);
        return [200, hub.versionFloor.report()];
    }],
    ['GET', /^\/devices\/([^/]+)\/unacked$/, (hub, body, [encoded]) => {
        const jid = decodeURIComponent(encoded);
        const found = hub.registry.device(jid);
        // Kept under the phone-number jid the companion logs in with, also when it is named by its LID.
        if (!found?.companion) throw new HttpError(404, 'unknown-device', `no companion ${jid}`);
        return [200, hub.router.unacked(found.companion.jid)];
    }],
    // The addressing referee (addressing.js): the companion's 1:1 messages judged against whatsmeow's rule, and
    // the messages the server refused with an <ack error> (479, 463).
    ['GET', /^\/devices\/([^/]+)\/addressing$/, (hub, body, [encoded]) => {
        const jid = decodeURIComponent(encoded);
        const found = hub.registry.device(jid);
        if (!found?.companion) throw new HttpError(404, 'unknown-device', `no companion ${jid}`);
        const refused = hub.router.refusals.filter((r) => r.device === found.companion.jid).map(({ id, to, error, reason }) => ({ id, to, error, reason }));
        return [200, { ...hub.router.addressing.report(found.companion.jid), refused }];
    }],
];
