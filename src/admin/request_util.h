// Small HTTP helpers the back office needs and http/ does not offer yet: cookies, urlencoded form
// bodies, same-origin checks and safe redirect targets. Pure functions; thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace dateline::admin {

// The value of cookie `name` in the request's Cookie header, or nullopt.
std::optional<std::string> cookie(const http::Request& request, std::string_view name);

struct CookieOptions {
  std::string path = "/";
  std::optional<std::chrono::seconds> max_age;  // none: ends with the browser session
  bool secure = false;
};
// A Set-Cookie value with HttpOnly and SameSite=Lax always, Secure when asked. `value` must be
// cookie-safe (our tokens are base64url).
std::string set_cookie(std::string_view name, std::string_view value, const CookieOptions& options);

// The fields of an application/x-www-form-urlencoded body, in order, percent-decoded, or the
// text fields of a multipart/form-data body. Bodies of any other type, and malformed pairs, give
// nothing.
using Form = std::vector<std::pair<std::string, std::string>>;
Form parse_form(const http::Request& request);
// The first value of `name`, or "".
std::string form_value(const Form& form, std::string_view name);
// Every value of `name`, in order.
std::vector<std::string> form_values(const Form& form, std::string_view name);

// A file sent in a multipart/form-data body.
struct FilePart {
  std::string field;
  std::string filename;      // as the browser named it (untrusted; for display only)
  std::string content_type;  // as the browser claimed (untrusted)
  std::string data;
};
struct Multipart {
  Form fields;  // the parts without a filename
  std::vector<FilePart> files;
};
// Parses a multipart/form-data body (RFC 7578). nullopt when the request is not multipart or the
// body is malformed (no boundary, a part without headers, no closing delimiter).
std::optional<Multipart> parse_multipart(const http::Request& request);

// "host:port" of an absolute URL ("https://news.example.com:8443/x" -> "news.example.com:8443"),
// lowercased; "" when `url` is not absolute http(s).
std::string url_host(std::string_view url);
// False when the request names a foreign origin: its Origin (or, without one, its Referer) has
// another host than `host`. Requests that carry neither pass (the CSRF token still guards them);
// "Origin: null" does not.
bool same_origin(const http::Request& request, std::string_view host);

// `next` when it is a local back-office path ("/admin..."), else "/admin": never an open redirect.
std::string safe_next(std::string_view next);

}  // namespace dateline::admin
