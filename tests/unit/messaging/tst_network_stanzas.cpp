#include <QTest>
#include <messaging/call_stanzas.h>
#include <messaging/peer_changes.h>
#include <messaging/receipts.h>
#include <messaging/retry_request.h>

using namespace balcao;

// The stanzas the network sends a number about its contacts — calls, device lists, retry requests — read
// as whatsmeow reads them, what we answer, and the decisions taken on them (values, time passed in).
class TestNetworkStanzas : public QObject {
    Q_OBJECT
private slots:
    void readsACallOffer();
    void refusesCallsItCannotRead_data();
    void refusesCallsItCannotRead();
    void rejectsAsWhatsmeowDoes();
    void acksAsBaileys7BuildsThem();
    void readsDeviceChanges();
    void refusesDeviceNotificationsWithoutChanges();
    void readsRetryRequestsWithAndWithoutKeys();
    void refusesRetryRequestsWithBrokenKeys();
    void plansRetriesAsTheReferences_data();
    void plansRetriesAsTheReferences();
    void resendGoesToOneDevice();
};

namespace {

Node attrs(const QString &tag, QList<Node::Attribute> a, Node::Children children = {}) {
    return Node(tag, std::move(a), std::move(children));
}

Node bytesNode(const QString &tag, const QByteArray &bytes) {
    return Node(tag, {}, bytes);
}

Node retryReceipt(bool withKeys, int count = 2) {
    Node::Children children {
        attrs(QStringLiteral("retry"),
            {{"count", QString::number(count)}, {"id", "3EB0AA"}, {"t", "1700000000"}, {"v", "1"}}),
        bytesNode(QStringLiteral("registration"), QByteArray::fromHex("00000123"))};
    if (withKeys) {
        children.push_back(Node(QStringLiteral("keys"), {},
            Node::Children {bytesNode(QStringLiteral("type"), QByteArray(1, 5)),
                bytesNode(QStringLiteral("identity"), QByteArray(32, 'i')),
                Node(QStringLiteral("key"), {},
                    Node::Children {bytesNode(QStringLiteral("id"), QByteArray::fromHex("000007")),
                        bytesNode(QStringLiteral("value"), QByteArray(32, 'k'))}),
                Node(QStringLiteral("skey"), {},
                    Node::Children {bytesNode(QStringLiteral("id"), QByteArray::fromHex("000001")),
                        bytesNode(QStringLiteral("value"), QByteArray(32, 's')),
                        bytesNode(QStringLiteral("signature"), QByteArray(64, 'g'))}),
                bytesNode(QStringLiteral("device-identity"), QByteArray("adv"))}));
    }
    return Node(QStringLiteral("receipt"),
        {{"from", "5511900000002:3@s.whatsapp.net"}, {"id", "3EB0AA"}, {"type", "retry"}},
        std::move(children));
}

} // namespace

void TestNetworkStanzas::readsACallOffer() {
    const Node call = attrs(QStringLiteral("call"),
        {{"from", "5511900000002@s.whatsapp.net"}, {"id", "c1"}, {"t", "1700000000"}},
        {attrs(QStringLiteral("offer"),
            {{"call-id", "ABC123"}, {"call-creator", "5511900000002:0@s.whatsapp.net"}},
            {attrs(QStringLiteral("audio"), {{"enc", "opus"}}), attrs(QStringLiteral("video"), {})})});
    const auto parsed = calls::parseCall(call);
    QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().message));
    QCOMPARE(parsed->kind, calls::CallStanza::Kind::Offer);
    QCOMPARE(parsed->callId, QStringLiteral("ABC123"));
    QVERIFY(parsed->video);
    QCOMPARE(parsed->timestamp, 1700000000);
    QVERIFY(!parsed->offline);
}

void TestNetworkStanzas::refusesCallsItCannotRead_data() {
    QTest::addColumn<Node>("call");
    QTest::newRow("no child") << attrs(QStringLiteral("call"), {{"from", "5511900000002@s.whatsapp.net"}});
    QTest::newRow("two children") << attrs(QStringLiteral("call"), {{"from", "5511900000002@s.whatsapp.net"}},
        {attrs(QStringLiteral("offer"), {{"call-id", "A"}}),
            attrs(QStringLiteral("terminate"), {{"call-id", "A"}})});
    QTest::newRow("no call id") << attrs(QStringLiteral("call"), {{"from", "5511900000002@s.whatsapp.net"}},
        {attrs(QStringLiteral("offer"), {})});
    QTest::newRow("no caller") << attrs(
        QStringLiteral("call"), {}, {attrs(QStringLiteral("offer"), {{"call-id", "A"}})});
    QTest::newRow("huge id") << attrs(QStringLiteral("call"), {{"from", "5511900000002@s.whatsapp.net"}},
        {attrs(QStringLiteral("offer"), {{"call-id", QString(500, 'x')}})});
}

void TestNetworkStanzas::refusesCallsItCannotRead() {
    QFETCH(Node, call);
    const auto parsed = calls::parseCall(call);
    QVERIFY(!parsed);
    QCOMPARE(parsed.error().code, QStringLiteral("malformed-node"));
}

