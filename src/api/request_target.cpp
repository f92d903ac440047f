#include "request_target.h"

#include <QStringDecoder>

namespace balcao::api {

namespace {

Error invalidPath(const QString &why) {
    return makeError(errc::kInvalidPath, QStringLiteral("The request path is not accepted: %1.").arg(why));
}

int hexValue(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// Strict percent-decoding into UTF-8 text; `plusIsSpace` for query strings.
Result<QString> decodeComponent(QByteArrayView raw, bool plusIsSpace) {
    QByteArray bytes;
    bytes.reserve(raw.size());
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (c == '%') {
            if (i + 2 >= raw.size())
                return invalidPath(QStringLiteral("a '%' escape is cut short"));
            const int hi = hexValue(raw[i + 1]);
            const int lo = hexValue(raw[i + 2]);
            if (hi < 0 || lo < 0)
                return invalidPath(QStringLiteral("'%' must be followed by two hex digits"));
            bytes.append(char(hi * 16 + lo));
            i += 2;
        } else if (c == '+' && plusIsSpace) {
            bytes.append(' ');
        } else {
            bytes.append(c);
        }
    }
    for (const char c : std::as_const(bytes)) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f)
            return invalidPath(QStringLiteral("control characters are not allowed"));
    }
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder.decode(bytes);
    if (decoder.hasError())
        return invalidPath(QStringLiteral("the path is not valid UTF-8"));
    return text;
}

} // namespace

Result<RequestTarget> parseRequestTarget(QByteArrayView raw) {
    if (raw.size() > kMaxTargetBytes)
        return makeError(errc::kUriTooLong,
            QStringLiteral("The request target is longer than %1 bytes.").arg(kMaxTargetBytes));
    if (raw.isEmpty() || raw[0] != '/')
        return invalidPath(QStringLiteral("it must start with '/'"));
    for (const char c : raw) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f)
            return invalidPath(
                QStringLiteral("raw spaces, control or non-ASCII bytes must be percent-encoded"));
        if (c == '#')
            return invalidPath(QStringLiteral("a fragment ('#') is not part of a request"));
    }
    const qsizetype question = raw.indexOf('?');
    QByteArrayView path = question < 0 ? raw : raw.first(question);
    const QByteArrayView queryText = question < 0 ? QByteArrayView() : raw.sliced(question + 1);

    RequestTarget target;
    // One trailing slash is tolerated ("/sessions/"); any other empty segment is not.
    if (path.size() > 1 && path.endsWith('/'))
        path.chop(1);
    if (path.size() > 1) {
        const QList<QByteArrayView> parts = [&] {
            QList<QByteArrayView> list;
            qsizetype start = 1;
            for (;;) {
                const qsizetype slash = path.indexOf('/', start);
                list.append(path.sliced(start, (slash < 0 ? path.size() : slash) - start));
                if (slash < 0)
                    return list;
                start = slash + 1;
            }
        }();
        if (parts.size() > kMaxPathSegments)
            return invalidPath(QStringLiteral("more than %1 path segments").arg(kMaxPathSegments));
        for (const QByteArrayView part : parts) {
            if (part.isEmpty())
                return invalidPath(QStringLiteral("empty path segments ('//') are not allowed"));
            auto decoded = decodeComponent(part, false);
            if (!decoded)
                return decoded.error();
            if (*decoded == QLatin1String(".") || *decoded == QLatin1String(".."))
                return invalidPath(QStringLiteral("'.' and '..' segments are not allowed"));
            if (decoded->contains(QLatin1Char('/')) || decoded->contains(QLatin1Char('\\')))
                return invalidPath(QStringLiteral("encoded slashes are not allowed in a segment"));
            target.segments.append(*decoded);
        }
    }
    if (!queryText.isEmpty()) {
        const QList<QByteArray> items = queryText.toByteArray().split('&');
        for (const QByteArray &item : items) {
            if (item.isEmpty())
                continue;
            const qsizetype eq = item.indexOf('=');
            auto key = decodeComponent(eq < 0 ? QByteArrayView(item) : QByteArrayView(item).first(eq), true);
            if (!key)
                return key.error();
            auto value
                = decodeComponent(eq < 0 ? QByteArrayView() : QByteArrayView(item).sliced(eq + 1), true);
            if (!value)
                return value.error();
            if (target.query.contains(*key))
                return makeError(errc::kInvalidArgument,
                    QStringLiteral("The query parameter \"%1\" is given twice.").arg(key->left(40)));
            target.query.insert(*key, *value);
        }
    }
    return target;
}

} // namespace balcao::api
