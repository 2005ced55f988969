#include "content/model.h"

#include <fmt/format.h>

#include <algorithm>

#include "content/permalink.h"
#include "core/strings.h"
#include "core/time.h"

namespace dateline::content {

std::string_view status_name(ArticleStatus status) {
  switch (status) {
    case ArticleStatus::kDraft:
      return "draft";
    case ArticleStatus::kPending:
      return "pending";
    case ArticleStatus::kScheduled:
      return "scheduled";
    case ArticleStatus::kPublished:
      return "published";
  }
  return "draft";
}

core::Result<ArticleStatus> parse_status(std::string_view name) {
  for (auto s : {ArticleStatus::kDraft, ArticleStatus::kPending, ArticleStatus::kScheduled,
                 ArticleStatus::kPublished}) {
    if (status_name(s) == name) return s;
  }
  return core::make_error(core::Errc::kInvalidArgument, fmt::format("unknown status '{}'", name));
}

namespace {

std::size_t count_chars(std::string_view utf8) {
  return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

bool has_control(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7F;
  });
}

bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_alnum(char c) { return is_ascii_alpha(c) || (c >= '0' && c <= '9'); }

// "en", "ur", "en-GB", "zh-Hant-TW": a primary language of 2-3 letters and subtags of 2-8.
bool is_language_tag(std::string_view tag) {
  const auto parts = core::split(tag, '-');
  if (parts.empty()) return false;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto p = parts[i];
    const bool sized = i == 0 ? p.size() >= 2 && p.size() <= 3 : p.size() >= 2 && p.size() <= 8;
    if (!sized) return false;
    if (i == 0 ? !std::all_of(p.begin(), p.end(), is_ascii_alpha)
               : !std::all_of(p.begin(), p.end(), is_ascii_alnum)) {
      return false;
    }
  }
  return true;
}

// A short line of text a person typed: valid UTF-8, no control characters, at most `max` chars.
std::string text_problem(std::string_view what, std::string_view text, std::size_t max) {
  if (core::find_invalid_utf8(text) || has_control(text)) {
    return fmt::format("{} contains characters that are not allowed", what);
  }
  if (count_chars(text) > max) return fmt::format("{} is longer than {} characters", what, max);
  return {};
}

}  // namespace

bool is_allowed_nav_url(std::string_view url) {
  if (url.empty() || url.size() > kMaxNavUrlBytes) return false;
  const bool clean = std::none_of(url.begin(), url.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u <= 0x20 || u == 0x7F || std::string_view("\\\"'<>`").find(c) != std::string_view::npos;
  });
  if (!clean || core::find_invalid_utf8(url)) return false;
  // A local path; "//host" would leave the site.
  if (url.front() == '/') return url.size() == 1 || url[1] != '/';
  const auto lower = core::to_lower_ascii(url.substr(0, 8));
  std::string_view rest;
  if (lower.starts_with("https://")) {
    rest = url.substr(8);
  } else if (lower.starts_with("http://")) {
    rest = url.substr(7);
  } else {
    return false;
  }
  return !rest.empty() && rest.front() != '/' && rest.front() != '?' && rest.front() != '#';
}

std::vector<SettingsProblem> settings_problems(const SiteSettings& s) {
  std::vector<SettingsProblem> problems;
  const auto add = [&](std::string field, std::string message) {
    problems.push_back({std::move(field), std::move(message)});
  };
  if (s.site_name.empty()) {
    add("site_name", "site name is empty");
  } else if (auto p = text_problem("site name", s.site_name, 100); !p.empty()) {
    add("site_name", p);
  }
  if (s.short_name.empty()) {
    add("short_name", "short name is empty");
  } else if (auto p = text_problem("short name", s.short_name, 20); !p.empty()) {
    add("short_name", p);
  }
  if (auto p = text_problem("tagline", s.tagline, 200); !p.empty()) add("tagline", p);
  if (!core::TimeZone::find(s.timezone)) {
    add("timezone", fmt::format("unknown time zone '{}'", s.timezone));
  }
  if (auto p = text_problem("weather city", s.weather_city, 100); !p.empty()) {
    add("weather_city", p);
  }
  if (s.latitude && !(*s.latitude >= -90 && *s.latitude <= 90)) {
    add("latitude", "latitude must be between -90 and 90");
  }
  if (s.longitude && !(*s.longitude >= -180 && *s.longitude <= 180)) {
    add("longitude", "longitude must be between -180 and 180");
  }
  if (s.latitude.has_value() != s.longitude.has_value()) {
    add(s.latitude ? "longitude" : "latitude", "latitude and longitude must be given together");
  }
  if (s.weather_unit != "C" && s.weather_unit != "F") {
    add("weather_unit", "weather unit must be C or F");
  }
  if (auto p = validate_pattern(s.url_pattern); !p) add("url_pattern", p.error().message);
  if (!is_language_tag(s.language)) {
    add("language",
        fmt::format("language '{}' is not a language tag like en or en-GB", s.language));
  }
  if (s.navigation.size() > kMaxNavLinks) {
    add("navigation", fmt::format("navigation has more than {} links", kMaxNavLinks));
  }
  for (std::size_t i = 0; i < s.navigation.size(); ++i) {
    const auto& link = s.navigation[i];
    const auto n = i + 1;
    if (core::trim(link.label).empty()) {
      add(fmt::format("navigation.{}.label", n), fmt::format("navigation link {} has no label", n));
    } else if (auto p = text_problem(fmt::format("navigation link {}'s label", n), link.label,
                                     kMaxNavLabelChars);
               !p.empty()) {
      add(fmt::format("navigation.{}.label", n), p);
    }
    if (!is_allowed_nav_url(link.url)) {
      add(fmt::format("navigation.{}.url", n),
          fmt::format("navigation link {} must go to a local path starting with / or an http(s) "
                      "address",
                      n));
    }
  }
  return problems;
}

core::Status validate(const SiteSettings& s) {
  const auto problems = settings_problems(s);
  if (problems.empty()) return {};
  std::vector<std::string_view> messages;
  for (const auto& p : problems) messages.push_back(p.message);
  return core::make_error(core::Errc::kInvalidArgument,
                          fmt::format("{}", fmt::join(messages, "; ")));
}

}  // namespace dateline::content
