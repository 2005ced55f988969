// A small least-recently-used cache of search result pages, keyed by the normalized query, its
// filters and its page, and tagged with the store's content version: a page computed for an older
// version is never returned, and the first lookup under a newer version empties the cache.
// Breaking-news searches repeat the same few queries many times between two publishes.
// Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "store/store.h"

namespace dateline::store {

class SearchCache {
 public:
  // A capacity of 0 disables the cache.
  explicit SearchCache(std::size_t capacity) : capacity_(capacity) {}

  // The page stored under `key` for exactly this content version.
  std::optional<SearchPage> get(const std::string& key, std::int64_t version);
  // Stores `page` as computed from data at least as new as `version`.
  void put(const std::string& key, std::int64_t version, SearchPage page);

  std::size_t size() const;

 private:
  using Entries = std::list<std::pair<std::string, SearchPage>>;
  // Forgets everything when `version` differs from the one the entries belong to.
  void align_locked(std::int64_t version);

  const std::size_t capacity_;
  mutable std::mutex mu_;
  std::int64_t version_ = -1;
  Entries entries_;  // most recently used first
  std::unordered_map<std::string, Entries::iterator> index_;
};

}  // namespace dateline::store
