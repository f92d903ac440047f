#pragma once

#include <QAudioFormat>
#include <QByteArray>
#include <QObject>
#include <memory>

class QAudioSink;
class QAudioSource;
class QIODevice;

// Where voice notes are heard and recorded: the computer's speaker and microphone (Qt Multimedia), behind two
// small interfaces that tests replace — CI machines have no sound card, and a test must hear exactly the PCM
// that was decoded.
namespace balcao::voice {

// Plays PCM pulled from a device.
class AudioOutput : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    // Starts pulling from `source` (which outlives the playing) in `format`.
    virtual void play(QIODevice *source, const QAudioFormat &format) = 0;
    virtual void pause() = 0;
    virtual void resume() = 0;
    virtual void stop() = 0;
    // How much has been played since play(), in microseconds.
    virtual qint64 playedMicroseconds() const = 0;

signals:
    void finished(); // the source ran dry and everything was played
    void failed(const QString &why);
};

// Captures PCM and hands it over as it comes.
class AudioInput : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    virtual void start(const QAudioFormat &format) = 0;
    virtual void stop() = 0;

signals:
    void captured(const QByteArray &pcm);
    void failed(const QString &why);
};

// The default speaker.
class SpeakerOutput : public AudioOutput {
    Q_OBJECT
public:
    explicit SpeakerOutput(QObject *parent = nullptr);
    ~SpeakerOutput() override;
    void play(QIODevice *source, const QAudioFormat &format) override;
    void pause() override;
    void resume() override;
    void stop() override;
    qint64 playedMicroseconds() const override;

private:
    std::unique_ptr<QAudioSink> m_sink;
};

// The default microphone.
class MicrophoneInput : public AudioInput {
    Q_OBJECT
public:
    explicit MicrophoneInput(QObject *parent = nullptr);
    ~MicrophoneInput() override;
    void start(const QAudioFormat &format) override;
    void stop() override;

private:
    std::unique_ptr<QAudioSource> m_source;
    QIODevice *m_device = nullptr;
};

} // namespace balcao::voice
