#include "admin/kit.h"

#include <fmt/format.h>

#include <algorithm>

#include "auth/csrf.h"
#include "core/log.h"
#include "core/strings.h"

namespace dateline::admin {

namespace json = boost::json;

Client Kit::client_of(const http::Request& request) const {
  Client c;
  const bool trusted = std::find(options_.trusted_proxies.begin(), options_.trusted_proxies.end(),
                                 request.remote_address) != options_.trusted_proxies.end();
  c.address = request.remote_address;
  c.host = std::string(core::trim(request.header("host")));
  c.secure = options_.always_secure;
  if (trusted) {
    // The proxy appends the address it saw last; earlier entries are the client's to forge.
    const auto forwarded = request.header("x-forwarded-for");
    if (!forwarded.empty()) {
      const auto comma = forwarded.rfind(',');
      auto last =
          core::trim(comma == std::string_view::npos ? forwarded : forwarded.substr(comma + 1));
      if (!last.empty()) c.address = std::string(last);
    }
    const auto proto = core::to_lower_ascii(core::trim(request.header("x-forwarded-proto")));
    if (proto == "https") c.secure = true;
    const auto fhost = core::trim(request.header("x-forwarded-host"));
    if (!fhost.empty()) c.host = std::string(fhost);
  }
  c.session_token = cookie(request, kSessionCookie);
  c.form_secret = cookie(request, kFormCookie);
  return c;
}

std::optional<auth::Session> Kit::session_of(const Client& client) const {
  if (!client.session_token) return std::nullopt;
  auto session = auth_.authenticate(*client.session_token);
  if (!session) {
    if (session.error().code != core::Errc::kUnauthenticated) {
      core::log::error("admin: checking a session failed error=\"{}\"", session.error().message);
    }
    return std::nullopt;
  }
  return std::move(*session);
}

std::string Kit::session_cookie(std::string_view token, const Client& client) const {
  return set_cookie(kSessionCookie, token,
                    CookieOptions{"/", auth_.options().sessions.absolute_timeout, client.secure});
}

std::string Kit::clear_session_cookie(const Client& client) const {
  return set_cookie(kSessionCookie, "", CookieOptions{"/", std::chrono::seconds{0}, client.secure});
}

std::string Kit::form_cookie(std::string_view secret, const Client& client) const {
  return set_cookie(kFormCookie, secret, CookieOptions{"/admin", std::nullopt, client.secure});
}

json::object Kit::base_view(std::string title, const auth::Session* session,
                            std::string_view section) const {
  auto settings = store_.settings();
  const std::string site_name = settings && !settings->site_name.empty()
                                    ? settings->site_name
                                    : content::SiteSettings{}.site_name;
  json::object view;
  view["site"] = json::object{{"name", site_name}};
  view["assets"] = json::object{{"css", theme_.asset_url("site.css")},
                                {"admin_css", theme_.asset_url("admin.css")},
                                {"admin_js", theme_.asset_url("admin.js")},
                                {"favicon", theme_.asset_url("favicon.svg")}};
  view["page"] = json::object{{"title", fmt::format("{} | {} newsroom", title, site_name)}};
  if (session) {
    const auto role = session->user.role;
    view["user"] =
        json::object{{"name", session->user.name},
                     {"email", session->user.email},
                     {"role", std::string(auth::role_name(role))},
                     {"can_manage_users", auth::can(role, auth::Action::kManageUsers)},
                     {"can_manage_authors", auth::can(role, auth::Action::kManageAuthors)},
                     {"can_manage_taxonomy", auth::can(role, auth::Action::kManageTaxonomy)},
                     {"can_manage_settings", auth::can(role, auth::Action::kManageSettings)}};
    view["csrf"] = auth::csrf_token(session->token);
    if (!section.empty()) view["nav"] = json::object{{std::string(section), true}};
  }
  return view;
}

http::Response Kit::render(unsigned status, std::string_view template_name,
                           const json::object& view) const {
  auto html = theme_.render(template_name, view);
  if (!html) {
    core::log::error("admin: render failed template={} error=\"{}\"", template_name,
                     html.error().message);
    return http::Response::text(500, "Internal Server Error\n");
  }
  return http::Response::html(status, std::move(*html));
}

http::Response Kit::message(unsigned status, std::string title, std::string text,
                            const auth::Session* session) const {
  auto view = base_view(title, session);
  view["heading"] = std::move(title);
  view["text"] = std::move(text);
  view["status"] = status;
  return render(status, "admin_message", view);
}

http::Response Kit::json(unsigned status, const json::value& value) {
  http::Response r;
  r.status = status;
  r.body = json::serialize(value);
  r.set_header("Content-Type", "application/json; charset=utf-8");
  return r;
}

http::Response Kit::json_error(unsigned status, std::string_view text) {
  return json(status, json::object{{"error", text}});
}

http::Response Kit::see_other(std::string location) {
  return http::Response::redirect(303, std::move(location));
}

http::Response Kit::redirect_to_sign_in(const http::Request& request) const {
  const auto next = safe_next(request.target);
  if (next == "/admin" || request.method != "GET") return see_other("/admin/sign-in");
  return see_other("/admin/sign-in?next=" + core::url_encode(next));
}

std::optional<http::Response> Kit::require(const auth::Session& session,
                                           auth::Action action) const {
  if (auth::can(session.user.role, action)) return std::nullopt;
  return message(
      403, "Not allowed",
      fmt::format("Your role ({}) does not allow this: {}.", auth::role_name(session.user.role),
                  core::to_lower_ascii(auth::action_label(action))),
      &session);
}

bool Kit::csrf_ok(const auth::Session& session, const http::Request& request) {
  const auto header = request.header("x-csrf-token");
  if (!header.empty()) return auth::csrf_token_matches(session.token, header);
  return auth::csrf_token_matches(session.token, form_value(parse_form(request), "csrf"));
}

}  // namespace dateline::admin
