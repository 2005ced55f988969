// ApiSite: a whole Dateline server booted in-process on 127.0.0.1 port 0 over a fresh database,
// for the JSON API's tests, with helpers that GET and parse JSON. The newsroom fixture is written
// inline (news_fixture): published articles, a draft and a scheduled story. Writers get accounts
// and API tokens (add_writer). Not thread-safe.
#pragma once

#include <boost/json.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "app/app.h"
#include "auth/account_store.h"
#include "content/model.h"
#include "store/editorial.h"
#include "store/store.h"
#include "testing/fake_clock.h"
#include "testing/http_client.h"
#include "testing/temp_dir.h"

namespace dateline::store::sqlite {
class SqliteStore;
class SqliteEditorial;
}  // namespace dateline::store::sqlite
namespace dateline::auth {
class SqliteAccountStore;
class AuthService;
class ApiTokens;
}  // namespace dateline::auth

namespace dateline::api_test {

// 2025-11-27T09:00:00Z.
inline constexpr std::chrono::sys_seconds kNow{
    std::chrono::sys_days{std::chrono::year{2025} / 11 / 27} + std::chrono::hours{9}};

// "The Test Times" (TTT), Asia/Karachi, dated permalinks /{yyyy}/{mm}/{dd}/{slug}/, base URL
// https://news.example. Authors Sana Mir and Omar Shah; categories Politics, Business, Climate.
// Eight published articles, newest first:
//   budget-passed (Politics, Sana Mir, tags budget + parliament, dateline Islamabad, published
//     2025-11-26T22:00Z = Nov 27 in Karachi, edited at 2025-11-27T01:00Z, links to rupee-steadies
//     with a Read More whose text is not that article's headline),
//   then rupee-steadies and stocks-close-higher published at the same second (ids break the tie),
//   then five more, one (no-category-note) without a category.
// Not visible: secret-draft (draft, tag "embargo" used nowhere else) and scheduled-story.
void news_fixture(store::Store& store);
inline constexpr int kPublishedCount = 8;

// A back-office account with an API token.
struct Writer {
  auth::User user;
  std::string token;          // "dl_..."
  std::string authorization;  // "Bearer dl_..."
};

struct ApiSiteOptions {
  bool demo = false;
  // Runs on a store over the fresh database before the app opens it.
  std::function<void(store::Store&)> prepare = news_fixture;
};

class ApiSite {
 public:
  explicit ApiSite(ApiSiteOptions options = {});
  ~ApiSite();
  ApiSite(const ApiSite&) = delete;
  ApiSite& operator=(const ApiSite&) = delete;

  unsigned short port() const { return port_; }
  app::App& app() { return *app_; }
  testing::FakeClock& clock() { return clock_; }
  // A second handle on the site's database, as the newsroom's tools would use.
  store::Store& store();
  store::Editorial& editorial();
  auth::ApiTokens& tokens();
  auth::AccountStore& accounts();

  // A new account with `role` (no usable password) and an API token for it.
  Writer add_writer(const std::string& email, const std::string& name, auth::Role role);
  // Deletes an account, as a future "dateline user delete" would.
  core::Status delete_user(auth::UserId id);

  testing::HttpResponse get(std::string_view target, const testing::HttpHeaders& headers = {});
  testing::HttpResponse request(std::string_view method, std::string_view target,
                                const testing::HttpHeaders& headers = {},
                                std::string_view body = {});
  // GETs `target`, requiring 200 with a JSON content type, and parses the body; throws otherwise.
  boost::json::value json(std::string_view target);

 private:
  testing::TempDir dir_;
  testing::FakeClock clock_{kNow};
  std::unique_ptr<store::sqlite::SqliteStore> store_;
  std::unique_ptr<store::sqlite::SqliteEditorial> editorial_;
  std::unique_ptr<auth::SqliteAccountStore> accounts_;
  std::unique_ptr<auth::AuthService> auth_;
  std::unique_ptr<auth::ApiTokens> tokens_;
  std::unique_ptr<app::App> app_;
  unsigned short port_ = 0;
};

// Publishes (or re-publishes) an article through `store`: title from the slug, author Sana Mir.
void publish(store::Store& store, std::string_view slug, std::chrono::sys_seconds published_at,
             content::ArticleStatus status = content::ArticleStatus::kPublished);

}  // namespace dateline::api_test
