#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <errors.h>
#include <functional>

// Reads a multipart/form-data body (RFC 7578) as it comes, a piece at a time: each part's headers, then its
// bytes, never holding more than a part's header block and one delimiter's length of it. Pure (no files, no
// sockets), so it is fuzzed on its own; every malformation is an invalid-argument error naming it.
namespace balcao::api {

class MultipartReader {
public:
    struct Part {
        QString name; // the form field
        QString fileName; // for a file part
        QByteArray contentType;
    };
    struct Handlers {
        std::function<Result<void>(const Part &)> begin;
        std::function<Result<void>(QByteArrayView)> data;
        std::function<Result<void>()> end;
    };
    static constexpr qsizetype kMaxHeaderBytes = 8 * 1024;
    static constexpr int kMaxParts = 64;

    // The boundary a Content-Type names; invalid-argument when it is not multipart/form-data with one.
    static Result<QByteArray> boundaryOf(QByteArrayView contentType);

    MultipartReader(QByteArray boundary, Handlers handlers);

    Result<void> feed(QByteArrayView bytes);
    // The body ended: fine only after the closing delimiter.
    Result<void> finish();

private:
    enum class Stage { Preamble, AfterDelimiter, Headers, Data, Done };
    Result<void> parseHeaders(QByteArrayView block);

    QByteArray m_delimiter; // "\r\n--" + boundary
    Handlers m_handlers;
    Stage m_stage = Stage::Preamble;
    QByteArray m_pending; // bytes not decided yet
    int m_parts = 0;
};

} // namespace balcao::api
