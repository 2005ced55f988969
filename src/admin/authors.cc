// /admin/authors and /admin/profile: the bylines readers see.
//
//   GET       /admin/authors          every author profile (Action::kManageAuthors)
//   GET, POST /admin/authors/new      add one
//   GET, POST /admin/authors/ID       name, address (slug), bio, photo, linked account
//   GET, POST /admin/profile          anyone's own linked profile: bio and photo only
//
// Bios are plain text: the public pages escape them and split them into paragraphs at line
// breaks. A photo is an image of the media library, shown by its smallest variant.
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
using content::Author;
using content::Id;

constexpr std::size_t kMaxName = 100;
constexpr std::size_t kMaxBio = 2000;
constexpr int kPhotoChoices = 60;

// The smallest variant of an image (the 320-pixel one for every upload wide enough).
const store::MediaVariant* thumbnail(const store::MediaItem& item) {
  const store::MediaVariant* best = nullptr;
  for (const auto& v : item.variants) {
    if (!best || v.width < best->width) best = &v;
  }
  return best;
}

std::string media_label(const store::MediaItem& m) {
  const auto& name = !m.alt.empty() ? m.alt : !m.original_name.empty() ? m.original_name : m.hash;
  return fmt::format("{} ({}×{}, #{})", name, m.width, m.height, m.id);
}

class AuthorsSection final : public Section {
 public:
  AuthorsSection(Kit& kit, store::Editorial& editorial, ContentChanged changed)
      : kit_(kit), editorial_(editorial), changed_(std::move(changed)) {}

  bool owns(std::string_view path) const override {
    return path == "/admin/authors" || path.starts_with("/admin/authors/") ||
           path == "/admin/profile";
  }

  http::Response handle(const http::Request& request, std::string_view path,
                        const auth::Session& session) override {
    const bool get = request.method == "GET" || request.method == "HEAD";
    const bool post = request.method == "POST";
    if (path == "/admin/profile") {
      if (get) return profile(request, session);
      if (post) return save_profile(request, session);
      return method_not_allowed("GET, HEAD, POST");
    }
    if (auto denied = kit_.require(session, auth::Action::kManageAuthors)) {
      return std::move(*denied);
    }
    if (path == "/admin/authors")
      return get ? list(request, session) : method_not_allowed("GET, HEAD");
    const auto rest = path.substr(std::string_view("/admin/authors/").size());
    if (rest == "new") {
      if (get) return form(session, Author{}, {}, "", 200, false);
      if (post) return save(request, session, Author{});
      return method_not_allowed("GET, HEAD, POST");
    }
    const auto id = parse_positive_id(rest);
    if (!id) return not_found(session);
    auto author = kit_.store().find_author(*id);
    if (!author) {
      if (author.error().code == core::Errc::kNotFound) return not_found(session);
      return failure(session, author.error(), "read");
    }
    if (get) {
      return form(session, *author, {}, request.query_param("saved") ? "Saved." : "", 200, false);
    }
    if (post) return save(request, session, *author);
    return method_not_allowed("GET, HEAD, POST");
  }

 private:
  http::Response list(const http::Request& request, const auth::Session& session) {
    auto authors = kit_.store().list_authors();
    if (!authors) return failure(session, authors.error(), "read");
    auto users = kit_.auth().list_users();
    if (!users) return failure(session, users.error(), "read");
    auto view = kit_.base_view("Authors", &session, "authors");
    json::array rows;
    for (const auto& a : *authors) {
      std::string account;
      if (a.user_id) {
        for (const auto& u : *users) {
          if (u.id == *a.user_id) account = u.name == a.name ? u.email : u.name;
        }
      }
      rows.push_back(json::object{{"name", a.name},
                                  {"slug", a.slug},
                                  {"url", fmt::format("/admin/authors/{}", a.id)},
                                  {"public_url", fmt::format("/author/{}/", a.slug)},
                                  {"account", account},
                                  {"has_photo", a.photo_media_id.has_value()}});
    }
    view["authors"] = std::move(rows);
    if (request.query_param("done") == "created") view["notice"] = "Author added.";
    return kit_.render(200, "admin_authors", view);
  }

