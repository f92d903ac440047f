// Issue 16: the decisions behind LID addressing and privacy tokens, as values — who a stanza is from, which
// forms of a number to try, when a token is usable and when ours is due, what a usync answer says.
#include <QTest>
#include <auth/phone_number.h>
#include <messaging/addressing.h>
#include <messaging/message_content.h>
#include <messaging/number_forms.h>
#include <messaging/privacy_tokens.h>
#include <messaging/usync.h>
#include <signal/device_cipher.h>

using namespace balcao;

namespace {

Jid jid(const char *text) {
    return Jid::parse(QString::fromLatin1(text)).value();
}

addressing::Own us() {
    DeviceCredentials c;
    c.ownJid = QStringLiteral("5511900000009:3@s.whatsapp.net");
    c.ownLid = QStringLiteral("90000000000009:3@lid");
    return addressing::Own::of(c);
}

Node message(QList<Node::Attribute> attributes) {
    return Node(QStringLiteral("message"), attributes);
}

} // namespace

class TestLidRules : public QObject {
    Q_OBJECT
private slots:
    void readsWhoSentAndWhichChat();
    void recognisesUsUnderEitherAddress();
    void pairsOneLidWithOneNumber();
    void keysSignalSessionsByDomain();
    void triesTheOtherFormOfMobileNumbers_data();
    void triesTheOtherFormOfMobileNumbers();
    void judgesTokensByWeek();
    void readsPrivacyTokenNotifications();
    void buildsTheQueriesAndReadsTheirAnswers();
    void acceptsLidRecipients();
    void readsOurPhonesLidMigrationList();
};

void TestLidRules::readsWhoSentAndWhichChat() {
    // By number, with the LID beside it: the device carries over to the LID (whatsmeow's parseMessageSource).
    auto e = addressing::readDirect(
        message({{"from", "5511900000002:4@s.whatsapp.net"}, {"sender_lid", "20000000000002@lid"}}), us());
    QVERIFY(e);
    QCOMPARE(e->fromMe, false);
    QCOMPARE(e->chat, jid("5511900000002@s.whatsapp.net"));
    QCOMPARE(e->senderAlt, jid("20000000000002:4@lid"));
    // By LID, with the number beside it.
    e = addressing::readDirect(
        message({{"from", "20000000000002@lid"}, {"sender_pn", "5511900000002@s.whatsapp.net"}}), us());
    QVERIFY(e);
    QCOMPARE(e->chat, jid("20000000000002@lid"));
    QCOMPARE(e->senderAlt, jid("5511900000002@s.whatsapp.net"));
    // An alternate of the same form is no pairing.
    e = addressing::readDirect(
        message({{"from", "20000000000002@lid"}, {"sender_pn", "30000000000003@lid"}}), us());
    QVERIFY(e);
    QCOMPARE(e->senderAlt, std::nullopt);
    // No sender: refused.
    QVERIFY(!addressing::readDirect(message({{"id", "X"}}), us()));
    QVERIFY(!addressing::readDirect(message({{"from", "@s.whatsapp.net"}}), us()));
}

void TestLidRules::recognisesUsUnderEitherAddress() {
    // Our phone typing to a customer, delivered from our LID: ours, in the recipient's chat, with its number.
    const auto e
        = addressing::readDirect(message({{"from", "90000000000009@lid"}, {"recipient", "20000000000002@lid"},
                                     {"peer_recipient_pn", "5511900000002@s.whatsapp.net"}}),
            us());
    QVERIFY(e);
    QCOMPARE(e->fromMe, true);
    QCOMPARE(e->chat, jid("20000000000002@lid"));
    QCOMPARE(e->chatAlt, jid("5511900000002@s.whatsapp.net"));
    QVERIFY(us().isUs(jid("5511900000009@s.whatsapp.net")));
    QVERIFY(us().isUs(jid("90000000000009:7@lid")));
    QVERIFY(!us().isUs(jid("5511900000009@lid"))); // our number's digits as a LID are somebody else
    QCOMPARE(us().sameFormAs(jid("1@lid")), jid("90000000000009:3@lid"));
    QCOMPARE(us().sameFormAs(jid("1@s.whatsapp.net")), jid("5511900000009:3@s.whatsapp.net"));
}

