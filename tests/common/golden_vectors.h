#pragma once

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

// Reads the golden vectors the emulator generates from the real client library (tests/emulator/vectors).
namespace balcao::testing {

inline QJsonObject loadVectors(const char *fileName) {
    QFile file(QStringLiteral(BALCAO_VECTORS_DIR "/") + QString::fromLatin1(fileName));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read golden vectors %s", qPrintable(file.fileName()));
    QJsonParseError error {};
    const auto doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        qFatal("golden vectors %s are not a JSON object", qPrintable(file.fileName()));
    return doc.object();
}

inline QByteArray hex(const QJsonValue &value) {
    return QByteArray::fromHex(value.toString().toLatin1());
}

} // namespace balcao::testing
