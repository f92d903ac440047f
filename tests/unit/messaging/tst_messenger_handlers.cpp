// The messaging handlers against a scripted wire (issue 13): stanza by stanza, without a socket or an
// emulator. Prekeys topped up after login and on the server's notice, read receipts grouped per chat, a retry
// receipt for what could not be decrypted, a message our own phone sent (a real Signal session with a second
// device made here), and a send whose outbox commit fails answered to the request that asked.
#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTest>
#include <messaging/memory_messaging.h>
#include <messaging/message_content.h>
#include <messaging/messenger.h>
#include <messaging/outgoing_content.h>
#include <messaging/padding.h>
#include <messaging/prekeys.h>
#include <scripted_wire.h>
#include <session/iq_client.h>
#include <signal/crypto_provider.h>
#include <signal/device_cipher.h>
#include <signal/memory_signal_store.h>
#include <signal/store_adapter.h>

using namespace balcao;
using namespace balcao::testing;

namespace {

const QString kOwnUser = QStringLiteral("5511900000001");
const QString kCustomer = QStringLiteral("5511900000002@s.whatsapp.net");

// Commits for real in the memory stores' terms (they keep no journal), and can be told to fail the next
// commit as a full disk would.
class ScriptedTransaction final : public StorageTransaction {
public:
    Result<void> begin() override {
        ++depth;
        return {};
    }
    // A failed commit leaves the transaction open, as SQLite does; the caller rolls it back.
    Result<void> commit() override {
        if (failNextCommit && depth == 1) {
            failNextCommit = false;
            return makeError(errc::kStorageFull, QStringLiteral("The disk is full."));
        }
        --depth;
        return {};
    }
    void rollback() override { --depth; }

    int depth = 0;
    bool failNextCommit = false;
};

Node message(const QString &from, const QString &id, const QString &encType, const QByteArray &ciphertext,
    const QList<Node::Attribute> &extra = {}) {
    QList<Node::Attribute> attributes {{QStringLiteral("from"), from}, {QStringLiteral("id"), id},
        {QStringLiteral("type"), QStringLiteral("text")},
        {QStringLiteral("t"), QStringLiteral("1765000000")}};
    attributes += extra;
    return Node(QStringLiteral("message"), attributes,
        Node::Children {Node(QStringLiteral("enc"),
            {{QStringLiteral("v"), QStringLiteral("2")}, {QStringLiteral("type"), encType}}, ciphertext)});
}

} // namespace

class TestMessengerHandlers : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void topsUpPreKeysAfterLogin();
    void aFreshDeviceUploadsTheReferencesFirstBatch();
    void topsUpPreKeysOnTheServersNotice();
    void groupsReadReceiptsPerChat();
    void asksForARetryWhenDecryptionFails();
    void storesWhatOurPhoneSentAsFromMe();
    void failedOutboxCommitAnswersTheRequest();
    void refusesContentItCannotSendBeforeTheOutbox();

private:
    // Logs in and answers the prekey count with `count`; returns the upload iq when one was sent.
    std::optional<Node> logIn(int serverCount);
    // Lets the batch of this turn commit (it flushes on the next turn of the event loop).
    void settle() { QCoreApplication::processEvents(); }

    ScriptedWire m_wire;
    DeviceCredentials m_credentials;
    std::unique_ptr<MemorySignalStore> m_signal;
    std::unique_ptr<MemoryMessaging> m_messaging;
    std::unique_ptr<ScriptedTransaction> m_transaction;
    std::unique_ptr<IqClient> m_iq;
    std::unique_ptr<Messenger> m_messenger;
    QList<Event> m_events;
    int m_saves = 0;
};

void TestMessengerHandlers::initTestCase() {
    QLoggingCategory::setFilterRules(QStringLiteral("balcao.signal*.debug=false"));
}

