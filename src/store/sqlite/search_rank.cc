#include "store/sqlite/search_rank.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <memory>

#include "core/strings.h"

namespace dateline::store::sqlite {
namespace {

// BM25's constants, as FTS5's bm25() has them.
constexpr double kK1 = 1.2;
constexpr double kB = 0.75;

// Computed on a statement's first row and kept with it (FTS5 auxiliary data).
struct StatementData {
  std::vector<double> idf;
  std::vector<double> freq;  // per row, reused
  double avgdl = 0;
  std::int64_t calls = 0;  // rows the function was called for so far
  std::int64_t score_from = 0;
  std::int64_t score_to = std::numeric_limits<std::int64_t>::max();
};

struct Counter {
  std::int64_t rows = 0;
  std::int64_t limit = 0;
};

int count_row(const Fts5ExtensionApi*, Fts5Context*, void* user) {
  auto* counter = static_cast<Counter*>(user);
  return ++counter->rows >= counter->limit ? SQLITE_DONE : SQLITE_OK;
}

StatementData* statement_data(const Fts5ExtensionApi* api, Fts5Context* fts,
                              sqlite3_value* stats_value, int& rc) {
  if (auto* known = static_cast<StatementData*>(api->xGetAuxdata(fts, 0))) return known;
  auto data = std::make_unique<StatementData>();
  sqlite3_int64 rows = 0;
  sqlite3_int64 tokens = 0;
  if ((rc = api->xRowCount(fts, &rows)) != SQLITE_OK) return nullptr;
  if ((rc = api->xColumnTotalSize(fts, -1, &tokens)) != SQLITE_OK) return nullptr;
  data->avgdl = static_cast<double>(tokens) / static_cast<double>(rows);
  const int phrases = api->xPhraseCount(fts);
  auto* stats =
      stats_value == nullptr
          ? nullptr
          : static_cast<PhraseStats*>(sqlite3_value_pointer(stats_value, kPhraseStatsType));
  if (stats && stats->matching_rows.size() != static_cast<std::size_t>(phrases)) stats = nullptr;
  if (stats) {
    stats->indexed_rows = rows;
    data->score_from = stats->score_from;
    data->score_to = stats->score_to;
  }
  for (int i = 0; i < phrases; ++i) {
    std::int64_t matching = stats ? stats->matching_rows[static_cast<std::size_t>(i)] : -1;
    if (matching < 0) {
      // Past half the rows the IDF below is at its floor, so the walk can stop there.
      Counter counter{0, rows / 2 + 1};
      if ((rc = api->xQueryPhrase(fts, i, &counter, count_row)) != SQLITE_OK) return nullptr;
      matching = counter.rows;
      if (stats) stats->matching_rows[static_cast<std::size_t>(i)] = matching;
    }
    // bm25()'s IDF, floored so that a phrase in more than half the rows still counts a little.
    double idf = std::log((static_cast<double>(rows - matching) + 0.5) /
                          (static_cast<double>(matching) + 0.5));
    if (idf <= 0.0) idf = 1e-6;
    data->idf.push_back(idf);
  }
  data->freq.resize(data->idf.size());
  auto* kept = data.release();
  rc = api->xSetAuxdata(fts, kept, [](void* p) { delete static_cast<StatementData*>(p); });
  return rc == SQLITE_OK ? kept : nullptr;  // on failure xSetAuxdata has deleted it
}

// dateline_bm25(table, stats, weights...): bm25()'s score for the current row, term for term.
void dateline_bm25(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx,
                   int n_values, sqlite3_value** values) {
  int rc = SQLITE_OK;
  auto* data = statement_data(api, fts, n_values > 0 ? values[0] : nullptr, rc);
  if (data == nullptr) {
    sqlite3_result_error_code(ctx, rc == SQLITE_OK ? SQLITE_ERROR : rc);
    return;
  }
  if (const auto call = data->calls++; call < data->score_from || call >= data->score_to) {
    sqlite3_result_null(ctx);
    return;
  }
  std::fill(data->freq.begin(), data->freq.end(), 0.0);
  int instances = 0;
  rc = api->xInstCount(fts, &instances);
  for (int i = 0; rc == SQLITE_OK && i < instances; ++i) {
    int phrase = 0;
    int column = 0;
    int offset = 0;
    rc = api->xInst(fts, i, &phrase, &column, &offset);
    if (rc == SQLITE_OK) {
      const double weight = n_values > column + 1 ? sqlite3_value_double(values[column + 1]) : 1.0;
      data->freq[static_cast<std::size_t>(phrase)] += weight;
    }
  }
  int row_tokens = 0;
  if (rc == SQLITE_OK) rc = api->xColumnSize(fts, -1, &row_tokens);
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  const auto d = static_cast<double>(row_tokens);
  double score = 0.0;
  for (std::size_t i = 0; i < data->idf.size(); ++i) {
    const double f = data->freq[i];
    score += data->idf[i] * ((f * (kK1 + 1.0)) / (f + kK1 * (1 - kB + kB * d / data->avgdl)));
  }
  sqlite3_result_double(ctx, -1.0 * score);
}

}  // namespace

core::Status register_search_rank(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, nullptr) != SQLITE_OK) {
    return core::make_error(core::Errc::kInternal,
                            fmt::format("full-text search unavailable: {}", sqlite3_errmsg(db)));
  }
  sqlite3_bind_pointer(st, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
  sqlite3_step(st);
  sqlite3_finalize(st);
  if (api == nullptr || api->iVersion < 2) {
    return core::make_error(core::Errc::kInternal, "full-text search (FTS5) unavailable");
  }
  if (api->xCreateFunction(api, "dateline_bm25", nullptr, dateline_bm25, nullptr) != SQLITE_OK) {
    return core::make_error(core::Errc::kInternal, "cannot register the search ranking function");
  }
  return {};
}

