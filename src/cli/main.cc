// dateline: the command line. Subcommands: init, author add, user add, import, serve. Errors go to
// stderr and exit 2 (bad usage or input) or 1 (failure while running).
#include <fmt/format.h>
#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string_view>

#include "app/app.h"
#include "auth/auth_service.h"
#include "auth/sqlite_account_store.h"
#include "content/permalink.h"
#include "core/log.h"
#include "core/strings.h"
#include "ingest/markdown_import.h"
#include "ingest/wxr_import.h"
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

// Reads one line from standard input without its line ending.
std::optional<std::string> read_line() {
  std::string line;
  if (!std::getline(std::cin, line)) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// Asks for a password on the terminal with echo off (twice, to catch typos). nullopt when
// standard input is not a terminal or the two entries differ (the reason printed).
std::optional<std::string> prompt_password() {
  if (!isatty(STDIN_FILENO)) {
    std::fprintf(stderr,
                 "dateline: standard input is not a terminal: pass the password on it with "
                 "--password-stdin\n");
    return std::nullopt;
  }
  termios saved{};
  tcgetattr(STDIN_FILENO, &saved);
  termios quiet = saved;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  const auto ask = [](const char* prompt) {
    std::fprintf(stderr, "%s", prompt);
    std::fflush(stderr);
    auto line = read_line();
    std::fprintf(stderr, "\n");
    return line;
  };
  auto first = ask("Password: ");
  auto second = first ? ask("Password again: ") : std::nullopt;
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
  if (!first || !second) return std::nullopt;
  if (*first != *second) {
    std::fprintf(stderr, "dateline: the two passwords differ\n");
    return std::nullopt;
  }
  return first;
}

// Related lists are not ranked here: ranking every imported article is the quadratic part of an
// import. `dateline serve` ranks, in the background, every published article that has no stored
// list (see newsroom::RelatedService::load), so an import only forgets the lists of the articles it
// updated; new ones have none yet.
core::Status forget_related_lists(store::Store& store, const std::vector<content::Id>& updated) {
  if (updated.empty()) return {};
  return store.write([&](store::WriteTxn& txn) -> core::Status {
    for (content::Id id : updated) {
      if (auto s = txn.set_related(id, {}); !s) return s;
    }
    return {};
  });
}

bool is_wordpress_export(const std::string& path) {
  return core::to_lower_ascii(std::filesystem::path(path).extension().string()) == ".xml";
}

// Lines kept in an anonymous temporary file until they may be printed: the WordPress import
// learns what it wrote inside its transaction, and says so only once that has committed, without
// holding a line per post in memory.
class LineSpool {
 public:
  LineSpool() : file_(std::tmpfile()) {}
  bool ok() const { return file_ != nullptr && !failed_; }
  void add(std::string_view line) {
    if (file_ == nullptr) return;
    if (std::fwrite(line.data(), 1, line.size(), file_.get()) != line.size() ||
        std::fputc('\n', file_.get()) == EOF) {
      failed_ = true;
    }
  }
  // Copies every line to `out`; false when the file could not be written or read back.
  bool print_to(std::FILE* out) {
    if (!ok() || std::fflush(file_.get()) != 0) return false;
    std::rewind(file_.get());
    std::array<char, 64 * 1024> buffer{};
    std::size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), file_.get())) > 0) {
      if (std::fwrite(buffer.data(), 1, n, out) != n) return false;
    }
    return std::ferror(file_.get()) == 0;
  }

 private:
  struct Close {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  std::unique_ptr<std::FILE, Close> file_;
  bool failed_ = false;
};

