// Uploaded images through the real server: an upload larger than the ordinary body limit reaches
// the media library, its variants are served from /media/ (and nothing else is), and an article
// shows its featured image with srcset, alt text and caption, and names it in its metadata.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>

#include "auth/auth_service.h"
#include "auth/sqlite_account_store.h"
#include "core/strings.h"
#include "integration/harness.h"
#include "media/test_images.h"
#include "store/sqlite/sqlite_editorial.h"
#include "store/sqlite/sqlite_store.h"

namespace dateline::integration {
namespace {

using testing::HttpClient;
using testing::HttpHeaders;

constexpr std::string_view kPetrolSlug = "petrol-and-diesel-prices-raised-as-rupee-slides";
constexpr std::string_view kPetrolPath = "/petrol-and-diesel-prices-raised-as-rupee-slides/";
constexpr std::string_view kPassword = "correct horse battery staple";
constexpr std::string_view kBoundary = "----DatelineIntegrationBoundary";

bool has(std::string_view text, std::string_view needle) {
  return text.find(needle) != std::string_view::npos;
}

// "name=value" of a Set-Cookie header.
std::string cookie_pair(std::string_view set_cookie) {
  return std::string(set_cookie.substr(0, set_cookie.find(';')));
}

std::string csrf_of(std::string_view html) {
  const std::string_view marker = "name=\"csrf\" value=\"";
  const auto at = html.find(marker);
  if (at == std::string_view::npos) return {};
  const auto start = at + marker.size();
  return std::string(html.substr(start, html.find('"', start) - start));
}

class MediaSiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    site_ = std::make_unique<TestSite>();
    sqlite_ = &dynamic_cast<store::sqlite::SqliteStore&>(site_->store());
    editorial_ = std::make_unique<store::sqlite::SqliteEditorial>(*sqlite_, site_->fake_clock());
  }

