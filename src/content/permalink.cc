#include "content/permalink.h"

#include <fmt/format.h>

#include "content/slug.h"
#include "core/strings.h"

namespace dateline::content {
namespace {

using namespace std::chrono;

bool all_digits(std::string_view s, std::size_t width) {
  if (s.size() != width) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

core::Status validate_pattern(std::string_view pattern) {
  const auto bad = [&](std::string_view why) -> core::Error {
    return core::make_error(core::Errc::kInvalidArgument,
                            fmt::format("URL pattern '{}' {}", pattern, why));
  };
  if (pattern.size() < 7 || pattern.front() != '/' || pattern.back() != '/') {
    return bad("must start and end with '/'");
  }
  int slugs = 0;
  for (auto part : core::split(pattern.substr(1, pattern.size() - 2), '/')) {
    if (part == "{slug}") {
      ++slugs;
    } else if (part != "{yyyy}" && part != "{mm}" && part != "{dd}") {
      return bad(fmt::format("has an unknown segment '{}' (use {{slug}}, {{yyyy}}, {{mm}}, {{dd}})",
                             part));
    }
  }
  if (slugs != 1) return bad("must contain {slug} exactly once");
  return {};
}

std::string permalink(std::string_view pattern, std::string_view slug, core::TimePoint published,
                      const core::TimeZone& zone) {
  const year_month_day ymd{floor<days>(zone.to_local(published))};
  std::string out = core::replace_all(pattern, "{slug}", slug);
  if (out.find('{') == std::string::npos) return out;
  out = core::replace_all(out, "{yyyy}", fmt::format("{:04}", static_cast<int>(ymd.year())));
  out = core::replace_all(out, "{mm}", fmt::format("{:02}", static_cast<unsigned>(ymd.month())));
  out = core::replace_all(out, "{dd}", fmt::format("{:02}", static_cast<unsigned>(ymd.day())));
  return out;
}

std::optional<std::string> match_permalink(std::string_view pattern, std::string_view path) {
  if (pattern.size() < 2) return std::nullopt;
  if (path.size() < 2 || path.front() != '/' || path.back() != '/') return std::nullopt;
  const auto want = core::split(pattern.substr(1, pattern.size() - 2), '/');
  const auto have = core::split(path.substr(1, path.size() - 2), '/');
  if (want.size() != have.size()) return std::nullopt;
  std::optional<std::string> slug;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (want[i] == "{slug}") {
      if (!is_valid_slug(have[i])) return std::nullopt;
      slug = std::string(have[i]);
    } else if (want[i] == "{yyyy}") {
      if (!all_digits(have[i], 4)) return std::nullopt;
    } else if (want[i] == "{mm}" || want[i] == "{dd}") {
      if (!all_digits(have[i], 2)) return std::nullopt;
    } else if (want[i] != have[i]) {
      return std::nullopt;
    }
  }
  return slug;
}

std::optional<std::string> loose_article_slug(std::string_view path) {
  if (path.empty() || path.front() != '/') return std::nullopt;
  auto inner = path.substr(1);
  if (!inner.empty() && inner.back() == '/') inner.remove_suffix(1);
  const auto parts = core::split(inner, '/');
  if (parts.size() == 1 && is_valid_slug(parts[0])) return std::string(parts[0]);
  if (parts.size() == 4 && all_digits(parts[0], 4) && all_digits(parts[1], 2) &&
      all_digits(parts[2], 2) && is_valid_slug(parts[3])) {
    return std::string(parts[3]);
  }
  return std::nullopt;
}

std::string format_dateline(std::string_view city, std::string_view short_name) {
  const auto c = core::trim(city);
  if (c.empty()) return "";
  if (core::trim(short_name).empty()) return fmt::format("{}:", c);
  return fmt::format("{} ({}):", c, core::trim(short_name));
}

}  // namespace dateline::content
