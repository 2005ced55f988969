// A tiny blocking HTTP/1.1 client over a keep-alive TCP connection, for the benchmark tools only
// (loopback). Understands Content-Length and chunked bodies. One connection per object; not
// thread-safe.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace dateline::bench {

struct HttpResult {
  int status = 0;  // 0: connection or protocol failure
  std::string body;
};

class HttpConnection {
 public:
  HttpConnection(std::string host, unsigned short port, int timeout_ms = 30000)
      : host_(std::move(host)), port_(port), timeout_ms_(timeout_ms) {}
  ~HttpConnection() { close_socket(); }
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  // GETs `target`; reconnects once if a kept-alive connection was closed by the server.
  HttpResult get(std::string_view target) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      const bool reused = fd_ >= 0;
      if (fd_ < 0 && !connect_socket()) return {};
      std::string req = "GET ";
      req.append(target);
      req += " HTTP/1.1\r\nHost: ";
      req += host_;
      req += "\r\nUser-Agent: Mozilla/5.0 (dateline-bench)\r\nAccept-Encoding: identity\r\n\r\n";
      if (!send_all(req)) {
        close_socket();
        if (reused) continue;
        return {};
      }
      auto r = read_response();
      if (!r) {
        close_socket();
        if (reused) continue;
        return {};
      }
      return std::move(*r);
    }
    return {};
  }

 private:
  bool connect_socket() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return false;
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port_);
    ::inet_pton(AF_INET, host_.c_str(), &addr.sin_addr);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      close_socket();
      return false;
    }
    buf_.clear();
    pos_ = 0;
    return true;
  }
  void close_socket() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  bool send_all(std::string_view data) {
    while (!data.empty()) {
      const auto n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) {
        if (n < 0 && errno == EINTR) continue;
        return false;
      }
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
  // Appends more bytes to buf_; false on EOF, error or timeout.
  bool fill() {
    pollfd p{fd_, POLLIN, 0};
    const int ready = ::poll(&p, 1, timeout_ms_);
    if (ready <= 0) return false;
    char tmp[65536];
    const auto n = ::recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0) return false;
    buf_.append(tmp, static_cast<std::size_t>(n));
    return true;
  }
  bool read_line(std::string& line) {
    while (true) {
      const auto eol = buf_.find("\r\n", pos_);
      if (eol != std::string::npos) {
        line.assign(buf_, pos_, eol - pos_);
        pos_ = eol + 2;
        return true;
      }
      if (!fill()) return false;
    }
  }
  bool read_exact(std::size_t n, std::string& out) {
    while (buf_.size() - pos_ < n) {
      if (!fill()) return false;
    }
    out.append(buf_, pos_, n);
    pos_ += n;
    return true;
  }
  std::optional<HttpResult> read_response() {
    // Keep unread bytes only (responses never pipeline here, so this is usually empty).
    buf_.erase(0, pos_);
    pos_ = 0;
    HttpResult r;
    std::string line;
    if (!read_line(line) || line.size() < 12 || !line.starts_with("HTTP/1.")) return std::nullopt;
    r.status = std::atoi(line.c_str() + 9);
    std::optional<std::size_t> length;
    bool chunked = false, close_after = false;
    while (true) {
      if (!read_line(line)) return std::nullopt;
      if (line.empty()) break;
      std::string lower = line;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lower.starts_with("content-length:")) length = std::stoul(lower.substr(15));
      if (lower.starts_with("transfer-encoding:") && lower.find("chunked") != std::string::npos) {
        chunked = true;
      }
      if (lower.starts_with("connection:") && lower.find("close") != std::string::npos) {
        close_after = true;
      }
    }
    if (chunked) {
      while (true) {
        if (!read_line(line)) return std::nullopt;
        const std::size_t n = std::stoul(line, nullptr, 16);
        if (n == 0) {
          if (!read_line(line)) return std::nullopt;
          break;
        }
        if (!read_exact(n, r.body) || !read_line(line)) return std::nullopt;
      }
    } else if (length) {
      if (!read_exact(*length, r.body)) return std::nullopt;
    } else if (r.status != 204 && r.status != 304) {
      while (fill()) {
      }
      r.body.assign(buf_, pos_);
      pos_ = buf_.size();
      close_after = true;
    }
    if (close_after) close_socket();
    return r;
  }

  std::string host_;
  unsigned short port_;
  int timeout_ms_;
  int fd_ = -1;
  std::string buf_;
  std::size_t pos_ = 0;
};

}  // namespace dateline::bench
