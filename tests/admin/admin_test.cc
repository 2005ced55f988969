// The back office over plain Request/Response values: what a browser would see, without sockets.
#include "admin/admin.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "auth/crypto.h"
#include "auth/sqlite_account_store.h"
#include "core/strings.h"
#include "render/default_theme.h"
#include "testing/fake_clock.h"
#include "testing/temp_dir.h"

namespace dateline::admin {
namespace {

using auth::Role;
using Fields = std::vector<std::pair<std::string, std::string>>;

constexpr std::chrono::sys_seconds kStart{std::chrono::sys_days{std::chrono::year{2025} / 11 / 27}};
constexpr std::string_view kPassword = "correct horse battery staple";
constexpr std::string_view kHost = "news.example";

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
    admin_ = std::make_unique<Admin>(*store_, *auth_, *theme_, std::move(options));
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
  std::unique_ptr<Admin> admin_;
};

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// ---- first admin -----------------------------------------------------------------------------

TEST_F(AdminTest, FirstAdminFormShowsOnlyWhileNoUserExists) {
  Browser b(*admin_);
  auto empty = b.get("/admin");
  EXPECT_EQ(empty.status, 200u);
  EXPECT_TRUE(contains(empty.payload(), "Create the first admin"));
  EXPECT_TRUE(contains(empty.payload(), "action=\"/admin/setup\""));
  EXPECT_TRUE(b.cookies().contains("dl_form"));

  add_user("sana@example.com", Role::kEditor);
  for (const char* target : {"/admin", "/admin/setup"}) {
    auto r = b.get(target);
    EXPECT_EQ(r.status, 303u) << target;
    EXPECT_EQ(r.header("Location"), "/admin/sign-in") << target;
    EXPECT_FALSE(contains(r.payload(), "Create the first admin"));
  }
  EXPECT_FALSE(contains(b.get("/admin/sign-in").payload(), "Create the first admin"));
}

TEST_F(AdminTest, CreatingTheFirstAdminSignsInAndSecondAttemptIsRefused) {
  Browser b(*admin_);
  b.get("/admin");
  auto r = b.post("/admin/setup", {{"csrf", b.csrf()},
                                   {"name", "Ayesha Khan"},
                                   {"email", "Ayesha@Example.com"},
                                   {"password", std::string(kPassword)},
                                   {"password_confirm", std::string(kPassword)}});
  ASSERT_EQ(r.status, 303u) << r.payload();
  EXPECT_EQ(r.header("Location"), "/admin");
  EXPECT_TRUE(r.header("Set-Cookie").starts_with("dl_session="));
  auto dashboard = b.get("/admin");
  EXPECT_EQ(dashboard.status, 200u);
  EXPECT_TRUE(contains(dashboard.payload(), "Welcome, Ayesha Khan"));
  EXPECT_TRUE(contains(dashboard.payload(), "ayesha@example.com"));
  EXPECT_TRUE(contains(dashboard.payload(), "<strong>admin</strong>"));

  Browser late(*admin_);
  late.get("/admin/sign-in");  // gets a form cookie; the setup form itself is gone
  auto again = late.post("/admin/setup", {{"csrf", late.csrf()},
                                          {"name", "Mallory"},
                                          {"email", "mallory@example.com"},
                                          {"password", std::string(kPassword)},
                                          {"password_confirm", std::string(kPassword)}});
  EXPECT_EQ(again.status, 409u);
  EXPECT_FALSE(late.cookies().contains("dl_session"));
  EXPECT_EQ(users(), 1);
}

TEST_F(AdminTest, SetupShowsErrorsNextToTheirFieldsAndKeepsNoPassword) {
  Browser b(*admin_);
  b.get("/admin");
  auto r = b.post("/admin/setup", {{"csrf", b.csrf()},
                                   {"name", "Ayesha"},
                                   {"email", "ayesha"},
                                   {"password", "too short"},
                                   {"password_confirm", "different"}});
  EXPECT_EQ(r.status, 422u);
  const auto body = r.payload();
  EXPECT_TRUE(contains(body, "id=\"setup-email-error\""));
  EXPECT_TRUE(contains(body, "id=\"setup-password-error\""));
  EXPECT_TRUE(contains(body, "id=\"setup-password_confirm-error\""));
  EXPECT_FALSE(contains(body, "id=\"setup-name-error\""));
  EXPECT_TRUE(contains(body, "Use at least 12 characters."));
  EXPECT_TRUE(contains(body, "value=\"Ayesha\""));  // kept
  EXPECT_FALSE(contains(body, "too short"));        // passwords never echoed
  EXPECT_EQ(users(), 0);
}

// ---- signing in ------------------------------------------------------------------------------

TEST_F(AdminTest, AdminWithoutASessionRedirectsToSignIn) {
  add_user("sana@example.com", Role::kAdmin);
  Browser b(*admin_);
  auto r = b.get("/admin");
  EXPECT_EQ(r.status, 303u);
  EXPECT_EQ(r.header("Location"), "/admin/sign-in");
  auto users_page = b.get("/admin/users");
  EXPECT_EQ(users_page.status, 303u);
  EXPECT_EQ(users_page.header("Location"), "/admin/sign-in?next=%2Fadmin%2Fusers");
  b.cookies()["dl_session"] = auth::random_token();  // forged or expired
  EXPECT_EQ(b.get("/admin").status, 303u);
}

TEST_F(AdminTest, SignInSetsAnHttpOnlySameSiteLaxSessionCookie) {
  add_user("sana@example.com", Role::kEditor);
  Browser b(*admin_);
  auto form = b.get("/admin/sign-in");
  EXPECT_EQ(form.status, 200u);
  EXPECT_TRUE(contains(form.header("Set-Cookie"), "dl_form="));
  auto r = b.post(
      "/admin/sign-in",
      {{"csrf", b.csrf()}, {"email", "sana@example.com"}, {"password", std::string(kPassword)}});
  ASSERT_EQ(r.status, 303u) << r.payload();
  EXPECT_EQ(r.header("Location"), "/admin");
  const auto cookie = r.header("Set-Cookie");
  EXPECT_TRUE(cookie.starts_with("dl_session=")) << cookie;
  EXPECT_TRUE(contains(cookie, "; HttpOnly")) << cookie;
  EXPECT_TRUE(contains(cookie, "; SameSite=Lax")) << cookie;
  EXPECT_TRUE(contains(cookie, "; Path=/;")) << cookie;
  EXPECT_FALSE(contains(cookie, "Secure")) << cookie;  // plain http, no trusted proxy
  EXPECT_TRUE(auth::is_token_shaped(b.cookies()["dl_session"]));
  EXPECT_EQ(b.get("/admin").status, 200u);
}

TEST_F(AdminTest, SignInReturnsToASafeNextPage) {
  add_user("sana@example.com", Role::kAdmin);
  Browser b(*admin_);
  b.get("/admin/sign-in?next=%2Fadmin%2Fusers");
  auto r = b.post("/admin/sign-in", {{"csrf", b.csrf()},
                                     {"next", "/admin/users"},
                                     {"email", "sana@example.com"},
                                     {"password", std::string(kPassword)}});
  EXPECT_EQ(r.header("Location"), "/admin/users");
  Browser c(*admin_);
  c.get("/admin/sign-in");
  r = c.post("/admin/sign-in", {{"csrf", c.csrf()},
                                {"next", "https://evil.example/"},
                                {"email", "sana@example.com"},
                                {"password", std::string(kPassword)}});
  EXPECT_EQ(r.header("Location"), "/admin");
}

TEST_F(AdminTest, CookieIsSecureOnlyBehindATrustedHttpsProxy) {
  add_user("sana@example.com", Role::kEditor);
  make_admin(AdminOptions{{"10.0.0.1"}, false});
  const Fields https = {{"x-forwarded-proto", "https"}, {"x-forwarded-for", "203.0.113.50"}};
  Browser proxied(*admin_, "10.0.0.1");
  proxied.get("/admin/sign-in", https);
  auto r = proxied.post("/admin/sign-in",
                        {{"csrf", proxied.csrf()},
                         {"email", "sana@example.com"},
                         {"password", std::string(kPassword)}},
                        https);
  ASSERT_EQ(r.status, 303u);
  EXPECT_TRUE(contains(r.header("Set-Cookie"), "; Secure"));

  Browser direct(*admin_, "198.51.100.7");  // says https, but is not the proxy
  direct.get("/admin/sign-in", https);
  r = direct.post("/admin/sign-in",
                  {{"csrf", direct.csrf()},
                   {"email", "sana@example.com"},
                   {"password", std::string(kPassword)}},
                  https);
  ASSERT_EQ(r.status, 303u);
  EXPECT_FALSE(contains(r.header("Set-Cookie"), "Secure"));
}

TEST_F(AdminTest, UnknownEmailGetsTheSameAnswerAsAWrongPassword) {
  add_user("sana@example.com", Role::kEditor);
  Browser b(*admin_);
  b.get("/admin/sign-in");
  const auto csrf = b.csrf();
  // Same length on purpose: the form echoes the typed email back, nothing else differs.
  auto wrong =
      b.post("/admin/sign-in",
             {{"csrf", csrf}, {"email", "sana@example.com"}, {"password", "not the password"}});
  auto unknown =
      b.post("/admin/sign-in",
             {{"csrf", csrf}, {"email", "omar@example.com"}, {"password", "not the password"}});
  EXPECT_EQ(wrong.status, 422u);
  EXPECT_EQ(unknown.status, wrong.status);
  EXPECT_EQ(unknown.headers, wrong.headers);
  const auto same = core::replace_all(unknown.payload(), "omar@example.com", "sana@example.com");
  EXPECT_EQ(same, wrong.payload());
  EXPECT_TRUE(contains(wrong.payload(), "The email address or password is incorrect."));
  EXPECT_FALSE(b.cookies().contains("dl_session"));
}

TEST_F(AdminTest, RepeatedFailuresLockTheSignInOutThenItLifts) {
  add_user("sana@example.com", Role::kEditor);
  Browser b(*admin_);
  b.get("/admin/sign-in");
  const auto csrf = b.csrf();
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(
        b.post("/admin/sign-in",
               {{"csrf", csrf}, {"email", "sana@example.com"}, {"password", "not the password"}})
            .status,
        422u);
  }
  const Fields right = {
      {"csrf", csrf}, {"email", "sana@example.com"}, {"password", std::string(kPassword)}};
  auto locked = b.post("/admin/sign-in", right);
  EXPECT_EQ(locked.status, 429u);
  EXPECT_EQ(locked.header("Retry-After"), "300");
  EXPECT_TRUE(contains(locked.payload(), "Too many failed sign-ins. Try again in 5 minutes."));
  EXPECT_FALSE(b.cookies().contains("dl_session"));
  clock_.advance(std::chrono::minutes{5});
  EXPECT_EQ(b.post("/admin/sign-in", right).status, 303u);
}

