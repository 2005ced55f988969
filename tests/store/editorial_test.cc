#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/strings.h"
#include "store/sqlite/sqlite_editorial.h"
#include "testing/fake_clock.h"
#include "testing/list_totals.h"
#include "testing/temp_dir.h"

namespace dateline::store::sqlite {
namespace {

using content::ArticleStatus;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const core::TimePoint kEpoch{std::chrono::seconds{1714521600}};  // 2024-05-01T00:00:00Z

class EditorialTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = SqliteStore::open((dir_.path() / "t.db").string());
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    editorial_ = std::make_unique<SqliteEditorial>(*store_, clock_);
    Author author;
    author.name = "Amna Rauf";
    auto saved = editorial_->save_author(author);
    ASSERT_TRUE(saved) << saved.error().message;
    author_id_ = saved->id;
  }

  Article draft(std::string title) {
    Article a;
    a.title = std::move(title);
    a.body_markdown = "First paragraph.";
    a.author_id = author_id_;
    return a;
  }

  Article create(const Article& a) {
    auto created = editorial_->create_article(a, Editor{0});
    EXPECT_TRUE(created) << created.error().message;
    return created ? *created : Article{};
  }

  std::int64_t content_version() { return store_->content_version().value_or(-1); }

  testing::TempDir dir_;
  testing::FakeClock clock_{std::chrono::system_clock::time_point(kEpoch.time_since_epoch())};
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<SqliteEditorial> editorial_;
  Id author_id_ = 0;
};

TEST_F(EditorialTest, CreateDerivesAUniqueSlugFromTheHeadline) {
  const auto a = create(draft("Rain Floods the Old City"));
  const auto b = create(draft("Rain Floods the Old City"));
  EXPECT_EQ(a.slug, "rain-floods-the-old-city");
  EXPECT_EQ(b.slug, "rain-floods-the-old-city-2");
  EXPECT_EQ(a.version, 1);
  EXPECT_EQ(a.status, ArticleStatus::kDraft);
}

TEST_F(EditorialTest, NonLatinHeadlinesGetAsciiSlugs) {
  const auto a = create(draft("اسلام آباد میں بارش"));
  EXPECT_FALSE(a.slug.empty());
  for (char c : a.slug) EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
}

TEST_F(EditorialTest, SecondSaveOnAStaleVersionIsRefusedAndNothingIsOverwritten) {
  auto a = create(draft("Budget talks"));
  auto first = a;
  auto second = a;
  first.body_markdown = "Text from the first editor.";
  second.body_markdown = "Text from the second editor.";
  auto saved = editorial_->update_article(first, Editor{0}, RevisionKind::kSave);
  ASSERT_TRUE(saved) << saved.error().message;
  EXPECT_EQ(saved->version, 2);
  auto refused = editorial_->update_article(second, Editor{0}, RevisionKind::kSave);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::Errc::kConflict);
  EXPECT_THAT(refused.error().message, HasSubstr("after you opened it"));
  auto stored = editorial_->article(a.id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->body_markdown, "Text from the first editor.");
  EXPECT_EQ(stored->version, 2);
}

TEST_F(EditorialTest, EverySaveIsARevisionAndAutosavesCoalesce) {
  auto a = create(draft("Harbour strike"));
  for (int i = 0; i < 3; ++i) {
    a.body_markdown = "autosaved " + std::to_string(i);
    auto saved = editorial_->update_article(a, Editor{0}, RevisionKind::kAutosave);
    ASSERT_TRUE(saved) << saved.error().message;
    a = *saved;
  }
  a.body_markdown = "saved by hand";
  auto saved = editorial_->update_article(a, Editor{0}, RevisionKind::kSave);
  ASSERT_TRUE(saved);
  auto revs = editorial_->revisions(a.id);
  ASSERT_TRUE(revs);
  ASSERT_EQ(revs->size(), 3u);  // create, one coalesced autosave, the manual save
  EXPECT_EQ((*revs)[0].kind, RevisionKind::kSave);
  EXPECT_EQ((*revs)[0].body_markdown, "saved by hand");
  EXPECT_EQ((*revs)[1].kind, RevisionKind::kAutosave);
  EXPECT_EQ((*revs)[1].body_markdown, "autosaved 2");
  EXPECT_EQ((*revs)[2].body_markdown, "First paragraph.");
  auto one = editorial_->revision((*revs)[2].id);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->title, "Harbour strike");
}

