// The newsroom's article pages: list, editor, workflow per role, conflicts, autosave, revisions,
// preview, the Read More picker and tag suggestions.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "admin/admin_fixture.h"

namespace dateline::admin {
namespace {

using namespace testing_support;
using content::ArticleStatus;

class ArticlesTest : public AdminTest {
 protected:
  // Creates an article through the editor and returns its id.
  content::Id create(Browser& b, const std::string& title, const std::string& action = "save",
                     Fields extra = {}) {
    b.get("/admin/articles/new");
    Fields fields{{"csrf", b.csrf()},
                  {"title", title},
                  {"dateline", "Karachi"},
                  {"body", "The port reopened on Monday.\n\nShips queued overnight."},
                  {"tags", "Shipping, Economy"},
                  {"action", action}};
    for (auto& f : extra) fields.push_back(f);
    auto r = b.post("/admin/articles/new", fields);
    EXPECT_EQ(r.status, 303u) << r.payload();
    const auto location = std::string(r.header("Location"));
    const auto start = std::string("/admin/articles/").size();
    return std::stoll(location.substr(start, location.find('?') - start));
  }
  // Posts the editor form of article `id` as it is stored, with `changes` applied.
  http::Response save(Browser& b, content::Id id, const std::string& action, Fields changes = {}) {
    b.get(fmt::format("/admin/articles/{}", id));
    auto a = *editorial_->article(id);
    std::string tags;
    for (const auto& t : a.tags) tags += (tags.empty() ? "" : ", ") + t.name;
    std::map<std::string, std::string> f{
        {"tags", tags},         {"csrf", b.csrf()},        {"version", std::to_string(a.version)},
        {"title", a.title},     {"slug", a.slug},          {"dateline", a.dateline},
        {"excerpt", a.excerpt}, {"body", a.body_markdown}, {"action", action}};
    for (auto& [k, v] : changes) f[k] = v;
    return b.post(fmt::format("/admin/articles/{}", id), Fields(f.begin(), f.end()));
  }
  ArticleStatus status_of(content::Id id) { return editorial_->article(id)->status; }
};

TEST_F(ArticlesTest, WritingADraftStoresItWithTagsAndARevision) {
  add_user("ed@example.com", Role::kEditor, "Editor One");
  auto b = signed_in("ed@example.com");
  const auto id = create(b, "Port reopens after storm");
  auto a = editorial_->article(id);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->slug, "port-reopens-after-storm");
  EXPECT_EQ(a->status, ArticleStatus::kDraft);
  EXPECT_EQ(a->dateline, "Karachi");
  ASSERT_EQ(a->tags.size(), 2u);
  EXPECT_EQ(a->tags[0].name, "Shipping");
  // The account writes under an author profile of its own.
  auto author = store_->find_author(a->author_id);
  ASSERT_TRUE(author);
  EXPECT_EQ(author->name, "Editor One");
  EXPECT_EQ(editorial_->revisions(id)->size(), 1u);
  EXPECT_TRUE(changes_.empty());  // nothing readers see changed
  auto list = b.get("/admin/articles");
  EXPECT_TRUE(contains(list.payload(), "Port reopens after storm"));
  EXPECT_TRUE(contains(list.payload(), "status-draft"));
}

TEST_F(ArticlesTest, InvalidFieldsAreReportedNextToTheFieldAndNothingIsStored) {
  add_user("ed@example.com", Role::kEditor);
  auto b = signed_in("ed@example.com");
  b.get("/admin/articles/new");
  auto r = b.post("/admin/articles/new", {{"csrf", b.csrf()},
                                          {"title", ""},
                                          {"slug", "Not A Slug!"},
                                          {"category", "999"},
                                          {"image_media_id", "42"},
                                          {"action", "save"}});
  EXPECT_EQ(r.status, 422u);
  EXPECT_TRUE(contains(r.payload(), "Enter a headline."));
  EXPECT_TRUE(contains(r.payload(), "Use lowercase letters"));
  EXPECT_TRUE(contains(r.payload(), "Choose a category from the list."));
  EXPECT_TRUE(contains(r.payload(), "That image is not in the media library."));
  EXPECT_TRUE(contains(r.payload(), "Not A Slug!"));  // the typed value is kept (escaped)
  EXPECT_EQ(editorial_->list_articles({})->total, 0);
}

TEST_F(ArticlesTest, ContributorCannotPublishButCanSubmitForReview) {
  add_user("c@example.com", Role::kContributor, "Cub Reporter");
  auto b = signed_in("c@example.com");
  const auto id = create(b, "Rains expected");
  auto refused = save(b, id, "publish");
  EXPECT_EQ(refused.status, 403u);
  EXPECT_EQ(status_of(id), ArticleStatus::kDraft);
  auto scheduled = save(b, id, "schedule", {{"publish_at", "2025-11-28T09:00"}});
  EXPECT_EQ(scheduled.status, 403u);
  EXPECT_EQ(status_of(id), ArticleStatus::kDraft);
  auto submitted = save(b, id, "submit");
  EXPECT_EQ(submitted.status, 303u);
  EXPECT_EQ(status_of(id), ArticleStatus::kPending);
  // The editor page offers no publish button to a contributor.
  auto page = b.get(fmt::format("/admin/articles/{}", id));
  EXPECT_FALSE(contains(page.payload(), "value=\"publish\""));
  EXPECT_TRUE(changes_.empty());
}

TEST_F(ArticlesTest, ContributorSeesAndEditsOnlyTheirOwnArticles) {
  add_user("ed@example.com", Role::kEditor, "Editor One");
  add_user("c@example.com", Role::kContributor, "Cub Reporter");
  auto editor = signed_in("ed@example.com");
  const auto theirs = create(editor, "Editor's own story");
  auto c = signed_in("c@example.com");
  create(c, "Contributor story");
  auto list = c.get("/admin/articles");
  EXPECT_TRUE(contains(list.payload(), "Contributor story"));
  EXPECT_FALSE(contains(list.payload(), "Editor&apos;s own story"));
  EXPECT_EQ(c.get(fmt::format("/admin/articles/{}", theirs)).status, 403u);
  auto before = *editorial_->article(theirs);
  c.get("/admin/articles");
  auto r =
      c.post(fmt::format("/admin/articles/{}", theirs),
             {{"csrf", c.csrf()}, {"version", "1"}, {"title", "Hijacked"}, {"action", "save"}});
  EXPECT_EQ(r.status, 403u);
  EXPECT_EQ(editorial_->article(theirs)->title, before.title);
}

TEST_F(ArticlesTest, AuthorPublishesOwnArticleAndReadersAreTold) {
  add_user("a@example.com", Role::kAuthor, "Staff Writer");
  auto b = signed_in("a@example.com");
  const auto id = create(b, "Budget passes");
  auto r = save(b, id, "publish");
  EXPECT_EQ(r.status, 303u);
  EXPECT_EQ(r.header("Location"), fmt::format("/admin/articles/{}?done=publish", id));
  auto a = *editorial_->article(id);
  EXPECT_EQ(a.status, ArticleStatus::kPublished);
  EXPECT_EQ(a.published_at, clock_.now_seconds());
  ASSERT_FALSE(changes_.empty());
  EXPECT_EQ(changes_.back(), std::vector<content::Id>{id});
  EXPECT_TRUE(store_->find_published_by_slug(a.slug));
  // Unpublish takes it away from readers again.
  changes_.clear();
  EXPECT_EQ(save(b, id, "unpublish").status, 303u);
  EXPECT_EQ(status_of(id), ArticleStatus::kDraft);
  EXPECT_FALSE(store_->find_published_by_slug(a.slug));
  EXPECT_EQ(changes_.size(), 1u);
}

TEST_F(ArticlesTest, PublishingRequiresAltTextForTheFeaturedImage) {
  add_user("ed@example.com", Role::kEditor);
  store::MediaItem m;
  m.hash = "00112233445566778899aabbccddeeff";
  m.width = 800;
  m.height = 600;
  m.source_format = "jpeg";
  m.variants = {{"00112233445566778899aabbccddeeff-640.webp", 640, 480, "image/webp", 10}};
  auto media = editorial_->add_media(m);
  ASSERT_TRUE(media);
  auto b = signed_in("ed@example.com");
  const auto id = create(b, "Harbour at dawn");
  auto r = save(b, id, "publish", {{"image_media_id", std::to_string(*media)}});
  EXPECT_EQ(r.status, 422u);
  EXPECT_TRUE(contains(r.payload(), "Describe the image"));
  EXPECT_EQ(status_of(id), ArticleStatus::kDraft);
  r = save(b, id, "publish",
           {{"image_media_id", std::to_string(*media)}, {"image_alt", "Boats at the quay"}});
  EXPECT_EQ(r.status, 303u);
  auto a = *editorial_->article(id);
  EXPECT_EQ(a.image_media_id, *media);
  EXPECT_EQ(a.image_alt, "Boats at the quay");
}

TEST_F(ArticlesTest, SecondSaveOfAStaleFormIsRefusedAndBothTextsAreKept) {
  add_user("one@example.com", Role::kEditor, "First Editor");
  add_user("two@example.com", Role::kEditor, "Second Editor");
  auto one = signed_in("one@example.com");
  auto two = signed_in("two@example.com");
  const auto id = create(one, "Flood toll rises");
  one.get(fmt::format("/admin/articles/{}", id));
  const auto one_csrf = one.csrf();
  two.get(fmt::format("/admin/articles/{}", id));
  const auto two_csrf = two.csrf();
  auto first = one.post(fmt::format("/admin/articles/{}", id), {{"csrf", one_csrf},
                                                                {"version", "1"},
                                                                {"title", "Flood toll rises"},
                                                                {"body", "First editor's text."},
                                                                {"action", "save"}});
  EXPECT_EQ(first.status, 303u);
  auto second = two.post(fmt::format("/admin/articles/{}", id), {{"csrf", two_csrf},
                                                                 {"version", "1"},
                                                                 {"title", "Flood toll rises"},
                                                                 {"body", "Second editor's text."},
                                                                 {"action", "save"}});
  EXPECT_EQ(second.status, 409u);
  EXPECT_TRUE(contains(second.payload(), "Someone else saved first"));
  EXPECT_TRUE(contains(second.payload(), "by First Editor"));
  EXPECT_TRUE(contains(second.payload(), ">First editor&apos;s text.</textarea>"));
  EXPECT_TRUE(contains(second.payload(), ">Second editor&apos;s text.</textarea>"));
  EXPECT_EQ(editorial_->article(id)->body_markdown, "First editor's text.");
}

TEST_F(ArticlesTest, AutosaveAnswersJsonAndKeepsOneRevision) {
  add_user("ed@example.com", Role::kEditor);
  auto b = signed_in("ed@example.com");
  const auto id = create(b, "Draft in progress");
  b.get(fmt::format("/admin/articles/{}", id));
  const auto csrf = b.csrf();
  std::int64_t version = 1;
  for (int i = 0; i < 3; ++i) {
    std::string body = "title=Draft+in+progress&version=" + std::to_string(version) +
                       "&body=take+" + std::to_string(i);
    auto r = b.request(
        "POST", fmt::format("/admin/articles/{}/autosave", id),
        {{"content-type", "application/x-www-form-urlencoded"}, {"x-csrf-token", csrf}}, body);
    ASSERT_EQ(r.status, 200u) << r.payload();
    EXPECT_EQ(r.header("Content-Type"), "application/json; charset=utf-8");
    auto v = boost::json::parse(r.payload()).as_object();
    version = v.at("version").as_int64();
    EXPECT_EQ(v.at("saved_at").as_string(), "00:00");
  }
  EXPECT_EQ(editorial_->article(id)->body_markdown, "take 2");
  EXPECT_EQ(editorial_->revisions(id)->size(), 2u);  // the creation and one autosave
  // A stale version is refused with a message, not saved over.
  auto stale =
      b.request("POST", fmt::format("/admin/articles/{}/autosave", id),
                {{"content-type", "application/x-www-form-urlencoded"}, {"x-csrf-token", csrf}},
                "title=Draft&version=1&body=old");
  EXPECT_EQ(stale.status, 409u);
  EXPECT_EQ(editorial_->article(id)->body_markdown, "take 2");
  // Without the CSRF header nothing happens.
  auto forged = b.request("POST", fmt::format("/admin/articles/{}/autosave", id),
                          {{"content-type", "application/x-www-form-urlencoded"}},
                          "title=Draft&version=4&body=forged");
  EXPECT_EQ(forged.status, 403u);
  EXPECT_EQ(editorial_->article(id)->body_markdown, "take 2");
}

TEST_F(ArticlesTest, RevisionShowsTheDiffAndRestoresIt) {
  add_user("ed@example.com", Role::kEditor);
  auto b = signed_in("ed@example.com");
  const auto id = create(b, "Original headline");
  EXPECT_EQ(save(b, id, "save", {{"title", "Changed headline"}, {"body", "New text."}}).status,
            303u);
  auto revs = *editorial_->revisions(id);
  ASSERT_EQ(revs.size(), 2u);
  const auto oldest = revs.back().id;
  auto page = b.get(fmt::format("/admin/articles/{}/revisions/{}", id, oldest));
  EXPECT_EQ(page.status, 200u);
  EXPECT_TRUE(contains(page.payload(), "<span class=\"diff-removed\">"));
  EXPECT_TRUE(contains(page.payload(), "Original headline"));
  auto restored = b.post(fmt::format("/admin/articles/{}/revisions/{}/restore", id, oldest),
                         {{"csrf", b.csrf()}});
  EXPECT_EQ(restored.status, 303u);
  auto a = *editorial_->article(id);
  EXPECT_EQ(a.title, "Original headline");
  EXPECT_EQ(a.body_markdown, "The port reopened on Monday.\n\nShips queued overnight.");
  EXPECT_EQ(editorial_->revisions(id)->front().kind, store::RevisionKind::kRestore);
}

TEST_F(ArticlesTest, PreviewIsTheSiteRendererAndStripsScripts) {
  add_user("ed@example.com", Role::kEditor);
  auto b = signed_in("ed@example.com");
  b.get("/admin/articles/new");
  auto r = b.request(
      "POST", "/admin/articles/preview",
      {{"content-type", "application/x-www-form-urlencoded"}, {"x-csrf-token", b.csrf()}},
      "dateline=Lahore&body=" + core::url_encode("Hello **world**.\n\n<script>alert(1)</script>\n\n"
                                                 "[x](javascript:alert(2))"));
  EXPECT_EQ(r.status, 200u);
  EXPECT_TRUE(contains(r.payload(), "<strong>world</strong>"));
  EXPECT_TRUE(contains(r.payload(), "Lahore ("));
  EXPECT_FALSE(contains(r.payload(), "<script"));
  EXPECT_FALSE(contains(r.payload(), "javascript:"));
}

TEST_F(ArticlesTest, ReadMorePickerFindsPublishedArticlesOnly) {
  add_user("ed@example.com", Role::kEditor);
  auto b = signed_in("ed@example.com");
  const auto live = create(b, "Monsoon arrives early");
  ASSERT_EQ(save(b, live, "publish").status, 303u);
  create(b, "Monsoon draft not public");
  auto r = b.get("/admin/articles/read-more?q=monsoon");
  ASSERT_EQ(r.status, 200u);
  auto v = boost::json::parse(r.payload()).as_object();
  const auto& results = v.at("results").as_array();
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].at("title").as_string(), "Monsoon arrives early");
  EXPECT_EQ(results[0].at("url").as_string(), "/monsoon-arrives-early/");
}

