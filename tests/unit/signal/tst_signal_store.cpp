#include "tst_signal_store_suite.h"

#include <QTest>
#include <memory>
#include <signal/memory_signal_store.h>

// The shared SignalStore behaviour suite against the in-memory store that unit tests use.
class TestMemorySignalStore : public SignalStoreSuite {
    Q_OBJECT
protected:
    balcao::SignalStore &freshStore() override {
        m_store = std::make_unique<balcao::MemorySignalStore>();
        return *m_store;
    }

private:
    std::unique_ptr<balcao::MemorySignalStore> m_store;
};

QTEST_GUILESS_MAIN(TestMemorySignalStore)
#include "tst_signal_store.moc"
