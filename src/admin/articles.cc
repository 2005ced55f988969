// /admin/articles: the article list, the editor and the editorial workflow.
//
// Who may do what (auth/article_access.h, which the JSON API shares; checked on the server for
// every request):
//   - everyone signed in writes their own drafts and submits them for review;
//   - an author publishes, schedules and unpublishes their own articles;
//   - an editor or admin edits, publishes and reassigns anyone's.
// "Own" means the article's author profile is linked to the signed-in account. A contributor's
// article can no longer be edited by them once it is scheduled or published.
#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>

#include "admin/forms.h"
#include "admin/sections.h"
#include "auth/article_access.h"
#include "content/article_limits.h"
#include "content/permalink.h"
#include "content/slug.h"
#include "content/text_diff.h"
#include "core/log.h"
#include "core/strings.h"
#include "core/time.h"
#include "render/markdown.h"

namespace dateline::admin {
namespace {

namespace json = boost::json;
using auth::Action;
using content::Article;
using content::ArticleStatus;
using content::Id;

constexpr int kPageSize = 20;
constexpr std::size_t kMaxTitle = content::kMaxTitleBytes;
constexpr std::size_t kMaxExcerpt = content::kMaxExcerptBytes;
constexpr std::size_t kMaxBody = content::kMaxBodyBytes;
constexpr std::size_t kMaxShort = content::kMaxShortTextBytes;
constexpr std::size_t kMaxTags = content::kMaxTags;

std::optional<Id> parse_id(std::string_view text) {
  text = core::trim(text);
  Id v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v <= 0) return std::nullopt;
  return v;
}

std::string status_label(ArticleStatus s) {
  switch (s) {
    case ArticleStatus::kDraft:
      return "Draft";
    case ArticleStatus::kPending:
      return "Pending review";
    case ArticleStatus::kScheduled:
      return "Scheduled";
    case ArticleStatus::kPublished:
      return "Published";
  }
  return "Draft";
}

std::string local_input_value(core::TimePoint t, const core::TimeZone& zone) {
  const auto local = zone.to_local(t);
  return fmt::format("{:%Y-%m-%dT%H:%M}", core::TimePoint{local.time_since_epoch()});
}

std::string clock_text(core::TimePoint t, const core::TimeZone& zone) {
  const auto local = zone.to_local(t);
  return fmt::format("{:%H:%M}", core::TimePoint{local.time_since_epoch()});
}

std::string date_time_text(core::TimePoint t, const core::TimeZone& zone) {
  return fmt::format("{} {}", core::format_medium_date(t, zone), clock_text(t, zone));
}

// Field errors, keyed by field name, shown next to each field and in a summary.
using Errors = std::vector<std::pair<std::string, std::string>>;

class ArticlesSection final : public Section {
 public:
  ArticlesSection(Kit& kit, store::Editorial& editorial, core::Clock& clock, ContentChanged changed)
      : kit_(kit), editorial_(editorial), clock_(clock), changed_(std::move(changed)) {}

  bool owns(std::string_view path) const override {
    return path == "/admin/articles" || path.starts_with("/admin/articles/");
  }

  http::Response handle(const http::Request& request, std::string_view path,
                        const auth::Session& session) override;

 private:
  struct Ctx {
    const auth::Session& session;
    content::SiteSettings settings;
    core::TimeZone zone = core::TimeZone::utc();
    std::optional<content::Author> me;  // the author profile linked to this account
  };

  Ctx context(const auth::Session& session);
  // The rules live in auth/article_access.h, shared with the JSON API.
  static auth::ArticleAccess access(const Ctx& ctx) {
    return {ctx.session.user.role, ctx.me ? std::optional<Id>(ctx.me->id) : std::nullopt};
  }
  bool can_edit(const Ctx& ctx, const Article& a) const { return access(ctx).can_edit(a); }
  bool can_publish(const Ctx& ctx, const Article& a) const { return access(ctx).can_publish(a); }

  http::Response list(const http::Request& request, Ctx& ctx);
  // `mine`: on a conflict, the text this person sent, shown beside the stored one.
  http::Response editor(Ctx& ctx, const Article& a, unsigned status, const Errors& errors,
                        std::string notice, std::string conflict_text = {},
                        const Article* mine = nullptr);
  http::Response create(const http::Request& request, Ctx& ctx);
  http::Response save(const http::Request& request, Ctx& ctx, Id id);
  http::Response autosave(const http::Request& request, Ctx& ctx, Id id);
  http::Response revisions(Ctx& ctx, Id id);
  http::Response revision(Ctx& ctx, Id id, Id revision_id);
  http::Response restore(Ctx& ctx, Id id, Id revision_id);
  http::Response preview(const http::Request& request, Ctx& ctx);
  http::Response read_more(const http::Request& request, Ctx& ctx);
  http::Response tags(const http::Request& request);

