#include "prekey_upkeep.h"

#include "messaging/prekeys.h"
#include "messaging/receipts.h"
#include "session/iq_client.h"

#include <QPointer>

namespace balcao {

PreKeyUpkeep::PreKeyUpkeep(Parts parts, QObject *parent)
    : QObject(parent)
    , m_parts(std::move(parts)) { }

void PreKeyUpkeep::checkCount(std::function<void()> done) {
    const auto finish = [done] {
        if (done)
            done();
    };
    m_parts.iq->query(
        prekeys::buildCountQuery(), [self = QPointer<PreKeyUpkeep>(this), finish](Result<Node> answer) {
            if (!self)
                return;
            if (!answer) {
                emit self->failed(Error {answer.error().code,
                    QStringLiteral("Could not ask how many prekeys the server holds: %1")
                        .arg(answer.error().message)});
                finish();
                return;
            }
            auto count = prekeys::parseCountAnswer(*answer);
            if (!count) {
                emit self->failed(count.error());
                finish();
                return;
            }
            if (*count >= prekeys::kMinServerCount) {
                finish();
                return;
            }
            const auto stored = self->m_parts.store->preKeyCount(self->m_parts.sessionId);
            const bool fresh = *count == 0 && stored && *stored == 0;
            self->upload(fresh ? prekeys::kInitialCount : prekeys::kWantedCount, finish);
        });
}

void PreKeyUpkeep::onEncryptNotification(const Node &notification) {
    m_parts.send(receipts::buildAck(notification));
    if (const Node *count = notification.child(u"count");
        count && count->attribute(u"value").toInt() < prekeys::kMinServerCount)
        upload(prekeys::kWantedCount);
}

void PreKeyUpkeep::upload(int count, std::function<void()> done) {
    const auto finish = [done] {
        if (done)
            done();
    };
    auto generated = prekeys::generatePreKeys(
        m_parts.context, *m_parts.store, m_parts.sessionId, *m_parts.credentials, count);
    if (!generated) {
        emit failed(Error {QString::fromLatin1(errc::kCryptoFailed), generated.error().message});
        finish();
        return;
    }
    auto node = prekeys::buildUploadNode(*m_parts.credentials, *generated);
    if (!node) {
        emit failed(Error {QString::fromLatin1(errc::kCryptoFailed), node.error().message});
        finish();
        return;
    }
    m_parts.iq->query(*node, [self = QPointer<PreKeyUpkeep>(this), finish](Result<Node> answer) {
        if (!self)
            return;
        if (!answer) {
            emit self->failed(Error {answer.error().code,
                QStringLiteral("The server refused our prekeys: %1").arg(answer.error().message)});
            finish();
            return;
        }
        if (auto saved = self->m_parts.saveCredentials(); !saved)
            emit self->failed(saved.error());
        finish();
    });
}

} // namespace balcao
