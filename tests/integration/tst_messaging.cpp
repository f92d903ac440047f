#include <QJsonArray>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <baileys_peer.h>
#include <emulator.h>
#include <headless_process.h>

using namespace balcao::testing;

// End-to-end encrypted 1:1 messaging that never loses a message (issue "Engine: end-to-end encrypted 1:1
// messaging…"): the real balcao against the emulator's phones, whose Signal is libsignal-node's.
class TestMessaging : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void phoneToSessionIsStoredReceiptedAndRead();
    void sessionToPhoneGoesThroughEveryStatus();
    void ownPhoneMessagesShowAsFromMe();
    void talksWithARealBaileysClient();
    void exchangesTextsWithBaileys7BothWays();
    void corruptCiphertextIsRetriedNotFatal();
    void refusesBadSends_data();
    void refusesBadSends();
    void stormSurvivesSigkill();
    void queuedMessagesSurviveDropsExactlyOnce();
    void stalledChatDoesNotHoldOthers();

private:
    void startApp();
    QString link(const QString &phone);
    QList<QJsonObject> phoneMessages(const QString &phone);
    QJsonArray allStoredMessages(const QString &chat);

    Emulator m_emulator;
    std::unique_ptr<QTemporaryDir> m_data;
    std::unique_ptr<HeadlessProcess> m_app;
    QString m_session;
    QString m_business; // our number (the linked account)
    QString m_customer; // a customer's phone
    int m_round = 0;
};

