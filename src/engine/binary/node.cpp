#include "binary/node.h"

namespace balcao {

namespace {

constexpr qsizetype kShownBytes = 32;

QString escaped(const QString &text) {
    QString out;
    out.reserve(text.size());
    for (QChar c : text) {
        switch (c.unicode()) {
        case u'&':
            out += QStringLiteral("&amp;");
            break;
        case u'<':
            out += QStringLiteral("&lt;");
            break;
        case u'>':
            out += QStringLiteral("&gt;");
            break;
        case u'"':
            out += QStringLiteral("&quot;");
            break;
        default:
            if (c.unicode() < 0x20) {
                out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
            } else {
                out += c;
            }
        }
    }
    return out;
}

void write(const Node &node, QString &out, int depth) {
    const QString indent(depth * 2, u' ');
    out += indent + u'<' + escaped(node.tag());
    for (const Node::Attribute &attribute : node.attributes()) {
        out += u' ' + escaped(attribute.key) + QStringLiteral("=\"") + escaped(attribute.value) + u'"';
    }
    if (!node.hasContent()) {
        out += QStringLiteral("/>");
        return;
    }
    out += u'>';
    if (node.hasChildren()) {
        for (const Node &child : node.children()) {
            out += u'\n';
            write(child, out, depth + 1);
        }
        if (!node.children().empty()) {
            out += u'\n' + indent;
        }
    } else if (node.hasBytes()) {
        const QByteArray &bytes = std::get<QByteArray>(node.content());
        out += QStringLiteral("[%1 bytes: %2%3]")
                   .arg(bytes.size())
                   .arg(QString::fromLatin1(bytes.left(kShownBytes).toHex()))
                   .arg(bytes.size() > kShownBytes ? QStringLiteral("…") : QString());
    } else {
        out += escaped(std::get<QString>(node.content()));
    }
    out += QStringLiteral("</") + escaped(node.tag()) + u'>';
}

} // namespace

Node::Node(QString tag, QList<Attribute> attributes, Content content)
    : m_tag(std::move(tag))
    , m_attributes(std::move(attributes))
    , m_content(std::move(content)) { }

Node::Node(QString tag, QList<Attribute> attributes, Children children)
    : Node(std::move(tag), std::move(attributes), Content(std::move(children))) { }

Node::Node(QString tag, QList<Attribute> attributes, QByteArray bytes)
    : Node(std::move(tag), std::move(attributes), Content(std::move(bytes))) { }

Node::Node(QString tag, QList<Attribute> attributes, QString text)
    : Node(std::move(tag), std::move(attributes), Content(std::move(text))) { }

bool Node::hasAttribute(QStringView key) const {
    for (const Attribute &attribute : m_attributes) {
        if (attribute.key == key) {
            return true;
        }
    }
    return false;
}

QString Node::attribute(QStringView key) const {
    for (const Attribute &attribute : m_attributes) {
        if (attribute.key == key) {
            return attribute.value;
        }
    }
    return QString();
}

void Node::setAttribute(const QString &key, const QString &value) {
    for (Attribute &attribute : m_attributes) {
        if (attribute.key == key) {
            attribute.value = value;
            return;
        }
    }
    m_attributes.append(Attribute {key, value});
}

std::optional<Jid> Node::jidAttribute(QStringView key) const {
    const QString value = attribute(key);
    if (value.isNull()) {
        return std::nullopt;
    }
    return Jid::parse(value);
}

const Node::Children &Node::children() const {
    static const Children kNone;
    if (const auto *children = std::get_if<Children>(&m_content)) {
        return *children;
    }
    return kNone;
}

const Node *Node::child(QStringView tag) const {
    for (const Node &child : children()) {
        if (child.tag() == tag) {
            return &child;
        }
    }
    return nullptr;
}

QList<const Node *> Node::childrenByTag(QStringView tag) const {
    QList<const Node *> out;
    for (const Node &child : children()) {
        if (child.tag() == tag) {
            out.append(&child);
        }
    }
    return out;
}

QByteArray Node::contentBytes() const {
    if (const auto *bytes = std::get_if<QByteArray>(&m_content)) {
        return *bytes;
    }
    if (const auto *text = std::get_if<QString>(&m_content)) {
        return text->toUtf8();
    }
    return QByteArray();
}

QString Node::contentText() const {
    if (const auto *text = std::get_if<QString>(&m_content)) {
        return *text;
    }
    if (const auto *bytes = std::get_if<QByteArray>(&m_content)) {
        return QString::fromUtf8(*bytes);
    }
    return QString();
}

QString Node::toString() const {
    QString out;
    write(*this, out, 0);
    return out;
}

bool Node::operator==(const Node &other) const {
    return m_tag == other.m_tag && m_attributes == other.m_attributes && m_content == other.m_content;
}

} // namespace balcao
