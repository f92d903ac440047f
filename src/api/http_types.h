#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>

// The values a route handler works with: a parsed, size-checked request and the response it gives. Plain
// values, so they cross from the server's network thread to the Qt thread that runs the handlers and back.
namespace balcao::api {

enum class HttpMethod { Get, Post, Put, Patch, Delete, Head, Options, Other };
QString methodName(HttpMethod method);

enum class Role { Admin, Agent };
QString roleName(Role role);
std::optional<Role> roleFromString(QStringView text);

// Who sent a request, once its API key is checked.
struct Caller {
    QString keyId;
    Role role = Role::Agent;
    QSet<QString> sessions; // agent keys: the sessions it may read and send on

    bool isAdmin() const { return role == Role::Admin; }
    bool maySee(const QString &session) const { return isAdmin() || sessions.contains(session); }
};

// A request body written to disk; removed when the last owner lets go, unless taken.
class UploadedFile {
public:
    explicit UploadedFile(QString path)
        : m_path(std::move(path)) { }
    ~UploadedFile();
    UploadedFile(const UploadedFile &) = delete;
    UploadedFile &operator=(const UploadedFile &) = delete;
    // The path, now the caller's to delete.
    QString take() { return std::exchange(m_path, {}); }

private:
    QString m_path;
};

struct Request {
    HttpMethod method = HttpMethod::Other;
    QString target; // as received, for logs
    QStringList segments; // the path, percent-decoded, one entry per segment
    QHash<QString, QString> query; // decoded query items
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
    // A multipart/form-data upload to a route that takes files: the body is in this file (not in `body`). It
    // is deleted with the last copy of the request unless a handler takes it (UploadedFile::take).
    std::shared_ptr<UploadedFile> upload;
    bool websocketUpgrade = false; // a valid WebSocket handshake on a GET
    QHash<QString, QString> params; // the pattern's {names}, filled by the router
    std::optional<Caller> caller; // filled by the server after the key check

    QString param(const QString &name) const { return params.value(name); }
    QByteArray header(const QByteArray &lowerCaseName) const { return headers.value(lowerCaseName); }
};

// What follows the response on the same connection. A handler for /events answers WebSocket or
// EventStream; the network thread then keeps the connection open and feeds it events.
// File: the body is the file at Response::filePath, streamed from disk (media), never read whole.
enum class ResponseKind { Plain, WebSocket, EventStream, File };

struct StreamFilter {
    bool allSessions = false; // admin streams without a session: everything
    QSet<QString> sessions; // sessions the stream carries now
    std::optional<Caller> caller; // to check later WebSocket subscribe requests
};

struct Response {
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers;
    ResponseKind kind = ResponseKind::Plain;
    StreamFilter stream;
    QString filePath; // ResponseKind::File

    static Response json(int status, const QJsonObject &object);
    static Response json(int status, const QJsonArray &array);
    // The one error shape: {"statusCode","error","message"} plus a stable machine "code".
    static Response error(int status, const QString &code, const QString &message);
};

// The standard reason phrase ("Not Found").
QString reasonPhrase(int status);

} // namespace balcao::api