void TestNetworkStanzas::rejectsAsWhatsmeowDoes() {
    const Node reject = calls::buildReject(QStringLiteral("5511900000001:4@s.whatsapp.net"),
        QStringLiteral("5511900000002:0@s.whatsapp.net"), QStringLiteral("ABC123"), QStringLiteral("r1"));
    QCOMPARE(reject.tag(), QStringLiteral("call"));
    QCOMPARE(reject.attribute(u"from"), QStringLiteral("5511900000001@s.whatsapp.net"));
    QCOMPARE(reject.attribute(u"to"), QStringLiteral("5511900000002@s.whatsapp.net"));
    QCOMPARE(reject.attribute(u"id"), QStringLiteral("r1"));
    const Node *inner = reject.child(u"reject");
    QVERIFY(inner);
    QCOMPARE(inner->attribute(u"call-id"), QStringLiteral("ABC123"));
    QCOMPARE(inner->attribute(u"call-creator"), QStringLiteral("5511900000002@s.whatsapp.net"));
    QCOMPARE(inner->attribute(u"count"), QStringLiteral("0"));
}

void TestNetworkStanzas::acksAsBaileys7BuildsThem() {
    const QString own = QStringLiteral("5511900000001:4@s.whatsapp.net");
    const Node message = attrs(QStringLiteral("message"),
        {{"from", "5511900000001@s.whatsapp.net"}, {"id", "M1"}, {"type", "text"},
            {"recipient", "5511900000002@s.whatsapp.net"}});
    const Node ack = receipts::buildAck(message, own);
    QCOMPARE(ack.attribute(u"class"), QStringLiteral("message"));
    QCOMPARE(ack.attribute(u"to"), QStringLiteral("5511900000001@s.whatsapp.net"));
    QCOMPARE(ack.attribute(u"recipient"), QStringLiteral("5511900000002@s.whatsapp.net"));
    QCOMPARE(ack.attribute(u"type"), QStringLiteral("text"));
    QCOMPARE(ack.attribute(u"from"), own);
    QVERIFY(!ack.hasAttribute(u"error"));
    // Other classes carry no `from`; a nack carries its error.
    const Node call = attrs(QStringLiteral("call"), {{"from", "5511900000002@s.whatsapp.net"}, {"id", "C1"}});
    const Node callAck = receipts::buildAck(call, own, 500);
    QCOMPARE(callAck.attribute(u"class"), QStringLiteral("call"));
    QVERIFY(!callAck.hasAttribute(u"from"));
    QVERIFY(!callAck.hasAttribute(u"type"));
    QCOMPARE(callAck.attribute(u"error"), QStringLiteral("500"));
}

void TestNetworkStanzas::readsDeviceChanges() {
    const Node n = attrs(QStringLiteral("notification"),
        {{"from", "5511900000002@s.whatsapp.net"}, {"type", "devices"}, {"id", "n1"}},
        {attrs(QStringLiteral("add"), {{"device_hash", "h"}},
             {attrs(
                  QStringLiteral("device"), {{"jid", "5511900000002:7@s.whatsapp.net"}, {"key-index", "2"}}),
                 attrs(QStringLiteral("key-index-list"), {{"ts", "1"}})}),
            attrs(QStringLiteral("remove"), {},
                {attrs(QStringLiteral("device"), {{"jid", "5511900000002:5@s.whatsapp.net"}}),
                    // someone else's device does not belong in this list
                    attrs(QStringLiteral("device"), {{"jid", "5511900000009:5@s.whatsapp.net"}})})});
    const auto change = PeerChanges::parseDevices(n);
    QVERIFY2(change, qPrintable(change ? QString() : change.error().message));
    QCOMPARE(change->user.toString(), QStringLiteral("5511900000002@s.whatsapp.net"));
    QCOMPARE(change->added.size(), 1);
    QCOMPARE(change->added[0].device, 7);
    QCOMPARE(change->removed.size(), 1);
    QCOMPARE(change->removed[0].device, 5);
}

void TestNetworkStanzas::refusesDeviceNotificationsWithoutChanges() {
    const Node empty = attrs(QStringLiteral("notification"),
        {{"from", "5511900000002@s.whatsapp.net"}, {"type", "devices"}},
        {attrs(QStringLiteral("update"), {{"hash", "x"}})});
    QVERIFY(!PeerChanges::parseDevices(empty));
    const Node noUser = attrs(QStringLiteral("notification"), {{"type", "devices"}},
        {attrs(QStringLiteral("add"), {},
            {attrs(QStringLiteral("device"), {{"jid", "5511900000002:7@s.whatsapp.net"}})})});
    QVERIFY(!PeerChanges::parseDevices(noUser));
}