TEST_F(EditorialTest, SlugTakenByAnotherArticleIsAConflict) {
  const auto a = create(draft("One"));
  auto b = create(draft("Two"));
  b.slug = a.slug;
  auto r = editorial_->update_article(b, Editor{0}, RevisionKind::kSave);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Errc::kConflict);
  EXPECT_THAT(r.error().message, HasSubstr(a.slug));
}

TEST_F(EditorialTest, DraftSavesDoNotTouchReadersCachesButPublishingDoes) {
  auto a = create(draft("Quiet draft"));
  const auto before = content_version();
  a.body_markdown = "edited";
  a = *editorial_->update_article(a, Editor{0}, RevisionKind::kSave);
  EXPECT_EQ(content_version(), before);
  a.status = ArticleStatus::kPublished;
  a.published_at = kEpoch;
  a = *editorial_->update_article(a, Editor{0}, RevisionKind::kSave);
  EXPECT_GT(content_version(), before);
  EXPECT_TRUE(store_->find_published_by_slug(a.slug));
}

TEST_F(EditorialTest, ScheduledArticlesGoLiveWhenDue) {
  auto a = draft("Election results at noon");
  a.status = ArticleStatus::kScheduled;
  a.published_at = kEpoch + std::chrono::hours{2};
  const auto created = create(a);
  EXPECT_FALSE(store_->find_published_by_slug(created.slug));
  auto next = editorial_->next_scheduled();
  ASSERT_TRUE(next && *next);
  EXPECT_EQ(**next, kEpoch + std::chrono::hours{2});
  auto none = editorial_->publish_due(kEpoch + std::chrono::hours{1});
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  auto due = editorial_->publish_due(kEpoch + std::chrono::hours{2});
  ASSERT_TRUE(due);
  EXPECT_THAT(*due, ElementsAre(created.id));
  EXPECT_TRUE(store_->find_published_by_slug(created.slug));
  SearchQuery q;
  q.text = "election results";
  EXPECT_EQ(store_->search_published(q)->total, 1);  // readers' search finds it at once
  EXPECT_FALSE(*editorial_->next_scheduled());
}

TEST_F(EditorialTest, ListFiltersByStatusAuthorTagAndText) {
  auto t = editorial_->ensure_tag("Floods");
  ASSERT_TRUE(t);
  auto a = draft("River rises in Sindh");
  a.tags = {*t};
  a.body_markdown = "Barrage gates opened.";
  create(a);
  auto b = draft("Cricket series opens");
  b.status = ArticleStatus::kPending;
  create(b);
  ArticleFilter f;
  f.status = ArticleStatus::kPending;
  auto pending = editorial_->list_articles(f);
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->total, 1);
  EXPECT_EQ(pending->items[0].title, "Cricket series opens");
  ArticleFilter by_tag;
  by_tag.tag_id = t->id;
  EXPECT_EQ(editorial_->list_articles(by_tag)->total, 1);
  ArticleFilter text;
  text.text = "barrage";
  auto found = editorial_->list_articles(text);
  ASSERT_TRUE(found);
  ASSERT_EQ(found->total, 1);
  EXPECT_EQ(found->items[0].title, "River rises in Sindh");
  // Published articles are found through the full-text index too.
  auto live = draft("Barrage repairs finished");
  live.status = ArticleStatus::kPublished;
  live.published_at = kEpoch;
  create(live);
  EXPECT_EQ(editorial_->list_articles(text)->total, 2);
  ArticleFilter hostile;
  hostile.text = "\"unbalanced AND (";
  EXPECT_TRUE(editorial_->list_articles(hostile));
}

TEST_F(EditorialTest, TagsAutocompleteByPrefix) {
  ASSERT_TRUE(editorial_->ensure_tag("Economy"));
  ASSERT_TRUE(editorial_->ensure_tag("Elections"));
  ASSERT_TRUE(editorial_->ensure_tag("Sports"));
  ASSERT_TRUE(editorial_->ensure_tag("economy"));  // same slug: no duplicate
  auto tags = editorial_->find_tags("E", 10);
  ASSERT_TRUE(tags);
  ASSERT_EQ(tags->size(), 2u);
  EXPECT_EQ((*tags)[0].name, "Economy");
  EXPECT_TRUE(editorial_->find_tags("%", 10)->empty());
  EXPECT_FALSE(editorial_->ensure_tag("   "));
}

