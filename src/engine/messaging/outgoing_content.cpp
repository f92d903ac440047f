#include "outgoing_content.h"

#include "media_message.h"

namespace balcao {

namespace {

Error unsupported(const QString &what) {
    return makeError(errc::kUnsupported, QStringLiteral("%1 cannot be sent yet.").arg(what));
}

} // namespace

MessageContent textContent(const QString &text) {
    MessageContent content;
    content.kind = MessageKind::Text;
    content.text = text;
    return content;
}

Result<void> checkOutgoing(const MessageContent &content) {
    if (content.kind != MessageKind::Text)
        return media_message::check(content);
    auto encoded = encodeOutgoing(content);
    if (!encoded)
        return encoded.error();
    return {};
}

Result<QByteArray> encodeOutgoing(const MessageContent &content) {
    if (content.kind == MessageKind::Image || content.kind == MessageKind::Video
        || content.kind == MessageKind::Audio || content.kind == MessageKind::Document
        || content.kind == MessageKind::Sticker || content.kind == MessageKind::Location
        || content.kind == MessageKind::Contact)
        return media_message::encode(content);
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

    return encodeTextMessage(content);
}

} // namespace balcao