  // The author form: everything for editors (`profile` false), bio and photo for one's own
  // profile.
  http::Response form(const auth::Session& session, const Author& a, const FieldErrors& errors,
                      std::string notice, unsigned status, bool profile) {
    const bool is_new = a.id == 0;
    auto view = kit_.base_view(profile  ? "Your profile"
                               : is_new ? "New author"
                                        : fmt::format("Author: {}", displayable(a.name)),
                               &session, profile ? "profile" : "authors");
    json::object author{{"id", a.id},
                        {"is_new", is_new},
                        {"name", displayable(a.name)},
                        {"slug", displayable(a.slug)},
                        {"bio", displayable(a.bio)},
                        {"max_bio", static_cast<std::uint64_t>(kMaxBio)},
                        {"action_url", profile  ? std::string("/admin/profile")
                                       : is_new ? std::string("/admin/authors/new")
                                                : fmt::format("/admin/authors/{}", a.id)}};
    if (!is_new && !a.slug.empty()) author["public_url"] = fmt::format("/author/{}/", a.slug);
    if (a.photo_media_id) {
      author["photo_media_id"] = *a.photo_media_id;
      if (auto m = editorial_.media(*a.photo_media_id)) {
        if (const auto* v = thumbnail(*m)) {
          author["photo_url"] = "/media/" + v->name;
          author["photo_width"] = v->width;
          author["photo_height"] = v->height;
        }
      }
    }
    view["author"] = std::move(author);
    view["profile"] = profile;
    view["full"] = !profile;
    if (profile && auth::can(session.user.role, auth::Action::kManageAuthors) && !is_new) {
      view["manage_url"] = fmt::format("/admin/authors/{}", a.id);
    }

    json::array photos;
    bool current_listed = false;
    if (auto media = editorial_.list_media("", kPhotoChoices, 0)) {
      for (const auto& m : media->items) {
        const bool selected = a.photo_media_id == m.id;
        current_listed = current_listed || selected;
        photos.push_back(
            json::object{{"id", m.id}, {"label", media_label(m)}, {"selected", selected}});
      }
    }
    if (a.photo_media_id && !current_listed) {
      if (auto m = editorial_.media(*a.photo_media_id)) {
        photos.push_back(
            json::object{{"id", m->id}, {"label", media_label(*m)}, {"selected", true}});
      }
    }
    view["photos"] = std::move(photos);

    if (!profile) {
      // Accounts without a profile of their own, and the one linked to this author.
      json::array accounts;
      auto users = kit_.auth().list_users();
      auto authors = kit_.store().list_authors();
      if (users && authors) {
        for (const auto& u : *users) {
          const bool linked_elsewhere = std::any_of(
              authors->begin(), authors->end(),
              [&](const Author& other) { return other.user_id == u.id && other.id != a.id; });
          if (linked_elsewhere) continue;
          accounts.push_back(json::object{{"id", u.id},
                                          {"label", fmt::format("{} ({})", u.name, u.email)},
                                          {"selected", a.user_id == u.id}});
        }
      }
      view["accounts"] = std::move(accounts);
    }
    view["notice"] = std::move(notice);
    put_errors(view, errors);
    return kit_.render(status, "admin_author", view);
  }

  // Reads bio and photo into `a`; appends their problems.
  void read_bio_and_photo(const Form& f, Author& a, FieldErrors& errors) {
    a.bio = normalize_lines(form_value(f, "bio"));
    if (auto p = text_problem(a.bio, kMaxBio, true); !p.empty()) errors.emplace_back("bio", p);
    const auto photo = std::string(core::trim(form_value(f, "photo")));
    if (photo.empty()) {
      a.photo_media_id.reset();
    } else if (auto id = parse_positive_id(photo); id && editorial_.media(*id)) {
      a.photo_media_id = *id;
    } else {
      errors.emplace_back("photo", "Choose an image of the media library.");
    }
  }

