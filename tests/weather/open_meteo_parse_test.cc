#include <gtest/gtest.h>

#include <chrono>

#include "weather/open_meteo.h"

namespace dateline::weather {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view kExample =
    R"({"latitude":33.7,"longitude":73.06,"current_units":{"temperature_2m":"°C"},)"
    R"("current":{"time":"2025-11-27T14:00","interval":900,"temperature_2m":14.9,"weather_code":2}})";

core::TimePoint utc(std::chrono::year_month_day day, std::chrono::seconds time_of_day) {
  return core::TimePoint(std::chrono::sys_days(day).time_since_epoch() + time_of_day);
}

TEST(ParseOpenMeteoTest, ReadsTemperatureAndCodeFromExample) {
  auto weather = parse_open_meteo(kExample);
  ASSERT_TRUE(weather) << weather.error().message;
  EXPECT_DOUBLE_EQ(weather->temperature_c, 14.9);
  EXPECT_EQ(weather->weather_code, 2);
  EXPECT_EQ(weather->description, "Partly cloudy");
}

TEST(ParseOpenMeteoTest, ReadsObservationTimeAsUtc) {
  auto weather = parse_open_meteo(kExample);
  ASSERT_TRUE(weather) << weather.error().message;
  using namespace std::chrono;
  EXPECT_EQ(weather->observed_at, utc(2025y / November / 27, 14h));
}

TEST(ParseOpenMeteoTest, AppliesUtcOffsetToLocalTime) {
  auto weather =
      parse_open_meteo(R"({"utc_offset_seconds":18000,"current":{"time":"2025-11-27T14:00",)"
                       R"("temperature_2m":14.9,"weather_code":2}})");
  ASSERT_TRUE(weather) << weather.error().message;
  using namespace std::chrono;
  EXPECT_EQ(weather->observed_at, utc(2025y / November / 27, 9h));
}

TEST(ParseOpenMeteoTest, MissingTimeLeavesObservedAtUnset) {
  auto weather = parse_open_meteo(R"({"current":{"temperature_2m":-2,"weather_code":71}})");
  ASSERT_TRUE(weather) << weather.error().message;
  EXPECT_DOUBLE_EQ(weather->temperature_c, -2.0);
  EXPECT_EQ(weather->description, "Snow");
  EXPECT_EQ(weather->observed_at, core::TimePoint{});
}

TEST(ParseOpenMeteoTest, RejectsMalformedJson) {
  auto weather = parse_open_meteo(R"({"current":{"temperature_2m":14.9,)");
  ASSERT_FALSE(weather);
  EXPECT_EQ(weather.error().code, core::Errc::kInvalidArgument);
  EXPECT_NE(weather.error().message.find("not valid JSON"), std::string::npos);
}

TEST(ParseOpenMeteoTest, RejectsNonObjectAnswer) {
  auto weather = parse_open_meteo("[1,2]");
  ASSERT_FALSE(weather);
  EXPECT_EQ(weather.error().code, core::Errc::kInvalidArgument);
}

TEST(ParseOpenMeteoTest, RejectsMissingCurrent) {
  auto weather = parse_open_meteo(R"({"latitude":33.7,"longitude":73.06})");
  ASSERT_FALSE(weather);
  EXPECT_EQ(weather.error().code, core::Errc::kInvalidArgument);
  EXPECT_NE(weather.error().message.find("current"), std::string::npos);
}

TEST(ParseOpenMeteoTest, RejectsMissingTemperature) {
  auto weather = parse_open_meteo(R"({"current":{"time":"2025-11-27T14:00","weather_code":2}})");
  ASSERT_FALSE(weather);
  EXPECT_EQ(weather.error().code, core::Errc::kInvalidArgument);
  EXPECT_NE(weather.error().message.find("temperature_2m"), std::string::npos);
}

TEST(ParseOpenMeteoTest, RejectsNullTemperature) {
  auto weather = parse_open_meteo(R"({"current":{"temperature_2m":null,"weather_code":2}})");
  ASSERT_FALSE(weather);
  EXPECT_NE(weather.error().message.find("temperature_2m"), std::string::npos);
}

TEST(ParseOpenMeteoTest, RejectsMissingOrFractionalWeatherCode) {
  auto missing = parse_open_meteo(R"({"current":{"temperature_2m":14.9}})");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("weather_code"), std::string::npos);
  auto fractional = parse_open_meteo(R"({"current":{"temperature_2m":14.9,"weather_code":2.5}})");
  ASSERT_FALSE(fractional);
  EXPECT_NE(fractional.error().message.find("weather_code"), std::string::npos);
  auto out_of_range = parse_open_meteo(R"({"current":{"temperature_2m":14.9,"weather_code":300}})");
  ASSERT_FALSE(out_of_range);
  EXPECT_EQ(out_of_range.error().code, core::Errc::kInvalidArgument);
}

TEST(ParseOpenMeteoTest, RejectsBadTime) {
  auto weather = parse_open_meteo(
      R"({"current":{"time":"yesterday","temperature_2m":14.9,"weather_code":2}})");
  ASSERT_FALSE(weather);
  EXPECT_EQ(weather.error().code, core::Errc::kInvalidArgument);
  EXPECT_NE(weather.error().message.find("current.time"), std::string::npos);
}

TEST(ParseOpenMeteoTest, ErrorAnswerIsUnavailableWithReason) {
  auto weather = parse_open_meteo(
      R"({"error":true,"reason":"Latitude must be in range of -90 to 90°. Given: 300.0."})");
  ASSERT_FALSE(weather);
  EXPECT_EQ(weather.error().code, core::Errc::kUnavailable);
  EXPECT_NE(weather.error().message.find("Latitude must be in range"), std::string::npos);
}

}  // namespace
}  // namespace dateline::weather
