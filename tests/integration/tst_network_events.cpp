// Issue 15, Done-when 4 to 7: what the network tells a number about its contacts — calls, devices added and
// removed, a reinstalled phone, privacy tokens, retries — against the strict emulator, whose phones do what
// real ones do, and which checks every ack against Baileys 7's own buildAckStanza.
#include "../common/linking.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace balcao::testing;

namespace {
const QString kBusiness = QStringLiteral("5511950000001");
const QString kCustomer = QStringLiteral("5511950000002");
const QString kCustomerJid = kCustomer + QStringLiteral("@s.whatsapp.net");
} // namespace

class TestNetworkEvents : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void everyStanzaIsAnsweredAsBaileys7Would();
    void aRemovedDeviceGetsNothingAndANewOneDecrypts();
    void aReinstalledPhoneTalksBothWaysWithASecurityLine();
    void retriesGoToTheAskingDeviceAlone();
    void aDeviceThatKeepsAskingEndsWithAFailedMessage();
    void cleanupTestCase();

private:
    // Sends `text` from Balcão to the customer under a fixed id; true once the server acked it.
    bool sendToCustomer(const QString &id, const QString &text);
    bool phoneHas(const QString &text);
    bool extraDeviceHas(int device, const QString &text);
    QJsonArray deliveries(const QString &id);
    QJsonObject unacked();

    Emulator m_emulator;
    QTemporaryDir m_data;
    HeadlessProcess m_app;
    QString m_session;
    QString m_jid;
    int m_extra = 0; // the customer's extra device, once linked
};

void TestNetworkEvents::initTestCase() {
    const QString error = m_emulator.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(m_app.start(m_data.path(), m_emulator.ws(), m_emulator.rootKeyHex()).isEmpty());
    std::tie(m_session, m_jid) = linkByQr(m_emulator, m_app, kBusiness, QStringLiteral("Loja Rede"));
    QVERIFY(!m_jid.isEmpty());
    QVERIFY(!m_emulator.addPhone(kCustomer, QStringLiteral("Cliente")).isEmpty());
    // A conversation both ways first: sessions in both directions, and the customer knows the business.
    QCOMPARE(m_emulator
                 .post(QStringLiteral("/phones/%1/messages").arg(kCustomer),
                     {{"to", kBusiness}, {"text", "Oi, tudo bem?"}})
                 .status,
        201);
    QVERIFY(m_app.waitFor(
        [](const QJsonObject &e) {
            return e.value("event") == "message" && e.value("text") == "Oi, tudo bem?";
        },
        15000));
    QVERIFY(sendToCustomer(QStringLiteral("3EB0NET00000000000001"), QStringLiteral("Tudo ótimo!")));
    QVERIFY(QTest::qWaitFor([&] { return phoneHas(QStringLiteral("Tudo ótimo!")); }, 10000));
}

bool TestNetworkEvents::sendToCustomer(const QString &id, const QString &text) {
    const int from = m_app.eventCount();
    m_app.send({{"cmd", "send"}, {"session", m_session}, {"to", kCustomerJid}, {"text", text}, {"id", id}});
    return m_app
        .waitFor(
            [&](const QJsonObject &e) {
                return e.value("event") == "message.status" && e.value("id") == id
                    && (e.value("status") == "sent" || e.value("status") == "delivered");
            },
            15000, from)
        .has_value();
}

bool TestNetworkEvents::phoneHas(const QString &text) {
    for (const auto &m : m_emulator.get(QStringLiteral("/phones/%1/messages").arg(kCustomer)).array())
        if (m.toObject().value("text").toString() == text)
            return true;
    return false;
}

bool TestNetworkEvents::extraDeviceHas(int device, const QString &text) {
    for (const auto &m :
        m_emulator.get(QStringLiteral("/phones/%1/devices/%2/messages").arg(kCustomer).arg(device)).array())
        if (m.toObject().value("text").toString() == text)
            return true;
    return false;
}

QJsonArray TestNetworkEvents::deliveries(const QString &id) {
    return m_emulator.get(QStringLiteral("/messages/%1/deliveries").arg(id)).array();
}

