#include "newsroom/trending.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <initializer_list>
#include <string>
#include <thread>
#include <vector>

#include "testing/fake_clock.h"

namespace dateline::newsroom {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

constexpr std::string_view kBrowser =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 "
    "Safari/537.36";

// 2025-11-27 10:00:00 UTC.
std::chrono::system_clock::time_point start_time() {
  return std::chrono::sys_days{std::chrono::year{2025} / 11 / 27} + hours{10};
}

std::string address(int n) { return "198.51.100." + std::to_string(n); }

double score_of(const TrendingSnapshot& snapshot, content::Id id) {
  for (const auto& entry : snapshot.ranked) {
    if (entry.id == id) return entry.score;
  }
  return 0;
}

// Views from `count` distinct visitors at the clock's current time.
void views_from_distinct_visitors(TrendingTracker& tracker, content::Id article, int count,
                                  const testing::FakeClock& clock) {
  for (int i = 0; i < count; ++i) {
    ASSERT_TRUE(tracker.record_view(article, address(i), kBrowser, clock.now_seconds()));
  }
}

TEST(TrendingTrackerTest, ScoreHalvesAfterOneHalfLife) {
  testing::FakeClock clock(start_time());
  TrendingTracker tracker;
  views_from_distinct_visitors(tracker, 1, 4, clock);
  tracker.flush(clock.now_seconds());
  clock.advance(hours{24});
  views_from_distinct_visitors(tracker, 2, 4, clock);
  tracker.flush(clock.now_seconds());

  const auto snapshot = tracker.snapshot();
  EXPECT_EQ(snapshot->computed_at, clock.now_seconds());
  EXPECT_NEAR(score_of(*snapshot, 2), 4.0, 1e-9);
  EXPECT_NEAR(score_of(*snapshot, 1), 2.0, 1e-9);
  EXPECT_EQ(tracker.top(2), (std::vector<content::Id>{2, 1}));
}

TEST(TrendingTrackerTest, ScoresAreDecayedToTheSnapshotTime) {
  testing::FakeClock clock(start_time());
  TrendingTracker tracker(TrendingConfig{.half_life = hours{1}});
  views_from_distinct_visitors(tracker, 7, 8, clock);
  tracker.flush(clock.now_seconds() + hours{3});
  EXPECT_NEAR(score_of(*tracker.snapshot(), 7), 1.0, 1e-9);
}

TEST(TrendingTrackerTest, RepeatViewsWithinTheWindowCountOnce) {
  testing::FakeClock clock(start_time());
  TrendingTracker tracker(TrendingConfig{.half_life = days{10000}});
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(tracker.record_view(5, address(1), kBrowser, clock.now_seconds()));
    tracker.flush(clock.now_seconds());  // the window spans flushes
    clock.advance(minutes{10});
  }
  EXPECT_NEAR(score_of(*tracker.snapshot(), 5), 1.0, 1e-3);
}

TEST(TrendingTrackerTest, RepeatViewCountsAgainAfterTheWindow) {
  testing::FakeClock clock(start_time());
  TrendingTracker tracker(TrendingConfig{.half_life = days{10000}});
  ASSERT_TRUE(tracker.record_view(5, address(1), kBrowser, clock.now_seconds()));
  clock.advance(minutes{20});
  ASSERT_TRUE(tracker.record_view(5, address(1), kBrowser, clock.now_seconds()));
  tracker.flush(clock.now_seconds());
  EXPECT_NEAR(score_of(*tracker.snapshot(), 5), 1.0, 1e-3);

  clock.advance(minutes{11});  // 31 minutes after the counted view
  ASSERT_TRUE(tracker.record_view(5, address(1), kBrowser, clock.now_seconds()));
  tracker.flush(clock.now_seconds());
  EXPECT_NEAR(score_of(*tracker.snapshot(), 5), 2.0, 1e-3);
}

