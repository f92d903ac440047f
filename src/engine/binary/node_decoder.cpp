#include "binary/node_decoder.h"

#include "binary/inflate_capped.h"
#include "binary/wire_tags.h"

#include <QHash>
#include <algorithm>

namespace balcao {

namespace {

// The smallest encoded node: LIST_8, its size, a one-byte tag.
constexpr qsizetype kMinNodeBytes = 3;
// The smallest encoded string: one token byte.
constexpr qsizetype kMinStringBytes = 1;

Error malformed(const QString &what) {
    return makeError(errc::kMalformedNode, QStringLiteral("malformed node: ") + what);
}

// A cursor over the body that stops at the first error and remembers it with its offset; every read after an
// error returns a harmless value, so callers check `failed()` once per step instead of after every byte.
class Reader {
public:
    Reader(const TokenTable &table, QByteArrayView data)
        : m_table(table)
        , m_v3(table.version() == TokenTableVersion::V3)
        , m_data(data) { }

    Result<Node> document() {
        Node node = this->node();
        if (m_error) {
            return *m_error;
        }
        if (m_pos != m_data.size()) {
            return malformed(QStringLiteral("%1 bytes left over after the node at offset %2")
                                 .arg(m_data.size() - m_pos)
                                 .arg(m_pos));
        }
        return node;
    }

private:
    bool failed() const { return m_error.has_value(); }
    qsizetype remaining() const { return m_data.size() - m_pos; }

    void fail(const QString &what, qsizetype at) {
        if (!m_error) {
            m_error = malformed(QStringLiteral("%1 at offset %2").arg(what).arg(at));
        }
    }

    bool need(qint64 count, const char *what) {
        if (failed()) {
            return false;
        }
        if (count > remaining()) {
            fail(QStringLiteral("%1 needs %2 bytes, %3 left")
                     .arg(QLatin1String(what))
                     .arg(count)
                     .arg(remaining()),
                m_pos);
            return false;
        }
        return true;
    }

    int byte(const char *what) {
        if (!need(1, what)) {
            return 0;
        }
        return quint8(m_data[m_pos++]);
    }

    qint64 bigEndian(int count, const char *what) {
        if (!need(count, what)) {
            return 0;
        }
        qint64 value = 0;
        for (int i = 0; i < count; ++i) {
            value = (value << 8) | quint8(m_data[m_pos++]);
        }
        return value;
    }

    // BINARY_20: only the low 20 bits count (the high nibble of the first byte is ignored, as Baileys and
    // whatsmeow do).
    qint64 int20() { return bigEndian(3, "BINARY_20 length") & 0xfffff; }

    QByteArrayView bytes(qint64 count, const char *what) {
        if (!need(count, what)) {
            return {};
        }
        const QByteArrayView out = m_data.sliced(m_pos, qsizetype(count));
        m_pos += qsizetype(count);
        return out;
    }

    // A length-prefixed run of bytes whose tag was just read at `at`.
    QByteArrayView binary(int tag, const char *what) {
        qint64 length = 0;
        switch (tag) {
        case wire::kBinary8:
            length = byte(what);
            break;
        case wire::kBinary20:
            length = int20();
            break;
        default:
            length = bigEndian(4, what);
            break;
        }
        return bytes(length, what);
    }

    qint64 listSize(int tag, qsizetype at) {
        switch (tag) {
        case wire::kListEmpty:
            return 0;
        case wire::kList8:
            return byte("LIST_8 size");
        case wire::kList16:
            return bigEndian(2, "LIST_16 size");
        default:
            fail(QStringLiteral("tag %1 is not a list").arg(tag), at);
            return 0;
        }
    }

    // Strings nest through JID pairs (a pair's user may itself be a pair), so they count toward the depth
    // cap.
    bool enter(qsizetype at) {
        if (++m_depth > NodeDecoder::kMaxDepth) {
            fail(QStringLiteral("nesting deeper than %1 levels").arg(NodeDecoder::kMaxDepth), at);
            return false;
        }
        return true;
    }
    void leave() { --m_depth; }

    QString string() {
        const qsizetype at = m_pos;
        const int tag = byte("string tag");
        if (failed()) {
            return {};
        }
        return string(tag, at);
    }

    QString string(int tag, qsizetype at) {
        if (tag >= 1 && tag < TokenTable::kSingleByteCount) {
            return m_table.singleByte(tag);
        }
        switch (tag) {
        case wire::kListEmpty:
            return QString();
        case wire::kDictionary0:
        case wire::kDictionary0 + 1:
        case wire::kDictionary0 + 2:
        case wire::kDictionary3: {
            const int index = byte("double-byte token index");
            return failed() ? QString() : m_table.doubleByte(tag - wire::kDictionary0, index);
        }
        case wire::kBinary8:
        case wire::kBinary20:
        case wire::kBinary32: {
            const QByteArrayView raw = binary(tag, "raw string");
            return failed() ? QString() : QString::fromUtf8(raw);
        }
        case wire::kNibble8:
        case wire::kHex8:
            return packed(tag);
        case wire::kJidPair:
            return jidPair(at);
        case wire::kAdJid:
            return adJid(at);
        case wire::kFbJid:
            if (m_v3) {
                return fbJid(at);
            }
            break;
        case wire::kInteropJid:
            if (m_v3) {
                return interopJid(at);
            }
            break;
        default:
            break;
        }
        fail(QStringLiteral("invalid string tag %1").arg(tag), at);
        return QString();
    }

