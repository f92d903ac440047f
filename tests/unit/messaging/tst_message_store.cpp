#include "messaging_suites.h"

#include <QCoreApplication>
#include <memory>
#include <messaging/memory_messaging.h>

// The four store contract suites against the in-memory stores that unit tests use. Each session has its
// own MemoryMessaging, as each has its own bound stores in SQLite.
class MemoryStores final : public StoreFactory {
public:
    balcao::MessagingStores freshStores() override {
        m_a = std::make_unique<balcao::MemoryMessaging>();
        m_b = std::make_unique<balcao::MemoryMessaging>();
        return m_a->stores();
    }
    balcao::MessagingStores otherSession() override { return m_b->stores(); }

private:
    std::unique_ptr<balcao::MemoryMessaging> m_a;
    std::unique_ptr<balcao::MemoryMessaging> m_b;
};

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    MemoryStores stores;
    return runMessagingSuites(stores, argc, argv);
}
