#include "store/search_cache.h"

#include <gtest/gtest.h>

namespace dateline::store {
namespace {

SearchPage page_of_total(int total) {
  SearchPage p;
  p.total = total;
  return p;
}

TEST(SearchCacheTest, ReturnsPagesOnlyForTheirContentVersion) {
  SearchCache cache(4);
  cache.put("q", 7, page_of_total(3));
  auto hit = cache.get("q", 7);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->total, 3);
  EXPECT_FALSE(cache.get("q", 8));
  EXPECT_EQ(cache.size(), 0u);  // a newer version empties the cache
  EXPECT_FALSE(cache.get("q", 7));
}

TEST(SearchCacheTest, IgnoresPagesOlderThanWhatItHolds) {
  SearchCache cache(4);
  cache.put("a", 5, page_of_total(1));
  cache.put("b", 4, page_of_total(2));
  EXPECT_TRUE(cache.get("a", 5));
  EXPECT_FALSE(cache.get("b", 5));
}

TEST(SearchCacheTest, EvictsTheLeastRecentlyUsed) {
  SearchCache cache(2);
  cache.put("a", 1, page_of_total(1));
  cache.put("b", 1, page_of_total(2));
  ASSERT_TRUE(cache.get("a", 1));  // "b" is now the oldest
  cache.put("c", 1, page_of_total(3));
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_TRUE(cache.get("a", 1));
  EXPECT_FALSE(cache.get("b", 1));
  EXPECT_TRUE(cache.get("c", 1));
}

TEST(SearchCacheTest, ZeroCapacityStoresNothing) {
  SearchCache cache(0);
  cache.put("a", 1, page_of_total(1));
  EXPECT_FALSE(cache.get("a", 1));
  EXPECT_EQ(cache.size(), 0u);
}

}  // namespace
}  // namespace dateline::store
