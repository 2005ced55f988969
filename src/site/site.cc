#include "site/site.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <limits>

#include "content/permalink.h"
#include "core/log.h"
#include "core/strings.h"
#include "http/encoding.h"
#include "http/security_headers.h"
#include "render/markdown.h"
#include "site/metadata.h"

namespace dateline::site {
namespace {

namespace json = boost::json;
using core::Errc;

constexpr int kMaxPage = 100000;
// Page-cache keys of search result pages (no path starts so).
constexpr std::string_view kSearchKeyPrefix = "search?";

std::string posts_label(int n) { return fmt::format("{} {}", n, n == 1 ? "post" : "posts"); }

// "/page/3/" -> 3; nullopt unless the whole rest is a page suffix.
std::optional<int> page_suffix(std::string_view rest) {
  if (rest.empty()) return 1;
  if (!rest.starts_with("page/") || !rest.ends_with('/')) return std::nullopt;
  rest.remove_prefix(5);
  rest.remove_suffix(1);
  int n = 0;
  auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), n);
  if (ec != std::errc() || p != rest.data() + rest.size() || n < 2 || n > kMaxPage) {
    return std::nullopt;
  }
  return n;
}

json::object pagination(std::string_view base, int page, int total, int page_size) {
  const int pages = std::max(1, (total + page_size - 1) / page_size);
  if (pages <= 1) return {};
  json::object p;
  p["page"] = page;
  p["pages"] = pages;
  if (page > 1) {
    p["prev_url"] = page == 2 ? std::string(base) : fmt::format("{}page/{}/", base, page - 1);
  }
  if (page < pages) p["next_url"] = fmt::format("{}page/{}/", base, page + 1);
  return p;
}

// Plain text in paragraphs, split at blank lines and line breaks: [{"text": ...}, ...]. The
// template escapes each one.
json::array paragraphs(std::string_view text) {
  json::array out;
  for (auto line : core::split(text, '\n')) {
    const auto t = core::trim(line);
    if (!t.empty()) out.push_back(json::object{{"text", t}});
  }
  return out;
}

// For shared caches (a CDN) as well as browsers: pages may be served a little stale while they
// revalidate. The home page changes with every publish, so it is kept for less time.
std::string cache_control_for(std::string_view path) {
  // Search results: a shared cache asks again each time (the ETag makes that a 304).
  if (path.starts_with(kSearchKeyPrefix)) return "no-cache";
  if (path == "/" || path.starts_with("/page/")) {
    return "public, max-age=30, stale-while-revalidate=30";
  }
  return "public, max-age=60, stale-while-revalidate=30";
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  if (if_none_match.empty()) return false;
  if (core::trim(if_none_match) == "*") return true;
  for (auto part : core::split(if_none_match, ',')) {
    auto t = core::trim(part);
    if (t.starts_with("W/")) t.remove_prefix(2);
    if (t == etag) return true;
  }
  return false;
}

// Invalidation keys (PageCache): what a cached page shows or is.
std::string shows_key(content::Id id) { return fmt::format("shows:{}", id); }
std::string self_key(content::Id id) { return fmt::format("self:{}", id); }
std::string list_key(std::string_view kind, content::Id id) {
  return fmt::format("list:{}:{}", kind, id);
}
// Carried by pages that change with any publish: home, feeds, sitemaps.
constexpr std::string_view kAnyChangeKey = "any";
constexpr std::string_view kMediaPath = "/media/";
// The featured image spans the article column (760px) on wide screens, the screen below that.
constexpr std::string_view kFeaturedSizes = "(min-width: 1024px) 760px, 100vw";

// An author's photo is shown small (see site.css): on their page and in the article's author
// box. Variants up to 640px cover those boxes on screens of three device pixels per CSS pixel.
constexpr int kPortraitMaxWidth = 640;
constexpr std::string_view kAuthorPagePortraitSizes = "(min-width: 40em) 112px, 80px";
constexpr std::string_view kAuthorBoxPortraitSizes = "64px";

// The srcset of an item's variants of one type, narrowest first:
// "/media/ab-320.webp 320w, /media/ab-640.webp 640w". Variants wider than `max_width` are left
// out unless none is narrower (then only the narrowest is given).
std::string media_srcset(const store::MediaItem& m, std::string_view mime,
                         int max_width = std::numeric_limits<int>::max()) {
  std::vector<const store::MediaVariant*> chosen;
  const store::MediaVariant* narrowest = nullptr;
  for (const auto& v : m.variants) {
    if (v.mime != mime) continue;
    if (v.width <= max_width) chosen.push_back(&v);
    if (!narrowest || v.width < narrowest->width) narrowest = &v;
  }
  if (chosen.empty() && narrowest) chosen.push_back(narrowest);
  std::sort(chosen.begin(), chosen.end(),
            [](const auto* a, const auto* b) { return a->width < b->width; });
  std::string out;
  for (const auto* v : chosen) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{}{} {}w", kMediaPath, v->name, v->width);
  }
  return out;
}

// The variant of type `mime` nearest `width` from below (the narrowest when all are wider);
// nullptr when there is none of that type.
const store::MediaVariant* media_variant(const store::MediaItem& m, std::string_view mime,
                                         int width) {
  const store::MediaVariant* best = nullptr;
  const store::MediaVariant* narrowest = nullptr;
  for (const auto& v : m.variants) {
    if (v.mime != mime) continue;
    if (!narrowest || v.width < narrowest->width) narrowest = &v;
    if (v.width <= width && (!best || v.width > best->width)) best = &v;
  }
  return best ? best : narrowest;
}

// The article's lead picture: the view the template shows and what the page's metadata names.
struct FeaturedImage {
  json::object view;
  std::string share_url;  // absolute, or a path to make absolute
  int width = 0;          // of share_url, when known
  int height = 0;
  std::string alt;
};

