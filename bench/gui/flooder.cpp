#include "flooder.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace balcao::bench {

namespace {

// Keeps a few requests in flight, in order of their numbers, until `count` were answered.
class FloodWorker : public QObject {
public:
    FloodWorker(QUrl control, QString from, QString to, int count, Flooder *owner)
        : m_control(std::move(control))
        , m_from(std::move(from))
        , m_to(std::move(to))
        , m_count(count)
        , m_owner(owner) { }

    void run() {
        m_network = new QNetworkAccessManager(this);
        for (int i = 0; i < kInFlight; ++i)
            next();
    }

private:
    static constexpr int kInFlight = 4;

    void next() {
        if (m_sent >= m_count)
            return;
        const int n = m_sent++;
        QNetworkRequest request(m_control.resolved(QUrl(QStringLiteral("/phones/%1/messages").arg(m_from))));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        const QJsonObject body {{QStringLiteral("to"), m_to},
            {QStringLiteral("text"), QStringLiteral("pedido %1: 2 bolos de cenoura, entrega às 15h").arg(n)}};
        QNetworkReply *reply = m_network->post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
        connect(reply, &QNetworkReply::finished, this, [this, reply] {
            reply->deleteLater();
            if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 201)
                ++m_accepted;
            else
                ++m_failed;
            if (m_accepted + m_failed == m_count) {
                const int accepted = m_accepted, failed = m_failed;
                QMetaObject::invokeMethod(
                    m_owner, [owner = m_owner, accepted, failed] { emit owner->finished(accepted, failed); });
                return;
            }
            next();
        });
    }

    QUrl m_control;
    QString m_from;
    QString m_to;
    int m_count;
    Flooder *m_owner;
    QNetworkAccessManager *m_network = nullptr;
    int m_sent = 0;
    int m_accepted = 0;
    int m_failed = 0;
};

} // namespace

Flooder::Flooder(QUrl control, QString fromPhone, QString toPhone, int count, QObject *parent)
    : QObject(parent)
    , m_worker(new FloodWorker(std::move(control), std::move(fromPhone), std::move(toPhone), count, this)) {
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

Flooder::~Flooder() {
    m_thread.quit();
    m_thread.wait();
}

void Flooder::start() {
    auto *worker = static_cast<FloodWorker *>(m_worker);
    QMetaObject::invokeMethod(
        worker, [worker] { worker->run(); }, Qt::QueuedConnection);
}

} // namespace balcao::bench
