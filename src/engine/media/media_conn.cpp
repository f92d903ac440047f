#include "media_conn.h"

#include "binary/jid.h"

#include <QRegularExpression>

namespace balcao::media_conn {

namespace {

// Fresh answers are asked for a minute before either lifetime ends.
constexpr qint64 kMarginSeconds = 60;
// A host is a DNS name or an IPv4 address, with an optional port: it becomes part of an https URL.
const QRegularExpression &hostPattern() {
    static const QRegularExpression pattern(
        QStringLiteral(R"(^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})(:[0-9]{1,5})?$)"));
    return pattern;
}

Error malformed(const QString &what) {
    return makeError(errc::kMalformedNode, QStringLiteral("The media_conn answer %1.").arg(what));
}

qint64 seconds(const Node &node, QStringView key) {
    bool ok = false;
    const qint64 value = node.attribute(key).toLongLong(&ok);
    return ok && value > 0 ? value : 0;
}

} // namespace

Node buildQuery() {
    return Node(QStringLiteral("iq"),
        {{QStringLiteral("to"), Jid::serverJid().toString()}, {QStringLiteral("type"), QStringLiteral("set")},
            {QStringLiteral("xmlns"), QStringLiteral("w:m")}},
        Node::Children {Node(QStringLiteral("media_conn"))});
}

bool MediaConn::isFresh(qint64 now) const {
    const qint64 authEnds = fetchedAt + (authTtlSeconds > 0 ? authTtlSeconds : ttlSeconds);
    const qint64 listEnds = fetchedAt + ttlSeconds;
    return !auth.isEmpty() && !hosts.isEmpty() && now + kMarginSeconds < std::min(authEnds, listEnds);
}

Result<MediaConn> parseAnswer(const Node &answer, qint64 now) {
    if (answer.tag() != u"iq" || answer.attribute(u"type") != u"result")
        return malformed(QStringLiteral("is not an iq result"));
    const Node *conn = answer.child(u"media_conn");
    if (!conn)
        return malformed(QStringLiteral("has no <media_conn>"));
    MediaConn result;
    result.auth = conn->attribute(u"auth");
    if (result.auth.isEmpty() || result.auth.size() > 4096)
        return malformed(QStringLiteral("has no usable auth token"));
    result.ttlSeconds = seconds(*conn, u"ttl");
    result.authTtlSeconds = seconds(*conn, u"auth_ttl");
    if (result.ttlSeconds == 0)
        return malformed(QStringLiteral("has no ttl"));
    for (const Node *host : conn->childrenByTag(u"host")) {
        const QString name = host->attribute(u"hostname");
        if (hostPattern().match(name).hasMatch() && !result.hosts.contains(name))
            result.hosts.append(name);
    }
    if (result.hosts.isEmpty())
        return malformed(QStringLiteral("names no valid host"));
    result.fetchedAt = now;
    return result;
}

} // namespace balcao::media_conn
