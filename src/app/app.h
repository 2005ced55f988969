// App: the composition root. Builds the services in dependency order from a Config (store ->
// theme -> newsroom -> weather -> site -> server), wires content events to the related index,
// the trending widget and the page cache, runs the background jobs and shuts down in order.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "content/model.h"
#include "core/clock.h"
#include "core/result.h"
#include "site/page_cache.h"

namespace dateline::app {

struct Config {
  std::string db_path = "dateline.db";
  std::string listen_address = "127.0.0.1";
  unsigned short listen_port = 8080;
  int threads = 2;
  std::optional<std::filesystem::path> theme_dir;
  std::optional<std::string> weather_url;  // overrides the site setting
  bool demo = false;
  // Public URL of the site; when empty and the stored setting is the default, the listen
  // address is used.
  std::string base_url;
  bool access_log = true;
  // Remote addresses of reverse proxies whose X-Forwarded-For/-Proto/-Host the back office
  // believes (client address for sign-in throttling, Secure cookies, same-origin checks).
  std::vector<std::string> trusted_proxies;
  std::size_t body_limit = 1024 * 1024;
  // Where uploaded images' files live (created on start); empty: db_path + ".media".
  std::string media_dir;
  // The largest image file the back office accepts.
  std::size_t max_upload_bytes = 20 * 1024 * 1024;
  std::chrono::seconds read_timeout{30};
  std::chrono::seconds trending_interval{10};
  // How often the scheduler looks for scheduled articles that are due.
  std::chrono::milliseconds schedule_interval{1000};
  std::chrono::seconds weather_refresh{15 * 60};
  std::chrono::hours trending_half_life{24};
  // Memory for rendered pages kept to serve again (least recently used go first).
  std::size_t page_cache_bytes = site::PageCache::kDefaultMaxBytes;
};

// Parses "HOST:PORT" ("127.0.0.1:8080", "[::1]:0"). Returns kInvalidArgument naming the problem.
core::Status parse_listen(std::string_view text, Config& config);

class App {
 public:
  static core::Result<std::unique_ptr<App>> create(const Config& config, core::Clock& clock);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Starts the HTTP server and the background jobs.
  core::Status start();
  unsigned short port() const;
  void stop();
  void wait();
  void stop_on_signals();

  // Content changed (articles published, edited or unpublished): drop the cached pages that show
  // or list them (every page when `published` is empty: a site-wide change such as settings,
  // authors or categories, which also re-reads the weather location) and queue the related
  // lists' update (done in the background; see wait_related()).
  core::Status content_changed(const std::vector<content::Id>& published);
  // Blocks until related lists reflect the stored lists' load at start-up and every change
  // reported so far (tests and tools; a server never waits for it).
  void wait_related();
  // Runs one round of the background job now (trending flush and widget refresh).
  void tick();
  // Publishes the scheduled articles due by the clock's now (what the scheduler thread does every
  // second) and returns their ids.
  std::vector<content::Id> publish_due();

 private:
  struct Impl;
  explicit App(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace dateline::app
