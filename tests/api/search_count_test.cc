// The search endpoint over a store that stops counting past a few matches
// (SqliteStoreOptions::search_count_limit): `total_exact` says whether `total` is the whole count
// or a lower bound, and the cursor leads on until the last match either way.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "api/api.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"

namespace dateline::api {
namespace {

namespace json = boost::json;

constexpr std::chrono::sys_seconds kNow{std::chrono::sys_days{std::chrono::year{2025} / 11 / 27} +
                                        std::chrono::hours{9}};

class SearchCountTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::sqlite::SqliteStoreOptions options;
    options.search_window = 2;
    options.search_count_limit = 3;
    auto opened = store::sqlite::SqliteStore::open((dir_.path() / "api.db").string(), options);
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    ASSERT_TRUE(store_->write([&](store::WriteTxn& txn) -> core::Status {
      content::SiteSettings settings;
      settings.site_name = "The Test Times";
      settings.short_name = "TTT";
      settings.timezone = "Asia/Karachi";
      if (auto s = txn.save_settings(settings); !s) return s;
      auto author = txn.ensure_author("Staff Reporter", "");
      if (!author) return author.error();
      for (int i = 0; i < 7; ++i) {
        content::Article a;
        a.slug = "water-" + std::to_string(i);
        a.title = "Water rises";
        a.body_markdown = "Reported this morning.";
        a.author_id = author->id;
        a.status = content::ArticleStatus::kPublished;
        a.published_at = kNow - std::chrono::hours{7 - i};
        a.created_at = *a.published_at;
        if (auto id = txn.upsert_article(a); !id) return id.error();
      }
      return {};
    }));
    api_ = std::make_unique<Api>(*store_, ApiOptions{});
  }

  json::object get(const std::string& query) {
    http::Request r;
    r.method = "GET";
    r.target = "/api/v1/search?" + query;
    r.path = "/api/v1/search";
    r.query = query;
    const auto response = api_->handle(r);
    EXPECT_EQ(response.status, 200u) << query << "\n" << response.payload();
    return json::parse(response.payload()).as_object();
  }

  testing::TempDir dir_;
  std::unique_ptr<store::sqlite::SqliteStore> store_;
  std::unique_ptr<Api> api_;
};

TEST_F(SearchCountTest, TotalIsALowerBoundUntilCountingReachesTheLastMatch) {
  auto page = get("q=water&limit=2");
  EXPECT_EQ(page.at("total").as_int64(), 3);
  EXPECT_FALSE(page.at("total_exact").as_bool());
  std::vector<std::string> seen;
  int pages = 0;
  while (true) {
    ++pages;
    for (const auto& item : page.at("items").as_array()) {
      seen.emplace_back(item.at("slug").as_string());
    }
    if (page.at("next_cursor").is_null()) break;
    ASSERT_LT(pages, 10);
    page = get(
        fmt::format("q=water&limit=2&cursor={}", std::string(page.at("next_cursor").as_string())));
  }
  // The last page counted to the end: exact, and every match was listed once, newest first
  // within each window of two.
  EXPECT_EQ(pages, 4);
  EXPECT_TRUE(page.at("total_exact").as_bool());
  EXPECT_EQ(page.at("total").as_int64(), 7);
  EXPECT_EQ(seen, (std::vector<std::string>{"water-6", "water-5", "water-4", "water-3", "water-2",
                                            "water-1", "water-0"}));
}

TEST_F(SearchCountTest, APageReachingPastTheLastMatchCountsExactly) {
  const auto page = get("q=water&limit=20");
  EXPECT_EQ(page.at("total").as_int64(), 7);
  EXPECT_TRUE(page.at("total_exact").as_bool());
  EXPECT_TRUE(page.at("next_cursor").is_null());
}

}  // namespace
}  // namespace dateline::api
