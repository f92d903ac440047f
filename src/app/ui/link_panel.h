#pragma once

#include <QTimer>
#include <QWidget>
#include <session/commands.h>
#include <session/events.h>

class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;

namespace balcao {

class QrCodeWidget;

// What a number that is not linked shows: how to link it, the live QR (replaced on each `qr` event, with
// a countdown to its expiry, then an expired state with "Get a new code") or the pairing code (large,
// grouped ABCD-EFGH, copyable), each with the steps WhatsApp users know. One per session; fed by the
// session's events; asks for LinkCommands through commandRequested. Lives in the GUI thread.
class LinkPanel : public QWidget {
    Q_OBJECT
public:
    enum class Stage { Choose, Waiting, Qr, Expired, Code, LoggingIn };

    LinkPanel(const QString &session, const QString &name, QWidget *parent = nullptr);

    QString session() const { return m_session; }
    void setName(const QString &name);
    // Demo mode: offer "Simulate scan with phone" next to the QR.
    void setDemoScanAvailable(bool available);

    // Asks for a QR or a pairing code (as the buttons do).
    void requestLink(LinkMethod method, const QString &phone = {});
    void applyEvent(const Event &event);
    void showError(const QString &message);

    Stage stage() const { return m_stage; }
    QrCodeWidget *qrWidget() const { return m_qr; }
    QString pairingCode() const { return m_codeText; }

signals:
    void commandRequested(const balcao::Command &command);
    void demoScanRequested(const QString &qr);

private:
    QWidget *makeChoosePage();
    QWidget *makeWaitingPage();
    QWidget *makeQrPage();
    QWidget *makeExpiredPage();
    QWidget *makeCodePage();
    void setStage(Stage stage);
    void updateCountdown();
    void updateTexts();
    void validatePhone();

    QString m_session;
    QString m_name;
    Stage m_stage = Stage::Choose;
    LinkMethod m_method = LinkMethod::Qr;
    QString m_phone;
    QString m_codeText;
    qint64 m_expiresAtMs = 0;

    QLabel *m_title;
    QLabel *m_steps;
    QLabel *m_error;
    QStackedWidget *m_pages;
    QLabel *m_chooseNote = nullptr;
    QLineEdit *m_phoneEdit = nullptr;
    QPushButton *m_codeButton = nullptr;
    QLabel *m_waiting = nullptr;
    QrCodeWidget *m_qr = nullptr;
    QLabel *m_countdown = nullptr;
    QPushButton *m_demoScan = nullptr;
    QLabel *m_code = nullptr;
    QLabel *m_codeNote = nullptr;
    QTimer m_tick;
};

} // namespace balcao
