// /admin/users: the accounts (admins only, Action::kManageUsers).
//
//   GET       /admin/users                 every account
//   GET, POST /admin/users/new             create an account
//   GET       /admin/users/ID              one account: role, password, deletion
//   POST      /admin/users/ID/role         change the role
//   POST      /admin/users/ID/password     set a new password (ends the account's sessions)
//   POST      /admin/users/ID/disable      disable: no sign-in, no API tokens; articles stay
//   POST      /admin/users/ID/enable       enable again
//   POST      /admin/users/ID/delete       delete, with a confirmation box ticked
//
// Nobody changes their own role or deletes their own account, and the last admin stays an admin
// (AuthService and the account store refuse it too; the page only explains).
#include <fmt/format.h>

#include <boost/json.hpp>

#include "admin/forms.h"
#include "admin/sections.h"
#include "core/log.h"
#include "core/strings.h"
#include "core/time.h"

namespace dateline::admin {
namespace {

namespace json = boost::json;
using auth::Role;
using auth::User;

std::string role_label(Role role) {
  switch (role) {
    case Role::kContributor:
      return "Contributor";
    case Role::kAuthor:
      return "Author";
    case Role::kEditor:
      return "Editor";
    case Role::kAdmin:
      return "Admin";
  }
  return "Contributor";
}

std::string role_hint(Role role) {
  switch (role) {
    case Role::kContributor:
      return "writes drafts and submits them for review";
    case Role::kAuthor:
      return "also publishes their own articles";
    case Role::kEditor:
      return "also edits and publishes any article, authors and categories";
    case Role::kAdmin:
      return "also manages accounts and site settings";
  }
  return "";
}

json::array role_options(Role selected) {
  json::array out;
  for (auto r : auth::kAllRoles) {
    out.push_back(json::object{{"value", std::string(auth::role_name(r))},
                               {"label", fmt::format("{} ({})", role_label(r), role_hint(r))},
                               {"selected", r == selected}});
  }
  return out;
}

class UsersSection final : public Section {
 public:
  explicit UsersSection(Kit& kit) : kit_(kit) {}

  bool owns(std::string_view path) const override {
    return path == "/admin/users" || path.starts_with("/admin/users/");
  }

  http::Response handle(const http::Request& request, std::string_view path,
                        const auth::Session& session) override {
    const bool get = request.method == "GET" || request.method == "HEAD";
    const bool post = request.method == "POST";
    // Permission first: a role without it learns nothing, not even which pages exist.
    if (auto denied = kit_.require(session, auth::Action::kManageUsers)) {
      return std::move(*denied);
    }
    if (path == "/admin/users")
      return get ? list(request, session) : method_not_allowed("GET, HEAD");
    const auto rest = path.substr(std::string_view("/admin/users/").size());
    if (rest == "new") {
      if (get) return new_form(session, {}, {}, 200);
      if (post) return create(request, session);
      return method_not_allowed("GET, HEAD, POST");
    }
    const auto slash = rest.find('/');
    const auto id = parse_positive_id(rest.substr(0, slash));
    if (!id) return not_found(session);
    auto user = kit_.auth().find_user(*id);
    if (!user) {
      if (user.error().code == core::Errc::kNotFound) return not_found(session);
      return failure(session, user.error(), "read");
    }
    const auto action = slash == std::string_view::npos ? "" : rest.substr(slash + 1);
    if (action.empty()) {
      if (!get) return method_not_allowed("GET, HEAD");
      std::string notice;
      if (auto done = request.query_param("done")) {
        if (*done == "created") notice = "Account created. Tell them their password in person.";
        if (*done == "role") notice = fmt::format("Role changed to {}.", role_label(user->role));
        if (*done == "disabled") {
          notice = "Account disabled and signed out everywhere. Its articles and profile stay.";
        }
        if (*done == "enabled") notice = "Account enabled: it can sign in again.";
        if (*done == "password") {
          notice =
              "Password reset, and the account was signed out on every device. Tell them the new "
              "password in person.";
        }
      }
      return user_page(session, *user, {}, notice, 200);
    }
    if (action != "role" && action != "password" && action != "delete" && action != "disable" &&
        action != "enable") {
      return not_found(session);
    }
    if (!post) return method_not_allowed("POST");
    const auto form = parse_form(request);
    if (action == "disable" || action == "enable") {
      return set_disabled(session, *user, action == "disable");
    }
    if (action == "role") return change_role(session, *user, form);
    if (action == "password") return reset_password(session, *user, form);
    return remove(session, *user, form);
  }

