// Issue 16, Done-when 1 to 5: people named by LID and by phone number, against the strict emulator — one chat
// per person, our own phone's messages from its LID, replies addressed as whatsmeow addresses them (the
// emulator's referee checks each), privacy tokens and error 463, numbers with and without Brazil's ninth
// digit. One emulator and one app (headless, with the API) for the whole suite.
#include "../common/key_cli.h"
#include "../common/linking.h"
#include "../common/rest_client.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace balcao::testing;

namespace {
const QString kBusiness = QStringLiteral("5511930000001");
const QString kCustomer = QStringLiteral("5511930000002"); // a migrated account, as every account here
const QString kRestricted = QStringLiteral("5511930000003"); // requires a privacy token
const QString kOldNumber = QStringLiteral("553187650003"); // registered before Brazil's ninth digit
const QString kMexican = QStringLiteral("525512345678"); // registered without the "1" after 52
const QString kArgentine = QStringLiteral("541123456789"); // registered without the "9" after 54

QString userJid(const QString &phone) {
    return phone + QStringLiteral("@s.whatsapp.net");
}
} // namespace

class TestLidAddressing : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void aPersonsTwoAddressesAreOneChat();
    void ourPhonesMessageFromItsLidIsOurs();
    void aReplyByNumberGoesToTheLid();
    void aContactThatRequiresATokenGetsOurs();
    void numbersAreFoundWithOrWithoutTheExtraDigit();
    void ourPhonesLidListIsLearnt();
    void cleanupTestCase();

private:
    // Waits for a message event with `text`; its JSON, or nothing after 15 s.
    std::optional<QJsonObject> messageWithText(const QString &text, int from);
    // Sends `text` to `to` as typed; the id of the queued message (empty when it was refused).
    QString send(const QString &to, const QString &text);
    std::optional<QJsonObject> statusOf(
        const QString &id, const QString &status, int from, int timeoutMs = 15000);
    bool phoneHas(const QString &phone, const QString &text);
    QJsonArray chats();

    Emulator m_emulator;
    QTemporaryDir m_data;
    HeadlessProcess m_app;
    RestClient m_api;
    QString m_session;
    QString m_jid;
};

void TestLidAddressing::initTestCase() {
    const QString error = m_emulator.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QString key = createApiKey(m_data.path(), QStringLiteral("admin")).second;
    QVERIFY(!key.isEmpty());
    m_app.setExtraArguments({QStringLiteral("--api"), QStringLiteral("127.0.0.1:0")});
    QVERIFY(m_app.start(m_data.path(), m_emulator.ws(), m_emulator.rootKeyHex()).isEmpty());
    const auto api = m_app.waitForEvent(QStringLiteral("api"), {}, 10000);
    QVERIFY2(api, "the API did not start");
    m_api.setBase(QUrl(QStringLiteral("http://%1/").arg(api->value(QStringLiteral("address")).toString())));
    m_api.setKey(key);
    std::tie(m_session, m_jid) = linkByQr(m_emulator, m_app, kBusiness, QStringLiteral("Loja LID"));
    QVERIFY(!m_jid.isEmpty());
    QVERIFY(!m_emulator.addPhone(kCustomer, QStringLiteral("Cliente")).isEmpty());
    QCOMPARE(m_emulator
                 .post(QStringLiteral("/phones"),
                     {{"phone", kRestricted}, {"name", "Restrita"}, {"requireToken", true}})
                 .status,
        201);
    for (const QString &phone : {kOldNumber, kMexican, kArgentine})
        QVERIFY(!m_emulator.addPhone(phone, QStringLiteral("Cliente %1").arg(phone.left(2))).isEmpty());
}

void TestLidAddressing::cleanupTestCase() {
    // Nothing the server kept for our device went unanswered, and every ack was as Baileys 7 builds it.
    const QJsonObject unacked = m_emulator.get(QStringLiteral("/devices/%1/unacked").arg(m_jid)).object();
    QCOMPARE(unacked.value("unacked").toArray().size(), 0);
    QCOMPARE(unacked.value("mismatches").toArray().size(), 0);
}

std::optional<QJsonObject> TestLidAddressing::messageWithText(const QString &text, int from) {
    return m_app.waitFor(
        [&](const QJsonObject &e) { return e.value("event") == "message" && e.value("text") == text; }, 15000,
        from);
}

