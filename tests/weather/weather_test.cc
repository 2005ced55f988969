#include "weather/weather.h"

#include <gtest/gtest.h>

#include <limits>

namespace dateline::weather {
namespace {

TEST(DescribeWeatherCodeTest, NamesOpenMeteoCodeGroups) {
  EXPECT_EQ(describe_weather_code(0), "Clear sky");
  EXPECT_EQ(describe_weather_code(1), "Mainly clear");
  EXPECT_EQ(describe_weather_code(2), "Partly cloudy");
  EXPECT_EQ(describe_weather_code(3), "Overcast");
  EXPECT_EQ(describe_weather_code(45), "Fog");
  EXPECT_EQ(describe_weather_code(48), "Fog");
  EXPECT_EQ(describe_weather_code(51), "Drizzle");
  EXPECT_EQ(describe_weather_code(57), "Drizzle");
  EXPECT_EQ(describe_weather_code(61), "Rain");
  EXPECT_EQ(describe_weather_code(67), "Rain");
  EXPECT_EQ(describe_weather_code(71), "Snow");
  EXPECT_EQ(describe_weather_code(77), "Snow");
  EXPECT_EQ(describe_weather_code(80), "Rain showers");
  EXPECT_EQ(describe_weather_code(82), "Rain showers");
  EXPECT_EQ(describe_weather_code(85), "Snow showers");
  EXPECT_EQ(describe_weather_code(86), "Snow showers");
  EXPECT_EQ(describe_weather_code(95), "Thunderstorm");
  EXPECT_EQ(describe_weather_code(99), "Thunderstorm");
}

TEST(DescribeWeatherCodeTest, CodesOutsideTheGroupsAreUnknown) {
  EXPECT_EQ(describe_weather_code(-1), "Unknown");
  EXPECT_EQ(describe_weather_code(4), "Unknown");
  EXPECT_EQ(describe_weather_code(50), "Unknown");
  EXPECT_EQ(describe_weather_code(100), "Unknown");
}

TEST(FormatTemperatureTest, CelsiusHasOneDecimal) {
  EXPECT_EQ(format_temperature(14.9, 'C'), "14.9");
  EXPECT_EQ(format_temperature(14.0, 'C'), "14.0");
  EXPECT_EQ(format_temperature(-3.26, 'C'), "-3.3");
  EXPECT_EQ(format_temperature(14.9, 'c'), "14.9");
}

TEST(FormatTemperatureTest, ConvertsToFahrenheit) {
  EXPECT_EQ(format_temperature(14.9, 'F'), "58.8");
  EXPECT_EQ(format_temperature(0.0, 'F'), "32.0");
  EXPECT_EQ(format_temperature(100.0, 'f'), "212.0");
  EXPECT_EQ(format_temperature(-40.0, 'F'), "-40.0");
}

TEST(FormatTemperatureTest, NeverPrintsNegativeZero) {
  EXPECT_EQ(format_temperature(-0.04, 'C'), "0.0");
  EXPECT_EQ(format_temperature(-0.0, 'C'), "0.0");
}

TEST(FormatTemperatureTest, NonFiniteIsEmpty) {
  EXPECT_EQ(format_temperature(std::numeric_limits<double>::quiet_NaN(), 'C'), "");
  EXPECT_EQ(format_temperature(std::numeric_limits<double>::infinity(), 'F'), "");
}

}  // namespace
}  // namespace dateline::weather
