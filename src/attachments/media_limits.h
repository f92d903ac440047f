#pragma once

#include <QtGlobal>

// WhatsApp's own limits for what is sent, as its apps enforce them (2026): beyond them the recipient's phone
// refuses or the host does not take the file, so Balcão says so before uploading anything.
namespace balcao::media_limits {

inline constexpr qint64 kMiB = 1024 * 1024;
inline constexpr qint64 kImageBytes = 16 * kMiB; // a photo before our scaling
inline constexpr qint64 kAudioBytes = 16 * kMiB;
inline constexpr qint64 kVideoBytes = 100 * kMiB;
inline constexpr qint64 kStickerBytes = 1 * kMiB;
inline constexpr qint64 kDocumentBytes = 2048 * kMiB; // 2 GiB
// The long side of a photo as WhatsApp sends it (standard quality), and of its inline thumbnail.
inline constexpr int kPhotoLongSide = 1600;
inline constexpr int kThumbnailLongSide = 100;
// Pictures whose header claims more than this are not decoded: a hostile file cannot make us allocate
// gigabytes (16384 × 16384 at 4 bytes a pixel is 1 GiB already).
inline constexpr qint64 kMaxDecodedPixels = 64LL * 1000 * 1000;

} // namespace balcao::media_limits
