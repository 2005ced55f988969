// The author pages: who may use them, validation, linked accounts and photos, everyone's own
// profile, and bios on the public site (escaped, in paragraphs).
#include <gtest/gtest.h>

#include "admin/admin_fixture.h"
#include "site/site.h"

namespace dateline::admin {
namespace {

using namespace testing_support;

std::size_t count_of(std::string_view haystack, std::string_view needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string_view::npos;
       at = haystack.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

class AuthorsTest : public AdminTest {
 protected:
  http::Response send(Browser& b, const std::string& target, Fields fields) {
    fields.emplace_back("csrf", b.csrf());
    return b.post(target, fields);
  }
  content::Id add_photo(const std::string& hash) {
    store::MediaItem m;
    m.hash = hash;
    m.alt = "Portrait";
    m.width = 1200;
    m.height = 1200;
    m.source_format = "jpeg";
    m.variants = {{hash + "-640.webp", 640, 640, "image/webp", 10},
                  {hash + "-320.webp", 320, 320, "image/webp", 5}};
    auto id = editorial_->add_media(m);
    EXPECT_TRUE(id) << id.error().message;
    return id ? *id : 0;
  }
  content::Author author(const std::string& name) {
    content::Author a;
    a.name = name;
    auto saved = editorial_->save_author(a);
    EXPECT_TRUE(saved) << saved.error().message;
    return saved ? *saved : content::Author{};
  }
  // A page of the public site over the same store.
  std::string public_page(const std::string& path) {
    site::Site site(*store_, *theme_, clock_, site::SiteOptions{});
    EXPECT_TRUE(site.invalidate());
    http::Request r;
    r.method = "GET";
    r.target = path;
    r.path = path;
    auto response = site.handle(r);
    EXPECT_EQ(response.status, 200u) << path;
    return std::string(response.payload());
  }
};

TEST_F(AuthorsTest, AuthorPagesAreForEditorsAndAdminsOnly) {
  const auto sana = author("Sana Mir");
  for (auto role : {Role::kContributor, Role::kAuthor}) {
    SCOPED_TRACE(auth::role_name(role));
    const auto email = fmt::format("{}@example.com", auth::role_name(role));
    add_user(email, role);
    auto b = signed_in(email);
    EXPECT_EQ(b.get("/admin/authors").status, 403u);
    EXPECT_EQ(b.get("/admin/authors/new").status, 403u);
    EXPECT_EQ(b.get(fmt::format("/admin/authors/{}", sana.id)).status, 403u);
    EXPECT_EQ(send(b, "/admin/authors/new", {{"name", "Intruder"}}).status, 403u);
    EXPECT_EQ(send(b, fmt::format("/admin/authors/{}", sana.id),
                   {{"name", "Renamed"}, {"slug", "renamed"}, {"bio", "x"}})
                  .status,
              403u);
    EXPECT_FALSE(contains(b.get("/admin").payload(), "href=\"/admin/authors\""));
  }
  EXPECT_EQ(store_->list_authors()->size(), 1u);
  EXPECT_EQ(store_->find_author(sana.id)->name, "Sana Mir");
  EXPECT_TRUE(changes_.empty());

  for (auto role : {Role::kEditor, Role::kAdmin}) {
    const auto email = fmt::format("{}@example.com", auth::role_name(role));
    add_user(email, role);
    auto b = signed_in(email);
    EXPECT_EQ(b.get("/admin/authors").status, 200u);
    EXPECT_EQ(b.get("/admin/authors/new").status, 200u);
    EXPECT_EQ(b.get(fmt::format("/admin/authors/{}", sana.id)).status, 200u);
    EXPECT_TRUE(contains(b.get("/admin").payload(), "href=\"/admin/authors\""));
  }
}

TEST_F(AuthorsTest, EditorAddsAnAuthorWithBioPhotoAndAccount) {
  add_user("ed@example.com", Role::kEditor, "Ed Itor");
  const auto writer = add_user("nadia@example.com", Role::kAuthor, "Nadia Khan");
  const auto photo = add_photo("aabbccddeeff00112233445566778899");
  auto b = signed_in("ed@example.com");
  auto form = b.get("/admin/authors/new");
  EXPECT_TRUE(contains(form.payload(), "Nadia Khan (nadia@example.com)"));
  EXPECT_TRUE(contains(form.payload(), fmt::format("<option value=\"{}\">Portrait", photo)));
  auto r = send(b, "/admin/authors/new",
                {{"name", "Nadia Khan"},
                 {"slug", ""},
                 {"bio", "Covers courts.\r\nBased in Lahore."},
                 {"photo", std::to_string(photo)},
                 {"user", std::to_string(writer.id)}});
  ASSERT_EQ(r.status, 303u) << r.payload();
  auto stored = store_->find_author_by_slug("nadia-khan");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->bio, "Covers courts.\nBased in Lahore.");
  EXPECT_EQ(stored->photo_media_id, photo);
  EXPECT_EQ(stored->user_id, writer.id);
  ASSERT_EQ(changes_.size(), 1u);
  EXPECT_TRUE(changes_.back().empty());  // a site-wide change

  auto page = b.get(std::string(r.header("Location")));
  EXPECT_TRUE(contains(page.payload(), "Saved."));
  EXPECT_TRUE(contains(page.payload(), "src=\"/media/aabbccddeeff00112233445566778899-320.webp\""));
  // An account writes under one byline only: the next form no longer offers it.
  EXPECT_FALSE(contains(b.get("/admin/authors/new").payload(), "nadia@example.com"));
  EXPECT_TRUE(contains(b.get("/admin/authors").payload(), "/author/nadia-khan/"));
}

TEST_F(AuthorsTest, EachProblemIsShownBesideItsFieldAndNothingIsSaved) {
  add_user("ed@example.com", Role::kEditor, "Ed Itor");
  const auto writer = add_user("nadia@example.com", Role::kAuthor, "Nadia Khan");
  const auto taken = author("Sana Mir");
  content::Author linked;
  linked.name = "Omar Shah";
  linked.user_id = writer.id;
  ASSERT_TRUE(editorial_->save_author(linked));
  auto b = signed_in("ed@example.com");

  b.get("/admin/authors/new");
  auto r = send(b, "/admin/authors/new",
                {{"name", ""},
                 {"slug", "Not A Slug"},
                 {"bio", std::string(2001, 'x')},
                 {"photo", "12345"},
                 {"user", "99999"}});
  EXPECT_EQ(r.status, 422u);
  auto body = std::string(r.payload());
  for (const char* field : {"name", "slug", "bio", "photo", "user"}) {
    EXPECT_TRUE(contains(body, fmt::format("id=\"{}-error\"", field))) << field;
  }
  EXPECT_TRUE(contains(body, "Use at most 2000 characters."));

  b.get("/admin/authors/new");
  r = send(b, "/admin/authors/new",
           {{"name", "Another Sana"}, {"slug", taken.slug}, {"user", std::to_string(writer.id)}});
  EXPECT_EQ(r.status, 422u);
  body = std::string(r.payload());
  EXPECT_TRUE(contains(body, "is already used by Sana Mir"));
  EXPECT_TRUE(contains(body, "That account already writes as Omar Shah."));
  EXPECT_EQ(store_->list_authors()->size(), 2u);
  EXPECT_TRUE(changes_.empty());
}

TEST_F(AuthorsTest, EditorRenamesAnAuthorAndKeepsTheSlugUnique) {
  add_user("ed@example.com", Role::kEditor, "Ed Itor");
  const auto sana = author("Sana Mir");
  author("Omar Shah");
  auto b = signed_in("ed@example.com");
  const auto page = fmt::format("/admin/authors/{}", sana.id);
  b.get(page);
  auto r = send(b, page, {{"name", "Sana Mir-Khan"}, {"slug", "omar-shah"}, {"bio", ""}});
  EXPECT_EQ(r.status, 422u);
  EXPECT_EQ(store_->find_author(sana.id)->name, "Sana Mir");
  b.get(page);
  r = send(b, page, {{"name", "Sana Mir-Khan"}, {"slug", "sana-mir-khan"}, {"bio", "Climate."}});
  EXPECT_EQ(r.status, 303u);
  EXPECT_EQ(store_->find_author(sana.id)->name, "Sana Mir-Khan");
  EXPECT_EQ(store_->find_author(sana.id)->slug, "sana-mir-khan");
  EXPECT_EQ(b.get("/admin/authors/999").status, 404u);
}

TEST_F(AuthorsTest, EveryoneEditsTheBioAndPhotoOfTheirOwnProfileOnly) {
  const auto c = add_user("c@example.com", Role::kContributor, "Cora Tribute");
  const auto other = author("Sana Mir");
  const auto photo = add_photo("00aa11bb22cc33dd44ee55ff66778899");
  auto b = signed_in("c@example.com");
  auto form = b.get("/admin/profile");
  EXPECT_EQ(form.status, 200u);
  EXPECT_TRUE(contains(form.payload(), "Saving creates your author profile"));
  EXPECT_FALSE(contains(form.payload(), "name=\"name\""));  // bio and photo only
  EXPECT_FALSE(contains(form.payload(), "name=\"user\""));
  auto r = send(b, "/admin/profile",
                {{"bio", "Freelance.\nWrites about food."},
                 {"photo", std::to_string(photo)},
                 {"name", "Someone Else"},
                 {"user", "1"}});
  ASSERT_EQ(r.status, 303u) << r.payload();
  auto mine = editorial_->author_for_user(c.id);
  ASSERT_TRUE(mine && *mine);
  EXPECT_EQ((*mine)->name, "Cora Tribute");
  EXPECT_EQ((*mine)->bio, "Freelance.\nWrites about food.");
  EXPECT_EQ((*mine)->photo_media_id, photo);
  EXPECT_EQ(store_->find_author(other.id)->bio, "");

  b.get("/admin/profile");
  r = send(b, "/admin/profile", {{"bio", "Changed."}, {"photo", ""}});
  EXPECT_EQ(r.status, 303u);
  mine = editorial_->author_for_user(c.id);
  EXPECT_EQ((*mine)->bio, "Changed.");
  EXPECT_FALSE((*mine)->photo_media_id.has_value());
  EXPECT_EQ(store_->list_authors()->size(), 2u);  // still one profile of theirs

  b.get("/admin/profile");
  r = send(b, "/admin/profile", {{"bio", std::string("bad\x01", 4)}, {"photo", "nope"}});
  EXPECT_EQ(r.status, 422u);
  EXPECT_TRUE(contains(r.payload(), "id=\"bio-error\""));
  EXPECT_TRUE(contains(r.payload(), "id=\"photo-error\""));
  EXPECT_EQ((*editorial_->author_for_user(c.id))->bio, "Changed.");
}

TEST_F(AuthorsTest, BioIsEscapedAndSplitIntoParagraphsOnThePublicPages) {
  add_user("ed@example.com", Role::kEditor, "Ed Itor");
  const auto sana = author("Sana Mir");
  auto b = signed_in("ed@example.com");
  const auto page = fmt::format("/admin/authors/{}", sana.id);
  b.get(page);
  const std::string hostile =
      "<script>alert('x')</script> & <b>bold</b>\n\n\"Quoted\" second paragraph";
  auto r = send(b, page, {{"name", "Sana Mir"}, {"slug", sana.slug}, {"bio", hostile}});
  ASSERT_EQ(r.status, 303u) << r.payload();

  ASSERT_TRUE(store_->write([&](store::WriteTxn& txn) -> core::Status {
    content::Article a;
    a.slug = "floods-reach-thatta";
    a.title = "Floods reach Thatta";
    a.body_markdown = "Water rose overnight.";
    a.author_id = sana.id;
    a.status = content::ArticleStatus::kPublished;
    a.published_at = kStart;
    a.created_at = kStart;
    auto id = txn.upsert_article(a);
    if (!id) return id.error();
    return {};
  }));
  for (const auto& path :
       {std::string("/author/sana-mir/"), std::string("/floods-reach-thatta/")}) {
    SCOPED_TRACE(path);
    const auto html = public_page(path);
    EXPECT_FALSE(contains(html, "<script>alert"));
    EXPECT_FALSE(contains(html, "<b>bold</b>"));
    EXPECT_TRUE(contains(html, "&lt;script&gt;alert("));
    EXPECT_TRUE(contains(html, "&amp; &lt;b&gt;bold&lt;/b&gt;</p>"));
    EXPECT_TRUE(contains(html, "second paragraph</p>"));
  }
  EXPECT_EQ(count_of(public_page("/author/sana-mir/"), "class=\"author-intro-bio\""), 2u);
  EXPECT_EQ(count_of(public_page("/floods-reach-thatta/"), "class=\"author-box-bio\""), 2u);
}

}  // namespace
}  // namespace dateline::admin
