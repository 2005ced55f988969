// Request and Response: Dateline's own small HTTP message values, so that pages and the API never
// include Beast. Plain values; not shared between threads.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dateline::http {

struct Request {
  std::string method;  // "GET", "HEAD", "POST", ...
  std::string target;  // as sent: path and query
  std::string path;    // percent-decoded path, without the query
  std::string query;   // raw query string, without '?'
  std::vector<std::pair<std::string, std::string>> headers;  // names lowercased
  std::string body;
  std::string remote_address;
  std::string request_id;

  // The first header with this (lowercase) name, or "".
  std::string_view header(std::string_view name) const;
  // The first query parameter with this name, percent-decoded.
  std::optional<std::string> query_param(std::string_view name) const;
};

struct Response {
  unsigned status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // When set, sent instead of `body`: lets cached pages go out without a copy.
  std::shared_ptr<const std::string> shared_body;

  // Replaces any header of this name (case-insensitive).
  void set_header(std::string name, std::string value);
  // Adds a header even when one of this name exists (Set-Cookie).
  void add_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
  std::string_view header(std::string_view name) const;
  std::string_view payload() const { return shared_body ? *shared_body : body; }

  static Response text(unsigned status, std::string body);
  static Response html(unsigned status, std::string body);
  static Response redirect(unsigned status, std::string location);
};

// The reason phrase for a status code ("Not Found").
std::string_view reason_phrase(unsigned status);

}  // namespace dateline::http
