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
