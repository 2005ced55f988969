// Server: the HTTP/1.1 listener on Boost.Beast. One io_context on N threads, a strand per
// connection, keep-alive, header/body limits, read timeouts, an access log line per request and
// graceful shutdown. It knows nothing of news: it calls one Handler per request. Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "http/message.h"

namespace dateline::http {

// Builds the answer to a request refused before any handler runs: `status` 400 (malformed), 413
// (body over its limit) or 431 (header over the limit); `target` is what the request line held
// ("" when it could not be read) and `reason` a short text naming what was wrong. Called on an io
// thread; must not throw.
using Refusal =
    std::function<Response(unsigned status, std::string_view target, std::string_view reason)>;

struct ServerOptions {
  std::string address = "127.0.0.1";
  unsigned short port = 8080;  // 0 picks a free port; port() tells which
  int threads = 2;
  std::size_t header_limit = 16 * 1024;
  std::size_t body_limit = 1024 * 1024;
  // Other body limits for requests whose target starts with a prefix ({"/upload", 25 << 20}): the
  // longest matching prefix wins, every other request gets body_limit. Decided once the header
  // is read, before any byte of the body; a request whose Content-Length is over its limit is
  // answered 413 at once.
  std::vector<std::pair<std::string, std::size_t>> body_limits;
  std::chrono::seconds read_timeout{30};
  std::chrono::seconds drain_timeout{10};
  bool access_log = true;
  // How refusals are answered; unset, they are plain text ("413 Content Too Large: ...").
  Refusal refusal;
};

// The body limit `options` sets for a request to `target` (path and query, as sent).
std::size_t body_limit_for(const ServerOptions& options, std::string_view target);

// Called on an io thread for every well-formed request; must not throw (a throw answers 500).
using Handler = std::function<Response(const Request&)>;

class Server {
 public:
  Server(ServerOptions options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds, listens and starts the io threads. Returns kUnavailable naming the address on failure.
  // `before_serving`, when given, runs once the port is bound and before any connection is
  // accepted (what the first requests must already see, such as an address made from the port);
  // its error stops the start.
  core::Status start(const std::function<core::Status(unsigned short port)>& before_serving = {});
  unsigned short port() const;
  // Stops accepting, lets in-flight requests finish for up to drain_timeout, then stops.
  // Idempotent.
  void stop();
  // Blocks until stop() has completed (from another thread or a signal).
  void wait();
  // Makes SIGINT and SIGTERM call stop().
  void stop_on_signals();

  struct Impl;  // defined in server.cc; public only so connection sessions there can name it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace dateline::http
