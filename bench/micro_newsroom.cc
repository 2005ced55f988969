// Micro-benchmarks: Related News ranking (RelatedIndex) and Trending Now updates (TrendingTracker).
#include <benchmark/benchmark.h>

#include <map>
#include <memory>

#include "micro_fixture.h"
#include "newsroom/related.h"
#include "newsroom/trending.h"

namespace {

using namespace dateline;

std::vector<store::ArticleText> texts(std::size_t n) {
  const auto parsed = bench::micro_articles(n, 11);
  std::vector<store::ArticleText> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    store::ArticleText t;
    t.id = static_cast<content::Id>(i + 1);
    t.title = parsed[i].title;
    t.body_markdown = parsed[i].body;
    t.category_id = static_cast<content::Id>(1 + i % 10);
    for (const auto& tag : parsed[i].tags) t.tag_ids.push_back(static_cast<content::Id>(tag.size() * 7 + tag[0]));
    std::sort(t.tag_ids.begin(), t.tag_ids.end());
    t.tag_ids.erase(std::unique(t.tag_ids.begin(), t.tag_ids.end()), t.tag_ids.end());
    out.push_back(std::move(t));
  }
  return out;
}

// One index per corpus size, built once and shared by the benchmarks of that size.
newsroom::RelatedIndex& index_of(std::size_t n) {
  static std::map<std::size_t, std::unique_ptr<newsroom::RelatedIndex>> cache;
  auto& slot = cache[n];
  if (!slot) {
    slot = std::make_unique<newsroom::RelatedIndex>();
    for (const auto& t : texts(n)) slot->upsert(t);
  }
  return *slot;
}

void BM_RelatedTopK(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  auto& index = index_of(n);
  index.top_k(1, 5);  // refresh IDF outside the timing
  content::Id id = 1;
  for (auto _ : state) {
    benchmark::DoNotOptimize(index.top_k(id, 5));
    id = id % static_cast<content::Id>(n) + 1;
  }
}
BENCHMARK(BM_RelatedTopK)->Arg(1000)->Arg(10000)->Unit(benchmark::kMicrosecond);

// Re-indexing one edited article, then the first query (which refreshes IDF and norms).
void BM_RelatedUpsertThenQuery(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  auto& index = index_of(n);
  const auto corpus = texts(64);
  std::size_t i = 0;
  for (auto _ : state) {
    auto t = corpus[i % corpus.size()];
    t.id = static_cast<content::Id>(1 + (i * 37) % n);
    index.upsert(t);
    benchmark::DoNotOptimize(index.top_k(t.id, 5));
    ++i;
  }
}
BENCHMARK(BM_RelatedUpsertThenQuery)->Arg(1000)->Arg(10000)->Unit(benchmark::kMicrosecond);

void BM_RelatedBuild(benchmark::State& state) {
  const auto corpus = texts(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    newsroom::RelatedIndex index;
    for (const auto& t : corpus) index.upsert(t);
    benchmark::DoNotOptimize(index.top_k(1, 5));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_RelatedBuild)->Arg(1000)->Unit(benchmark::kMillisecond);

void BM_TrendingRecordView(benchmark::State& state) {
  newsroom::TrendingTracker tracker(newsroom::TrendingConfig{std::chrono::hours{24},
                                                             std::chrono::minutes{30}, 1 << 20});
  const auto now = core::TimePoint{std::chrono::seconds{1764000000}};
  tracker.flush(now);
  std::uint64_t i = 0;
  for (auto _ : state) {
    const auto addr = fmt::format("10.0.{}.{}", (i >> 8) & 255, i & 255);
    benchmark::DoNotOptimize(tracker.record_view(static_cast<content::Id>(1 + i % 5000), addr,
                                                 "Mozilla/5.0 (X11; Linux x86_64)", now));
    if (++i % 500000 == 0) tracker.flush(now);
  }
}
BENCHMARK(BM_TrendingRecordView);

// One background flush of `range` buffered views over 5,000 articles.
void BM_TrendingFlush(benchmark::State& state) {
  newsroom::TrendingTracker tracker(newsroom::TrendingConfig{std::chrono::hours{24},
                                                             std::chrono::minutes{30}, 1 << 20});
  auto now = core::TimePoint{std::chrono::seconds{1764000000}};
  tracker.flush(now);
  std::uint64_t visitor = 0;
  for (auto _ : state) {
    state.PauseTiming();
    for (std::int64_t v = 0; v < state.range(0); ++v, ++visitor) {
      tracker.record_view(static_cast<content::Id>(1 + visitor % 5000),
                          fmt::format("10.{}.{}.{}", (visitor >> 16) & 255, (visitor >> 8) & 255, visitor & 255),
                          "Mozilla/5.0", now);
    }
    now += std::chrono::seconds{10};
    state.ResumeTiming();
    tracker.flush(now);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_TrendingFlush)->Arg(1000)->Arg(50000)->Unit(benchmark::kMicrosecond);

}  // namespace
