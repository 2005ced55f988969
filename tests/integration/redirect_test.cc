// Redirects to canonical URLs: missing trailing slashes, and the dated URL pattern an editor can
// switch to while the site runs.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>

#include "integration/harness.h"

namespace dateline::integration {
namespace {

bool has(std::string_view html, std::string_view needle) {
  return html.find(needle) != std::string_view::npos;
}

void expect_redirect(TestSite& site, std::string_view from, std::string_view to) {
  SCOPED_TRACE(from);
  const auto r = site.get(from);
  EXPECT_EQ(r.status, 301u);
  EXPECT_EQ(r.header("location"), to);
}

TEST(RedirectTest, PathsWithoutTrailingSlashRedirectToCanonical) {
  TestSite site;
  expect_redirect(site, "/petrol-and-diesel-prices-raised-as-rupee-slides",
                  "/petrol-and-diesel-prices-raised-as-rupee-slides/");
  expect_redirect(site, "/tag/energy", "/tag/energy/");
  expect_redirect(site, "/category/business", "/category/business/");
  expect_redirect(site, "/author/farhan-qadir", "/author/farhan-qadir/");
  expect_redirect(site, "/page/2", "/page/2/");
  // The WordPress shape of an article URL finds the article too.
  expect_redirect(site, "/2025/11/15/petrol-and-diesel-prices-raised-as-rupee-slides/",
                  "/petrol-and-diesel-prices-raised-as-rupee-slides/");
  // Nothing to redirect to: no redirect.
  EXPECT_EQ(site.get("/tag/no-such-tag").status, 404u);
  EXPECT_EQ(site.get("/no-such-article").status, 404u);
  // The redirect's target answers.
  EXPECT_EQ(site.get("/tag/energy/").status, 200u);
}

TEST(RedirectTest, DatedUrlPatternMovesArticlesAndTheirLinks) {
  TestSite site;
  const std::string slug = "petrol-and-diesel-prices-raised-as-rupee-slides";
  // Cache the page under the old pattern first: changing the pattern must drop it.
  EXPECT_EQ(site.get("/" + slug + "/").status, 200u);

  site.update_settings(
      [](content::SiteSettings& s) { s.url_pattern = "/{yyyy}/{mm}/{dd}/{slug}/"; });

  // Published 2025-11-15T23:10+05:00: the date is read in Karachi, not UTC (where it is the 15th
  // too, at 18:10; the cabinet story below is the 12th either way).
  const std::string dated = "/2025/11/15/" + slug + "/";
  const auto html = site.page(dated);
  EXPECT_TRUE(has(html,
                  "<h1 class=\"story-title\">Petrol and diesel prices raised as rupee "
                  "slides against dollar</h1>"));
  // The canonical link names the dated path (on whatever base URL the site has).
  EXPECT_TRUE(has(between(html, "<link rel=\"canonical\" href=\"", ">"), dated + "\""));

  expect_redirect(site, "/" + slug + "/", dated);
  expect_redirect(site, "/" + slug, dated);
  expect_redirect(site, "/2025/11/14/" + slug + "/", dated);  // wrong day

  // The Read More link was written as "/cabinet-approves-..." in Markdown.
  EXPECT_TRUE(has(html,
                  "<aside class=\"read-more\"><span class=\"read-more-label\">Read More:</span> "
                  "<a href=\"/2025/11/12/cabinet-approves-plan-to-cut-power-sector-circular-"
                  "debt/\">Cabinet approves plan to cut power sector circular debt</a></aside>"))
      << between(html, "<div class=\"article-body\">", "</div>");
  EXPECT_EQ(site.get("/2025/11/12/cabinet-approves-plan-to-cut-power-sector-circular-debt/").status,
            200u);

  // Cards and Trending Now use the dated URLs too.
  for (const auto& c : cards(html)) {
    EXPECT_TRUE(c.url.starts_with("/2025/")) << c.url;
  }
  for (const auto& t : trending(html)) {
    EXPECT_TRUE(t.url.starts_with("/2025/")) << t.url;
  }
  EXPECT_FALSE(trending(html).empty());
}

// No path, however it is encoded, makes the site redirect a reader to another host.
TEST(RedirectTest, RedirectsNeverLeaveTheSite) {
  TestSite site;
  for (std::string_view target :
       {"//example.com", "//example.com/", "///example.com", "/%2Fexample.com",
        "/%2F%2Fexample.com", "/%2F%2Fexample.com/", "/%5Cexample.com", "/%5C%5Cexample.com",
        "/.%2F%2Fexample.com", "/tag/%2F%2Fexample.com", "/%09/example.com",
        "/%2F%2Fpetrol-and-diesel-prices-raised-as-"
        "rupee-slides"}) {
    SCOPED_TRACE(target);
    const auto r = site.get(target);
    EXPECT_LT(r.status, 500u);
    if (r.status == 301) {
      const std::string location(r.header("location"));
      EXPECT_TRUE(location.starts_with("/")) << location;
      EXPECT_FALSE(location.starts_with("//")) << location;
      EXPECT_FALSE(location.starts_with("/\\")) << location;
    }
  }
}

// Links in Markdown written with a stale date or a query string still resolve to the article's
// canonical dated URL.
TEST(RedirectTest, LinksWithStaleDatesResolveToTheCanonicalUrl) {
  TestSite site;
  site.update_settings(
      [](content::SiteSettings& s) { s.url_pattern = "/{yyyy}/{mm}/{dd}/{slug}/"; });
  site.import({{"linker.md",
                "---\ntitle: \"Linker\"\nslug: linker\ndate: 2025-11-26T08:00:00+05:00\n"
                "author: Farhan Qadir\n---\nFirst paragraph.\n\n"
                "Read More: [old](/2025/01/01/cabinet-approves-plan-to-cut-power-sector-circular-"
                "debt/?utm_source=x)\n\nSee also [the petrol story](/petrol-and-diesel-prices-"
                "raised-as-rupee-slides).\n"}});
  const auto html = site.page("/2025/11/26/linker/");
  EXPECT_TRUE(has(html,
                  "<a href=\"/2025/11/12/cabinet-approves-plan-to-cut-power-sector-circular-"
                  "debt/\">Cabinet approves plan to cut power sector circular debt</a></aside>"))
      << between(html, "<div class=\"article-body\">", "</div>");
  EXPECT_TRUE(has(html,
                  "<a href=\"/2025/11/15/petrol-and-diesel-prices-raised-as-rupee-slides/\">the "
                  "petrol story</a>"));
}

}  // namespace
}  // namespace dateline::integration
