// Authors' photos on the public site: the author page and the article's author box show the
// photo's small variants with the author's name as alt text, nothing is shown without one, and a
// photo changed through the ordinary change notices reaches the cached pages.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>

#include "render/default_theme.h"
#include "render/theme.h"
#include "site/site.h"
#include "store/sqlite/sqlite_editorial.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/fake_clock.h"
#include "testing/publish_story.h"
#include "testing/temp_dir.h"

namespace dateline::site {
namespace {

constexpr std::chrono::sys_seconds kNow{std::chrono::sys_days{std::chrono::year{2025} / 11 / 27} +
                                        std::chrono::hours{9}};
constexpr std::string_view kHash = "0123456789abcdef0123456789abcdef";

bool has(std::string_view text, std::string_view needle) {
  return text.find(needle) != std::string_view::npos;
}

// The text from `start` to the end of the next `end`; "" without `start`.
std::string_view between(std::string_view html, std::string_view start, std::string_view end) {
  const auto from = html.find(start);
  if (from == std::string_view::npos) return {};
  const auto to = html.find(end, from);
  return html.substr(
      from, to == std::string_view::npos ? std::string_view::npos : to + end.size() - from);
}

class AuthorPhotoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::sqlite::SqliteStore::open((dir_.path() / "site.db").string());
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    editorial_ = std::make_unique<store::sqlite::SqliteEditorial>(*store_, clock_);
    auto theme = render::Theme::load(render::default_theme::embedded_files(), std::nullopt);
    ASSERT_TRUE(theme) << theme.error().message;
    theme_.emplace(std::move(*theme));
    site_ = std::make_unique<Site>(*store_, *theme_, clock_, SiteOptions{});
    site_->set_media(MediaSource{[this](content::Id id) { return editorial_->media(id); }, {}});
    ASSERT_TRUE(site_->invalidate());
  }

  // A square portrait stored as the media library stores uploads: 320, 640 and 1280 px, each as
  // WebP and JPEG.
  content::Id add_photo(std::string_view hash) {
    store::MediaItem m;
    m.hash = std::string(hash);
    m.alt = "Library alt text";
    m.width = 1600;
    m.height = 1600;
    m.source_format = "jpeg";
    for (int w : {1280, 320, 640}) {
      m.variants.push_back({fmt::format("{}-{}.webp", hash, w), w, w, "image/webp", 10});
      m.variants.push_back({fmt::format("{}-{}.jpg", hash, w), w, w, "image/jpeg", 10});
    }
    auto id = editorial_->add_media(m);
    EXPECT_TRUE(id) << id.error().message;
    return id ? *id : 0;
  }

  content::Author author(const std::string& name, std::optional<content::Id> photo) {
    content::Author a;
    a.name = name;
    a.photo_media_id = photo;
    auto saved = editorial_->save_author(a);
    EXPECT_TRUE(saved) << saved.error().message;
    return saved ? *saved : content::Author{};
  }

  void set_photo(content::Author a, std::optional<content::Id> photo) {
    a.photo_media_id = photo;
    auto saved = editorial_->save_author(a);
    EXPECT_TRUE(saved) << saved.error().message;
  }

  content::Id publish(const std::string& slug, content::Id author_id) {
    const auto id = testing::publish_story(*store_, {.slug = slug,
                                                     .title = "Story " + slug,
                                                     .body = "Water rose overnight.",
                                                     .author_id = author_id,
                                                     .at = kNow});
    EXPECT_TRUE(id) << id.error().message;
    return id.value_or(0);
  }

  std::string page(const std::string& path) {
    http::Request r;
    r.method = "GET";
    r.target = path;
    r.path = path;
    auto response = site_->handle(r);
    EXPECT_EQ(response.status, 200u) << path;
    return std::string(response.payload());
  }

  testing::TempDir dir_;
  testing::FakeClock clock_{kNow};
  std::unique_ptr<store::sqlite::SqliteStore> store_;
  std::unique_ptr<store::sqlite::SqliteEditorial> editorial_;
  std::optional<render::Theme> theme_;
  std::unique_ptr<Site> site_;
};

TEST_F(AuthorPhotoTest, AuthorPageShowsTheSmallVariantsWithTheNameAsAlt) {
  const auto sana = author("Sana Mir", add_photo(kHash));
  publish("floods-reach-thatta", sana.id);
  const auto html = page("/author/sana-mir/");
  const auto header = between(html, "<header class=\"page-header", "</header>");
  ASSERT_TRUE(has(header, "<picture class=\"author-photo\">")) << header;
  EXPECT_TRUE(has(header, fmt::format("<source type=\"image/webp\" srcset=\"/media/{0}-320.webp "
                                      "320w, /media/{0}-640.webp 640w\"",
                                      kHash)))
      << header;
  EXPECT_TRUE(has(header, fmt::format("<img src=\"/media/{0}-320.jpg\" srcset=\"/media/{0}-320.jpg "
                                      "320w, /media/{0}-640.jpg 640w\"",
                                      kHash)))
      << header;
  EXPECT_TRUE(has(header, "width=\"320\" height=\"320\" alt=\"Sana Mir\""));
  EXPECT_TRUE(has(header, "sizes=\"(min-width: 40em) 112px, 80px\""));
  // At the top of the page: not deferred.
  EXPECT_TRUE(has(header, "loading=\"eager\""));
  // The large variant is for featured images, never for a portrait.
  EXPECT_FALSE(has(html, "-1280."));
  EXPECT_FALSE(has(html, "Library alt text"));
}

