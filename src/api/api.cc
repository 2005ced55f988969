#include "api/api.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <utility>
#include <variant>
#include <vector>

#include "api/cursor.h"
#include "api/internal/problem.h"
#include "api/internal/writes.h"
#include "content/permalink.h"
#include "core/log.h"
#include "core/strings.h"
#include "core/time.h"
#include "render/markdown.h"

namespace dateline::api {

namespace internal {

std::string quoted(std::string_view text) {
  constexpr std::size_t kMax = 80;
  std::string out(text.substr(0, kMax));
  if (auto bad = core::find_invalid_utf8(out)) {
    // A cut through a multi-byte character ends the text early; anything else is replaced.
    if (text.size() > kMax && *bad + 4 > out.size()) {
      out.resize(*bad);
    } else {
      return "(not UTF-8)";
    }
  }
  if (text.size() > out.size()) out += "…";
  return out;
}

}  // namespace internal

namespace {

namespace json = boost::json;
using content::Article;
using content::Author;
using content::Category;
using content::Tag;
using core::Errc;

constexpr std::string_view kJsonType = "application/json; charset=utf-8";
constexpr std::string_view kProblemType = "application/problem+json";
constexpr std::string_view kBase = "/api/v1";
constexpr std::string_view kSeeDocument = "See /api/v1/openapi.json for what this API offers.";

using internal::Problem;
using internal::quoted;

// A 200 answer before serialization.
struct Reply {
  json::value body;
  std::string next;              // target of the next page, for the Link header; "" at the end
  bool personal = false;         // seen with a token: no shared caching
  bool varies_by_token = false;  // the answer depends on the Authorization header
};

using Outcome = std::variant<Reply, Problem>;

Problem bad_parameter(std::string parameter, std::string detail) {
  return Problem{400, std::move(detail), std::move(parameter)};
}

std::string_view title_for(unsigned status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Content Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 428:
      return "Precondition Required";
    case 431:
      return "Request Header Fields Too Large";
    default:
      return "Internal Server Error";
  }
}

// FNV-1a, 64 bits: the ETag only needs to change when the body does.
std::string etag_of(std::string_view body) {
  std::uint64_t h = 14695981039346656037ull;
  for (char c : body) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return fmt::format("\"{:x}-{:016x}\"", body.size(), h);
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  if (if_none_match.empty()) return false;
  if (core::trim(if_none_match) == "*") return true;
  for (auto part : core::split(if_none_match, ',')) {
    auto t = core::trim(part);
    if (t.starts_with("W/")) t.remove_prefix(2);  // If-None-Match compares weakly
    if (t == etag) return true;
  }
  return false;
}

void add_common_headers(http::Response& r) {
  r.set_header("Access-Control-Allow-Origin", "*");
  r.set_header("Access-Control-Expose-Headers", "ETag, Link, Location, WWW-Authenticate");
  r.set_header("X-Content-Type-Options", "nosniff");
}

http::Response problem_response(const http::Request& request, const Problem& p) {
  json::object doc;
  doc["type"] = "about:blank";
  doc["title"] = title_for(p.status);
  doc["status"] = static_cast<std::int64_t>(p.status);
  doc["detail"] = p.detail;
  // The target as sent, unless too long or not text to quote whole.
  if (request.target.size() <= 1024 && !core::find_invalid_utf8(request.target)) {
    doc["instance"] = request.target;
  }
  if (!p.parameter.empty()) doc["parameter"] = p.parameter;
  if (!p.errors.empty()) {
    json::array errors;
    for (const auto& e : p.errors) {
      errors.push_back(json::object{{"field", e.field}, {"detail", e.detail}});
    }
    doc["errors"] = std::move(errors);
  }
  if (p.current_version) doc["current_version"] = *p.current_version;
  http::Response r;
  r.status = p.status;
  r.body = json::serialize(doc);
  r.set_header("Content-Type", std::string(kProblemType));
  r.set_header("Cache-Control", "no-store");
  if (p.status == 405) r.set_header("Allow", p.allow.empty() ? "GET, HEAD" : p.allow);
  if (p.status == 401) r.set_header("WWW-Authenticate", p.www_authenticate);
  for (const auto& [name, value] : p.headers) r.set_header(name, value);
  add_common_headers(r);
  return r;
}

http::Response json_response(const http::Request& request, std::string body, std::string_view next,
                             bool personal = false, bool varies_by_token = false) {
  http::Response r;
  const auto etag = etag_of(body);
  r.set_header("Content-Type", std::string(kJsonType));
  r.set_header("Cache-Control", personal ? "private, no-store" : "public, max-age=60");
  if (varies_by_token) r.set_header("Vary", "Authorization");
  r.set_header("ETag", etag);
  if (!next.empty()) r.set_header("Link", fmt::format("<{}>; rel=\"next\"", next));
  add_common_headers(r);
  if (etag_matches(request.header("if-none-match"), etag)) {
    r.status = 304;
    return r;
  }
  r.body = std::move(body);
  return r;
}

// The query string's parameters, decoded; the first of repeated names wins.
class Params {
 public:
  static std::variant<Params, Problem> parse(std::string_view query) {
    Params p;
    for (auto part : core::split(query, '&')) {
      if (part.empty()) continue;
      const auto eq = part.find('=');
      auto key = core::url_decode(part.substr(0, eq));
      if (!key || core::find_invalid_utf8(*key)) {
        return bad_parameter("", "the query string has a malformed %-escape in a name");
      }
      auto value = eq == std::string_view::npos ? std::optional<std::string>("")
                                                : core::url_decode(part.substr(eq + 1));
      if (!value) {
        return bad_parameter(*key, fmt::format("{}: malformed %-escape", quoted(*key)));
      }
      if (!p.get(*key)) p.items_.emplace_back(std::move(*key), std::move(*value));
    }
    return p;
  }

