// dateline: the command line. Subcommands: init, author add, import, serve. Errors go to stderr
// and exit 2 (bad usage or input) or 1 (failure while running).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "app/app.h"
#include "content/permalink.h"
#include "core/log.h"
#include "ingest/markdown_import.h"
#include "newsroom/related_service.h"
#include "store/sqlite/sqlite_store.h"

namespace {

using namespace dateline;

int fail(const core::Error& e, int code = 1) {
  std::fprintf(stderr, "dateline: %s\n", e.message.c_str());
  return code;
}

int exit_code(const core::Error& e) {
  return e.code == core::Errc::kInvalidArgument || e.code == core::Errc::kNotFound ||
                 e.code == core::Errc::kConflict
             ? 2
             : 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{
      "Dateline: a news publishing engine. One binary serves a news site and its back office."};
  cli.require_subcommand(1);
  std::string db_path = "dateline.db";
  cli.add_option("--db", db_path, "SQLite database file")
      ->envname("DATELINE_DB")
      ->capture_default_str();
  std::string log_level = "info";
  cli.add_option("--log-level", log_level, "debug, info, warn, error or off")
      ->envname("DATELINE_LOG_LEVEL")
      ->capture_default_str();

  // init
  auto* init = cli.add_subcommand("init", "Create or update the site's settings");
  content::SiteSettings settings;
  std::string weather_city;
  std::optional<double> latitude, longitude;
  std::string weather_url, url_pattern, base_url, tagline, weather_unit;
  init->add_option("--site-name", settings.site_name, "Site name, e.g. \"The Daily Indus\"")
      ->required();
  init->add_option("--short-name", settings.short_name, "Short name used in datelines, e.g. TDI")
      ->required();
  init->add_option("--timezone", settings.timezone, "IANA time zone, e.g. Asia/Karachi")
      ->required();
  init->add_option("--tagline", tagline, "One line under the site name");
  init->add_option("--weather-city", weather_city, "City shown with the weather");
  init->add_option("--latitude", latitude, "Latitude of the weather city");
  init->add_option("--longitude", longitude, "Longitude of the weather city");
  init->add_option("--weather-unit", weather_unit, "C or F");
  init->add_option("--weather-url", weather_url, "Weather provider base URL (Open-Meteo)");
  init->add_option("--url-pattern", url_pattern,
                   "Article URL pattern, e.g. /{yyyy}/{mm}/{dd}/{slug}/");
  init->add_option("--base-url", base_url, "Public URL of the site, e.g. https://news.example.com");

  // author add
  auto* author = cli.add_subcommand("author", "Manage authors");
  author->require_subcommand(1);
  auto* author_add = author->add_subcommand("add", "Add an author");
  std::string author_name, author_bio;
  author_add->add_option("--name", author_name, "Full name")->required();
  author_add->add_option("--bio", author_bio, "Short biography");

  // import
  auto* import = cli.add_subcommand("import", "Import Markdown files or folders (all or nothing)");
  std::vector<std::string> import_paths;
  import->add_option("paths", import_paths, "Markdown files or folders")->required();

  // serve
  auto* serve = cli.add_subcommand("serve", "Serve the site");
  std::string listen = "127.0.0.1:8080";
  app::Config config;
  std::string theme_dir, serve_weather_url;
  serve->add_option("--listen", listen, "HOST:PORT to listen on (port 0 picks a free one)")
      ->envname("DATELINE_LISTEN")
      ->capture_default_str();
  serve->add_flag("--demo", config.demo, "Fill an empty database with the demo site first");
  serve
      ->add_option("--base-url", config.base_url,
                   "Public URL of the site (default: the stored setting, else the listen address)")
      ->envname("DATELINE_BASE_URL");
  serve->add_option("--threads", config.threads, "Worker threads")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  serve->add_option("--theme", theme_dir, "Theme folder overriding the built-in theme");
  serve
      ->add_option("--weather-url", serve_weather_url,
                   "Weather provider base URL (overrides the setting)")
      ->envname("DATELINE_WEATHER_URL");
  serve->add_flag("!--no-access-log", config.access_log, "Do not log one line per request");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }
  core::log::set_level(log_level);

  auto store = store::sqlite::SqliteStore::open(db_path);
  if (!store) return fail(store.error());

  if (*init) {
    auto existing = (*store)->settings();
    if (!existing) return fail(existing.error());
    auto merged = *existing;
    merged.site_name = settings.site_name;
    merged.short_name = settings.short_name;
    merged.timezone = settings.timezone;
    if (!tagline.empty()) merged.tagline = tagline;
    if (!weather_city.empty()) merged.weather_city = weather_city;
    if (latitude) merged.latitude = latitude;
    if (longitude) merged.longitude = longitude;
    if (!weather_unit.empty()) merged.weather_unit = weather_unit;
    if (!weather_url.empty()) merged.weather_url = weather_url;
    if (!url_pattern.empty()) merged.url_pattern = url_pattern;
    if (!base_url.empty()) merged.base_url = base_url;
    if (auto v = content::validate(merged); !v) return fail(v.error(), 2);
    auto s = (*store)->write([&](store::WriteTxn& txn) { return txn.save_settings(merged); });
    if (!s) return fail(s.error());
    fmt::print("initialized {} ({}) in {}\n", merged.site_name, merged.short_name, db_path);
    return 0;
  }

  if (*author_add) {
    std::optional<content::Author> added;
    auto s = (*store)->write([&](store::WriteTxn& txn) -> core::Status {
      auto a = txn.add_author(author_name, author_bio);
      if (!a) return a.error();
      added = *a;
      return {};
    });
    if (!s) return fail(s.error(), exit_code(s.error()));
    fmt::print("added author {} /author/{}/\n", added->name, added->slug);
    return 0;
  }

  if (*import) {
    auto current = (*store)->settings();
    if (!current) return fail(current.error());
    auto zone = core::TimeZone::find(current->timezone);
    if (!zone) return fail(zone.error(), 2);
    std::vector<std::filesystem::path> paths(import_paths.begin(), import_paths.end());
    core::SystemClock clock;
    auto imported = ingest::import_markdown_files(**store, paths, *zone, clock.now_seconds());
    if (!imported) return fail(imported.error(), exit_code(imported.error()));
    newsroom::RelatedService related;
    if (auto s = related.rebuild(**store); !s) return fail(s.error());
    for (const auto& a : *imported) {
      fmt::print("imported {}\n",
                 content::permalink(current->url_pattern, a.slug, a.published_at, *zone));
    }
    return 0;
  }

  if (*serve) {
    config.db_path = db_path;
    if (auto s = app::parse_listen(listen, config); !s) return fail(s.error(), 2);
    if (!theme_dir.empty()) config.theme_dir = theme_dir;
    if (!serve_weather_url.empty()) config.weather_url = serve_weather_url;
    store->reset();  // the app opens its own
    core::SystemClock clock;
    std::unique_ptr<app::App> application;
    try {
      auto created = app::App::create(config, clock);
      if (!created) return fail(created.error(), exit_code(created.error()));
      application = std::move(*created);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "dateline: %s\n", e.what());
      return 2;
    }
    if (auto s = application->start(); !s) return fail(s.error());
    application->stop_on_signals();
    application->wait();
    application->stop();
    return 0;
  }
  return 0;
}