    QString packed(int tag) {
        const qsizetype at = m_pos - 1;
        const int header = byte("packed string length");
        const int count = header & 0x7f;
        const QByteArrayView packedBytes = bytes(count, "packed string");
        if (failed()) {
            return QString();
        }
        QString out(count * 2, Qt::Uninitialized);
        QChar *next = out.data();
        for (char b : packedBytes) {
            for (int nibble : {(quint8(b) >> 4) & 0x0f, quint8(b) & 0x0f}) {
                if (tag == wire::kHex8) {
                    *next++ = QChar(nibble < 10 ? u'0' + nibble : u'A' + nibble - 10);
                } else if (nibble < 10) {
                    *next++ = QChar(u'0' + nibble);
                } else if (nibble == 10 || nibble == 11 || nibble == 15) {
                    // 15 pads odd lengths; elsewhere Baileys keeps it as a NUL character.
                    *next++ = QChar(nibble == 10 ? u'-' : nibble == 11 ? u'.' : u'\0');
                } else {
                    fail(QStringLiteral("invalid nibble %1 in packed string").arg(nibble), at);
                    return QString();
                }
            }
        }
        if (header & 0x80) {
            out.chop(1);
        }
        return out;
    }

    QString jidPair(qsizetype at) {
        if (!enter(at)) {
            return QString();
        }
        const QString user = string();
        const QString server = string();
        leave();
        if (failed()) {
            return QString();
        }
        if (server.isEmpty()) {
            fail(QStringLiteral("JID pair without a server"), at);
            return QString();
        }
        return user + u'@' + server;
    }

    QString adJid(qsizetype at) {
        const int domain = byte("AD JID domain type");
        const int device = byte("AD JID device");
        if (!enter(at)) {
            return QString();
        }
        const QString user = string();
        leave();
        if (failed()) {
            return QString();
        }
        QString server = QStringLiteral("s.whatsapp.net");
        if (m_v3) {
            if (domain == wire::kDomainLid) {
                server = QStringLiteral("lid");
            } else if (domain == wire::kDomainHosted) {
                server = QStringLiteral("hosted");
            } else if (domain == wire::kDomainHostedLid) {
                server = QStringLiteral("hosted.lid");
            }
        } else if (domain != wire::kDomainWhatsApp) {
            // Baileys 6: any non-zero domain type is lid.
            server = QStringLiteral("lid");
        }
        // Device 0 is the primary device and is written without ":0" (Baileys jidEncode).
        return device != 0 ? user + u':' + QString::number(device) + u'@' + server : user + u'@' + server;
    }

    // FB_JID (table v3): string(user), u16 device, string(server) → "user:device@server", device always
    // written.
    QString fbJid(qsizetype at) {
        if (!enter(at)) {
            return QString();
        }
        const QString user = string();
        const qint64 device = bigEndian(2, "FB JID device");
        const QString server = string();
        leave();
        if (failed()) {
            return QString();
        }
        return user + u':' + QString::number(device) + u'@' + server;
    }

    // INTEROP_JID (table v3): string(user), u16 device, u16 integrator, then an optional string(server):
    // Baileys 7 reads it if it can and otherwise rewinds and uses "interop". We only try plain strings there
    // (tokens, packed, raw): a JID there may nest interop JIDs that try servers of their own, so every level
    // re-parses the bytes after it (a 514-byte fuzzer input took 6 s under ASan, and Baileys 0.5 s).
    static bool isJidTag(int tag) {
        return tag == wire::kJidPair || tag == wire::kAdJid || tag == wire::kFbJid
            || tag == wire::kInteropJid;
    }

    QString interopJid(qsizetype at) {
        if (!enter(at)) {
            return QString();
        }
        const QString user = string();
        const qint64 device = bigEndian(2, "interop JID device");
        const qint64 integrator = bigEndian(2, "interop JID integrator");
        QString server = QStringLiteral("interop");
        if (!failed() && remaining() > 0 && !isJidTag(quint8(m_data[m_pos]))) {
            const qsizetype before = m_pos;
            QString read = string();
            if (failed()) {
                m_error.reset();
                m_pos = before;
            } else {
                server = std::move(read);
            }
        }
        leave();
        if (failed()) {
            return QString();
        }
        return QString::number(integrator) + u'-' + user + u':' + QString::number(device) + u'@' + server;
    }

