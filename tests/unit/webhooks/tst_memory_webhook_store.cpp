#include "tst_webhook_store_suite.h"

#include <QTest>
#include <memory>
#include <memory_webhook_store.h>

// The shared WebhookStore behaviour suite against the in-memory store the dispatcher tests use.
class TestMemoryWebhookStore : public WebhookStoreSuite {
    Q_OBJECT
protected:
    balcao::webhooks::WebhookStore &freshStore() override {
        m_store = std::make_unique<balcao::webhooks::MemoryWebhookStore>();
        return *m_store;
    }

private:
    std::unique_ptr<balcao::webhooks::MemoryWebhookStore> m_store;
};

QTEST_GUILESS_MAIN(TestMemoryWebhookStore)
#include "tst_memory_webhook_store.moc"
