#include "outgoing_content.h"

#include "proto/message.pb.h"

namespace balcao {

namespace {

Error unsupported(const QString &what) {
    return makeError(errc::kUnsupported, QStringLiteral("%1 cannot be sent yet; only texts can.").arg(what));
}

std::string toStd(const QString &s) {
    return s.toStdString();
}

QByteArray serialize(const wa::Message &message) {
    QByteArray out(qsizetype(message.ByteSizeLong()), Qt::Uninitialized);
    message.SerializeToArray(out.data(), int(out.size()));
    return out;
}

} // namespace

MessageContent textContent(const QString &text) {
    MessageContent content;
    content.kind = MessageKind::Text;
    content.text = text;
    return content;
}

Result<QByteArray> encodeOutgoing(const MessageContent &content) {
    if (content.kind != MessageKind::Text)
        return unsupported(QStringLiteral("A message of kind \"%1\"").arg(messageKindName(content.kind)));
    if (content.text.isEmpty())
        return makeError(errc::kInvalidArgument, QStringLiteral("A text message needs some text."));
    if (content.viewOnce)
        return unsupported(QStringLiteral("A view-once text"));
    if (!std::holds_alternative<std::monostate>(content.payload))
        return unsupported(QStringLiteral("A text with an attachment"));
    if (content.replyTo && content.replyTo->kind != MessageKind::Text)
        return unsupported(QStringLiteral("A reply to a message of kind \"%1\"")
                               .arg(messageKindName(content.replyTo->kind)));

    wa::Message message;
    const bool plain = !content.replyTo && content.mentions.isEmpty() && !content.forwarded;
    if (plain) {
        message.set_conversation(toStd(content.text));
        return serialize(message);
    }
    auto *extended = message.mutable_extended_text_message();
    extended->set_text(toStd(content.text));
    auto *context = extended->mutable_context_info();
    if (const auto &reply = content.replyTo) {
        context->set_stanza_id(toStd(reply->messageId));
        if (!reply->participant.isEmpty())
            context->set_participant(toStd(reply->participant));
        context->mutable_quoted_message()->set_conversation(toStd(reply->text));
    }
    for (const QString &jid : content.mentions)
        context->add_mentioned_jid(toStd(jid));
    if (content.forwarded) {
        context->set_is_forwarded(true);
        context->set_forwarding_score(qMax<quint32>(1, content.forwardingScore));
    }
    return serialize(message);
}

} // namespace balcao
