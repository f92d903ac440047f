#include "tst_signal_store_suite.h"

#include <QTest>

using namespace balcao;

const QString SignalStoreSuite::kSessionA = QStringLiteral("session-a");
const QString SignalStoreSuite::kSessionB = QStringLiteral("session-b");

namespace {

const SignalAddress kAlice {QStringLiteral("5511900000001"), 0};
const SenderKeyName kGroupKey {
    QStringLiteral("120363000000000001@g.us"), {QStringLiteral("5511900000002"), 3}};

QByteArray identityKey(char fill) {
    return char(0x05) + QByteArray(32, fill);
}

template<typename T> std::optional<Error> errorOf(const Result<T> &result) {
    if (result)
        return std::nullopt;
    return result.error();
}

// Every kind of record, at one fixed key each.
QList<RecordKind> recordKinds() {
    return {
        {QStringLiteral("identity"),
            [](SignalStore &s, const QString &sid, const QByteArray &v) {
                return s.saveIdentity(sid, kAlice, v);
            },
            [](SignalStore &s, const QString &sid) { return s.loadIdentity(sid, kAlice); },
            [](SignalStore &s, const QString &sid) { return s.removeIdentity(sid, kAlice); },
            identityKey('a'), identityKey('b')},
        {QStringLiteral("session"),
            [](SignalStore &s, const QString &sid, const QByteArray &v) {
                return s.storeSession(sid, kAlice, v);
            },
            [](SignalStore &s, const QString &sid) { return s.loadSession(sid, kAlice); },
            [](SignalStore &s, const QString &sid) -> Result<void> {
                auto deleted = s.deleteSession(sid, kAlice);
                if (!deleted)
                    return deleted.error();
                return {};
            },
            QByteArray("session record one"), QByteArray(3000, '\x7f')},
        {QStringLiteral("prekey"),
            [](SignalStore &s, const QString &sid, const QByteArray &v) {
                return s.storePreKey(sid, {7, v});
            },
            [](SignalStore &s, const QString &sid) { return s.loadPreKey(sid, 7); },
            [](SignalStore &s, const QString &sid) { return s.removePreKey(sid, 7); },
            QByteArray("prekey seven"), QByteArray::fromHex("00ff00ff")},
        {QStringLiteral("signed prekey"),
            [](SignalStore &s, const QString &sid, const QByteArray &v) {
                return s.storeSignedPreKey(sid, {2, v});
            },
            [](SignalStore &s, const QString &sid) { return s.loadSignedPreKey(sid, 2); },
            [](SignalStore &s, const QString &sid) { return s.removeSignedPreKey(sid, 2); },
            QByteArray("signed prekey two"), QByteArray("rotated")},
        {QStringLiteral("sender key"),
            [](SignalStore &s, const QString &sid, const QByteArray &v) {
                return s.storeSenderKey(sid, kGroupKey, v);
            },
            [](SignalStore &s, const QString &sid) { return s.loadSenderKey(sid, kGroupKey); }, {},
            QByteArray("sender key state"), QByteArray("sender key state, next iteration")},
    };
}

// Whether the store holds nothing at all for kSessionA at the suite's keys.
bool isEmpty(SignalStore &store, const QString &sessionId) {
    for (const RecordKind &kind : recordKinds()) {
        auto loaded = kind.get(store, sessionId);
        if (!loaded || loaded->has_value())
            return false;
    }
    auto count = store.preKeyCount(sessionId);
    auto devices = store.sessionDevices(sessionId, kAlice.name);
    return count && *count == 0 && devices && devices->isEmpty();
}

} // namespace

