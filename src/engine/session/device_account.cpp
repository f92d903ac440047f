#include "device_account.h"

namespace balcao {

Result<void> DeviceAccount::load() {
    if (m_credentials)
        return {};
    auto loaded = m_store->load(m_sessionId);
    if (!loaded)
        return loaded.error();
    m_credentials = *loaded;
    return {};
}

Result<void> DeviceAccount::createIfMissing() {
    if (m_credentials)
        return {};
    auto fresh = DeviceCredentials::generate();
    if (!fresh)
        return fresh.error();
    m_credentials = *fresh;
    if (auto saved = save(); !saved) {
        m_credentials.reset();
        return saved.error();
    }
    return {};
}

Result<void> DeviceAccount::replace(DeviceCredentials next) {
    std::swap(*m_credentials, next);
    if (auto saved = save(); !saved) {
        std::swap(*m_credentials, next);
        return saved.error();
    }
    return {};
}

Result<void> DeviceAccount::forget() {
    m_credentials.reset();
    return m_store->wipe(m_sessionId);
}

} // namespace balcao
