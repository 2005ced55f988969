// Admin: the back office's HTTP front door under /admin. Sign-in by email and password, the
// "create the first admin" form while no user exists, sign-out (here or everywhere) and a small
// dashboard; every later back-office page builds on its session, CSRF and permission checks.
// Every POST must carry the form's CSRF token and, when the browser names one, a same-host
// Origin or Referer; every answer carries the site's security headers and Cache-Control:
// no-store. Thread-safe (handlers share nothing mutable but the services, which are).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/auth_service.h"
#include "auth/role.h"
#include "core/clock.h"
#include "http/message.h"
#include "render/theme.h"
#include "store/store.h"

namespace dateline::admin {

inline constexpr std::string_view kSessionCookie = "dl_session";
// Holds the secret the sign-in and first-admin forms' CSRF tokens derive from (no session yet).
inline constexpr std::string_view kFormCookie = "dl_form";

struct AdminOptions {
  // Remote addresses of reverse proxies whose X-Forwarded-Proto, X-Forwarded-For and
  // X-Forwarded-Host are believed. Empty: trust no forwarded header.
  std::vector<std::string> trusted_proxies;
  // Mark cookies Secure on every answer (the site's public URL is https).
  bool always_secure = false;
};

class Admin {
 public:
  Admin(store::Store& store, auth::AuthService& auth, const render::Theme& theme,
        AdminOptions options = {});

  // True for "/admin" and every path under "/admin/".
  static bool handles(std::string_view path);
  http::Response handle(const http::Request& request);

 private:
  struct Client;  // what we believe about the browser: address, https, host, cookies
  struct Page;

  http::Response dispatch(const http::Request& request, const Client& client);
  http::Response get_home(const http::Request& request, const Client& client);
  http::Response get_sign_in(const http::Request& request, const Client& client);
  http::Response post_sign_in(const http::Request& request, const Client& client);
  http::Response post_setup(const http::Request& request, const Client& client);
  http::Response post_sign_out(const http::Request& request, const Client& client, bool everywhere);
  http::Response get_users(const http::Request& request, const Client& client);

  Client client_of(const http::Request& request) const;
  // The signed-in session, or nullopt (also on a store error, which is logged).
  std::optional<auth::Session> session_of(const Client& client);
  // The pre-session form secret: the browser's, or a fresh one to set with the answer.
  std::string form_secret(const Client& client, bool& fresh) const;
  std::string session_cookie(std::string_view token, const Client& client) const;
  std::string clear_session_cookie(const Client& client) const;
  std::string form_cookie(std::string_view secret, const Client& client) const;

  // The layout's view: site name, assets, page title; the signed-in user's menu when given.
  boost::json::object base_view(std::string title, const auth::Session* session) const;
  http::Response render(unsigned status, std::string_view template_name,
                        const boost::json::object& view) const;
  http::Response message(unsigned status, std::string title, std::string text,
                         const auth::Session* session = nullptr) const;
  http::Response redirect_to_sign_in(const http::Request& request) const;
  // 403 unless the session's role may do `action`.
  std::optional<http::Response> require(const auth::Session& session, auth::Action action) const;

  http::Response render_sign_in(unsigned status, const std::string& secret, std::string_view email,
                                std::string_view next, std::string_view error,
                                std::string_view notice) const;
  http::Response render_setup(unsigned status, const std::string& secret,
                              const auth::AccountInput& input,
                              const std::vector<auth::FieldError>& errors) const;

  store::Store& store_;
  auth::AuthService& auth_;
  const render::Theme& theme_;
  AdminOptions options_;
};

}  // namespace dateline::admin
