#pragma once

#include "commands.h"
#include "events.h"
#include "pending_requests.h"
#include "reply_task.h"
#include "session.h"
#include "session_directory.h"
#include "start_queue.h"
#include "wa_version_source.h"
#include "worker_pool.h"

#include <QHash>
#include <QObject>
#include <QTimer>

class QThread;

namespace balcao {

class SessionHost;

// Runs every number: each session lives on one thread of a small WorkerPool (its connection, timers and
// storage live there, beside other sessions'),
// the list of sessions in a SessionDirectory, and one stream of Events for the UI, the headless runner
// and the API. Commands come in with execute(); nothing here waits for the network. Lives in the thread
// that created it (the app may give it a thread of its own so the GUI never touches the disk).
class SessionManager : public QObject {
    Q_OBJECT
public:
    // Settings every session shares (server, trust, timings).
    struct Settings {
        Session::Options sessionDefaults;
        // How saved numbers connect at start-up: a few handshakes at a time, spread (StartQueue).
        StartQueue::Options startup;
        int workers = 0; // threads the sessions share; 0 = one per core
        // Where the WhatsApp Web version comes from (null: every session announces
        // sessionDefaults.identity's). Saved numbers start once it has been read, or its time-out passed.
        std::optional<WaVersionSource::Options> versions;
    };

    SessionManager(
        Settings settings, SessionDirectory *directory, SessionStorage *storage, QObject *parent = nullptr);
    ~SessionManager() override;

    // Loads the sessions and starts those that were running before, no more than Settings::startup allows at
    // once.
    void restore();

    // Carries out a command; changes arrive as events, a query's answer as answered(). A non-empty
    // `requestId` comes back with the answer, in any error the command causes (whenever it arises) and in
    // the event of a new or deleted session.
    void execute(const balcao::Command &command, const QString &requestId = {});
    // The same, answered to this caller alone: the task finishes with the command's reply or its error. A
    // send without an id is given one here, so its queued message can be recognised.
    ReplyTask request(balcao::Command command);
    // Whether `requestId` is one request() made (its answers are its caller's, not everyone's).
    bool isTaskRequest(const QString &requestId) const;

    QList<SessionRecord> sessions() const;
    // Where the profile keeps media files (Session::Options::mediaDir).
    QString mediaDir() const { return m_settings.sessionDefaults.mediaDir; }

    // Turns a SendFileCommand's file into the content to send, off this thread, and answers here. Installed
    // by the app (it needs Qt's image code, which the engine does not link); without one, files are refused.
    using AttachmentPreparer
        = std::function<void(const SendFileCommand &, std::function<void(Result<MessageContent>)> done)>;
    void setAttachmentPreparer(AttachmentPreparer preparer) { m_prepareAttachment = std::move(preparer); }

signals:
    void event(const balcao::Event &event);
    // The answer to a query command (list, chats, messages, search), for whoever sent it with `requestId`.
    void answered(const QString &requestId, const balcao::Reply &reply);

private:
    void onSessionEvent(const Event &event);
    SessionHost *hostFor(const QString &id, const char *command, const QString &requestId);
    void launch(const SessionRecord &record);
    void shutDown(const QString &id);
    void setAutoStart(const QString &id, bool autoStart, const QString &requestId);
    void rememberStatus(const QString &id, SessionStatus status, const QString &jid);
    // Starts what the start queue lets through now, and wakes up again when a slot times out.
    void pumpStarts();
    // The session was started, stopped or deleted by hand: the start queue has no say in it any more.
    void dropQueuedStart(const QString &id);

    Settings m_settings;
    AttachmentPreparer m_prepareAttachment;
    std::unique_ptr<WaVersionSource> m_versions; // outlives the sessions, which ask it
    bool m_readingVersion = false; // start-up waits for the first read of WhatsApp Web's version
    WorkerPool m_pool; // destroyed after the sessions (~SessionManager shuts them down first)
    SessionDirectory *m_directory;
    SessionStorage *m_storage;
    QHash<QString, SessionRecord> m_records;
    QStringList m_order;
    QHash<QString, SessionHost *> m_hosts;
    PendingRequests m_pending;
    StartQueue m_starts;
    QTimer m_startTimer;
    QTimer m_expiry;
    quint64 m_lastRequest = 0;
    QString m_requestPrefix;
};

} // namespace balcao
