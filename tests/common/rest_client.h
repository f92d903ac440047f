#pragma once

// Calls Balcão's local HTTP API as an integrator's script would: JSON in, status + JSON out, with the API key
// in X-API-Key. Each call waits (running a local event loop) up to 15 s.
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>
#include <QUrl>
#include <memory>

namespace balcao::testing {

class RestClient {
public:
    struct Reply {
        int status = 0; // 0: no answer
        QByteArray body;
        QByteArray contentType;
        QByteArray disposition; // Content-Disposition
        QJsonObject object() const { return QJsonDocument::fromJson(body).object(); }
        QJsonArray array() const { return QJsonDocument::fromJson(body).array(); }
    };

    RestClient() = default;
    RestClient(QUrl base, QString key)
        : m_base(std::move(base))
        , m_key(std::move(key)) { }

    void setBase(const QUrl &base) { m_base = base; }
    void setKey(const QString &key) { m_key = key; }
    QUrl base() const { return m_base; }

    Reply get(const QString &path) { return send("GET", path, {}); }
    Reply del(const QString &path) { return send("DELETE", path, {}); }
    Reply post(const QString &path, const QJsonObject &body = {}) { return send("POST", path, json(body)); }
    Reply put(const QString &path, const QJsonObject &body) { return send("PUT", path, json(body)); }

    Reply send(const QByteArray &method, const QString &path, const QByteArray &body) {
        QNetworkRequest request(m_base.resolved(QUrl(path)));
        if (!m_key.isEmpty())
            request.setRawHeader("X-API-Key", m_key.toUtf8());
        if (!body.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        std::unique_ptr<QNetworkReply> reply(m_network.sendCustomRequest(request, method, body));
        QEventLoop loop;
        QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(15000, &loop, &QEventLoop::quit);
        loop.exec();
        Reply out;
        out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        out.body = reply->readAll();
        out.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
        out.disposition = reply->rawHeader("Content-Disposition");
        return out;
    }

private:
    static QByteArray json(const QJsonObject &body) {
        return QJsonDocument(body).toJson(QJsonDocument::Compact);
    }

    QNetworkAccessManager m_network;
    QUrl m_base;
    QString m_key;
};

} // namespace balcao::testing
