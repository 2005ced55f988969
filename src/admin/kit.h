// Kit: what every back-office page shares: who the browser is (address, https, host, cookies,
// believed only from trusted proxies), the signed-in session, the layout's view, rendering,
// messages, permission checks and CSRF checks. Thread-safe (holds references to thread-safe
// services only).
#pragma once

#include <boost/json.hpp>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "admin/request_util.h"
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

// What we believe about the browser.
struct Client {
  std::string address;
  std::string host;
  bool secure = false;
  std::optional<std::string> session_token;
  std::optional<std::string> form_secret;
};

class Kit {
 public:
  Kit(store::Store& store, auth::AuthService& auth, const render::Theme& theme,
      AdminOptions options)
      : store_(store), auth_(auth), theme_(theme), options_(std::move(options)) {}

  Client client_of(const http::Request& request) const;
  // The signed-in session, or nullopt (also on a store error, which is logged).
  std::optional<auth::Session> session_of(const Client& client) const;

  // The layout's view: site name, assets, page title, the signed-in user's menu when given.
  // `section` marks the current menu entry ("articles", "media", ...).
  boost::json::object base_view(std::string title, const auth::Session* session,
                                std::string_view section = {}) const;
  http::Response render(unsigned status, std::string_view template_name,
                        const boost::json::object& view) const;
  http::Response message(unsigned status, std::string title, std::string text,
                         const auth::Session* session = nullptr) const;
  // A JSON answer (for the editor's scripts): {"error": text} with the status.
  static http::Response json_error(unsigned status, std::string_view text);
  static http::Response json(unsigned status, const boost::json::value& value);
  http::Response redirect_to_sign_in(const http::Request& request) const;
  static http::Response see_other(std::string location);
  // 403 unless the session's role may do `action`.
  std::optional<http::Response> require(const auth::Session& session, auth::Action action) const;
  // True when the request carries the session's CSRF token: the form field "csrf" (urlencoded
  // or multipart) or the X-CSRF-Token header (scripts).
  static bool csrf_ok(const auth::Session& session, const http::Request& request);

  std::string session_cookie(std::string_view token, const Client& client) const;
  std::string clear_session_cookie(const Client& client) const;
  std::string form_cookie(std::string_view secret, const Client& client) const;

  store::Store& store() const { return store_; }
  auth::AuthService& auth() const { return auth_; }
  const render::Theme& theme() const { return theme_; }

 private:
  store::Store& store_;
  auth::AuthService& auth_;
  const render::Theme& theme_;
  AdminOptions options_;
};

// A group of back-office pages under one path prefix, reached only with a signed-in session and,
// for every POST, a valid CSRF token (checked before handle() is called).
class Section {
 public:
  virtual ~Section() = default;
  // True when `path` (without a trailing slash) belongs to this section.
  virtual bool owns(std::string_view path) const = 0;
  virtual http::Response handle(const http::Request& request, std::string_view path,
                                const auth::Session& session) = 0;
};

}  // namespace dateline::admin