void TestMessengerHandlers::init() {
    m_wire = ScriptedWire();
    m_signal = std::make_unique<MemorySignalStore>();
    m_messaging = std::make_unique<MemoryMessaging>();
    m_transaction = std::make_unique<ScriptedTransaction>();
    m_events.clear();
    m_saves = 0;
    m_credentials = DeviceCredentials::generate().value();
    m_credentials.ownJid = kOwnUser + QStringLiteral(":3@s.whatsapp.net");
    m_iq = std::make_unique<IqClient>();
    m_iq->setSender(m_wire.sender());
    auto messenger = Messenger::create(
        QStringLiteral("s1"), {m_signal.get(), m_messaging->stores(), m_transaction.get()}, m_credentials,
        [this]() -> Result<void> {
            ++m_saves;
            return {};
        },
        m_iq.get(), m_wire.plainSender());
    QVERIFY(messenger);
    m_messenger = std::move(*messenger);
    connect(m_messenger.get(), &Messenger::event, this, [this](const Event &e) { m_events.append(e); });
    m_wire.setReceiver([this](const Node &node) {
        if (!m_iq->handle(node))
            m_messenger->handle(node);
    });
}

void TestMessengerHandlers::cleanup() {
    m_messenger.reset();
    m_iq.reset();
}

std::optional<Node> TestMessengerHandlers::logIn(int serverCount) {
    m_messenger->onLoggedIn();
    const auto count = m_wire.nextWith(QStringLiteral("iq"), QStringLiteral("get"));
    if (!count || count->attribute(u"xmlns") != QLatin1String("encrypt") || !count->child(u"count"))
        return std::nullopt;
    m_wire.inject(ScriptedWire::resultFor(
        *count, {Node(QStringLiteral("count"), {{QStringLiteral("value"), QString::number(serverCount)}})}));
    return m_wire.nextWith(QStringLiteral("iq"), QStringLiteral("set"));
}

void TestMessengerHandlers::topsUpPreKeysAfterLogin() {
    const quint32 firstId = m_credentials.nextPreKeyId;
    const auto upload = logIn(prekeys::kMinServerCount - 1);
    QVERIFY(upload);
    QCOMPARE(upload->attribute(u"xmlns"), QStringLiteral("encrypt"));
    QCOMPARE(upload->child(u"list")->childrenByTag(u"key").size(), prekeys::kWantedCount);
    QVERIFY(upload->child(u"skey"));
    // Stored before the upload; the next id saved only once the server took them.
    QVERIFY(m_signal->containsPreKey(QStringLiteral("s1"), firstId).value());
    QCOMPARE(m_saves, 0);
    m_wire.inject(ScriptedWire::resultFor(*upload));
    QCOMPARE(m_saves, 1);
    QCOMPARE(m_credentials.nextPreKeyId, firstId + prekeys::kWantedCount);
}

void TestMessengerHandlers::aFreshDeviceUploadsTheReferencesFirstBatch() {
    const auto upload = logIn(0); // nothing on the server, nothing stored: a device that never uploaded
    QVERIFY(upload);
    QCOMPARE(upload->child(u"list")->childrenByTag(u"key").size(), prekeys::kInitialCount);
    QCOMPARE(prekeys::kInitialCount, 812);
}

void TestMessengerHandlers::topsUpPreKeysOnTheServersNotice() {
    QVERIFY(!logIn(50)); // plenty on the server: nothing uploaded
    m_wire.inject(Node(QStringLiteral("notification"),
        {{QStringLiteral("from"), QStringLiteral("s.whatsapp.net")},
            {QStringLiteral("id"), QStringLiteral("n1")},
            {QStringLiteral("type"), QStringLiteral("encrypt")}},
        Node::Children {Node(QStringLiteral("count"), {{QStringLiteral("value"), QStringLiteral("2")}})}));
    const auto ack = m_wire.next();
    QVERIFY(ack);
    QCOMPARE(ack->tag(), QStringLiteral("ack"));
    QCOMPARE(ack->attribute(u"id"), QStringLiteral("n1"));
    QCOMPARE(ack->attribute(u"class"), QStringLiteral("notification"));
    QCOMPARE(ack->attribute(u"type"), QStringLiteral("encrypt"));
    const auto upload = m_wire.nextWith(QStringLiteral("iq"), QStringLiteral("set"));
    QVERIFY(upload);
    QCOMPARE(upload->child(u"list")->childrenByTag(u"key").size(), prekeys::kWantedCount);
}

