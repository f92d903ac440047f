#include "proto/client_payload.pb.h"
#include "proto/device_props.pb.h"

#include <QJsonArray>
#include <QMap>
#include <QTest>
#include <auth/client_payload.h>
#include <golden_vectors.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/unknown_field_set.h>

using namespace balcao;
using balcao::testing::hex;
namespace pb = google::protobuf;

// The login and registration ClientPayloads against Baileys 7's own (client-payload.json, made by
// generateLoginNode / generateRegistrationNode from the same inputs): byte for byte, and decoded field by
// field so that any difference Balcão has not chosen on purpose fails under the field's WAProto name.
namespace {

// Where Balcão deliberately sends something else than Baileys 7 (docs/protocol.md §3.5), by WAProto path;
// devicePairingData.deviceProps.* is inside the serialized DeviceProps. The generator
// (tests/emulator/scripts/vectors/client-payload.js, DIFFERENCES) must name the same fields. Empty while
// Balcão follows Baileys 7 in every field.
QStringList namedDifferences(const QString &payload) {
    static const QMap<QString, QStringList> named {
        {QStringLiteral("login"), {}},
        {QStringLiteral("registration"), {}},
    };
    return named.value(payload);
}

// Path -> "expected X, got Y" for every field whose presence or value differs.
using FieldDifferences = QMap<QString, QString>;

QString valueText(const pb::Message &message, const pb::FieldDescriptor *field, int index) {
    const pb::Reflection *r = message.GetReflection();
    const bool repeated = field->is_repeated();
    switch (field->cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_INT32:
        return QString::number(
            repeated ? r->GetRepeatedInt32(message, field, index) : r->GetInt32(message, field));
    case pb::FieldDescriptor::CPPTYPE_INT64:
        return QString::number(
            qint64(repeated ? r->GetRepeatedInt64(message, field, index) : r->GetInt64(message, field)));
    case pb::FieldDescriptor::CPPTYPE_UINT32:
        return QString::number(
            repeated ? r->GetRepeatedUInt32(message, field, index) : r->GetUInt32(message, field));
    case pb::FieldDescriptor::CPPTYPE_UINT64:
        return QString::number(
            quint64(repeated ? r->GetRepeatedUInt64(message, field, index) : r->GetUInt64(message, field)));
    case pb::FieldDescriptor::CPPTYPE_DOUBLE:
        return QString::number(
            repeated ? r->GetRepeatedDouble(message, field, index) : r->GetDouble(message, field));
    case pb::FieldDescriptor::CPPTYPE_FLOAT:
        return QString::number(
            repeated ? r->GetRepeatedFloat(message, field, index) : r->GetFloat(message, field));
    case pb::FieldDescriptor::CPPTYPE_BOOL:
        return (repeated ? r->GetRepeatedBool(message, field, index) : r->GetBool(message, field))
            ? QStringLiteral("true")
            : QStringLiteral("false");
    case pb::FieldDescriptor::CPPTYPE_ENUM:
        return QString::number(
            repeated ? r->GetRepeatedEnumValue(message, field, index) : r->GetEnumValue(message, field));
    case pb::FieldDescriptor::CPPTYPE_STRING: {
        const std::string value
            = repeated ? r->GetRepeatedString(message, field, index) : r->GetString(message, field);
        if (field->type() == pb::FieldDescriptor::TYPE_STRING)
            return QStringLiteral("\"%1\"").arg(QString::fromStdString(value));
        return QString::fromLatin1(QByteArray::fromStdString(value).toHex());
    }
    default: // CPPTYPE_MESSAGE: compared field by field instead
        return QStringLiteral("{…}");
    }
}

// Fields the .proto does not declare, by number: each value as text, in wire order.
QMap<int, QStringList> unknownFields(const pb::UnknownFieldSet &set) {
    QMap<int, QStringList> out;
    for (int i = 0; i < set.field_count(); ++i) {
        const pb::UnknownField &field = set.field(i);
        QString value;
        switch (field.type()) {
        case pb::UnknownField::TYPE_VARINT:
            value = QString::number(quint64(field.varint()));
            break;
        case pb::UnknownField::TYPE_FIXED32:
            value = QString::number(field.fixed32());
            break;
        case pb::UnknownField::TYPE_FIXED64:
            value = QString::number(quint64(field.fixed64()));
            break;
        case pb::UnknownField::TYPE_LENGTH_DELIMITED:
            value = QString::fromLatin1(QByteArray::fromStdString(field.length_delimited()).toHex());
            break;
        case pb::UnknownField::TYPE_GROUP:
            value = QStringLiteral("group");
            break;
        }
        out[field.number()].append(value);
    }
    return out;
}

// Walks two messages of one type. A field named by its JSON name (WAProto's own:
// "userAgent.appVersion.tertiary"); devicePairingData.deviceProps is compared as the DeviceProps it carries;
// a field our .proto does not declare shows as "<parent>.#<number>".
void collectDifferences(
    const pb::Message &expected, const pb::Message &actual, const QString &prefix, FieldDifferences &out) {
    const pb::FieldDescriptor *devicePropsField
        = wa::ClientPayload::DevicePairingRegistrationData::descriptor()->FindFieldByName("device_props");
    const pb::Descriptor *type = expected.GetDescriptor();
    const pb::Reflection *re = expected.GetReflection();
    const pb::Reflection *ra = actual.GetReflection();
    const auto describe
        = [](const QString &e, const QString &a) { return QStringLiteral("expected %1, got %2").arg(e, a); };
    for (int n = 0; n < type->field_count(); ++n) {
        const pb::FieldDescriptor *field = type->field(n);
        const QString path = prefix + QString::fromStdString(field->json_name());
        if (field->is_repeated()) {
            const int size = re->FieldSize(expected, field);
            if (size != ra->FieldSize(actual, field)) {
                out.insert(path,
                    describe(QStringLiteral("%1 entries").arg(size),
                        QStringLiteral("%1 entries").arg(ra->FieldSize(actual, field))));
                continue;
            }
            for (int i = 0; i < size; ++i) {
                const QString at = path + QStringLiteral("[%1]").arg(i);
                if (field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
                    collectDifferences(re->GetRepeatedMessage(expected, field, i),
                        ra->GetRepeatedMessage(actual, field, i), at + QLatin1Char('.'), out);
                } else if (valueText(expected, field, i) != valueText(actual, field, i)) {
                    out.insert(at, describe(valueText(expected, field, i), valueText(actual, field, i)));
                }
            }
            continue;
        }
        const bool inExpected = re->HasField(expected, field);
        const bool inActual = ra->HasField(actual, field);
        if (!inExpected && !inActual)
            continue;
        if (inExpected != inActual) {
            const QString absent = QStringLiteral("absent");
            out.insert(path,
                describe(inExpected ? valueText(expected, field, -1) : absent,
                    inActual ? valueText(actual, field, -1) : absent));
            continue;
        }
        if (field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
            collectDifferences(
                re->GetMessage(expected, field), ra->GetMessage(actual, field), path + QLatin1Char('.'), out);
            continue;
        }
        if (field == devicePropsField) {
            wa::DeviceProps expectedProps, actualProps;
            if (expectedProps.ParseFromString(re->GetString(expected, field))
                && actualProps.ParseFromString(ra->GetString(actual, field))) {
                collectDifferences(expectedProps, actualProps, path + QLatin1Char('.'), out);
                continue;
            }
        }
        const QString e = valueText(expected, field, -1);
        const QString a = valueText(actual, field, -1);
        if (e != a)
            out.insert(path, describe(e, a));
    }
    const auto unknownExpected = unknownFields(re->GetUnknownFields(expected));
    const auto unknownActual = unknownFields(ra->GetUnknownFields(actual));
    // A number in both lists is looked at twice, to the same effect.
    const QList<int> numbers = unknownExpected.keys() + unknownActual.keys();
    for (int number : numbers) {
        if (unknownExpected.value(number) == unknownActual.value(number))
            continue;
        const auto text = [](const QStringList &values) {
            return values.isEmpty() ? QStringLiteral("absent") : values.join(QLatin1Char(','));
        };
        out.insert(prefix + QStringLiteral("#%1").arg(number),
            describe(text(unknownExpected.value(number)), text(unknownActual.value(number)))
                + QStringLiteral(" (a field our .proto does not declare)"));
    }
}

FieldDifferences differences(const wa::ClientPayload &expected, const wa::ClientPayload &actual) {
    FieldDifferences out;
    collectDifferences(expected, actual, QString(), out);
    return out;
}

QString listed(const FieldDifferences &found) {
    QStringList lines;
    for (auto it = found.cbegin(); it != found.cend(); ++it)
        lines.append(it.key() + QStringLiteral(": ") + it.value());
    return lines.join(QStringLiteral("; "));
}

} // namespace

