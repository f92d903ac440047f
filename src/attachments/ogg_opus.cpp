#include "ogg_opus.h"

#include <QFile>
#include <cmath>
#include <memory>
#include <opusfile.h>
#include <vector>

namespace balcao::ogg_opus {

namespace {

constexpr int kSampleRate = 48000; // Opus always decodes at 48 kHz
// A voice note longer than this is not measured for its waveform (WhatsApp's own stop well before).
constexpr double kMaxSeconds = 4 * 3600;

Error notOpus(const QString &why) {
    return makeError(errc::kInvalidArgument, QStringLiteral("Not an OGG/Opus voice note: %1.").arg(why));
}

struct OpusFileClose {
    void operator()(OggOpusFile *file) const { op_free(file); }
};

} // namespace

Result<Info> probe(const QString &path) {
    int error = 0;
    std::unique_ptr<OggOpusFile, OpusFileClose> file(
        op_open_file(QFile::encodeName(path).constData(), &error));
    if (!file)
        return notOpus(QStringLiteral("libopusfile cannot open it (%1)").arg(error));
    Info info;
    info.channels = op_channel_count(file.get(), -1);
    const ogg_int64_t total = op_pcm_total(file.get(), -1);
    if (total <= 0 || double(total) / kSampleRate > kMaxSeconds)
        return notOpus(QStringLiteral("it does not say how long it plays"));
    info.seconds = double(total) / kSampleRate;

    // The peak of each 64th, scaled so the loudest is 100, as the apps draw it.
    std::vector<float> peaks(kWaveformLevels, 0.f);
    std::vector<float> pcm(5760 * 2);
    ogg_int64_t position = 0;
    for (;;) {
        const int frames = op_read_float_stereo(file.get(), pcm.data(), int(pcm.size()));
        if (frames == OP_HOLE)
            continue;
        if (frames < 0)
            return notOpus(QStringLiteral("it does not decode (%1)").arg(frames));
        if (frames == 0)
            break;
        for (int i = 0; i < frames; ++i, ++position) {
            const float level = std::max(std::fabs(pcm[2 * i]), std::fabs(pcm[2 * i + 1]));
            const int bucket
                = int(std::min<ogg_int64_t>(kWaveformLevels - 1, position * kWaveformLevels / total));
            peaks[size_t(bucket)] = std::max(peaks[size_t(bucket)], level);
        }
    }
    const float loudest = *std::max_element(peaks.begin(), peaks.end());
    info.waveform.resize(kWaveformLevels);
    for (int i = 0; i < kWaveformLevels; ++i)
        info.waveform[i] = char(loudest > 0 ? std::lround(100.f * peaks[size_t(i)] / loudest) : 0);
    return info;
}

} // namespace balcao::ogg_opus
