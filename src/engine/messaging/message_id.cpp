#include "message_id.h"

#include "binary/big_endian.h"
#include "crypto/crypto.h"

#include <QDateTime>

namespace balcao {

QString newMessageId(const QString &ownUser) {
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QByteArray input = bigEndianBytes(quint32(now >> 32), 4) + bigEndianBytes(quint32(now), 4);
    input += ownUser.toUtf8() + "@c.us" + crypto::randomBytes(16);
    return QStringLiteral("3EB0") + QString::fromLatin1(crypto::sha256(input).left(9).toHex().toUpper());
}

} // namespace balcao
