#include "sealing_key.h"

#include <QCryptographicHash>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <crypto/crypto.h>
#include <qt6keychain/keychain.h>

namespace balcao::models {

namespace {

const QString kKeychainService = QStringLiteral("Balcão");

bool keychainLikelyAvailable() {
#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
    // The Secret Service lives on the session bus; without one QtKeychain would wait for a D-Bus timeout.
    return !qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS");
#else
    return true;
#endif
}

Error unavailable(const QString &message) {
    return makeError(errc::kKeyUnavailable, message);
}

} // namespace

QString SealingKey::keyFilePath(const QString &dataDir) {
    return QDir(dataDir).filePath(QStringLiteral("sealing.key"));
}

Result<QByteArray> SealingKey::obtain(const QString &dataDir, bool mayCreate, Backend backend) {
    if (backend == Backend::Auto) {
        const QByteArray forced = qgetenv("BALCAO_KEY_BACKEND");
        if (forced == "file")
            backend = Backend::File;
        else if (forced == "keychain")
            backend = Backend::Keychain;
    }
    const QString file = keyFilePath(dataDir);
    if (backend == Backend::File
        || (backend == Backend::Auto && (QFileInfo::exists(file) || !keychainLikelyAvailable())))
        return fromFile(file, mayCreate);
    auto fromChain = fromKeychain(dataDir, mayCreate);
    if (fromChain || backend == Backend::Keychain)
        return fromChain;
    // Auto and the keychain failed: fall back to the file only for a new profile, so an existing identity
    // never silently moves to a fresh key.
    if (!mayCreate)
        return fromChain.error();
    return fromFile(file, mayCreate);
}

Result<QByteArray> SealingKey::fromFile(const QString &path, bool mayCreate) {
    QFile file(path);
    if (file.exists()) {
        if (!file.open(QIODevice::ReadOnly))
            return unavailable(
                QStringLiteral("Cannot read the key file %1: %2.").arg(path, file.errorString()));
        const QByteArray key = QByteArray::fromHex(file.readAll().trimmed());
        if (key.size() != kSize)
            return unavailable(
                QStringLiteral("The key file %1 is damaged (it must hold %2 hex-encoded bytes).")
                    .arg(path)
                    .arg(kSize));
        return key;
    }
    if (!mayCreate) {
        return unavailable(
            QStringLiteral("The key file %1 that protects this profile's private keys is missing. "
                           "Restore it from a backup; Balcão will not replace the linked "
                           "numbers' identities with new ones.")
                .arg(path));
    }
    const QByteArray key = crypto::randomBytes(kSize);
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return unavailable(QStringLiteral("Cannot create the key file %1: %2.").arg(path, out.errorString()));
    // Owner-only before any key byte is written.
    out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    out.write(key.toHex() + '\n');
    if (!out.commit())
        return unavailable(QStringLiteral("Cannot write the key file %1: %2.").arg(path, out.errorString()));
    return key;
}

Result<QByteArray> SealingKey::fromKeychain(const QString &dataDir, bool mayCreate) {
    // One entry per profile folder, so two profiles on one machine keep separate keys.
    const QString account = QStringLiteral("profile-")
        + QString::fromLatin1(
            QCryptographicHash::hash(QDir(dataDir).absolutePath().toUtf8(), QCryptographicHash::Sha256)
                .toHex()
                .left(16));
    QKeychain::ReadPasswordJob read(kKeychainService);
    read.setAutoDelete(false);
    read.setKey(account);
    QEventLoop loop;
    QObject::connect(&read, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    read.start();
    loop.exec();
    if (read.error() == QKeychain::NoError) {
        const QByteArray key = read.binaryData();
        if (key.size() != kSize)
            return unavailable(QStringLiteral("The key in the system keychain for this profile is damaged."));
        return key;
    }
    if (read.error() != QKeychain::EntryNotFound)
        return unavailable(
            QStringLiteral("The system keychain could not be read: %1.").arg(read.errorString()));
    if (!mayCreate) {
        return unavailable(
            QStringLiteral("The key that protects this profile's private keys is not in the system "
                           "keychain. Balcão will not replace the linked numbers' identities with "
                           "new ones."));
    }
    const QByteArray key = crypto::randomBytes(kSize);
    QKeychain::WritePasswordJob write(kKeychainService);
    write.setAutoDelete(false);
    write.setKey(account);
    write.setBinaryData(key);
    QObject::connect(&write, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    write.start();
    loop.exec();
    if (write.error() != QKeychain::NoError)
        return unavailable(
            QStringLiteral("The system keychain refused the new key: %1.").arg(write.errorString()));
    return key;
}

} // namespace balcao::models