TEST_F(EditorialTest, AuthorsLinkToOneAccountEach) {
  auto users = store_->write_sql([](Db& db) {
    return db.exec(
        "INSERT INTO users(id, email, name, role, password_hash, created_at) VALUES "
        "(7, 'a@x.test', 'A', 'author', 'x', 0)");
  });
  ASSERT_TRUE(users) << users.error().message;
  auto author = *editorial_->article(create(draft("x")).id);
  Author linked = *store_->find_author(author_id_);
  linked.user_id = 7;
  linked.bio = "Covers <b>courts</b>.";
  ASSERT_TRUE(editorial_->save_author(linked));
  auto found = editorial_->author_for_user(7);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->bio, "Covers <b>courts</b>.");
  Author other;
  other.name = "Second";
  other.user_id = 7;
  auto refused = editorial_->save_author(other);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::Errc::kConflict);
}

TEST_F(EditorialTest, CategoriesAreOrdered) {
  Category c1;
  c1.name = "World";
  Category c2;
  c2.name = "Sport";
  auto a = editorial_->save_category(c1);
  auto b = editorial_->save_category(c2);
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(editorial_->order_categories({b->id, a->id}));
  auto cats = store_->list_categories();
  ASSERT_TRUE(cats);
  ASSERT_EQ(cats->size(), 2u);
  EXPECT_EQ((*cats)[0].name, "Sport");
  EXPECT_FALSE(editorial_->order_categories({999}));
}

TEST_F(EditorialTest, MediaRoundTripsAndSearches) {
  MediaItem m;
  m.hash = "0123456789abcdef0123456789abcdef";
  m.original_name = "harbour.jpg";
  m.alt = "Ships at the harbour";
  m.width = 1600;
  m.height = 900;
  m.source_format = "jpeg";
  m.variants = {{"0123456789abcdef0123456789abcdef-320.webp", 320, 180, "image/webp", 1000},
                {"0123456789abcdef0123456789abcdef-320.jpg", 320, 180, "image/jpeg", 2000}};
  m.bytes = 3000;
  m.created_at = kEpoch;
  auto id = editorial_->add_media(m);
  ASSERT_TRUE(id) << id.error().message;
  auto back = editorial_->media(*id);
  ASSERT_TRUE(back);
  ASSERT_EQ(back->variants.size(), 2u);
  EXPECT_EQ(back->variants[1].mime, "image/jpeg");
  EXPECT_EQ(back->variants[1].bytes, 2000);
  EXPECT_EQ(editorial_->list_media("ships", 10, 0)->total, 1);
  EXPECT_EQ(editorial_->list_media("nothing", 10, 0)->total, 0);
  EXPECT_TRUE(*editorial_->media_by_hash(m.hash));
  ASSERT_TRUE(editorial_->update_media_text(*id, "New alt", "Caption"));
  EXPECT_EQ(editorial_->media(*id)->caption, "Caption");
  EXPECT_FALSE(editorial_->add_media(m));  // same hash twice
}

TEST_F(EditorialTest, ApiTokensCanBeRevoked) {
  ASSERT_TRUE(store_->write_sql([](Db& db) {
    return db.exec(
        "INSERT INTO users(id, email, name, role, password_hash, created_at) VALUES "
        "(3, 'e@x.test', 'E', 'editor', 'x', 0)");
  }));
  auto token = editorial_->add_api_token(3, "CMS bridge", "hash-1", kEpoch);
  ASSERT_TRUE(token);
  auto used = editorial_->use_api_token("hash-1", kEpoch + std::chrono::seconds{5});
  ASSERT_TRUE(used);
  EXPECT_EQ(used->user_id, 3);
  EXPECT_FALSE(editorial_->revoke_api_token(token->id, 4, kEpoch));  // someone else's
  ASSERT_TRUE(editorial_->revoke_api_token(token->id, 3, kEpoch));
  auto refused = editorial_->use_api_token("hash-1", kEpoch);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::Errc::kUnauthenticated);
  auto listed = editorial_->api_tokens(3);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_TRUE((*listed)[0].revoked_at);
}

