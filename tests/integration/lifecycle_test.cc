// Starting and stopping the whole app: stop() is bounded even with clients still connected.
#include <gtest/gtest.h>

#include <chrono>

#include "integration/harness.h"
#include "store/sqlite/sqlite_store.h"

namespace dateline::integration {
namespace {

using testing::HttpClient;
using namespace std::chrono_literals;

TEST(LifecycleTest, StopReturnsPromptlyWithAKeepAliveConnectionOpen) {
  TestSite site;
  HttpClient idle(site.port(), "127.0.0.1", 1s);
  ASSERT_EQ(idle.get("/").status, 200u);
  ASSERT_TRUE(idle.connected());
  // A second client that has sent half a request.
  HttpClient partial(site.port(), "127.0.0.1", 1s);
  partial.connect();

  const auto started = std::chrono::steady_clock::now();
  site.stop();
  const auto took = std::chrono::steady_clock::now() - started;
  const auto took_ms = std::chrono::duration_cast<std::chrono::milliseconds>(took).count();
  EXPECT_LT(took, 3s) << took_ms << " ms";
  RecordProperty("stop_ms", static_cast<int>(took_ms));

  // Nothing is served any more: neither on the kept-alive connection nor on a new one.
  EXPECT_ANY_THROW(idle.get("/healthz"));
  HttpClient fresh(site.port(), "127.0.0.1", 1s);
  EXPECT_ANY_THROW(fresh.get("/healthz"));
  // Stopping twice is harmless.
  site.stop();
}

TEST(LifecycleTest, SecondAppOnTheSameDatabaseKeepsTheSite) {
  testing::TempDir dir;
  app::Config config;
  config.db_path = (dir.path() / "site.db").string();
  config.listen_port = 0;
  config.demo = true;
  config.access_log = false;
  config.weather_url = "http://127.0.0.1:9";  // nothing listens: the site shows no weather
  testing::FakeClock clock(kNow);
  for (int run = 0; run < 2; ++run) {
    SCOPED_TRACE(run);
    auto created = app::App::create(config, clock);
    ASSERT_TRUE(created) << created.error().message;
    auto& app = **created;
    ASSERT_TRUE(app.start());
    HttpClient client(app.port());
    const auto home = client.get("/");
    EXPECT_EQ(home.status, 200u);
    EXPECT_NE(home.body.find("The Daily Indus"), std::string::npos);
    // The demo is loaded once, not twice, and the saved view counts come back.
    EXPECT_NE(home.body.find("<span>Page 1 of 3</span>"), std::string::npos);
    const auto trend = trending(home.body);
    ASSERT_FALSE(trend.empty());
    EXPECT_EQ(trend.front().url, "/petrol-and-diesel-prices-raised-as-rupee-slides/");
    EXPECT_EQ(home.body.find("class=\"weather\""), std::string::npos);
    app.stop();
  }
}

TEST(LifecycleTest, StartUpTakesStoredRelatedListsAsTheyAreAndRanksOnlyMissingOnes) {
  testing::TempDir dir;
  app::Config config;
  config.db_path = (dir.path() / "site.db").string();
  config.listen_port = 0;
  config.demo = true;
  config.access_log = false;
  config.weather_url = "http://127.0.0.1:9";
  testing::FakeClock clock(kNow);
  const std::string petrol_slug = "petrol-and-diesel-prices-raised-as-rupee-slides";
  const std::string smog_slug = "south-asian-ministers-agree-joint-plan-to-tackle-winter-smog";
  {
    auto created = app::App::create(config, clock);
    ASSERT_TRUE(created) << created.error().message;
    (*created)->wait_related();  // the seeded demo gets its lists
    (*created)->stop();
  }
  content::Id petrol = 0;
  content::Id smog = 0;
  std::vector<content::Id> smog_list;
  {
    auto store = store::sqlite::SqliteStore::open(config.db_path);
    ASSERT_TRUE(store) << store.error().message;
    auto p = (*store)->find_published_by_slug(petrol_slug);
    auto s = (*store)->find_published_by_slug(smog_slug);
    ASSERT_TRUE(p && s);
    petrol = p->id;
    smog = s->id;
    auto list = (*store)->related_ids(smog);
    ASSERT_TRUE(list);
    ASSERT_FALSE(list->empty());
    smog_list = *list;
    // A list no ranking would produce (a full rebuild would replace it), and one missing.
    ASSERT_TRUE((*store)->write([&](store::WriteTxn& txn) -> core::Status {
      if (auto r = txn.set_related(petrol, {smog}); !r) return r;
      return txn.set_related(smog, {});
    }));
  }
  auto created = app::App::create(config, clock);
  ASSERT_TRUE(created) << created.error().message;
  auto& app = **created;
  app.wait_related();
  ASSERT_TRUE(app.start());
  auto store = store::sqlite::SqliteStore::open(config.db_path);
  ASSERT_TRUE(store);
  EXPECT_EQ(*(*store)->related_ids(petrol), std::vector<content::Id>{smog});
  EXPECT_EQ(*(*store)->related_ids(smog), smog_list);  // the missing list was ranked again
  HttpClient client(app.port());
  const auto page = client.get("/" + petrol_slug + "/");
  ASSERT_EQ(page.status, 200u);
  const auto related = cards(related_widget(page.body));
  ASSERT_EQ(related.size(), 1u);
  EXPECT_EQ(related.front().url, "/" + smog_slug + "/");
  app.stop();
}

}  // namespace
}  // namespace dateline::integration
