#include "qr_pairing.h"

#include "auth/qr_link.h"

#include <QDateTime>

namespace balcao {

QrPairing::QrPairing(int firstRefMs, int nextRefMs, QObject *parent)
    : QObject(parent)
    , m_firstRefMs(firstRefMs)
    , m_nextRefMs(nextRefMs) {
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &QrPairing::showNext);
}

void QrPairing::start(const QList<QByteArray> &refs, const DeviceCredentials &credentials) {
    m_refs = refs;
    m_next = 0;
    m_credentials = credentials;
    showNext();
}

void QrPairing::stop() {
    m_timer.stop();
    m_refs.clear();
}

void QrPairing::showNext() {
    if (m_next >= m_refs.size()) {
        // Every ref has been shown: the user asks for a new QR (WhatsApp Web does the same).
        stop();
        emit expired();
        return;
    }
    const int lifetime = m_next == 0 ? m_firstRefMs : m_nextRefMs;
    const QString text = qrLinkText(m_refs.at(m_next++), m_credentials);
    m_timer.start(lifetime);
    emit qr(text, QDateTime::currentMSecsSinceEpoch() + lifetime);
}

} // namespace balcao