TEST_F(EditorialTest, ATokensUseIsWrittenAtMostOnceAMinute) {
  ASSERT_TRUE(store_->write_sql([](Db& db) {
    return db.exec(
        "INSERT INTO users(id, email, name, role, password_hash, created_at) VALUES "
        "(3, 'e@x.test', 'E', 'editor', 'x', 0)");
  }));
  ASSERT_TRUE(editorial_->add_api_token(3, "Wire feed", "hash-2", kEpoch));
  const auto last_used = [&] { return editorial_->api_tokens(3)->at(0).last_used_at; };
  EXPECT_FALSE(last_used());
  ASSERT_TRUE(editorial_->use_api_token("hash-2", kEpoch + std::chrono::seconds{10}));
  EXPECT_EQ(last_used(), kEpoch + std::chrono::seconds{10});  // first use: written at once
  auto again = editorial_->use_api_token("hash-2", kEpoch + std::chrono::seconds{40});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->last_used_at, kEpoch + std::chrono::seconds{10});
  EXPECT_EQ(last_used(), kEpoch + std::chrono::seconds{10});  // 30 s later: not written
  ASSERT_TRUE(editorial_->use_api_token("hash-2", kEpoch + std::chrono::seconds{75}));
  EXPECT_EQ(last_used(), kEpoch + std::chrono::seconds{75});  // a minute on: written
}

TEST_F(EditorialTest, DeleteNeedsTheCurrentVersion) {
  auto a = create(draft("Gone"));
  EXPECT_FALSE(editorial_->delete_article(a.id, a.version + 1));
  ASSERT_TRUE(editorial_->delete_article(a.id, a.version));
  EXPECT_FALSE(editorial_->article(a.id));
  EXPECT_TRUE(editorial_->revisions(a.id)->empty());
}

}  // namespace
TEST_F(EditorialTest, RenamingATagReindexesItsArticlesAndKeepsTheOldAddress) {
  auto t = editorial_->ensure_tag("Polls");
  ASSERT_TRUE(t);
  auto live = draft("Turnout climbs in Lahore");
  live.status = ArticleStatus::kPublished;
  live.published_at = kEpoch;
  live.tags = {*t};
  const auto published = create(live);
  auto hidden = draft("Draft about turnout");
  hidden.tags = {*t};
  create(hidden);
  EXPECT_EQ(*editorial_->count_tagged(t->id), 2);
  const auto before = content_version();

  Tag renamed = *t;
  renamed.name = "General Election";
  renamed.slug = "general-election";
  auto affected = editorial_->rename_tag(renamed);
  ASSERT_TRUE(affected) << affected.error().message;
  EXPECT_THAT(*affected, ElementsAre(published.id));  // published articles only
  EXPECT_GT(content_version(), before);
  EXPECT_EQ(store_->find_tag_by_slug("general-election")->name, "General Election");
  EXPECT_FALSE(store_->find_tag_by_slug("polls"));
  auto former = store_->find_tag_by_former_slug("polls");
  ASSERT_TRUE(former);
  EXPECT_EQ(former->slug, "general-election");
  // Search sees the new name through the full-text index.
  SearchQuery q;
  q.text = "general election";
  auto found = store_->search_published(q);
  ASSERT_TRUE(found);
  ASSERT_EQ(found->total, 1);
  EXPECT_EQ(found->hits[0].article.id, published.id);

  // Taking the old slug again makes it a live tag's address, not a former one.
  renamed.slug = "polls";
  ASSERT_TRUE(editorial_->rename_tag(renamed));
  EXPECT_FALSE(store_->find_tag_by_former_slug("polls"));
  EXPECT_EQ(store_->find_tag_by_former_slug("general-election")->slug, "polls");
}

TEST_F(EditorialTest, RenamingATagOntoAnotherTagsAddressIsAConflict) {
  auto a = editorial_->ensure_tag("Election");
  auto b = editorial_->ensure_tag("Elections");
  ASSERT_TRUE(a && b);
  Tag clash = *a;
  clash.slug = b->slug;
  auto r = editorial_->rename_tag(clash);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Errc::kConflict);
  EXPECT_EQ(editorial_->tag(a->id)->slug, "election");
  clash.slug = "Not A Slug";
  EXPECT_EQ(editorial_->rename_tag(clash).error().code, core::Errc::kInvalidArgument);
  Tag missing{999, "ghost", "Ghost"};
  EXPECT_EQ(editorial_->rename_tag(missing).error().code, core::Errc::kNotFound);
}

