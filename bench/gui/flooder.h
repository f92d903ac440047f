#pragma once

#include <QObject>
#include <QThread>
#include <QUrl>

namespace balcao::bench {

// Makes an emulator phone send many texts to one number, through the emulator's control API, from a
// thread of its own so the HTTP traffic never runs in the GUI thread being measured.
class Flooder : public QObject {
    Q_OBJECT
public:
    Flooder(QUrl control, QString fromPhone, QString toPhone, int count, QObject *parent = nullptr);
    ~Flooder() override;

    // Starts sending; finished() tells how many the emulator accepted.
    void start();

signals:
    void finished(int accepted, int failed);

private:
    QThread m_thread;
    QObject *m_worker;
};

} // namespace balcao::bench
