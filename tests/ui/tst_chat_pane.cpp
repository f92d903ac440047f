// ChatPane on a real SessionClient against the emulator (tests/emulator, real Baileys/libsignal phones):
// a phone's message shows in the chat list with its unread badge, opening the chat sends the read receipt
// the phone receives, Enter in the composer delivers a reply whose ticks turn blue when the phone reads it,
// and stopping the number disables the composer with the reason.
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <chat_controller.h>
#include <chat_list_filter.h>
#include <chat_list_model.h>
#include <chat_pane.h>
#include <chat_view.h>
#include <composer.h>
#include <emulator.h>
#include <message_list_model.h>
#include <session_client.h>
#include <transport/cert_chain_verifier.h>

using namespace balcao;
using namespace balcao::chat;
using namespace balcao::testing;

class TestChatPane : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void phoneMessageShowsUnreadAndOpeningReadsIt();
    void enterDeliversAReplyAndTicksTurnRead();
    void searchFindsAnOlderMessage();
    void stoppedNumberBlocksTheComposer();

private:
    bool phoneHasReceipt(const QString &id, const QString &type);

    Emulator m_emulator;
    QTemporaryDir m_dir;
    std::unique_ptr<SessionClient> m_client;
    std::unique_ptr<ChatPane> m_pane;
    QString m_session;
    QHash<QString, SessionStatus> m_status;
    const QString m_business = QStringLiteral("5511960000101");
    const QString m_customer = QStringLiteral("5511960000102");
    QString m_customerJid;
    QString m_firstId; // the phone's first message
};

void TestChatPane::initTestCase() {
    const QString error = m_emulator.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_customerJid = m_customer + QStringLiteral("@s.whatsapp.net");
    m_emulator.addPhone(m_business, QStringLiteral("Loja"));
    m_emulator.addPhone(m_customer, QStringLiteral("Maria Cliente"));

    Session::Options options;
    options.serverUrl = m_emulator.ws();
    auto verifier = CertChainVerifier::fromHex(m_emulator.rootKeyHex());
    QVERIFY(verifier);
    options.verifier = *verifier;

    m_client = std::make_unique<SessionClient>();
    m_pane = std::make_unique<ChatPane>(m_client.get());
    m_pane->resize(900, 600);
    m_pane->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_pane.get()));

    QHash<QString, QString> sessionByRequest;
    QString qr;
    connect(m_client.get(), &SessionClient::event, this, [&, this](const Event &e) {
        if (const auto *s = std::get_if<SessionEvent>(&e); s && !s->requestId.isEmpty())
            sessionByRequest.insert(s->requestId, s->session);
        else if (const auto *q = std::get_if<QrEvent>(&e))
            qr = q->qr;
        else if (const auto *st = std::get_if<StatusEvent>(&e))
            m_status.insert(st->session, st->status);
    });
    QSignalSpy opened(m_client.get(), &SessionClient::opened);
    m_client->open(m_dir.path(), {options});
    QVERIFY(opened.wait(20000));

    const QString request = m_client->nextRequestId();
    m_client->execute(AddSessionCommand {QStringLiteral("Loja")}, request);
    QTRY_VERIFY_WITH_TIMEOUT(sessionByRequest.contains(request), 10000);
    m_session = sessionByRequest.value(request);
    m_client->execute(LinkCommand {m_session, LinkMethod::Qr, {}});
    QTRY_VERIFY_WITH_TIMEOUT(!qr.isEmpty(), 20000);
    QCOMPARE(m_emulator.post(QStringLiteral("/phones/%1/scan").arg(m_business), {{"qr", qr}}).status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(m_status.value(m_session) == SessionStatus::Connected, 20000);
    m_pane->showSession(m_session);
}

void TestChatPane::cleanupTestCase() {
    m_pane.reset();
    m_client.reset();
}

bool TestChatPane::phoneHasReceipt(const QString &id, const QString &type) {
    for (const auto &r : m_emulator.get(QStringLiteral("/phones/%1/receipts").arg(m_customer)).array()) {
        const QJsonObject o = r.toObject();
        if (o.value("id").toString() == id && o.value("type").toString() == type)
            return true;
    }
    return false;
}