QString TestLidAddressing::send(const QString &to, const QString &text) {
    const int from = m_app.eventCount();
    m_app.send({{"cmd", "send"}, {"session", m_session}, {"to", to}, {"text", text}});
    const auto queued = m_app.waitFor(
        [&](const QJsonObject &e) {
            return (e.value("event") == "message" && e.value("text") == text) || e.value("event") == "error";
        },
        15000, from);
    if (!queued || queued->value("event") == "error") {
        qWarning() << "not queued:"
                   << (queued ? queued->value("message").toString() : QStringLiteral("no answer"));
        return {};
    }
    return queued->value("id").toString();
}

std::optional<QJsonObject> TestLidAddressing::statusOf(
    const QString &id, const QString &status, int from, int timeoutMs) {
    return m_app.waitFor(
        [&](const QJsonObject &e) {
            return e.value("event") == "message.status" && e.value("id") == id && e.value("status") == status;
        },
        timeoutMs, from);
}

bool TestLidAddressing::phoneHas(const QString &phone, const QString &text) {
    for (const auto &m : m_emulator.get(QStringLiteral("/phones/%1/messages").arg(phone)).array())
        if (m.toObject().value("text").toString() == text)
            return true;
    return false;
}

QJsonArray TestLidAddressing::chats() {
    const int from = m_app.eventCount();
    m_app.send({{"cmd", "chats"}, {"session", m_session}});
    const auto reply = m_app.waitForEvent("chats", m_session, 5000, from);
    return reply ? reply->value("chats").toArray() : QJsonArray();
}

void TestLidAddressing::aPersonsTwoAddressesAreOneChat() {
    // Done-when 1: a first (prekey) message by number with sender_lid, then one from the LID on the same
    // session: both decrypt, into one chat under the number, and nothing is asked again.
    int from = m_app.eventCount();
    const int errorsFrom = from;
    QCOMPARE(m_emulator
                 .post(QStringLiteral("/phones/%1/messages").arg(kCustomer),
                     {{"to", kBusiness}, {"text", "Primeira, pelo número"}, {"addressing", "pn"}})
                 .status,
        201);
    const auto first = messageWithText(QStringLiteral("Primeira, pelo número"), from);
    QVERIFY(first);
    QCOMPARE(first->value("chat").toString(), userJid(kCustomer));
    from = m_app.eventCount();
    QCOMPARE(m_emulator
                 .post(QStringLiteral("/phones/%1/messages").arg(kCustomer),
                     {{"to", kBusiness}, {"text", "Segunda, pelo LID"}, {"addressing", "lid"},
                         {"keepSession", true}})
                 .status,
        201);
    const auto second = messageWithText(QStringLiteral("Segunda, pelo LID"), from);
    QVERIFY(second);
    QCOMPARE(second->value("chat").toString(), userJid(kCustomer));
    QCOMPARE(second->value("from").toString(), userJid(kCustomer));
    QCOMPARE(second->value("type").toString(), QStringLiteral("text"));
    // Events name the person both ways; the LID is the customer's, as the server knows it.
    const QString lid
        = m_emulator.get(QStringLiteral("/phones/%1").arg(kCustomer)).object().value("lid").toString();
    QCOMPARE(second->value("phone").toString(), "+" + kCustomer);
    QCOMPARE(second->value("lid").toString(), lid);
    // No decryption failed, so no retry receipt went out.
    QVERIFY(!m_app.waitFor(
        [](const QJsonObject &e) { return e.value("code") == "decrypt-failed"; }, 0, errorsFrom));
    for (const auto &chat : chats())
        QVERIFY2(!chat.toObject().value("chat").toString().endsWith("@lid"), "a chat is kept under a LID");
}

void TestLidAddressing::ourPhonesMessageFromItsLidIsOurs() {
    // Done-when 2: what the user types on the phone reaches us from our own LID device: ours, in the
    // customer's chat, answered with a "sender" receipt.
    const int from = m_app.eventCount();
    const auto sent = m_emulator.post(QStringLiteral("/phones/%1/messages").arg(kBusiness),
        {{"to", kCustomer}, {"text", "Digitado no celular da loja"}});
    QCOMPARE(sent.status, 201);
    const QString id = sent.object().value("id").toString();
    const auto ours = messageWithText(QStringLiteral("Digitado no celular da loja"), from);
    QVERIFY(ours);
    QCOMPARE(ours->value("fromMe").toBool(), true);
    QCOMPARE(ours->value("chat").toString(), userJid(kCustomer));
    QCOMPARE(ours->value("id").toString(), id);
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     for (const auto &r :
                         m_emulator.get(QStringLiteral("/phones/%1/receipts").arg(kBusiness)).array())
                         if (r.toObject().value("id") == id && r.toObject().value("type") == "sender")
                             return true;
                     return false;
                 },
                 10000),
        "our phone got no sender receipt");
}

