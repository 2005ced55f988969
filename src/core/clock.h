// Clock: the one source of "now" for Dateline, injected so tests can use a fake clock instead of
// sleeping. Implementations must be thread-safe.
#pragma once

#include <chrono>

namespace dateline::core {

using TimePoint = std::chrono::sys_seconds;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point now() const = 0;
  TimePoint now_seconds() const { return std::chrono::floor<std::chrono::seconds>(now()); }
};

class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override {
    return std::chrono::system_clock::now();
  }
};

}  // namespace dateline::core
