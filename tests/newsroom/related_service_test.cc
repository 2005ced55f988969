#include "newsroom/related_service.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

#include "store/sqlite/sqlite_store.h"
#include "testing/fake_clock.h"
#include "testing/temp_dir.h"

namespace dateline::newsroom {
namespace {

using Ids = std::vector<content::Id>;

struct Story {
  std::string slug;
  std::string title;
  std::string body;
};

const Story kCricketFinal{"cricket-final", "Pakistan beat India in thrilling cricket final",
                          "The cricket team chased the target with two wickets left."};
const Story kCricketCaptain{"cricket-captain", "Cricket board names new captain for test series",
                            "The cricket board picked a batsman as captain for the test series."};
const Story kCricketBowler{"cricket-bowler", "Fast bowler takes five wickets in cricket test",
                           "A fast bowler took five wickets as the cricket team won the test."};
const Story kFuelPrices{"fuel-prices", "Fuel prices rise again",
                        "Petrol and diesel prices went up on Monday."};
const Story kGasPriced{"gas-priced", "Cooking gas priced higher for winter",
                       "Households will pay more for LPG cylinders."};
const Story kFloods{"floods", "Floods displace thousands in Sindh",
                    "Heavy monsoon rain swept away villages."};

class RelatedServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::sqlite::SqliteStore::open((dir_.path() / "site.db").string());
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
  }

  // Inserts or updates a story by slug; returns its id.
  content::Id put(const Story& story,
                  content::ArticleStatus status = content::ArticleStatus::kPublished) {
    content::Id id = 0;
    auto written = store_->write([&](store::WriteTxn& txn) -> core::Status {
      auto author = txn.ensure_author("Staff Reporter", "");
      if (!author) return author.error();
      content::Article article;
      article.slug = story.slug;
      article.title = story.title;
      article.body_markdown = story.body;
      article.author_id = author->id;
      article.status = status;
      article.created_at = clock_.now_seconds();
      if (status == content::ArticleStatus::kPublished) article.published_at = clock_.now_seconds();
      auto upserted = txn.upsert_article(article);
      if (!upserted) return upserted.error();
      id = *upserted;
      return {};
    });
    EXPECT_TRUE(written) << written.error().message;
    return id;
  }

  store::ArticleText text_of(content::Id id) {
    auto texts = store_->published_texts();
    EXPECT_TRUE(texts);
    for (auto& text : *texts) {
      if (text.id == id) return text;
    }
    ADD_FAILURE() << "article " << id << " is not published";
    return {};
  }

  Ids related(content::Id id) {
    auto ids = store_->related_ids(id);
    EXPECT_TRUE(ids) << ids.error().message;
    return ids ? *ids : Ids{};
  }

  bool listed_anywhere(content::Id id) {
    for (content::Id article : all_) {
      const auto list = related(article);
      if (std::find(list.begin(), list.end(), id) != list.end()) return true;
    }
    return false;
  }

  void put_corpus() {
    for (const Story* story :
         {&kCricketFinal, &kCricketCaptain, &kCricketBowler, &kFuelPrices, &kGasPriced, &kFloods}) {
      ids_[story->slug] = put(*story);
      all_.push_back(ids_[story->slug]);
    }
  }

  testing::TempDir dir_;
  testing::FakeClock clock_{std::chrono::sys_days{std::chrono::year{2025} / 11 / 27}};
  std::unique_ptr<store::sqlite::SqliteStore> store_;
  std::map<std::string, content::Id> ids_;
  Ids all_;
};

TEST_F(RelatedServiceTest, RebuildWritesEveryArticlesList) {
  put_corpus();
  RelatedService service;
  auto status = service.rebuild(*store_);
  ASSERT_TRUE(status) << status.error().message;

  const auto final_list = related(ids_["cricket-final"]);
  ASSERT_GE(final_list.size(), 2u);
  Ids first_two(final_list.begin(), final_list.begin() + 2);
  std::sort(first_two.begin(), first_two.end());
  EXPECT_EQ(first_two, (Ids{ids_["cricket-captain"], ids_["cricket-bowler"]}));
  EXPECT_EQ(related(ids_["fuel-prices"]), Ids{ids_["gas-priced"]});
  EXPECT_TRUE(related(ids_["floods"]).empty());
  for (content::Id id : all_) EXPECT_EQ(related(id), service.index().top_k(id, 5)) << id;
}

