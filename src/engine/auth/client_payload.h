#pragma once

#include "device_credentials.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace balcao {

// How a companion presents itself in the ClientPayload of the Noise handshake (docs/protocol.md §3).
// The defaults are WhatsApp Web's, as Baileys sends them; `deviceName` is what the phone lists under
// "Linked devices".
struct ClientIdentity {
    QList<quint32> webVersion {2, 3000, 1019707846};
    QString deviceName = QStringLiteral("Balcão");
    QString locale = QStringLiteral("en");
    QString country = QStringLiteral("US");
};

// Builds the serialized ClientPayload for the two kinds of connection: registration (a device that is not
// linked yet: its keys go to the server, which answers with pairing refs) and login (a linked device:
// phone number and device number).
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