void SignalStoreSuite::rejectsInvalidArguments_data() {
    QTest::addColumn<StoreCall>("call");
    const QByteArray record("record");
    const QString a = kSessionA;
    QTest::newRow("session without session id")
        << StoreCall([=](SignalStore &s) { return errorOf(s.storeSession(QString(), kAlice, record)); });
    QTest::newRow("session without name") << StoreCall([=](SignalStore &s) {
        return errorOf(s.storeSession(a, {QString(), 1}, record));
    });
    QTest::newRow("session with negative device") << StoreCall([=](SignalStore &s) {
        return errorOf(s.storeSession(a, {kAlice.name, -1}, record));
    });
    QTest::newRow("empty session record")
        << StoreCall([=](SignalStore &s) { return errorOf(s.storeSession(a, kAlice, QByteArray())); });
    QTest::newRow("load session without name") << StoreCall([=](SignalStore &s) {
        return errorOf(s.loadSession(a, {QString(), 0}));
    });
    QTest::newRow("devices without name")
        << StoreCall([=](SignalStore &s) { return errorOf(s.sessionDevices(a, QString())); });
    QTest::newRow("delete all without session id")
        << StoreCall([=](SignalStore &s) { return errorOf(s.deleteAllSessions(QString(), kAlice.name)); });
    QTest::newRow("raw 32-byte identity key")
        << StoreCall([=](SignalStore &s) { return errorOf(s.saveIdentity(a, kAlice, QByteArray(32, 'k'))); });
    QTest::newRow("identity key of wrong type") << StoreCall(
        [=](SignalStore &s) { return errorOf(s.saveIdentity(a, kAlice, '\x06' + QByteArray(32, 'k'))); });
    QTest::newRow("34-byte identity key") << StoreCall(
        [=](SignalStore &s) { return errorOf(s.saveIdentity(a, kAlice, identityKey('k') + 'x')); });
    QTest::newRow("empty identity key")
        << StoreCall([=](SignalStore &s) { return errorOf(s.saveIdentity(a, kAlice, QByteArray())); });
    QTest::newRow("prekey id 0") << StoreCall([=](SignalStore &s) {
        return errorOf(s.storePreKey(a, {0, record}));
    });
    QTest::newRow("prekey id 0xFFFFFF (last resort)") << StoreCall([=](SignalStore &s) {
        return errorOf(s.storePreKey(a, {0xFFFFFF, record}));
    });
    QTest::newRow("prekey id past 3 bytes") << StoreCall([=](SignalStore &s) {
        return errorOf(s.storePreKey(a, {0x1000000, record}));
    });
    QTest::newRow("empty prekey record") << StoreCall([=](SignalStore &s) {
        return errorOf(s.storePreKey(a, {5, QByteArray()}));
    });
    QTest::newRow("prekey without session id") << StoreCall([=](SignalStore &s) {
        return errorOf(s.storePreKey(QString(), {5, record}));
    });
    QTest::newRow("signed prekey id 0") << StoreCall([=](SignalStore &s) {
        return errorOf(s.storeSignedPreKey(a, {0, record}));
    });
    QTest::newRow("empty signed prekey record") << StoreCall([=](SignalStore &s) {
        return errorOf(s.storeSignedPreKey(a, {1, QByteArray()}));
    });
    QTest::newRow("sender key without group") << StoreCall([=](SignalStore &s) {
        return errorOf(s.storeSenderKey(a, {QString(), kGroupKey.sender}, record));
    });
    QTest::newRow("sender key without sender") << StoreCall([=](SignalStore &s) {
        return errorOf(s.storeSenderKey(a, {kGroupKey.groupId, {QString(), 1}}, record));
    });
    QTest::newRow("sender key with negative device") << StoreCall([=](SignalStore &s) {
        return errorOf(s.storeSenderKey(a, {kGroupKey.groupId, {kAlice.name, -3}}, record));
    });
    QTest::newRow("empty sender key record")
        << StoreCall([=](SignalStore &s) { return errorOf(s.storeSenderKey(a, kGroupKey, QByteArray())); });
    QTest::newRow("wipe without session id")
        << StoreCall([=](SignalStore &s) { return errorOf(s.wipe(QString())); });
}

void SignalStoreSuite::rejectsInvalidArguments() {
    QFETCH(StoreCall, call);
    SignalStore &store = freshStore();
    const std::optional<Error> error = call(store);
    QVERIFY(error.has_value());
    QCOMPARE(error->code, QStringLiteral("invalid-argument"));
    QVERIFY(!error->message.isEmpty());
    QVERIFY(isEmpty(store, kSessionA));
}

void SignalStoreSuite::roundTripsRecords_data() {
    QTest::addColumn<RecordKind>("kind");
    for (const RecordKind &kind : recordKinds())
        QTest::newRow(qPrintable(kind.name)) << kind;
}

