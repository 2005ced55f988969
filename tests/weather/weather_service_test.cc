#include "weather/weather_service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>

#include "testing/fake_clock.h"
#include "testing/fake_weather.h"

namespace dateline::weather {
namespace {

using namespace std::chrono_literals;

CurrentWeather sample(double celsius = 14.9, int code = 2) {
  return CurrentWeather{celsius, code, describe_weather_code(code), core::TimePoint{}};
}

core::Error outage() { return core::make_error(core::Errc::kUnavailable, "provider down"); }

class WeatherServiceTest : public ::testing::Test {
 protected:
  WeatherServiceTest() : clock_(std::chrono::sys_days(std::chrono::year{2025} / 11 / 27)) {}

  WeatherServiceOptions options() const {
    WeatherServiceOptions o;
    o.refresh = 15min;
    o.retry = 60s;
    return o;
  }

  testing::FakeClock clock_;
  testing::FakeWeatherProvider provider_;
};

TEST_F(WeatherServiceTest, CurrentIsEmptyBeforeFirstAnswer) {
  WeatherService service(provider_, clock_, options());
  service.set_location("Islamabad", 33.6844, 73.0479);
  EXPECT_FALSE(service.current());
  EXPECT_FALSE(service.refresh_now());  // the fake answers kUnavailable until told otherwise
  EXPECT_FALSE(service.current());
}

TEST_F(WeatherServiceTest, RefreshNowFillsCurrent) {
  provider_.set_result(sample());
  WeatherService service(provider_, clock_, options());
  service.set_location("Islamabad", 33.6844, 73.0479);

  EXPECT_TRUE(service.refresh_now());
  auto reading = service.current();
  ASSERT_TRUE(reading);
  EXPECT_EQ(reading->city, "Islamabad");
  EXPECT_DOUBLE_EQ(reading->weather.temperature_c, 14.9);
  EXPECT_EQ(reading->weather.description, "Partly cloudy");
  EXPECT_EQ(reading->weather.observed_at, clock_.now_seconds());  // provider gave no time
  EXPECT_EQ(provider_.last_coordinates(), std::make_pair(33.6844, 73.0479));
}

TEST_F(WeatherServiceTest, NoLocationFetchesNothing) {
  provider_.set_result(sample());
  WeatherService service(provider_, clock_, options());
  EXPECT_FALSE(service.refresh_now());
  EXPECT_EQ(provider_.calls(), 0);
  EXPECT_FALSE(service.current());
}

TEST_F(WeatherServiceTest, KeepsReadingOnLaterFailure) {
  provider_.set_result(sample());
  WeatherService service(provider_, clock_, options());
  service.set_location("Islamabad", 33.6844, 73.0479);
  ASSERT_TRUE(service.refresh_now());

  provider_.set_result(outage());
  clock_.advance(30min);
  EXPECT_FALSE(service.refresh_now());
  auto reading = service.current();
  ASSERT_TRUE(reading);
  EXPECT_DOUBLE_EQ(reading->weather.temperature_c, 14.9);
}

TEST_F(WeatherServiceTest, DropsReadingOlderThanThreeRefreshIntervals) {
  provider_.set_result(sample());
  WeatherService service(provider_, clock_, options());
  service.set_location("Islamabad", 33.6844, 73.0479);
  ASSERT_TRUE(service.refresh_now());
  int changes = 0;
  service.on_change([&] { ++changes; });

  provider_.set_result(outage());
  clock_.advance(45min);  // exactly 3 x refresh: still shown
  EXPECT_FALSE(service.refresh_now());
  EXPECT_TRUE(service.current());
  EXPECT_EQ(changes, 0);

  clock_.advance(1s);
  EXPECT_FALSE(service.current());  // never shown once too old, even before the next fetch
  EXPECT_FALSE(service.refresh_now());
  EXPECT_FALSE(service.current());
  EXPECT_EQ(changes, 1);  // the drop is a change: the top bar must hide the weather

  provider_.set_result(sample(15.2));
  EXPECT_TRUE(service.refresh_now());
  ASSERT_TRUE(service.current());
  EXPECT_DOUBLE_EQ(service.current()->weather.temperature_c, 15.2);
  EXPECT_EQ(changes, 2);
}

TEST_F(WeatherServiceTest, OnChangeFiresOnlyWhenReadingChanges) {
  provider_.set_result(sample());
  WeatherService service(provider_, clock_, options());
  service.set_location("Islamabad", 33.6844, 73.0479);
  int changes = 0;
  service.on_change([&] { ++changes; });

  ASSERT_TRUE(service.refresh_now());
  EXPECT_EQ(changes, 1);

  auto same = sample();
  same.observed_at = clock_.now_seconds();
  provider_.set_result(same);
  ASSERT_TRUE(service.refresh_now());
  EXPECT_EQ(changes, 1);

  provider_.set_result(sample(16.0, 3));
  ASSERT_TRUE(service.refresh_now());
  EXPECT_EQ(changes, 2);
  EXPECT_EQ(service.current()->weather.description, "Overcast");

  provider_.set_result(outage());
  EXPECT_FALSE(service.refresh_now());
  EXPECT_EQ(changes, 2);
}

TEST_F(WeatherServiceTest, LocationChangeClearsReading) {
  provider_.set_result(sample());
  WeatherService service(provider_, clock_, options());
  service.set_location("Islamabad", 33.6844, 73.0479);
  ASSERT_TRUE(service.refresh_now());
  int changes = 0;
  service.on_change([&] { ++changes; });

  service.set_location("Lahore", 31.5204, 74.3587);
  EXPECT_FALSE(service.current());
  EXPECT_EQ(changes, 1);

  ASSERT_TRUE(service.refresh_now());
  EXPECT_EQ(service.current()->city, "Lahore");
  EXPECT_EQ(provider_.last_coordinates(), std::make_pair(31.5204, 74.3587));
}

TEST_F(WeatherServiceTest, SameLocationKeepsReading) {
  provider_.set_result(sample());
  WeatherService service(provider_, clock_, options());
  service.set_location("Islamabad", 33.6844, 73.0479);
  ASSERT_TRUE(service.refresh_now());
  int changes = 0;
  service.on_change([&] { ++changes; });

  service.set_location("Islamabad", 33.6844, 73.0479);
  EXPECT_TRUE(service.current());
  EXPECT_EQ(changes, 0);

  service.set_location("Islamabad, PK", 33.6844, 73.0479);
  ASSERT_TRUE(service.current());
  EXPECT_EQ(service.current()->city, "Islamabad, PK");
  EXPECT_EQ(changes, 1);
}

TEST_F(WeatherServiceTest, ClearLocationHidesWeatherAndStopsFetching) {
  provider_.set_result(sample());
  WeatherService service(provider_, clock_, options());
  service.set_location("Islamabad", 33.6844, 73.0479);
  ASSERT_TRUE(service.refresh_now());

  service.clear_location();
  EXPECT_FALSE(service.current());
  EXPECT_FALSE(service.refresh_now());
  EXPECT_EQ(provider_.calls(), 1);
}

TEST_F(WeatherServiceTest, AnswerForPreviousLocationIsDiscarded) {
  provider_.set_result(sample());
  WeatherService service(provider_, clock_, options());
  service.set_location("Islamabad", 33.6844, 73.0479);
  std::once_flag moved;
  provider_.set_on_fetch(
      [&] { std::call_once(moved, [&] { service.set_location("Lahore", 31.5204, 74.3587); }); });

  EXPECT_FALSE(service.refresh_now());  // answered for Islamabad after the move
  EXPECT_FALSE(service.current());
  EXPECT_TRUE(service.refresh_now());
  EXPECT_EQ(service.current()->city, "Lahore");
}

TEST_F(WeatherServiceTest, StartFetchesInBackgroundAndStopsPromptly) {
  provider_.set_result(sample());
  WeatherService service(provider_, clock_, options());
  service.set_location("Islamabad", 33.6844, 73.0479);
  std::promise<void> changed;
  std::atomic<bool> fired{false};
  service.on_change([&] {
    if (!fired.exchange(true)) changed.set_value();
  });

  service.start();
  service.start();  // already running: no second thread
  ASSERT_EQ(changed.get_future().wait_for(10s), std::future_status::ready);
  ASSERT_TRUE(service.current());
  EXPECT_EQ(service.current()->city, "Islamabad");

  service.stop();  // the thread is waiting out a 15 min refresh; this must not
  service.stop();
  EXPECT_EQ(provider_.calls(), 1);
}

TEST_F(WeatherServiceTest, BackgroundThreadFetchesAgainWhenLocationChanges) {
  provider_.set_result(sample());
  WeatherService service(provider_, clock_, options());
  std::mutex mu;
  std::condition_variable cv;
  int lahore_readings = 0;
  service.on_change([&] {
    auto reading = service.current();
    if (reading && reading->city == "Lahore") {
      std::lock_guard lock(mu);
      ++lahore_readings;
      cv.notify_all();
    }
  });

  service.start();  // no location yet: the thread waits
  service.set_location("Lahore", 31.5204, 74.3587);
  std::unique_lock lock(mu);
  ASSERT_TRUE(cv.wait_for(lock, 10s, [&] { return lahore_readings > 0; }));
  lock.unlock();
  service.stop();
}

TEST_F(WeatherServiceTest, DestructionStopsRunningServiceAfterFailures) {
  WeatherService service(provider_, clock_, options());  // the fake keeps failing
  service.set_location("Islamabad", 33.6844, 73.0479);
  service.start();
  while (provider_.calls() == 0) std::this_thread::sleep_for(1ms);
  // Leaving scope destroys a service waiting out its 60 s retry; the test completes promptly.
}

TEST_F(WeatherServiceTest, ThrowingCallbackDoesNotStopUpdates) {
  provider_.set_result(sample());
  WeatherService service(provider_, clock_, options());
  service.set_location("Islamabad", 33.6844, 73.0479);
  service.on_change([] { throw std::runtime_error("render failed"); });
  EXPECT_TRUE(service.refresh_now());
  EXPECT_TRUE(service.current());
}

}  // namespace
}  // namespace dateline::weather
