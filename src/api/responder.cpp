#include "responder.h"

namespace balcao::api {

Responder::Responder(Sink sink)
    : m_state(std::make_shared<State>()) {
    m_state->sink = std::move(sink);
}

void Responder::send(Response response) const {
    if (!m_state || m_state->done.exchange(true))
        return;
    if (m_state->sink)
        m_state->sink(std::move(response));
}

bool Responder::answered() const {
    return !m_state || m_state->done.load();
}

} // namespace balcao::api
