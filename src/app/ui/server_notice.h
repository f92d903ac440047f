#pragma once

#include "session_list_model.h"

#include <QFrame>
#include <optional>

class QLabel;
class QPushButton;

namespace balcao {

// What the window says about a number the server turned away (a login failure with its own code:
// outdated version, temporary ban, refused): a title, the server's reason and what to do. Values only,
// so they are tested without widgets; `nowMs` dates how long a ban has left.
struct ServerNotice {
    QString title;
    QString text;
    QString advice;

    static std::optional<ServerNotice> of(const SessionRow &row, qint64 nowMs);
};

// The notice as a banner above the number's page, with a "Try again" button that starts the number.
class ServerNoticeBanner : public QFrame {
    Q_OBJECT
public:
    explicit ServerNoticeBanner(QWidget *parent = nullptr);

    // Shows the notice for `row` (hides the banner when there is none).
    void showFor(const SessionRow *row, qint64 nowMs);
    QString session() const { return m_session; }

signals:
    void retryRequested(const QString &session);

private:
    QString m_session;
    QLabel *m_title;
    QLabel *m_text;
    QLabel *m_advice;
    QPushButton *m_retry;
};

} // namespace balcao
