#pragma once

#include "binary/jid.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <optional>
#include <variant>
#include <vector>

namespace balcao {

// One stanza of WhatsApp's binary XML (docs/protocol.md §4.2): a tag, attributes in order (the order is
// part of the encoding, so it is kept), and content that is nothing, bytes, a string, or child nodes. Bytes
// and string differ on the wire: bytes go out as BINARY_8/20/32; a string is written as a token, packed
// digits, a JID or raw UTF-8 — and a raw string comes back as bytes when decoded, as in Baileys. A plain
// value type.
class Node {
public:
    struct Attribute {
        QString key;
        QString value;
        bool operator==(const Attribute &) const = default;
    };
    using Children = std::vector<Node>;
    using Content = std::variant<std::monostate, QByteArray, QString, Children>;

    Node() = default;
    explicit Node(QString tag, QList<Attribute> attributes = {}, Content content = {});
    Node(QString tag, QList<Attribute> attributes, Children children);
    Node(QString tag, QList<Attribute> attributes, QByteArray bytes);
    Node(QString tag, QList<Attribute> attributes, QString text);

    const QString &tag() const { return m_tag; }
    void setTag(QString tag) { m_tag = std::move(tag); }

    const QList<Attribute> &attributes() const { return m_attributes; }
    bool hasAttribute(QStringView key) const;
    // The value of `key`, or a null QString when absent.
    QString attribute(QStringView key) const;
    // Replaces the value in place if `key` exists (keeping its position), appends it otherwise.
    void setAttribute(const QString &key, const QString &value);
    // The attribute parsed as a JID (see Jid::parse); nullopt when absent or not a JID.
    std::optional<Jid> jidAttribute(QStringView key) const;

    const Content &content() const { return m_content; }
    void setContent(Content content) { m_content = std::move(content); }
    bool hasContent() const { return !std::holds_alternative<std::monostate>(m_content); }
    bool hasChildren() const { return std::holds_alternative<Children>(m_content); }
    bool hasBytes() const { return std::holds_alternative<QByteArray>(m_content); }
    bool hasText() const { return std::holds_alternative<QString>(m_content); }

    // Child nodes; empty when the content is not a list.
    const Children &children() const;
    // The first child with that tag, or nullptr.
    const Node *child(QStringView tag) const;
    // Every child with that tag.
    QList<const Node *> childrenByTag(QStringView tag) const;
    // Bytes content, or the UTF-8 of string content (servers send short texts either way); empty otherwise.
    QByteArray contentBytes() const;
    // String content, or bytes content read as UTF-8; empty otherwise.
    QString contentText() const;

    // XML-like text for logs and test failures: `<iq id="1" type="get"><ping/></iq>`. Bytes show as
    // `[N bytes: hex…]`, long ones cut.
    QString toString() const;

    bool operator==(const Node &other) const;
    bool operator!=(const Node &other) const { return !(*this == other); }

private:
    QString m_tag;
    QList<Attribute> m_attributes;
    Content m_content;
};

} // namespace balcao