TEST(TrendingTrackerTest, SameVisitorOnDifferentArticlesCountsForEach) {
  testing::FakeClock clock(start_time());
  TrendingTracker tracker;
  ASSERT_TRUE(tracker.record_view(1, address(1), kBrowser, clock.now_seconds()));
  ASSERT_TRUE(tracker.record_view(2, address(1), kBrowser, clock.now_seconds()));
  tracker.flush(clock.now_seconds());
  EXPECT_NEAR(score_of(*tracker.snapshot(), 1), 1.0, 1e-9);
  EXPECT_NEAR(score_of(*tracker.snapshot(), 2), 1.0, 1e-9);
}

TEST(TrendingTrackerTest, DifferentVisitorsCountSeparately) {
  testing::FakeClock clock(start_time());
  TrendingTracker tracker;
  const auto now = clock.now_seconds();
  ASSERT_TRUE(tracker.record_view(3, address(1), kBrowser, now));
  ASSERT_TRUE(tracker.record_view(3, address(2), kBrowser, now));  // another address
  ASSERT_TRUE(tracker.record_view(3, address(1), "Mozilla/5.0 Firefox/133.0", now));  // another UA
  tracker.flush(now);
  EXPECT_NEAR(score_of(*tracker.snapshot(), 3), 3.0, 1e-9);
}

TEST(TrendingTrackerTest, BotViewsAreNotCounted) {
  testing::FakeClock clock(start_time());
  TrendingTracker tracker;
  const auto now = clock.now_seconds();
  EXPECT_FALSE(tracker.record_view(
      1, address(1), "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
      now));
  EXPECT_FALSE(tracker.record_view(1, address(2), "", now));
  EXPECT_FALSE(tracker.record_view(1, address(3), "   ", now));
  EXPECT_FALSE(tracker.record_view(1, address(4), "curl/8.5.0", now));
  EXPECT_FALSE(tracker.record_view(1, address(5), "facebookexternalhit/1.1", now));
  tracker.flush(now);
  EXPECT_TRUE(tracker.snapshot()->ranked.empty());
  EXPECT_EQ(tracker.dropped_views(), 0u);
}

TEST(TrendingTrackerTest, IsBotRecognisesCrawlersAndPreviewFetchersButNotBrowsers) {
  for (std::string_view bot : {
           "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
           "GOOGLEBOT",
           "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)",
           "Baiduspider+(+http://www.baidu.com/search/spider.htm)",
           "CCBot/2.0 (https://commoncrawl.org/faq/)",
           "Mozilla/5.0 (compatible; Embedly/0.2; +http://support.embed.ly/)",
           "Quora Link Preview/1.0",
           "WhatsApp/2.23.20.0 A",
           "Wget/1.21.3",
           "python-requests/2.31.0",
           "Go-http-client/1.1",
           "TelegramBot (like TwitterBot)",
           "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5",
           "",
       }) {
    EXPECT_TRUE(TrendingTracker::is_bot(bot)) << bot;
  }
  for (std::string_view person : std::initializer_list<std::string_view>{
           kBrowser,
           "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
           "HeadlessChrome/131.0.0.0 Safari/537.36",
           "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
           "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
           "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
       }) {
    EXPECT_FALSE(TrendingTracker::is_bot(person)) << person;
  }
}

TEST(TrendingTrackerTest, RankingIsBestFirstWithNewerIdBreakingTies) {
  testing::FakeClock clock(start_time());
  TrendingTracker tracker;
  views_from_distinct_visitors(tracker, 10, 1, clock);
  views_from_distinct_visitors(tracker, 11, 3, clock);
  views_from_distinct_visitors(tracker, 12, 2, clock);
  views_from_distinct_visitors(tracker, 13, 2, clock);
  tracker.flush(clock.now_seconds());

  EXPECT_EQ(tracker.top(10), (std::vector<content::Id>{11, 13, 12, 10}));
  EXPECT_EQ(tracker.top(2), (std::vector<content::Id>{11, 13}));
  const std::vector<content::Id> exclude{11, 12};
  EXPECT_EQ(tracker.top(10, exclude), (std::vector<content::Id>{13, 10}));
}

