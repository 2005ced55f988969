// RelatedIndex: "Related News" by content. Each published article becomes a TF-IDF vector over its
// stemmed terms (see TermAnalyzer; title terms count double; tf weight 1 + ln(tf), idf ln(N/df)),
// L2-normalised; two articles score their cosine similarity plus 0.05 per shared tag (at most
// 0.15) plus 0.05 for the same category. Only articles with a positive cosine or a shared tag are
// related at all.
//
// An inverted index (term -> postings, tag -> articles) means scoring one article touches only the
// articles sharing a term or tag with it; dot products accumulate in a dense per-thread array
// indexed by slot, and at most kMaxCandidates articles are scored (at 100,000 generated articles
// the sampled lists came out identical to uncapped ones: bench/scale_probe `related --compare 1`).
//
// Memory is kept to about 16 bytes per (article, term) pair: articles are numbered densely
// (slots), postings are sorted vectors of (slot, weight) and weights are floats. A term found in so
// many articles that queries never use it to find candidates (more than twice the common
// threshold below) drops its postings and keeps only its document frequency; it still counts in
// every vector's norm. (If the archive later shrinks under it, it stays dropped until the next
// clear(): such a term says little about similarity anyway.)
//
// IDF and norms are refreshed lazily, on the first query after a change. When the changes since
// the last full refresh are fewer than 1% of the articles, only the changed terms' IDF (against
// the article count of the last full refresh) and the changed articles' norms are recomputed;
// other norms may then lag slightly behind, until the next full refresh. Small indexes (fewer
// than kExactRefreshBelow articles) always refresh fully.
//
// Thread-safe: a std::shared_mutex lets queries run concurrently; upsert()/remove() and the lazy
// IDF refresh take it exclusively. Term extraction runs outside it, under the analyzer's own mutex.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "content/model.h"
#include "newsroom/scored_article.h"
#include "newsroom/terms.h"
#include "store/store.h"

namespace dateline::newsroom {

class RelatedIndex {
 public:
  static constexpr double kTagBoost = 0.05;
  // Bounds on one query's work: its strongest terms only, and terms or tags that appear in more
  // than max(kMinCommonPostings, 5% of documents) are not used to find candidates.
  static constexpr std::size_t kMaxQueryTerms = 40;
  static constexpr std::size_t kMinCommonPostings = 2000;
  static constexpr double kMaxTagBoost = 0.15;
  static constexpr double kCategoryBoost = 0.05;
  static constexpr std::size_t kExactRefreshBelow = 1000;

  // A query scores at most this many candidates: those sharing its tags, then those sharing its
  // rarest terms; commoner terms only add to the scores of candidates already found.
  static constexpr std::size_t kMaxCandidates = 16384;

  // Throws std::runtime_error when the stemmer cannot be created (start-up failure).
  explicit RelatedIndex(std::size_t max_candidates = kMaxCandidates);
  RelatedIndex(const RelatedIndex&) = delete;
  RelatedIndex& operator=(const RelatedIndex&) = delete;

  // Adds the article, or replaces the one with the same id.
  void upsert(const store::ArticleText& article);
  // Drops the article; unknown ids are ignored.
  void remove(content::Id id);
  void clear();

  // Up to `k` articles related to `id`, best first, ties broken by the higher (newer) id first.
  // Never contains `id` itself; empty when `id` is not indexed.
  std::vector<content::Id> top_k(content::Id id, std::size_t k) const;
  // As top_k, with the scores.
  std::vector<ScoredArticle> scored(content::Id id, std::size_t k) const;

  bool contains(content::Id id) const;
  std::size_t size() const;
  // Every indexed article, in no particular order.
  std::vector<content::Id> ids() const;

  // What the index holds, for benchmarks and tests: (article, term) pairs kept as postings, and
  // terms whose postings were dropped as too common.
  struct Stats {
    std::size_t documents = 0;
    std::size_t terms = 0;
    std::size_t pairs = 0;  // (article, term) pairs: the weights of every article's vector
    std::size_t postings = 0;
    std::size_t dropped_terms = 0;
  };
  Stats stats() const;

 private:
  using TermId = std::uint32_t;
  using Slot = std::uint32_t;  // an article's dense number in documents_

  struct Posting {
    Slot slot;
    float weight;  // 1 + ln(tf)
  };
  struct Term {
    std::string text;
    std::vector<Posting> postings;  // sorted by slot; empty once `dropped`
    std::uint32_t df = 0;           // articles using the term
    bool dropped = false;           // too common: postings no longer kept
    float idf = 0;
  };
  struct Document {
    content::Id id = 0;                             // 0: a free slot
    std::vector<std::pair<TermId, float>> weights;  // term -> 1 + ln(tf)
    std::optional<content::Id> category_id;
    std::vector<content::Id> tag_ids;  // sorted, unique
    float norm = 0;                    // L2 norm of the tf-idf vector, refreshed lazily
  };

  void remove_locked(content::Id id);
  void refresh_locked() const;
  void note_term_changed(TermId id);
  void note_document_changed(Slot slot);
  float norm_of(const Document& doc) const;
  std::size_t common_threshold() const;
  std::vector<ScoredArticle> scored_locked(content::Id id, std::size_t k) const;

  const std::size_t max_candidates_;
  mutable std::mutex analyzer_mu_;
  TermAnalyzer analyzer_;

  mutable std::shared_mutex mu_;  // guards everything below
  std::unordered_map<std::string, TermId> term_ids_;
  mutable std::vector<Term> terms_;
  std::vector<TermId> free_terms_;  // ids of terms no document uses, for reuse
  mutable std::vector<Document> documents_;
  std::vector<Slot> free_slots_;
  std::unordered_map<content::Id, Slot> slots_;
  std::unordered_map<content::Id, std::vector<Slot>> tag_postings_;  // sorted
  std::size_t size_ = 0;
  // Lazy refresh: what changed since the last one, and the article count IDF was last taken at.
  mutable std::vector<TermId> changed_terms_;
  mutable std::vector<Slot> changed_slots_;
  mutable std::size_t changes_ = 0;
  mutable bool full_refresh_ = false;
  mutable std::size_t idf_size_ = 0;
};

}  // namespace dateline::newsroom
