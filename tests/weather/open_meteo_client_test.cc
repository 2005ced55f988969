// OpenMeteoClient against a stub HTTP(S) server on 127.0.0.1, port 0, run on its own thread for
// a bounded time.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdlib.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "testing/temp_dir.h"
#include "weather/open_meteo.h"

namespace dateline::weather {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;
using namespace std::chrono_literals;

constexpr std::string_view kExampleBody =
    R"({"latitude":33.7,"longitude":73.06,"current_units":{"temperature_2m":"°C"},)"
    R"("current":{"time":"2025-11-27T14:00","interval":900,"temperature_2m":14.9,"weather_code":2}})";
constexpr std::string_view kIslamabadTarget =
    "/v1/forecast?latitude=33.6844&longitude=73.0479&current=temperature_2m,weather_code";

// ---- a self-signed certificate for "localhost", made at run time ---------------------------

struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};

struct TestCertificate {
  std::unique_ptr<EVP_PKEY, PkeyFree> key;
  std::unique_ptr<X509, X509Free> cert;

  std::string pem() const {
    std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(bio.get(), cert.get());
    char* data = nullptr;
    const long size = BIO_ctrl(bio.get(), BIO_CTRL_INFO, 0, &data);
    return std::string(data, static_cast<std::size_t>(size));
  }
};

TestCertificate make_localhost_certificate() {
  TestCertificate out;
  out.key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  out.cert.reset(X509_new());
  if (!out.key || !out.cert) throw std::runtime_error("cannot make a test key");
  X509* cert = out.cert.get();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
  X509_set_pubkey(cert, out.key.get());
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509_EXTENSION* san =
      X509V3_EXT_conf_nid(nullptr, nullptr, NID_subject_alt_name, "DNS:localhost");
  X509_add_ext(cert, san, -1);
  X509_EXTENSION_free(san);
  if (X509_sign(cert, out.key.get(), EVP_sha256()) == 0) {
    throw std::runtime_error("cannot sign the test certificate");
  }
  return out;
}

// ---- the stub server -----------------------------------------------------------------------

struct StubResponse {
  http::status status = http::status::ok;
  std::string body;
};
// std::nullopt: read the request and never answer.
using StubHandler =
    std::function<std::optional<StubResponse>(const http::request<http::string_body>&)>;

StubHandler answer(http::status status, std::string_view body) {
  return [status, body = std::string(body)](const auto&) {
    return std::optional<StubResponse>(StubResponse{status, body});
  };
}

