#include "weather/open_meteo.h"

#include <fmt/format.h>
#include <openssl/ssl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/json.hpp>
#include <cmath>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

#include "core/time.h"

namespace dateline::weather {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace json = boost::json;
namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;

using core::Errc;
using core::make_error;

constexpr std::size_t kHeaderLimit = 16 * 1024;

// ---- parsing -------------------------------------------------------------------------------

std::optional<std::string> error_reason(const json::object& root) {
  const json::value* flag = root.if_contains("error");
  if (flag == nullptr || !flag->is_bool() || !flag->get_bool()) return std::nullopt;
  const json::value* reason = root.if_contains("reason");
  if (reason != nullptr && reason->is_string()) return std::string(reason->get_string());
  return std::string("no reason given");
}

// ---- URLs ----------------------------------------------------------------------------------

bool is_ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

core::Result<std::uint16_t> parse_port(std::string_view text, std::string_view url) {
  if (text.empty() || text.size() > 5) {
    return make_error(Errc::kInvalidArgument, fmt::format("base URL {:?} has a bad port", url));
  }
  unsigned value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') {
      return make_error(Errc::kInvalidArgument, fmt::format("base URL {:?} has a bad port", url));
    }
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value == 0 || value > 65535) {
    return make_error(Errc::kInvalidArgument,
                      fmt::format("base URL {:?} has a port outside 1-65535", url));
  }
  return static_cast<std::uint16_t>(value);
}

std::string format_coordinate(double value) {
  std::string text = fmt::format("{:.4f}", value);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  if (text == "-0") text = "0";
  return text;
}

bool is_ip_literal(const std::string& host) {
  boost::system::error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

// ---- one HTTP exchange ---------------------------------------------------------------------

// Resolve, connect, (handshake,) write and read on the caller's io_context. Handlers capture
// `this`; the owner keeps the exchange alive until the io_context stops running them.
template <class Stream>
class Exchange {
 public:
  Exchange(asio::io_context& ioc, Stream& stream, const BaseUrl& base,
           http::request<http::empty_body> request, std::size_t max_body,
           std::chrono::steady_clock::time_point deadline)
      : resolver_(ioc),
        stream_(stream),
        base_(base),
        request_(std::move(request)),
        deadline_(deadline) {
    parser_.header_limit(kHeaderLimit);
    parser_.body_limit(max_body);
  }

  void start() {
    resolver_.async_resolve(base_.host, std::to_string(base_.port),
                            [this](beast::error_code ec, tcp::resolver::results_type results) {
                              on_resolve(ec, std::move(results));
                            });
  }

  bool done() const { return done_; }
  // Meaningful once done(): the failed stage and its error, or none.
  const beast::error_code& error() const { return ec_; }
  const char* stage() const { return stage_; }
  const http::response<http::string_body>& response() const { return parser_.get(); }

 private:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  beast::tcp_stream& tcp() { return beast::get_lowest_layer(stream_); }

  void fail(const char* stage, beast::error_code ec) {
    stage_ = stage;
    ec_ = ec;
    done_ = true;
  }

  void on_resolve(beast::error_code ec, tcp::resolver::results_type results) {
    if (ec) return fail("resolve", ec);
    tcp().expires_at(deadline_);
    tcp().async_connect(results,
                        [this](beast::error_code e, const tcp::endpoint&) { on_connect(e); });
  }

  void on_connect(beast::error_code ec) {
    if (ec) return fail("connect", ec);
    if constexpr (kTls) {
      tcp().expires_at(deadline_);
      stream_.async_handshake(ssl::stream_base::client,
                              [this](beast::error_code e) { on_handshake(e); });
    } else {
      write();
    }
  }

  void on_handshake(beast::error_code ec) {
    if (ec) return fail("TLS handshake", ec);
    write();
  }

  void write() {
    tcp().expires_at(deadline_);
    http::async_write(stream_, request_, [this](beast::error_code e, std::size_t) { on_write(e); });
  }

  void on_write(beast::error_code ec) {
    if (ec) return fail("write", ec);
    tcp().expires_at(deadline_);
    http::async_read(stream_, buffer_, parser_,
                     [this](beast::error_code e, std::size_t) { on_read(e); });
  }

  void on_read(beast::error_code ec) {
    if (ec) return fail("read", ec);
    done_ = true;
  }

  tcp::resolver resolver_;
  Stream& stream_;
  const BaseUrl& base_;
  http::request<http::empty_body> request_;
  std::chrono::steady_clock::time_point deadline_;
  beast::flat_buffer buffer_;
  http::response_parser<http::string_body> parser_;
  beast::error_code ec_;
  const char* stage_ = "";
  bool done_ = false;
};

std::string host_header(const BaseUrl& base) {
  const bool ipv6 = base.host.find(':') != std::string::npos;
  std::string host = ipv6 ? "[" + base.host + "]" : base.host;
  const std::uint16_t default_port = base.tls ? 443 : 80;
  if (base.port != default_port) host += fmt::format(":{}", base.port);
  return host;
}

core::Result<CurrentWeather> interpret(const http::response<http::string_body>& response) {
  if (response.result() != http::status::ok) {
    std::string message = fmt::format("open-meteo answered status {} {}", response.result_int(),
                                      std::string(response.reason()));
    boost::system::error_code ec;
    const json::value body = json::parse(response.body(), ec);
    if (!ec && body.is_object()) {
      const json::value* reason = body.get_object().if_contains("reason");
      if (reason != nullptr && reason->is_string()) {
        message += fmt::format(": {}", std::string(reason->get_string()));
      }
    }
    return make_error(Errc::kUnavailable, std::move(message));
  }
  return parse_open_meteo(response.body());
}

template <class Stream>
core::Result<CurrentWeather> run_exchange(asio::io_context& ioc, Stream& stream,
                                          const BaseUrl& base,
                                          http::request<http::empty_body> request,
                                          const OpenMeteoOptions& options) {
  const auto deadline = std::chrono::steady_clock::now() + options.timeout;
  Exchange<Stream> exchange(ioc, stream, base, std::move(request), options.max_body, deadline);
  exchange.start();
  ioc.run_for(options.timeout);
  const std::string where = fmt::format("{}:{}", base.host, base.port);
  if (!exchange.done() || exchange.error() == beast::error::timeout) {
    // Leave the abandoned operations to the io_context's destruction; handlers never run again.
    return make_error(Errc::kUnavailable,
                      fmt::format("open-meteo at {} did not answer within {} ms", where,
                                  options.timeout.count()));
  }
  if (exchange.error() == http::error::body_limit) {
    return make_error(
        Errc::kUnavailable,
        fmt::format("open-meteo at {} sent a body larger than {} bytes", where, options.max_body));
  }
  if (exchange.error()) {
    return make_error(Errc::kUnavailable,
                      fmt::format("open-meteo at {}: {} failed: {}", where, exchange.stage(),
                                  exchange.error().message()));
  }
  return interpret(exchange.response());
}

}  // namespace