std::optional<FeaturedImage> featured_image(const content::Article& a, const MediaSource& media) {
  if (a.image_media_id && media.item) {
    auto m = media.item(*a.image_media_id);
    if (!m) {
      if (m.error().code != Errc::kNotFound) {
        core::log::warn("featured image unavailable article={} media={} error=\"{}\"", a.id,
                        *a.image_media_id, m.error().message);
      }
      return std::nullopt;
    }
    const auto* src = media_variant(*m, "image/jpeg", 640);
    const auto* share = media_variant(*m, "image/jpeg", std::numeric_limits<int>::max());
    if (!src || !share) return std::nullopt;
    FeaturedImage out;
    out.alt = a.image_alt.empty() ? m->alt : a.image_alt;
    const auto& caption = a.image_caption.empty() ? m->caption : a.image_caption;
    out.view = json::object{{"src", fmt::format("{}{}", kMediaPath, src->name)},
                            {"jpeg_srcset", media_srcset(*m, "image/jpeg")},
                            {"webp_srcset", media_srcset(*m, "image/webp")},
                            {"sizes", kFeaturedSizes},
                            {"width", src->width},
                            {"height", src->height},
                            {"alt", out.alt},
                            {"caption", caption}};
    out.share_url = fmt::format("{}{}", kMediaPath, share->name);
    out.width = share->width;
    out.height = share->height;
    return out;
  }
  // An imported article's picture stays where it was; only web addresses are shown.
  if (a.image_url.starts_with("https://") || a.image_url.starts_with("http://")) {
    FeaturedImage out;
    out.alt = a.image_alt;
    out.view =
        json::object{{"src", a.image_url}, {"alt", a.image_alt}, {"caption", a.image_caption}};
    out.share_url = a.image_url;
    return out;
  }
  return std::nullopt;
}

// An author's photo as the templates show it (a <picture> of the small variants, alt text the
// author's name); nullopt when the author has none or it cannot be shown. `sizes` is the width
// it is laid out at; `lazy` for a place below the fold.
std::optional<json::object> author_photo(const content::Author& author, const MediaSource& media,
                                         std::string_view sizes, bool lazy) {
  if (!author.photo_media_id || !media.item) return std::nullopt;
  auto m = media.item(*author.photo_media_id);
  if (!m) {
    if (m.error().code != Errc::kNotFound) {
      core::log::warn("author photo unavailable author={} media={} error=\"{}\"", author.id,
                      *author.photo_media_id, m.error().message);
    }
    return std::nullopt;
  }
  // JPEG for the <img> every browser reads, WebP offered beside it; an item stored in one type
  // only is shown in that type.
  std::string_view img_mime = "image/jpeg";
  const auto* src = media_variant(*m, img_mime, kPortraitMaxWidth / 2);
  if (!src) {
    img_mime = "image/webp";
    src = media_variant(*m, img_mime, kPortraitMaxWidth / 2);
  }
  if (!src) return std::nullopt;
  json::object view{{"src", fmt::format("{}{}", kMediaPath, src->name)},
                    {"srcset", media_srcset(*m, img_mime, kPortraitMaxWidth)},
                    {"sizes", sizes},
                    {"width", src->width},
                    {"height", src->height},
                    {"alt", author.name},
                    {"loading", lazy ? "lazy" : "eager"},
                    // Always set: a missing key would be looked up in the enclosing views.
                    {"webp_srcset", img_mime == "image/webp"
                                        ? std::string()
                                        : media_srcset(*m, "image/webp", kPortraitMaxWidth)}};
  return view;
}

}  // namespace

Site::Site(store::Store& store, const render::Theme& theme, core::Clock& clock, SiteOptions options)
    : store_(store),
      theme_(theme),
      clock_(clock),
      options_(options),
      // Search result pages keep to an eighth of the budget: a flood of made-up searches then
      // evicts other searches, not the article pages a spike of readers is reading.
      cache_(options.page_cache_bytes,
             PrefixShare{std::string(kSearchKeyPrefix), options.page_cache_bytes / 8}) {
  context_.store(std::make_shared<const Context>());
}

core::Status Site::invalidate() {
  if (auto s = reload_context(); !s) return s;
  cache_.clear();
  refresh_topbar();
  refresh_latest();
  return {};
}

core::Status Site::articles_changed(const std::vector<content::Id>& ids) {
  const auto before = context();
  if (auto s = reload_context(); !s) return s;
  const auto after = context();
  const auto same_categories = [](const std::vector<content::Category>& a,
                                  const std::vector<content::Category>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) {
      return x.id == y.id && x.slug == y.slug && x.name == y.name && x.position == y.position;
    });
  };
  // An author renamed, re-described or given another photo shows on every page of theirs; new
  // authors show nowhere yet.
  const auto authors_edited = [](const std::vector<content::Author>& a,
                                 const std::vector<content::Author>& b) {
    for (const auto& x : a) {
      for (const auto& y : b) {
        if (x.id == y.id && (x.slug != y.slug || x.name != y.name || x.bio != y.bio ||
                             x.photo_media_id != y.photo_media_id)) {
          return true;
        }
      }
    }
    return false;
  };
  if (!same_categories(before->categories, after->categories) ||
      authors_edited(before->authors, after->authors)) {
    // Every page's navigation lists the categories.
    cache_.clear();
  } else {
    std::vector<std::string> keys{std::string(kAnyChangeKey)};
    for (const content::Id id : ids) {
      keys.push_back(shows_key(id));
      keys.push_back(self_key(id));
      // Drafts too: an unpublished article leaves the lists it was on.
      auto article = store_.find_article(id);
      if (!article) {
        if (article.error().code != Errc::kNotFound) return article.error();
        continue;
      }
      keys.push_back(list_key("author", article->author_id));
      // Article pages show their author's post count.
      keys.push_back(fmt::format("author:{}", article->author_id));
      if (article->category_id) keys.push_back(list_key("category", *article->category_id));
      for (const auto& t : article->tags) keys.push_back(list_key("tag", t.id));
    }
    cache_.invalidate(keys);
  }
  refresh_latest();
  return {};
}

