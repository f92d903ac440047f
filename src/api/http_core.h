#pragma once

// The API server's network-thread state, shared by http_server.cpp (connections) and http_streams.cpp (event
// streams). Private to src/api: Beast stays behind HttpServer.
#include "http_server.h"

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace balcao::api {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace detail {

using Message = std::shared_ptr<const std::string>;

// A stream client: a WebSocket or an SSE connection fed by the hub.
class StreamClient {
public:
    virtual ~StreamClient() = default;
    virtual bool wants(const std::string &session) const = 0;
    virtual void push(const Message &message) = 0;
};

class HttpConnection;

} // namespace detail

// Everything the network thread shares. Connections and stream clients point to it without owning it;
// the HttpServer owns it (the shared_ptr only lets a late Responder see that the server is gone).
struct HttpServer::Core : std::enable_shared_from_this<HttpServer::Core> {
    ~Core();

    Limits limits;
    Dispatch dispatch;
    QString boundHost;
    std::atomic_int connections {0};
    std::atomic_int streams {0};
    std::atomic_int dropped {0};
    std::vector<std::weak_ptr<detail::StreamClient>> clients; // network thread only
    // Connections waiting for their handler's answer (nothing else holds them meanwhile).
    std::unordered_map<detail::HttpConnection *, std::shared_ptr<detail::HttpConnection>> awaiting;
    std::thread thread;
    // After the members the connections use, so pending handlers are destroyed while those still exist.
    asio::io_context ioc {1};
    std::optional<tcp::acceptor> acceptor;

    void accept();
    void deliver(const std::string &session, const detail::Message &message) {
        std::erase_if(clients, [](const std::weak_ptr<detail::StreamClient> &c) { return c.expired(); });
        const auto snapshot = clients;
        for (const auto &weak : snapshot) {
            if (auto client = weak.lock(); client && client->wants(session))
                client->push(message);
        }
    }
};

namespace detail {

// Serve an accepted event stream on `stream`: Server-Sent Events after `head` (the response header and a
// first comment), or a WebSocket after the handshake `request`. The client registers itself with `core` and
// lives as long as its connection.
void startEventStream(
    beast::tcp_stream stream, StreamFilter filter, HttpServer::Core *core, std::string head);
void startWebSocket(beast::tcp_stream stream, StreamFilter filter, HttpServer::Core *core,
    http::request<http::string_body> request);

} // namespace detail

} // namespace balcao::api
