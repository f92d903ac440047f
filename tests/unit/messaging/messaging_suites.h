#pragma once

#include <QObject>
#include <QString>
#include <functional>
#include <messaging/messaging_stores.h>
#include <optional>

// The behaviour every implementation of the messaging stores must show, one contract suite per store
// interface (MessageStore, OutboxStore, ChatStore, ContactStore), written once and run against each
// implementation: a test provides a StoreFactory and calls runMessagingSuites from its main.

// Where the suites get their stores from.
class StoreFactory {
public:
    // The sessions the suites use; a store with foreign keys must accept both.
    static const QString kSessionA;
    static const QString kSessionB;

    virtual ~StoreFactory() = default;
    // Empty stores bound to kSessionA, valid until the next call.
    virtual balcao::MessagingStores freshStores() = 0;
    // The stores of kSessionB beside the last freshStores() (the same database, for SQLite); as long valid.
    virtual balcao::MessagingStores otherSession() = 0;
};

class StoreSuite : public QObject {
    Q_OBJECT
public:
    explicit StoreSuite(StoreFactory &factory)
        : m_factory(factory) { }

protected:
    balcao::MessagingStores freshStores() { return m_factory.freshStores(); }
    balcao::MessagingStores otherSession() { return m_factory.otherSession(); }

private:
    StoreFactory &m_factory;
};

class MessageStoreSuite : public StoreSuite {
    Q_OBJECT
public:
    using StoreSuite::StoreSuite;
private slots:
    void rejectsBadCallsAndChangesNothing_data();
    void rejectsBadCallsAndChangesNothing();
    void storesARedeliveredMessageOnce();
    void storesOurOtherDevicesMessagesAsSentAndRead();
    void storesABatchInOrder();
    void storesABatchAllOrNothing();
    void ordersEqualTimestampsByArrival();
    void countsFailedDecryptionsOnOnePlaceholder();
    void replacesThePlaceholderWhenDecrypted();
    void pagesBackwardsOldestFirst_data();
    void pagesBackwardsOldestFirst();
    void keepsSessionsApart();
    void searchesWordPrefixes_data();
    void searchesWordPrefixes();
    void searchesNewestFirstUpToTheLimit();
    void keepsTheTypedContent();
};

class OutboxStoreSuite : public StoreSuite {
    Q_OBJECT
public:
    using StoreSuite::StoreSuite;
private slots:
    void rejectsBadCallsAndChangesNothing_data();
    void rejectsBadCallsAndChangesNothing();
    void moveStatusOnlyForward_data();
    void moveStatusOnlyForward();
    void keepsPendingMessagesInOrderForResend();
    void countsOurOutgoingMessageAsLastButNotUnread();
    void keepsWhatAnUploadGaveForAPendingMessage();
};

class ChatStoreSuite : public StoreSuite {
    Q_OBJECT
public:
    using StoreSuite::StoreSuite;
private slots:
    void rejectsBadCallsAndChangesNothing_data();
    void rejectsBadCallsAndChangesNothing();
    void updatesChatAndContactWithTheMessage();
    void keepsTheLatestMessageAsTheChatsLast();
    void marksReadAndNamesTheSenders();
    void sortsChatsByLatestActivity();
    void convertsToEvents();
    void mergesAPersonsTwoChatsIntoOne();
};

class ContactStoreSuite : public StoreSuite {
    Q_OBJECT
public:
    using StoreSuite::StoreSuite;
private slots:
    void rejectsBadCallsAndChangesNothing_data();
    void rejectsBadCallsAndChangesNothing();
    void keepsTheLatestPushName();
    void mapsEachLidToOneNumber();
    void keepsTheNewestPrivacyToken();
};

// A call on the stores that should fail; answers its error, or nothing when it did not fail.
using StoreCall = std::function<std::optional<balcao::Error>(const balcao::MessagingStores &)>;
Q_DECLARE_METATYPE(StoreCall)

// Runs the four suites, then `extra` (an implementation's own tests, may be null), with QTest's arguments;
// 0 when everything passed.
int runMessagingSuites(StoreFactory &factory, int argc, char **argv, QObject *extra = nullptr);