void Site::related_changed(const std::vector<content::Id>& ids) {
  std::vector<std::string> keys;
  keys.reserve(ids.size());
  for (const content::Id id : ids) keys.push_back(self_key(id));
  cache_.invalidate(keys);
}

void Site::refresh_latest() {
  const auto ctx = context();
  store::ArticleQuery q;
  q.limit = options_.widget_size + 1;
  auto latest = store_.list_published(q);
  if (!latest) {
    core::log::error("latest render failed error=\"{}\"", latest.error().message);
    return;
  }
  const auto& items = latest->items;
  const auto render_without = [&](std::optional<content::Id> left_out) {
    json::array shown;
    for (const auto& a : items) {
      if (shown.size() >= static_cast<std::size_t>(options_.widget_size)) break;
      if (left_out && a.id == *left_out) continue;
      shown.push_back(card(*ctx, a));
    }
    json::object view;
    view["has_latest"] = !shown.empty();
    view["latest"] = std::move(shown);
    return theme_.render("latest", view);
  };
  auto html = render_without(std::nullopt);
  if (!html) {
    core::log::error("latest render failed error=\"{}\"", html.error().message);
    return;
  }
  // An article among the newest sees the list without itself.
  std::vector<std::pair<content::Id, std::string>> without;
  for (std::size_t i = 0; i < items.size() && i < static_cast<std::size_t>(options_.widget_size);
       ++i) {
    auto other = render_without(items[i].id);
    if (!other) return;
    without.emplace_back(items[i].id, std::move(*other));
  }
  cache_.set_latest(std::move(*html), std::move(without));
}

core::Status Site::reload_context() {
  auto ctx = std::make_shared<Context>();
  auto settings = store_.settings();
  if (!settings) return settings.error();
  ctx->settings = std::move(*settings);
  if (!base_url_override_.empty()) ctx->settings.base_url = base_url_override_;
  if (auto zone = core::TimeZone::find(ctx->settings.timezone)) ctx->zone = *zone;
  auto categories = store_.list_categories();
  if (!categories) return categories.error();
  ctx->categories = std::move(*categories);
  auto authors = store_.list_authors();
  if (!authors) return authors.error();
  ctx->authors = std::move(*authors);
  context_.store(std::move(ctx));
  return {};
}

std::string Site::article_path(const content::Article& a) const {
  const auto ctx = context();
  return content::permalink(ctx->settings.url_pattern, a.slug,
                            a.published_at.value_or(a.created_at), ctx->zone);
}

void Site::set_weather(std::optional<WeatherView> weather) {
  weather_.store(std::make_shared<const std::optional<WeatherView>>(std::move(weather)));
  refresh_topbar();
}

void Site::refresh_topbar() {
  const auto ctx = context();
  const auto now = clock_.now_seconds();
  json::object view;
  view["date_long"] = core::format_long_date(now, ctx->zone);
  view["date_iso"] = core::format_iso8601(now, ctx->zone).substr(0, 10);
  const auto weather = weather_.load();
  if (weather->has_value()) {
    const auto& w = **weather;
    view["weather"] = json::object{{"temperature", w.temperature},
                                   {"unit", w.unit},
                                   {"city", w.city},
                                   {"description", w.description}};
  }
  auto html = theme_.render("topbar", view);
  if (!html) {
    core::log::error("topbar render failed error=\"{}\"", html.error().message);
    return;
  }
  cache_.set_fragment(Slot::kTopbar, std::move(*html));
}

void Site::set_trending(const std::vector<content::Id>& ranked) {
  std::vector<content::Id> ids(
      ranked.begin(),
      ranked.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(ranked.size(), 50)));
  auto articles = store_.published_by_ids(ids);
  json::array items;
  if (articles) {
    for (const auto& a : *articles) {
      if (items.size() >= static_cast<std::size_t>(options_.widget_size)) break;
      items.push_back(json::object{{"title", a.title}, {"url", article_path(a)}});
    }
  }
  json::object view;
  view["has_items"] = !items.empty();
  view["items"] = std::move(items);
  auto html = theme_.render("trending", view);
  if (!html) {
    core::log::error("trending render failed error=\"{}\"", html.error().message);
    return;
  }
  cache_.set_fragment(Slot::kTrending, std::move(*html));
}

core::Result<std::string> Site::render_view(std::string_view name, const json::object& view) const {
  return theme_.render(name, view);
}

