#pragma once

#include <QWidget>

class QLabel;
class QMimeData;
class QTimer;
class QToolButton;

namespace balcao::voice {
class VoiceRecorder;
}

namespace balcao::chat {

// The composer's buttons for what is not typed: attach a file (a dialog), and record a voice note (click to
// start; then send or cancel, with the time shown while recording). Files dropped on the composer or pasted
// into it (a picture copied from anywhere, files copied in the file manager) come here too. Everything ends
// as fileChosen(), which the chat controller sends (its kind decided from its content).
class AttachControls : public QWidget {
    Q_OBJECT
public:
    explicit AttachControls(QWidget *parent = nullptr);

    // Who records (the window's microphone; tests give one fed from a file). Without one, no record button.
    void setRecorder(voice::VoiceRecorder *recorder);
    bool isRecording() const;
    // Takes what a paste or a drop carries: local files, or a picture; false when it carries neither.
    bool take(const QMimeData *data);
    static bool carriesFiles(const QMimeData *data);

public slots:
    void chooseFile();
    void toggleRecording();
    void cancelRecording();

signals:
    void fileChosen(const QString &path, const QString &kind, bool removeAfter);
    void problem(const QString &why);

private:
    void showRecording(bool recording);

    QToolButton *m_attach;
    QToolButton *m_record;
    QToolButton *m_cancel;
    QLabel *m_elapsed;
    voice::VoiceRecorder *m_recorder = nullptr;
};

} // namespace balcao::chat
