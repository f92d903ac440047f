// libFuzzer target for what the local HTTP API reads before any handler runs (src/api): the request target
// (path and query) and JSON bodies checked against a route's schema. The first byte picks the parser, the
// rest is the input. Nothing may crash them, and what they accept must keep the promises their headers make.
#include <QJsonArray>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <json_body.h>
#include <request_target.h>

using namespace balcao;
using namespace balcao::api;

namespace {

void checkTarget(QByteArrayView raw) {
    auto target = parseRequestTarget(raw);
    if (!target) {
        if (target.error().code.isEmpty() || target.error().message.isEmpty())
            std::abort();
        return;
    }
    if (raw.size() > kMaxTargetBytes || target->segments.size() > kMaxPathSegments)
        std::abort();
    for (const QString &segment : std::as_const(target->segments)) {
        // A segment that could climb or split the path would let a request reach another route.
        if (segment.isEmpty() || segment == QLatin1String(".") || segment == QLatin1String("..")
            || segment.contains(QLatin1Char('/')) || segment.contains(QLatin1Char('\\')))
            std::abort();
        for (const QChar c : segment) {
            if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                std::abort();
        }
    }
}

void checkBody(QByteArrayView body, const BodySchema &schema) {
    auto object = parseJsonBody(body, schema);
    if (!object) {
        if (object.error().code.isEmpty() || object.error().message.isEmpty())
            std::abort();
        return;
    }
    for (auto it = object->constBegin(); it != object->constEnd(); ++it) {
        const auto rule = std::find_if(
            schema.cbegin(), schema.cend(), [&](const FieldRule &r) { return r.name == it.key(); });
        if (rule == schema.cend())
            std::abort(); // a field the route does not know got through
        const QJsonValue value = it.value();
        switch (rule->type) {
        case FieldRule::Type::String:
            if (!value.isString() || value.toString().size() > rule->maxLength)
                std::abort();
            break;
        case FieldRule::Type::Integer: {
            const double d = value.toDouble();
            if (!value.isDouble() || std::floor(d) != d || d < double(rule->min) || d > double(rule->max))
                std::abort();
            break;
        }
        case FieldRule::Type::Boolean:
            if (!value.isBool())
                std::abort();
            break;
        case FieldRule::Type::StringArray:
            if (!value.isArray() || value.toArray().size() > rule->maxLength)
                std::abort();
            for (const QJsonValue entry : value.toArray()) {
                if (!entry.isString())
                    std::abort();
            }
            break;
        }
    }
    for (const FieldRule &rule : schema) {
        if (rule.required && !object->contains(rule.name))
            std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    if (size == 0)
        return 0;
    const QByteArrayView input(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    // The send route's schema, and one with every other kind of field.
    static const BodySchema send {{QStringLiteral("to"), FieldRule::Type::String, true, 64},
        {QStringLiteral("text"), FieldRule::Type::String, true, 65536},
        {QStringLiteral("id"), FieldRule::Type::String, false, 64}};
    static const BodySchema mixed {{QStringLiteral("url"), FieldRule::Type::String, true, 2048},
        {QStringLiteral("events"), FieldRule::Type::StringArray, false, 16},
        {QStringLiteral("limit"), FieldRule::Type::Integer, false, 0, 1, 200},
        {QStringLiteral("enabled"), FieldRule::Type::Boolean, false}};
    switch (data[0] % 3) {
    case 0:
        checkTarget(input);
        break;
    case 1:
        checkBody(input, send);
        break;
    default:
        checkBody(input, mixed);
        break;
    }
    return 0;
}