// ---- CSRF and origin -------------------------------------------------------------------------

TEST_F(AdminTest, PostWithoutOrWithAWrongCsrfTokenIsRefusedAndChangesNothing) {
  add_user("sana@example.com", Role::kEditor);
  auto b = signed_in("sana@example.com");
  auto other = signed_in("sana@example.com", "198.51.100.8");
  for (const Fields& fields : {Fields{}, Fields{{"csrf", ""}}, Fields{{"csrf", "forged"}},
                               Fields{{"csrf", auth::random_token()}}}) {
    auto r = b.post("/admin/sign-out-everywhere", fields);
    EXPECT_EQ(r.status, 403u);
    EXPECT_TRUE(r.header("Set-Cookie").empty());
  }
  EXPECT_EQ(b.post("/admin/sign-out", {}).status, 403u);
  EXPECT_EQ(b.get("/admin").status, 200u);  // both sessions live on
  EXPECT_EQ(other.get("/admin").status, 200u);

  // Before sign-in: the form's token must come with the browser's form cookie.
  Browser stranger(*admin_);
  auto r = stranger.post("/admin/sign-in",
                         {{"email", "sana@example.com"}, {"password", std::string(kPassword)}});
  EXPECT_EQ(r.status, 403u);
  EXPECT_FALSE(stranger.cookies().contains("dl_session"));
  Browser thief(*admin_);
  thief.get("/admin/sign-in");
  thief.cookies()["dl_form"] = auth::random_token();  // token from one secret, cookie from another
  r = thief.post(
      "/admin/sign-in",
      {{"csrf", b.csrf()}, {"email", "sana@example.com"}, {"password", std::string(kPassword)}});
  EXPECT_EQ(r.status, 403u);
  EXPECT_FALSE(thief.cookies().contains("dl_session"));
}

