// The list pages (home, tag, category, author), their pagination, search, /healthz and the 404
// page, over the demo site.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <memory>
#include <regex>
#include <set>
#include <string>

#include "integration/harness.h"

namespace dateline::integration {
namespace {

bool has(std::string_view html, std::string_view needle) {
  return html.find(needle) != std::string_view::npos;
}

std::string url_encode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

// Every demo article's canonical path under the default "/{slug}/" pattern.
std::set<std::string> demo_paths() {
  static const std::regex slug_line(R"(\nslug: ([a-z0-9-]+)\n)");
  std::set<std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(demo_dir() / "articles")) {
    const auto text = read_text(entry.path());
    std::smatch m;
    if (std::regex_search(text, m, slug_line)) out.insert(fmt::format("/{}/", m[1].str()));
  }
  return out;
}

// One demo site shared by the tests that only read.
class DemoSiteTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { site_ = std::make_unique<TestSite>(); }
  static void TearDownTestSuite() { site_.reset(); }
  static TestSite& site() { return *site_; }

 private:
  static inline std::unique_ptr<TestSite> site_;
};

TEST_F(DemoSiteTest, HomePagesListEveryArticleOnceThenAnswer404) {
  const auto home = site().page("/");
  EXPECT_TRUE(has(home, "<h1 class=\"visually-hidden\">The Daily Indus</h1>"));
  EXPECT_TRUE(has(home,
                  "<title>The Daily Indus | Independent news from Islamabad, every day "
                  "since 1998</title>"));
  EXPECT_TRUE(
      has(home, "<h2 class=\"section-title\"><a href=\"/category/politics/\">Politics</a>"));
  std::smatch lead;
  const std::regex lead_pattern(R"re(<h2 class="lead-title"><a href="([^"]*)">)re");
  ASSERT_TRUE(std::regex_search(home, lead, lead_pattern));
  EXPECT_EQ(lead[1].str(), "/south-asian-ministers-agree-joint-plan-to-tackle-winter-smog/");

  std::vector<std::string> seen{lead[1].str()};
  const auto first = cards(between(home, "<section class=\"home-latest\"", "</section>"));
  EXPECT_EQ(first.size(), 10u);
  for (const auto& c : first) seen.push_back(c.url);
  EXPECT_TRUE(has(home, "<a href=\"/page/2/\" rel=\"next\">Older</a>"));
  EXPECT_TRUE(has(home, "<span>Page 1 of 3</span>"));

  const auto page2 = site().page("/page/2/");
  EXPECT_TRUE(has(page2, "<h1 class=\"visually-hidden\">Latest news, page 2</h1>"));
  EXPECT_TRUE(has(page2, "<a href=\"/\" rel=\"prev\">Newer</a>"));
  EXPECT_TRUE(has(page2, "<a href=\"/page/3/\" rel=\"next\">Older</a>"));
  const auto second = cards(page2);
  EXPECT_EQ(second.size(), 10u);
  for (const auto& c : second) seen.push_back(c.url);

  const auto page3 = site().page("/page/3/");
  EXPECT_TRUE(has(page3, "<a href=\"/page/2/\" rel=\"prev\">Newer</a>"));
  EXPECT_FALSE(has(page3, "rel=\"next\""));
  const auto third = cards(page3);
  EXPECT_EQ(third.size(), 9u);
  for (const auto& c : third) seen.push_back(c.url);

  // Every demo article exactly once across the three pages.
  const std::set<std::string> unique(seen.begin(), seen.end());
  EXPECT_EQ(unique.size(), seen.size());
  EXPECT_EQ(unique, demo_paths());

  EXPECT_EQ(site().get("/page/4/").status, 404u);
  EXPECT_EQ(site().get("/page/99999/").status, 404u);
}

TEST_F(DemoSiteTest, HealthzAnswersOk) {
  const auto r = site().get("/healthz");
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.body, "ok\n");
  EXPECT_EQ(r.header("cache-control"), "no-store");
}

TEST_F(DemoSiteTest, UnknownPathsAnswer404InTheSiteDesign) {
  for (std::string_view path :
       {"/no-such-page/", "/no-such-page", "/a/b/c/", "/category/no-such-section/",
        "/tag/no-such-tag/", "/author/nobody/", "/page/abc/", "/no-such-file.txt"}) {
    SCOPED_TRACE(path);
    const auto r = site().get(path);
    EXPECT_EQ(r.status, 404u);
    EXPECT_TRUE(r.header("content-type").starts_with("text/html"));
    EXPECT_TRUE(has(r.body, "<title>Page not found | The Daily Indus</title>"));
    EXPECT_TRUE(has(r.body, "<a class=\"brand\" href=\"/\">The Daily Indus</a>"));
    EXPECT_TRUE(has(r.body, "<h1>Page not found</h1>"));
    EXPECT_TRUE(has(r.body, "<link rel=\"stylesheet\" href=\"/assets/site."));
    EXPECT_TRUE(has(r.body, "Thursday, November 27, 2025"));
    EXPECT_EQ(cards(r.body).size(), 5u);  // Latest News, to find a way back
  }
}

TEST_F(DemoSiteTest, SearchFindsCricketArticles) {
  const auto html = site().page("/search?q=cricket");
  EXPECT_TRUE(has(html, "<h1>Search results</h1>"));
  EXPECT_TRUE(has(html, "value=\"cricket\""));
  EXPECT_TRUE(has(html, "<p class=\"search-message\">4 results for “cricket”</p>")) << html;
  const std::regex result(R"re(<h2 class="result-title"><a href="([^"]*)">([^<]*)</a></h2>)re");
  std::set<std::string> found;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), result);
       it != std::sregex_iterator(); ++it) {
    found.insert((*it)[1].str());
  }
  const std::set<std::string> expected{"/pakistan-beat-new-zealand-in-rawalpindi-series-opener/",
                                       "/new-zealand-level-series-after-pakistan-batting-collapse/",
                                       "/pakistan-clinch-odi-series-in-lahore-decider/",
                                       "/fast-bowler-ruled-out-of-test-series-with-back-injury/"};
  EXPECT_EQ(found, expected);
  // Case does not matter.
  EXPECT_TRUE(has(site().page("/search?q=CRICKET"), "4 results for"));
}

