#include "admin/request_util.h"

#include <fmt/format.h>

#include "core/strings.h"

namespace dateline::admin {

std::optional<std::string> cookie(const http::Request& request, std::string_view name) {
  for (auto part : core::split(request.header("cookie"), ';')) {
    part = core::trim(part);
    const auto eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    if (core::trim(part.substr(0, eq)) != name) continue;
    auto value = core::trim(part.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    return std::string(value);
  }
  return std::nullopt;
}

std::string set_cookie(std::string_view name, std::string_view value,
                       const CookieOptions& options) {
  auto out = fmt::format("{}={}; Path={}", name, value, options.path);
  if (options.max_age) out += fmt::format("; Max-Age={}", options.max_age->count());
  out += "; HttpOnly; SameSite=Lax";
  if (options.secure) out += "; Secure";
  return out;
}

Form parse_form(const http::Request& request) {
  Form form;
  const auto type = core::to_lower_ascii(core::trim(request.header("content-type")));
  if (!type.starts_with("application/x-www-form-urlencoded")) return form;
  for (auto part : core::split(request.body, '&')) {
    if (part.empty()) continue;
    const auto eq = part.find('=');
    auto key = core::url_decode(part.substr(0, eq));
    auto value = core::url_decode(eq == std::string_view::npos ? "" : part.substr(eq + 1));
    if (!key || !value) continue;
    form.emplace_back(std::move(*key), std::move(*value));
  }
  return form;
}

std::string form_value(const Form& form, std::string_view name) {
  for (const auto& [k, v] : form) {
    if (k == name) return v;
  }
  return {};
}

std::string url_host(std::string_view url) {
  const auto lower = core::to_lower_ascii(url);
  std::string_view rest = lower;
  if (rest.starts_with("https://")) {
    rest.remove_prefix(8);
  } else if (rest.starts_with("http://")) {
    rest.remove_prefix(7);
  } else {
    return {};
  }
  const auto end = rest.find_first_of("/?#");
  auto authority = rest.substr(0, end);
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);
  }
  return std::string(authority);
}

bool same_origin(const http::Request& request, std::string_view host) {
  const auto expected = core::to_lower_ascii(core::trim(host));
  const auto origin = core::trim(request.header("origin"));
  if (!origin.empty()) {
    if (origin == "null") return false;
    return !expected.empty() && url_host(origin) == expected;
  }
  const auto referer = core::trim(request.header("referer"));
  if (!referer.empty()) return !expected.empty() && url_host(referer) == expected;
  return true;
}

std::string safe_next(std::string_view next) {
  const bool local = next == "/admin" || next.starts_with("/admin/") || next.starts_with("/admin?");
  if (!local || next.find("//") != std::string_view::npos ||
      next.find('\\') != std::string_view::npos) {
    return "/admin";
  }
  for (char c : next) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return "/admin";
  }
  return std::string(next);
}

}  // namespace dateline::admin
