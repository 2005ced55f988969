// /admin/categories: categories and tags (Action::kManageTaxonomy).
//
//   GET  /admin/categories            the categories in order, and every tag
//   POST /admin/categories/new        add a category (last in the order)
//   POST /admin/categories/ID         rename it (name and address)
//   POST /admin/categories/ID/move    move it one place up or down (direction=up|down)
//   POST /admin/categories/tags       add a tag
//   GET  /admin/categories/tags/ID    one tag: rename, merge into another, delete
//   POST /admin/categories/tags/ID    rename it (name and address; the old address redirects)
//   POST /admin/categories/tags/ID/merge   move its articles to another tag and delete it
//   POST /admin/categories/tags/ID/delete  take it off every article and delete it
//
// The order is the public site's: its section menu (when no menu is set) and the home page's
// category blocks follow it.
#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>

#include "admin/forms.h"
#include "admin/sections.h"
#include "content/slug.h"
#include "core/log.h"
#include "core/strings.h"

namespace dateline::admin {
namespace {

namespace json = boost::json;
using content::Category;
using content::Id;

constexpr std::size_t kMaxName = 60;
constexpr int kMaxTagsShown = 1000;

class TaxonomySection final : public Section {
 public:
  TaxonomySection(Kit& kit, store::Editorial& editorial, ContentChanged changed)
      : kit_(kit), editorial_(editorial), changed_(std::move(changed)) {}

  bool owns(std::string_view path) const override {
    return path == "/admin/categories" || path.starts_with("/admin/categories/");
  }

  http::Response handle(const http::Request& request, std::string_view path,
                        const auth::Session& session) override {
    const bool get = request.method == "GET" || request.method == "HEAD";
    const bool post = request.method == "POST";
    if (auto denied = kit_.require(session, auth::Action::kManageTaxonomy)) {
      return std::move(*denied);
    }
    if (path == "/admin/categories") {
      if (!get) return method_not_allowed("GET, HEAD");
      return page(session, {}, {}, notice_for(request.query_param("done").value_or("")), 200);
    }
    const auto rest = path.substr(std::string_view("/admin/categories/").size());
    if (rest.starts_with("tags/")) return tag_action(request, rest.substr(5), session);
    if (!post) return method_not_allowed("POST");
    const auto form = parse_form(request);
    if (rest == "new") return add_category(session, form);
    if (rest == "tags") return add_tag(session, form);
    const auto slash = rest.find('/');
    const auto id = parse_positive_id(rest.substr(0, slash));
    if (!id) return not_found(session);
    const auto tail = slash == std::string_view::npos ? "" : rest.substr(slash + 1);
    if (tail.empty()) return rename(session, *id, form);
    if (tail == "move") return move(session, *id, form_value(form, "direction"));
    return not_found(session);
  }

 private:
  static std::string notice_for(std::string_view done) {
    if (done == "added") return "Category added at the end of the order.";
    if (done == "renamed") return "Category saved.";
    if (done == "moved") return "Order saved.";
    if (done == "tag") return "Tag added.";
    if (done == "tag-exists") return "That tag already exists.";
    if (done == "tag-deleted") return "Tag deleted and taken off its articles.";
    return {};
  }

  // The page. `typed` keeps what was typed into a form that failed (field -> value).
  http::Response page(const auth::Session& session, const FieldErrors& errors,
                      const std::vector<std::pair<std::string, std::string>>& typed,
                      std::string notice, unsigned status) {
    auto categories = kit_.store().list_categories();
    if (!categories) return failure(session, categories.error());
    auto tags = editorial_.find_tags("", kMaxTagsShown);
    if (!tags) return failure(session, tags.error());
    const auto typed_value = [&](const std::string& field,
                                 const std::string& fallback) -> std::string {
      for (const auto& [f, v] : typed) {
        if (f == field) return displayable(v);
      }
      return fallback;
    };
    const auto error_of = [&](const std::string& field) -> std::string {
      for (const auto& [f, m] : errors) {
        if (f == field) return m;
      }
      return {};
    };
    auto view = kit_.base_view("Categories and tags", &session, "categories");
    json::array rows;
    for (std::size_t i = 0; i < categories->size(); ++i) {
      const auto& c = (*categories)[i];
      const auto key = fmt::format("cat-{}", c.id);
      json::object row{{"id", c.id},
                       {"key", key},
                       {"position", i + 1},
                       {"current_name", c.name},
                       {"name", typed_value(key + "-name", c.name)},
                       {"slug", typed_value(key + "-slug", c.slug)},
                       {"public_url", fmt::format("/category/{}/", c.slug)},
                       {"can_up", i > 0},
                       {"can_down", i + 1 < categories->size()}};
      if (auto e = error_of(key + "-name"); !e.empty()) row["name_error"] = e;
      if (auto e = error_of(key + "-slug"); !e.empty()) row["slug_error"] = e;
      rows.push_back(std::move(row));
    }
    view["categories"] = std::move(rows);
    view["new_name"] = typed_value("new-name", "");
    view["new_slug"] = typed_value("new-slug", "");
    view["tag_name"] = typed_value("tag-name", "");
    json::array tag_rows;
    for (const auto& t : *tags) {
      tag_rows.push_back(
          json::object{{"name", t.name}, {"url", fmt::format("/admin/categories/tags/{}", t.id)}});
    }
    view["tag_count"] = tag_rows.size();
    view["tags"] = std::move(tag_rows);
    view["notice"] = std::move(notice);
    put_errors(view, errors);
    return kit_.render(status, "admin_categories", view);
  }

