// scale_probe: measurements that stay affordable at sizes where the full harness cannot run
// (the related-articles rebuild that `dateline import` and `dateline serve` perform grows with
// the square of the archive). Each subcommand prints one key=value line.
//
//   scale_probe import  --db FILE --dir DIR      library import (ingest::import_markdown_files),
//                                                (no related ranking, as the CLI)
//   scale_probe wxr     --db FILE --file EXPORT   library import of a WordPress export
//                                                (ingest::import_wxr_file)
//   scale_probe related --db FILE [--sample S]   builds the RelatedIndex from the store, times
//                                                top_k on S evenly spaced articles and estimates
//                                                a full rebuild as build + N x mean(top_k);
//                       [--max-candidates C] [--compare 1]
//                                                C candidates per query (0: no cap); --compare
//                                                ranks the sample again with no cap and reports
//                                                how many lists agree
//   scale_probe search  --db FILE --queries FILE [--repeat R] [--max-seconds S]
//                       [--cache-pages P] [--window W] [--category SLUG] [--per-query 1]
//                                                Store::search_published latency (no HTTP, no
//                                                page rendering), p50/p99 over the queries;
//                                                --cache-pages 0 turns the result cache off, so
//                                                repeats measure uncached searches;
//                                                --per-query prints each query's median and
//                                                match count to stderr, slowest first
#include <fmt/format.h>
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/log.h"
#include "core/time.h"
#include "ingest/markdown_import.h"
#include "ingest/wxr_import.h"
#include "newsroom/related.h"
#include "store/sqlite/sqlite_store.h"

namespace {

using namespace dateline;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point a) {
  return std::chrono::duration<double, std::milli>(Clock::now() - a).count();
}

int fail(std::string_view what) {
  std::cerr << "scale_probe: " << what << '\n';
  return 1;
}

// Peak resident memory of this process in MB (VmHWM), or -1.
long peak_rss_mb() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with("VmHWM:")) return std::stol(line.substr(6)) / 1024;
  }
  return -1;
}

