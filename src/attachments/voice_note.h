#pragma once

#include "errors.h"

#include <QByteArray>
#include <QString>
#include <memory>

struct OggOpusEnc;

// Voice notes as WhatsApp records and plays them: OGG/Opus, 48 kHz, mono. Written from microphone PCM with
// libopusenc as it is recorded (nothing is kept in memory but the encoder's state), and decoded to PCM with
// libopusfile for playing (here, not by the platform's media framework, so that tests can hear it).
namespace balcao::voice_note {

inline constexpr int kSampleRate = 48000;
inline constexpr int kChannels = 1; // what WhatsApp records

// PCM as recorded and played: signed 16-bit little-endian, kSampleRate, `channels` interleaved.
struct Pcm {
    QByteArray samples;
    int channels = kChannels;
    double seconds() const { return double(samples.size()) / (2.0 * channels * kSampleRate); }
};

// Decodes a whole OGG/Opus file (a voice note is minutes at most: a minute is 5.6 MiB of PCM).
// invalid-argument for a file that is not one, or that would decode to more than an hour.
Result<Pcm> decode(const QString &path);

// Encodes mono 48 kHz PCM into an OGG/Opus file as it comes.
class Writer {
public:
    // storage-failed when the file cannot be created.
    static Result<std::unique_ptr<Writer>> create(const QString &path);
    ~Writer();
    Writer(const Writer &) = delete;
    Writer &operator=(const Writer &) = delete;

    // Whole 16-bit samples; a trailing odd byte is kept for the next call.
    Result<void> write(QByteArrayView pcm);
    // Flushes the last pages and closes the file. The writer is done afterwards.
    Result<void> finish();
    double seconds() const { return double(m_samples) / kSampleRate; }

private:
    explicit Writer(OggOpusEnc *encoder);
    OggOpusEnc *m_encoder;
    QByteArray m_odd;
    qint64 m_samples = 0;
};

} // namespace balcao::voice_note
