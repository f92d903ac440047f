#include "store_suite_support.h"

// The contract every implementation of ContactStore keeps: see messaging/contact_store.h.
using namespace store_suite;

void ContactStoreSuite::rejectsBadCallsAndChangesNothing_data() {
    QTest::addColumn<StoreCall>("call");
    QTest::addColumn<QString>("code");
    const QString invalid = QString::fromLatin1(errc::kInvalidArgument);

    QTest::newRow("empty push name") << call<void>([](const MessagingStores &s) {
        return s.contacts->savePushName(kAlice, QStringLiteral("  "), 500);
    }) << invalid;
    QTest::newRow("LID mapping with a device") << call<bool>([](const MessagingStores &s) {
        return s.contacts->saveLidMapping(QStringLiteral("123:2@lid"), kAlice);
    }) << invalid;
    QTest::newRow("LID mapping with the sides swapped") << call<bool>([](const MessagingStores &s) {
        return s.contacts->saveLidMapping(kAlice, QStringLiteral("123@lid"));
    }) << invalid;
    QTest::newRow("LID mapping to a group") << call<bool>([](const MessagingStores &s) {
        return s.contacts->saveLidMapping(QStringLiteral("123@lid"), kGroup);
    }) << invalid;
    QTest::newRow("number of a phone jid") << call<std::optional<QString>>([](const MessagingStores &s) {
        return s.contacts->phoneOfLid(kAlice);
    }) << invalid;
    QTest::newRow("empty privacy token") << call<void>([](const MessagingStores &s) {
        return s.contacts->savePrivacyToken(kAlice, PrivacyToken {QByteArray(), 10});
    }) << invalid;
    QTest::newRow("oversized privacy token") << call<void>([](const MessagingStores &s) {
        return s.contacts->savePrivacyToken(kAlice, PrivacyToken {QByteArray(257, 'x'), 10});
    }) << invalid;
    QTest::newRow("token issued at a negative time")
        << call<void>([](const MessagingStores &s) { return s.contacts->saveTokenIssued(kAlice, -1); })
        << invalid;
    QTest::newRow("push name of a bad jid") << call<void>([](const MessagingStores &s) {
        return s.contacts->savePushName(QStringLiteral("alice"), QStringLiteral("Alice"), 500);
    }) << invalid;
}

void ContactStoreSuite::rejectsBadCallsAndChangesNothing() {
    QFETCH(StoreCall, call);
    QFETCH(QString, code);
    const MessagingStores a = freshStores();
    checkRefused(a, otherSession(), call, code);
}

void ContactStoreSuite::keepsTheLatestPushName() {
    const MessagingStores a = freshStores();
    const MessagingStores b = otherSession();
    QVERIFY(a.contacts->savePushName(kBruno, QStringLiteral("Bruno"), 100).has_value());
    QVERIFY(a.contacts->savePushName(kBruno, QStringLiteral("Bruno (old)"), 50).has_value());
    QCOMPARE(a.contacts->contact(kBruno).value()->pushName, QStringLiteral("Bruno"));
    QVERIFY(
        a.messages->storeIncoming(incoming(kBruno, QStringLiteral("OLD"), 60, {}, {}, QStringLiteral("B.")))
            .has_value());
    QCOMPARE(a.contacts->contact(kBruno).value()->pushName, QStringLiteral("Bruno"));
    QVERIFY(
        a.messages
            ->storeIncoming(incoming(kBruno, QStringLiteral("NEW"), 160, {}, {}, QStringLiteral("Bruno S.")))
            .has_value());
    QCOMPARE(a.contacts->contact(kBruno).value()->pushName, QStringLiteral("Bruno S."));
    QCOMPARE(a.chats->chat(kBruno).value()->name, QStringLiteral("Bruno S."));
    QVERIFY(a.contacts->savePushName(kAlice, QStringLiteral("Alice"), 10).has_value());
    QCOMPARE(a.contacts->contacts().value(),
        (QList<Contact> {{kAlice, QStringLiteral("Alice")}, {kBruno, QStringLiteral("Bruno S.")}}));
    QCOMPARE(a.contacts->contact(kCarla).value(), std::nullopt);
    QVERIFY(b.contacts->contacts().value().isEmpty());
}

void ContactStoreSuite::mapsEachLidToOneNumber() {
    const MessagingStores a = freshStores();
    const MessagingStores b = otherSession();
    const QString lid = QStringLiteral("201000000000001@lid");
    const QString other = QStringLiteral("201000000000002@lid");
    QCOMPARE(a.contacts->phoneOfLid(lid).value(), std::nullopt);
    QCOMPARE(a.contacts->saveLidMapping(lid, kAlice).value(), true);
    QCOMPARE(a.contacts->saveLidMapping(lid, kAlice).value(), false); // nothing new
    QCOMPARE(a.contacts->phoneOfLid(lid).value(), std::optional(kAlice));
    QCOMPARE(a.contacts->lidOfPhone(kAlice).value(), std::optional(lid));
    // Alice's number now belongs to another account: the old LID loses it.
    QCOMPARE(a.contacts->saveLidMapping(other, kAlice).value(), true);
    QCOMPARE(a.contacts->phoneOfLid(lid).value(), std::nullopt);
    QCOMPARE(a.contacts->lidOfPhone(kAlice).value(), std::optional(other));
    // That LID turns out to be Bruno's: Alice's number has no LID any more.
    QCOMPARE(a.contacts->saveLidMapping(other, kBruno).value(), true);
    QCOMPARE(a.contacts->lidOfPhone(kAlice).value(), std::nullopt);
    QCOMPARE(a.contacts->phoneOfLid(other).value(), std::optional(kBruno));
    QCOMPARE(b.contacts->phoneOfLid(other).value(), std::nullopt);
}

void ContactStoreSuite::keepsTheNewestPrivacyToken() {
    const MessagingStores a = freshStores();
    const MessagingStores b = otherSession();
    const QString lid = QStringLiteral("201000000000001@lid");
    QCOMPARE(a.contacts->privacyToken(lid).value(), std::nullopt);
    QVERIFY(a.contacts->savePrivacyToken(lid, PrivacyToken {"new", 200}).has_value());
    QVERIFY(a.contacts->savePrivacyToken(lid, PrivacyToken {"old", 100}).has_value());
    QCOMPARE(a.contacts->privacyToken(lid).value(), std::optional(PrivacyToken {"new", 200}));
    QVERIFY(a.contacts->savePrivacyToken(lid, PrivacyToken {"newer", 300}).has_value());
    QCOMPARE(a.contacts->privacyToken(lid).value(), std::optional(PrivacyToken {"newer", 300}));
    // What we issued is kept beside what we received, for the same person, without touching it.
    QCOMPARE(a.contacts->tokenIssuedAt(lid).value(), std::nullopt);
    QVERIFY(a.contacts->saveTokenIssued(lid, 250).has_value());
    QVERIFY(a.contacts->saveTokenIssued(kAlice, 50).has_value());
    QCOMPARE(a.contacts->tokenIssuedAt(lid).value(), std::optional<qint64>(250));
    QCOMPARE(a.contacts->privacyToken(lid).value(), std::optional(PrivacyToken {"newer", 300}));
    QCOMPARE(a.contacts->privacyToken(kAlice).value(), std::nullopt); // issued only
    QCOMPARE(b.contacts->privacyToken(lid).value(), std::nullopt);
    QCOMPARE(b.contacts->tokenIssuedAt(lid).value(), std::nullopt);
}