class TestClientPayloadVectors : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void bytesAreTheVectors_data();
    void bytesAreTheVectors();
    void differsFromBaileysOnlyInTheNamedFields_data();
    void differsFromBaileysOnlyInTheNamedFields();
    void vectorsNameTheSameDifferences_data();
    void vectorsNameTheSameDifferences();
    void comparisonNamesWhatsmeowsChoices();
    void defaultsAreTheVectorsInputs();

private:
    void addPayloadRows();
    Result<QByteArray> ours(const QString &payload) const;
    QJsonObject vectorFor(const QString &payload) const;
    QJsonObject m_vectors;
    QJsonObject m_inputs;
    ClientIdentity m_identity;
    DeviceCredentials m_credentials;
};

void TestClientPayloadVectors::initTestCase() {
    m_vectors = balcao::testing::loadVectors("client-payload.json");
    m_inputs = m_vectors.value(QStringLiteral("inputs")).toObject();

    m_identity.webVersion.clear();
    for (const QJsonValue &part : m_inputs.value(QStringLiteral("version")).toArray())
        m_identity.webVersion.append(quint32(part.toDouble()));
    QCOMPARE(m_identity.webVersion.size(), 3);
    const QJsonArray browser = m_inputs.value(QStringLiteral("browser")).toArray();
    m_identity.deviceName = browser.at(0).toString();
    m_identity.locale = QStringLiteral("en"); // Baileys 7 always sends "en"
    m_identity.country = m_inputs.value(QStringLiteral("countryCode")).toString();

    const QJsonObject identityKey = m_inputs.value(QStringLiteral("identityKey")).toObject();
    const QJsonObject signedPreKey = m_inputs.value(QStringLiteral("signedPreKey")).toObject();
    m_credentials.registrationId = quint32(m_inputs.value(QStringLiteral("registrationId")).toDouble());
    m_credentials.identityKey.privateKey = hex(identityKey.value(QStringLiteral("priv")));
    m_credentials.identityKey.publicKey = hex(identityKey.value(QStringLiteral("pub")));
    m_credentials.signedPreKey.id = quint32(signedPreKey.value(QStringLiteral("id")).toDouble());
    m_credentials.signedPreKey.keyPair.privateKey = hex(signedPreKey.value(QStringLiteral("priv")));
    m_credentials.signedPreKey.keyPair.publicKey = hex(signedPreKey.value(QStringLiteral("pub")));
    m_credentials.signedPreKey.signature = hex(signedPreKey.value(QStringLiteral("signature")));
    m_credentials.ownJid = m_inputs.value(QStringLiteral("jid")).toString();
    QVERIFY(m_credentials.identityKey.isValid());
    QCOMPARE(m_credentials.signedPreKey.signature.size(), 64);
}

