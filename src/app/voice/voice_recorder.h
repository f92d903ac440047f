#pragma once

#include "audio_devices.h"

#include <QElapsedTimer>
#include <QObject>
#include <memory>
#include <voice_note.h>

namespace balcao::voice {

// Records a voice note from an AudioInput into an OGG/Opus file as WhatsApp records them (48 kHz mono,
// voice_note::Writer), so the phone plays it with its waveform. start → (cancel | finish); finish hands over
// the file, cancel deletes it.
class VoiceRecorder : public QObject {
    Q_OBJECT
public:
    VoiceRecorder(AudioInput *input, QString folder, QObject *parent = nullptr);
    ~VoiceRecorder() override;

    bool start();
    void cancel();
    // The finished file, or why there is none (nothing recorded, or the disk refused it).
    Result<QString> finish();
    bool isRecording() const { return bool(m_writer); }
    double seconds() const { return m_writer ? m_writer->seconds() : 0; }

signals:
    void secondsChanged(double seconds);
    void failed(const QString &why);

private:
    AudioInput *m_input;
    QString m_folder;
    QString m_path;
    std::unique_ptr<voice_note::Writer> m_writer;
};

} // namespace balcao::voice