void TestLidAddressing::aReplyByNumberGoesToTheLid() {
    // Done-when 3: a reply typed by number goes out to the LID with peer_recipient_pn, our devices as LID
    // devices: the emulator's referee finds nothing wrong, and the customer's phone has it.
    const int from = m_app.eventCount();
    const QString id = send(kCustomer, QStringLiteral("Resposta pelo número"));
    QVERIFY(!id.isEmpty());
    QVERIFY(statusOf(id, QStringLiteral("delivered"), from));
    QVERIFY(phoneHas(kCustomer, QStringLiteral("Resposta pelo número")));
    const QJsonObject report = m_emulator.get(QStringLiteral("/devices/%1/addressing").arg(m_jid)).object();
    QVERIFY(report.value("checked").toInt() >= 1);
    QVERIFY2(report.value("violations").toArray().isEmpty(),
        qPrintable(QJsonDocument(report.value("violations").toArray()).toJson()));
    QVERIFY(report.value("refused").toArray().isEmpty());
}

void TestLidAddressing::aContactThatRequiresATokenGetsOurs() {
    // Done-when 4: no token ever received → 463: failed with a reason people can read, and our token goes to
    // them (the recovery), not the message again.
    int from = m_app.eventCount();
    const QString refused = send(kRestricted, QStringLiteral("Olá, primeira vez aqui"));
    QVERIFY(!refused.isEmpty());
    const auto failed = statusOf(refused, QStringLiteral("failed"), from);
    QVERIFY2(failed, "a 463 did not fail the message");
    QVERIFY2(
        failed->value("reason").toString().contains("463"), qPrintable(failed->value("reason").toString()));
    QVERIFY(!phoneHas(kRestricted, QStringLiteral("Olá, primeira vez aqui")));
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     for (const auto &t :
                         m_emulator.get(QStringLiteral("/phones/%1/issued-tokens").arg(kBusiness)).array())
                         if (t.toObject().value("to") == userJid(kRestricted))
                             return true;
                     return false;
                 },
                 10000),
        "no token of ours reached the contact after the 463");
    // The stored message says failed too (what the API and a restart show).
    m_app.send({{"cmd", "messages"}, {"session", m_session}, {"chat", userJid(kRestricted)}});
    const auto page = m_app.waitForEvent("messages", m_session, 5000, from);
    QVERIFY(page);
    QCOMPARE(page->value("messages").toArray().last().toObject().value("status").toString(),
        QStringLiteral("failed"));

    // Once the contact's phone gives us its token, our message carries it and is delivered.
    from = m_app.eventCount();
    QCOMPARE(m_emulator.post(QStringLiteral("/phones/%1/privacy-token").arg(kRestricted), {{"to", kBusiness}})
                 .status,
        200);
    QTest::qWait(300); // the notification is stored before the next send is encrypted
    const QString accepted = send(kRestricted, QStringLiteral("Agora com o token"));
    QVERIFY(!accepted.isEmpty());
    QVERIFY2(statusOf(accepted, QStringLiteral("delivered"), from),
        "the message with the token was not delivered");
    QVERIFY(phoneHas(kRestricted, QStringLiteral("Agora com o token")));
}

