// The back office over plain Request/Response values: what a browser would see, without sockets.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "admin/admin_fixture.h"

namespace dateline::admin {
namespace {

using namespace testing_support;

// A media library row (its files are not needed to render the back-office pages).
content::Id add_media_row(store::Editorial& editorial, content::Id uploader) {
  store::MediaItem m;
  m.hash = std::string(32, 'a');
  m.original_name = "harbour.png";
  m.alt = "Cranes at the harbour";
  m.caption = "Karachi, at dawn";
  m.width = 800;
  m.height = 600;
  m.source_format = "png";
  for (int w : {320, 640, 800}) {
    const int h = w * 3 / 4;
    m.variants.push_back({fmt::format("{}-{}.webp", m.hash, w), w, h, "image/webp", 1000 * w});
    m.variants.push_back({fmt::format("{}-{}.jpg", m.hash, w), w, h, "image/jpeg", 2000 * w});
    m.bytes += 3000 * w;
  }
  m.uploaded_by = uploader;
  m.created_at = kStart;
  auto id = editorial.add_media(m);
  EXPECT_TRUE(id) << id.error().message;
  return id ? *id : 0;
}

// A multipart/form-data upload of `bytes` as "notes.jpg", with the form's CSRF token.
http::Response post_upload(Browser& b, const std::string& csrf, const std::string& bytes) {
  const std::string boundary = "----DatelineTestBoundary";
  const auto body = fmt::format(
      "--{0}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{1}\r\n"
      "--{0}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.jpg\"\r\n"
      "Content-Type: image/jpeg\r\n\r\n{2}\r\n--{0}--\r\n",
      boundary, csrf, bytes);
  return b.request("POST", "/admin/media",
                   {{"content-type", "multipart/form-data; boundary=" + boundary}}, body);
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
  const auto user = add_user("sana@example.com", Role::kAdmin);
  auto b = signed_in("sana@example.com");
  Browser anonymous(*admin_);
  const auto media_id = add_media_row(*editorial_, user.id);
  for (const auto& body :
       {std::string(anonymous.get("/admin/sign-in").payload()),
        std::string(b.get("/admin").payload()), std::string(b.get("/admin/users").payload()),
        std::string(b.get("/admin/articles").payload()),
        std::string(b.get("/admin/articles/new").payload()),
        std::string(b.get("/admin/users/new").payload()),
        std::string(b.get("/admin/users/1").payload()),
        std::string(b.get("/admin/authors").payload()),
        std::string(b.get("/admin/authors/new").payload()),
        std::string(b.get("/admin/profile").payload()),
        std::string(b.get("/admin/categories").payload()),
        std::string(b.get("/admin/settings").payload()),
        std::string(b.post("/admin/tokens", {{"csrf", b.csrf()}, {"name", "Desk"}}).payload()),
        std::string(b.get("/admin/tokens").payload()), std::string(b.get("/admin/media").payload()),
        std::string(b.get(fmt::format("/admin/media/{}", media_id)).payload())}) {
    // Scripts only as files from the site itself (CSP script-src 'self').
    for (auto at = body.find("<script"); at != std::string::npos;
         at = body.find("<script", at + 1)) {
      EXPECT_EQ(body.compare(at, 21, "<script src=\"/assets/"), 0) << body.substr(at, 80);
    }
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
  const auto admin_user = add_user("sana@example.com", Role::kAdmin);
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
  pages.emplace_back("tokens-empty", std::string(admin.get("/admin/tokens").payload()));
  pages.emplace_back(
      "tokens-error",
      std::string(admin.post("/admin/tokens", {{"csrf", admin.csrf()}, {"name", ""}}).payload()));
  pages.emplace_back(
      "tokens-issued",
      std::string(
          admin.post("/admin/tokens", {{"csrf", admin.csrf()}, {"name", "Wire desk"}}).payload()));
  admin.post("/admin/tokens/1/revoke", {{"csrf", admin.csrf()}});
  pages.emplace_back("tokens-list", std::string(admin.get("/admin/tokens?revoked=1").payload()));
  pages.emplace_back("articles", std::string(admin.get("/admin/articles").payload()));
  pages.emplace_back("editor-new", std::string(admin.get("/admin/articles/new").payload()));
  admin.get("/admin/articles/new");
  pages.emplace_back("editor-errors",
                     std::string(admin
                                     .post("/admin/articles/new", {{"csrf", admin.csrf()},
                                                                   {"title", ""},
                                                                   {"slug", "Bad Slug"},
                                                                   {"action", "save"}})
                                     .payload()));
  admin.get("/admin/articles/new");
  const auto created = admin.post("/admin/articles/new", {{"csrf", admin.csrf()},
                                                          {"title", "Valid page"},
                                                          {"body", "One.\n\nTwo."},
                                                          {"action", "save"}});
  const auto edit_url = std::string(created.header("Location"));
  pages.emplace_back("editor", std::string(admin.get(edit_url).payload()));
  admin.post(edit_url.substr(0, edit_url.find('?')), {{"csrf", admin.csrf()},
                                                      {"version", "1"},
                                                      {"title", "Valid page, edited"},
                                                      {"body", "One.\n\nThree."},
                                                      {"action", "save"}});
  const auto base = edit_url.substr(0, edit_url.find('?'));
  pages.emplace_back("revisions", std::string(admin.get(base + "/revisions").payload()));
  const auto revisions = admin.get(base + "/revisions");
  const auto link = std::string(revisions.payload()).rfind(base + "/revisions/");
  ASSERT_NE(link, std::string::npos);
  const auto end = std::string(revisions.payload()).find('"', link);
  pages.emplace_back(
      "revision",
      std::string(admin.get(std::string(revisions.payload()).substr(link, end - link)).payload()));
  const auto media_id = add_media_row(*editorial_, admin_user.id);
  pages.emplace_back(
      "media", std::string(admin.get(fmt::format("/admin/media?uploaded={}", media_id)).payload()));
  pages.emplace_back("media-errors",
                     std::string(post_upload(admin, admin.csrf(), "not an image").payload()));
  pages.emplace_back("media-empty", std::string(admin.get("/admin/media?q=nothing").payload()));
  const auto media_url = fmt::format("/admin/media/{}", media_id);
  pages.emplace_back("media-item", std::string(admin.get(media_url + "?saved=1").payload()));
  pages.emplace_back("media-item-errors",
                     std::string(admin
                                     .post(media_url, {{"csrf", admin.csrf()},
                                                       {"alt", std::string(400, 'a')},
                                                       {"caption", std::string(1200, 'c')}})
                                     .payload()));
  add_user("c@example.com", Role::kContributor, "Cub Reporter");
  auto contributor = signed_in("c@example.com", "198.51.100.8");
  pages.emplace_back("media-item-readonly", std::string(contributor.get(media_url).payload()));

  // Accounts, authors, categories and settings, with and without errors.
  const auto post = [&](const std::string& page, const std::string& target, Fields fields) {
    admin.get(page);
    fields.emplace_back("csrf", admin.csrf());
    return std::string(admin.post(target, fields).payload());
  };
  const auto other = add_user("ed@example.com", Role::kEditor, "Ed Itor");
  const auto other_url = fmt::format("/admin/users/{}", other.id);
  pages.emplace_back("users-list", std::string(admin.get("/admin/users?done=deleted").payload()));
  pages.emplace_back("user-new", std::string(admin.get("/admin/users/new").payload()));
  pages.emplace_back("user-new-errors",
                     post("/admin/users/new", "/admin/users/new",
                          {{"name", ""}, {"email", "x"}, {"role", "x"}, {"password", "short"}}));
  pages.emplace_back("user", std::string(admin.get(other_url + "?done=password").payload()));
  pages.emplace_back("user-yourself", std::string(admin.get("/admin/users/1").payload()));
  pages.emplace_back("user-errors", post(other_url, other_url + "/delete", {}));
  post(other_url, other_url + "/disable", {});
  pages.emplace_back("user-disabled",
                     std::string(admin.get(other_url + "?done=disabled").payload()));
  pages.emplace_back("users-with-disabled", std::string(admin.get("/admin/users").payload()));
  post(other_url, other_url + "/enable", {});
  pages.emplace_back("account", std::string(admin.get("/admin/account?done=password").payload()));
  pages.emplace_back("account-errors", post("/admin/account", "/admin/account/password",
                                            {{"current_password", ""}, {"password", "short"}}));
  pages.emplace_back("media-item-delete-errors", post(media_url, media_url + "/delete", {}));
  pages.emplace_back("media-deleted", std::string(admin.get("/admin/media?deleted=1").payload()));
  store::MediaItem photo;
  photo.hash = "0123456789abcdef0123456789abcdef";
  photo.alt = "Portrait";
  photo.width = 640;
  photo.height = 640;
  photo.source_format = "jpeg";
  photo.variants = {{photo.hash + "-320.webp", 320, 320, "image/webp", 5}};
  const auto photo_id = editorial_->add_media(photo);
  ASSERT_TRUE(photo_id);
  content::Author byline;
  byline.name = "Omar Shah";  // the admin writes as Sana Mir already
  byline.bio = "Reports on water.\nBased in Karachi.";
  byline.photo_media_id = *photo_id;
  const auto author = editorial_->save_author(byline);
  ASSERT_TRUE(author);
  const auto author_url = fmt::format("/admin/authors/{}", author->id);
  pages.emplace_back("authors", std::string(admin.get("/admin/authors").payload()));
  pages.emplace_back("author-new", std::string(admin.get("/admin/authors/new").payload()));
  pages.emplace_back("author", std::string(admin.get(author_url + "?saved=1").payload()));
  pages.emplace_back("author-errors",
                     post(author_url, author_url, {{"name", ""}, {"slug", "Bad"}, {"photo", "x"}}));
  pages.emplace_back("profile", std::string(admin.get("/admin/profile").payload()));
  pages.emplace_back("profile-errors",
                     post("/admin/profile", "/admin/profile", {{"bio", std::string("\x01")}}));
  content::Category world;
  world.name = "World";
  ASSERT_TRUE(editorial_->save_category(world));
  content::Category sport;
  sport.name = "Sport";
  const auto sport_saved = editorial_->save_category(sport);
  ASSERT_TRUE(sport_saved);
  const auto water = editorial_->ensure_tag("Water");
  ASSERT_TRUE(water);
  const auto tag_url = fmt::format("/admin/categories/tags/{}", water->id);
  pages.emplace_back("tag", std::string(admin.get(tag_url + "?done=renamed").payload()));
  pages.emplace_back("tag-errors", post(tag_url, tag_url, {{"name", ""}, {"slug", "Bad Slug"}}));
  pages.emplace_back("tag-merge-errors", post(tag_url, tag_url + "/merge", {{"into", "nothing"}}));
  pages.emplace_back("tag-delete-errors", post(tag_url, tag_url + "/delete", {}));
  pages.emplace_back("categories",
                     std::string(admin.get("/admin/categories?done=moved").payload()));
  pages.emplace_back("categories-errors",
                     post("/admin/categories", fmt::format("/admin/categories/{}", sport_saved->id),
                          {{"name", ""}, {"slug", "world"}}));
  pages.emplace_back("settings", std::string(admin.get("/admin/settings?saved=1").payload()));
  pages.emplace_back("settings-errors", post("/admin/settings", "/admin/settings",
                                             {{"site_name", ""},
                                              {"timezone", "Nowhere"},
                                              {"latitude", "x"},
                                              {"weather_unit", "K"},
                                              {"nav_label", "Home"},
                                              {"nav_url", "javascript:alert(1)"},
                                              {"nav_label", "About"},
                                              {"nav_url", "/about/"}}));
  pages.emplace_back("forbidden-section", [&] {
    auto editor = signed_in("ed@example.com");
    return std::string(editor.get("/admin/settings").payload());
  }());

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
