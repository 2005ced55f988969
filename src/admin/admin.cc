#include "admin/admin.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>

#include "admin/request_util.h"
#include "admin/sections.h"
#include "auth/crypto.h"
#include "auth/csrf.h"
#include "core/log.h"
#include "core/strings.h"
#include "http/security_headers.h"

namespace dateline::admin {
namespace {

namespace json = boost::json;
using auth::SignInStatus;

std::string minutes_text(std::chrono::seconds wait) {
  const auto minutes = std::max<std::int64_t>(1, (wait.count() + 59) / 60);
  return fmt::format("{} {}", minutes, minutes == 1 ? "minute" : "minutes");
}

const std::string* find_error(const std::vector<auth::FieldError>& errors, std::string_view f) {
  for (const auto& e : errors) {
    if (e.field == f) return &e.message;
  }
  return nullptr;
}

}  // namespace

Admin::Admin(AdminDeps deps, AdminOptions options)
    : deps_(std::move(deps)), kit_(deps_.store, deps_.auth, deps_.theme, std::move(options)) {
  sections_.push_back(make_users_section(kit_));
  sections_.push_back(make_account_section(kit_));
  sections_.push_back(make_settings_section(kit_, deps_.content_changed));
  if (deps_.editorial) {
    sections_.push_back(
        make_articles_section(kit_, *deps_.editorial, deps_.clock, deps_.content_changed));
    sections_.push_back(make_authors_section(kit_, *deps_.editorial, deps_.content_changed));
    sections_.push_back(make_taxonomy_section(kit_, *deps_.editorial, deps_.content_changed));
    sections_.push_back(make_tokens_section(kit_, *deps_.editorial, deps_.clock));
    if (deps_.media_files) {
      sections_.push_back(make_media_section(kit_, *deps_.editorial, *deps_.media_files,
                                             deps_.clock, deps_.media, deps_.content_changed));
    }
  }
}

Admin::~Admin() = default;

bool Admin::handles(std::string_view path) {
  return path == "/admin" || path.starts_with("/admin/");
}

std::string Admin::form_secret(const Client& client, bool& fresh) const {
  if (client.form_secret && auth::is_token_shaped(*client.form_secret)) {
    fresh = false;
    return *client.form_secret;
  }
  fresh = true;
  return auth::random_token();
}

http::Response Admin::handle(const http::Request& request) {
  const auto client = kit_.client_of(request);
  http::Response r;
  try {
    r = dispatch(request, client);
  } catch (const std::exception& e) {
    core::log::error("admin: request failed id={} path={} error=\"{}\"", request.request_id,
                     request.path, e.what());
    r = http::Response::text(
        500, fmt::format("Internal Server Error (request {})\n", request.request_id));
  }
  // The public site's policy, plus no caching: admin pages are personal.
  http::add_security_headers(r);
  r.set_header("Cache-Control", "no-store");
  return r;
}

http::Response Admin::dispatch(const http::Request& request, const Client& client) {
  std::string_view path = request.path;
  if (path.size() > 6 && path.ends_with('/')) path.remove_suffix(1);
  const bool get = request.method == "GET" || request.method == "HEAD";
  const bool post = request.method == "POST";
  const auto not_allowed = [](std::string_view allow) {
    auto r = http::Response::text(405, "Method Not Allowed\n");
    r.set_header("Allow", std::string(allow));
    return r;
  };
  if (post && !same_origin(request, client.host)) {
    return kit_.message(403, "Request refused",
                        "This form was sent from another site, so nothing was changed.");
  }
  if (path == "/admin" || path == "/admin/setup") {
    if (get) return get_home(request, client);
    if (post && path == "/admin/setup") return post_setup(request, client);
    return not_allowed(path == "/admin" ? "GET, HEAD" : "GET, HEAD, POST");
  }
  if (path == "/admin/sign-in") {
    if (get) return get_sign_in(request, client);
    if (post) return post_sign_in(request, client);
    return not_allowed("GET, HEAD, POST");
  }
  if (path == "/admin/sign-out" || path == "/admin/sign-out-everywhere") {
    if (post) return post_sign_out(request, client, path == "/admin/sign-out-everywhere");
    return not_allowed("POST");
  }
  for (auto& section : sections_) {
    if (!section->owns(path)) continue;
    auto session = kit_.session_of(client);
    if (!session) return kit_.redirect_to_sign_in(request);
    if (post && !Kit::csrf_ok(*session, request)) {
      return kit_.message(403, "Form expired",
                          "This form has expired or was not sent by this browser, so nothing was "
                          "changed. Go back, reload the page and retry.",
                          &*session);
    }
    return section->handle(request, path, *session);
  }
  return kit_.message(404, "Page not found", "There is no back-office page at this address.");
}

// ---- pages -----------------------------------------------------------------------------------

http::Response Admin::get_home(const http::Request& request, const Client& client) {
  auto count = deps_.auth.count_users();
  if (!count) {
    core::log::error("admin: counting users failed error=\"{}\"", count.error().message);
    return kit_.message(500, "Something went wrong", "The accounts could not be read. Try again.");
  }
  if (*count == 0) {
    bool fresh = false;
    const auto secret = form_secret(client, fresh);
    auto r = render_setup(200, secret, {}, {});
    if (fresh) r.set_header("Set-Cookie", kit_.form_cookie(secret, client));
    return r;
  }
  if (request.path.starts_with("/admin/setup")) return Kit::see_other("/admin/sign-in");
  auto session = kit_.session_of(client);
  if (!session) return kit_.redirect_to_sign_in(request);

  auto view = kit_.base_view("Dashboard", &*session);
  json::array allowed;
  for (auto action : auth::kAllActions) {
    if (auth::can(session->user.role, action)) {
      allowed.push_back(json::object{{"label", std::string(auth::action_label(action))}});
    }
  }
  view["permissions"] = std::move(allowed);
  return kit_.render(200, "admin_dashboard", view);
}

http::Response Admin::render_sign_in(unsigned status, const std::string& secret,
                                     std::string_view email, std::string_view next,
                                     std::string_view error, std::string_view notice) const {
  auto view = kit_.base_view("Sign in", nullptr);
  view["csrf"] = auth::csrf_token(secret);
  view["email"] = email;
  view["next"] = next == "/admin" ? std::string_view() : next;
  view["error"] = error;
  view["notice"] = notice;
  return kit_.render(status, "admin_sign_in", view);
}

http::Response Admin::get_sign_in(const http::Request& request, const Client& client) {
  auto count = deps_.auth.count_users();
  if (count && *count == 0) return Kit::see_other("/admin");
  const auto next = safe_next(request.query_param("next").value_or("/admin"));
  if (kit_.session_of(client)) return Kit::see_other(next);
  std::string notice;
  if (auto out = request.query_param("signed-out")) {
    notice = *out == "everywhere" ? "You have signed out on every device." : "You have signed out.";
  }
  bool fresh = false;
  const auto secret = form_secret(client, fresh);
  auto r = render_sign_in(200, secret, "", next, "", notice);
  if (fresh) r.set_header("Set-Cookie", kit_.form_cookie(secret, client));
  return r;
}

http::Response Admin::post_sign_in(const http::Request& request, const Client& client) {
  const auto form = parse_form(request);
  if (!client.form_secret ||
      !auth::csrf_token_matches(*client.form_secret, form_value(form, "csrf"))) {
    return kit_.message(403, "Form expired",
                        "This sign-in form has expired or was not sent by this browser. Open the "
                        "sign-in page again and retry.");
  }
  auto count = deps_.auth.count_users();
  if (count && *count == 0) return Kit::see_other("/admin");
  const auto email = form_value(form, "email");
  const auto password = form_value(form, "password");
  const auto next = safe_next(form_value(form, "next"));
  const auto& secret = *client.form_secret;
  if (core::trim(email).empty() || password.empty()) {
    return render_sign_in(422, secret, email, next, "Enter your email address and password.", "");
  }
  auto result = deps_.auth.sign_in(email, password, client.address);
  if (!result) {
    core::log::error("admin: sign-in failed with an error error=\"{}\"", result.error().message);
    return kit_.message(500, "Something went wrong", "Signing in failed. Try again in a moment.");
  }
  switch (result->status) {
    case SignInStatus::kSignedIn: {
      core::log::info("admin: signed in user={} addr={}", result->session->user.id, client.address);
      auto r = Kit::see_other(next);
      r.set_header("Set-Cookie", kit_.session_cookie(result->session->token, client));
      return r;
    }
    case SignInStatus::kInvalid:
      core::log::info("admin: sign-in refused addr={}", client.address);
      return render_sign_in(422, secret, email, next, "The email address or password is incorrect.",
                            "");
    case SignInStatus::kLockedOut: {
      core::log::warn("admin: sign-in locked out addr={}", client.address);
      auto r = render_sign_in(429, secret, email, next,
                              fmt::format("Too many failed sign-ins. Try again in {}.",
                                          minutes_text(result->retry_after)),
                              "");
      r.set_header("Retry-After", std::to_string(result->retry_after.count()));
      return r;
    }
    case SignInStatus::kDisabled:
      core::log::info("admin: sign-in to a disabled account addr={}", client.address);
      return render_sign_in(403, secret, email, next,
                            "This account has been disabled. Ask an admin to enable it again.", "");
    case SignInStatus::kBusy: {
      auto r = render_sign_in(503, secret, email, next,
                              "The server is busy. Try again in a moment.", "");
      r.set_header("Retry-After", std::to_string(result->retry_after.count()));
      return r;
    }
  }
  return kit_.message(500, "Something went wrong", "Signing in failed. Try again in a moment.");
}

http::Response Admin::render_setup(unsigned status, const std::string& secret,
                                   const auth::AccountInput& input,
                                   const std::vector<auth::FieldError>& errors) const {
  auto view = kit_.base_view("Create the first admin", nullptr);
  view["csrf"] = auth::csrf_token(secret);
  view["name"] = input.name;
  view["email"] = input.email;
  view["min_password"] = static_cast<std::uint64_t>(auth::kMinPasswordChars);
  view["has_errors"] = !errors.empty();
  json::array summary;
  for (const auto& e : errors) {
    summary.push_back(json::object{{"field", e.field}, {"message", e.message}});
  }
  view["errors"] = std::move(summary);
  for (std::string_view field : {"name", "email", "password", "password_confirm"}) {
    if (const auto* m = find_error(errors, field)) {
      view[fmt::format("{}_error", field)] = *m;
    }
  }
  return kit_.render(status, "admin_setup", view);
}

http::Response Admin::post_setup(const http::Request& request, const Client& client) {
  const auto form = parse_form(request);
  if (!client.form_secret ||
      !auth::csrf_token_matches(*client.form_secret, form_value(form, "csrf"))) {
    return kit_.message(403, "Form expired",
                        "This form has expired or was not sent by this browser. Open /admin again "
                        "and retry.");
  }
  auto count = deps_.auth.count_users();
  if (!count) return kit_.message(500, "Something went wrong", "The accounts could not be read.");
  if (*count > 0) {
    return kit_.message(409, "An administrator already exists",
                        "The first administrator has already been created. Sign in instead.");
  }
  auth::AccountInput input{form_value(form, "email"), form_value(form, "name"),
                           form_value(form, "password"), auth::Role::kAdmin};
  auto errors = auth::validate_account(input);
  if (!input.password.empty() && form_value(form, "password_confirm") != input.password) {
    errors.push_back({"password_confirm", "The two passwords do not match."});
  }
  if (!errors.empty()) {
    input.password.clear();
    return render_setup(422, *client.form_secret, input, errors);
  }
  auto user = deps_.auth.create_first_admin(input);
  if (!user) {
    switch (user.error().code) {
      case core::Errc::kConflict:
        return kit_.message(409, "An administrator already exists",
                            "The first administrator has already been created. Sign in instead.");
      case core::Errc::kUnavailable:
        return kit_.message(503, "Server busy", "The server is busy. Try again in a moment.");
      default:
        core::log::error("admin: creating the first admin failed error=\"{}\"",
                         user.error().message);
        return kit_.message(500, "Something went wrong", "The account could not be created.");
    }
  }
  core::log::info("admin: first admin created user={} addr={}", user->id, client.address);
  auto session = deps_.auth.start_session(*user);
  if (!session) {
    core::log::error("admin: starting a session failed error=\"{}\"", session.error().message);
    return Kit::see_other("/admin/sign-in");
  }
  auto r = Kit::see_other("/admin");
  r.set_header("Set-Cookie", kit_.session_cookie(session->token, client));
  return r;
}

http::Response Admin::post_sign_out(const http::Request& request, const Client& client,
                                    bool everywhere) {
  auto session = kit_.session_of(client);
  if (!session) return Kit::see_other("/admin/sign-in");
  const auto form = parse_form(request);
  if (!auth::csrf_token_matches(session->token, form_value(form, "csrf"))) {
    return kit_.message(403, "Form expired",
                        "This form has expired or was not sent by this browser, so you are still "
                        "signed in. Go back, reload the page and retry.",
                        &*session);
  }
  core::Status done;
  if (everywhere) {
    auto n = deps_.auth.sign_out_everywhere(session->user.id);
    if (!n) done = n.error();
    if (n)
      core::log::info("admin: signed out everywhere user={} sessions={}", session->user.id, *n);
  } else {
    done = deps_.auth.sign_out(session->token);
  }
  if (!done) {
    core::log::error("admin: signing out failed error=\"{}\"", done.error().message);
    return kit_.message(500, "Something went wrong", "Signing out failed. Try again.", &*session);
  }
  auto r = Kit::see_other(everywhere ? "/admin/sign-in?signed-out=everywhere"
                                     : "/admin/sign-in?signed-out=1");
  r.set_header("Set-Cookie", kit_.clear_session_cookie(client));
  return r;
}

}  // namespace dateline::admin
