#pragma once

#include <QDialog>
#include <messaging/call_policy.h>

class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace balcao {

// What a number does with calls, as staff set it from the sidebar: let them ring on the phone, or reject them
// at once (the caller sees the call declined) with an optional text sent back to the caller.
class CallsDialog : public QDialog {
    Q_OBJECT
public:
    CallsDialog(const QString &numberName, const CallPolicy &current, QWidget *parent = nullptr);

    CallPolicy policy() const;

private:
    void update();

    QCheckBox *m_reject;
    QPlainTextEdit *m_reply;
    QLabel *m_count;
    QPushButton *m_saveButton = nullptr; // off while the text is too long
};

} // namespace balcao
