// An article page has every part a reader expects: the top bar (date in the site's zone and the
// weather), one headline, the dateline, the byline, Read More cards, tags, the author box and the
// three widgets (Trending Now, Latest News, Related News).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "integration/harness.h"

namespace dateline::integration {
namespace {

constexpr std::string_view kPetrolPath = "/petrol-and-diesel-prices-raised-as-rupee-slides/";
constexpr std::string_view kPetrolTitle =
    "Petrol and diesel prices raised as rupee slides against dollar";

bool has(std::string_view html, std::string_view needle) {
  return html.find(needle) != std::string_view::npos;
}

// Checks the widgets of an article page at `path`: Latest News holds `latest` cards and Related
// News 1 to 5, neither showing the article itself.
void expect_widgets(std::string_view html, std::string_view path, std::size_t latest) {
  const auto latest_cards = cards(latest_widget(html));
  EXPECT_TRUE(has(latest_widget(html), "<h2 id=\"latest-title\">Latest News</h2>"));
  EXPECT_EQ(latest_cards.size(), latest);
  std::set<std::string> seen;
  for (const auto& c : latest_cards) {
    EXPECT_NE(c.url, path) << "Latest News shows the article itself";
    EXPECT_TRUE(seen.insert(c.url).second) << "twice in Latest News: " << c.url;
  }
  const auto related_cards = cards(related_widget(html));
  EXPECT_TRUE(has(related_widget(html), "<h2 id=\"related-title\">Related News</h2>"));
  EXPECT_GE(related_cards.size(), 1u);
  EXPECT_LE(related_cards.size(), 5u);
  for (const auto& c : related_cards) {
    EXPECT_NE(c.url, path) << "Related News shows the article itself";
  }
}

TEST(ArticlePageTest, DemoArticleShowsEveryPart) {
  TestSite site;
  const auto html = site.wait_for(kPetrolPath, "14.9 C Islamabad");

  // Top bar: 2025-11-27T09:00Z is Thursday afternoon in Islamabad; the stub's weather.
  const auto topbar = between(html, "<div class=\"container topbar-inner\">", "</div>");
  EXPECT_TRUE(has(topbar, "<time datetime=\"2025-11-27\">Thursday, November 27, 2025</time>"))
      << topbar;
  EXPECT_TRUE(has(topbar, "<span class=\"weather\">14.9 C Islamabad</span>")) << topbar;
  EXPECT_EQ(count(html, "14.9 C Islamabad"), 1u);
  EXPECT_GE(site.weather().hits(), 1);
  EXPECT_TRUE(
      site.weather().last_target().starts_with("/v1/forecast?latitude=33.6844&longitude=73.0479"))
      << site.weather().last_target();

  // One headline, and it is this article's.
  EXPECT_EQ(count(html, "<h1"), 1u);
  EXPECT_TRUE(has(html, fmt::format("<h1 class=\"story-title\">{}</h1>", kPetrolTitle)));
  EXPECT_TRUE(has(html, fmt::format("<title>{} | The Daily Indus</title>", kPetrolTitle)));

  // The dateline from the front matter opens the story.
  EXPECT_TRUE(has(html,
                  "<div class=\"article-body\"><p><span class=\"dateline\">Islamabad (TDI):</span> "
                  "The federal government on Saturday night"));
  EXPECT_EQ(count(html, "class=\"dateline\""), 1u);

  // Byline with the author's page and the publication date (in Karachi time).
  EXPECT_TRUE(has(html,
                  "<p class=\"byline-author\">By <a href=\"/author/farhan-qadir/\" "
                  "rel=\"author\">Farhan Qadir</a></p>"));
  EXPECT_TRUE(has(html, "<time datetime=\"2025-11-15T23:10:00+05:00\">November 15, 2025</time>"));

  // The Read More card links the target's canonical URL and shows its headline.
  EXPECT_EQ(count(html, "<aside class=\"read-more\">"), 1u);
  EXPECT_TRUE(has(html,
                  "<aside class=\"read-more\"><span class=\"read-more-label\">Read More:</span> "
                  "<a href=\"/cabinet-approves-plan-to-cut-power-sector-circular-debt/\">"
                  "Cabinet approves plan to cut power sector circular debt</a></aside>"));

  // Tags, each a working tag page.
  const auto tags = between(html, "<ul class=\"tags\"", "</ul>");
  for (const auto& [slug, name] :
       std::vector<std::pair<std::string, std::string>>{{"energy", "energy"},
                                                        {"fuel-prices", "fuel prices"},
                                                        {"economy", "economy"},
                                                        {"rupee", "rupee"}}) {
    EXPECT_TRUE(has(tags, fmt::format("<a href=\"/tag/{}/\" rel=\"tag\">{}</a>", slug, name)))
        << tags;
    EXPECT_EQ(site.get(fmt::format("/tag/{}/", slug)).status, 200u) << slug;
  }

  // Author box: "N posts" where N is the author's published article count.
  auto author = site.store().find_author_by_slug("farhan-qadir");
  ASSERT_TRUE(author);
  auto posts = site.store().count_published_by_author(author->id);
  ASSERT_TRUE(posts);
  int in_demo = 0;
  for (const auto& entry : std::filesystem::directory_iterator(demo_dir() / "articles")) {
    if (has(read_text(entry.path()), "\nauthor: Farhan Qadir\n")) ++in_demo;
  }
  EXPECT_EQ(*posts, in_demo);
  const auto box = between(html, "<section class=\"author-box\"", "</section>");
  EXPECT_TRUE(has(box, "<a href=\"/author/farhan-qadir/\">Farhan Qadir</a>")) << box;
  EXPECT_TRUE(has(box, "Farhan Qadir is business editor")) << box;
  EXPECT_TRUE(has(box, fmt::format("<p class=\"author-box-posts\"><a "
                                   "href=\"/author/farhan-qadir/\">{} posts</a></p>",
                                   *posts)))
      << box;
  EXPECT_TRUE(has(site.page("/author/farhan-qadir/"), fmt::format("{} posts", *posts)));

  // Trending Now: the demo's seeded views put this story first.
  EXPECT_TRUE(has(html, "<h2 id=\"trending-title\">Trending Now</h2>"));
  const auto trend = trending(html);
  ASSERT_FALSE(trend.empty());
  EXPECT_LE(trend.size(), 5u);
  EXPECT_EQ(trend.front().url, kPetrolPath);
  EXPECT_EQ(trend.front().text, kPetrolTitle);

  // Latest News: the five newest other stories, newest first.
  expect_widgets(html, kPetrolPath, 5);
  const auto latest = cards(latest_widget(html));
  ASSERT_FALSE(latest.empty());
  EXPECT_EQ(latest.front().url, "/south-asian-ministers-agree-joint-plan-to-tackle-winter-smog/");
}

// The "done when": an article imported from Markdown into a running site shows all of it.
TEST(ArticlePageTest, FreshlyImportedArticleShowsEveryPart) {
  TestSite site(ledger_options());
  EXPECT_EQ(site.get("/indus-water-talks-resume/").status, 404u);

  const auto ids = site.import(ledger_articles());
  ASSERT_EQ(ids.size(), 7u);
  // A reader's view so that Trending Now has something to show.
  EXPECT_EQ(site.get("/stocks-close-higher/").status, 200u);

  // Wait for the weather on the home page: every poll of the article would be a view of it, and
  // Trending Now would then list the article too once a poll after its first had been flushed.
  site.wait_for("/", "14.9 C Karachi");
  const std::string path = "/indus-water-talks-resume/";
  const auto html = site.page(path);

  const auto topbar = between(html, "<div class=\"container topbar-inner\">", "</div>");
  EXPECT_TRUE(has(topbar, "Thursday, November 27, 2025")) << topbar;
  EXPECT_TRUE(has(topbar, "<span class=\"weather\">14.9 C Karachi</span>")) << topbar;
  EXPECT_TRUE(
      site.weather().last_target().starts_with("/v1/forecast?latitude=24.8607&longitude=67.0011"))
      << site.weather().last_target();

  EXPECT_EQ(count(html, "<h1"), 1u);
  EXPECT_TRUE(has(html, "<h1 class=\"story-title\">Indus water talks resume in Lahore</h1>"));
  EXPECT_TRUE(
      has(html, "<p><span class=\"dateline\">Lahore (TVL):</span> Negotiators met in Lahore"));
  EXPECT_TRUE(has(html, "By <a href=\"/author/sana-mir/\" rel=\"author\">Sana Mir</a>"));
  EXPECT_TRUE(has(html, "<time datetime=\"2025-11-26T10:00:00+05:00\">November 26, 2025</time>"));

  // The card shows the target's current headline, not the link text written in Markdown.
  EXPECT_TRUE(has(html,
                  "<aside class=\"read-more\"><span class=\"read-more-label\">Read More:</span> "
                  "<a href=\"/tarbela-extension-funding/\">World Bank approves funding for "
                  "Tarbela dam extension</a></aside>"));
  EXPECT_FALSE(
      has(between(html, "<div class=\"article-body\">", "</div>"), "an earlier report on the dam"));

  EXPECT_TRUE(has(html, "<a href=\"/tag/water/\" rel=\"tag\">water</a>"));
  EXPECT_TRUE(has(html, "<a href=\"/tag/indus-treaty/\" rel=\"tag\">indus treaty</a>"));
  EXPECT_EQ(site.get("/tag/indus-treaty/").status, 200u);

  const auto box = between(html, "<section class=\"author-box\"", "</section>");
  EXPECT_TRUE(has(box, "Sana Mir reports on water and climate.")) << box;
  EXPECT_TRUE(has(box, ">4 posts</a>")) << box;

  const auto trend = trending(html);
  ASSERT_EQ(trend.size(), 1u) << html;
  EXPECT_EQ(trend.front().url, "/stocks-close-higher/");
  EXPECT_EQ(trend.front().text, "Stocks close higher on banking gains");

  expect_widgets(html, path, 5);
  const auto latest = cards(latest_widget(html));
  ASSERT_EQ(latest.size(), 5u);
  EXPECT_EQ(latest[0].text, "Stocks close higher on banking gains");
  EXPECT_EQ(latest[4].text, "Provinces to share budget surplus");

  // Related News: the other water stories rank above the markets ones.
  const auto related = cards(related_widget(html));
  ASSERT_FALSE(related.empty());
  std::set<std::string> water{"/tarbela-extension-funding/", "/canal-lining-project/",
                              "/wheat-sowing-delayed/"};
  EXPECT_TRUE(water.contains(related.front().url)) << related.front().url;
}

}  // namespace
}  // namespace dateline::integration