void TestLidRules::pairsOneLidWithOneNumber() {
    const auto pair
        = addressing::lidAndPhone(jid("5511900000002:2@s.whatsapp.net"), jid("20000000000002:2@lid"));
    QVERIFY(pair);
    QCOMPARE(pair->first, jid("20000000000002@lid"));
    QCOMPARE(pair->second, jid("5511900000002@s.whatsapp.net"));
    QVERIFY(!addressing::lidAndPhone(jid("1@lid"), jid("2@lid")));
    QVERIFY(!addressing::lidAndPhone(jid("1@g.us"), jid("2@lid")));
}

void TestLidRules::keysSignalSessionsByDomain() {
    QCOMPARE(signalAddressOf(jid("5511900000002:2@s.whatsapp.net")), (SignalAddress {"5511900000002", 2}));
    QCOMPARE(signalAddressOf(jid("20000000000002:4@lid")), (SignalAddress {"20000000000002_1", 4}));
    QCOMPARE(signalAddressOf(jid("5511900000002:99@hosted")), (SignalAddress {"5511900000002_128", 99}));
    QCOMPARE(
        signalAddressOf(jid("20000000000002:99@hosted.lid")), (SignalAddress {"20000000000002_129", 99}));
}

void TestLidRules::triesTheOtherFormOfMobileNumbers_data() {
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QStringList>("forms");
    QTest::newRow("Brazil with the ninth digit")
        << "+55 (31) 98765-0003" << QStringList {"5531987650003", "553187650003"};
    QTest::newRow("Brazil without it") << "553187650003" << QStringList {"553187650003", "5531987650003"};
    QTest::newRow("Brazil landline") << "+55 11 3456-7890" << QStringList {"551134567890"};
    QTest::newRow("Mexico with the 1")
        << "+52 1 55 1234 5678" << QStringList {"5215512345678", "525512345678"};
    QTest::newRow("Mexico without it") << "525512345678" << QStringList {"525512345678", "5215512345678"};
    QTest::newRow("Argentina with the 9")
        << "+54 9 11 2345-6789" << QStringList {"5491123456789", "541123456789"};
    QTest::newRow("Portugal") << "+351 912 345 678" << QStringList {"351912345678"};
}

void TestLidRules::triesTheOtherFormOfMobileNumbers() {
    QFETCH(QString, typed);
    QFETCH(QStringList, forms);
    const QString digits = number_forms::digitsOf(typed);
    QCOMPARE(number_forms::candidates(digits), forms);
    QCOMPARE(number_forms::digitsOf(QStringLiteral("55 31 98")), QString()); // too short
    QCOMPARE(number_forms::digitsOf(QStringLiteral("+55 31 98765-0003 ramal 2")), QString());
    QCOMPARE(number_forms::digitsOf(QStringLiteral("1234567890123456")), QString()); // longer than E.164
}