  std::optional<std::string_view> get(std::string_view name) const {
    for (const auto& [k, v] : items_) {
      if (k == name) return v;
    }
    return std::nullopt;
  }

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

std::string iso(core::TimePoint t) { return core::format_iso8601_utc(t); }

// A path segment of digits only, as an article id.
std::optional<content::Id> parse_id(std::string_view text) {
  if (text.empty() || text.size() > 18 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  content::Id v = 0;
  std::from_chars(text.data(), text.data() + text.size(), v);
  if (v <= 0) return std::nullopt;
  return v;
}

// The sort key of list_published: (published_at DESC, id DESC); SQLite sorts NULL lowest.
struct SortKey {
  std::int64_t published_at = 0;
  content::Id id = 0;
  friend auto operator<=>(const SortKey&, const SortKey&) = default;
};

SortKey key_of(const Article& a) {
  return SortKey{a.published_at ? a.published_at->time_since_epoch().count()
                                : std::numeric_limits<std::int64_t>::min(),
                 a.id};
}

}  // namespace

// What every article-bearing answer needs: settings, the public base URL, names of authors and
// categories. Loaded once per request.
struct Api::Context {
  content::SiteSettings settings;
  core::TimeZone zone = core::TimeZone::utc();
  std::string base;  // public URL without a trailing '/'
  std::vector<Author> authors;
  std::vector<Category> categories;
};

// One request's work. Short-lived; reads the Api's store and options.
class Api::Handler {
 public:
  Handler(const Api& api, const http::Request& request) : api_(api), request_(request) {}

  Outcome route(std::string_view rest, const Params& params) {
    const auto slash = rest.find('/');
    const auto head = rest.substr(0, slash);
    const auto slug = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (slash == std::string_view::npos) {
      if (rest == "articles") return articles(params);
      if (rest == "authors") return authors();
      if (rest == "categories") return categories();
      if (rest == "tags") return tags();
      if (rest == "search") return search(params);
    } else if (!slug.empty() && slug.find('/') == std::string_view::npos) {
      if (head == "articles") return article(slug);
      if (head == "authors") return author(slug);
    }
    return Problem{404,
                   fmt::format("No API endpoint at {}. {}", quoted(request_.path), kSeeDocument)};
  }

