#include "add_number_dialog.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>
#include <auth/phone_number.h>

namespace balcao {

AddNumberDialog::AddNumberDialog(QWidget *parent)
    : QDialog(parent)
    , m_name(new QLineEdit(this))
    , m_qr(new QRadioButton(tr("Scan a QR code with the phone"), this))
    , m_code(new QRadioButton(tr("Enter a pairing code on the phone"), this))
    , m_phone(new QLineEdit(this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
    setWindowTitle(tr("Add a number"));
    m_name->setPlaceholderText(tr("e.g. Shop downtown"));
    m_name->setMaxLength(80);
    m_name->setClearButtonEnabled(true);
    m_phone->setPlaceholderText(tr("+55 11 90000-0001"));
    m_phone->setInputMethodHints(Qt::ImhDialableCharactersOnly);
    m_qr->setChecked(true);
    auto *group = new QButtonGroup(this);
    group->addButton(m_qr);
    group->addButton(m_code);
    m_problem->setWordWrap(true);
    QPalette warning = m_problem->palette();
    warning.setColor(QPalette::WindowText, QColor(0xc6, 0x28, 0x28));
    m_problem->setPalette(warning);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Add and link"));

    auto *intro
        = new QLabel(tr("Give the number a name your team will recognise, then choose how to link it. "
                        "You need the phone with that WhatsApp number at hand."),
            this);
    intro->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("Link by:"), m_qr);
    form->addRow(QString(), m_code);
    form->addRow(tr("&Phone number:"), m_phone);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addStretch();
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_name, &QLineEdit::textChanged, this, &AddNumberDialog::validate);
    connect(m_phone, &QLineEdit::textChanged, this, &AddNumberDialog::validate);
    connect(m_code, &QRadioButton::toggled, this, &AddNumberDialog::validate);
    setMinimumWidth(440);
    validate();
}

QString AddNumberDialog::name() const {
    return m_name->text().simplified();
}

LinkMethod AddNumberDialog::method() const {
    return m_code->isChecked() ? LinkMethod::Code : LinkMethod::Qr;
}

QString AddNumberDialog::phone() const {
    return method() == LinkMethod::Code ? m_normalised : QString();
}

void AddNumberDialog::validate() {
    m_phone->setEnabled(m_code->isChecked());
    QString problem;
    m_normalised.clear();
    if (m_code->isChecked() && !m_phone->text().trimmed().isEmpty()) {
        auto normalised = normalizePhoneNumber(m_phone->text());
        if (normalised)
            m_normalised = *normalised;
        else
            problem = tr("That phone number does not look right: write it with the country code, e.g. "
                         "+55 11 90000-0001.");
    }
    const bool ok = !name().isEmpty() && (!m_code->isChecked() || !m_normalised.isEmpty());
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(ok);
}

} // namespace balcao
