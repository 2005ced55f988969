// LoginThrottle: slows down password guessing. Each key (an account's email, a client address)
// may fail `max_failures` times within `window`; the next failure locks it for `first_lockout`,
// doubling with each further lockout up to `max_lockout`, until it has had no failure for
// `forget_after`. Kept in memory with at most `max_keys` keys (the stalest are forgotten first)
// and, given a ThrottleStore, written through to it and read back at start, so a restart does not
// lift a lockout. Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace dateline::auth {

struct ThrottleOptions {
  int max_failures = 5;
  std::chrono::seconds window{15 * 60};
  std::chrono::seconds first_lockout{5 * 60};
  std::chrono::seconds max_lockout{60 * 60};
  std::chrono::seconds forget_after{24 * 60 * 60};
  std::size_t max_keys = 10000;
};

// What the throttle knows about one key.
struct ThrottleState {
  std::vector<core::TimePoint> failures;  // within the window, oldest first
  int lockouts = 0;                       // in a row, for the doubling
  core::TimePoint locked_until{};
  core::TimePoint last_failure{};
};

// Where throttle state outlives the process. Implementations are thread-safe.
class ThrottleStore {
 public:
  virtual ~ThrottleStore() = default;
  // Every key whose last failure is after `since`, most recent first, at most `limit`.
  virtual core::Result<std::vector<std::pair<std::string, ThrottleState>>> load_throttle(
      core::TimePoint since, std::size_t limit) = 0;
  // Stores `state` for `key`, and drops keys whose last failure is before `stale_before`.
  virtual core::Status save_throttle(std::string_view key, const ThrottleState& state,
                                     core::TimePoint stale_before) = 0;
  virtual core::Status forget_throttle(std::string_view key) = 0;
};

class LoginThrottle {
 public:
  // With a `store`, state is read from it now and written to it on every change. A store that
  // fails is logged and otherwise ignored: memory stays the authority while the process runs.
  LoginThrottle(core::Clock& clock, ThrottleOptions options, ThrottleStore* store = nullptr);

  // How long `key` must still wait before it may try again; zero when it may try now.
  std::chrono::seconds retry_after(std::string_view key);
  // Records a failed attempt by `key`. Returns the lockout this failure started, or zero.
  std::chrono::seconds record_failure(std::string_view key);
  // Forgets `key`'s failures and lockouts (after a successful sign-in of that account).
  void forget(std::string_view key);
  // Keys currently remembered (for tests of the bound).
  std::size_t size() const;

 private:
  using Entry = ThrottleState;
  void persist(std::string_view key, const Entry& entry, core::TimePoint now);
  void prune(Entry& entry, core::TimePoint now) const;
  void make_room(core::TimePoint now);

  core::Clock& clock_;
  ThrottleOptions options_;
  ThrottleStore* store_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace dateline::auth
