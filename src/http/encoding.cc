#include "http/encoding.h"

#include <brotli/encode.h>
#include <zlib.h>

#include <array>
#include <cctype>
#include <charconv>
#include <optional>

namespace dateline::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// "q=0.5" -> 500 (thousandths, as the grammar allows at most three decimals); nullopt when
// malformed.
std::optional<int> parse_q(std::string_view value) {
  value = trim(value);
  if (value.empty() || value.size() > 5) return std::nullopt;
  if (value[0] != '0' && value[0] != '1') return std::nullopt;
  int q = (value[0] - '0') * 1000;
  if (value.size() == 1) return q;
  if (value[1] != '.') return std::nullopt;
  int scale = 100;
  for (std::size_t i = 2; i < value.size(); ++i) {
    if (value[i] < '0' || value[i] > '9') return std::nullopt;
    q += (value[i] - '0') * scale;
    scale /= 10;
  }
  return q > 1000 ? std::nullopt : std::optional<int>(q);
}

}  // namespace

ContentCoding choose_coding(std::string_view accept_encoding) {
  // q-values in thousandths; -1 = not mentioned.
  int br = -1, gzip = -1, identity = -1, star = -1;
  std::size_t pos = 0;
  while (pos <= accept_encoding.size()) {
    auto comma = accept_encoding.find(',', pos);
    if (comma == std::string_view::npos) comma = accept_encoding.size();
    auto item = trim(accept_encoding.substr(pos, comma - pos));
    pos = comma + 1;
    if (item.empty()) continue;
    int q = 1000;
    const auto semi = item.find(';');
    auto name = trim(item.substr(0, semi));
    if (semi != std::string_view::npos) {
      auto params = item.substr(semi + 1);
      bool ok = true;
      std::size_t p = 0;
      while (p <= params.size()) {
        auto next = params.find(';', p);
        if (next == std::string_view::npos) next = params.size();
        auto param = trim(params.substr(p, next - p));
        p = next + 1;
        if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') &&
            trim(param.substr(1)).starts_with('=')) {
          const auto parsed = parse_q(trim(param.substr(1)).substr(1));
          if (!parsed) ok = false;
          q = parsed.value_or(0);
        }
      }
      if (!ok) continue;  // a malformed entry is ignored
    }
    const auto keep = [&](int& slot) { slot = std::max(slot, q); };
    if (iequals(name, "br")) {
      keep(br);
    } else if (iequals(name, "gzip") || iequals(name, "x-gzip")) {
      keep(gzip);
    } else if (iequals(name, "identity")) {
      keep(identity);
    } else if (name == "*") {
      keep(star);
    }
  }
  if (br < 0) br = star < 0 ? 0 : star;
  if (gzip < 0) gzip = star < 0 ? 0 : star;
  // Identity is acceptable unless excluded, by name or by "*;q=0"; left unnamed, any coding the
  // client welcomes comes first.
  if (identity < 0) identity = star < 0 ? 1 : star;
  if (br > 0 && br >= gzip && br >= identity) return ContentCoding::kBrotli;
  if (gzip > 0 && gzip >= identity) return ContentCoding::kGzip;
  return ContentCoding::kIdentity;
}

std::string_view coding_name(ContentCoding coding) {
  switch (coding) {
    case ContentCoding::kGzip:
      return "gzip";
    case ContentCoding::kBrotli:
      return "br";
    case ContentCoding::kIdentity:
      break;
  }
  return "";
}

std::string gzip_compress(std::string_view data) {
  z_stream zs{};
  // windowBits 15 + 16: a gzip header and trailer around the deflate stream.
  if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  const auto written = zs.total_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return {};
  out.resize(written);
  out.shrink_to_fit();  // the buffer was sized for the worst case; cached pages keep it
  return out;
}

std::string brotli_compress(std::string_view data) {
  std::size_t size = BrotliEncoderMaxCompressedSize(data.size());
  if (size == 0) size = data.size() + 1024;
  std::string out(size, '\0');
  if (BrotliEncoderCompress(5, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, data.size(),
                            reinterpret_cast<const std::uint8_t*>(data.data()), &size,
                            reinterpret_cast<std::uint8_t*>(out.data())) != BROTLI_TRUE) {
    return {};
  }
  out.resize(size);
  out.shrink_to_fit();
  return out;
}

}  // namespace dateline::http
