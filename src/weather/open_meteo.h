// Open-Meteo (https://open-meteo.com) as a WeatherProvider: parsing its forecast answer, and a
// synchronous HTTP/HTTPS client for /v1/forecast built on Boost.Beast. OpenMeteoClient holds only
// immutable configuration, so one instance may be used from several threads at once; each fetch
// runs on its own io_context.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"
#include "weather/weather.h"

namespace dateline::weather {

// Reads current.temperature_2m and current.weather_code, and current.time when present (local to
// utc_offset_seconds, which Open-Meteo sets to 0 unless a timezone was requested). Returns
// kUnavailable for an {"error":true,"reason":...} answer and kInvalidArgument, naming the field,
// for malformed JSON or missing or mistyped fields.
core::Result<CurrentWeather> parse_open_meteo(std::string_view json);

// A parsed base URL: "https://api.open-meteo.com", "http://127.0.0.1:8080/proxy".
struct BaseUrl {
  bool tls = false;
  std::string host;  // without brackets for IPv6 literals
  std::uint16_t port = 0;
  std::string path_prefix;  // "" or "/proxy": starts with '/', no trailing '/'
};

// Accepts http:// or https://, a host (IPv6 in brackets), an optional port and an optional path
// prefix. Returns kInvalidArgument naming the problem for anything else (user info, query,
// fragment, other schemes, bad ports).
core::Result<BaseUrl> parse_base_url(std::string_view url);

// "<prefix>/v1/forecast?latitude=33.6844&longitude=73.0479&current=temperature_2m,weather_code";
// coordinates are rounded to 4 decimals without trailing zeros. Returns kInvalidArgument for
// coordinates outside [-90, 90] x [-180, 180] or not finite.
core::Result<std::string> forecast_target(std::string_view path_prefix, double latitude,
                                          double longitude);

struct OpenMeteoOptions {
  std::string base_url = "https://api.open-meteo.com";
  // Bounds the whole fetch: resolve, connect, TLS handshake, write and read.
  std::chrono::milliseconds timeout{5000};
  std::size_t max_body = 64 * 1024;
};

class OpenMeteoClient final : public WeatherProvider {
 public:
  explicit OpenMeteoClient(OpenMeteoOptions options);

  // GETs the forecast's current values over HTTP/1.1; https verifies the peer against the
  // system CA store. Returns kInvalidArgument for a bad base URL or coordinates, kUnavailable for
  // network failures, timeouts, non-200 answers and oversized bodies, else parse_open_meteo's
  // result. Blocks for at most about `timeout` (name resolution that the system cannot cancel
  // may hold the return longer).
  core::Result<CurrentWeather> fetch(double latitude, double longitude) override;

 private:
  OpenMeteoOptions options_;
  core::Result<BaseUrl> base_;
};

}  // namespace dateline::weather
