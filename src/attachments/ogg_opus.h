#pragma once

#include "errors.h"

#include <QByteArray>
#include <QString>

// A voice note as WhatsApp sends it: an OGG/Opus file, with how long it plays and its waveform (64 levels,
// 0–100, the loudness of each 64th of the recording) computed from the decoded sound (libopusfile).
namespace balcao::ogg_opus {

inline constexpr int kWaveformLevels = 64;

struct Info {
    int channels = 0;
    double seconds = 0;
    QByteArray waveform; // kWaveformLevels bytes
};

// invalid-argument when `path` is not an OGG/Opus file libopusfile can play to its end.
Result<Info> probe(const QString &path);

} // namespace balcao::ogg_opus
