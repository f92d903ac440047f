// Our own .proto subset against the real client library's encoder: baileys_fixture.json holds bytes that
// @whiskeysockets/baileys 6.17.16 produced (see make_baileys_fixture.mjs) with the values it encoded.
#include "proto/adv.pb.h"
#include "proto/cert_chain.pb.h"
#include "proto/client_payload.pb.h"
#include "proto/device_props.pb.h"
#include "proto/handshake.pb.h"
#include "proto/message.pb.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QtTest>
#include <google/protobuf/util/json_util.h>
#include <map>
#include <memory>

using google::protobuf::Message;

namespace {

// The types the fixture names, by the name it uses. Referencing each default instance also links its
// generated code in from the static library.
const Message *prototypeFor(const QString &type) {
    static const std::map<QString, const Message *> types = {
        {"HandshakeMessage", &balcao::wa::HandshakeMessage::default_instance()},
        {"CertChain", &balcao::wa::CertChain::default_instance()},
        {"CertChain.NoiseCertificate.Details",
            &balcao::wa::CertChain::NoiseCertificate::Details::default_instance()},
        {"ClientPayload", &balcao::wa::ClientPayload::default_instance()},
        {"DeviceProps", &balcao::wa::DeviceProps::default_instance()},
        {"ADVDeviceIdentity", &balcao::wa::ADVDeviceIdentity::default_instance()},
        {"ADVSignedDeviceIdentity", &balcao::wa::ADVSignedDeviceIdentity::default_instance()},
        {"ADVSignedDeviceIdentityHMAC", &balcao::wa::ADVSignedDeviceIdentityHMAC::default_instance()},
        {"Message", &balcao::wa::Message::default_instance()},
    };
    const auto it = types.find(type);
    return it == types.end() ? nullptr : it->second;
}

std::unique_ptr<Message> parse(const QString &type, const QByteArray &bytes, bool *ok) {
    const Message *prototype = prototypeFor(type);
    if (!prototype) {
        *ok = false;
        return {};
    }
    std::unique_ptr<Message> message(prototype->New());
    *ok = message->ParseFromArray(bytes.constData(), int(bytes.size()));
    return message;
}

// protobuf's JSON printer and protobufjs's toObject({longs: String, enums: String, bytes: String}) agree
// on shapes: 64-bit integers as strings, bytes as base64, enums by name, unset fields left out. Our
// snake_case field names print as lowerCamelCase, which is how WAProto spells them.
QJsonObject toJson(const Message &message) {
    std::string json;
    google::protobuf::util::JsonPrintOptions options;
    if (!google::protobuf::util::MessageToJsonString(message, &json, options).ok())
        return {};
    return QJsonDocument::fromJson(QByteArray::fromStdString(json)).object();
}

QJsonArray fixtureCases() {
    QFile file(QStringLiteral(BALCAO_SOURCE_DIR "/tests/unit/proto/baileys_fixture.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object().value("cases").toArray();
}

} // namespace

class TestProto : public QObject {
    Q_OBJECT
private slots:
    void readsWhatBaileysEncoded_data();
    void readsWhatBaileysEncoded();
    void reencodesToBaileysBytes_data() { readsWhatBaileysEncoded_data(); }
    void reencodesToBaileysBytes();
    void rejectsTruncatedBytes_data() { readsWhatBaileysEncoded_data(); }
    void rejectsTruncatedBytes();
    void readsNestedFieldsDirectly();
    void rejectsGarbage_data();
    void rejectsGarbage();
    void survivesMutatedBytes();
};

void TestProto::readsWhatBaileysEncoded_data() {
    QTest::addColumn<QString>("type");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QJsonObject>("expected");
    const QJsonArray cases = fixtureCases();
    QVERIFY2(cases.size() >= 20, "tests/unit/proto/baileys_fixture.json is missing or incomplete");
    for (const QJsonValue &value : cases) {
        const QJsonObject c = value.toObject();
        QTest::newRow(qPrintable(c.value("name").toString()))
            << c.value("type").toString() << QByteArray::fromHex(c.value("hex").toString().toLatin1())
            << c.value("json").toObject();
    }
}

void TestProto::readsWhatBaileysEncoded() {
    QFETCH(QString, type);
    QFETCH(QByteArray, bytes);
    QFETCH(QJsonObject, expected);
    bool ok = false;
    const auto message = parse(type, bytes, &ok);
    QVERIFY2(ok, qPrintable(type));
    QCOMPARE(toJson(*message), expected);
    // Nothing was left unread: every field Baileys wrote has a home in our subset.
    QCOMPARE(message->GetReflection()->GetUnknownFields(*message).field_count(), 0);
}

void TestProto::reencodesToBaileysBytes() {
    QFETCH(QString, type);
    QFETCH(QByteArray, bytes);
    bool ok = false;
    const auto message = parse(type, bytes, &ok);
    QVERIFY(ok);
    QCOMPARE(QByteArray::fromStdString(message->SerializeAsString()).toHex(), bytes.toHex());
}

// Dropping the last byte always cuts the last field short (a length past the end, an unfinished varint
// or a tag without its value), so every truncated fixture must fail to parse.
void TestProto::rejectsTruncatedBytes() {
    QFETCH(QString, type);
    QFETCH(QByteArray, bytes);
    bool ok = true;
    parse(type, bytes.chopped(1), &ok);
    QVERIFY(!ok);
}

// The generated accessors, not just reflection, see the values: a spot check on the types the engine uses.
void TestProto::readsNestedFieldsDirectly() {
    QMap<QString, QByteArray> bytes;
    for (const QJsonValue &value : fixtureCases())
        bytes.insert(value["name"].toString(), QByteArray::fromHex(value["hex"].toString().toLatin1()));

    balcao::wa::ClientPayload login;
    QVERIFY(login.ParseFromString(bytes.value("loginPayload").toStdString()));
    QCOMPARE(login.username(), 5511900000001ULL);
    QCOMPARE(login.device(), 3u);
    QVERIFY(login.pull());
    QCOMPARE(login.user_agent().platform(), balcao::wa::ClientPayload::UserAgent::WEB);
    QCOMPARE(login.user_agent().app_version().tertiary(), 1019707846u);

    balcao::wa::ClientPayload registration;
    QVERIFY(registration.ParseFromString(bytes.value("registrationPayload").toStdString()));
    QVERIFY(registration.has_device_pairing_data());
    balcao::wa::DeviceProps props;
    QVERIFY(props.ParseFromString(registration.device_pairing_data().device_props()));
    QCOMPARE(props.os(), std::string("Ubuntu"));
    QCOMPARE(props.platform_type(), balcao::wa::DeviceProps::CHROME);

    balcao::wa::Message ephemeral;
    QVERIFY(ephemeral.ParseFromString(bytes.value("ephemeral").toStdString()));
    QCOMPARE(ephemeral.ephemeral_message().message().extended_text_message().text(),
        std::string("some em 7 dias"));

    balcao::wa::Message keyShare;
    QVERIFY(keyShare.ParseFromString(bytes.value("appStateSyncKeyShare").toStdString()));
    QCOMPARE(
        keyShare.protocol_message().type(), balcao::wa::Message::ProtocolMessage::APP_STATE_SYNC_KEY_SHARE);
    QCOMPARE(keyShare.protocol_message().app_state_sync_key_share().keys_size(), 2);

    balcao::wa::CertChain::NoiseCertificate::Details details;
    QVERIFY(details.ParseFromString(bytes.value("certDetails").toStdString()));
    QCOMPARE(details.not_after(), std::numeric_limits<quint64>::max());
}

void TestProto::rejectsGarbage_data() {
    QTest::addColumn<QString>("type");
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("length past the end") << "Message" << QByteArray::fromHex("0a05414243");
    QTest::newRow("unfinished varint") << "ClientPayload" << QByteArray::fromHex("08ff");
    QTest::newRow("wire type 7") << "Message" << QByteArray::fromHex("0f00");
    QTest::newRow("field number 0") << "HandshakeMessage" << QByteArray::fromHex("0001");
    QTest::newRow("varint of 11 bytes") << "ClientPayload" << QByteArray::fromHex("08ffffffffffffffffffff01");
    QTest::newRow("end group never opened") << "CertChain" << QByteArray::fromHex("0c");
    QTest::newRow("nested message cut short") << "HandshakeMessage" << QByteArray::fromHex("1a050a03aabb");
    QTest::newRow("nested garbage") << "CertChain" << QByteArray::fromHex("0a020f00");
    QTest::newRow("text bytes") << "Message" << QByteArray("not a protobuf at all");
}

void TestProto::rejectsGarbage() {
    QFETCH(QString, type);
    QFETCH(QByteArray, bytes);
    bool ok = true;
    parse(type, bytes, &ok);
    QVERIFY(!ok);
}

// Random damage must never crash the parser (this test is meant to be run under ASan as well); a parse
// that succeeds must give a message that serializes again.
void TestProto::survivesMutatedBytes() {
    QRandomGenerator random(20261124);
    int rejected = 0;
    int runs = 0;
    for (const QJsonValue &value : fixtureCases()) {
        const QString type = value["type"].toString();
        const QByteArray original = QByteArray::fromHex(value["hex"].toString().toLatin1());
        for (int i = 0; i < 200; ++i, ++runs) {
            QByteArray bytes = original;
            const int flips = 1 + random.bounded(4);
            for (int f = 0; f < flips; ++f)
                bytes[random.bounded(int(bytes.size()))] = char(random.bounded(256));
            bool ok = false;
            const auto message = parse(type, bytes, &ok);
            if (!ok)
                ++rejected;
            else
                QVERIFY(message->ByteSizeLong() < size_t(1) << 24);
        }
    }
    QVERIFY(runs > 0);
    QVERIFY2(rejected > 0, "random damage to protobuf bytes was never noticed");
}

QTEST_GUILESS_MAIN(TestProto)
#include "tst_proto.moc"
