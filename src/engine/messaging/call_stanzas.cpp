#include "call_stanzas.h"

#include "binary/jid.h"
#include "errors.h"

namespace balcao::calls {

namespace {

CallStanza::Kind kindOf(const QString &tag) {
    using Kind = CallStanza::Kind;
    if (tag == QLatin1String("offer"))
        return Kind::Offer;
    if (tag == QLatin1String("offer_notice"))
        return Kind::OfferNotice;
    if (tag == QLatin1String("accept"))
        return Kind::Accept;
    if (tag == QLatin1String("reject"))
        return Kind::Reject;
    if (tag == QLatin1String("terminate"))
        return Kind::Terminate;
    if (tag == QLatin1String("timeout"))
        return Kind::Timeout;
    return Kind::Other;
}

QString userOf(const QString &jid) {
    const auto parsed = Jid::parse(jid);
    return parsed ? parsed->normalizedUser().toString() : jid;
}

} // namespace

Result<CallStanza> parseCall(const Node &call) {
    const auto bad = [](const QString &why) {
        return makeError(
            errc::kMalformedNode, QStringLiteral("A call stanza was not understood: %1.").arg(why));
    };
    if (call.tag() != QLatin1String("call"))
        return bad(QStringLiteral("it is a <%1>").arg(call.tag()));
    if (call.children().size() != 1)
        return bad(QStringLiteral("it has %1 children, not one").arg(call.children().size()));
    const Node &info = call.children().front();
    CallStanza stanza;
    stanza.kind = kindOf(info.tag());
    stanza.from = call.attribute(u"from");
    stanza.callId = info.attribute(u"call-id");
    stanza.creator = info.attribute(u"call-creator");
    if (stanza.creator.isEmpty())
        stanza.creator = info.attribute(u"from");
    if (stanza.creator.isEmpty())
        stanza.creator = stanza.from;
    stanza.video = info.child(u"video") != nullptr;
    stanza.timestamp = call.attribute(u"t").toLongLong();
    stanza.offline = call.hasAttribute(u"offline");
    if (stanza.callId.isEmpty() || stanza.callId.size() > 128)
        return bad(QStringLiteral("no usable call-id"));
    if (!Jid::parse(stanza.from))
        return bad(QStringLiteral("no caller"));
    return stanza;
}

Node buildReject(const QString &ownJid, const QString &callerJid, const QString &callId, const QString &id) {
    const QString caller = userOf(callerJid);
    return Node(QStringLiteral("call"),
        {{QStringLiteral("id"), id}, {QStringLiteral("from"), userOf(ownJid)},
            {QStringLiteral("to"), caller}},
        Node::Children {Node(QStringLiteral("reject"),
            {{QStringLiteral("call-id"), callId}, {QStringLiteral("call-creator"), caller},
                {QStringLiteral("count"), QStringLiteral("0")}})});
}

} // namespace balcao::calls
