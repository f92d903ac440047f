#include "prekey_upkeep.h"

#include "messaging/prekeys.h"
#include "messaging/receipts.h"
#include "session/iq_client.h"

#include <QPointer>

namespace balcao {

PreKeyUpkeep::PreKeyUpkeep(Parts parts, QObject *parent)
    : QObject(parent)
    , m_parts(std::move(parts)) { }

void PreKeyUpkeep::checkCount() {
    m_parts.iq->query(prekeys::buildCountQuery(), [self = QPointer<PreKeyUpkeep>(this)](Result<Node> answer) {
        if (!self)
            return;
        if (!answer) {
            emit self->failed(Error {answer.error().code,
                QStringLiteral("Could not ask how many prekeys the server holds: %1")
                    .arg(answer.error().message)});
            return;
        }
        auto count = prekeys::parseCountAnswer(*answer);
        if (!count) {
            emit self->failed(count.error());
            return;
        }
        if (*count <= prekeys::kMinServerCount)
            self->upload(prekeys::kUploadCount);
    });
}

void PreKeyUpkeep::onEncryptNotification(const Node &notification) {
    m_parts.send(receipts::buildAck(notification));
    if (const Node *count = notification.child(u"count");
        count && count->attribute(u"value").toInt() < prekeys::kMinServerCount)
        upload(prekeys::kUploadCount);
}

void PreKeyUpkeep::upload(int count) {
    auto generated = prekeys::generatePreKeys(
        m_parts.context, *m_parts.store, m_parts.sessionId, *m_parts.credentials, count);
    if (!generated) {
        emit failed(Error {QString::fromLatin1(errc::kCryptoFailed), generated.error().message});
        return;
    }
    auto node = prekeys::buildUploadNode(*m_parts.credentials, *generated);
    if (!node) {
        emit failed(Error {QString::fromLatin1(errc::kCryptoFailed), node.error().message});
        return;
    }
    m_parts.iq->query(*node, [self = QPointer<PreKeyUpkeep>(this)](Result<Node> answer) {
        if (!self)
            return;
        if (!answer) {
            emit self->failed(Error {answer.error().code,
                QStringLiteral("The server refused our prekeys: %1").arg(answer.error().message)});
            return;
        }
        if (auto saved = self->m_parts.saveCredentials(); !saved)
            emit self->failed(saved.error());
    });
}

} // namespace balcao
