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
  if (type.starts_with("multipart/form-data")) {
    auto parts = parse_multipart(request);
    if (parts) form = std::move(parts->fields);
    return form;
  }
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

std::vector<std::string> form_values(const Form& form, std::string_view name) {
  std::vector<std::string> out;
  for (const auto& [k, v] : form) {
    if (k == name) out.push_back(v);
  }
  return out;
}

namespace {

// The value of parameter `name` in a header value such as `form-data; name="file"; filename="a"`.
std::optional<std::string> header_param(std::string_view value, std::string_view name) {
  for (auto piece : core::split(value, ';')) {
    piece = core::trim(piece);
    const auto eq = piece.find('=');
    if (eq == std::string_view::npos) continue;
    if (core::to_lower_ascii(core::trim(piece.substr(0, eq))) != name) continue;
    auto v = core::trim(piece.substr(eq + 1));
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    return std::string(v);
  }
  return std::nullopt;
}

}  // namespace

std::optional<Multipart> parse_multipart(const http::Request& request) {
  const auto type = request.header("content-type");
  if (!core::to_lower_ascii(core::trim(type)).starts_with("multipart/form-data")) {
    return std::nullopt;
  }
  const auto boundary = header_param(type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 200) return std::nullopt;
  const std::string delimiter = "--" + *boundary;
  const std::string_view body = request.body;
  auto at = body.find(delimiter);
  if (at == std::string_view::npos) return std::nullopt;
  Multipart out;
  while (true) {
    at += delimiter.size();
    if (body.substr(at, 2) == "--") return out;  // closing delimiter
    if (body.substr(at, 2) != "\r\n") return std::nullopt;
    at += 2;
    const auto headers_end = body.find("\r\n\r\n", at);
    if (headers_end == std::string_view::npos) return std::nullopt;
    std::string name;
    std::optional<std::string> filename;
    std::string content_type;
    for (auto line : core::split(body.substr(at, headers_end - at), '\n')) {
      line = core::trim(line);
      const auto colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      const auto key = core::to_lower_ascii(core::trim(line.substr(0, colon)));
      const auto value = core::trim(line.substr(colon + 1));
      if (key == "content-disposition") {
        name = header_param(value, "name").value_or("");
        filename = header_param(value, "filename");
      } else if (key == "content-type") {
        content_type = std::string(value);
      }
    }
    const auto data_start = headers_end + 4;
    const auto next = body.find("\r\n" + delimiter, data_start);
    if (next == std::string_view::npos) return std::nullopt;
    auto data = body.substr(data_start, next - data_start);
    if (filename) {
      out.files.push_back(FilePart{name, *filename, content_type, std::string(data)});
    } else {
      out.fields.emplace_back(name, std::string(data));
    }
    at = next + 2;
  }
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
