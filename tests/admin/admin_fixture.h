// A test fixture for the back office over plain Request/Response values: a Browser that keeps
// cookies, and an Admin over a real SQLite store with a fake clock.
#pragma once

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "admin/admin.h"
#include "auth/crypto.h"
#include "auth/sqlite_account_store.h"
#include "core/strings.h"
#include "render/default_theme.h"
#include "store/sqlite/sqlite_editorial.h"
#include "testing/fake_clock.h"
#include "testing/temp_dir.h"

namespace dateline::admin::testing_support {

using auth::Role;
using Fields = std::vector<std::pair<std::string, std::string>>;

inline constexpr std::chrono::sys_seconds kStart{
    std::chrono::sys_days{std::chrono::year{2025} / 11 / 27}};
inline constexpr std::string_view kPassword = "correct horse battery staple";
inline constexpr std::string_view kHost = "news.example";

// A browser: keeps cookies, sends Host (and whatever else a test adds), remembers the last page.
class Browser {
 public:
  explicit Browser(Admin& admin, std::string address = "198.51.100.7")
      : admin_(admin), address_(std::move(address)) {}

  http::Response get(const std::string& target, const Fields& extra = {}) {
    return request("GET", target, extra, {});
  }
  http::Response post(const std::string& target, const Fields& fields, const Fields& extra = {}) {
    std::string body;
    for (const auto& [k, v] : fields) {
      if (!body.empty()) body += '&';
      body += core::url_encode(k) + "=" + core::url_encode(v);
    }
    Fields headers = extra;
    headers.emplace_back("content-type", "application/x-www-form-urlencoded");
    return request("POST", target, headers, body);
  }
  // The CSRF field of the last page shown.
  std::string csrf() const {
    const std::string_view marker = "name=\"csrf\" value=\"";
    const auto at = last_body_.find(marker);
    if (at == std::string::npos) return {};
    const auto start = at + marker.size();
    return last_body_.substr(start, last_body_.find('"', start) - start);
  }
  std::map<std::string, std::string>& cookies() { return cookies_; }

  http::Response request(std::string method, const std::string& target, const Fields& extra = {},
                         std::string body = {}) {
    http::Request r;
    r.method = std::move(method);
    r.target = target;
    const auto q = target.find('?');
    r.path = target.substr(0, q);
    r.query = q == std::string::npos ? "" : target.substr(q + 1);
    r.remote_address = address_;
    r.request_id = "test";
    r.headers.emplace_back("host", std::string(kHost));
    std::string cookie_header;
    for (const auto& [k, v] : cookies_) {
      if (!cookie_header.empty()) cookie_header += "; ";
      cookie_header += k + "=" + v;
    }
    if (!cookie_header.empty()) r.headers.emplace_back("cookie", cookie_header);
    for (const auto& [k, v] : extra) r.headers.emplace_back(k, v);
    r.body = std::move(body);
    auto response = admin_.handle(r);
    const auto set = std::string(response.header("Set-Cookie"));
    if (!set.empty()) {
      const auto eq = set.find('=');
      const auto semi = set.find(';');
      const auto name = set.substr(0, eq);
      const auto value = set.substr(eq + 1, semi - eq - 1);
      if (set.find("Max-Age=0") != std::string::npos) {
        cookies_.erase(name);
      } else {
        cookies_[name] = value;
      }
    }
    if (response.header("Content-Type").starts_with("text/html")) {
      last_body_ = std::string(response.payload());
    }
    return response;
  }

 private:
  Admin& admin_;
  std::string address_;
  std::map<std::string, std::string> cookies_;
  std::string last_body_;
};

class AdminTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::sqlite::SqliteStore::open((dir_.path() / "site.db").string());
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    accounts_ = std::make_unique<auth::SqliteAccountStore>(*store_);
    auth_ = std::make_unique<auth::AuthService>(*accounts_, clock_);
    auto theme = render::Theme::load(render::default_theme::embedded_files(), std::nullopt);
    ASSERT_TRUE(theme) << theme.error().message;
    theme_.emplace(std::move(*theme));
    make_admin({});
  }
  void make_admin(AdminOptions options) {
    editorial_ = std::make_unique<store::sqlite::SqliteEditorial>(*store_, clock_);
    const auto changed = [this](const std::vector<content::Id>& ids) { changes_.push_back(ids); };
    AdminDeps deps{*store_, *auth_, *theme_, clock_, editorial_.get(), changed};
    deps.media_files = &media_files_;
    deps.media = media_options_;
    admin_ = std::make_unique<Admin>(std::move(deps), std::move(options));
  }

  auth::User add_user(const std::string& email, Role role, const std::string& name = "Sana Mir") {
    auto u = auth_->create_user({email, name, std::string(kPassword), role});
    EXPECT_TRUE(u) << u.error().message;
    return u ? *u : auth::User{};
  }
  // A browser that has signed in as `email`.
  Browser signed_in(const std::string& email, const std::string& address = "198.51.100.7") {
    Browser b(*admin_, address);
    b.get("/admin/sign-in");
    auto r = b.post("/admin/sign-in",
                    {{"csrf", b.csrf()}, {"email", email}, {"password", std::string(kPassword)}});
    EXPECT_EQ(r.status, 303u) << r.payload();
    EXPECT_TRUE(b.cookies().contains("dl_session"));
    return b;
  }
  int users() { return *auth_->count_users(); }

  testing::TempDir dir_;
  testing::FakeClock clock_{kStart};
  std::unique_ptr<store::sqlite::SqliteStore> store_;
  std::unique_ptr<auth::SqliteAccountStore> accounts_;
  std::unique_ptr<auth::AuthService> auth_;
  std::optional<render::Theme> theme_;
  std::unique_ptr<store::sqlite::SqliteEditorial> editorial_;
  std::unique_ptr<Admin> admin_;
  std::vector<std::vector<content::Id>> changes_;  // what the back office reported to readers
  media::MediaFiles media_files_{dir_.path() / "media"};
  MediaOptions media_options_;  // read by make_admin()
};

inline bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

}  // namespace dateline::admin::testing_support
