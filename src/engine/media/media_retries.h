#pragma once

#include "binary/jid.h"
#include "binary/node.h"
#include "errors.h"
#include "media/media_retry.h"
#include "messaging/message_content.h"

#include <QHash>
#include <QObject>
#include <QTimer>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>

namespace balcao {

// The media retries one number has asked for and not yet heard back about (media_retry.h): each asks our
// phone once, and gets its answer (the file's new place) or, after kAnswerTimeout, a clear failure. Lives in
// the session thread.
class MediaRetries : public QObject {
    Q_OBJECT
public:
    using Sender = std::function<void(const Node &)>;
    using Done = std::function<void(Result<MediaInfo>)>;
    static constexpr std::chrono::seconds kAnswerTimeout {30};

    MediaRetries(Sender send, std::function<std::optional<Jid>()> ownUser, QObject *parent = nullptr);
    ~MediaRetries() override;

    // Asks for `media` (of the message `request` names) again; `done` gets it with its new direct path.
    void ask(const media_retry::Request &request, const MediaInfo &media, Done done);
    // A <notification type="mediaretry">: true when it answers one of our questions (which is then settled).
    bool handle(const Node &notification);

private:
    struct Pending {
        MediaInfo media;
        Done done;
        std::unique_ptr<QTimer> timer;
    };
    void settle(const QString &messageId, Result<MediaInfo> result);

    Sender m_send;
    std::function<std::optional<Jid>()> m_ownUser;
    QHash<QString, std::shared_ptr<Pending>> m_pending; // by message id
};

} // namespace balcao