void SignalStoreSuite::roundTripsRecords() {
    QFETCH(RecordKind, kind);
    SignalStore &store = freshStore();
    QVERIFY(kind.get(store, kSessionA).value() == std::nullopt);

    QVERIFY(kind.put(store, kSessionA, kind.first).has_value());
    QCOMPARE(kind.get(store, kSessionA).value(), std::optional<QByteArray>(kind.first));

    QVERIFY(kind.put(store, kSessionA, kind.second).has_value());
    QCOMPARE(kind.get(store, kSessionA).value(), std::optional<QByteArray>(kind.second));

    if (kind.remove) {
        QVERIFY(kind.remove(store, kSessionA).has_value());
        QVERIFY(kind.get(store, kSessionA).value() == std::nullopt);
        QVERIFY2(kind.remove(store, kSessionA).has_value(), "removing an absent record is not an error");
    }
}

void SignalStoreSuite::keepsSessionsApart_data() {
    roundTripsRecords_data();
}

void SignalStoreSuite::keepsSessionsApart() {
    QFETCH(RecordKind, kind);
    SignalStore &store = freshStore();
    QVERIFY(kind.put(store, kSessionA, kind.first).has_value());
    QVERIFY(kind.get(store, kSessionB).value() == std::nullopt);
    QVERIFY(kind.put(store, kSessionB, kind.second).has_value());
    QCOMPARE(kind.get(store, kSessionA).value(), std::optional<QByteArray>(kind.first));
    QCOMPARE(kind.get(store, kSessionB).value(), std::optional<QByteArray>(kind.second));
}

void SignalStoreSuite::distinguishesAddresses_data() {
    QTest::addColumn<SignalAddress>("first");
    QTest::addColumn<SignalAddress>("second");
    QTest::newRow("other device") << kAlice << SignalAddress {kAlice.name, 1};
    QTest::newRow("prefix of the name")
        << SignalAddress {QStringLiteral("551"), 1} << SignalAddress {QStringLiteral("5511"), 1};
    QTest::newRow("device digits moved into the name")
        << SignalAddress {QStringLiteral("55"), 11} << SignalAddress {QStringLiteral("551"), 1};
    QTest::newRow("lid and phone number")
        << SignalAddress {QStringLiteral("99887766_1"), 0} << SignalAddress {QStringLiteral("99887766"), 0};
    QTest::newRow("non-ASCII names") << SignalAddress {QStringLiteral("conta-ç"), 2}
                                     << SignalAddress {QStringLiteral("conta-c"), 2};
}

void SignalStoreSuite::distinguishesAddresses() {
    QFETCH(SignalAddress, first);
    QFETCH(SignalAddress, second);
    SignalStore &store = freshStore();
    QVERIFY(store.storeSession(kSessionA, first, "one").has_value());
    QVERIFY(store.saveIdentity(kSessionA, first, identityKey('1')).has_value());
    QVERIFY(!store.containsSession(kSessionA, second).value());
    QVERIFY(store.loadIdentity(kSessionA, second).value() == std::nullopt);

    QVERIFY(store.storeSession(kSessionA, second, "two").has_value());
    QVERIFY(store.saveIdentity(kSessionA, second, identityKey('2')).has_value());
    QCOMPARE(store.loadSession(kSessionA, first).value(), std::optional<QByteArray>("one"));
    QCOMPARE(store.loadSession(kSessionA, second).value(), std::optional<QByteArray>("two"));
    QCOMPARE(store.loadIdentity(kSessionA, first).value(), std::optional<QByteArray>(identityKey('1')));
    QCOMPARE(store.loadIdentity(kSessionA, second).value(), std::optional<QByteArray>(identityKey('2')));
    QVERIFY(store.containsSession(kSessionA, first).value());
}

void SignalStoreSuite::distinguishesSenderKeys_data() {
    QTest::addColumn<SenderKeyName>("first");
    QTest::addColumn<SenderKeyName>("second");
    QTest::newRow("other group") << kGroupKey
                                 << SenderKeyName {
                                        QStringLiteral("120363000000000002@g.us"), kGroupKey.sender};
    QTest::newRow("other sender") << kGroupKey << SenderKeyName {kGroupKey.groupId, kAlice};
    QTest::newRow("other device of the sender")
        << kGroupKey << SenderKeyName {kGroupKey.groupId, {kGroupKey.sender.name, 4}};
    QTest::newRow("separator moved between group and sender") << SenderKeyName {QStringLiteral("a:b"),
        {QStringLiteral("c"), 1}} << SenderKeyName {QStringLiteral("a"), {QStringLiteral("b:c"), 1}};
}

