// The media library: uploads (stored, refused, reused), the JSON answers the editor's picker
// reads, search, the alt text and caption page and who may change them.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "admin/admin_fixture.h"
#include "media/test_images.h"

namespace dateline::admin {
namespace {

using namespace testing_support;
namespace json = boost::json;
namespace fixtures = media::fixtures;

constexpr std::string_view kBoundary = "----DatelineTestBoundary7MA4YWxkTrZu0gW";

class MediaPagesTest : public AdminTest {
 protected:
  static std::string png(int width = 800, int height = 600) {
    return fixtures::encoded_noise(".png", width, height);
  }

  // Posts the upload form as a browser would (multipart/form-data). `csrf` defaults to the
  // token of the last page shown; `json` asks for a JSON answer as the editor's script does.
  http::Response upload(Browser& b, const std::string& filename, const std::string& bytes,
                        Fields fields = {}, bool json = false,
                        std::optional<std::string> csrf = std::nullopt) {
    if (!csrf) {
      b.get("/admin/media");
      csrf = b.csrf();
    }
    std::string body;
    const auto part = [&](const std::string& name, const std::string& value) {
      body += fmt::format("--{}\r\nContent-Disposition: form-data; name=\"{}\"\r\n\r\n{}\r\n",
                          kBoundary, name, value);
    };
    if (!csrf->empty()) part("csrf", *csrf);
    for (const auto& [k, v] : fields) part(k, v);
    body += fmt::format(
        "--{}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\n"
        "Content-Type: application/octet-stream\r\n\r\n",
        kBoundary, filename);
    body += bytes;
    body += fmt::format("\r\n--{}--\r\n", kBoundary);
    Fields headers{{"content-type", fmt::format("multipart/form-data; boundary={}", kBoundary)}};
    if (json) headers.emplace_back("accept", "application/json");
    return b.request("POST", "/admin/media", headers, body);
  }

  // The files in the media folder.
  std::set<std::string> files() {
    std::set<std::string> out;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(media_files_.dir(), ec)) {
      out.insert(e.path().filename().string());
    }
    return out;
  }
  int rows() { return editorial_->list_media("", 100, 0)->total; }

  // The id in a redirect to "/admin/media?uploaded=ID" (or existing=ID).
  static content::Id redirected_id(const http::Response& r) {
    const auto location = std::string(r.header("Location"));
    const auto eq = location.find('=');
    EXPECT_NE(eq, std::string::npos) << location;
    return eq == std::string::npos ? 0 : std::stoll(location.substr(eq + 1));
  }
};

// ---- uploads ---------------------------------------------------------------------------------

TEST_F(MediaPagesTest, UploadStoresVariantsOnDiskAndARow) {
  const auto user = add_user("ed@example.com", Role::kEditor);
  auto b = signed_in("ed@example.com");
  auto r = upload(b, "C:\\Photos\\flood.png", png(),
                  {{"alt", "Boats on a flooded street"}, {"caption", "Thatta, Monday."}});
  ASSERT_EQ(r.status, 303u) << r.payload();
  EXPECT_TRUE(r.header("Location").starts_with("/admin/media?uploaded="));
  const auto id = redirected_id(r);

  auto m = editorial_->media(id);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->original_name, "flood.png");  // the browser's folders are dropped
  EXPECT_EQ(m->alt, "Boats on a flooded street");
  EXPECT_EQ(m->caption, "Thatta, Monday.");
  EXPECT_EQ(m->width, 800);
  EXPECT_EQ(m->height, 600);
  EXPECT_EQ(m->source_format, "png");
  EXPECT_EQ(m->uploaded_by, user.id);
  EXPECT_EQ(m->created_at, kStart);
  // 320, 640 and the image's own 800 (never upscaled to 1280), each as WebP and JPEG.
  ASSERT_EQ(m->variants.size(), 6u);
  std::set<std::string> names;
  std::int64_t total = 0;
  for (const auto& v : m->variants) {
    names.insert(v.name);
    total += v.bytes;
    EXPECT_EQ(std::filesystem::file_size(media_files_.dir() / v.name),
              static_cast<std::uintmax_t>(v.bytes));
  }
  EXPECT_EQ(m->bytes, total);
  EXPECT_EQ(names, files());
  for (std::string_view suffix :
       {"-320.webp", "-320.jpg", "-640.webp", "-640.jpg", "-800.webp", "-800.jpg"}) {
    EXPECT_TRUE(names.contains(m->hash + std::string(suffix))) << suffix;
  }
  EXPECT_TRUE(changes_.empty());  // nothing readers see changed