void TestClientPayloadVectors::addPayloadRows() {
    QTest::addColumn<QString>("payload");
    QTest::newRow("login") << QStringLiteral("login");
    QTest::newRow("registration") << QStringLiteral("registration");
}

Result<QByteArray> TestClientPayloadVectors::ours(const QString &payload) const {
    const ClientPayloadBuilder builder(m_identity);
    if (payload == QLatin1String("login"))
        return builder.login(m_credentials);
    return builder.registration(m_credentials);
}

QJsonObject TestClientPayloadVectors::vectorFor(const QString &payload) const {
    return m_vectors.value(payload).toObject();
}

void TestClientPayloadVectors::bytesAreTheVectors_data() {
    addPayloadRows();
}

void TestClientPayloadVectors::bytesAreTheVectors() {
    QFETCH(QString, payload);
    const auto bytes = ours(payload);
    QVERIFY2(bytes.has_value(), qPrintable(bytes ? QString() : bytes.error().message));
    QCOMPARE(bytes->toHex(), vectorFor(payload).value(QStringLiteral("balcao")).toString().toLatin1());
}

void TestClientPayloadVectors::differsFromBaileysOnlyInTheNamedFields_data() {
    addPayloadRows();
}

void TestClientPayloadVectors::differsFromBaileysOnlyInTheNamedFields() {
    QFETCH(QString, payload);
    const auto bytes = ours(payload);
    QVERIFY(bytes.has_value());
    wa::ClientPayload baileys, balcao;
    const QByteArray baileysBytes = hex(vectorFor(payload).value(QStringLiteral("baileys")));
    QVERIFY(baileys.ParseFromArray(baileysBytes.constData(), int(baileysBytes.size())));
    QVERIFY(balcao.ParseFromArray(bytes->constData(), int(bytes->size())));

    const FieldDifferences found = differences(baileys, balcao);
    const QStringList named = namedDifferences(payload);
    FieldDifferences unexpected;
    for (auto it = found.cbegin(); it != found.cend(); ++it) {
        if (!named.contains(it.key()))
            unexpected.insert(it.key(), it.value());
    }
    QVERIFY2(unexpected.isEmpty(),
        qPrintable(
            QStringLiteral("differs from Baileys 7 in fields not named on purpose: ") + listed(unexpected)));
    QStringList same;
    for (const QString &path : named) {
        if (!found.contains(path))
            same.append(path);
    }
    QVERIFY2(same.isEmpty(),
        qPrintable(QStringLiteral("named as differences but sent as Baileys 7 does: ")
            + same.join(QStringLiteral(", "))));
}

void TestClientPayloadVectors::vectorsNameTheSameDifferences_data() {
    addPayloadRows();
}

