// Every /api/v1/ endpoint seen from a client: the shapes of articles, authors, categories, tags
// and search hits; drafts never showing; filters; conditional GETs; problem documents for 400, 401,
// 404, 405, 413 and 414; HEAD. Writes themselves are in writes_test.cc.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "api/api_site.h"

namespace dateline::api_test {
namespace {

namespace json = boost::json;

bool has(std::string_view text, std::string_view needle) {
  return text.find(needle) != std::string_view::npos;
}

std::vector<std::string> slugs(const json::value& list) {
  std::vector<std::string> out;
  for (const auto& item : list.at("items").as_array()) {
    out.emplace_back(item.at("slug").as_string());
  }
  return out;
}

using Slugs = std::vector<std::string>;

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { site_ = std::make_unique<ApiSite>(); }
  static void TearDownTestSuite() { site_.reset(); }
  static ApiSite& site() { return *site_; }

  // Requires a problem document with this status; returns it parsed.
  static json::object problem(const testing::HttpResponse& r, unsigned status) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json");
    auto doc = json::parse(r.body).as_object();
    EXPECT_EQ(doc.at("type").as_string(), "about:blank");
    EXPECT_EQ(doc.at("status").as_int64(), static_cast<std::int64_t>(status));
    EXPECT_FALSE(doc.at("title").as_string().empty());
    EXPECT_FALSE(doc.at("detail").as_string().empty());
    return doc;
  }

 private:
  static inline std::unique_ptr<ApiSite> site_;
};

TEST_F(ApiTest, ArticlesListsPublishedArticlesNewestFirst) {
  const auto r = site().get("/api/v1/articles");
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(r.header("cache-control"), "public, max-age=60");
  EXPECT_FALSE(r.header("etag").empty());
  EXPECT_EQ(r.header("access-control-allow-origin"), "*");
  EXPECT_FALSE(r.has_header("link"));
  const auto list = json::parse(r.body);
  EXPECT_EQ(slugs(list), (Slugs{"budget-passed", "stocks-close-higher", "rupee-steadies",
                                "canal-lining-project", "wheat-sowing-delayed", "no-category-note",
                                "tarbela-extension-funding", "provinces-share-surplus"}));
  EXPECT_EQ(list.at("total").as_int64(), kPublishedCount);
  EXPECT_TRUE(list.at("next_cursor").is_null());
}

TEST_F(ApiTest, ArticleSummaryCarriesLinksAuthorCategoryTagsAndUtcDates) {
  const auto list = site().json("/api/v1/articles");
  const auto& first = list.at("items").as_array().at(0).as_object();
  EXPECT_TRUE(first.at("id").is_int64());
  EXPECT_EQ(first.at("title").as_string(), "Parliament passes the budget");
  // 22:00 UTC on the 26th is the 27th in Karachi: the site's zone dates the permalink.
  EXPECT_EQ(first.at("path").as_string(), "/2025/11/27/budget-passed/");
  EXPECT_EQ(first.at("url").as_string(), "https://news.example/2025/11/27/budget-passed/");
  EXPECT_EQ(first.at("dateline").as_string(), "Islamabad");
  EXPECT_EQ(first.at("excerpt").as_string(),
            "Parliament passed the budget on Wednesday after a long debate.");
  EXPECT_EQ(first.at("author"), (json::object{{"name", "Sana Mir"},
                                              {"slug", "sana-mir"},
                                              {"url", "https://news.example/author/sana-mir/"}}));
  EXPECT_EQ(first.at("category"),
            (json::object{{"slug", "politics"},
                          {"name", "Politics"},
                          {"url", "https://news.example/category/politics/"}}));
  EXPECT_EQ(first.at("tags"),
            (json::array{json::object{{"slug", "budget"},
                                      {"name", "Budget"},
                                      {"url", "https://news.example/tag/budget/"}},
                         json::object{{"slug", "parliament"},
                                      {"name", "Parliament"},
                                      {"url", "https://news.example/tag/parliament/"}}}));
  EXPECT_EQ(first.at("published_at").as_string(), "2025-11-26T22:00:00Z");
  EXPECT_EQ(first.at("updated_at").as_string(), "2025-11-27T01:00:00Z");
  EXPECT_FALSE(first.contains("body_markdown")) << "lists stay light";
  EXPECT_FALSE(first.contains("body_html"));

  const auto& rupee = list.at("items").as_array().at(2).as_object();
  EXPECT_EQ(rupee.at("updated_at"), rupee.at("published_at")) << "never edited";
  const auto& note = list.at("items").as_array().at(5).as_object();
  EXPECT_EQ(note.at("slug").as_string(), "no-category-note");
  EXPECT_TRUE(note.at("category").is_null());
  EXPECT_TRUE(note.at("tags").as_array().empty());
}

