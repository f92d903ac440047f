#pragma once

// Adding and linking numbers in a headless Balcão against the emulator, as a user does: add a session,
// ask for a QR, let the emulated phone scan it, wait until the number is connected.
#include "emulator.h"
#include "headless_process.h"

#include <utility>

namespace balcao::testing {

// The id of a new session named `name`; empty when the app did not announce it within 10 s.
inline QString addSession(HeadlessProcess &app, const QString &name) {
    const int from = app.eventCount();
    app.send({{"cmd", "add-session"}, {"name", name}});
    const auto added = app.waitFor(
        [&](const QJsonObject &e) {
            return e.value("event").toString() == "session" && e.value("name").toString() == name;
        },
        10000, from);
    return added ? added->value("session").toString() : QString();
}

// Creates `phone` on the emulator, links a new session to it by QR and waits until it is connected:
// {session id, device jid}, both empty on failure (with a warning saying where it stopped).
inline std::pair<QString, QString> linkByQr(
    Emulator &emulator, HeadlessProcess &app, const QString &phone, const QString &name) {
    emulator.addPhone(phone, name);
    const QString session = addSession(app, name);
    if (session.isEmpty()) {
        qWarning() << "no session added for" << name;
        return {};
    }
    const int from = app.eventCount();
    app.send({{"cmd", "link"}, {"session", session}, {"method", "qr"}});
    const auto qr = app.waitForEvent("qr", session, 15000, from);
    if (!qr) {
        qWarning() << "no QR for" << name;
        return {};
    }
    const auto scan
        = emulator.post(QStringLiteral("/phones/%1/scan").arg(phone), {{"qr", qr->value("qr").toString()}});
    if (scan.status != 200) {
        qWarning() << "scan failed" << scan.status << scan.body.toJson();
        return {};
    }
    const auto connected = app.waitForStatus(session, "connected", 10000, from);
    if (!connected) {
        qWarning() << name << "never connected after the scan";
        return {};
    }
    return {session, connected->value("jid").toString()};
}

} // namespace balcao::testing
