#pragma once

#include "binary/node.h"
#include "errors.h"

#include <QHash>
#include <QObject>

#include <chrono>
#include <functional>

namespace balcao {

class NodeConnection;

// Sends <iq> stanzas and hands each answer to whoever asked, matched by id (every iq gets one answer of
// type result or error with the same id). An answer that does not come in time is a timeout error; when
// the connection ends, every pending query gets that error. Lives in the session thread.
class IqClient : public QObject {
    Q_OBJECT
public:
    using Handler = std::function<void(Result<Node>)>;
    static constexpr std::chrono::milliseconds kDefaultTimeout{20000};

    explicit IqClient(QObject *parent = nullptr);

    void setConnection(NodeConnection *connection) { m_connection = connection; }

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

    NodeConnection *m_connection = nullptr;
    QHash<QString, Handler> m_pending;
    QString m_prefix;
    quint64 m_counter = 0;
};

} // namespace balcao