void TestChatPane::phoneMessageShowsUnreadAndOpeningReadsIt() {
    const auto sent = m_emulator.post(QStringLiteral("/phones/%1/messages").arg(m_customer),
        {{"to", m_business}, {"text", "Oi! Ainda tem bolo de cenoura?"}});
    QCOMPARE(sent.status, 201);
    m_firstId = sent.object().value("id").toString();

    QAbstractItemModel *list = m_pane->chatList()->model();
    QTRY_COMPARE_WITH_TIMEOUT(list->rowCount(), 1, 10000);
    const QModelIndex row = list->index(0, 0);
    QCOMPARE(row.data(ChatListModel::ChatRole).toString(), m_customerJid);
    QTRY_COMPARE_WITH_TIMEOUT(row.data(ChatListModel::UnreadRole).toInt(), 1, 5000);
    QCOMPARE(
        row.data(ChatListModel::PreviewRole).toString(), QStringLiteral("Oi! Ainda tem bolo de cenoura?"));
    QCOMPARE(row.data(ChatListModel::NameRole).toString(), QStringLiteral("Maria Cliente"));
    QTRY_VERIFY_WITH_TIMEOUT(phoneHasReceipt(m_firstId, "delivery"), 5000);
    QVERIFY(!phoneHasReceipt(m_firstId, "read"));

    // The user clicks the chat.
    QSignalSpy opened(m_pane.get(), &ChatPane::chatOpened);
    const QRect rect = m_pane->chatList()->visualRect(row);
    QTest::mouseClick(m_pane->chatList()->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(opened.count(), 1);
    MessageListModel *messages = m_pane->controller()->messages();
    QTRY_COMPARE_WITH_TIMEOUT(messages->rowCount(), 1, 5000);
    QCOMPARE(messages->index(0).data(MessageListModel::IdRole).toString(), m_firstId);
    QVERIFY(!messages->index(0).data(MessageListModel::FromMeRole).toBool());
    QTRY_VERIFY_WITH_TIMEOUT(phoneHasReceipt(m_firstId, "read"), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(list->index(0, 0).data(ChatListModel::UnreadRole).toInt(), 0, 5000);
}

void TestChatPane::enterDeliversAReplyAndTicksTurnRead() {
    QVERIFY(!m_firstId.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(m_pane->composer()->editor()->isEnabled(), 5000);
    QPlainTextEdit *editor = m_pane->composer()->editor();
    editor->setFocus();
    // QTest types ASCII only; the accents of real replies go through the same path.
    QTest::keyClicks(editor, QStringLiteral("Temos sim! Ate as 18h."));
    QTest::keyClick(editor, Qt::Key_Return);
    QVERIFY(editor->toPlainText().isEmpty());

    MessageListModel *messages = m_pane->controller()->messages();
    QTRY_COMPARE_WITH_TIMEOUT(messages->rowCount(), 2, 5000);
    const QModelIndex mine = messages->index(1);
    QVERIFY(mine.data(MessageListModel::FromMeRole).toBool());
    QCOMPARE(mine.data(MessageListModel::TextRole).toString(), QStringLiteral("Temos sim! Ate as 18h."));
    const QString id = mine.data(MessageListModel::IdRole).toString();

    // The phone decrypted exactly that text, and its delivery receipt moved the ticks.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const auto &m :
                m_emulator.get(QStringLiteral("/phones/%1/messages").arg(m_customer)).array())
                if (m.toObject().value("id").toString() == id)
                    return m.toObject().value("text").toString() == QStringLiteral("Temos sim! Ate as 18h.");
            return false;
        }(),
        10000);
    QTRY_COMPARE_WITH_TIMEOUT(
        messages->index(1).data(MessageListModel::StatusRole).toInt(), int(MessageStatus::Delivered), 10000);
    QCOMPARE(m_emulator
                 .post(QStringLiteral("/phones/%1/read").arg(m_customer),
                     {{"chat", m_business + "@s.whatsapp.net"}, {"ids", QJsonArray {id}}})
                 .status,
        200);
    QTRY_COMPARE_WITH_TIMEOUT(
        messages->index(1).data(MessageListModel::StatusRole).toInt(), int(MessageStatus::Read), 10000);
    // The chat list's preview shows our reply with its ticks too.
    const QModelIndex row = m_pane->chatList()->model()->index(0, 0);
    QTRY_COMPARE_WITH_TIMEOUT(
        row.data(ChatListModel::LastStatusRole).toInt(), int(MessageStatus::Read), 5000);
}

void TestChatPane::searchFindsAnOlderMessage() {
    // The chat's last message is our reply; "cenoura" is only in the customer's first message, stored in
    // SQLite and found through the engine's full-text search.
    auto *search = m_pane->findChild<QLineEdit *>(QStringLiteral("chatSearch"));
    QVERIFY(search);
    QAbstractItemModel *list = m_pane->chatList()->model();
    QTest::keyClicks(search, QStringLiteral("CENOURA"));
    QCOMPARE(list->rowCount(), 0); // nothing matches name, number or last message
    QTRY_COMPARE_WITH_TIMEOUT(list->rowCount(), 1, 5000);
    QCOMPARE(list->index(0, 0).data(ChatListModel::ChatRole).toString(), m_customerJid);
    QCOMPARE(list->index(0, 0).data(ChatListModel::PreviewRole).toString(),
        QStringLiteral("Oi! Ainda tem bolo de cenoura?"));
    search->clear();
    QCOMPARE(list->rowCount(), 1);
    QCOMPARE(list->index(0, 0).data(ChatListModel::PreviewRole).toString(),
        QStringLiteral("Temos sim! Ate as 18h."));
    // A word nowhere in the history leaves the list empty.
    QTest::keyClicks(search, QStringLiteral("pizza"));
    QTest::qWait(ChatController::kSearchDelayMs * 3);
    QCOMPARE(list->rowCount(), 0);
    search->clear();
}

void TestChatPane::stoppedNumberBlocksTheComposer() {
    m_client->execute(StopCommand {m_session});
    QTRY_VERIFY_WITH_TIMEOUT(m_status.value(m_session) == SessionStatus::Stopped, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!m_pane->composer()->editor()->isEnabled(), 5000);
    QVERIFY(m_pane->composer()->notice().contains(QStringLiteral("stopped")));
    m_client->execute(StartCommand {m_session});
    QTRY_VERIFY_WITH_TIMEOUT(m_pane->composer()->editor()->isEnabled(), 15000);
    QVERIFY(m_pane->composer()->notice().isEmpty());
}

QTEST_MAIN(TestChatPane)
#include "tst_chat_pane.moc"
