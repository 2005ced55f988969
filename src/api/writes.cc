#include "api/internal/writes.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <string>

#include "content/article_limits.h"
#include "content/slug.h"
#include "core/log.h"
#include "core/strings.h"
#include "core/time.h"

namespace dateline::api::internal {
namespace {

namespace json = boost::json;
using content::Article;
using content::ArticleStatus;
using content::Id;
using core::Errc;

constexpr std::string_view kRealm = "Bearer realm=\"Dateline API\"";

// Members of the read representation that writes cannot set, with where they come from.
constexpr std::pair<std::string_view, std::string_view> kReadOnly[] = {
    {"id", "the server assigns it"},
    {"path", "it follows from the slug and the publication date"},
    {"url", "it follows from the slug and the publication date"},
    {"published_at", "set it with POST /api/v1/articles/{id}/publish"},
    {"updated_at", "the server keeps it"},
    {"body_html", "it is rendered from body_markdown"},
};

std::string_view media_type(std::string_view content_type) {
  return core::trim(content_type.substr(0, content_type.find(';')));
}

bool readers_see(ArticleStatus s) { return s == ArticleStatus::kPublished; }

}  // namespace

// What an article body sets; absent members keep their value.
struct ArticleWrites::Input {
  std::optional<std::string> title, slug, dateline, excerpt, body_markdown, author;
  bool has_category = false;
  std::optional<std::string> category;  // a slug; nullopt (null or "") removes the category
  std::optional<std::vector<std::string>> tags;
  std::optional<ArticleStatus> status;
  std::optional<std::int64_t> version;
};

// What If-Match asks for.
struct ArticleWrites::Precondition {
  bool present = false;  // an If-Match header was sent
  bool any = false;      // If-Match: *
  std::vector<std::int64_t> versions;
};

std::optional<std::string_view> bearer_secret(const http::Request& request) {
  const auto header = core::trim(request.header("authorization"));
  const auto space = header.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  if (core::to_lower_ascii(header.substr(0, space)) != "bearer") return std::nullopt;
  return core::trim(header.substr(space + 1));
}

Problem ArticleWrites::internal(const core::Error& error) const {
  core::log::error("api: write failed id={} path={} error=\"{}\"", request_.request_id,
                   request_.path, error.message);
  return Problem{500, fmt::format("Something went wrong on our side (request {}).",
                                  quoted(request_.request_id))};
}

std::variant<Caller, Problem> ArticleWrites::authenticate() {
  const auto secret = bearer_secret(request_);
  if (!secret || secret->empty()) {
    Problem p{401,
              "Writes need an API token: send Authorization: Bearer dl_... (create a token in the "
              "back office under API tokens)."};
    p.www_authenticate = std::string(kRealm);
    return p;
  }
  auto holder = deps_.tokens.authenticate(*secret);
  if (!holder) {
    if (holder.error().code != Errc::kUnauthenticated) return internal(holder.error());
    core::log::info("api: token refused id={} addr={}", request_.request_id,
                    request_.remote_address);
    Problem p{401,
              "The API token is not valid: it is malformed, unknown or revoked, or its account "
              "no longer exists."};
    p.www_authenticate = fmt::format("{}, error=\"invalid_token\"", kRealm);
    return p;
  }
  auto access = auth::article_access(deps_.editorial, holder->user);
  return Caller{std::move(holder->user), access, holder->token.id};
}

std::variant<std::optional<json::object>, Problem> ArticleWrites::body(bool required) const {
  const bool empty = core::trim(request_.body).empty();
  if (empty && !required) return std::optional<json::object>();
  const auto type = core::to_lower_ascii(media_type(request_.header("content-type")));
  if (type != "application/json") {
    Problem p{415,
              fmt::format("Send the body as JSON with Content-Type: application/json{}.",
                          type.empty() ? std::string() : fmt::format(", not {}", quoted(type)))};
    p.headers.emplace_back(request_.method == "PATCH" ? "Accept-Patch" : "Accept-Post",
                           "application/json");
    return p;
  }
  if (empty) return Problem{422, "The body is empty: send a JSON object."};
  boost::system::error_code ec;
  auto value = json::parse(request_.body, ec);
  if (ec) return Problem{422, fmt::format("The body is not valid JSON: {}.", ec.message())};
  if (!value.is_object()) return Problem{422, "The body must be a JSON object."};
  return std::optional<json::object>(std::move(value.as_object()));
}

std::variant<ArticleWrites::Precondition, Problem> ArticleWrites::precondition() const {
  Precondition pre;
  const auto header = request_.header("if-match");
  if (header.empty()) return pre;
  pre.present = true;
  if (core::trim(header) == "*") {
    pre.any = true;
    return pre;
  }
  for (auto part : core::split(header, ',')) {
    auto tag = core::trim(part);
    // Weak tags never match If-Match (RFC 9110 compares strongly); other shapes match nothing.
    if (tag.size() < 3 || tag.front() != '"' || tag.back() != '"') continue;
    tag = tag.substr(1, tag.size() - 2);
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(tag.data(), tag.data() + tag.size(), v);
    if (ec == std::errc() && p == tag.data() + tag.size()) pre.versions.push_back(v);
  }
  return pre;
}

std::optional<Problem> ArticleWrites::check_version(const Precondition& pre,
                                                    std::optional<std::int64_t> body_version,
                                                    const Article& current, bool required) const {
  if (pre.present && !pre.any &&
      std::find(pre.versions.begin(), pre.versions.end(), current.version) == pre.versions.end()) {
    Problem p{412, fmt::format("If-Match does not name the article's current version, \"{}\": it "
                               "changed since you read it. Nothing was changed; GET it again.",
                               current.version)};
    p.current_version = current.version;
    return p;
  }
  if (body_version && *body_version != current.version) {
    Problem p{409, fmt::format("The article is at version {}, not {}: someone changed it since "
                               "you read it. Nothing was changed; GET it again, redo your change "
                               "and send the new version.",
                               current.version, *body_version)};
    p.current_version = current.version;
    return p;
  }
  if (required && !pre.present && !body_version) {
    return Problem{428,
                   "Say which version you are changing: send If-Match: \"<version>\" or a "
                   "version member, as GET /api/v1/articles/{id} shows it."};
  }
  return std::nullopt;
}

// The store refused the version we checked: someone wrote in between.
Problem ArticleWrites::stale(const Precondition& pre, Id id) const {
  Problem p{pre.present ? 412u : 409u,
            "Someone changed the article while your request ran. Nothing was changed; GET it "
            "again and redo your change."};
  if (auto latest = deps_.editorial.article(id)) p.current_version = latest->version;
  return p;
}

std::variant<Article, Problem> ArticleWrites::load(Id id) const {
  auto a = deps_.editorial.article(id);
  if (!a) {
    if (a.error().code == Errc::kNotFound) {
      return Problem{404, fmt::format("No article has the id {}.", id)};
    }
    return internal(a.error());
  }
  return std::move(*a);
}

void ArticleWrites::changed(const std::vector<Id>& ids) const {
  if (deps_.content_changed) deps_.content_changed(ids);
}

namespace {

// Reads the members of an article body into `in`; a member of the wrong type or an unknown one
// lands in `errors`.
template <class Input>
void read_input(const json::object& body, Input& in, std::vector<FieldProblem>& errors) {
  const auto text = [&](std::string_view key, const json::value& v) -> std::optional<std::string> {
    if (!v.is_string()) {
      errors.push_back({std::string(key), fmt::format("{} must be a string.", key)});
      return std::nullopt;
    }
    return std::string(v.as_string());
  };
  for (const auto& [k, v] : body) {
    const std::string_view key = k;
    if (key == "title") {
      in.title = text(key, v);
    } else if (key == "slug") {
      in.slug = text(key, v);
    } else if (key == "dateline") {
      in.dateline = text(key, v);
    } else if (key == "excerpt") {
      in.excerpt = text(key, v);
    } else if (key == "body_markdown") {
      in.body_markdown = text(key, v);
    } else if (key == "author") {
      in.author = text(key, v);
    } else if (key == "category") {
      in.has_category = true;
      if (!v.is_null()) {
        in.category = text(key, v);
        if (in.category && core::trim(*in.category).empty()) in.category.reset();
      }
    } else if (key == "tags") {
      if (!v.is_array() || !std::all_of(v.as_array().begin(), v.as_array().end(),
                                        [](const json::value& t) { return t.is_string(); })) {
        errors.push_back({"tags", "tags must be an array of tag names (strings)."});
        continue;
      }
      in.tags.emplace();
      for (const auto& t : v.as_array()) in.tags->emplace_back(t.as_string());
    } else if (key == "status") {
      const auto s = text(key, v);
      if (s == "draft") {
        in.status = ArticleStatus::kDraft;
      } else if (s == "pending") {
        in.status = ArticleStatus::kPending;
      } else if (s) {
        errors.push_back({"status",
                          "status must be draft or pending (submitted for review); publish with "
                          "POST /api/v1/articles/{id}/publish."});
      }
    } else if (key == "version") {
      if (v.is_int64() && v.as_int64() >= 1) {
        in.version = v.as_int64();
      } else {
        errors.push_back({"version", "version must be a whole number from 1, as GET shows it."});
      }
    } else {
      const auto* ro = std::find_if(std::begin(kReadOnly), std::end(kReadOnly),
                                    [&](const auto& r) { return r.first == key; });
      if (ro != std::end(kReadOnly)) {
        errors.push_back({std::string(key), fmt::format("{} is read-only: {}.", key, ro->second)});
      } else {
        errors.push_back({std::string(key), fmt::format("{} is not a member of an article; see "
                                                        "the ArticleInput schema in "
                                                        "/api/v1/openapi.json.",
                                                        quoted(key))});
      }
    }
  }
}

Problem invalid(std::vector<FieldProblem> errors) {
  std::string fields;
  for (const auto& e : errors) {
    if (fields.find(e.field) != std::string::npos) continue;
    if (!fields.empty()) fields += ", ";
    fields += e.field;
  }
  Problem p{422,
            fmt::format("Some fields are invalid ({}); nothing was changed. See errors.", fields)};
  p.errors = std::move(errors);
  return p;
}

// The version named by the body of a request that may carry nothing else (`request` names it in
// messages: "a delete"), nullopt without a body or without the member; 422 listing every other
// member and a version that is not a whole number from 1.
std::variant<std::optional<std::int64_t>, Problem> version_only(
    const std::optional<json::object>& object, std::string_view request) {
  std::optional<std::int64_t> version;
  if (!object) return version;
  std::vector<FieldProblem> errors;
  for (const auto& [k, v] : *object) {
    const std::string_view key = k;
    if (key == "version" && v.is_int64() && v.as_int64() >= 1) {
      version = v.as_int64();
    } else if (key == "version") {
      errors.push_back({"version", "version must be a whole number from 1, as GET shows it."});
    } else {
      errors.push_back({std::string(key), fmt::format("{} is not a member of {} request; send "
                                                      "version only.",
                                                      quoted(key), request)});
    }
  }
  if (!errors.empty()) return invalid(std::move(errors));
  return version;
}

}  // namespace

std::optional<Problem> ArticleWrites::apply(const Caller& caller, const Input& in, Article& a,
                                            bool creating,
                                            std::vector<FieldProblem>& errors) const {
  const auto too_long = [&](std::string_view field, std::size_t limit) {
    errors.push_back(
        {std::string(field), fmt::format("{} is longer than {} bytes.", field, limit)});
  };
  if (in.title) {
    a.title = std::string(core::trim(*in.title));
    if (a.title.empty()) errors.push_back({"title", "title must not be empty: write a headline."});
    if (a.title.size() > content::kMaxTitleBytes) too_long("title", content::kMaxTitleBytes);
  } else if (creating) {
    errors.push_back({"title", "title is required: write a headline."});
  }
  if (in.slug) {
    const auto slug = std::string(core::trim(*in.slug));
    if (slug.empty()) {
      if (creating) a.slug.clear();  // derived from the headline
    } else if (!content::is_valid_slug(slug)) {
      errors.push_back({"slug",
                        "slug must be lowercase letters, digits and single hyphens, such as "
                        "floods-reach-thatta."});
    } else {
      a.slug = slug;
    }
  }
  if (in.dateline) {
    a.dateline = std::string(core::trim(*in.dateline));
    if (a.dateline.size() > content::kMaxShortTextBytes) {
      too_long("dateline", content::kMaxShortTextBytes);
    }
  }
  if (in.excerpt) {
    a.excerpt = std::string(core::trim(*in.excerpt));
    if (a.excerpt.size() > content::kMaxExcerptBytes)
      too_long("excerpt", content::kMaxExcerptBytes);
  }
  if (in.body_markdown) {
    a.body_markdown = core::replace_all(*in.body_markdown, "\r\n", "\n");
    if (a.body_markdown.size() > content::kMaxBodyBytes) {
      too_long("body_markdown", content::kMaxBodyBytes);
    }
  }
  if (in.has_category) {
    if (!in.category) {
      a.category_id.reset();
    } else {
      auto c = store_.find_category_by_slug(core::trim(*in.category));
      if (c) {
        a.category_id = c->id;
      } else if (c.error().code == Errc::kNotFound) {
        errors.push_back({"category", fmt::format("No category has the slug '{}'; see "
                                                  "/api/v1/categories.",
                                                  quoted(*in.category))});
      } else {
        return internal(c.error());
      }
    }
  }
  if (in.tags) {
    a.tags.clear();
    std::vector<std::string> seen;
    for (const auto& raw : *in.tags) {
      const auto name = std::string(core::trim(raw));
      const auto slug = content::slugify(name);
      if (name.size() > content::kMaxTagBytes) {
        errors.push_back({"tags", fmt::format("The tag '{}' is longer than {} bytes.", quoted(name),
                                              content::kMaxTagBytes)});
      } else if (slug.empty()) {
        errors.push_back(
            {"tags", fmt::format("The tag '{}' has no letters or digits.", quoted(name))});
      } else if (std::find(seen.begin(), seen.end(), slug) == seen.end()) {
        seen.push_back(slug);
        a.tags.push_back(content::Tag{0, slug, name});
      }
    }
    if (a.tags.size() > content::kMaxTags) {
      errors.push_back({"tags", fmt::format("Use at most {} tags.", content::kMaxTags)});
    }
  }
  if (in.author) {
    auto au = store_.find_author_by_slug(core::trim(*in.author));
    if (!au) {
      if (au.error().code != Errc::kNotFound) return internal(au.error());
      errors.push_back({"author", fmt::format("No author has the slug '{}'; see /api/v1/authors.",
                                              quoted(*in.author))});
    } else if (au->id != a.author_id) {
      if (!caller.access.can_reassign() && au->id != caller.access.author_id) {
        return Problem{403, fmt::format("Your role ({}) does not allow choosing another author.",
                                        auth::role_name(caller.user.role))};
      }
      a.author_id = au->id;
    }
  }
  if (in.status && *in.status != a.status) {
    if (!creating && a.status != ArticleStatus::kDraft && a.status != ArticleStatus::kPending) {
      errors.push_back(
          {"status", fmt::format("The article is {}: withdraw it with POST "
                                 "/api/v1/articles/{}/unpublish before changing its status.",
                                 content::status_name(a.status), a.id)});
    } else {
      a.status = *in.status;
    }
  }
  return std::nullopt;
}

WriteOutcome ArticleWrites::create(const Caller& caller) {
  if (!caller.access.author_id) {
    return internal(core::make_error(Errc::kInternal, "the caller has no author profile"));
  }
  auto parsed = body(true);
  if (auto* p = std::get_if<Problem>(&parsed)) return std::move(*p);
  const auto& object = *std::get<std::optional<json::object>>(parsed);
  Input in;
  std::vector<FieldProblem> errors;
  read_input(object, in, errors);
  if (in.version) errors.push_back({"version", "version is for changes, not new articles."});
  Article a;
  a.author_id = *caller.access.author_id;
  a.status = ArticleStatus::kDraft;
  if (auto p = apply(caller, in, a, true, errors)) return std::move(*p);
  if (!errors.empty()) return invalid(std::move(errors));
  for (auto& t : a.tags) {
    auto tag = deps_.editorial.ensure_tag(t.name);
    if (!tag) return internal(tag.error());
    t = *tag;
  }
  auto created = deps_.editorial.create_article(a, store::Editor{caller.user.id});
  if (!created) {
    if (created.error().code == Errc::kInvalidArgument) {
      return invalid({{"slug", created.error().message}});
    }
    return internal(created.error());
  }
  core::log::info("api: article created id={} user={} token={}", created->id, caller.user.id,
                  caller.token_id);
  return WriteDone{201, std::move(*created)};
}

WriteOutcome ArticleWrites::update(const Caller& caller, Id id) {
  auto loaded = load(id);
  if (auto* p = std::get_if<Problem>(&loaded)) return std::move(*p);
  const auto& current = std::get<Article>(loaded);
  if (!caller.access.can_edit(current) ||
      (current.status == ArticleStatus::kPublished && !caller.access.can_publish(current))) {
    return Problem{403, fmt::format("Your role ({}) does not allow editing this article.",
                                    auth::role_name(caller.user.role))};
  }
  auto parsed = body(true);
  if (auto* p = std::get_if<Problem>(&parsed)) return std::move(*p);
  const auto& object = *std::get<std::optional<json::object>>(parsed);
  auto pre = precondition();
  if (auto* p = std::get_if<Problem>(&pre)) return std::move(*p);
  Input in;
  std::vector<FieldProblem> errors;
  read_input(object, in, errors);
  Article next = current;
  if (auto p = apply(caller, in, next, false, errors)) return std::move(*p);
  if (!errors.empty()) return invalid(std::move(errors));
  if (auto p = check_version(std::get<Precondition>(pre), in.version, current, true)) {
    return std::move(*p);
  }
  for (auto& t : next.tags) {
    if (t.id != 0) continue;
    auto tag = deps_.editorial.ensure_tag(t.name);
    if (!tag) return internal(tag.error());
    t = *tag;
  }
  auto saved = deps_.editorial.update_article(next, store::Editor{caller.user.id},
                                              store::RevisionKind::kSave);
  if (!saved) {
    if (saved.error().code == Errc::kConflict &&
        saved.error().message.find("slug") != std::string::npos) {
      Problem p{409, fmt::format("The slug '{}' is taken by another article; nothing was changed.",
                                 quoted(next.slug))};
      p.errors.push_back({"slug", saved.error().message});
      return p;
    }
    if (saved.error().code == Errc::kConflict) return stale(std::get<Precondition>(pre), id);
    if (saved.error().code == Errc::kInvalidArgument) {
      return invalid({{"slug", saved.error().message}});
    }
    return internal(saved.error());
  }
  core::log::info("api: article saved id={} user={} token={} status={}", id, caller.user.id,
                  caller.token_id, content::status_name(saved->status));
  if (readers_see(current.status) || readers_see(saved->status)) {
    changed({id});
  } else if (saved->status == ArticleStatus::kScheduled) {
    changed({});  // the scheduler looks again for the next due article
  }
  return WriteDone{200, std::move(*saved)};
}

WriteOutcome ArticleWrites::publish(const Caller& caller, Id id) {
  auto loaded = load(id);
  if (auto* p = std::get_if<Problem>(&loaded)) return std::move(*p);
  const auto& current = std::get<Article>(loaded);
  if (!caller.access.can_publish(current)) {
    return Problem{403, fmt::format("Your role ({}) does not allow publishing this article; "
                                    "submit it for review with status pending instead.",
                                    auth::role_name(caller.user.role))};
  }
  auto parsed = body(false);
  if (auto* p = std::get_if<Problem>(&parsed)) return std::move(*p);
  const auto& object = std::get<std::optional<json::object>>(parsed);
  auto pre = precondition();
  if (auto* p = std::get_if<Problem>(&pre)) return std::move(*p);

  std::vector<FieldProblem> errors;
  std::optional<std::int64_t> version;
  std::optional<core::TimePoint> when;
  const auto now = deps_.clock.now_seconds();
  if (object) {
    for (const auto& [k, v] : *object) {
      const std::string_view key = k;
      if (key == "version") {
        if (v.is_int64() && v.as_int64() >= 1) {
          version = v.as_int64();
        } else {
          errors.push_back({"version", "version must be a whole number from 1, as GET shows it."});
        }
      } else if (key == "published_at") {
        if (v.is_null()) continue;
        auto zone = core::TimeZone::utc();
        auto settings = store_.settings();
        if (!settings) return internal(settings.error());
        if (auto z = core::TimeZone::find(settings->timezone)) zone = *z;
        auto t = v.is_string() ? core::parse_iso8601(v.as_string(), zone)
                               : core::Result<core::TimePoint>(
                                     core::make_error(Errc::kInvalidArgument, "not a string"));
        if (!t) {
          errors.push_back({"published_at",
                            "published_at must be a date and time such as 2025-11-28T09:00:00Z "
                            "(without an offset, the site's time zone applies)."});
        } else if (*t <= now) {
          errors.push_back(
              {"published_at", "published_at must be in the future; leave it out to publish now."});
        } else {
          when = *t;
        }
      } else {
        errors.push_back({std::string(key), fmt::format("{} is not a member of a publish request; "
                                                        "send published_at and version only.",
                                                        quoted(key))});
      }
    }
  }
  if (core::trim(current.body_markdown).empty()) {
    errors.push_back({"body_markdown", "Write the story first: body_markdown is empty."});
  }
  if (!errors.empty()) return invalid(std::move(errors));
  if (auto p = check_version(std::get<Precondition>(pre), version, current, false)) {
    return std::move(*p);
  }
  if (current.status == ArticleStatus::kPublished) {
    if (when) {
      Problem p{409, "The article is already published; unpublish it first to schedule it again."};
      p.current_version = current.version;
      return p;
    }
    return WriteDone{200, current};  // already live: nothing to do
  }
  Article next = current;
  next.status = when ? ArticleStatus::kScheduled : ArticleStatus::kPublished;
  next.published_at = when ? *when : now;
  auto saved = deps_.editorial.update_article(next, store::Editor{caller.user.id},
                                              store::RevisionKind::kStatus);
  if (!saved) {
    if (saved.error().code == Errc::kConflict) return stale(std::get<Precondition>(pre), id);
    return internal(saved.error());
  }
  core::log::info("api: article {} id={} user={} token={}", when ? "scheduled" : "published", id,
                  caller.user.id, caller.token_id);
  changed(when ? std::vector<Id>{} : std::vector<Id>{id});
  return WriteDone{200, std::move(*saved)};
}

WriteOutcome ArticleWrites::unpublish(const Caller& caller, Id id) {
  auto loaded = load(id);
  if (auto* p = std::get_if<Problem>(&loaded)) return std::move(*p);
  const auto& current = std::get<Article>(loaded);
  if (!caller.access.can_publish(current)) {
    return Problem{403, fmt::format("Your role ({}) does not allow unpublishing this article.",
                                    auth::role_name(caller.user.role))};
  }
  auto parsed = body(false);
  if (auto* p = std::get_if<Problem>(&parsed)) return std::move(*p);
  const auto& object = std::get<std::optional<json::object>>(parsed);
  auto pre = precondition();
  if (auto* p = std::get_if<Problem>(&pre)) return std::move(*p);
  auto versioned = version_only(object, "an unpublish");
  if (auto* p = std::get_if<Problem>(&versioned)) return std::move(*p);
  const auto version = std::get<std::optional<std::int64_t>>(versioned);
  if (auto p = check_version(std::get<Precondition>(pre), version, current, false)) {
    return std::move(*p);
  }
  if (current.status != ArticleStatus::kPublished && current.status != ArticleStatus::kScheduled) {
    return WriteDone{200, current};  // neither live nor scheduled: nothing to withdraw
  }
  Article next = current;
  next.status = ArticleStatus::kDraft;
  auto saved = deps_.editorial.update_article(next, store::Editor{caller.user.id},
                                              store::RevisionKind::kStatus);
  if (!saved) {
    if (saved.error().code == Errc::kConflict) return stale(std::get<Precondition>(pre), id);
    return internal(saved.error());
  }
  core::log::info("api: article unpublished id={} user={} token={}", id, caller.user.id,
                  caller.token_id);
  changed(readers_see(current.status) ? std::vector<Id>{id} : std::vector<Id>{});
  return WriteDone{200, std::move(*saved)};
}

WriteOutcome ArticleWrites::remove(const Caller& caller, Id id) {
  auto loaded = load(id);
  if (auto* p = std::get_if<Problem>(&loaded)) return std::move(*p);
  const auto& current = std::get<Article>(loaded);
  if (!caller.access.can_delete(current)) {
    return Problem{403, fmt::format("Your role ({}) does not allow deleting this article.",
                                    auth::role_name(caller.user.role))};
  }
  auto parsed = body(false);
  if (auto* p = std::get_if<Problem>(&parsed)) return std::move(*p);
  const auto& object = std::get<std::optional<json::object>>(parsed);
  auto pre = precondition();
  if (auto* p = std::get_if<Problem>(&pre)) return std::move(*p);
  auto versioned = version_only(object, "a delete");
  if (auto* p = std::get_if<Problem>(&versioned)) return std::move(*p);
  const auto version = std::get<std::optional<std::int64_t>>(versioned);
  if (auto p = check_version(std::get<Precondition>(pre), version, current, true)) {
    return std::move(*p);
  }
  auto done = deps_.editorial.delete_article(id, current.version);
  if (!done) {
    if (done.error().code == Errc::kConflict) return stale(std::get<Precondition>(pre), id);
    if (done.error().code == Errc::kNotFound) {
      return Problem{404, fmt::format("No article has the id {}.", id)};
    }
    return internal(done.error());
  }
  core::log::info("api: article deleted id={} user={} token={}", id, caller.user.id,
                  caller.token_id);
  if (readers_see(current.status)) {
    changed({id});
  } else if (current.status == ArticleStatus::kScheduled) {
    changed({});
  }
  return WriteDone{204, std::nullopt};
}

}  // namespace dateline::api::internal