std::vector<std::string> fts_phrases(const std::vector<std::string>& terms) {
  std::vector<std::string> phrases;
  phrases.reserve(terms.size());
  for (const auto& term : terms) phrases.push_back(core::to_lower_ascii(term));
  return phrases;
}

PhraseCountCache::PhraseCountCache(std::size_t capacity, std::int64_t approximate_from,
                                   std::chrono::seconds max_age)
    : capacity_(capacity), approximate_from_(approximate_from), max_age_(max_age) {}

PhraseStats PhraseCountCache::lookup(const std::vector<std::string>& phrases, std::int64_t version,
                                     Clock::time_point now) {
  PhraseStats stats;
  stats.matching_rows.assign(phrases.size(), -1);
  std::lock_guard lock(mu_);
  for (std::size_t i = 0; i < phrases.size(); ++i) {
    const auto found = entries_.find(phrases[i]);
    if (found == entries_.end()) continue;
    const auto& e = found->second;
    const bool fresh = e.version == version ||
                       (e.indexed_rows >= approximate_from_ && now - e.counted <= max_age_);
    if (fresh) stats.matching_rows[i] = e.rows;
  }
  return stats;
}

void PhraseCountCache::remember(const std::vector<std::string>& phrases,
                                const PhraseStats& looked_up, const PhraseStats& ranked,
                                std::int64_t version, Clock::time_point now) {
  if (looked_up.matching_rows.size() != phrases.size() ||
      ranked.matching_rows.size() != phrases.size() || ranked.indexed_rows <= 0) {
    return;
  }
  std::lock_guard lock(mu_);
  for (std::size_t i = 0; i < phrases.size(); ++i) {
    // Only what this statement counted: a reused count keeps the age it had.
    if (looked_up.matching_rows[i] >= 0 || ranked.matching_rows[i] < 0) continue;
    if (entries_.size() >= capacity_ && !entries_.contains(phrases[i])) entries_.clear();
    entries_[phrases[i]] = Entry{ranked.matching_rows[i], ranked.indexed_rows, version, now};
  }
}

}  // namespace dateline::store::sqlite