void TestMessengerHandlers::groupsReadReceiptsPerChat() {
    QVERIFY(!logIn(50));
    for (const QString &id : {QStringLiteral("A1"), QStringLiteral("A2"), QStringLiteral("A3")}) {
        StoredMessage m;
        m.chat = m.sender = kCustomer;
        m.id = id;
        m.type = QStringLiteral("text");
        m.text = id;
        m.timestamp = 1765000000;
        QVERIFY(m_messaging->stores().messages->storeIncoming(m).value());
    }
    m_messenger->markRead(kCustomer);
    const auto receipt = m_wire.next();
    QVERIFY(receipt);
    QVERIFY(m_wire.isIdle()); // one stanza for the three
    QCOMPARE(receipt->tag(), QStringLiteral("receipt"));
    QCOMPARE(receipt->attribute(u"type"), QStringLiteral("read"));
    QCOMPARE(receipt->attribute(u"to"), kCustomer);
    QVERIFY(!receipt->hasAttribute(u"participant"));
    QStringList ids {receipt->attribute(u"id")};
    for (const Node *item : receipt->child(u"list")->childrenByTag(u"item"))
        ids << item->attribute(u"id");
    QCOMPARE(ids, (QStringList {"A1", "A2", "A3"}));
    m_messenger->markRead(kCustomer); // nothing unread any more: nothing sent
    QVERIFY(m_wire.isIdle());
}

void TestMessengerHandlers::asksForARetryWhenDecryptionFails() {
    QVERIFY(!logIn(50));
    m_wire.inject(message(kCustomer, QStringLiteral("M1"), QStringLiteral("msg"), QByteArray(40, '\x33')));
    QVERIFY(m_wire.isIdle()); // nothing answered before the placeholder is committed
    settle();
    const auto ack = m_wire.next();
    QVERIFY(ack);
    QCOMPARE(ack->tag(), QStringLiteral("ack"));
    QCOMPARE(ack->attribute(u"id"), QStringLiteral("M1"));
    const auto retry = m_wire.next();
    QVERIFY(retry);
    QCOMPARE(retry->tag(), QStringLiteral("receipt"));
    QCOMPARE(retry->attribute(u"type"), QStringLiteral("retry"));
    QCOMPARE(retry->attribute(u"to"), kCustomer);
    QCOMPARE(retry->child(u"retry")->attribute(u"count"), QStringLiteral("1"));
    QCOMPARE(retry->child(u"retry")->attribute(u"id"), QStringLiteral("M1"));
    const QByteArray registration = retry->child(u"registration")->contentBytes();
    QCOMPARE(registration.size(), 4);
    QCOMPARE(quint32(quint8(registration[2])) << 8 | quint8(registration[3]), m_credentials.registrationId);
    QVERIFY(!retry->child(u"keys")); // the first retry asks only; fresh keys come from the second on
    const auto stored = m_messaging->stores().messages->message(kCustomer, QStringLiteral("M1")).value();
    QVERIFY(stored);
    QCOMPARE(stored->retryCount, 1);

    // The same message failing again: a second retry, now with our keys.
    m_wire.inject(message(kCustomer, QStringLiteral("M1"), QStringLiteral("msg"), QByteArray(40, '\x34')));
    settle();
    const auto second = m_wire.nextWith(QStringLiteral("receipt"), QStringLiteral("retry"));
    QVERIFY(second);
    QCOMPARE(second->child(u"retry")->attribute(u"count"), QStringLiteral("2"));
    QVERIFY(second->child(u"keys"));
}

