// Current-weather values for the site's top bar ("14.9 C Islamabad"), the WMO code names, and the
// WeatherProvider interface that weather sources implement. Values and free functions are
// thread-safe; a provider states its own thread-safety.
#pragma once

#include <string>

#include "core/clock.h"
#include "core/result.h"

namespace dateline::weather {

struct CurrentWeather {
  double temperature_c = 0.0;
  int weather_code = 0;     // WMO code, as Open-Meteo reports it
  std::string description;  // describe_weather_code(weather_code)
  // When the provider observed the values; the epoch if it did not say (WeatherService then uses
  // the time it received the answer).
  core::TimePoint observed_at{};

  friend bool operator==(const CurrentWeather&, const CurrentWeather&) = default;
};

// English name of a WMO weather code in the groups Open-Meteo documents ("Partly cloudy",
// "Rain showers"); "Unknown" for codes outside them.
std::string describe_weather_code(int wmo_code);

// `celsius` with one decimal ("14.9"), converted to Fahrenheit when `unit` is 'F' or 'f'
// ("58.8"); any other unit means Celsius. Never prints "-0.0". Empty for NaN or infinity.
std::string format_temperature(double celsius, char unit);

// A source of current weather. fetch() may block on the network, so callers run it off the
// request path (WeatherService does).
class WeatherProvider {
 public:
  virtual ~WeatherProvider() = default;
  // Returns kInvalidArgument for bad coordinates or an unusable answer, kUnavailable when the
  // provider cannot be reached or declines.
  virtual core::Result<CurrentWeather> fetch(double latitude, double longitude) = 0;
};

}  // namespace dateline::weather
