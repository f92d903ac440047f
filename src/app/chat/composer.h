#pragma once

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QToolButton;

namespace balcao::chat {

class AttachControls;

// Where a reply is typed: Enter sends, Shift+Enter starts a new line. Disabled, with the reason in words,
// while the number is not connected. A text WhatsApp would refuse (empty, or over the length limit of
// messaging/text_limits.h) is not sent: the reason is shown and the text stays for editing.
class Composer : public QWidget {
    Q_OBJECT
public:
    explicit Composer(QWidget *parent = nullptr);

    // Empty = sending is possible; otherwise why not ("This number is reconnecting…").
    void setBlockedReason(const QString &reason);
    QString blockedReason() const { return m_blockedReason; }
    QString text() const;
    void setText(const QString &text);
    // The reason the last attempt was refused, or what blocks sending; empty when all is well.
    QString notice() const;
    QPlainTextEdit *editor() const { return m_editor; }
    // The attach and record buttons (files dropped or pasted here go through them).
    AttachControls *attachments() const { return m_attachments; }
    // Tries to send what is typed: emits sendRequested and clears the editor, or shows why not.
    bool submit();

signals:
    void sendRequested(const QString &text);
    // A file to send: chosen, dropped, pasted or recorded (AttachControls::fileChosen).
    void fileChosen(const QString &path, const QString &kind, bool removeAfter);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void showNotice(const QString &text, bool error);
    void fitHeight();
    void applyStyle();

    QPlainTextEdit *m_editor;
    AttachControls *m_attachments;
    QToolButton *m_send;
    QLabel *m_notice;
    QString m_blockedReason;
};

} // namespace balcao::chat
