#include "binary/node_encoder.h"

#include "binary/wire_tags.h"

#include <cmath>

namespace balcao {

namespace {

constexpr qint64 kMaxBinary = (qint64(1) << 32) - 1;
constexpr qsizetype kMaxList = 0xffff;

bool isNibbleChar(QChar c) {
    return (c >= u'0' && c <= u'9') || c == u'-' || c == u'.';
}

bool isHexChar(QChar c) {
    return (c >= u'0' && c <= u'9') || (c >= u'A' && c <= u'F');
}

template<typename Predicate> bool packable(const QString &text, Predicate accepts) {
    if (text.isEmpty() || text.size() > wire::kPackedMax) {
        return false;
    }
    for (QChar c : text) {
        if (!accepts(c)) {
            return false;
        }
    }
    return true;
}

int nibbleValue(QChar c) {
    if (c == u'-') {
        return 10;
    }
    if (c == u'.') {
        return 11;
    }
    return c.unicode() - u'0';
}

int hexValue(QChar c) {
    return c <= u'9' ? c.unicode() - u'0' : 10 + c.unicode() - u'A';
}

// JavaScript's `value & 0xff` for a number already reduced to an integer (ToInt32 wraps modulo 2^32, and 2^32
// is a multiple of 256).
quint8 lowByte(double value) {
    if (!std::isfinite(value)) {
        return 0;
    }
    const double wrapped = std::fmod(std::trunc(value), 256.0);
    return quint8(int(wrapped < 0 ? wrapped + 256.0 : wrapped));
}

// `+text` in JavaScript, for the device part of a JID (Baileys: `device ? +device : undefined`). Decimal
// integers, fractions, exponents and 0x hex are read as JavaScript reads them; anything else is NaN, which
// Baileys writes as 0. (JavaScript also accepts "Infinity", 0b and 0o literals; they all end up 0 or are not
// worth a JID.)
double jsNumber(QStringView text) {
    const QString trimmed = text.trimmed().toString();
    if (trimmed.isEmpty()) {
        return 0;
    }
    if (trimmed.size() > 2 && trimmed[0] == u'0' && (trimmed[1] == u'x' || trimmed[1] == u'X')) {
        bool ok = false;
        const qulonglong value = trimmed.mid(2).toULongLong(&ok, 16);
        return ok ? double(value) : NAN;
    }
    // A decimal literal: [+-] digits [. digits] [e [+-] digits], with at least one digit before the exponent.
    qsizetype i = 0;
    const qsizetype n = trimmed.size();
    auto digits = [&] {
        const qsizetype start = i;
        while (i < n && trimmed[i] >= u'0' && trimmed[i] <= u'9') {
            ++i;
        }
        return i - start;
    };
    if (trimmed[i] == u'+' || trimmed[i] == u'-') {
        ++i;
    }
    qsizetype mantissa = digits();
    if (i < n && trimmed[i] == u'.') {
        ++i;
        mantissa += digits();
    }
    if (mantissa == 0) {
        return NAN;
    }
    if (i < n && (trimmed[i] == u'e' || trimmed[i] == u'E')) {
        ++i;
        if (i < n && (trimmed[i] == u'+' || trimmed[i] == u'-')) {
            ++i;
        }
        if (digits() == 0) {
            return NAN;
        }
    }
    if (i != n) {
        return NAN;
    }
    return trimmed.toDouble();
}

// `parseInt(text)` in JavaScript, for the agent of a JID under token table v3 (it becomes the domain type).
double jsParseInt(QStringView text) {
    QStringView rest = text.trimmed();
    double sign = 1;
    if (!rest.isEmpty() && (rest[0] == u'+' || rest[0] == u'-')) {
        sign = rest[0] == u'-' ? -1 : 1;
        rest = rest.mid(1);
    }
    int base = 10;
    if (rest.size() >= 2 && rest[0] == u'0' && (rest[1] == u'x' || rest[1] == u'X')) {
        base = 16;
        rest = rest.mid(2);
    }
    double value = 0;
    qsizetype used = 0;
    for (QChar c : rest) {
        const int digit = c.isDigit() && c.unicode() < 128               ? c.unicode() - u'0'
            : (base == 16 && c.toLower() >= u'a' && c.toLower() <= u'f') ? 10 + c.toLower().unicode() - u'a'
                                                                         : -1;
        if (digit < 0 || digit >= base) {
            break;
        }
        value = value * base + digit;
        ++used;
    }
    return used == 0 ? NAN : sign * value;
}

class Writer {
public:
    Writer(const TokenTable &table, QByteArray &out)
        : m_table(table)
        , m_v3(table.version() == TokenTableVersion::V3)
        , m_out(out) { }