json::object Site::base_view(const Context& ctx, std::string title, std::string description,
                             std::string canonical, std::string current_nav) const {
  const auto& s = ctx.settings;
  // The editors' menu when they set one, else the categories in their order.
  json::array nav;
  const auto current_category =
      current_nav.empty() ? std::string() : fmt::format("/category/{}/", current_nav);
  for (const auto& link : s.navigation) {
    // Checked when saved; checked again in case the database was edited by hand.
    if (core::trim(link.label).empty() || !content::is_allowed_nav_url(link.url)) continue;
    nav.push_back(json::object{{"name", link.label},
                               {"url", link.url},
                               {"current", link.url == canonical || link.url == current_category}});
  }
  if (nav.empty()) {
    for (const auto& c : ctx.categories) {
      nav.push_back(json::object{{"name", c.name},
                                 {"url", fmt::format("/category/{}/", c.slug)},
                                 {"current", c.slug == current_nav}});
    }
  }
  const auto now = clock_.now_seconds();
  json::object view;
  view["site"] = json::object{{"name", s.site_name},
                              {"short_name", s.short_name},
                              {"tagline", s.tagline},
                              {"year", core::format_iso8601(now, ctx.zone).substr(0, 4)},
                              {"nav", std::move(nav)}};
  view["assets"] = json::object{{"css", theme_.asset_url("site.css")},
                                {"favicon", theme_.asset_url("favicon.svg")}};
  std::string base = s.base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  view["page"] = json::object{{"title", std::move(title)},
                              {"description", std::move(description)},
                              {"canonical", base + canonical},
                              {"heading", ""},
                              {"head_extra", feed_links(base + "/", s.site_name)}};
  view["slot_topbar"] = std::string(kTopbarMarker);
  view["slot_trending"] = std::string(kTrendingMarker);
  view["slot_latest"] = std::string(kLatestMarker);
  return view;
}

json::object Site::card(const Context& ctx, const content::Article& a) const {
  json::object c;
  c["title"] = a.title;
  c["url"] = article_path(a);
  c["excerpt"] = a.excerpt;
  if (a.published_at) {
    c["published_human"] = core::format_medium_date(*a.published_at, ctx.zone);
    c["published_iso"] = core::format_iso8601(*a.published_at, ctx.zone);
  }
  for (const auto& au : ctx.authors) {
    if (au.id == a.author_id) {
      c["author_name"] = au.name;
      c["author_url"] = fmt::format("/author/{}/", au.slug);
    }
  }
  if (a.category_id) {
    for (const auto& cat : ctx.categories) {
      if (cat.id == *a.category_id) {
        c["category_name"] = cat.name;
        c["category_url"] = fmt::format("/category/{}/", cat.slug);
      }
    }
  }
  return c;
}

json::array Site::cards(const Context& ctx, const std::vector<content::Article>& articles) const {
  json::array out;
  for (const auto& a : articles) out.push_back(card(ctx, a));
  return out;
}

std::optional<render::LinkedArticle> Site::resolve_link(const Context& ctx, std::string_view href,
                                                        std::vector<content::Id>* shown) {
  std::string_view path = href;
  std::string base = ctx.settings.base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  if (!base.empty() && path.starts_with(base)) path.remove_prefix(base.size());
  if (path.empty() || path.front() != '/' || path.starts_with("//")) return std::nullopt;
  const auto cut = path.find_first_of("?#");
  path = path.substr(0, cut);
  auto slug = content::match_permalink(ctx.settings.url_pattern, path);
  if (!slug) slug = content::loose_article_slug(path);
  if (!slug) return std::nullopt;
  auto article = store_.find_published_by_slug(*slug);
  if (!article) return std::nullopt;
  if (shown != nullptr) shown->push_back(article->id);
  return render::LinkedArticle{article_path(*article), article->title};
}

core::Result<Site::Rendered> Site::render_article(const content::Article& a) {
  const auto ctx = context();
  const auto& s = ctx->settings;
  auto author = store_.find_author(a.author_id);
  if (!author) return author.error();
  auto posts = store_.count_published_by_author(a.author_id);
  if (!posts) return posts.error();

  render::MarkdownOptions md;
  md.dateline = content::format_dateline(a.dateline, s.short_name);
  // Articles this page shows besides itself (Read More links, Related News): an edit of any of
  // them drops this page.
  std::vector<content::Id> shown;
  md.resolve = [this, &ctx, &shown](std::string_view href) {
    return resolve_link(*ctx, href, &shown);
  };
  const auto body_html = render::markdown_to_html(a.body_markdown, md);

  const auto path = article_path(a);
  // The editor's SEO description and title win over the excerpt and the headline.
  auto description = !a.seo_description.empty() ? a.seo_description
                     : a.excerpt.empty()        ? render::markdown_to_text(a.body_markdown)
                                                : a.excerpt;
  if (description.size() > 300) {
    auto cut = description.rfind(' ', 297);
    description = description.substr(0, cut == std::string::npos ? 297 : cut) + "…";
  }
  auto view = base_view(
      *ctx, fmt::format("{} | {}", a.seo_title.empty() ? a.title : a.seo_title, s.site_name),
      description, path, "");
  json::object article = card(*ctx, a);
  article["body_html"] = body_html;
  if (a.updated_at && a.published_at && *a.updated_at > *a.published_at) {
    article["updated_human"] = core::format_medium_date(*a.updated_at, ctx->zone);
    article["updated_iso"] = core::format_iso8601(*a.updated_at, ctx->zone);
  }
  json::array tags;
  for (const auto& t : a.tags) {
    tags.push_back(json::object{{"name", t.name}, {"url", fmt::format("/tag/{}/", t.slug)}});
  }
  article["has_tags"] = !tags.empty();
  article["tags"] = std::move(tags);
  const auto author_url = fmt::format("/author/{}/", author->slug);
  article["author"] =
      json::object{{"name", author->name},  {"url", author_url},
                   {"bio", author->bio},    {"bio_paragraphs", paragraphs(author->bio)},
                   {"posts_count", *posts}, {"posts_label", posts_label(*posts)}};
  // The author box closes the article: below the fold.
  if (auto photo = author_photo(*author, media_, kAuthorBoxPortraitSizes, true)) {
    article["author"].as_object()["photo"] = std::move(*photo);
  }
  if (a.category_id) {
    for (const auto& c : ctx->categories) {
      if (c.id == *a.category_id) {
        article["category"] =
            json::object{{"name", c.name}, {"url", fmt::format("/category/{}/", c.slug)}};
      }
    }
  }
  const auto image = featured_image(a, media_);
  if (image) article["image"] = image->view;
  view["article"] = std::move(article);

  ArticleMeta meta;
  meta.site_name = s.site_name;
  meta.url = absolute(path);
  meta.headline = a.title;
  meta.description = description;
  meta.published_iso = core::format_iso8601(a.published_at.value_or(a.created_at), ctx->zone);
  meta.modified_iso =
      core::format_iso8601(a.updated_at.value_or(a.published_at.value_or(a.created_at)), ctx->zone);
  meta.author_name = author->name;
  meta.author_url = absolute(author_url);
  meta.publisher_logo_url = absolute(theme_.asset_url("favicon.svg"));
  meta.image_url = meta.publisher_logo_url;
  if (image) {
    meta.image_url =
        image->share_url.starts_with("/") ? absolute(image->share_url) : image->share_url;
    meta.image_width = image->width;
    meta.image_height = image->height;
    meta.image_alt = image->alt;
  }
  meta.home_url = absolute("/");
  meta.language = s.language;
  if (a.category_id) {
    for (const auto& c : ctx->categories) {
      if (c.id == *a.category_id) {
        meta.section = c.name;
        meta.section_url = absolute(fmt::format("/category/{}/", c.slug));
      }
    }
  }
  for (const auto& t : a.tags) meta.keywords.push_back(t.name);
  auto& page_view = view["page"].as_object();
  page_view["head_extra"] = std::string(page_view["head_extra"].as_string()) + article_head(meta);

  auto related_ids = store_.related_ids(a.id);
  if (!related_ids) return related_ids.error();
  auto related = store_.published_by_ids(*related_ids);
  if (!related) return related.error();
  if (related->size() > static_cast<std::size_t>(options_.widget_size)) {
    related->resize(static_cast<std::size_t>(options_.widget_size));
  }
  view["has_related"] = !related->empty();
  view["related"] = cards(*ctx, *related);
  for (const auto& r : *related) shown.push_back(r.id);

  auto html = render_view("article", view);
  if (!html) return html.error();
  // Latest News is a spliced fragment, so a publish need not re-render every article page.
  Rendered rendered{200, std::move(*html), a.id, {}};
  rendered.depends_on = {self_key(a.id), shows_key(a.id), fmt::format("author:{}", a.author_id)};
  for (const content::Id id : shown) rendered.depends_on.push_back(shows_key(id));
  return rendered;
}

