#include "wa_version_source.h"

#include <QElapsedTimer>
#include <QMutexLocker>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

namespace balcao {

namespace {

// WhatsApp Web answers scripts that do not look like a browser with an error page; both references send a
// current Chrome's headers (whatsmeow's set, a superset of Baileys').
void addBrowserHeaders(QNetworkRequest &request) {
    request.setRawHeader("User-Agent",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/148.0.0.0 "
        "Safari/537.36");
    request.setRawHeader("Sec-Fetch-Dest", "document");
    request.setRawHeader("Sec-Fetch-Mode", "navigate");
    request.setRawHeader("Sec-Fetch-Site", "none");
    request.setRawHeader("Sec-Fetch-User", "?1");
    request.setRawHeader("Accept",
        "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8");
    request.setRawHeader("Accept-Language", "en-US,en;q=0.9");
}

// The fallback: the main page of the same origin carries the revision too.
QUrl mainPageOf(const QUrl &url) {
    QUrl page = url;
    page.setPath(QStringLiteral("/"));
    page.setQuery(QString());
    return page;
}

constexpr qint64 kMaxPageBytes = 8 * 1024 * 1024; // sw.js is about 100 KiB; never hold more

} // namespace

WaVersionSource::WaVersionSource(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_remembered(m_options.remembered) { }

WaVersionSource::~WaVersionSource() = default;

WaVersion WaVersionSource::current() const {
    if (isPinned())
        return m_options.pinned;
    QMutexLocker lock(&m_mutex);
    if (!m_fetched.isNull())
        return m_fetched; // what WhatsApp Web runs now is the best evidence there is
    return std::max(m_remembered, m_options.shipped);
}

void WaVersionSource::refreshFor(QObject *context, std::function<void(const Reading &)> done) {
    {
        QMutexLocker lock(&m_mutex);
        m_waiting.insert(context, std::move(done));
        if (m_reading)
            return;
        m_reading = true;
    }
    QMetaObject::invokeMethod(this, &WaVersionSource::startRead, Qt::QueuedConnection);
}

void WaVersionSource::forget(QObject *context) {
    QMutexLocker lock(&m_mutex);
    m_waiting.remove(context);
}

void WaVersionSource::loggedInWith(const WaVersion &version) {
    {
        QMutexLocker lock(&m_mutex);
        if (version.isNull() || version == m_remembered)
            return;
        m_remembered = version;
    }
    if (m_options.remember) {
        QMetaObject::invokeMethod(
            this, [this, version] { m_options.remember(version); }, Qt::QueuedConnection);
    }
}

void WaVersionSource::startRead() {
    if (isPinned()) {
        finish({std::nullopt, QStringLiteral("the version is pinned with --wa-version")});
        return;
    }
    if (!m_options.url.isValid() || m_options.url.isEmpty()) {
        finish({std::nullopt, QStringLiteral("no address to read the version from")});
        return;
    }
    readFrom(m_options.url, false, m_options.timeoutMs);
}

void WaVersionSource::readFrom(const QUrl &url, bool isFallback, int budget) {
    if (!m_network)
        m_network = new QNetworkAccessManager(this);
    auto started = std::make_shared<QElapsedTimer>();
    started->start();
    QNetworkRequest request(url);
    addBrowserHeaders(request);
    request.setTransferTimeout(budget);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    QNetworkReply *reply = m_network->get(request);
    // The transfer time-out only counts silence; a server that trickles bytes is cut off here.
    QTimer::singleShot(budget, reply, [reply] { reply->abort(); });
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64) {
        if (received > kMaxPageBytes)
            reply->abort();
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, url, isFallback, started, budget] {
        reply->deleteLater();
        Reading reading;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() == QNetworkReply::OperationCanceledError)
            reading.problem
                = QStringLiteral("no answer from %1 within %2 s").arg(url.host()).arg(budget / 1000.0);
        else if (reply->error() != QNetworkReply::NoError && status == 0)
            reading.problem
                = QStringLiteral("%1 could not be read: %2").arg(url.toString(), reply->errorString());
        else if (status != 200)
            reading.problem = QStringLiteral("%1 answered HTTP %2").arg(url.toString()).arg(status);
        else if (auto version = clientRevisionIn(reply->read(kMaxPageBytes)))
            reading.version = version;
        else
            reading.problem = QStringLiteral("%1 names no client revision").arg(url.toString());
        // The main page is a second chance only while the first read left time; a dead network fails both.
        const qint64 left = budget - started->elapsed();
        if (!reading.version && !isFallback && left > 500 && mainPageOf(url) != url) {
            readFrom(mainPageOf(url), true, int(left));
            return;
        }
        finish(reading);
    });
}

void WaVersionSource::finish(const Reading &reading) {
    QHash<QObject *, std::function<void(const Reading &)>> waiting;
    {
        QMutexLocker lock(&m_mutex);
        if (reading.version)
            m_fetched = *reading.version;
        m_reading = false;
        waiting.swap(m_waiting);
        // Delivered while the lock is held: forget() waits, so no context is destroyed in between.
        for (auto it = waiting.begin(); it != waiting.end(); ++it) {
            QMetaObject::invokeMethod(
                it.key(), [done = it.value(), reading] { done(reading); }, Qt::QueuedConnection);
        }
    }
    emit refreshed(reading);
}

} // namespace balcao
