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

RelatedIndex::RelatedIndex(std::size_t max_candidates) : max_candidates_(max_candidates) {}

void RelatedIndex::upsert(const store::ArticleText& article) {
  std::unordered_map<std::string, double> counts;
  {
    std::lock_guard analyzer_lock(analyzer_mu_);
    for (auto& term : analyzer_.terms(article.title)) counts[std::move(term)] += kTitleWeight;
    for (auto& term : analyzer_.terms(article.body_markdown)) counts[std::move(term)] += 1.0;
  }

  Document doc;
  doc.id = article.id;
  doc.category_id = article.category_id;
  doc.tag_ids = article.tag_ids;
  std::sort(doc.tag_ids.begin(), doc.tag_ids.end());
  doc.tag_ids.erase(std::unique(doc.tag_ids.begin(), doc.tag_ids.end()), doc.tag_ids.end());
  doc.weights.reserve(counts.size());

  std::unique_lock lock(mu_);
  remove_locked(article.id);
  Slot slot = 0;
  if (free_slots_.empty()) {
    slot = static_cast<Slot>(documents_.size());
    documents_.emplace_back();
  } else {
    slot = free_slots_.back();  // the slot an edited article just left, when it is one
    free_slots_.pop_back();
  }
  const std::size_t drop_above = 2 * common_threshold();
  for (auto& [text, count] : counts) {
    TermId id = 0;
    if (auto it = term_ids_.find(text); it != term_ids_.end()) {
      id = it->second;
    } else {
      if (free_terms_.empty()) {
        id = static_cast<TermId>(terms_.size());
        terms_.emplace_back();
      } else {
        id = free_terms_.back();
        free_terms_.pop_back();
      }
      terms_[id].text = text;
      term_ids_.emplace(text, id);
    }
    const auto weight = static_cast<float>(sublinear_tf(count));
    Term& term = terms_[id];
    ++term.df;
    if (!term.dropped) {
      if (term.postings.empty() || term.postings.back().slot < slot) {
        term.postings.push_back({slot, weight});
      } else {
        const auto at = std::lower_bound(term.postings.begin(), term.postings.end(), slot,
                                         [](const Posting& p, Slot s) { return p.slot < s; });
        term.postings.insert(at, {slot, weight});
      }
      if (term.postings.size() > drop_above) {
        term.postings = {};
        term.dropped = true;
      }
    }
    doc.weights.emplace_back(id, weight);
    note_term_changed(id);
  }
  for (content::Id tag : doc.tag_ids) {
    auto& posting = tag_postings_[tag];
    posting.insert(std::lower_bound(posting.begin(), posting.end(), slot), slot);
  }
  documents_[slot] = std::move(doc);
  slots_.emplace(article.id, slot);
  ++size_;
  note_document_changed(slot);
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
  free_slots_.clear();
  slots_.clear();
  tag_postings_.clear();
  size_ = 0;
  changed_terms_.clear();
  changed_slots_.clear();
  changes_ = 0;
  full_refresh_ = false;
  idf_size_ = 0;
}

void RelatedIndex::remove_locked(content::Id id) {
  const auto it = slots_.find(id);
  if (it == slots_.end()) return;
  const Slot slot = it->second;
  Document& doc = documents_[slot];
  for (const auto& [term_id, weight] : doc.weights) {
    Term& term = terms_[term_id];
    --term.df;
    if (!term.dropped) {
      const auto at = std::lower_bound(term.postings.begin(), term.postings.end(), slot,
                                       [](const Posting& p, Slot s) { return p.slot < s; });
      if (at != term.postings.end() && at->slot == slot) term.postings.erase(at);
    }
    if (term.df == 0) {
      term_ids_.erase(term.text);
      term = Term{};
      free_terms_.push_back(term_id);
    }
    note_term_changed(term_id);
  }
  for (content::Id tag : doc.tag_ids) {
    auto posting = tag_postings_.find(tag);
    if (posting == tag_postings_.end()) continue;
    auto& slots = posting->second;
    const auto at = std::lower_bound(slots.begin(), slots.end(), slot);
    if (at != slots.end() && *at == slot) slots.erase(at);
    if (slots.empty()) tag_postings_.erase(posting);
  }
  doc = Document{};
  free_slots_.push_back(slot);
  slots_.erase(it);
  --size_;
  note_document_changed(slot);
}

void RelatedIndex::note_term_changed(TermId id) {
  if (!full_refresh_) changed_terms_.push_back(id);
}

void RelatedIndex::note_document_changed(Slot slot) {
  ++changes_;
  if (full_refresh_) return;
  // Past 1% of the archive (or on a small one) the next refresh is a full one: stop recording.
  if (size_ < kExactRefreshBelow || changes_ * 100 > idf_size_) {
    full_refresh_ = true;
    changed_terms_ = {};
    changed_slots_ = {};
    return;
  }
  changed_slots_.push_back(slot);
}

float RelatedIndex::norm_of(const Document& doc) const {
  double sum = 0;
  for (const auto& [term_id, weight] : doc.weights) {
    const double w = static_cast<double>(weight) * terms_[term_id].idf;
    sum += w * w;
  }
  return static_cast<float>(std::sqrt(sum));
}

