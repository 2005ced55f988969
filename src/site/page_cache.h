// PageCache: rendered public pages kept in memory as byte segments with "slots" between them,
// where widgets that change on their own (the top bar's date and weather, Trending Now, Latest
// News) are spliced in. Each page names what it shows (invalidation keys), so a change drops
// exactly the pages that show it. For each page the assembled bytes and their gzip and brotli
// variants are built once per fragment change and then shared, immutable, by every request that
// serves them. Bounded by bytes: when full, the least recently used pages go. Thread-safe: lookups
// take a shared lock; fragments and assembled variants are swapped atomically.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "content/model.h"
#include "http/encoding.h"

namespace dateline::site {

enum class Slot { kNone, kTopbar, kTrending, kLatest };

// Markers the page templates emit where a slot goes; they never survive into a response.
inline constexpr std::string_view kTopbarMarker = "<!--dateline:slot:topbar-->";
inline constexpr std::string_view kTrendingMarker = "<!--dateline:slot:trending-->";
inline constexpr std::string_view kLatestMarker = "<!--dateline:slot:latest-->";

// One page with the current fragments spliced in, in every coding, and its ETags.
struct PageVariants {
  std::uint64_t fragments = 0;  // the fragment version it was assembled with
  std::shared_ptr<const std::string> identity;
  std::shared_ptr<const std::string> gzip;    // null when not worth it (tiny bodies)
  std::shared_ptr<const std::string> brotli;  // likewise
  std::string etag;                           // of the identity bytes, quoted
  std::string etag_gzip;                      // "...-gz"
  std::string etag_brotli;                    // "...-br"

  // The bytes and ETag to send for a coding; falls back to identity when that variant is missing.
  // Returns the coding actually used.
  http::ContentCoding pick(http::ContentCoding wanted, std::shared_ptr<const std::string>& body,
                           std::string& etag_out) const;
};

struct CachedPage {
  CachedPage() = default;
  CachedPage(const CachedPage& other)
      : status(other.status),
        content_type(other.content_type),
        segments(other.segments),
        article_id(other.article_id),
        generation(other.generation),
        depends_on(other.depends_on) {}

  unsigned status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::vector<std::pair<std::string, Slot>> segments;  // text, then the slot that follows it
  // For view counting on cache hits, and the Latest slot (which leaves the page's article out).
  std::optional<content::Id> article_id;
  std::uint64_t generation = 0;
  // Invalidation keys: what the page shows ("shows:12"), which list it is ("list:tag:3"), ...
  std::vector<std::string> depends_on;
  // The assembled variants, filled on first use and replaced after a fragment change.
  mutable std::atomic<std::shared_ptr<const PageVariants>> variants;
};

// Splits rendered HTML on the slot markers.
CachedPage split_page(std::string_view html, unsigned status);

// A share of the budget for pages readers can multiply at will (search results: every new text
// is a new page): the pages whose keys start with `prefix` are kept within `max_bytes`, the least
// recently used of them going first, so that a flood of them only evicts its own kind.
struct PrefixShare {
  std::string prefix;  // empty: no share
  std::size_t max_bytes = 0;
};

class PageCache {
 public:
  static constexpr std::size_t kDefaultMaxBytes = 64u << 20;

  explicit PageCache(std::size_t max_bytes = kDefaultMaxBytes, PrefixShare share = {})
      : max_bytes_(max_bytes), share_(std::move(share)) {}

  // The page cached under `key`, marked as just used; null when absent.
  std::shared_ptr<const CachedPage> find(const std::string& key) const;
  // Keeps the page unless it was rendered before the last invalidation (it may be stale). Past
  // the byte bound, the least recently used pages are dropped.
  void put(const std::string& key, std::shared_ptr<const CachedPage> page);
  void clear();
  // Drops every page carrying one of `keys`; returns how many went. Pages being rendered now are
  // not kept when they finish (they may predate the change).
  std::size_t invalidate(const std::vector<std::string>& keys);
  std::uint64_t generation() const { return generation_.load(); }
  std::size_t size() const;
  // Bytes charged for the cached pages (segments and an estimate of their variants).
  std::size_t bytes() const;
  // The part of bytes() charged for pages in the share.
  std::size_t share_bytes() const;

  // Replaces a fragment; a fragment identical to the current one changes nothing (so pages keep
  // their assembled variants and ETags).
  void set_fragment(Slot slot, std::string html);
  // The Latest News fragment: `html` for most pages, and for each article in it the fragment
  // without that article (an article page never lists itself).
  void set_latest(std::string html, std::vector<std::pair<content::Id, std::string>> without);

  // The page with the current fragments spliced in, in every coding: built on the first call
  // after the page was cached or a fragment changed, then shared by later calls.
  std::shared_ptr<const PageVariants> variants(const CachedPage& page) const;
  // For pages that are not kept (search results, 404): the identity bytes only.
  std::shared_ptr<const std::string> assemble(const CachedPage& page) const;

 private:
  struct Fragments {
    std::string topbar;
    std::string trending;
    std::string latest;
    std::vector<std::pair<content::Id, std::string>> latest_without;
    std::uint64_t version = 0;
  };
  struct Entry {
    std::shared_ptr<const CachedPage> page;
    std::size_t bytes = 0;
    bool in_share = false;
    mutable std::atomic<std::uint64_t> last_used{0};
  };

  std::string splice(const CachedPage& page, const Fragments& fragments) const;
  // Drops the least recently used pages (of the share only, or of any kind) until a tenth of
  // that budget is free; the caller holds mu_ exclusively.
  void evict_locked(bool share_only);
  // Removes one page and its keys; the caller holds mu_ exclusively.
  void erase_locked(std::unordered_map<std::string, Entry>::iterator it);
  void replace_fragments(const std::function<bool(Fragments&)>& change);

  std::size_t max_bytes_;
  PrefixShare share_;
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, Entry> pages_;
  // Invalidation key -> cached pages carrying it.
  std::unordered_map<std::string, std::unordered_set<std::string>> keyed_;
  std::size_t bytes_ = 0;
  std::size_t share_bytes_ = 0;
  mutable std::atomic<std::uint64_t> clock_{0};
  std::atomic<std::uint64_t> generation_{1};
  std::atomic<std::shared_ptr<const Fragments>> fragments_{std::make_shared<const Fragments>()};
  std::atomic<std::uint64_t> fragment_versions_{0};
};

}  // namespace dateline::site