TEST_F(AdminTest, PostFromAnotherOriginIsRefusedEvenWithTheToken) {
  add_user("sana@example.com", Role::kEditor);
  auto b = signed_in("sana@example.com");
  b.get("/admin");
  auto r = b.post("/admin/sign-out", {{"csrf", b.csrf()}}, {{"origin", "https://evil.example"}});
  EXPECT_EQ(r.status, 403u);
  r = b.post("/admin/sign-out", {{"csrf", b.csrf()}}, {{"referer", "https://evil.example/x"}});
  EXPECT_EQ(r.status, 403u);
  EXPECT_EQ(b.get("/admin").status, 200u);
  r = b.post("/admin/sign-out", {{"csrf", b.csrf()}}, {{"origin", "https://news.example"}});
  EXPECT_EQ(r.status, 303u);
}

// ---- signing out -----------------------------------------------------------------------------

TEST_F(AdminTest, SignOutEndsTheSessionAndClearsTheCookie) {
  add_user("sana@example.com", Role::kEditor);
  auto b = signed_in("sana@example.com");
  b.get("/admin");
  const auto token = b.cookies()["dl_session"];
  auto r = b.post("/admin/sign-out", {{"csrf", b.csrf()}});
  EXPECT_EQ(r.status, 303u);
  EXPECT_EQ(r.header("Location"), "/admin/sign-in?signed-out=1");
  EXPECT_TRUE(contains(r.header("Set-Cookie"), "dl_session=; Path=/; Max-Age=0"));
  EXPECT_FALSE(auth_->authenticate(token));
  EXPECT_TRUE(contains(b.get("/admin/sign-in?signed-out=1").payload(), "You have signed out."));
}