QJsonObject TestNetworkEvents::unacked() {
    return m_emulator.get(QStringLiteral("/devices/%1/unacked").arg(m_jid)).object();
}

void TestNetworkEvents::everyStanzaIsAnsweredAsBaileys7Would() {
    // This number rejects calls and answers with a text, as a shop without a phone line would.
    const QString reply = QStringLiteral("Não atendemos ligações por aqui; mande uma mensagem!");
    int from = m_app.eventCount();
    m_app.send({{"cmd", "set-calls"}, {"session", m_session}, {"reject", true}, {"reply", reply}});
    m_app.send({{"cmd", "list"}});
    const auto list = m_app.waitForEvent("sessions", {}, 5000, from);
    QVERIFY(list);
    QCOMPARE(
        list->value("sessions").toArray().at(0).toObject().value("calls").toObject().value("reject").toBool(),
        true);

    // A call offer: acked, rejected (the caller's phone sees it), shown in the chat, answered with the text.
    const auto call = m_emulator.post(
        QStringLiteral("/phones/%1/call").arg(kCustomer), {{"to", kBusiness}, {"video", false}});
    QCOMPARE(call.status, 201);
    const QString callId = call.object().value("callId").toString();
    QVERIFY(m_app.waitFor(
        [&](const QJsonObject &e) {
            return e.value("event") == "call" && e.value("callId") == callId
                && e.value("status") == "rejected";
        },
        10000, from));
    QVERIFY(m_app.waitFor(
        [&](const QJsonObject &e) {
            return e.value("event") == "message" && e.value("chat") == kCustomerJid
                && e.value("type") == "call";
        },
        5000, from));
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     for (const auto &c :
                         m_emulator.get(QStringLiteral("/phones/%1/calls").arg(kCustomer)).array())
                         if (c.toObject().value("callId") == callId
                             && !c.toObject().value("rejectedBy").toString().isEmpty())
                             return true;
                     return false;
                 },
                 10000),
        "the caller's phone never saw the reject");
    QVERIFY2(
        QTest::qWaitFor([&] { return phoneHas(reply); }, 10000), "the caller did not get the reply text");

    // Devices added and removed, a privacy token, our phone writing to the customer (a message from our own
    // device with `recipient`; the reply above came back from our phone as a receipt of type sender with
    // `recipient`), a server ping, a reinstall (encrypt/identity).
    const auto added = m_emulator.post(QStringLiteral("/phones/%1/devices").arg(kCustomer), {});
    QCOMPARE(added.status, 201);
    const int extra = added.object().value("device").toInt();
    QCOMPARE(m_emulator.post(QStringLiteral("/phones/%1/privacy-token").arg(kCustomer), {{"to", kBusiness}})
                 .status,
        200);
    QCOMPARE(m_emulator
                 .post(QStringLiteral("/phones/%1/messages").arg(kBusiness),
                     {{"to", kCustomer}, {"text", "Pelo celular da loja"}})
                 .status,
        201);
    QVERIFY(m_app.waitFor(
        [](const QJsonObject &e) {
            return e.value("event") == "message" && e.value("text") == "Pelo celular da loja";
        },
        10000, from));
    QCOMPARE(
        m_emulator.post(QStringLiteral("/devices/%1/ping").arg(m_jid), {{"timeoutMs", 5000}}).status, 200);
    QCOMPARE(
        m_emulator.sendDelete(QStringLiteral("/phones/%1/devices/%2").arg(kCustomer).arg(extra)).status, 200);
    // The customer reinstalls WhatsApp (<notification type="encrypt"><identity/>): the chat gets its line.
    QCOMPARE(m_emulator.post(QStringLiteral("/phones/%1/reinstall").arg(kCustomer), {}).status, 200);
    QVERIFY(m_app.waitFor(
        [](const QJsonObject &e) { return e.value("event") == "message" && e.value("type") == "notice"; },
        10000, from));

    QVERIFY2(QTest::qWaitFor([&] { return unacked().value("unacked").toArray().isEmpty(); }, 10000),
        qPrintable(QJsonDocument(unacked()).toJson()));
    const QJsonArray mismatches = unacked().value("mismatches").toArray();
    QVERIFY2(mismatches.isEmpty(), qPrintable(QJsonDocument(mismatches).toJson()));
}

