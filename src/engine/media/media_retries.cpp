#include "media_retries.h"

#include "crypto/crypto.h"

namespace balcao {

MediaRetries::MediaRetries(Sender send, std::function<std::optional<Jid>()> ownUser, QObject *parent)
    : QObject(parent)
    , m_send(std::move(send))
    , m_ownUser(std::move(ownUser)) { }

MediaRetries::~MediaRetries() = default;

void MediaRetries::ask(const media_retry::Request &request, const MediaInfo &media, Done done) {
    if (m_pending.contains(request.messageId)) {
        done(makeError(
            errc::kMediaTransferFailed, QStringLiteral("The phone was already asked for this file.")));
        return;
    }
    const auto own = m_ownUser();
    if (!own) {
        done(makeError(errc::kNotLinked, QStringLiteral("This number is not linked.")));
        return;
    }
    auto receipt
        = media_retry::buildReceipt(request, own->normalizedUser(), media.mediaKey, crypto::randomBytes(12));
    if (!receipt) {
        done(receipt.error());
        return;
    }
    auto pending = std::make_shared<Pending>(Pending {media, std::move(done), std::make_unique<QTimer>()});
    pending->timer->setSingleShot(true);
    connect(pending->timer.get(), &QTimer::timeout, this, [this, id = request.messageId] {
        settle(id,
            makeError(errc::kMediaExpired,
                QStringLiteral("The file has expired on WhatsApp's host and the phone did not send it "
                               "again (is it online?).")));
    });
    pending->timer->start(kAnswerTimeout);
    m_pending.insert(request.messageId, pending);
    m_send(*receipt);
}

bool MediaRetries::handle(const Node &notification) {
    const auto id = media_retry::notificationMessageId(notification);
    if (!id || !m_pending.contains(*id))
        return false;
    const MediaInfo media = m_pending.value(*id)->media;
    auto answer = media_retry::readNotification(notification, media.mediaKey);
    if (!answer) {
        settle(*id, answer.error());
        return true;
    }
    MediaInfo moved = media;
    moved.directPath = answer->directPath; // the host stays the one the message named
    settle(*id, moved);
    return true;
}

void MediaRetries::settle(const QString &messageId, Result<MediaInfo> result) {
    const auto pending = m_pending.take(messageId);
    if (!pending)
        return;
    pending->timer->stop();
    pending->done(std::move(result));
}

} // namespace balcao
