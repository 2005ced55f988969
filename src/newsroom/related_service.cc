#include "newsroom/related_service.h"

#include <fmt/format.h>

#include <algorithm>
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
  auto texts = store.published_texts();
  if (!texts) return texts.error();

  index_.clear();
  std::vector<content::Id> ids;
  ids.reserve(texts->size() + lists_.size());
  for (const auto& text : *texts) {
    index_.upsert(text);
    ids.push_back(text.id);
  }
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

}  // namespace dateline::newsroom