    Result<void> node(const Node &node) {
        if (node.tag().isEmpty()) {
            return fail(QStringLiteral("a node needs a tag"));
        }
        // The node itself is a list: tag, key/value pairs, and the content if any.
        const qsizetype listSize = 2 * node.attributes().size() + 1 + (node.hasContent() ? 1 : 0);
        if (listSize > kMaxList) {
            return fail(QStringLiteral("<%1> has %2 attributes, more than a list of 65535 items holds")
                            .arg(node.tag())
                            .arg(node.attributes().size()));
        }
        listStart(listSize);
        string(node.tag());
        for (const Node::Attribute &attribute : node.attributes()) {
            string(attribute.key);
            string(attribute.value);
        }
        const Node::Content &content = node.content();
        if (const auto *text = std::get_if<QString>(&content)) {
            string(*text);
        } else if (const auto *bytes = std::get_if<QByteArray>(&content)) {
            if (bytes->size() > kMaxBinary) {
                return fail(QStringLiteral("<%1> content of %2 bytes is over 4 GiB")
                                .arg(node.tag())
                                .arg(bytes->size()));
            }
            byteLength(bytes->size());
            m_out.append(*bytes);
        } else if (const auto *children = std::get_if<Node::Children>(&content)) {
            if (qsizetype(children->size()) > kMaxList) {
                return fail(QStringLiteral("<%1> has %2 children; the format allows 65535")
                                .arg(node.tag())
                                .arg(children->size()));
            }
            listStart(qsizetype(children->size()));
            for (const Node &child : *children) {
                if (Result<void> written = this->node(child); !written) {
                    return written;
                }
            }
        }
        if (m_tooLong) {
            return fail(QStringLiteral("<%1> holds a string over 4 GiB").arg(node.tag()));
        }
        return {};
    }

private:
    static Error fail(QString what) {
        return makeError(errc::kInvalidArgument, QStringLiteral("cannot encode node: ") + what);
    }

    void byte(int value) { m_out.append(char(quint8(value))); }

    void listStart(qsizetype size) {
        if (size == 0) {
            byte(wire::kListEmpty);
        } else if (size < 256) {
            byte(wire::kList8);
            byte(int(size));
        } else {
            byte(wire::kList16);
            byte(int(size >> 8));
            byte(int(size));
        }
    }

    void byteLength(qint64 length) {
        if (length >= (1 << 20)) {
            byte(wire::kBinary32);
            for (int shift = 24; shift >= 0; shift -= 8) {
                byte(int(length >> shift));
            }
        } else if (length >= 256) {
            byte(wire::kBinary20);
            byte(int((length >> 16) & 0x0f));
            byte(int(length >> 8));
            byte(int(length));
        } else {
            byte(wire::kBinary8);
            byte(int(length));
        }
    }

    void raw(const QString &text) {
        const QByteArray utf8 = text.toUtf8();
        if (utf8.size() > kMaxBinary) {
            m_tooLong = true;
            return;
        }
        byteLength(utf8.size());
        m_out.append(utf8);
    }

