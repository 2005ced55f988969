// LoginThrottle: slows down password guessing. Each key (an account's email, a client address)
// may fail `max_failures` times within `window`; the next failure locks it for `first_lockout`,
// doubling with each further lockout up to `max_lockout`, until it has had no failure for
// `forget_after`. Kept in memory with at most `max_keys` keys (the stalest are forgotten first),
// so a restart forgets lockouts. Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.h"

namespace dateline::auth {

struct ThrottleOptions {
  int max_failures = 5;
  std::chrono::seconds window{15 * 60};
  std::chrono::seconds first_lockout{5 * 60};
  std::chrono::seconds max_lockout{60 * 60};
  std::chrono::seconds forget_after{24 * 60 * 60};
  std::size_t max_keys = 10000;
};

class LoginThrottle {
 public:
  LoginThrottle(core::Clock& clock, ThrottleOptions options);

  // How long `key` must still wait before it may try again; zero when it may try now.
  std::chrono::seconds retry_after(std::string_view key);
  // Records a failed attempt by `key`. Returns the lockout this failure started, or zero.
  std::chrono::seconds record_failure(std::string_view key);
  // Forgets `key`'s failures and lockouts (after a successful sign-in of that account).
  void forget(std::string_view key);
  // Keys currently remembered (for tests of the bound).
  std::size_t size() const;

 private:
  struct Entry {
    std::vector<core::TimePoint> failures;  // within the window, oldest first
    int lockouts = 0;                       // in a row, for the doubling
    core::TimePoint locked_until{};
    core::TimePoint last_failure{};
  };
  void prune(Entry& entry, core::TimePoint now) const;
  void make_room(core::TimePoint now);

  core::Clock& clock_;
  ThrottleOptions options_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace dateline::auth