  // Checks a category's name and address as typed; `key` prefixes the field names.
  FieldErrors check(const std::string& key, Category& c, const std::vector<Category>& all) {
    FieldErrors errors;
    if (c.name.empty()) {
      errors.emplace_back(key + "-name", "Enter the category's name.");
    } else if (auto p = text_problem(c.name, kMaxName); !p.empty()) {
      errors.emplace_back(key + "-name", p);
    }
    if (c.slug.empty()) c.slug = content::slugify(c.name);
    if (c.slug.empty()) {
      if (!c.name.empty()) {
        errors.emplace_back(key + "-slug", "Enter an address of letters and digits.");
      }
    } else if (!content::is_valid_slug(c.slug)) {
      errors.emplace_back(key + "-slug",
                          "Use lowercase letters, digits and single hyphens only (for example "
                          "\"world-news\").");
    } else {
      for (const auto& other : all) {
        if (other.slug == c.slug && other.id != c.id) {
          errors.emplace_back(
              key + "-slug",
              fmt::format("The address \"{}\" is already used by {}.", c.slug, other.name));
        }
      }
    }
    return errors;
  }

  http::Response save(const auth::Session& session, const std::string& key, Category c,
                      std::string_view done) {
    auto all = kit_.store().list_categories();
    if (!all) return failure(session, all.error());
    std::vector<std::pair<std::string, std::string>> typed{{key + "-name", c.name},
                                                           {key + "-slug", c.slug}};
    auto errors = check(key, c, *all);
    if (!errors.empty()) return page(session, errors, typed, "", 422);
    auto saved = editorial_.save_category(c);
    if (!saved) {
      if (saved.error().code == core::Errc::kConflict ||
          saved.error().code == core::Errc::kInvalidArgument) {
        return page(session,
                    {{key + "-slug", fmt::format("Not saved: {}.", saved.error().message)}}, typed,
                    "", 409);
      }
      if (saved.error().code == core::Errc::kNotFound) return not_found(session);
      return failure(session, saved.error());
    }
    core::log::info("admin: category saved id={} by={}", saved->id, session.user.id);
    notify();
    return Kit::see_other(fmt::format("/admin/categories?done={}", done));
  }

  http::Response add_category(const auth::Session& session, const Form& form) {
    Category c;
    c.name = std::string(core::trim(form_value(form, "name")));
    c.slug = std::string(core::trim(form_value(form, "slug")));
    return save(session, "new", c, "added");
  }

  http::Response rename(const auth::Session& session, Id id, const Form& form) {
    auto all = kit_.store().list_categories();
    if (!all) return failure(session, all.error());
    auto it = std::find_if(all->begin(), all->end(), [&](const Category& c) { return c.id == id; });
    if (it == all->end()) return not_found(session);
    Category c = *it;
    c.name = std::string(core::trim(form_value(form, "name")));
    c.slug = std::string(core::trim(form_value(form, "slug")));
    return save(session, fmt::format("cat-{}", id), c, "renamed");
  }

  http::Response move(const auth::Session& session, Id id, std::string_view direction) {
    if (direction != "up" && direction != "down") {
      return page(session, {{fmt::format("cat-{}-name", id), "Move a category up or down."}}, {},
                  "", 422);
    }
    auto all = kit_.store().list_categories();
    if (!all) return failure(session, all.error());
    std::vector<Id> ids;
    for (const auto& c : *all) ids.push_back(c.id);
    auto it = std::find(ids.begin(), ids.end(), id);
    if (it == ids.end()) return not_found(session);
    if (direction == "up" && it != ids.begin()) {
      std::iter_swap(it, it - 1);
    } else if (direction == "down" && it + 1 != ids.end()) {
      std::iter_swap(it, it + 1);
    } else {
      return Kit::see_other("/admin/categories");  // already first or last
    }
    if (auto s = editorial_.order_categories(ids); !s) return failure(session, s.error());
    core::log::info("admin: categories reordered by={}", session.user.id);
    notify();
    return Kit::see_other("/admin/categories?done=moved");
  }

