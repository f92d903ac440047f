#include "demo_phone.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>

namespace balcao {

DemoPhone::DemoPhone(const QUrl &control, QObject *parent)
    : QObject(parent)
    , m_control(control) { }

void DemoPhone::scan(const QString &qr) {
    QNetworkRequest request(
        m_control.resolved(QUrl(QStringLiteral("/phones/%1/scan").arg(QLatin1String(kBusinessPhone)))));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setTransferTimeout(15000);
    const QByteArray body
        = QJsonDocument(QJsonObject {{QStringLiteral("qr"), qr}}).toJson(QJsonDocument::Compact);
    QNetworkReply *reply = m_network.post(request, body);
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 200) {
            emit scanned(true, {});
            return;
        }
        const QJsonObject error = QJsonDocument::fromJson(reply->readAll()).object();
        QString problem = error.value(QStringLiteral("message")).toString();
        if (problem.isEmpty())
            problem = reply->errorString();
        emit scanned(false, tr("The demo phone could not scan the code: %1").arg(problem));
    });
}

} // namespace balcao
