#include "composer.h"

#include "attach_controls.h"
#include "chat_palette.h"

#include <QClipboard>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMimeData>
#include <QPainter>
#include <QPainterPath>
#include <QPlainTextEdit>
#include <QTextBlock>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>
#include <messaging/text_limits.h>

namespace balcao::chat {

namespace {

constexpr int kMaxVisibleLines = 6;

// A paper-plane "send" arrow.
QIcon sendIcon(const QColor &color) {
    return drawnIcon([color](QPainter &p, qreal s) {
        QPainterPath path;
        path.moveTo(s * 0.12, s * 0.15);
        path.lineTo(s * 0.92, s * 0.5);
        path.lineTo(s * 0.12, s * 0.85);
        path.lineTo(s * 0.22, s * 0.5);
        path.closeSubpath();
        p.fillPath(path, color);
    });
}

} // namespace

Composer::Composer(QWidget *parent)
    : QWidget(parent)
    , m_editor(new QPlainTextEdit(this))
    , m_attachments(new AttachControls(this))
    , m_send(new QToolButton(this))
    , m_notice(new QLabel(this)) {
    setObjectName(QStringLiteral("composer"));
    m_editor->setObjectName(QStringLiteral("composerEditor"));
    m_send->setObjectName(QStringLiteral("composerSend"));
    m_notice->setObjectName(QStringLiteral("composerNotice"));
    m_editor->setPlaceholderText(tr("Type a message"));
    m_editor->setTabChangesFocus(true);
    m_editor->setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_editor->installEventFilter(this);
    m_send->setToolTip(tr("Send (Enter)"));
    m_send->setAutoRaise(true);
    m_send->setIconSize(QSize(24, 24));
    m_notice->setWordWrap(true);
    m_notice->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_notice->hide();

    auto *row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(6);
    row->addWidget(m_attachments, 0, Qt::AlignBottom);
    row->addWidget(m_editor, 1);
    row->addWidget(m_send, 0, Qt::AlignBottom);
    setAcceptDrops(true);
    connect(m_attachments, &AttachControls::fileChosen, this, &Composer::fileChosen);
    connect(
        m_attachments, &AttachControls::problem, this, [this](const QString &why) { showNotice(why, true); });
    auto *column = new QVBoxLayout(this);
    column->setContentsMargins(10, 6, 10, 8);
    column->setSpacing(4);
    column->addWidget(m_notice);
    column->addLayout(row);

    connect(m_send, &QToolButton::clicked, this, &Composer::submit);
    connect(m_editor, &QPlainTextEdit::textChanged, this, [this] {
        fitHeight();
        // A refusal is about the text as it was; once it changes, the reason no longer applies.
        if (m_blockedReason.isEmpty())
            m_notice->hide();
    });
    applyStyle();
    fitHeight();
}

void Composer::applyStyle() {
    const ChatColors colors = chatColors(palette());
    m_send->setIcon(sendIcon(colors.accent));
}

void Composer::changeEvent(QEvent *event) {
    if (event->type() == QEvent::PaletteChange)
        applyStyle();
    QWidget::changeEvent(event);
}

void Composer::setBlockedReason(const QString &reason) {
    m_blockedReason = reason;
    const bool blocked = !reason.isEmpty();
    m_editor->setReadOnly(blocked);
    m_editor->setEnabled(!blocked);
    m_send->setEnabled(!blocked);
    m_attachments->setEnabled(!blocked);
    if (blocked)
        showNotice(reason, false);
    else
        m_notice->hide();
}

QString Composer::text() const {
    return m_editor->toPlainText();
}

void Composer::setText(const QString &text) {
    m_editor->setPlainText(text);
}

QString Composer::notice() const {
    return m_notice->isVisibleTo(this) ? m_notice->text() : QString();
}

void Composer::showNotice(const QString &text, bool error) {
    const ChatColors colors = chatColors(palette());
    QPalette p = m_notice->palette();
    p.setColor(QPalette::WindowText, error ? colors.failed : colors.mutedText);
    m_notice->setPalette(p);
    m_notice->setText(text);
    m_notice->show();
}

bool Composer::submit() {
    if (!m_blockedReason.isEmpty()) {
        showNotice(m_blockedReason, false);
        return false;
    }
    const QString text = m_editor->toPlainText();
    if (text.trimmed().isEmpty())
        return false; // Enter on an empty box does nothing, as in every messenger
    if (auto ok = checkOutgoingText(text); !ok) {
        showNotice(ok.error().message, true);
        return false;
    }
    emit sendRequested(text);
    m_editor->clear();
    return true;
}

void Composer::dragEnterEvent(QDragEnterEvent *event) {
    if (m_blockedReason.isEmpty() && AttachControls::carriesFiles(event->mimeData()))
        event->acceptProposedAction();
}

void Composer::dropEvent(QDropEvent *event) {
    if (m_blockedReason.isEmpty() && m_attachments->take(event->mimeData()))
        event->acceptProposedAction();
}

bool Composer::eventFilter(QObject *watched, QEvent *event) {
    if (watched == m_editor && event->type() == QEvent::KeyPress
        && static_cast<QKeyEvent *>(event)->matches(QKeySequence::Paste) && m_blockedReason.isEmpty()) {
        // A picture or files on the clipboard are sent as files; text is pasted as text.
        const QMimeData *clipboard = QGuiApplication::clipboard()->mimeData();
        if (!clipboard->hasText() || clipboard->hasImage()) {
            if (m_attachments->take(clipboard))
                return true;
        }
    }
    if (watched == m_editor && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
        if (enter && (key->modifiers() & Qt::ShiftModifier)) {
            // A real line break (not the U+2028 separator QPlainTextEdit would insert).
            m_editor->insertPlainText(QStringLiteral("\n"));
            return true;
        }
        if (enter) {
            submit();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void Composer::fitHeight() {
    // Grow with the text up to a few lines, then scroll, like the messengers people know.
    const QFontMetrics metrics(m_editor->font());
    int lines = 0;
    for (QTextBlock block = m_editor->document()->begin(); block.isValid() && lines <= kMaxVisibleLines;
         block = block.next())
        lines += qMax(1, block.layout() ? block.layout()->lineCount() : 1);
    const bool overflows = lines > kMaxVisibleLines;
    lines = qBound(1, lines, kMaxVisibleLines);
    m_editor->setVerticalScrollBarPolicy(overflows ? Qt::ScrollBarAsNeeded : Qt::ScrollBarAlwaysOff);
    const QMargins margins = m_editor->contentsMargins();
    const int frame = 2 * m_editor->frameWidth() + int(std::ceil(m_editor->document()->documentMargin() * 2))
        + margins.top() + margins.bottom() + 2;
    m_editor->setFixedHeight(lines * metrics.lineSpacing() + frame);
}

} // namespace balcao::chat