TEST_F(RelatedServiceTest, ListsHoldAtMostFiveArticles) {
  put_corpus();
  for (int i = 0; i < 6; ++i) {
    const auto n = std::to_string(i);
    all_.push_back(put({"cricket-more-" + n, "Cricket test report " + n,
                        "Cricket test: wickets, batsman, captain and bowler " + n}));
  }
  RelatedService service;
  ASSERT_TRUE(service.rebuild(*store_));
  EXPECT_EQ(related(ids_["cricket-final"]).size(), 5u);
}

TEST_F(RelatedServiceTest, PublishingAnArticleAddsItToItsNeighboursLists) {
  put_corpus();
  RelatedService service;
  ASSERT_TRUE(service.rebuild(*store_));

  const content::Id fresh = put({"cricket-rain", "Rain stops cricket test at the stadium",
                                 "The cricket test was halted with the bowler on five wickets."});
  auto status = service.on_published(*store_, text_of(fresh));
  ASSERT_TRUE(status) << status.error().message;

  const auto own = related(fresh);
  ASSERT_FALSE(own.empty());
  EXPECT_EQ(own.front(), ids_["cricket-bowler"]);
  for (const char* slug : {"cricket-final", "cricket-captain", "cricket-bowler"}) {
    const auto list = related(ids_[slug]);
    EXPECT_NE(std::find(list.begin(), list.end(), fresh), list.end()) << slug;
  }
  EXPECT_TRUE(related(ids_["fuel-prices"]) == Ids{ids_["gas-priced"]});
}

TEST_F(RelatedServiceTest, EditingAnArticleMovesItBetweenLists) {
  put_corpus();
  RelatedService service;
  ASSERT_TRUE(service.rebuild(*store_));
  const content::Id captain = ids_["cricket-captain"];

  // The captain story is rewritten as a fuel story.
  put({"cricket-captain", "Petrol prices to rise", "Diesel and petrol prices will rise."});
  ASSERT_TRUE(service.on_published(*store_, text_of(captain)));

  for (const char* slug : {"cricket-final", "cricket-bowler"}) {
    const auto list = related(ids_[slug]);
    EXPECT_EQ(std::find(list.begin(), list.end(), captain), list.end()) << slug;
  }
  const auto fuel = related(ids_["fuel-prices"]);
  ASSERT_FALSE(fuel.empty());
  EXPECT_EQ(fuel.front(), captain);
}

TEST_F(RelatedServiceTest, RemovingAnArticleTakesItOutOfEveryList) {
  put_corpus();
  RelatedService service;
  ASSERT_TRUE(service.rebuild(*store_));
  const content::Id captain = ids_["cricket-captain"];
  ASSERT_TRUE(listed_anywhere(captain));

  put(kCricketCaptain, content::ArticleStatus::kDraft);  // unpublished
  auto status = service.on_removed(*store_, captain);
  ASSERT_TRUE(status) << status.error().message;

  EXPECT_FALSE(listed_anywhere(captain));
  EXPECT_TRUE(related(captain).empty());
  EXPECT_EQ(related(ids_["cricket-final"]), Ids{ids_["cricket-bowler"]});
  EXPECT_FALSE(service.index().contains(captain));
}

TEST_F(RelatedServiceTest, RebuildClearsListsOfUnpublishedArticles) {
  put_corpus();
  RelatedService service;
  ASSERT_TRUE(service.rebuild(*store_));
  const content::Id bowler = ids_["cricket-bowler"];
  ASSERT_FALSE(related(bowler).empty());

  put(kCricketBowler, content::ArticleStatus::kDraft);
  ASSERT_TRUE(service.rebuild(*store_));
  EXPECT_TRUE(related(bowler).empty());
  EXPECT_FALSE(listed_anywhere(bowler));
}

TEST_F(RelatedServiceTest, OnPublishedRejectsAnInvalidId) {
  RelatedService service;
  const auto status = service.on_published(*store_, store::ArticleText{0, "Title", "Body", {}, {}});
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, core::Errc::kInvalidArgument);
}