// `dateline import export.xml`: a WordPress export. On a terminal a progress line is redrawn in
// place on stderr. Once the import has committed, stdout gets one line per article written, the
// skipped posts, the other skipped items counted by reason, and a summary; a failed import prints
// only its error.
int import_wordpress(store::Store& store, const std::filesystem::path& path,
                     const content::SiteSettings& settings, const core::TimeZone& zone) {
  core::SystemClock clock;
  ingest::WxrOptions options;
  options.zone = zone;
  options.now = clock.now_seconds();
  const bool terminal = isatty(fileno(stderr)) == 1;
  if (terminal) {
    options.progress_every = 50;
    options.progress = [](const ingest::WxrProgress& p) {
      fmt::print(stderr, "\r\033[Kimporting: {} items read, {} posts", p.items, p.posts);
      std::fflush(stderr);
    };
  }
  LineSpool written, skipped_posts;
  if (!written.ok() || !skipped_posts.ok()) {
    return fail(core::make_error(core::Errc::kInternal, "cannot create a temporary file"));
  }
  std::map<std::string, int> other_items;  // reason -> count, for what is not a post
  options.on_article = [&](store::WriteTxn& txn, const ingest::WxrArticle& a) -> core::Status {
    if (a.outcome == ingest::WxrOutcome::kUnchanged) return {};
    // See forget_related_lists: an updated article's related list is ranked again by the server.
    if (a.outcome == ingest::WxrOutcome::kUpdated) {
      if (auto s = txn.set_related(a.article.id, {}); !s) return s;
    }
    written.add(fmt::format(
        "{} {}", a.outcome == ingest::WxrOutcome::kCreated ? "imported" : "updated",
        content::permalink(settings.url_pattern, a.article.slug, a.article.published_at, zone)));
    return {};
  };
  options.on_skip = [&](const ingest::WxrSkip& skip) {
    if (skip.post_type == "post") {
      skipped_posts.add(
          fmt::format("skipped post {} \"{}\": {}", skip.wordpress_id, skip.title, skip.reason));
    } else {
      ++other_items[skip.reason];
    }
  };
  auto report = ingest::import_wxr_file(store, path, options);
  if (terminal) {
    fmt::print(stderr, "\r\033[K");
    std::fflush(stderr);
  }
  if (!report) return fail(report.error(), exit_code(report.error()));
  std::fflush(stdout);
  if (!written.print_to(stdout) || !skipped_posts.print_to(stdout)) {
    return fail(core::make_error(core::Errc::kInternal,
                                 "the import committed, but its list of articles could not be "
                                 "printed (temporary file)"));
  }
  for (const auto& [reason, n] : other_items) {
    fmt::print("skipped {} {}: {}\n", n, n == 1 ? "item" : "items", reason);
  }
  fmt::print("wordpress import: {} imported, {} updated, {} unchanged, {} skipped\n",
             report->created, report->updated, report->unchanged, report->skipped);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{
      "Dateline: a news publishing engine. One binary serves a news site and its back office."};
  cli.require_subcommand(1);
  // Precedence: config file < DATELINE_* environment < command-line flags.
  cli.set_config("--config", "", "Read options from a TOML or INI file")
      ->envname("DATELINE_CONFIG");
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

  // user add
  auto* user = cli.add_subcommand("user", "Manage back-office accounts");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand(
      "add", "Add a back-office account (asks for the password on the terminal)");
  std::string user_email, user_name, user_role;
  bool password_stdin = false;
  user_add->add_option("--email", user_email, "Email address, used to sign in")->required();
  user_add->add_option("--name", user_name, "Full name")->required();
  user_add->add_option("--role", user_role, "contributor, author, editor or admin")->required();
  user_add->add_flag("--password-stdin", password_stdin,
                     "Read the password from the first line of standard input");

  // import
  auto* import = cli.add_subcommand(
      "import", "Import Markdown files or folders, or a WordPress export (.xml); all or nothing");
  std::vector<std::string> import_paths;
  import->add_option("paths", import_paths, "Markdown files or folders, or one WordPress export")
      ->required();

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
  std::size_t page_cache_mb = app::Config{}.page_cache_bytes >> 20;
  serve
      ->add_option("--page-cache-mb", page_cache_mb,
                   "Memory for rendered pages kept to serve again, in MB (least recently used "
                   "go first; 0 renders every request)")
      ->envname("DATELINE_PAGE_CACHE_MB")
      ->check(CLI::Range(std::size_t{0}, std::size_t{1} << 20))
      ->capture_default_str();
  serve->add_option("--theme", theme_dir, "Theme folder overriding the built-in theme");
  serve
      ->add_option("--media-dir", config.media_dir,
                   "Folder for uploaded images (default: the database path + \".media\")")
      ->envname("DATELINE_MEDIA_DIR");
  serve
      ->add_option("--weather-url", serve_weather_url,
                   "Weather provider base URL (overrides the setting)")
      ->envname("DATELINE_WEATHER_URL");
  serve->add_flag("!--no-access-log", config.access_log, "Do not log one line per request");
  serve
      ->add_option("--trusted-proxy", config.trusted_proxies,
                   "Address of a reverse proxy whose X-Forwarded-* headers are believed "
                   "(repeatable)")
      ->envname("DATELINE_TRUSTED_PROXY");

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

  if (*user_add) {
    auto role = auth::parse_role(user_role);
    if (!role) return fail(role.error(), 2);
    auto password = password_stdin ? read_line() : prompt_password();
    if (!password) {
      if (password_stdin) std::fprintf(stderr, "dateline: no password on standard input\n");
      return 2;
    }
    core::SystemClock clock;
    auth::SqliteAccountStore accounts(**store);
    auth::AuthService service(accounts, clock);
    auto added = service.create_user(auth::AccountInput{user_email, user_name, *password, *role});
    std::fill(password->begin(), password->end(), '\0');
    if (!added) return fail(added.error(), exit_code(added.error()));
    fmt::print("added user {} ({})\n", added->email, auth::role_name(added->role));
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
    if (std::any_of(import_paths.begin(), import_paths.end(), is_wordpress_export)) {
      if (import_paths.size() != 1) {
        return fail(core::make_error(core::Errc::kInvalidArgument,
                                     "a WordPress export (.xml) is imported on its own"),
                    2);
      }
      return import_wordpress(**store, import_paths.front(), *current, *zone);
    }
    std::vector<std::filesystem::path> paths(import_paths.begin(), import_paths.end());
    core::SystemClock clock;
    auto imported = ingest::import_markdown_files(**store, paths, *zone, clock.now_seconds());
    if (!imported) return fail(imported.error(), exit_code(imported.error()));
    std::vector<content::Id> updated;
    for (const auto& a : *imported) {
      if (!a.created) updated.push_back(a.id);
    }
    if (auto s = forget_related_lists(**store, updated); !s) return fail(s.error());
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
    config.page_cache_bytes = page_cache_mb << 20;
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