core::Result<CurrentWeather> parse_open_meteo(std::string_view text) {
  boost::system::error_code ec;
  const json::value root = json::parse(json::string_view(text.data(), text.size()), ec);
  if (ec) {
    return make_error(Errc::kInvalidArgument,
                      fmt::format("open-meteo answer is not valid JSON: {}", ec.message()));
  }
  if (!root.is_object()) {
    return make_error(Errc::kInvalidArgument, "open-meteo answer is not a JSON object");
  }
  const json::object& object = root.get_object();
  if (auto reason = error_reason(object)) {
    return make_error(Errc::kUnavailable, fmt::format("open-meteo refused: {}", *reason));
  }
  const json::value* current = object.if_contains("current");
  if (current == nullptr || !current->is_object()) {
    return make_error(Errc::kInvalidArgument, "open-meteo answer has no \"current\" object");
  }
  const json::object& fields = current->get_object();

  CurrentWeather weather;
  const json::value* temperature = fields.if_contains("temperature_2m");
  if (temperature == nullptr || !temperature->is_number()) {
    return make_error(Errc::kInvalidArgument,
                      "open-meteo answer has no numeric current.temperature_2m");
  }
  weather.temperature_c = temperature->to_number<double>();

  const json::value* code = fields.if_contains("weather_code");
  if (code == nullptr || !code->is_number()) {
    return make_error(Errc::kInvalidArgument,
                      "open-meteo answer has no numeric current.weather_code");
  }
  const int wmo_code = code->to_number<int>(ec);
  if (ec || wmo_code < 0 || wmo_code > 99) {
    return make_error(Errc::kInvalidArgument,
                      fmt::format("open-meteo current.weather_code {} is not a WMO code 0-99",
                                  json::serialize(*code)));
  }
  weather.weather_code = wmo_code;
  weather.description = describe_weather_code(wmo_code);

  if (const json::value* time = fields.if_contains("time"); time != nullptr) {
    if (!time->is_string()) {
      return make_error(Errc::kInvalidArgument, "open-meteo current.time is not a string");
    }
    const std::string_view time_text(time->get_string().data(), time->get_string().size());
    auto local = core::parse_iso8601(time_text, core::TimeZone::utc());
    if (!local) {
      return make_error(Errc::kInvalidArgument,
                        fmt::format("open-meteo current.time: {}", local.error().message));
    }
    std::int64_t offset = 0;
    if (const json::value* off = object.if_contains("utc_offset_seconds"); off != nullptr) {
      offset = off->to_number<std::int64_t>(ec);
      if (ec) {
        return make_error(Errc::kInvalidArgument,
                          "open-meteo utc_offset_seconds is not a whole number");
      }
    }
    weather.observed_at = *local - std::chrono::seconds(offset);
  }
  return weather;
}

