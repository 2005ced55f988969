#include "weather/weather_service.h"

#include <exception>
#include <utility>

#include "core/log.h"
#include "core/result.h"

namespace dateline::weather {

WeatherService::WeatherService(WeatherProvider& provider, core::Clock& clock,
                               WeatherServiceOptions options)
    : provider_(provider), clock_(clock), options_(options) {}

WeatherService::~WeatherService() { stop(); }

void WeatherService::set_location(std::string city, double latitude, double longitude) {
  bool changed = false;
  bool moved = false;
  {
    std::lock_guard lock(state_mu_);
    if (location_ && location_->latitude == latitude && location_->longitude == longitude) {
      if (location_->city == city) return;
      location_->city = city;
      if (auto cached = current_.load()) {
        Cached renamed = *cached;
        renamed.reading.city = std::move(city);
        current_.store(std::make_shared<const Cached>(std::move(renamed)));
        changed = true;
      }
    } else {
      location_ = Location{std::move(city), latitude, longitude};
      ++generation_;
      changed = current_.exchange(nullptr) != nullptr;
      moved = true;
    }
  }
  if (moved) wake();
  if (changed) notify_change();
}

void WeatherService::clear_location() {
  bool changed = false;
  {
    std::lock_guard lock(state_mu_);
    if (!location_) return;
    location_.reset();
    ++generation_;
    changed = current_.exchange(nullptr) != nullptr;
  }
  if (changed) notify_change();
}

std::optional<WeatherReading> WeatherService::current() const {
  const std::shared_ptr<const Cached> cached = current_.load(std::memory_order_acquire);
  if (!cached || is_stale(*cached, clock_.now())) return std::nullopt;
  return cached->reading;
}

bool WeatherService::refresh_now() { return refresh_once() == Outcome::kSuccess; }

bool WeatherService::is_stale(const Cached& cached,
                              std::chrono::system_clock::time_point now) const {
  return now - cached.fetched_at > 3 * options_.refresh;
}

WeatherService::Outcome WeatherService::refresh_once() {
  std::lock_guard fetch_lock(fetch_mu_);
  Location where;
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(state_mu_);
    if (!location_) return Outcome::kNoLocation;
    where = *location_;
    generation = generation_;
  }

  // Providers report errors as values; a throwing one must not end the background thread.
  std::optional<core::Result<CurrentWeather>> answer;
  try {
    answer.emplace(provider_.fetch(where.latitude, where.longitude));
  } catch (const std::exception& e) {
    answer.emplace(core::make_error(core::Errc::kInternal, e.what()));
  }
  core::Result<CurrentWeather>& result = *answer;
  const auto now = clock_.now();

  bool changed = false;
  const char* kept = "none";  // what became of the previous reading after a failure
  {
    std::lock_guard lock(state_mu_);
    if (!location_ || generation != generation_) return Outcome::kSuperseded;
    const std::shared_ptr<const Cached> previous = current_.load();
    if (result) {
      CurrentWeather weather = *result;
      if (weather.observed_at == core::TimePoint{}) {
        weather.observed_at = std::chrono::floor<std::chrono::seconds>(now);
      }
      WeatherReading reading{location_->city, std::move(weather)};
      changed = !previous || !(previous->reading == reading) || is_stale(*previous, now);
      current_.store(std::make_shared<const Cached>(Cached{std::move(reading), now}));
    } else if (previous && is_stale(*previous, now)) {
      current_.store(nullptr);
      changed = true;
      kept = "dropped";
    } else if (previous) {
      kept = "kept";
    }
  }

  if (result) {
    core::log::debug("weather updated city={} temperature_c={} code={}", where.city,
                     result->temperature_c, result->weather_code);
  } else {
    core::log::warn("weather fetch failed city={} error={} reading={} message={:?}", where.city,
                    core::errc_name(result.error().code), kept, result.error().message);
  }
  if (changed) notify_change();
  return result ? Outcome::kSuccess : Outcome::kFailure;
}

void WeatherService::start() {
  std::lock_guard lock(lifecycle_mu_);
  if (worker_.joinable()) return;
  worker_ = std::jthread([this](std::stop_token stop) { run(std::move(stop)); });
}

void WeatherService::stop() {
  std::lock_guard lock(lifecycle_mu_);
  if (!worker_.joinable()) return;
  worker_.request_stop();  // wakes the wait below through its stop_token
  worker_.join();
}

void WeatherService::run(std::stop_token stop) {
  while (!stop.stop_requested()) {
    {
      std::lock_guard lock(wake_mu_);
      wake_requested_ = false;
    }
    const Outcome outcome = refresh_once();
    std::unique_lock lock(wake_mu_);
    const auto woken = [this] { return wake_requested_; };
    switch (outcome) {
      case Outcome::kNoLocation:
        wake_cv_.wait(lock, stop, woken);
        break;
      case Outcome::kSuccess:
        wake_cv_.wait_for(lock, stop, options_.refresh, woken);
        break;
      case Outcome::kFailure:
        wake_cv_.wait_for(lock, stop, options_.retry, woken);
        break;
      case Outcome::kSuperseded:
        break;
    }
  }
}

void WeatherService::wake() {
  {
    std::lock_guard lock(wake_mu_);
    wake_requested_ = true;
  }
  wake_cv_.notify_all();
}

void WeatherService::on_change(std::function<void()> callback) {
  std::lock_guard lock(callbacks_mu_);
  callbacks_.push_back(std::move(callback));
}

void WeatherService::notify_change() {
  std::vector<std::function<void()>> callbacks;
  {
    std::lock_guard lock(callbacks_mu_);
    callbacks = callbacks_;
  }
  for (const auto& callback : callbacks) {
    try {
      callback();
    } catch (const std::exception& e) {
      core::log::error("weather on_change callback threw message={:?}", e.what());
    }
  }
}

}  // namespace dateline::weather
