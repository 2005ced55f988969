// The phrase-count cache behind search ranking and the phrase splitting it is keyed by.
#include "store/sqlite/search_rank.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "store/store.h"

namespace dateline::store::sqlite {
namespace {

using namespace std::chrono_literals;
using Strings = std::vector<std::string>;
using Counts = std::vector<std::int64_t>;

// The phrases are the query's own: to_fts_query is fts_terms joined by spaces, and the cache keys
// fold case as the index does.
TEST(FtsPhrasesTest, AreTheQuerysTermsWithCaseFolded) {
  for (const char* text : {"Border trade", "\"Central Bank\" infla*", "x", "a \"b c\" d* e"}) {
    const auto terms = fts_terms(text);
    std::string joined;
    for (const auto& t : terms) joined += (joined.empty() ? "" : " ") + t;
    EXPECT_EQ(to_fts_query(text), joined) << text;
  }
  EXPECT_EQ(fts_phrases(fts_terms("Border trade")), (Strings{"\"border\"", "\"trade\""}));
  EXPECT_EQ(fts_phrases(fts_terms("\"Central Bank\" Infla*")),
            (Strings{"\"central bank\"", "\"infla\"*"}));
  EXPECT_TRUE(fts_terms("  \" \" ").empty());
  EXPECT_FALSE(to_fts_query("  \" \" "));
}

PhraseStats ranked(Counts rows, std::int64_t indexed) {
  PhraseStats s;
  s.matching_rows = std::move(rows);
  s.indexed_rows = indexed;
  return s;
}

TEST(PhraseCountCacheTest, ACountIsReusedExactlyWhileTheContentIsUnchanged) {
  PhraseCountCache cache(16, 1000, 300s);
  const Strings phrases{"\"smog\"", "\"lahore\""};
  const auto t0 = PhraseCountCache::Clock::time_point{} + 1h;
  auto first = cache.lookup(phrases, 7, t0);
  EXPECT_EQ(first.matching_rows, (Counts{-1, -1}));
  cache.remember(phrases, first, ranked({12, 40}, 100), 7, t0);
  EXPECT_EQ(cache.lookup(phrases, 7, t0 + 24h).matching_rows, (Counts{12, 40}))
      << "same content: the count is exact however old";
  EXPECT_EQ(cache.lookup(phrases, 8, t0 + 1s).matching_rows, (Counts{-1, -1}))
      << "a small index counts again after any change";
  EXPECT_EQ(cache.lookup({"\"lahore\"", "\"rain\""}, 7, t0).matching_rows, (Counts{40, -1}));
}

TEST(PhraseCountCacheTest, ALargeIndexReusesACountAfterChangesUntilItIsOld) {
  PhraseCountCache cache(16, 1000, 300s);
  const Strings phrases{"\"talks\""};
  const auto t0 = PhraseCountCache::Clock::time_point{} + 1h;
  cache.remember(phrases, cache.lookup(phrases, 1, t0), ranked({90000}, 100000), 1, t0);
  EXPECT_EQ(cache.lookup(phrases, 2, t0 + 299s).matching_rows, (Counts{90000}));
  EXPECT_EQ(cache.lookup(phrases, 2, t0 + 301s).matching_rows, (Counts{-1}));
  // A reused count does not become younger by being used again...
  const auto reused = cache.lookup(phrases, 2, t0 + 200s);
  cache.remember(phrases, reused, reused, 2, t0 + 200s);
  EXPECT_EQ(cache.lookup(phrases, 3, t0 + 301s).matching_rows, (Counts{-1}));
  // ...but a fresh count replaces it.
  const auto stale = cache.lookup(phrases, 3, t0 + 400s);
  cache.remember(phrases, stale, ranked({90100}, 100100), 3, t0 + 400s);
  EXPECT_EQ(cache.lookup(phrases, 4, t0 + 600s).matching_rows, (Counts{90100}));
}

TEST(PhraseCountCacheTest, NothingIsRememberedFromAStatementThatRankedNoRowOrOtherPhrases) {
  PhraseCountCache cache(16, 1000, 300s);
  const Strings phrases{"\"a\"", "\"b\""};
  const auto t0 = PhraseCountCache::Clock::time_point{} + 1h;
  const auto none = cache.lookup(phrases, 1, t0);
  cache.remember(phrases, none, none, 1, t0);             // no row ranked: nothing counted
  cache.remember(phrases, none, ranked({3}, 10), 1, t0);  // counts for another expression
  EXPECT_EQ(cache.lookup(phrases, 1, t0).matching_rows, (Counts{-1, -1}));
}

TEST(PhraseCountCacheTest, HoldsAtMostItsCapacity) {
  PhraseCountCache cache(2, 1000, 300s);
  const auto t0 = PhraseCountCache::Clock::time_point{} + 1h;
  for (const char* p : {"\"a\"", "\"b\"", "\"c\""}) {
    const Strings one{p};
    cache.remember(one, cache.lookup(one, 1, t0), ranked({5}, 10), 1, t0);
  }
  int known = 0;
  for (const char* p : {"\"a\"", "\"b\"", "\"c\""}) {
    if (cache.lookup({p}, 1, t0).matching_rows[0] >= 0) ++known;
  }
  EXPECT_LE(known, 2);
  EXPECT_EQ(cache.lookup({"\"c\""}, 1, t0).matching_rows, (Counts{5})) << "the newest stays";
}

}  // namespace
}  // namespace dateline::store::sqlite
