// HttpClient: a small synchronous HTTP/1.1 client for tests, on Boost.Beast. It keeps one
// connection open between requests (keep-alive) and bounds every connect, write and read by a
// timeout, so a misbehaving server fails a test instead of hanging it. Failures (refused
// connection, timeout, malformed answer) throw std::runtime_error. Not thread-safe: one client per
// thread.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dateline::testing {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse {
  unsigned status = 0;
  HttpHeaders headers;  // names lowercased, in the order received
  std::string body;
  bool keep_alive = false;

  // The first header with this name (any case), or "".
  std::string_view header(std::string_view name) const;
  bool has_header(std::string_view name) const;
};

class HttpClient {
 public:
  explicit HttpClient(unsigned short port, std::string host = "127.0.0.1",
                      std::chrono::milliseconds timeout = std::chrono::seconds(5));
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends one request on the open connection (connecting first when there is none) and reads the
  // answer. Host and User-Agent are added unless `headers` has them. The connection is closed
  // after an answer that does not keep it alive.
  HttpResponse request(std::string_view method, std::string_view target,
                       const HttpHeaders& headers = {}, std::string_view body = {});
  HttpResponse get(std::string_view target, const HttpHeaders& headers = {});
  HttpResponse head(std::string_view target, const HttpHeaders& headers = {});

  // Opens a fresh connection, writes `bytes` as they are (write errors are ignored: the server
  // may close early) and returns the bytes received until one whole response has arrived, the
  // server closes the connection or the timeout passes. A response without a length (HEAD's, or
  // one ended by closing) is read until the server closes.
  std::string send_raw(std::string_view bytes);

  // True while a kept-alive connection is open.
  bool connected() const;
  // Connections opened so far (keep-alive reuses one).
  int connections_opened() const { return connections_opened_; }
  // Connects now (without sending anything) unless already connected.
  void connect();
  void close();

  // Parses one complete response from raw bytes (what send_raw returned). `head` says the request
  // was HEAD, so no body follows the header.
  static HttpResponse parse(std::string_view raw, bool head = false);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int connections_opened_ = 0;
};

}  // namespace dateline::testing
