#pragma once

#include <QObject>
#include <QPointer>
#include <session/events.h>

class QSystemTrayIcon;
class QMenu;

namespace balcao {

// Tells the user about new messages: the tray icon carries the unread total (when the desktop has a tray),
// and each incoming message raises a desktop notification naming the number it came to; clicking it asks
// for that chat. notified() is emitted for every notification, shown or not, so tests can observe it.
// Lives in the GUI thread.
class Notifier : public QObject {
    Q_OBJECT
public:
    explicit Notifier(QObject *parent = nullptr);
    ~Notifier() override;

    // Shows the tray icon when the platform has a tray; the menu is offered on right click.
    void setTrayMenu(QMenu *menu);
    bool hasTray() const { return m_tray != nullptr; }
    void setEnabled(bool enabled) { m_enabled = enabled; }

    void setUnreadTotal(int total);
    int unreadTotal() const { return m_unread; }

    // A new incoming message for the number `sessionName` (its phone in `sessionPhone`).
    void notifyMessage(const MessageEvent &message, const QString &sessionName, const QString &sessionPhone);

    // What clicking the last notification does (the tray's messageClicked calls it).
    void openLast();

signals:
    void notified(const QString &session, const QString &chat, const QString &title, const QString &body);
    void openChatRequested(const QString &session, const QString &chat);
    // A click on the tray icon itself.
    void trayActivated();

private:
    QSystemTrayIcon *m_tray = nullptr;
    bool m_enabled = true;
    int m_unread = 0;
    QString m_lastSession;
    QString m_lastChat;
};

} // namespace balcao