void SignalStoreSuite::distinguishesSenderKeys() {
    QFETCH(SenderKeyName, first);
    QFETCH(SenderKeyName, second);
    SignalStore &store = freshStore();
    QVERIFY(store.storeSenderKey(kSessionA, first, "one").has_value());
    QVERIFY(store.loadSenderKey(kSessionA, second).value() == std::nullopt);
    QVERIFY(store.storeSenderKey(kSessionA, second, "two").has_value());
    QCOMPARE(store.loadSenderKey(kSessionA, first).value(), std::optional<QByteArray>("one"));
    QCOMPARE(store.loadSenderKey(kSessionA, second).value(), std::optional<QByteArray>("two"));
}

void SignalStoreSuite::listsAndDeletesDevicesOfOneUser() {
    SignalStore &store = freshStore();
    for (int device : {12, 0, 3})
        QVERIFY(store.storeSession(kSessionA, {kAlice.name, device}, "r").has_value());
    QVERIFY(store.storeSession(kSessionA, {kAlice.name + QLatin1Char('9'), 1}, "r").has_value());
    QVERIFY(store.storeSession(kSessionB, {kAlice.name, 5}, "r").has_value());

    QCOMPARE(store.sessionDevices(kSessionA, kAlice.name).value(), (QList<int> {0, 3, 12}));
    QCOMPARE(store.deleteSession(kSessionA, {kAlice.name, 3}).value(), true);
    QCOMPARE(store.deleteSession(kSessionA, {kAlice.name, 3}).value(), false);
    QCOMPARE(store.sessionDevices(kSessionA, kAlice.name).value(), (QList<int> {0, 12}));

    QCOMPARE(store.deleteAllSessions(kSessionA, kAlice.name).value(), 2);
    QCOMPARE(store.deleteAllSessions(kSessionA, kAlice.name).value(), 0);
    QVERIFY(store.sessionDevices(kSessionA, kAlice.name)->isEmpty());
    QCOMPARE(store.sessionDevices(kSessionA, kAlice.name + QLatin1Char('9')).value(), QList<int> {1});
    QCOMPARE(store.sessionDevices(kSessionB, kAlice.name).value(), QList<int> {5});
}

void SignalStoreSuite::countsPreKeysAndFindsTheHighestId_data() {
    QTest::addColumn<QList<quint32>>("stored");
    QTest::addColumn<QList<quint32>>("removed");
    QTest::addColumn<int>("count");
    QTest::addColumn<quint32>("maxId");
    QTest::newRow("none") << QList<quint32> {} << QList<quint32> {} << 0 << 0u;
    QTest::newRow("three in order") << QList<quint32> {1, 2, 3} << QList<quint32> {} << 3 << 3u;
    QTest::newRow("out of order") << QList<quint32> {5, 1, 9} << QList<quint32> {} << 3 << 9u;
    QTest::newRow("highest consumed") << QList<quint32> {5, 1, 9} << QList<quint32> {9} << 2 << 5u;
    QTest::newRow("all consumed") << QList<quint32> {4, 2} << QList<quint32> {2, 4} << 0 << 0u;
    QTest::newRow("same id twice") << QList<quint32> {8, 8} << QList<quint32> {} << 1 << 8u;
    QTest::newRow("largest id") << QList<quint32> {1, 0xFFFFFE} << QList<quint32> {} << 2 << 0xFFFFFEu;
    QTest::newRow("ids with the top bit of 3 bytes set")
        << QList<quint32> {0x800000, 0x7FFFFF} << QList<quint32> {} << 2 << 0x800000u;
    QList<quint32> upload;
    for (quint32 id = 31; id < 31 + 812; ++id)
        upload.append(id);
    QTest::newRow("an upload of 812") << upload << QList<quint32> {31, 500} << 810 << 842u;
}

