// RelatedIndex: "Related News" by content. Each published article becomes a TF-IDF vector over its
// stemmed terms (see TermAnalyzer; title terms count double; tf weight 1 + ln(tf), idf ln(N/df)),
// L2-normalised; two articles score their cosine similarity plus 0.05 per shared tag (at most
// 0.15) plus 0.05 for the same category. Only articles with a positive cosine or a shared tag are
// related at all.
//
// An inverted index (term -> postings, tag -> articles) means scoring one article touches only the
// articles sharing a term or tag with it. IDF and vector norms are recomputed lazily, on the first
// query after a change.
//
// Thread-safe: a std::shared_mutex lets queries run concurrently; upsert()/remove() and the lazy
// IDF refresh take it exclusively. Term extraction runs outside it, under the analyzer's own mutex.
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
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

  // Throws std::runtime_error when the stemmer cannot be created (start-up failure).
  RelatedIndex();
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

 private:
  using TermId = std::size_t;

  struct Term {
    std::string text;
    std::unordered_map<content::Id, double> postings;  // article -> 1 + ln(tf)
    double idf = 0;
  };
  struct Document {
    std::vector<std::pair<TermId, double>> weights;  // term -> 1 + ln(tf)
    std::optional<content::Id> category_id;
    std::vector<content::Id> tag_ids;  // sorted, unique
    double norm = 0;                   // L2 norm of the tf-idf vector, refreshed lazily
  };

  void remove_locked(content::Id id);
  void refresh_locked() const;
  std::vector<ScoredArticle> scored_locked(content::Id id, std::size_t k) const;

  mutable std::mutex analyzer_mu_;
  TermAnalyzer analyzer_;

  mutable std::shared_mutex mu_;  // guards everything below
  std::unordered_map<std::string, TermId> term_ids_;
  mutable std::vector<Term> terms_;
  std::vector<TermId> free_terms_;  // ids of terms no document uses, for reuse
  mutable std::unordered_map<content::Id, Document> documents_;
  std::unordered_map<content::Id, std::unordered_set<content::Id>> tag_postings_;
  mutable bool stale_ = false;  // IDF and norms need refreshing
};

}  // namespace dateline::newsroom