core::Result<BaseUrl> parse_base_url(std::string_view raw) {
  const std::string_view url = trim(raw);
  const auto bad = [&](std::string_view why) {
    return make_error(Errc::kInvalidArgument, fmt::format("base URL {:?} {}", url, why));
  };
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return bad("has no scheme (http:// or https://)");
  BaseUrl base;
  const std::string scheme = ascii_lower(url.substr(0, scheme_end));
  if (scheme == "http") {
    base.port = 80;
  } else if (scheme == "https") {
    base.tls = true;
    base.port = 443;
  } else {
    return bad("must use http or https");
  }
  std::string_view rest = url.substr(scheme_end + 3);
  if (rest.find_first_of("?#") != std::string_view::npos) {
    return bad("must not have a query or fragment");
  }
  const std::size_t path_start = rest.find('/');
  std::string_view authority = rest.substr(0, path_start);
  std::string_view path =
      path_start == std::string_view::npos ? std::string_view{} : rest.substr(path_start);
  if (authority.find('@') != std::string_view::npos) return bad("must not contain user info");

  std::string_view port_text;
  bool has_port = false;
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad("has an unclosed IPv6 bracket");
    base.host = std::string(authority.substr(1, close - 1));
    boost::system::error_code ec;
    asio::ip::make_address_v6(base.host, ec);
    if (ec) return bad("has a bad IPv6 address");
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad("has junk after the IPv6 address");
      has_port = true;
      port_text = after.substr(1);
    }
  } else {
    const std::size_t colon = authority.find(':');
    base.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      has_port = true;
      port_text = authority.substr(colon + 1);
    }
    for (char c : base.host) {
      if (!is_ascii_alnum(c) && c != '-' && c != '.' && c != '_') {
        return bad("has a bad host name");
      }
    }
  }
  if (base.host.empty()) return bad("has no host");
  if (has_port) {
    auto port = parse_port(port_text, url);
    if (!port) return port.error();
    base.port = *port;
  }
  for (char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7f) return bad("has a space or non-ASCII byte in its path");
  }
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  base.path_prefix = std::string(path);
  return base;
}

core::Result<std::string> forecast_target(std::string_view path_prefix, double latitude,
                                          double longitude) {
  if (!std::isfinite(latitude) || latitude < -90.0 || latitude > 90.0) {
    return make_error(Errc::kInvalidArgument,
                      fmt::format("latitude {} is outside -90..90", latitude));
  }
  if (!std::isfinite(longitude) || longitude < -180.0 || longitude > 180.0) {
    return make_error(Errc::kInvalidArgument,
                      fmt::format("longitude {} is outside -180..180", longitude));
  }
  return fmt::format("{}/v1/forecast?latitude={}&longitude={}&current=temperature_2m,weather_code",
                     path_prefix, format_coordinate(latitude), format_coordinate(longitude));
}

OpenMeteoClient::OpenMeteoClient(OpenMeteoOptions options)
    : options_(std::move(options)), base_(parse_base_url(options_.base_url)) {}

core::Result<CurrentWeather> OpenMeteoClient::fetch(double latitude, double longitude) {
  if (!base_) return base_.error();
  const BaseUrl& base = *base_;
  auto target = forecast_target(base.path_prefix, latitude, longitude);
  if (!target) return target.error();

  http::request<http::empty_body> request{http::verb::get, *target, 11};
  request.set(http::field::host, host_header(base));
  request.set(http::field::user_agent, "Dateline");
  request.set(http::field::accept, "application/json");
  request.set(http::field::connection, "close");

  try {
    // Declared first so it is destroyed last: streams and resolver must go before it.
    asio::io_context ioc{1};
    if (!base.tls) {
      beast::tcp_stream stream(ioc);
      return run_exchange(ioc, stream, base, std::move(request), options_);
    }
    ssl::context tls(ssl::context::tls_client);
    tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                    ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    tls.set_default_verify_paths();
    tls.set_verify_mode(ssl::verify_peer);
    beast::ssl_stream<beast::tcp_stream> stream(ioc, tls);
    stream.set_verify_callback(ssl::host_name_verification(base.host));
    if (!is_ip_literal(base.host)) {
      // SNI; SSL_set_tlsext_host_name is a macro with a C cast, so call what it expands to.
      if (SSL_ctrl(stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                   const_cast<char*>(base.host.c_str())) != 1) {
        return make_error(Errc::kInternal, fmt::format("cannot set TLS SNI to {}", base.host));
      }
    }
    return run_exchange(ioc, stream, base, std::move(request), options_);
  } catch (const std::exception& e) {
    return make_error(Errc::kInternal, fmt::format("open-meteo fetch failed: {}", e.what()));
  }
}

}  // namespace dateline::weather