TEST_F(EditorialTest, MergingMovesArticlesOnceAndRedirectsTheOldAddress) {
  auto from = editorial_->ensure_tag("Election");
  auto into = editorial_->ensure_tag("Elections");
  ASSERT_TRUE(from && into);
  auto one = draft("Polling stations open");
  one.status = ArticleStatus::kPublished;
  one.published_at = kEpoch;
  one.tags = {*from};
  const auto first = create(one);
  auto both = draft("Results trickle in");
  both.status = ArticleStatus::kPublished;
  both.published_at = kEpoch;
  both.tags = {*from, *into};
  const auto second = create(both);
  auto merged = editorial_->merge_tag(from->id, into->id);
  ASSERT_TRUE(merged) << merged.error().message;
  EXPECT_THAT(*merged, ElementsAre(first.id, second.id));
  EXPECT_FALSE(editorial_->tag(from->id));
  EXPECT_EQ(*editorial_->count_tagged(into->id), 2);
  EXPECT_EQ(editorial_->article(second.id)->tags.size(), 1u);
  EXPECT_EQ(store_->find_tag_by_former_slug("election")->id, into->id);
  EXPECT_EQ(editorial_->merge_tag(into->id, into->id).error().code, core::Errc::kInvalidArgument);
}

TEST_F(EditorialTest, DeletingATagTakesItOffItsArticles) {
  auto t = editorial_->ensure_tag("Rumours");
  ASSERT_TRUE(t);
  auto a = draft("Cabinet reshuffle denied");
  a.status = ArticleStatus::kPublished;
  a.published_at = kEpoch;
  a.tags = {*t};
  const auto article = create(a);
  auto gone = editorial_->delete_tag(t->id);
  ASSERT_TRUE(gone) << gone.error().message;
  EXPECT_THAT(*gone, ElementsAre(article.id));
  EXPECT_TRUE(editorial_->article(article.id)->tags.empty());
  EXPECT_FALSE(store_->find_tag_by_slug("rumours"));
  SearchQuery q;
  q.text = "rumours";
  EXPECT_EQ(store_->search_published(q)->total, 0);
  EXPECT_EQ(editorial_->delete_tag(t->id).error().code, core::Errc::kNotFound);
}

TEST_F(EditorialTest, MediaInUseCannotBeDeleted) {
  const auto add = [&](std::string hash) {
    MediaItem m;
    m.hash = std::move(hash);
    m.original_name = "photo.jpg";
    m.width = 640;
    m.height = 480;
    m.source_format = "jpeg";
    m.variants = {{m.hash + "-320.webp", 320, 240, "image/webp", 1000}};
    m.bytes = 1000;
    m.created_at = kEpoch;
    auto id = editorial_->add_media(m);
    EXPECT_TRUE(id) << id.error().message;
    return id.value_or(0);
  };
  const auto featured = add("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  const auto inline_image = add("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
  const auto photo = add("cccccccccccccccccccccccccccccccc");
  const auto unused = add("dddddddddddddddddddddddddddddddd");
  auto a = draft("Harbour at dawn");
  a.image_media_id = featured;
  a.body_markdown = "![Boats](/media/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb-640.webp)";
  create(a);
  auto author = store_->find_author(author_id_);
  ASSERT_TRUE(author);
  author->photo_media_id = photo;
  ASSERT_TRUE(editorial_->save_author(*author));

  for (const auto id : {featured, inline_image}) {
    auto usage = editorial_->media_usage(id, 10);
    ASSERT_TRUE(usage);
    EXPECT_THAT(usage->articles, ElementsAre("Harbour at dawn"));
    auto refused = editorial_->delete_media(id);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, core::Errc::kConflict);
    EXPECT_TRUE(editorial_->media(id));
  }
  EXPECT_THAT(editorial_->media_usage(photo, 10)->authors, ElementsAre("Amna Rauf"));
  EXPECT_EQ(editorial_->delete_media(photo).error().code, core::Errc::kConflict);
  EXPECT_TRUE(editorial_->media_usage(unused, 10)->empty());
  ASSERT_TRUE(editorial_->delete_media(unused));
  EXPECT_EQ(editorial_->media(unused).error().code, core::Errc::kNotFound);
  EXPECT_EQ(editorial_->delete_media(unused).error().code, core::Errc::kNotFound);
}

