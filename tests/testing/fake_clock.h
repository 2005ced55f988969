// FakeClock: a Clock whose time moves only when a test says so. Thread-safe.
#pragma once

#include <atomic>
#include <chrono>

#include "core/clock.h"

namespace dateline::testing {

class FakeClock final : public core::Clock {
 public:
  explicit FakeClock(std::chrono::system_clock::time_point start)
      : now_(start.time_since_epoch().count()) {}
  std::chrono::system_clock::time_point now() const override {
    return std::chrono::system_clock::time_point(std::chrono::system_clock::duration(now_.load()));
  }
  void advance(std::chrono::system_clock::duration d) { now_ += d.count(); }
  void set(std::chrono::system_clock::time_point t) { now_ = t.time_since_epoch().count(); }

 private:
  std::atomic<std::chrono::system_clock::rep> now_;
};

}  // namespace dateline::testing
