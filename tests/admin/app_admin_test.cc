// The back office through the real server: App routes /admin* to it, over a socket.
#include <gtest/gtest.h>

#include "app/app.h"
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

}  // namespace
}  // namespace dateline::admin
