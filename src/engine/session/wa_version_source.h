#pragma once

#include "auth/wa_version.h"

#include <QHash>
#include <QMutex>
#include <QObject>
#include <QUrl>
#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace balcao {

// Which WhatsApp Web version the sessions announce, and where a newer one is learned (docs/protocol.md
// "Client version"). In order of preference: the one given on the command line (never replaced), the
// one read from WhatsApp Web at start, the last one a login succeeded with (remembered in the profile), the
// one this build ships. Reading WhatsApp Web never holds a connection up for longer than the time-out: no
// answer, and the remembered or shipped version is used.
//
// Lives in the thread that created it (the SessionManager's); current(), loggedInWith() and
// refreshFor() may be called from any session thread.
class WaVersionSource : public QObject {
    Q_OBJECT
public:
    struct Options {
        WaVersion shipped;
        WaVersion remembered; // null: none yet
        WaVersion pinned; // --wa-version: used as given, never fetched or replaced
        // WhatsApp Web's service worker, where the client revision is read (the main page of the same
        // origin as a fallback, as whatsmeow reads it). BALCAO_WA_VERSION_URL points tests at a local page.
        QUrl url = QUrl(QStringLiteral("https://web.whatsapp.com/sw.js"));
        int timeoutMs = 4000;
        // Called in this object's thread with a version a login succeeded with, when it is a new one.
        std::function<void(const WaVersion &)> remember;
    };
    // What the last read of WhatsApp Web gave: the version, or why there is none.
    struct Reading {
        std::optional<WaVersion> version;
        QString problem; // for people: "no answer within 4 s", "HTTP 403", "no client_revision in the page"
    };

    explicit WaVersionSource(Options options, QObject *parent = nullptr);
    ~WaVersionSource() override;

    WaVersion current() const;
    bool isPinned() const { return !m_options.pinned.isNull(); }
    QUrl url() const { return m_options.url; }

    // Reads WhatsApp Web once more (one read at a time; later callers share it). `done` runs in
    // `context`'s thread; forget(context) before `context` is destroyed.
    void refreshFor(QObject *context, std::function<void(const Reading &)> done);
    void forget(QObject *context);

    // A login with `version` succeeded: it is remembered for the next start when it is new.
    void loggedInWith(const WaVersion &version);

signals:
    void refreshed(const balcao::WaVersionSource::Reading &reading);

private:
    void startRead();
    void readFrom(const QUrl &url, bool isFallback, int budgetMs);
    void finish(const Reading &reading);

    Options m_options;
    mutable QMutex m_mutex;
    WaVersion m_fetched;
    WaVersion m_remembered;
    bool m_reading = false;
    QHash<QObject *, std::function<void(const Reading &)>> m_waiting;
    QNetworkAccessManager *m_network = nullptr;
};

} // namespace balcao
