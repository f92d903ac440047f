// Issue 16, Done-when 7: a profile written by the previous version — chats under numbers, a LID chat from a
// sender it could not place, no LID map — opens, migrates, and merges the person's two chats once their LID
// is learnt: nothing lost, unread counts summed, chat.merged in the runner's events and at a webhook.
#include "../common/key_cli.h"
#include "../common/linking.h"
#include "../common/rest_client.h"
#include "../common/webhook_receiver.h"

#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace balcao::testing;

namespace {
const QString kBusiness = QStringLiteral("5511940000001");
const QString kCustomer = QStringLiteral("5511940000002");
const QString kCustomerJid = kCustomer + QStringLiteral("@s.whatsapp.net");
} // namespace

class TestLidMigration : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void anOldProfileMergesAPersonsChatsOnceTheirLidIsLearnt();

private:
    void startApp();
    // Makes the profile look as the previous version left it; the customer's LID, or empty on failure.
    QString rewindProfile();
    QJsonArray chats();

    Emulator m_emulator;
    QTemporaryDir m_data;
    std::unique_ptr<HeadlessProcess> m_app;
    WebhookReceiver m_receiver;
    RestClient m_api;
    QString m_key;
    QString m_session;
};

void TestLidMigration::initTestCase() {
    const QString error = m_emulator.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(m_receiver.start());
    m_key = createApiKey(m_data.path(), QStringLiteral("admin")).second;
    QVERIFY(!m_key.isEmpty());
}

void TestLidMigration::startApp() {
    m_app = std::make_unique<HeadlessProcess>();
    m_app->setExtraArguments({QStringLiteral("--api"), QStringLiteral("127.0.0.1:0")});
    QVERIFY(m_app->start(m_data.path(), m_emulator.ws(), m_emulator.rootKeyHex()).isEmpty());
    const auto api = m_app->waitForEvent(QStringLiteral("api"), {}, 10000);
    QVERIFY2(api, "the API did not start");
    m_api.setBase(QUrl(QStringLiteral("http://%1/").arg(api->value(QStringLiteral("address")).toString())));
    m_api.setKey(m_key);
}

QJsonArray TestLidMigration::chats() {
    const int from = m_app->eventCount();
    m_app->send({{"cmd", "chats"}, {"session", m_session}});
    const auto reply = m_app->waitForEvent("chats", m_session, 5000, from);
    return reply ? reply->value("chats").toArray() : QJsonArray();
}

QString TestLidMigration::rewindProfile() {
    QString lid;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("rewind"));
        db.setDatabaseName(m_data.filePath(QStringLiteral("balcao.db")));
        if (!db.open())
            return {};
        QSqlQuery q(db);
        q.prepare(QStringLiteral("SELECT lid FROM lid_map WHERE phone = ?"));
        q.addBindValue(kCustomerJid);
        if (q.exec() && q.next())
            lid = q.value(0).toString();
        // The previous version stored a message from the customer's LID under the LID (it could not place
        // it), kept no map and had no migration 10.
        const QStringList steps {
            QStringLiteral(
                "INSERT INTO messages(session_id, chat_jid, message_id, sender_jid, from_me, timestamp, "
                "type, "
                "text, push_name, status, unread, retry_count) SELECT session_id, '%1', 'OLDLID0001', '%1', "
                "0, timestamp - 60, 'text', 'Mensagem antiga, guardada pelo LID', push_name, 'sent', 1, 0 "
                "FROM messages WHERE chat_jid = '%2' LIMIT 1")
                .arg(lid, kCustomerJid),
            QStringLiteral("INSERT INTO chats(session_id, chat_jid, last_seq, last_timestamp) SELECT "
                           "session_id, chat_jid, "
                           "seq, timestamp FROM messages WHERE message_id = 'OLDLID0001'"),
            QStringLiteral("DROP TABLE lid_map"),
            QStringLiteral("DROP TABLE privacy_tokens"),
            QStringLiteral("ALTER TABLE webhooks DROP COLUMN include_media"), // migration 11, after this one
            QStringLiteral("PRAGMA user_version = 9"),
        };
        for (const QString &step : steps) {
            if (lid.isEmpty() || !q.exec(step)) {
                qWarning() << "rewinding failed at" << step << q.lastError().text();
                lid.clear();
                break;
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("rewind"));
    return lid;
}

