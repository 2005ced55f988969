#include "http/server.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <future>
#include <iterator>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "core/log.h"
#include "core/strings.h"

namespace dateline::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

bool valid_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::size_t body_limit_for(const ServerOptions& options, std::string_view target) {
  const std::string_view path = target.substr(0, target.find('?'));
  std::size_t limit = options.body_limit;
  std::size_t matched = 0;
  for (const auto& [prefix, prefix_limit] : options.body_limits) {
    if (prefix.size() >= matched && path.starts_with(prefix)) {
      limit = prefix_limit;
      matched = prefix.size();
    }
  }
  return limit;
}

struct Server::Impl {
  ServerOptions options;
  Handler handler;
  asio::io_context ioc;
  tcp::acceptor acceptor{asio::make_strand(ioc)};
  std::optional<asio::signal_set> signals;
  std::vector<std::thread> threads;
  std::atomic<int> in_flight{0};
  // Set by stop(): connections close after their current response, and the last request to
  // finish notifies `cv`.
  std::atomic<bool> draining{false};
  std::atomic<std::uint64_t> next_id{0};
  std::string id_prefix;
  std::mutex mu;
  std::condition_variable cv;
  bool stopping = false;
  bool stopped = false;
  unsigned short bound_port = 0;
  std::thread signal_stopper;

  // The largest body any request may have: the parser starts with it, and narrows it to the
  // request's own limit once the target is known.
  std::size_t max_body_limit = 0;

  Impl(ServerOptions o, Handler h) : options(std::move(o)), handler(std::move(h)) {
    std::random_device rd;
    id_prefix = fmt::format("{:08x}", rd());
    max_body_limit = options.body_limit;
    for (const auto& limit : options.body_limits) {
      max_body_limit = std::max(max_body_limit, limit.second);
    }
  }