TEST(TrendingTrackerTest, SnapshotKeepsOnlyTheTopFifty) {
  testing::FakeClock clock(start_time());
  TrendingTracker tracker;
  for (content::Id id = 1; id <= 60; ++id)
    tracker.add_views(id, static_cast<int>(id), clock.now_seconds());
  tracker.flush(clock.now_seconds());
  const auto snapshot = tracker.snapshot();
  ASSERT_EQ(snapshot->ranked.size(), TrendingTracker::kSnapshotSize);
  EXPECT_EQ(snapshot->ranked.front().id, 60);
  EXPECT_EQ(snapshot->ranked.back().id, 11);
}

TEST(TrendingTrackerTest, SnapshotIsEmptyBeforeTheFirstFlush) {
  testing::FakeClock clock(start_time());
  TrendingTracker tracker;
  ASSERT_TRUE(tracker.record_view(1, address(1), kBrowser, clock.now_seconds()));
  ASSERT_NE(tracker.snapshot(), nullptr);
  EXPECT_TRUE(tracker.snapshot()->ranked.empty());
  EXPECT_TRUE(tracker.top(5).empty());
}

TEST(TrendingTrackerTest, ExportedScoresHoldNoAddressOrUserAgent) {
  testing::FakeClock clock(start_time());
  TrendingTracker tracker;
  const auto now = clock.now_seconds();
  ASSERT_TRUE(tracker.record_view(42, "203.0.113.77", kBrowser, now));
  tracker.flush(now);

  const auto scores = tracker.export_scores();
  ASSERT_EQ(scores.size(), 1u);
  EXPECT_EQ(scores[0].article_id, 42);
  EXPECT_DOUBLE_EQ(scores[0].score, 1.0);
  EXPECT_EQ(scores[0].updated_at, now);
  // A StoredScore is an id, a number and a time: there is nowhere to put an address.
  static_assert(sizeof(store::StoredScore) ==
                sizeof(content::Id) + sizeof(double) + sizeof(core::TimePoint));
}

TEST(TrendingTrackerTest, VisitorKeysChangeAtUtcMidnight) {
  // 23:50 and 00:05 are within the dedup window, but each day has its own salt, so the same
  // visitor cannot be recognised across midnight and both views count.
  testing::FakeClock clock(std::chrono::sys_days{std::chrono::year{2025} / 11 / 27} + hours{23} +
                           minutes{50});
  TrendingTracker tracker(TrendingConfig{.half_life = days{10000}});
  ASSERT_TRUE(tracker.record_view(9, address(1), kBrowser, clock.now_seconds()));
  tracker.flush(clock.now_seconds());
  clock.advance(minutes{15});
  ASSERT_TRUE(tracker.record_view(9, address(1), kBrowser, clock.now_seconds()));
  tracker.flush(clock.now_seconds());
  EXPECT_NEAR(score_of(*tracker.snapshot(), 9), 2.0, 1e-3);
}

TEST(TrendingTrackerTest, StaleSaltIsReplacedAtFlush) {
  testing::FakeClock clock(start_time());
  TrendingTracker tracker;
  ASSERT_TRUE(tracker.record_view(1, address(1), kBrowser, clock.now_seconds()));
  // Four days later the same salt slot still belongs to the old day until a flush rotates it.
  clock.advance(days{4});
  EXPECT_FALSE(tracker.record_view(1, address(2), kBrowser, clock.now_seconds()));
  EXPECT_EQ(tracker.dropped_views(), 1u);
  tracker.flush(clock.now_seconds());
  EXPECT_TRUE(tracker.record_view(1, address(2), kBrowser, clock.now_seconds()));
}

TEST(TrendingTrackerTest, ExportImportRoundTripKeepsTheRanking) {
  testing::FakeClock clock(start_time());
  TrendingTracker original;
  views_from_distinct_visitors(original, 1, 3, clock);
  clock.advance(hours{6});
  views_from_distinct_visitors(original, 2, 2, clock);
  original.flush(clock.now_seconds());

  TrendingTracker restored;
  restored.import_scores(original.export_scores(), clock.now_seconds());
  const auto before = original.snapshot();
  const auto after = restored.snapshot();
  ASSERT_EQ(after->ranked.size(), before->ranked.size());
  for (std::size_t i = 0; i < before->ranked.size(); ++i) {
    EXPECT_EQ(after->ranked[i].id, before->ranked[i].id);
    EXPECT_NEAR(after->ranked[i].score, before->ranked[i].score, 1e-9);
  }
  EXPECT_EQ(restored.export_scores().size(), 2u);
}

