#pragma once

#include "errors.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <memory>
#include <optional>

namespace balcao::crypto {
class AesCbcStream;
class Sha256Stream;
} // namespace balcao::crypto

// WhatsApp's media encryption (docs/protocol.md §13): a random 32-byte media key expands (HKDF-SHA256, an
// info string per class of file) into an IV, an AES-256-CBC key and a MAC key; the host stores
// AES-CBC(file) followed by the first 10 bytes of HMAC-SHA256(iv ‖ ciphertext). Both directions stream, so a
// file never has to sit whole in memory.
namespace balcao {

class MediaMac;

// The classes of file the key expansion and the upload path tell apart.
enum class MediaClass { Image, Video, Audio, Document, Sticker, History, AppState };

inline constexpr qsizetype kMediaKeySize = 32;
inline constexpr qsizetype kMediaMacSize = 10;

// "WhatsApp Image Keys", … (stickers use the image keys; voice notes the audio ones).
QByteArray mediaKeyInfo(MediaClass mediaClass);
// The host's upload path: "/mms/image", … ("/mms/md-msg-hist" for history, "/mms/md-app-state").
QString mediaUploadPath(MediaClass mediaClass);

struct MediaKeys {
    QByteArray iv; // 16
    QByteArray cipherKey; // 32
    QByteArray macKey; // 32
};
// invalid-argument for a media key that is not 32 bytes.
Result<MediaKeys> expandMediaKey(QByteArrayView mediaKey, MediaClass mediaClass);

// What the message carries about the file, filled in by encryption and checked by decryption.
struct MediaDigest {
    QByteArray fileSha256; // of the plain file
    QByteArray fileEncSha256; // of what the host stores (ciphertext ‖ MAC)
    quint64 fileLength = 0; // of the plain file
    bool operator==(const MediaDigest &) const = default;
};

// Encrypts a file fed in pieces: update() returns the ciphertext it completes, finish() the rest and the MAC.
class MediaEncryptor {
public:
    static Result<std::unique_ptr<MediaEncryptor>> create(QByteArrayView mediaKey, MediaClass mediaClass);
    ~MediaEncryptor();

    Result<QByteArray> update(QByteArrayView plain);
    Result<QByteArray> finish();
    // Complete after finish().
    const MediaDigest &digest() const { return m_digest; }

private:
    MediaEncryptor() = default;
    Result<void> account(QByteArrayView cipher);

    std::unique_ptr<crypto::AesCbcStream> m_cipher;
    std::unique_ptr<MediaMac> m_mac;
    std::unique_ptr<crypto::Sha256Stream> m_plainHash;
    std::unique_ptr<crypto::Sha256Stream> m_encHash;
    MediaDigest m_digest;
};

// Decrypts what the host stores, fed in pieces. The last 10 bytes are held back as the MAC; finish()
// checks it and both hashes (when the message gave them) and fails with media-damaged if any differs. The
// plaintext handed out before finish() must not be shown until finish() succeeds.
class MediaDecryptor {
public:
    static Result<std::unique_ptr<MediaDecryptor>> create(
        QByteArrayView mediaKey, MediaClass mediaClass, MediaDigest expected);
    ~MediaDecryptor();

    Result<QByteArray> update(QByteArrayView encrypted);
    Result<QByteArray> finish();
    quint64 bytesIn() const { return m_bytesIn; }

private:
    MediaDecryptor() = default;

    std::unique_ptr<crypto::AesCbcStream> m_cipher;
    std::unique_ptr<MediaMac> m_mac;
    std::unique_ptr<crypto::Sha256Stream> m_plainHash;
    std::unique_ptr<crypto::Sha256Stream> m_encHash;
    MediaDigest m_expected;
    QByteArray m_tail; // the last bytes seen: the MAC, once everything has arrived
    quint64 m_bytesIn = 0;
    quint64 m_plainLength = 0;
};

// Whole buffers, for small blobs (thumbnails, history chunks) and tests.
struct EncryptedMedia {
    QByteArray body; // ciphertext ‖ MAC, as uploaded
    MediaDigest digest;
};
Result<EncryptedMedia> encryptMedia(QByteArrayView plain, QByteArrayView mediaKey, MediaClass mediaClass);
Result<QByteArray> decryptMedia(
    QByteArrayView body, QByteArrayView mediaKey, MediaClass mediaClass, const MediaDigest &expected);

} // namespace balcao