    template<typename Value> void packed(quint8 tag, const QString &text, Value value) {
        byte(tag);
        const qsizetype pairs = text.size() / 2;
        const bool odd = text.size() % 2 != 0;
        byte(int(pairs + (odd ? 1 : 0)) | (odd ? 0x80 : 0));
        for (qsizetype i = 0; i < pairs; ++i) {
            byte((value(text[2 * i]) << 4) | value(text[2 * i + 1]));
        }
        if (odd) {
            byte((value(text.back()) << 4) | 0x0f);
        }
    }

    // Baileys writeString: token, packed nibbles, packed hex, JID, raw — in that order.
    void string(const QString &text) {
        if (m_v3 && text.isEmpty()) {
            // Baileys 7 writes "" raw; 6 finds it in the table (single-byte token 0).
            raw(text);
            return;
        }
        if (const auto token = m_table.find(text)) {
            if (token->dictionary >= 0) {
                byte(wire::kDictionary0 + token->dictionary);
            }
            byte(token->index);
        } else if (packable(text, isNibbleChar)) {
            packed(wire::kNibble8, text, nibbleValue);
        } else if (packable(text, isHexChar)) {
            packed(wire::kHex8, text, hexValue);
        } else if (const qsizetype at = text.indexOf(u'@'); at >= 0) {
            jid(text, at);
        } else {
            raw(text);
        }
    }

    // Baileys jidDecode + writeJid: `user_agent:device@server`, where only the first ':' and '_' pieces
    // count.
    void jid(const QString &text, qsizetype at) {
        const QStringView whole(text);
        const QStringView server = whole.mid(at + 1);
        const QStringView combined = whole.left(at);
        const qsizetype colon = combined.indexOf(u':');
        const QStringView userAgent = colon >= 0 ? combined.left(colon) : combined;
        std::optional<QStringView> device;
        if (colon >= 0) {
            const QStringView afterColon = combined.mid(colon + 1);
            const qsizetype next = afterColon.indexOf(u':');
            device = next >= 0 ? afterColon.left(next) : afterColon;
        }
        const qsizetype underscore = userAgent.indexOf(u'_');
        const QStringView user = underscore >= 0 ? userAgent.left(underscore) : userAgent;
        std::optional<QStringView> agent;
        if (underscore >= 0) {
            const QStringView afterUnderscore = userAgent.mid(underscore + 1);
            const qsizetype next = afterUnderscore.indexOf(u'_');
            agent = next >= 0 ? afterUnderscore.left(next) : afterUnderscore;
        }

        if (device && !device->isEmpty()) {
            byte(wire::kAdJid);
            byte(domainType(server, agent));
            byte(lowByte(jsNumber(*device)));
            string(user.toString());
            return;
        }
        byte(wire::kJidPair);
        if (user.isEmpty()) {
            byte(wire::kListEmpty);
        } else {
            string(user.toString());
        }
        string(server.toString());
    }

    quint8 domainType(QStringView server, std::optional<QStringView> agent) const {
        if (server == u"lid") {
            return wire::kDomainLid;
        }
        if (!m_v3) {
            return wire::kDomainWhatsApp;
        }
        if (server == u"hosted") {
            return wire::kDomainHosted;
        }
        if (server == u"hosted.lid") {
            return wire::kDomainHostedLid;
        }
        if (agent && !agent->isEmpty()) {
            return lowByte(jsParseInt(*agent));
        }
        return wire::kDomainWhatsApp;
    }

    const TokenTable &m_table;
    const bool m_v3;
    QByteArray &m_out;
    bool m_tooLong = false;
};

} // namespace

NodeEncoder::NodeEncoder(TokenTableVersion version)
    : m_table(&TokenTable::forVersion(version)) { }

Result<QByteArray> NodeEncoder::encode(const Node &node) const {
    QByteArray out;
    out.append(char(0));
    if (Result<void> written = encodeBody(node, out); !written) {
        return written.error();
    }
    return out;
}

Result<void> NodeEncoder::encodeBody(const Node &node, QByteArray &out) const {
    return Writer(*m_table, out).node(node);
}

} // namespace balcao
