#include "app/app.h"

#include <fmt/format.h>
#include <malloc.h>

#include <atomic>
#include <charconv>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "admin/admin.h"
#include "api/api.h"
#include "app/demo.h"
#include "auth/auth_service.h"
#include "auth/sqlite_account_store.h"
#include "core/log.h"
#include "http/server.h"
#include "media/media_store.h"
#include "newsroom/related_service.h"
#include "newsroom/related_updater.h"
#include "newsroom/trending.h"
#include "render/default_theme.h"
#include "render/theme.h"
#include "site/site.h"
#include "store/sqlite/sqlite_editorial.h"
#include "store/sqlite/sqlite_store.h"
#include "weather/open_meteo.h"
#include "weather/weather_service.h"

namespace dateline::app {

using core::Errc;
using core::make_error;

core::Status parse_listen(std::string_view text, Config& config) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) {
    return make_error(Errc::kInvalidArgument,
                      fmt::format("listen address '{}' must be HOST:PORT", text));
  }
  auto host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  const auto port_text = text.substr(colon + 1);
  unsigned port = 0;
  auto [p, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (host.empty() || ec != std::errc() || p != port_text.data() + port_text.size() ||
      port > 65535) {
    return make_error(
        Errc::kInvalidArgument,
        fmt::format("listen address '{}' must be HOST:PORT with a port 0-65535", text));
  }
  config.listen_address = std::string(host);
  config.listen_port = static_cast<unsigned short>(port);
  return {};
}

struct App::Impl {
  Config config;
  core::Clock& clock;
  std::unique_ptr<store::sqlite::SqliteStore> store;
  std::unique_ptr<store::sqlite::SqliteEditorial> editorial;
  std::unique_ptr<media::MediaFiles> media_files;
  std::optional<render::Theme> theme;
  newsroom::TrendingTracker trending;
  newsroom::RelatedService related;
  std::unique_ptr<weather::OpenMeteoClient> weather_client;
  std::unique_ptr<weather::WeatherService> weather;
  std::unique_ptr<site::Site> site;
  std::unique_ptr<api::Api> api;
  std::unique_ptr<auth::SqliteAccountStore> accounts;
  std::unique_ptr<auth::AuthService> auth;
  std::unique_ptr<auth::ApiTokens> api_tokens;
  std::unique_ptr<admin::Admin> admin;
  std::unique_ptr<http::Server> server;
  // Declared after everything its callback touches, so it stops first.
  std::unique_ptr<newsroom::RelatedUpdater> related_updater;
  std::jthread ticker;
  std::jthread scheduler;
  std::mutex schedule_mu;
  std::condition_variable_any schedule_cv;
  bool schedule_poke = false;
  // Tells the App that content changed (set once the App exists).
  std::function<void(const std::vector<content::Id>&)> notify;
  std::mutex tick_mu;
  std::condition_variable_any tick_cv;
  core::TimePoint last_persist{};
  std::atomic<std::int64_t> seen_content_version{-1};
  std::string last_day;

  Impl(const Config& c, core::Clock& cl)
      : config(c),
        clock(cl),
        trending(newsroom::TrendingConfig{
            std::chrono::duration_cast<std::chrono::seconds>(c.trending_half_life),
            std::chrono::minutes{30}, 65536}) {}

  void update_weather_view() {
    auto reading = weather->current();
    if (!reading) {
      site->set_weather(std::nullopt);
      return;
    }
    auto settings = store->settings();
    const char unit = settings && settings->weather_unit == "F" ? 'F' : 'C';
    site->set_weather(
        site::WeatherView{weather::format_temperature(reading->weather.temperature_c, unit),
                          std::string(1, unit), reading->city, reading->weather.description});
  }

  // Points the weather at the stored location, or at none (after settings change; idempotent).
  void apply_weather_settings() {
    auto s = store->settings();
    if (!s) return;
    if (!s->weather_city.empty() && s->latitude && s->longitude) {
      weather->set_location(s->weather_city, *s->latitude, *s->longitude);
    } else {
      weather->clear_location();
    }
    update_weather_view();  // the unit may have changed
  }

  void persist_scores() {
    auto scores = trending.export_scores();
    auto s = store->write([&](store::WriteTxn& txn) { return txn.save_scores(scores); });
    if (!s) core::log::warn("saving trending scores failed error=\"{}\"", s.error().message);
  }

