#include "newsroom/related.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace dateline::newsroom {
namespace {

constexpr double kTitleWeight = 2.0;

double sublinear_tf(double tf) { return 1.0 + std::log(tf); }

std::size_t shared_count(const std::vector<content::Id>& a, const std::vector<content::Id>& b) {
  std::size_t n = 0;
  auto i = a.begin();
  auto j = b.begin();
  while (i != a.end() && j != b.end()) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      ++n;
      ++i;
      ++j;
    }
  }
  return n;
}

}  // namespace

RelatedIndex::RelatedIndex() = default;

void RelatedIndex::upsert(const store::ArticleText& article) {
  std::unordered_map<std::string, double> counts;
  {
    std::lock_guard analyzer_lock(analyzer_mu_);
    for (auto& term : analyzer_.terms(article.title)) counts[std::move(term)] += kTitleWeight;
    for (auto& term : analyzer_.terms(article.body_markdown)) counts[std::move(term)] += 1.0;
  }

  Document doc;
  doc.category_id = article.category_id;
  doc.tag_ids = article.tag_ids;
  std::sort(doc.tag_ids.begin(), doc.tag_ids.end());
  doc.tag_ids.erase(std::unique(doc.tag_ids.begin(), doc.tag_ids.end()), doc.tag_ids.end());
  doc.weights.reserve(counts.size());

  std::unique_lock lock(mu_);
  remove_locked(article.id);
  for (auto& [text, count] : counts) {
    TermId id = 0;
    if (auto it = term_ids_.find(text); it != term_ids_.end()) {
      id = it->second;
    } else {
      if (free_terms_.empty()) {
        id = terms_.size();
        terms_.emplace_back();
      } else {
        id = free_terms_.back();
        free_terms_.pop_back();
      }
      terms_[id].text = text;
      term_ids_.emplace(text, id);
    }
    const double weight = sublinear_tf(count);
    terms_[id].postings[article.id] = weight;
    doc.weights.emplace_back(id, weight);
  }
  for (content::Id tag : doc.tag_ids) tag_postings_[tag].insert(article.id);
  documents_[article.id] = std::move(doc);
  stale_ = true;
}

void RelatedIndex::remove(content::Id id) {
  std::unique_lock lock(mu_);
  remove_locked(id);
}

void RelatedIndex::clear() {
  std::unique_lock lock(mu_);
  term_ids_.clear();
  terms_.clear();
  free_terms_.clear();
  documents_.clear();
  tag_postings_.clear();
  stale_ = false;
}

void RelatedIndex::remove_locked(content::Id id) {
  const auto it = documents_.find(id);
  if (it == documents_.end()) return;
  for (const auto& [term_id, weight] : it->second.weights) {
    Term& term = terms_[term_id];
    term.postings.erase(id);
    if (term.postings.empty()) {
      term_ids_.erase(term.text);
      term = Term{};
      free_terms_.push_back(term_id);
    }
  }
  for (content::Id tag : it->second.tag_ids) {
    auto posting = tag_postings_.find(tag);
    if (posting == tag_postings_.end()) continue;
    posting->second.erase(id);
    if (posting->second.empty()) tag_postings_.erase(posting);
  }
  documents_.erase(it);
  stale_ = true;
}

void RelatedIndex::refresh_locked() const {
  const auto n = static_cast<double>(documents_.size());
  for (Term& term : terms_) {
    term.idf =
        term.postings.empty() ? 0.0 : std::log(n / static_cast<double>(term.postings.size()));
  }
  for (auto& [id, doc] : documents_) {
    double sum = 0;
    for (const auto& [term_id, weight] : doc.weights) {
      const double w = weight * terms_[term_id].idf;
      sum += w * w;
    }
    doc.norm = std::sqrt(sum);
  }
  stale_ = false;
}

std::vector<ScoredArticle> RelatedIndex::scored_locked(content::Id id, std::size_t k) const {
  const auto self = documents_.find(id);
  if (self == documents_.end() || k == 0) return {};
  const Document& doc = self->second;

  // Dot products of the un-normalised candidate vectors with the normalised query vector.
  // To keep a query's cost bounded on a large archive it uses only the document's strongest terms
  // and skips terms (and tags) so common that they say little about similarity; their share of
  // the cosine is small because their IDF is low.
  const std::size_t common = std::max<std::size_t>(kMinCommonPostings, documents_.size() / 20);
  std::vector<std::pair<double, std::size_t>> strongest;
  for (const auto& [term_id, weight] : doc.weights) {
    const Term& term = terms_[term_id];
    if (term.idf <= 0 || term.postings.size() > common) continue;
    strongest.emplace_back(weight * term.idf, term_id);
  }
  const std::size_t use = std::min(strongest.size(), kMaxQueryTerms);
  std::partial_sort(strongest.begin(), strongest.begin() + static_cast<std::ptrdiff_t>(use),
                    strongest.end(), std::greater<>());
  strongest.resize(use);
  std::unordered_map<content::Id, double> dots;
  if (doc.norm > 0) {
    for (const auto& [strength, term_id] : strongest) {
      const Term& term = terms_[term_id];
      const double query_weight = strength / doc.norm;
      for (const auto& [other, other_weight] : term.postings) {
        if (other == id) continue;
        dots[other] += query_weight * other_weight * term.idf;
      }
    }
  }
  for (content::Id tag : doc.tag_ids) {
    const auto posting = tag_postings_.find(tag);
    if (posting == tag_postings_.end() || posting->second.size() > common) continue;
    for (content::Id other : posting->second) {
      if (other != id) dots.try_emplace(other, 0.0);
    }
  }

  std::vector<ScoredArticle> ranked;
  ranked.reserve(dots.size());
  for (const auto& [other, dot] : dots) {
    const Document& candidate = documents_.at(other);
    const double cosine = candidate.norm > 0 ? dot / candidate.norm : 0.0;
    const std::size_t shared_tags = shared_count(doc.tag_ids, candidate.tag_ids);
    if (cosine <= 0 && shared_tags == 0) continue;
    double score = cosine + std::min(kTagBoost * static_cast<double>(shared_tags), kMaxTagBoost);
    if (doc.category_id && doc.category_id == candidate.category_id) score += kCategoryBoost;
    ranked.push_back(ScoredArticle{other, score});
  }
  const std::size_t keep = std::min(k, ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep),
                    ranked.end(), ranks_before);
  ranked.resize(keep);
  return ranked;
}

std::vector<ScoredArticle> RelatedIndex::scored(content::Id id, std::size_t k) const {
  {
    std::shared_lock lock(mu_);
    if (!stale_) return scored_locked(id, k);
  }
  std::unique_lock lock(mu_);
  if (stale_) refresh_locked();
  return scored_locked(id, k);
}

std::vector<content::Id> RelatedIndex::top_k(content::Id id, std::size_t k) const {
  const auto ranked = scored(id, k);
  std::vector<content::Id> ids;
  ids.reserve(ranked.size());
  for (const auto& entry : ranked) ids.push_back(entry.id);
  return ids;
}

bool RelatedIndex::contains(content::Id id) const {
  std::shared_lock lock(mu_);
  return documents_.contains(id);
}

std::vector<content::Id> RelatedIndex::ids() const {
  std::shared_lock lock(mu_);
  std::vector<content::Id> out;
  out.reserve(documents_.size());
  for (const auto& [id, doc] : documents_) out.push_back(id);
  return out;
}

std::size_t RelatedIndex::size() const {
  std::shared_lock lock(mu_);
  return documents_.size();
}

}  // namespace dateline::newsroom
