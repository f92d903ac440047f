#include "http_types.h"

#include <QFile>
#include <QJsonDocument>

namespace balcao::api {

UploadedFile::~UploadedFile() {
    if (!m_path.isEmpty())
        QFile::remove(m_path);
}

QString methodName(HttpMethod method) {
    switch (method) {
    case HttpMethod::Get:
        return QStringLiteral("GET");
    case HttpMethod::Post:
        return QStringLiteral("POST");
    case HttpMethod::Put:
        return QStringLiteral("PUT");
    case HttpMethod::Patch:
        return QStringLiteral("PATCH");
    case HttpMethod::Delete:
        return QStringLiteral("DELETE");
    case HttpMethod::Head:
        return QStringLiteral("HEAD");
    case HttpMethod::Options:
        return QStringLiteral("OPTIONS");
    case HttpMethod::Other:
        break;
    }
    return QStringLiteral("OTHER");
}

QString roleName(Role role) {
    return role == Role::Admin ? QStringLiteral("admin") : QStringLiteral("agent");
}

std::optional<Role> roleFromString(QStringView text) {
    if (text == u"admin")
        return Role::Admin;
    if (text == u"agent")
        return Role::Agent;
    return std::nullopt;
}

Response Response::json(int status, const QJsonObject &object) {
    Response response;
    response.status = status;
    response.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return response;
}

Response Response::json(int status, const QJsonArray &array) {
    Response response;
    response.status = status;
    response.body = QJsonDocument(array).toJson(QJsonDocument::Compact);
    return response;
}

Response Response::error(int status, const QString &code, const QString &message) {
    return json(status,
        QJsonObject {{QStringLiteral("statusCode"), status}, {QStringLiteral("error"), reasonPhrase(status)},
            {QStringLiteral("message"), message}, {QStringLiteral("code"), code}});
}

QString reasonPhrase(int status) {
    switch (status) {
    case 200:
        return QStringLiteral("OK");
    case 201:
        return QStringLiteral("Created");
    case 202:
        return QStringLiteral("Accepted");
    case 204:
        return QStringLiteral("No Content");
    case 400:
        return QStringLiteral("Bad Request");
    case 401:
        return QStringLiteral("Unauthorized");
    case 403:
        return QStringLiteral("Forbidden");
    case 404:
        return QStringLiteral("Not Found");
    case 405:
        return QStringLiteral("Method Not Allowed");
    case 408:
        return QStringLiteral("Request Timeout");
    case 409:
        return QStringLiteral("Conflict");
    case 410:
        return QStringLiteral("Gone");
    case 411:
        return QStringLiteral("Length Required");
    case 413:
        return QStringLiteral("Payload Too Large");
    case 414:
        return QStringLiteral("URI Too Long");
    case 415:
        return QStringLiteral("Unsupported Media Type");
    case 421:
        return QStringLiteral("Misdirected Request");
    case 422:
        return QStringLiteral("Unprocessable Entity");
    case 426:
        return QStringLiteral("Upgrade Required");
    case 429:
        return QStringLiteral("Too Many Requests");
    case 431:
        return QStringLiteral("Request Header Fields Too Large");
    case 500:
        return QStringLiteral("Internal Server Error");
    case 501:
        return QStringLiteral("Not Implemented");
    case 502:
        return QStringLiteral("Bad Gateway");
    case 503:
        return QStringLiteral("Service Unavailable");
    case 504:
        return QStringLiteral("Gateway Timeout");
    case 507:
        return QStringLiteral("Insufficient Storage");
    default:
        break;
    }
    return QStringLiteral("Error");
}

} // namespace balcao::api
