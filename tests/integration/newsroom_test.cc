// The newsroom widgets end to end: page views feeding Trending Now, and edits reaching every
// cached page that shows the edited headline.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "integration/harness.h"

namespace dateline::integration {
namespace {

using testing::HttpClient;

constexpr std::string_view kGooglebot =
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

bool has(std::string_view html, std::string_view needle) {
  return html.find(needle) != std::string_view::npos;
}

TEST(TrendingTest, PeoplesViewsRankAnArticleFirstAndBotsDoNotCount) {
  auto options = ledger_options();
  // Only the test flushes the views.
  options.configure = [](app::Config& c) { c.trending_interval = std::chrono::hours(1); };
  TestSite site(options);
  site.import(ledger_articles());
  const std::string rupee = "/rupee-steadies/";          // three readers
  const std::string canal = "/canal-lining-project/";    // one reader, four times
  const std::string budget = "/budget-surplus-shared/";  // Googlebot only
  const std::string wheat = "/wheat-sowing-delayed/";    // HEAD requests only

  // Googlebot's read renders and caches the rupee story without counting; the people's reads
  // that follow are cache hits, and count.
  EXPECT_EQ(site.get(rupee, {{"User-Agent", std::string(kGooglebot)}}).status, 200u);
  for (int i = 0; i < 3; ++i) {
    const auto r = site.get(rupee, {{"User-Agent", fmt::format("Mozilla/5.0 Reader/{}", i)}});
    EXPECT_EQ(r.status, 200u);
  }
  for (int i = 0; i < 4; ++i) {
    site.get(canal, {{"User-Agent", "Mozilla/5.0 Reader/0"}});
  }
  for (int i = 0; i < 5; ++i) {
    site.get(budget, {{"User-Agent", std::string(kGooglebot)}});
  }
  HttpClient client(site.port());
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(client.head(wheat, {{"User-Agent", fmt::format("Mozilla/5.0 Reader/{}", i)}}).status,
              200u);
  }

  // Nothing trends until the views are flushed. (List pages are not views.)
  EXPECT_TRUE(trending(site.page("/")).empty());
  site.app().tick();

  const auto html = site.page("/tag/markets/");
  EXPECT_TRUE(has(html, "<h2 id=\"trending-title\">Trending Now</h2>"));
  const auto trend = trending(html);
  ASSERT_EQ(trend.size(), 2u) << between(html, "<section class=\"widget trending\"", "</section>");
  EXPECT_EQ(trend[0].url, rupee);
  EXPECT_EQ(trend[0].text, "Rupee steadies against the dollar");
  EXPECT_EQ(trend[1].url, canal);
  // The same widget on every kind of page.
  EXPECT_EQ(trending(site.page("/")).size(), 2u);
  EXPECT_EQ(trending(site.page("/search?q=rupee")).size(), 2u);
  EXPECT_EQ(trending(site.page("/tag/water/")).front().url, rupee);
  EXPECT_EQ(trending(site.get("/no-such-page/").body).front().url, rupee);
  // On another article's page too (read by a bot so that it does not trend itself).
  EXPECT_EQ(
      trending(site.get("/stocks-close-higher/", {{"User-Agent", std::string(kGooglebot)}}).body)
          .front()
          .url,
      rupee);

  // More people read the canal story: it overtakes.
  for (int i = 10; i < 15; ++i) {
    site.get(canal, {{"User-Agent", fmt::format("Mozilla/5.0 Reader/{}", i)}});
  }
  site.app().tick();
  const auto after = trending(site.page("/tag/markets/"));
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[0].url, canal);
  EXPECT_EQ(after[1].url, rupee);
}

