#include "site/metadata.h"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "core/strings.h"

namespace dateline::site {
namespace {

namespace json = boost::json;
using core::html_escape;

std::string meta_property(std::string_view property, std::string_view content) {
  return fmt::format("<meta property=\"{}\" content=\"{}\">\n", property, html_escape(content));
}
std::string meta_name(std::string_view name, std::string_view content) {
  return fmt::format("<meta name=\"{}\" content=\"{}\">\n", name, html_escape(content));
}

}  // namespace

std::string json_ld_script(const std::string& text) {
  return fmt::format("<script type=\"application/ld+json\">{}</script>\n",
                     core::replace_all(text, "<", "\\u003c"));
}

std::string feed_links(const std::string& feed_base, const std::string& title) {
  return fmt::format(
      "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"{0} (RSS)\" "
      "href=\"{1}feed.xml\">\n"
      "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"{0} (Atom)\" "
      "href=\"{1}feed.atom\">\n"
      "<link rel=\"alternate\" type=\"application/feed+json\" title=\"{0} (JSON Feed)\" "
      "href=\"{1}feed.json\">\n",
      html_escape(title), html_escape(feed_base));
}

std::string article_head(const ArticleMeta& m) {
  std::string out;
  out += meta_property("og:type", "article");
  out += meta_property("og:site_name", m.site_name);
  out += meta_property("og:title", m.headline);
  out += meta_property("og:description", m.description);
  out += meta_property("og:url", m.url);
  out += meta_property("og:image", m.image_url);
  if (m.image_width > 0 && m.image_height > 0) {
    out += meta_property("og:image:width", std::to_string(m.image_width));
    out += meta_property("og:image:height", std::to_string(m.image_height));
  }
  if (!m.image_alt.empty()) out += meta_property("og:image:alt", m.image_alt);
  out += meta_property("og:locale", m.language == "en" ? "en_US" : m.language);
  out += meta_property("article:published_time", m.published_iso);
  out += meta_property("article:modified_time", m.modified_iso);
  if (!m.section.empty()) out += meta_property("article:section", m.section);
  for (const auto& k : m.keywords) out += meta_property("article:tag", k);
  out += meta_name("twitter:card", m.image_width > 0 ? "summary_large_image" : "summary");
  out += meta_name("twitter:title", m.headline);
  out += meta_name("twitter:description", m.description);

  json::object article{
      {"@context", "https://schema.org"},
      {"@type", "NewsArticle"},
      {"mainEntityOfPage", json::object{{"@type", "WebPage"}, {"@id", m.url}}},
      {"url", m.url},
      {"headline", m.headline},
      {"description", m.description},
      {"datePublished", m.published_iso},
      {"dateModified", m.modified_iso},
      {"inLanguage", m.language},
      {"image", json::array{m.image_url}},
      {"author", json::array{json::object{
                     {"@type", "Person"}, {"name", m.author_name}, {"url", m.author_url}}}},
      {"publisher", json::object{{"@type", "NewsMediaOrganization"},
                                 {"name", m.site_name},
                                 {"url", m.home_url},
                                 {"logo", json::object{{"@type", "ImageObject"},
                                                       {"url", m.publisher_logo_url}}}}},
  };
  if (!m.section.empty()) article["articleSection"] = m.section;
  if (!m.keywords.empty()) {
    json::array keywords;
    for (const auto& k : m.keywords) keywords.emplace_back(k);
    article["keywords"] = std::move(keywords);
  }
  json::array crumbs;
  crumbs.push_back(json::object{
      {"@type", "ListItem"}, {"position", 1}, {"name", m.site_name}, {"item", m.home_url}});
  if (!m.section.empty()) {
    crumbs.push_back(json::object{
        {"@type", "ListItem"}, {"position", 2}, {"name", m.section}, {"item", m.section_url}});
  }
  crumbs.push_back(json::object{{"@type", "ListItem"},
                                {"position", static_cast<std::int64_t>(crumbs.size() + 1)},
                                {"name", m.headline},
                                {"item", m.url}});
  json::object breadcrumbs{{"@context", "https://schema.org"},
                           {"@type", "BreadcrumbList"},
                           {"itemListElement", std::move(crumbs)}};
  out += json_ld_script(json::serialize(article));
  out += json_ld_script(json::serialize(breadcrumbs));
  return out;
}

std::string website_head(const std::string& site_name, const std::string& home_url,
                         const std::string& description) {
  std::string out;
  out += meta_property("og:type", "website");
  out += meta_property("og:site_name", site_name);
  out += meta_property("og:title", site_name);
  out += meta_property("og:description", description);
  out += meta_property("og:url", home_url);
  json::object site{
      {"@context", "https://schema.org"},
      {"@type", "WebSite"},
      {"name", site_name},
      {"url", home_url},
      {"potentialAction",
       json::object{
           {"@type", "SearchAction"},
           {"target", json::object{{"@type", "EntryPoint"},
                                   {"urlTemplate", home_url + "search?q={search_term_string}"}}},
           {"query-input", "required name=search_term_string"}}},
  };
  out += json_ld_script(json::serialize(site));
  return out;
}

}  // namespace dateline::site
