// CertChainVerifier: the emulator's chain from noise-handshake.json is accepted under its root at its
// "now"; chains rebuilt from the same keys with one thing wrong are refused, each with a message naming
// the check that failed.
#include "noise_vector.h"

#include <QTest>
#include <proto/cert_chain.pb.h>
#include <transport/cert_chain_verifier.h>

using namespace balcao;
using balcao::test::NoiseVector;

namespace {

using Details = wa::CertChain::NoiseCertificate::Details;

// One certificate as the emulator issued it, editable before it is (re)built.
struct Cert {
    Details details;
    QByteArray signerKey; // private key that signs the details
    std::optional<QByteArray> signature; // set to override the real signature
    std::optional<std::string> rawDetails; // set to override the serialized details
};

Cert fromVector(const NoiseVector &v, const QString &which, const QByteArray &signerKey) {
    Cert c;
    c.details.set_serial(v.value("certChain." + which + ".serial").toInt());
    c.details.set_issuer_serial(v.value("certChain." + which + ".issuerSerial").toInt());
    const QByteArray key = v.bytes("certChain." + which + ".key");
    c.details.set_key(key.toStdString());
    c.details.set_not_before(v.value("certChain." + which + ".notBefore").toInteger());
    c.details.set_not_after(v.value("certChain." + which + ".notAfter").toInteger());
    c.signerKey = signerKey;
    return c;
}

wa::CertChain::NoiseCertificate build(const Cert &c) {
    wa::CertChain::NoiseCertificate out;
    const std::string details = c.rawDetails.value_or(c.details.SerializeAsString());
    out.set_details(details);
    const QByteArray signature = c.signature.value_or(
        crypto::xeddsaSign(c.signerKey, QByteArrayView(details.data(), qsizetype(details.size())))
            .value_or(QByteArray()));
    out.set_signature(signature.toStdString());
    return out;
}

struct ChainEdit {
    std::function<void(Cert &intermediate, Cert &leaf)> edit;
    bool dropIntermediate = false;
    bool dropLeaf = false;
};

QByteArray buildChain(const NoiseVector &v, const ChainEdit &change) {
    Cert intermediate = fromVector(v, "intermediate", v.bytes("keys.root.priv"));
    Cert leaf = fromVector(v, "leaf", v.bytes("keys.intermediate.priv"));
    if (change.edit)
        change.edit(intermediate, leaf);
    wa::CertChain chain;
    if (!change.dropIntermediate)
        *chain.mutable_intermediate() = build(intermediate);
    if (!change.dropLeaf)
        *chain.mutable_leaf() = build(leaf);
    return QByteArray::fromStdString(chain.SerializeAsString());
}

} // namespace

class TestCertChainVerifier : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void acceptsTheEmulatorsChain();
    void acceptsARebuiltChain();
    void refusesChain_data();
    void refusesChain();
    void parsesRootKeyFromHex_data();
    void parsesRootKeyFromHex();

private:
    NoiseVector m_vector;
};

void TestCertChainVerifier::initTestCase() {
    m_vector = NoiseVector::load();
    QVERIFY2(m_vector.isValid(), "tests/emulator/vectors/noise-handshake.json is missing");
}

void TestCertChainVerifier::acceptsTheEmulatorsChain() {
    const CertChainVerifier verifier(m_vector.bytes("keys.root.pub"));
    const auto verdict = verifier.verify(
        m_vector.bytes("certChain.bytes"), m_vector.bytes("keys.serverStatic.pub"), m_vector.now());
    QVERIFY2(verdict, qPrintable(verdict ? QString() : verdict.error().message));
}

// The rows below edit a rebuilt chain; this proves the rebuilding itself is faithful.
void TestCertChainVerifier::acceptsARebuiltChain() {
    const CertChainVerifier verifier(m_vector.bytes("keys.root.pub"));
    const auto verdict
        = verifier.verify(buildChain(m_vector, {}), m_vector.bytes("keys.serverStatic.pub"), m_vector.now());
    QVERIFY2(verdict, qPrintable(verdict ? QString() : verdict.error().message));
}