TEST_F(ApiTest, ArticleHasItsBodyRenderedAsTheArticlePageRendersIt) {
  const auto article = site().json("/api/v1/articles/budget-passed").as_object();
  EXPECT_EQ(article.at("slug").as_string(), "budget-passed");
  EXPECT_EQ(article.at("path").as_string(), "/2025/11/27/budget-passed/");
  EXPECT_TRUE(has(article.at("body_markdown").as_string(), "Read More: [earlier coverage]"));
  const std::string html(article.at("body_html").as_string());
  EXPECT_TRUE(html.starts_with("<p>")) << html;
  EXPECT_TRUE(has(html, "Islamabad (TTT):")) << html;
  // The Read More link points at the canonical URL and shows the current headline.
  EXPECT_TRUE(has(html, "/2025/11/26/rupee-steadies/")) << html;
  EXPECT_TRUE(has(html, "Rupee steadies against the dollar")) << html;

  // The path is the site's canonical URL, and the page shows the same body.
  const auto page = site().get(std::string(article.at("path").as_string()));
  ASSERT_EQ(page.status, 200u);
  EXPECT_TRUE(has(page.body, html)) << "body_html differs from the article page";
}

TEST_F(ApiTest, ArticlesFilterByCategoryTagAndAuthorSlugs) {
  EXPECT_EQ(slugs(site().json("/api/v1/articles?category=climate")),
            (Slugs{"canal-lining-project", "wheat-sowing-delayed", "tarbela-extension-funding"}));
  EXPECT_EQ(slugs(site().json("/api/v1/articles?tag=markets")),
            (Slugs{"stocks-close-higher", "rupee-steadies"}));
  EXPECT_EQ(slugs(site().json("/api/v1/articles?author=omar-shah")),
            (Slugs{"stocks-close-higher", "rupee-steadies", "wheat-sowing-delayed",
                   "provinces-share-surplus"}));
  const auto both = site().json("/api/v1/articles?category=business&tag=budget");
  EXPECT_EQ(slugs(both), (Slugs{"provinces-share-surplus"}));
  EXPECT_EQ(both.at("total").as_int64(), 1);
  // An empty filter is no filter.
  EXPECT_EQ(slugs(site().json("/api/v1/articles?category=")).size(), 8u);
}

TEST_F(ApiTest, UnknownFilterSlugIsBadRequestNamingTheParameter) {
  for (std::string_view name : {"category", "tag", "author"}) {
    const auto doc = problem(site().get(fmt::format("/api/v1/articles?{}=nope", name)), 400);
    EXPECT_EQ(doc.at("parameter").as_string(), name);
    EXPECT_TRUE(has(doc.at("detail").as_string(), "nope"));
  }
}

