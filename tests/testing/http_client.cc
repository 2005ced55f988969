#include "testing/http_client.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <optional>
#include <stdexcept>

namespace dateline::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool has(const HttpHeaders& headers, std::string_view name) {
  for (const auto& [k, v] : headers) {
    if (lower(k) == name) return true;
  }
  return false;
}

HttpResponse convert(bhttp::response<bhttp::string_body>&& msg) {
  HttpResponse out;
  out.status = msg.result_int();
  for (const auto& field : msg) {
    out.headers.emplace_back(lower(field.name_string()), std::string(field.value()));
  }
  out.keep_alive = msg.keep_alive();
  out.body = std::move(msg.body());
  return out;
}

// True when `raw` holds one whole response (framed by Content-Length or chunked encoding).
bool complete_response(std::string_view raw) {
  bhttp::response_parser<bhttp::string_body> parser;
  parser.header_limit(64 * 1024);
  parser.body_limit(64 * 1024 * 1024);
  parser.eager(true);
  beast::error_code ec;
  std::size_t used = 0;
  while (!parser.is_done() && used < raw.size()) {
    const auto n = parser.put(asio::buffer(raw.data() + used, raw.size() - used), ec);
    if (ec || n == 0) return false;
    used += n;
  }
  return parser.is_done();
}

[[noreturn]] void fail(std::string_view what, const beast::error_code& ec) {
  throw std::runtime_error(std::string(what) + ": " + ec.message());
}

}  // namespace

std::string_view HttpResponse::header(std::string_view name) const {
  const auto wanted = lower(name);
  for (const auto& [k, v] : headers) {
    if (k == wanted) return v;
  }
  return {};
}

bool HttpResponse::has_header(std::string_view name) const { return has(headers, lower(name)); }

struct HttpClient::Impl {
  std::string host;
  unsigned short port;
  std::chrono::milliseconds timeout;
  asio::io_context ioc;
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;

  // Runs one asynchronous operation on `s` to completion. The stream's own timer (set by
  // expires_after) cancels the operation when time runs out, so this always returns.
  template <class Initiate>
  beast::error_code run(Initiate&& initiate) {
    beast::error_code result = asio::error::would_block;
    bool done = false;
    initiate([&result, &done](beast::error_code ec, auto&&...) {
      result = ec;
      done = true;
    });
    ioc.restart();
    ioc.run();
    if (!done) return asio::error::timed_out;
    return result;
  }

  beast::tcp_stream open(beast::error_code& ec) {
    beast::tcp_stream s(ioc);
    s.expires_after(timeout);
    const tcp::endpoint endpoint(asio::ip::make_address(host), port);
    ec = run([&](auto handler) { s.async_connect(endpoint, std::move(handler)); });
    return s;
  }
};

HttpClient::HttpClient(unsigned short port, std::string host, std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>()) {
  impl_->host = std::move(host);
  impl_->port = port;
  impl_->timeout = timeout;
}

HttpClient::~HttpClient() { close(); }

bool HttpClient::connected() const { return impl_->stream.has_value(); }

void HttpClient::connect() {
  if (impl_->stream) return;
  beast::error_code ec;
  auto s = impl_->open(ec);
  if (ec) fail("connect", ec);
  impl_->stream.emplace(std::move(s));
  impl_->buffer.clear();
  ++connections_opened_;
}

void HttpClient::close() {
  if (!impl_->stream) return;
  beast::error_code ec;
  impl_->stream->socket().shutdown(tcp::socket::shutdown_both, ec);
  impl_->stream->socket().close(ec);
  impl_->stream.reset();
  impl_->buffer.clear();
}

HttpResponse HttpClient::request(std::string_view method, std::string_view target,
                                 const HttpHeaders& headers, std::string_view body) {
  connect();
  auto& im = *impl_;
  auto& s = *im.stream;

  bhttp::request<bhttp::string_body> req;
  req.version(11);
  req.method_string(method);
  req.target(target);
  if (!has(headers, "host")) req.set(bhttp::field::host, im.host + ":" + std::to_string(im.port));
  if (!has(headers, "user-agent")) {
    req.set(bhttp::field::user_agent, "Mozilla/5.0 (X11; Linux x86_64) DatelineIntegration/1.0");
  }
  for (const auto& [k, v] : headers) req.insert(k, v);
  req.body() = std::string(body);
  if (!body.empty() || method == "POST" || method == "PUT") req.prepare_payload();

  s.expires_after(im.timeout);
  auto ec = im.run([&](auto handler) { bhttp::async_write(s, req, std::move(handler)); });
  if (ec) {
    close();
    fail("write", ec);
  }
  bhttp::response_parser<bhttp::string_body> parser;
  parser.header_limit(64 * 1024);
  parser.body_limit(64 * 1024 * 1024);
  if (method == "HEAD") parser.skip(true);
  ec = im.run([&](auto handler) { bhttp::async_read(s, im.buffer, parser, std::move(handler)); });
  if (ec) {
    close();
    fail("read", ec);
  }
  auto out = convert(parser.release());
  if (!out.keep_alive) close();
  return out;
}

HttpResponse HttpClient::get(std::string_view target, const HttpHeaders& headers) {
  return request("GET", target, headers);
}

HttpResponse HttpClient::head(std::string_view target, const HttpHeaders& headers) {
  return request("HEAD", target, headers);
}

std::string HttpClient::send_raw(std::string_view bytes) {
  auto& im = *impl_;
  beast::error_code ec;
  auto s = im.open(ec);
  if (ec) fail("connect", ec);
  ++connections_opened_;
  s.expires_after(im.timeout);  // one deadline for the whole exchange
  im.run([&](auto handler) {
    asio::async_write(s, asio::buffer(bytes.data(), bytes.size()), std::move(handler));
  });
  std::string received;
  char chunk[4096];
  for (;;) {
    std::size_t n = 0;
    ec = im.run([&](auto handler) {
      s.async_read_some(asio::buffer(chunk), [&n, finish = std::move(handler)](
                                                 beast::error_code e, std::size_t got) mutable {
        n = got;
        finish(e);
      });
    });
    received.append(chunk, n);
    if (ec || complete_response(received)) break;
  }
  s.socket().close(ec);
  return received;
}

HttpResponse HttpClient::parse(std::string_view raw, bool head) {
  bhttp::response_parser<bhttp::string_body> parser;
  parser.header_limit(64 * 1024);
  parser.body_limit(64 * 1024 * 1024);
  parser.eager(true);
  if (head) parser.skip(true);
  beast::error_code ec;
  std::size_t used = 0;
  while (!parser.is_done() && used < raw.size()) {
    const auto n = parser.put(asio::buffer(raw.data() + used, raw.size() - used), ec);
    if (ec == bhttp::error::need_more) {
      ec = {};
      break;
    }
    if (ec) fail("parse", ec);
    if (n == 0) break;
    used += n;
  }
  if (!parser.is_done()) {
    parser.put_eof(ec);
    if (ec || !parser.is_done()) {
      throw std::runtime_error("parse: incomplete response (" + std::to_string(raw.size()) +
                               " bytes)");
    }
  }
  return convert(parser.release());
}

}  // namespace dateline::testing