void TestCertChainVerifier::refusesChain_data() {
    QTest::addColumn<QByteArray>("rootKey");
    QTest::addColumn<QByteArray>("chain");
    QTest::addColumn<QByteArray>("serverStatic");
    QTest::addColumn<qint64>("now");
    QTest::addColumn<QString>("messagePart");

    const NoiseVector v = NoiseVector::load();
    const QByteArray root = v.bytes("keys.root.pub");
    const QByteArray chain = v.bytes("certChain.bytes");
    const QByteArray serverStatic = v.bytes("keys.serverStatic.pub");
    const qint64 now = v.now();
    const QByteArray otherKey = v.bytes("keys.serverEphemeral.pub");
    const QByteArray otherPrivate = v.bytes("keys.serverEphemeral.priv");

    QTest::newRow("WhatsApp's root (the default)")
        << CertChainVerifier::whatsAppRootKey() << chain << serverStatic << now
        << "intermediate certificate is not signed by the trusted root";
    QTest::newRow("another root") << otherKey << chain << serverStatic << now
                                  << "not signed by the trusted root";
    QTest::newRow("root key of 31 bytes")
        << root.left(31) << chain << serverStatic << now << "root key is 31 bytes";
    QTest::newRow("leaf key is not the static key")
        << root << chain << otherKey << now << "leaf certificate's key is not the server's static key";
    QTest::newRow("static key missing")
        << root << chain << QByteArray() << now << "not the server's static key";
    QTest::newRow("leaf for another key, properly signed")
        << root << buildChain(v, {[&](Cert &, Cert &leaf) { leaf.details.set_key(otherKey.toStdString()); }})
        << serverStatic << now << "not the server's static key";
    QTest::newRow("leaf expired") << root << chain << serverStatic
                                  << v.value("certChain.leaf.notAfter").toInteger() + 1
                                  << "leaf certificate expired";
    QTest::newRow("leaf not yet valid")
        << root << chain << serverStatic << v.value("certChain.leaf.notBefore").toInteger() - 1
        << "leaf certificate is not valid before";
    QTest::newRow("intermediate expired")
        << root << chain << serverStatic << v.value("certChain.intermediate.notAfter").toInteger() + 1
        << "intermediate certificate expired";
    QTest::newRow("intermediate not yet valid")
        << root
        << buildChain(v, {[&](Cert &intermediate, Cert &) { intermediate.details.set_not_before(now + 60); }})
        << serverStatic << now << "intermediate certificate is not valid before";
    QTest::newRow("no validity period")
        << root << buildChain(v, {[](Cert &, Cert &leaf) { leaf.details.clear_not_after(); }}) << serverStatic
        << now << "leaf certificate has no validity period";
    QTest::newRow("intermediate issuer serial is not the root's")
        << root
        << buildChain(v, {[](Cert &intermediate, Cert &) { intermediate.details.set_issuer_serial(5); }})
        << serverStatic << now << "intermediate certificate names issuer serial 5";
    QTest::newRow("leaf issuer serial is not the intermediate's")
        << root << buildChain(v, {[](Cert &, Cert &leaf) { leaf.details.set_issuer_serial(7); }})
        << serverStatic << now
        << "leaf certificate names issuer serial 7, but the intermediate's serial is 1";
    QTest::newRow("leaf signed by the root")
        << root << buildChain(v, {[&](Cert &, Cert &leaf) { leaf.signerKey = v.bytes("keys.root.priv"); }})
        << serverStatic << now << "leaf certificate is not signed by the intermediate key";
    QTest::newRow("intermediate signed by another key")
        << root << buildChain(v, {[&](Cert &intermediate, Cert &) { intermediate.signerKey = otherPrivate; }})
        << serverStatic << now << "intermediate certificate is not signed by the trusted root";
    QTest::newRow("leaf signature damaged") << root << buildChain(v, {[&](Cert &, Cert &leaf) {
        QByteArray s = v.bytes("certChain.leaf.signature");
        s[10] = char(s[10] ^ 0x04);
        leaf.signature = s;
    }}) << serverStatic << now << "leaf certificate is not signed by the intermediate key";
    QTest::newRow("leaf signature of 63 bytes") << root << buildChain(v, {[&](Cert &, Cert &leaf) {
        leaf.signature = v.bytes("certChain.leaf.signature").left(63);
    }}) << serverStatic << now << "leaf signature is 63 bytes long";
    QTest::newRow("Baileys 6.17.16's minimal chain (zero signatures)")
        << root << buildChain(v, {[](Cert &intermediate, Cert &leaf) {
               intermediate.signature = QByteArray(64, '\0');
               leaf.signature = QByteArray(64, '\0');
           }})
        << serverStatic << now << "intermediate certificate is not signed by the trusted root";
    QTest::newRow("intermediate key of 31 bytes") << root << buildChain(v, {[](Cert &intermediate, Cert &) {
        intermediate.details.set_key(intermediate.details.key().substr(1));
    }}) << serverStatic << now << "intermediate key is 31 bytes long";
    QTest::newRow("signed garbage details") << root << buildChain(v, {[](Cert &intermediate, Cert &) {
        intermediate.rawDetails = std::string("\x0f\x00", 2);
    }}) << serverStatic << now << "intermediate certificate's details are not a valid protobuf";
    QTest::newRow("no intermediate") << root << buildChain(v, {{}, true, false}) << serverStatic << now
                                     << "intermediate certificate is missing";
    QTest::newRow("no leaf") << root << buildChain(v, {{}, false, true}) << serverStatic << now
                             << "leaf certificate is missing";
    QTest::newRow("empty chain") << root << QByteArray() << serverStatic << now
                                 << "intermediate certificate is missing";
    QTest::newRow("garbage chain") << root << QByteArray("\x0a\x80", 2) << serverStatic << now
                                   << "not a valid CertChain protobuf";
    QTest::newRow("truncated chain") << root << chain.chopped(1) << serverStatic << now
                                     << "not a valid CertChain protobuf";
}