TEST_F(ApiTest, DraftsAndScheduledArticlesAreInvisible) {
  for (std::string_view slug : {"secret-draft", "scheduled-story"}) {
    const auto doc = problem(site().get(fmt::format("/api/v1/articles/{}", slug)), 404);
    EXPECT_TRUE(has(doc.at("detail").as_string(), slug));
    const auto all = slugs(site().json("/api/v1/articles?limit=100"));
    EXPECT_EQ(std::count(all.begin(), all.end(), std::string(slug)), 0);
  }
  const auto tags = slugs(site().json("/api/v1/tags"));
  EXPECT_EQ(std::count(tags.begin(), tags.end(), "embargo"), 0) << "only a draft carries it";
  const auto found = site().json("/api/v1/search?q=zanzibar");
  EXPECT_EQ(found.at("total").as_int64(), 0);
  EXPECT_TRUE(found.at("items").as_array().empty());
  EXPECT_EQ(site().json("/api/v1/authors/sana-mir").at("article_count").as_int64(), 4);
}

TEST_F(ApiTest, AuthorsListEveryAuthorByName) {
  const auto list = site().json("/api/v1/authors");
  EXPECT_EQ(slugs(list), (Slugs{"omar-shah", "sana-mir"}));
  EXPECT_TRUE(list.at("next_cursor").is_null());
  EXPECT_EQ(list.at("items").as_array().at(1),
            (json::object{{"slug", "sana-mir"},
                          {"name", "Sana Mir"},
                          {"bio", "Sana Mir reports on politics and water."},
                          {"url", "https://news.example/author/sana-mir/"}}));
}

TEST_F(ApiTest, AuthorCountsTheirPublishedArticles) {
  const auto author = site().json("/api/v1/authors/omar-shah").as_object();
  EXPECT_EQ(author.at("name").as_string(), "Omar Shah");
  EXPECT_EQ(author.at("bio").as_string(), "Omar Shah covers markets.");
  EXPECT_EQ(author.at("url").as_string(), "https://news.example/author/omar-shah/");
  EXPECT_EQ(author.at("article_count").as_int64(), 4);
  const auto doc = problem(site().get("/api/v1/authors/nobody"), 404);
  EXPECT_EQ(doc.at("instance").as_string(), "/api/v1/authors/nobody");
}

TEST_F(ApiTest, CategoriesComeInNavigationOrder) {
  const auto list = site().json("/api/v1/categories");
  EXPECT_EQ(slugs(list), (Slugs{"politics", "business", "climate"}));
  EXPECT_TRUE(list.at("next_cursor").is_null());
  EXPECT_EQ(list.at("items").as_array().at(2),
            (json::object{{"slug", "climate"},
                          {"name", "Climate"},
                          {"url", "https://news.example/category/climate/"}}));
}

TEST_F(ApiTest, TagsAreThoseOfPublishedArticles) {
  const auto list = site().json("/api/v1/tags");
  EXPECT_EQ(slugs(list),
            (Slugs{"agriculture", "budget", "dams", "markets", "parliament", "water"}));
  EXPECT_TRUE(list.at("next_cursor").is_null());
  EXPECT_EQ(list.at("items").as_array().at(5),
            (json::object{
                {"slug", "water"}, {"name", "Water"}, {"url", "https://news.example/tag/water/"}}));
}

TEST_F(ApiTest, SearchReturnsRankedHitsWithSnippets) {
  const auto found = site().json("/api/v1/search?q=budget");
  EXPECT_EQ(found.at("query").as_string(), "budget");
  EXPECT_EQ(found.at("total").as_int64(), 2);
  auto hits = slugs(found);
  std::sort(hits.begin(), hits.end());
  EXPECT_EQ(hits, (Slugs{"budget-passed", "provinces-share-surplus"}));
  for (const auto& hit : found.at("items").as_array()) {
    EXPECT_TRUE(has(hit.at("snippet_html").as_string(), "<mark>")) << hit;
    EXPECT_TRUE(hit.as_object().contains("url"));
    EXPECT_TRUE(hit.as_object().contains("author"));
  }
  EXPECT_EQ(slugs(site().json("/api/v1/search?q=budget&category=business")),
            (Slugs{"provinces-share-surplus"}));
  EXPECT_EQ(slugs(site().json("/api/v1/search?q=budget&from=2025-11-25")),
            (Slugs{"budget-passed"}));
  EXPECT_EQ(slugs(site().json("/api/v1/search?q=budget&to=2025-11-25")),
            (Slugs{"provinces-share-surplus"}));
  EXPECT_EQ(site().json("/api/v1/search?q=nothingmatchesthis").at("total").as_int64(), 0);
}