// Every list's total (the site, each category, author and tag) is kept as articles are
// published, unpublished, scheduled, moved, retagged and deleted and tags merged or deleted: a
// list's total must always equal the number of articles listing it finds.
TEST_F(EditorialTest, ListTotalsFollowEveryKindOfChange) {
  std::vector<Id> categories;
  for (const char* name : {"Politics", "Sport", "Business"}) {
    Category c;
    c.name = name;
    c.slug = core::to_lower_ascii(name);
    auto saved = editorial_->save_category(c);
    ASSERT_TRUE(saved) << saved.error().message;
    categories.push_back(saved->id);
  }
  std::vector<Id> authors{author_id_};
  Author second;
  second.name = "Bilal Khan";
  auto saved_author = editorial_->save_author(second);
  ASSERT_TRUE(saved_author) << saved_author.error().message;
  authors.push_back(saved_author->id);
  std::vector<Tag> tags;
  std::vector<Id> ever_tagged;  // deleted and merged tags must count none
  int tag_names = 0;
  const auto new_tag = [&] {
    auto t = editorial_->ensure_tag(fmt::format("Topic {}", ++tag_names));
    ASSERT_TRUE(t) << t.error().message;
    tags.push_back(*t);
    ever_tagged.push_back(t->id);
  };
  for (int i = 0; i < 4; ++i) new_tag();

  std::mt19937 rng(20261128);
  const auto pick = [&](std::size_t n) {
    return static_cast<std::size_t>(std::uniform_int_distribution<std::size_t>(0, n - 1)(rng));
  };
  const auto chance = [&](int percent) { return static_cast<int>(pick(100)) < percent; };
  int hour = 0;
  const auto shape = [&](Article& a) {
    const ArticleStatus statuses[] = {ArticleStatus::kDraft, ArticleStatus::kPending,
                                      ArticleStatus::kScheduled, ArticleStatus::kPublished,
                                      ArticleStatus::kPublished};
    a.status = statuses[pick(5)];
    a.published_at = kEpoch + std::chrono::hours{++hour};
    if (a.status == ArticleStatus::kDraft || a.status == ArticleStatus::kPending) {
      a.published_at.reset();
    }
    a.author_id = authors[pick(authors.size())];
    a.category_id.reset();
    if (chance(80)) a.category_id = categories[pick(categories.size())];
    a.tags.clear();
    for (const auto& t : tags) {
      if (chance(40)) a.tags.push_back(t);
    }
  };
  std::vector<Article> live;
  int published_seen = 0;
  for (int step = 0; step < 160 && !HasFailure(); ++step) {
    const auto op = live.empty() ? 0 : pick(10);
    std::string what;
    if (op <= 2) {
      auto a = draft(fmt::format("Story {}", step));
      shape(a);
      live.push_back(create(a));
      what = "create";
    } else if (op <= 5) {
      auto& a = live[pick(live.size())];
      shape(a);
      auto updated = editorial_->update_article(a, Editor{0}, RevisionKind::kSave);
      ASSERT_TRUE(updated) << updated.error().message;
      a = *updated;
      what = "update";
    } else if (op == 6) {
      const auto i = pick(live.size());
      ASSERT_TRUE(editorial_->delete_article(live[i].id, live[i].version));
      live.erase(live.begin() + static_cast<std::ptrdiff_t>(i));
      what = "delete";
    } else if (op == 7 && tags.size() >= 2) {
      const auto from = pick(tags.size());
      auto into = pick(tags.size() - 1);
      if (into >= from) ++into;
      ASSERT_TRUE(editorial_->merge_tag(tags[from].id, tags[into].id));
      tags.erase(tags.begin() + static_cast<std::ptrdiff_t>(from));
      new_tag();
      what = "merge tags";
    } else if (op == 8 && !tags.empty()) {
      const auto i = pick(tags.size());
      ASSERT_TRUE(editorial_->delete_tag(tags[i].id));
      tags.erase(tags.begin() + static_cast<std::ptrdiff_t>(i));
      new_tag();
      what = "delete tag";
    } else {
      ASSERT_TRUE(editorial_->publish_due(kEpoch + std::chrono::hours{hour / 2}));
      what = "publish due";
    }
    // The articles as stored now (tags merged away, scheduled ones gone live).
    for (auto& a : live) {
      auto stored = editorial_->article(a.id);
      ASSERT_TRUE(stored) << stored.error().message;
      a = *stored;
    }
    testing::expect_list_totals(*store_, {categories, authors, ever_tagged},
                                fmt::format("after step {} ({})", step, what));
    published_seen = std::max(published_seen, store_->count_published().value_or(0));
  }
  EXPECT_GE(published_seen, 5);  // the walk did publish articles
}

}  // namespace dateline::store::sqlite
