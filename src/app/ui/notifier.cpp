#include "notifier.h"

#include "app_icon.h"
#include "phone_display.h"

#include <QCoreApplication>
#include <QMenu>
#include <QSystemTrayIcon>

namespace balcao {

Notifier::Notifier(QObject *parent)
    : QObject(parent) {
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new QSystemTrayIcon(AppIcon::make(), this);
    m_tray->setToolTip(QCoreApplication::applicationName());
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, &Notifier::openLast);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
            emit trayActivated();
    });
    m_tray->show();
}

Notifier::~Notifier() = default;

void Notifier::setTrayMenu(QMenu *menu) {
    if (m_tray)
        m_tray->setContextMenu(menu);
}

void Notifier::setUnreadTotal(int total) {
    if (total == m_unread)
        return;
    m_unread = total;
    if (!m_tray)
        return;
    m_tray->setIcon(AppIcon::make(total));
    m_tray->setToolTip(total > 0 ? tr("Balcão — %n unread message(s)", nullptr, total)
                                 : QCoreApplication::applicationName());
}

void Notifier::notifyMessage(
    const MessageEvent &message, const QString &sessionName, const QString &sessionPhone) {
    if (message.fromMe || !m_enabled)
        return;
    const QString sender = message.pushName.isEmpty()
        ? displayPhone(message.from.isEmpty() ? message.chat : message.from)
        : message.pushName;
    const QString number = sessionName.isEmpty() ? displayPhone(sessionPhone) : sessionName;
    const QString title = tr("%1 → %2").arg(sender, number);
    QString body
        = message.type == QLatin1String("text") ? message.text : tr("New %1 message").arg(message.type);
    if (body.size() > 200)
        body = body.left(199) + QChar(0x2026);
    m_lastSession = message.session;
    m_lastChat = message.chat;
    if (m_tray)
        m_tray->showMessage(title, body, AppIcon::make(), 8000);
    emit notified(message.session, message.chat, title, body);
}

void Notifier::openLast() {
    if (!m_lastSession.isEmpty())
        emit openChatRequested(m_lastSession, m_lastChat);
}

} // namespace balcao