void TestNetworkEvents::aRemovedDeviceGetsNothingAndANewOneDecrypts() {
    // A new device of the customer's: our next message reaches it, and it decrypts it.
    const auto added = m_emulator.post(QStringLiteral("/phones/%1/devices").arg(kCustomer), {});
    QCOMPARE(added.status, 201);
    m_extra = added.object().value("device").toInt();
    const QString newDeviceJid = added.object().value("jid").toString();
    QVERIFY(
        sendToCustomer(QStringLiteral("3EB0NET00000000000002"), QStringLiteral("Chegou no aparelho novo?")));
    QVERIFY2(QTest::qWaitFor(
                 [&] { return extraDeviceHas(m_extra, QStringLiteral("Chegou no aparelho novo?")); }, 10000),
        qPrintable(QJsonDocument(deliveries(QStringLiteral("3EB0NET00000000000002"))).toJson()));

    // They remove it: the next message has no copy for it.
    QCOMPARE(
        m_emulator.sendDelete(QStringLiteral("/phones/%1/devices/%2").arg(kCustomer).arg(m_extra)).status,
        200);
    QTest::qWait(500); // the notification reaches Balcão
    QVERIFY(sendToCustomer(QStringLiteral("3EB0NET00000000000003"), QStringLiteral("E agora?")));
    QVERIFY(QTest::qWaitFor([&] { return phoneHas(QStringLiteral("E agora?")); }, 10000));
    for (const auto &d : deliveries(QStringLiteral("3EB0NET00000000000003")))
        QVERIFY2(d.toObject().value("to").toString() != newDeviceJid, "a copy went to the removed device");
    m_extra = 0;
}

void TestNetworkEvents::aReinstalledPhoneTalksBothWaysWithASecurityLine() {
    const int from = m_app.eventCount();
    QCOMPARE(m_emulator.post(QStringLiteral("/phones/%1/reinstall").arg(kCustomer), {}).status, 200);
    QVERIFY2(
        m_app.waitFor(
            [](const QJsonObject &e) { return e.value("event") == "message" && e.value("type") == "notice"; },
            10000, from),
        "no security-code line in the chat");
    QVERIFY(
        sendToCustomer(QStringLiteral("3EB0NET00000000000004"), QStringLiteral("Depois da reinstalação")));
    QVERIFY2(QTest::qWaitFor([&] { return phoneHas(QStringLiteral("Depois da reinstalação")); }, 10000),
        "the reinstalled phone could not read our first message");
    QCOMPARE(m_emulator
                 .post(QStringLiteral("/phones/%1/messages").arg(kCustomer),
                     {{"to", kBusiness}, {"text", "Recebi!"}})
                 .status,
        201);
    QVERIFY2(m_app.waitFor(
                 [](const QJsonObject &e) {
                     return e.value("event") == "message" && e.value("text") == "Recebi!";
                 },
                 10000, from),
        "their first message after the reinstall did not arrive");
}

