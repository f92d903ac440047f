#pragma once

#include "binary/node.h"
#include "binary/node_decoder.h"
#include "binary/node_encoder.h"
#include "transport/noise_socket.h"

#include <QObject>

namespace balcao {

// A connection that speaks stanzas: a NoiseSocket whose frames are binary nodes (token table 3). It reads
// the server's way of ending a stream — <stream:error code>, <failure reason>, <xmlstreamend/> — and ends
// exactly once with closed(), carrying the code the reconnect policy needs (0 for a plain drop). Lives
// in the session thread; one object per connection attempt.
class NodeConnection : public QObject {
    Q_OBJECT
public:
    explicit NodeConnection(QObject *parent = nullptr);

    void open(NoiseSocket::Options options);
    Result<void> send(const Node &node);
    // Ends the connection without emitting closed().
    void close();
    // Ends the connection as a failure, emitting closed() once (e.g. a missed keepalive).
    void abort(const Error &error, int code = 0);

    bool isReady() const { return m_socket && m_socket->isReady(); }

    // How the server ended the stream (docs/protocol.md §9): a <failure> answers the login, a
    // <stream:error> ends a running connection; nullopt for other nodes. Code 0 is a plain drop.
    struct StreamEnd {
        int code = 0;
        QString reason;
        bool loginFailure = false; // <failure reason=…>, not <stream:error>
        QString banCode; // 402: why the account is banned ("101" …)
        qint64 expireSeconds = 0; // 402: how long the ban lasts
        bool deviceRemoved = false; // <stream:error code="401"><conflict type="device_removed"/>
        bool replaced = false; // <conflict type="replaced"/>: another connection took over

        static StreamEnd plain(int code, QString reason) {
            StreamEnd end;
            end.code = code;
            end.reason = std::move(reason);
            return end;
        }
    };
    static std::optional<StreamEnd> streamEndOf(const Node &node);

signals:
    void ready();
    void nodeReceived(const balcao::Node &node);
    void closed(const balcao::Error &error, const balcao::NodeConnection::StreamEnd &end);

private:
    void onFrame(const QByteArray &plaintext);
    void finish(const Error &error, const StreamEnd &end);

    NoiseSocket *m_socket = nullptr;
    NodeEncoder m_encoder;
    NodeDecoder m_decoder;
    bool m_finished = false;
};

} // namespace balcao
