#pragma once

#include <QWidget>
#include <webhook.h>

class QComboBox;
class QLabel;
class QTableWidget;
class QTimer;

namespace balcao::webhooks {
class WebhookService;
struct EndpointHealth;
} // namespace balcao::webhooks

namespace balcao {

// The delivery log of a session's webhook, for the settings dialog: its URL and breaker state, and its latest
// deliveries (time, event, state, attempts, HTTP answer, last error), newest first. Reads through the
// WebhookService (the dispatcher's thread) and refreshes itself after each attempt. Lives in the GUI thread.
class WebhookLogPage : public QWidget {
    Q_OBJECT
public:
    explicit WebhookLogPage(webhooks::WebhookService *service, QWidget *parent = nullptr);

    // The sessions to choose from: (id, name) pairs, in the order to show them.
    void setSessions(const QList<QPair<QString, QString>> &sessions);
    QString currentSession() const;
    // Asks the dispatcher for the current session's webhook and log again.
    void refresh();

    // What the page shows, for tests: rows of the table, and the endpoint line.
    int rowCount() const;
    QString cell(int row, int column) const;
    QString endpointText() const;

signals:
    // After each refresh has been shown.
    void refreshed();

private:
    struct Snapshot;
    void showSnapshot(const Snapshot &snapshot);

    webhooks::WebhookService *m_service;
    QComboBox *m_sessions;
    QLabel *m_endpoint;
    QTableWidget *m_table;
    QTimer *m_debounce;
};

} // namespace balcao