void TestNetworkEvents::retriesGoToTheAskingDeviceAlone() {
    // The customer has a second device again, so "to that device alone" means something.
    const auto added = m_emulator.post(QStringLiteral("/phones/%1/devices").arg(kCustomer), {});
    QCOMPARE(added.status, 201);
    m_extra = added.object().value("device").toInt();

    for (int times : {1, 2}) {
        const QString id = QStringLiteral("3EB0NETRETRY0000000%1").arg(times);
        const QString text = QStringLiteral("Pela tentativa %1").arg(times);
        QCOMPARE(m_emulator
                     .post(QStringLiteral("/phones/%1/fail-decrypt").arg(kCustomer),
                         {{"from", m_jid}, {"times", times}})
                     .status,
            200);
        QVERIFY(sendToCustomer(id, text));
        QVERIFY2(QTest::qWaitFor([&] { return phoneHas(text); }, 15000),
            qPrintable(QJsonDocument(deliveries(id)).toJson()));
        QJsonArray asked;
        for (const auto &r : m_emulator.get(QStringLiteral("/phones/%1/retries").arg(kCustomer)).array())
            if (r.toObject().value("id") == id)
                asked.append(r);
        QCOMPARE(asked.size(), times);
        QCOMPARE(asked.last().toObject().value("outcome").toString(), QStringLiteral("decrypted"));
        QCOMPARE(asked.last().toObject().value("count").toInt(), times);
        if (times == 2)
            QVERIFY(asked.last().toObject().value("withKeys").toBool());
        // The extra device got the message once; every resend went to the phone alone, counted.
        // Copies go by the customer's LID (issue 16): the same devices under their other address.
        const QString lid
            = m_emulator.get(QStringLiteral("/phones/%1").arg(kCustomer)).object().value("lid").toString();
        const QString lidUser = lid.section(QLatin1Char('@'), 0, 0);
        int toExtra = 0;
        QList<int> resends;
        for (const auto &d : deliveries(id)) {
            const QJsonObject o = d.toObject();
            const QString to = o.value("to").toString();
            if (to.startsWith(kCustomer + QStringLiteral(":"))
                || to.startsWith(lidUser + QStringLiteral(":")))
                ++toExtra;
            if (o.value("count").toInt() > 0) {
                QVERIFY2(
                    to == kCustomerJid || to == lid, qPrintable(to)); // the phone that asked, no one else
                resends.append(o.value("count").toInt());
            }
        }
        QCOMPARE(toExtra, 1);
        QList<int> expected;
        for (int i = 1; i <= times; ++i)
            expected.append(i);
        QCOMPARE(resends, expected);
    }
}

void TestNetworkEvents::aDeviceThatKeepsAskingEndsWithAFailedMessage() {
    const QString id = QStringLiteral("3EB0NETRETRYBOUND0001");
    // Only the phone gets it (a copy another device read would count as delivered, which never fails).
    QCOMPARE(
        m_emulator.sendDelete(QStringLiteral("/phones/%1/devices/%2").arg(kCustomer).arg(m_extra)).status,
        200);
    QTest::qWait(500);
    QCOMPARE(m_emulator
                 .post(QStringLiteral("/phones/%1/fail-decrypt").arg(kCustomer),
                     {{"from", m_jid}, {"times", 20}, {"keepAsking", true}})
                 .status,
        200);
    const int from = m_app.eventCount();
    m_app.send(
        {{"cmd", "send"}, {"session", m_session}, {"to", kCustomerJid}, {"text", "Nunca chega"}, {"id", id}});
    const auto failed = m_app.waitFor(
        [&](const QJsonObject &e) {
            return e.value("event") == "message.status" && e.value("id") == id
                && e.value("status") == "failed";
        },
        30000, from);
    QVERIFY2(failed,
        qPrintable(QJsonDocument(deliveries(id)).toJson(QJsonDocument::Compact) + " "
            + QJsonDocument(m_emulator.get(QStringLiteral("/phones/%1/retries").arg(kCustomer)).array())
                  .toJson(QJsonDocument::Compact)));
    QVERIFY2(failed->value("reason").toString().contains(QStringLiteral("5")),
        qPrintable(failed->value("reason").toString()));
    int resends = 0;
    for (const auto &d : deliveries(id))
        resends += d.toObject().value("count").toInt() > 0;
    QCOMPARE(resends, 5); // Baileys 7's bound per device and message
    QVERIFY(m_app.waitFor(
        [](const QJsonObject &e) {
            return e.value("event") == "error" && e.value("code") == "retries-exhausted";
        },
        1000, from));
}

void TestNetworkEvents::cleanupTestCase() {
    QCOMPARE(m_app.finish(), 0);
}

QTEST_GUILESS_MAIN(TestNetworkEvents)
#include "tst_network_events.moc"
