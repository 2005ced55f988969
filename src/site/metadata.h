// News metadata for page heads: feed autodiscovery links, Open Graph and Twitter card tags, and
// schema.org JSON-LD (NewsArticle + BreadcrumbList for articles, WebSite + SearchAction for home).
// Pure functions; every value is escaped for its context here.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace dateline::site {

struct ArticleMeta {
  std::string site_name;
  std::string url;  // absolute canonical URL
  std::string headline;
  std::string description;
  std::string published_iso;
  std::string modified_iso;
  std::string author_name;
  std::string author_url;          // absolute
  std::string publisher_logo_url;  // absolute
  std::string image_url;           // absolute; the logo when the article has no image
  std::string section;             // category name, may be empty
  std::string section_url;         // absolute
  std::string home_url;            // absolute
  std::vector<std::string> keywords;
  std::string language = "en";
  // The image's size in pixels, 0 when unknown (the logo, an external image), and its alt text.
  int image_width = 0;
  int image_height = 0;
  std::string image_alt;
};

// <link rel="alternate"> for the RSS, Atom and JSON feeds under `feed_base` ("https://x/", or a
// section's "https://x/tag/iran/").
std::string feed_links(const std::string& feed_base, const std::string& title);
std::string article_head(const ArticleMeta& meta);
std::string website_head(const std::string& site_name, const std::string& home_url,
                         const std::string& description);
// Serializes JSON for a <script type="application/ld+json"> block: no "<" survives, so the
// block can never be closed early.
std::string json_ld_script(const std::string& json);

}  // namespace dateline::site