void TestLidRules::judgesTokensByWeek() {
    constexpr qint64 week = privacy_token::kBucketSeconds;
    const qint64 now = 3000 * week + 100; // early in a week
    QVERIFY(privacy_token::isUsable(now - 10, now));
    QVERIFY(privacy_token::isUsable(2997 * week, now)); // the start of the bucket three before
    QVERIFY(!privacy_token::isUsable(2997 * week - 1, now));
    QVERIFY(!privacy_token::isUsable(0, now));
    QVERIFY(privacy_token::shouldIssue(std::nullopt, now));
    QVERIFY(!privacy_token::shouldIssue(3000 * week, now)); // already this week
    QVERIFY(privacy_token::shouldIssue(3000 * week - 1, now)); // last week
    const Node iq = privacy_token::buildIssue(jid("20000000000002:3@lid"), now);
    QCOMPARE(iq.attribute(u"xmlns"), QStringLiteral("privacy"));
    QCOMPARE(iq.attribute(u"type"), QStringLiteral("set"));
    const Node *token = iq.child(u"tokens")->child(u"token");
    QCOMPARE(token->attribute(u"jid"), QStringLiteral("20000000000002@lid"));
    QCOMPARE(token->attribute(u"t"), QString::number(now));
    QCOMPARE(token->attribute(u"type"), QStringLiteral("trusted_contact"));
}

void TestLidRules::readsPrivacyTokenNotifications() {
    const QByteArray bytes(32, '\x07');
    Node notification(QStringLiteral("notification"),
        {{"from", "5511900000002@s.whatsapp.net"}, {"sender_lid", "20000000000002@lid"},
            {"type", "privacy_token"}},
        Node::Children {Node(QStringLiteral("tokens"), {},
            Node::Children {
                Node(QStringLiteral("token"),
                    {{"jid", "x@s.whatsapp.net"}, {"t", "1700000000"}, {"type", "trusted_contact"}}, bytes),
                Node(QStringLiteral("token"), {{"t", "1700000000"}, {"type", "other"}}, bytes),
                Node(QStringLiteral("token"), {{"type", "trusted_contact"}}, bytes)})});
    const auto read = privacy_token::parseNotification(notification);
    QVERIFY(read);
    QCOMPARE(read->from, jid("20000000000002@lid")); // kept under the LID, as both references key it
    QCOMPARE(read->fromAlt, jid("5511900000002@s.whatsapp.net"));
    QCOMPARE(read->tokens, (QList<PrivacyToken> {{bytes, 1700000000}}));
    QVERIFY(
        !privacy_token::parseNotification(Node(QStringLiteral("notification"), {{"type", "privacy_token"}})));
    QVERIFY(!privacy_token::parseNotification(
        Node(QStringLiteral("notification"), {{"from", "1203630@g.us"}, {"type", "privacy_token"}})));
}

void TestLidRules::buildsTheQueriesAndReadsTheirAnswers() {
    const Node lids = usync::buildLidQuery({jid("5511900000002:3@s.whatsapp.net")}, QStringLiteral("s1"));
    const Node *query = lids.child(u"usync");
    QCOMPARE(query->attribute(u"context"), QStringLiteral("background"));
    QVERIFY(query->child(u"query")->child(u"lid"));
    QCOMPARE(query->child(u"list")->child(u"user")->attribute(u"jid"),
        QStringLiteral("5511900000002@s.whatsapp.net"));
    const Node contacts = usync::buildContactQuery({QStringLiteral("553187650003")}, QStringLiteral("s2"));
    QCOMPARE(contacts.child(u"usync")->attribute(u"context"), QStringLiteral("interactive"));
    QCOMPARE(contacts.child(u"usync")->child(u"list")->child(u"user")->child(u"contact")->contentBytes(),
        QByteArray("+553187650003"));

    const auto user = [](QList<Node::Attribute> attributes, Node::Children content) {
        return Node(QStringLiteral("user"), attributes, std::move(content));
    };
    Node answer(QStringLiteral("iq"), {{"type", "result"}},
        Node::Children {Node(QStringLiteral("usync"), {},
            Node::Children {Node(QStringLiteral("list"), {},
                Node::Children {
                    user({{"jid", "553187650003@s.whatsapp.net"}},
                        {Node(QStringLiteral("contact"), {{"type", "in"}}, QByteArray("+553187650003")),
                            Node(QStringLiteral("lid"), {{"val", "20000000000003@lid"}})}),
                    user({{"jid", "20000000000004@lid"}, {"pn_jid", "5511900000004@s.whatsapp.net"}},
                        {Node(QStringLiteral("contact"), {{"type", "in"}})}),
                    user({{"jid", "5531987650003@s.whatsapp.net"}},
                        {Node(QStringLiteral("contact"), {{"type", "out"}})}),
                    user({{"jid", "not a jid"}}, {}),
                })})});
    const auto users = usync::parseUserAnswer(answer);
    QVERIFY(users);
    QCOMPARE(users->size(), 3);
    QCOMPARE(users->at(0).lid, jid("20000000000003@lid"));
    QCOMPARE(users->at(0).phone, jid("553187650003@s.whatsapp.net"));
    QCOMPARE(users->at(0).onWhatsApp, true);
    QCOMPARE(users->at(0).asked, QStringLiteral("+553187650003"));
    QCOMPARE(users->at(1).lid, jid("20000000000004@lid"));
    QCOMPARE(users->at(1).phone, jid("5511900000004@s.whatsapp.net"));
    QCOMPARE(users->at(2).onWhatsApp, false);
    QVERIFY(!usync::parseUserAnswer(Node(QStringLiteral("iq"), {{"type", "error"}})));
}

