// PageCache: rendered public pages kept in memory as byte segments with "slots" between them,
// where widgets that change on their own (the top bar's date and weather, Trending Now) are
// spliced in at serve time. Content changes drop everything through clear(). Thread-safe: lookups
// take a shared lock; fragments are swapped atomically.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "content/model.h"

namespace dateline::site {

enum class Slot { kNone, kTopbar, kTrending };

// Markers the page templates emit where a slot goes; they never survive into a response.
inline constexpr std::string_view kTopbarMarker = "<!--dateline:slot:topbar-->";
inline constexpr std::string_view kTrendingMarker = "<!--dateline:slot:trending-->";

struct CachedPage {
  unsigned status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::vector<std::pair<std::string, Slot>> segments;  // text, then the slot that follows it
  std::optional<content::Id> article_id;               // for view counting on cache hits
  std::uint64_t generation = 0;
};

// Splits rendered HTML on the slot markers.
CachedPage split_page(std::string_view html, unsigned status);

class PageCache {
 public:
  explicit PageCache(std::size_t max_entries = 50000) : max_entries_(max_entries) {}

  std::shared_ptr<const CachedPage> find(const std::string& key) const;
  void put(const std::string& key, std::shared_ptr<const CachedPage> page);
  void clear();
  std::uint64_t generation() const { return generation_.load(); }
  std::size_t size() const;

  void set_fragment(Slot slot, std::string html);
  // The page's bytes with the current fragments spliced in, and the ETag for exactly those bytes.
  std::pair<std::shared_ptr<const std::string>, std::string> assemble(const CachedPage& page) const;

 private:
  struct Fragment {
    std::string html;
    std::uint64_t version = 0;
  };

  std::size_t max_entries_;
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const CachedPage>> pages_;
  std::atomic<std::uint64_t> generation_{1};
  std::atomic<std::shared_ptr<const Fragment>> topbar_{std::make_shared<const Fragment>()};
  std::atomic<std::shared_ptr<const Fragment>> trending_{std::make_shared<const Fragment>()};
  std::atomic<std::uint64_t> fragment_versions_{0};
};

}  // namespace dateline::site