  http::Response add_tag(const auth::Session& session, const Form& form) {
    const auto name = std::string(core::trim(form_value(form, "name")));
    std::string problem;
    if (name.empty()) {
      problem = "Enter the tag.";
    } else if (auto p = text_problem(name, kMaxName); !p.empty()) {
      problem = p;
    } else if (content::slugify(name).empty()) {
      problem = "Use at least one letter or digit.";
    }
    if (!problem.empty())
      return page(session, {{"tag-name", problem}}, {{"tag-name", name}}, "", 422);
    const auto exists = kit_.store().find_tag_by_slug(content::slugify(name));
    auto tag = editorial_.ensure_tag(name);
    if (!tag) return failure(session, tag.error());
    if (!exists) core::log::info("admin: tag added id={} by={}", tag->id, session.user.id);
    return Kit::see_other(exists ? "/admin/categories?done=tag-exists#tags"
                                 : "/admin/categories?done=tag#tags");
  }

  // /admin/categories/tags/<rest>: "ID" (GET the page, POST a rename), "ID/merge", "ID/delete".
  http::Response tag_action(const http::Request& request, std::string_view rest,
                            const auth::Session& session) {
    const auto slash = rest.find('/');
    const auto id = parse_positive_id(rest.substr(0, slash));
    if (!id) return tag_not_found(session);
    auto tag = editorial_.tag(*id);
    if (!tag) {
      if (tag.error().code == core::Errc::kNotFound) return tag_not_found(session);
      return failure(session, tag.error());
    }
    const auto action = slash == std::string_view::npos ? "" : rest.substr(slash + 1);
    const bool get = request.method == "GET" || request.method == "HEAD";
    if (action.empty() && get) {
      return tag_page(session, *tag, {}, {},
                      request.query_param("done") == "renamed" ? "Tag saved." : "", 200);
    }
    if (action != "" && action != "merge" && action != "delete") return tag_not_found(session);
    if (request.method != "POST") {
      return method_not_allowed(action.empty() ? "GET, HEAD, POST" : "POST");
    }
    const auto form = parse_form(request);
    if (action == "merge") return merge_tag(session, *tag, form);
    if (action == "delete") return delete_tag(session, *tag, form);
    return rename_tag(session, *tag, form);
  }

  http::Response tag_page(const auth::Session& session, const content::Tag& tag,
                          const FieldErrors& errors,
                          const std::vector<std::pair<std::string, std::string>>& typed,
                          std::string notice, unsigned status) {
    auto count = editorial_.count_tagged(tag.id);
    if (!count) return failure(session, count.error());
    const auto typed_value = [&](std::string_view field, const std::string& fallback) {
      for (const auto& [f, v] : typed) {
        if (f == field) return displayable(v);
      }
      return fallback;
    };
    auto view = kit_.base_view(fmt::format("Tag: {}", tag.name), &session, "categories");
    view["tag"] = json::object{{"id", tag.id},
                               {"name", tag.name},
                               {"url", fmt::format("/admin/categories/tags/{}", tag.id)},
                               {"public_url", fmt::format("/tag/{}/", tag.slug)},
                               {"articles", *count},
                               {"articles_url", fmt::format("/admin/articles?tag={}", tag.slug)}};
    view["form_name"] = typed_value("tag-name", tag.name);
    view["form_slug"] = typed_value("tag-slug", tag.slug);
    view["merge_into"] = typed_value("merge-into", "");
    view["notice"] = std::move(notice);
    put_errors(view, errors);
    return kit_.render(status, "admin_tag", view);
  }

