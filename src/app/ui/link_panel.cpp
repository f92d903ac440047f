#include "link_panel.h"

#include "phone_display.h"
#include "qr_code_widget.h"

#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <auth/phone_number.h>
#include <overloaded.h>

namespace balcao {

namespace {

QLabel *wrapped(const QString &text, QWidget *parent) {
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    return label;
}

QString stepsHtml(const QStringList &steps) {
    QString html = QStringLiteral("<ol style=\"margin-left:0; -qt-list-indent:1;\">");
    for (const QString &step : steps)
        html += QStringLiteral("<li style=\"margin-bottom:8px;\">%1</li>").arg(step);
    return html + QStringLiteral("</ol>");
}

} // namespace

LinkPanel::LinkPanel(const QString &session, const QString &name, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_name(name)
    , m_title(new QLabel(this))
    , m_steps(new QLabel(this))
    , m_error(new QLabel(this))
    , m_pages(new QStackedWidget(this)) {
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setWordWrap(true);
    m_steps->setTextFormat(Qt::RichText);
    m_steps->setWordWrap(true);
    QFont stepsFont = m_steps->font();
    stepsFont.setPointSizeF(stepsFont.pointSizeF() * 1.1);
    m_steps->setFont(stepsFont);
    m_error->setWordWrap(true);
    QPalette warning = m_error->palette();
    warning.setColor(QPalette::WindowText, QColor(0xc6, 0x28, 0x28));
    m_error->setPalette(warning);
    m_error->hide();

    m_pages->addWidget(makeChoosePage());
    m_pages->addWidget(makeWaitingPage());
    m_pages->addWidget(makeQrPage());
    m_pages->addWidget(makeExpiredPage());
    m_pages->addWidget(makeCodePage());

    // Instructions on the left, the code on the right, as WhatsApp Web lays it out.
    auto *left = new QVBoxLayout;
    left->addWidget(m_title);
    left->addSpacing(12);
    left->addWidget(m_steps);
    left->addWidget(m_error);
    left->addStretch();
    auto *card = new QHBoxLayout;
    card->addLayout(left, 3);
    card->addSpacing(32);
    card->addWidget(m_pages, 2);

    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(48, 40, 48, 40);
    outer->addStretch(1);
    outer->addLayout(card);
    outer->addStretch(2);

    m_tick.setInterval(500);
    connect(&m_tick, &QTimer::timeout, this, &LinkPanel::updateCountdown);
    setStage(Stage::Choose);
}

QWidget *LinkPanel::makeChoosePage() {
    auto *page = new QWidget(this);
    m_chooseNote = wrapped(QString(), page);
    auto *qr = new QPushButton(tr("Show a QR code"), page);
    qr->setDefault(true);
    connect(qr, &QPushButton::clicked, this, [this] { requestLink(LinkMethod::Qr); });
    m_phoneEdit = new QLineEdit(page);
    m_phoneEdit->setPlaceholderText(tr("Phone number, e.g. +55 11 90000-0001"));
    m_phoneEdit->setClearButtonEnabled(true);
    m_codeButton = new QPushButton(tr("Get a pairing code"), page);
    connect(m_phoneEdit, &QLineEdit::textChanged, this, &LinkPanel::validatePhone);
    connect(m_phoneEdit, &QLineEdit::returnPressed, m_codeButton, &QPushButton::click);
    connect(m_codeButton, &QPushButton::clicked, this, [this] {
        if (auto phone = normalizePhoneNumber(m_phoneEdit->text()))
            requestLink(LinkMethod::Code, *phone);
    });
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(m_chooseNote);
    layout->addSpacing(8);
    layout->addWidget(qr);
    layout->addSpacing(16);
    layout->addWidget(wrapped(tr("Or link with the phone number instead:"), page));
    layout->addWidget(m_phoneEdit);
    layout->addWidget(m_codeButton);
    layout->addStretch();
    validatePhone();
    return page;
}

QWidget *LinkPanel::makeWaitingPage() {
    auto *page = new QWidget(this);
    m_waiting = wrapped(QString(), page);
    m_waiting->setAlignment(Qt::AlignCenter);
    auto *layout = new QVBoxLayout(page);
    layout->addStretch();
    layout->addWidget(m_waiting);
    layout->addStretch();
    return page;
}

QWidget *LinkPanel::makeQrPage() {
    auto *page = new QWidget(this);
    m_qr = new QrCodeWidget(page);
    m_qr->setMinimumSize(264, 264);
    m_qr->setAccessibleName(tr("QR code to scan with WhatsApp"));
    m_countdown = new QLabel(page);
    m_countdown->setAlignment(Qt::AlignCenter);
    m_demoScan = new QPushButton(tr("Simulate scan with phone"), page);
    m_demoScan->setToolTip(tr("Demo mode: the emulator's phone scans this code."));
    m_demoScan->hide();
    connect(m_demoScan, &QPushButton::clicked, this, [this] { emit demoScanRequested(m_qr->text()); });
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(m_qr, 1);
    layout->addWidget(m_countdown);
    layout->addWidget(m_demoScan, 0, Qt::AlignHCenter);
    return page;
}

QWidget *LinkPanel::makeExpiredPage() {
    auto *page = new QWidget(this);
    auto *note = wrapped(tr("The code expired before it was used."), page);
    note->setAlignment(Qt::AlignCenter);
    auto *again = new QPushButton(tr("Get a new code"), page);
    again->setDefault(true);
    connect(again, &QPushButton::clicked, this, [this] { requestLink(m_method, m_phone); });
    auto *layout = new QVBoxLayout(page);
    layout->addStretch();
    layout->addWidget(note);
    layout->addWidget(again, 0, Qt::AlignHCenter);
    layout->addStretch();
    return page;
}

QWidget *LinkPanel::makeCodePage() {
    auto *page = new QWidget(this);
    m_code = new QLabel(page);
    m_code->setAlignment(Qt::AlignCenter);
    m_code->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(QFont().pointSizeF() * 2.6);
    mono.setBold(true);
    mono.setLetterSpacing(QFont::PercentageSpacing, 112);
    m_code->setFont(mono);
    m_code->setAccessibleName(tr("Pairing code"));
    m_codeNote = wrapped(QString(), page);
    m_codeNote->setAlignment(Qt::AlignCenter);
    auto *copy = new QPushButton(QIcon::fromTheme(QStringLiteral("edit-copy")), tr("Copy code"), page);
    connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_codeText); });
    auto *layout = new QVBoxLayout(page);
    layout->addStretch();
    layout->addWidget(m_code);
    layout->addWidget(m_codeNote);
    layout->addWidget(copy, 0, Qt::AlignHCenter);
    layout->addStretch();
    return page;
}