void TestLidRules::acceptsLidRecipients() {
    QCOMPARE(userJidFromInput(u"20000000000002@lid").value(), QStringLiteral("20000000000002@lid"));
    QCOMPARE(userJidFromInput(u"20000000000002:5@lid").value(), QStringLiteral("20000000000002@lid"));
    QVERIFY(!userJidFromInput(u"abc@lid"));
    QVERIFY(!userJidFromInput(u"@lid"));
}

void TestLidRules::readsOurPhonesLidMigrationList() {
    // Message{protocolMessage(12): {type(2): 22, lidMigrationMappingSyncMessage(23):
    // {encodedMappingPayload(1): LIDMigrationMappingSyncPayload{pnToLidMappings(1): [{pn(1), assignedLid(2),
    // latestLid(3)}]}}}}, written field by field as the emulator writes it
    // (tests/emulator/src/server/phone-abilities.js).
    const auto varint = [](quint64 v) {
        QByteArray out;
        do {
            char b = char(v & 0x7f);
            v >>= 7;
            if (v)
                b |= char(0x80);
            out.append(b);
        } while (v);
        return out;
    };
    const auto field = [&](int number, const QByteArray &bytes) {
        return varint(quint64(number) << 3 | 2) + varint(quint64(bytes.size())) + bytes;
    };
    const auto number = [&](int n, quint64 v) { return varint(quint64(n) << 3) + varint(v); };
    const QByteArray mapping
        = number(1, 5511900000002ULL) + number(2, 20000000000002ULL) + number(3, 30000000000003ULL);
    const QByteArray broken = number(1, 5511900000004ULL); // no LID: skipped
    const QByteArray payload = field(1, mapping) + field(1, broken) + number(2, 1700000000);
    const QByteArray protocol = number(2, 22) + field(23, field(1, payload));
    const auto content = readMessage(field(12, protocol));
    QVERIFY(content);
    QCOMPARE(content->kind, MessageKind::Protocol);
    QVERIFY(content->protocol);
    QCOMPARE(content->protocol->type, ProtocolMessageInfo::Type::LidMigrationMappingSync);
    QCOMPARE(content->protocol->lidMappings,
        (QList<std::pair<QString, QString>> {{"20000000000002@lid", "5511900000002@s.whatsapp.net"}}));
    // A payload that is no protobuf gives no pairs, and no error.
    const auto garbage
        = readMessage(field(12, number(2, 22) + field(23, field(1, QByteArray("\xff\xff\xff", 3)))));
    QVERIFY(garbage);
    QVERIFY(garbage->protocol->lidMappings.isEmpty());
}

QTEST_GUILESS_MAIN(TestLidRules)
#include "tst_lid_rules.moc"