 private:
  Problem internal(const core::Error& error) const {
    core::log::error("api failed id={} path={} error=\"{}\"", request_.request_id, request_.path,
                     error.message);
    return Problem{500, fmt::format("Something went wrong on our side (request {}).",
                                    quoted(request_.request_id))};
  }

  std::variant<Context, Problem> load_context(bool with_names) const {
    Context ctx;
    auto settings = api_.store_.settings();
    if (!settings) return internal(settings.error());
    ctx.settings = std::move(*settings);
    if (auto zone = core::TimeZone::find(ctx.settings.timezone)) ctx.zone = *zone;
    const auto override_url = api_.base_url_override_.load();
    ctx.base = override_url && !override_url->empty() ? *override_url : ctx.settings.base_url;
    while (!ctx.base.empty() && ctx.base.back() == '/') ctx.base.pop_back();
    if (with_names) {
      auto list = api_.store_.list_authors();
      if (!list) return internal(list.error());
      ctx.authors = std::move(*list);
      auto cats = api_.store_.list_categories();
      if (!cats) return internal(cats.error());
      ctx.categories = std::move(*cats);
    }
    return ctx;
  }

  std::string article_path(const Context& ctx, const Article& a) const {
    if (api_.options_.article_path) return api_.options_.article_path(a);
    return content::permalink(ctx.settings.url_pattern, a.slug,
                              a.published_at.value_or(a.created_at), ctx.zone);
  }

  static json::object author_ref(const Context& ctx, const Author& a) {
    return json::object{{"name", a.name},
                        {"slug", a.slug},
                        {"url", fmt::format("{}/author/{}/", ctx.base, a.slug)}};
  }

  static json::object author_json(const Context& ctx, const Author& a) {
    return json::object{{"slug", a.slug},
                        {"name", a.name},
                        {"bio", a.bio},
                        {"url", fmt::format("{}/author/{}/", ctx.base, a.slug)}};
  }

  static json::object category_json(const Context& ctx, const Category& c) {
    return json::object{{"slug", c.slug},
                        {"name", c.name},
                        {"url", fmt::format("{}/category/{}/", ctx.base, c.slug)}};
  }

  static json::object tag_json(const Context& ctx, const Tag& t) {
    return json::object{
        {"slug", t.slug}, {"name", t.name}, {"url", fmt::format("{}/tag/{}/", ctx.base, t.slug)}};
  }

  // The fields every view of an article shares (list items, search hits, the full article).
  json::object summary(const Context& ctx, const Article& a) const {
    json::object o;
    const auto path = article_path(ctx, a);
    o["id"] = a.id;
    o["slug"] = a.slug;
    o["title"] = a.title;
    o["path"] = path;
    o["url"] = ctx.base + path;
    o["dateline"] = a.dateline;
    o["excerpt"] = a.excerpt;
    json::value author = nullptr;
    for (const auto& au : ctx.authors) {
      if (au.id == a.author_id) author = author_ref(ctx, au);
    }
    if (author.is_null()) {
      // Written after this request loaded the author list.
      if (auto found = api_.store_.find_author(a.author_id)) author = author_ref(ctx, *found);
    }
    o["author"] = std::move(author);
    json::value category = nullptr;
    if (a.category_id) {
      for (const auto& c : ctx.categories) {
        if (c.id == *a.category_id) category = category_json(ctx, c);
      }
    }
    o["category"] = std::move(category);
    json::array tag_list;
    for (const auto& t : a.tags) tag_list.push_back(tag_json(ctx, t));
    o["tags"] = std::move(tag_list);
    const auto published = a.published_at.value_or(a.created_at);
    // Drafts and articles pending review (seen only with a token) have no publication time.
    const bool dated = a.published_at && (a.status == content::ArticleStatus::kPublished ||
                                          a.status == content::ArticleStatus::kScheduled);
    o["published_at"] = dated ? json::value(iso(published)) : json::value(nullptr);
    o["updated_at"] = iso(a.updated_at && *a.updated_at > published ? *a.updated_at : published);
    o["status"] = content::status_name(a.status);
    o["version"] = a.version;
    return o;
  }

