#pragma once

#include <QObject>
#include <functional>
#include <signal/signal_store.h>

// The behaviour every SignalStore must show, written once and run against each implementation: a test
// derives from SignalStoreSuite, returns an empty store from freshStore(), and may add its own slots.
class SignalStoreSuite : public QObject {
    Q_OBJECT
public:
    // Sessions the suite writes to; a store with foreign keys must accept both.
    static const QString kSessionA;
    static const QString kSessionB;

protected:
    // An empty store, valid until the next call.
    virtual balcao::SignalStore &freshStore() = 0;

private slots:
    void rejectsInvalidArguments_data();
    void rejectsInvalidArguments();
    void roundTripsRecords_data();
    void roundTripsRecords();
    void keepsSessionsApart_data();
    void keepsSessionsApart();
    void distinguishesAddresses_data();
    void distinguishesAddresses();
    void distinguishesSenderKeys_data();
    void distinguishesSenderKeys();
    void listsAndDeletesDevicesOfOneUser();
    void countsPreKeysAndFindsTheHighestId_data();
    void countsPreKeysAndFindsTheHighestId();
    void storesPreKeyBatchesAllOrNothing();
    void treatsUnknownPreKeyIdsAsAbsent_data();
    void treatsUnknownPreKeyIdsAsAbsent();
    void wipeForgetsOnlyThatSession();
};

// One kind of record behind uniform calls, so a table can run the same steps over all five kinds.
struct RecordKind {
    QString name;
    std::function<balcao::Result<void>(balcao::SignalStore &, const QString &, const QByteArray &)> put;
    std::function<balcao::Result<std::optional<QByteArray>>(balcao::SignalStore &, const QString &)> get;
    std::function<balcao::Result<void>(balcao::SignalStore &, const QString &)> remove; // empty: no removal
    QByteArray first;
    QByteArray second;
};
Q_DECLARE_METATYPE(RecordKind)
Q_DECLARE_METATYPE(balcao::SignalAddress)
Q_DECLARE_METATYPE(balcao::SenderKeyName)

using StoreCall = std::function<std::optional<balcao::Error>(balcao::SignalStore &)>;
Q_DECLARE_METATYPE(StoreCall)