TEST_F(ApiTest, SearchPagesWithCursorsAndLinks) {
  const auto first = site().get("/api/v1/search?q=water&limit=2");
  ASSERT_EQ(first.status, 200u);
  const auto page1 = json::parse(first.body);
  ASSERT_EQ(page1.at("items").as_array().size(), 2u);
  const auto total = page1.at("total").as_int64();
  ASSERT_GT(total, 2);
  const std::string cursor(page1.at("next_cursor").as_string());
  EXPECT_EQ(first.header("link"),
            fmt::format("</api/v1/search?q=water&limit=2&cursor={}>; rel=\"next\"", cursor));
  auto seen = slugs(page1);
  const auto page2 = site().json(fmt::format("/api/v1/search?q=water&limit=2&cursor={}", cursor));
  for (auto& s : slugs(page2)) seen.push_back(s);
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(std::adjacent_find(seen.begin(), seen.end()), seen.end()) << "a hit repeated";
  EXPECT_EQ(static_cast<std::int64_t>(seen.size()), std::min<std::int64_t>(total, 4));
  // A search cursor means nothing to the article list.
  const auto doc = problem(site().get(fmt::format("/api/v1/articles?cursor={}", cursor)), 400);
  EXPECT_EQ(doc.at("parameter").as_string(), "cursor");
}

TEST_F(ApiTest, SearchWithoutWordsIsBadRequestSayingWhatToSend) {
  for (std::string_view target :
       {"/api/v1/search", "/api/v1/search?q=", "/api/v1/search?q=%20%20", "/api/v1/search?q"}) {
    const auto doc = problem(site().get(target), 400);
    EXPECT_EQ(doc.at("parameter").as_string(), "q") << target;
    EXPECT_TRUE(has(doc.at("detail").as_string(), "/api/v1/search?q=")) << doc;
  }
  const auto long_query = std::string(201, 'a');
  const auto doc = problem(site().get("/api/v1/search?q=" + long_query), 400);
  EXPECT_EQ(doc.at("parameter").as_string(), "q");
  EXPECT_EQ(problem(site().get("/api/v1/search?q=budget&from=yesterday"), 400)
                .at("parameter")
                .as_string(),
            "from");
}

TEST_F(ApiTest, BadLimitOrCursorIsBadRequestNamingTheParameter) {
  for (std::string_view limit : {"0", "101", "-1", "abc", "1.5", "", "20x", "%zz"}) {
    const auto doc = problem(site().get(fmt::format("/api/v1/articles?limit={}", limit)), 400);
    EXPECT_EQ(doc.at("parameter").as_string(), "limit") << limit;
  }
  EXPECT_EQ(site().json("/api/v1/articles?limit=100").at("items").as_array().size(), 8u);
  EXPECT_EQ(site().json("/api/v1/articles?limit=1").at("items").as_array().size(), 1u);
  for (std::string_view cursor :
       {"garbage!", "Zm9v", "", "YTEuLTUuMi4z", "YTEuMDEuMi4z", "czEueA"}) {
    const auto doc = problem(site().get(fmt::format("/api/v1/articles?cursor={}", cursor)), 400);
    EXPECT_EQ(doc.at("parameter").as_string(), "cursor") << cursor;
  }
  EXPECT_EQ(
      problem(site().get("/api/v1/search?q=water&limit=500"), 400).at("parameter").as_string(),
      "limit");
}