class StubHttpServer {
 public:
  // With `certificate`, speaks HTTPS with it.
  explicit StubHttpServer(StubHandler handler, const TestCertificate* certificate = nullptr)
      : handler_(std::move(handler)),
        acceptor_(ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
        port_(acceptor_.local_endpoint().port()) {
    if (certificate != nullptr) {
      tls_.emplace(ssl::context::tls_server);
      SSL_CTX_use_certificate(tls_->native_handle(), certificate->cert.get());
      SSL_CTX_use_PrivateKey(tls_->native_handle(), certificate->key.get());
    }
    accept();
    thread_ = std::thread([this] { ioc_.run_for(20s); });
  }
  ~StubHttpServer() {
    ioc_.stop();
    thread_.join();
  }
  StubHttpServer(const StubHttpServer&) = delete;
  StubHttpServer& operator=(const StubHttpServer&) = delete;

  std::uint16_t port() const { return port_; }
  std::string base_url(std::string_view host = "127.0.0.1") const {
    return std::string(tls_ ? "https://" : "http://") + std::string(host) + ":" +
           std::to_string(port_);
  }
  std::vector<std::string> targets() const {
    std::lock_guard lock(mu_);
    return targets_;
  }
  std::vector<std::string> hosts() const {
    std::lock_guard lock(mu_);
    return hosts_;
  }
  std::string server_name() const {
    std::lock_guard lock(mu_);
    return server_name_;
  }

 private:
  template <class Stream>
  struct Connection {
    template <class... Args>
    explicit Connection(Args&&... args) : stream(std::forward<Args>(args)...) {}
    Stream stream;
    beast::flat_buffer buffer;
    http::request<http::string_body> request;
    http::response<http::string_body> response;
  };
  using PlainConnection = Connection<tcp::socket>;
  using TlsConnection = Connection<ssl::stream<tcp::socket>>;

  void accept() {
    acceptor_.async_accept([this](beast::error_code ec, tcp::socket socket) {
      if (ec) return;
      if (tls_) {
        auto conn = std::make_shared<TlsConnection>(std::move(socket), *tls_);
        conn->stream.async_handshake(ssl::stream_base::server, [this, conn](beast::error_code e) {
          const char* name =
              SSL_get_servername(conn->stream.native_handle(), TLSEXT_NAMETYPE_host_name);
          {
            std::lock_guard lock(mu_);
            server_name_ = name != nullptr ? name : "";
          }
          if (!e) serve(conn);
        });
      } else {
        serve(std::make_shared<PlainConnection>(std::move(socket)));
      }
      accept();
    });
  }

  template <class Conn>
  void serve(std::shared_ptr<Conn> conn) {
    http::async_read(conn->stream, conn->buffer, conn->request,
                     [this, conn](beast::error_code ec, std::size_t) {
                       if (ec) return;
                       {
                         std::lock_guard lock(mu_);
                         targets_.emplace_back(conn->request.target());
                         hosts_.emplace_back(conn->request[http::field::host]);
                       }
                       std::optional<StubResponse> reply = handler_(conn->request);
                       if (!reply) {
                         held_.push_back(conn);  // silent: keep the connection open
                         return;
                       }
                       conn->response.result(reply->status);
                       conn->response.version(11);
                       conn->response.set(http::field::content_type, "application/json");
                       conn->response.keep_alive(false);
                       conn->response.body() = std::move(reply->body);
                       conn->response.prepare_payload();
                       http::async_write(conn->stream, conn->response,
                                         [conn](beast::error_code, std::size_t) {});
                     });
  }

  StubHandler handler_;
  mutable std::mutex mu_;
  std::vector<std::string> targets_;
  std::vector<std::string> hosts_;
  std::string server_name_;
  asio::io_context ioc_;
  std::optional<ssl::context> tls_;
  tcp::acceptor acceptor_;
  std::uint16_t port_;
  std::vector<std::shared_ptr<void>> held_;  // touched only on the server thread
  std::thread thread_;
};

OpenMeteoClient client_for(std::string base_url, std::chrono::milliseconds timeout = 5s) {
  OpenMeteoOptions options;
  options.base_url = std::move(base_url);
  options.timeout = timeout;
  return OpenMeteoClient(options);
}

// Points OpenSSL's default verify paths at one file for the life of the object.
class ScopedCertFile {
 public:
  explicit ScopedCertFile(const std::string& path) {
    if (const char* old = getenv("SSL_CERT_FILE")) old_ = old;
    setenv("SSL_CERT_FILE", path.c_str(), 1);
  }
  ~ScopedCertFile() {
    if (old_) {
      setenv("SSL_CERT_FILE", old_->c_str(), 1);
    } else {
      unsetenv("SSL_CERT_FILE");
    }
  }
  ScopedCertFile(const ScopedCertFile&) = delete;
  ScopedCertFile& operator=(const ScopedCertFile&) = delete;