TEST(CacheInvalidationTest, EditedHeadlineReplacesTheOldOneOnEveryPage) {
  TestSite site;
  const std::string petrol_slug = "petrol-and-diesel-prices-raised-as-rupee-slides";
  const std::string petrol = "/" + petrol_slug + "/";
  const std::string old_title = "Petrol and diesel prices raised as rupee slides against dollar";
  const std::string opposition = "/opposition-walks-out-over-electricity-tariff-hike/";

  // Fill the cache with pages that show the old headline.
  ASSERT_TRUE(
      has(site.page(opposition), fmt::format("<a href=\"{}\">{}</a></aside>", petrol, old_title)));
  for (std::string_view target :
       {std::string_view(petrol), std::string_view("/"), std::string_view("/category/business/"),
        std::string_view("/tag/energy/")}) {
    ASSERT_TRUE(has(site.page(target), old_title)) << target;
  }
  auto before = site.store().find_published_by_slug(petrol_slug);
  ASSERT_TRUE(before);

  const std::string new_title = "Fuel prices raised again as the rupee weakens";
  const auto ids = site.import({{"petrol.md", with_title(demo_article(petrol_slug), new_title)}});
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_EQ(ids.front(), before->id);  // the same article, edited

  const auto article = site.page(petrol);
  EXPECT_TRUE(has(article, fmt::format("<h1 class=\"story-title\">{}</h1>", new_title)));
  EXPECT_TRUE(has(article, fmt::format("<title>{} | The Daily Indus</title>", new_title)));
  const auto card = site.page(opposition);
  EXPECT_TRUE(has(card, fmt::format("<aside class=\"read-more\"><span class=\"read-more-label\">"
                                    "Read More:</span> <a href=\"{}\">{}</a></aside>",
                                    petrol, new_title)));
  for (std::string_view target :
       {std::string_view(petrol), std::string_view(opposition), std::string_view("/"),
        std::string_view("/category/business/"), std::string_view("/tag/energy/"),
        std::string_view("/remittances-from-gulf-workers-climb-for-fifth-month/")}) {
    SCOPED_TRACE(target);
    const auto html = site.page(target);
    EXPECT_FALSE(has(html, old_title));
    EXPECT_TRUE(has(html, new_title));
  }
  // Trending Now follows the edit too (the story is the demo's most read).
  const auto trend = trending(site.page("/"));
  ASSERT_FALSE(trend.empty());
  EXPECT_EQ(trend.front().text, new_title);
  EXPECT_TRUE(has(site.page("/search?q=rupee+weakens"), "1 result for"));

  // The newest story, renamed, leads the home page and every Latest News list.
  const std::string newest_slug = "south-asian-ministers-agree-joint-plan-to-tackle-winter-smog";
  const std::string renamed = "Regional ministers sign smog pact in Islamabad";
  site.import({{"smog.md", with_title(demo_article(newest_slug), renamed)}});
  const auto latest = cards(latest_widget(site.page(petrol)));
  ASSERT_FALSE(latest.empty());
  EXPECT_EQ(latest.front().url, "/" + newest_slug + "/");
  EXPECT_EQ(latest.front().text, renamed);
  EXPECT_TRUE(has(site.page("/"), fmt::format("<h2 class=\"lead-title\"><a href=\"/{}/\">{}</a>",
                                              newest_slug, renamed)));
  EXPECT_FALSE(has(site.page(opposition), "South Asian ministers agree joint plan"));
}

// The generation part of a page's ETag ("\"<generation>-<fragments>\""): it changes only when
// the page is rendered again, not when a spliced fragment changes.
std::string rendered_generation(std::string_view etag) {
  const auto dash = etag.find('-');
  return std::string(etag.substr(1, dash == std::string_view::npos ? 0 : dash - 1));
}

TEST(CacheInvalidationTest, PublishingDropsOnlyThePagesThatShowOrListTheArticle) {
  TestSite site;
  testing::HttpClient client(site.port());
  const std::string unrelated = "/peshawar-teenager-wins-national-squash-title/";
  const std::vector<std::string> kept = {unrelated, "/tag/squash/", "/category/sports/",
                                         "/author/bilal-chaudhry/"};
  const std::vector<std::string> dropped = {"/", "/category/climate/", "/author/zoya-hashmi/",
                                            "/feed.xml"};
  std::map<std::string, std::string> generation;
  for (const auto& target : kept) {
    const auto r = client.get(target);
    ASSERT_EQ(r.status, 200u) << target;
    generation[target] = rendered_generation(r.header("etag"));
  }
  for (const auto& target : dropped) {
    const auto r = client.get(target);
    ASSERT_EQ(r.status, 200u) << target;
    generation[target] = rendered_generation(r.header("etag"));
  }

  const std::string title = "Zebra crossings painted across the old city";
  const auto ids =
      site.import({{"zebra.md", "---\ntitle: \"" + title +
                                    "\"\nslug: zebra-crossings-painted\n"
                                    "date: 2025-11-27T12:00:00+05:00\nauthor: Zoya Hashmi\n"
                                    "category: Climate\ntags: [road markings]\n---\n"
                                    "Painters worked overnight on quartz-white stripes.\n"}});
  ASSERT_EQ(ids.size(), 1u);

  for (const auto& target : kept) {
    SCOPED_TRACE(target);
    const auto r = client.get(target);
    ASSERT_EQ(r.status, 200u);
    EXPECT_EQ(rendered_generation(r.header("etag")), generation[target]) << "rendered again";
  }
  // Latest News is spliced in, so the unrelated story shows the new one without a re-render.
  const auto latest = cards(latest_widget(site.page(unrelated)));
  ASSERT_FALSE(latest.empty());
  EXPECT_EQ(latest.front().text, title);
  for (const auto& target : dropped) {
    SCOPED_TRACE(target);
    const auto r = client.get(target);
    ASSERT_EQ(r.status, 200u);
    EXPECT_NE(rendered_generation(r.header("etag")), generation[target]);
    EXPECT_TRUE(has(r.body, title) || has(r.body, "Zebra crossings painted"));
  }
  // The new story's own page lists the newest others, never itself.
  const auto own = cards(latest_widget(site.page("/zebra-crossings-painted/")));
  ASSERT_FALSE(own.empty());
  for (const auto& c : own) EXPECT_NE(c.url, "/zebra-crossings-painted/");
}

}  // namespace
}  // namespace dateline::integration