  // Drops cached pages when another process (a command-line import) changed the content.
  void check_content_version() {
    auto version = store->content_version();
    if (!version) return;
    const auto seen = seen_content_version.exchange(*version);
    if (seen == *version || seen < 0) return;
    core::log::info("content changed elsewhere version={} reloading", *version);
    if (auto s = site->invalidate(); !s) {
      core::log::warn("reload failed error=\"{}\"", s.error().message);
    }
    apply_weather_settings();
  }

  // Publishes the scheduled articles that are due. Returns their ids.
  std::vector<content::Id> publish_due() {
    auto next = editorial->next_scheduled();
    if (!next) {
      core::log::warn("scheduler: reading the schedule failed error=\"{}\"", next.error().message);
      return {};
    }
    if (!*next || **next > clock.now_seconds()) return {};
    auto ids = editorial->publish_due(clock.now_seconds());
    if (!ids) {
      core::log::error("scheduler: publishing failed error=\"{}\"", ids.error().message);
      return {};
    }
    for (auto id : *ids) core::log::info("scheduler: published id={}", id);
    if (!ids->empty() && notify) notify(*ids);
    return std::move(*ids);
  }

  void poke_scheduler() {
    {
      std::lock_guard lock(schedule_mu);
      schedule_poke = true;
    }
    schedule_cv.notify_all();
  }

  void tick() {
    std::lock_guard lock(tick_mu);
    check_content_version();
    const auto now = clock.now_seconds();
    trending.flush(now);
    site->set_trending(trending.top(50));
    if (now - last_persist >= std::chrono::minutes{1}) {
      persist_scores();
      last_persist = now;
      // Rendering, ranking and compressing free most of what they allocate, but glibc keeps
      // freed pages in its arenas until asked: give them back to the system once a minute.
      malloc_trim(0);
    }
    site->refresh_topbar();
  }
};

