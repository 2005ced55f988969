// Machine-readable routes of the public site: RSS/Atom/JSON feeds for the site and each
// category, tag and author; the sitemap index, its paged sitemaps and the Google News sitemap;
// robots.txt. They go through the same page cache as HTML pages.
#include <fmt/format.h>

#include <charconv>

#include "content/permalink.h"
#include "core/strings.h"
#include "render/feeds.h"
#include "render/markdown.h"
#include "site/site.h"

namespace dateline::site {
namespace {

constexpr int kFeedSize = 20;
constexpr int kSitemapPageSize = 5000;

std::optional<std::string_view> feed_format(std::string_view file) {
  if (file == "feed.xml") return "rss";
  if (file == "feed.atom") return "atom";
  if (file == "feed.json") return "json";
  return std::nullopt;
}

}  // namespace

std::string Site::absolute(std::string_view path) const {
  std::string base = context()->settings.base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + std::string(path);
}

std::optional<core::Result<Site::Rendered>> Site::route_machine_readable(const std::string& path) {
  std::string_view p = path;
  if (p == "/robots.txt") {
    return Rendered{
        200, render::render_robots(absolute("")), std::nullopt, {}, "text/plain; charset=utf-8"};
  }
  if (p == "/sitemap.xml") return render_sitemap("index", 0);
  if (p == "/sitemap-pages.xml") return render_sitemap("pages", 0);
  if (p == "/sitemap-news.xml") return render_sitemap("news", 0);
  if (p.starts_with("/sitemap-articles-") && p.ends_with(".xml")) {
    auto digits = p.substr(18, p.size() - 18 - 4);
    int n = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (ec == std::errc() && end == digits.data() + digits.size() && n >= 1) {
      return render_sitemap("articles", n);
    }
    return std::nullopt;
  }
  if (p.size() > 1 && p.substr(1).find('/') == std::string_view::npos) {
    if (auto format = feed_format(p.substr(1))) return render_feed("", "", *format);
    return std::nullopt;
  }
  for (std::string_view kind : {"category", "tag", "author"}) {
    const auto prefix = fmt::format("/{}/", kind);
    if (!p.starts_with(prefix)) continue;
    const auto rest = p.substr(prefix.size());
    const auto slash = rest.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    if (auto format = feed_format(rest.substr(slash + 1))) {
      return render_feed(kind, std::string(rest.substr(0, slash)), *format);
    }
  }
  return std::nullopt;
}

core::Result<Site::Rendered> Site::render_feed(std::string_view kind, const std::string& slug,
                                               std::string_view format) {
  const auto ctx = context();
  const auto& s = ctx->settings;
  store::ArticleQuery q;
  q.limit = kFeedSize;
  std::string title = s.site_name;
  std::string home = "/";
  if (kind == "category") {
    auto c = store_.find_category_by_slug(slug);
    if (!c) return c.error();
    q.category_id = c->id;
    title = fmt::format("{}: {}", s.site_name, c->name);
    home = fmt::format("/category/{}/", c->slug);
  } else if (kind == "tag") {
    auto t = store_.find_tag_by_slug(slug);
    if (!t) return t.error();
    q.tag_id = t->id;
    title = fmt::format("{}: {}", s.site_name, t->name);
    home = fmt::format("/tag/{}/", t->slug);
  } else if (kind == "author") {
    auto a = store_.find_author_by_slug(slug);
    if (!a) return a.error();
    q.author_id = a->id;
    title = fmt::format("{}: {}", s.site_name, a->name);
    home = fmt::format("/author/{}/", a->slug);
  }
  auto page = store_.list_published(q);
  if (!page) return page.error();

  render::Feed feed;
  feed.title = title;
  feed.description = s.tagline;
  feed.home_url = absolute(home);
  const std::string file = format == "rss"    ? "feed.xml"
                           : format == "atom" ? "feed.atom"
                                              : "feed.json";
  feed.feed_url = absolute(home + file);
  feed.language = s.language;
  feed.updated = clock_.now_seconds();
  std::string host = s.base_url;
  if (const auto scheme = host.find("://"); scheme != std::string::npos) host.erase(0, scheme + 3);
  host = host.substr(0, host.find_first_of(":/"));
  if (host.empty()) host = "localhost";
  bool first = true;
  for (const auto& a : page->items) {
    render::FeedEntry e;
    // A tag URI (RFC 4151) on the site's host: stable across headline and permalink changes, and
    // unlike /?p=N never shadowed by an imported WordPress id.
    e.guid = fmt::format("tag:{},2025:article:{}", host, a.id);
    e.title = a.title;
    e.url = absolute(article_path(a));
    e.summary =
        a.excerpt.empty() ? render::markdown_to_text(a.body_markdown).substr(0, 300) : a.excerpt;
    if (s.feed_full_text) {
      render::MarkdownOptions md;
      md.dateline = content::format_dateline(a.dateline, s.short_name);
      md.resolve = [this, &ctx](std::string_view href) { return resolve_link(*ctx, href); };
      e.content_html = core::replace_all(render::markdown_to_html(a.body_markdown, md), "href=\"/",
                                         "href=\"" + absolute("/"));
    }
    for (const auto& au : ctx->authors) {
      if (au.id == a.author_id) {
        e.author_name = au.name;
        e.author_url = absolute(fmt::format("/author/{}/", au.slug));
      }
    }
    if (a.category_id) {
      for (const auto& c : ctx->categories) {
        if (c.id == *a.category_id) e.categories.push_back(c.name);
      }
    }
    for (const auto& t : a.tags) e.categories.push_back(t.name);
    e.published = a.published_at.value_or(a.created_at);
    e.updated = a.updated_at.value_or(e.published);
    if (first) feed.updated = std::max(e.updated, e.published);
    first = false;
    feed.entries.push_back(std::move(e));
  }
  if (format == "rss") {
    return Rendered{
        200, render::render_rss(feed), std::nullopt, {}, "application/rss+xml; charset=utf-8"};
  }
  if (format == "atom") {
    return Rendered{
        200, render::render_atom(feed), std::nullopt, {}, "application/atom+xml; charset=utf-8"};
  }
  return Rendered{200,
                  render::render_json_feed(feed),
                  std::nullopt,
                  {},
                  "application/feed+json; charset=utf-8"};
}

core::Result<Site::Rendered> Site::render_sitemap(std::string_view which, int page) {
  const auto ctx = context();
  constexpr auto kXml = "application/xml; charset=utf-8";
  if (which == "index") {
    auto total = store_.count_published();
    if (!total) return total.error();
    std::vector<render::SitemapUrl> maps{{absolute("/sitemap-pages.xml"), std::nullopt}};
    // The news sitemap is listed only while it has an article: an empty urlset is invalid.
    store::ArticleQuery newest;
    newest.limit = 1;
    auto latest = store_.list_published(newest);
    if (!latest) return latest.error();
    if (!latest->items.empty() &&
        latest->items.front().published_at.value_or(latest->items.front().created_at) >=
            clock_.now_seconds() - std::chrono::hours{48}) {
      maps.push_back({absolute("/sitemap-news.xml"), std::nullopt});
    }
    const int pages = std::max(1, (*total + kSitemapPageSize - 1) / kSitemapPageSize);
    for (int i = 1; i <= pages; ++i) {
      maps.push_back({absolute(fmt::format("/sitemap-articles-{}.xml", i)), std::nullopt});
    }
    return Rendered{200, render::render_sitemap_index(maps), std::nullopt, {}, kXml};
  }
  if (which == "pages") {
    std::vector<render::SitemapUrl> urls{{absolute("/"), std::nullopt}};
    for (const auto& c : ctx->categories) {
      urls.push_back({absolute(fmt::format("/category/{}/", c.slug)), std::nullopt});
    }
    for (const auto& a : ctx->authors) {
      urls.push_back({absolute(fmt::format("/author/{}/", a.slug)), std::nullopt});
    }
    auto tags = store_.list_used_tags();
    if (!tags) return tags.error();
    for (const auto& t : *tags) {
      urls.push_back({absolute(fmt::format("/tag/{}/", t.slug)), std::nullopt});
    }
    return Rendered{200, render::render_urlset(urls), std::nullopt, {}, kXml};
  }
  if (which == "news") {
    store::ArticleQuery q;
    q.limit = 1000;  // Google News reads at most 1,000 URLs per sitemap
    auto latest = store_.list_published(q);
    if (!latest) return latest.error();
    const auto cutoff = clock_.now_seconds() - std::chrono::hours{48};
    std::vector<render::NewsSitemapEntry> entries;
    for (const auto& a : latest->items) {
      const auto published = a.published_at.value_or(a.created_at);
      if (published < cutoff) break;
      entries.push_back({absolute(article_path(a)), a.title, published});
    }
    return Rendered{
        200,
        render::render_news_sitemap(ctx->settings.site_name, ctx->settings.language, entries),
        std::nullopt,
        {},
        kXml};
  }
  store::ArticleQuery q;
  q.limit = kSitemapPageSize;
  q.offset = (page - 1) * kSitemapPageSize;
  auto articles = store_.list_published(q);
  if (!articles) return articles.error();
  if (articles->items.empty() && page > 1) {
    return core::make_error(core::Errc::kNotFound, "no such sitemap");
  }
  std::vector<render::SitemapUrl> urls;
  for (const auto& a : articles->items) {
    urls.push_back({absolute(article_path(a)), a.updated_at ? a.updated_at : a.published_at});
  }
  return Rendered{200, render::render_urlset(urls), std::nullopt, {}, kXml};
}

}  // namespace dateline::site