 private:
  http::Response list(const http::Request& request, const auth::Session& session) {
    auto users = kit_.auth().list_users();
    if (!users) return failure(session, users.error(), "read");
    auto view = kit_.base_view("Users", &session, "users");
    json::array rows;
    int admins = 0;
    for (const auto& u : *users) {
      if (u.role == Role::kAdmin) ++admins;
      rows.push_back(json::object{{"name", u.name},
                                  {"email", u.email},
                                  {"role", std::string(auth::role_name(u.role))},
                                  {"url", fmt::format("/admin/users/{}", u.id)},
                                  {"disabled", u.disabled},
                                  {"is_you", u.id == session.user.id}});
    }
    view["users"] = std::move(rows);
    view["count"] = users->size();
    view["admins"] = admins;
    if (request.query_param("done") == "deleted") {
      view["notice"] = "Account deleted and signed out everywhere.";
    }
    return kit_.render(200, "admin_users", view);
  }

  http::Response new_form(const auth::Session& session, const auth::AccountInput& input,
                          const FieldErrors& errors, unsigned status) {
    auto view = kit_.base_view("New account", &session, "users");
    view["account"] =
        json::object{{"name", displayable(input.name)}, {"email", displayable(input.email)}};
    view["roles"] = role_options(input.role);
    view["min_password"] = static_cast<std::uint64_t>(auth::kMinPasswordChars);
    put_errors(view, errors);
    return kit_.render(status, "admin_user_new", view);
  }

  http::Response create(const http::Request& request, const auth::Session& session) {
    const auto form = parse_form(request);
    auth::AccountInput input{form_value(form, "email"), form_value(form, "name"),
                             form_value(form, "password"), Role::kContributor};
    FieldErrors errors;
    auto role = auth::parse_role(form_value(form, "role"));
    if (role) {
      input.role = *role;
    } else {
      errors.emplace_back("role", "Choose a role from the list.");
    }
    for (auto& e : auth::validate_account(input)) errors.emplace_back(e.field, e.message);
    if (!input.password.empty() && form_value(form, "password_confirm") != input.password) {
      errors.emplace_back("password_confirm", "The two passwords do not match.");
    }
    // Summary in the order of the form: name, email, role, password, confirmation.
    std::stable_sort(errors.begin(), errors.end(), [](const auto& a, const auto& b) {
      const auto rank = [](const std::string& f) {
        for (int i = 0; std::string_view field : {"name", "email", "role", "password"}) {
          if (f == field) return i;
          ++i;
        }
        return 4;
      };
      return rank(a.first) < rank(b.first);
    });
    input.password.clear();
    if (!errors.empty()) return new_form(session, input, errors, 422);
    input.password = form_value(form, "password");
    auto created = kit_.auth().create_user(input);
    input.password.clear();
    if (!created) {
      switch (created.error().code) {
        case core::Errc::kConflict:
          return new_form(session, input,
                          {{"email", "An account with this email address already exists."}}, 409);
        case core::Errc::kUnavailable:
          return kit_.message(503, "Server busy",
                              "The server is busy. Go back and try again in a moment.", &session);
        default:
          return failure(session, created.error(), "created");
      }
    }
    core::log::info("admin: account created user={} role={} by={}", created->id,
                    auth::role_name(created->role), session.user.id);
    return Kit::see_other(fmt::format("/admin/users/{}?done=created", created->id));
  }

  http::Response user_page(const auth::Session& session, const User& user,
                           const FieldErrors& errors, std::string notice, unsigned status) {
    auto view = kit_.base_view(user.name, &session, "users");
    const bool is_you = user.id == session.user.id;
    auto zone = core::TimeZone::utc();
    if (auto settings = kit_.store().settings()) {
      if (auto z = core::TimeZone::find(settings->timezone)) zone = *z;
    }
    view["account"] = json::object{{"id", user.id},
                                   {"name", user.name},
                                   {"email", user.email},
                                   {"role", std::string(auth::role_name(user.role))},
                                   {"role_label", role_label(user.role)},
                                   {"created", core::format_medium_date(user.created_at, zone)},
                                   {"url", fmt::format("/admin/users/{}", user.id)},
                                   {"disabled", user.disabled},
                                   {"is_you", is_you}};
    view["roles"] = role_options(user.role);
    view["min_password"] = static_cast<std::uint64_t>(auth::kMinPasswordChars);
    view["notice"] = std::move(notice);
    put_errors(view, errors);
    return kit_.render(status, "admin_user", view);
  }

