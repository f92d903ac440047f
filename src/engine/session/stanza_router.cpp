#include "stanza_router.h"

namespace balcao {

void StanzaRouter::add(const QString &tag, Handler handler) {
    m_entries.push_back({tag, {}, std::move(handler)});
}

void StanzaRouter::add(const QString &tag, const QString &type, Handler handler) {
    m_entries.push_back({tag, type, std::move(handler)});
}

void StanzaRouter::clear() {
    m_entries.clear();
    m_fallback = {};
}

bool StanzaRouter::route(const Node &node) const {
    const QString &tag = node.tag();
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
        const Entry &entry = m_entries[i];
        if (entry.tag != tag)
            continue;
        if (!entry.type.isEmpty() && node.attribute(u"type") != entry.type)
            continue;
        // A handler may end what registered it (a logout clears the routes): it runs from its own copy.
        const Handler handler = entry.handler;
        if (handler(node))
            return true;
    }
    if (!m_fallback)
        return false;
    const Handler fallback = m_fallback;
    return fallback(node);
}

} // namespace balcao
