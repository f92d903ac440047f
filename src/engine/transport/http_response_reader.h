#pragma once

#include "errors.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <functional>

// Reads an HTTP/1.1 response as it arrives (RFC 9112): the status line and headers, then the body by
// Content-Length, chunked transfer coding, or until the connection closes. Bounded: a header block over
// 64 KiB or a malformed chunk is malformed-frame; nothing is buffered beyond what one feed() brings. Pure
// (no sockets), so it is fuzzed on its own.
namespace balcao {

struct HttpResponseHead {
    int status = 0;
    QHash<QByteArray, QByteArray> headers; // names in lower case; a repeated header keeps its last value
    qint64 contentLength = -1; // -1: not given
    bool chunked = false;
};

class HttpResponseReader {
public:
    struct Handlers {
        std::function<Result<void>(const HttpResponseHead &)> head;
        std::function<Result<void>(QByteArrayView)> body;
    };
    static constexpr qsizetype kMaxHeaderBytes = 64 * 1024;

    explicit HttpResponseReader(Handlers handlers);

    // Bytes from the connection, in order. An error from a handler stops the reading and is returned.
    Result<void> feed(QByteArrayView bytes);
    // The connection closed: fine only when the body is complete (or runs until the close).
    Result<void> closed();
    bool isComplete() const { return m_stage == Stage::Done; }

private:
    enum class Stage { Head, Body, ChunkSize, ChunkData, ChunkEnd, Trailers, UntilClose, Done };
    Result<void> parseHead(QByteArrayView block);
    Result<void> emitBody(QByteArrayView bytes);

    Handlers m_handlers;
    Stage m_stage = Stage::Head;
    QByteArray m_line; // a header block or chunk line still arriving
    qint64 m_remaining = 0; // of the body (Content-Length) or of the chunk
};

} // namespace balcao