  void do_accept();
  Response dispatch(Request& request);
};

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Server::Impl& server) : stream_(std::move(socket)), server_(server) {
    beast::error_code ec;
    auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = endpoint.address().to_string();
  }

  void run() {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&Session::do_read, shared_from_this()));
  }

 private:
  // Reads the header first: the body's limit depends on the target.
  void do_read() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options.header_limit));
    parser_->body_limit(server_.max_body_limit);
    stream_.expires_after(server_.options.read_timeout);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Session::on_header, shared_from_this()));
  }

  void on_header(beast::error_code ec, std::size_t) {
    if (ec) return on_read(ec, 0);
    const std::size_t limit = body_limit_for(server_.options, parser_->get().target());
    const auto length = parser_->content_length();
    if (length && *length > limit) return on_read(bhttp::error::body_limit, 0);
    parser_->body_limit(limit);
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  Response refuse(unsigned status, std::string_view target, std::string_view reason) const {
    if (server_.options.refusal) return server_.options.refusal(status, target, reason);
    return Response::text(status, fmt::format("{}: {}\n", reason_phrase(status), reason));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::operation_aborted || ec == asio::error::connection_reset ||
        ec == asio::error::eof) {
      return close();
    }
    if (ec) {
      unsigned status = 400;
      if (ec == bhttp::error::header_limit) status = 431;
      if (ec == bhttp::error::body_limit) status = 413;
      // The client may still be sending what we refused: read it away before closing, or the
      // close would reset the connection and could destroy this answer before it is read.
      linger_ = !parser_->is_done();
      // The parser holds the target once the request line was read (even when the header
      // fields after it were too long); "" otherwise.
      const auto target = std::string(parser_->get().target());
      return send(refuse(status, target, ec.message()), false, "-", "-", "-");
    }
    auto& req = parser_->get();
    Request request;
    request.method = std::string(req.method_string());
    request.target = std::string(req.target());
    const auto q = request.target.find('?');
    const auto raw_path = std::string_view(request.target).substr(0, q);
    if (q != std::string::npos) request.query = request.target.substr(q + 1);
    auto decoded = core::url_decode(core::replace_all(raw_path, "+", "%2B"));
    for (const auto& field : req) {
      request.headers.emplace_back(core::to_lower_ascii(field.name_string()),
                                   std::string(field.value()));
    }
    request.body = std::move(req.body());
    request.remote_address = remote_;
    const auto given_id = request.header("x-request-id");
    request.request_id = valid_request_id(given_id)
                             ? std::string(given_id)
                             : fmt::format("{}-{}", server_.id_prefix, ++server_.next_id);
    const bool keep_alive = req.keep_alive();
    const bool head = req.method() == bhttp::verb::head;
    ++server_.in_flight;
    const auto started = std::chrono::steady_clock::now();
    Response response;
    if (!decoded || raw_path.empty() || raw_path.front() != '/' ||
        decoded->find('\0') != std::string::npos) {
      response = refuse(400, request.target, "malformed path");
    } else {
      request.path = std::move(*decoded);
      response = server_.dispatch(request);
    }
    if (server_.options.access_log) {
      const auto elapsed =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
      core::log::info("access id={} addr={} method={} target=\"{}\" status={} bytes={} ms={:.2f}",
                      request.request_id, remote_, request.method,
                      core::replace_all(request.target, "\"", "%22"), response.status,
                      response.payload().size(), elapsed.count());
    }
    response.set_header("X-Request-Id", request.request_id);
    send(std::move(response), keep_alive, request.request_id, request.method, request.target, head);
    // Only a draining stop() waits for this; waking it on every request would cost a futex wake.
    if (--server_.in_flight == 0 && server_.draining.load()) {
      std::lock_guard lock(server_.mu);
      server_.cv.notify_all();
    }
  }

  void send(Response response, bool keep_alive, std::string_view, std::string_view,
            std::string_view, bool head = false) {
    response_ = std::move(response);
    const auto payload = response_.payload();
    // The head is written here rather than by Beast's serializer: a cached page is then one
    // small string (reusing this session's buffer) and the shared page bytes, in one write.
    const unsigned status = response_.status;
    head_.clear();
    fmt::format_to(std::back_inserter(head_), "HTTP/1.1 {} {}\r\nServer: Dateline\r\n", status,
                   reason_phrase(status));
    for (const auto& [name, value] : response_.headers) {
      append_field(name, value);
    }
    const bool bodiless = status / 100 == 1 || status == 204 || status == 304;
    if (!bodiless)
      fmt::format_to(std::back_inserter(head_), "Content-Length: {}\r\n", payload.size());
    if (!keep_alive) head_ += "Connection: close\r\n";
    head_ += "\r\n";
    const std::array<asio::const_buffer, 2> buffers{
        asio::buffer(head_),
        (head || bodiless) ? asio::const_buffer{} : asio::buffer(payload.data(), payload.size())};
    asio::async_write(
        stream_, buffers,
        beast::bind_front_handler(&Session::on_write, shared_from_this(), keep_alive));
  }

  // One header line; a CR, LF or NUL in a name or value (which would split the header) is left
  // out, and a name that is not an HTTP token is not written at all.
  void append_field(std::string_view name, std::string_view value) {
    if (name.empty()) return;
    for (char c : name) {
      const auto u = static_cast<unsigned char>(c);
      if (u <= 32 || u >= 127 || c == ':') return;
    }
    head_ += name;
    head_ += ": ";
    static constexpr std::string_view kBreaks{"\r\n\0", 3};
    while (!value.empty()) {
      const auto cut = std::min(value.find_first_of(kBreaks), value.size());
      head_ += value.substr(0, cut);
      value.remove_prefix(std::min(cut + 1, value.size()));
    }
    head_ += "\r\n";
  }

  void on_write(bool keep_alive, beast::error_code ec, std::size_t) {
    response_ = {};
    if (ec || !keep_alive || server_.draining.load()) return close();
    do_read();
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (linger_) {
      linger_ = false;
      stream_.expires_after(std::min(server_.options.read_timeout, kLingerTime));
      drain(beast::error_code{}, 0);
    }
  }

  // Discards what the client still sends after a refusal, for a bounded time and number of bytes;
  // the socket closes when this stops and the session goes.
  void drain(beast::error_code ec, std::size_t n) {
    drained_ += n;
    if (ec || drained_ > kLingerBytes) return;
    stream_.async_read_some(asio::buffer(drain_buffer_),
                            beast::bind_front_handler(&Session::drain, shared_from_this()));
  }

  static constexpr std::chrono::seconds kLingerTime{5};
  static constexpr std::size_t kLingerBytes = 64 * 1024 * 1024;

  beast::tcp_stream stream_;
  Server::Impl& server_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Response response_;
  std::string head_;
  std::string remote_;
  bool linger_ = false;
  std::size_t drained_ = 0;
  std::array<char, 16 * 1024> drain_buffer_{};
};

}  // namespace

