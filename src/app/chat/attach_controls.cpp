#include "attach_controls.h"

#include "chat_palette.h"
#include "media_bubble.h"

#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QMimeData>
#include <QPainter>
#include <QStandardPaths>
#include <QTemporaryFile>
#include <QToolButton>
#include <QUrl>
#include <voice/voice_recorder.h>

namespace balcao::chat {

namespace {

// A plus (attach) and a microphone (record).
QIcon controlIcon(const QColor &color, bool microphone) {
    return drawnIcon([color, microphone](QPainter &p, qreal s) {
        p.setPen(QPen(color, s * 0.1, Qt::SolidLine, Qt::RoundCap));
        if (microphone) {
            p.setBrush(color);
            p.drawRoundedRect(QRectF(s * 0.38, s * 0.12, s * 0.24, s * 0.46), s * 0.12, s * 0.12);
            p.setBrush(Qt::NoBrush);
            p.drawArc(QRectF(s * 0.26, s * 0.3, s * 0.48, s * 0.4), 180 * 16, 180 * 16);
            p.drawLine(QPointF(s * 0.5, s * 0.7), QPointF(s * 0.5, s * 0.86));
        } else {
            p.drawLine(QPointF(s * 0.5, s * 0.2), QPointF(s * 0.5, s * 0.8));
            p.drawLine(QPointF(s * 0.2, s * 0.5), QPointF(s * 0.8, s * 0.5));
        }
    });
}

} // namespace

AttachControls::AttachControls(QWidget *parent)
    : QWidget(parent)
    , m_attach(new QToolButton(this))
    , m_record(new QToolButton(this))
    , m_cancel(new QToolButton(this))
    , m_elapsed(new QLabel(this)) {
    m_attach->setObjectName(QStringLiteral("composerAttach"));
    m_record->setObjectName(QStringLiteral("composerRecord"));
    m_cancel->setObjectName(QStringLiteral("composerCancelRecording"));
    m_elapsed->setObjectName(QStringLiteral("composerRecordingTime"));
    const ChatColors colors = chatColors(palette());
    for (QToolButton *button : {m_attach, m_record, m_cancel}) {
        button->setAutoRaise(true);
        button->setIconSize(QSize(22, 22));
    }
    m_attach->setIcon(controlIcon(colors.mutedText, false));
    m_attach->setToolTip(tr("Attach a photo, video or document"));
    m_record->setIcon(controlIcon(colors.accent, true));
    m_record->setToolTip(tr("Record a voice note"));
    m_record->hide();
    m_cancel->setText(tr("Cancel"));
    m_cancel->hide();
    m_elapsed->hide();
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(2);
    row->addWidget(m_attach);
    row->addWidget(m_elapsed);
    row->addWidget(m_cancel);
    row->addWidget(m_record);
    connect(m_attach, &QToolButton::clicked, this, &AttachControls::chooseFile);
    connect(m_record, &QToolButton::clicked, this, &AttachControls::toggleRecording);
    connect(m_cancel, &QToolButton::clicked, this, &AttachControls::cancelRecording);
}

void AttachControls::setRecorder(voice::VoiceRecorder *recorder) {
    m_recorder = recorder;
    m_record->setVisible(recorder != nullptr);
    if (!recorder)
        return;
    connect(recorder, &voice::VoiceRecorder::secondsChanged, this, [this](double seconds) {
        m_elapsed->setText(QStringLiteral("● %1").arg(durationText(quint32(seconds))));
    });
    connect(recorder, &voice::VoiceRecorder::failed, this, [this](const QString &why) {
        showRecording(false);
        emit problem(why);
    });
}

bool AttachControls::isRecording() const {
    return m_recorder && m_recorder->isRecording();
}

void AttachControls::showRecording(bool recording) {
    m_attach->setVisible(!recording);
    m_cancel->setVisible(recording);
    m_elapsed->setVisible(recording);
    m_elapsed->setText(QStringLiteral("● 0:00"));
    m_record->setToolTip(recording ? tr("Send the voice note") : tr("Record a voice note"));
}

void AttachControls::chooseFile() {
    const QStringList paths = QFileDialog::getOpenFileNames(
        this, tr("Send files"), QStandardPaths::writableLocation(QStandardPaths::PicturesLocation));
    for (const QString &path : paths)
        emit fileChosen(path, {}, false);
}

void AttachControls::toggleRecording() {
    if (!m_recorder)
        return;
    if (!m_recorder->isRecording()) {
        if (m_recorder->start())
            showRecording(true);
        return;
    }
    showRecording(false);
    auto recorded = m_recorder->finish();
    if (!recorded) {
        emit problem(recorded.error().message);
        return;
    }
    emit fileChosen(*recorded, QStringLiteral("ptt"), true);
}

void AttachControls::cancelRecording() {
    if (m_recorder)
        m_recorder->cancel();
    showRecording(false);
}

bool AttachControls::carriesFiles(const QMimeData *data) {
    if (!data)
        return false;
    if (data->hasImage())
        return true;
    for (const QUrl &url : data->urls()) {
        if (url.isLocalFile())
            return true;
    }
    return false;
}

bool AttachControls::take(const QMimeData *data) {
    if (!carriesFiles(data))
        return false;
    bool any = false;
    for (const QUrl &url : data->urls()) {
        if (url.isLocalFile() && QFileInfo(url.toLocalFile()).isFile()) {
            emit fileChosen(url.toLocalFile(), {}, false);
            any = true;
        }
    }
    if (!any && data->hasImage()) {
        // A copied picture has no file: it is kept as a PNG until it is sent.
        const QImage image = qvariant_cast<QImage>(data->imageData());
        QTemporaryFile file(QDir::tempPath() + QStringLiteral("/balcao-paste-XXXXXX.png"));
        file.setAutoRemove(false);
        if (image.isNull() || !file.open() || !image.save(&file, "PNG")) {
            emit problem(tr("The pasted picture could not be kept for sending."));
            return true;
        }
        emit fileChosen(file.fileName(), {}, true);
        any = true;
    }
    return any;
}

} // namespace balcao::chat
