// Dateline's domain values: articles, authors, categories, tags and site settings. Plain copyable
// values with no I/O; safe to share read-only across threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace dateline::content {

using Id = std::int64_t;

enum class ArticleStatus { kDraft, kPending, kScheduled, kPublished };

std::string_view status_name(ArticleStatus status);
core::Result<ArticleStatus> parse_status(std::string_view name);

struct Author {
  Id id = 0;
  std::string slug;
  std::string name;
  std::string bio;
  std::optional<Id> photo_media_id;  // an uploaded image (media library)
  std::optional<Id> user_id;         // the back-office account that writes as this author
};

struct Category {
  Id id = 0;
  std::string slug;
  std::string name;
  int position = 0;
};

struct Tag {
  Id id = 0;
  std::string slug;
  std::string name;
};

struct Article {
  Id id = 0;
  std::string slug;
  std::string title;
  std::string dateline;  // city the story is filed from, e.g. "Islamabad"
  std::string excerpt;
  std::string body_markdown;
  Id author_id = 0;
  std::optional<Id> category_id;
  std::vector<Tag> tags;
  ArticleStatus status = ArticleStatus::kDraft;
  // The article's lead picture: an uploaded image (media_id set; url empty) or an external URL
  // kept from an import. Alt text is required whenever there is an image.
  std::string image_url;
  std::optional<Id> image_media_id;
  std::string image_alt;
  std::string image_caption;
  std::string seo_title;        // <title> and og:title when set; the headline otherwise
  std::string seo_description;  // meta description when set; the excerpt otherwise
  // Published: when it went live. Scheduled: when it will.
  std::optional<core::TimePoint> published_at;
  std::optional<core::TimePoint> updated_at;  // set when edited after publication
  core::TimePoint created_at{};
  std::int64_t version = 1;
};

// One entry of the site's navigation menu.
struct NavLink {
  std::string label;
  std::string url;  // a local path ("/about/") or an absolute http(s) URL

  friend bool operator==(const NavLink&, const NavLink&) = default;
};

inline constexpr std::size_t kMaxNavLinks = 20;
inline constexpr std::size_t kMaxNavLabelChars = 60;
inline constexpr std::size_t kMaxNavUrlBytes = 500;

// True for a local path ("/about/", not "//host") or an absolute http:// or https:// URL with a
// host, without spaces, quotes, angle brackets, backslashes or control characters: never
// "javascript:" or "data:", whatever the case or padding.
bool is_allowed_nav_url(std::string_view url);

// Settings an editor changes; they live in the database.
struct SiteSettings {
  std::string site_name = "Dateline";
  std::string short_name = "DL";
  std::string tagline;
  std::string timezone = "UTC";
  std::string weather_city;
  std::optional<double> latitude;
  std::optional<double> longitude;
  std::string weather_unit = "C";  // "C" or "F"
  std::string weather_url = "https://api.open-meteo.com";
  // Article permalink pattern; placeholders {slug}, {yyyy}, {mm}, {dd}.
  std::string url_pattern = "/{slug}/";
  std::string base_url = "http://127.0.0.1:8080";
  bool feed_full_text = true;  // feeds carry the whole article, or only the excerpt
  std::string language = "en";
  // The header's menu, in order. Empty: the header lists the categories instead.
  std::vector<NavLink> navigation;
};

// One problem with one setting. `field` is the member's name ("site_name", "latitude"), or
// "navigation" for the menu as a whole and "navigation.N.label" / "navigation.N.url" for its
// N-th link (counting from 1).
struct SettingsProblem {
  std::string field;
  std::string message;
};

// Every problem with the fields an editor sets, in field order; empty when all are acceptable.
std::vector<SettingsProblem> settings_problems(const SiteSettings& settings);
// Checks the fields an editor sets; lists every problem in one message.
core::Status validate(const SiteSettings& settings);

}  // namespace dateline::content