void RelatedIndex::refresh_locked() const {
  if (full_refresh_) {
    idf_size_ = size_;
    const auto n = static_cast<double>(size_);
    for (Term& term : terms_) {
      term.idf = term.df == 0 ? 0.0F : static_cast<float>(std::log(n / term.df));
    }
    for (Document& doc : documents_) doc.norm = doc.id == 0 ? 0.0F : norm_of(doc);
  } else {
    // Fewer changes than 1% of the articles: IDF stays taken at the last full refresh's count.
    const auto n = static_cast<double>(idf_size_);
    for (TermId id : changed_terms_) {
      Term& term = terms_[id];
      term.idf = term.df == 0 ? 0.0F : static_cast<float>(std::max(0.0, std::log(n / term.df)));
    }
    for (Slot slot : changed_slots_) {
      Document& doc = documents_[slot];
      doc.norm = doc.id == 0 ? 0.0F : norm_of(doc);
    }
  }
  changed_terms_.clear();
  changed_slots_.clear();
  changes_ = 0;
  full_refresh_ = false;
}

std::size_t RelatedIndex::common_threshold() const {
  return std::max<std::size_t>(kMinCommonPostings, size_ / 20);
}

std::vector<ScoredArticle> RelatedIndex::scored_locked(content::Id id, std::size_t k) const {
  const auto found = slots_.find(id);
  if (found == slots_.end() || k == 0) return {};
  const Slot self = found->second;
  const Document& doc = documents_[self];

  // Dot products of the un-normalised candidate vectors with the normalised query vector.
  // To keep a query's cost bounded on a large archive it uses only the document's strongest terms
  // and skips terms (and tags) so common that they say little about similarity; their share of
  // the cosine is small because their IDF is low.
  const std::size_t common = common_threshold();
  std::vector<std::pair<double, TermId>> strongest;
  for (const auto& [term_id, weight] : doc.weights) {
    const Term& term = terms_[term_id];
    if (term.idf <= 0 || term.dropped || term.df > common) continue;
    strongest.emplace_back(static_cast<double>(weight) * term.idf, term_id);
  }
  const std::size_t use = std::min(strongest.size(), kMaxQueryTerms);
  std::partial_sort(strongest.begin(), strongest.begin() + static_cast<std::ptrdiff_t>(use),
                    strongest.end(), std::greater<>());
  strongest.resize(use);
  // Rarest terms first: they name the likeliest candidates, and once max_candidates_ articles are
  // candidates the commoner terms only add to their scores.
  std::sort(strongest.begin(), strongest.end(), [&](const auto& a, const auto& b) {
    return terms_[a.second].df < terms_[b.second].df;
  });

  // One dot per slot, in a buffer each thread keeps (negative: not a candidate); the touched
  // slots are put back to -1 on the way out.
  thread_local std::vector<double> dots;
  thread_local std::vector<Slot> touched;
  if (dots.size() < documents_.size()) dots.resize(documents_.size(), -1.0);
  struct Reset {
    ~Reset() {
      for (Slot slot : touched) dots[slot] = -1.0;
      touched.clear();
    }
  } reset;
  const auto admit = [&](Slot slot) {
    if (dots[slot] >= 0) return true;
    if (touched.size() >= max_candidates_) return false;
    dots[slot] = 0;
    touched.push_back(slot);
    return true;
  };
  for (content::Id tag : doc.tag_ids) {
    const auto posting = tag_postings_.find(tag);
    if (posting == tag_postings_.end() || posting->second.size() > common) continue;
    for (Slot other : posting->second) {
      if (other != self) admit(other);
    }
  }
  if (doc.norm > 0) {
    for (const auto& [strength, term_id] : strongest) {
      const Term& term = terms_[term_id];
      const double query_weight = strength / doc.norm * term.idf;
      for (const Posting& posting : term.postings) {
        if (posting.slot != self && admit(posting.slot)) {
          dots[posting.slot] += query_weight * posting.weight;
        }
      }
    }
  }

  std::vector<ScoredArticle> ranked;
  ranked.reserve(touched.size());
  for (Slot slot : touched) {
    const Document& candidate = documents_[slot];
    const double cosine = candidate.norm > 0 ? dots[slot] / candidate.norm : 0.0;
    const std::size_t shared_tags = shared_count(doc.tag_ids, candidate.tag_ids);
    if (cosine <= 0 && shared_tags == 0) continue;
    double score = cosine + std::min(kTagBoost * static_cast<double>(shared_tags), kMaxTagBoost);
    if (doc.category_id && doc.category_id == candidate.category_id) score += kCategoryBoost;
    ranked.push_back(ScoredArticle{candidate.id, score});
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
    if (changes_ == 0) return scored_locked(id, k);
  }
  std::unique_lock lock(mu_);
  if (changes_ != 0) refresh_locked();
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
  return slots_.contains(id);
}

std::vector<content::Id> RelatedIndex::ids() const {
  std::shared_lock lock(mu_);
  std::vector<content::Id> out;
  out.reserve(slots_.size());
  for (const auto& [id, slot] : slots_) out.push_back(id);
  return out;
}

RelatedIndex::Stats RelatedIndex::stats() const {
  std::shared_lock lock(mu_);
  Stats stats;
  stats.documents = size_;
  stats.terms = term_ids_.size();
  for (const Term& term : terms_) {
    stats.postings += term.postings.size();
    if (term.dropped) ++stats.dropped_terms;
  }
  for (const Document& doc : documents_) stats.pairs += doc.weights.size();
  return stats;
}

std::size_t RelatedIndex::size() const {
  std::shared_lock lock(mu_);
  return size_;
}

}  // namespace dateline::newsroom
