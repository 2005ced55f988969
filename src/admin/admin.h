// Admin: the back office's HTTP front door under /admin. Sign-in by email and password, the
// "create the first admin" form while no user exists, sign-out (here or everywhere) and a small
// dashboard; every later back-office page builds on its session, CSRF and permission checks.
// Every POST must carry the form's CSRF token and, when the browser names one, a same-host
// Origin or Referer; every answer carries the site's security headers and Cache-Control:
// no-store. Thread-safe (handlers share nothing mutable but the services, which are).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "admin/kit.h"
#include "admin/sections.h"
#include "auth/auth_service.h"
#include "auth/role.h"
#include "core/clock.h"
#include "http/message.h"
#include "render/theme.h"
#include "store/editorial.h"
#include "store/store.h"

namespace dateline::admin {

// The services the back office works with, borrowed from the composition root.
struct AdminDeps {
  store::Store& store;
  auth::AuthService& auth;
  const render::Theme& theme;
  core::Clock& clock;
  // The newsroom pages (articles, authors, settings...) need it; without it only accounts exist.
  store::Editorial* editorial = nullptr;
  // Told after every change readers see (publish, unpublish, edits of live articles, settings),
  // with the articles concerned (empty for site-wide changes).
  std::function<void(const std::vector<content::Id>&)> content_changed;
  // Where uploaded images are kept; the media library (/admin/media) needs it and editorial.
  const media::MediaFiles* media_files = nullptr;
  MediaOptions media{};
};

class Admin {
 public:
  Admin(AdminDeps deps, AdminOptions options = {});
  ~Admin();

  // True for "/admin" and every path under "/admin/".
  static bool handles(std::string_view path);
  http::Response handle(const http::Request& request);

 private:
  http::Response dispatch(const http::Request& request, const Client& client);
  http::Response get_home(const http::Request& request, const Client& client);
  http::Response get_sign_in(const http::Request& request, const Client& client);
  http::Response post_sign_in(const http::Request& request, const Client& client);
  http::Response post_setup(const http::Request& request, const Client& client);
  http::Response post_sign_out(const http::Request& request, const Client& client, bool everywhere);

  // The pre-session form secret: the browser's, or a fresh one to set with the answer.
  std::string form_secret(const Client& client, bool& fresh) const;

  http::Response render_sign_in(unsigned status, const std::string& secret, std::string_view email,
                                std::string_view next, std::string_view error,
                                std::string_view notice) const;
  http::Response render_setup(unsigned status, const std::string& secret,
                              const auth::AccountInput& input,
                              const std::vector<auth::FieldError>& errors) const;

  AdminDeps deps_;
  Kit kit_;
  std::vector<std::unique_ptr<Section>> sections_;
};

}  // namespace dateline::admin
