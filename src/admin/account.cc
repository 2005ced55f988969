// /admin/account: every signed-in user's own account.
//
//   GET  /admin/account            name, email, role, and the forms below
//   POST /admin/account/password   change one's own password (the current one is asked for)
//
// A changed password ends every session of the account, this one included, and starts a fresh
// session for this browser, so whoever knew the old password is signed out everywhere else.
#include <fmt/format.h>

#include <boost/json.hpp>

#include "admin/forms.h"
#include "admin/sections.h"
#include "core/log.h"

namespace dateline::admin {
namespace {

namespace json = boost::json;

class AccountSection final : public Section {
 public:
  explicit AccountSection(Kit& kit) : kit_(kit) {}

  bool owns(std::string_view path) const override {
    return path == "/admin/account" || path.starts_with("/admin/account/");
  }

  http::Response handle(const http::Request& request, std::string_view path,
                        const auth::Session& session) override {
    const bool get = request.method == "GET" || request.method == "HEAD";
    if (path == "/admin/account") {
      if (!get) return method_not_allowed("GET, HEAD");
      std::string notice;
      if (request.query_param("done") == "password") {
        notice = "Password changed. Every other device was signed out.";
      }
      return page(session, {}, notice, 200);
    }
    if (path == "/admin/account/password") {
      if (request.method != "POST") return method_not_allowed("POST");
      return change_password(request, session);
    }
    return kit_.message(404, "Page not found", "There is no back-office page at this address.",
                        &session);
  }

 private:
  http::Response page(const auth::Session& session, const FieldErrors& errors, std::string notice,
                      unsigned status) {
    auto view = kit_.base_view("Your account", &session, "account");
    view["account"] = json::object{{"name", session.user.name},
                                   {"email", session.user.email},
                                   {"role", std::string(auth::role_name(session.user.role))}};
    view["min_password"] = static_cast<std::uint64_t>(auth::kMinPasswordChars);
    view["notice"] = std::move(notice);
    put_errors(view, errors);
    return kit_.render(status, "admin_account", view);
  }

  http::Response change_password(const http::Request& request, const auth::Session& session) {
    const auto form = parse_form(request);
    const auto current = form_value(form, "current_password");
    const auto replacement = form_value(form, "password");
    FieldErrors errors;
    if (current.empty()) errors.emplace_back("current_password", "Enter your current password.");
    if (auto problem = auth::password_problem(replacement); !problem.empty()) {
      errors.emplace_back("password", problem);
    } else if (form_value(form, "password_confirm") != replacement) {
      errors.emplace_back("password_confirm", "The two passwords do not match.");
    } else if (replacement == current) {
      errors.emplace_back("password", "Choose a password different from the current one.");
    }
    if (!errors.empty()) return page(session, errors, "", 422);
    auto fresh = kit_.auth().change_own_password(session.user, current, replacement);
    if (!fresh) {
      switch (fresh.error().code) {
        case core::Errc::kUnauthenticated:
          return page(session, {{"current_password", "That is not your current password."}}, "",
                      422);
        case core::Errc::kUnavailable:
          return page(session,
                      {{"current_password",
                        "Too many wrong passwords, or the server is busy. Try again later."}},
                      "", 429);
        default:
          core::log::error("admin: password change failed user={} error=\"{}\"", session.user.id,
                           fresh.error().message);
          return kit_.message(500, "Something went wrong",
                              "The password could not be changed. Try again.", &session);
      }
    }
    core::log::info("admin: password changed by its owner user={}", session.user.id);
    auto r = Kit::see_other("/admin/account?done=password");
    r.set_header("Set-Cookie", kit_.session_cookie(fresh->token, kit_.client_of(request)));
    return r;
  }

  Kit& kit_;
};

}  // namespace

std::unique_ptr<Section> make_account_section(Kit& kit) {
  return std::make_unique<AccountSection>(kit);
}

}  // namespace dateline::admin