 private:
  std::optional<std::string> old_;
};

// ---- URLs and targets ----------------------------------------------------------------------

TEST(OpenMeteoUrlTest, ParsesSchemeHostPortAndPrefix) {
  auto plain = parse_base_url("https://api.open-meteo.com");
  ASSERT_TRUE(plain) << plain.error().message;
  EXPECT_TRUE(plain->tls);
  EXPECT_EQ(plain->host, "api.open-meteo.com");
  EXPECT_EQ(plain->port, 443);
  EXPECT_EQ(plain->path_prefix, "");

  auto full = parse_base_url("HTTP://127.0.0.1:8080/proxy/weather/");
  ASSERT_TRUE(full) << full.error().message;
  EXPECT_FALSE(full->tls);
  EXPECT_EQ(full->host, "127.0.0.1");
  EXPECT_EQ(full->port, 8080);
  EXPECT_EQ(full->path_prefix, "/proxy/weather");

  auto ipv6 = parse_base_url("http://[::1]:9000");
  ASSERT_TRUE(ipv6) << ipv6.error().message;
  EXPECT_EQ(ipv6->host, "::1");
  EXPECT_EQ(ipv6->port, 9000);
}

TEST(OpenMeteoUrlTest, RejectsBadBaseUrls) {
  for (const char* url :
       {"", "api.open-meteo.com", "ftp://api.open-meteo.com", "https://", "https://:443",
        "http://host:0", "http://host:65536", "http://host:80x", "http://host:", "http://u@host",
        "http://host/path?x=1", "http://host/#frag", "http://ho st", "http://[::1", "http://[zz]",
        "http://host/a b"}) {
    auto base = parse_base_url(url);
    EXPECT_FALSE(base) << url;
    if (!base) {
      EXPECT_EQ(base.error().code, core::Errc::kInvalidArgument) << url;
    }
  }
}

TEST(OpenMeteoUrlTest, FormatsCoordinatesWithUpToFourDecimals) {
  EXPECT_EQ(forecast_target("", 33.6844, 73.0479).value_or(""), kIslamabadTarget);
  EXPECT_EQ(forecast_target("/p", 33.7, -73.0).value_or(""),
            "/p/v1/forecast?latitude=33.7&longitude=-73&current=temperature_2m,weather_code");
  EXPECT_EQ(forecast_target("", 33.684449, -0.00001).value_or(""),
            "/v1/forecast?latitude=33.6844&longitude=0&current=temperature_2m,weather_code");
}

TEST(OpenMeteoUrlTest, RejectsCoordinatesOutOfRange) {
  EXPECT_FALSE(forecast_target("", 90.5, 0));
  EXPECT_FALSE(forecast_target("", 0, -181));
  EXPECT_FALSE(forecast_target("", std::numeric_limits<double>::quiet_NaN(), 0));
}

// ---- the client over HTTP ------------------------------------------------------------------

TEST(OpenMeteoClientTest, RequestsForecastTargetWithCoordinates) {
  StubHttpServer server(answer(http::status::ok, kExampleBody));
  auto weather = client_for(server.base_url()).fetch(33.6844, 73.0479);
  ASSERT_TRUE(weather) << weather.error().message;
  EXPECT_DOUBLE_EQ(weather->temperature_c, 14.9);
  EXPECT_EQ(weather->description, "Partly cloudy");
  ASSERT_EQ(server.targets().size(), 1u);
  EXPECT_EQ(server.targets()[0], kIslamabadTarget);
  EXPECT_EQ(server.hosts()[0], "127.0.0.1:" + std::to_string(server.port()));
}

TEST(OpenMeteoClientTest, KeepsBaseUrlPathPrefix) {
  StubHttpServer server(answer(http::status::ok, kExampleBody));
  auto weather = client_for(server.base_url() + "/weather/").fetch(33.6844, 73.0479);
  ASSERT_TRUE(weather) << weather.error().message;
  ASSERT_EQ(server.targets().size(), 1u);
  EXPECT_EQ(server.targets()[0], "/weather" + std::string(kIslamabadTarget));
}

TEST(OpenMeteoClientTest, ServerErrorIsUnavailable) {
  StubHttpServer server(answer(http::status::internal_server_error, "oops"));
  auto weather = client_for(server.base_url()).fetch(33.6844, 73.0479);
  ASSERT_FALSE(weather);
  EXPECT_EQ(weather.error().code, core::Errc::kUnavailable);
  EXPECT_NE(weather.error().message.find("500"), std::string::npos) << weather.error().message;
}

TEST(OpenMeteoClientTest, BadRequestNamesOpenMeteosReason) {
  StubHttpServer server(answer(http::status::bad_request,
                               R"({"error":true,"reason":"Cannot initialize WeatherVariable"})"));
  auto weather = client_for(server.base_url()).fetch(33.6844, 73.0479);
  ASSERT_FALSE(weather);
  EXPECT_EQ(weather.error().code, core::Errc::kUnavailable);
  EXPECT_NE(weather.error().message.find("400"), std::string::npos);
  EXPECT_NE(weather.error().message.find("Cannot initialize"), std::string::npos);
}

TEST(OpenMeteoClientTest, MalformedBodyIsInvalidArgument) {
  StubHttpServer server(answer(http::status::ok, "<html>maintenance</html>"));
  auto weather = client_for(server.base_url()).fetch(33.6844, 73.0479);
  ASSERT_FALSE(weather);
  EXPECT_EQ(weather.error().code, core::Errc::kInvalidArgument);
}

TEST(OpenMeteoClientTest, OversizedBodyIsUnavailable) {
  StubHttpServer server(
      answer(http::status::ok, std::string(4096, ' ') + std::string(kExampleBody)));
  OpenMeteoOptions options;
  options.base_url = server.base_url();
  options.max_body = 1024;
  auto weather = OpenMeteoClient(options).fetch(33.6844, 73.0479);
  ASSERT_FALSE(weather);
  EXPECT_EQ(weather.error().code, core::Errc::kUnavailable);
  EXPECT_NE(weather.error().message.find("1024"), std::string::npos) << weather.error().message;
}

TEST(OpenMeteoClientTest, SilentServerTimesOut) {
  StubHttpServer server([](const auto&) { return std::optional<StubResponse>(); });
  auto weather = client_for(server.base_url(), 300ms).fetch(33.6844, 73.0479);
  ASSERT_FALSE(weather);
  EXPECT_EQ(weather.error().code, core::Errc::kUnavailable);
  EXPECT_NE(weather.error().message.find("300 ms"), std::string::npos) << weather.error().message;
}

TEST(OpenMeteoClientTest, RefusedConnectionIsUnavailable) {
  std::uint16_t port = 0;
  {
    asio::io_context ioc;
    tcp::acceptor probe(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    port = probe.local_endpoint().port();
  }
  auto weather = client_for("http://127.0.0.1:" + std::to_string(port)).fetch(33.6844, 73.0479);
  ASSERT_FALSE(weather);
  EXPECT_EQ(weather.error().code, core::Errc::kUnavailable);
  EXPECT_NE(weather.error().message.find("connect"), std::string::npos) << weather.error().message;
}

TEST(OpenMeteoClientTest, BadBaseUrlIsInvalidArgument) {
  auto weather = client_for("ftp://api.open-meteo.com").fetch(33.6844, 73.0479);
  ASSERT_FALSE(weather);
  EXPECT_EQ(weather.error().code, core::Errc::kInvalidArgument);
  EXPECT_NE(weather.error().message.find("ftp://"), std::string::npos) << weather.error().message;
}

TEST(OpenMeteoClientTest, OutOfRangeCoordinatesAreInvalidArgument) {
  auto weather = client_for("http://127.0.0.1:9").fetch(123.0, 73.0479);
  ASSERT_FALSE(weather);
  EXPECT_EQ(weather.error().code, core::Errc::kInvalidArgument);
}

// ---- the client over HTTPS -----------------------------------------------------------------

TEST(OpenMeteoClientTest, HttpsFetchesFromTrustedServerWithSni) {
  const TestCertificate certificate = make_localhost_certificate();
  testing::TempDir dir;
  const ScopedCertFile trust(dir.write("ca.pem", certificate.pem()).string());
  StubHttpServer server(answer(http::status::ok, kExampleBody), &certificate);

  auto weather = client_for(server.base_url("localhost")).fetch(33.6844, 73.0479);
  ASSERT_TRUE(weather) << weather.error().message;
  EXPECT_EQ(weather->weather_code, 2);
  ASSERT_EQ(server.targets().size(), 1u);
  EXPECT_EQ(server.targets()[0], kIslamabadTarget);
  EXPECT_EQ(server.server_name(), "localhost");
}

TEST(OpenMeteoClientTest, HttpsRejectsUntrustedCertificate) {
  const TestCertificate certificate = make_localhost_certificate();
  StubHttpServer server(answer(http::status::ok, kExampleBody), &certificate);

  auto weather = client_for(server.base_url("localhost")).fetch(33.6844, 73.0479);
  ASSERT_FALSE(weather);
  EXPECT_EQ(weather.error().code, core::Errc::kUnavailable);
  EXPECT_NE(weather.error().message.find("TLS handshake"), std::string::npos)
      << weather.error().message;
  EXPECT_TRUE(server.targets().empty());
}

TEST(OpenMeteoClientTest, HttpsRejectsCertificateForAnotherHost) {
  const TestCertificate certificate = make_localhost_certificate();
  testing::TempDir dir;
  const ScopedCertFile trust(dir.write("ca.pem", certificate.pem()).string());
  StubHttpServer server(answer(http::status::ok, kExampleBody), &certificate);

  auto weather = client_for(server.base_url("127.0.0.1")).fetch(33.6844, 73.0479);
  ASSERT_FALSE(weather);
  EXPECT_EQ(weather.error().code, core::Errc::kUnavailable);
  EXPECT_TRUE(server.targets().empty());
}

}  // namespace
}  // namespace dateline::weather
