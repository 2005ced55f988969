// The back office through the real server: App routes /admin* to it, over a socket.
#include <gtest/gtest.h>

#include "app/app.h"
#include "store/sqlite/sqlite_editorial.h"
#include "testing/fake_clock.h"
#include "testing/http_client.h"
#include "testing/temp_dir.h"

namespace dateline::admin {
namespace {

constexpr std::chrono::sys_seconds kStart{std::chrono::sys_days{std::chrono::year{2025} / 11 / 27}};

class AppAdminTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app::Config config;
    config.db_path = (dir_.path() / "site.db").string();
    config.listen_port = 0;
    config.access_log = false;
    config.weather_url = "http://127.0.0.1:9";  // never reached: no weather city is set
    auto created = app::App::create(config, clock_);
    ASSERT_TRUE(created) << created.error().message;
    app_ = std::move(*created);
    ASSERT_TRUE(app_->start());
  }
  void TearDown() override {
    if (app_) app_->stop();
  }

  testing::TempDir dir_;
  testing::FakeClock clock_{kStart};
  std::unique_ptr<app::App> app_;
};

TEST_F(AppAdminTest, ServerRoutesAdminToTheBackOffice) {
  testing::HttpClient client(app_->port());
  auto setup = client.get("/admin");
  EXPECT_EQ(setup.status, 200u);
  EXPECT_NE(setup.body.find("Create the first admin"), std::string::npos);
  EXPECT_EQ(setup.header("cache-control"), "no-store");
  EXPECT_NE(setup.header("content-security-policy").find("frame-ancestors 'none'"),
            std::string::npos);
  EXPECT_NE(setup.header("set-cookie").find("HttpOnly; SameSite=Lax"), std::string::npos);

  auto sign_in = client.get("/admin/sign-in");
  EXPECT_EQ(sign_in.status, 303u);  // no user yet: back to the setup form
  EXPECT_EQ(sign_in.header("location"), "/admin");

  auto post = client.request("POST", "/admin/setup",
                             {{"Content-Type", "application/x-www-form-urlencoded"}}, "csrf=x");
  EXPECT_EQ(post.status, 403u);

  auto home = client.get("/");
  EXPECT_NE(home.header("cache-control"), "no-store");  // the public site is unchanged
}

// A scheduled article goes live when its time comes, with no request arriving, and shows on the
// article page, the home page and its tag page at once.
TEST_F(AppAdminTest, ScheduledArticleGoesLiveOnTime) {
  auto store = store::sqlite::SqliteStore::open((dir_.path() / "site.db").string());
  ASSERT_TRUE(store);
  store::sqlite::SqliteEditorial editorial(**store, clock_);
  content::Author author;
  author.name = "Desk";
  auto saved_author = editorial.save_author(author);
  ASSERT_TRUE(saved_author);
  auto tag = editorial.ensure_tag("Elections");
  ASSERT_TRUE(tag);
  content::Article a;
  a.title = "Polls close across the province";
  a.body_markdown = "Counting has begun.";
  a.author_id = saved_author->id;
  a.tags = {*tag};
  a.seo_title = "Polls close: follow the count";
  a.seo_description = "Counting has begun in every district.";
  a.status = content::ArticleStatus::kScheduled;
  a.published_at = kStart + std::chrono::minutes{30};
  auto created = editorial.create_article(a, store::Editor{});
  ASSERT_TRUE(created) << created.error().message;

  testing::HttpClient client(app_->port());
  EXPECT_EQ(client.get("/polls-close-across-the-province/").status, 404u);
  EXPECT_TRUE(app_->publish_due().empty());  // not yet
  clock_.advance(std::chrono::minutes{30});
  EXPECT_EQ(app_->publish_due(), std::vector<content::Id>{created->id});
  auto page = client.get("/polls-close-across-the-province/");
  EXPECT_EQ(page.status, 200u);
  // The editor's SEO title and description head the page; the headline stays the h1.
  EXPECT_NE(page.body.find("<title>Polls close: follow the count | "), std::string::npos);
  EXPECT_NE(page.body.find("content=\"Counting has begun in every district.\""), std::string::npos);
  EXPECT_NE(page.body.find(">Polls close across the province</h1>"), std::string::npos);
  EXPECT_NE(client.get("/").body.find("Polls close across the province"), std::string::npos);
  EXPECT_NE(client.get("/tag/elections/").body.find("Polls close across the province"),
            std::string::npos);
}

}  // namespace
}  // namespace dateline::admin