core::Result<Site::Rendered> Site::render_home(int page) {
  const auto ctx = context();
  const auto& s = ctx->settings;
  const std::string path = page == 1 ? "/" : fmt::format("/page/{}/", page);
  auto view = base_view(
      *ctx,
      page == 1 ? (s.tagline.empty() ? s.site_name : fmt::format("{} | {}", s.site_name, s.tagline))
                : fmt::format("Latest news, page {} | {}", page, s.site_name),
      s.tagline.empty() ? fmt::format("News from {}", s.site_name) : s.tagline, path, "");
  view["page"].as_object()["heading"] =
      page == 1 ? s.site_name : fmt::format("Latest news, page {}", page);
  if (page == 1) {
    auto& page_view = view["page"].as_object();
    page_view["head_extra"] =
        std::string(page_view["head_extra"].as_string()) +
        website_head(s.site_name, absolute("/"),
                     s.tagline.empty() ? fmt::format("News from {}", s.site_name) : s.tagline);
  }

  store::ArticleQuery q;
  q.limit = options_.page_size;
  q.offset = (page - 1) * options_.page_size + (page == 1 ? 0 : 1);
  if (page == 1) q.limit = options_.page_size + 1;  // the lead story and the latest list
  auto latest = store_.list_published(q);
  if (!latest) return latest.error();
  if (page > 1 && latest->items.empty()) return core::make_error(Errc::kNotFound, "no such page");
  auto items = std::move(latest->items);
  if (page == 1 && !items.empty()) {
    view["lead"] = card(*ctx, items.front());
    items.erase(items.begin());
  }
  view["has_latest"] = !items.empty();
  view["latest"] = cards(*ctx, items);

  json::array sections;
  if (page == 1) {
    for (const auto& c : ctx->categories) {
      store::ArticleQuery cq;
      cq.category_id = c.id;
      cq.limit = 4;
      auto in_category = store_.list_published(cq);
      if (!in_category) return in_category.error();
      if (in_category->items.empty()) continue;
      sections.push_back(json::object{{"name", c.name},
                                      {"url", fmt::format("/category/{}/", c.slug)},
                                      {"articles", cards(*ctx, in_category->items)}});
    }
  }
  view["has_sections"] = !sections.empty();
  view["sections"] = std::move(sections);
  // Page 1 shows the lead plus page_size; later pages continue after those.
  const int total_after_lead = std::max(0, latest->total - 1);
  auto pg = pagination("/", page, total_after_lead, options_.page_size);
  if (!pg.empty()) view["pagination"] = std::move(pg);

  auto html = render_view("home", view);
  if (!html) return html.error();
  return Rendered{200, std::move(*html), std::nullopt, {}};
}

