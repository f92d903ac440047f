#pragma once

#include "binary/node.h"
#include "errors.h"

#include <QHash>
#include <QObject>
#include <chrono>
#include <functional>

namespace balcao {

// Sends <iq> stanzas and hands each answer to whoever asked, matched by id (every iq gets one answer of
// type result or error with the same id). An answer that does not come in time is a timeout error; when
// the connection ends, every pending query gets that error. Lives in the session thread.
class IqClient : public QObject {
    Q_OBJECT
public:
    using Handler = std::function<void(Result<Node>)>;
    static constexpr std::chrono::milliseconds kDefaultTimeout {20000};

    explicit IqClient(QObject *parent = nullptr);

    // Where queries go: the live connection, or a scripted wire in tests. Empty: not connected.
    using Sender = std::function<Result<void>(const Node &node)>;
    void setSender(Sender sender) { m_sender = std::move(sender); }

    // A fresh stanza id, unique for this client.
    QString nextId();

    // Sends `iq` (adding an id when it has none) and calls `handler` once with the answer: the node for
    // type="result", an Error for type="error" (with the server's code and text) or for a timeout.
    void query(Node iq, Handler handler, std::chrono::milliseconds timeout = kDefaultTimeout);

    // Consumes `node` when it answers a pending query; false otherwise.
    bool handle(const Node &node);

    // Fails every pending query (the connection ended).
    void failAll(const Error &error);

private:
    void expire(const QString &id);

    Sender m_sender;
    QHash<QString, Handler> m_pending;
    QString m_prefix;
    quint64 m_counter = 0;
};

} // namespace balcao