  http::Response rename_tag(const auth::Session& session, const content::Tag& tag,
                            const Form& form) {
    content::Tag changed = tag;
    changed.name = std::string(core::trim(form_value(form, "name")));
    changed.slug = std::string(core::trim(form_value(form, "slug")));
    const std::vector<std::pair<std::string, std::string>> typed{{"tag-name", changed.name},
                                                                 {"tag-slug", changed.slug}};
    FieldErrors errors;
    if (changed.name.empty()) {
      errors.emplace_back("tag-name", "Enter the tag.");
    } else if (auto p = text_problem(changed.name, kMaxName); !p.empty()) {
      errors.emplace_back("tag-name", p);
    }
    if (changed.slug.empty()) changed.slug = content::slugify(changed.name);
    if (changed.slug.empty()) {
      if (!changed.name.empty()) {
        errors.emplace_back("tag-slug", "Use at least one letter or digit.");
      }
    } else if (!content::is_valid_slug(changed.slug)) {
      errors.emplace_back("tag-slug",
                          "Use lowercase letters, digits and single hyphens only (for example "
                          "\"general-election\").");
    }
    if (!errors.empty()) return tag_page(session, tag, errors, typed, "", 422);
    auto affected = editorial_.rename_tag(changed);
    if (!affected) {
      if (affected.error().code == core::Errc::kConflict) {
        auto other = kit_.store().find_tag_by_slug(changed.slug);
        return tag_page(
            session, tag,
            {{"tag-slug", fmt::format("The address \"{}\" belongs to the tag {}. To join the two "
                                      "tags, merge this one into it below.",
                                      changed.slug, other ? other->name : changed.slug)}},
            typed, "", 409);
      }
      if (affected.error().code == core::Errc::kNotFound) return tag_not_found(session);
      return failure(session, affected.error());
    }
    core::log::info("admin: tag renamed id={} articles={} by={}", tag.id, affected->size(),
                    session.user.id);
    if (changed_) changed_(*affected);
    return Kit::see_other(fmt::format("/admin/categories/tags/{}?done=renamed", tag.id));
  }

  http::Response merge_tag(const auth::Session& session, const content::Tag& tag,
                           const Form& form) {
    const auto into_name = std::string(core::trim(form_value(form, "into")));
    const std::vector<std::pair<std::string, std::string>> typed{{"merge-into", into_name}};
    const auto into_slug = content::slugify(into_name);
    auto into = into_slug.empty()
                    ? core::Result<content::Tag>(core::make_error(core::Errc::kNotFound, "no tag"))
                    : kit_.store().find_tag_by_slug(into_slug);
    if (!into) {
      if (into.error().code != core::Errc::kNotFound) return failure(session, into.error());
      return tag_page(session, tag,
                      {{"merge-into", "Enter the name of an existing tag to merge into."}}, typed,
                      "", 422);
    }
    if (into->id == tag.id) {
      return tag_page(session, tag, {{"merge-into", "A tag cannot be merged into itself."}}, typed,
                      "", 422);
    }
    auto affected = editorial_.merge_tag(tag.id, into->id);
    if (!affected) {
      if (affected.error().code == core::Errc::kNotFound) return tag_not_found(session);
      return failure(session, affected.error());
    }
    core::log::info("admin: tag merged id={} into={} articles={} by={}", tag.id, into->id,
                    affected->size(), session.user.id);
    if (changed_) changed_(*affected);
    return Kit::see_other(fmt::format("/admin/categories/tags/{}?done=renamed", into->id));
  }

  http::Response delete_tag(const auth::Session& session, const content::Tag& tag,
                            const Form& form) {
    if (form_value(form, "confirm") != "yes") {
      return tag_page(session, tag,
                      {{"confirm", "Tick the box to confirm that this tag should go."}}, {}, "",
                      422);
    }
    auto affected = editorial_.delete_tag(tag.id);
    if (!affected) {
      if (affected.error().code == core::Errc::kNotFound) return tag_not_found(session);
      return failure(session, affected.error());
    }
    core::log::info("admin: tag deleted id={} articles={} by={}", tag.id, affected->size(),
                    session.user.id);
    if (changed_) changed_(*affected);
    return Kit::see_other("/admin/categories?done=tag-deleted#tags");
  }

  http::Response tag_not_found(const auth::Session& session) {
    return kit_.message(404, "Page not found", "There is no such tag.", &session);
  }

  void notify() {
    // Menus and home-page blocks on every cached page show categories.
    if (changed_) changed_({});
  }

  http::Response not_found(const auth::Session& session) {
    return kit_.message(404, "Page not found", "There is no such category.", &session);
  }

  http::Response failure(const auth::Session& session, const core::Error& e) {
    core::log::error("admin: taxonomy change failed error=\"{}\"", e.message);
    return kit_.message(500, "Something went wrong",
                        "The categories could not be read or saved. Try again.", &session);
  }

  Kit& kit_;
  store::Editorial& editorial_;
  ContentChanged changed_;
};

}  // namespace

std::unique_ptr<Section> make_taxonomy_section(Kit& kit, store::Editorial& editorial,
                                               ContentChanged changed) {
  return std::make_unique<TaxonomySection>(kit, editorial, std::move(changed));
}

}  // namespace dateline::admin
