#include "content/model.h"

#include <fmt/format.h>

#include "content/permalink.h"
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

core::Status validate(const SiteSettings& s) {
  std::vector<std::string> problems;
  if (s.site_name.empty()) problems.emplace_back("site name is empty");
  if (s.short_name.empty()) problems.emplace_back("short name is empty");
  if (!core::TimeZone::find(s.timezone)) {
    problems.push_back(fmt::format("unknown time zone '{}'", s.timezone));
  }
  if (s.latitude && (*s.latitude < -90 || *s.latitude > 90)) {
    problems.emplace_back("latitude must be between -90 and 90");
  }
  if (s.longitude && (*s.longitude < -180 || *s.longitude > 180)) {
    problems.emplace_back("longitude must be between -180 and 180");
  }
  if (s.latitude.has_value() != s.longitude.has_value()) {
    problems.emplace_back("latitude and longitude must be given together");
  }
  if (s.weather_unit != "C" && s.weather_unit != "F") {
    problems.emplace_back("weather unit must be C or F");
  }
  if (auto p = validate_pattern(s.url_pattern); !p) problems.push_back(p.error().message);
  if (problems.empty()) return {};
  return core::make_error(core::Errc::kInvalidArgument,
                          fmt::format("{}", fmt::join(problems, "; ")));
}

}  // namespace dateline::content