  // Parses ?limit=; absent gives the default.
  std::variant<int, Problem> limit(const Params& params) const {
    const auto& opts = api_.options_;
    const auto text = params.get("limit");
    if (!text) return opts.default_limit;
    int n = 0;
    auto [p, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
    if (text->empty() || ec != std::errc() || p != text->data() + text->size() || n < 1 ||
        n > opts.max_limit) {
      return bad_parameter("limit",
                           fmt::format("limit must be a whole number from 1 to {}, not '{}'",
                                       opts.max_limit, quoted(*text)));
    }
    return n;
  }

  std::variant<std::optional<Cursor>, Problem> cursor(const Params& params,
                                                      Cursor::Kind kind) const {
    const auto text = params.get("cursor");
    if (!text) return std::optional<Cursor>();
    auto c = decode_cursor(*text);
    if (!c || c->kind != kind) {
      return bad_parameter(
          "cursor",
          "cursor is not one this list issued: pass the next_cursor of the previous "
          "page unchanged, or leave cursor out to start at the first page");
    }
    return std::optional<Cursor>(*c);
  }

  // The category, tag and author filters shared by /articles and /search. Also appends them to
  // `link` (the next page's query string).
  template <class Query>
  std::optional<Problem> filters(const Params& params, Query& q, std::string& link) const {
    auto& store = api_.store_;
    if (auto slug = params.get("category"); slug && !slug->empty()) {
      auto c = store.find_category_by_slug(*slug);
      if (!c && c.error().code != Errc::kNotFound) return internal(c.error());
      if (!c) {
        return bad_parameter("category", fmt::format("no category has the slug '{}'; see "
                                                     "/api/v1/categories",
                                                     quoted(*slug)));
      }
      q.category_id = c->id;
      link += "&category=" + core::url_encode(*slug);
    }
    if (auto slug = params.get("tag"); slug && !slug->empty()) {
      auto t = store.find_tag_by_slug(*slug);
      if (!t && t.error().code != Errc::kNotFound) return internal(t.error());
      if (!t) {
        return bad_parameter(
            "tag", fmt::format("no tag has the slug '{}'; see /api/v1/tags", quoted(*slug)));
      }
      q.tag_id = t->id;
      link += "&tag=" + core::url_encode(*slug);
    }
    if (auto slug = params.get("author"); slug && !slug->empty()) {
      auto a = store.find_author_by_slug(*slug);
      if (!a && a.error().code != Errc::kNotFound) return internal(a.error());
      if (!a) {
        return bad_parameter("author", fmt::format("no author has the slug '{}'; see "
                                                   "/api/v1/authors",
                                                   quoted(*slug)));
      }
      q.author_id = a->id;
      link += "&author=" + core::url_encode(*slug);
    }
    return std::nullopt;
  }

  static std::string next_target(std::string_view endpoint, std::string link, const Cursor& c) {
    link += "&cursor=" + encode_cursor(c);
    return fmt::format("{}/{}?{}", kBase, endpoint, link.substr(1));
  }

  Outcome articles(const Params& params) {
    auto lim = limit(params);
    if (auto* p = std::get_if<Problem>(&lim)) return *p;
    const int n = std::get<int>(lim);
    auto cur = cursor(params, Cursor::Kind::kArticles);
    if (auto* p = std::get_if<Problem>(&cur)) return *p;
    const auto& after = std::get<std::optional<Cursor>>(cur);
    store::ArticleQuery q;
    std::string link;
    if (auto p = filters(params, q, link)) return *p;
    if (params.get("limit")) link += fmt::format("&limit={}", n);
    auto loaded = load_context(true);
    if (auto* p = std::get_if<Problem>(&loaded)) return *p;
    const auto& ctx = std::get<Context>(loaded);

    // Keyset pagination: the page holds the articles strictly after the cursor's key. The
    // cursor's offset only says where to start looking, one page early. If the first article
    // there is already past the key, articles were withdrawn since and the scan backs up; any
    // articles at or before the key (published since, or the previous page's) are skipped.
    // A plain value and a flag rather than std::optional<SortKey>: GCC 12 at -O3 reports the
    // optional's payload as maybe-uninitialized in the defaulted operator<=> (a false positive).
    const bool has_key = after.has_value();
    const SortKey key = has_key ? SortKey{after->published_at, after->id} : SortKey{};
    const int window = after ? 2 * n + 1 : n + 1;
    int pos = after ? std::max(0, after->offset - n) : 0;
    std::vector<Article> items;
    int last_pos = 0;
    int total = 0;
    bool more = false;
    for (;;) {
      q.offset = pos;
      q.limit = window;
      auto page = api_.store_.list_published(q);
      if (!page) return internal(page.error());
      total = page->total;
      if (has_key && pos > 0 && items.empty()) {
        if (page->items.empty()) {
          pos = std::max(0, std::min(pos - window, total - 1));
          continue;
        }
        if (key_of(page->items.front()) < key) {
          pos = std::max(0, pos - window);
          continue;
        }
      }
      for (std::size_t i = 0; i < page->items.size() && !more; ++i) {
        auto& a = page->items[i];
        if (has_key && !(key_of(a) < key)) continue;
        if (items.size() == static_cast<std::size_t>(n)) {
          more = true;
          break;
        }
        items.push_back(std::move(a));
        last_pos = pos + static_cast<int>(i);
      }
      if (more || page->items.size() < static_cast<std::size_t>(window)) break;
      pos += window;
    }

    json::array list;
    for (const auto& a : items) list.push_back(summary(ctx, a));
    json::object body;
    body["items"] = std::move(list);
    body["total"] = total;
    std::string next;
    if (more) {
      const auto k = key_of(items.back());
      // A clamped offset only makes the next scan start early.
      const Cursor c{Cursor::Kind::kArticles, std::min(last_pos + 1, kMaxCursorOffset),
                     k.published_at, k.id};
      body["next_cursor"] = encode_cursor(c);
      next = next_target("articles", std::move(link), c);
    } else {
      body["next_cursor"] = nullptr;
    }
    return Reply{std::move(body), std::move(next)};
  }

  std::optional<render::LinkedArticle> resolve_link(const Context& ctx, std::string_view href) {
    std::string_view path = href;
    if (!ctx.base.empty() && path.starts_with(ctx.base)) path.remove_prefix(ctx.base.size());
    if (path.empty() || path.front() != '/' || path.starts_with("//")) return std::nullopt;
    path = path.substr(0, path.find_first_of("?#"));
    auto slug = content::match_permalink(ctx.settings.url_pattern, path);
    if (!slug) slug = content::loose_article_slug(path);
    if (!slug) return std::nullopt;
    auto found = api_.store_.find_published_by_slug(*slug);
    if (!found) return std::nullopt;
    return render::LinkedArticle{article_path(ctx, *found), found->title};
  }

  // A slug names a published article. Digits name an article by id first: a published one, or
  // with a token any article its user may edit; failing that, they are tried as a slug.
  Outcome article(std::string_view segment) {
    std::optional<internal::Caller> caller;
    if (api_.writes_ && internal::bearer_secret(request_)) {
      internal::ArticleWrites writes(*api_.writes_, api_.store_, request_);
      auto who = writes.authenticate();
      if (auto* p = std::get_if<Problem>(&who)) return *p;
      caller = std::move(std::get<internal::Caller>(who));
    }
    std::optional<Article> found;
    if (const auto id = parse_id(segment)) {
      auto a = api_.store_.find_article(*id);
      if (!a && a.error().code != Errc::kNotFound) return internal(a.error());
      if (a && (a->status == content::ArticleStatus::kPublished ||
                (caller && caller->access.can_edit(*a)))) {
        found = std::move(*a);
      }
    }
    if (!found) {
      auto a = api_.store_.find_published_by_slug(segment);
      if (!a) {
        if (a.error().code != Errc::kNotFound) return internal(a.error());
        return Problem{404,
                       fmt::format("No published article has the slug '{}'.", quoted(segment))};
      }
      found = std::move(*a);
    }
    auto reply = full_article(*found);
    if (auto* r = std::get_if<Reply>(&reply)) {
      r->personal = caller.has_value();
      r->varies_by_token = true;
    }
    return reply;
  }

 public:
  // An article with its body as Markdown and as HTML: GET /articles/{id} and every write's answer.
  Outcome full_article(const Article& a) {
    auto loaded = load_context(true);
    if (auto* p = std::get_if<Problem>(&loaded)) return *p;
    const auto& ctx = std::get<Context>(loaded);
    auto body = summary(ctx, a);
    // Rendered as the article page renders it, so both show the same text.
    render::MarkdownOptions md;
    md.dateline = content::format_dateline(a.dateline, ctx.settings.short_name);
    md.resolve = [this, &ctx](std::string_view href) { return resolve_link(ctx, href); };
    body["body_markdown"] = a.body_markdown;
    body["body_html"] = render::markdown_to_html(a.body_markdown, md);
    return Reply{std::move(body), {}};
  }

 private:
  static json::object collection(json::array items) {
    return json::object{{"items", std::move(items)}, {"next_cursor", nullptr}};
  }

  Outcome authors() {
    auto loaded = load_context(false);
    if (auto* p = std::get_if<Problem>(&loaded)) return *p;
    const auto& ctx = std::get<Context>(loaded);
    auto list = api_.store_.list_authors();
    if (!list) return internal(list.error());
    json::array items;
    for (const auto& a : *list) items.push_back(author_json(ctx, a));
    return Reply{collection(std::move(items)), {}};
  }

  Outcome author(std::string_view slug) {
    auto found = api_.store_.find_author_by_slug(slug);
    if (!found) {
      if (found.error().code != Errc::kNotFound) return internal(found.error());
      return Problem{404, fmt::format("No author has the slug '{}'.", quoted(slug))};
    }
    auto count = api_.store_.count_published_by_author(found->id);
    if (!count) return internal(count.error());
    auto loaded = load_context(false);
    if (auto* p = std::get_if<Problem>(&loaded)) return *p;
    auto body = author_json(std::get<Context>(loaded), *found);
    body["article_count"] = *count;
    return Reply{std::move(body), {}};
  }

  Outcome categories() {
    auto loaded = load_context(true);
    if (auto* p = std::get_if<Problem>(&loaded)) return *p;
    const auto& ctx = std::get<Context>(loaded);
    json::array items;
    for (const auto& c : ctx.categories) items.push_back(category_json(ctx, c));
    return Reply{collection(std::move(items)), {}};
  }

  Outcome tags() {
    auto loaded = load_context(false);
    if (auto* p = std::get_if<Problem>(&loaded)) return *p;
    const auto& ctx = std::get<Context>(loaded);
    auto list = api_.store_.list_used_tags();
    if (!list) return internal(list.error());
    json::array items;
    for (const auto& t : *list) items.push_back(tag_json(ctx, t));
    return Reply{collection(std::move(items)), {}};
  }

  Outcome search(const Params& params) {
    const auto raw = params.get("q").value_or("");
    const std::string text(core::trim(raw));
    if (text.empty()) {
      return bad_parameter(
          "q",
          "q is required: the words to search for, e.g. /api/v1/search?q=budget. All words "
          "must match; use \"quoted phrases\" and prefix* terms to narrow the search.");
    }
    if (core::find_invalid_utf8(text)) return bad_parameter("q", "q must be UTF-8 text");
    if (text.size() > api_.options_.max_query_bytes) {
      return bad_parameter("q", fmt::format("q is too long: at most {} bytes; try a few words",
                                            api_.options_.max_query_bytes));
    }
    auto lim = limit(params);
    if (auto* p = std::get_if<Problem>(&lim)) return *p;
    const int n = std::get<int>(lim);
    auto cur = cursor(params, Cursor::Kind::kSearch);
    if (auto* p = std::get_if<Problem>(&cur)) return *p;
    const auto& after = std::get<std::optional<Cursor>>(cur);
    auto loaded = load_context(true);
    if (auto* p = std::get_if<Problem>(&loaded)) return *p;
    const auto& ctx = std::get<Context>(loaded);

    store::SearchQuery q;
    q.text = text;
    q.limit = n;
    q.offset = after ? after->offset : 0;
    std::string link = "&q=" + core::url_encode(text);
    if (auto p = filters(params, q, link)) return *p;
    for (const std::string_view name : {"from", "to"}) {
      const auto value = params.get(name);
      if (!value || value->empty()) continue;
      auto t = core::parse_iso8601(*value, ctx.zone);
      if (!t) {
        return bad_parameter(std::string(name),
                             fmt::format("{} must be a date such as 2025-11-27 (or a date and "
                                         "time in ISO 8601), not '{}'",
                                         name, quoted(*value)));
      }
      if (name == "from") {
        q.from = *t;
      } else {
        q.to = *t + std::chrono::days{1};  // "to" names the last day included
      }
      link += fmt::format("&{}={}", name, core::url_encode(*value));
    }
    if (params.get("limit")) link += fmt::format("&limit={}", n);

    auto found = api_.store_.search_published(q);
    if (!found) return internal(found.error());
    json::array items;
    for (const auto& hit : found->hits) {
      auto o = summary(ctx, hit.article);
      o["snippet_html"] =
          hit.snippet_html.empty() ? core::html_escape(hit.article.excerpt) : hit.snippet_html;
      items.push_back(std::move(o));
    }
    json::object body;
    body["query"] = text;
    body["items"] = std::move(items);
    body["total"] = found->total;
    body["total_exact"] = found->total_exact;
    const int end = q.offset + static_cast<int>(found->hits.size());
    std::string next;
    if (!found->hits.empty() && (end < found->total || !found->total_exact) &&
        end <= kMaxCursorOffset) {
      const Cursor c{Cursor::Kind::kSearch, end, 0, 0};
      body["next_cursor"] = encode_cursor(c);
      next = next_target("search", std::move(link), c);
    } else {
      body["next_cursor"] = nullptr;
    }
    return Reply{std::move(body), std::move(next)};
  }

  const Api& api_;
  const http::Request& request_;
};

Api::Api(store::Store& store, ApiOptions options, std::optional<ApiWrites> writes)
    : store_(store),
      options_(std::move(options)),
      writes_(std::move(writes)),
      openapi_body_(json::serialize(openapi_document())) {
  base_url_override_.store(std::make_shared<const std::string>());
}

void Api::set_base_url_override(std::string base_url) {
  base_url_override_.store(std::make_shared<const std::string>(std::move(base_url)));
}

namespace {

// The methods the resource at `rest` (the path after /api/v1/) offers; empty when there is none.
std::string_view methods_for(std::string_view rest, bool writable) {
  const auto parts = core::split(rest, '/');
  const bool named = parts.size() >= 2 && !parts[1].empty();
  if (rest == "articles") return writable ? "GET, HEAD, POST" : "GET, HEAD";
  if (parts.size() == 2 && parts[0] == "articles" && named) {
    return writable ? "GET, HEAD, PATCH, DELETE" : "GET, HEAD";
  }
  if (writable && parts.size() == 3 && parts[0] == "articles" && named &&
      (parts[2] == "publish" || parts[2] == "unpublish")) {
    return "POST";
  }
  if (rest == "authors" || rest == "categories" || rest == "tags" || rest == "search" ||
      rest == "openapi.json" || (parts.size() == 2 && parts[0] == "authors" && named)) {
    return "GET, HEAD";
  }
  return {};
}

bool offers(std::string_view methods, std::string_view method) {
  for (auto m : core::split(methods, ',')) {
    if (core::trim(m) == method) return true;
  }
  return false;
}

}  // namespace

http::Response Api::refusal(unsigned status, std::string_view target, std::string_view reason) {
  http::Request request;
  request.target = std::string(target);
  std::string detail;
  switch (status) {
    case 413:
      detail = "The request body is larger than this endpoint accepts.";
      break;
    case 431:
      detail = "The request's header fields are too large.";
      break;
    default:
      detail = fmt::format("The request is malformed: {}.", reason);
  }
  return problem_response(request, Problem{status, std::move(detail)});
}

http::Response Api::handle(const http::Request& request) const {
  if (request.target.size() > options_.max_target_bytes) {
    return problem_response(request,
                            Problem{414, fmt::format("Request targets are limited to {} bytes.",
                                                     options_.max_target_bytes)});
  }
  const std::string prefix = fmt::format("{}/", kBase);
  const auto rest = request.path.starts_with(prefix)
                        ? std::string_view(request.path).substr(prefix.size())
                        : std::string_view();
  const auto methods = methods_for(rest, writes_.has_value());
  if (methods.empty()) {
    return problem_response(request, Problem{404, fmt::format("No API endpoint at {}. {}",
                                                              quoted(request.path), kSeeDocument)});
  }
  const bool read = request.method == "GET" || request.method == "HEAD";
  if (request.method == "OPTIONS") {
    // A browser's CORS preflight: tokens travel in a header, never in cookies.
    http::Response r;
    r.status = 204;
    r.set_header("Allow", std::string(methods));
    r.set_header("Access-Control-Allow-Methods", std::string(methods));
    r.set_header("Access-Control-Allow-Headers",
                 "Authorization, Content-Type, If-Match, If-None-Match");
    r.set_header("Access-Control-Max-Age", "86400");
    add_common_headers(r);
    return r;
  }
  if (!offers(methods, request.method)) {
    Problem p{405,
              fmt::format("{} is not supported here, only {}.", quoted(request.method), methods)};
    if (!writes_ && !read) {
      p.detail = fmt::format("The API is read-only here: {} is not supported, only GET and HEAD.",
                             quoted(request.method));
    }
    p.allow = std::string(methods);
    return problem_response(request, p);
  }
  const auto limit = read ? options_.max_body_bytes : options_.max_write_body_bytes;
  if (request.body.size() > limit) {
    return problem_response(
        request, Problem{413, fmt::format("Request bodies are limited to {} bytes.", limit)});
  }
  if (!read) return write(request, rest);
  if (rest == "openapi.json") return json_response(request, openapi_body_, {});
  auto parsed = Params::parse(request.query);
  if (auto* p = std::get_if<Problem>(&parsed)) return problem_response(request, *p);
  Handler handler(*this, request);
  auto outcome = handler.route(rest, std::get<Params>(parsed));
  if (auto* p = std::get_if<Problem>(&outcome)) return problem_response(request, *p);
  auto& reply = std::get<Reply>(outcome);
  return json_response(request, json::serialize(reply.body), reply.next, reply.personal,
                       reply.varies_by_token);
}

http::Response Api::write(const http::Request& request, std::string_view rest) const {
  const auto parts = core::split(rest, '/');
  std::optional<content::Id> id;
  if (parts.size() >= 2) {
    id = parse_id(parts[1]);
    if (!id) {
      return problem_response(
          request, Problem{404, fmt::format("Writes name an article by its numeric id (as GET "
                                            "shows it), not '{}'.",
                                            quoted(parts[1]))});
    }
  }
  internal::ArticleWrites writes(*writes_, store_, request);
  auto who = writes.authenticate();
  if (auto* p = std::get_if<Problem>(&who)) return problem_response(request, *p);
  const auto& caller = std::get<internal::Caller>(who);
  internal::WriteOutcome outcome = Problem{500, "unrouted"};
  if (!id) {
    outcome = writes.create(caller);
  } else if (parts.size() == 2) {
    outcome = request.method == "PATCH" ? writes.update(caller, *id) : writes.remove(caller, *id);
  } else {
    outcome = parts[2] == "publish" ? writes.publish(caller, *id) : writes.unpublish(caller, *id);
  }
  if (auto* p = std::get_if<Problem>(&outcome)) return problem_response(request, *p);
  auto& done = std::get<internal::WriteDone>(outcome);
  http::Response r;
  r.status = done.status;
  r.set_header("Cache-Control", "no-store");
  add_common_headers(r);
  if (!done.article) return r;
  Handler handler(*this, request);
  auto rendered = handler.full_article(*done.article);
  if (auto* p = std::get_if<Problem>(&rendered)) return problem_response(request, *p);
  r.body = json::serialize(std::get<Reply>(rendered).body);
  r.set_header("Content-Type", std::string(kJsonType));
  if (done.status == 201) {
    r.set_header("Location", fmt::format("{}/articles/{}", kBase, done.article->id));
  }
  return r;
}

}  // namespace dateline::api