void LinkPanel::setName(const QString &name) {
    m_name = name;
    updateTexts();
}

void LinkPanel::setDemoScanAvailable(bool available) {
    m_demoScan->setVisible(available);
}

void LinkPanel::validatePhone() {
    const QString text = m_phoneEdit->text().trimmed();
    m_codeButton->setEnabled(!text.isEmpty() && normalizePhoneNumber(text).has_value());
}

void LinkPanel::requestLink(LinkMethod method, const QString &phone) {
    m_method = method;
    m_phone = phone;
    m_error->hide();
    setStage(Stage::Waiting);
    emit commandRequested(LinkCommand {m_session, method, phone});
}

void LinkPanel::showError(const QString &message) {
    m_error->setText(message);
    m_error->show();
    if (m_stage == Stage::Waiting || m_stage == Stage::LoggingIn)
        setStage(Stage::Choose);
}

void LinkPanel::applyEvent(const Event &event) {
    std::visit(Overloaded {
                   [this](const QrEvent &e) {
                       m_method = LinkMethod::Qr;
                       m_error->hide();
                       if (auto shown = m_qr->setText(e.qr); !shown) {
                           showError(shown.error().message);
                           return;
                       }
                       m_expiresAtMs = e.expiresAtMs;
                       setStage(Stage::Qr);
                   },
                   [this](const QrExpiredEvent &) {
                       [[maybe_unused]] const auto cleared = m_qr->setText({}); // empty text always succeeds
                       setStage(Stage::Expired);
                   },
                   [this](const PairingCodeEvent &e) {
                       m_method = LinkMethod::Code;
                       m_phone = e.phone;
                       m_codeText = e.code;
                       m_error->hide();
                       setStage(Stage::Code);
                   },
                   [this](const StatusEvent &e) {
                       switch (e.status) {
                       case SessionStatus::Connecting:
                           if (m_stage == Stage::Qr || m_stage == Stage::Code || !e.jid.isEmpty())
                               setStage(Stage::LoggingIn);
                           break;
                       case SessionStatus::LoggedOut:
                           m_chooseNote->setText(e.reason.isEmpty()
                                   ? tr("This number was logged out. Link it again to use it here.")
                                   : tr("This number was logged out (%1). Link it again to use it here.")
                                         .arg(e.reason));
                           setStage(Stage::Choose);
                           break;
                       case SessionStatus::Stopped:
                           m_chooseNote->setText(e.reason.isEmpty()
                                   ? tr("This number is stopped.")
                                   : tr("This number is stopped (%1).").arg(e.reason));
                           setStage(Stage::Choose);
                           break;
                       case SessionStatus::New:
                           // After the last QR the expired state stays until the user asks again.
                           if (m_stage != Stage::Expired && m_stage != Stage::Waiting)
                               setStage(Stage::Choose);
                           break;
                       default:
                           break;
                       }
                   },
                   [](const auto &) {},
               },
        event);
}