TEST_F(AdminTest, SignOutEverywhereEndsEveryBrowsersSession) {
  add_user("sana@example.com", Role::kEditor);
  auto laptop = signed_in("sana@example.com");
  auto phone = signed_in("sana@example.com", "198.51.100.8");
  laptop.get("/admin");
  auto r = laptop.post("/admin/sign-out-everywhere", {{"csrf", laptop.csrf()}});
  EXPECT_EQ(r.status, 303u);
  EXPECT_EQ(r.header("Location"), "/admin/sign-in?signed-out=everywhere");
  EXPECT_EQ(phone.get("/admin").status, 303u);
  laptop.cookies().erase("dl_session");
  EXPECT_EQ(laptop.get("/admin").status, 303u);
}

// ---- roles -----------------------------------------------------------------------------------

TEST_F(AdminTest, UsersPageIsForRolesThatManageUsers) {
  add_user("ed@example.com", Role::kEditor, "Ed Itor");
  add_user("ad@example.com", Role::kAdmin, "Ad Min");
  auto editor = signed_in("ed@example.com");
  auto denied = editor.get("/admin/users");
  EXPECT_EQ(denied.status, 403u);
  EXPECT_TRUE(contains(denied.payload(), "Your role (editor) does not allow this"));
  EXPECT_FALSE(contains(editor.get("/admin").payload(), "href=\"/admin/users\""));

  auto admin = signed_in("ad@example.com");
  auto list = admin.get("/admin/users");
  EXPECT_EQ(list.status, 200u);
  EXPECT_TRUE(contains(list.payload(), "ed@example.com"));
  EXPECT_TRUE(contains(list.payload(), "<td>editor</td>"));
  EXPECT_TRUE(contains(admin.get("/admin").payload(), "href=\"/admin/users\""));
}

TEST_F(AdminTest, DashboardListsExactlyWhatTheRoleAllows) {
  add_user("c@example.com", Role::kContributor);
  auto page = std::string(signed_in("c@example.com").get("/admin").payload());
  for (auto action : auth::kAllActions) {
    EXPECT_EQ(contains(page, auth::action_label(action)), auth::can(Role::kContributor, action))
        << auth::action_name(action);
  }
}

// ---- every answer ----------------------------------------------------------------------------

