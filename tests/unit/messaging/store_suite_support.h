#pragma once

#include "messaging_suites.h"

#include <QStringList>
#include <QTest>

// What the four store suites share: people, messages as they arrive, and the check that a refused call
// changes nothing.
namespace store_suite {

using namespace balcao;

// References, not copies: StoreFactory defines them in another file.
inline const QString &kSessionA = StoreFactory::kSessionA;
inline const QString &kSessionB = StoreFactory::kSessionB;
inline const QString kAlice = QStringLiteral("5511900000001@s.whatsapp.net");
inline const QString kBruno = QStringLiteral("5511900000002@s.whatsapp.net");
inline const QString kCarla = QStringLiteral("5511900000003@s.whatsapp.net");
inline const QString kGroup = QStringLiteral("120363000000000001@g.us");
inline const QString kMe = QStringLiteral("5511900000009@s.whatsapp.net");

StoredMessage incoming(const QString &chat, const QString &id, qint64 timestamp, const QString &text = {},
    const QString &sender = {}, const QString &pushName = {});
StoredMessage outgoing(const QString &chat, const QString &id, qint64 timestamp, const QString &text = {});
// What the stores answer for a message they kept (see MessageStore::storeIncoming).
StoredMessage asStored(StoredMessage m);
// What the outbox answers for a message it queued.
StoredMessage asQueued(StoredMessage m);

QStringList idsOf(const QList<StoredMessage> &messages);
QStringList chatIdsOf(const QList<ChatSummary> &chats);

template<typename T> std::optional<Error> errorOf(const Result<T> &result) {
    if (result)
        return std::nullopt;
    return result.error();
}

template<typename T> StoreCall call(std::function<Result<T>(const MessagingStores &)> f) {
    return [f](const MessagingStores &s) { return errorOf(f(s)); };
}

// A small history every refusal row starts from (two messages from Alice, one of ours to her, one in a
// group), then the row's call, which must fail with `code` and leave every store of both sessions as it was.
void checkRefused(
    const MessagingStores &a, const MessagingStores &b, const StoreCall &call, const QString &code);

} // namespace store_suite