TEST_F(ApiTest, UnknownPathsAreNotFoundProblems) {
  for (std::string_view target :
       {"/api/v1/articles/no-such-story", "/api/v1/nothing", "/api/v2/articles", "/api/",
        "/api/v1/articles/budget-passed/extra", "/api/v1/articles/", "/api/v1", "/api"}) {
    const auto r = site().get(target);
    const auto doc = problem(r, 404);
    EXPECT_EQ(doc.at("instance").as_string(), target);
    EXPECT_EQ(r.header("cache-control"), "no-store");
  }
  const auto doc = problem(site().get("/api/v1/articles/no-such-story"), 404);
  EXPECT_EQ(doc.at("title").as_string(), "Not Found");
  EXPECT_TRUE(has(doc.at("detail").as_string(), "no-such-story"));
}

TEST_F(ApiTest, WritesNeedATokenAndOtherMethodsAreNotAllowed) {
  for (const auto& [method, target] :
       std::vector<std::pair<std::string, std::string>>{{"POST", "/api/v1/articles"},
                                                        {"PATCH", "/api/v1/articles/1"},
                                                        {"DELETE", "/api/v1/articles/1"},
                                                        {"POST", "/api/v1/articles/1/publish"},
                                                        {"POST", "/api/v1/articles/1/unpublish"}}) {
    const auto r = site().request(method, target, {{"Content-Type", "application/json"}}, "{}");
    problem(r, 401);
    EXPECT_EQ(r.header("www-authenticate"), "Bearer realm=\"Dateline API\"") << target;
  }
  for (const auto& [method, target, allow] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"PUT", "/api/v1/articles", "GET, HEAD, POST"},
           {"DELETE", "/api/v1/articles", "GET, HEAD, POST"},
           {"POST", "/api/v1/articles/budget-passed", "GET, HEAD, PATCH, DELETE"},
           {"PUT", "/api/v1/articles/1", "GET, HEAD, PATCH, DELETE"},
           {"PATCH", "/api/v1/authors/sana-mir", "GET, HEAD"},
           {"POST", "/api/v1/search", "GET, HEAD"}}) {
    const auto r = site().request(method, target, {{"Content-Type", "application/json"}}, "{}");
    const auto doc = problem(r, 405);
    EXPECT_EQ(r.header("allow"), allow) << method << " " << target;
    EXPECT_TRUE(has(doc.at("detail").as_string(), method));
  }
  // Nothing changed.
  EXPECT_EQ(site().json("/api/v1/articles").at("total").as_int64(), kPublishedCount);
}

TEST_F(ApiTest, MatchingEtagAnswersNotModified) {
  for (std::string_view target :
       {"/api/v1/articles", "/api/v1/articles/budget-passed", "/api/v1/authors",
        "/api/v1/authors/sana-mir", "/api/v1/categories", "/api/v1/tags", "/api/v1/search?q=water",
        "/api/v1/openapi.json"}) {
    const auto first = site().get(target);
    ASSERT_EQ(first.status, 200u) << target;
    const std::string etag(first.header("etag"));
    ASSERT_TRUE(etag.starts_with('"') && etag.ends_with('"')) << etag;
    EXPECT_EQ(site().get(target).header("etag"), etag) << "unstable ETag for " << target;

    const auto again = site().get(target, {{"If-None-Match", etag}});
    EXPECT_EQ(again.status, 304u) << target;
    EXPECT_TRUE(again.body.empty());
    EXPECT_EQ(again.header("etag"), etag);
    EXPECT_EQ(site().get(target, {{"If-None-Match", "\"other\", W/" + etag}}).status, 304u);
    EXPECT_EQ(site().get(target, {{"If-None-Match", "\"other\""}}).status, 200u);
  }
  EXPECT_NE(site().get("/api/v1/articles?limit=1").header("etag"),
            site().get("/api/v1/articles?limit=2").header("etag"));
}

