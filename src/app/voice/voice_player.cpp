#include "voice_player.h"

namespace balcao::voice {

QByteArray faster(const QByteArray &pcm, int channels, double speed) {
    if (speed <= 1.0)
        return pcm;
    const qsizetype frameBytes = 2 * qsizetype(channels);
    const qsizetype frames = pcm.size() / frameBytes;
    const qsizetype outFrames = qsizetype(double(frames) / speed);
    QByteArray out(outFrames * frameBytes, Qt::Uninitialized);
    for (qsizetype i = 0; i < outFrames; ++i) {
        const qsizetype from = std::min(frames - 1, qsizetype(double(i) * speed));
        std::memcpy(out.data() + i * frameBytes, pcm.constData() + from * frameBytes, size_t(frameBytes));
    }
    return out;
}

VoicePlayer::VoicePlayer(AudioOutput *output, QObject *parent)
    : QObject(parent)
    , m_output(output) {
    m_tick.setInterval(50);
    connect(&m_tick, &QTimer::timeout, this, [this] { emit progressChanged(m_key, progress()); });
    connect(m_output, &AudioOutput::finished, this, [this] {
        m_tick.stop();
        m_playing = false;
        emit progressChanged(m_key, 1.0);
        emit finished(m_key);
    });
    connect(m_output, &AudioOutput::failed, this, [this](const QString &why) {
        m_tick.stop();
        m_playing = false;
        m_error = why;
        emit failed(m_key, why);
    });
}

bool VoicePlayer::play(const QString &key, const QString &path) {
    stop();
    m_key = key;
    auto pcm = voice_note::decode(path);
    if (!pcm) {
        m_error = pcm.error().message;
        emit failed(key, m_error);
        return false;
    }
    m_seconds = pcm->seconds();
    m_pcm = faster(pcm->samples, pcm->channels, m_speed);
    m_source.setData(m_pcm);
    m_source.open(QIODevice::ReadOnly);
    QAudioFormat format;
    format.setSampleRate(voice_note::kSampleRate);
    format.setChannelCount(pcm->channels);
    format.setSampleFormat(QAudioFormat::Int16);
    m_playing = true;
    m_error.clear();
    emit started(key);
    m_tick.start();
    m_output->play(&m_source, format);
    return true;
}

void VoicePlayer::pause() {
    if (!m_playing)
        return;
    m_output->pause();
    m_tick.stop();
    m_playing = false;
}

void VoicePlayer::resume() {
    if (m_playing || m_key.isEmpty())
        return;
    m_output->resume();
    m_tick.start();
    m_playing = true;
}

void VoicePlayer::stop() {
    m_output->stop();
    m_tick.stop();
    m_playing = false;
    m_source.close();
}

void VoicePlayer::setSpeed(double speed) {
    m_speed = speed >= 1.75 ? 2.0 : speed >= 1.25 ? 1.5 : 1.0;
}

double VoicePlayer::progress() const {
    if (m_seconds <= 0)
        return 0;
    const double played = double(m_output->playedMicroseconds()) / 1e6 * m_speed;
    return std::clamp(played / m_seconds, 0.0, 1.0);
}

} // namespace balcao::voice
