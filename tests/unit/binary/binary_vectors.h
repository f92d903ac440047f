#pragma once

// Reads tests/emulator/vectors/binary-v2.json and binary-v3.json (format: tests/emulator/vectors/README.md)
// into our types. Shared by the binary codec test executables.

#include "binary/node.h"
#include "binary/token_table.h"

#include <QByteArray>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

namespace balcao::testing {

inline QString vectorFilePath(TokenTableVersion version) {
    return QString::fromUtf8(BALCAO_VECTORS_DIR "/binary-v%1.json").arg(int(version));
}

// The whole file, or an empty object if it cannot be read (the tests then fail on the missing lists).
inline QJsonObject loadVectorFile(TokenTableVersion version) {
    QFile file(vectorFilePath(version));
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    return QJsonDocument::fromJson(file.readAll()).object();
}

inline QByteArray repeated(const QByteArray &pattern, qsizetype length) {
    QByteArray out;
    out.reserve(length);
    while (out.size() < length) {
        out.append(pattern.left(length - out.size()));
    }
    return out;
}

Node nodeFromJson(const QJsonObject &json);

inline Node::Content contentFromJson(const QJsonValue &json) {
    if (json.isUndefined() || json.isNull()) {
        return {};
    }
    if (json.isArray()) {
        Node::Children children;
        for (const QJsonValue &child : json.toArray()) {
            children.push_back(nodeFromJson(child.toObject()));
        }
        return children;
    }
    const QJsonObject object = json.toObject();
    if (object.contains(QLatin1String("text"))) {
        return object.value(QLatin1String("text")).toString();
    }
    if (object.contains(QLatin1String("hex"))) {
        return QByteArray::fromHex(object.value(QLatin1String("hex")).toString().toLatin1());
    }
    const qsizetype length = object.value(QLatin1String("length")).toInteger();
    if (object.contains(QLatin1String("textRepeat"))) {
        return QString::fromUtf8(
            repeated(object.value(QLatin1String("textRepeat")).toString().toUtf8(), length));
    }
    return repeated(
        QByteArray::fromHex(object.value(QLatin1String("hexRepeat")).toString().toLatin1()), length);
}

inline Node nodeFromJson(const QJsonObject &json) {
    QList<Node::Attribute> attributes;
    for (const QJsonValue &pair : json.value(QLatin1String("attrs")).toArray()) {
        const QJsonArray kv = pair.toArray();
        // null stands for a JavaScript undefined/null value, which Baileys leaves out; a Node has no such
        // value.
        if (kv.at(1).isNull()) {
            continue;
        }
        attributes.append(Node::Attribute {kv.at(0).toString(), kv.at(1).toString()});
    }
    return Node(json.value(QLatin1String("tag")).toString(), attributes,
        contentFromJson(json.value(QLatin1String("content"))));
}

inline QByteArray hexBytes(const QJsonValue &value) {
    return QByteArray::fromHex(value.toString().toLatin1());
}

} // namespace balcao::testing
