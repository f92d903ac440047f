#include "retry_request.h"

#include "bundle_query.h"
#include "errors.h"

namespace balcao::retry_request {

Result<RetryRequest> parse(const Node &receipt) {
    const auto bad = [](const QString &why) {
        return makeError(
            errc::kMalformedNode, QStringLiteral("A retry request was not understood: %1.").arg(why));
    };
    const Node *retry = receipt.child(u"retry");
    if (!retry)
        return bad(QStringLiteral("it has no <retry>"));
    const auto device = Jid::parse(receipt.attribute(u"from"));
    if (!device)
        return bad(QStringLiteral("it names no sender"));
    RetryRequest request;
    request.device = *device;
    request.id = retry->attribute(u"id");
    if (request.id.isEmpty())
        request.id = receipt.attribute(u"id");
    if (request.id.isEmpty())
        return bad(QStringLiteral("it names no message"));
    bool ok = false;
    request.count = retry->attribute(u"count").toInt(&ok);
    if (!ok || request.count < 1)
        request.count = 1;
    request.participant = receipt.attribute(u"participant");
    request.recipient = receipt.attribute(u"recipient");
    if (const Node *keys = receipt.child(u"keys")) {
        // The bundle is the same rows a key query answers, with the registration beside <keys>.
        Node::Children row;
        if (const Node *registration = receipt.child(u"registration"))
            row.push_back(*registration);
        for (const Node &part : keys->children())
            row.push_back(part);
        const Node user(
            QStringLiteral("user"), {{QStringLiteral("jid"), device->toString()}}, std::move(row));
        const Node answer(QStringLiteral("iq"), {},
            Node::Children {Node(QStringLiteral("list"), {}, Node::Children {user})});
        auto parsed = bundle_query::parseKeyAnswer(answer);
        if (!parsed || parsed->empty())
            return bad(QStringLiteral("its keys are not a bundle"));
        if (!parsed->front().bundle)
            return parsed->front().bundle.error();
        request.keys = *parsed->front().bundle;
    }
    return request;
}

Plan plan(const RetryRequest &request, bool hasSession, std::optional<qint64> lastRecreatedMs, qint64 nowMs,
    int resendsSoFar) {
    if (resendsSoFar >= kMaxResendsPerDevice) {
        return {true, Plan::Keys::KeepSession,
            QStringLiteral("%1 asked for it again after %2 resends")
                .arg(request.device.toString())
                .arg(resendsSoFar)};
    }
    if (request.keys)
        return {false, Plan::Keys::FromReceipt, QStringLiteral("the request carries a fresh bundle")};
    if (!hasSession)
        return {false, Plan::Keys::FetchBundle, QStringLiteral("there is no session with that device")};
    if (request.count >= 2 && (!lastRecreatedMs || nowMs - *lastRecreatedMs > kRecreateEveryMs))
        return {false, Plan::Keys::FetchBundle,
            QStringLiteral("retry %1 and no new session in the last hour").arg(request.count)};
    return {false, Plan::Keys::KeepSession, QStringLiteral("the session is kept")};
}

Node buildResend(const RetryRequest &request, const QString &type, const QString &encType,
    const QByteArray &ciphertext, const QByteArray &deviceIdentity, const QString &mediaType) {
    QList<Node::Attribute> attributes {{QStringLiteral("id"), request.id},
        {QStringLiteral("to"), request.device.toString()}, {QStringLiteral("type"), type},
        {QStringLiteral("device_fanout"), QStringLiteral("false")}};
    if (!request.participant.isEmpty())
        attributes.append({QStringLiteral("participant"), request.participant});
    if (!request.recipient.isEmpty())
        attributes.append({QStringLiteral("recipient"), request.recipient});
    QList<Node::Attribute> enc {{QStringLiteral("v"), QStringLiteral("2")}, {QStringLiteral("type"), encType},
        {QStringLiteral("count"), QString::number(request.count)}};
    if (!mediaType.isEmpty())
        enc.append({QStringLiteral("mediatype"), mediaType});
    Node::Children children {Node(QStringLiteral("enc"), std::move(enc), ciphertext)};
    if (!deviceIdentity.isEmpty())
        children.push_back(Node(QStringLiteral("device-identity"), {}, deviceIdentity));
    return Node(QStringLiteral("message"), attributes, std::move(children));
}

} // namespace balcao::retry_request