TEST_F(ArticlesTest, TagSuggestionsComeFromEveryTag) {
  add_user("ed@example.com", Role::kEditor);
  auto b = signed_in("ed@example.com");
  create(b, "Anything");
  auto r = b.get("/admin/articles/tags?q=eco");
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(r.payload(), "{\"tags\":[\"Economy\"]}");
}

TEST_F(ArticlesTest, ListFiltersByStatusAndText) {
  add_user("ed@example.com", Role::kEditor);
  auto b = signed_in("ed@example.com");
  const auto live = create(b, "Cabinet reshuffle");
  ASSERT_EQ(save(b, live, "publish").status, 303u);
  create(b, "Cricket final");
  auto published = b.get("/admin/articles?status=published");
  EXPECT_TRUE(contains(published.payload(), "Cabinet reshuffle"));
  EXPECT_FALSE(contains(published.payload(), "Cricket final"));
  auto text = b.get("/admin/articles?q=cricket");
  EXPECT_TRUE(contains(text.payload(), "Cricket final"));
  EXPECT_FALSE(contains(text.payload(), "Cabinet reshuffle"));
  auto tag = b.get("/admin/articles?tag=shipping");
  EXPECT_TRUE(contains(tag.payload(), "2 matching"));
}

TEST_F(ArticlesTest, SchedulingNeedsAFutureTime) {
  add_user("ed@example.com", Role::kEditor);
  auto b = signed_in("ed@example.com");
  const auto id = create(b, "Results at noon");
  auto past = save(b, id, "schedule", {{"publish_at", "2025-11-26T09:00"}});
  EXPECT_EQ(past.status, 422u);
  EXPECT_TRUE(contains(past.payload(), "Choose a time in the future"));
  auto garbage = save(b, id, "schedule", {{"publish_at", "tomorrow-ish"}});
  EXPECT_EQ(garbage.status, 422u);
  auto ok = save(b, id, "schedule", {{"publish_at", "2025-11-27T12:00"}});
  EXPECT_EQ(ok.status, 303u);
  auto a = *editorial_->article(id);
  EXPECT_EQ(a.status, ArticleStatus::kScheduled);
  EXPECT_EQ(a.published_at, kStart + std::chrono::hours{12});  // site time zone is UTC here
}

}  // namespace
}  // namespace dateline::admin