  // The library shows it, with a notice and a link to its page.
  const auto page = std::string(b.get(std::string(r.header("Location"))).payload());
  EXPECT_TRUE(contains(page, "Image uploaded."));
  EXPECT_TRUE(contains(page, fmt::format("href=\"/admin/media/{}\"", id)));
  EXPECT_TRUE(contains(page, fmt::format("src=\"/media/{}-320.webp\"", m->hash)));
  EXPECT_TRUE(contains(page, "alt=\"Boats on a flooded street\""));
  EXPECT_TRUE(contains(page, "flood.png"));
  EXPECT_TRUE(contains(page, "800 × 600"));
  EXPECT_TRUE(contains(page, "aria-current=\"page\">Media</a>"));
}

TEST_F(MediaPagesTest, JsonUploadAnswers201WithWhatThePickerNeeds) {
  add_user("c@example.com", Role::kContributor);  // contributors need pictures too
  auto b = signed_in("c@example.com");
  auto r =
      upload(b, "market.png", png(1600, 900), {{"alt", "Stalls"}, {"caption", "Saddar"}}, true);
  ASSERT_EQ(r.status, 201u) << r.payload();
  EXPECT_TRUE(r.header("Content-Type").starts_with("application/json"));
  const auto body = json::parse(r.payload()).as_object();
  std::set<std::string> keys;
  for (const auto& kv : body) keys.insert(std::string(kv.key()));
  EXPECT_EQ(keys, (std::set<std::string>{"id", "thumb", "url", "alt", "caption", "name", "width",
                                         "height"}));
  const auto id = body.at("id").as_int64();
  const auto m = editorial_->media(id);
  ASSERT_TRUE(m);
  EXPECT_EQ(body.at("thumb").as_string(), "/media/" + m->hash + "-320.webp");
  EXPECT_EQ(body.at("url").as_string(), "/media/" + m->hash + "-640.webp");
  EXPECT_EQ(body.at("alt").as_string(), "Stalls");
  EXPECT_EQ(body.at("caption").as_string(), "Saddar");
  EXPECT_EQ(body.at("name").as_string(), "market.png");
  EXPECT_EQ(body.at("width").as_int64(), 1600);
  EXPECT_EQ(body.at("height").as_int64(), 900);
  EXPECT_EQ(m->variants.size(), 6u);  // 320, 640, 1280
}

TEST_F(MediaPagesTest, FilesThatAreNotWholeImagesAreRefusedAndLeaveNothing) {
  add_user("ed@example.com", Role::kEditor);
  auto b = signed_in("ed@example.com");
  const auto jpeg = fixtures::encoded_noise(".jpg", 640, 480);
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {"notes.jpg", "Meeting notes, nothing more.\n", "is not a JPEG, PNG, WebP or GIF image"},
      {"logo.svg",
       "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">"
       "<script>alert(1)</script></svg>",
       "is not a JPEG, PNG, WebP or GIF image"},
      {"cut.jpg", jpeg.substr(0, jpeg.size() / 2), "is damaged or incomplete"},
      {"empty.png", "", "“empty.png” is empty"},
  };
  for (const auto& [name, bytes, message] : cases) {
    SCOPED_TRACE(name);
    auto r = upload(b, name, bytes, {{"alt", "kept"}});
    EXPECT_EQ(r.status, 422u);
    const auto page = std::string(r.payload());
    EXPECT_TRUE(contains(page, message)) << page;
    // Next to the file field, and the field says so; what was typed stays.
    EXPECT_TRUE(contains(page, "id=\"upload-file-error\""));
    EXPECT_TRUE(contains(page, "aria-invalid=\"true\""));
    EXPECT_TRUE(contains(page, "value=\"kept\""));
    EXPECT_TRUE(contains(page, "“" + name + "”"));

    auto j = upload(b, name, bytes, {}, true);
    EXPECT_EQ(j.status, 422u);
    const auto error = json::parse(j.payload()).as_object();
    EXPECT_TRUE(contains(error.at("error").as_string(), message)) << j.payload();
  }
  EXPECT_EQ(rows(), 0);
  EXPECT_TRUE(files().empty());
}

