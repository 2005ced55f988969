#include "weather/weather.h"

#include <fmt/format.h>

#include <cmath>

namespace dateline::weather {

std::string describe_weather_code(int wmo_code) {
  switch (wmo_code) {
    case 0:
      return "Clear sky";
    case 1:
      return "Mainly clear";
    case 2:
      return "Partly cloudy";
    case 3:
      return "Overcast";
    case 45:
    case 48:
      return "Fog";
    default:
      break;
  }
  if (wmo_code >= 51 && wmo_code <= 57) return "Drizzle";
  if (wmo_code >= 61 && wmo_code <= 67) return "Rain";
  if (wmo_code >= 71 && wmo_code <= 77) return "Snow";
  if (wmo_code >= 80 && wmo_code <= 82) return "Rain showers";
  if (wmo_code >= 85 && wmo_code <= 86) return "Snow showers";
  if (wmo_code >= 95 && wmo_code <= 99) return "Thunderstorm";
  return "Unknown";
}

std::string format_temperature(double celsius, char unit) {
  if (!std::isfinite(celsius)) return {};
  const double value = (unit == 'F' || unit == 'f') ? celsius * 9.0 / 5.0 + 32.0 : celsius;
  std::string text = fmt::format("{:.1f}", value);
  if (text == "-0.0") text = "0.0";
  return text;
}

}  // namespace dateline::weather
