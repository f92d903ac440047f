#include "media_cipher.h"

#include "crypto/cipher_stream.h"
#include "crypto/crypto.h"

namespace balcao {

// HMAC-SHA256 (RFC 2104) over OpenSSL's SHA-256, which uses the CPU's SHA instructions: media files are
// megabytes, where libsodium's portable HMAC (fine for Signal's small messages) is several times slower.
class MediaMac {
public:
    static Result<std::unique_ptr<MediaMac>> create(QByteArrayView key) {
        constexpr qsizetype kBlock = 64;
        QByteArray padded = key.size() > kBlock ? crypto::sha256(key) : key.toByteArray();
        padded.resize(kBlock, '\0');
        std::unique_ptr<MediaMac> mac(new MediaMac());
        QByteArray inner(kBlock, Qt::Uninitialized);
        mac->m_outerKey.resize(kBlock);
        for (qsizetype i = 0; i < kBlock; ++i) {
            inner[i] = char(padded[i] ^ 0x36);
            mac->m_outerKey[i] = char(padded[i] ^ 0x5c);
        }
        auto stream = crypto::Sha256Stream::create();
        if (!stream)
            return stream.error();
        mac->m_inner = std::move(*stream);
        if (auto r = mac->m_inner->update(inner); !r)
            return r.error();
        return mac;
    }
    Result<void> update(QByteArrayView data) { return m_inner->update(data); }
    Result<QByteArray> finish() {
        const auto inner = m_inner->finish();
        if (!inner)
            return inner.error();
        return crypto::sha256(m_outerKey + *inner);
    }

private:
    MediaMac() = default;
    std::unique_ptr<crypto::Sha256Stream> m_inner;
    QByteArray m_outerKey;
};

namespace {

Error damaged(const QString &what) {
    return makeError(errc::kMediaDamaged,
        QStringLiteral("The downloaded file is damaged (%1); it was not kept. Downloading it again may help.")
            .arg(what));
}

template<typename T> Result<void> into(std::unique_ptr<T> &slot, Result<std::unique_ptr<T>> made) {
    if (!made)
        return made.error();
    slot = std::move(*made);
    return {};
}

} // namespace

QByteArray mediaKeyInfo(MediaClass mediaClass) {
    switch (mediaClass) {
    case MediaClass::Image:
    case MediaClass::Sticker:
        return QByteArrayLiteral("WhatsApp Image Keys");
    case MediaClass::Video:
        return QByteArrayLiteral("WhatsApp Video Keys");
    case MediaClass::Audio:
        return QByteArrayLiteral("WhatsApp Audio Keys");
    case MediaClass::Document:
        return QByteArrayLiteral("WhatsApp Document Keys");
    case MediaClass::History:
        return QByteArrayLiteral("WhatsApp History Keys");
    case MediaClass::AppState:
        return QByteArrayLiteral("WhatsApp App State Keys");
    }
    return {};
}

QString mediaUploadPath(MediaClass mediaClass) {
    switch (mediaClass) {
    case MediaClass::Image:
    case MediaClass::Sticker:
        return QStringLiteral("/mms/image");
    case MediaClass::Video:
        return QStringLiteral("/mms/video");
    case MediaClass::Audio:
        return QStringLiteral("/mms/audio");
    case MediaClass::Document:
        return QStringLiteral("/mms/document");
    case MediaClass::History:
        return QStringLiteral("/mms/md-msg-hist");
    case MediaClass::AppState:
        return QStringLiteral("/mms/md-app-state");
    }
    return {};
}

Result<MediaKeys> expandMediaKey(QByteArrayView mediaKey, MediaClass mediaClass) {
    if (mediaKey.size() != kMediaKeySize) {
        return makeError(
            errc::kInvalidArgument, QStringLiteral("A media key has 32 bytes, not %1.").arg(mediaKey.size()));
    }
    const auto expanded = crypto::hkdfSha256(mediaKey, {}, mediaKeyInfo(mediaClass), 112);
    if (!expanded)
        return expanded.error();
    // The last 32 bytes (the "ref key") are not used by any client we know of.
    return MediaKeys {expanded->left(16), expanded->mid(16, 32), expanded->mid(48, 32)};
}

MediaEncryptor::~MediaEncryptor() = default;

Result<std::unique_ptr<MediaEncryptor>> MediaEncryptor::create(
    QByteArrayView mediaKey, MediaClass mediaClass) {
    const auto keys = expandMediaKey(mediaKey, mediaClass);
    if (!keys)
        return keys.error();
    std::unique_ptr<MediaEncryptor> e(new MediaEncryptor());
    for (auto step : {into(e->m_cipher,
                          crypto::AesCbcStream::create(
                              crypto::AesCbcStream::Direction::Encrypt, keys->cipherKey, keys->iv)),
             into(e->m_mac, MediaMac::create(keys->macKey)),
             into(e->m_plainHash, crypto::Sha256Stream::create()),
             into(e->m_encHash, crypto::Sha256Stream::create())}) {
        if (!step)
            return step.error();
    }
    if (auto r = e->m_mac->update(keys->iv); !r)
        return r.error();
    return e;
}

Result<void> MediaEncryptor::account(QByteArrayView cipher) {
    if (auto r = m_mac->update(cipher); !r)
        return r;
    return m_encHash->update(cipher);
}

Result<QByteArray> MediaEncryptor::update(QByteArrayView plain) {
    if (auto r = m_plainHash->update(plain); !r)
        return r.error();
    m_digest.fileLength += quint64(plain.size());
    auto cipher = m_cipher->update(plain);
    if (!cipher)
        return cipher.error();
    if (auto r = account(*cipher); !r)
        return r.error();
    return cipher;
}

Result<QByteArray> MediaEncryptor::finish() {
    auto last = m_cipher->finish();
    if (!last)
        return last.error();
    if (auto r = account(*last); !r)
        return r.error();
    const auto mac = m_mac->finish();
    if (!mac)
        return mac.error();
    const QByteArray truncated = mac->left(kMediaMacSize);
    if (auto r = m_encHash->update(truncated); !r)
        return r.error();
    const auto plainHash = m_plainHash->finish();
    const auto encHash = m_encHash->finish();
    if (!plainHash)
        return plainHash.error();
    if (!encHash)
        return encHash.error();
    m_digest.fileSha256 = *plainHash;
    m_digest.fileEncSha256 = *encHash;
    return *last + truncated;
}

MediaDecryptor::~MediaDecryptor() = default;

Result<std::unique_ptr<MediaDecryptor>> MediaDecryptor::create(
    QByteArrayView mediaKey, MediaClass mediaClass, MediaDigest expected) {
    const auto keys = expandMediaKey(mediaKey, mediaClass);
    if (!keys)
        return keys.error();
    std::unique_ptr<MediaDecryptor> d(new MediaDecryptor());
    d->m_expected = std::move(expected);
    for (auto step : {into(d->m_cipher,
                          crypto::AesCbcStream::create(
                              crypto::AesCbcStream::Direction::Decrypt, keys->cipherKey, keys->iv)),
             into(d->m_mac, MediaMac::create(keys->macKey)),
             into(d->m_plainHash, crypto::Sha256Stream::create()),
             into(d->m_encHash, crypto::Sha256Stream::create())}) {
        if (!step)
            return step.error();
    }
    if (auto r = d->m_mac->update(keys->iv); !r)
        return r.error();
    return d;
}

Result<QByteArray> MediaDecryptor::update(QByteArrayView encrypted) {
    m_bytesIn += quint64(encrypted.size());
    if (auto r = m_encHash->update(encrypted); !r)
        return r.error();
    // Everything but the newest kMediaMacSize bytes is ciphertext.
    QByteArray pending = m_tail + encrypted.toByteArray();
    const qsizetype ready = std::max<qsizetype>(0, pending.size() - kMediaMacSize);
    m_tail = pending.mid(ready);
    const QByteArrayView cipher(pending.constData(), ready);
    if (auto r = m_mac->update(cipher); !r)
        return r.error();
    auto plain = m_cipher->update(cipher);
    if (!plain)
        return plain.error();
    if (auto r = m_plainHash->update(*plain); !r)
        return r.error();
    m_plainLength += quint64(plain->size());
    return plain;
}

Result<QByteArray> MediaDecryptor::finish() {
    if (m_bytesIn < quint64(kMediaMacSize + 16) || (m_bytesIn - kMediaMacSize) % 16 != 0)
        return damaged(QStringLiteral("%1 bytes is not an encrypted file's length").arg(m_bytesIn));
    const auto mac = m_mac->finish();
    if (!mac)
        return mac.error();
    if (mac->left(kMediaMacSize) != m_tail)
        return damaged(QStringLiteral("its MAC does not match"));
    const auto encHash = m_encHash->finish();
    if (!encHash)
        return encHash.error();
    if (!m_expected.fileEncSha256.isEmpty() && *encHash != m_expected.fileEncSha256)
        return damaged(QStringLiteral("its encrypted hash differs from the message's"));
    auto last = m_cipher->finish();
    if (!last)
        return damaged(QStringLiteral("its padding is wrong"));
    if (auto r = m_plainHash->update(*last); !r)
        return r.error();
    m_plainLength += quint64(last->size());
    const auto plainHash = m_plainHash->finish();
    if (!plainHash)
        return plainHash.error();
    if (!m_expected.fileSha256.isEmpty() && *plainHash != m_expected.fileSha256)
        return damaged(QStringLiteral("its hash differs from the message's"));
    if (m_expected.fileLength != 0 && m_plainLength != m_expected.fileLength) {
        return damaged(
            QStringLiteral("%1 bytes, the message said %2").arg(m_plainLength).arg(m_expected.fileLength));
    }
    return last;
}

Result<EncryptedMedia> encryptMedia(QByteArrayView plain, QByteArrayView mediaKey, MediaClass mediaClass) {
    auto encryptor = MediaEncryptor::create(mediaKey, mediaClass);
    if (!encryptor)
        return encryptor.error();
    auto body = (*encryptor)->update(plain);
    if (!body)
        return body.error();
    auto tail = (*encryptor)->finish();
    if (!tail)
        return tail.error();
    return EncryptedMedia {*body + *tail, (*encryptor)->digest()};
}

Result<QByteArray> decryptMedia(
    QByteArrayView body, QByteArrayView mediaKey, MediaClass mediaClass, const MediaDigest &expected) {
    auto decryptor = MediaDecryptor::create(mediaKey, mediaClass, expected);
    if (!decryptor)
        return decryptor.error();
    auto plain = (*decryptor)->update(body);
    if (!plain)
        return plain.error();
    auto tail = (*decryptor)->finish();
    if (!tail)
        return tail.error();
    return *plain + *tail;
}

} // namespace balcao
