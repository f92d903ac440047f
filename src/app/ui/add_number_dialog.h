#pragma once

#include <QDialog>
#include <session/commands.h>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QRadioButton;

namespace balcao {

// Asks for a name and how to link the new number: a QR code to scan, or a pairing code for a phone
// number (validated with normalizePhoneNumber before OK is possible). Esc cancels.
class AddNumberDialog : public QDialog {
    Q_OBJECT
public:
    explicit AddNumberDialog(QWidget *parent = nullptr);

    QString name() const;
    LinkMethod method() const;
    QString phone() const; // normalised digits; empty for a QR link

    QLineEdit *nameEdit() const { return m_name; }
    QLineEdit *phoneEdit() const { return m_phone; }
    QRadioButton *codeOption() const { return m_code; }

private:
    void validate();

    QLineEdit *m_name;
    QRadioButton *m_qr;
    QRadioButton *m_code;
    QLineEdit *m_phone;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
    QString m_normalised;
};

} // namespace balcao
