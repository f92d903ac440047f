#include "api_context.h"
#include "api_errors.h"
#include "json_body.h"
#include "multipart_reader.h"
#include "route_inputs.h"
#include "router.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QMimeDatabase>
#include <QPointer>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTemporaryFile>
#include <QThreadPool>
#include <QUrl>
#include <auth/phone_number.h>
#include <messaging/text_limits.h>
#include <session/outgoing_json.h>

// A message's file: stream it when it is on this computer, or ask for it to be downloaded (issue 17).
namespace balcao::api {

namespace {

Result<QString> messageIdFromPath(const QString &text) {
    static const QRegularExpression idPattern(QStringLiteral("^[A-Za-z0-9._-]{1,128}$"));
    if (!idPattern.match(text).hasMatch()) {
        return makeError(errc::kInvalidArgument,
            QStringLiteral("\"%1\" is not a message id (letters and digits).").arg(text.left(80)));
    }
    return text;
}

// A declared mimetype goes out only when it looks like one; anything else is served as plain bytes.
QByteArray contentTypeOf(const MediaInfo &media) {
    static const QRegularExpression mime(QStringLiteral(R"(^[a-z0-9.+-]{1,64}/[a-z0-9.+-]{1,64}$)"));
    const QString base = media.mimetype.section(u';', 0, 0).trimmed().toLower();
    return mime.match(base).hasMatch() ? base.toLatin1() : QByteArrayLiteral("application/octet-stream");
}

// A name for saving: the document's own, or the message id with the type's usual extension.
QString fileNameOf(const MediaReply &reply) {
    QString name = reply.media.fileName.section(u'/', -1).section(u'\\', -1).trimmed();
    if (name.isEmpty()) {
        const QMimeType type
            = QMimeDatabase().mimeTypeForName(QString::fromLatin1(contentTypeOf(reply.media)));
        const QString suffix = type.isValid() ? type.preferredSuffix() : QString();
        name = suffix.isEmpty() ? reply.id : reply.id + u'.' + suffix;
    }
    return name.left(200);
}

// RFC 6266: an ASCII fallback, and the real name in UTF-8 for clients that read filename*.
QByteArray dispositionOf(const QString &name) {
    QByteArray ascii;
    for (const QChar c : name)
        ascii += (c.unicode() >= 0x20 && c.unicode() < 0x7f && c != u'"' && c != u'\\') ? char(c.unicode())
                                                                                        : '_';
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + QUrl::toPercentEncoding(name);
}

struct MediaTarget {
    QString session;
    QString chat;
    QString id;
};

Result<MediaTarget> targetOf(const Request &request) {
    auto chat = chatFromPath(request.param(QStringLiteral("jid")));
    if (!chat)
        return chat.error();
    auto id = messageIdFromPath(request.param(QStringLiteral("msgId")));
    if (!id)
        return id.error();
    if (!request.query.isEmpty())
        return makeError(errc::kInvalidArgument, QStringLiteral("This request takes no query parameters."));
    return MediaTarget {request.param(QStringLiteral("id")), *chat, *id};
}

// The fields of a file sent as JSON or as a form, besides the file itself.
struct FileFields {
    QString to;
    QString kind;
    QString fileName;
    QString caption;
    QString id;
};

Result<FileFields> fileFieldsOf(const QHash<QString, QString> &fields) {
    FileFields f;
    auto to = userJidFromInput(fields.value(QStringLiteral("to")));
    if (!to)
        return to.error();
    f.to = *to;
    f.kind = fields.value(QStringLiteral("kind"));
    f.fileName = fields.value(QStringLiteral("fileName"));
    f.caption = fields.value(QStringLiteral("caption"));
    f.id = fields.value(QStringLiteral("id"));
    if (f.kind.size() > 16 || f.fileName.size() > 255 || f.caption.size() > kMaxTextCharacters)
        return makeError(
            errc::kInvalidArgument, QStringLiteral("\"kind\", \"fileName\" or \"caption\" is too long."));
    static const QRegularExpression idPattern(QStringLiteral("^[A-Za-z0-9]{1,64}$"));
    if (!f.id.isEmpty() && !idPattern.match(f.id).hasMatch())
        return makeError(
            errc::kInvalidArgument, QStringLiteral("The field \"id\" must be 1 to 64 letters and digits."));
    return f;
}

Error cannotKeep() {
    return makeError(errc::kStorageFull, QStringLiteral("Cannot keep the file on this computer."));
}

// A new, empty file of `dir` for an uploaded file, kept until its send has read it.
Result<QString> newUploadFile(const QString &dir) {
    QDir().mkpath(dir);
    QTemporaryFile file(dir + QStringLiteral("/file-XXXXXXXX"));
    file.setAutoRemove(false);
    if (!file.open())
        return cannotKeep();
    return file.fileName();
}

// A file's bytes in a new file of `dir` (the JSON route's decoded base64).
Result<QString> writeUpload(const QString &dir, const QByteArray &bytes) {
    auto path = newUploadFile(dir);
    if (!path)
        return path;
    QFile file(*path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size()) {
        file.remove();
        return cannotKeep();
    }
    return path;
}

// Reads a multipart upload (the body in `bodyFile`): the text fields, and the part named "file" copied to a
// file of its own. Runs off the API's thread; deletes `bodyFile`.
struct FormUpload {
    QHash<QString, QString> fields;
    QString filePath;
    QString fileName;
};
Result<FormUpload> readForm(const QString &bodyFile, const QByteArray &contentType, const QString &dir) {
    const auto removeBody = qScopeGuard([&bodyFile] { QFile::remove(bodyFile); });
    auto boundary = MultipartReader::boundaryOf(contentType);
    if (!boundary)
        return boundary.error();
    FormUpload form;
    QFile out;
    QString field;
    QByteArray value;
    bool inFile = false;
    MultipartReader reader(*boundary,
        {[&](const MultipartReader::Part &part) -> Result<void> {
             field = part.name;
             value.clear();
             inFile = part.name == QLatin1String("file");
             if (!inFile)
                 return {};
             if (!form.filePath.isEmpty())
                 return makeError(
                     errc::kInvalidArgument, QStringLiteral("Send one \"file\" part, not several."));
             auto path = newUploadFile(dir);
             if (!path)
                 return path.error();
             form.filePath = *path;
             form.fileName = part.fileName.section(u'/', -1).section(u'\\', -1);
             out.setFileName(form.filePath);
             if (!out.open(QIODevice::WriteOnly))
                 return cannotKeep();
             return {};
         },
            [&](QByteArrayView bytes) -> Result<void> {
                if (inFile) {
                    if (out.write(bytes.data(), bytes.size()) != bytes.size())
                        return cannotKeep();
                    return {};
                }
                if (value.size() + bytes.size() > 64 * 1024)
                    return makeError(errc::kInvalidArgument,
                        QStringLiteral("The field \"%1\" is too long.").arg(field.left(40)));
                value.append(bytes);
                return {};
            },
            [&]() -> Result<void> {
                if (inFile)
                    out.close();
                else
                    form.fields.insert(field, QString::fromUtf8(value));
                inFile = false;
                return {};
            }});
    QFile body(bodyFile);
    Result<void> read = body.open(QIODevice::ReadOnly)
        ? Result<void>()
        : Result<void>(makeError(errc::kStorageFailed, QStringLiteral("Cannot read the upload back.")));
    while (read && !body.atEnd())
        read = reader.feed(body.read(256 * 1024));
    if (read)
        read = reader.finish();
    if (read && form.filePath.isEmpty())
        read = makeError(errc::kInvalidArgument, QStringLiteral("The form has no \"file\" part."));
    if (!read) {
        out.close();
        if (!form.filePath.isEmpty())
            QFile::remove(form.filePath);
        return read.error();
    }
    return form;
}

} // namespace

bool isFileUploadRoute(HttpMethod method, const QStringList &segments) {
    return method == HttpMethod::Post && segments.size() == 4 && segments.at(0) == QLatin1String("sessions")
        && segments.at(2) == QLatin1String("messages") && segments.at(3) == QLatin1String("media");
}

void installMediaRoutes(Router &router, const ApiContext &ctx) {
    router.add(
        HttpMethod::Post, QStringLiteral("/sessions/{id}/messages/media"), Access::Session,
        [ctx](const Request &request, Responder respond) {
            const QString session = request.param(QStringLiteral("id"));
            const auto send = [ctx, session, respond](FileFields fields, QString path, QString fileName) {
                if (fields.fileName.isEmpty())
                    fields.fileName = fileName;
                ctx.answer(respond,
                    SendFileCommand {session, fields.to, path, fields.kind, fields.fileName, fields.caption,
                        fields.id, true},
                    201, 60000);
            };
            if (ctx.uploadDir.isEmpty())
                return respond.send(
                    errorResponse(makeError(errc::kUnsupported, QStringLiteral("This API takes no files."))));
            if (!ctx.session(session))
                return respond.send(unknownSession(session));
            if (request.upload) {
                // A form: read off this thread (it may be a large file), then send.
                QPointer<QObject> context(ctx.context);
                QThreadPool::globalInstance()->start(
                    [bodyFile = request.upload->take(), type = request.header("content-type"),
                        dir = ctx.uploadDir, context, respond, send] {
                        auto form = readForm(bodyFile, type, dir);
                        QMetaObject::invokeMethod(
                            context.data(),
                            [form, respond, send] {
                                if (!form)
                                    return respond.send(errorResponse(form.error()));
                                auto fields = fileFieldsOf(form->fields);
                                if (!fields) {
                                    QFile::remove(form->filePath);
                                    return respond.send(errorResponse(fields.error()));
                                }
                                send(*fields, form->filePath, form->fileName);
                            },
                            Qt::QueuedConnection);
                    });
                return;
            }
            static const BodySchema schema {
                {QStringLiteral("to"), FieldRule::Type::String, true, 64},
                {QStringLiteral("data"), FieldRule::Type::String, true, kMaxFileJsonBytes},
                {QStringLiteral("kind"), FieldRule::Type::String, false, 16},
                {QStringLiteral("fileName"), FieldRule::Type::String, false, 255},
                {QStringLiteral("caption"), FieldRule::Type::String, false, kMaxTextCharacters},
                {QStringLiteral("mimetype"), FieldRule::Type::String, false, 255},
                {QStringLiteral("id"), FieldRule::Type::String, false, 64},
            };
            auto body = parseJsonBody(request.body, schema, kMaxFileJsonBytes);
            if (!body)
                return respond.send(errorResponse(body.error()));
            QHash<QString, QString> values;
            for (auto it = body->constBegin(); it != body->constEnd(); ++it)
                values.insert(it.key(), it.value().toString());
            auto fields = fileFieldsOf(values);
            if (!fields)
                return respond.send(errorResponse(fields.error()));
            const auto decoded = QByteArray::fromBase64Encoding(
                values.value(QStringLiteral("data")).toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
            if (!decoded || decoded.decoded.isEmpty())
                return respond.send(errorResponse(makeError(
                    errc::kInvalidArgument, QStringLiteral("\"data\" must be the file in base64."))));
            if (decoded.decoded.size() > kMaxFileBase64Bytes) {
                return respond.send(errorResponse(makeError(errc::kBodyTooLarge,
                    QStringLiteral("A file sent as base64 can be at most 16 MiB; send larger ones as "
                                   "multipart/form-data."))));
            }
            auto path = writeUpload(ctx.uploadDir, decoded.decoded);
            if (!path)
                return respond.send(errorResponse(path.error()));
            send(*fields, *path, {});
        },
        QStringLiteral(
            "Send a file (photo, voice note, video, document, sticker): JSON with \"data\" in base64 "
            "(up to 16 MiB) or multipart/form-data with a \"file\" part; 201 once it is queued"));

    for (const auto &[path, read, what] :
        {std::tuple {QStringLiteral("/sessions/{id}/messages/location"), &outgoing_json::location,
             QStringLiteral("Send a location (latitude, longitude, name, address); 201 once it is queued")},
            std::tuple {QStringLiteral("/sessions/{id}/messages/contact"), &outgoing_json::contactCard,
                QStringLiteral("Send a contact card (name with vcard or phone); 201 once it is queued")}}) {
        router.add(
            HttpMethod::Post, path, Access::Session,
            [ctx, read = read](const Request &request, Responder respond) {
                const QString session = request.param(QStringLiteral("id"));
                const QJsonObject o = QJsonDocument::fromJson(request.body).object();
                if (o.isEmpty())
                    return respond.send(errorResponse(
                        makeError(errc::kInvalidJson, QStringLiteral("The body must be a JSON object."))));
                auto to = userJidFromInput(o.value(QStringLiteral("to")).toString());
                if (!to)
                    return respond.send(errorResponse(to.error()));
                auto content = read(o);
                if (!content)
                    return respond.send(errorResponse(content.error()));
                static const QRegularExpression idPattern(QStringLiteral("^[A-Za-z0-9]{1,64}$"));
                const QString id = o.value(QStringLiteral("id")).toString();
                if (o.contains(QStringLiteral("id")) && !idPattern.match(id).hasMatch())
                    return respond.send(errorResponse(makeError(errc::kInvalidArgument,
                        QStringLiteral("The field \"id\" must be 1 to 64 letters and digits."))));
                if (!ctx.session(session))
                    return respond.send(unknownSession(session));
                ctx.answer(respond, SendCommand {session, *to, *content, id}, 201);
            },
            what);
    }
    router.add(
        HttpMethod::Get, QStringLiteral("/sessions/{id}/chats/{jid}/messages/{msgId}/media"), Access::Session,
        [ctx](const Request &request, Responder respond) {
            auto target = targetOf(request);
            if (!target)
                return respond.send(errorResponse(target.error()));
            if (!ctx.session(target->session))
                return respond.send(unknownSession(target->session));
            const QString downloadPath = request.target.section(u'?', 0, 0) + QStringLiteral("/download");
            respondWhenDone(std::move(respond),
                ctx.manager->request(MediaCommand {target->session, target->chat, target->id, false}),
                ctx.context, [downloadPath](const Reply &reply) {
                    const auto *media = std::get_if<MediaReply>(&reply);
                    if (!media)
                        return replyResponse(500, reply);
                    if (media->state != QLatin1String("downloaded")) {
                        return Response::error(404, QLatin1String(errc::kMediaNotDownloaded),
                            QStringLiteral("The file is not on this computer yet (%1); POST %2 to fetch it.")
                                .arg(media->state, downloadPath));
                    }
                    Response file;
                    file.kind = ResponseKind::File;
                    file.filePath = media->path;
                    file.contentType = contentTypeOf(media->media);
                    file.headers.append({"Content-Disposition", dispositionOf(fileNameOf(*media))});
                    return file;
                });
        },
        QStringLiteral("A message's file, streamed (Content-Type, Content-Length, Content-Disposition); 404 "
                       "media-not-downloaded until it is here"));

    router.add(
        HttpMethod::Post, QStringLiteral("/sessions/{id}/chats/{jid}/messages/{msgId}/media/download"),
        Access::Session,
        [ctx](const Request &request, Responder respond) {
            auto target = targetOf(request);
            if (!target)
                return respond.send(errorResponse(target.error()));
            if (!request.body.trimmed().isEmpty() && request.body.trimmed() != "{}") {
                return respond.send(errorResponse(makeError(
                    errc::kInvalidArgument, QStringLiteral("This request takes no body (or {})."))));
            }
            if (!ctx.session(target->session))
                return respond.send(unknownSession(target->session));
            respondWhenDone(std::move(respond),
                ctx.manager->request(MediaCommand {target->session, target->chat, target->id, true}),
                ctx.context, [](const Reply &reply) {
                    const auto *media = std::get_if<MediaReply>(&reply);
                    return replyResponse(
                        media && media->state == QLatin1String("downloaded") ? 200 : 202, reply);
                });
        },
        QStringLiteral("Fetch a message's file: 200 when it is already here, 202 while it comes down "
                       "(message.media events follow)"));
}

} // namespace balcao::api
