// WeatherService keeps the site's current weather fresh in the background so that no page waits
// on the provider: a std::jthread fetches on a timer and publishes an immutable reading that
// readers load without locking. Thread-safe: current() from any thread, lock-free; the other
// members may be called from any thread too, but on_change callbacks must not call stop() (they
// may run on the background thread).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "weather/weather.h"

namespace dateline::weather {

struct WeatherReading {
  std::string city;
  CurrentWeather weather;

  friend bool operator==(const WeatherReading&, const WeatherReading&) = default;
};

struct WeatherServiceOptions {
  // Time between successful fetches. A reading older than 3 x refresh is never shown.
  std::chrono::seconds refresh{std::chrono::minutes(15)};
  // Time before trying again after a failed fetch.
  std::chrono::seconds retry{std::chrono::seconds(60)};
};

class WeatherService {
 public:
  // Borrows `provider` and `clock`, which must outlive the service.
  WeatherService(WeatherProvider& provider, core::Clock& clock, WeatherServiceOptions options = {});
  // Stops the background thread, waiting for a fetch in progress.
  ~WeatherService();
  WeatherService(const WeatherService&) = delete;
  WeatherService& operator=(const WeatherService&) = delete;

  // Shows weather for `city` at these coordinates. New coordinates drop the cached reading (and
  // wake the background thread to fetch); the same coordinates under a new name keep it.
  void set_location(std::string city, double latitude, double longitude);
  // Shows no weather: drops the reading; nothing is fetched until set_location().
  void clear_location();

  // The latest reading, or nothing until the provider has answered for the current location,
  // after clear_location(), or once the last good reading is older than 3 x refresh (the page
  // then hides the weather). Lock-free.
  std::optional<WeatherReading> current() const;

  // Fetches once, synchronously (start-up, tests). Returns true when the provider answered for
  // the current location; a failure keeps the last reading unless it has grown too old. Logs one
  // warning per failure.
  bool refresh_now();

  // Starts the background thread: fetch now, then every `refresh`, or `retry` after a failure.
  // Does nothing if already running.
  void start();
  // Ends the background thread promptly (after a fetch in progress). Safe to call repeatedly.
  void stop();

  // Calls `callback` after each change of what current() returns (new values, dropped reading,
  // new location); on the thread that made the change. Exceptions it throws are logged and
  // swallowed.
  void on_change(std::function<void()> callback);

 private:
  struct Location {
    std::string city;
    double latitude = 0.0;
    double longitude = 0.0;
  };
  struct Cached {
    WeatherReading reading;
    std::chrono::system_clock::time_point fetched_at;
  };
  enum class Outcome { kNoLocation, kSuccess, kFailure, kSuperseded };

  Outcome refresh_once();
  bool is_stale(const Cached& cached, std::chrono::system_clock::time_point now) const;
  void run(std::stop_token stop);
  void wake();
  void notify_change();

  WeatherProvider& provider_;
  core::Clock& clock_;
  const WeatherServiceOptions options_;

  mutable std::mutex state_mu_;  // guards location_ and generation_; serializes publishing
  std::optional<Location> location_;
  std::uint64_t generation_ = 0;  // bumped when the coordinates change
  std::atomic<std::shared_ptr<const Cached>> current_;

  std::mutex fetch_mu_;  // one fetch at a time

  std::mutex callbacks_mu_;
  std::vector<std::function<void()>> callbacks_;

  std::mutex wake_mu_;
  std::condition_variable_any wake_cv_;
  bool wake_requested_ = false;  // guarded by wake_mu_

  std::mutex lifecycle_mu_;  // start() and stop()
  std::jthread worker_;      // last member: ends before the state it uses
};

}  // namespace dateline::weather
