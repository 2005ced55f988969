// publish_bench: publish -> visible, measured in-process. The CLI's `import` cannot be used while
// a server runs (the server does not watch the database from another process), so this program
// boots the app on the generated database (port 0, loopback), writes each new article through the
// store, calls App::content_changed({id}) as a publish handler would, and polls the article page,
// the home page, its category and tag pages and a search for its unique word until all of them
// show it. Also times the start-up steps (related-index rebuild, App::create, start).
//
//   publish_bench --db FILE --publish-dir DIR [--count K] [--measure-rebuild 1]
//
// Modifies the database (adds the articles): run it on a copy.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>
#include <vector>

#include "app/app.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/time.h"
#include "http_lite.h"
#include "ingest/front_matter.h"
#include "ingest/markdown_import.h"
#include "newsroom/related_service.h"
#include "store/sqlite/sqlite_store.h"

namespace {

using namespace dateline;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point a) {
  return std::chrono::duration<double, std::milli>(Clock::now() - a).count();
}

std::string slug_of(std::string_view name) {
  std::string out;
  bool hyphen = false;
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (hyphen && !out.empty()) out += '-';
      hyphen = false;
      out += c;
    } else {
      hyphen = true;
    }
  }
  return out;
}

int fail(std::string_view what) {
  std::cerr << "publish_bench: " << what << '\n';
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db_path, publish_dir;
  int count = 5;
  bool measure_rebuild = false;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--db") {
      db_path = value;
    } else if (flag == "--publish-dir") {
      publish_dir = value;
    } else if (flag == "--count") {
      count = std::stoi(value);
    } else if (flag == "--measure-rebuild") {
      measure_rebuild = value == "1";
    } else {
      return fail("unknown flag " + flag);
    }
  }
  if (db_path.empty() || publish_dir.empty()) {
    return fail("usage: publish_bench --db FILE --publish-dir DIR [--count K]");
  }
  core::log::set_level("warn");

  auto t = Clock::now();
  auto opened = store::sqlite::SqliteStore::open(db_path);
  if (!opened) return fail(opened.error().message);
  auto& store = **opened;
  auto settings = store.settings();
  if (!settings) return fail(settings.error().message);
  auto zone = core::TimeZone::find(settings->timezone);
  if (!zone) return fail(zone.error().message);
  auto published = store.count_published();
  if (!published) return fail(published.error().message);

  t = Clock::now();
  auto texts = store.published_texts();
  if (!texts) return fail(texts.error().message);
  const double texts_ms = ms_since(t);
  texts->clear();
  texts->shrink_to_fit();
  // The full rebuild App::create used to run, timed alone (optional: it is quadratic).
  double rebuild_ms = -1;
  if (measure_rebuild) {
    t = Clock::now();
    newsroom::RelatedService related;
    if (auto s = related.rebuild(store); !s) return fail(s.error().message);
    rebuild_ms = ms_since(t);
  }

  core::SystemClock clock;
  app::Config config;
  config.db_path = db_path;
  config.listen_port = 0;
  config.access_log = false;
  t = Clock::now();
  auto created = app::App::create(config, clock);
  if (!created) return fail(created.error().message);
  const double create_ms = ms_since(t);
  auto& application = **created;
  t = Clock::now();
  if (auto s = application.start(); !s) return fail(s.error().message);
  const double start_ms = ms_since(t);
  // The related index is built in the background after start-up; publishes are timed once it is
  // there (before, their related lists just wait in the queue).
  t = Clock::now();
  application.wait_related();
  const double related_load_ms = ms_since(t);
  fmt::print(
      "startup articles={} published_texts_ms={:.1f} related_rebuild_ms={:.1f} "
      "app_create_ms={:.1f} app_start_ms={:.1f} related_background_load_ms={:.1f}\n",
      *published, texts_ms, rebuild_ms, create_ms, start_ms, related_load_ms);

  bench::HttpConnection http("127.0.0.1", application.port());
  std::vector<double> write_ms, event_ms, visible_ms;
  for (int k = 0; k < count; ++k) {
    const auto file = std::filesystem::path(publish_dir) / fmt::format("{}.md", k);
    std::ifstream in(file, std::ios::binary);
    if (!in) return fail("cannot read " + file.string());
    std::ostringstream text;
    text << in.rdbuf();
    auto parsed = ingest::parse_front_matter_article(file.string(), text.str(), *zone);
    if (!parsed) return fail(parsed.error().message);
    const std::string marker = fmt::format("zephyrbench{}", k);
    const std::vector<std::string> pages = {
        fmt::format("/{}/", parsed->slug), "/",
        fmt::format("/category/{}/", slug_of(parsed->category)),
        fmt::format("/tag/{}/", parsed->tags.empty() ? "none" : parsed->tags.front()),
        fmt::format("/search?q={}", marker)};
    // Warm the pages that will change, as a live site has them cached.
    for (const auto& p : pages) http.get(p);

    const auto t0 = Clock::now();
    auto imported = ingest::import_parsed(store, {*parsed}, clock.now_seconds());
    if (!imported || imported->empty()) {
      return fail(imported ? "nothing imported" : imported.error().message);
    }
    write_ms.push_back(ms_since(t0));
    const auto t1 = Clock::now();
    if (auto s = application.content_changed({imported->front().id}); !s) {
      return fail(s.error().message);
    }
    event_ms.push_back(ms_since(t1));
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    std::string page_times;  // how long each page took to show it, after the previous one did
    for (const auto& p : pages) {
      const auto page_start = Clock::now();
      while (true) {
        auto r = http.get(p);
        if (r.status == 200 && r.body.find(marker) != std::string::npos) break;
        if (Clock::now() > deadline) return fail("not visible within 30 s: " + p);
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      page_times += fmt::format(" {}={:.1f}", p, ms_since(page_start));
    }
    visible_ms.push_back(ms_since(t0));
    fmt::print(
        "publish k={} write_ms={:.1f} content_changed_ms={:.1f} visible_everywhere_ms={:.1f} "
        "pages_ms:{}\n",
        k, write_ms.back(), event_ms.back(), visible_ms.back(), page_times);
  }
  const auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
  };
  const auto max = [](const std::vector<double>& v) {
    return v.empty() ? 0.0 : *std::max_element(v.begin(), v.end());
  };
  fmt::print(
      "publish_summary articles={} count={} write_ms_median={:.1f} "
      "content_changed_ms_median={:.1f} "
      "visible_ms_median={:.1f} visible_ms_max={:.1f}\n",
      *published, count, median(write_ms), median(event_ms), median(visible_ms), max(visible_ms));
  application.stop();
  return 0;
}