void TestNetworkStanzas::readsRetryRequestsWithAndWithoutKeys() {
    const auto plain = retry_request::parse(retryReceipt(false, 1));
    QVERIFY2(plain, qPrintable(plain ? QString() : plain.error().message));
    QCOMPARE(plain->id, QStringLiteral("3EB0AA"));
    QCOMPARE(plain->count, 1);
    QCOMPARE(plain->device.device, 3);
    QVERIFY(!plain->keys);
    const auto keyed = retry_request::parse(retryReceipt(true));
    QVERIFY2(keyed, qPrintable(keyed ? QString() : keyed.error().message));
    QVERIFY(keyed->keys);
    QCOMPARE(keyed->keys->registrationId, 0x123u);
    QCOMPARE(keyed->keys->signedPreKeyId, 1u);
    QVERIFY(keyed->keys->preKey);
    QCOMPARE(keyed->keys->preKey->id, 7u);
}

void TestNetworkStanzas::refusesRetryRequestsWithBrokenKeys() {
    Node receipt = retryReceipt(true);
    // A signature cut short: the keys are refused, nothing half-read is used.
    Node::Children children;
    for (const Node &c : receipt.children()) {
        if (c.tag() != QLatin1String("keys")) {
            children.push_back(c);
            continue;
        }
        Node::Children keys;
        for (const Node &k : c.children()) {
            if (k.tag() == QLatin1String("skey"))
                keys.push_back(Node(QStringLiteral("skey"), {},
                    Node::Children {bytesNode(QStringLiteral("id"), QByteArray::fromHex("000001")),
                        bytesNode(QStringLiteral("value"), QByteArray(32, 's')),
                        bytesNode(QStringLiteral("signature"), QByteArray(10, 'g'))}));
            else
                keys.push_back(k);
        }
        children.push_back(Node(QStringLiteral("keys"), {}, std::move(keys)));
    }
    const Node broken(QStringLiteral("receipt"), receipt.attributes(), std::move(children));
    QVERIFY(!retry_request::parse(broken));
    QVERIFY(!retry_request::parse(
        attrs(QStringLiteral("receipt"), {{"from", "5511900000002@s.whatsapp.net"}, {"type", "retry"}})));
}

void TestNetworkStanzas::plansRetriesAsTheReferences_data() {
    QTest::addColumn<bool>("withKeys");
    QTest::addColumn<int>("count");
    QTest::addColumn<bool>("hasSession");
    QTest::addColumn<qint64>("recreatedAgoMs"); // -1: never
    QTest::addColumn<int>("resends");
    QTest::addColumn<int>("keys"); // Plan::Keys, or -1 for give up
    using K = retry_request::Plan::Keys;
    QTest::newRow("first retry keeps the session")
        << false << 1 << true << qint64(-1) << 0 << int(K::KeepSession);
    QTest::newRow("no session: fetch") << false << 1 << false << qint64(-1) << 0 << int(K::FetchBundle);
    QTest::newRow("keys in the receipt") << true << 2 << true << qint64(1000) << 1 << int(K::FromReceipt);
    QTest::newRow("second retry, never recreated")
        << false << 2 << true << qint64(-1) << 1 << int(K::FetchBundle);
    QTest::newRow("second retry, recreated a minute ago")
        << false << 2 << true << qint64(60'000) << 1 << int(K::KeepSession);
    QTest::newRow("second retry, recreated two hours ago")
        << false << 2 << true << qint64(7'200'000) << 1 << int(K::FetchBundle);
    QTest::newRow("past the bound") << true << 6 << true << qint64(-1) << 5 << -1;
}

void TestNetworkStanzas::plansRetriesAsTheReferences() {
    QFETCH(bool, withKeys);
    QFETCH(int, count);
    QFETCH(bool, hasSession);
    QFETCH(qint64, recreatedAgoMs);
    QFETCH(int, resends);
    QFETCH(int, keys);
    auto request = retry_request::parse(retryReceipt(withKeys, count));
    QVERIFY(request);
    const qint64 now = 1'800'000'000'000;
    const auto plan = retry_request::plan(*request, hasSession,
        recreatedAgoMs < 0 ? std::nullopt : std::optional<qint64>(now - recreatedAgoMs), now, resends);
    if (keys < 0) {
        QVERIFY(plan.giveUp);
        QVERIFY(!plan.reason.isEmpty());
        return;
    }
    QVERIFY(!plan.giveUp);
    QCOMPARE(int(plan.keys), keys);
}

void TestNetworkStanzas::resendGoesToOneDevice() {
    auto request = retry_request::parse(retryReceipt(false, 2));
    QVERIFY(request);
    const Node resend
        = retry_request::buildResend(*request, QStringLiteral("text"), QStringLiteral("msg"), "cipher", {});
    QCOMPARE(resend.attribute(u"to"), QStringLiteral("5511900000002:3@s.whatsapp.net"));
    QCOMPARE(resend.attribute(u"device_fanout"), QStringLiteral("false"));
    QCOMPARE(resend.attribute(u"id"), QStringLiteral("3EB0AA"));
    const Node *enc = resend.child(u"enc");
    QVERIFY(enc);
    QCOMPARE(enc->attribute(u"count"), QStringLiteral("2"));
    QCOMPARE(enc->attribute(u"type"), QStringLiteral("msg"));
    QVERIFY(!resend.child(u"participants"));
    QVERIFY(!resend.child(u"device-identity"));
}

QTEST_GUILESS_MAIN(TestNetworkStanzas)
#include "tst_network_stanzas.moc"
