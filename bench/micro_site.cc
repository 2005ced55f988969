// Micro-benchmarks: routing and serving cached pages through site::Site::handle, permalink
// matching, and search through the SQLite store (FTS5), on a temporary site of 2,000 articles.
#include <benchmark/benchmark.h>

#include "content/permalink.h"
#include "core/clock.h"
#include "micro_fixture.h"
#include "render/default_theme.h"
#include "render/theme.h"
#include "site/site.h"

namespace {

using namespace dateline;

constexpr std::size_t kArticles = 2000;

struct SiteFixture {
  bench::MicroSite data{kArticles};
  render::Theme theme = *render::Theme::load(render::default_theme::embedded_files(), std::nullopt);
  core::SystemClock clock;
  site::Site site{data.store(), theme, clock, site::SiteOptions{}};
  SiteFixture() { (void)site.invalidate(); }
};

SiteFixture& fixture() {
  static SiteFixture f;
  return f;
}

http::Request get(std::string path) {
  http::Request r;
  r.method = "GET";
  r.target = path;
  const auto q = path.find('?');
  r.path = path.substr(0, q);
  if (q != std::string::npos) r.query = path.substr(q + 1);
  r.headers = {{"host", "127.0.0.1"}, {"user-agent", "Mozilla/5.0 (X11; Linux x86_64)"}};
  r.remote_address = "127.0.0.1";
  r.request_id = "bench";
  return r;
}

void BM_MatchPermalink(benchmark::State& state) {
  const std::string pattern = state.range(0) ? "/{yyyy}/{mm}/{dd}/{slug}/" : "/{slug}/";
  const std::string path = state.range(0) ? "/2025/11/24/cabinet-approves-budget-vote/"
                                          : "/cabinet-approves-budget-vote/";
  for (auto _ : state) benchmark::DoNotOptimize(content::match_permalink(pattern, path));
}
BENCHMARK(BM_MatchPermalink)->Arg(0)->Arg(1);

// A cached page: route, cache lookup, fragment splice, headers.
void BM_SiteHandleCached(benchmark::State& state) {
  auto& f = fixture();
  const std::vector<std::string> paths = {"/micro-article-1000/", "/", "/category/politics/",
                                          "/tag/budget/"};
  const auto request = get(paths[static_cast<std::size_t>(state.range(0))]);
  f.site.handle(request);  // render once into the cache
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto r = f.site.handle(request);
    bytes = r.payload().size();
    benchmark::DoNotOptimize(r);
  }
  state.SetLabel(paths[static_cast<std::size_t>(state.range(0))]);
  state.counters["page_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_SiteHandleCached)->DenseRange(0, 3);

// An uncached article page: every iteration renders (cache dropped first, outside the timing).
void BM_SiteRenderArticle(benchmark::State& state) {
  auto& f = fixture();
  std::size_t i = 0;
  for (auto _ : state) {
    if (i % kArticles == 0) {
      state.PauseTiming();
      (void)f.site.invalidate();
      state.ResumeTiming();
    }
    const auto request = get(fmt::format("/micro-article-{}/", 1 + i++ % kArticles));
    benchmark::DoNotOptimize(f.site.handle(request));
  }
}
BENCHMARK(BM_SiteRenderArticle)->Unit(benchmark::kMicrosecond);

void BM_SiteNotFound(benchmark::State& state) {
  auto& f = fixture();
  const auto request = get("/no-such-page/here/");
  for (auto _ : state) benchmark::DoNotOptimize(f.site.handle(request));
}
BENCHMARK(BM_SiteNotFound)->Unit(benchmark::kMicrosecond);

void BM_StoreSearch(benchmark::State& state) {
  auto& f = fixture();
  const std::vector<std::string> queries = {"inflation", "border trade", "\"central bank\"",
                                            "infla*", "xylophonequartz"};
  const auto& text = queries[static_cast<std::size_t>(state.range(0))];
  store::SearchQuery q;
  q.text = text;
  int total = 0;
  for (auto _ : state) {
    auto page = f.data.store().search_published(q);
    total = page ? page->total : -1;
    benchmark::DoNotOptimize(page);
  }
  state.SetLabel(text);
  state.counters["matches"] = total;
}
BENCHMARK(BM_StoreSearch)->DenseRange(0, 4)->Unit(benchmark::kMicrosecond);

void BM_SiteSearchPage(benchmark::State& state) {
  auto& f = fixture();
  const auto request = get("/search?q=border+trade");
  for (auto _ : state) benchmark::DoNotOptimize(f.site.handle(request));
}
BENCHMARK(BM_SiteSearchPage)->Unit(benchmark::kMicrosecond);

}  // namespace
