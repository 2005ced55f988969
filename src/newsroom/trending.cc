#include "newsroom/trending.h"

#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "core/strings.h"

namespace dateline::newsroom {
namespace {

constexpr std::int64_t kUnbound = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kRewriting = kUnbound + 1;

// Scores that have decayed below this are forgotten, which keeps the map bounded by recent
// activity.
constexpr double kNegligibleScore = 0.01;

constexpr std::size_t kVisitorHashBytes = crypto_generichash_BYTES_MIN;
static_assert(crypto_generichash_KEYBYTES == 4 * sizeof(std::uint64_t));
static_assert(kVisitorHashBytes >= sizeof(std::uint64_t));

// Lower-case markers of non-human user agents; see TrendingTracker::is_bot.
constexpr std::string_view kBotMarkers[] = {
    "bot",
    "crawl",
    "spider",
    "slurp",
    "facebookexternalhit",
    "facebookcatalog",
    "embedly",
    "quora link preview",
    "preview",
    "whatsapp",
    "curl",
    "wget",
    "python-requests",
    "python-urllib",
    "go-http-client",
    "libwww-perl",
    "httpclient",
    "feedfetcher",
    "validator",
};

char lower_ascii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Case-insensitive (ASCII) substring test; `needle` is lower case.
bool contains_lower(std::string_view haystack, std::string_view needle) {
  if (needle.size() > haystack.size()) return false;
  const std::size_t last = haystack.size() - needle.size();
  for (std::size_t i = 0; i <= last; ++i) {
    std::size_t j = 0;
    while (j < needle.size() && lower_ascii(haystack[i + j]) == needle[j]) ++j;
    if (j == needle.size()) return true;
  }
  return false;
}

std::size_t slot_index(std::int64_t day, std::size_t slots) {
  const auto n = static_cast<std::int64_t>(slots);
  return static_cast<std::size_t>(((day % n) + n) % n);
}

}  // namespace

std::size_t TrendingTracker::VisitKeyHash::operator()(const VisitKey& k) const noexcept {
  // The visitor key is already a uniformly distributed hash; mix in the article id.
  return static_cast<std::size_t>(k.visitor ^
                                  (static_cast<std::uint64_t>(k.article) * 0x9E3779B97F4A7C15ULL));
}

TrendingTracker::TrendingTracker(TrendingConfig config)
    : config_(config),
      queue_(std::max<std::size_t>(config.buffer_capacity, 1)),
      snapshot_(std::make_shared<const TrendingSnapshot>()) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  if (config_.half_life < std::chrono::seconds{1}) config_.half_life = std::chrono::seconds{1};
  if (config_.dedup_window < std::chrono::seconds{0}) config_.dedup_window = {};
  for (auto& slot : salts_) fill_salt(slot);
}

TrendingTracker::~TrendingTracker() {
  for (auto& slot : salts_) {
    for (auto& word : slot.key) word.store(0, std::memory_order_relaxed);
  }
}

bool TrendingTracker::is_bot(std::string_view user_agent) {
  if (core::trim(user_agent).empty()) return true;
  return std::any_of(std::begin(kBotMarkers), std::end(kBotMarkers),
                     [&](std::string_view marker) { return contains_lower(user_agent, marker); });
}

std::int64_t TrendingTracker::day_index(core::TimePoint t) {
  return std::chrono::floor<std::chrono::days>(t).time_since_epoch().count();
}

// Seqlock writer: mark the slot as being rewritten, write a fresh random key, then release it as
// unbound so that the first reader of the right day claims it.
void TrendingTracker::fill_salt(SaltSlot& slot) {
  std::array<std::uint64_t, 4> fresh{};
  randombytes_buf(fresh.data(), sizeof fresh);
  slot.day.store(kRewriting, std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_release);
  for (std::size_t i = 0; i < fresh.size(); ++i) {
    slot.key[i].store(fresh[i], std::memory_order_relaxed);
  }
  slot.day.store(kUnbound, std::memory_order_release);
  sodium_memzero(fresh.data(), sizeof fresh);
}

// Seqlock reader. Claims an unbound slot for `day` with a CAS; gives up (returns false) when the
// slot belongs to another day or is being rewritten, rather than wait.
bool TrendingTracker::load_salt(std::int64_t day, std::array<std::uint64_t, 4>& out) {
  SaltSlot& slot = salts_[slot_index(day, kSaltSlots)];
  for (int attempt = 0; attempt < 3; ++attempt) {
    std::int64_t seen = slot.day.load(std::memory_order_acquire);
    if (seen == kUnbound) {
      slot.day.compare_exchange_strong(seen, day, std::memory_order_acq_rel,
                                       std::memory_order_acquire);
      continue;
    }
    if (seen != day) return false;
    for (std::size_t i = 0; i < out.size(); ++i) {
      out[i] = slot.key[i].load(std::memory_order_relaxed);
    }
    std::atomic_thread_fence(std::memory_order_acquire);
    if (slot.day.load(std::memory_order_relaxed) == day) return true;
  }
  return false;
}

// Keeps the salts of yesterday (late views), today and the next two days; any slot bound to another
// day is overwritten, which is what makes old visitor keys unlinkable.
void TrendingTracker::rotate_salts(std::int64_t today) {
  for (auto& slot : salts_) {
    const std::int64_t day = slot.day.load(std::memory_order_acquire);
    if (day == kUnbound || day == kRewriting) continue;
    if (day < today - 1 || day > today + 2) fill_salt(slot);
  }
}