    Node node() {
        const qsizetype at = m_pos;
        if (!enter(at)) {
            return Node();
        }
        if (++m_nodes > NodeDecoder::kMaxNodes) {
            fail(QStringLiteral("more than %1 nodes").arg(NodeDecoder::kMaxNodes), at);
            return Node();
        }
        const int listTag = byte("node list tag");
        const qint64 size = failed() ? 0 : listSize(listTag, at);
        if (failed()) {
            return Node();
        }
        if (size == 0) {
            fail(QStringLiteral("node with an empty list"), at);
            return Node();
        }
        const qsizetype tagAt = m_pos;
        QString tag = string();
        if (failed()) {
            return Node();
        }
        if (tag.isEmpty()) {
            fail(QStringLiteral("node without a tag"), tagAt);
            return Node();
        }
        const qint64 attributeCount = (size - 1) >> 1;
        if (!need(attributeCount * 2 * kMinStringBytes, "attributes")) {
            return Node();
        }
        QList<Node::Attribute> attributes;
        attributes.reserve(attributeCount);
        // Repeated keys are found by a scan while the node is small, as real stanzas are, and through an
        // index beyond that: a 16 MiB frame can carry millions of attributes, and a scan per key would be
        // quadratic.
        constexpr qsizetype kScanLimit = 16;
        QHash<QString, qsizetype> positions;
        for (qint64 i = 0; i < attributeCount && !failed(); ++i) {
            QString key = string();
            QString value = string();
            if (failed()) {
                break;
            }
            qsizetype existing = -1;
            if (attributes.size() <= kScanLimit) {
                for (qsizetype k = 0; k < attributes.size() && existing < 0; ++k) {
                    existing = attributes[k].key == key ? k : -1;
                }
            } else {
                if (positions.isEmpty()) {
                    for (qsizetype k = 0; k < attributes.size(); ++k) {
                        positions.insert(attributes[k].key, k);
                    }
                }
                existing = positions.value(key, -1);
            }
            // A repeated key keeps its first position and takes the last value (a JavaScript object in
            // Baileys).
            if (existing >= 0) {
                attributes[existing].value = std::move(value);
            } else {
                if (!positions.isEmpty()) {
                    positions.insert(key, attributes.size());
                }
                attributes.append(Node::Attribute {std::move(key), std::move(value)});
            }
        }
        if (failed()) {
            return Node();
        }
        Node node(std::move(tag), std::move(attributes));
        if (size % 2 == 0) {
            node.setContent(content());
        }
        leave();
        return failed() ? Node() : node;
    }

    Node::Content content() {
        const qsizetype at = m_pos;
        const int tag = byte("content tag");
        if (failed()) {
            return {};
        }
        switch (tag) {
        case wire::kListEmpty:
        case wire::kList8:
        case wire::kList16: {
            const qint64 count = listSize(tag, at);
            if (failed()) {
                return {};
            }
            if (count * kMinNodeBytes > remaining()) {
                fail(QStringLiteral("list of %1 nodes needs at least %2 bytes, %3 left")
                         .arg(count)
                         .arg(count * kMinNodeBytes)
                         .arg(remaining()),
                    at);
                return {};
            }
            Node::Children children;
            children.reserve(size_t(count));
            for (qint64 i = 0; i < count; ++i) {
                children.push_back(node());
                if (failed()) {
                    return {};
                }
            }
            return children;
        }
        case wire::kBinary8:
        case wire::kBinary20:
        case wire::kBinary32: {
            const QByteArrayView data = binary(tag, "binary content");
            return failed() ? Node::Content() : Node::Content(data.toByteArray());
        }
        default: {
            QString text = string(tag, at);
            return failed() ? Node::Content() : Node::Content(std::move(text));
        }
        }
    }

    const TokenTable &m_table;
    const bool m_v3;
    QByteArrayView m_data;
    qsizetype m_pos = 0;
    int m_depth = 0;
    qsizetype m_nodes = 0;
    std::optional<Error> m_error;
};

} // namespace

NodeDecoder::NodeDecoder(TokenTableVersion version)
    : m_table(&TokenTable::forVersion(version)) { }

Result<Node> NodeDecoder::decode(QByteArrayView frame) const {
    if (frame.isEmpty()) {
        return malformed(QStringLiteral("empty frame, no flag byte"));
    }
    const quint8 flags = quint8(frame[0]);
    if (flags & wire::kFlagCompressed) {
        Result<QByteArray> body = inflateCapped(frame.sliced(1), kMaxDecompressedSize);
        if (!body) {
            return body.error();
        }
        return decodeBody(*body);
    }
    return decodeBody(frame.sliced(1));
}

Result<Node> NodeDecoder::decodeBody(QByteArrayView body) const {
    return Reader(*m_table, body).document();
}

} // namespace balcao