void TestCertChainVerifier::refusesChain() {
    QFETCH(QByteArray, rootKey);
    QFETCH(QByteArray, chain);
    QFETCH(QByteArray, serverStatic);
    QFETCH(qint64, now);
    QFETCH(QString, messagePart);

    const auto verdict = CertChainVerifier(rootKey).verify(chain, serverStatic, now);
    QVERIFY(!verdict);
    QCOMPARE(verdict.error().code, QString::fromLatin1(errc::kServerUntrusted));
    QVERIFY2(verdict.error().message.contains(messagePart), qPrintable(verdict.error().message));
}

void TestCertChainVerifier::parsesRootKeyFromHex_data() {
    QTest::addColumn<QString>("hex");
    QTest::addColumn<bool>("valid");
    const QString root = QString::fromLatin1(NoiseVector::load().bytes("keys.root.pub").toHex());
    QTest::newRow("lower case") << root << true;
    QTest::newRow("upper case, spaces around") << "  " + root.toUpper() + "\n" << true;
    QTest::newRow("31 bytes") << root.left(62) << false;
    QTest::newRow("33 bytes") << root + "00" << false;
    QTest::newRow("not hex") << QString(root).replace(0, 1, "g") << false;
    QTest::newRow("empty") << QString() << false;
}

void TestCertChainVerifier::parsesRootKeyFromHex() {
    QFETCH(QString, hex);
    QFETCH(bool, valid);
    const auto verifier = CertChainVerifier::fromHex(hex);
    QCOMPARE(bool(verifier), valid);
    if (valid) {
        // The parsed key is the one that signed the vector's chain.
        QVERIFY(verifier->verify(
            m_vector.bytes("certChain.bytes"), m_vector.bytes("keys.serverStatic.pub"), m_vector.now()));
    } else {
        QCOMPARE(verifier.error().code, QString::fromLatin1(errc::kInvalidArgument));
    }
}

QTEST_GUILESS_MAIN(TestCertChainVerifier)
#include "tst_cert_chain_verifier.moc"