TEST_F(MediaPagesTest, TooLargeFilesAreRefusedWithTheLimit) {
  media_options_.limits.max_bytes = 10 * 1024;
  make_admin({});
  add_user("ed@example.com", Role::kEditor);
  auto b = signed_in("ed@example.com");
  const auto big = png(400, 300);
  ASSERT_GT(big.size(), 10u * 1024);
  auto r = upload(b, "big.png", big);
  EXPECT_EQ(r.status, 422u);
  EXPECT_TRUE(contains(r.payload(), "the limit is 10 KB")) << r.payload();
  EXPECT_TRUE(contains(r.payload(), "up to 10 KB"));  // the form said so beforehand
  EXPECT_EQ(rows(), 0);
  EXPECT_TRUE(files().empty());
}

TEST_F(MediaPagesTest, SameBytesUploadedAgainReuseTheItem) {
  add_user("ed@example.com", Role::kEditor);
  auto b = signed_in("ed@example.com");
  const auto bytes = png(500, 400);
  const auto first = upload(b, "one.png", bytes, {{"alt", "First"}});
  ASSERT_EQ(first.status, 303u);
  const auto id = redirected_id(first);
  const auto stored = files();

  const auto second = upload(b, "two.png", bytes, {{"alt", "Second"}});
  ASSERT_EQ(second.status, 303u);
  EXPECT_TRUE(second.header("Location").starts_with("/admin/media?existing="));
  EXPECT_EQ(redirected_id(second), id);
  EXPECT_TRUE(
      contains(b.get(std::string(second.header("Location"))).payload(), "already in the library"));

  const auto again = upload(b, "three.png", bytes, {}, true);
  EXPECT_EQ(again.status, 200u);
  EXPECT_EQ(json::parse(again.payload()).at("id").as_int64(), id);
  EXPECT_EQ(json::parse(again.payload()).at("alt").as_string(), "First");

  EXPECT_EQ(rows(), 1);
  EXPECT_EQ(files(), stored);
  EXPECT_EQ(editorial_->media(id)->original_name, "one.png");
}

TEST_F(MediaPagesTest, UploadWithoutTheCsrfTokenIsRefusedAndStoresNothing) {
  add_user("ed@example.com", Role::kEditor);
  auto b = signed_in("ed@example.com");
  EXPECT_EQ(upload(b, "a.png", png(), {}, false, "").status, 403u);
  EXPECT_EQ(upload(b, "a.png", png(), {}, false, "not-the-token").status, 403u);
  EXPECT_EQ(upload(b, "a.png", png(), {}, true, "").status, 403u);
  EXPECT_EQ(rows(), 0);
  EXPECT_TRUE(files().empty());
}

TEST_F(MediaPagesTest, FailedInsertRemovesTheFilesItWrote) {
  add_user("ed@example.com", Role::kEditor);
  auto b = signed_in("ed@example.com");
  ASSERT_TRUE(store_->write_sql([](store::sqlite::Db& db) {
    return db.exec(
        "CREATE TRIGGER refuse_media BEFORE INSERT ON media BEGIN SELECT RAISE(ABORT, "
        "'refused by test'); END");
  }));
  auto r = upload(b, "a.png", png());
  EXPECT_EQ(r.status, 500u);
  EXPECT_TRUE(contains(r.payload(), "could not be stored"));
  EXPECT_EQ(rows(), 0);
  EXPECT_TRUE(files().empty());
}

TEST_F(MediaPagesTest, SignedOutVisitorsAreSentToSignIn) {
  Browser anonymous(*admin_);
  EXPECT_TRUE(anonymous.get("/admin/media").header("Location").starts_with("/admin/sign-in"));
  EXPECT_TRUE(anonymous.get("/admin/media.json").header("Location").starts_with("/admin/sign-in"));
  EXPECT_TRUE(anonymous.get("/admin/media/1").header("Location").starts_with("/admin/sign-in"));
  EXPECT_EQ(upload(anonymous, "a.png", png(), {}, false, "x").status, 303u);
  EXPECT_EQ(rows(), 0);
}

