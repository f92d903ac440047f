// Issue 17, Done-when 6: a voice note plays through the audio output — a test output that keeps what it is
// given receives the decoded PCM, of the note's length — and its progress moves; a recording from the
// microphone (here a test input fed a real recording's PCM) becomes an OGG/Opus voice note of the right
// length.
#include "../common/media_fixtures.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <ogg_opus.h>
#include <voice/voice_player.h>
#include <voice/voice_recorder.h>

using namespace balcao;
using namespace balcao::voice;

namespace {

// Plays in real time without a sound card: pulls 20 ms of PCM every 20 ms and keeps it.
class TestOutput : public AudioOutput {
public:
    using AudioOutput::AudioOutput;
    QByteArray received;
    int channels = 0;

    void play(QIODevice *source, const QAudioFormat &format) override {
        m_source = source;
        channels = format.channelCount();
        m_bytesPerTick = format.bytesForDuration(20000);
        m_timer.setInterval(20);
        if (!m_connected) {
            m_connected = true;
            QObject::connect(&m_timer, &QTimer::timeout, this, [this] {
                const QByteArray piece = m_source->read(m_bytesPerTick);
                received += piece;
                if (m_source->atEnd()) {
                    m_timer.stop();
                    emit finished();
                }
            });
        }
        m_timer.start();
    }
    void pause() override { m_timer.stop(); }
    void resume() override { m_timer.start(); }
    void stop() override { m_timer.stop(); }
    qint64 playedMicroseconds() const override {
        return channels ? received.size() * 1000000LL / (2LL * channels * 48000) : 0;
    }

private:
    QIODevice *m_source = nullptr;
    QTimer m_timer;
    qint64 m_bytesPerTick = 0;
    bool m_connected = false;
};

// A microphone that "hears" the PCM it is given, in 40 ms pieces.
class TestInput : public AudioInput {
public:
    using AudioInput::AudioInput;
    QByteArray toCapture;
    bool started = false;

    void start(const QAudioFormat &format) override {
        started = format.sampleRate() == 48000 && format.channelCount() == 1;
        for (qsizetype at = 0; at < toCapture.size(); at += 3840)
            emit captured(toCapture.mid(at, 3840));
    }
    void stop() override { }
};

} // namespace

class TestVoiceNote : public QObject {
    Q_OBJECT
private slots:
    void aVoiceNotePlaysAllItsSoundAndShowsProgress() {
        QTemporaryDir dir;
        const QByteArray ogg = testing::ffmpegMake(dir.path(), QStringLiteral("note.ogg"),
            {QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
                QStringLiteral("sine=frequency=440:duration=1"), QStringLiteral("-ac"), QStringLiteral("1"),
                QStringLiteral("-c:a"), QStringLiteral("libopus")});
        QVERIFY(!ogg.isEmpty());
        TestOutput output;
        VoicePlayer player(&output);
        QSignalSpy progress(&player, &VoicePlayer::progressChanged);
        QSignalSpy finished(&player, &VoicePlayer::finished);
        QVERIFY(player.play(QStringLiteral("m1"), dir.filePath(QStringLiteral("note.ogg"))));
        QVERIFY(player.isPlaying());
        QVERIFY(finished.wait(5000));
        // One second of 48 kHz mono 16-bit sound: 96,000 bytes (Opus frames are 20 ms, so allow one).
        QVERIFY2(qAbs(output.received.size() - 96000) <= 1920,
            qPrintable(QString::number(output.received.size())));
        QCOMPARE(output.channels, 1);
        // It is sound, not silence.
        qint64 energy = 0;
        for (qsizetype i = 0; i + 1 < output.received.size(); i += 2)
            energy += qAbs(qint16(quint8(output.received[i]) | (quint8(output.received[i + 1]) << 8)));
        QVERIFY(energy > output.received.size() * 100);
        // The progress moved forward step by step, to the end.
        QVERIFY(progress.size() >= 5);
        double last = -1;
        for (const QList<QVariant> &step : progress) {
            QVERIFY(step.at(1).toDouble() >= last);
            last = step.at(1).toDouble();
        }
        QCOMPARE(last, 1.0);

        // At 2× it is played in half the samples.
        output.received.clear();
        player.setSpeed(2.0);
        QVERIFY(player.play(QStringLiteral("m1"), dir.filePath(QStringLiteral("note.ogg"))));
        QVERIFY(finished.wait(5000));
        QVERIFY2(qAbs(output.received.size() - 48000) <= 1920,
            qPrintable(QString::number(output.received.size())));
        // Something that is not a voice note says so.
        QVERIFY(!player.play(QStringLiteral("m2"), dir.filePath(QStringLiteral("missing.ogg"))));
        QVERIFY(!player.lastError().isEmpty());
    }

    void aRecordingBecomesAVoiceNote() {
        QTemporaryDir dir;
        // Two seconds of a real recording's PCM (ffmpeg's sine, 48 kHz mono 16-bit).
        const QByteArray pcm = testing::ffmpegMake(dir.path(), QStringLiteral("mic.raw"),
            {QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
                QStringLiteral("sine=frequency=300:duration=2"), QStringLiteral("-ar"),
                QStringLiteral("48000"), QStringLiteral("-ac"), QStringLiteral("1"), QStringLiteral("-f"),
                QStringLiteral("s16le")});
        QCOMPARE(pcm.size(), 192000);
        TestInput input;
        input.toCapture = pcm;
        VoiceRecorder recorder(&input, dir.filePath(QStringLiteral("recordings")));
        QSignalSpy seconds(&recorder, &VoiceRecorder::secondsChanged);
        QVERIFY(recorder.start());
        QVERIFY(input.started);
        QVERIFY(recorder.isRecording());
        QVERIFY(!seconds.isEmpty());
        const auto path = recorder.finish();
        QVERIFY2(path, qPrintable(path ? QString() : path.error().message));
        const auto probe = ogg_opus::probe(*path);
        QVERIFY2(probe, qPrintable(probe ? QString() : probe.error().message));
        QCOMPARE(probe->channels, 1);
        QVERIFY(qAbs(probe->seconds - 2.0) < 0.05);
        QCOMPARE(probe->waveform.size(), 64);

        // Cancelled, nothing is left behind; too short, it is not a voice note.
        QVERIFY(recorder.start());
        recorder.cancel();
        QCOMPARE(QDir(dir.filePath(QStringLiteral("recordings"))).entryList(QDir::Files).size(), 1);
        input.toCapture = pcm.left(4800);
        QVERIFY(recorder.start());
        QVERIFY(!recorder.finish());
    }
};

QTEST_MAIN(TestVoiceNote)
#include "tst_voice_note.moc"