core::Result<Site::Rendered> Site::render_list(std::string_view kind, const std::string& slug,
                                               int page) {
  const auto ctx = context();
  const auto& s = ctx->settings;
  store::ArticleQuery q;
  q.limit = options_.page_size;
  q.offset = (page - 1) * options_.page_size;
  std::string heading;
  std::string label;
  std::string description;
  std::string current_nav;
  json::object author_view;
  std::string list;
  if (kind == "tag") {
    auto tag = store_.find_tag_by_slug(slug);
    if (!tag && tag.error().code == Errc::kNotFound) {
      // A renamed or merged tag: its old address (indexed by search engines, linked from
      // elsewhere) moves to the tag's page for good.
      if (auto now = store_.find_tag_by_former_slug(slug)) {
        const auto base = fmt::format("/tag/{}/", now->slug);
        return Rendered{
            301, {}, std::nullopt, page == 1 ? base : fmt::format("{}page/{}/", base, page)};
      }
    }
    if (!tag) return tag.error();
    q.tag_id = tag->id;
    list = list_key("tag", tag->id);
    heading = tag->name;
    label = "Tag";
    description = fmt::format("News tagged {} from {}", tag->name, s.site_name);
  } else if (kind == "category") {
    auto category = store_.find_category_by_slug(slug);
    if (!category) return category.error();
    q.category_id = category->id;
    list = list_key("category", category->id);
    heading = category->name;
    label = "Category";
    current_nav = category->slug;
    description = fmt::format("{} news from {}", category->name, s.site_name);
  } else {
    auto author = store_.find_author_by_slug(slug);
    if (!author) return author.error();
    q.author_id = author->id;
    list = list_key("author", author->id);
    heading = author->name;
    label = "Author";
    description = author->bio.empty() ? fmt::format("Articles by {}", author->name) : author->bio;
    author_view["name"] = author->name;
    author_view["bio"] = author->bio;
    author_view["bio_paragraphs"] = paragraphs(author->bio);
    if (auto photo = author_photo(*author, media_, kAuthorPagePortraitSizes, false)) {
      author_view["photo"] = std::move(*photo);
    }
  }
  auto result = store_.list_published(q);
  if (!result) return result.error();
  if (page > 1 && result->items.empty()) return core::make_error(Errc::kNotFound, "no such page");
  if (kind == "author") {
    author_view["posts_label"] = posts_label(result->total);
    author_view["posts_count"] = result->total;
  }
  const std::string base = fmt::format("/{}/{}/", kind, slug);
  const std::string path = page == 1 ? base : fmt::format("{}page/{}/", base, page);
  auto title = page == 1 ? fmt::format("{} | {}", heading, s.site_name)
                         : fmt::format("{}, page {} | {}", heading, page, s.site_name);
  auto view = base_view(*ctx, std::move(title), description, path, current_nav);
  view["page"].as_object()["heading"] = heading;
  {
    auto& page_view = view["page"].as_object();
    page_view["head_extra"] =
        std::string(page_view["head_extra"].as_string()) +
        feed_links(absolute(base), fmt::format("{}: {}", s.site_name, heading));
  }
  view["kind"] = label;
  if (!author_view.empty()) view["author"] = std::move(author_view);
  view["has_articles"] = !result->items.empty();
  view["articles"] = cards(*ctx, result->items);
  auto pg = pagination(base, page, result->total, options_.page_size);
  if (!pg.empty()) view["pagination"] = std::move(pg);
  auto html = render_view("list", view);
  if (!html) return html.error();
  Rendered rendered{200, std::move(*html), std::nullopt, {}};
  rendered.depends_on.push_back(std::move(list));
  for (const auto& a : result->items) rendered.depends_on.push_back(shows_key(a.id));
  return rendered;
}

core::Result<Site::Rendered> Site::render_not_found() {
  const auto ctx = context();
  auto view = base_view(*ctx, fmt::format("Page not found | {}", ctx->settings.site_name),
                        "The page you asked for is not here.", "/", "");
  view["page"].as_object()["heading"] = "Page not found";
  store::ArticleQuery q;
  q.limit = options_.widget_size;
  auto latest = store_.list_published(q);
  if (!latest) return latest.error();
  view["has_latest"] = !latest->items.empty();
  view["latest"] = cards(*ctx, latest->items);
  auto html = render_view("not_found", view);
  if (!html) return html.error();
  return Rendered{404, std::move(*html), std::nullopt, {}};
}