bool TrendingTracker::record_view(content::Id article, std::string_view client_address,
                                  std::string_view user_agent, core::TimePoint now) {
  if (is_bot(user_agent)) return false;

  std::array<std::uint64_t, 4> salt{};
  if (!load_salt(day_index(now), salt)) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  std::array<unsigned char, crypto_generichash_KEYBYTES> key{};
  std::memcpy(key.data(), salt.data(), key.size());

  std::array<unsigned char, sizeof(content::Id)> article_bytes{};
  std::memcpy(article_bytes.data(), &article, sizeof article);
  constexpr unsigned char kSeparator = '\n';

  crypto_generichash_state state;
  crypto_generichash_init(&state, key.data(), key.size(), kVisitorHashBytes);
  crypto_generichash_update(&state, article_bytes.data(), article_bytes.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(client_address.data()),
                            client_address.size());
  crypto_generichash_update(&state, &kSeparator, 1);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(user_agent.data()),
                            user_agent.size());
  std::array<unsigned char, kVisitorHashBytes> digest{};
  crypto_generichash_final(&state, digest.data(), digest.size());
  sodium_memzero(key.data(), key.size());
  sodium_memzero(salt.data(), sizeof salt);

  ViewEvent event{article, 0, now.time_since_epoch().count()};
  std::memcpy(&event.visitor_key, digest.data(), sizeof event.visitor_key);
  if (!queue_.bounded_push(event)) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  return true;
}

double TrendingTracker::decayed(const Score& s, core::TimePoint to) const {
  if (to <= s.at) return s.value;
  const double elapsed = std::chrono::duration<double>(to - s.at).count();
  const double half_life = std::chrono::duration<double>(config_.half_life).count();
  return s.value * std::exp2(-elapsed / half_life);
}

// S = S * 2^(-(t - t0) / half_life) + w for views in time order; a view older than t0 adds its own
// decayed weight instead, so the result does not depend on the order views arrive in.
void TrendingTracker::add_weight(content::Id article, double weight, core::TimePoint at) {
  auto [it, inserted] = scores_.try_emplace(article, Score{weight, at});
  if (inserted) return;
  Score& s = it->second;
  if (at >= s.at) {
    s.value = decayed(s, at) + weight;
    s.at = at;
  } else {
    s.value += decayed(Score{weight, at}, s.at);
  }
}

void TrendingTracker::flush(core::TimePoint now) {
  std::lock_guard lock(state_mu_);
  const std::int64_t window = config_.dedup_window.count();
  ViewEvent event{};
  while (queue_.pop(event)) {
    if (forgotten_.contains(event.article)) continue;
    auto [it, inserted] =
        last_counted_.try_emplace(VisitKey{event.article, event.visitor_key}, event.at);
    if (!inserted) {
      const std::int64_t gap =
          event.at >= it->second ? event.at - it->second : it->second - event.at;
      if (gap < window) continue;
      it->second = std::max(it->second, event.at);
    }
    add_weight(event.article, 1.0, core::TimePoint{std::chrono::seconds{event.at}});
  }

  const std::int64_t now_seconds = now.time_since_epoch().count();
  std::erase_if(last_counted_, [&](const auto& entry) {
    return now_seconds - entry.second >= window || forgotten_.contains(entry.first.article);
  });
  for (content::Id id : forgotten_) scores_.erase(id);
  forgotten_.clear();

  rotate_salts(day_index(now));
  publish(now);
}

void TrendingTracker::publish(core::TimePoint now) {
  auto next = std::make_shared<TrendingSnapshot>();
  next->computed_at = now;
  std::vector<ScoredArticle> all;
  all.reserve(scores_.size());
  for (auto it = scores_.begin(); it != scores_.end();) {
    const double score = decayed(it->second, now);
    if (score < kNegligibleScore) {
      it = scores_.erase(it);
      continue;
    }
    all.push_back(ScoredArticle{it->first, score});
    ++it;
  }
  const std::size_t keep = std::min(all.size(), kSnapshotSize);
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(keep), all.end(),
                    ranks_before);
  all.resize(keep);
  next->ranked = std::move(all);
  snapshot_.store(std::move(next), std::memory_order_release);
}

std::shared_ptr<const TrendingSnapshot> TrendingTracker::snapshot() const {
  return snapshot_.load(std::memory_order_acquire);
}

std::vector<content::Id> TrendingTracker::top(std::size_t n,
                                              std::span<const content::Id> exclude) const {
  const auto snap = snapshot();
  std::vector<content::Id> out;
  for (const auto& entry : snap->ranked) {
    if (out.size() >= n) break;
    if (std::find(exclude.begin(), exclude.end(), entry.id) != exclude.end()) continue;
    out.push_back(entry.id);
  }
  return out;
}

void TrendingTracker::add_views(content::Id article, int count, core::TimePoint at) {
  if (count <= 0) return;
  std::lock_guard lock(state_mu_);
  add_weight(article, static_cast<double>(count), at);
}

void TrendingTracker::forget(content::Id article) {
  std::lock_guard lock(state_mu_);
  forgotten_.insert(article);
}

std::vector<store::StoredScore> TrendingTracker::export_scores() const {
  std::lock_guard lock(state_mu_);
  std::vector<store::StoredScore> out;
  out.reserve(scores_.size());
  for (const auto& [id, s] : scores_) out.push_back(store::StoredScore{id, s.value, s.at});
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.article_id < b.article_id; });
  return out;
}

void TrendingTracker::import_scores(const std::vector<store::StoredScore>& scores,
                                    core::TimePoint now) {
  std::lock_guard lock(state_mu_);
  for (const auto& s : scores) {
    if (!std::isfinite(s.score) || s.score <= 0) continue;
    add_weight(s.article_id, s.score, s.updated_at);
  }
  publish(now);
}

}  // namespace dateline::newsroom
