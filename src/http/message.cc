#include "http/message.h"

#include "core/strings.h"

namespace dateline::http {

std::string_view Request::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) return v;
  }
  return {};
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  for (auto part : core::split(query, '&')) {
    const auto eq = part.find('=');
    const auto key = part.substr(0, eq);
    if (key != name) continue;
    if (eq == std::string_view::npos) return std::string();
    auto decoded = core::url_decode(part.substr(eq + 1));
    if (!decoded) return std::nullopt;
    return decoded;
  }
  return std::nullopt;
}

void Response::set_header(std::string name, std::string value) {
  for (auto& [k, v] : headers) {
    if (core::iequals_ascii(k, name)) {
      v = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

std::string_view Response::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (core::iequals_ascii(k, name)) return v;
  }
  return {};
}

Response Response::text(unsigned status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.set_header("Content-Type", "text/plain; charset=utf-8");
  return r;
}

Response Response::html(unsigned status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.set_header("Content-Type", "text/html; charset=utf-8");
  return r;
}

Response Response::redirect(unsigned status, std::string location) {
  Response r;
  r.status = status;
  r.body = "Moved to " + location + "\n";
  r.set_header("Location", std::move(location));
  r.set_header("Content-Type", "text/plain; charset=utf-8");
  return r;
}

std::string_view reason_phrase(unsigned status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Payload Too Large";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Unknown";
  }
}

}  // namespace dateline::http
