#include "api/cursor.h"

#include <fmt/format.h>

#include <charconv>

#include "core/strings.h"

namespace dateline::api {
namespace {

using core::Errc;
using core::make_error;

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
// Cursor texts are short; longer input is refused before decoding.
constexpr std::size_t kMaxCursorChars = 200;

int sextet(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

template <class T>
bool parse_number(std::string_view text, T& out) {
  if (text.empty() || (text.size() > 1 && text.front() == '0') || text.front() == '+') {
    return false;
  }
  if (text.size() > 1 && text.front() == '-' && text[1] == '0') return false;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && p == text.data() + text.size();
}

core::Error bad_cursor() {
  return make_error(
      Errc::kInvalidArgument,
      "not a cursor this API issued; pass next_cursor from a previous page unchanged");
}

}  // namespace

std::string base64url_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  const auto byte = [&](std::size_t k) {
    return static_cast<unsigned>(static_cast<unsigned char>(bytes[k]));
  };
  for (; i + 3 <= bytes.size(); i += 3) {
    const unsigned v = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
    out += kAlphabet[v >> 18 & 63];
    out += kAlphabet[v >> 12 & 63];
    out += kAlphabet[v >> 6 & 63];
    out += kAlphabet[v & 63];
  }
  if (bytes.size() - i == 1) {
    const unsigned v = byte(i) << 16;
    out += kAlphabet[v >> 18 & 63];
    out += kAlphabet[v >> 12 & 63];
  } else if (bytes.size() - i == 2) {
    const unsigned v = byte(i) << 16 | byte(i + 1) << 8;
    out += kAlphabet[v >> 18 & 63];
    out += kAlphabet[v >> 12 & 63];
    out += kAlphabet[v >> 6 & 63];
  }
  return out;
}

core::Result<std::string> base64url_decode(std::string_view text) {
  if (text.size() % 4 == 1) return make_error(Errc::kInvalidArgument, "bad base64url length");
  std::string out;
  out.reserve(text.size() / 4 * 3 + 2);
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    const int v = sextet(c);
    if (v < 0) return make_error(Errc::kInvalidArgument, "bad base64url character");
    buffer = (buffer << 6 | static_cast<unsigned>(v)) & 0xFFFFFFu;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>(buffer >> bits & 0xFFu);
    }
  }
  // Leftover bits must be zero, so that each byte string has exactly one encoding.
  if ((buffer & ((1u << bits) - 1)) != 0) {
    return make_error(Errc::kInvalidArgument, "bad base64url padding bits");
  }
  return out;
}

std::string encode_cursor(const Cursor& cursor) {
  if (cursor.kind == Cursor::Kind::kSearch) {
    return base64url_encode(fmt::format("s1.{}", cursor.offset));
  }
  return base64url_encode(
      fmt::format("a1.{}.{}.{}", cursor.offset, cursor.published_at, cursor.id));
}

core::Result<Cursor> decode_cursor(std::string_view text) {
  if (text.empty() || text.size() > kMaxCursorChars) return bad_cursor();
  auto raw = base64url_decode(text);
  if (!raw) return bad_cursor();
  const auto parts = core::split(*raw, '.');
  Cursor c;
  if (parts.size() == 2 && parts[0] == "s1") {
    c.kind = Cursor::Kind::kSearch;
  } else if (parts.size() == 4 && parts[0] == "a1") {
    c.kind = Cursor::Kind::kArticles;
    if (!parse_number(parts[2], c.published_at) || !parse_number(parts[3], c.id) || c.id < 0) {
      return bad_cursor();
    }
  } else {
    return bad_cursor();
  }
  if (!parse_number(parts[1], c.offset) || c.offset < 0 || c.offset > kMaxCursorOffset) {
    return bad_cursor();
  }
  return c;
}

}  // namespace dateline::api