void LinkPanel::setStage(Stage stage) {
    m_stage = stage;
    switch (stage) {
    case Stage::Choose:
        m_pages->setCurrentIndex(0);
        break;
    case Stage::Waiting:
    case Stage::LoggingIn:
        m_pages->setCurrentIndex(1);
        break;
    case Stage::Qr:
        m_pages->setCurrentIndex(2);
        break;
    case Stage::Expired:
        m_pages->setCurrentIndex(3);
        break;
    case Stage::Code:
        m_pages->setCurrentIndex(4);
        break;
    }
    if (stage == Stage::Qr)
        m_tick.start();
    else
        m_tick.stop();
    updateTexts();
    updateCountdown();
}

void LinkPanel::updateCountdown() {
    if (m_stage != Stage::Qr)
        return;
    const qint64 left = m_expiresAtMs - QDateTime::currentMSecsSinceEpoch();
    if (left <= 0)
        m_countdown->setText(tr("Getting a fresh code…"));
    else
        m_countdown->setText(tr("This code changes in %n s", nullptr, int((left + 999) / 1000)));
}

void LinkPanel::updateTexts() {
    const QString who = m_name.isEmpty() ? tr("this number") : m_name;
    const QString path = tr("Open WhatsApp › Linked devices › Link a device");
    switch (m_stage) {
    case Stage::Choose:
    case Stage::Waiting:
        m_title->setText(tr("Link %1").arg(who));
        m_steps->setText(stepsHtml({tr("Have the phone with the WhatsApp number of %1 at hand.").arg(who),
            tr("Choose how to link it: scan a QR code, or type a pairing code on the phone."),
            tr("On the phone: %1.").arg(path)}));
        m_waiting->setText(m_stage == Stage::Waiting ? tr("Asking WhatsApp for a code…") : QString());
        break;
    case Stage::Qr:
    case Stage::Expired:
        m_title->setText(tr("Scan to link %1").arg(who));
        m_steps->setText(stepsHtml({tr("Open <b>WhatsApp</b> on the phone."),
            tr("Tap <b>Menu ⋮</b> (Android) or <b>Settings</b> (iPhone) and choose <b>Linked devices</b>."),
            tr("Tap <b>Link a device</b>."), tr("Point the phone at this screen to capture the code.")}));
        break;
    case Stage::Code:
        m_title->setText(tr("Enter the code on the phone of %1").arg(who));
        m_steps->setText(stepsHtml({tr("Open <b>WhatsApp</b> on the phone with the number %1.")
                                        .arg(displayPhone(m_phone)),
            tr("Tap <b>Menu ⋮</b> or <b>Settings</b>, then <b>Linked devices</b> › <b>Link a device</b>."),
            tr("Tap <b>Link with phone number instead</b>."), tr("Type the code shown here.")}));
        m_code->setText(m_codeText);
        m_codeNote->setText(tr("Pairing code for %1").arg(displayPhone(m_phone)));
        break;
    case Stage::LoggingIn:
        m_title->setText(tr("Linked! Opening %1…").arg(who));
        m_steps->setText(tr(
            "The phone accepted this computer. Balcão is logging in and will show the chats in a moment."));
        m_waiting->setText(tr("Logging in…"));
        break;
    }
}

} // namespace balcao
