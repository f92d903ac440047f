#pragma once

#include <QObject>
#include <functional>
#include <messaging/message_store.h>

// The behaviour every MessageStore must show, written once and run against each implementation: a test
// derives from MessageStoreSuite, returns an empty store from freshStore(), and may add its own slots.
class MessageStoreSuite : public QObject {
    Q_OBJECT
public:
    // Sessions the suite writes to; a store with foreign keys must accept both.
    static const QString kSessionA;
    static const QString kSessionB;

protected:
    // An empty store, valid until the next call.
    virtual balcao::MessageStore &freshStore() = 0;

private slots:
    void rejectsBadCallsAndChangesNothing_data();
    void rejectsBadCallsAndChangesNothing();
    void storesARedeliveredMessageOnce();
    void updatesChatAndContactWithTheMessage();
    void storesOurOtherDevicesMessagesAsSentAndRead();
    void storesABatchInOrder();
    void storesABatchAllOrNothing();
    void keepsTheLatestMessageAsTheChatsLast();
    void ordersEqualTimestampsByArrival();
    void countsFailedDecryptionsOnOnePlaceholder();
    void replacesThePlaceholderWhenDecrypted();
    void moveStatusOnlyForward_data();
    void moveStatusOnlyForward();
    void keepsPendingMessagesInOrderForResend();
    void countsOurOutgoingMessageAsLastButNotUnread();
    void pagesBackwardsOldestFirst_data();
    void pagesBackwardsOldestFirst();
    void marksReadAndNamesTheSenders();
    void keepsSessionsApart();
    void sortsChatsByLatestActivity();
    void keepsTheLatestPushName();
    void searchesWordPrefixes_data();
    void searchesWordPrefixes();
    void searchesNewestFirstUpToTheLimit();
    void convertsToEvents();
    void keepsTheTypedContent();
};

// A call on a store that should fail; answers its error, or nothing when it did not fail.
using MessageStoreCall = std::function<std::optional<balcao::Error>(balcao::MessageStore &)>;
Q_DECLARE_METATYPE(MessageStoreCall)
