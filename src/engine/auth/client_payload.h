#pragma once

#include "device_credentials.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <array>

namespace balcao {

// The WhatsApp Web version this build announces unless it is told a newer one: the newest release listed by
// npm @wppconnect/wa-version 1.5.4908 (2.3000.1048032155-alpha, released 2026-09-21; a release expires about
// two months later, after which the server answers <failure reason="405"/>). Bump it on purpose from a newer
// release of that list, together with VERSION in tests/emulator/scripts/vectors/client-payload.js.
inline constexpr std::array<quint32, 3> kShippedWebVersion {2, 3000, 1048032155};

// How a companion presents itself in the ClientPayload of the Noise handshake (docs/protocol.md §3).
// The defaults give, byte for byte, what Baileys 7 sends for browser ["Balcão", "Desktop", …] and country
// "US"; `deviceName` is what the phone lists under "Linked devices". `webVersion` is the version announced; a
// version read at run time replaces the shipped one here.
struct ClientIdentity {
    QList<quint32> webVersion = QList<quint32>(kShippedWebVersion.begin(), kShippedWebVersion.end());
    QString deviceName = QStringLiteral("Balcão");
    QString locale = QStringLiteral("en");
    QString country = QStringLiteral("US");
};

// Builds the serialized ClientPayload for the two kinds of connection: registration (a device that is not
// linked yet: its keys go to the server, which answers with pairing refs) and login (a linked device:
// phone number and device number). Follows Baileys 7 (Utils/validate-connection.js generateLoginNode,
// generateRegistrationNode) field for field: tests/unit/auth/tst_client_payload_vectors.cpp compares the
// bytes with Baileys' own (golden vectors) and names every field where Balcão chooses otherwise (none today;
// the choices against whatsmeow are in docs/protocol.md §3.5).
class ClientPayloadBuilder {
public:
    explicit ClientPayloadBuilder(ClientIdentity identity = {});

    QByteArray registration(const DeviceCredentials &credentials) const;
    // Fails when the credentials' own JID is not a linked device JID ("<digits>:<device>@s.whatsapp.net").
    Result<QByteArray> login(const DeviceCredentials &credentials) const;

private:
    ClientIdentity m_identity;
};

} // namespace balcao
