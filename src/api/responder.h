#pragma once

#include "http_types.h"

#include <atomic>
#include <functional>
#include <memory>

namespace balcao::api {

// The way back to the client for one request. Copyable, so a handler can keep it until an answer arrives
// (a session's reply, an event); only the first send() counts, later ones are dropped, so a timeout and
// a late answer never both write. Safe to call from any thread: the server queues the write onto the
// connection's own thread.
class Responder {
public:
    using Sink = std::function<void(Response)>;

    Responder() = default;
    explicit Responder(Sink sink);

    void send(Response response) const;
    bool answered() const;

private:
    struct State {
        Sink sink;
        std::atomic_bool done {false};
    };
    std::shared_ptr<State> m_state;
};

} // namespace balcao::api
