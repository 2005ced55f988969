#include "admin/forms.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "core/strings.h"

namespace dateline::admin {

namespace json = boost::json;

std::optional<content::Id> parse_positive_id(std::string_view text) {
  content::Id v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size() || v <= 0) {
    return std::nullopt;
  }
  return v;
}

void put_errors(json::object& view, const FieldErrors& errors) {
  json::object by_field;
  json::array summary;
  for (const auto& [field, message] : errors) {
    if (!by_field.contains(field)) by_field[field] = message;
    summary.push_back(json::object{{"field", field}, {"message", message}});
  }
  view["has_errors"] = !errors.empty();
  view["errors"] = std::move(summary);
  view["error"] = std::move(by_field);
}

http::Response method_not_allowed(std::string_view allow) {
  auto r = http::Response::text(405, "Method Not Allowed\n");
  r.set_header("Allow", std::string(allow));
  return r;
}

std::size_t char_count(std::string_view utf8) {
  return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string text_problem(std::string_view text, std::size_t max, bool multiline) {
  const bool control = std::any_of(text.begin(), text.end(), [&](char c) {
    const auto u = static_cast<unsigned char>(c);
    if (multiline && (c == '\n' || c == '\t')) return false;
    return u < 0x20 || u == 0x7F;
  });
  if (core::find_invalid_utf8(text) || control) {
    return multiline ? "Use letters, digits, punctuation and line breaks only."
                     : "Use letters, digits, spaces and punctuation only.";
  }
  if (char_count(text) > max) return fmt::format("Use at most {} characters.", max);
  return {};
}

std::string displayable(std::string_view text) {
  std::string valid;
  valid.reserve(text.size());
  while (auto bad = core::find_invalid_utf8(text)) {
    valid.append(text.substr(0, *bad));
    valid.append("\xEF\xBF\xBD");
    text.remove_prefix(*bad + 1);
  }
  valid.append(text);
  std::string out;
  out.reserve(valid.size());
  for (char c : valid) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\n' && c != '\t') || u == 0x7F) continue;
    out += c;
  }
  return out;
}

std::string normalize_lines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out += text[i];
    }
  }
  return std::string(core::trim(out));
}

}  // namespace dateline::admin
