// Node and Jid: the value types the rest of the engine builds stanzas with.
#include "binary/jid.h"
#include "binary/node.h"
#include "binary/node_decoder.h"
#include "binary/node_encoder.h"

#include <QTest>

using namespace balcao;

class TestBinaryNode : public QObject {
    Q_OBJECT

private slots:
    void parsesJids_data();
    void parsesJids();
    void rejectsNonJids_data();
    void rejectsNonJids();
    void normalizesUser();
    void keepsAttributeOrder();
    void findsChildrenAndContent();
    void printsReadableXml();
    void roundTripsJidAttributes();
};

void TestBinaryNode::parsesJids_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("server");
    QTest::addColumn<int>("device");
    QTest::addColumn<int>("agent");
    QTest::addColumn<QString>("printed");
    QTest::newRow("user") << "5511999990001@s.whatsapp.net"
                          << "5511999990001"
                          << "s.whatsapp.net" << 0 << 0 << "5511999990001@s.whatsapp.net";
    QTest::newRow("device") << "5511999990001:12@s.whatsapp.net"
                            << "5511999990001"
                            << "s.whatsapp.net" << 12 << 0 << "5511999990001:12@s.whatsapp.net";
    QTest::newRow("device 0 printed without :0")
        << "5511999990001:0@s.whatsapp.net"
        << "5511999990001"
        << "s.whatsapp.net" << 0 << 0 << "5511999990001@s.whatsapp.net";
    QTest::newRow("agent and device") << "5511999990001_1:2@s.whatsapp.net"
                                      << "5511999990001"
                                      << "s.whatsapp.net" << 2 << 1 << "5511999990001_1:2@s.whatsapp.net";
    QTest::newRow("lid") << "123456789012345:7@lid"
                         << "123456789012345"
                         << "lid" << 7 << 0 << "123456789012345:7@lid";
    QTest::newRow("group") << "120363012345678901@g.us"
                           << "120363012345678901"
                           << "g.us" << 0 << 0 << "120363012345678901@g.us";
    QTest::newRow("server") << "@s.whatsapp.net"
                            << ""
                            << "s.whatsapp.net" << 0 << 0 << "@s.whatsapp.net";
}

void TestBinaryNode::parsesJids() {
    QFETCH(QString, text);
    QFETCH(QString, user);
    QFETCH(QString, server);
    QFETCH(int, device);
    QFETCH(int, agent);
    QFETCH(QString, printed);
    const auto jid = Jid::parse(text);
    QVERIFY(jid);
    QCOMPARE(jid->user, user);
    QCOMPARE(jid->server, server);
    QCOMPARE(jid->device, device);
    QCOMPARE(jid->agent, agent);
    QCOMPARE(jid->toString(), printed);
}

void TestBinaryNode::rejectsNonJids_data() {
    QTest::addColumn<QString>("text");
    QTest::newRow("no at") << "5511999990001";
    QTest::newRow("device not a number") << "5511999990001:x@s.whatsapp.net";
    QTest::newRow("empty device") << "5511999990001:@s.whatsapp.net";
    QTest::newRow("device too big") << "5511999990001:65536@s.whatsapp.net";
    QTest::newRow("agent not a number") << "a_b@s.whatsapp.net";
}

void TestBinaryNode::rejectsNonJids() {
    QFETCH(QString, text);
    QVERIFY(!Jid::parse(text));
}

void TestBinaryNode::normalizesUser() {
    QCOMPARE(Jid::parse(u"5511999990001_1:3@c.us")->normalizedUser().toString(),
        QStringLiteral("5511999990001@s.whatsapp.net"));
    QCOMPARE(Jid::serverJid().toString(), QStringLiteral("@s.whatsapp.net"));
    QVERIFY(Jid::serverJid().isServer());
    QVERIFY(Jid::parse(u"status@broadcast")->isStatusBroadcast());
    QVERIFY(Jid::make(QStringLiteral("123"), Jid::kLidServer, 2).isLid());
}