// ---- browsing --------------------------------------------------------------------------------

TEST_F(MediaPagesTest, LibrarySearchMatchesNameAltAndCaption) {
  add_user("ed@example.com", Role::kEditor);
  auto b = signed_in("ed@example.com");
  ASSERT_EQ(upload(b, "flood-thatta.png", png(320, 200), {{"alt", "Water"}}).status, 303u);
  clock_.advance(std::chrono::minutes{1});
  ASSERT_EQ(upload(b, "a.png", png(330, 200), {{"alt", "Rescue boats in the flood"}}).status, 303u);
  clock_.advance(std::chrono::minutes{1});
  ASSERT_EQ(upload(b, "b.png", png(340, 200), {{"caption", "Flood relief camp"}}).status, 303u);
  clock_.advance(std::chrono::minutes{1});
  ASSERT_EQ(upload(b, "cricket.png", png(350, 200), {{"alt", "Stadium"}}).status, 303u);

  const auto all = std::string(b.get("/admin/media").payload());
  EXPECT_TRUE(contains(all, "4 images"));
  EXPECT_TRUE(contains(all, "cricket.png"));

  const auto found = std::string(b.get("/admin/media?q=flood").payload());
  EXPECT_TRUE(contains(found, "3 matching images"));
  EXPECT_TRUE(contains(found, "flood-thatta.png"));
  EXPECT_TRUE(contains(found, "Rescue boats in the flood"));
  EXPECT_TRUE(contains(found, "b.png"));
  EXPECT_FALSE(contains(found, "cricket.png"));
  EXPECT_TRUE(contains(found, "value=\"flood\""));
  EXPECT_TRUE(contains(b.get("/admin/media?q=nothing-like-it").payload(), "No images match"));

  // The picker's JSON: newest first, exactly these fields.
  const auto r = b.get("/admin/media.json?q=flood");
  ASSERT_EQ(r.status, 200u);
  EXPECT_TRUE(r.header("Content-Type").starts_with("application/json"));
  const auto body = json::parse(r.payload()).as_object();
  EXPECT_EQ(body.size(), 1u);
  const auto& items = body.at("items").as_array();
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].at("name").as_string(), "b.png");
  EXPECT_EQ(items[2].at("name").as_string(), "flood-thatta.png");
  for (const auto& item : items) {
    std::set<std::string> keys;
    for (const auto& kv : item.as_object()) keys.insert(std::string(kv.key()));
    EXPECT_EQ(keys, (std::set<std::string>{"id", "thumb", "url", "alt", "caption", "name"}));
    const auto m = editorial_->media(item.at("id").as_int64());
    ASSERT_TRUE(m);
    EXPECT_EQ(item.at("thumb").as_string(), "/media/" + m->hash + "-320.webp");
    // Narrower than 640: the widest stored WebP.
    EXPECT_EQ(item.at("url").as_string(), fmt::format("/media/{}-{}.webp", m->hash, m->width));
  }
}

TEST_F(MediaPagesTest, LibraryPagesThroughManyImages) {
  add_user("ed@example.com", Role::kEditor);
  auto b = signed_in("ed@example.com");
  // 25 rows over one stored image is enough for paging (24 a page).
  const auto first = upload(b, "base.png", png(200, 100));
  ASSERT_EQ(first.status, 303u);
  auto base = *editorial_->media(redirected_id(first));
  for (int i = 0; i < 24; ++i) {
    auto copy = base;
    copy.hash = fmt::format("{:032x}", i + 1);
    copy.original_name = fmt::format("copy-{}.png", i);
    clock_.advance(std::chrono::seconds{1});
    copy.created_at = clock_.now_seconds();
    ASSERT_TRUE(editorial_->add_media(copy));
  }
  const auto one = std::string(b.get("/admin/media").payload());
  EXPECT_TRUE(contains(one, "Page 1 of 2"));
  EXPECT_TRUE(contains(one, "href=\"/admin/media?page=2\""));
  EXPECT_FALSE(contains(one, "base.png"));
  const auto two = std::string(b.get("/admin/media?page=2").payload());
  EXPECT_TRUE(contains(two, "base.png"));
  EXPECT_TRUE(contains(two, "href=\"/admin/media\" rel=\"prev\""));
  EXPECT_EQ(json::parse(b.get("/admin/media.json?page=2").payload()).at("items").as_array().size(),
            1u);
}