  // Reads the editor's fields into `a` (keeping what the form does not carry) and checks them.
  Errors read_form(const Form& form, Ctx& ctx, Article& a);
  std::string article_url(const Ctx& ctx, const Article& a) const;
  std::optional<render::LinkedArticle> resolve(const Ctx& ctx, std::string_view href);
  void notify(const std::vector<Id>& ids) {
    if (changed_) changed_(ids);
  }
  http::Response failure(const Ctx& ctx, const core::Error& e, std::string_view what) {
    core::log::error("admin: {} failed error=\"{}\"", what, e.message);
    return kit_.message(500, "Something went wrong",
                        fmt::format("The article could not be {}. Try again.", what), &ctx.session);
  }

  Kit& kit_;
  store::Editorial& editorial_;
  core::Clock& clock_;
  ContentChanged changed_;
};

ArticlesSection::Ctx ArticlesSection::context(const auth::Session& session) {
  Ctx ctx{session, {}, core::TimeZone::utc(), std::nullopt};
  if (auto s = kit_.store().settings()) ctx.settings = std::move(*s);
  if (auto z = core::TimeZone::find(ctx.settings.timezone)) ctx.zone = *z;
  // Every account writes under an author profile of its own, created on first use.
  if (auto me = auth::author_profile(editorial_, session.user)) ctx.me = std::move(*me);
  return ctx;
}

std::string ArticlesSection::article_url(const Ctx& ctx, const Article& a) const {
  return content::permalink(ctx.settings.url_pattern, a.slug,
                            a.published_at.value_or(clock_.now_seconds()), ctx.zone);
}

std::optional<render::LinkedArticle> ArticlesSection::resolve(const Ctx& ctx,
                                                              std::string_view href) {
  std::string_view path = href;
  std::string base = ctx.settings.base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  if (!base.empty() && path.starts_with(base)) path.remove_prefix(base.size());
  if (path.empty() || path.front() != '/' || path.starts_with("//")) return std::nullopt;
  path = path.substr(0, path.find_first_of("?#"));
  auto slug = content::match_permalink(ctx.settings.url_pattern, path);
  if (!slug) slug = content::loose_article_slug(path);
  if (!slug) return std::nullopt;
  auto found = kit_.store().find_published_by_slug(*slug);
  if (!found) return std::nullopt;
  return render::LinkedArticle{article_url(ctx, *found), found->title};
}

http::Response ArticlesSection::handle(const http::Request& request, std::string_view path,
                                       const auth::Session& session) {
  const bool get = request.method == "GET" || request.method == "HEAD";
  const bool post = request.method == "POST";
  const auto not_allowed = [](std::string_view allow) {
    auto r = http::Response::text(405, "Method Not Allowed\n");
    r.set_header("Allow", std::string(allow));
    return r;
  };
  auto ctx = context(session);
  if (path == "/admin/articles") {
    if (get) return list(request, ctx);
    return not_allowed("GET, HEAD");
  }
  std::string_view rest = path.substr(std::string_view("/admin/articles/").size());
  if (rest == "new") {
    if (get) {
      Article blank;
      if (ctx.me) blank.author_id = ctx.me->id;
      return editor(ctx, blank, 200, {}, "");
    }
    if (post) return create(request, ctx);
    return not_allowed("GET, HEAD, POST");
  }
  if (rest == "preview") return post ? preview(request, ctx) : not_allowed("POST");
  if (rest == "read-more") return get ? read_more(request, ctx) : not_allowed("GET, HEAD");
  if (rest == "tags") return get ? tags(request) : not_allowed("GET, HEAD");

  const auto slash = rest.find('/');
  const auto id = parse_id(rest.substr(0, slash));
  if (!id) return kit_.message(404, "Page not found", "There is no such article.", &session);
  const std::string_view tail = slash == std::string_view::npos ? "" : rest.substr(slash + 1);
  if (tail.empty()) {
    if (get) {
      auto a = editorial_.article(*id);
      if (!a) {
        if (a.error().code == core::Errc::kNotFound) {
          return kit_.message(404, "Page not found", "There is no such article.", &session);
        }
        return failure(ctx, a.error(), "read");
      }
      if (!can_edit(ctx, *a)) {
        return kit_.message(403, "Not allowed",
                            "Your role does not allow you to edit this article.", &session);
      }
      std::string notice;
      if (auto n = request.query_param("saved")) notice = "Saved.";
      if (auto n = request.query_param("done")) {
        if (*n == "submit") notice = "Submitted for review.";
        if (*n == "publish") notice = "Published.";
        if (*n == "schedule") notice = "Scheduled.";
        if (*n == "unpublish") notice = "Unpublished: readers no longer see it.";
        if (*n == "restore") notice = "Revision restored.";
      }
      return editor(ctx, *a, 200, {}, notice);
    }
    if (post) return save(request, ctx, *id);
    return not_allowed("GET, HEAD, POST");
  }
  if (tail == "autosave") return post ? autosave(request, ctx, *id) : not_allowed("POST");
  if (tail == "revisions") return get ? revisions(ctx, *id) : not_allowed("GET, HEAD");
  if (tail.starts_with("revisions/")) {
    auto r = tail.substr(std::string_view("revisions/").size());
    const bool is_restore = r.ends_with("/restore");
    if (is_restore) r.remove_suffix(std::string_view("/restore").size());
    const auto rid = parse_id(r);
    if (!rid) return kit_.message(404, "Page not found", "There is no such revision.", &session);
    if (is_restore) return post ? restore(ctx, *id, *rid) : not_allowed("POST");
    return get ? revision(ctx, *id, *rid) : not_allowed("GET, HEAD");
  }
  return kit_.message(404, "Page not found", "There is no back-office page at this address.",
                      &session);
}

http::Response ArticlesSection::list(const http::Request& request, Ctx& ctx) {
  const auto role = ctx.session.user.role;
  store::ArticleFilter f;
  f.limit = kPageSize;
  const auto q = request.query_param("q").value_or("");
  f.text = q;
  const auto status = request.query_param("status").value_or("");
  if (!status.empty()) {
    if (auto s = content::parse_status(status)) f.status = *s;
  }
  const auto author = request.query_param("author").value_or("");
  f.author_id = parse_id(author);
  const bool sees_all = auth::can(role, Action::kEditAny);
  if (!sees_all) f.author_id = ctx.me ? ctx.me->id : -1;
  const auto category = request.query_param("category").value_or("");
  f.category_id = parse_id(category);
  const auto tag = request.query_param("tag").value_or("");
  if (!core::trim(tag).empty()) {
    auto t = kit_.store().find_tag_by_slug(content::slugify(tag));
    f.tag_id = t ? t->id : -1;
  }
  int page = 1;
  if (auto p = request.query_param("page")) {
    if (auto n = parse_id(*p); n && *n < 100000) page = static_cast<int>(*n);
  }
  f.offset = (page - 1) * kPageSize;
  auto result = editorial_.list_articles(f);
  if (!result) return failure(ctx, result.error(), "listed");
  auto authors = kit_.store().list_authors();
  auto categories = kit_.store().list_categories();

  auto view = kit_.base_view("Articles", &ctx.session, "articles");
  json::array rows;
  for (const auto& a : result->items) {
    std::string author_name;
    if (authors) {
      for (const auto& au : *authors) {
        if (au.id == a.author_id) author_name = au.name;
      }
    }
    std::string category_name;
    if (categories && a.category_id) {
      for (const auto& c : *categories) {
        if (c.id == *a.category_id) category_name = c.name;
      }
    }
    const auto when = a.updated_at ? a.updated_at : a.published_at ? a.published_at : a.created_at;
    json::object row{{"id", a.id},
                     {"title", a.title.empty() ? "(no headline)" : a.title},
                     {"edit_url", fmt::format("/admin/articles/{}", a.id)},
                     {"status", std::string(content::status_name(a.status))},
                     {"status_label", status_label(a.status)},
                     {"author", author_name},
                     {"category", category_name},
                     {"when", date_time_text(*when, ctx.zone)},
                     {"can_edit", can_edit(ctx, a)}};
    if (a.status == ArticleStatus::kPublished) row["view_url"] = article_url(ctx, a);
    rows.push_back(std::move(row));
  }
  view["articles"] = std::move(rows);
  view["total"] = result->total;
  view["q"] = q;
  view["tag"] = tag;
  json::array statuses;
  for (auto s : {ArticleStatus::kDraft, ArticleStatus::kPending, ArticleStatus::kScheduled,
                 ArticleStatus::kPublished}) {
    const auto name = std::string(content::status_name(s));
    statuses.push_back(
        json::object{{"value", name}, {"label", status_label(s)}, {"selected", f.status == s}});
  }
  view["statuses"] = std::move(statuses);
  if (sees_all && authors) {
    json::array list;
    for (const auto& au : *authors) {
      list.push_back(
          json::object{{"id", au.id}, {"name", au.name}, {"selected", f.author_id == au.id}});
    }
    view["authors"] = std::move(list);
    view["has_authors"] = true;
  }
  if (categories) {
    json::array list;
    for (const auto& c : *categories) {
      list.push_back(
          json::object{{"id", c.id}, {"name", c.name}, {"selected", f.category_id == c.id}});
    }
    view["categories"] = std::move(list);
  }
  // Paging links keep the filters.
  const auto link = [&](int p) {
    std::string qs;
    const auto add = [&](std::string_view k, const std::string& v) {
      if (v.empty()) return;
      qs += qs.empty() ? '?' : '&';
      qs += fmt::format("{}={}", k, core::url_encode(v));
    };
    add("q", q);
    add("status", f.status ? std::string(content::status_name(*f.status)) : "");
    add("author", sees_all ? author : "");
    add("category", category);
    add("tag", tag);
    add("page", p > 1 ? std::to_string(p) : "");
    return "/admin/articles" + qs;
  };
  const int pages = std::max(1, (result->total + kPageSize - 1) / kPageSize);
  if (page > 1) view["prev_url"] = link(page - 1);
  if (page < pages) view["next_url"] = link(page + 1);
  view["page_number"] = page;
  view["page_count"] = pages;
  return kit_.render(200, "admin_articles", view);
}

Errors ArticlesSection::read_form(const Form& form, Ctx& ctx, Article& a) {
  Errors errors;
  const auto field = [&](std::string_view name) { return form_value(form, name); };
  const auto check_utf8 = [&](std::string_view name, const std::string& value) {
    if (core::find_invalid_utf8(value)) errors.emplace_back(name, "Contains invalid characters.");
  };
  a.title = std::string(core::trim(field("title")));
  a.dateline = std::string(core::trim(field("dateline")));
  a.excerpt = std::string(core::trim(field("excerpt")));
  a.body_markdown = core::replace_all(field("body"), "\r\n", "\n");
  a.image_alt = std::string(core::trim(field("image_alt")));
  a.image_caption = std::string(core::trim(field("image_caption")));
  a.seo_title = std::string(core::trim(field("seo_title")));
  a.seo_description = std::string(core::trim(field("seo_description")));
  for (auto [name, value] : {std::pair<std::string_view, const std::string*>{"title", &a.title},
                             {"dateline", &a.dateline},
                             {"excerpt", &a.excerpt},
                             {"body", &a.body_markdown},
                             {"image_alt", &a.image_alt},
                             {"image_caption", &a.image_caption},
                             {"seo_title", &a.seo_title},
                             {"seo_description", &a.seo_description}}) {
    check_utf8(name, *value);
  }
  if (a.title.empty()) errors.emplace_back("title", "Enter a headline.");
  if (a.title.size() > kMaxTitle) {
    errors.emplace_back("title", fmt::format("Keep the headline under {} characters.", kMaxTitle));
  }
  if (a.dateline.size() > kMaxShort) errors.emplace_back("dateline", "The city is too long.");
  if (a.excerpt.size() > kMaxExcerpt) {
    errors.emplace_back("excerpt",
                        fmt::format("Keep the excerpt under {} characters.", kMaxExcerpt));
  }
  if (a.body_markdown.size() > kMaxBody) errors.emplace_back("body", "The text is too long.");
  if (a.seo_title.size() > kMaxShort)
    errors.emplace_back("seo_title", "The SEO title is too long.");
  if (a.seo_description.size() > kMaxExcerpt) {
    errors.emplace_back("seo_description", "The SEO description is too long.");
  }
  if (a.image_caption.size() > kMaxExcerpt) {
    errors.emplace_back("image_caption", "The caption is too long.");
  }

  const auto slug = std::string(core::trim(field("slug")));
  if (slug.empty()) {
    if (a.id == 0) {
      a.slug.clear();  // derived from the headline when the article is created
    } else if (a.slug.empty()) {
      a.slug = content::slugify(a.title);
    }
  } else if (!content::is_valid_slug(slug)) {
    errors.emplace_back("slug",
                        "Use lowercase letters, digits and hyphens only (for example "
                        "\"floods-reach-thatta\").");
    a.slug = slug;
  } else {
    a.slug = slug;
  }

  const auto category = field("category");
  if (core::trim(category).empty()) {
    a.category_id.reset();
  } else if (auto cid = parse_id(category)) {
    auto cats = kit_.store().list_categories();
    const bool known = cats && std::any_of(cats->begin(), cats->end(),
                                           [&](const auto& c) { return c.id == *cid; });
    if (known) {
      a.category_id = *cid;
    } else {
      errors.emplace_back("category", "Choose a category from the list.");
    }
  } else {
    errors.emplace_back("category", "Choose a category from the list.");
  }

  if (auth::can(ctx.session.user.role, Action::kEditAny)) {
    const auto author = field("author");
    if (!core::trim(author).empty()) {
      auto aid = parse_id(author);
      if (aid && kit_.store().find_author(*aid)) {
        a.author_id = *aid;
      } else {
        errors.emplace_back("author", "Choose an author from the list.");
      }
    }
  }
  if (a.author_id == 0 && ctx.me) a.author_id = ctx.me->id;
  if (a.author_id == 0) errors.emplace_back("author", "Choose an author.");

  a.tags.clear();
  std::vector<std::string> seen;
  const auto tags_text = field("tags");
  for (auto piece : core::split(tags_text, ',')) {
    const auto name = std::string(core::trim(piece));
    if (name.empty()) continue;
    if (name.size() > content::kMaxTagBytes) {
      errors.emplace_back("tags", fmt::format("The tag \"{}\" is too long.",
                                              name.substr(0, content::kMaxTagBytes)));
      continue;
    }
    if (content::slugify(name).empty()) {
      errors.emplace_back("tags", fmt::format("The tag \"{}\" has no letters or digits.", name));
      continue;
    }
    if (std::find(seen.begin(), seen.end(), content::slugify(name)) != seen.end()) continue;
    seen.push_back(content::slugify(name));
    a.tags.push_back(content::Tag{0, seen.back(), name});
  }
  if (a.tags.size() > kMaxTags) {
    errors.emplace_back("tags", fmt::format("Use at most {} tags.", kMaxTags));
  }

  const auto media = field("image_media_id");
  if (core::trim(media).empty()) {
    a.image_media_id.reset();
  } else if (auto mid = parse_id(media); mid && editorial_.media(*mid)) {
    a.image_media_id = *mid;
    a.image_url.clear();
  } else {
    errors.emplace_back("image", "That image is not in the media library.");
  }
  if ((a.image_media_id || !a.image_url.empty()) && a.image_alt.empty()) {
    errors.emplace_back("image_alt", "Describe the image for readers who cannot see it.");
  }
  return errors;
}

http::Response ArticlesSection::editor(Ctx& ctx, const Article& a, unsigned status,
                                       const Errors& errors, std::string notice,
                                       std::string conflict_text, const Article* mine) {
  const auto role = ctx.session.user.role;
  const bool is_new = a.id == 0;
  auto view = kit_.base_view(is_new ? "New article" : fmt::format("Edit: {}", a.title),
                             &ctx.session, "articles");
  view["assets"].as_object()["easymde_js"] = kit_.theme().asset_url("vendor/easymde.min.js");
  view["assets"].as_object()["easymde_css"] = kit_.theme().asset_url("vendor/easymde.min.css");
  json::object art{{"id", a.id},
                   {"is_new", is_new},
                   {"title", a.title},
                   {"slug", a.slug},
                   {"dateline", a.dateline},
                   {"excerpt", a.excerpt},
                   {"body", a.body_markdown},
                   {"version", a.version},
                   {"image_alt", a.image_alt},
                   {"image_caption", a.image_caption},
                   {"image_url", a.image_url},
                   {"seo_title", a.seo_title},
                   {"seo_description", a.seo_description},
                   {"status", std::string(content::status_name(a.status))},
                   {"status_label", status_label(a.status)},
                   {"action_url", is_new ? std::string("/admin/articles/new")
                                         : fmt::format("/admin/articles/{}", a.id)}};
  std::string tags_text;
  for (const auto& t : a.tags) {
    if (!tags_text.empty()) tags_text += ", ";
    tags_text += t.name;
  }
  art["tags"] = tags_text;
  if (a.image_media_id) {
    art["image_media_id"] = *a.image_media_id;
    if (auto m = editorial_.media(*a.image_media_id); m && !m->variants.empty()) {
      art["image_preview"] = "/media/" + m->variants.front().name;
    }
  }
  if (a.published_at) {
    art["publish_at"] = local_input_value(*a.published_at, ctx.zone);
    art["published_human"] = date_time_text(*a.published_at, ctx.zone);
  }
  const bool live = a.status == ArticleStatus::kPublished;
  if (!is_new && !live) art["autosave_url"] = fmt::format("/admin/articles/{}/autosave", a.id);
  if (!is_new) art["revisions_url"] = fmt::format("/admin/articles/{}/revisions", a.id);
  if (live) art["view_url"] = article_url(ctx, a);
  view["article"] = std::move(art);

  // The buttons this person may press for this article now.
  const bool publish = can_publish(ctx, a);
  json::object actions;
  if (a.status == ArticleStatus::kDraft || is_new) actions["submit"] = true;
  if (publish) {
    actions[live ? "update" : "publish"] = true;
    if (!live) actions["schedule"] = true;
    if (live || a.status == ArticleStatus::kScheduled) actions["unpublish"] = true;
  }
  if (!live || publish) actions["save"] = true;
  view["actions"] = std::move(actions);

  auto categories = kit_.store().list_categories();
  if (categories) {
    json::array list;
    for (const auto& c : *categories) {
      list.push_back(
          json::object{{"id", c.id}, {"name", c.name}, {"selected", a.category_id == c.id}});
    }
    view["categories"] = std::move(list);
  }
  if (auth::can(role, Action::kEditAny)) {
    if (auto authors = kit_.store().list_authors()) {
      json::array list;
      for (const auto& au : *authors) {
        list.push_back(
            json::object{{"id", au.id}, {"name", au.name}, {"selected", au.id == a.author_id}});
      }
      view["authors"] = std::move(list);
      view["has_authors"] = true;
    }
  }
  view["timezone"] = ctx.settings.timezone;
  put_errors(view, errors);
  view["notice"] = notice;
  view["conflict"] = conflict_text;
  if (mine) {
    view["mine"] = json::object{
        {"title", mine->title}, {"excerpt", mine->excerpt}, {"body", mine->body_markdown}};
  }
  return kit_.render(status, "admin_editor", view);
}

http::Response ArticlesSection::create(const http::Request& request, Ctx& ctx) {
  const auto form = parse_form(request);
  Article a;
  auto errors = read_form(form, ctx, a);
  const auto action = form_value(form, "action");
  if (!errors.empty()) return editor(ctx, a, 422, errors, "");
  for (auto& t : a.tags) {
    auto tag = editorial_.ensure_tag(t.name);
    if (!tag) return failure(ctx, tag.error(), "saved");
    t = *tag;
  }
  a.status = ArticleStatus::kDraft;
  if (action == "submit") a.status = ArticleStatus::kPending;
  auto created = editorial_.create_article(a, store::Editor{ctx.session.user.id});
  if (!created) {
    if (created.error().code == core::Errc::kInvalidArgument) {
      return editor(ctx, a, 422, {{"slug", created.error().message}}, "");
    }
    return failure(ctx, created.error(), "saved");
  }
  core::log::info("admin: article created id={} user={}", created->id, ctx.session.user.id);
  // Publishing needs the saved article; the same press of "Publish" continues there.
  if (action == "publish" || action == "schedule") {
    Article next = *created;
    if (!can_publish(ctx, next)) {
      return Kit::see_other(fmt::format("/admin/articles/{}?saved=1", created->id));
    }
    http::Request again = request;
    again.body.clear();
    Form f2 = form;
    for (auto& [k, v] : f2) {
      if (k == "version") v = std::to_string(created->version);
      if (k == "slug") v = created->slug;
    }
    if (form_value(f2, "version").empty())
      f2.emplace_back("version", std::to_string(created->version));
    for (const auto& [k, v] : f2) {
      if (!again.body.empty()) again.body += '&';
      again.body += core::url_encode(k) + "=" + core::url_encode(v);
    }
    again.headers = {{"content-type", "application/x-www-form-urlencoded"}};
    return save(again, ctx, created->id);
  }
  if (action == "submit") {
    return Kit::see_other(fmt::format("/admin/articles/{}?done=submit", created->id));
  }
  return Kit::see_other(fmt::format("/admin/articles/{}?saved=1", created->id));
}

http::Response ArticlesSection::save(const http::Request& request, Ctx& ctx, Id id) {
  auto current = editorial_.article(id);
  if (!current) {
    if (current.error().code == core::Errc::kNotFound) {
      return kit_.message(404, "Page not found", "There is no such article.", &ctx.session);
    }
    return failure(ctx, current.error(), "read");
  }
  if (!can_edit(ctx, *current)) {
    return kit_.message(403, "Not allowed", "Your role does not allow you to edit this article.",
                        &ctx.session);
  }
  const auto form = parse_form(request);
  const auto action = form_value(form, "action");
  Article a = *current;
  const auto version = parse_id(form_value(form, "version"));
  a.version = version.value_or(0);
  const bool publish_right = can_publish(ctx, *current);

  if (action == "delete") {
    if (!access(ctx).can_delete(*current)) {
      return kit_.message(403, "Not allowed", "Your role does not allow deleting this article.",
                          &ctx.session);
    }
    auto done = editorial_.delete_article(id, a.version);
    if (!done) {
      if (done.error().code == core::Errc::kConflict) {
        return editor(ctx, *current, 409, {}, "",
                      "Someone changed this article after you opened it, so it was not deleted. "
                      "Review the current text below.");
      }
      return failure(ctx, done.error(), "deleted");
    }
    core::log::info("admin: article deleted id={} user={}", id, ctx.session.user.id);
    if (current->status == ArticleStatus::kPublished) notify({id});
    return Kit::see_other("/admin/articles?deleted=1");
  }

  auto errors = read_form(form, ctx, a);
  if (!auth::can(ctx.session.user.role, Action::kEditAny)) a.author_id = current->author_id;
  const auto now = clock_.now_seconds();
  std::string done = "saved";
  if (action == "submit") {
    if (current->status != ArticleStatus::kDraft && current->status != ArticleStatus::kPending) {
      errors.emplace_back("status", "Only drafts can be submitted for review.");
    }
    a.status = ArticleStatus::kPending;
    done = "submit";
  } else if (action == "publish" || action == "update") {
    if (!publish_right) {
      return kit_.message(403, "Not allowed",
                          "Your role does not allow publishing this article. Submit it for "
                          "review instead.",
                          &ctx.session);
    }
    if (core::trim(a.body_markdown).empty()) errors.emplace_back("body", "Write the story first.");
    if (current->status != ArticleStatus::kPublished) {
      // Going live now: the time readers see is now (a scheduled time is superseded).
      a.published_at = now;
    }
    a.status = ArticleStatus::kPublished;
    done = action == "publish" ? "publish" : "saved";
  } else if (action == "schedule") {
    if (!publish_right) {
      return kit_.message(403, "Not allowed", "Your role does not allow scheduling this article.",
                          &ctx.session);
    }
    const auto when = form_value(form, "publish_at");
    auto t = core::parse_iso8601(when, ctx.zone);
    if (core::trim(when).empty()) {
      errors.emplace_back("publish_at", "Choose when the article goes live.");
    } else if (!t) {
      errors.emplace_back("publish_at", "Enter a date and time such as 2025-11-27T09:00.");
    } else if (*t <= now) {
      errors.emplace_back("publish_at", "Choose a time in the future, or publish now.");
    } else {
      a.published_at = *t;
    }
    if (core::trim(a.body_markdown).empty()) errors.emplace_back("body", "Write the story first.");
    a.status = ArticleStatus::kScheduled;
    done = "schedule";
  } else if (action == "unpublish") {
    if (!publish_right) {
      return kit_.message(403, "Not allowed", "Your role does not allow unpublishing.",
                          &ctx.session);
    }
    a.status = ArticleStatus::kDraft;
    done = "unpublish";
  } else if (current->status == ArticleStatus::kPublished && !publish_right) {
    return kit_.message(403, "Not allowed", "Your role does not allow changing a live article.",
                        &ctx.session);
  }
  if (!errors.empty()) return editor(ctx, a, 422, errors, "");
  for (auto& t : a.tags) {
    auto tag = editorial_.ensure_tag(t.name);
    if (!tag) return failure(ctx, tag.error(), "saved");
    t = *tag;
  }
  auto saved =
      editorial_.update_article(a, store::Editor{ctx.session.user.id}, store::RevisionKind::kSave);
  if (!saved) {
    if (saved.error().code == core::Errc::kConflict) {
      if (saved.error().message.find("slug") != std::string::npos) {
        return editor(ctx, a, 409, {{"slug", saved.error().message}}, "");
      }
      // Keep both texts: the form shows the stored one, the person's own text stays beside it.
      auto latest = editorial_.article(id);
      if (!latest) return failure(ctx, latest.error(), "read");
      core::log::info("admin: edit conflict id={} user={}", id, ctx.session.user.id);
      auto r = editor(ctx, *latest, 409, {}, "",
                      fmt::format("Not saved: {}. The form now shows the current text; your "
                                  "version is kept below so you can copy what you need.",
                                  saved.error().message),
                      &a);
      return r;
    }
    return failure(ctx, saved.error(), "saved");
  }
  core::log::info("admin: article saved id={} user={} status={}", id, ctx.session.user.id,
                  content::status_name(saved->status));
  if (current->status == ArticleStatus::kPublished || saved->status == ArticleStatus::kPublished) {
    notify({id});
  } else if (saved->status == ArticleStatus::kScheduled) {
    notify({id});  // the scheduler looks again for the next due article
  }
  return Kit::see_other(done == "saved" ? fmt::format("/admin/articles/{}?saved=1", id)
                                        : fmt::format("/admin/articles/{}?done={}", id, done));
}

http::Response ArticlesSection::autosave(const http::Request& request, Ctx& ctx, Id id) {
  auto current = editorial_.article(id);
  if (!current) return Kit::json_error(404, "There is no such article.");
  if (!can_edit(ctx, *current)) {
    return Kit::json_error(403, "Your role does not allow editing this article.");
  }
  if (current->status == ArticleStatus::kPublished ||
      current->status == ArticleStatus::kScheduled) {
    return Kit::json_error(409, "Live and scheduled articles are saved only by hand.");
  }
  const auto form = parse_form(request);
  Article a = *current;
  a.version = parse_id(form_value(form, "version")).value_or(0);
  auto errors = read_form(form, ctx, a);
  if (!auth::can(ctx.session.user.role, Action::kEditAny)) a.author_id = current->author_id;
  if (!errors.empty()) {
    return Kit::json_error(422, fmt::format("Not saved: {}", errors.front().second));
  }
  for (auto& t : a.tags) {
    auto tag = editorial_.ensure_tag(t.name);
    if (!tag) return Kit::json_error(500, "Not saved: the tags could not be stored.");
    t = *tag;
  }
  auto saved = editorial_.update_article(a, store::Editor{ctx.session.user.id},
                                         store::RevisionKind::kAutosave);
  if (!saved) {
    if (saved.error().code == core::Errc::kConflict) {
      return Kit::json_error(409, fmt::format("Not saved: {}. Reload to see the current text.",
                                              saved.error().message));
    }
    core::log::error("admin: autosave failed id={} error=\"{}\"", id, saved.error().message);
    return Kit::json_error(500, "Not saved: the server could not store the draft.");
  }
  return Kit::json(200, json::object{{"version", saved->version},
                                     {"saved_at", clock_text(clock_.now_seconds(), ctx.zone)}});
}

http::Response ArticlesSection::revisions(Ctx& ctx, Id id) {
  auto a = editorial_.article(id);
  if (!a) return kit_.message(404, "Page not found", "There is no such article.", &ctx.session);
  if (!can_edit(ctx, *a)) {
    return kit_.message(403, "Not allowed", "Your role does not allow editing this article.",
                        &ctx.session);
  }
  auto revs = editorial_.revisions(id);
  if (!revs) return failure(ctx, revs.error(), "read");
  auto view = kit_.base_view(fmt::format("Revisions: {}", a->title), &ctx.session, "articles");
  json::array rows;
  for (const auto& r : *revs) {
    rows.push_back(json::object{{"id", r.id},
                                {"url", fmt::format("/admin/articles/{}/revisions/{}", id, r.id)},
                                {"when", date_time_text(r.created_at, ctx.zone)},
                                {"who", r.user_name.empty() ? std::string("System") : r.user_name},
                                {"kind", std::string(store::revision_kind_name(r.kind))},
                                {"status_label", status_label(r.status)},
                                {"title", r.title},
                                {"is_current", r.version == a->version}});
  }
  view["article"] = json::object{
      {"id", id}, {"title", a->title}, {"edit_url", fmt::format("/admin/articles/{}", id)}};
  view["revisions"] = std::move(rows);
  return kit_.render(200, "admin_revisions", view);
}

http::Response ArticlesSection::revision(Ctx& ctx, Id id, Id revision_id) {
  auto a = editorial_.article(id);
  auto r = editorial_.revision(revision_id);
  if (!a || !r || r->article_id != id) {
    return kit_.message(404, "Page not found", "There is no such revision.", &ctx.session);
  }
  if (!can_edit(ctx, *a)) {
    return kit_.message(403, "Not allowed", "Your role does not allow editing this article.",
                        &ctx.session);
  }
  auto view = kit_.base_view(fmt::format("Revision of {}", a->title), &ctx.session, "articles");
  const auto diff = [](std::string_view before, std::string_view after) {
    json::array lines;
    for (const auto& l : content::diff_lines(before, after)) {
      lines.push_back(json::object{{"text", l.text},
                                   {"added", l.op == content::DiffOp::kAdded},
                                   {"removed", l.op == content::DiffOp::kRemoved}});
    }
    return lines;
  };
  // Read as "what restoring this revision would change in the current text".
  view["fields"] = json::array{
      json::object{{"label", "Headline"}, {"lines", diff(a->title, r->title)}},
      json::object{{"label", "Dateline"}, {"lines", diff(a->dateline, r->dateline)}},
      json::object{{"label", "Excerpt"}, {"lines", diff(a->excerpt, r->excerpt)}},
      json::object{{"label", "Text"}, {"lines", diff(a->body_markdown, r->body_markdown)}}};
  view["article"] =
      json::object{{"id", id},
                   {"title", a->title},
                   {"version", a->version},
                   {"edit_url", fmt::format("/admin/articles/{}", id)},
                   {"revisions_url", fmt::format("/admin/articles/{}/revisions", id)}};
  view["revision"] = json::object{
      {"id", r->id},
      {"when", date_time_text(r->created_at, ctx.zone)},
      {"who", r->user_name.empty() ? std::string("System") : r->user_name},
      {"restore_url", fmt::format("/admin/articles/{}/revisions/{}/restore", id, r->id)},
      {"same", r->title == a->title && r->body_markdown == a->body_markdown &&
                   r->excerpt == a->excerpt && r->dateline == a->dateline}};
  return kit_.render(200, "admin_revision", view);
}

http::Response ArticlesSection::restore(Ctx& ctx, Id id, Id revision_id) {
  auto a = editorial_.article(id);
  auto r = editorial_.revision(revision_id);
  if (!a || !r || r->article_id != id) {
    return kit_.message(404, "Page not found", "There is no such revision.", &ctx.session);
  }
  if (!can_edit(ctx, *a) || (a->status == ArticleStatus::kPublished && !can_publish(ctx, *a))) {
    return kit_.message(403, "Not allowed", "Your role does not allow editing this article.",
                        &ctx.session);
  }
  Article next = *a;
  next.title = r->title;
  next.dateline = r->dateline;
  next.excerpt = r->excerpt;
  next.body_markdown = r->body_markdown;
  auto saved = editorial_.update_article(next, store::Editor{ctx.session.user.id},
                                         store::RevisionKind::kRestore);
  if (!saved) return failure(ctx, saved.error(), "restored");
  if (a->status == ArticleStatus::kPublished) notify({id});
  return Kit::see_other(fmt::format("/admin/articles/{}?done=restore", id));
}

http::Response ArticlesSection::preview(const http::Request& request, Ctx& ctx) {
  const auto form = parse_form(request);
  render::MarkdownOptions md;
  md.dateline = content::format_dateline(std::string(core::trim(form_value(form, "dateline"))),
                                         ctx.settings.short_name);
  md.resolve = [this, &ctx](std::string_view href) { return resolve(ctx, href); };
  auto r = http::Response::html(200, render::markdown_to_html(form_value(form, "body"), md));
  return r;
}

http::Response ArticlesSection::read_more(const http::Request& request, Ctx& ctx) {
  store::SearchQuery q;
  q.text = request.query_param("q").value_or("");
  q.limit = 8;
  json::array results;
  if (!core::trim(q.text).empty()) {
    auto found = kit_.store().search_published(q);
    if (!found) {
      core::log::error("admin: read-more search failed error=\"{}\"", found.error().message);
      return Kit::json_error(500, "The search failed.");
    }
    for (const auto& hit : found->hits) {
      const auto& a = hit.article;
      results.push_back(json::object{
          {"id", a.id},
          {"title", a.title},
          {"url", article_url(ctx, a)},
          {"date", a.published_at ? core::format_medium_date(*a.published_at, ctx.zone) : ""}});
    }
  }
  return Kit::json(200, json::object{{"results", std::move(results)}});
}

http::Response ArticlesSection::tags(const http::Request& request) {
  const auto q = request.query_param("q").value_or("");
  json::array names;
  if (!core::trim(q).empty()) {
    auto found = editorial_.find_tags(q, 10);
    if (!found) return Kit::json_error(500, "The tags could not be read.");
    for (const auto& t : *found) names.push_back(json::string(t.name));
  }
  return Kit::json(200, json::object{{"tags", std::move(names)}});
}

}  // namespace

std::unique_ptr<Section> make_articles_section(Kit& kit, store::Editorial& editorial,
                                               core::Clock& clock, ContentChanged changed) {
  return std::make_unique<ArticlesSection>(kit, editorial, clock, std::move(changed));
}

}  // namespace dateline::admin
