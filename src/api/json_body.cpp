#include "json_body.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <cmath>

namespace balcao::api {

namespace {

Error invalidArgument(const QString &message) {
    return makeError(errc::kInvalidArgument, message);
}

QString typeName(FieldRule::Type type) {
    switch (type) {
    case FieldRule::Type::String:
        return QStringLiteral("a string");
    case FieldRule::Type::Integer:
        return QStringLiteral("a whole number");
    case FieldRule::Type::Boolean:
        return QStringLiteral("true or false");
    case FieldRule::Type::StringArray:
        return QStringLiteral("an array of strings");
    }
    return {};
}

Result<void> checkField(const FieldRule &rule, const QJsonValue &value) {
    const QString wrongType
        = QStringLiteral("The field \"%1\" must be %2.").arg(rule.name, typeName(rule.type));
    switch (rule.type) {
    case FieldRule::Type::String:
        if (!value.isString())
            return invalidArgument(wrongType);
        if (rule.required && value.toString().trimmed().isEmpty())
            return invalidArgument(QStringLiteral("The field \"%1\" must not be empty.").arg(rule.name));
        if (value.toString().size() > rule.maxLength)
            return invalidArgument(QStringLiteral("The field \"%1\" has at most %2 characters.")
                                       .arg(rule.name)
                                       .arg(rule.maxLength));
        return {};
    case FieldRule::Type::Integer: {
        if (!value.isDouble())
            return invalidArgument(wrongType);
        const double number = value.toDouble();
        if (!std::isfinite(number) || number != std::trunc(number) || number < double(rule.min)
            || number > double(rule.max))
            return invalidArgument(QStringLiteral("The field \"%1\" must be a whole number from %2 to %3.")
                                       .arg(rule.name)
                                       .arg(rule.min)
                                       .arg(rule.max));
        return {};
    }
    case FieldRule::Type::Boolean:
        if (!value.isBool())
            return invalidArgument(wrongType);
        return {};
    case FieldRule::Type::StringArray: {
        if (!value.isArray())
            return invalidArgument(wrongType);
        const QJsonArray array = value.toArray();
        if (array.size() > rule.maxLength)
            return invalidArgument(QStringLiteral("The field \"%1\" has at most %2 entries.")
                                       .arg(rule.name)
                                       .arg(rule.maxLength));
        for (const QJsonValue &entry : array) {
            if (!entry.isString() || entry.toString().isEmpty() || entry.toString().size() > 256)
                return invalidArgument(QStringLiteral(
                    "Every entry of \"%1\" must be a non-empty string of at most 256 characters.")
                                           .arg(rule.name));
        }
        return {};
    }
    }
    return {};
}

} // namespace

Result<QJsonObject> parseJsonBody(QByteArrayView body, const BodySchema &schema, qsizetype maxBytes) {
    if (body.size() > maxBytes)
        return makeError(
            errc::kBodyTooLarge, QStringLiteral("The body is larger than %1 bytes.").arg(maxBytes));
    if (body.trimmed().isEmpty())
        return makeError(errc::kInvalidJson, QStringLiteral("The body is empty; a JSON object is expected."));
    QJsonParseError parseError {};
    const QJsonDocument doc = QJsonDocument::fromJson(body.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return makeError(errc::kInvalidJson,
            QStringLiteral("The body is not valid JSON (%1 at offset %2).")
                .arg(parseError.errorString())
                .arg(parseError.offset));
    if (!doc.isObject())
        return makeError(errc::kInvalidJson, QStringLiteral("The body must be a JSON object."));
    const QJsonObject object = doc.object();
    for (auto it = object.begin(); it != object.end(); ++it) {
        const auto rule = std::find_if(
            schema.cbegin(), schema.cend(), [&](const FieldRule &r) { return r.name == it.key(); });
        if (rule == schema.cend()) {
            QStringList known;
            for (const FieldRule &r : schema)
                known.append(r.name);
            return invalidArgument(QStringLiteral("Unknown field \"%1\"; this request takes: %2.")
                                       .arg(it.key().left(60), known.join(QStringLiteral(", "))));
        }
        if (auto checked = checkField(*rule, it.value()); !checked)
            return checked.error();
    }
    for (const FieldRule &rule : schema) {
        if (rule.required && !object.contains(rule.name))
            return invalidArgument(QStringLiteral("The field \"%1\" is missing.").arg(rule.name));
    }
    return object;
}

} // namespace balcao::api
