// The search page's count and pagination: exact totals say "N results" and "Page X of Y"; when
// the store stopped counting (SqliteStoreOptions::search_count_limit) the page says "More than N
// results", numbers the page without a last one, and always links to the next page.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "render/default_theme.h"
#include "render/theme.h"
#include "site/site.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/fake_clock.h"
#include "testing/publish_story.h"
#include "testing/temp_dir.h"

namespace dateline::site {
namespace {

constexpr std::chrono::sys_seconds kNow{std::chrono::sys_days{std::chrono::year{2025} / 11 / 27} +
                                        std::chrono::hours{9}};

bool has(std::string_view text, std::string_view needle) {
  return text.find(needle) != std::string_view::npos;
}

class SearchPageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::sqlite::SqliteStoreOptions options;
    options.search_window = 2;
    options.search_count_limit = 5;
    auto opened = store::sqlite::SqliteStore::open((dir_.path() / "site.db").string(), options);
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    // Eight stories about water, three about wheat.
    ASSERT_TRUE(store_->write([&](store::WriteTxn& txn) -> core::Status {
      auto author = txn.ensure_author("Staff Reporter", "");
      if (!author) return author.error();
      for (int i = 0; i < 11; ++i) {
        content::Article a;
        a.slug = "story-" + std::to_string(i);
        a.title = i < 8 ? "Water rises" : "Wheat harvest";
        a.body_markdown = "Reported this morning.";
        a.author_id = author->id;
        a.status = content::ArticleStatus::kPublished;
        a.published_at = kNow - std::chrono::hours{11 - i};
        a.created_at = *a.published_at;
        if (auto id = txn.upsert_article(a); !id) return id.error();
      }
      return {};
    }));
    auto theme = render::Theme::load(render::default_theme::embedded_files(), std::nullopt);
    ASSERT_TRUE(theme) << theme.error().message;
    theme_.emplace(std::move(*theme));
    SiteOptions site_options;
    site_options.page_size = 2;
    site_ = std::make_unique<Site>(*store_, *theme_, clock_, site_options);
    ASSERT_TRUE(site_->invalidate());
  }

  http::Response get(const std::string& query, const std::string& if_none_match = "") {
    http::Request r;
    r.method = "GET";
    r.target = "/search?" + query;
    r.path = "/search";
    r.query = query;
    if (!if_none_match.empty()) r.headers.emplace_back("if-none-match", if_none_match);
    return site_->handle(r);
  }

  std::string search(const std::string& query) {
    auto response = get(query);
    EXPECT_EQ(response.status, 200u) << query;
    return std::string(response.payload());
  }

  testing::TempDir dir_;
  testing::FakeClock clock_{kNow};
  std::unique_ptr<store::sqlite::SqliteStore> store_;
  std::optional<render::Theme> theme_;
  std::unique_ptr<Site> site_;
};

TEST_F(SearchPageTest, BeyondTheCountLimitSaysMoreThanAndLinksOn) {
  const auto html = search("q=water");
  EXPECT_TRUE(has(html, "<p class=\"search-message\">More than 5 results for “water”</p>")) << html;
  EXPECT_TRUE(has(html, "<span>Page 1</span>")) << html;
  EXPECT_FALSE(has(html, " of ")) << html;
  EXPECT_TRUE(has(html, "href=\"/search?q=water&amp;page=2\" rel=\"next\"")) << html;
  EXPECT_FALSE(has(html, "rel=\"prev\"")) << html;
}

TEST_F(SearchPageTest, PagesThatCountToTheLastMatchShowTheExactTotal) {
  // Page 4 of 2 per page reaches the eighth match, the last: counting met the end.
  const auto html = search("q=water&page=4");
  EXPECT_TRUE(has(html, "<p class=\"search-message\">8 results for “water”</p>")) << html;
  EXPECT_TRUE(has(html, "<span>Page 4 of 4</span>")) << html;
  EXPECT_TRUE(has(html, "href=\"/search?q=water&amp;page=3\" rel=\"prev\"")) << html;
  EXPECT_FALSE(has(html, "rel=\"next\"")) << html;
}

TEST_F(SearchPageTest, FewerMatchesThanTheLimitAreCountedExactly) {
  const auto html = search("q=wheat");
  EXPECT_TRUE(has(html, "<p class=\"search-message\">3 results for “wheat”</p>")) << html;
  EXPECT_TRUE(has(html, "<span>Page 1 of 2</span>")) << html;
  EXPECT_TRUE(has(html, "href=\"/search?q=wheat&amp;page=2\" rel=\"next\"")) << html;
}

TEST_F(SearchPageTest, ResultPagesAreCachedUntilTheContentChanges) {
  const auto first = get("q=wheat");
  ASSERT_EQ(first.status, 200u);
  EXPECT_TRUE(has(first.payload(), "3 results"));
  EXPECT_EQ(first.header("Cache-Control"), "no-cache");
  const std::string etag(first.header("ETag"));
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(get("q=wheat", etag).status, 304u) << "the same search is the same cached page";
  EXPECT_NE(get("q=wheat&page=2").payload(), first.payload()) << "another page is another entry";
  EXPECT_EQ(get("q=wheat", etag).status, 304u);

  // A new story about wheat: the cached result page goes with the change.
  const auto id = testing::publish_story(*store_, {.slug = "wheat-exports",
                                                   .title = "Wheat exports double",
                                                   .body = "Shipments left the port.",
                                                   .at = kNow});
  ASSERT_TRUE(id) << id.error().message;
  ASSERT_TRUE(site_->articles_changed({*id}));
  const auto after = get("q=wheat", etag);
  ASSERT_EQ(after.status, 200u);
  EXPECT_TRUE(has(after.payload(), "4 results"));
  EXPECT_TRUE(has(after.payload(), "Wheat exports double"));
  EXPECT_NE(after.header("ETag"), etag);
}

}  // namespace
}  // namespace dateline::site
