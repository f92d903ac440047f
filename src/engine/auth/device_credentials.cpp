#include "device_credentials.h"

#include <QCborMap>
#include <QCborValue>
#include <QRandomGenerator>

namespace balcao {

namespace {

constexpr int kFormatVersion = 1;

// CBOR keys: small integers keep the encoding compact and stable across renames.
enum Key : int {
    Version = 0,
    NoisePrivate,
    IdentityPrivate,
    RegistrationId,
    SignedPreKeyId,
    SignedPreKeyPrivate,
    SignedPreKeySignature,
    AdvSecret,
    NextPreKeyId,
    OwnJid,
    OwnLid,
    Account,
    Platform,
    PushName,
};

Error malformed(const QString &what) {
    return makeError(
        errc::kStorageCorrupt, QStringLiteral("The stored device credentials are damaged: %1.").arg(what));
}

} // namespace

Result<DeviceCredentials> DeviceCredentials::generate() {
    DeviceCredentials c;
    c.noiseKey = crypto::generateKeyPair();
    c.identityKey = crypto::generateKeyPair();
    // WhatsApp carries registration ids in 14 bits; 0 is not a valid id in libsignal.
    c.registrationId = 1 + QRandomGenerator::system()->bounded(16380u);
    c.signedPreKey.id = 1;
    c.signedPreKey.keyPair = crypto::generateKeyPair();
    auto signature = crypto::xeddsaSign(
        c.identityKey.privateKey, QByteArray(1, '\x05') + c.signedPreKey.keyPair.publicKey);
    if (!signature)
        return signature.error();
    c.signedPreKey.signature = *signature;
    c.advSecret = crypto::randomBytes(32);
    if (!c.noiseKey.isValid() || !c.identityKey.isValid() || !c.signedPreKey.keyPair.isValid()
        || c.advSecret.size() != 32)
        return makeError(errc::kCryptoFailed, QStringLiteral("Could not generate the keys of a new device."));
    return c;
}

QByteArray DeviceCredentials::encode() const {
    QCborMap m;
    m.insert(Version, kFormatVersion);
    m.insert(NoisePrivate, noiseKey.privateKey);
    m.insert(IdentityPrivate, identityKey.privateKey);
    m.insert(RegistrationId, qint64(registrationId));
    m.insert(SignedPreKeyId, qint64(signedPreKey.id));
    m.insert(SignedPreKeyPrivate, signedPreKey.keyPair.privateKey);
    m.insert(SignedPreKeySignature, signedPreKey.signature);
    m.insert(AdvSecret, advSecret);
    m.insert(NextPreKeyId, qint64(nextPreKeyId));
    m.insert(OwnJid, ownJid);
    m.insert(OwnLid, ownLid);
    m.insert(Account, account);
    m.insert(Platform, platform);
    m.insert(PushName, pushName);
    return m.toCborValue().toCbor();
}

Result<DeviceCredentials> DeviceCredentials::decode(QByteArrayView bytes) {
    QCborParserError parseError;
    const QCborValue value = QCborValue::fromCbor(bytes.toByteArray(), &parseError);
    if (parseError.error != QCborError::NoError || !value.isMap())
        return malformed(QStringLiteral("not a CBOR map"));
    const QCborMap m = value.toMap();
    if (m.value(Version).toInteger(-1) != kFormatVersion)
        return malformed(QStringLiteral("unknown format version %1").arg(m.value(Version).toInteger(-1)));

    auto keyPair = [&](Key key, const char *what) -> Result<crypto::KeyPair> {
        const QByteArray priv = m.value(key).toByteArray();
        auto pair = crypto::keyPairFromPrivate(priv);
        if (!pair)
            return malformed(QString::fromLatin1(what));
        return pair;
    };
    auto id = [&](Key key, qint64 max) -> std::optional<quint32> {
        const qint64 v = m.value(key).toInteger(-1);
        if (v < 1 || v > max)
            return std::nullopt;
        return quint32(v);
    };

    DeviceCredentials c;
    auto noise = keyPair(NoisePrivate, "noise key");
    if (!noise)
        return noise.error();
    auto identity = keyPair(IdentityPrivate, "identity key");
    if (!identity)
        return identity.error();
    auto spk = keyPair(SignedPreKeyPrivate, "signed prekey");
    if (!spk)
        return spk.error();
    const auto registration = id(RegistrationId, 16380);
    const auto spkId = id(SignedPreKeyId, 0xFFFFFE);
    const auto nextId = id(NextPreKeyId, 0xFFFFFF);
    if (!registration || !spkId || !nextId)
        return malformed(QStringLiteral("an id is out of range"));
    c.noiseKey = *noise;
    c.identityKey = *identity;
    c.registrationId = *registration;
    c.signedPreKey = {*spkId, *spk, m.value(SignedPreKeySignature).toByteArray()};
    c.advSecret = m.value(AdvSecret).toByteArray();
    c.nextPreKeyId = *nextId;
    if (c.signedPreKey.signature.size() != 64 || c.advSecret.size() != 32)
        return malformed(QStringLiteral("a signature or secret has the wrong size"));
    c.ownJid = m.value(OwnJid).toString();
    c.ownLid = m.value(OwnLid).toString();
    c.account = m.value(Account).toByteArray();
    c.platform = m.value(Platform).toString();
    c.pushName = m.value(PushName).toString();
    return c;
}

} // namespace balcao
