#include "audio_devices.h"

#include <QAudioDevice>
#include <QAudioSink>
#include <QAudioSource>
#include <QMediaDevices>

namespace balcao::voice {

SpeakerOutput::SpeakerOutput(QObject *parent)
    : AudioOutput(parent) { }

SpeakerOutput::~SpeakerOutput() = default;

void SpeakerOutput::play(QIODevice *source, const QAudioFormat &format) {
    const QAudioDevice device = QMediaDevices::defaultAudioOutput();
    if (device.isNull()) {
        emit failed(tr("This computer has no speaker or headphones to play on."));
        return;
    }
    m_sink = std::make_unique<QAudioSink>(device, format);
    connect(m_sink.get(), &QAudioSink::stateChanged, this, [this](QAudio::State state) {
        if (state != QAudio::IdleState && state != QAudio::StoppedState)
            return;
        if (m_sink->error() != QAudio::NoError && m_sink->error() != QAudio::UnderrunError)
            emit failed(tr("The sound could not be played."));
        else if (state == QAudio::IdleState)
            emit finished();
    });
    m_sink->start(source);
}

void SpeakerOutput::pause() {
    if (m_sink)
        m_sink->suspend();
}

void SpeakerOutput::resume() {
    if (m_sink)
        m_sink->resume();
}

void SpeakerOutput::stop() {
    if (m_sink) {
        m_sink->disconnect(this);
        m_sink->stop();
    }
}

qint64 SpeakerOutput::playedMicroseconds() const {
    return m_sink ? m_sink->processedUSecs() : 0;
}

MicrophoneInput::MicrophoneInput(QObject *parent)
    : AudioInput(parent) { }

MicrophoneInput::~MicrophoneInput() = default;

void MicrophoneInput::start(const QAudioFormat &format) {
    const QAudioDevice device = QMediaDevices::defaultAudioInput();
    if (device.isNull()) {
        emit failed(tr("This computer has no microphone to record with."));
        return;
    }
    m_source = std::make_unique<QAudioSource>(device, format);
    m_device = m_source->start();
    if (!m_device) {
        emit failed(tr("The microphone could not be opened."));
        return;
    }
    connect(m_device, &QIODevice::readyRead, this, [this] { emit captured(m_device->readAll()); });
}

void MicrophoneInput::stop() {
    if (m_source) {
        if (m_device)
            emit captured(m_device->readAll());
        m_source->stop();
        m_device = nullptr;
    }
}

} // namespace balcao::voice