// The generator's list and ours are one list, and the vector's Balcão bytes differ from Baileys' exactly
// there.
void TestClientPayloadVectors::vectorsNameTheSameDifferences() {
    QFETCH(QString, payload);
    QStringList inVectors;
    for (const QJsonValue &difference : vectorFor(payload).value(QStringLiteral("differences")).toArray())
        inVectors.append(difference.toObject().value(QStringLiteral("path")).toString());
    inVectors.sort();
    QStringList named = namedDifferences(payload);
    named.sort();
    QCOMPARE(inVectors, named);

    wa::ClientPayload baileys, balcao;
    const QByteArray baileysBytes = hex(vectorFor(payload).value(QStringLiteral("baileys")));
    const QByteArray balcaoBytes = hex(vectorFor(payload).value(QStringLiteral("balcao")));
    QVERIFY(baileys.ParseFromArray(baileysBytes.constData(), int(baileysBytes.size())));
    QVERIFY(balcao.ParseFromArray(balcaoBytes.constData(), int(balcaoBytes.size())));
    QCOMPARE(differences(baileys, balcao).keys(), named);
}

// The values whatsmeow sends where Balcão follows Baileys 7 (docs/protocol.md §3.5) show up under their own
// names, including a value equal to the field's default and a field our .proto does not declare: taking one
// over by accident fails differsFromBaileysOnlyInTheNamedFields with that name.
void TestClientPayloadVectors::comparisonNamesWhatsmeowsChoices() {
    wa::ClientPayload login;
    const QByteArray loginBytes = hex(vectorFor(QStringLiteral("login")).value(QStringLiteral("baileys")));
    QVERIFY(login.ParseFromArray(loginBytes.constData(), int(loginBytes.size())));
    QVERIFY(differences(login, login).isEmpty());
    wa::ClientPayload whatsmeowLogin = login;
    whatsmeowLogin.set_lid_db_migrated(true);
    whatsmeowLogin.set_lc(1);
    whatsmeowLogin.mutable_user_agent()->set_manufacturer("");
    const FieldDifferences loginFound = differences(login, whatsmeowLogin);
    QCOMPARE(loginFound.keys(),
        QStringList({QStringLiteral("lc"), QStringLiteral("lidDbMigrated"),
            QStringLiteral("userAgent.manufacturer")}));
    QCOMPARE(loginFound.value(QStringLiteral("userAgent.manufacturer")),
        QStringLiteral("expected absent, got \"\""));

    wa::ClientPayload registration;
    const QByteArray registrationBytes
        = hex(vectorFor(QStringLiteral("registration")).value(QStringLiteral("baileys")));
    QVERIFY(registration.ParseFromArray(registrationBytes.constData(), int(registrationBytes.size())));
    wa::DeviceProps props;
    QVERIFY(props.ParseFromString(registration.device_pairing_data().device_props()));
    props.set_platform_type(wa::DeviceProps::UNKNOWN);
    auto *history = props.mutable_history_sync_config();
    history->set_support_call_log_history(true);
    history->set_support_group_history(true);
    history->mutable_unknown_fields()->AddVarint(19, 60); // thumbnailSyncDaysLimit
    wa::ClientPayload whatsmeowRegistration = registration;
    whatsmeowRegistration.mutable_device_pairing_data()->set_device_props(props.SerializeAsString());
    const QString prefix = QStringLiteral("devicePairingData.deviceProps.");
    QStringList expected {prefix + QStringLiteral("platformType"),
        prefix + QStringLiteral("historySyncConfig.supportCallLogHistory"),
        prefix + QStringLiteral("historySyncConfig.supportGroupHistory"),
        prefix + QStringLiteral("historySyncConfig.#19")};
    expected.sort();
    QCOMPARE(differences(registration, whatsmeowRegistration).keys(), expected);
}

// With nothing set, Balcão's identity is the vectors' inputs, so what it ships is what was compared above;
// the inputs Balcão has no setting for are fixed to its behaviour.
void TestClientPayloadVectors::defaultsAreTheVectorsInputs() {
    const ClientIdentity shipped;
    QVERIFY2(shipped.webVersion == m_identity.webVersion,
        "kShippedWebVersion changed: set VERSION in tests/emulator/scripts/vectors/client-payload.js "
        "to it and run npm run vectors in tests/emulator");
    QCOMPARE(shipped.deviceName, m_identity.deviceName);
    QCOMPARE(shipped.locale, m_identity.locale);
    QCOMPARE(shipped.country, m_identity.country);
    const QJsonArray browser = m_inputs.value(QStringLiteral("browser")).toArray();
    QCOMPARE(browser.at(1).toString(), QStringLiteral("Desktop")); // DeviceProps.platformType DESKTOP
    QCOMPARE(m_inputs.value(QStringLiteral("syncFullHistory")).toBool(true), false); // requireFullSync false
}

QTEST_GUILESS_MAIN(TestClientPayloadVectors)
#include "tst_client_payload_vectors.moc"
