// Feed and sitemap writers: RSS 2.0, Atom 1.0, JSON Feed 1.1, sitemaps.org index/urlset, Google
// News sitemaps and robots.txt. Pure functions over plain values; all text is escaped here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"

namespace dateline::render {

struct FeedEntry {
  std::string guid;  // stable: never changes when the headline does
  std::string title;
  std::string url;  // absolute
  std::string summary;
  std::string content_html;  // sanitized HTML, or empty for excerpt-only feeds
  std::string author_name;
  std::string author_url;
  std::vector<std::string> categories;
  core::TimePoint published{};
  core::TimePoint updated{};
};

struct Feed {
  std::string title;
  std::string description;
  std::string home_url;  // absolute
  std::string feed_url;  // absolute URL of this document
  std::string language = "en";
  core::TimePoint updated{};
  std::vector<FeedEntry> entries;
};

std::string render_rss(const Feed& feed);
std::string render_atom(const Feed& feed);
std::string render_json_feed(const Feed& feed);

struct SitemapUrl {
  std::string loc;  // absolute
  std::optional<core::TimePoint> lastmod;
};
std::string render_sitemap_index(const std::vector<SitemapUrl>& sitemaps);
std::string render_urlset(const std::vector<SitemapUrl>& urls);

struct NewsSitemapEntry {
  std::string loc;
  std::string title;
  core::TimePoint published{};
};
std::string render_news_sitemap(const std::string& publication_name, const std::string& language,
                                const std::vector<NewsSitemapEntry>& entries);

std::string render_robots(const std::string& base_url);

// Escapes text for XML character data and attribute values.
std::string xml_escape(std::string_view text);

}  // namespace dateline::render
