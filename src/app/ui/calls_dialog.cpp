#include "calls_dialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace balcao {

CallsDialog::CallsDialog(const QString &numberName, const CallPolicy &current, QWidget *parent)
    : QDialog(parent)
    , m_reject(new QCheckBox(tr("Reject calls to this number"), this))
    , m_reply(new QPlainTextEdit(this))
    , m_count(new QLabel(this)) {
    setWindowTitle(tr("Calls to %1").arg(numberName));
    auto *explain
        = new QLabel(tr("Balcão cannot take calls. Left alone they ring on the phone; rejected, the "
                        "caller sees the call declined at once."),
            this);
    explain->setWordWrap(true);
    m_reject->setChecked(current.reject);
    auto *replyLabel = new QLabel(tr("Then send the caller this message (optional):"), this);
    m_reply->setPlainText(current.reply);
    m_reply->setPlaceholderText(tr("We don't take calls here: please send us a message."));
    m_reply->setTabChangesFocus(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_reject, &QCheckBox::toggled, this, &CallsDialog::update);
    connect(m_reply, &QPlainTextEdit::textChanged, this, &CallsDialog::update);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(explain);
    layout->addWidget(m_reject);
    layout->addWidget(replyLabel);
    layout->addWidget(m_reply);
    layout->addWidget(m_count, 0, Qt::AlignRight);
    layout->addWidget(buttons);
    m_saveButton = buttons->button(QDialogButtonBox::Save);
    update();
    resize(460, 300);
}

CallPolicy CallsDialog::policy() const {
    return {m_reject->isChecked(), m_reject->isChecked() ? m_reply->toPlainText().trimmed() : QString()};
}

void CallsDialog::update() {
    m_reply->setEnabled(m_reject->isChecked());
    const qsizetype length = m_reply->toPlainText().trimmed().size();
    const bool tooLong = length > CallPolicy::kMaxReplyLength;
    m_count->setText(tr("%1 / %2").arg(length).arg(CallPolicy::kMaxReplyLength));
    m_count->setStyleSheet(tooLong ? QStringLiteral("color: #c62828;") : QString());
    m_saveButton->setEnabled(!(m_reject->isChecked() && tooLong));
}

} // namespace balcao
