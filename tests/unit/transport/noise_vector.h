#pragma once

// Reads tests/emulator/vectors/noise-handshake.json: one WhatsApp Noise handshake with fixed keys between
// Baileys 6.17.16's client noise handler and the emulator's responder (fields in vectors/README.md).
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <crypto/crypto.h>

namespace balcao::test {

struct NoiseVector {
    QJsonObject json;

    static NoiseVector load() {
        QFile file(QStringLiteral(BALCAO_VECTORS_DIR "/noise-handshake.json"));
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return {QJsonDocument::fromJson(file.readAll()).object()};
    }
    bool isValid() const { return json.contains("clientHello"); }

    // A hex field by its dotted path, e.g. "serverHello.handshakeMessage".
    QByteArray bytes(const QString &path) const {
        return QByteArray::fromHex(value(path).toString().toLatin1());
    }
    QJsonValue value(const QString &path) const {
        QJsonValue v = json;
        for (const QString &part : path.split('.'))
            v = v.toObject().value(part);
        return v;
    }
    crypto::KeyPair keyPair(const QString &name) const {
        return {bytes("keys." + name + ".priv"), bytes("keys." + name + ".pub")};
    }
    qint64 now() const { return value("now").toInteger(); }
    QByteArray responderHash(const QString &step) const {
        for (const QJsonValue &s : json.value("responderSteps").toArray()) {
            if (s["step"].toString() == step)
                return QByteArray::fromHex(s["h"].toString().toLatin1());
        }
        return {};
    }
};

} // namespace balcao::test
