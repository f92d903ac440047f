#include "iq_client.h"

#include <QRandomGenerator>
#include <QTimer>

namespace balcao {

IqClient::IqClient(QObject *parent)
    : QObject(parent)
    , m_prefix(QString::number(QRandomGenerator::global()->bounded(10000u, 99999u)) + QLatin1Char('.')) { }

QString IqClient::nextId() {
    return m_prefix + QString::number(++m_counter);
}

void IqClient::query(Node iq, Handler handler, std::chrono::milliseconds timeout) {
    QString id = iq.attribute(u"id");
    if (id.isEmpty()) {
        id = nextId();
        iq.setAttribute(QStringLiteral("id"), id);
    }
    if (!m_sender) {
        handler(makeError(errc::kNotConnected, QStringLiteral("Not connected to WhatsApp.")));
        return;
    }
    if (auto sent = m_sender(iq); !sent) {
        handler(sent.error());
        return;
    }
    m_pending.insert(id, std::move(handler));
    QTimer::singleShot(timeout, this, [this, id] { expire(id); });
}

bool IqClient::handle(const Node &node) {
    if (node.tag() != QLatin1String("iq"))
        return false;
    const QString type = node.attribute(u"type");
    if (type != QLatin1String("result") && type != QLatin1String("error"))
        return false;
    const auto it = m_pending.find(node.attribute(u"id"));
    if (it == m_pending.end())
        return false;
    Handler handler = std::move(*it);
    m_pending.erase(it);
    if (type == QLatin1String("error")) {
        const Node *error = node.child(u"error");
        handler(makeError(errc::kServerRefused,
            QStringLiteral("WhatsApp refused the request: %1 %2")
                .arg(error ? error->attribute(u"code") : QString(),
                    error ? error->attribute(u"text") : QString())
                .trimmed()));
    } else {
        handler(node);
    }
    return true;
}

void IqClient::failAll(const Error &error) {
    const auto pending = std::exchange(m_pending, {});
    for (const auto &handler : pending)
        handler(error);
}

void IqClient::expire(const QString &id) {
    const auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    Handler handler = std::move(*it);
    m_pending.erase(it);
    handler(makeError(errc::kTimeout, QStringLiteral("WhatsApp did not answer in time.")));
}

} // namespace balcao