// ---- alt text and caption --------------------------------------------------------------------

TEST_F(MediaPagesTest, ItemPageShowsTheVariantsAndSavesAltAndCaption) {
  add_user("ed@example.com", Role::kEditor);
  auto b = signed_in("ed@example.com");
  const auto id = redirected_id(upload(b, "port.png", png(700, 500), {{"alt", "Port"}}));
  const auto page = std::string(b.get(fmt::format("/admin/media/{}", id)).payload());
  const auto m = *editorial_->media(id);
  for (const auto& v : m.variants) {
    EXPECT_TRUE(contains(page, fmt::format("href=\"/media/{}\"", v.name))) << v.name;
  }
  EXPECT_TRUE(contains(page, "<source type=\"image/webp\""));
  EXPECT_TRUE(contains(page, "700 × 500"));
  EXPECT_TRUE(contains(page, "name=\"alt\""));

  auto r = b.post(fmt::format("/admin/media/{}", id),
                  {{"csrf", b.csrf()}, {"alt", "  Cranes at the port  "}, {"caption", "Karachi"}});
  ASSERT_EQ(r.status, 303u) << r.payload();
  EXPECT_EQ(r.header("Location"), fmt::format("/admin/media/{}?saved=1", id));
  EXPECT_EQ(editorial_->media(id)->alt, "Cranes at the port");
  EXPECT_EQ(editorial_->media(id)->caption, "Karachi");
  EXPECT_TRUE(contains(b.get(std::string(r.header("Location"))).payload(), "Saved."));
  ASSERT_EQ(changes_.size(), 1u);  // articles showing it are rendered again
  EXPECT_TRUE(changes_[0].empty());

  // Too long: shown next to the field, nothing saved.
  auto bad = b.post(fmt::format("/admin/media/{}", id),
                    {{"csrf", b.csrf()}, {"alt", std::string(301, 'a')}, {"caption", "x"}});
  EXPECT_EQ(bad.status, 422u);
  EXPECT_TRUE(contains(bad.payload(), "id=\"media-alt-error\""));
  EXPECT_EQ(editorial_->media(id)->caption, "Karachi");

  EXPECT_EQ(b.get("/admin/media/999").status, 404u);
  EXPECT_EQ(b.get("/admin/media/abc").status, 404u);
}

TEST_F(MediaPagesTest, OnlyTheUploaderOrAnEditorChangesTheText) {
  add_user("ed@example.com", Role::kEditor);
  add_user("c@example.com", Role::kContributor);
  add_user("au@example.com", Role::kAuthor);
  auto editor = signed_in("ed@example.com");
  auto contributor = signed_in("c@example.com", "198.51.100.8");
  auto author = signed_in("au@example.com", "198.51.100.9");
  const auto editors = redirected_id(upload(editor, "e.png", png(400, 300), {{"alt", "Editor's"}}));
  const auto theirs =
      redirected_id(upload(contributor, "c.png", png(410, 300), {{"alt", "Contributor's"}}));

  // A contributor sees an editor's upload but cannot change it.
  const auto page = contributor.get(fmt::format("/admin/media/{}", editors));
  EXPECT_EQ(page.status, 200u);
  EXPECT_FALSE(contains(page.payload(), "name=\"alt\""));
  EXPECT_TRUE(contains(page.payload(), "<dd>Editor&apos;s</dd>")) << page.payload();
  for (auto* b : {&contributor, &author}) {
    b->get("/admin/media");
    auto r = b->post(fmt::format("/admin/media/{}", editors),
                     {{"csrf", b->csrf()}, {"alt", "Changed"}, {"caption", ""}});
    EXPECT_EQ(r.status, 403u);
  }
  EXPECT_EQ(editorial_->media(editors)->alt, "Editor's");

  // Their own upload, yes; and an editor may change anyone's.
  contributor.get(fmt::format("/admin/media/{}", theirs));
  EXPECT_EQ(contributor
                .post(fmt::format("/admin/media/{}", theirs),
                      {{"csrf", contributor.csrf()}, {"alt", "Mine"}, {"caption", ""}})
                .status,
            303u);
  EXPECT_EQ(editorial_->media(theirs)->alt, "Mine");
  editor.get(fmt::format("/admin/media/{}", theirs));
  EXPECT_EQ(editor
                .post(fmt::format("/admin/media/{}", theirs),
                      {{"csrf", editor.csrf()}, {"alt", "Fixed"}, {"caption", "c"}})
                .status,
            303u);
  EXPECT_EQ(editorial_->media(theirs)->alt, "Fixed");
}