  http::Response save(const http::Request& request, const auth::Session& session,
                      const Author& stored) {
    const auto f = parse_form(request);
    Author a = stored;
    FieldErrors errors;
    a.name = std::string(core::trim(form_value(f, "name")));
    if (a.name.empty()) {
      errors.emplace_back("name", "Enter the name readers see in the byline.");
    } else if (auto p = text_problem(a.name, kMaxName); !p.empty()) {
      errors.emplace_back("name", p);
    }
    a.slug = std::string(core::trim(form_value(f, "slug")));
    if (a.slug.empty()) a.slug = content::slugify(a.name);
    if (!a.slug.empty() && !content::is_valid_slug(a.slug)) {
      errors.emplace_back("slug",
                          "Use lowercase letters, digits and single hyphens only (for example "
                          "\"sana-mir\").");
    } else if (!a.slug.empty()) {
      auto owner = kit_.store().find_author_by_slug(a.slug);
      if (owner && owner->id != a.id) {
        errors.emplace_back(
            "slug", fmt::format("The address \"{}\" is already used by {}.", a.slug, owner->name));
      }
    } else if (!a.name.empty()) {
      errors.emplace_back("slug", "Enter an address of letters and digits.");
    }
    read_bio_and_photo(f, a, errors);
    const auto account = std::string(core::trim(form_value(f, "user")));
    if (account.empty()) {
      a.user_id.reset();
    } else if (auto uid = parse_positive_id(account); uid && kit_.auth().find_user(*uid)) {
      auto linked = editorial_.author_for_user(*uid);
      if (linked && *linked && (*linked)->id != a.id) {
        errors.emplace_back("user",
                            fmt::format("That account already writes as {}.", (*linked)->name));
      } else {
        a.user_id = *uid;
      }
    } else {
      errors.emplace_back("user", "Choose an account from the list.");
    }
    if (!errors.empty()) return form(session, a, errors, "", 422, false);
    auto saved = editorial_.save_author(a);
    if (!saved) {
      if (saved.error().code == core::Errc::kConflict) {
        // Someone took the address or the account in the meantime.
        return form(session, a, {{"slug", fmt::format("Not saved: {}.", saved.error().message)}},
                    "", 409, false);
      }
      if (saved.error().code == core::Errc::kNotFound) return not_found(session);
      return failure(session, saved.error(), "saved");
    }
    core::log::info("admin: author saved id={} by={}", saved->id, session.user.id);
    notify();
    return Kit::see_other(fmt::format("/admin/authors/{}?saved=1", saved->id));
  }

  // The signed-in account's own profile, or a blank one named after the account (saved on the
  // first POST).
  core::Result<Author> own_profile(const auth::Session& session) {
    auto me = editorial_.author_for_user(session.user.id);
    if (!me) return me.error();
    if (*me) return std::move(**me);
    Author blank;
    blank.name = session.user.name;
    blank.user_id = session.user.id;
    return blank;
  }

  http::Response profile(const http::Request& request, const auth::Session& session) {
    auto me = own_profile(session);
    if (!me) return failure(session, me.error(), "read");
    return form(session, *me, {}, request.query_param("saved") ? "Saved." : "", 200, true);
  }

  http::Response save_profile(const http::Request& request, const auth::Session& session) {
    auto me = own_profile(session);
    if (!me) return failure(session, me.error(), "read");
    Author a = *me;
    FieldErrors errors;
    read_bio_and_photo(parse_form(request), a, errors);
    if (!errors.empty()) return form(session, a, errors, "", 422, true);
    auto saved = editorial_.save_author(a);
    if (!saved && saved.error().code == core::Errc::kConflict && a.id == 0) {
      // The account's name makes a taken address: keep it unique with the account id.
      a.slug = content::slugify(a.name) + "-" + std::to_string(session.user.id);
      saved = editorial_.save_author(a);
    }
    if (!saved) return failure(session, saved.error(), "saved");
    core::log::info("admin: profile saved author={} user={}", saved->id, session.user.id);
    notify();
    return Kit::see_other("/admin/profile?saved=1");
  }

  void notify() {
    // Bylines, author boxes and author pages are cached: a site-wide change.
    if (changed_) changed_({});
  }

  http::Response not_found(const auth::Session& session) {
    return kit_.message(404, "Page not found", "There is no such author.", &session);
  }

  http::Response failure(const auth::Session& session, const core::Error& e,
                         std::string_view what) {
    core::log::error("admin: author not {} error=\"{}\"", what, e.message);
    return kit_.message(500, "Something went wrong",
                        fmt::format("The author could not be {}. Try again.", what), &session);
  }

  Kit& kit_;
  store::Editorial& editorial_;
  ContentChanged changed_;
};

}  // namespace

std::unique_ptr<Section> make_authors_section(Kit& kit, store::Editorial& editorial,
                                              ContentChanged changed) {
  return std::make_unique<AuthorsSection>(kit, editorial, std::move(changed));
}

}  // namespace dateline::admin
