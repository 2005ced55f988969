#include "api/api_site.h"

#include <fmt/format.h>

#include <stdexcept>
#include <utility>
#include <vector>

#include "auth/api_tokens.h"
#include "auth/auth_service.h"
#include "auth/sqlite_account_store.h"
#include "store/sqlite/db.h"
#include "store/sqlite/sqlite_editorial.h"
#include "store/sqlite/sqlite_store.h"

namespace dateline::api_test {
namespace {

using content::Article;
using content::ArticleStatus;

std::chrono::sys_seconds at(int day, int hour) {
  return std::chrono::sys_days{std::chrono::year{2025} / 11 / day} + std::chrono::hours{hour};
}

void check(const core::Status& s, std::string_view what) {
  if (!s) throw std::runtime_error(fmt::format("{}: {}", what, s.error().message));
}

}  // namespace

void news_fixture(store::Store& store) {
  content::SiteSettings settings;
  settings.site_name = "The Test Times";
  settings.short_name = "TTT";
  settings.timezone = "Asia/Karachi";
  settings.url_pattern = "/{yyyy}/{mm}/{dd}/{slug}/";
  settings.base_url = "https://news.example";
  check(store.write([&](store::WriteTxn& txn) -> core::Status {
    if (auto v = content::validate(settings); !v) return v;
    if (auto v = txn.save_settings(settings); !v) return v;
    auto sana = txn.add_author("Sana Mir", "Sana Mir reports on politics and water.");
    if (!sana) return sana.error();
    auto omar = txn.add_author("Omar Shah", "Omar Shah covers markets.");
    if (!omar) return omar.error();
    auto politics = txn.ensure_category("Politics", 1);
    if (!politics) return politics.error();
    auto business = txn.ensure_category("Business", 2);
    if (!business) return business.error();
    auto climate = txn.ensure_category("Climate", 3);
    if (!climate) return climate.error();

    struct Spec {
      std::string slug, title, dateline;
      content::Id author;
      std::optional<content::Id> category;
      std::vector<std::string> tags;
      ArticleStatus status;
      std::optional<std::chrono::sys_seconds> published, updated;
      std::string body;
    };
    const std::vector<Spec> specs = {
        {"budget-passed",
         "Parliament passes the budget",
         "Islamabad",
         sana->id,
         politics->id,
         {"Budget", "Parliament"},
         ArticleStatus::kPublished,
         at(26, 22),
         at(27, 1),
         "Parliament passed the budget on Wednesday after a long debate.\n\n"
         "Read More: [earlier coverage](/rupee-steadies)\n\nThe vote was 180 to 150."},
        {"rupee-steadies",
         "Rupee steadies against the dollar",
         "Karachi",
         omar->id,
         business->id,
         {"Markets"},
         ArticleStatus::kPublished,
         at(26, 12),
         std::nullopt,
         "The rupee held steady in interbank trading."},
        {"stocks-close-higher",
         "Stocks close higher",
         "Karachi",
         omar->id,
         business->id,
         {"Markets"},
         ArticleStatus::kPublished,
         at(26, 12),
         std::nullopt,
         "Shares rose for a third day."},
        {"canal-lining-project",
         "Canal lining to save water",
         "Hyderabad",
         sana->id,
         climate->id,
         {"Water"},
         ArticleStatus::kPublished,
         at(25, 8),
         std::nullopt,
         "Lining the canals will save river water."},
        {"wheat-sowing-delayed",
         "Wheat sowing delayed",
         "Multan",
         omar->id,
         climate->id,
         {"Water", "Agriculture"},
         ArticleStatus::kPublished,
         at(24, 8),
         std::nullopt,
         "A shortage of canal water delayed sowing."},
        {"no-category-note",
         "A note from the editor",
         "",
         sana->id,
         std::nullopt,
         {},
         ArticleStatus::kPublished,
         at(23, 8),
         std::nullopt,
         "Thank you for reading."},
        {"tarbela-extension-funding",
         "Funding for Tarbela extension",
         "Islamabad",
         sana->id,
         climate->id,
         {"Water", "Dams"},
         ArticleStatus::kPublished,
         at(22, 8),
         std::nullopt,
         "The World Bank approved funding for the dam."},
        {"provinces-share-surplus",
         "Provinces to share budget surplus",
         "Islamabad",
         omar->id,
         business->id,
         {"Budget"},
         ArticleStatus::kPublished,
         at(21, 8),
         std::nullopt,
         "The provinces agreed to share a budget surplus."},
        {"secret-draft",
         "Secret zanzibar draft",
         "Islamabad",
         sana->id,
         politics->id,
         {"Embargo"},
         ArticleStatus::kDraft,
         std::nullopt,
         std::nullopt,
         "Not yet: the zanzibar budget leak."},
        {"scheduled-story",
         "Scheduled zanzibar story",
         "Islamabad",
         sana->id,
         politics->id,
         {"Budget"},
         ArticleStatus::kScheduled,
         at(28, 8),
         std::nullopt,
         "Tomorrow: the zanzibar budget."},
    };
    for (const auto& s : specs) {
      Article a;
      a.slug = s.slug;
      a.title = s.title;
      a.dateline = s.dateline;
      a.excerpt = s.body.substr(0, s.body.find('.') + 1);
      a.body_markdown = s.body;
      a.author_id = s.author;
      a.category_id = s.category;
      for (const auto& name : s.tags) {
        auto tag = txn.ensure_tag(name);
        if (!tag) return tag.error();
        a.tags.push_back(*tag);
      }
      a.status = s.status;
      a.published_at = s.published;
      a.updated_at = s.updated;
      a.created_at = at(20, 8);
      if (auto id = txn.upsert_article(a); !id) return id.error();
    }
    return {};
  }),
        "news fixture");
}

void publish(store::Store& store, std::string_view slug, std::chrono::sys_seconds published_at,
             content::ArticleStatus status) {
  check(store.write([&](store::WriteTxn& txn) -> core::Status {
    auto author = txn.ensure_author("Sana Mir", "");
    if (!author) return author.error();
    Article a;
    a.slug = std::string(slug);
    a.title = fmt::format("Story {}", slug);
    a.body_markdown = "Breaking news.";
    a.author_id = author->id;
    a.status = status;
    a.published_at = published_at;
    a.created_at = published_at;
    if (auto id = txn.upsert_article(a); !id) return id.error();
    return {};
  }),
        "publish");
}

ApiSite::ApiSite(ApiSiteOptions options) {
  const auto db = (dir_.path() / "site.db").string();
  auto opened = store::sqlite::SqliteStore::open(db);
  if (!opened) throw std::runtime_error("open store: " + opened.error().message);
  store_ = std::move(*opened);
  if (options.prepare) options.prepare(*store_);
  editorial_ = std::make_unique<store::sqlite::SqliteEditorial>(*store_, clock_);
  accounts_ = std::make_unique<auth::SqliteAccountStore>(*store_);

  app::Config config;
  config.db_path = db;
  config.listen_port = 0;
  config.demo = options.demo;
  config.weather_url = "http://127.0.0.1:9";  // nothing listens: weather stays unknown
  config.access_log = false;
  auto created = app::App::create(config, clock_);
  if (!created) throw std::runtime_error("create app: " + created.error().message);
  app_ = std::move(*created);
  app_->wait_related();  // related lists are ranked in the background
  if (auto s = app_->start(); !s) throw std::runtime_error("start app: " + s.error().message);
  port_ = app_->port();
}

ApiSite::~ApiSite() {
  if (app_) app_->stop();
}

store::Store& ApiSite::store() { return *store_; }
store::Editorial& ApiSite::editorial() { return *editorial_; }
auth::ApiTokens& ApiSite::tokens() {
  // Built on first use: AuthService hashes a password when it starts.
  if (!tokens_) {
    auth_ = std::make_unique<auth::AuthService>(*accounts_, clock_);
    tokens_ = std::make_unique<auth::ApiTokens>(*editorial_, *auth_, clock_);
  }
  return *tokens_;
}
auth::AccountStore& ApiSite::accounts() { return *accounts_; }

core::Status ApiSite::delete_user(auth::UserId id) {
  return store_->write_sql([&](store::sqlite::Db& db) -> core::Status {
    auto st = db.prepare("DELETE FROM users WHERE id = ?1");
    if (!st) return st.error();
    st->bind(1, id);
    return st->run();
  });
}

Writer ApiSite::add_writer(const std::string& email, const std::string& name, auth::Role role) {
  // A hash nothing matches: these accounts only use tokens, and tests skip the slow hashing.
  auto user =
      accounts_->insert_user(auth::NewUser{email, name, role, "!", clock_.now_seconds()}, false);
  if (!user) throw std::runtime_error("add user: " + user.error().message);
  auto issued = tokens().issue(user->id, "tests");
  if (!issued) throw std::runtime_error("issue token: " + issued.error().message);
  return Writer{*user, issued->secret, "Bearer " + issued->secret};
}

testing::HttpResponse ApiSite::get(std::string_view target, const testing::HttpHeaders& headers) {
  testing::HttpClient client(port_);
  return client.get(target, headers);
}

testing::HttpResponse ApiSite::request(std::string_view method, std::string_view target,
                                       const testing::HttpHeaders& headers, std::string_view body) {
  testing::HttpClient client(port_);
  return client.request(method, target, headers, body);
}

boost::json::value ApiSite::json(std::string_view target) {
  auto r = get(target);
  if (r.status != 200) {
    throw std::runtime_error(fmt::format("GET {} answered {}: {}", target, r.status, r.body));
  }
  if (r.header("content-type") != "application/json; charset=utf-8") {
    throw std::runtime_error(
        fmt::format("GET {} answered Content-Type {}", target, r.header("content-type")));
  }
  return boost::json::parse(r.body);
}

}  // namespace dateline::api_test