void TestLidMigration::anOldProfileMergesAPersonsChatsOnceTheirLidIsLearnt() {
    startApp();
    QString jid;
    std::tie(m_session, jid) = linkByQr(m_emulator, *m_app, kBusiness, QStringLiteral("Loja Antiga"));
    QVERIFY(!jid.isEmpty());
    QVERIFY(!m_emulator.addPhone(kCustomer, QStringLiteral("Cliente Antiga")).isEmpty());
    int from = m_app->eventCount();
    QCOMPARE(m_emulator
                 .post(QStringLiteral("/phones/%1/messages").arg(kCustomer),
                     {{"to", kBusiness}, {"text", "Antes da atualização"}, {"addressing", "pn"}})
                 .status,
        201);
    QVERIFY(m_app->waitFor(
        [](const QJsonObject &e) { return e.value("text") == "Antes da atualização"; }, 15000, from));
    QTest::qWait(300); // the batch is committed before the runner stops
    m_app.reset(); // SIGTERM: a clean stop, as a user quitting the old version

    const QString lid = rewindProfile();
    QVERIFY2(!lid.isEmpty(), "the profile could not be rewound to the previous version");

    // The new version opens it (migration 10 runs again) and has two chats for one person.
    startApp();
    QVERIFY(m_app->waitForStatus(m_session, QStringLiteral("connected"), 15000));
    QStringList ids;
    for (const auto &chat : chats())
        ids.append(chat.toObject().value("chat").toString());
    QVERIFY2(ids.contains(lid) && ids.contains(kCustomerJid), qPrintable(ids.join(", ")));
    const auto hook = m_api.put(QStringLiteral("/sessions/%1/webhook").arg(m_session),
        {{"url", m_receiver.url()}, {"events", QJsonArray {"chat.merged"}}});
    QVERIFY2(hook.status == 201 || hook.status == 200, qPrintable(QString::number(hook.status)));

    // The customer writes again; the envelope pairs the LID with the number, and the chats merge.
    from = m_app->eventCount();
    QCOMPARE(m_emulator
                 .post(QStringLiteral("/phones/%1/messages").arg(kCustomer),
                     {{"to", kBusiness}, {"text", "Depois da atualização"}, {"addressing", "pn"}})
                 .status,
        201);
    const auto merged = m_app->waitForEvent(QStringLiteral("chat.merged"), m_session, 15000, from);
    QVERIFY2(merged, "no chat.merged event");
    QCOMPARE(merged->value("from").toString(), lid);
    QCOMPARE(merged->value("to").toString(), kCustomerJid);
    QVERIFY(m_app->waitFor(
        [](const QJsonObject &e) { return e.value("text") == "Depois da atualização"; }, 15000, from));

    const QJsonArray list = chats();
    QCOMPARE(list.size(), 1);
    QCOMPARE(list.at(0).toObject().value("chat").toString(), kCustomerJid);
    QCOMPARE(list.at(0).toObject().value("unread").toInt(), 3); // nothing was read: every one still counts
    m_app->send({{"cmd", "messages"}, {"session", m_session}, {"chat", kCustomerJid}});
    const auto page = m_app->waitForEvent("messages", m_session, 5000, from);
    QVERIFY(page);
    QStringList texts;
    for (const auto &m : page->value("messages").toArray())
        texts.append(m.toObject().value("text").toString());
    QCOMPARE(texts,
        (QStringList {
            "Mensagem antiga, guardada pelo LID", "Antes da atualização", "Depois da atualização"}));

    // The webhook got it, signed and in the event's own words.
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     for (const auto &r : m_receiver.received())
                         if (r.json().value("event") == "chat.merged" && r.json().value("from") == lid
                             && r.json().value("to") == kCustomerJid)
                             return true;
                     return false;
                 },
                 15000),
        "the webhook did not get chat.merged");
}

QTEST_GUILESS_MAIN(TestLidMigration)
#include "tst_lid_migration.moc"
