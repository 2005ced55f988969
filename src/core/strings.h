// String helpers shared by every module: escaping, trimming, UTF-8 checks. Pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::core {

// Escapes &, <, >, " and ' for HTML text and attribute values.
std::string html_escape(std::string_view text);

std::string_view trim(std::string_view text);
std::string to_lower_ascii(std::string_view text);
// True when `a` and `b` are equal ignoring ASCII case (header names); allocates nothing.
bool iequals_ascii(std::string_view a, std::string_view b);
std::vector<std::string_view> split(std::string_view text, char separator);

// Returns the byte offset of the first invalid UTF-8 sequence, or nullopt when `text` is valid.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

// Percent-encodes everything except unreserved characters (RFC 3986).
std::string url_encode(std::string_view text);
// Decodes %XX escapes and '+' as space; returns nullopt on a malformed escape.
std::optional<std::string> url_decode(std::string_view text);

// Replaces every occurrence of `from` in `text` by `to`.
std::string replace_all(std::string_view text, std::string_view from, std::string_view to);

}  // namespace dateline::core
