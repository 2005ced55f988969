// Site: the public pages (home, article, tag, category, author, search, 404, assets, healthz).
// Pages are rendered once into the PageCache and served from memory until something they show
// changes; the top bar, Trending Now and Latest News are fragments spliced in. Thread-safe.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "content/model.h"
#include "core/clock.h"
#include "core/time.h"
#include "http/message.h"
#include "render/markdown.h"
#include "render/theme.h"
#include "site/page_cache.h"
#include "store/editorial.h"
#include "store/store.h"

namespace dateline::site {

struct WeatherView {
  std::string temperature;  // "14.9"
  std::string unit;         // "C"
  std::string city;
  std::string description;  // "Partly cloudy"
};

// Called for every GET of an article page, cached or not (view counting). Must not block.
using ViewRecorder = std::function<void(content::Id article, const http::Request& request)>;

// Uploaded images as the site reaches them (the composition root provides both): a library item
// with its stored sizes, for featured images, and a stored file's bytes by name, for
// /media/<name>. Each returns kNotFound for what does not exist; both must be thread-safe.
struct MediaSource {
  std::function<core::Result<store::MediaItem>(content::Id)> item;
  std::function<core::Result<std::string>(std::string_view name)> read;
};

struct SiteOptions {
  int page_size = 10;
  int widget_size = 5;
  // The page cache's budget: about 1,500 article pages of 16 KB with their compressed variants
  // in 64 MB (a server of 100,000 articles then stays near 350 MB; `serve --page-cache-mb`).
  std::size_t page_cache_bytes = PageCache::kDefaultMaxBytes;
};

class Site {
 public:
  Site(store::Store& store, const render::Theme& theme, core::Clock& clock, SiteOptions options);

  http::Response handle(const http::Request& request);

  // Content or settings changed: reload settings and drop every cached page.
  core::Status invalidate();
  // These articles were published, edited, unpublished or deleted: drops exactly the cached pages
  // that show them or list them (their own page, home, their category, tag and author pages,
  // feeds, sitemaps, pages whose cards or links show them) and refreshes Latest News. A change
  // to the categories (which every page's navigation shows) drops everything.
  core::Status articles_changed(const std::vector<content::Id>& ids);
  // The related lists of these articles changed: drops their pages.
  void related_changed(const std::vector<content::Id>& ids);
  // Re-renders the Latest News fragment.
  void refresh_latest();
  // Re-renders the top bar (date in the site's zone, weather when known).
  void set_weather(std::optional<WeatherView> weather);
  void refresh_topbar();
  // Re-renders Trending Now from the given ranking (best first); unpublished ids are skipped.
  void set_trending(const std::vector<content::Id>& ranked);
  void set_view_recorder(ViewRecorder recorder) { view_recorder_ = std::move(recorder); }
  // Where uploaded images come from; without it /media/ answers 404 and articles show only
  // external images. Call before serving.
  void set_media(MediaSource media) { media_ = std::move(media); }
  // Public URL used for absolute links (feeds, sitemaps, canonical) instead of the stored
  // setting; for a server whose setting still holds the default. Call invalidate() after.
  void set_base_url_override(std::string base_url) { base_url_override_ = std::move(base_url); }

  const PageCache& cache() const { return cache_; }
  // The canonical path of a published article.
  std::string article_path(const content::Article& article) const;

 private:
  struct Context {
    content::SiteSettings settings;
    core::TimeZone zone = core::TimeZone::utc();
    std::vector<content::Category> categories;
    std::vector<content::Author> authors;
  };
  struct Rendered {
    unsigned status = 200;
    std::string html;
    std::optional<content::Id> article_id;
    std::string redirect;  // when set, answer 301 here instead
    std::string content_type = "text/html; charset=utf-8";
    // Invalidation keys (see PageCache); none means the page changes with any content change.
    std::vector<std::string> depends_on{};
  };

  std::shared_ptr<const Context> context() const { return context_.load(); }
  http::Response serve_page(const http::Request& request, const std::string& key,
                            const std::function<core::Result<Rendered>()>& render);
  http::Response serve_asset(const http::Request& request, std::string_view name) const;
  http::Response serve_media(const http::Request& request, std::string_view name) const;
  http::Response not_found(const http::Request& request);

  core::Result<Rendered> route(const std::string& path);
  core::Result<Rendered> render_home(int page);
  core::Result<Rendered> render_article(const content::Article& article);
  core::Result<Rendered> render_list(std::string_view kind, const std::string& slug, int page);
  core::Result<Rendered> render_not_found();
  core::Result<Rendered> render_search(const http::Request& request);
  // Feeds, sitemaps and robots.txt (site_feeds.cc); nullopt when `path` is none of them.
  std::optional<core::Result<Rendered>> route_machine_readable(const std::string& path);
  core::Result<Rendered> render_feed(std::string_view kind, const std::string& slug,
                                     std::string_view format);
  core::Result<Rendered> render_sitemap(std::string_view which, int page);
  std::string absolute(std::string_view path) const;

  boost::json::object base_view(const Context& ctx, std::string title, std::string description,
                                std::string canonical, std::string current_nav) const;
  boost::json::object card(const Context& ctx, const content::Article& article) const;
  boost::json::array cards(const Context& ctx, const std::vector<content::Article>& articles) const;
  core::Result<std::string> render_view(std::string_view name,
                                        const boost::json::object& view) const;
  // `shown`, when given, receives the id of the article linked to.
  std::optional<render::LinkedArticle> resolve_link(const Context& ctx, std::string_view href,
                                                    std::vector<content::Id>* shown = nullptr);
  core::Status reload_context();
  std::optional<std::string> canonical_for_path(const std::string& path);

  store::Store& store_;
  const render::Theme& theme_;
  core::Clock& clock_;
  SiteOptions options_;
  PageCache cache_;
  std::atomic<std::shared_ptr<const Context>> context_;
  std::atomic<std::shared_ptr<const std::optional<WeatherView>>> weather_{
      std::make_shared<const std::optional<WeatherView>>()};
  ViewRecorder view_recorder_;
  MediaSource media_;
  std::string base_url_override_;
};

}  // namespace dateline::site
