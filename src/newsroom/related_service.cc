#include "newsroom/related_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_set>
#include <utility>

namespace dateline::newsroom {

RelatedService::RelatedService(RelatedConfig config) : config_(config) {}

void RelatedService::add_neighbours(content::Id id, std::vector<content::Id>& out) const {
  for (const auto& entry : index_.scored(id, config_.rerank_limit)) out.push_back(entry.id);
  if (const auto it = listed_in_.find(id); it != listed_in_.end()) {
    out.insert(out.end(), it->second.begin(), it->second.end());
  }
}

RelatedService::Lists RelatedService::rank(std::vector<content::Id> ids) const {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  Lists lists;
  lists.reserve(ids.size());
  for (content::Id id : ids) lists.emplace_back(id, index_.top_k(id, config_.list_size));
  return lists;
}

core::Status RelatedService::write(store::Store& store, const Lists& lists) {
  auto status = store.write([&](store::WriteTxn& txn) -> core::Status {
    for (const auto& [id, list] : lists) {
      if (auto r = txn.set_related(id, list); !r) return r;
    }
    return {};
  });
  if (!status) return status;
  for (const auto& [id, list] : lists) remember(id, list);
  return {};
}

void RelatedService::remember(content::Id article, const std::vector<content::Id>& list) {
  if (const auto old = lists_.find(article); old != lists_.end()) {
    for (content::Id listed : old->second) {
      const auto holders = listed_in_.find(listed);
      if (holders == listed_in_.end()) continue;
      holders->second.erase(article);
      if (holders->second.empty()) listed_in_.erase(holders);
    }
    lists_.erase(old);
  }
  if (list.empty()) return;
  lists_.emplace(article, list);
  for (content::Id listed : list) listed_in_[listed].insert(article);
}

core::Status RelatedService::rebuild(store::Store& store) {
  std::lock_guard lock(mu_);
  index_.clear();
  std::vector<content::Id> ids;
  auto status = store.each_published_text([&](store::ArticleText&& text) -> core::Status {
    index_.upsert(text);
    ids.push_back(text.id);
    return {};
  });
  if (!status) return status;
  // Articles that had a list but are no longer published get theirs cleared.
  for (const auto& [id, list] : lists_) ids.push_back(id);
  return write(store, rank(std::move(ids)));
}

core::Status RelatedService::on_published(store::Store& store, const store::ArticleText& article) {
  if (article.id <= 0) {
    return core::make_error(core::Errc::kInvalidArgument,
                            fmt::format("related: invalid article id {}", article.id));
  }
  std::lock_guard lock(mu_);
  std::vector<content::Id> affected{article.id};
  add_neighbours(article.id, affected);  // an edit may take it out of these lists
  index_.upsert(article);
  add_neighbours(article.id, affected);  // and into these
  return write(store, rank(std::move(affected)));
}

core::Status RelatedService::on_removed(store::Store& store, content::Id id) {
  std::lock_guard lock(mu_);
  std::vector<content::Id> affected{id};
  add_neighbours(id, affected);
  index_.remove(id);
  return write(store, rank(std::move(affected)));
}

core::Result<std::vector<content::Id>> RelatedService::load(store::Store& store,
                                                            const std::vector<content::Id>& changed,
                                                            std::stop_token stop,
                                                            const OnWritten& on_written) {
  std::lock_guard lock(mu_);
  auto stored = store.related_lists();
  if (!stored) return stored.error();

  // The texts are read one at a time: only the index keeps what it needs of them.
  index_.clear();
  lists_.clear();
  listed_in_.clear();
  std::vector<content::Id> published;
  auto status = store.each_published_text([&](store::ArticleText&& text) -> core::Status {
    if (stop.stop_requested()) {
      return core::make_error(core::Errc::kUnavailable, "related: loading stopped");
    }
    index_.upsert(text);
    published.push_back(text.id);
    return {};
  });
  if (!status) return status.error();
  for (const auto& [id, list] : *stored) remember(id, list);
  stored->clear();

  // Articles without a list get one; the lists of others are left as stored. A few of them are
  // new to the archive (a small import): their neighbours may want them in their lists too.
  std::vector<content::Id> missing;
  for (content::Id id : published) {
    if (!lists_.contains(id)) missing.push_back(id);
  }
  published = {};
  std::vector<content::Id> sorted = changed;
  if (missing.size() <= config_.load_rerank_missing &&
      (changed.size() + missing.size()) * config_.rerank_limit < index_.size()) {
    sorted.insert(sorted.end(), missing.begin(), missing.end());
    missing.clear();
  }
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  std::vector<store::ArticleText> changed_texts;
  if (!sorted.empty()) {
    auto texts = store.published_texts_for(sorted);
    if (!texts) return texts.error();
    changed_texts = std::move(*texts);
  }
  std::vector<content::Id> written;
  if (!sorted.empty()) {
    auto updated = update_locked(store, sorted, changed_texts, true);
    if (!updated) return updated.error();
    if (on_written && !updated->empty()) on_written(*updated);
    written = std::move(*updated);
  }

  // The rest of the missing lists, in batches: the ranking is the long part of a start after a
  // bulk import (one top_k per article), so pages gain their lists as it goes.
  std::vector<content::Id> batch;
  for (std::size_t next = 0; next < missing.size();) {
    if (stop.stop_requested()) {
      return core::make_error(core::Errc::kUnavailable, "related: loading stopped");
    }
    batch.clear();
    for (; next < missing.size() && batch.size() < config_.load_batch; ++next) {
      if (!lists_.contains(missing[next])) batch.push_back(missing[next]);
    }
    Lists lists;
    for (auto& [id, list] : rank(batch)) {
      if (!list.empty()) lists.emplace_back(id, std::move(list));
    }
    if (lists.empty()) continue;
    if (auto s = write(store, lists); !s) return s.error();
    batch.clear();
    for (const auto& [id, list] : lists) batch.push_back(id);
    if (on_written) on_written(batch);
    written.insert(written.end(), batch.begin(), batch.end());
  }
  return written;
}

core::Result<std::vector<content::Id>> RelatedService::update(
    store::Store& store, const std::vector<content::Id>& changed) {
  for (content::Id id : changed) {
    if (id <= 0) {
      return core::make_error(core::Errc::kInvalidArgument,
                              fmt::format("related: invalid article id {}", id));
    }
  }
  auto texts = store.published_texts_for(changed);
  if (!texts) return texts.error();
  std::lock_guard lock(mu_);
  return update_locked(store, changed, *texts, false);
}

core::Result<std::vector<content::Id>> RelatedService::update_locked(
    store::Store& store, const std::vector<content::Id>& changed,
    const std::vector<store::ArticleText>& texts, bool indexed) {
  std::unordered_set<content::Id> published;
  for (const auto& text : texts) published.insert(text.id);
  std::vector<content::Id> affected(changed.begin(), changed.end());
  // A change larger than this may move nearly every list: rank them all rather than walking
  // every changed article's neighbourhood twice.
  const bool everything =
      !changed.empty() && (changed.size() + 1) * config_.rerank_limit >= index_.size();
  if (!indexed) {
    // Before: an edit or removal may take the article out of these lists.
    if (!everything) {
      for (content::Id id : changed) {
        if (index_.contains(id)) add_neighbours(id, affected);
      }
    }
    for (content::Id id : changed) {
      if (!published.contains(id)) index_.remove(id);
    }
    for (const auto& text : texts) index_.upsert(text);
  }
  if (everything) {
    for (const auto& [id, list] : lists_) affected.push_back(id);
    for (const auto& [id, holders] : listed_in_) affected.push_back(id);
    for (const auto& text : texts) affected.push_back(text.id);
    const auto all = index_.ids();
    affected.insert(affected.end(), all.begin(), all.end());
  } else {
    // After: and into these.
    for (const auto& text : texts) add_neighbours(text.id, affected);
  }
  // Only the lists that differ from what is stored are written.
  Lists lists;
  for (auto& [id, list] : rank(std::move(affected))) {
    const auto old = lists_.find(id);
    const bool same = old == lists_.end() ? list.empty() : old->second == list;
    if (!same) lists.emplace_back(id, std::move(list));
  }
  if (lists.empty()) return std::vector<content::Id>{};
  if (auto s = write(store, lists); !s) return s.error();
  std::vector<content::Id> written;
  written.reserve(lists.size());
  for (const auto& [id, list] : lists) written.push_back(id);
  return written;
}

}  // namespace dateline::newsroom