void TestBinaryNode::keepsAttributeOrder() {
    Node node(QStringLiteral("iq"),
        {{QStringLiteral("to"), QStringLiteral("@s.whatsapp.net")},
            {QStringLiteral("id"), QStringLiteral("1")}});
    node.setAttribute(QStringLiteral("type"), QStringLiteral("get"));
    node.setAttribute(QStringLiteral("to"), QStringLiteral("5511999990001@s.whatsapp.net"));
    QCOMPARE(node.attributes().size(), 3);
    QCOMPARE(node.attributes().at(0).key, QStringLiteral("to"));
    QCOMPARE(node.attribute(u"to"), QStringLiteral("5511999990001@s.whatsapp.net"));
    QCOMPARE(node.attributes().at(2).key, QStringLiteral("type"));
    QVERIFY(node.attribute(u"missing").isNull());
    QVERIFY(!node.hasAttribute(u"missing"));
    QCOMPARE(node.jidAttribute(u"to")->user, QStringLiteral("5511999990001"));
}

void TestBinaryNode::findsChildrenAndContent() {
    const Node node(QStringLiteral("iq"), {},
        Node::Children {Node(QStringLiteral("a"), {}, QByteArray("xyz")),
            Node(QStringLiteral("b"), {}, QStringLiteral("text")), Node(QStringLiteral("a"))});
    QVERIFY(node.hasChildren());
    QCOMPARE(node.children().size(), size_t(3));
    QCOMPARE(node.child(u"a")->contentBytes(), QByteArray("xyz"));
    QCOMPARE(node.child(u"b")->contentText(), QStringLiteral("text"));
    QCOMPARE(node.child(u"b")->contentBytes(), QByteArray("text"));
    QCOMPARE(node.childrenByTag(u"a").size(), 2);
    QVERIFY(!node.child(u"c"));
    QVERIFY(node.child(u"a")->children().empty());
    QVERIFY(!Node(QStringLiteral("x")).hasContent());
    QVERIFY(Node(QStringLiteral("x"), {}, Node::Children {}).hasContent());
}

void TestBinaryNode::printsReadableXml() {
    const Node node(QStringLiteral("iq"), {{QStringLiteral("id"), QStringLiteral("1\"<")}},
        Node::Children {Node(QStringLiteral("ping")), Node(QStringLiteral("enc"), {}, QByteArray(40, '\x01')),
            Node(QStringLiteral("body"), {}, QStringLiteral("a&b"))});
    QCOMPARE(node.toString(),
        QStringLiteral(
            "<iq id=\"1&quot;&lt;\">\n  <ping/>\n  <enc>[40 bytes: %1…]</enc>\n  <body>a&amp;b</body>\n</iq>")
            .arg(QString::fromLatin1(QByteArray(32, '\x01').toHex())));
}

// A JID attribute goes out as an AD JID or JID pair and comes back as the same text (device 0 aside).
void TestBinaryNode::roundTripsJidAttributes() {
    for (const char *text : {"5511999990001@s.whatsapp.net", "5511999990001:12@s.whatsapp.net",
             "123456789012345:7@lid", "120363012345678901@g.us", "@s.whatsapp.net"}) {
        const Node node(QStringLiteral("x"), {{QStringLiteral("jid"), QString::fromLatin1(text)}});
        for (auto version : {TokenTableVersion::V2, TokenTableVersion::V3}) {
            const Result<QByteArray> bytes = NodeEncoder(version).encode(node);
            QVERIFY(bytes);
            const Result<Node> decoded = NodeDecoder(version).decode(*bytes);
            QVERIFY(decoded);
            QCOMPARE(decoded->attribute(u"jid"), QString::fromLatin1(text));
        }
    }
}

QTEST_GUILESS_MAIN(TestBinaryNode)
#include "tst_binary_node.moc"