TEST_F(ApiTest, HeadAnswersHeadersWithoutBody) {
  const auto get = site().get("/api/v1/articles/budget-passed");
  const auto head = site().request("HEAD", "/api/v1/articles/budget-passed");
  EXPECT_EQ(head.status, 200u);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.header("content-length"), std::to_string(get.body.size()));
  EXPECT_EQ(head.header("etag"), get.header("etag"));
}

TEST_F(ApiTest, OversizedRequestsAreRefusedWithProblems) {
  const auto long_target = "/api/v1/articles?tag=" + std::string(3000, 'a');
  const auto too_long = problem(site().get(long_target), 414);
  EXPECT_EQ(too_long.at("title").as_string(), "URI Too Long");
  EXPECT_FALSE(too_long.contains("instance")) << "not echoed whole";
  const auto big =
      problem(site().request("GET", "/api/v1/articles", {}, std::string(20000, 'x')), 413);
  EXPECT_TRUE(has(big.at("detail").as_string(), "bytes"));
}

TEST_F(ApiTest, TheSiteStillServesEverythingElse) {
  EXPECT_EQ(site().get("/healthz").body, "ok\n");
  EXPECT_EQ(site().get("/2025/11/27/budget-passed/").status, 200u);
  EXPECT_EQ(site().get("/apiary/").header("content-type"), "text/html; charset=utf-8");
}

// URLs follow the site: a new permalink pattern shows at once in the API.
TEST(ApiUrlTest, ArticlePathsFollowTheSitesPermalinkSetting) {
  ApiSite site;
  auto settings = site.store().settings();
  ASSERT_TRUE(settings);
  settings->url_pattern = "/news/{slug}/";
  ASSERT_TRUE(
      site.store().write([&](store::WriteTxn& txn) { return txn.save_settings(*settings); }));
  ASSERT_TRUE(site.app().content_changed({}));
  const auto article = site.json("/api/v1/articles/budget-passed");
  EXPECT_EQ(article.at("path").as_string(), "/news/budget-passed/");
  EXPECT_EQ(article.at("url").as_string(), "https://news.example/news/budget-passed/");
  EXPECT_EQ(site.get("/news/budget-passed/").status, 200u);
  EXPECT_TRUE(has(article.at("body_html").as_string(), "/news/rupee-steadies/"));
}

// Without a stored public URL, links use the address the server listens on, as the site's do.
TEST(ApiUrlTest, AbsoluteUrlsUseTheListenAddressWhenNoBaseUrlIsSet) {
  ApiSiteOptions options;
  options.prepare = [](store::Store& store) {
    news_fixture(store);
    auto settings = store.settings();
    if (!settings) throw std::runtime_error("settings");
    settings->base_url = content::SiteSettings{}.base_url;
    if (!store.write([&](store::WriteTxn& txn) { return txn.save_settings(*settings); })) {
      throw std::runtime_error("save settings");
    }
  };
  ApiSite site(options);
  const auto article = site.json("/api/v1/articles/budget-passed");
  EXPECT_EQ(article.at("url").as_string(),
            fmt::format("http://127.0.0.1:{}/2025/11/27/budget-passed/", site.port()));
}

TEST(ApiEtagTest, EtagChangesWhenContentChanges) {
  ApiSite site;
  const std::string before(site.get("/api/v1/articles").header("etag"));
  publish(site.store(), "fresh-news", kNow);
  ASSERT_TRUE(site.app().content_changed({}));
  const auto after = site.get("/api/v1/articles", {{"If-None-Match", before}});
  EXPECT_EQ(after.status, 200u);
  EXPECT_NE(after.header("etag"), before);
  EXPECT_EQ(json::parse(after.body).at("items").as_array().at(0).at("slug").as_string(),
            "fresh-news");
}

}  // namespace
}  // namespace dateline::api_test