TEST_F(AdminTest, EveryAnswerCarriesSecurityHeadersAndNoStore) {
  add_user("sana@example.com", Role::kEditor);
  auto b = signed_in("sana@example.com");
  Browser anonymous(*admin_);
  std::vector<http::Response> answers = {anonymous.get("/admin/sign-in"),
                                         anonymous.get("/admin"),
                                         anonymous.post("/admin/sign-in", {}),
                                         anonymous.get("/admin/nope"),
                                         b.get("/admin"),
                                         b.post("/admin/sign-out", {}),
                                         anonymous.request("DELETE", "/admin")};
  for (const auto& r : answers) {
    SCOPED_TRACE(r.status);
    const auto csp = r.header("Content-Security-Policy");
    EXPECT_TRUE(contains(csp, "script-src 'self'"));
    EXPECT_TRUE(contains(csp, "frame-ancestors 'none'"));
    EXPECT_FALSE(contains(csp, "unsafe-inline"));
    EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(r.header("Referrer-Policy"), "strict-origin-when-cross-origin");
    EXPECT_EQ(r.header("Cache-Control"), "no-store");
  }
}

TEST_F(AdminTest, PagesHaveNoInlineScriptOrStyle) {
  add_user("sana@example.com", Role::kAdmin);
  auto b = signed_in("sana@example.com");
  Browser anonymous(*admin_);
  for (const auto& body :
       {std::string(anonymous.get("/admin/sign-in").payload()),
        std::string(b.get("/admin").payload()), std::string(b.get("/admin/users").payload())}) {
    EXPECT_FALSE(contains(body, "<script"));
    EXPECT_FALSE(contains(body, "<style"));
    EXPECT_FALSE(contains(body, "style=\""));
  }
}

// Zero errors from the Nu Html Checker on every admin page and on admin.css. Skips when Java or
// the checker (npm's vnu-jar, installed for the browser tests) is missing.
TEST_F(AdminTest, PagesAreValidHtml) {
  if (!std::filesystem::exists(DATELINE_VNU_JAR) ||
      std::system("java -version > /dev/null 2>&1") != 0) {
    GTEST_SKIP() << "no Java or no vnu.jar at " << DATELINE_VNU_JAR;
  }
  std::vector<std::pair<std::string, std::string>> pages;
  Browser first(*admin_);
  pages.emplace_back("setup", std::string(first.get("/admin").payload()));
  pages.emplace_back("setup-errors",
                     std::string(first
                                     .post("/admin/setup", {{"csrf", first.csrf()},
                                                            {"name", ""},
                                                            {"email", "x"},
                                                            {"password", "short"},
                                                            {"password_confirm", ""}})
                                     .payload()));
  add_user("sana@example.com", Role::kAdmin);
  Browser b(*admin_);
  pages.emplace_back("sign-in", std::string(b.get("/admin/sign-in?signed-out=1").payload()));
  pages.emplace_back(
      "sign-in-error",
      std::string(b.post("/admin/sign-in",
                         {{"csrf", b.csrf()}, {"email", "sana@example.com"}, {"password", "wrong"}})
                      .payload()));
  pages.emplace_back("forbidden", std::string(b.post("/admin/sign-in", {}).payload()));
  pages.emplace_back("not-found", std::string(b.get("/admin/nope").payload()));
  auto admin = signed_in("sana@example.com");
  pages.emplace_back("dashboard", std::string(admin.get("/admin").payload()));
  pages.emplace_back("users", std::string(admin.get("/admin/users").payload()));

  testing::TempDir out;
  std::string files;
  for (const auto& [name, html] : pages) {
    ASSERT_FALSE(html.empty()) << name;
    files += " '" + out.write(name + ".html", html).string() + "'";
  }
  const auto* css = theme_->find_asset(
      theme_->asset_url("admin.css").substr(std::string_view("/assets/").size()));
  ASSERT_NE(css, nullptr);
  files += " '" + out.write("admin.css", css->data).string() + "'";
  const auto report = out.path() / "vnu.txt";
  const auto command = fmt::format("java -jar '{}' --errors-only --also-check-css {} > '{}' 2>&1",
                                   DATELINE_VNU_JAR, files, report.string());
  const int status = std::system(command.c_str());
  std::ifstream in(report);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << text;
}

}  // namespace
}  // namespace dateline::admin
