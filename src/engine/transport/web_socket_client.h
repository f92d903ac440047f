#pragma once

#include "errors.h"
#include "transport/tls_channel.h"
#include "transport/web_socket_frames.h"

#include <QObject>
#include <QUrl>
#include <memory>

class QTcpSocket;

namespace balcao {

// A WebSocket client for binary messages over ws:// or wss://, written for many idle connections: a plain TCP
// socket, TLS in a TlsChannel under it, our own framing (web_socket_frames.h). Answers the server's pings and
// close; ends exactly once, with disconnected(), on a socket, TLS or protocol error or the server's close.
// Lives in the session thread; its signals may come while it reads, so a receiver that wants it gone calls
// abort() and deleteLater(), never delete.
class WebSocketClient : public QObject {
    Q_OBJECT
public:
    struct Options {
        QUrl url; // ws://host:port/path or wss://…
        QString origin; // sent as Origin
        std::shared_ptr<TlsTrust> trust; // whom wss:// trusts (null: the system's roots only)
    };

    explicit WebSocketClient(QObject *parent = nullptr);
    ~WebSocketClient() override;

    // Connects, runs TLS and the upgrade; connected() or disconnected() follows.
    void open(Options options);
    // One binary message, once connected.
    Result<void> sendBinary(QByteArrayView message);
    // Closes at once, without signals: the caller is done with it.
    void abort();
    bool isOpen() const { return m_stage == Stage::Open; }

signals:
    void connected();
    void binaryMessage(const QByteArray &message);
    void disconnected(const balcao::Error &error);

private:
    enum class Stage { Idle, Connecting, Upgrading, Open, Closed };

    void onSocketConnected();
    Result<void> sendUpgradeRequest();
    void onReadyRead();
    void onSocketGone();
    Result<void> readPlain(QByteArray plain);
    Result<void> handleMessage(const websocket::Message &message);
    Result<void> writePlain(QByteArrayView bytes);
    Result<void> sendFrame(websocket::Opcode opcode, QByteArrayView payload);
    void fail(Error error);
    QString where() const { return m_options.url.toDisplayString(); }

    Options m_options;
    Stage m_stage = Stage::Idle;
    std::unique_ptr<QTcpSocket> m_socket;
    std::unique_ptr<TlsChannel> m_tls;
    QByteArray m_key; // Sec-WebSocket-Key
    QByteArray m_header; // the upgrade answer, while it arrives
    websocket::FrameReader m_frames;
};

} // namespace balcao
