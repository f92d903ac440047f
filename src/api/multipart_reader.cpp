#include "multipart_reader.h"

#include <QList>

namespace balcao::api {

namespace {

Error malformed(const QString &what) {
    return makeError(
        errc::kInvalidArgument, QStringLiteral("The multipart/form-data body is malformed: %1.").arg(what));
}

// The value of `key` in a header's parameters (name="file"; filename="a b.pdf"), quotes removed.
QString parameter(const QByteArray &header, const QByteArray &key) {
    const QByteArray lower = header.toLower();
    qsizetype at = 0;
    while ((at = lower.indexOf(key + '=', at)) >= 0) {
        const bool wholeWord = at == 0 || lower.at(at - 1) == ';' || lower.at(at - 1) == ' ';
        at += key.size() + 1;
        if (!wholeWord)
            continue;
        if (at < header.size() && header.at(at) == '"') {
            QByteArray value;
            for (qsizetype i = at + 1; i < header.size(); ++i) {
                if (header.at(i) == '\\' && i + 1 < header.size()) {
                    value += header.at(++i);
                } else if (header.at(i) == '"') {
                    return QString::fromUtf8(value);
                } else {
                    value += header.at(i);
                }
            }
            return {};
        }
        const qsizetype end = header.indexOf(';', at);
        return QString::fromUtf8(header.mid(at, end < 0 ? -1 : end - at).trimmed());
    }
    return {};
}

} // namespace

Result<QByteArray> MultipartReader::boundaryOf(QByteArrayView contentType) {
    const QByteArray type = contentType.toByteArray();
    if (!type.trimmed().toLower().startsWith("multipart/form-data"))
        return malformed(QStringLiteral("it is not multipart/form-data"));
    const QByteArray boundary = parameter(type, "boundary").toLatin1();
    // RFC 2046: 1 to 70 characters.
    if (boundary.isEmpty() || boundary.size() > 70)
        return malformed(QStringLiteral("its Content-Type names no boundary"));
    return boundary;
}

MultipartReader::MultipartReader(QByteArray boundary, Handlers handlers)
    : m_delimiter("\r\n--" + boundary)
    , m_handlers(std::move(handlers)) {
    // The first delimiter may open the body without the line break before it.
    m_pending = "\r\n";
}

Result<void> MultipartReader::parseHeaders(QByteArrayView block) {
    Part part;
    for (const QByteArray &raw : block.toByteArray().split('\n')) {
        const QByteArray line = raw.trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return malformed(QStringLiteral("a part header without a name"));
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-disposition") {
            if (!value.toLower().startsWith("form-data"))
                return malformed(QStringLiteral("a part that is not form-data"));
            part.name = parameter(value, "name");
            part.fileName = parameter(value, "filename");
        } else if (name == "content-type") {
            part.contentType = value;
        }
    }
    if (part.name.isEmpty())
        return malformed(QStringLiteral("a part without a field name"));
    if (++m_parts > kMaxParts)
        return malformed(QStringLiteral("more than %1 parts").arg(kMaxParts));
    return m_handlers.begin ? m_handlers.begin(part) : Result<void>();
}

Result<void> MultipartReader::feed(QByteArrayView bytes) {
    m_pending.append(bytes);
    for (;;) {
        switch (m_stage) {
        case Stage::Preamble: {
            const qsizetype at = m_pending.indexOf(m_delimiter);
            if (at < 0) {
                // Keep only what could be the start of a delimiter.
                m_pending = m_pending.right(m_delimiter.size() - 1);
                return {};
            }
            m_pending.remove(0, at + m_delimiter.size());
            m_stage = Stage::AfterDelimiter;
            break;
        }
        case Stage::AfterDelimiter:
            if (m_pending.size() < 2)
                return {};
            if (m_pending.startsWith("--")) {
                m_stage = Stage::Done;
                m_pending.clear(); // the epilogue is ignored
                return {};
            }
            if (!m_pending.startsWith("\r\n"))
                return malformed(QStringLiteral("a delimiter not followed by a line break"));
            m_pending.remove(0, 2);
            m_stage = Stage::Headers;
            break;
        case Stage::Headers: {
            const qsizetype end = m_pending.indexOf("\r\n\r\n");
            if (end < 0) {
                if (m_pending.size() > kMaxHeaderBytes)
                    return malformed(QStringLiteral("a part's headers are over 8 KiB"));
                return {};
            }
            if (end > kMaxHeaderBytes)
                return malformed(QStringLiteral("a part's headers are over 8 KiB"));
            const QByteArray block = m_pending.left(end);
            m_pending.remove(0, end + 4);
            if (auto r = parseHeaders(block); !r)
                return r;
            m_stage = Stage::Data;
            break;
        }
        case Stage::Data: {
            const qsizetype at = m_pending.indexOf(m_delimiter);
            if (at < 0) {
                // All but what could be the start of the delimiter is the part's.
                const qsizetype safe = m_pending.size() - (m_delimiter.size() - 1);
                if (safe > 0) {
                    if (m_handlers.data) {
                        if (auto r = m_handlers.data(QByteArrayView(m_pending).first(safe)); !r)
                            return r;
                    }
                    m_pending.remove(0, safe);
                }
                return {};
            }
            if (at > 0 && m_handlers.data) {
                if (auto r = m_handlers.data(QByteArrayView(m_pending).first(at)); !r)
                    return r;
            }
            m_pending.remove(0, at + m_delimiter.size());
            if (m_handlers.end) {
                if (auto r = m_handlers.end(); !r)
                    return r;
            }
            m_stage = Stage::AfterDelimiter;
            break;
        }
        case Stage::Done:
            m_pending.clear();
            return {};
        }
    }
}

Result<void> MultipartReader::finish() {
    if (m_stage == Stage::Done)
        return {};
    return malformed(QStringLiteral("it ends before its closing boundary"));
}

} // namespace balcao::api
