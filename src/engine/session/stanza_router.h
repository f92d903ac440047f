#pragma once

#include "binary/node.h"

#include <QString>
#include <functional>
#include <vector>

namespace balcao {

// Hands each incoming stanza to the handler registered for its tag (and, where one is given, its type):
// the session's handlers each claim their own stanzas here instead of one long if-chain. Handlers are tried
// in the order they were added; the first that takes the node ends the routing. Lives in the session thread.
class StanzaRouter {
public:
    // Returns true when it took the node.
    using Handler = std::function<bool(const Node &node)>;

    // Nodes with this tag (any type).
    void add(const QString &tag, Handler handler);
    // Nodes with this tag and this "type" attribute.
    void add(const QString &tag, const QString &type, Handler handler);
    bool route(const Node &node) const;

private:
    struct Entry {
        QString tag;
        QString type; // empty: any
        Handler handler;
    };
    std::vector<Entry> m_entries;
};

} // namespace balcao
