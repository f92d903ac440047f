#include "webhook_log_page.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <webhook_service.h>

namespace balcao {

using webhooks::Delivery;
using webhooks::WebhookDispatcher;

// What one refresh read in the dispatcher's thread, carried to the GUI thread.
struct WebhookLogPage::Snapshot {
    QString session;
    std::optional<webhooks::Webhook> webhook;
    webhooks::EndpointHealth health;
    QList<Delivery> deliveries;
    QString error;
};

namespace {

constexpr int kRows = 200;

QString timeText(qint64 ms) {
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                  : QString();
}

} // namespace

WebhookLogPage::WebhookLogPage(webhooks::WebhookService *service, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_sessions(new QComboBox(this))
    , m_endpoint(new QLabel(this))
    , m_table(new QTableWidget(0, 6, this))
    , m_debounce(new QTimer(this)) {
    auto *refreshButton = new QPushButton(tr("Refresh"), this);
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Number:"), this));
    top->addWidget(m_sessions, 1);
    top->addWidget(refreshButton);
    m_endpoint->setWordWrap(true);
    m_endpoint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_table->setHorizontalHeaderLabels(
        {tr("Created"), tr("Event"), tr("State"), tr("Attempts"), tr("Answer"), tr("Last error")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_endpoint);
    layout->addWidget(m_table, 1);

    // A busy webhook makes many attempts a second; the table is read again at most every 300 ms.
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(300);
    connect(m_debounce, &QTimer::timeout, this, &WebhookLogPage::refresh);
    connect(refreshButton, &QPushButton::clicked, this, &WebhookLogPage::refresh);
    connect(m_sessions, &QComboBox::currentIndexChanged, this, &WebhookLogPage::refresh);
    connect(m_service->dispatcher(), &WebhookDispatcher::attempted, this, [this](const Delivery &d) {
        if (d.session == currentSession() && !m_debounce->isActive())
            m_debounce->start();
    });
}

void WebhookLogPage::setSessions(const QList<QPair<QString, QString>> &sessions) {
    const QString current = currentSession();
    const QSignalBlocker block(m_sessions);
    m_sessions->clear();
    for (const auto &[id, name] : sessions)
        m_sessions->addItem(name.isEmpty() ? id : name, id);
    const int index = m_sessions->findData(current);
    m_sessions->setCurrentIndex(index >= 0 ? index : 0);
    refresh();
}

QString WebhookLogPage::currentSession() const {
    return m_sessions->currentData().toString();
}

void WebhookLogPage::refresh() {
    const QString session = currentSession();
    QPointer<WebhookLogPage> page(this);
    m_service->post([session, page](WebhookDispatcher &d) {
        Snapshot snapshot;
        snapshot.session = session;
        if (!session.isEmpty()) {
            auto webhook = d.webhook(session);
            auto log = d.deliveries(session, kRows);
            if (webhook && log) {
                snapshot.webhook = *webhook;
                snapshot.deliveries = *log;
                snapshot.health = d.health(session);
            } else {
                snapshot.error = (webhook ? log.error() : webhook.error()).message;
            }
        }
        // Back to the GUI thread; `page` is only looked at there.
        QMetaObject::invokeMethod(QCoreApplication::instance(), [page, snapshot] {
            if (page)
                page->showSnapshot(snapshot);
        });
    });
}

void WebhookLogPage::showSnapshot(const Snapshot &snapshot) {
    if (snapshot.session != currentSession())
        return; // an answer for a session no longer chosen
    if (!snapshot.error.isEmpty())
        m_endpoint->setText(tr("The delivery log cannot be read: %1").arg(snapshot.error));
    else if (!snapshot.webhook)
        m_endpoint->setText(
            tr("This number has no webhook. Set one through the API (PUT /sessions/{id}/webhook)."));
    else
        m_endpoint->setText(tr(
            "Sends to %1 — endpoint %2, %n failure(s) in a row", nullptr, snapshot.health.consecutiveFailures)
                                .arg(snapshot.webhook->url, snapshot.health.breaker));
    m_table->setRowCount(int(snapshot.deliveries.size()));
    for (int row = 0; row < snapshot.deliveries.size(); ++row) {
        const Delivery &d = snapshot.deliveries.at(row);
        const QStringList cells {timeText(d.createdAtMs), d.event, webhooks::deliveryStateName(d.state),
            QString::number(d.attempts), d.responseCode ? QString::number(d.responseCode) : QString(),
            d.lastError};
        for (int column = 0; column < cells.size(); ++column)
            m_table->setItem(row, column, new QTableWidgetItem(cells.at(column)));
    }
    emit refreshed();
}

int WebhookLogPage::rowCount() const {
    return m_table->rowCount();
}

QString WebhookLogPage::cell(int row, int column) const {
    const QTableWidgetItem *item = m_table->item(row, column);
    return item ? item->text() : QString();
}

QString WebhookLogPage::endpointText() const {
    return m_endpoint->text();
}

} // namespace balcao
