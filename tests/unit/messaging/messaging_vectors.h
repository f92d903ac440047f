#pragma once

// Reads tests/emulator/vectors/messaging.json (format: tests/emulator/vectors/README.md, "messaging.json").
// Shared by the messaging test executables.

#include "../binary/binary_vectors.h"
#include "binary/node_decoder.h"
#include "binary/node_encoder.h"
#include "golden_vectors.h"

#include <QJsonArray>
#include <QTest>

namespace balcao::testing {

inline const QJsonObject &messagingVectors() {
    static const QJsonObject vectors = loadVectors("messaging.json");
    return vectors;
}

// Walks nested objects: at(v, {"preKeys", "upload"}).
inline QJsonValue at(const QJsonValue &root, std::initializer_list<const char *> keys) {
    QJsonValue value = root;
    for (const char *key : keys)
        value = value.toObject().value(QLatin1String(key));
    return value;
}

inline QJsonValue messagingAt(std::initializer_list<const char *> keys) {
    const QJsonValue value = at(messagingVectors(), keys);
    if (value.isUndefined())
        qFatal("messaging.json lacks a value");
    return value;
}

// A {node, encoded} pair: the readable node, and the v3 bytes baileys 7 made of it.
struct NodeVector {
    Node node;
    QByteArray encoded;
};

inline NodeVector nodeVector(const QJsonValue &json) {
    return {nodeFromJson(json.toObject().value(QLatin1String("node")).toObject()),
        hexBytes(json.toObject().value(QLatin1String("encoded")))};
}

// The node the engine reads from the wire: the vector's bytes decoded with our v3 decoder.
inline Node decodedNode(const QJsonValue &json) {
    const auto decoded = NodeDecoder(TokenTableVersion::V3).decode(nodeVector(json).encoded);
    if (!decoded)
        qFatal("a messaging.json node does not decode: %s", qPrintable(decoded.error().message));
    return *decoded;
}

inline QByteArray encodedV3(const Node &node) {
    const auto encoded = NodeEncoder(TokenTableVersion::V3).encode(node);
    return encoded ? *encoded : QByteArray();
}

} // namespace balcao::testing