core::Result<Site::Rendered> Site::render_search(const http::Request& request) {
  const auto ctx = context();
  const auto raw = request.query_param("q").value_or("");
  const std::string query(core::trim(raw));
  auto view =
      base_view(*ctx,
                query.empty() ? fmt::format("Search | {}", ctx->settings.site_name)
                              : fmt::format("Search: {} | {}", query, ctx->settings.site_name),
                fmt::format("Search {}", ctx->settings.site_name), "/search", "");
  view["page"].as_object()["heading"] = query.empty() ? "Search" : "Search results";
  view["query"] = query;
  int page = 1;
  if (auto p = request.query_param("page")) {
    int n = 0;
    auto [ptr, ec] = std::from_chars(p->data(), p->data() + p->size(), n);
    if (ec == std::errc() && ptr == p->data() + p->size() && n >= 1 && n <= kMaxPage) page = n;
  }
  json::array results;
  if (query.empty()) {
    view["message"] = "Type a word or two to search every published article.";
  } else if (query.size() > 200) {
    view["message"] = "That search is too long: try a few words.";
  } else {
    store::SearchQuery sq;
    sq.text = query;
    sq.limit = options_.page_size;
    sq.offset = (page - 1) * options_.page_size;
    std::string filters;  // carried into pagination links
    if (auto c = request.query_param("category"); c && !c->empty()) {
      if (auto cat = store_.find_category_by_slug(*c)) {
        sq.category_id = cat->id;
        filters += "&category=" + core::url_encode(*c);
      }
    }
    if (auto t = request.query_param("tag"); t && !t->empty()) {
      if (auto tag = store_.find_tag_by_slug(*t)) {
        sq.tag_id = tag->id;
        filters += "&tag=" + core::url_encode(*t);
      }
    }
    if (auto a = request.query_param("author"); a && !a->empty()) {
      if (auto author = store_.find_author_by_slug(*a)) {
        sq.author_id = author->id;
        filters += "&author=" + core::url_encode(*a);
      }
    }
    if (auto f = request.query_param("from"); f && !f->empty()) {
      if (auto t = core::parse_iso8601(*f, ctx->zone)) {
        sq.from = *t;
        filters += "&from=" + core::url_encode(*f);
      }
    }
    if (auto t = request.query_param("to"); t && !t->empty()) {
      if (auto tp = core::parse_iso8601(*t, ctx->zone)) {
        sq.to = *tp + std::chrono::days{1};  // "to" names the last day included
        filters += "&to=" + core::url_encode(*t);
      }
    }
    auto found = store_.search_published(sq);
    if (!found) return found.error();
    for (const auto& hit : found->hits) {
      auto c = card(*ctx, hit.article);
      c["snippet_html"] =
          hit.snippet_html.empty() ? core::html_escape(hit.article.excerpt) : hit.snippet_html;
      results.push_back(std::move(c));
    }
    if (found->total == 0) {
      view["message"] = fmt::format("No articles match “{}”. Try fewer or different words.", query);
    } else if (!found->total_exact) {
      // The store stopped counting (never before the end of this page): there is a next page,
      // and the number of pages is not known.
      view["message"] = fmt::format("More than {} results for “{}”", found->total, query);
      json::object p{{"page", page}};
      const auto base = fmt::format("/search?q={}{}", core::url_encode(query), filters);
      if (page > 1) p["prev_url"] = fmt::format("{}&page={}", base, page - 1);
      if (page < kMaxPage) p["next_url"] = fmt::format("{}&page={}", base, page + 1);
      view["pagination"] = std::move(p);
    } else {
      view["message"] = fmt::format("{} {} for “{}”", found->total,
                                    found->total == 1 ? "result" : "results", query);
      const int pages = (found->total + options_.page_size - 1) / options_.page_size;
      if (pages > 1) {
        json::object p{{"page", page}, {"pages", pages}};
        const auto base = fmt::format("/search?q={}{}", core::url_encode(query), filters);
        if (page > 1) p["prev_url"] = fmt::format("{}&page={}", base, page - 1);
        if (page < pages) p["next_url"] = fmt::format("{}&page={}", base, page + 1);
        view["pagination"] = std::move(p);
      }
    }
  }
  view["has_results"] = !results.empty();
  view["results"] = std::move(results);
  auto html = render_view("search", view);
  if (!html) return html.error();
  return Rendered{200, std::move(*html), std::nullopt, {}};
}

core::Result<Site::Rendered> Site::route(const std::string& path) {
  if (auto machine = route_machine_readable(path)) return std::move(*machine);
  const auto ctx = context();
  if (path == "/") return render_home(1);
  if (path.starts_with("/page/")) {
    if (auto n = page_suffix(std::string_view(path).substr(1))) return render_home(*n);
  }
  for (std::string_view kind : {"tag", "category", "author"}) {
    const auto prefix = fmt::format("/{}/", kind);
    if (!path.starts_with(prefix)) continue;
    const auto rest = std::string_view(path).substr(prefix.size());
    const auto slash = rest.find('/');
    if (slash == std::string_view::npos || slash == 0) break;
    const auto page = page_suffix(rest.substr(slash + 1));
    if (!page) break;
    return render_list(kind, std::string(rest.substr(0, slash)), *page);
  }
  if (auto slug = content::match_permalink(ctx->settings.url_pattern, path)) {
    auto article = store_.find_published_by_slug(*slug);
    if (article) {
      const auto canonical = article_path(*article);
      if (canonical != path) return Rendered{301, {}, std::nullopt, canonical};
      return render_article(*article);
    }
    if (article.error().code != Errc::kNotFound) return article.error();
  }
  if (auto slug = content::loose_article_slug(path)) {
    if (auto article = store_.find_published_by_slug(*slug)) {
      return Rendered{301, {}, std::nullopt, article_path(*article)};
    }
  }
  return core::make_error(Errc::kNotFound, "no page here");
}

http::Response Site::serve_page(const http::Request& request, const std::string& key,
                                const std::function<core::Result<Rendered>()>& render) {
  auto page = cache_.find(key);
  if (!page) {
    const auto generation = cache_.generation();
    auto rendered = render();
    if (!rendered) {
      if (rendered.error().code == Errc::kNotFound) return not_found(request);
      core::log::error("render failed id={} path={} error=\"{}\"", request.request_id, request.path,
                       rendered.error().message);
      return http::Response::text(
          500, fmt::format("Internal Server Error (request {})\n", request.request_id));
    }
    if (rendered->status == 301) {
      auto r = http::Response::redirect(301, rendered->redirect);
      r.set_header("Cache-Control", "public, max-age=3600");
      return r;
    }
    std::shared_ptr<CachedPage> built;
    if (rendered->content_type.starts_with("text/html")) {
      built = std::make_shared<CachedPage>(split_page(rendered->html, rendered->status));
    } else {
      built = std::make_shared<CachedPage>();
      built->status = rendered->status;
      built->segments.emplace_back(std::move(rendered->html), Slot::kNone);
    }
    built->content_type = rendered->content_type;
    built->article_id = rendered->article_id;
    built->depends_on = std::move(rendered->depends_on);
    if (built->depends_on.empty()) built->depends_on.emplace_back(kAnyChangeKey);
    built->generation = generation;
    page = built;
    if (rendered->status == 200) cache_.put(key, std::move(built));
  }
  if (page->article_id && view_recorder_ && request.method == "GET") {
    view_recorder_(*page->article_id, request);
  }
  // Assembled and compressed once per page and fragment change; a hit shares those buffers.
  const auto variants = cache_.variants(*page);
  std::shared_ptr<const std::string> body;
  std::string etag;
  const auto coding =
      variants->pick(http::choose_coding(request.header("accept-encoding")), body, etag);
  http::Response r;
  r.status = page->status;
  r.set_header("Content-Type", page->content_type);
  r.set_header("Cache-Control", cache_control_for(key));
  r.set_header("Vary", "Accept-Encoding");
  r.set_header("ETag", etag);
  if (coding != http::ContentCoding::kIdentity) {
    r.set_header("Content-Encoding", std::string(http::coding_name(coding)));
  }
  if (page->status == 200 && etag_matches(request.header("if-none-match"), etag)) {
    r.status = 304;
    return r;
  }
  r.shared_body = std::move(body);
  return r;
}

