#include "newsroom/related.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "newsroom/terms.h"

namespace dateline::newsroom {
namespace {

using Ids = std::vector<content::Id>;

constexpr content::Id kCricketFinal = 1;
constexpr content::Id kCricketCaptain = 2;
constexpr content::Id kCricketBowler = 3;
constexpr content::Id kFuelPrices = 4;
constexpr content::Id kGasPriced = 5;
constexpr content::Id kFloods = 6;

// Three cricket stories, two about fuel prices (sharing only the stem "price"), one about floods
// that shares no term with the others.
std::vector<store::ArticleText> corpus() {
  return {
      {kCricketFinal,
       "Pakistan beat India in thrilling cricket final",
       "The cricket team chased the target with two wickets left as the stadium erupted. The "
       "captain praised the batsmen.",
       1,
       {}},
      {kCricketCaptain,
       "Cricket board names new captain for test series",
       "The cricket board picked an experienced batsman as captain before the test series "
       "against England at the national stadium.",
       1,
       {}},
      {kCricketBowler,
       "Fast bowler takes five wickets in cricket test",
       "A fast bowler ripped through the batting order, taking five wickets as the cricket team "
       "won the test by an innings.",
       1,
       {}},
      {kFuelPrices,
       "Fuel prices rise again",
       "Petrol and diesel prices went up on Monday, the third increase this quarter.",
       2,
       {}},
      {kGasPriced,
       "Cooking gas priced higher for winter",
       "Households will pay more for LPG cylinders from next week, distributors announced.",
       2,
       {}},
      {kFloods,
       "Floods displace thousands in Sindh",
       "Heavy monsoon rain swept away villages; relief camps opened for displaced families.",
       3,
       {}},
  };
}

void load(RelatedIndex& index, const std::vector<store::ArticleText>& docs) {
  for (const auto& doc : docs) index.upsert(doc);
}

bool contains(const Ids& ids, content::Id id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

TEST(TermAnalyzerTest, StemmingMakesPricesAndPricedTheSameTerm) {
  TermAnalyzer analyzer;
  EXPECT_EQ(analyzer.terms("prices"), analyzer.terms("priced"));
  EXPECT_EQ(analyzer.terms("Prices"), std::vector<std::string>{"price"});
}

TEST(TermAnalyzerTest, DropsStopWordsShortTokensAndNumbers) {
  TermAnalyzer analyzer;
  EXPECT_EQ(analyzer.terms("The 2025 budget is a BIG one, x said."),
            (std::vector<std::string>{"budget", "big", "one"}));
}

TEST(TermAnalyzerTest, IgnoresMarkdownLinkUrlsButKeepsLinkText) {
  TermAnalyzer analyzer;
  const auto terms = analyzer.terms(
      "Read [the report](https://example.com/cricket_(2025)/scores) and "
      "https://example.org/floods today");
  EXPECT_EQ(terms, (std::vector<std::string>{"read", "report", "today"}));
}

TEST(TermAnalyzerTest, NonAsciiLettersStayInsideWordsAndUnicodePunctuationSplits) {
  TermAnalyzer analyzer;
  const auto terms = analyzer.terms("Zürich’s café—nice «déjà»");
  ASSERT_EQ(terms.size(), 4u);
  EXPECT_EQ(terms[0], "zürich");
  EXPECT_EQ(terms[2], "nice");
}

TEST(RelatedIndexTest, CricketStoriesRankEachOtherFirst) {
  RelatedIndex index;
  load(index, corpus());
  for (content::Id id : {kCricketFinal, kCricketCaptain, kCricketBowler}) {
    const auto related = index.top_k(id, 5);
    ASSERT_GE(related.size(), 2u) << id;
    Ids first_two(related.begin(), related.begin() + 2);
    std::sort(first_two.begin(), first_two.end());
    Ids expected;
    for (content::Id other : {kCricketFinal, kCricketCaptain, kCricketBowler}) {
      if (other != id) expected.push_back(other);
    }
    EXPECT_EQ(first_two, expected) << id;
  }
}

TEST(RelatedIndexTest, StemmingRelatesPricesToPriced) {
  RelatedIndex index;
  load(index, corpus());
  EXPECT_EQ(index.top_k(kFuelPrices, 5), Ids{kGasPriced});
  const auto scored = index.scored(kGasPriced, 5);
  ASSERT_EQ(scored.size(), 1u);
  EXPECT_EQ(scored[0].id, kFuelPrices);
  // Cosine plus the same-category boost.
  EXPECT_GT(scored[0].score, RelatedIndex::kCategoryBoost);
}

TEST(RelatedIndexTest, ArticleSharingNoTermOrTagHasNoRelatedArticles) {
  RelatedIndex index;
  load(index, corpus());
  EXPECT_TRUE(index.top_k(kFloods, 5).empty());
  for (const auto& doc : corpus()) EXPECT_FALSE(contains(index.top_k(doc.id, 5), kFloods));
}

TEST(RelatedIndexTest, TopKNeverReturnsTheArticleItself) {
  RelatedIndex index;
  load(index, corpus());
  load(index, corpus());  // upserting again replaces, it does not duplicate
  EXPECT_EQ(index.size(), 6u);
  for (const auto& doc : corpus()) EXPECT_FALSE(contains(index.top_k(doc.id, 10), doc.id));
}

TEST(RelatedIndexTest, TopKIsLimitedToK) {
  RelatedIndex index;
  load(index, corpus());
  EXPECT_EQ(index.top_k(kCricketFinal, 1).size(), 1u);
  EXPECT_TRUE(index.top_k(kCricketFinal, 0).empty());
}

TEST(RelatedIndexTest, SharedTagBreaksATie) {
  RelatedIndex index;
  index.upsert({10, "Monsoon rain", "Monsoon rain warning for the coast.", std::nullopt, {}});
  index.upsert({11, "Monsoon rain", "Monsoon rain warning for the coast.", std::nullopt, {7}});
  index.upsert({12, "Monsoon rain", "Monsoon rain warning for the coast.", std::nullopt, {}});
  index.upsert({13, "Stock market", "Shares closed higher.", std::nullopt, {}});
  index.upsert({14, "Car sales", "Dealers sold more cars.", std::nullopt, {}});
  index.upsert({15, "Tea exports", "Tea shipments rose.", std::nullopt, {7}});
  // 11 and 12 are identical; without a boost the newer id (12) would win.
  EXPECT_EQ(index.top_k(15, 5), Ids{11});  // shares only the tag
  auto related = index.top_k(10, 5);
  EXPECT_EQ(related, (Ids{12, 11}));
  index.upsert({10, "Monsoon rain", "Monsoon rain warning for the coast.", std::nullopt, {7}});
  related = index.top_k(10, 5);
  EXPECT_EQ(related, (Ids{11, 12, 15}));
}

TEST(RelatedIndexTest, SameCategoryBreaksATie) {
  RelatedIndex index;
  index.upsert({20, "Wheat harvest", "Record wheat harvest expected.", 4, {}});
  index.upsert({21, "Wheat harvest", "Record wheat harvest expected.", 4, {}});
  index.upsert({22, "Wheat harvest", "Record wheat harvest expected.", 5, {}});
  index.upsert({23, "Cotton crop", "Cotton crop damaged by pests.", 4, {}});
  index.upsert({24, "Rice crop", "Rice crop ready.", 5, {}});
  const auto scored = index.scored(20, 5);
  ASSERT_GE(scored.size(), 2u);
  EXPECT_EQ(scored[0].id, 21);
  EXPECT_EQ(scored[1].id, 22);
  EXPECT_NEAR(scored[0].score - scored[1].score, RelatedIndex::kCategoryBoost, 1e-9);
  // The same category alone does not make articles related.
  for (const auto& entry : scored) EXPECT_NE(entry.id, 23);
}

TEST(RelatedIndexTest, TagBoostIsCapped) {
  RelatedIndex index;
  index.upsert({30, "Alpha", "alpha", std::nullopt, {1, 2, 3, 4, 5}});
  index.upsert({31, "Beta", "beta", std::nullopt, {1, 2, 3, 4, 5}});
  index.upsert({32, "Gamma", "gamma", std::nullopt, {}});
  const auto scored = index.scored(30, 5);
  ASSERT_EQ(scored.size(), 1u);
  EXPECT_NEAR(scored[0].score, RelatedIndex::kMaxTagBoost, 1e-12);
}

TEST(RelatedIndexTest, RemoveDropsTheArticle) {
  RelatedIndex index;
  load(index, corpus());
  index.remove(kCricketCaptain);
  index.remove(999);  // unknown ids are ignored
  EXPECT_EQ(index.size(), 5u);
  EXPECT_FALSE(index.contains(kCricketCaptain));
  EXPECT_TRUE(index.top_k(kCricketCaptain, 5).empty());
  for (const auto& doc : corpus()) EXPECT_FALSE(contains(index.top_k(doc.id, 5), kCricketCaptain));
  EXPECT_EQ(index.top_k(kCricketFinal, 1), Ids{kCricketBowler});
}

TEST(RelatedIndexTest, UpsertReplacesTheText) {
  RelatedIndex index;
  load(index, corpus());
  index.upsert({kFloods,
                "Cricket team wins test series",
                "The cricket team won the test series after the bowler took wickets.",
                1,
                {}});
  EXPECT_TRUE(contains(index.top_k(kCricketBowler, 3), kFloods));
  EXPECT_FALSE(contains(index.top_k(kFloods, 5), kFuelPrices));
}

TEST(RelatedIndexTest, ClearEmptiesTheIndex) {
  RelatedIndex index;
  load(index, corpus());
  index.clear();
  EXPECT_EQ(index.size(), 0u);
  EXPECT_TRUE(index.top_k(kCricketFinal, 5).empty());
}

// `n` short filler stories over a vocabulary of made-up words, so none of them is about cricket;
// every one also says "report" (a term in every article).
void load_filler(RelatedIndex& index, content::Id first, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const std::string a = "zorb" + std::to_string(i % 97);
    const std::string b = "quil" + std::to_string(i % 89);
    const std::string c = "vant" + std::to_string(i % 83);
    index.upsert({first + static_cast<content::Id>(i),
                  a + " " + b,
                  "report " + a + " " + b + " " + c + " " + c,
                  std::nullopt,
                  {}});
  }
}

TEST(RelatedIndexTest, ArticlesPublishedIntoALargeIndexAreRankedAtOnce) {
  // Past kExactRefreshBelow articles a few changes refresh only what they touched.
  RelatedIndex index;
  load_filler(index, 1000, RelatedIndex::kExactRefreshBelow + 200);
  load(index, corpus());
  ASSERT_FALSE(index.top_k(1000, 5).empty());  // a full refresh
  index.upsert({kFloods,
                "Cricket team wins test series",
                "The cricket team won the test series after the bowler took wickets.",
                1,
                {}});
  const auto related = index.top_k(kFloods, 3);
  ASSERT_EQ(related.size(), 3u);
  EXPECT_EQ(related.front(), kCricketBowler);
  for (content::Id id : related) EXPECT_LT(id, 1000) << "a filler story outranked cricket";
  EXPECT_TRUE(contains(index.top_k(kCricketBowler, 3), kFloods));

  index.remove(kCricketBowler);
  EXPECT_FALSE(contains(index.top_k(kFloods, 5), kCricketBowler));
  EXPECT_FALSE(contains(index.top_k(kCricketFinal, 5), kCricketBowler));
}

TEST(RelatedIndexTest, CandidatesBeyondTheCapComeFromTheRarestTermsFirst) {
  const auto build = [](RelatedIndex& index) {
    index.upsert({1, "Ostrich walrus", "ostrich walrus", std::nullopt, {}});
    index.upsert({2, "Ostrich", "ostrich farm", std::nullopt, {}});
    for (content::Id id : {3, 4, 5}) index.upsert({id, "Walrus", "walrus", std::nullopt, {}});
    for (content::Id id : {6, 7, 8, 9}) index.upsert({id, "Tea", "tea exports", std::nullopt, {}});
  };
  RelatedIndex capped(1);
  build(capped);
  EXPECT_EQ(capped.top_k(1, 5), Ids{2});  // "ostrich" is in 2 articles, "walrus" in 4
  RelatedIndex uncapped;
  build(uncapped);
  EXPECT_EQ(uncapped.top_k(1, 5).size(), 4u);
  EXPECT_TRUE(contains(uncapped.top_k(1, 5), 2));
}

TEST(RelatedIndexTest, ATermInNearlyEveryArticleKeepsNoPostingsButStillCounts) {
  RelatedIndex index;
  const std::size_t n = 2 * RelatedIndex::kMinCommonPostings + 10;
  load_filler(index, 1, n);
  const auto stats = index.stats();
  EXPECT_EQ(stats.documents, n);
  EXPECT_EQ(stats.dropped_terms, 1u) << "only \"report\" is in more than 2x the common threshold";
  // Each filler story has three distinct terms besides "report", whose postings are gone.
  EXPECT_EQ(stats.postings, 3 * n);
  // Two stories that share only "report" are not related; two sharing their rare words are.
  index.upsert({900001, "Ostrich", "report ostrich", std::nullopt, {}});
  index.upsert({900002, "Ostrich again", "report ostrich", std::nullopt, {}});
  index.upsert({900003, "Walrus", "report walrus", std::nullopt, {}});
  EXPECT_EQ(index.top_k(900001, 5), Ids{900002});
  EXPECT_TRUE(index.top_k(900003, 5).empty());
  // Removing every article that used it frees the term.
  for (std::size_t i = 0; i < n; ++i) index.remove(1 + static_cast<content::Id>(i));
  for (content::Id id : {900001, 900002, 900003}) index.remove(id);
  EXPECT_EQ(index.stats().terms, 0u);
  EXPECT_EQ(index.stats().postings, 0u);
}

}  // namespace
}  // namespace dateline::newsroom
