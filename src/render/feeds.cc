#include "render/feeds.h"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "core/strings.h"
#include "core/time.h"

namespace dateline::render {

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        // Control characters other than tab and newlines are not allowed in XML 1.0.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') break;
        out += c;
    }
  }
  return out;
}

std::string render_rss(const Feed& feed) {
  std::string out;
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out +=
      "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" "
      "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
      "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n";
  out += fmt::format("<title>{}</title>\n<link>{}</link>\n<description>{}</description>\n",
                     xml_escape(feed.title), xml_escape(feed.home_url),
                     xml_escape(feed.description.empty() ? feed.title : feed.description));
  out += fmt::format("<language>{}</language>\n<lastBuildDate>{}</lastBuildDate>\n",
                     xml_escape(feed.language), core::format_http_date(feed.updated));
  out += fmt::format(
      "<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n<generator>Dateline"
      "</generator>\n",
      xml_escape(feed.feed_url));
  for (const auto& e : feed.entries) {
    out += "<item>\n";
    out +=
        fmt::format("<title>{}</title>\n<link>{}</link>\n", xml_escape(e.title), xml_escape(e.url));
    out += fmt::format("<guid isPermaLink=\"false\">{}</guid>\n", xml_escape(e.guid));
    out += fmt::format("<pubDate>{}</pubDate>\n", core::format_http_date(e.published));
    if (!e.author_name.empty()) {
      out += fmt::format("<dc:creator>{}</dc:creator>\n", xml_escape(e.author_name));
    }
    for (const auto& c : e.categories)
      out += fmt::format("<category>{}</category>\n", xml_escape(c));
    out += fmt::format("<description>{}</description>\n", xml_escape(e.summary));
    if (!e.content_html.empty()) {
      out += fmt::format("<content:encoded>{}</content:encoded>\n", xml_escape(e.content_html));
    }
    out += "</item>\n";
  }
  out += "</channel>\n</rss>\n";
  return out;
}

std::string render_atom(const Feed& feed) {
  std::string out;
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
                     xml_escape(feed.language));
  out += fmt::format("<title>{}</title>\n", xml_escape(feed.title));
  if (!feed.description.empty()) {
    out += fmt::format("<subtitle>{}</subtitle>\n", xml_escape(feed.description));
  }
  out += fmt::format("<id>{}</id>\n", xml_escape(feed.feed_url));
  out += fmt::format("<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
                     xml_escape(feed.feed_url));
  out += fmt::format("<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
                     xml_escape(feed.home_url));
  out += fmt::format("<updated>{}</updated>\n<generator>Dateline</generator>\n",
                     core::format_iso8601_utc(feed.updated));
  if (feed.entries.empty())
    out += fmt::format("<author><name>{}</name></author>\n", xml_escape(feed.title));
  for (const auto& e : feed.entries) {
    out += "<entry>\n";
    out += fmt::format("<title>{}</title>\n<id>{}</id>\n", xml_escape(e.title), xml_escape(e.guid));
    out += fmt::format("<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
                       xml_escape(e.url));
    out += fmt::format("<published>{}</published>\n<updated>{}</updated>\n",
                       core::format_iso8601_utc(e.published), core::format_iso8601_utc(e.updated));
    out +=
        fmt::format("<author><name>{}</name>{}</author>\n",
                    xml_escape(e.author_name.empty() ? feed.title : e.author_name),
                    e.author_url.empty() ? std::string()
                                         : fmt::format("<uri>{}</uri>", xml_escape(e.author_url)));
    for (const auto& c : e.categories) {
      out += fmt::format("<category term=\"{}\"/>\n", xml_escape(c));
    }
    out += fmt::format("<summary>{}</summary>\n", xml_escape(e.summary));
    if (!e.content_html.empty()) {
      out += fmt::format("<content type=\"html\">{}</content>\n", xml_escape(e.content_html));
    }
    out += "</entry>\n";
  }
  out += "</feed>\n";
  return out;
}

std::string render_json_feed(const Feed& feed) {
  namespace json = boost::json;
  json::object root;
  root["version"] = "https://jsonfeed.org/version/1.1";
  root["title"] = feed.title;
  root["home_page_url"] = feed.home_url;
  root["feed_url"] = feed.feed_url;
  if (!feed.description.empty()) root["description"] = feed.description;
  root["language"] = feed.language;
  json::array items;
  for (const auto& e : feed.entries) {
    json::object item;
    item["id"] = e.guid;
    item["url"] = e.url;
    item["title"] = e.title;
    if (!e.content_html.empty()) {
      item["content_html"] = e.content_html;
    } else {
      item["content_text"] = e.summary;
    }
    if (!e.summary.empty()) item["summary"] = e.summary;
    item["date_published"] = core::format_iso8601_utc(e.published);
    item["date_modified"] = core::format_iso8601_utc(e.updated);
    if (!e.author_name.empty()) {
      json::object author{{"name", e.author_name}};
      if (!e.author_url.empty()) author["url"] = e.author_url;
      item["authors"] = json::array{author};
    }
    if (!e.categories.empty()) {
      json::array tags;
      for (const auto& c : e.categories) tags.emplace_back(c);
      item["tags"] = std::move(tags);
    }
    items.push_back(std::move(item));
  }
  root["items"] = std::move(items);
  return json::serialize(root) + "\n";
}

std::string render_sitemap_index(const std::vector<SitemapUrl>& sitemaps) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  for (const auto& s : sitemaps) {
    out += fmt::format("<sitemap><loc>{}</loc>", xml_escape(s.loc));
    if (s.lastmod)
      out += fmt::format("<lastmod>{}</lastmod>", core::format_iso8601_utc(*s.lastmod));
    out += "</sitemap>\n";
  }
  out += "</sitemapindex>\n";
  return out;
}

std::string render_urlset(const std::vector<SitemapUrl>& urls) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  for (const auto& u : urls) {
    out += fmt::format("<url><loc>{}</loc>", xml_escape(u.loc));
    if (u.lastmod)
      out += fmt::format("<lastmod>{}</lastmod>", core::format_iso8601_utc(*u.lastmod));
    out += "</url>\n";
  }
  out += "</urlset>\n";
  return out;
}

std::string render_news_sitemap(const std::string& publication_name, const std::string& language,
                                const std::vector<NewsSitemapEntry>& entries) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
      "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n";
  for (const auto& e : entries) {
    out += fmt::format(
        "<url><loc>{}</loc><news:news><news:publication><news:name>{}</news:name>"
        "<news:language>{}</news:language></news:publication>"
        "<news:publication_date>{}</news:publication_date><news:title>{}</news:title>"
        "</news:news></url>\n",
        xml_escape(e.loc), xml_escape(publication_name), xml_escape(language),
        core::format_iso8601_utc(e.published), xml_escape(e.title));
  }
  out += "</urlset>\n";
  return out;
}

std::string render_robots(const std::string& base_url) {
  return fmt::format("User-agent: *\nAllow: /\nDisallow: /search\n\nSitemap: {0}/sitemap.xml\n",
                     base_url);
}

}  // namespace dateline::render