void TestMessengerHandlers::storesWhatOurPhoneSentAsFromMe() {
    QVERIFY(!logIn(50));
    // Our phone (device 0 of our own number) starts a session with this device from our bundle.
    auto ourContext = SignalContext::create().value();
    const auto ourPreKeys
        = prekeys::generatePreKeys(ourContext->get(), *m_signal, QStringLiteral("s1"), m_credentials, 1)
              .value();
    PreKeyBundle bundle;
    bundle.registrationId = m_credentials.registrationId;
    bundle.identityKey = m_credentials.identityKey.publicKey;
    bundle.signedPreKeyId = m_credentials.signedPreKey.id;
    bundle.signedPreKey = m_credentials.signedPreKey.keyPair.publicKey;
    bundle.signedPreKeySignature = m_credentials.signedPreKey.signature;
    bundle.preKey = PreKeyBundle::OneTimePreKey {ourPreKeys.first().id, ourPreKeys.first().keyPair.publicKey};

    DeviceCredentials phoneCredentials = DeviceCredentials::generate().value();
    MemorySignalStore phoneStore;
    auto phoneContext = SignalContext::create().value();
    auto phoneAdapter = SignalStoreAdapter::create(
        phoneContext->get(), phoneStore, QStringLiteral("phone"), phoneCredentials)
                            .value();
    DeviceCipher toUs(phoneContext->get(), *phoneAdapter, SignalAddress {kOwnUser, 3});
    QVERIFY(toUs.buildSessionFromBundle(bundle));
    const QByteArray plain
        = encodeDeviceSentMessage(kCustomer, encodeTextMessage(QStringLiteral("Pedido saiu para entrega")))
              .value();
    const auto sealed = toUs.encrypt(padding::pad(plain));
    QVERIFY(sealed);
    QCOMPARE(sealed->type, QStringLiteral("pkmsg"));

    m_wire.inject(message(kOwnUser + QStringLiteral("@s.whatsapp.net"), QStringLiteral("D1"), sealed->type,
        sealed->bytes, {{QStringLiteral("recipient"), kCustomer}}));
    settle();
    // Stored in the customer's chat as ours, then receipted as the sender's own device, then acked.
    const auto stored = m_messaging->stores().messages->message(kCustomer, QStringLiteral("D1")).value();
    QVERIFY(stored);
    QVERIFY(stored->fromMe);
    QCOMPARE(stored->text, QStringLiteral("Pedido saiu para entrega"));
    const auto receipt = m_wire.next();
    QVERIFY(receipt);
    QCOMPARE(receipt->tag(), QStringLiteral("receipt"));
    QCOMPARE(receipt->attribute(u"type"), QStringLiteral("sender"));
    QCOMPARE(receipt->attribute(u"recipient"), kCustomer);
    const auto ack = m_wire.next();
    QVERIFY(ack);
    QCOMPARE(ack->tag(), QStringLiteral("ack"));
    bool announced = false;
    for (const Event &e : std::as_const(m_events)) {
        if (const auto *m = std::get_if<MessageEvent>(&e); m && m->id == QLatin1String("D1"))
            announced = m->fromMe && m->chat == kCustomer;
    }
    QVERIFY(announced);
}

void TestMessengerHandlers::failedOutboxCommitAnswersTheRequest() {
    m_transaction->failNextCommit = true;
    m_messenger->send(kCustomer, textContent(QStringLiteral("Chega amanhã")), QStringLiteral("3EB0AAAA"),
        QStringLiteral("r9"));
    QVERIFY(m_events.isEmpty()); // the commit runs on the next turn
    settle();
    const ErrorEvent *error = nullptr;
    for (const Event &e : std::as_const(m_events)) {
        if (const auto *found = std::get_if<ErrorEvent>(&e))
            error = found;
        QVERIFY(!std::holds_alternative<MessageEvent>(e)); // never reported as queued
    }
    QVERIFY(error);
    QCOMPARE(error->code, QStringLiteral("storage-full"));
    QCOMPARE(error->requestId, QStringLiteral("r9"));
    QCOMPARE(m_transaction->depth, 0);
}

// A reaction cannot be sent yet: the caller hears so at once, with its request id, and nothing is queued (a
// row in the outbox that can never go out would be retried at every login).
void TestMessengerHandlers::refusesContentItCannotSendBeforeTheOutbox() {
    MessageContent photo;
    photo.kind = MessageKind::Reaction;
    photo.text = QStringLiteral("👍");
    photo.payload = ReactionPayload {QStringLiteral("3EB0OTHER"), kCustomer, {}, false, 0};
    m_messenger->send(kCustomer, photo, QStringLiteral("3EB0PHOTO"), QStringLiteral("r-photo"));
    QCOMPARE(m_events.size(), 1);
    const auto *error = std::get_if<ErrorEvent>(&m_events.first());
    QVERIFY(error);
    QCOMPARE(error->code, QStringLiteral("unsupported"));
    QCOMPARE(error->requestId, QStringLiteral("r-photo"));
    settle();
    QCOMPARE(m_events.size(), 1);
    QVERIFY(m_messaging->stores().outbox->pending().value().isEmpty());
    QCOMPARE(m_messaging->stores().messages->message(kCustomer, QStringLiteral("3EB0PHOTO")).value(),
        std::nullopt);
    // A text right after it goes into the outbox as usual.
    m_messenger->send(kCustomer, textContent(QStringLiteral("Segue por texto")), QStringLiteral("3EB0TEXT"),
        QStringLiteral("r-text"));
    settle();
    QCOMPARE(m_messaging->stores().outbox->pending().value().size(), 1);
}

QTEST_GUILESS_MAIN(TestMessengerHandlers)
#include "tst_messenger_handlers.moc"
