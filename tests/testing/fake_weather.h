// FakeWeatherProvider: a WeatherProvider that answers whatever the test set, counts calls and
// remembers the last coordinates. Thread-safe.
#pragma once

#include <functional>
#include <mutex>
#include <utility>

#include "core/result.h"
#include "weather/weather.h"

namespace dateline::testing {

class FakeWeatherProvider final : public weather::WeatherProvider {
 public:
  // Answers kUnavailable until set_result().
  FakeWeatherProvider()
      : result_(core::make_error(core::Errc::kUnavailable, "fake weather: no answer set")) {}
  explicit FakeWeatherProvider(core::Result<weather::CurrentWeather> result)
      : result_(std::move(result)) {}

  void set_result(core::Result<weather::CurrentWeather> result) {
    std::lock_guard lock(mu_);
    result_ = std::move(result);
  }
  // Runs inside each fetch(), before it answers and outside the fake's lock; lets a test act
  // while a fetch is in flight.
  void set_on_fetch(std::function<void()> hook) {
    std::lock_guard lock(mu_);
    on_fetch_ = std::move(hook);
  }
  int calls() const {
    std::lock_guard lock(mu_);
    return calls_;
  }
  std::pair<double, double> last_coordinates() const {
    std::lock_guard lock(mu_);
    return last_;
  }

  core::Result<weather::CurrentWeather> fetch(double latitude, double longitude) override {
    std::function<void()> hook;
    {
      std::lock_guard lock(mu_);
      ++calls_;
      last_ = {latitude, longitude};
      hook = on_fetch_;
    }
    if (hook) hook();
    std::lock_guard lock(mu_);
    return result_;
  }

 private:
  mutable std::mutex mu_;
  core::Result<weather::CurrentWeather> result_;
  std::function<void()> on_fetch_;
  int calls_ = 0;
  std::pair<double, double> last_{0.0, 0.0};
};

}  // namespace dateline::testing
