#pragma once

#include <QByteArrayView>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <errors.h>

namespace balcao::api {

// As the headless runner's line limit: room for the longest text WhatsApp accepts, and no more.
inline constexpr qsizetype kMaxBodyBytes = 256 * 1024;

// One field a JSON body may carry.
struct FieldRule {
    enum class Type { String, Integer, Boolean, StringArray };
    QString name;
    Type type = Type::String;
    bool required = false;
    qsizetype maxLength = 1024; // strings: characters; arrays: entries (each entry at most 256 characters)
    qint64 min = 0; // integers
    qint64 max = 0;
};
using BodySchema = QList<FieldRule>;

// Checks a request body against `schema` and returns the object: it must be at most `maxBytes` (body-too-
// large), one JSON object (invalid-json), with every required field present, every field of its type and
// within its bounds, and no field the schema does not name (invalid-argument, naming the field). Integers
// must be whole JSON numbers within [min, max]. Strings must not be empty when required. A pure function
// with no side effects: it is what the fuzz targets exercise.
Result<QJsonObject> parseJsonBody(
    QByteArrayView body, const BodySchema &schema, qsizetype maxBytes = kMaxBodyBytes);

} // namespace balcao::api
