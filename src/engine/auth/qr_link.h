#pragma once

#include "device_credentials.h"

#include <QString>

namespace balcao {

// The text a companion shows as its QR code for one pairing ref (docs/protocol.md §6.2 step 4):
// ref,base64(noise public key),base64(identity public key),base64(ADV secret). The phone reads the keys
// from it and answers with pair-success, whose HMAC is keyed with the ADV secret.
inline QString qrLinkText(const QByteArray &ref, const DeviceCredentials &credentials) {
    return QString::fromLatin1(ref + ',' + credentials.noiseKey.publicKey.toBase64() + ','
        + credentials.identityKey.publicKey.toBase64() + ',' + credentials.advSecret.toBase64());
}

} // namespace balcao
