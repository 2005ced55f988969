#include "store/search_cache.h"

#include <utility>

namespace dateline::store {

void SearchCache::align_locked(std::int64_t version) {
  if (version == version_) return;
  entries_.clear();
  index_.clear();
  version_ = version;
}

std::optional<SearchPage> SearchCache::get(const std::string& key, std::int64_t version) {
  if (capacity_ == 0) return std::nullopt;
  std::lock_guard lock(mu_);
  align_locked(version);
  const auto it = index_.find(key);
  if (it == index_.end()) return std::nullopt;
  entries_.splice(entries_.begin(), entries_, it->second);
  return it->second->second;
}

void SearchCache::put(const std::string& key, std::int64_t version, SearchPage page) {
  if (capacity_ == 0) return;
  std::lock_guard lock(mu_);
  // A page computed while a newer version was committed is tagged with the older one: the next
  // lookup under the newer version drops it. A page for an older version than the cache holds
  // is simply not kept.
  if (version < version_) return;
  align_locked(version);
  if (const auto it = index_.find(key); it != index_.end()) {
    it->second->second = std::move(page);
    entries_.splice(entries_.begin(), entries_, it->second);
    return;
  }
  entries_.emplace_front(key, std::move(page));
  index_.emplace(key, entries_.begin());
  if (entries_.size() > capacity_) {
    index_.erase(entries_.back().first);
    entries_.pop_back();
  }
}

std::size_t SearchCache::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

}  // namespace dateline::store
