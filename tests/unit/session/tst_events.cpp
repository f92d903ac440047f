#include <QJsonDocument>
#include <QTest>
#include <session/events.h>

using namespace balcao;

// Events' JSON shape is a public contract (docs/architecture.md "Events and commands"): these rows pin it.
class TestEvents : public QObject {
    Q_OBJECT
private slots:
    void serializes_data();
    void serializes();
    void statusNamesRoundTrip();
};

void TestEvents::serializes_data() {
    QTest::addColumn<Event>("event");
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("session")
        << Event {SessionEvent {"s1", "Loja Centro", SessionStatus::New}}
        << QByteArray(R"({"event":"session","name":"Loja Centro","session":"s1","status":"new","ts":7})");
    QTest::newRow("qr")
        << Event {QrEvent {"s1", "2@abc,x,y,z", 1764000000000}}
        << QByteArray(R"({"event":"qr","expiresAt":1764000000000,"qr":"2@abc,x,y,z","session":"s1","ts":7})");
    QTest::newRow("qr.expired") << Event {QrExpiredEvent {"s1"}}
                                << QByteArray(R"({"event":"qr.expired","session":"s1","ts":7})");
    QTest::newRow("pairing-code")
        << Event {PairingCodeEvent {"s1", "ABCD-EFGH", "5511900000001"}}
        << QByteArray(
               R"({"code":"ABCD-EFGH","event":"pairing-code","phone":"5511900000001","session":"s1","ts":7})");
    QTest::newRow("status connected")
        << Event {StatusEvent {"s1", SessionStatus::Connected, "5511900000001:3@s.whatsapp.net", "", 0, 0}}
        << QByteArray(
               R"({"event":"status","jid":"5511900000001:3@s.whatsapp.net","reason":"","session":"s1","status":"connected","ts":7})");
    QTest::newRow("status reconnecting")
        << Event {StatusEvent {"s1", SessionStatus::Reconnecting, "", "connection lost", 2, 9000}}
        << QByteArray(
               R"({"attempt":2,"event":"status","jid":"","nextTry":9000,"reason":"connection lost","session":"s1","status":"reconnecting","ts":7})");
    MessageEvent m {"s1", "5511900000002@s.whatsapp.net", "3EB0", "5511900000002@s.whatsapp.net", false,
        1764000000, "text", "Oi!", "Maria"};
    QTest::newRow("message")
        << Event {m}
        << QByteArray(
               R"({"chat":"5511900000002@s.whatsapp.net","event":"message","from":"5511900000002@s.whatsapp.net","fromMe":false,"id":"3EB0","pushName":"Maria","session":"s1","text":"Oi!","timestamp":1764000000,"ts":7,"type":"text"})");
    MessageEvent photo = m;
    photo.type = "image";
    photo.text = "[image] Vitrine";
    photo.content.kind = MessageKind::Image;
    MediaInfo media;
    media.mimetype = "image/jpeg";
    media.fileLength = 48213;
    media.width = 960;
    media.height = 1280;
    media.mediaKey = QByteArray(32, 'k'); // never in the JSON
    photo.content.payload = MediaPayload {media};
    photo.content.replyTo = ReplyContext {"3EB0Q", "5511900000002@s.whatsapp.net", MessageKind::Text, "Tem?"};
    photo.content.forwarded = true;
    QTest::newRow("message with content")
        << Event {photo}
        << QByteArray(
               R"({"chat":"5511900000002@s.whatsapp.net","content":{"forwarded":true,"media":{"height":1280,"mimetype":"image/jpeg","size":48213,"width":960},"replyTo":{"id":"3EB0Q","participant":"5511900000002@s.whatsapp.net","text":"Tem?","type":"text"}},"event":"message","from":"5511900000002@s.whatsapp.net","fromMe":false,"id":"3EB0","pushName":"Maria","session":"s1","text":"[image] Vitrine","timestamp":1764000000,"ts":7,"type":"image"})");
    QTest::newRow("message.status")
        << Event {MessageStatusEvent {"s1", "c", "3EB0", MessageStatus::Delivered}}
        << QByteArray(
               R"({"chat":"c","event":"message.status","id":"3EB0","session":"s1","status":"delivered","ts":7})");
    QTest::newRow("error without session")
        << Event {ErrorEvent {"", "invalid-command", "bad"}}
        << QByteArray(R"({"code":"invalid-command","event":"error","message":"bad","ts":7})");
}

void TestEvents::serializes() {
    QFETCH(Event, event);
    QFETCH(QByteArray, json);
    QCOMPARE(QJsonDocument(toJson(event, 7)).toJson(QJsonDocument::Compact), json);
}

void TestEvents::statusNamesRoundTrip() {
    for (auto status :
        {SessionStatus::New, SessionStatus::Pairing, SessionStatus::Connecting, SessionStatus::Connected,
            SessionStatus::Reconnecting, SessionStatus::LoggedOut, SessionStatus::Stopped})
        QCOMPARE(sessionStatusFromString(sessionStatusName(status)).value(), status);
    QCOMPARE(sessionStatusName(SessionStatus::LoggedOut), QStringLiteral("logged-out"));
    QVERIFY(!sessionStatusFromString(u"LOGGED-OUT").has_value());
    for (auto status : {MessageStatus::Pending, MessageStatus::Sent, MessageStatus::Delivered,
             MessageStatus::Read, MessageStatus::Played, MessageStatus::Failed})
        QCOMPARE(messageStatusFromString(messageStatusName(status)).value(), status);
}

QTEST_GUILESS_MAIN(TestEvents)
#include "tst_events.moc"