// Current resident memory of this process in MB (VmRSS), or -1.
long rss_mb() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with("VmRSS:")) return std::stol(line.substr(6)) / 1024;
  }
  return -1;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto idx = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(idx, v.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return fail("usage: scale_probe import|wxr|related|search --db FILE ...");
  const std::string mode = argv[1];
  std::string db_path, dir, queries_file, file;
  std::string category;
  std::size_t sample = 400, repeat = 5;
  std::size_t max_candidates = newsroom::RelatedIndex::kMaxCandidates;
  bool compare = false;
  bool per_query = false;
  store::sqlite::SqliteStoreOptions options;
  double max_seconds = 120;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--db") {
      db_path = value;
    } else if (flag == "--dir") {
      dir = value;
    } else if (flag == "--file") {
      file = value;
    } else if (flag == "--queries") {
      queries_file = value;
    } else if (flag == "--sample") {
      sample = std::max<std::size_t>(1, std::stoul(value));
    } else if (flag == "--max-candidates") {
      max_candidates = std::stoul(value);
      if (max_candidates == 0) max_candidates = std::numeric_limits<std::size_t>::max();
    } else if (flag == "--compare") {
      compare = value == "1";
    } else if (flag == "--repeat") {
      repeat = std::max<std::size_t>(1, std::stoul(value));
    } else if (flag == "--max-seconds") {
      max_seconds = std::stod(value);
    } else if (flag == "--cache-pages") {
      options.search_cache_pages = std::stoul(value);
    } else if (flag == "--window") {
      options.search_window = std::max(1, std::stoi(value));
    } else if (flag == "--per-query") {
      per_query = value == "1";
    } else if (flag == "--category") {
      category = value;
    } else {
      return fail("unknown flag " + flag);
    }
  }
  if (db_path.empty()) return fail("--db is required");
  core::log::set_level("warn");
  auto opened = store::sqlite::SqliteStore::open(db_path, options);
  if (!opened) return fail(opened.error().message);
  auto& store = **opened;

  if (mode == "import") {
    auto settings = store.settings();
    if (!settings) return fail(settings.error().message);
    auto zone = core::TimeZone::find(settings->timezone);
    if (!zone) return fail(zone.error().message);
    core::SystemClock clock;
    const auto t = Clock::now();
    auto imported = ingest::import_markdown_files(store, {std::filesystem::path(dir)}, *zone,
                                                  clock.now_seconds());
    if (!imported) return fail(imported.error().message);
    const double ms = ms_since(t);
    fmt::print("import_articles={} import_library_ms={:.0f} import_library_posts_per_s={:.0f}\n",
               imported->size(), ms, static_cast<double>(imported->size()) * 1000.0 / ms);
    return 0;
  }

  if (mode == "wxr") {
    auto settings = store.settings();
    if (!settings) return fail(settings.error().message);
    auto zone = core::TimeZone::find(settings->timezone);
    if (!zone) return fail(zone.error().message);
    core::SystemClock clock;
    ingest::WxrOptions wxr_options;
    wxr_options.zone = *zone;
    wxr_options.now = clock.now_seconds();
    const auto t = Clock::now();
    auto report = ingest::import_wxr_file(store, file, wxr_options);
    if (!report) return fail(report.error().message);
    const double ms = ms_since(t);
    const auto posts = report->created + report->updated + report->unchanged;
    fmt::print(
        "wxr_posts={} wxr_skipped={} wxr_library_ms={:.0f} wxr_library_posts_per_s={:.0f} "
        "wxr_peak_rss_mb={}\n",
        posts, report->skipped, ms, static_cast<double>(posts) * 1000.0 / ms, peak_rss_mb());
    return 0;
  }

  if (mode == "related") {
    auto t = Clock::now();
    auto texts = store.published_texts();
    if (!texts) return fail(texts.error().message);
    const double texts_ms = ms_since(t);
    std::vector<content::Id> ids;
    ids.reserve(texts->size());
    t = Clock::now();
    auto index_ptr = std::make_unique<newsroom::RelatedIndex>(max_candidates);
    auto& index = *index_ptr;
    for (const auto& text : *texts) {
      index.upsert(text);
      ids.push_back(text.id);
    }
    std::optional<store::ArticleText> edited;
    if (!texts->empty()) edited = texts->back();
    if (!compare) {
      texts->clear();
      texts->shrink_to_fit();
      malloc_trim(0);  // so the RSS below is the index's, not the texts' freed pages
    }
    const double build_ms = ms_since(t);
    if (ids.empty()) return fail("no published articles");
    t = Clock::now();
    index.top_k(ids.front(), 5);  // the first query refreshes IDF and norms: not sampled
    const double refresh_ms = ms_since(t);
    // One edit, as a publish makes it: re-index one article, then rank it.
    t = Clock::now();
    edited->title += " updated";
    index.upsert(*edited);
    index.top_k(edited->id, 5);
    const double edit_ms = ms_since(t);
    std::vector<double> times;
    std::vector<content::Id> sampled;
    std::vector<std::vector<content::Id>> lists;
    const std::size_t step = std::max<std::size_t>(1, ids.size() / sample);
    for (std::size_t i = 0; i < ids.size() && times.size() < sample; i += step) {
      const auto a = Clock::now();
      auto top = index.top_k(ids[i], 5);
      times.push_back(ms_since(a));
      sampled.push_back(ids[i]);
      lists.push_back(std::move(top));
    }
    const auto stats = index.stats();
    const auto index_rss = rss_mb();
    if (compare) {
      // The same sample ranked with no cap on candidates: how many lists come out the same, and
      // what share of the uncapped lists' articles the capped lists hold.
      index_ptr.reset();
      newsroom::RelatedIndex full(std::numeric_limits<std::size_t>::max());
      edited->title += " updated";
      for (const auto& text : *texts) full.upsert(text.id == edited->id ? *edited : text);
      std::size_t same = 0, shared = 0, total = 0;
      for (std::size_t i = 0; i < sampled.size(); ++i) {
        const auto exact = full.top_k(sampled[i], 5);
        if (exact == lists[i]) ++same;
        for (content::Id id : exact) {
          if (std::find(lists[i].begin(), lists[i].end(), id) != lists[i].end()) ++shared;
        }
        total += exact.size();
      }
      fmt::print("related_compare_same_lists={}/{} related_compare_overlap={:.3f}\n", same,
                 sampled.size(),
                 total == 0 ? 1.0 : static_cast<double>(shared) / static_cast<double>(total));
    }
    double sum = 0;
    for (double x : times) sum += x;
    const double mean = sum / static_cast<double>(times.size());
    fmt::print(
        "related_articles={} published_texts_ms={:.0f} related_index_build_ms={:.0f} "
        "related_topk_mean_ms={:.3f} related_topk_p99_ms={:.3f} related_rebuild_estimate_ms={:.0f} "
        "related_index_rss_mb={} related_probe_peak_rss_mb={} related_first_refresh_ms={:.0f} "
        "related_edit_ms={:.1f} related_terms={} related_pairs={} related_postings={} "
        "related_dropped_terms={}\n",
        ids.size(), texts_ms, build_ms, mean, percentile(times, 0.99),
        build_ms + mean * static_cast<double>(ids.size()), index_rss, peak_rss_mb(), refresh_ms,
        edit_ms, stats.terms, stats.pairs, stats.postings, stats.dropped_terms);
    return 0;
  }

  if (mode == "search") {
    std::vector<std::string> queries;
    std::ifstream in(queries_file);
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) queries.push_back(line);
    }
    if (queries.empty()) return fail("no queries");
    std::optional<content::Id> category_id;
    if (!category.empty()) {
      auto found = store.find_category_by_slug(category);
      if (!found) return fail(found.error().message);
      category_id = found->id;
    }
    std::vector<double> times;
    std::vector<std::vector<double>> by_query(queries.size());
    std::vector<int> totals(queries.size());
    const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                             std::chrono::duration<double>(max_seconds));
    for (std::size_t r = 0; r < repeat && Clock::now() < deadline; ++r) {
      for (std::size_t qi = 0; qi < queries.size(); ++qi) {
        if (Clock::now() >= deadline) break;
        store::SearchQuery sq;
        sq.text = queries[qi];
        sq.category_id = category_id;
        const auto a = Clock::now();
        auto page = store.search_published(sq);
        times.push_back(ms_since(a));
        if (!page) return fail(page.error().message);
        by_query[qi].push_back(times.back());
        totals[qi] = page->total;
      }
    }
    if (per_query) {
      std::vector<std::pair<double, std::size_t>> medians;
      for (std::size_t qi = 0; qi < queries.size(); ++qi) {
        if (!by_query[qi].empty()) medians.emplace_back(percentile(by_query[qi], 0.5), qi);
      }
      std::sort(medians.rbegin(), medians.rend());
      for (const auto& [median, qi] : medians) {
        fmt::print(stderr, "{:8.3f} ms  {:>6} matches  {}\n", median, totals[qi], queries[qi]);
      }
    }
    // The first pass over the queries meets most words for the first time: no cached result
    // page, and no phrase counts kept from an earlier search (see search_rank.h).
    const std::vector<double> first_pass(
        times.begin(),
        times.begin() + static_cast<std::ptrdiff_t>(std::min(times.size(), queries.size())));
    fmt::print(
        "store_search_queries={} store_search_p50_ms={:.3f} store_search_p99_ms={:.3f} "
        "store_search_max_ms={:.3f} store_search_first_pass_p50_ms={:.3f} "
        "store_search_first_pass_p99_ms={:.3f} store_search_cache_pages={} "
        "store_search_window={}\n",
        times.size(), percentile(times, 0.5), percentile(times, 0.99),
        *std::max_element(times.begin(), times.end()), percentile(first_pass, 0.5),
        percentile(first_pass, 0.99), options.search_cache_pages, options.search_window);
    return 0;
  }
  return fail("unknown mode " + mode);
}