http::Response Site::not_found(const http::Request& request) {
  auto rendered = render_not_found();
  if (!rendered) return http::Response::text(404, "Not Found\n");
  const auto page = split_page(rendered->html, 404);
  auto bytes = cache_.assemble(page);
  http::Response r;
  r.status = 404;
  r.set_header("Content-Type", "text/html; charset=utf-8");
  r.set_header("Cache-Control", "no-cache");
  r.shared_body = std::move(bytes);
  (void)request;
  return r;
}

http::Response Site::serve_asset(const http::Request& request, std::string_view name) const {
  const auto* asset = theme_.find_asset(name);
  if (!asset) return http::Response::text(404, "Not Found\n");
  http::Response r;
  r.set_header("Content-Type", asset->content_type);
  r.set_header("Cache-Control", "public, max-age=31536000, immutable");
  const auto etag = fmt::format("\"{}\"", asset->fingerprinted);
  r.set_header("ETag", etag);
  if (etag_matches(request.header("if-none-match"), etag)) {
    r.status = 304;
    return r;
  }
  r.body = asset->data;
  return r;
}

http::Response Site::serve_media(const http::Request& request, std::string_view name) const {
  // Names are content-addressed ("<hash>-<width>.webp"): the bytes behind one never change.
  const bool webp = name.ends_with(".webp");
  if (!media_.read || name.find('/') != std::string_view::npos ||
      (!webp && !name.ends_with(".jpg"))) {
    return http::Response::text(404, "Not Found\n");
  }
  http::Response r;
  const auto etag = fmt::format("\"{}\"", name);
  const auto cached = [&](http::Response& out) {
    out.set_header("Cache-Control", "public, max-age=31536000, immutable");
    out.set_header("ETag", etag);
  };
  if (etag_matches(request.header("if-none-match"), etag)) {
    r.status = 304;
    cached(r);
    return r;
  }
  auto bytes = media_.read(name);
  if (!bytes) {
    if (bytes.error().code == Errc::kNotFound) return http::Response::text(404, "Not Found\n");
    core::log::error("media read failed id={} name={} error=\"{}\"", request.request_id, name,
                     bytes.error().message);
    return http::Response::text(
        500, fmt::format("Internal Server Error (request {})\n", request.request_id));
  }
  r.set_header("Content-Type", webp ? "image/webp" : "image/jpeg");
  cached(r);
  r.body = std::move(*bytes);
  return r;
}

http::Response Site::handle(const http::Request& request) {
  http::Response r;
  if (request.method != "GET" && request.method != "HEAD") {
    r = http::Response::text(405, "Method Not Allowed\n");
    r.set_header("Allow", "GET, HEAD");
  } else if (request.path == "/" && request.query_param("p")) {
    // WordPress-style short links (/?p=123), also the feeds' stable GUIDs.
    const auto p = *request.query_param("p");
    content::Id id = 0;
    auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), id);
    auto article = core::Result<content::Article>(core::make_error(Errc::kNotFound, "bad id"));
    if (ec == std::errc() && end == p.data() + p.size()) {
      // An imported WordPress post's old id wins over Dateline's own id.
      auto imported = store_.find_by_legacy_id("wordpress", id);
      article = store_.find_article(imported ? *imported : id);
    }
    if (article && article->status == content::ArticleStatus::kPublished) {
      r = http::Response::redirect(301, article_path(*article));
      r.set_header("Cache-Control", "public, max-age=3600");
    } else {
      r = not_found(request);
    }
  } else if (request.path == "/healthz") {
    r = http::Response::text(200, "ok\n");
    r.set_header("Cache-Control", "no-store");
  } else if (request.path.starts_with("/assets/")) {
    r = serve_asset(request, std::string_view(request.path).substr(8));
  } else if (request.path.starts_with(kMediaPath)) {
    r = serve_media(request, std::string_view(request.path).substr(kMediaPath.size()));
  } else if (request.path == "/search" || request.path == "/search/") {
    // Result pages are cached like any page, keyed by the parameters the search reads, and go
    // with any content change: a breaking story's search is rendered once, not per reader.
    std::string key(kSearchKeyPrefix);
    for (const char* name : {"q", "category", "tag", "author", "from", "to", "page"}) {
      key += request.query_param(name).value_or("");
      key += '\x1f';
    }
    r = serve_page(request, key, [this, &request] { return render_search(request); });
  } else {
    const auto& path = request.path;
    const bool dir_like = path.ends_with('/');
    const auto last = path.substr(path.rfind('/') + 1);
    if (!dir_like && last.find('.') == std::string::npos) {
      // "/tag/iran" -> "/tag/iran/"; "/slug" -> the article's canonical URL.
      auto target = route(path + "/");
      if (target) {
        r = http::Response::redirect(301, target->status == 301 ? target->redirect : path + "/");
        r.set_header("Cache-Control", "public, max-age=3600");
      } else {
        r = not_found(request);
      }
    } else {
      r = serve_page(request, path, [this, &path] { return route(path); });
    }
  }
  http::add_security_headers(r);
  return r;
}

}  // namespace dateline::site
