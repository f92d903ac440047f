#include "padding.h"

#include "crypto/crypto.h"

namespace balcao::padding {

int randomPadLength() {
    const int nibble = static_cast<unsigned char>(crypto::randomBytes(1).at(0)) & 0x0F;
    return nibble == 0 ? kMaxSendPad : nibble;
}

QByteArray pad(QByteArrayView plaintext) {
    return padWith(plaintext, randomPadLength()).value();
}

Result<QByteArray> padWith(QByteArrayView plaintext, int length) {
    if (length < 1 || length > kMaxSendPad) {
        return makeError(errc::kInvalidArgument,
            QStringLiteral("A pad length must be 1 to %1, not %2.").arg(kMaxSendPad).arg(length));
    }
    QByteArray padded;
    padded.reserve(plaintext.size() + length);
    padded.append(plaintext);
    padded.append(length, char(length));
    return padded;
}

Result<QByteArray> unpad(QByteArrayView padded) {
    if (padded.isEmpty())
        return makeError(
            errc::kInvalidPadding, QStringLiteral("The decrypted message is empty: it has no padding."));
    const int length = static_cast<unsigned char>(padded.back());
    if (length == 0 || length > kMaxReceivePad) {
        return makeError(errc::kInvalidPadding,
            QStringLiteral("The decrypted message ends in pad length %1; WhatsApp pads with 1 to %2 bytes.")
                .arg(length)
                .arg(kMaxReceivePad));
    }
    if (length > padded.size()) {
        return makeError(errc::kInvalidPadding,
            QStringLiteral("The decrypted message claims %1 pad bytes but has only %2 bytes.")
                .arg(length)
                .arg(padded.size()));
    }
    return padded.first(padded.size() - length).toByteArray();
}

} // namespace balcao::padding