Response Server::Impl::dispatch(Request& request) {
  try {
    return handler(request);
  } catch (const std::exception& e) {
    core::log::error("handler failed id={} error=\"{}\"", request.request_id, e.what());
  } catch (...) {
    core::log::error("handler failed id={} error=unknown", request.request_id);
  }
  return Response::text(500,
                        fmt::format("Internal Server Error (request {})\n", request.request_id));
}

void Server::Impl::do_accept() {
  acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
      core::log::warn("accept failed error=\"{}\"", ec.message());
    } else {
      std::make_shared<Session>(std::move(socket), *this)->run();
    }
    do_accept();
  });
}

Server::Server(ServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

Server::~Server() {
  stop();
  if (impl_->signal_stopper.joinable()) impl_->signal_stopper.join();
  for (auto& t : impl_->threads) {
    if (t.joinable()) t.join();
  }
}

core::Status Server::start(const std::function<core::Status(unsigned short port)>& before_serving) {
  auto& im = *impl_;
  beast::error_code ec;
  const auto address = asio::ip::make_address(im.options.address, ec);
  if (ec) {
    return core::make_error(core::Errc::kInvalidArgument,
                            fmt::format("bad listen address '{}'", im.options.address));
  }
  const tcp::endpoint endpoint(address, im.options.port);
  im.acceptor.open(endpoint.protocol(), ec);
  if (!ec) im.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) im.acceptor.bind(endpoint, ec);
  if (!ec) im.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return core::make_error(core::Errc::kUnavailable,
                            fmt::format("cannot listen on {}:{}: {}", im.options.address,
                                        im.options.port, ec.message()));
  }
  im.bound_port = im.acceptor.local_endpoint().port();
  if (before_serving) {
    if (auto s = before_serving(im.bound_port); !s) {
      im.acceptor.close(ec);
      return s;
    }
  }
  im.do_accept();
  const int n = std::max(1, im.options.threads);
  for (int i = 0; i < n; ++i) {
    im.threads.emplace_back([&im] { im.ioc.run(); });
  }
  core::log::info("listening addr={} port={} threads={}", im.options.address, im.bound_port, n);
  return {};
}

unsigned short Server::port() const { return impl_->bound_port; }

void Server::stop() {
  auto& im = *impl_;
  {
    std::lock_guard lock(im.mu);
    if (im.stopping) return;
    im.stopping = true;
  }
  im.draining = true;
  // Close the listener on its strand and wait for that before stopping the io threads, so no
  // new connection is accepted (or left hanging) once stop() returns.
  auto closed = std::make_shared<std::promise<void>>();
  auto done = closed->get_future();
  asio::dispatch(im.acceptor.get_executor(), [&im, closed] {
    beast::error_code ec;
    im.acceptor.close(ec);
    if (im.signals) im.signals->cancel(ec);
    closed->set_value();
  });
  if (!im.threads.empty()) done.wait_for(std::chrono::seconds{2});
  {
    std::unique_lock lock(im.mu);
    im.cv.wait_for(lock, im.options.drain_timeout, [&im] { return im.in_flight.load() == 0; });
  }
  im.ioc.stop();
  for (auto& t : im.threads) {
    if (t.joinable() && t.get_id() != std::this_thread::get_id()) t.join();
  }
  core::log::info("stopped port={}", im.bound_port);
  {
    std::lock_guard lock(im.mu);
    im.stopped = true;
  }
  // Nothing of `im` may be touched after this: a waiter may now destroy the server.
  im.cv.notify_all();
}

void Server::wait() {
  std::unique_lock lock(impl_->mu);
  impl_->cv.wait(lock, [this] { return impl_->stopped; });
}

void Server::stop_on_signals() {
  auto& im = *impl_;
  im.signals.emplace(im.ioc, SIGINT, SIGTERM);
  im.signals->async_wait([this](beast::error_code ec, int signal) {
    if (ec) return;
    core::log::info("signal received signal={} draining", signal);
    // Not on an io thread: stop() joins them. The destructor joins this thread.
    impl_->signal_stopper = std::thread([this] { stop(); });
  });
}

}  // namespace dateline::http
