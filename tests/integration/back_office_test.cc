// The back office through the real server: an admin changes the site settings over HTTP and every
// reader sees the change at once: the name, the header menu and the weather's new place.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "core/strings.h"
#include "integration/harness.h"

namespace dateline::integration {
namespace {

using testing::HttpClient;
using testing::HttpHeaders;
using testing::HttpResponse;

bool has(std::string_view html, std::string_view needle) {
  return html.find(needle) != std::string_view::npos;
}

// A browser over HttpClient: keeps cookies and the last page's CSRF field.
class Browser {
 public:
  explicit Browser(unsigned short port) : client_(port) {}

  HttpResponse get(std::string_view target) { return keep(client_.get(target, headers())); }
  HttpResponse post(std::string_view target,
                    std::vector<std::pair<std::string, std::string>> fields) {
    fields.emplace_back("csrf", csrf_);
    std::string body;
    for (const auto& [k, v] : fields) {
      if (!body.empty()) body += '&';
      body += core::url_encode(k) + "=" + core::url_encode(v);
    }
    auto h = headers();
    h.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    return keep(client_.request("POST", target, h, body));
  }

 private:
  HttpHeaders headers() const {
    std::string cookie;
    for (const auto& [k, v] : cookies_) cookie += (cookie.empty() ? "" : "; ") + k + "=" + v;
    if (cookie.empty()) return {};
    return {{"Cookie", cookie}};
  }
  HttpResponse keep(HttpResponse r) {
    for (const auto& [k, v] : r.headers) {
      if (k != "set-cookie") continue;
      const auto eq = v.find('=');
      cookies_[v.substr(0, eq)] = v.substr(eq + 1, v.find(';') - eq - 1);
    }
    const std::string_view marker = "name=\"csrf\" value=\"";
    if (const auto at = r.body.find(marker); at != std::string::npos) {
      const auto start = at + marker.size();
      csrf_ = r.body.substr(start, r.body.find('"', start) - start);
    }
    return r;
  }

  HttpClient client_;
  std::map<std::string, std::string> cookies_;
  std::string csrf_;
};

TEST(BackOfficeTest, SettingsSavedByAnAdminShowOnThePublicSiteAtOnce) {
  TestSite site(ledger_options());
  site.import(ledger_articles());
  EXPECT_TRUE(has(site.page("/"), "The Valley Ledger"));
  site.wait_for("/", "Karachi</span>");

  Browser admin(site.port());
  admin.get("/admin");
  auto r = admin.post("/admin/setup", {{"name", "Ad Min"},
                                       {"email", "ad@example.com"},
                                       {"password", "correct horse battery staple"},
                                       {"password_confirm", "correct horse battery staple"}});
  ASSERT_EQ(r.status, 303u) << r.body;
  ASSERT_EQ(admin.get("/admin/settings").status, 200u);

  std::vector<std::pair<std::string, std::string>> fields{{"site_name", "The Delta Ledger"},
                                                          {"short_name", "TDL"},
                                                          {"tagline", "News from the delta"},
                                                          {"language", "en"},
                                                          {"timezone", "Asia/Karachi"},
                                                          {"weather_city", "Lahore"},
                                                          {"latitude", "31.5204"},
                                                          {"longitude", "74.3587"},
                                                          {"weather_unit", "C"},
                                                          {"url_pattern", "/{slug}/"},
                                                          {"feed", "full"},
                                                          {"nav_label", "Water <desk>"},
                                                          {"nav_url", "/tag/water/"},
                                                          {"nav_label", "Evil"},
                                                          {"nav_url", "javascript:alert(1)"}};
  r = admin.post("/admin/settings", fields);
  EXPECT_EQ(r.status, 422u);
  EXPECT_TRUE(has(r.body, "Navigation link 2 must go to a local path"));
  EXPECT_TRUE(has(site.page("/"), "The Valley Ledger"));  // nothing saved

  fields.resize(fields.size() - 2);
  r = admin.post("/admin/settings", fields);
  ASSERT_EQ(r.status, 303u) << r.body;

  const auto home = site.page("/");
  EXPECT_TRUE(has(home, "<a class=\"brand\" href=\"/\">The Delta Ledger</a>"));
  EXPECT_TRUE(has(home, "<p class=\"tagline\">News from the delta</p>"));
  const auto menu = between(home, "aria-label=\"Sections\"", "</nav>");
  EXPECT_TRUE(has(menu, "<a href=\"/tag/water/\" >Water &lt;desk&gt;</a>")) << menu;
  EXPECT_FALSE(has(menu, "/category/")) << menu;
  // The article pages were cached before the change; they show it too.
  EXPECT_TRUE(has(site.page("/indus-water-talks-resume/"), "The Delta Ledger"));

  // The weather moves to the new place without a restart.
  const auto lahore = site.wait_for("/", "Lahore</span>");
  EXPECT_TRUE(has(lahore, "14.9 C Lahore")) << between(lahore, "topbar-inner\">", "</div>");
  EXPECT_TRUE(site.weather().last_target().starts_with("/v1/forecast?latitude=31.5204"))
      << site.weather().last_target();
}

}  // namespace
}  // namespace dateline::integration
