#include "messaging/usync.h"
#include "messaging_vectors.h"

#include <QTest>

using namespace balcao;
using namespace balcao::testing;

namespace {

Jid jid(const QString &text) {
    return *Jid::parse(text);
}

QList<Jid> jids(const QJsonValue &array) {
    QList<Jid> out;
    for (const QJsonValue &value : array.toArray())
        out.append(jid(value.toString()));
    return out;
}

Node device(const char *id, const char *keyIndex = nullptr) {
    QList<Node::Attribute> attributes {{QStringLiteral("id"), QString::fromLatin1(id)}};
    if (keyIndex)
        attributes.append({QStringLiteral("key-index"), QString::fromLatin1(keyIndex)});
    return Node(QStringLiteral("device"), attributes);
}

Node user(const QString &jid, Node::Children devices) {
    return Node(QStringLiteral("user"), {{QStringLiteral("jid"), jid}},
        Node::Children {Node(QStringLiteral("devices"), {},
            Node::Children {Node(QStringLiteral("device-list"), {}, std::move(devices))})});
}

Node answer(Node::Children users, const QString &type = QStringLiteral("result")) {
    return Node(QStringLiteral("iq"),
        {{QStringLiteral("type"), type}, {QStringLiteral("id"), QStringLiteral("1")}},
        Node::Children {Node(QStringLiteral("usync"), {},
            Node::Children {Node(QStringLiteral("list"), {}, std::move(users))})});
}

const QString kPeer = QStringLiteral("5511900000002@s.whatsapp.net");
const Jid kOwn = *Jid::parse(u"5511900000001:3@s.whatsapp.net");

} // namespace

class TestUsync : public QObject {
    Q_OBJECT
private slots:
    void buildsTheQueryBaileysSends();
    void normalisesAndDropsRepeatedUsers();
    void parsesTheAnswerToBaileysDestinations();
    void parsesAnswers_data();
    void parsesAnswers();
    void refusesAnswers_data();
    void refusesAnswers();
    void survivesMutatedAnswers();
};

void TestUsync::buildsTheQueryBaileysSends() {
    const NodeVector want = nodeVector(messagingAt({"usync", "query"}));
    const Node query = usync::buildDeviceListQuery(
        jids(messagingAt({"usync", "users"})), messagingAt({"usync", "sid"}).toString());
    QCOMPARE(query.toString(), want.node.toString());
    QVERIFY(query == want.node);
    QCOMPARE(encodedV3(query).toHex(), want.encoded.toHex());
}

void TestUsync::normalisesAndDropsRepeatedUsers() {
    const Node query = usync::buildDeviceListQuery(
        {jid(QStringLiteral("5511900000002:4@s.whatsapp.net")), jid(QStringLiteral("5511900000002@c.us")),
            jid(QStringLiteral("5511900000003@s.whatsapp.net"))},
        QStringLiteral("sid"));
    const Node *list = query.child(u"usync")->child(u"list");
    QCOMPARE(list->children().size(), size_t(2));
    QCOMPARE(list->children().at(0).attribute(u"jid"), kPeer);
    QCOMPARE(list->children().at(1).attribute(u"jid"), QStringLiteral("5511900000003@s.whatsapp.net"));
}

void TestUsync::parsesTheAnswerToBaileysDestinations() {
    const Node answer = decodedNode(messagingAt({"usync", "answer"}));
    const auto devices
        = usync::parseDeviceListAnswer(answer, jid(messagingAt({"usync", "ownJid"}).toString()));
    QVERIFY2(devices.has_value(), qPrintable(devices.has_value() ? QString() : devices.error().message));
    QList<Jid> want = jids(messagingAt({"usync", "baileysDestinations"}));
    QList<Jid> got = *devices;
    auto byText = [](const Jid &a, const Jid &b) { return a.toString() < b.toString(); };
    std::sort(want.begin(), want.end(), byText);
    std::sort(got.begin(), got.end(), byText);
    QCOMPARE(got, want);
    QCOMPARE(got.size(), 5); // peer 0, 2, 7; our phone 0, our device 4 (not 3, that is us)
}