App::App(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

App::~App() { stop(); }

core::Result<std::unique_ptr<App>> App::create(const Config& config, core::Clock& clock) {
  auto impl = std::make_unique<Impl>(config, clock);
  auto store = store::sqlite::SqliteStore::open(config.db_path);
  if (!store) return store.error();
  impl->store = std::move(*store);
  impl->editorial = std::make_unique<store::sqlite::SqliteEditorial>(*impl->store, clock);
  const std::filesystem::path media_dir =
      config.media_dir.empty() ? config.db_path + ".media" : config.media_dir;
  if (std::error_code ec; !std::filesystem::create_directories(media_dir, ec) && ec) {
    return make_error(Errc::kUnavailable, fmt::format("cannot create the media folder {}: {}",
                                                      media_dir.string(), ec.message()));
  }
  impl->media_files = std::make_unique<media::MediaFiles>(media_dir);
  auto theme = render::Theme::load(render::default_theme::embedded_files(), config.theme_dir);
  if (!theme) return theme.error();
  impl->theme = std::move(*theme);

  const auto now = clock.now_seconds();
  if (config.demo) {
    auto count = impl->store->count_published();
    if (!count) return count.error();
    if (*count == 0) {
      auto demo = load_demo(*impl->store, demo_files(), now);
      if (!demo) return demo.error();
      // Spread the seeded views over the last day so the ranking looks lived-in.
      for (const auto& v : demo->views) {
        for (int i = 0; i < 4; ++i) {
          impl->trending.add_views(v.article, v.count / 4 + (i == 0 ? v.count % 4 : 0),
                                   now - std::chrono::hours{6 * i});
        }
      }
      impl->trending.flush(now);
      impl->persist_scores();
      core::log::info("demo site created articles={}", demo->articles.size());
    }
  }
  auto scores = impl->store->load_scores();
  if (!scores) return scores.error();
  impl->trending.import_scores(*scores, now);
  impl->trending.flush(now);

  auto settings = impl->store->settings();
  if (!settings) return settings.error();
  weather::OpenMeteoOptions weather_options;
  weather_options.base_url = config.weather_url.value_or(settings->weather_url);
  impl->weather_client = std::make_unique<weather::OpenMeteoClient>(weather_options);
  weather::WeatherServiceOptions service_options;
  service_options.refresh = config.weather_refresh;
  impl->weather =
      std::make_unique<weather::WeatherService>(*impl->weather_client, clock, service_options);
  if (!settings->weather_city.empty() && settings->latitude && settings->longitude) {
    impl->weather->set_location(settings->weather_city, *settings->latitude, *settings->longitude);
  }

  if (auto version = impl->store->content_version()) impl->seen_content_version = *version;
  site::SiteOptions site_options;
  site_options.page_cache_bytes = config.page_cache_bytes;
  impl->site = std::make_unique<site::Site>(*impl->store, *impl->theme, clock, site_options);
  if (auto s = impl->site->invalidate(); !s) return s.error();
  auto* raw = impl.get();
  impl->site->set_view_recorder([raw](content::Id article, const http::Request& request) {
    raw->trending.record_view(article, request.remote_address, request.header("user-agent"),
                              raw->clock.now_seconds());
  });
  impl->site->set_media(
      site::MediaSource{[raw](content::Id id) { return raw->editorial->media(id); },
                        [raw](std::string_view name) { return raw->media_files->read(name); }});
  impl->weather->on_change([raw] { raw->update_weather_view(); });
  impl->site->set_trending(impl->trending.top(50));
  // The back office. Password hashes run on io threads: leave one free for readers.
  impl->accounts = std::make_unique<auth::SqliteAccountStore>(*impl->store);
  auth::AuthOptions auth_options;
  auth_options.max_concurrent_hashes = std::max(1, config.threads - 1);
  impl->auth = std::make_unique<auth::AuthService>(*impl->accounts, clock, auth_options);
  // The API's writes tell readers' pages and the scheduler as the back office's do (below).
  const auto content_changed = [raw](const std::vector<content::Id>& ids) {
    if (raw->notify) raw->notify(ids);
    raw->poke_scheduler();
  };
  api::ApiOptions api_options;
  api_options.article_path = [raw](const content::Article& a) {
    return raw->site->article_path(a);
  };
  impl->api_tokens = std::make_unique<auth::ApiTokens>(*impl->editorial, *impl->auth, clock);
  impl->api = std::make_unique<api::Api>(
      *impl->store, std::move(api_options),
      api::ApiWrites{*impl->editorial, *impl->api_tokens, clock, content_changed});
  admin::AdminOptions admin_options;
  admin_options.trusted_proxies = config.trusted_proxies;
  admin_options.always_secure =
      (config.base_url.empty() ? settings->base_url : config.base_url).starts_with("https://");
  admin::AdminDeps admin_deps{*impl->store,
                              *impl->auth,
                              *impl->theme,
                              clock,
                              impl->editorial.get(),
                              [raw](const std::vector<content::Id>& ids) {
                                if (raw->notify) raw->notify(ids);
                                raw->poke_scheduler();
                              }};
  admin_deps.media_files = impl->media_files.get();
  admin_deps.media.limits.max_bytes = config.max_upload_bytes;
  admin_deps.media.max_concurrent_uploads = std::max(1, config.threads - 1);
  impl->admin = std::make_unique<admin::Admin>(std::move(admin_deps), admin_options);
  if (auto users = impl->auth->count_users(); users && *users == 0) {
    core::log::info(
        "no back-office users yet: open /admin to create the first admin, or run "
        "'dateline user add'");
  }

  http::ServerOptions server_options;
  server_options.address = config.listen_address;
  server_options.port = config.listen_port;
  server_options.threads = config.threads;
  server_options.body_limit = config.body_limit;
  // Room for an upload up to twice too large, so that it is refused with a message by the page
  // rather than by a bare 413.
  server_options.body_limits = {{"/admin/media", 2 * config.max_upload_bytes + 64 * 1024}};
  server_options.read_timeout = config.read_timeout;
  server_options.refusal = [](unsigned status, std::string_view target, std::string_view reason) {
    if (api::Api::owns(target.substr(0, target.find('?')))) {
      return api::Api::refusal(status, target, reason);
    }
    return http::Response::text(status,
                                fmt::format("{}: {}\n", http::reason_phrase(status), reason));
  };
  server_options.access_log = config.access_log;
  impl->server =
      std::make_unique<http::Server>(server_options, [raw](const http::Request& request) {
        if (admin::Admin::handles(request.path)) return raw->admin->handle(request);
        if (api::Api::owns(request.path)) return raw->api->handle(request);
        return raw->site->handle(request);
      });
  // Pages read the stored related lists; the index that keeps them current is built in the
  // background, so start-up does not wait for it (nor re-rank the archive).
  impl->related_updater = std::make_unique<newsroom::RelatedUpdater>(
      impl->related, *impl->store, [raw](const std::vector<content::Id>& changed_lists) {
        if (auto version = raw->store->content_version()) raw->seen_content_version = *version;
        raw->site->related_changed(changed_lists);
      });
  impl->related_updater->start();
  auto app = std::unique_ptr<App>(new App(std::move(impl)));
  App* self = app.get();
  raw->notify = [self](const std::vector<content::Id>& ids) {
    if (auto s = self->content_changed(ids); !s) {
      core::log::error("content change handling failed error=\"{}\"", s.error().message);
    }
  };
  return app;
}

core::Status App::start() {
  auto& im = *impl_;
  auto settings = im.store->settings();
  if (!settings) return settings.error();
  // A site without an address of its own is addressed where it listens, known once the port is
  // bound; pages are rendered with it before the first connection is accepted.
  const auto set_address = [&](unsigned short port) -> core::Status {
    std::string base = im.config.base_url;
    if (base.empty() && settings->base_url == content::SiteSettings{}.base_url) {
      const bool v6 = im.config.listen_address.find(':') != std::string::npos;
      base = v6 ? fmt::format("http://[{}]:{}", im.config.listen_address, port)
                : fmt::format("http://{}:{}", im.config.listen_address, port);
    }
    if (base.empty()) return {};
    im.site->set_base_url_override(base);
    im.api->set_base_url_override(base);
    return im.site->invalidate();
  };
  if (auto s = im.server->start(set_address); !s) return s;
  im.weather->start();
  // Scheduled articles go live on time without any request arriving: look every second (and at
  // once when an editor schedules something).
  im.scheduler = std::jthread([&im](std::stop_token stop) {
    while (!stop.stop_requested()) {
      im.publish_due();
      std::unique_lock lock(im.schedule_mu);
      im.schedule_cv.wait_for(lock, stop, im.config.schedule_interval,
                              [&im] { return im.schedule_poke; });
      im.schedule_poke = false;
    }
  });
  im.ticker = std::jthread([&im](std::stop_token stop) {
    while (!stop.stop_requested()) {
      {
        std::unique_lock lock(im.tick_mu);
        im.tick_cv.wait_for(lock, stop, im.config.trending_interval, [] { return false; });
      }
      if (stop.stop_requested()) break;
      im.tick();
    }
  });
  return {};
}

unsigned short App::port() const { return impl_->server->port(); }

void App::stop() {
  auto& im = *impl_;
  if (im.scheduler.joinable()) {
    im.scheduler.request_stop();
    im.scheduler.join();
  }
  if (im.related_updater) im.related_updater->stop();
  if (im.ticker.joinable()) {
    im.ticker.request_stop();
    im.ticker.join();
  }
  if (im.weather) im.weather->stop();
  if (im.server) im.server->stop();
  if (im.store) {
    im.trending.flush(im.clock.now_seconds());
    im.persist_scores();
  }
}

void App::wait() { impl_->server->wait(); }

void App::stop_on_signals() { impl_->server->stop_on_signals(); }

void App::tick() { impl_->tick(); }

std::vector<content::Id> App::publish_due() { return impl_->publish_due(); }

core::Status App::content_changed(const std::vector<content::Id>& published) {
  auto& im = *impl_;
  // Related lists follow on the updater's thread (only the changed articles are read); the pages
  // showing the lists it rewrites are dropped when it is done.
  im.related_updater->changed(published);
  if (auto version = im.store->content_version()) im.seen_content_version = *version;
  // Only the pages that show or list the changed articles are rendered again; without ids the
  // change is unknown and every page goes.
  if (auto s = published.empty() ? im.site->invalidate() : im.site->articles_changed(published);
      !s) {
    return s;
  }
  im.site->set_trending(im.trending.top(50));
  if (published.empty()) im.apply_weather_settings();  // a site-wide change: maybe settings
  return {};
}

void App::wait_related() { impl_->related_updater->wait_idle(); }

}  // namespace dateline::app
