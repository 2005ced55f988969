// Old WordPress permalinks keep working after an import: /?p=ID (the WordPress id),
// /YYYY/MM/DD/slug/ and /slug/ answer 301 with the article's canonical URL.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/wxr_import.h"
#include "render/default_theme.h"
#include "render/theme.h"
#include "site/site.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/fake_clock.h"
#include "testing/temp_dir.h"

namespace dateline::ingest {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

// Two posts whose WordPress ids (2 and 7) are also ids Dateline gives its own articles.
constexpr std::string_view kExport = R"wxr(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.1/"
  xmlns:excerpt="http://wordpress.org/export/1.1/excerpt/">
<channel>
  <wp:wxr_version>1.1</wp:wxr_version>
  <item>
    <title>Canal repairs begin</title>
    <dc:creator>desk</dc:creator>
    <content:encoded><![CDATA[<p>Work started.</p>]]></content:encoded>
    <wp:post_id>2</wp:post_id>
    <wp:post_date>2025-11-24 15:30:00</wp:post_date>
    <wp:post_date_gmt>2025-11-24 10:30:00</wp:post_date_gmt>
    <wp:post_name>canal-repairs-begin</wp:post_name>
    <wp:status>publish</wp:status>
    <wp:post_type>post</wp:post_type>
  </item>
  <item>
    <title>Unfinished draft</title>
    <dc:creator>desk</dc:creator>
    <content:encoded><![CDATA[<p>Not yet.</p>]]></content:encoded>
    <wp:post_id>7</wp:post_id>
    <wp:post_date>2025-11-25 15:30:00</wp:post_date>
    <wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt>
    <wp:post_name></wp:post_name>
    <wp:status>draft</wp:status>
    <wp:post_type>post</wp:post_type>
  </item>
</channel>
</rss>
)wxr";

class LegacyRedirectTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::sqlite::SqliteStore::open((tmp_.path() / "x.db").string());
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    store_ = std::move(*opened);
    // Dateline's own articles 1 and 2, before the import.
    ASSERT_TRUE(store_
                    ->write([&](store::WriteTxn& txn) -> core::Status {
                      auto author = txn.ensure_author("Desk", "");
                      if (!author) return author.error();
                      for (std::string_view slug : {"native-one", "native-two"}) {
                        content::Article a;
                        a.slug = std::string(slug);
                        a.title = std::string(slug);
                        a.body_markdown = "Text.\n";
                        a.author_id = author->id;
                        a.status = content::ArticleStatus::kPublished;
                        a.published_at = kNow - 72h;
                        a.created_at = kNow - 72h;
                        if (auto id = txn.upsert_article(a); !id) return id.error();
                      }
                      return {};
                    })
                    .has_value());
    const auto path = tmp_.write("export.xml", std::string(kExport));
    WxrOptions options;
    options.zone = *core::TimeZone::find("Asia/Karachi");
    options.now = kNow;
    std::vector<content::Id> written;
    options.on_article = [&](store::WriteTxn&, const WxrArticle& a) -> core::Status {
      written.push_back(a.article.id);
      return {};
    };
    auto report = import_wxr_file(*store_, path, options);
    ASSERT_TRUE(report.has_value()) << report.error().message;
    ASSERT_EQ(report->created, 2u);
    ASSERT_EQ(written.size(), 2u);
    imported_ = written.front();
    ASSERT_NE(imported_, 2);

    auto theme = render::Theme::load(render::default_theme::embedded_files(), std::nullopt);
    ASSERT_TRUE(theme.has_value()) << theme.error().message;
    theme_ = std::move(*theme);
    site_ = std::make_unique<site::Site>(*store_, *theme_, clock_, site::SiteOptions{});
    ASSERT_TRUE(site_->invalidate().has_value());
  }

  http::Response get(std::string_view target) {
    http::Request r;
    r.method = "GET";
    r.target = std::string(target);
    const auto q = target.find('?');
    r.path = std::string(target.substr(0, q));
    if (q != std::string_view::npos) r.query = std::string(target.substr(q + 1));
    r.request_id = "test";
    return site_->handle(r);
  }

  void expect_redirect(std::string_view from, std::string_view to) {
    SCOPED_TRACE(from);
    const auto r = get(from);
    EXPECT_EQ(r.status, 301u);
    EXPECT_EQ(r.header("Location"), to);
  }

  static constexpr core::TimePoint kNow{sys_days{2025y / November / 27} + 9h};
  testing::TempDir tmp_;
  testing::FakeClock clock_{kNow};
  std::unique_ptr<store::sqlite::SqliteStore> store_;
  std::optional<render::Theme> theme_;
  std::unique_ptr<site::Site> site_;
  content::Id imported_ = 0;
};

TEST_F(LegacyRedirectTest, ShortLinkWithAWordPressIdRedirectsToTheImportedArticle) {
  // WordPress post 2 wins over Dateline's article 2.
  expect_redirect("/?p=2", "/canal-repairs-begin/");
  // Ids WordPress never had are still Dateline's own.
  expect_redirect("/?p=1", "/native-one/");
  expect_redirect(fmt::format("/?p={}", imported_), "/canal-repairs-begin/");
  // A draft, and ids nobody has: not found.
  EXPECT_EQ(get("/?p=7").status, 404u);
  EXPECT_EQ(get("/?p=999").status, 404u);
  EXPECT_EQ(get("/?p=abc").status, 404u);
}

TEST_F(LegacyRedirectTest, WordPressDatedAndBarePermalinksRedirect) {
  EXPECT_EQ(get("/canal-repairs-begin/").status, 200u);
  expect_redirect("/2025/11/24/canal-repairs-begin/", "/canal-repairs-begin/");
  expect_redirect("/canal-repairs-begin", "/canal-repairs-begin/");

  // A site that keeps WordPress's dated pattern: the bare slug redirects to the dated URL.
  ASSERT_TRUE(store_
                  ->write([&](store::WriteTxn& txn) {
                    auto s = store_->settings().value_or(content::SiteSettings{});
                    s.timezone = "Asia/Karachi";
                    s.url_pattern = "/{yyyy}/{mm}/{dd}/{slug}/";
                    return txn.save_settings(s);
                  })
                  .has_value());
  ASSERT_TRUE(site_->invalidate().has_value());
  EXPECT_EQ(get("/2025/11/24/canal-repairs-begin/").status, 200u);
  expect_redirect("/canal-repairs-begin/", "/2025/11/24/canal-repairs-begin/");
  expect_redirect("/?p=2", "/2025/11/24/canal-repairs-begin/");
}

}  // namespace
}  // namespace dateline::ingest