TEST_F(AuthorPhotoTest, ArticleAuthorBoxShowsTheSmallPhotoLazily) {
  const auto sana = author("Sana Mir", add_photo(kHash));
  publish("floods-reach-thatta", sana.id);
  const auto html = page("/floods-reach-thatta/");
  const auto box = between(html, "<section class=\"author-box", "</section>");
  ASSERT_TRUE(has(box, "author-box-with-photo")) << box;
  EXPECT_TRUE(has(box, fmt::format("<img src=\"/media/{0}-320.jpg\" srcset=\"/media/{0}-320.jpg "
                                   "320w, /media/{0}-640.jpg 640w\" sizes=\"64px\"",
                                   kHash)))
      << box;
  EXPECT_TRUE(has(box, fmt::format("srcset=\"/media/{0}-320.webp 320w, /media/{0}-640.webp 640w\" "
                                   "sizes=\"64px\"",
                                   kHash)));
  EXPECT_TRUE(has(box, "alt=\"Sana Mir\""));
  EXPECT_TRUE(has(box, "loading=\"lazy\""));
  // Only the author box shows it: the byline at the top stays text.
  const auto first = html.find("<picture class=\"author-photo\">");
  EXPECT_NE(first, std::string::npos);
  EXPECT_EQ(html.find("<picture class=\"author-photo\">", first + 1), std::string::npos);
  EXPECT_FALSE(has(between(html, "<div class=\"byline\">", "</div>"), "<img"));
}

TEST_F(AuthorPhotoTest, WithoutAPhotoNoImageIsShown) {
  const auto omar = author("Omar Farooq", std::nullopt);
  publish("budget-talks", omar.id);
  for (const std::string path : {"/author/omar-farooq/", "/budget-talks/"}) {
    SCOPED_TRACE(path);
    const auto html = page(path);
    EXPECT_FALSE(has(html, "author-photo"));
    EXPECT_FALSE(has(html, "with-photo"));
    EXPECT_FALSE(has(html, "<img"));
    EXPECT_FALSE(has(html, "<picture"));
    EXPECT_TRUE(has(html, "Omar Farooq"));
  }
}

TEST_F(AuthorPhotoTest, TheNameIsEscapedInTheAltText) {
  const auto odd = author("Zara \"Zed\" <b>Khan</b>", add_photo(kHash));
  publish("odd-name", odd.id);
  for (const auto& path : {std::string("/author/") + odd.slug + "/", std::string("/odd-name/")}) {
    SCOPED_TRACE(path);
    const auto html = page(path);
    EXPECT_TRUE(has(html, "alt=\"Zara &quot;Zed&quot; &lt;b&gt;Khan&lt;/b&gt;\"")) << html;
    EXPECT_FALSE(has(html, "<b>Khan"));
  }
}

TEST_F(AuthorPhotoTest, APhotoChangeReachesThePagesAlreadyCached) {
  const auto sana = author("Sana Mir", std::nullopt);
  const auto omar = author("Omar Farooq", std::nullopt);
  publish("floods-reach-thatta", sana.id);
  const auto other = publish("budget-talks", omar.id);
  ASSERT_TRUE(site_->invalidate());  // as the app does after an import
  const std::string photo_src = fmt::format("src=\"/media/{}-320.jpg\"", kHash);
  EXPECT_FALSE(has(page("/author/sana-mir/"), photo_src));
  EXPECT_FALSE(has(page("/floods-reach-thatta/"), photo_src));
  ASSERT_TRUE(site_->cache().find("/author/sana-mir/"));
  ASSERT_TRUE(site_->cache().find("/floods-reach-thatta/"));

  // A change the site hears about with other articles' ids (an import, an API write) while
  // Sana's photo changed: her pages are rendered again.
  const auto photo = add_photo(kHash);
  set_photo(sana, photo);
  ASSERT_TRUE(site_->articles_changed({other}));
  EXPECT_TRUE(has(page("/author/sana-mir/"), photo_src));
  EXPECT_TRUE(has(page("/floods-reach-thatta/"), photo_src));

  set_photo(sana, std::nullopt);
  ASSERT_TRUE(site_->articles_changed({other}));
  EXPECT_FALSE(has(page("/author/sana-mir/"), "<picture"));
  EXPECT_FALSE(has(page("/floods-reach-thatta/"), "<picture"));

  // What the back office's author pages send: a site-wide change.
  set_photo(sana, photo);
  ASSERT_TRUE(site_->invalidate());
  EXPECT_TRUE(has(page("/author/sana-mir/"), photo_src));
  EXPECT_TRUE(has(page("/floods-reach-thatta/"), photo_src));
}

// Skips when the checker (npm's vnu-jar, installed for the browser tests) or Java is missing.
TEST_F(AuthorPhotoTest, PagesWithAPhotoAreValidHtml) {
  if (!std::filesystem::exists(DATELINE_VNU_JAR) ||
      std::system("java -version > /dev/null 2>&1") != 0) {
    GTEST_SKIP() << "no Java or no vnu.jar at " << DATELINE_VNU_JAR;
  }
  const auto sana = author("Sana Mir", add_photo(kHash));
  publish("floods-reach-thatta", sana.id);
  testing::TempDir out;
  std::string files;
  for (const std::string path : {"/author/sana-mir/", "/floods-reach-thatta/"}) {
    const auto html = page(path);
    ASSERT_TRUE(has(html, "<picture class=\"author-photo\">")) << path;
    files += " '" + out.write(path.substr(1, path.size() - 2) + ".html", html).string() + "'";
  }
  const auto report = out.path() / "vnu.txt";
  const auto command = fmt::format("java -jar '{}' --errors-only {} > '{}' 2>&1", DATELINE_VNU_JAR,
                                   files, report.string());
  const int status = std::system(command.c_str());
  std::ifstream in(report);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << text;
}

}  // namespace
}  // namespace dateline::site