TEST(TrendingTrackerTest, ImportedScoresDecayForTheTimeSinceTheyWereSaved) {
  testing::FakeClock clock(start_time());
  TrendingTracker tracker;
  const std::vector<store::StoredScore> saved{{4, 8.0, clock.now_seconds()}};
  tracker.import_scores(saved, clock.now_seconds() + hours{48});
  EXPECT_NEAR(score_of(*tracker.snapshot(), 4), 2.0, 1e-9);
}

TEST(TrendingTrackerTest, AddViewsBypassesRepeatDetection) {
  testing::FakeClock clock(start_time());
  TrendingTracker tracker;
  tracker.add_views(8, 5, clock.now_seconds());
  EXPECT_TRUE(tracker.snapshot()->ranked.empty());  // visible from the next flush
  tracker.flush(clock.now_seconds());
  EXPECT_NEAR(score_of(*tracker.snapshot(), 8), 5.0, 1e-9);
}

TEST(TrendingTrackerTest, ForgottenArticleLeavesTheRankingAtTheNextFlush) {
  testing::FakeClock clock(start_time());
  TrendingTracker tracker;
  views_from_distinct_visitors(tracker, 1, 2, clock);
  views_from_distinct_visitors(tracker, 2, 1, clock);
  tracker.flush(clock.now_seconds());
  views_from_distinct_visitors(tracker, 1, 1, clock);  // still buffered when forgotten

  tracker.forget(1);
  EXPECT_EQ(tracker.top(5), (std::vector<content::Id>{1, 2}));
  tracker.flush(clock.now_seconds());
  EXPECT_EQ(tracker.top(5), (std::vector<content::Id>{2}));
  for (const auto& s : tracker.export_scores()) EXPECT_NE(s.article_id, 1);
}

TEST(TrendingTrackerTest, FullBufferDropsAndCountsViews) {
  testing::FakeClock clock(start_time());
  TrendingTracker tracker(TrendingConfig{.buffer_capacity = 2});
  const auto now = clock.now_seconds();
  EXPECT_TRUE(tracker.record_view(1, address(1), kBrowser, now));
  EXPECT_TRUE(tracker.record_view(1, address(2), kBrowser, now));
  EXPECT_FALSE(tracker.record_view(1, address(3), kBrowser, now));
  EXPECT_EQ(tracker.dropped_views(), 1u);
  tracker.flush(now);
  EXPECT_NEAR(score_of(*tracker.snapshot(), 1), 2.0, 1e-9);
  EXPECT_TRUE(tracker.record_view(1, address(3), kBrowser, now));  // room again after the flush
}

TEST(TrendingTrackerTest, ConcurrentViewsWhileFlushingAreAllCounted) {
  testing::FakeClock clock(start_time());
  TrendingTracker tracker;
  const auto now = clock.now_seconds();
  constexpr int kThreads = 4;
  constexpr int kViewsPerThread = 500;
  {
    std::vector<std::jthread> readers;
    for (int t = 0; t < kThreads; ++t) {
      readers.emplace_back([&tracker, now, t] {
        for (int i = 0; i < kViewsPerThread; ++i) {
          const auto visitor = "10." + std::to_string(t) + ".0." + std::to_string(i);
          tracker.record_view(100 + t % 2, visitor, kBrowser, now);
        }
      });
    }
    for (int i = 0; i < 20; ++i) tracker.flush(now);  // concurrently with the readers
  }
  tracker.flush(now);
  EXPECT_EQ(tracker.dropped_views(), 0u);
  EXPECT_NEAR(score_of(*tracker.snapshot(), 100), 2.0 * kViewsPerThread, 1e-6);
  EXPECT_NEAR(score_of(*tracker.snapshot(), 101), 2.0 * kViewsPerThread, 1e-6);
}

}  // namespace
}  // namespace dateline::newsroom