  // Signs in over HTTP as a new editor; returns the session's Cookie header value.
  std::string sign_in() {
    auth::SqliteAccountStore accounts(*sqlite_);
    auth::AuthService service(accounts, site_->fake_clock());
    auto user = service.create_user(
        {"desk@example.com", "News Desk", std::string(kPassword), auth::Role::kEditor});
    EXPECT_TRUE(user) << user.error().message;
    HttpClient client(site_->port());
    const auto form = client.get("/admin/sign-in");
    const auto form_cookie = cookie_pair(form.header("set-cookie"));
    const auto signed_in = client.request(
        "POST", "/admin/sign-in",
        {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", form_cookie}},
        fmt::format("csrf={}&email=desk%40example.com&password={}", csrf_of(form.body),
                    core::url_encode(kPassword)));
    EXPECT_EQ(signed_in.status, 303u) << signed_in.body;
    return cookie_pair(signed_in.header("set-cookie"));
  }

  // Uploads `bytes` as the editor's script does (multipart, JSON answer).
  testing::HttpResponse upload(const std::string& session, const std::string& bytes) {
    HttpClient client(site_->port(), "127.0.0.1", std::chrono::seconds(60));
    const auto page = client.get("/admin/media", {{"Cookie", session}});
    EXPECT_EQ(page.status, 200u);
    std::string body = fmt::format(
        "--{0}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{1}\r\n"
        "--{0}\r\nContent-Disposition: form-data; name=\"alt\"\r\n\r\nTankers at the depot\r\n"
        "--{0}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"depot.png\"\r\n"
        "Content-Type: image/png\r\n\r\n",
        kBoundary, csrf_of(page.body));
    body += bytes;
    body += fmt::format("\r\n--{}--\r\n", kBoundary);
    return client.request(
        "POST", "/admin/media",
        {{"Content-Type", fmt::format("multipart/form-data; boundary={}", kBoundary)},
         {"Accept", "application/json"},
         {"Cookie", session}},
        body);
  }

  std::unique_ptr<TestSite> site_;
  store::sqlite::SqliteStore* sqlite_ = nullptr;
  std::unique_ptr<store::sqlite::SqliteEditorial> editorial_;
};

TEST_F(MediaSiteTest, MediaFolderIsCreatedBesideTheDatabase) {
  EXPECT_TRUE(std::filesystem::is_directory(site_->dir() / "site.db.media"));
  TestSite elsewhere(SiteOptions{
      false, prepare_ledger, [](app::Config& c) { c.media_dir = c.db_path + "-uploads/images"; }});
  EXPECT_TRUE(std::filesystem::is_directory(elsewhere.dir() / "site.db-uploads" / "images"));
}

TEST_F(MediaSiteTest, UploadIsServedAndShownAsTheArticlesFeaturedImage) {
  const auto session = sign_in();
  // Noise compresses badly: well over the 1 MB every other request is held to.
  const auto png = media::fixtures::encoded_noise(".png", 1000, 800);
  ASSERT_GT(png.size(), 1024u * 1024u);
  const auto r = upload(session, png);
  ASSERT_EQ(r.status, 201u) << r.body;
  const auto answer = boost::json::parse(r.body).as_object();
  const auto media_id = answer.at("id").as_int64();
  auto item = editorial_->media(media_id);
  ASSERT_TRUE(item) << item.error().message;
  const auto& hash = item->hash;
  EXPECT_EQ(answer.at("url").as_string(), fmt::format("/media/{}-640.webp", hash));
  EXPECT_TRUE(std::filesystem::exists(site_->dir() / "site.db.media" / (hash + "-1000.jpg")));

  // The same size anywhere else is refused before it is read.
  {
    HttpClient client(site_->port());
    const auto refused =
        client.request("POST", "/admin/articles/new",
                       {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", session}},
                       std::string(png.size(), 'x'));
    EXPECT_EQ(refused.status, 413u);
  }

  // Served: immutable, typed, not sniffable, revalidated by ETag.
  HttpClient client(site_->port());
  const auto webp = client.get(fmt::format("/media/{}-640.webp", hash));
  ASSERT_EQ(webp.status, 200u);
  EXPECT_EQ(webp.header("content-type"), "image/webp");
  EXPECT_EQ(webp.header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(webp.header("x-content-type-options"), "nosniff");
  EXPECT_FALSE(webp.header("etag").empty());
  EXPECT_TRUE(webp.body.starts_with("RIFF"));
  const auto again = client.get(fmt::format("/media/{}-640.webp", hash),
                                {{"If-None-Match", std::string(webp.header("etag"))}});
  EXPECT_EQ(again.status, 304u);
  EXPECT_TRUE(again.body.empty());
  const auto jpeg = client.get(fmt::format("/media/{}-1000.jpg", hash));
  EXPECT_EQ(jpeg.status, 200u);
  EXPECT_EQ(jpeg.header("content-type"), "image/jpeg");
  EXPECT_TRUE(jpeg.body.starts_with("\xFF\xD8\xFF"));
  const auto head = client.head(fmt::format("/media/{}-320.jpg", hash));
  EXPECT_EQ(head.status, 200u);
  EXPECT_TRUE(head.body.empty());

  // The article page shows it once an editor sets it.
  auto found = site_->store().find_published_by_slug(kPetrolSlug);
  ASSERT_TRUE(found);
  auto a = *editorial_->article(found->id);
  a.image_media_id = media_id;
  a.image_alt = "Oil tankers queue at a \"depot\" <Karachi>";
  a.image_caption = "Tankers wait for fuel & orders.";
  ASSERT_TRUE(editorial_->update_article(a, store::Editor{}, store::RevisionKind::kSave));
  ASSERT_TRUE(site_->app().content_changed({a.id}));

  const auto html = site_->page(kPetrolPath);
  const auto figure = between(html, "<figure class=\"story-figure\">", "</figure>");
  ASSERT_FALSE(figure.empty()) << html;
  const auto srcset = [&](std::string_view ext) {
    return fmt::format(
        "/media/{0}-320.{1} 320w, /media/{0}-640.{1} 640w, /media/{0}-1000.{1} 1000w", hash, ext);
  };
  EXPECT_TRUE(
      has(figure, fmt::format("<source type=\"image/webp\" srcset=\"{}\" sizes=\"(min-width: "
                              "1024px) 760px, 100vw\">",
                              srcset("webp"))))
      << figure;
  EXPECT_TRUE(
      has(figure, fmt::format("<img src=\"/media/{}-640.jpg\" srcset=\"{}\"", hash, srcset("jpg"))))
      << figure;
  EXPECT_TRUE(has(figure, "width=\"640\" height=\"512\""));
  EXPECT_TRUE(has(figure, "alt=\"Oil tankers queue at a &quot;depot&quot; &lt;Karachi&gt;\""));
  EXPECT_TRUE(has(figure, "loading=\"eager\" decoding=\"async\""));
  EXPECT_TRUE(has(figure, "<figcaption>Tankers wait for fuel &amp; orders.</figcaption>"));
  // Above the text.
  EXPECT_LT(html.find("story-figure"), html.find("class=\"article-body\""));

  const auto largest = fmt::format("http://127.0.0.1:{}/media/{}-1000.jpg", site_->port(), hash);
  EXPECT_TRUE(has(html, fmt::format("<meta property=\"og:image\" content=\"{}\">", largest)))
      << between(html, "<head>", "</head>");
  EXPECT_TRUE(has(html, "<meta property=\"og:image:width\" content=\"1000\">"));
  EXPECT_TRUE(has(html, "<meta name=\"twitter:card\" content=\"summary_large_image\">"));
  EXPECT_TRUE(has(html, fmt::format("\"image\":[\"{}\"]", largest)));

  // Changing the library's caption shows when the article has none of its own.
  a = *editorial_->article(found->id);
  a.image_caption.clear();
  ASSERT_TRUE(editorial_->update_article(a, store::Editor{}, store::RevisionKind::kSave));
  ASSERT_TRUE(editorial_->update_media_text(media_id, "Tankers", "From the library"));
  ASSERT_TRUE(site_->app().content_changed({a.id}));
  EXPECT_TRUE(has(site_->page(kPetrolPath), "<figcaption>From the library</figcaption>"));
}

TEST_F(MediaSiteTest, OnlyStoredVariantNamesAreServed) {
  const auto dir = site_->dir() / "site.db.media";
  const std::string hash(32, 'b');
  std::filesystem::create_symlink(site_->dir() / "site.db", dir / (hash + "-1.jpg"));
  HttpClient client(site_->port());
  for (std::string_view target :
       {"/media/", "/media/x", "/media/../site.db", "/media/..%2Fsite.db", "/media/%2e%2e/site.db",
        "/media/..%2F..%2Fetc%2Fpasswd", "/media/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb-640.png",
        "/media/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb-640.webp",
        "/media/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb-1.jpg", "/media/BBBB-640.webp",
        "/media/site.db"}) {
    SCOPED_TRACE(target);
    const auto r = client.get(target);
    EXPECT_EQ(r.status, 404u);
    EXPECT_FALSE(has(r.body, "SQLite"));
  }
  EXPECT_EQ(client.request("POST", "/media/x.jpg", {}, "x").status, 405u);
}

TEST_F(MediaSiteTest, ImportedArticleShowsItsExternalImage) {
  auto found = site_->store().find_published_by_slug(kPetrolSlug);
  ASSERT_TRUE(found);
  auto a = *editorial_->article(found->id);
  a.image_url = "https://images.example.com/old/petrol.jpg";
  a.image_alt = "A petrol pump";
  ASSERT_TRUE(editorial_->update_article(a, store::Editor{}, store::RevisionKind::kSave));
  ASSERT_TRUE(site_->app().content_changed({a.id}));
  const auto html = site_->page(kPetrolPath);
  const auto figure = between(html, "<figure class=\"story-figure\">", "</figure>");
  EXPECT_TRUE(has(figure,
                  "<img src=\"https://images.example.com/old/petrol.jpg\" alt=\"A petrol "
                  "pump\" loading=\"eager\" decoding=\"async\">"))
      << figure;
  EXPECT_FALSE(has(figure, "<picture>"));
  EXPECT_FALSE(has(figure, "<figcaption>"));
  EXPECT_TRUE(has(html,
                  "<meta property=\"og:image\" "
                  "content=\"https://images.example.com/old/petrol.jpg\">"));
}

TEST_F(MediaSiteTest, ArticleWithoutAnImageHasNoFigure) {
  const auto html = site_->page(kPetrolPath);
  EXPECT_FALSE(has(html, "story-figure"));
  EXPECT_TRUE(has(html, "<meta name=\"twitter:card\" content=\"summary\">"));
}

}  // namespace
}  // namespace dateline::integration
