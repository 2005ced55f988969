// Cursor pagination of /api/v1/articles: every page size walks every published article exactly
// once, the Link header and next_cursor agree, and articles published or withdrawn during a walk
// neither repeat nor push others out of it.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/api_site.h"

namespace dateline::api_test {
namespace {

namespace json = boost::json;

struct Page {
  std::vector<std::string> slugs;
  std::optional<std::string> next_cursor;
  std::string link;
};

Page fetch(ApiSite& site, const std::string& target) {
  const auto r = site.get(target);
  if (r.status != 200)
    throw std::runtime_error(fmt::format("{} -> {}: {}", target, r.status, r.body));
  const auto doc = json::parse(r.body);
  Page page;
  for (const auto& item : doc.at("items").as_array()) {
    page.slugs.emplace_back(item.at("slug").as_string());
  }
  if (!doc.at("next_cursor").is_null()) page.next_cursor = doc.at("next_cursor").as_string();
  page.link = std::string(r.header("link"));
  return page;
}

std::vector<std::string> all_published(ApiSite& site) {
  return fetch(site, "/api/v1/articles?limit=100").slugs;
}

// Follows next_cursor from `first` to the end; `between(n)` runs after page n (1-based).
std::vector<std::string> walk(ApiSite& site, const std::string& first,
                              const std::function<void(int)>& between = {}) {
  std::vector<std::string> seen;
  std::string target = first;
  for (int n = 1; n <= 100; ++n) {
    const auto page = fetch(site, target);
    seen.insert(seen.end(), page.slugs.begin(), page.slugs.end());
    if (!page.next_cursor) {
      EXPECT_TRUE(page.link.empty()) << "Link on the last page: " << page.link;
      return seen;
    }
    EXPECT_FALSE(page.slugs.empty()) << "an empty page before the end";
    if (between) between(n);
    const auto sep = first.find('?') == std::string::npos ? '?' : '&';
    target = fmt::format("{}{}cursor={}", first, sep, *page.next_cursor);
  }
  ADD_FAILURE() << "more than 100 pages";
  return seen;
}

std::map<std::string, int> counts(const std::vector<std::string>& slugs) {
  std::map<std::string, int> out;
  for (const auto& s : slugs) ++out[s];
  return out;
}

TEST(ApiPaginationTest, EveryPageSizeWalksEachArticleExactlyOnceInOrder) {
  ApiSite site;
  const auto all = all_published(site);
  ASSERT_EQ(all.size(), static_cast<std::size_t>(kPublishedCount));
  for (int limit = 1; limit <= kPublishedCount + 1; ++limit) {
    int pages = 0;
    const auto seen =
        walk(site, fmt::format("/api/v1/articles?limit={}", limit), [&pages](int n) { pages = n; });
    EXPECT_EQ(seen, all) << "limit=" << limit;
    EXPECT_EQ(pages + 1, (kPublishedCount + limit - 1) / limit) << "limit=" << limit;
  }
}

TEST(ApiPaginationTest, LinkHeaderNamesTheNextPageWithTheSameFilters) {
  ApiSite site;
  auto page = fetch(site, "/api/v1/articles?category=climate&limit=1");
  std::vector<std::string> seen = page.slugs;
  while (page.next_cursor) {
    const auto expected = fmt::format(
        "</api/v1/articles?category=climate&limit=1&cursor={}>; "
        "rel=\"next\"",
        *page.next_cursor);
    ASSERT_EQ(page.link, expected);
    const auto target = page.link.substr(1, page.link.find('>') - 1);
    page = fetch(site, target);
    seen.insert(seen.end(), page.slugs.begin(), page.slugs.end());
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"canal-lining-project", "wheat-sowing-delayed",
                                            "tarbela-extension-funding"}));
}

TEST(ApiPaginationTest, DemoSiteWalksAllArticlesInPagesOfTwenty) {
  ApiSiteOptions options;
  options.demo = true;
  options.prepare = nullptr;
  ApiSite site(options);
  auto count = site.store().count_published();
  ASSERT_TRUE(count);
  ASSERT_GT(*count, 20) << "the demo should need two pages";
  const auto first = fetch(site, "/api/v1/articles");
  EXPECT_EQ(first.slugs.size(), 20u);
  ASSERT_TRUE(first.next_cursor);
  EXPECT_EQ(first.link,
            fmt::format("</api/v1/articles?cursor={}>; rel=\"next\"", *first.next_cursor));
  const auto seen = walk(site, "/api/v1/articles");
  EXPECT_EQ(static_cast<int>(seen.size()), *count);
  for (const auto& [slug, n] : counts(seen)) EXPECT_EQ(n, 1) << slug;
  EXPECT_EQ(seen, all_published(site));
}

TEST(ApiPaginationTest, ArticlesPublishedDuringAWalkDoNotRepeatOthers) {
  ApiSite site;
  const auto before = all_published(site);
  const auto seen = walk(site, "/api/v1/articles?limit=3", [&](int n) {
    if (n != 1) return;
    // Two new stories at the top push everything down by two.
    publish(site.store(), "breaking-one", kNow);
    publish(site.store(), "breaking-two", kNow + std::chrono::minutes{1});
    // One backdated story lands below where the walk is, so it is still to come.
    publish(site.store(), "archive-piece", kNow - std::chrono::days{365});
  });
  auto expected = before;
  expected.push_back("archive-piece");
  EXPECT_EQ(seen, expected);
}

TEST(ApiPaginationTest, ArticlesWithdrawnDuringAWalkDoNotHideOthers) {
  ApiSite site;
  const auto before = all_published(site);
  ASSERT_EQ(before.size(), 8u);
  const auto seen = walk(site, "/api/v1/articles?limit=2", [&](int n) {
    if (n != 2) return;
    // Everything shown so far is withdrawn: the list moves up by four, past the cursor's offset.
    for (int i = 0; i < 4; ++i) {
      publish(site.store(), before[static_cast<std::size_t>(i)],
              std::chrono::sys_days{std::chrono::year{2025} / 11 / 1},
              content::ArticleStatus::kDraft);
    }
  });
  EXPECT_EQ(seen, before);
}

}  // namespace
}  // namespace dateline::api_test