void SignalStoreSuite::countsPreKeysAndFindsTheHighestId() {
    QFETCH(QList<quint32>, stored);
    QFETCH(QList<quint32>, removed);
    QFETCH(int, count);
    QFETCH(quint32, maxId);
    SignalStore &store = freshStore();
    QList<PreKeyRecord> batch;
    for (quint32 id : stored)
        batch.append({id, "prekey " + QByteArray::number(id)});
    QVERIFY(store.storePreKeys(kSessionA, batch).has_value());
    QVERIFY(store.storePreKey(kSessionB, {0xFFFFFE, "other session"}).has_value());
    for (quint32 id : removed)
        QVERIFY(store.removePreKey(kSessionA, id).has_value());

    QCOMPARE(store.preKeyCount(kSessionA).value(), count);
    QCOMPARE(store.maxPreKeyId(kSessionA).value(), maxId);
    for (quint32 id : stored) {
        const bool kept = !removed.contains(id);
        QCOMPARE(store.containsPreKey(kSessionA, id).value(), kept);
        if (kept)
            QCOMPARE(store.loadPreKey(kSessionA, id).value(),
                std::optional<QByteArray>("prekey " + QByteArray::number(id)));
    }
    QCOMPARE(store.preKeyCount(kSessionB).value(), 1);
}

void SignalStoreSuite::storesPreKeyBatchesAllOrNothing() {
    SignalStore &store = freshStore();
    QVERIFY(store.storePreKeys(kSessionA, {{1, "one"}, {2, "two"}}).has_value());

    auto refused = store.storePreKeys(kSessionA, {{2, "two again"}, {3, "three"}, {0, "bad id"}});
    QVERIFY(!refused.has_value());
    QCOMPARE(refused.error().code, QStringLiteral("invalid-argument"));
    QCOMPARE(store.preKeyCount(kSessionA).value(), 2);
    QCOMPARE(store.loadPreKey(kSessionA, 2).value(), std::optional<QByteArray>("two"));
    QVERIFY(!store.containsPreKey(kSessionA, 3).value());

    QVERIFY(store.storePreKeys(kSessionA, {{2, "two again"}, {3, "three"}}).has_value());
    QCOMPARE(store.preKeyCount(kSessionA).value(), 3);
    QCOMPARE(store.loadPreKey(kSessionA, 2).value(), std::optional<QByteArray>("two again"));
    QVERIFY(store.storePreKeys(kSessionA, {}).has_value());
    QCOMPARE(store.preKeyCount(kSessionA).value(), 3);
}

void SignalStoreSuite::treatsUnknownPreKeyIdsAsAbsent_data() {
    QTest::addColumn<quint32>("id");
    QTest::newRow("never stored") << 77u;
    QTest::newRow("zero") << 0u;
    QTest::newRow("last resort") << 0xFFFFFFu;
    QTest::newRow("largest uint32") << 0xFFFFFFFFu;
}

void SignalStoreSuite::treatsUnknownPreKeyIdsAsAbsent() {
    QFETCH(quint32, id);
    SignalStore &store = freshStore();
    QVERIFY(store.storePreKey(kSessionA, {1, "one"}).has_value());
    QVERIFY(store.storeSignedPreKey(kSessionA, {1, "one"}).has_value());
    QVERIFY(store.loadPreKey(kSessionA, id).value() == std::nullopt);
    QVERIFY(!store.containsPreKey(kSessionA, id).value());
    QVERIFY(store.removePreKey(kSessionA, id).has_value());
    QVERIFY(store.loadSignedPreKey(kSessionA, id).value() == std::nullopt);
    QVERIFY(!store.containsSignedPreKey(kSessionA, id).value());
    QVERIFY(store.removeSignedPreKey(kSessionA, id).has_value());
    QCOMPARE(store.preKeyCount(kSessionA).value(), 1);
    QVERIFY(store.containsSignedPreKey(kSessionA, 1).value());
}

void SignalStoreSuite::wipeForgetsOnlyThatSession() {
    SignalStore &store = freshStore();
    for (const QString &session : {kSessionA, kSessionB}) {
        for (const RecordKind &kind : recordKinds())
            QVERIFY(kind.put(store, session, kind.first).has_value());
    }
    QVERIFY(!isEmpty(store, kSessionA));
    QVERIFY(store.wipe(kSessionA).has_value());
    QVERIFY(isEmpty(store, kSessionA));
    QVERIFY(!store.containsSignedPreKey(kSessionA, 2).value());
    for (const RecordKind &kind : recordKinds())
        QCOMPARE(kind.get(store, kSessionB).value(), std::optional<QByteArray>(kind.first));
}
