#include "router.h"

namespace balcao::api {

namespace {

bool isPlaceholder(const QString &part) {
    return part.size() > 2 && part.startsWith(QLatin1Char('{')) && part.endsWith(QLatin1Char('}'));
}

std::optional<QHash<QString, QString>> matchParts(const QStringList &parts, const QStringList &segments) {
    if (parts.size() != segments.size())
        return std::nullopt;
    QHash<QString, QString> params;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        if (isPlaceholder(parts[i])) {
            if (segments[i].isEmpty())
                return std::nullopt;
            params.insert(parts[i].mid(1, parts[i].size() - 2), segments[i]);
        } else if (parts[i] != segments[i]) {
            return std::nullopt;
        }
    }
    return params;
}

} // namespace

void Router::add(
    HttpMethod method, const QString &pattern, Access access, Handler handler, const QString &summary) {
    Route route {method, pattern, pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts), access,
        std::move(handler), summary};
    m_routes.push_back(std::move(route));
}

Router::Match Router::match(HttpMethod method, const QStringList &segments) const {
    // Literal segments win over placeholders: try the routes with fewer placeholders first.
    const Route *best = nullptr;
    int bestPlaceholders = 0;
    QHash<QString, QString> bestParams;
    QList<HttpMethod> allowed;
    for (const Route &route : m_routes) {
        auto params = matchParts(route.parts, segments);
        if (!params)
            continue;
        const bool sameMethod
            = route.method == method || (method == HttpMethod::Head && route.method == HttpMethod::Get);
        if (!sameMethod) {
            if (!allowed.contains(route.method))
                allowed.append(route.method);
            continue;
        }
        const int placeholders = int(std::count_if(route.parts.cbegin(), route.parts.cend(), isPlaceholder));
        if (!best || placeholders < bestPlaceholders) {
            best = &route;
            bestPlaceholders = placeholders;
            bestParams = *params;
        }
    }
    if (best)
        return Found {best, bestParams};
    if (!allowed.isEmpty())
        return MethodNotAllowed {allowed};
    return NotFound {};
}

} // namespace balcao::api
