// The categories and tags page: who may use it, adding and renaming categories, their order (which
// the public site's menu follows) and tags.
#include <gtest/gtest.h>

#include "admin/admin_fixture.h"
#include "site/site.h"

namespace dateline::admin {
namespace {

using namespace testing_support;

class TaxonomyTest : public AdminTest {
 protected:
  http::Response send(Browser& b, const std::string& target, Fields fields) {
    fields.emplace_back("csrf", b.csrf());
    return b.post(target, fields);
  }
  content::Category category(const std::string& name) {
    content::Category c;
    c.name = name;
    auto saved = editorial_->save_category(c);
    EXPECT_TRUE(saved) << saved.error().message;
    return saved ? *saved : content::Category{};
  }
  std::vector<std::string> order() {
    std::vector<std::string> names;
    const auto all = store_->list_categories();
    for (const auto& c : *all) names.push_back(c.name);
    return names;
  }
  // The public home page's section menu, as link texts in order.
  std::vector<std::string> public_menu() {
    site::Site site(*store_, *theme_, clock_, site::SiteOptions{});
    EXPECT_TRUE(site.invalidate());
    http::Request r;
    r.method = "GET";
    r.target = r.path = "/";
    const auto html = std::string(site.handle(r).payload());
    const auto start = html.find("aria-label=\"Sections\"");
    const auto end = html.find("</nav>", start);
    std::vector<std::string> out;
    for (auto at = html.find("<a href=", start); at < end; at = html.find("<a href=", at + 1)) {
      const auto gt = html.find('>', at);
      out.push_back(html.substr(gt + 1, html.find("</a>", gt) - gt - 1));
    }
    return out;
  }
};

TEST_F(TaxonomyTest, OnlyEditorsAndAdminsManageCategoriesAndTags) {
  const auto world = category("World");
  for (auto role : {Role::kContributor, Role::kAuthor}) {
    SCOPED_TRACE(auth::role_name(role));
    const auto email = fmt::format("{}@example.com", auth::role_name(role));
    add_user(email, role);
    auto b = signed_in(email);
    EXPECT_EQ(b.get("/admin/categories").status, 403u);
    EXPECT_EQ(send(b, "/admin/categories/new", {{"name", "Gossip"}}).status, 403u);
    EXPECT_EQ(send(b, fmt::format("/admin/categories/{}", world.id),
                   {{"name", "Renamed"}, {"slug", "renamed"}})
                  .status,
              403u);
    EXPECT_EQ(
        send(b, fmt::format("/admin/categories/{}/move", world.id), {{"direction", "down"}}).status,
        403u);
    EXPECT_EQ(send(b, "/admin/categories/tags", {{"name", "sneaky"}}).status, 403u);
    EXPECT_FALSE(contains(b.get("/admin").payload(), "href=\"/admin/categories\""));
  }
  EXPECT_EQ(order(), std::vector<std::string>{"World"});
  EXPECT_TRUE(editorial_->find_tags("", 10)->empty());
  EXPECT_TRUE(changes_.empty());

  for (auto role : {Role::kEditor, Role::kAdmin}) {
    const auto email = fmt::format("{}@example.com", auth::role_name(role));
    add_user(email, role);
    auto b = signed_in(email);
    EXPECT_EQ(b.get("/admin/categories").status, 200u);
    EXPECT_TRUE(contains(b.get("/admin").payload(), "href=\"/admin/categories\""));
  }
}

TEST_F(TaxonomyTest, AddingAndRenamingCategoriesChecksNameAndAddress) {
  add_user("ed@example.com", Role::kEditor);
  const auto world = category("World");
  auto b = signed_in("ed@example.com");
  b.get("/admin/categories");
  auto r = send(b, "/admin/categories/new", {{"name", "Business & Economy"}, {"slug", ""}});
  ASSERT_EQ(r.status, 303u) << r.payload();
  EXPECT_EQ(order(), (std::vector<std::string>{"World", "Business & Economy"}));
  EXPECT_TRUE(store_->find_category_by_slug("business-economy"));
  ASSERT_EQ(changes_.size(), 1u);
  EXPECT_TRUE(changes_.back().empty());

  b.get("/admin/categories");
  r = send(b, "/admin/categories/new", {{"name", ""}, {"slug", "Bad Slug"}});
  EXPECT_EQ(r.status, 422u);
  EXPECT_TRUE(contains(r.payload(), "id=\"new-name-error\""));
  EXPECT_TRUE(contains(r.payload(), "id=\"new-slug-error\""));
  b.get("/admin/categories");
  r = send(b, "/admin/categories/new", {{"name", "Planet"}, {"slug", "world"}});
  EXPECT_EQ(r.status, 422u);
  EXPECT_TRUE(contains(r.payload(), "The address &quot;world&quot; is already used by World."));
  EXPECT_TRUE(contains(r.payload(), "value=\"Planet\""));  // what was typed comes back
  EXPECT_EQ(order().size(), 2u);

  const auto row = fmt::format("/admin/categories/{}", world.id);
  b.get("/admin/categories");
  r = send(b, row, {{"name", "World news"}, {"slug", "business-economy"}});
  EXPECT_EQ(r.status, 422u);
  EXPECT_TRUE(contains(r.payload(), fmt::format("id=\"cat-{}-slug-error\"", world.id)));
  b.get("/admin/categories");
  r = send(b, row, {{"name", "World news"}, {"slug", "world-news"}});
  EXPECT_EQ(r.status, 303u);
  auto renamed = store_->find_category_by_slug("world-news");
  ASSERT_TRUE(renamed);
  EXPECT_EQ(renamed->id, world.id);
  EXPECT_EQ(renamed->name, "World news");
  EXPECT_EQ(send(b, "/admin/categories/999", {{"name", "X"}}).status, 404u);
}

TEST_F(TaxonomyTest, UpAndDownReorderTheCategoriesAndThePublicMenuFollows) {
  add_user("ed@example.com", Role::kEditor);
  const auto world = category("World");
  const auto sport = category("Sport");
  const auto climate = category("Climate");
  EXPECT_EQ(public_menu(), (std::vector<std::string>{"World", "Sport", "Climate"}));
  auto b = signed_in("ed@example.com");
  auto page = b.get("/admin/categories");
  // The first has no Up button, the last no Down button.
  EXPECT_FALSE(contains(page.payload(), "move World one place up"));
  EXPECT_TRUE(contains(page.payload(), "move World one place down"));
  EXPECT_FALSE(contains(page.payload(), "move Climate one place down"));

  auto r = send(b, fmt::format("/admin/categories/{}/move", climate.id), {{"direction", "up"}});
  ASSERT_EQ(r.status, 303u) << r.payload();
  EXPECT_EQ(order(), (std::vector<std::string>{"World", "Climate", "Sport"}));
  b.get("/admin/categories");
  send(b, fmt::format("/admin/categories/{}/move", world.id), {{"direction", "down"}});
  EXPECT_EQ(order(), (std::vector<std::string>{"Climate", "World", "Sport"}));
  EXPECT_EQ(public_menu(), (std::vector<std::string>{"Climate", "World", "Sport"}));
  EXPECT_EQ(changes_.size(), 2u);

  // Past either end nothing moves.
  b.get("/admin/categories");
  send(b, fmt::format("/admin/categories/{}/move", sport.id), {{"direction", "down"}});
  b.get("/admin/categories");
  r = send(b, fmt::format("/admin/categories/{}/move", sport.id), {{"direction", "sideways"}});
  EXPECT_EQ(r.status, 422u);
  EXPECT_EQ(order(), (std::vector<std::string>{"Climate", "World", "Sport"}));
}

TEST_F(TaxonomyTest, TagsAreListedAndAdded) {
  add_user("ed@example.com", Role::kEditor);
  auto water = editorial_->ensure_tag("Water");
  ASSERT_TRUE(water);
  auto b = signed_in("ed@example.com");
  auto page = b.get("/admin/categories");
  // Each tag leads to its page in the back office (rename, merge, delete).
  EXPECT_TRUE(contains(page.payload(),
                       fmt::format("<a href=\"/admin/categories/tags/{}\">Water</a>", water->id)));
  auto r = send(b, "/admin/categories/tags", {{"name", "  Indus Treaty "}});
  ASSERT_EQ(r.status, 303u) << r.payload();
  EXPECT_EQ(r.header("Location"), "/admin/categories?done=tag#tags");
  EXPECT_TRUE(contains(b.get("/admin/categories?done=tag").payload(), "Tag added."));
  EXPECT_TRUE(store_->find_tag_by_slug("indus-treaty"));
  b.get("/admin/categories");
  r = send(b, "/admin/categories/tags", {{"name", "water"}});
  EXPECT_EQ(r.status, 303u);
  EXPECT_EQ(r.header("Location"), "/admin/categories?done=tag-exists#tags");
  EXPECT_TRUE(contains(b.get("/admin/categories?done=tag-exists").payload(), "already exists"));
  b.get("/admin/categories");
  r = send(b, "/admin/categories/tags", {{"name", "!!!"}});
  EXPECT_EQ(r.status, 422u);
  EXPECT_TRUE(contains(r.payload(), "id=\"tag-name-error\""));
  EXPECT_EQ(editorial_->find_tags("", 10)->size(), 2u);
}

TEST_F(TaxonomyTest, EditorsRenameMergeAndDeleteTagsAndOldAddressesRedirect) {
  add_user("ed@example.com", Role::kEditor);
  add_user("au@example.com", Role::kAuthor);
  auto polls = editorial_->ensure_tag("Polls");
  auto vote = editorial_->ensure_tag("Vote");
  ASSERT_TRUE(polls && vote);
  content::Author writer;
  writer.name = "Amna Rauf";
  auto saved_writer = editorial_->save_author(writer);
  ASSERT_TRUE(saved_writer);
  content::Article a;
  a.author_id = saved_writer->id;
  a.title = "Turnout climbs";
  a.body_markdown = "Queues at dawn.";
  a.status = content::ArticleStatus::kPublished;
  a.published_at = kStart;
  a.tags = {*polls};
  auto created = editorial_->create_article(a, store::Editor{0});
  ASSERT_TRUE(created) << created.error().message;

  auto author = signed_in("au@example.com", "198.51.100.40");
  EXPECT_EQ(author.get(fmt::format("/admin/categories/tags/{}", polls->id)).status, 403u);
  author.get("/admin");
  EXPECT_EQ(
      send(author, fmt::format("/admin/categories/tags/{}/delete", polls->id), {{"confirm", "yes"}})
          .status,
      403u);
  EXPECT_TRUE(editorial_->tag(polls->id));

  auto b = signed_in("ed@example.com");
  EXPECT_TRUE(contains(b.get("/admin/categories").payload(),
                       fmt::format("href=\"/admin/categories/tags/{}\"", polls->id)));
  auto page = b.get(fmt::format("/admin/categories/tags/{}", polls->id));
  ASSERT_EQ(page.status, 200u);
  EXPECT_TRUE(contains(page.payload(), "1 articles"));
  // Onto another tag's address: refused, pointing at merging.
  auto clash = send(b, fmt::format("/admin/categories/tags/{}", polls->id),
                    {{"name", "Vote"}, {"slug", "vote"}});
  EXPECT_EQ(clash.status, 409u);
  EXPECT_TRUE(contains(clash.payload(), "merge this one into it"));
  auto bad = send(b, fmt::format("/admin/categories/tags/{}", polls->id),
                  {{"name", "Polls"}, {"slug", "Bad Slug!"}});
  EXPECT_EQ(bad.status, 422u);

  changes_.clear();
  auto r = send(b, fmt::format("/admin/categories/tags/{}", polls->id),
                {{"name", "General Election"}, {"slug", ""}});
  ASSERT_EQ(r.status, 303u) << r.payload();
  EXPECT_EQ(editorial_->tag(polls->id)->slug, "general-election");
  ASSERT_EQ(changes_.size(), 1u);
  EXPECT_EQ(changes_[0], std::vector<content::Id>{created->id});

  // The public site: the old address redirects, the new one lists the article.
  site::Site site(*store_, *theme_, clock_, site::SiteOptions{});
  ASSERT_TRUE(site.invalidate());
  const auto get = [&](const std::string& path) {
    http::Request req;
    req.method = "GET";
    req.target = req.path = path;
    return site.handle(req);
  };
  auto moved = get("/tag/polls/");
  EXPECT_EQ(moved.status, 301u);
  EXPECT_EQ(moved.header("Location"), "/tag/general-election/");
  EXPECT_EQ(get("/tag/polls/page/2/").header("Location"), "/tag/general-election/page/2/");
  auto listed = get("/tag/general-election/");
  EXPECT_EQ(listed.status, 200u);
  EXPECT_TRUE(contains(listed.payload(), "Turnout climbs"));

  // Merge into "Vote": the article now carries Vote, both old addresses lead there.
  auto unknown =
      send(b, fmt::format("/admin/categories/tags/{}/merge", polls->id), {{"into", "No Such Tag"}});
  EXPECT_EQ(unknown.status, 422u);
  ASSERT_EQ(
      send(b, fmt::format("/admin/categories/tags/{}/merge", polls->id), {{"into", "vote"}}).status,
      303u);
  EXPECT_FALSE(editorial_->tag(polls->id));
  ASSERT_EQ(editorial_->article(created->id)->tags.size(), 1u);
  EXPECT_EQ(editorial_->article(created->id)->tags[0].name, "Vote");
  ASSERT_TRUE(site.invalidate());
  EXPECT_EQ(get("/tag/general-election/").header("Location"), "/tag/vote/");
  EXPECT_EQ(get("/tag/polls/").header("Location"), "/tag/vote/");

  // Delete, with the box ticked.
  EXPECT_EQ(send(b, fmt::format("/admin/categories/tags/{}/delete", vote->id), {}).status, 422u);
  ASSERT_EQ(send(b, fmt::format("/admin/categories/tags/{}/delete", vote->id), {{"confirm", "yes"}})
                .status,
            303u);
  EXPECT_FALSE(editorial_->tag(vote->id));
  EXPECT_TRUE(editorial_->article(created->id)->tags.empty());
  ASSERT_TRUE(site.invalidate());
  EXPECT_EQ(get("/tag/vote/").status, 404u);
  EXPECT_EQ(get("/tag/polls/").status, 404u);
  EXPECT_EQ(b.get("/admin/categories/tags/999").status, 404u);
}

}  // namespace
}  // namespace dateline::admin
