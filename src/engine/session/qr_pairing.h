#pragma once

#include "auth/device_credentials.h"

#include <QObject>
#include <QTimer>

namespace balcao {

// Linking by QR (docs/protocol.md §6): shows the refs of the server's pair-device offer as QR texts, one
// after the other — the first for 60 s, each next one for 20 s, as WhatsApp Web does — and says expired()
// when every ref has been shown (a new offer needs a new connection). Lives in the session thread.
class QrPairing : public QObject {
    Q_OBJECT
public:
    QrPairing(int firstRefMs, int nextRefMs, QObject *parent = nullptr);

    void start(const QList<QByteArray> &refs, const DeviceCredentials &credentials);
    void stop();
    bool isShowing() const { return m_timer.isActive(); }

signals:
    // The QR text to show and when it stops being valid (ms since epoch).
    void qr(const QString &text, qint64 expiresAtMs);
    void expired();

private:
    void showNext();

    int m_firstRefMs;
    int m_nextRefMs;
    QList<QByteArray> m_refs;
    int m_next = 0;
    DeviceCredentials m_credentials;
    QTimer m_timer;
};

} // namespace balcao