void TestUsync::parsesAnswers_data() {
    QTest::addColumn<Node>("answer");
    QTest::addColumn<QStringList>("devices");
    // Device 0 only where the list has it (Baileys 7 extractDeviceJids, whatsmeow parseDeviceList).
    QTest::newRow("empty device list gives nothing") << answer({user(kPeer, {})}) << QStringList {};
    QTest::newRow("no devices child gives nothing")
        << answer({Node(QStringLiteral("user"), {{QStringLiteral("jid"), kPeer}})}) << QStringList {};
    QTest::newRow("listed phone kept, companion without key-index skipped")
        << answer({user(kPeer, {device("0"), device("5")})}) << QStringList {kPeer};
    QTest::newRow("key-index 0 counts as missing, as in Baileys")
        << answer({user(kPeer, {device("0"), device("5", "0")})}) << QStringList {kPeer};
    QTest::newRow("non-numeric id skipped") << answer({user(kPeer,
        {device("0"), device("x", "1"), device("", "1"), device("-2", "1"), device("70000", "1"),
            device("2", "1")})}) << QStringList {kPeer, QStringLiteral("5511900000002:2@s.whatsapp.net")};
    QTest::newRow("repeated rows and devices once")
        << answer({user(kPeer, {device("0"), device("2", "1"), device("2", "1")}),
               user(kPeer, {device("2", "1")})})
        << QStringList {kPeer, QStringLiteral("5511900000002:2@s.whatsapp.net")};
    QTest::newRow("row without jid skipped") << answer(
        {Node(QStringLiteral("user"), {}), user(QStringLiteral("not a jid"), {}), user(kPeer, {device("0")})})
                                             << QStringList {kPeer};
    QTest::newRow("our own device left out, our phone kept")
        << answer({user(QStringLiteral("5511900000001@s.whatsapp.net"), {device("0"), device("3", "2")})})
        << QStringList {QStringLiteral("5511900000001@s.whatsapp.net")};
    QTest::newRow("device jid in the row is normalised")
        << answer({user(QStringLiteral("5511900000002:9@s.whatsapp.net"), {device("4", "1")})})
        << QStringList {QStringLiteral("5511900000002:4@s.whatsapp.net")};
    Node hosted = device("99", "1");
    hosted.setAttribute(QStringLiteral("is_hosted"), QStringLiteral("true"));
    QTest::newRow("a hosted device on the hosted server")
        << answer({user(kPeer, {device("2", "1"), hosted})})
        << QStringList {
               QStringLiteral("5511900000002:2@s.whatsapp.net"), QStringLiteral("5511900000002:99@hosted")};
    QTest::newRow("no users") << answer({}) << QStringList {};
}

void TestUsync::parsesAnswers() {
    QFETCH(Node, answer);
    QFETCH(QStringList, devices);
    const auto parsed = usync::parseDeviceListAnswer(answer, kOwn);
    QVERIFY2(parsed.has_value(), qPrintable(parsed.has_value() ? QString() : parsed.error().message));
    QStringList got;
    for (const Jid &device : *parsed)
        got.append(device.toString());
    QCOMPARE(got, devices);
}

void TestUsync::refusesAnswers_data() {
    QTest::addColumn<Node>("answer");
    QTest::addColumn<QString>("code");
    QTest::newRow("error iq") << answer({}, QStringLiteral("error"))
                              << QString::fromLatin1(errc::kMalformedNode);
    QTest::newRow("not an iq") << Node(QStringLiteral("message"))
                               << QString::fromLatin1(errc::kMalformedNode);
    QTest::newRow("no usync") << Node(
        QStringLiteral("iq"), {{QStringLiteral("type"), QStringLiteral("result")}})
                              << QString::fromLatin1(errc::kMalformedNode);
    QTest::newRow("no list") << Node(QStringLiteral("iq"),
        {{QStringLiteral("type"), QStringLiteral("result")}}, Node::Children {Node(QStringLiteral("usync"))})
                             << QString::fromLatin1(errc::kMalformedNode);
    Node withError = user(kPeer, {});
    withError.setContent(Node::Children {Node(QStringLiteral("devices"), {},
        Node::Children {Node(QStringLiteral("error"), {{QStringLiteral("code"), QStringLiteral("404")}})})});
    QTest::newRow("error in a user's devices")
        << answer({withError}) << QString::fromLatin1(errc::kDeviceListUnavailable);
}

void TestUsync::refusesAnswers() {
    QFETCH(Node, answer);
    QFETCH(QString, code);
    const auto parsed = usync::parseDeviceListAnswer(answer, kOwn);
    QVERIFY(!parsed.has_value());
    QCOMPARE(parsed.error().code, code);
}

void TestUsync::survivesMutatedAnswers() {
    // Every single-bit change of the answer's wire bytes that still decodes is parsed without a crash, and
    // whatever comes out is a device JID of a user.
    const QByteArray bytes = nodeVector(messagingAt({"usync", "answer"})).encoded;
    const NodeDecoder decoder(TokenTableVersion::V3);
    int decoded = 0;
    for (qsizetype i = 1; i < bytes.size(); ++i) {
        for (int bit = 0; bit < 8; ++bit) {
            QByteArray mutated = bytes;
            mutated[i] = char(mutated.at(i) ^ (1 << bit));
            const auto node = decoder.decode(mutated);
            if (!node)
                continue;
            ++decoded;
            const auto devices = usync::parseDeviceListAnswer(*node, kOwn);
            if (devices) {
                for (const Jid &device : *devices)
                    QVERIFY(!device.user.isEmpty() && device.device >= 0 && device.device <= 0xFFFF);
            }
        }
    }
    QVERIFY(decoded > 100);
}

QTEST_GUILESS_MAIN(TestUsync)
#include "tst_usync.moc"