void TestLidAddressing::numbersAreFoundWithOrWithoutTheExtraDigit() {
    // Done-when 5: typed with the ninth digit, the old number is found and written to under the form it has.
    const QJsonObject body {{"numbers",
        QJsonArray {"+55 31 98765-0003", "553187650003", "+52 1 55 1234 5678", "+54 9 11 2345-6789",
            "+55 11 99999-0000", "não é número"}}};
    const auto checked = m_api.post(QStringLiteral("/sessions/%1/check-numbers").arg(m_session), body);
    QCOMPARE(checked.status, 200);
    const QJsonArray results = checked.object().value("results").toArray();
    QCOMPARE(results.size(), 6);
    const auto result = [&](int i) { return results.at(i).toObject(); };
    QCOMPARE(result(0).value("exists").toBool(), true);
    QCOMPARE(result(0).value("jid").toString(), userJid(kOldNumber));
    QCOMPARE(result(0).value("phone").toString(), "+" + kOldNumber);
    QVERIFY(result(0).value("lid").toString().endsWith("@lid"));
    QCOMPARE(result(1).value("jid").toString(), userJid(kOldNumber));
    QCOMPARE(result(2).value("jid").toString(), userJid(kMexican));
    QCOMPARE(result(2).value("exists").toBool(), true);
    QCOMPARE(result(3).value("jid").toString(), userJid(kArgentine));
    QCOMPARE(result(3).value("exists").toBool(), true);
    QCOMPARE(result(4).value("exists").toBool(), false);
    QVERIFY(!result(5).value("error").toString().isEmpty());

    // The same through the headless runner.
    int from = m_app.eventCount();
    m_app.send(
        {{"cmd", "check-numbers"}, {"session", m_session}, {"numbers", QJsonArray {"+55 31 98765-0003"}}});
    const auto numbers = m_app.waitForEvent("numbers", m_session, 10000, from);
    QVERIFY(numbers);
    QCOMPARE(
        numbers->value("results").toArray().at(0).toObject().value("jid").toString(), userJid(kOldNumber));

    // Sending to the typed form reaches the account, in one chat under its registered number.
    from = m_app.eventCount();
    const QString id = send(QStringLiteral("+55 31 98765-0003"), QStringLiteral("Olá, número antigo"));
    QVERIFY(!id.isEmpty());
    QVERIFY(statusOf(id, QStringLiteral("delivered"), from));
    QVERIFY(phoneHas(kOldNumber, QStringLiteral("Olá, número antigo")));
    QStringList chatIds;
    for (const auto &chat : chats())
        chatIds.append(chat.toObject().value("chat").toString());
    QVERIFY(chatIds.contains(userJid(kOldNumber)));
    QVERIFY(!chatIds.contains(QStringLiteral("5531987650003@s.whatsapp.net")));
    // A number no account has: refused, and no ghost chat.
    from = m_app.eventCount();
    m_app.send({{"cmd", "send"}, {"session", m_session}, {"to", "+55 11 99999-0000"}, {"text", "fantasma"}});
    const auto refused = m_app.waitForEvent("error", m_session, 10000, from);
    QVERIFY(refused);
    QCOMPARE(refused->value("code").toString(), QStringLiteral("not-on-whatsapp"));
    for (const auto &chat : chats())
        QVERIFY(chat.toObject().value("chat").toString() != QStringLiteral("5511999990000@s.whatsapp.net"));
}

void TestLidAddressing::ourPhonesLidListIsLearnt() {
    // Our phone tells its companions its contacts' LIDs (a LID-migration sync message): a contact we never
    // heard from is then known by both addresses, with no query to the server (a LID is checked locally).
    const QString contact = QStringLiteral("5511930000007");
    QVERIFY(!m_emulator.addPhone(contact, QStringLiteral("Contato do celular")).isEmpty());
    const QString lid
        = m_emulator.get(QStringLiteral("/phones/%1").arg(contact)).object().value("lid").toString();
    const auto ask = [&] {
        const auto checked = m_api.post(QStringLiteral("/sessions/%1/check-numbers").arg(m_session),
            QJsonObject {{"numbers", QJsonArray {lid}}});
        return checked.object().value("results").toArray().at(0).toObject();
    };
    QCOMPARE(ask().value("jid").toString(), lid); // not known yet: the LID is all there is
    const auto sync = m_emulator.post(
        QStringLiteral("/phones/%1/lid-migration").arg(kBusiness), {{"contacts", QJsonArray {contact}}});
    QCOMPARE(sync.status, 200);
    QVERIFY2(QTest::qWaitFor([&] { return ask().value("jid").toString() == userJid(contact); }, 10000),
        qPrintable(QJsonDocument(ask()).toJson()));
    QCOMPARE(ask().value("phone").toString(), "+" + contact);
}

QTEST_GUILESS_MAIN(TestLidAddressing)
#include "tst_lid_addressing.moc"