TEST_F(MediaPagesTest, OtherMethodsAnswer405) {
  add_user("ed@example.com", Role::kEditor);
  auto b = signed_in("ed@example.com");
  EXPECT_EQ(b.request("DELETE", "/admin/media").status, 405u);
  EXPECT_EQ(b.request("PUT", "/admin/media.json").status, 405u);
}

TEST_F(MediaPagesTest, AnUnusedImageCanBeDeletedWithItsFiles) {
  add_user("ed@example.com", Role::kEditor);
  add_user("c@example.com", Role::kContributor);
  auto editor = signed_in("ed@example.com");
  const auto id = redirected_id(upload(editor, "spare.png", png(500, 300), {{"alt", "Spare"}}));
  const auto kept = redirected_id(upload(editor, "kept.png", png(510, 300), {{"alt", "Kept"}}));
  const auto hash = editorial_->media(id)->hash;
  const auto page = std::string(editor.get(fmt::format("/admin/media/{}", id)).payload());
  EXPECT_TRUE(contains(page, "Nowhere: no article or author photo shows it."));
  EXPECT_TRUE(contains(page, fmt::format("action=\"/admin/media/{}/delete\"", id)));

  // A contributor cannot delete someone else's upload.
  auto contributor = signed_in("c@example.com", "198.51.100.8");
  contributor.get(fmt::format("/admin/media/{}", id));
  EXPECT_EQ(contributor
                .post(fmt::format("/admin/media/{}/delete", id),
                      {{"csrf", contributor.csrf()}, {"confirm", "yes"}})
                .status,
            403u);
  // Without the box ticked, nothing happens.
  EXPECT_EQ(
      editor.post(fmt::format("/admin/media/{}/delete", id), {{"csrf", editor.csrf()}}).status,
      422u);
  EXPECT_TRUE(editorial_->media(id));

  auto r = editor.post(fmt::format("/admin/media/{}/delete", id),
                       {{"csrf", editor.csrf()}, {"confirm", "yes"}});
  ASSERT_EQ(r.status, 303u) << r.payload();
  EXPECT_EQ(r.header("Location"), "/admin/media?deleted=1");
  EXPECT_EQ(editorial_->media(id).error().code, core::Errc::kNotFound);
  for (const auto& name : files()) EXPECT_FALSE(name.starts_with(hash)) << name;
  EXPECT_EQ(files().size(), editorial_->media(kept)->variants.size());  // the other stays whole
  EXPECT_TRUE(contains(editor.get("/admin/media?deleted=1").payload(), "Image deleted"));
}

TEST_F(MediaPagesTest, AnImageInUseIsNotDeleted) {
  add_user("ed@example.com", Role::kEditor);
  auto editor = signed_in("ed@example.com");
  const auto id = redirected_id(upload(editor, "lead.png", png(600, 400), {{"alt", "Lead"}}));
  const auto before = files();
  auto author = editorial_->save_author([&] {
    content::Author a;
    a.name = "Bilal Ahmed";
    a.photo_media_id = id;
    return a;
  }());
  ASSERT_TRUE(author);
  const auto page = std::string(editor.get(fmt::format("/admin/media/{}", id)).payload());
  EXPECT_TRUE(contains(page, "Photo of Bilal Ahmed"));
  EXPECT_FALSE(contains(page, "/delete\""));
  auto r = editor.post(fmt::format("/admin/media/{}/delete", id),
                       {{"csrf", editor.csrf()}, {"confirm", "yes"}});
  EXPECT_EQ(r.status, 409u);
  EXPECT_TRUE(contains(r.payload(), "This image is in use"));
  EXPECT_TRUE(editorial_->media(id));
  EXPECT_EQ(files(), before);
}

}  // namespace
}  // namespace dateline::admin
