#include "auth/login_throttle.h"

#include <algorithm>

#include "core/log.h"

namespace dateline::auth {

LoginThrottle::LoginThrottle(core::Clock& clock, ThrottleOptions options, ThrottleStore* store)
    : clock_(clock), options_(options), store_(store) {
  options_.max_failures = std::max(1, options_.max_failures);
  options_.max_keys = std::max<std::size_t>(1, options_.max_keys);
  if (store_ == nullptr) return;
  const auto now = clock_.now_seconds();
  auto saved = store_->load_throttle(now - options_.forget_after, options_.max_keys);
  if (!saved) {
    core::log::warn("auth: sign-in lockouts not restored error=\"{}\"", saved.error().message);
    return;
  }
  for (auto& [key, state] : *saved) {
    prune(state, now);
    entries_.emplace(std::move(key), std::move(state));
  }
}

void LoginThrottle::persist(std::string_view key, const Entry& entry, core::TimePoint now) {
  if (store_ == nullptr) return;
  if (auto s = store_->save_throttle(key, entry, now - options_.forget_after); !s) {
    core::log::warn("auth: sign-in failure not stored error=\"{}\"", s.error().message);
  }
}

void LoginThrottle::prune(Entry& e, core::TimePoint now) const {
  const auto cutoff = now - options_.window;
  std::erase_if(e.failures, [&](core::TimePoint t) { return t <= cutoff; });
  if (e.lockouts > 0 && e.locked_until <= now && now - e.last_failure >= options_.forget_after) {
    e.lockouts = 0;
  }
}

std::chrono::seconds LoginThrottle::retry_after(std::string_view key) {
  const auto now = clock_.now_seconds();
  std::lock_guard lock(mu_);
  const auto it = entries_.find(std::string(key));
  if (it == entries_.end() || it->second.locked_until <= now) return std::chrono::seconds{0};
  return it->second.locked_until - now;
}

std::chrono::seconds LoginThrottle::record_failure(std::string_view key) {
  const auto now = clock_.now_seconds();
  std::lock_guard lock(mu_);
  auto it = entries_.find(std::string(key));
  if (it == entries_.end()) {
    make_room(now);
    it = entries_.emplace(std::string(key), Entry{}).first;
  }
  auto& e = it->second;
  prune(e, now);
  e.last_failure = now;
  auto lockout = std::chrono::seconds{0};
  if (e.locked_until <= now) {  // failures while locked only count as recent activity
    e.failures.push_back(now);
    if (static_cast<int>(e.failures.size()) >= options_.max_failures) {
      e.failures.clear();
      lockout = options_.first_lockout;
      for (int i = 0; i < e.lockouts && lockout < options_.max_lockout; ++i) lockout *= 2;
      lockout = std::min(lockout, options_.max_lockout);
      ++e.lockouts;
      e.locked_until = now + lockout;
    }
  }
  persist(key, e, now);
  return lockout;
}

void LoginThrottle::forget(std::string_view key) {
  std::lock_guard lock(mu_);
  entries_.erase(std::string(key));
  if (store_ == nullptr) return;
  if (auto s = store_->forget_throttle(key); !s) {
    core::log::warn("auth: sign-in failures not cleared error=\"{}\"", s.error().message);
  }
}

std::size_t LoginThrottle::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

void LoginThrottle::make_room(core::TimePoint now) {
  if (entries_.size() < options_.max_keys) return;
  // First whatever no longer matters: unlocked, no failure in the window, lockouts forgotten.
  for (auto& [key, entry] : entries_) prune(entry, now);
  std::erase_if(entries_, [&](const auto& kv) {
    const auto& e = kv.second;
    return e.locked_until <= now && e.failures.empty() && e.lockouts == 0;
  });
  // Still full (many keys failing at once): forget the one whose last failure is oldest.
  while (entries_.size() >= options_.max_keys) {
    auto oldest = std::min_element(entries_.begin(), entries_.end(), [](auto& a, auto& b) {
      return a.second.last_failure < b.second.last_failure;
    });
    entries_.erase(oldest);
  }
}

}  // namespace dateline::auth
