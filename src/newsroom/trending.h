// TrendingTracker: counts article page views for the "Trending Now" widget.
//
// Readers' requests call record_view(), which never takes a mutex: it hashes the visitor and pushes
// a small event into a fixed-capacity lock-free queue (dropping, and counting, events when it is
// full). A background job calls flush(), which drains the queue, removes repeat views, updates
// exponentially decayed per-article scores and publishes an immutable TrendingSnapshot that readers
// fetch with snapshot()/top().
//
// Privacy: neither the client address nor the user agent is stored. A visitor is identified by a
// keyed BLAKE2b hash (libsodium crypto_generichash) of article id, address and user agent under a
// random salt that belongs to one UTC day; salts live only in memory and flush() overwrites those
// older than yesterday, so keys from different days (or different articles) cannot be linked.
//
// Thread-safety: record_view(), snapshot(), top(), dropped_views() and is_bot() may be called from
// any thread, concurrently, without blocking. flush(), add_views(), forget(), import_scores() and
// export_scores() serialise on an internal mutex; they are meant for one background thread.
#pragma once

#include <array>
#include <atomic>
#include <boost/lockfree/queue.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "content/model.h"
#include "core/clock.h"
#include "newsroom/scored_article.h"
#include "store/store.h"

namespace dateline::newsroom {

struct TrendingConfig {
  // A view's weight halves after this long.
  std::chrono::seconds half_life{std::chrono::hours{24}};
  // Repeat views of one article by one visitor within this window count once.
  std::chrono::seconds dedup_window{std::chrono::minutes{30}};
  // Views buffered between two flushes; further views are dropped (and counted).
  std::size_t buffer_capacity = 65536;
};

// What readers see: the best articles, scores decayed to computed_at, best first (ties: newer id
// first), at most TrendingTracker::kSnapshotSize entries.
struct TrendingSnapshot {
  std::vector<ScoredArticle> ranked;
  core::TimePoint computed_at{};
};

class TrendingTracker {
 public:
  static constexpr std::size_t kSnapshotSize = 50;

  // Throws std::runtime_error when libsodium cannot initialise (a start-up failure).
  explicit TrendingTracker(TrendingConfig config = {});
  ~TrendingTracker();
  TrendingTracker(const TrendingTracker&) = delete;
  TrendingTracker& operator=(const TrendingTracker&) = delete;

  // True for user agents that are not people reading: an empty (or blank) user agent, or one
  // containing, case-insensitively, any of: "bot" (Googlebot, bingbot, Twitterbot, Slackbot,
  // TelegramBot, Discordbot, ...), "crawl", "spider", "slurp", "facebookexternalhit",
  // "facebookcatalog", "embedly", "quora link preview", "preview" (BingPreview, Google Web
  // Preview, SkypeUriPreview), "whatsapp", "curl", "wget", "python-requests", "python-urllib",
  // "go-http-client", "libwww-perl", "httpclient", "feedfetcher", "validator".
  // "HeadlessChrome" is deliberately *not* a bot: the project's browser tests read pages with it.
  static bool is_bot(std::string_view user_agent);

  // Records one page view. Lock-free; safe on the reader's request path. Returns false, counting
  // nothing, for bots (see is_bot), when the visitor cannot be hashed (the salt of `now`'s day is
  // unavailable because flush() has not run for days or `now` is far from the flush clock), or
  // when the buffer is full (see dropped_views()).
  bool record_view(content::Id article, std::string_view client_address,
                   std::string_view user_agent, core::TimePoint now);

  // Drains buffered views, counts the ones that are not repeats, applies forget(), rotates the
  // daily salts and publishes a new snapshot computed at `now`.
  void flush(core::TimePoint now);

  // The latest published snapshot; never null (empty before the first flush).
  std::shared_ptr<const TrendingSnapshot> snapshot() const;

  // Up to `n` ids from the latest snapshot, best first, skipping ids in `exclude`.
  std::vector<content::Id> top(std::size_t n, std::span<const content::Id> exclude = {}) const;

  // Adds `count` views at `at`, bypassing bot and repeat checks (seeding the demo site). Visible
  // from the next flush().
  void add_views(content::Id article, int count, core::TimePoint at);

  // Drops an unpublished or deleted article's score and pending views at the next flush().
  void forget(content::Id article);

  // Scores as they stand (not decayed), each with the time it was last brought up to date; for
  // saving to the store. Holds ids and numbers only, never addresses or visitor keys.
  std::vector<store::StoredScore> export_scores() const;

  // Merges saved scores into the current ones (decay applied for the time elapsed) and publishes
  // a snapshot computed at `now`.
  void import_scores(const std::vector<store::StoredScore>& scores, core::TimePoint now);

  // Views dropped since construction because the buffer was full or no salt was available.
  std::uint64_t dropped_views() const { return dropped_.load(std::memory_order_relaxed); }

 private:
  // One buffered view. Trivially copyable, as boost::lockfree::queue requires.
  struct ViewEvent {
    content::Id article;
    std::uint64_t visitor_key;
    std::int64_t at;  // seconds since the epoch
  };

  // A salt bound to one UTC day, read without locks: `day` is a sequence word (kUnbound,
  // kRewriting or a day index) checked before and after reading the key words.
  struct SaltSlot {
    std::atomic<std::int64_t> day;
    std::array<std::atomic<std::uint64_t>, 4> key;  // 32 bytes: crypto_generichash_KEYBYTES
  };
  static constexpr std::size_t kSaltSlots = 4;  // yesterday, today, tomorrow, the day after

  struct Score {
    double value = 0;
    core::TimePoint at{};  // the instant `value` is decayed to
  };

  struct VisitKey {
    content::Id article;
    std::uint64_t visitor;
    bool operator==(const VisitKey&) const = default;
  };
  struct VisitKeyHash {
    std::size_t operator()(const VisitKey& k) const noexcept;
  };

  static std::int64_t day_index(core::TimePoint t);
  void fill_salt(SaltSlot& slot);
  bool load_salt(std::int64_t day, std::array<std::uint64_t, 4>& out);
  void rotate_salts(std::int64_t today);
  void add_weight(content::Id article, double weight, core::TimePoint at);
  double decayed(const Score& s, core::TimePoint to) const;
  void publish(core::TimePoint now);

  TrendingConfig config_;
  boost::lockfree::queue<ViewEvent> queue_;
  std::array<SaltSlot, kSaltSlots> salts_;
  std::atomic<std::uint64_t> dropped_{0};
  std::atomic<std::shared_ptr<const TrendingSnapshot>> snapshot_;

  mutable std::mutex state_mu_;  // guards everything below
  std::unordered_map<content::Id, Score> scores_;
  std::unordered_map<VisitKey, std::int64_t, VisitKeyHash> last_counted_;
  std::unordered_set<content::Id> forgotten_;
};

}  // namespace dateline::newsroom
