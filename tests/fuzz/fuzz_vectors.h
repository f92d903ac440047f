#pragma once

// The golden vectors the fuzz harnesses borrow fixed keys from (tests/emulator/vectors), so that a seed made
// from a real transcript is accepted and every mutation of it is checked against the same state.
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <cstdio>
#include <cstdlib>

namespace balcao::fuzz {

class Vectors {
public:
    // Loads `name` (e.g. "noise-handshake.json"); a missing file stops the fuzzer at once, it would only
    // fuzz error paths otherwise.
    explicit Vectors(const char *name) {
        QFile file(QStringLiteral(BALCAO_VECTORS_DIR "/") + QString::fromLatin1(name));
        if (!file.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "fuzz: cannot read the golden vector %s\n", name);
            std::abort();
        }
        m_json = QJsonDocument::fromJson(file.readAll()).object();
    }

    // A field by its dotted path, e.g. "keys.clientNoise.priv".
    QJsonValue value(const QString &path) const {
        QJsonValue v = m_json;
        for (const QString &part : path.split(QLatin1Char('.')))
            v = v.toObject().value(part);
        return v;
    }
    QByteArray bytes(const QString &path) const {
        return QByteArray::fromHex(value(path).toString().toLatin1());
    }

private:
    QJsonObject m_json;
};

} // namespace balcao::fuzz
