#include "voice_recorder.h"

#include <QDir>
#include <QFile>
#include <QTemporaryFile>

namespace balcao::voice {

namespace {
constexpr double kShortest = 0.5; // shorter than this is a slip of the finger, not a voice note
}

VoiceRecorder::VoiceRecorder(AudioInput *input, QString folder, QObject *parent)
    : QObject(parent)
    , m_input(input)
    , m_folder(std::move(folder)) {
    connect(m_input, &AudioInput::captured, this, [this](const QByteArray &pcm) {
        if (!m_writer)
            return;
        if (auto written = m_writer->write(pcm); !written) {
            const QString why = written.error().message;
            cancel();
            emit failed(why);
            return;
        }
        emit secondsChanged(m_writer->seconds());
    });
    connect(m_input, &AudioInput::failed, this, [this](const QString &why) {
        cancel();
        emit failed(why);
    });
}

VoiceRecorder::~VoiceRecorder() {
    cancel();
}

bool VoiceRecorder::start() {
    cancel();
    QDir().mkpath(m_folder);
    QTemporaryFile file(m_folder + QStringLiteral("/voice-XXXXXXXX.ogg"));
    file.setAutoRemove(false);
    if (!file.open()) {
        emit failed(tr("Cannot record: the folder %1 cannot be written.").arg(m_folder));
        return false;
    }
    m_path = file.fileName();
    file.close();
    auto writer = voice_note::Writer::create(m_path);
    if (!writer) {
        QFile::remove(m_path);
        emit failed(writer.error().message);
        return false;
    }
    m_writer = std::move(*writer);
    QAudioFormat format;
    format.setSampleRate(voice_note::kSampleRate);
    format.setChannelCount(voice_note::kChannels);
    format.setSampleFormat(QAudioFormat::Int16);
    m_input->start(format);
    return true;
}

void VoiceRecorder::cancel() {
    if (!m_writer)
        return;
    m_input->stop();
    m_writer.reset();
    QFile::remove(m_path);
    m_path.clear();
}

Result<QString> VoiceRecorder::finish() {
    if (!m_writer)
        return makeError(errc::kInvalidArgument, tr("Nothing is being recorded."));
    m_input->stop(); // what it still held arrives through captured()
    const double recorded = m_writer->seconds();
    auto finished = m_writer->finish();
    m_writer.reset();
    const QString path = std::exchange(m_path, {});
    if (!finished) {
        QFile::remove(path);
        return finished.error();
    }
    if (recorded < kShortest) {
        QFile::remove(path);
        return makeError(errc::kInvalidArgument, tr("Hold to record: the voice note was too short."));
    }
    return path;
}

} // namespace balcao::voice