void TestMessaging::initTestCase() {
    const QString error = m_emulator.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestMessaging::init() {
    ++m_round;
    m_business = QStringLiteral("55119500000%1").arg(m_round, 2, 10, QLatin1Char('0'));
    m_customer = QStringLiteral("55119600000%1").arg(m_round, 2, 10, QLatin1Char('0'));
    m_emulator.addPhone(m_customer, QStringLiteral("Maria %1").arg(m_round));
    m_data = std::make_unique<QTemporaryDir>();
    m_app = std::make_unique<HeadlessProcess>();
    startApp();
    m_session = link(m_business);
    QVERIFY(!m_session.isEmpty());
}

void TestMessaging::cleanup() {
    m_emulator.post("/faults", {{"dropNextFrames", 0}, {"delayMs", 0}});
    m_emulator.post("/faults", {{"releaseDeviceQueryFor", m_customer + "@s.whatsapp.net"}});
    const QString lid
        = m_emulator.get(QStringLiteral("/phones/%1").arg(m_customer)).object().value("lid").toString();
    if (!lid.isEmpty())
        m_emulator.post("/faults", {{"releaseDeviceQueryFor", lid}});
    m_app.reset();
    m_data.reset();
}

void TestMessaging::startApp() {
    // A silent server is given up on after 5 s (20 s by default), so the fault tests finish in time.
    QProcessEnvironment env;
    env.insert("BALCAO_LOGIN_TIMEOUT_MS", "5000");
    env.insert("BALCAO_KEEPALIVE_MS", "5000");
    QVERIFY(m_app->start(m_data->path(), m_emulator.ws(), m_emulator.rootKeyHex(), env).isEmpty());
}

QString TestMessaging::link(const QString &phone) {
    m_emulator.addPhone(phone, "Loja");
    m_app->send({{"cmd", "add-session"}, {"name", "Loja"}});
    const auto added = m_app->waitForEvent("session", {}, 5000);
    if (!added)
        return {};
    const QString session = added->value("session").toString();
    m_app->send({{"cmd", "link"}, {"session", session}, {"method", "qr"}});
    const auto qr = m_app->waitForEvent("qr", session, 15000);
    if (!qr
        || m_emulator.post(QStringLiteral("/phones/%1/scan").arg(phone), {{"qr", qr->value("qr").toString()}})
                .status
            != 200)
        return {};
    return m_app->waitForStatus(session, "connected", 10000) ? session : QString();
}

QList<QJsonObject> TestMessaging::phoneMessages(const QString &phone) {
    QList<QJsonObject> list;
    for (const auto &m : m_emulator.get(QStringLiteral("/phones/%1/messages").arg(phone)).array())
        list.append(m.toObject());
    return list;
}

// Every stored message of a chat, paging backwards 200 at a time as a client would; oldest first.
QJsonArray TestMessaging::allStoredMessages(const QString &chat) {
    QList<QJsonArray> pages;
    QString before;
    for (int guard = 0; guard < 100; ++guard) {
        const int from = m_app->eventCount();
        QJsonObject command {{"cmd", "messages"}, {"session", m_session}, {"chat", chat}, {"limit", 200}};
        if (!before.isEmpty())
            command.insert("before", before);
        m_app->send(command);
        const auto reply = m_app->waitForEvent("messages", m_session, 10000, from);
        if (!reply)
            break;
        const QJsonArray page = reply->value("messages").toArray();
        if (page.isEmpty())
            break;
        pages.prepend(page);
        if (page.size() < 200)
            break;
        before = page.first().toObject().value("id").toString();
    }
    QJsonArray all;
    for (const auto &page : pages)
        for (const auto &m : page)
            all.append(m);
    return all;
}

void TestMessaging::phoneToSessionIsStoredReceiptedAndRead() {
    const QString businessJid = m_business + "@s.whatsapp.net";
    const QString customerJid = m_customer + "@s.whatsapp.net";
    const auto sent = m_emulator.post(QStringLiteral("/phones/%1/messages").arg(m_customer),
        {{"to", m_business}, {"text", "Oi! Ainda tem bolo de cenoura?"}});
    QCOMPARE(sent.status, 201);
    const QString id = sent.object().value("id").toString();

    const auto message = m_app->waitForEvent("message", m_session, 10000);
    QVERIFY2(message, "the message never arrived");
    QCOMPARE(message->value("text").toString(), QStringLiteral("Oi! Ainda tem bolo de cenoura?"));
    QCOMPARE(message->value("id").toString(), id);
    QCOMPARE(message->value("chat").toString(), customerJid);
    QCOMPARE(message->value("fromMe").toBool(), false);

    // Stored, and the chat counts it unread.
    m_app->send({{"cmd", "chats"}, {"session", m_session}});
    const auto chats = m_app->waitForEvent("chats", m_session, 5000);
    QVERIFY(chats);
    const auto chat = chats->value("chats").toArray().at(0).toObject();
    QCOMPARE(chat.value("chat").toString(), customerJid);
    QCOMPARE(chat.value("unread").toInt(), 1);

    // Found by its words (the start of each, case aside), not by others.
    const auto search = [&](const QString &query) {
        const int before = m_app->eventCount();
        m_app->send({{"cmd", "search"}, {"session", m_session}, {"query", query}});
        const auto reply = m_app->waitForEvent("search", m_session, 5000, before);
        return reply ? reply->value("messages").toArray() : QJsonArray {{"no reply"}};
    };
    const QJsonArray found = search(QStringLiteral("BOLO cenou"));
    QCOMPARE(found.size(), 1);
    QCOMPARE(found.at(0).toObject().value("id").toString(), id);
    QCOMPARE(found.at(0).toObject().value("chat").toString(), customerJid);
    QCOMPARE(search(QStringLiteral("bolo pizza")).size(), 0);

    // The phone got a delivery receipt.
    auto receiptOf = [&](const QString &type) {
        for (const auto &r : m_emulator.get(QStringLiteral("/phones/%1/receipts").arg(m_customer)).array())
            if (r.toObject().value("id").toString() == id && r.toObject().value("type").toString() == type)
                return true;
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(receiptOf("delivery"), 5000);
    QVERIFY(!receiptOf("read"));

    const int from = m_app->eventCount();
    m_app->send({{"cmd", "mark-read"}, {"session", m_session}, {"chat", customerJid}});
    const auto cleared = m_app->waitFor(
        [&](const QJsonObject &e) { return e.value("event") == "chat" && e.value("unread").toInt() == 0; },
        5000, from);
    QVERIFY(cleared);
    QTRY_VERIFY_WITH_TIMEOUT(receiptOf("read"), 5000);
    Q_UNUSED(businessJid);
}

void TestMessaging::sessionToPhoneGoesThroughEveryStatus() {
    const QString businessJid = m_business + "@s.whatsapp.net";
    m_app->send({{"cmd", "send"}, {"session", m_session}, {"to", "+" + m_customer},
        {"text", "Temos sim! Até as 18h."}});
    const auto pending = m_app->waitFor(
        [&](const QJsonObject &e) {
            return e.value("event") == "message.status" && e.value("status") == "pending";
        },
        5000);
    QVERIFY(pending);
    const QString id = pending->value("id").toString();
    QVERIFY(id.startsWith("3EB0"));
    auto statusSeen = [&](const QString &status) {
        return m_app->waitFor(
            [&](const QJsonObject &e) {
                return e.value("event") == "message.status" && e.value("id") == id
                    && e.value("status") == status;
            },
            10000);
    };
    QVERIFY2(statusSeen("sent"), "no server ack");
    QVERIFY2(statusSeen("delivered"), "no delivery receipt");

    // The phone decrypted exactly that text.
    QTRY_VERIFY_WITH_TIMEOUT(!phoneMessages(m_customer).isEmpty(), 5000);
    const auto got = phoneMessages(m_customer);
    QCOMPARE(got.last().value("text").toString(), QStringLiteral("Temos sim! Até as 18h."));
    QCOMPARE(got.last().value("id").toString(), id);

    QCOMPARE(m_emulator
                 .post(QStringLiteral("/phones/%1/read").arg(m_customer),
                     {{"chat", businessJid}, {"ids", QJsonArray {id}}})
                 .status,
        200);
    QVERIFY2(statusSeen("read"), "the read receipt did not turn the status to read");

    // The order was pending → sent → delivered → read.
    QStringList order;
    for (const auto &e : m_app->events())
        if (e.value("event") == "message.status" && e.value("id") == id)
            order.append(e.value("status").toString());
    QCOMPARE(order, (QStringList {"pending", "sent", "delivered", "read"}));
}

void TestMessaging::ownPhoneMessagesShowAsFromMe() {
    const QString customerJid = m_customer + "@s.whatsapp.net";
    const auto sent = m_emulator.post(QStringLiteral("/phones/%1/messages").arg(m_business),
        {{"to", m_customer}, {"text", "Enviado do celular da loja"}});
    QCOMPARE(sent.status, 201);
    const auto message = m_app->waitFor(
        [&](const QJsonObject &e) {
            return e.value("event") == "message" && e.value("text") == "Enviado do celular da loja";
        },
        10000);
    QVERIFY2(message, "a message sent from our own phone did not show up");
    QCOMPARE(message->value("fromMe").toBool(), true);
    QCOMPARE(message->value("chat").toString(), customerJid);
    // And the customer got it too.
    QTRY_VERIFY_WITH_TIMEOUT(!phoneMessages(m_customer).isEmpty(), 5000);
}

void TestMessaging::talksWithARealBaileysClient() {
    // A real, unmodified Baileys 6.17.16 client linked to another account: our Signal sessions must
    // interoperate with the real library's, both ways.
    BaileysPeer peer(m_emulator);
    const QString peerPhone = QStringLiteral("55119700000%1").arg(m_round, 2, 10, QLatin1Char('0'));
    const QString error = peer.start(peerPhone, "Cliente Baileys");
    QVERIFY2(error.isEmpty(), qPrintable(error));

    m_app->send({{"cmd", "send"}, {"session", m_session}, {"to", peerPhone}, {"text", "Olá do Balcão"}});
    QVERIFY2(peer.waitForMessage("Olá do Balcão"), "Baileys did not get our text");
    const auto pending = m_app->waitFor(
        [](const QJsonObject &e) {
            return e.value("event") == "message.status" && e.value("status") == "pending";
        },
        1000);
    QVERIFY(pending);
    QVERIFY2(m_app->waitFor(
                 [&](const QJsonObject &e) {
                     return e.value("event") == "message.status" && e.value("id") == pending->value("id")
                         && e.value("status") == "delivered";
                 },
                 10000),
        "no delivery receipt from Baileys");

    const QString id = peer.send(m_business + "@s.whatsapp.net", "Olá do Baileys");
    QVERIFY(!id.isEmpty());
    const auto got = m_app->waitFor(
        [](const QJsonObject &e) {
            return e.value("event") == "message" && e.value("text") == "Olá do Baileys";
        },
        15000);
    QVERIFY2(got, "Baileys' text did not arrive");
    QCOMPARE(got->value("id").toString(), id);
    QCOMPARE(got->value("chat").toString(), peer.user());
    QVERIFY2(peer.waitForStatus(id, "delivery-ack", 10000), "Baileys saw no delivery receipt from us");
}

// Issue 15, Done-when 8: a real, unmodified Baileys 7.0.0-rc14 client as the customer exchanges texts with us
// both ways against the strict emulator (version floor on; every ack judged against Baileys 7's own
// buildAckStanza), and the server is left with nothing our device still owes an answer for.
void TestMessaging::exchangesTextsWithBaileys7BothWays() {
    BaileysPeer peer(m_emulator);
    peer.setBaileysVersion(7);
    const QString peerPhone = QStringLiteral("55119800000%1").arg(m_round, 2, 10, QLatin1Char('0'));
    const QString error = peer.start(peerPhone, "Cliente Baileys 7");
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QString peerJid = peerPhone + "@s.whatsapp.net";
    const QString businessJid = m_business + "@s.whatsapp.net";
    QCOMPARE(peer.user(), peerJid);

    // Ours to them: Baileys 7 decrypts it, and its delivery receipt turns our status to delivered.
    const QString ours = QStringLiteral("Olá do Balcão para o Baileys 7");
    int from = m_app->eventCount();
    m_app->send({{"cmd", "send"}, {"session", m_session}, {"to", peerPhone}, {"text", ours}});
    const auto pending = m_app->waitFor(
        [](const QJsonObject &e) {
            return e.value("event") == "message.status" && e.value("status") == "pending";
        },
        5000, from);
    QVERIFY(pending);
    const QString ourId = pending->value("id").toString();
    const auto received = peer.waitForMessage(ours);
    QVERIFY2(received, "Baileys 7 did not get our text");
    QCOMPARE(received->value("id").toString(), ourId);
    QCOMPARE(received->value("from").toString(), businessJid);
    QCOMPARE(received->value("chat").toString(), businessJid);
    QCOMPARE(received->value("fromMe").toBool(), false);
    QVERIFY2(m_app->waitFor(
                 [&](const QJsonObject &e) {
                     return e.value("event") == "message.status" && e.value("id") == ourId
                         && e.value("status") == "delivered";
                 },
                 10000, from),
        "no delivery receipt from Baileys 7");

    // Theirs to us: a message event with the text, stored in the chat, and Baileys 7 sees our receipt.
    const QString theirs = QStringLiteral("Olá do Baileys 7 para o Balcão");
    from = m_app->eventCount();
    const QString theirId = peer.send(businessJid, theirs);
    QVERIFY2(!theirId.isEmpty(), "Baileys 7 could not send");
    const auto got = m_app->waitFor(
        [&](const QJsonObject &e) {
            return e.value("event") == "message" && e.value("session") == m_session
                && e.value("text") == theirs;
        },
        15000, from);
    QVERIFY2(got, "Baileys 7's text did not arrive");
    QCOMPARE(got->value("id").toString(), theirId);
    QCOMPARE(got->value("chat").toString(), peerJid);
    QCOMPARE(got->value("fromMe").toBool(), false);
    QVERIFY2(peer.waitForStatus(theirId, "delivery-ack", 10000), "Baileys 7 saw no delivery receipt from us");

    // Issue 16, Done-when 6: the same person by their other address — Baileys 7 writes to our LID, as a
    // migrated account does — lands in the same chat, under the number.
    const QString businessLid
        = m_emulator.get(QStringLiteral("/phones/%1").arg(m_business)).object().value("lid").toString();
    QVERIFY(businessLid.endsWith("@lid"));
    const QString byLid = QStringLiteral("Agora pelo LID da loja");
    from = m_app->eventCount();
    const QString byLidId = peer.send(businessLid, byLid);
    QVERIFY2(!byLidId.isEmpty(), "Baileys 7 could not send to the LID");
    const auto gotByLid = m_app->waitFor(
        [&](const QJsonObject &e) { return e.value("event") == "message" && e.value("text") == byLid; },
        15000, from);
    QVERIFY2(gotByLid, "Baileys 7's text to our LID did not arrive");
    QCOMPARE(gotByLid->value("chat").toString(), peerJid);
    m_app->send({{"cmd", "chats"}, {"session", m_session}});
    const auto chatList = m_app->waitForEvent("chats", m_session, 5000, from);
    QVERIFY(chatList);
    QCOMPARE(chatList->value("chats").toArray().size(), 1);

    QJsonObject storedOurs;
    QJsonObject storedTheirs;
    for (const auto &m : allStoredMessages(peerJid)) {
        if (m.toObject().value("id").toString() == ourId)
            storedOurs = m.toObject();
        if (m.toObject().value("id").toString() == theirId)
            storedTheirs = m.toObject();
    }
    QCOMPARE(storedOurs.value("text").toString(), ours);
    QCOMPARE(storedOurs.value("fromMe").toBool(), true);
    QCOMPARE(storedOurs.value("status").toString(), QStringLiteral("delivered"));
    QCOMPARE(storedTheirs.value("text").toString(), theirs);
    QCOMPARE(storedTheirs.value("fromMe").toBool(), false);

    // Strict mode: every stanza the server kept for our device was answered, each ack as Baileys 7 builds it.
    const auto connected = m_app->waitForStatus(m_session, "connected", 0);
    QVERIFY(connected);
    const QString deviceJid = connected->value("jid").toString();
    QVERIFY(!deviceJid.isEmpty());
    const auto unacked = [&] { return m_emulator.get(QStringLiteral("/devices/%1/unacked").arg(deviceJid)); };
    QCOMPARE(unacked().status, 200);
    QVERIFY2(QTest::qWaitFor([&] { return unacked().object().value("unacked").toArray().isEmpty(); }, 10000),
        qPrintable(QJsonDocument(unacked().object()).toJson()));
    const QJsonArray mismatches = unacked().object().value("mismatches").toArray();
    QVERIFY2(mismatches.isEmpty(), qPrintable(QJsonDocument(mismatches).toJson()));

    QVERIFY(peer.strayLines().isEmpty());
    QCOMPARE(peer.stop(), 0);
}

void TestMessaging::corruptCiphertextIsRetriedNotFatal() {
    auto phoneSends = [&](const QString &text, bool corrupt) {
        const auto sent = m_emulator.post(QStringLiteral("/phones/%1/messages").arg(m_customer),
            {{"to", m_business}, {"text", text}, {"corrupt", corrupt}});
        return sent.status == 201 ? sent.object().value("id").toString() : QString();
    };
    auto arrived = [&](const QString &text, int timeoutMs = 10000) {
        return m_app
            ->waitFor(
                [&](const QJsonObject &e) {
                    return e.value("event") == "message" && e.value("text") == text;
                },
                timeoutMs)
            .has_value();
    };
    QVERIFY(!phoneSends("primeira", false).isEmpty());
    QVERIFY(arrived("primeira"));

    const QString bad = phoneSends("estragada", true);
    QVERIFY(!bad.isEmpty());
    const auto failure = m_app->waitFor(
        [&](const QJsonObject &e) {
            return e.value("event") == "error" && e.value("code") == "decrypt-failed";
        },
        10000);
    QVERIFY2(failure, "a corrupted ciphertext was not reported");
    // The phone was asked to send it again, as the real clients ask.
    auto retried = [&] {
        for (const auto &r : m_emulator.get(QStringLiteral("/phones/%1/receipts").arg(m_customer)).array())
            if (r.toObject().value("id") == bad && r.toObject().value("type") == "retry")
                return true;
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(retried(), 10000);
    // The next good message still decrypts, and the process is fine.
    QVERIFY(!phoneSends("terceira", false).isEmpty());
    QVERIFY2(arrived("terceira"), "the session did not recover after a corrupted message");
    QVERIFY(m_app->isRunning());
    // The resend that the retry asked for replaces the recorded failure with the text.
    QVERIFY2(arrived("estragada", 15000), "the resent message never replaced the failure");
}

void TestMessaging::refusesBadSends_data() {
    QTest::addColumn<QJsonObject>("command");
    QTest::addColumn<QString>("code");
    QTest::newRow("empty text") << QJsonObject {{"cmd", "send"}, {"to", "5511999999999"}, {"text", "   "}}
                                << "invalid-argument";
    QTest::newRow("too long") << QJsonObject {{"cmd", "send"}, {"to", "5511999999999"},
        {"text", QString(70000, 'a')}}
                              << "invalid-argument";
    QTest::newRow("invalid number") << QJsonObject {{"cmd", "send"}, {"to", "12ab"}, {"text", "x"}}
                                    << "invalid-number";
}

void TestMessaging::refusesBadSends() {
    QFETCH(QJsonObject, command);
    QFETCH(QString, code);
    command.insert("session", m_session);
    const int from = m_app->eventCount();
    m_app->send(command);
    const auto error = m_app->waitForEvent("error", {}, 5000, from);
    QVERIFY(error);
    QCOMPARE(error->value("code").toString(), code);
    QVERIFY(!m_app->waitForEvent("message.status", {}, 0, from));
}

void TestMessaging::stormSurvivesSigkill() {
    const QString customerJid = m_customer + "@s.whatsapp.net";
    constexpr int kCount = 1000;
    const int killAt = 100 + int(QRandomGenerator::global()->bounded(800));
    for (int i = 0; i < kCount; ++i) {
        const auto sent = m_emulator.post(QStringLiteral("/phones/%1/messages").arg(m_customer),
            {{"to", m_business}, {"text", QStringLiteral("pedido %1").arg(i, 4, 10, QLatin1Char('0'))}});
        QCOMPARE(sent.status, 201);
        if (i == killAt) {
            m_app->kill();
            startApp(); // the rest queues at the server while it starts, then arrives as offline messages
        }
    }
    // Everything arrives eventually: the count of stored messages reaches 1000.
    QJsonArray all;
    for (int attempt = 0; attempt < 60; ++attempt) {
        all = allStoredMessages(customerJid);
        if (all.size() >= kCount)
            break;
        QTest::qWait(500);
    }
    QCOMPARE(all.size(), kCount);
    QSet<QString> ids;
    for (int i = 0; i < all.size(); ++i) {
        const QJsonObject m = all.at(i).toObject();
        ids.insert(m.value("id").toString());
        QCOMPARE(m.value("text").toString(), QStringLiteral("pedido %1").arg(i, 4, 10, QLatin1Char('0')));
    }
    QCOMPARE(ids.size(), kCount);
}

void TestMessaging::queuedMessagesSurviveDropsExactlyOnce() {
    constexpr int kCount = 200;
    const QString jid = m_app->waitForStatus(m_session, "connected", 0)->value("jid").toString();
    // Frames to us vanish and the socket is cut while we send: answers, acks and receipts get lost, and
    // some messages go out on a connection that dies. Each lost frame costs a timeout and a reconnect with
    // backoff, so only a few are dropped to keep the test short.
    m_emulator.post("/faults", {{"device", jid}, {"dropNextFrames", 3}});
    for (int i = 0; i < kCount; ++i) {
        m_app->send({{"cmd", "send"}, {"session", m_session}, {"to", m_customer},
            {"text", QStringLiteral("aviso %1").arg(i)}});
        if (i == 80)
            m_emulator.post(QStringLiteral("/devices/%1/disconnect").arg(jid), {{"code", "close"}});
    }
    QSet<QString> texts;
    QList<QJsonObject> got;
    for (int attempt = 0; attempt < 180; ++attempt) {
        got = phoneMessages(m_customer);
        texts.clear();
        for (const auto &m : got)
            texts.insert(m.value("text").toString());
        if (texts.size() >= kCount)
            break;
        QTest::qWait(500);
    }
    if (texts.size() != kCount) {
        // Say what the app went through, for whoever reads a failure.
        const auto &events = m_app->events();
        for (qsizetype i = std::max<qsizetype>(0, events.size() - 25); i < events.size(); ++i)
            qWarning().noquote() << QJsonDocument(events.at(i)).toJson(QJsonDocument::Compact);
    }
    QCOMPARE(texts.size(), kCount);
    // Exactly once: the phone never decrypted one id twice.
    QSet<QString> ids;
    for (const auto &m : got)
        ids.insert(m.value("id").toString());
    QCOMPARE(ids.size(), got.size());
}

// Issue 13, Done-when 4: one chat's send stalls (the server holds the device query for that customer) while
// another chat of the same number gets its message; released, the stalled chat's messages go out in order,
// each exactly once.
void TestMessaging::stalledChatDoesNotHoldOthers() {
    const QString other = QStringLiteral("55119700000%1").arg(m_round, 2, 10, QLatin1Char('0'));
    m_emulator.addPhone(other, QStringLiteral("Joana %1").arg(m_round));
    // Messages to a person go to their LID (issue 16), so the device query the server holds asks for that.
    const QString held
        = m_emulator.get(QStringLiteral("/phones/%1").arg(m_customer)).object().value("lid").toString();
    QVERIFY(held.endsWith("@lid"));
    QCOMPARE(m_emulator.post("/faults", {{"holdDeviceQueryFor", held}}).status, 200);
    const QStringList stalled {"primeiro", "segundo", "terceiro"};
    for (const QString &text : stalled)
        m_app->send({{"cmd", "send"}, {"session", m_session}, {"to", m_customer}, {"text", text}});
    m_app->send({{"cmd", "send"}, {"session", m_session}, {"to", other}, {"text", "para a Joana"}});

    QTRY_VERIFY_WITH_TIMEOUT(!phoneMessages(other).isEmpty(), 10000);
    QCOMPARE(phoneMessages(other).first().value("text").toString(), QStringLiteral("para a Joana"));
    QVERIFY2(phoneMessages(m_customer).isEmpty(), "the held chat's messages went out before the release");
    const QJsonObject fired = m_emulator.get("/faults").object().value("fired").toObject();
    QVERIFY2(fired.value("holdDeviceQuery").toInt() >= 1, "the device query was never held");

    QCOMPARE(m_emulator.post("/faults", {{"releaseDeviceQueryFor", held}}).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(phoneMessages(m_customer).size(), stalled.size(), 10000);
    QTest::qWait(1000); // nothing comes twice, even late
    const auto got = phoneMessages(m_customer);
    QCOMPARE(got.size(), stalled.size());
    QStringList texts;
    QSet<QString> ids;
    for (const auto &m : got) {
        texts << m.value("text").toString();
        ids.insert(m.value("id").toString());
    }
    QCOMPARE(texts, stalled);
    QCOMPARE(ids.size(), stalled.size());
}

QTEST_GUILESS_MAIN(TestMessaging)
#include "tst_messaging.moc"
