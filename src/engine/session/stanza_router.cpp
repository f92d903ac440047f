#include "stanza_router.h"

namespace balcao {

void StanzaRouter::add(const QString &tag, Handler handler) {
    m_entries.push_back({tag, {}, std::move(handler)});
}

void StanzaRouter::add(const QString &tag, const QString &type, Handler handler) {
    m_entries.push_back({tag, type, std::move(handler)});
}

bool StanzaRouter::route(const Node &node) const {
    const QString &tag = node.tag();
    for (const Entry &entry : m_entries) {
        if (entry.tag != tag)
            continue;
        if (!entry.type.isEmpty() && node.attribute(u"type") != entry.type)
            continue;
        if (entry.handler(node))
            return true;
    }
    return false;
}

} // namespace balcao