TEST_F(RelatedServiceTest, LoadKeepsStoredListsAndRanksOnlyMissingOnes) {
  put_corpus();
  const content::Id final_id = ids_["cricket-final"];
  const content::Id fuel = ids_["fuel-prices"];
  const content::Id floods = ids_["floods"];
  // Stored lists no ranking would produce: load must not touch them.
  ASSERT_TRUE(store_->write([&](store::WriteTxn& txn) -> core::Status {
    for (content::Id id : all_) {
      if (id == fuel) continue;  // this one has no list yet
      if (auto r = txn.set_related(id, {floods}); !r) return r;
    }
    return {};
  }));
  RelatedService service;
  auto written = service.load(*store_);
  ASSERT_TRUE(written) << written.error().message;
  EXPECT_EQ(related(final_id), Ids{floods});
  EXPECT_EQ(related(fuel), Ids{ids_["gas-priced"]});
  EXPECT_NE(std::find(written->begin(), written->end(), fuel), written->end());
  EXPECT_EQ(std::find(written->begin(), written->end(), final_id), written->end());
  EXPECT_EQ(service.index().size(), all_.size());
}

TEST_F(RelatedServiceTest, LoadRanksMissingListsInBatchesAndReportsEachBatch) {
  put_corpus();  // an import: articles without lists
  RelatedConfig config;
  config.load_batch = 2;
  RelatedService service(config);
  std::vector<Ids> batches;
  auto written = service.load(*store_, {}, {}, [&](const Ids& batch) { batches.push_back(batch); });
  ASSERT_TRUE(written) << written.error().message;
  ASSERT_GE(batches.size(), 2u);
  Ids reported;
  for (const auto& batch : batches) {
    EXPECT_LE(batch.size(), 2u);
    reported.insert(reported.end(), batch.begin(), batch.end());
  }
  EXPECT_EQ(reported, *written);
  // The lists a full rebuild writes.
  for (content::Id id : all_) {
    EXPECT_EQ(related(id), service.index().top_k(id, 5)) << id;
  }
}

TEST_F(RelatedServiceTest, LoadStopsBetweenBatchesWhenAsked) {
  put_corpus();
  RelatedConfig config;
  config.load_batch = 1;
  RelatedService service(config);
  std::stop_source stop;
  int batches = 0;
  auto written = service.load(*store_, {}, stop.get_token(), [&](const Ids&) {
    ++batches;
    stop.request_stop();
  });
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code, core::Errc::kUnavailable);
  EXPECT_EQ(batches, 1);
  auto lists = store_->related_lists();
  ASSERT_TRUE(lists);
  EXPECT_EQ(lists->size(), 1u) << "the batch written before the stop stays";
}

TEST_F(RelatedServiceTest, UpdateReadsChangedArticlesAndMovesThemBetweenLists) {
  put_corpus();
  RelatedService service;
  ASSERT_TRUE(service.rebuild(*store_));
  const content::Id captain = ids_["cricket-captain"];

  const content::Id fresh = put({"cricket-rain", "Rain stops cricket test at the stadium",
                                 "The cricket test was halted with the bowler on five wickets."});
  put({"cricket-captain", "Petrol prices to rise", "Diesel and petrol prices will rise."});
  put(kFloods, content::ArticleStatus::kDraft);
  auto written = service.update(*store_, {fresh, captain, ids_["floods"]});
  ASSERT_TRUE(written) << written.error().message;

  ASSERT_FALSE(related(fresh).empty());
  EXPECT_EQ(related(fresh).front(), ids_["cricket-bowler"]);
  const auto bowler = related(ids_["cricket-bowler"]);
  EXPECT_NE(std::find(bowler.begin(), bowler.end(), fresh), bowler.end());
  EXPECT_EQ(std::find(bowler.begin(), bowler.end(), captain), bowler.end());
  EXPECT_EQ(related(ids_["fuel-prices"]).front(), captain);
  EXPECT_FALSE(service.index().contains(ids_["floods"]));
  EXPECT_NE(std::find(written->begin(), written->end(), fresh), written->end());
  // The same lists a rebuild would write, for the articles the change touched.
  RelatedService fresh_service;
  ASSERT_TRUE(fresh_service.rebuild(*store_));
  for (content::Id id : {fresh, captain, ids_["cricket-bowler"], ids_["fuel-prices"]}) {
    EXPECT_EQ(related(id), fresh_service.index().top_k(id, 5)) << id;
  }
}

}  // namespace
}  // namespace dateline::newsroom
