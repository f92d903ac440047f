#pragma once

#include "audio_devices.h"

#include <QBuffer>
#include <QObject>
#include <QTimer>
#include <voice_note.h>

namespace balcao::voice {

// Plays one voice note at a time, as the chat's voice bubbles ask: decoded here (voice_note::decode) and
// pushed to an AudioOutput, at 1×, 1.5× or 2× (faster by playing fewer samples; the pitch rises a little, as
// a tape would). Reports where it is, for the progress drawn over the waveform.
class VoicePlayer : public QObject {
    Q_OBJECT
public:
    explicit VoicePlayer(AudioOutput *output, QObject *parent = nullptr);

    // Starts `path` (stopping whatever played); `key` names it for the bubbles (the message id).
    bool play(const QString &key, const QString &path);
    void pause();
    void resume();
    void stop();
    // 1.0, 1.5 or 2.0; takes effect at the next play().
    void setSpeed(double speed);
    double speed() const { return m_speed; }

    QString current() const { return m_key; }
    bool isPlaying() const { return m_playing; }
    // Where the current note is, 0..1, and its length.
    double progress() const;
    double seconds() const { return m_seconds; }
    QString lastError() const { return m_error; }

signals:
    void progressChanged(const QString &key, double progress);
    void started(const QString &key);
    void finished(const QString &key);
    void failed(const QString &key, const QString &why);

private:
    AudioOutput *m_output;
    QBuffer m_source;
    QByteArray m_pcm;
    QTimer m_tick;
    QString m_key;
    QString m_error;
    double m_speed = 1.0;
    double m_seconds = 0;
    bool m_playing = false;
};

// The same PCM `speed` times faster: every `speed`-th sample frame (nearest), so a 1.5× note is two thirds
// long.
QByteArray faster(const QByteArray &pcm, int channels, double speed);

} // namespace balcao::voice
