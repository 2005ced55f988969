// Ranking for the search pages: BM25 computed exactly as FTS5's bm25() computes it, except that
// each phrase's document count (what its IDF is made of) can be handed in instead of counted.
// bm25() counts them on every query by walking each phrase's whole doclist before it scores the
// first row: for a word found in most of 100,000 articles that walk is most of the query's time,
// although the count barely moves from one query to the next. Internal to store/sqlite.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"

namespace dateline::store::sqlite {

// What one ranking statement shares with its caller, bound as a pointer of type
// kPhraseStatsType. `matching_rows` holds, for each phrase of the MATCH expression in order, the
// number of indexed rows containing it, or -1 when unknown: the function then counts it on its
// first row (stopping at half the index plus one row, past which the IDF is at its floor anyway)
// and writes the count back. `indexed_rows` is set by the function to the index's row count.
// The function scores only the rows it is called for in [score_from, score_to), counting its
// calls from 0, and returns NULL for the others without reading them: one pass over the matches
// can then count them all and score just the ones a result page needs.
struct PhraseStats {
  std::vector<std::int64_t> matching_rows;
  std::int64_t indexed_rows = 0;
  std::int64_t score_from = 0;
  std::int64_t score_to = std::numeric_limits<std::int64_t>::max();
};
inline constexpr char kPhraseStatsType[] = "dateline_phrase_stats";

// Registers the FTS5 auxiliary function
//   dateline_bm25(fts_table, phrase_stats_pointer, weight_column_0, weight_column_1, ...)
// on `db`. It returns what bm25(fts_table, weights...) returns (a negative score; lower ranks
// first). A NULL pointer, or one whose phrase count differs from the expression's, makes it count
// every phrase itself, like bm25().
core::Status register_search_rank(sqlite3* db);

// The keys the counts of these phrases (what fts_terms returns) are kept under: ASCII letters
// lowered, as the index folds case, so "Border" and "border" share one entry.
std::vector<std::string> fts_phrases(const std::vector<std::string>& terms);

// Phrase counts kept between searches. A count is reused while the content is unchanged (the
// ranking is then exactly bm25()'s); in an index of at least `approximate_from` rows it is also
// reused for up to `max_age` after a change, since one article more or less moves an IDF there
// by a fraction of a percent. Thread-safe; holds at most `capacity` phrases.
class PhraseCountCache {
 public:
  using Clock = std::chrono::steady_clock;

  explicit PhraseCountCache(std::size_t capacity = 4096, std::int64_t approximate_from = 20000,
                            std::chrono::seconds max_age = std::chrono::minutes{5});

  // The known counts for `phrases` at content `version` (-1 where unknown), ready to bind.
  PhraseStats lookup(const std::vector<std::string>& phrases, std::int64_t version,
                     Clock::time_point now);
  // Remembers the counts a ranking statement made: those unknown in `looked_up` (what lookup
  // returned) and known in `ranked` (the same after the statement ran).
  void remember(const std::vector<std::string>& phrases, const PhraseStats& looked_up,
                const PhraseStats& ranked, std::int64_t version, Clock::time_point now);

 private:
  struct Entry {
    std::int64_t rows = 0;
    std::int64_t indexed_rows = 0;
    std::int64_t version = 0;
    Clock::time_point counted;
  };
  std::size_t capacity_;
  std::int64_t approximate_from_;
  std::chrono::seconds max_age_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace dateline::store::sqlite
