#include "tst_message_store_suite.h"

#include <QTest>
#include <memory>
#include <messaging/memory_message_store.h>

// The shared MessageStore behaviour suite against the in-memory store that unit tests use.
class TestMemoryMessageStore : public MessageStoreSuite {
    Q_OBJECT
protected:
    balcao::MessageStore &freshStore() override {
        m_store = std::make_unique<balcao::MemoryMessageStore>();
        return *m_store;
    }

private:
    std::unique_ptr<balcao::MemoryMessageStore> m_store;
};

QTEST_GUILESS_MAIN(TestMemoryMessageStore)
#include "tst_message_store.moc"
