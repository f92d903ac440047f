#include "voice_note.h"

#include <QFile>
#include <opusenc.h>
#include <opusfile.h>

namespace balcao::voice_note {

namespace {

constexpr qint64 kMaxSamples = qint64(kSampleRate) * 3600;
constexpr int kBitrate = 24000; // WhatsApp's voice notes are around 16–32 kb/s

struct OpusFileClose {
    void operator()(OggOpusFile *file) const { op_free(file); }
};

} // namespace

Result<Pcm> decode(const QString &path) {
    int error = 0;
    std::unique_ptr<OggOpusFile, OpusFileClose> file(
        op_open_file(QFile::encodeName(path).constData(), &error));
    if (!file)
        return makeError(
            errc::kInvalidArgument, QStringLiteral("Not an OGG/Opus voice note (%1).").arg(error));
    Pcm pcm;
    pcm.channels = std::clamp(op_channel_count(file.get(), -1), 1, 2);
    const ogg_int64_t total = op_pcm_total(file.get(), -1);
    if (total > kMaxSamples)
        return makeError(errc::kInvalidArgument, QStringLiteral("The voice note is longer than an hour."));
    if (total > 0)
        pcm.samples.reserve(qsizetype(total) * 2 * pcm.channels);
    opus_int16 buffer[5760 * 2];
    for (;;) {
        // op_read_stereo would double a mono note; op_read keeps the file's own channel count (1 or 2 here).
        const int frames = op_read(file.get(), buffer, int(std::size(buffer)), nullptr);
        if (frames == OP_HOLE)
            continue;
        if (frames < 0)
            return makeError(
                errc::kInvalidArgument, QStringLiteral("The voice note does not decode (%1).").arg(frames));
        if (frames == 0)
            break;
        pcm.samples.append(reinterpret_cast<const char *>(buffer), qsizetype(frames) * 2 * pcm.channels);
        if (pcm.samples.size() > kMaxSamples * 2 * pcm.channels)
            return makeError(
                errc::kInvalidArgument, QStringLiteral("The voice note is longer than an hour."));
    }
    return pcm;
}

Writer::Writer(OggOpusEnc *encoder)
    : m_encoder(encoder) { }

Writer::~Writer() {
    if (m_encoder)
        ope_encoder_destroy(m_encoder);
}

Result<std::unique_ptr<Writer>> Writer::create(const QString &path) {
    OggOpusComments *comments = ope_comments_create();
    int error = 0;
    OggOpusEnc *encoder = ope_encoder_create_file(
        QFile::encodeName(path).constData(), comments, kSampleRate, kChannels, 0, &error);
    ope_comments_destroy(comments);
    if (!encoder) {
        return makeError(errc::kStorageFailed,
            QStringLiteral("Cannot record to %1: %2").arg(path, QString::fromUtf8(ope_strerror(error))));
    }
    ope_encoder_ctl(encoder, OPUS_SET_BITRATE(kBitrate));
    ope_encoder_ctl(encoder, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE));
    return std::unique_ptr<Writer>(new Writer(encoder));
}

Result<void> Writer::write(QByteArrayView pcm) {
    if (!m_encoder)
        return makeError(errc::kInvalidArgument, QStringLiteral("The recording is already finished."));
    QByteArray bytes = m_odd + pcm.toByteArray();
    const qsizetype whole = bytes.size() / 2 * 2;
    m_odd = bytes.mid(whole);
    const int samples = int(whole / 2);
    if (samples == 0)
        return {};
    if (const int error
        = ope_encoder_write(m_encoder, reinterpret_cast<const opus_int16 *>(bytes.constData()), samples);
        error != OPE_OK) {
        return makeError(errc::kStorageFailed,
            QStringLiteral("Cannot record: %1").arg(QString::fromUtf8(ope_strerror(error))));
    }
    m_samples += samples;
    return {};
}

Result<void> Writer::finish() {
    if (!m_encoder)
        return {};
    const int error = ope_encoder_drain(m_encoder);
    ope_encoder_destroy(m_encoder);
    m_encoder = nullptr;
    if (error != OPE_OK)
        return makeError(errc::kStorageFailed,
            QStringLiteral("Cannot finish the recording: %1").arg(QString::fromUtf8(ope_strerror(error))));
    return {};
}

} // namespace balcao::voice_note