TEST_F(DemoSiteTest, SearchAnswersEmptyAndAbsurdQueriesHelpfully) {
  struct Case {
    std::string target;
    std::string message;  // expected in the search message; "" for any message
  };
  const std::vector<Case> cases{
      {"/search", "Type a word or two to search every published article."},
      {"/search?q=", "Type a word or two to search every published article."},
      {"/search?q=+++", "Type a word or two to search every published article."},
      {"/search?q=" + std::string(1000, 'x'), "That search is too long: try a few words."},
      {"/search?q=" + url_encode(std::string(1000, 'a') + " b"), "That search is too long"},
      {"/search?q=" + url_encode("!!!???...,,,;;;"), ""},
      {"/search?q=" + url_encode("%_"), "No articles match “%_”. Try fewer or different words."},
      {"/search?q=" + url_encode("\\%\\_*\"'()"), "No articles match"},
      {"/search?q=" + url_encode("\"cricket OR 1=1; DROP TABLE articles; --"), "No articles"},
      {"/search?q=%", ""},
      {"/search?q=%zz%", ""},
      {"/search?q=%00", ""},
      {"/search?q=cricket&page=-1", "4 results"},
      {"/search?q=cricket&page=99999999999999999999", "4 results"},
      {"/search?q=cricket&page=50", "4 results"},
      {"/search?q=" + url_encode("ü€😀"), "No articles match"},
      {"/search?q=" + url_encode("\xff\xfe"), ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.target.substr(0, 120));
    const auto r = site().get(c.target);
    EXPECT_EQ(r.status, 200u);
    EXPECT_TRUE(r.header("content-type").starts_with("text/html"));
    EXPECT_FALSE(has(r.body, "Internal Server Error"));
    const auto message = between(r.body, "<p class=\"search-message\">", "</p>");
    EXPECT_FALSE(message.empty()) << "no message for this query";
    if (!c.message.empty()) {
      EXPECT_TRUE(has(message, c.message)) << message;
    }
  }
}

// Tag, category and author pages paginate after ten articles; a page past the end is a 404.
TEST(ListPagesTest, PaginateAfterTenArticles) {
  TestSite site;
  std::vector<std::pair<std::string, std::string>> files;
  for (int i = 1; i <= 11; ++i) {
    files.emplace_back(
        fmt::format("club-{:02}.md", i),
        fmt::format("---\ntitle: \"Club cricket round-up, week {0}\"\nslug: club-cricket-week-{0}\n"
                    "date: 2025-10-{0:02}T12:00:00+05:00\ndateline: Lahore\n"
                    "author: Bilal Chaudhry\ncategory: Sports\ntags: [cricket]\n---\n"
                    "Club cricket results from around the country, week {0}.\n",
                    i));
  }
  site.import(files);

  struct List {
    std::string base;
    std::string heading;
    std::string kind;
    std::size_t total;
  };
  for (const auto& list :
       std::vector<List>{{"/tag/cricket/", "cricket", "Tag", 15},
                         {"/category/sports/", "Sports", "Category", 16},
                         {"/author/bilal-chaudhry/", "Bilal Chaudhry", "Author", 19}}) {
    SCOPED_TRACE(list.base);
    const auto first = site.page(list.base);
    EXPECT_EQ(count(first, "<h1"), 1u);
    EXPECT_TRUE(has(first, fmt::format("<h1>{}</h1>", list.heading)));
    EXPECT_TRUE(has(first, fmt::format("<p class=\"eyebrow\">{}</p>", list.kind)));
    EXPECT_TRUE(has(first, fmt::format("<title>{} | The Daily Indus</title>", list.heading)));
    EXPECT_TRUE(has(first, fmt::format("<a href=\"{}page/2/\" rel=\"next\">Older</a>", list.base)));
    EXPECT_TRUE(has(first, "<span>Page 1 of 2</span>"));
    EXPECT_FALSE(has(first, "rel=\"prev\""));
    const auto first_cards = cards(first);
    EXPECT_EQ(first_cards.size(), 10u);

    const auto second = site.page(list.base + "page/2/");
    EXPECT_TRUE(has(second, fmt::format("<a href=\"{}\" rel=\"prev\">Newer</a>", list.base)));
    EXPECT_FALSE(has(second, "rel=\"next\""));
    EXPECT_TRUE(
        has(second, fmt::format("<title>{}, page 2 | The Daily Indus</title>", list.heading)));
    const auto second_cards = cards(second);
    EXPECT_EQ(second_cards.size(), list.total - 10);

    std::set<std::string> all;
    for (const auto& c : first_cards) all.insert(c.url);
    for (const auto& c : second_cards) all.insert(c.url);
    EXPECT_EQ(all.size(), list.total);

    EXPECT_EQ(site.get(list.base + "page/3/").status, 404u);
  }
  EXPECT_TRUE(has(site.page("/author/bilal-chaudhry/"), "19 posts"));
  EXPECT_TRUE(has(site.page("/category/sports/"), "aria-current=\"page\""));
}

}  // namespace
}  // namespace dateline::integration
