// The integration tests' harness: a stub Open-Meteo server, a whole Dateline site booted
// in-process on 127.0.0.1 port 0 over a fresh database, and small helpers that pick parts out of
// the pages it serves. Not thread-safe: one harness per test.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "app/app.h"
#include "content/model.h"
#include "store/store.h"
#include "testing/fake_clock.h"
#include "testing/http_client.h"
#include "testing/temp_dir.h"

namespace dateline::integration {

// 2025-11-27T09:00:00Z: a Thursday, 14:00 in Islamabad.
inline constexpr std::chrono::sys_seconds kNow{
    std::chrono::sys_days{std::chrono::year{2025} / 11 / 27} + std::chrono::hours{9}};

inline constexpr std::string_view kForecastBody =
    R"({"latitude":33.7,"longitude":73.06,"current_units":{"temperature_2m":"°C"},)"
    R"("current":{"time":"2025-11-27T14:00","interval":900,"temperature_2m":14.9,"weather_code":2}})";

// A stub Open-Meteo on 127.0.0.1, port 0, on its own thread: answers GET /v1/forecast?... with
// kForecastBody and anything else with 404; one request per connection, each read bounded.
class WeatherStub {
 public:
  WeatherStub();
  ~WeatherStub();
  WeatherStub(const WeatherStub&) = delete;
  WeatherStub& operator=(const WeatherStub&) = delete;

  std::string base_url() const;
  int hits() const { return hits_.load(); }
  std::string last_target() const;

 private:
  void accept();

  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::atomic<int> hits_{0};
  mutable std::mutex mu_;
  std::string last_target_;
  std::thread thread_;
};

// The demo site's source files (demo/site.yaml, demo/articles/*.md).
std::filesystem::path demo_dir();
std::string read_text(const std::filesystem::path& path);
// The demo article file whose name ends in "-<slug>.md".
std::string demo_article(std::string_view slug);
// `markdown` with its front matter's "title:" line replaced.
std::string with_title(std::string_view markdown, std::string_view title);

// ---- a small custom site, written inline -----------------------------------------------------

// "The Valley Ledger" (TVL), Asia/Karachi, weather for Karachi, with two authors and no articles:
// what `dateline init` and `dateline author add` leave behind.
void prepare_ledger(store::Store& store);
inline constexpr std::string_view kLedgerCity = "Karachi";
// Seven articles for it (name, Markdown). The first, "indus-water-talks-resume", has a dateline,
// tags and a Read More link to "tarbela-extension-funding" whose text is NOT that article's
// headline; Sana Mir wrote four of them.
std::vector<std::pair<std::string, std::string>> ledger_articles();

struct SiteOptions;
// Options for a TestSite of the Valley Ledger (no demo content).
SiteOptions ledger_options();

// ---- HTML helpers ----------------------------------------------------------------------------

// The text from the first `start` to the end of the next `end` after it; "" without `start`.
std::string_view between(std::string_view html, std::string_view start, std::string_view end);
std::size_t count(std::string_view haystack, std::string_view needle);

struct Link {
  std::string url;
  std::string text;
};
// The card links (<h3 class="card-title"><a href=...>) in `html`.
std::vector<Link> cards(std::string_view html);
// The items of the Trending Now widget.
std::vector<Link> trending(std::string_view html);
// The Latest News and Related News widgets of an article page.
std::string_view latest_widget(std::string_view html);
std::string_view related_widget(std::string_view html);

// ---- a whole site ----------------------------------------------------------------------------

struct SiteOptions {
  bool demo = true;
  // Runs on a store over the fresh database before the app opens it (settings, authors, ...).
  std::function<void(store::Store&)> prepare;
  // Adjusts the app's configuration before it is created.
  std::function<void(app::Config&)> configure;
  // Defaults to a FakeClock at kNow.
  core::Clock* clock = nullptr;
};

class TestSite {
 public:
  // Boots the app and starts it; throws std::runtime_error naming what failed.
  explicit TestSite(SiteOptions options = {});
  ~TestSite();
  TestSite(const TestSite&) = delete;
  TestSite& operator=(const TestSite&) = delete;

  app::App& app() { return *app_; }
  unsigned short port() const { return port_; }
  testing::FakeClock& fake_clock() { return fake_clock_; }
  WeatherStub& weather() { return weather_; }
  // A second handle on the site's database, as `dateline import` would use.
  store::Store& store() { return *store_; }
  const std::filesystem::path& dir() const { return dir_.path(); }

  // Writes the files (name, Markdown) into a fresh folder, imports them through the second store
  // handle and tells the app (content_changed). Returns the imported ids in file-name order.
  std::vector<content::Id> import(const std::vector<std::pair<std::string, std::string>>& files);
  // Changes site settings through the second handle and tells the app.
  void update_settings(const std::function<void(content::SiteSettings&)>& change);

  // One request on a fresh connection.
  testing::HttpResponse get(std::string_view target, const testing::HttpHeaders& headers = {});
  // GETs `target`, requiring 200, and returns the body.
  std::string page(std::string_view target);
  // GETs `target` (calling app().tick() before each try) until its body contains `needle` or
  // `timeout` passes; returns the last body.
  std::string wait_for(std::string_view target, std::string_view needle,
                       std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Stops the app (also done by the destructor).
  void stop();

 private:
  testing::TempDir dir_;
  testing::FakeClock fake_clock_{kNow};
  core::Clock* clock_ = &fake_clock_;
  WeatherStub weather_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<app::App> app_;
  unsigned short port_ = 0;
  int imports_ = 0;
};

}  // namespace dateline::integration
