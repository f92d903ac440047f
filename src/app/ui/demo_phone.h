#pragma once

#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>

namespace balcao {

// Demo mode only (`--demo-emulator URL`): the emulator's business phone, which can "scan" a QR shown on
// screen through the emulator's control API (POST /phones/{phone}/scan), so a newcomer sees the whole link
// flow without a real phone. Asynchronous; never blocks the GUI thread.
class DemoPhone : public QObject {
    Q_OBJECT
public:
    static constexpr char kBusinessPhone[] = "5511900000001"; // the phone scripts/demo creates

    DemoPhone(const QUrl &control, QObject *parent = nullptr);

    void scan(const QString &qr);

signals:
    // The emulator's answer: ok, or why the scan failed (unknown or expired code, emulator gone).
    void scanned(bool ok, const QString &problem);

private:
    QUrl m_control;
    QNetworkAccessManager m_network;
};

} // namespace balcao
