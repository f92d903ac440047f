#include "web_socket_frames.h"

#include <QCryptographicHash>
#include <QtEndian>

namespace balcao::websocket {

namespace {

constexpr quint8 kFin = 0x80;
constexpr quint8 kReservedBits = 0x70;
constexpr quint8 kMasked = 0x80;
constexpr qsizetype kMaxControlPayload = 125;

Error protocolError(const QString &what) {
    return makeError(
        errc::kMalformedFrame, QStringLiteral("The server broke the WebSocket protocol: %1.").arg(what));
}

bool isControl(quint8 opcode) {
    return opcode >= 0x8;
}

bool isKnown(quint8 opcode) {
    return opcode <= 0x2 || (opcode >= 0x8 && opcode <= 0xA);
}

// The value of header `name` (case-insensitive) among `lines`, trimmed; nullopt when absent.
std::optional<QByteArray> header(const QList<QByteArray> &lines, QByteArrayView name) {
    for (const QByteArray &line : lines) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && QByteArrayView(line).first(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
    return std::nullopt;
}

bool hasToken(const QByteArray &value, QByteArrayView token) {
    for (const QByteArray &part : value.split(',')) {
        if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

QByteArray encodeClientFrame(Opcode opcode, QByteArrayView payload, quint32 maskKey) {
    QByteArray frame;
    const qsizetype size = payload.size();
    frame.reserve(14 + size);
    frame.append(char(kFin | quint8(opcode)));
    if (size <= 125) {
        frame.append(char(kMasked | quint8(size)));
    } else if (size <= 0xFFFF) {
        frame.append(char(kMasked | 126));
        char length[2];
        qToBigEndian(quint16(size), length);
        frame.append(length, 2);
    } else {
        frame.append(char(kMasked | 127));
        char length[8];
        qToBigEndian(quint64(size), length);
        frame.append(length, 8);
    }
    char mask[4];
    qToBigEndian(maskKey, mask);
    frame.append(mask, 4);
    const qsizetype start = frame.size();
    frame.append(payload);
    char *data = frame.data() + start;
    for (qsizetype i = 0; i < size; ++i)
        data[i] = char(data[i] ^ mask[i & 3]);
    return frame;
}

QByteArray upgradeRequest(const QUrl &url, const QString &origin, const QByteArray &key) {
    QByteArray target = url.path(QUrl::FullyEncoded).toUtf8();
    if (target.isEmpty())
        target = "/";
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toUtf8();
    QByteArray host = url.host(QUrl::FullyEncoded).toUtf8();
    if (host.contains(':'))
        host = '[' + host + ']';
    const int defaultPort = url.scheme() == QLatin1String("wss") ? 443 : 80;
    if (url.port(defaultPort) != defaultPort)
        host += ':' + QByteArray::number(url.port());
    return "GET " + target + " HTTP/1.1\r\nHost: " + host
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
        + "\r\nSec-WebSocket-Version: 13\r\nOrigin: " + origin.toUtf8() + "\r\n\r\n";
}

QByteArray acceptFor(const QByteArray &key) {
    return QCryptographicHash::hash(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11", QCryptographicHash::Sha1)
        .toBase64();
}

Result<std::optional<qsizetype>> parseUpgradeResponse(QByteArrayView bytes, const QByteArray &key) {
    const qsizetype end = bytes.first(std::min(bytes.size(), kMaxHeaderBytes)).indexOf("\r\n\r\n");
    if (end < 0) {
        if (bytes.size() >= kMaxHeaderBytes)
            return protocolError(QStringLiteral("its answer to the upgrade has no end"));
        return std::optional<qsizetype>();
    }
    const QList<QByteArray> lines = bytes.first(end).toByteArray().split('\n');
    const QList<QByteArray> status = lines.first().trimmed().split(' ');
    if (status.size() < 2 || !status.at(0).startsWith("HTTP/1."))
        return protocolError(QStringLiteral("its answer to the upgrade is not HTTP"));
    if (status.at(1) != "101") {
        return makeError(errc::kConnectionFailed,
            QStringLiteral("The server refused the WebSocket connection: HTTP %1.")
                .arg(QString::fromLatin1(lines.first().trimmed().mid(status.at(0).size() + 1))));
    }
    const auto upgrade = header(lines, "Upgrade");
    const auto connection = header(lines, "Connection");
    if (!upgrade || upgrade->compare("websocket", Qt::CaseInsensitive) != 0 || !connection
        || !hasToken(*connection, "upgrade"))
        return protocolError(QStringLiteral("it did not upgrade to a WebSocket"));
    if (header(lines, "Sec-WebSocket-Accept") != acceptFor(key))
        return protocolError(QStringLiteral("its Sec-WebSocket-Accept does not answer our key"));
    if (header(lines, "Sec-WebSocket-Extensions") || header(lines, "Sec-WebSocket-Protocol"))
        return protocolError(QStringLiteral("it chose an extension or subprotocol we did not offer"));
    return std::optional<qsizetype>(end + 4);
}

Result<QList<Message>> FrameReader::feed(QByteArrayView bytes) {
    if (m_failed)
        return *m_failed;
    m_buffer.append(bytes);
    QList<Message> out;
    qsizetype at = 0;
    while (at < m_buffer.size()) {
        auto read = readFrame(at, out);
        if (!read) {
            m_failed = read.error();
            m_buffer.clear();
            m_fragments.clear();
            return read.error();
        }
        if (*read == 0)
            break;
        at += *read;
    }
    // An idle connection keeps nothing: what is left is copied to a buffer of its own size.
    if (at == m_buffer.size())
        m_buffer.clear();
    else if (at > 0)
        m_buffer = m_buffer.mid(at);
    return out;
}

Result<qsizetype> FrameReader::readFrame(qsizetype at, QList<Message> &out) {
    const auto *p = reinterpret_cast<const quint8 *>(m_buffer.constData()) + at;
    const qsizetype available = m_buffer.size() - at;
    if (available < 2)
        return qsizetype(0);
    const bool fin = p[0] & kFin;
    const quint8 opcode = p[0] & 0x0F;
    if (p[0] & kReservedBits)
        return protocolError(QStringLiteral("a frame sets reserved bits"));
    if (!isKnown(opcode))
        return protocolError(QStringLiteral("a frame has the unknown opcode %1").arg(opcode));
    if (p[1] & kMasked)
        return protocolError(QStringLiteral("a frame from the server is masked"));
    quint64 length = p[1] & 0x7F;
    qsizetype header = 2;
    if (length == 126) {
        if (available < 4)
            return qsizetype(0);
        length = qFromBigEndian<quint16>(p + 2);
        header = 4;
    } else if (length == 127) {
        if (available < 10)
            return qsizetype(0);
        length = qFromBigEndian<quint64>(p + 2);
        header = 10;
    }
    if (isControl(opcode) && (!fin || length > kMaxControlPayload))
        return protocolError(QStringLiteral("a control frame is fragmented or longer than 125 bytes"));
    const qsizetype already = opcode == 0 ? m_fragments.size() : 0;
    if (length > quint64(m_maxMessageBytes - already)) {
        return makeError(errc::kFrameTooLarge,
            QStringLiteral("The server sent a message larger than %1 bytes.").arg(m_maxMessageBytes));
    }
    if (available - header < qsizetype(length))
        return qsizetype(0);
    const QByteArray payload = m_buffer.mid(at + header, qsizetype(length));
    if (isControl(opcode)) {
        out.append({Opcode(opcode), payload});
    } else if (opcode == 0) {
        if (!m_fragmented)
            return protocolError(QStringLiteral("a continuation frame continues nothing"));
        m_fragments.append(payload);
        if (fin) {
            out.append({*m_fragmented, std::exchange(m_fragments, {})});
            m_fragmented.reset();
        }
    } else {
        if (m_fragmented)
            return protocolError(QStringLiteral("a new message began before the last one ended"));
        if (fin) {
            out.append({Opcode(opcode), payload});
        } else {
            m_fragmented = Opcode(opcode);
            m_fragments = payload;
        }
    }
    return header + qsizetype(length);
}

} // namespace balcao::websocket