  // The answer when `done` failed: the account's page with the error beside `field`.
  http::Response refused(const auth::Session& session, const User& user, const core::Error& e,
                         std::string_view field) {
    switch (e.code) {
      case core::Errc::kForbidden:
        return user_page(session, user,
                         {{std::string(field),
                           "Nobody can change the role of, disable or delete their own account. "
                           "Ask another admin."}},
                         "", 403);
      case core::Errc::kConflict:
        return user_page(session, user,
                         {{std::string(field),
                           "This is the last enabled admin account: the site needs at least one. "
                           "Make someone else an admin first."}},
                         "", 409);
      case core::Errc::kNotFound:
        return not_found(session);
      case core::Errc::kUnavailable:
        return kit_.message(503, "Server busy",
                            "The server is busy. Go back and try again in a moment.", &session);
      default:
        return failure(session, e, "changed");
    }
  }

  http::Response change_role(const auth::Session& session, const User& user, const Form& form) {
    auto role = auth::parse_role(form_value(form, "role"));
    if (!role) return user_page(session, user, {{"role", "Choose a role from the list."}}, "", 422);
    if (*role == user.role) return Kit::see_other(fmt::format("/admin/users/{}", user.id));
    if (auto done = kit_.auth().change_role(user.id, *role, session.user.id); !done) {
      return refused(session, user, done.error(), "role");
    }
    core::log::info("admin: role changed user={} role={} by={}", user.id, auth::role_name(*role),
                    session.user.id);
    return Kit::see_other(fmt::format("/admin/users/{}?done=role", user.id));
  }

  http::Response reset_password(const auth::Session& session, const User& user, const Form& form) {
    if (user.id == session.user.id) {
      return user_page(session, user,
                       {{"password",
                         "Change your own password on Your account, where the current one "
                         "is asked for."}},
                       "", 403);
    }
    const auto password = form_value(form, "password");
    FieldErrors errors;
    if (auto problem = auth::password_problem(password); !problem.empty()) {
      errors.emplace_back("password", problem);
    } else if (form_value(form, "password_confirm") != password) {
      errors.emplace_back("password_confirm", "The two passwords do not match.");
    }
    if (!errors.empty()) return user_page(session, user, errors, "", 422);
    if (auto done = kit_.auth().reset_password(user.id, password); !done) {
      return refused(session, user, done.error(), "password");
    }
    core::log::info("admin: password reset user={} by={}", user.id, session.user.id);
    return Kit::see_other(fmt::format("/admin/users/{}?done=password", user.id));
  }

  http::Response set_disabled(const auth::Session& session, const User& user, bool disabled) {
    if (user.disabled == disabled) return Kit::see_other(fmt::format("/admin/users/{}", user.id));
    if (auto done = kit_.auth().set_disabled(user.id, disabled, session.user.id); !done) {
      return refused(session, user, done.error(), "status");
    }
    core::log::info("admin: account {} user={} by={}", disabled ? "disabled" : "enabled", user.id,
                    session.user.id);
    return Kit::see_other(
        fmt::format("/admin/users/{}?done={}", user.id, disabled ? "disabled" : "enabled"));
  }

  http::Response remove(const auth::Session& session, const User& user, const Form& form) {
    if (user.id != session.user.id && form_value(form, "confirm") != "yes") {
      return user_page(session, user,
                       {{"confirm", "Tick the box to confirm that this account should go."}}, "",
                       422);
    }
    if (auto done = kit_.auth().delete_user(user.id, session.user.id); !done) {
      return refused(session, user, done.error(), "confirm");
    }
    core::log::info("admin: account deleted user={} by={}", user.id, session.user.id);
    return Kit::see_other("/admin/users?done=deleted");
  }

  http::Response not_found(const auth::Session& session) {
    return kit_.message(404, "Page not found", "There is no such account.", &session);
  }

  http::Response failure(const auth::Session& session, const core::Error& e,
                         std::string_view what) {
    core::log::error("admin: account not {} error=\"{}\"", what, e.message);
    return kit_.message(500, "Something went wrong",
                        fmt::format("The account could not be {}. Try again.", what), &session);
  }

  Kit& kit_;
};

}  // namespace

std::unique_ptr<Section> make_users_section(Kit& kit) {
  return std::make_unique<UsersSection>(kit);
}

}  // namespace dateline::admin
