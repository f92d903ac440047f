#pragma once

#include <QByteArray>
#include <QString>
#include <errors.h>

namespace balcao::models {

// The 32-byte key sealing a profile's private keys at rest (docs/architecture.md "Storage"). It lives in the
// OS keychain (QtKeychain) where there is one, otherwise in an owner-only file beside the database.
// A key is created only for a profile that has nothing sealed yet: a lost or wrong key is an Error, never
// a silent new identity over the old data.
class SealingKey {
public:
    enum class Backend { Auto, Keychain, File };
    static constexpr qsizetype kSize = 32;

    // Auto uses the keychain when a desktop session offers one, else the file. The environment variable
    // BALCAO_KEY_BACKEND=file|keychain overrides Auto (servers, tests).
    static Result<QByteArray> obtain(const QString &dataDir, bool mayCreate, Backend backend = Backend::Auto);

    static QString keyFilePath(const QString &dataDir);

private:
    static Result<QByteArray> fromFile(const QString &path, bool mayCreate);
    static Result<QByteArray> fromKeychain(const QString &dataDir, bool mayCreate);
};

} // namespace balcao::models
