// The site settings page: admins only, every field checked and its problem shown beside it, the
// header menu (order, hostile labels and addresses) and what the public site shows after a save.
#include <gtest/gtest.h>

#include "admin/admin_fixture.h"
#include "site/site.h"

namespace dateline::admin {
namespace {

using namespace testing_support;

class SettingsTest : public AdminTest {
 protected:
  void SetUp() override {
    AdminTest::SetUp();
    add_user("ad@example.com", Role::kAdmin, "Ad Min");
  }
  // Every field of the form as the page shows it for `s`, then `changes`.
  static Fields form(const content::SiteSettings& s, const Fields& changes = {}) {
    std::map<std::string, std::string> f{
        {"site_name", s.site_name},
        {"short_name", s.short_name},
        {"tagline", s.tagline},
        {"language", s.language},
        {"timezone", s.timezone},
        {"weather_city", s.weather_city},
        {"latitude", s.latitude ? fmt::format("{}", *s.latitude) : ""},
        {"longitude", s.longitude ? fmt::format("{}", *s.longitude) : ""},
        {"weather_unit", s.weather_unit},
        {"url_pattern", s.url_pattern},
        {"feed", s.feed_full_text ? "full" : "excerpt"}};
    for (const auto& [k, v] : changes) f[k] = v;
    return Fields(f.begin(), f.end());
  }
  static void add_nav(Fields& fields, const std::vector<content::NavLink>& links) {
    for (const auto& l : links) {
      fields.emplace_back("nav_label", l.label);
      fields.emplace_back("nav_url", l.url);
    }
  }
  http::Response submit(Browser& b, Fields fields) {
    b.get("/admin/settings");
    fields.emplace_back("csrf", b.csrf());
    return b.post("/admin/settings", fields);
  }
  content::SiteSettings stored() { return *store_->settings(); }
  std::string public_home() {
    site::Site site(*store_, *theme_, clock_, site::SiteOptions{});
    EXPECT_TRUE(site.invalidate());
    http::Request r;
    r.method = "GET";
    r.target = r.path = "/";
    return std::string(site.handle(r).payload());
  }
  static std::string menu_of(const std::string& html) {
    const auto start = html.find("aria-label=\"Sections\"");
    return html.substr(start, html.find("</nav>", start) - start);
  }
};

TEST_F(SettingsTest, OnlyAdminsSeeOrChangeTheSettings) {
  const auto before = stored();
  for (auto role : {Role::kContributor, Role::kAuthor, Role::kEditor}) {
    SCOPED_TRACE(auth::role_name(role));
    const auto email = fmt::format("{}@example.com", auth::role_name(role));
    add_user(email, role);
    auto b = signed_in(email);
    EXPECT_EQ(b.get("/admin/settings").status, 403u);
    auto r = submit(b, form(before, {{"site_name", "Hijacked"}}));
    EXPECT_EQ(r.status, 403u);
    EXPECT_FALSE(contains(b.get("/admin").payload(), "href=\"/admin/settings\""));
  }
  EXPECT_EQ(stored().site_name, before.site_name);
  EXPECT_TRUE(changes_.empty());
  auto admin = signed_in("ad@example.com");
  EXPECT_EQ(admin.get("/admin/settings").status, 200u);
  EXPECT_TRUE(contains(admin.get("/admin").payload(), "href=\"/admin/settings\""));
}

TEST_F(SettingsTest, SavingStoresEveryFieldAndTellsTheSite) {
  auto b = signed_in("ad@example.com");
  auto page = b.get("/admin/settings");
  EXPECT_TRUE(contains(page.payload(), "<option value=\"Asia/Karachi\">"));  // zone suggestions
  auto fields = form(stored(), {{"site_name", "The Valley Ledger"},
                                {"short_name", "TVL"},
                                {"tagline", "News from the Indus valley"},
                                {"language", "en-GB"},
                                {"timezone", "Asia/Karachi"},
                                {"weather_city", "Karachi"},
                                {"latitude", "24.8607"},
                                {"longitude", "67.0011"},
                                {"weather_unit", "F"},
                                {"url_pattern", "/{yyyy}/{mm}/{slug}/"},
                                {"feed", "excerpt"}});
  add_nav(fields, {{"Home", "/"}, {"", ""}, {"Climate", "/category/climate/"}});
  auto r = submit(b, fields);
  ASSERT_EQ(r.status, 303u) << r.payload();
  const auto s = stored();
  EXPECT_EQ(s.site_name, "The Valley Ledger");
  EXPECT_EQ(s.short_name, "TVL");
  EXPECT_EQ(s.tagline, "News from the Indus valley");
  EXPECT_EQ(s.language, "en-GB");
  EXPECT_EQ(s.timezone, "Asia/Karachi");
  EXPECT_EQ(s.weather_city, "Karachi");
  EXPECT_EQ(s.latitude, 24.8607);
  EXPECT_EQ(s.longitude, 67.0011);
  EXPECT_EQ(s.weather_unit, "F");
  EXPECT_EQ(s.url_pattern, "/{yyyy}/{mm}/{slug}/");
  EXPECT_FALSE(s.feed_full_text);
  // The blank row is dropped.
  EXPECT_EQ(s.navigation,
            (std::vector<content::NavLink>{{"Home", "/"}, {"Climate", "/category/climate/"}}));
  EXPECT_EQ(s.base_url, content::SiteSettings{}.base_url);  // not on the form: kept
  ASSERT_EQ(changes_.size(), 1u);
  EXPECT_TRUE(changes_.back().empty());
  page = b.get(std::string(r.header("Location")));
  EXPECT_TRUE(contains(page.payload(), "Settings saved."));
  EXPECT_TRUE(contains(page.payload(), "value=\"24.8607\""));
  EXPECT_TRUE(contains(page.payload(), "value=\"F\" checked"));

  // Clearing the coordinates and the city turns the weather off.
  r = submit(b, form(stored(), {{"weather_city", ""}, {"latitude", ""}, {"longitude", ""}}));
  ASSERT_EQ(r.status, 303u) << r.payload();
  EXPECT_FALSE(stored().latitude.has_value());
  EXPECT_TRUE(stored().navigation.empty());  // no rows sent: no menu
}

TEST_F(SettingsTest, EachProblemIsShownBesideItsFieldAndNothingIsSaved) {
  auto b = signed_in("ad@example.com");
  const auto before = stored();
  auto r = submit(b, form(before, {{"site_name", ""},
                                   {"short_name", ""},
                                   {"language", "english please"},
                                   {"timezone", "Mars/Olympus_Mons"},
                                   {"latitude", "91"},
                                   {"longitude", "east"},
                                   {"weather_unit", "K"},
                                   {"url_pattern", "/{yyyy}/"},
                                   {"feed", "maybe"}}));
  EXPECT_EQ(r.status, 422u);
  const auto body = std::string(r.payload());
  for (const char* field : {"site_name", "short_name", "language", "timezone", "latitude",
                            "longitude", "url_pattern"}) {
    EXPECT_TRUE(contains(body, fmt::format("id=\"{}-error\"", field))) << field;
    EXPECT_TRUE(contains(body, fmt::format("<a href=\"#{}\">", field))) << field;
  }
  EXPECT_TRUE(contains(body, "Site name is empty."));
  EXPECT_TRUE(contains(body, "&quot;Mars/Olympus_Mons&quot; is not a time zone"));
  EXPECT_TRUE(contains(body, "Latitude must be between -90 and 90."));
  EXPECT_TRUE(contains(body, "Enter the longitude as a number"));
  EXPECT_TRUE(contains(body, "Choose Celsius or Fahrenheit."));
  EXPECT_TRUE(contains(body, "must contain {slug} exactly once"));
  EXPECT_TRUE(contains(body, "Choose whether feeds carry whole articles or excerpts."));
  EXPECT_TRUE(contains(body, "value=\"east\""));  // typed values come back
  // The summary follows the page's order.
  EXPECT_LT(body.find("<a href=\"#site_name\">"), body.find("<a href=\"#timezone\">"));
  EXPECT_LT(body.find("<a href=\"#timezone\">"), body.find("<a href=\"#url_pattern\">"));
  EXPECT_EQ(stored().site_name, before.site_name);
  EXPECT_EQ(stored().timezone, before.timezone);
  EXPECT_TRUE(changes_.empty());

  // One coordinate without the other.
  r = submit(b, form(before, {{"weather_city", "Karachi"}, {"latitude", "24.86"}}));
  EXPECT_EQ(r.status, 422u);
  EXPECT_TRUE(contains(r.payload(), "id=\"longitude-error\""));
  EXPECT_TRUE(contains(r.payload(), "Latitude and longitude must be given together."));
  EXPECT_FALSE(stored().latitude.has_value());
}

TEST_F(SettingsTest, MenuRefusesScriptAddressesAndNamesTheRow) {
  auto b = signed_in("ad@example.com");
  for (const char* bad : {"javascript:alert(document.cookie)", " JavaScript:alert(1)",
                          "data:text/html;base64,PHNjcmlwdD4=", "//evil.example/",
                          "/\"><script>alert(1)</script>", "ftp://example.org/"}) {
    SCOPED_TRACE(bad);
    auto fields = form(stored());
    add_nav(fields, {{"Home", "/"}, {"Click me", bad}});
    auto r = submit(b, fields);
    EXPECT_EQ(r.status, 422u);
    EXPECT_TRUE(contains(r.payload(), "id=\"nav-2-url-error\""));
    EXPECT_TRUE(contains(r.payload(), "<a href=\"#nav-2-url\">"));
    EXPECT_TRUE(contains(r.payload(), "Navigation link 2 must go to a local path"));
    EXPECT_FALSE(contains(r.payload(), "<script>alert"));
    EXPECT_TRUE(stored().navigation.empty());
  }
  auto fields = form(stored());
  add_nav(fields, {{"", "/somewhere/"}});
  auto r = submit(b, fields);
  EXPECT_EQ(r.status, 422u);
  EXPECT_TRUE(contains(r.payload(), "id=\"nav-1-label-error\""));
  EXPECT_TRUE(changes_.empty());
}

TEST_F(SettingsTest, MenuReplacesTheCategoriesInThePublicHeaderWithLabelsEscaped) {
  content::Category world;
  world.name = "World";
  ASSERT_TRUE(editorial_->save_category(world));
  EXPECT_TRUE(contains(menu_of(public_home()), "<a href=\"/category/world/\" >World</a>"));

  auto b = signed_in("ad@example.com");
  auto fields = form(stored());
  add_nav(fields, {{"<img src=x onerror=alert(1)> & \"Co\"", "/about/?a=1&b=2"},
                   {"Archive", "https://archive.example.org/"}});
  ASSERT_EQ(submit(b, fields).status, 303u);
  const auto menu = menu_of(public_home());
  EXPECT_FALSE(contains(menu, "<img"));
  EXPECT_TRUE(contains(menu, "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Co&quot;"));
  EXPECT_TRUE(contains(menu, "href=\"/about/?a=1&amp;b=2\""));
  EXPECT_TRUE(contains(menu, "href=\"https://archive.example.org/\""));
  EXPECT_FALSE(contains(menu, "/category/world/"));
  // The home link is the current page on the home page.
  fields = form(stored());
  add_nav(fields, {{"Home", "/"}, {"World", "/category/world/"}});
  ASSERT_EQ(submit(b, fields).status, 303u);
  EXPECT_TRUE(contains(menu_of(public_home()), "<a href=\"/\" aria-current=\"page\">Home</a>"));
}

TEST_F(SettingsTest, PublicHeaderSkipsAHostileLinkWrittenStraightIntoTheDatabase) {
  auto s = stored();
  s.navigation = {{"Bad", "javascript:alert(1)"}, {"Good", "/good/"}};
  ASSERT_TRUE(store_->write([&](store::WriteTxn& txn) { return txn.save_settings(s); }));
  const auto menu = menu_of(public_home());
  EXPECT_FALSE(contains(menu, "javascript:"));
  EXPECT_TRUE(contains(menu, "href=\"/good/\""));
}

TEST_F(SettingsTest, UpAndDownMoveAMenuLinkAndSave) {
  auto b = signed_in("ad@example.com");
  auto fields = form(stored());
  add_nav(fields, {{"One", "/1/"}, {"Two", "/2/"}, {"Three", "/3/"}});
  ASSERT_EQ(submit(b, fields).status, 303u);
  auto page = b.get("/admin/settings");
  EXPECT_FALSE(contains(page.payload(), "value=\"up-1\""));
  EXPECT_TRUE(contains(page.payload(), "value=\"down-1\""));
  EXPECT_FALSE(contains(page.payload(), "value=\"down-3\""));

  fields = form(stored(), {{"move", "up-3"}});
  add_nav(fields, {{"One", "/1/"}, {"Two", "/2/"}, {"Three", "/3/"}, {"", ""}});
  auto r = submit(b, fields);
  ASSERT_EQ(r.status, 303u) << r.payload();
  EXPECT_EQ(r.header("Location"), "/admin/settings?saved=moved#navigation");
  EXPECT_EQ(stored().navigation,
            (std::vector<content::NavLink>{{"One", "/1/"}, {"Three", "/3/"}, {"Two", "/2/"}}));
  fields = form(stored(), {{"move", "down-1"}});
  add_nav(fields, stored().navigation);
  ASSERT_EQ(submit(b, fields).status, 303u);
  EXPECT_EQ(stored().navigation,
            (std::vector<content::NavLink>{{"Three", "/3/"}, {"One", "/1/"}, {"Two", "/2/"}}));
}

}  // namespace
}  // namespace dateline::admin
