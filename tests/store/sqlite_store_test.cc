#include "store/sqlite/sqlite_store.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/strings.h"
#include "store/sqlite/migrations.h"
#include "testing/list_totals.h"
#include "testing/temp_dir.h"

namespace dateline::store::sqlite {
namespace {

using content::ArticleStatus;
using ::testing::Each;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

// 2024-05-01T00:00:00Z; every article's date is an offset from it in hours.
const core::TimePoint kEpoch{std::chrono::seconds{1714521600}};

core::TimePoint at_hour(int hour) { return kEpoch + std::chrono::hours{hour}; }

std::vector<Id> ids_of(const std::vector<Article>& articles) {
  std::vector<Id> out;
  for (const auto& a : articles) out.push_back(a.id);
  return out;
}

std::vector<std::string> tag_slugs(const Article& article) {
  std::vector<std::string> out;
  for (const auto& t : article.tags) out.push_back(t.slug);
  return out;
}

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = SqliteStore::open(db_path());
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    auto author = write_value<Author>(
        [](WriteTxn& txn) { return txn.ensure_author("Staff Reporter", "The desk."); });
    author_id_ = author.id;
  }

  std::string db_path() const { return (dir_.path() / "t.db").string(); }

  // Runs one write transaction returning a value; fails the test on error.
  template <class T, class Fn>
  T write_value(Fn fn) {
    T out{};
    auto status = store_->write([&](WriteTxn& txn) -> core::Status {
      auto r = fn(txn);
      if (!r) return r.error();
      out = *r;
      return {};
    });
    EXPECT_TRUE(status) << status.error().message;
    return out;
  }

  Article make(std::string slug, std::string title, int hour,
               ArticleStatus status = ArticleStatus::kPublished) const {
    Article a;
    a.slug = std::move(slug);
    a.title = std::move(title);
    a.body_markdown = "Body of " + a.title;
    a.author_id = author_id_;
    a.status = status;
    if (status == ArticleStatus::kPublished) a.published_at = at_hour(hour);
    a.created_at = at_hour(hour);
    return a;
  }

  Id put(const Article& article) {
    return write_value<Id>([&](WriteTxn& txn) { return txn.upsert_article(article); });
  }

  Tag tag(std::string_view name) {
    return write_value<Tag>([&](WriteTxn& txn) { return txn.ensure_tag(name); });
  }
  Category category(std::string_view name, int position = 0) {
    return write_value<Category>(
        [&](WriteTxn& txn) { return txn.ensure_category(name, position); });
  }
  Author author(std::string_view name) {
    return write_value<Author>([&](WriteTxn& txn) { return txn.add_author(name, ""); });
  }

  static SearchQuery search_query(std::string text, int limit = 50, int offset = 0) {
    SearchQuery q;
    q.text = std::move(text);
    q.limit = limit;
    q.offset = offset;
    return q;
  }

  // Ids of the published articles matching `text`, in the store's order.
  std::vector<Id> search(std::string text) {
    auto page = store_->search_published(search_query(std::move(text)));
    EXPECT_TRUE(page) << page.error().message;
    std::vector<Id> out;
    if (page) {
      for (const auto& hit : page->hits) out.push_back(hit.article.id);
    }
    return out;
  }

  testing::TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
  Id author_id_ = 0;
};

// --- schema -------------------------------------------------------------------------------------

TEST_F(SqliteStoreTest, OpenAppliesEveryMigration) {
  EXPECT_EQ(store_->schema_version(), latest_version());
  EXPECT_GE(latest_version(), 1);
}

TEST_F(SqliteStoreTest, ReopeningIsIdempotentAndKeepsData) {
  const Id id = put(make("kept", "Kept across reopen", 1));
  store_.reset();
  for (int i = 0; i < 2; ++i) {
    auto again = SqliteStore::open(db_path());
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ((*again)->schema_version(), latest_version());
    auto found = (*again)->find_published_by_slug("kept");
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->id, id);
  }
}

// An import-sized transaction stops counting row by row and counts every list at its end; the
// totals come out the same, and counting goes on afterwards, also after one that failed.
TEST_F(SqliteStoreTest, ListTotalsAreRightAfterALargeTransaction) {
  const std::vector<Category> categories{category("Politics"), category("Sport")};
  const std::vector<Tag> tags{tag("Floods"), tag("Budget"), tag("Cricket")};
  const std::vector<Id> authors{author_id_, author("Bilal Khan").id};
  const auto story = [&](int i, ArticleStatus status) {
    auto a = make(fmt::format("story-{}", i), fmt::format("Story {}", i), i, status);
    a.author_id = authors[static_cast<std::size_t>(i % 2)];
    if (i % 5 != 0) a.category_id = categories[static_cast<std::size_t>(i % 2)].id;
    for (std::size_t t = 0; t < tags.size(); ++t) {
      if ((i + static_cast<int>(t)) % 3 != 0) a.tags.push_back(tags[t]);
    }
    return a;
  };
  put(story(0, ArticleStatus::kPublished));  // counted row by row
  auto s = store_->write([&](WriteTxn& txn) -> core::Status {
    for (int i = 1; i <= 1500; ++i) {
      auto id = txn.upsert_article(
          story(i, i % 4 == 0 ? ArticleStatus::kDraft : ArticleStatus::kPublished));
      if (!id) return id.error();
    }
    // Some change again later in the same transaction: taken down, or moved and retagged.
    for (int i = 1; i <= 60; ++i) {
      auto a = story(i, i % 2 == 0 ? ArticleStatus::kDraft : ArticleStatus::kPublished);
      a.category_id = categories[0].id;
      a.tags = {tags[2]};
      if (auto id = txn.upsert_article(a); !id) return id.error();
    }
    return {};
  });
  ASSERT_TRUE(s) << s.error().message;
  testing::ListIds lists{{categories[0].id, categories[1].id}, authors, {}};
  for (const auto& t : tags) lists.tags.push_back(t.id);
  testing::expect_list_totals(*store_, lists, "after the large transaction");
  const int published = store_->count_published().value_or(-1);
  EXPECT_GT(published, 1000);

  put(story(2000, ArticleStatus::kPublished));  // counted row by row again
  EXPECT_EQ(store_->count_published().value_or(-1), published + 1);
  auto failed = store_->write([&](WriteTxn& txn) -> core::Status {
    for (int i = 3000; i < 4500; ++i) {
      if (auto id = txn.upsert_article(story(i, ArticleStatus::kPublished)); !id) {
        return id.error();
      }
    }
    return core::make_error(core::Errc::kInvalidArgument, "bad post");
  });
  EXPECT_FALSE(failed);
  put(story(2001, ArticleStatus::kPublished));
  EXPECT_EQ(store_->count_published().value_or(-1), published + 2);
  testing::expect_list_totals(*store_, lists, "after a failed large transaction");
}

// No code moves a tag row today (tags are rewritten), but the totals must follow one that is.
TEST_F(SqliteStoreTest, ListTotalsFollowATagRowMovedToAnotherTag) {
  const auto floods = tag("Floods");
  const auto rain = tag("Rain");
  auto live = make("live", "Live", 1);
  live.tags = {floods};
  const Id live_id = put(live);
  auto draft = make("draft", "Draft", 2, ArticleStatus::kDraft);
  draft.tags = {floods};
  put(draft);
  const auto total = [&](const Tag& t) {
    ArticleQuery q;
    q.tag_id = t.id;
    auto page = store_->list_published(q);
    EXPECT_TRUE(page);
    EXPECT_EQ(page->total, static_cast<int>(page->items.size())) << t.name;
    return page->total;
  };
  EXPECT_EQ(total(floods), 1);
  EXPECT_EQ(total(rain), 0);
  auto db = Db::open(db_path(), false);
  ASSERT_TRUE(db) << db.error().message;
  const auto run = [&](std::string_view sql, Id a, Id b) {
    auto st = db->prepare(sql);
    ASSERT_TRUE(st) << st.error().message;
    st->bind(1, a).bind(2, b);
    ASSERT_TRUE(st->run());
  };
  run("UPDATE article_tags SET tag_id = ?1 WHERE tag_id = ?2", rain.id, floods.id);
  EXPECT_EQ(total(floods), 0);
  EXPECT_EQ(total(rain), 1);  // the draft's row moved too, and counts for nothing
  run("UPDATE article_tags SET article_id = ?1 WHERE article_id = ?2", live_id, live_id);
  EXPECT_EQ(total(rain), 1);
}

TEST_F(SqliteStoreTest, UpgradingCountsTheListsAlreadyPublished) {
  const auto politics = category("Politics");
  const auto floods = tag("Floods");
  const auto second = author("Bilal Khan");
  auto a = make("one", "One", 1);
  a.category_id = politics.id;
  a.tags = {floods};
  put(a);
  auto b = make("two", "Two", 2);
  b.author_id = second.id;
  b.tags = {floods};
  put(b);
  put(make("draft", "Draft", 3, ArticleStatus::kDraft));
  store_.reset();
  {
    // The database as the release before list totals were kept left it.
    auto db = Db::open(db_path(), false);
    ASSERT_TRUE(db) << db.error().message;
    for (const char* trigger : {"article_insert", "article_unlisted", "article_listed",
                                "article_delete", "tag_insert", "tag_delete", "tag_update"}) {
      ASSERT_TRUE(db->exec(fmt::format("DROP TRIGGER published_counts_{}", trigger)));
    }
    ASSERT_TRUE(db->exec("DROP TABLE published_counts; PRAGMA user_version = 6;"));
  }
  auto opened = SqliteStore::open(db_path());
  ASSERT_TRUE(opened) << opened.error().message;
  store_ = std::move(*opened);
  EXPECT_EQ(store_->count_published().value_or(-1), 2);
  EXPECT_EQ(store_->count_published_by_author(author_id_).value_or(-1), 1);
  EXPECT_EQ(store_->count_published_by_author(second.id).value_or(-1), 1);
  ArticleQuery q;
  q.tag_id = floods.id;
  EXPECT_EQ(store_->list_published(q)->total, 2);
  q = {};
  q.category_id = politics.id;
  EXPECT_EQ(store_->list_published(q)->total, 1);
  put(make("three", "Three", 4));  // and keeps counting
  EXPECT_EQ(store_->count_published().value_or(-1), 3);
}

// --- settings -----------------------------------------------------------------------------------

TEST_F(SqliteStoreTest, SettingsDefaultWhenNothingSaved) {
  auto s = store_->settings();
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->site_name, SiteSettings{}.site_name);
  EXPECT_FALSE(s->latitude.has_value());
  EXPECT_FALSE(s->longitude.has_value());
}

TEST_F(SqliteStoreTest, SettingsRoundTripEveryField) {
  SiteSettings in;
  in.site_name = "The Daily Islamabad";
  in.short_name = "TDI";
  in.tagline = "News that matters, \"quoted\" & 'apostrophes'";
  in.timezone = "Asia/Karachi";
  in.weather_city = "Islamabad";
  in.latitude = 33.6844;
  in.longitude = -73.0479;
  in.weather_unit = "F";
  in.weather_url = "http://127.0.0.1:9999";
  in.url_pattern = "/{yyyy}/{mm}/{slug}/";
  in.base_url = "https://example.org";
  in.feed_full_text = false;
  in.language = "ur";
  in.navigation = {{"Home & \"more\"", "/"}, {"Archive", "https://example.org/archive?y=2025"}};
  ASSERT_TRUE(store_->write([&](WriteTxn& txn) { return txn.save_settings(in); }));

  auto out = store_->settings();
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(out->site_name, in.site_name);
  EXPECT_EQ(out->short_name, in.short_name);
  EXPECT_EQ(out->tagline, in.tagline);
  EXPECT_EQ(out->timezone, in.timezone);
  EXPECT_EQ(out->weather_city, in.weather_city);
  EXPECT_EQ(out->latitude, in.latitude);
  EXPECT_EQ(out->longitude, in.longitude);
  EXPECT_EQ(out->weather_unit, in.weather_unit);
  EXPECT_EQ(out->weather_url, in.weather_url);
  EXPECT_EQ(out->url_pattern, in.url_pattern);
  EXPECT_EQ(out->base_url, in.base_url);
  EXPECT_EQ(out->feed_full_text, in.feed_full_text);
  EXPECT_EQ(out->language, in.language);
  EXPECT_EQ(out->navigation, in.navigation);
}

TEST_F(SqliteStoreTest, SettingsNavigationEmptiesAndKeepsItsOrder) {
  SiteSettings in;
  in.navigation = {{"B", "/b/"}, {"A", "/a/"}, {"C", "/c/"}};
  ASSERT_TRUE(store_->write([&](WriteTxn& txn) { return txn.save_settings(in); }));
  EXPECT_EQ(store_->settings()->navigation, in.navigation);
  in.navigation.clear();
  ASSERT_TRUE(store_->write([&](WriteTxn& txn) { return txn.save_settings(in); }));
  EXPECT_TRUE(store_->settings()->navigation.empty());
}

TEST_F(SqliteStoreTest, SettingsClearingCoordinatesStoresNone) {
  SiteSettings in;
  in.latitude = 0.0;
  in.longitude = 0.0;
  ASSERT_TRUE(store_->write([&](WriteTxn& txn) { return txn.save_settings(in); }));
  auto zero = store_->settings();
  ASSERT_TRUE(zero);
  EXPECT_EQ(zero->latitude, 0.0);
  EXPECT_EQ(zero->longitude, 0.0);

  in.latitude.reset();
  in.longitude.reset();
  ASSERT_TRUE(store_->write([&](WriteTxn& txn) { return txn.save_settings(in); }));
  auto cleared = store_->settings();
  ASSERT_TRUE(cleared);
  EXPECT_FALSE(cleared->latitude.has_value());
  EXPECT_FALSE(cleared->longitude.has_value());
}

// --- authors, categories, tags ------------------------------------------------------------------

TEST_F(SqliteStoreTest, AddAuthorGivesUniqueSlugs) {
  const Author first = author("Jane Doe");
  const Author second = author("Jane Doe");
  EXPECT_EQ(first.slug, "jane-doe");
  EXPECT_EQ(second.slug, "jane-doe-2");
  EXPECT_NE(first.id, second.id);

  auto by_slug = store_->find_author_by_slug("jane-doe-2");
  ASSERT_TRUE(by_slug) << by_slug.error().message;
  EXPECT_EQ(by_slug->id, second.id);
  EXPECT_EQ(by_slug->name, "Jane Doe");
}

TEST_F(SqliteStoreTest, EnsureAuthorReturnsExistingByName) {
  const Author a = write_value<Author>(
      [](WriteTxn& txn) { return txn.ensure_author("Ali Khan", "Covers politics."); });
  const Author b =
      write_value<Author>([](WriteTxn& txn) { return txn.ensure_author("Ali Khan", "ignored"); });
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(b.slug, "ali-khan");
  EXPECT_EQ(b.bio, "Covers politics.");

  auto found = store_->find_author(a.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->bio, "Covers politics.");
  auto all = store_->list_authors();
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 2u);  // "Staff Reporter" from SetUp and "Ali Khan"
}

TEST_F(SqliteStoreTest, AddAuthorRejectsEmptyName) {
  auto status = store_->write([](WriteTxn& txn) -> core::Status {
    auto a = txn.add_author("", "");
    if (!a) return a.error();
    return {};
  });
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, core::Errc::kInvalidArgument);
}

TEST_F(SqliteStoreTest, UnknownAuthorIsNotFound) {
  auto by_id = store_->find_author(987654);
  ASSERT_FALSE(by_id);
  EXPECT_EQ(by_id.error().code, core::Errc::kNotFound);
  auto by_slug = store_->find_author_by_slug("nobody");
  ASSERT_FALSE(by_slug);
  EXPECT_EQ(by_slug.error().code, core::Errc::kNotFound);
}

TEST_F(SqliteStoreTest, EnsureCategoryIsIdempotent) {
  const Category first = category("World News", 2);
  const Category again = category("World News", 9);
  EXPECT_EQ(first.id, again.id);
  EXPECT_EQ(again.slug, "world-news");
  EXPECT_EQ(again.position, 2);
  category("Business", 1);

  auto list = store_->list_categories();
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].slug, "business");  // by position
  EXPECT_EQ((*list)[1].slug, "world-news");

  auto found = store_->find_category_by_slug("world-news");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, first.id);
  auto missing = store_->find_category_by_slug("sports");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, core::Errc::kNotFound);
}

TEST_F(SqliteStoreTest, EnsureTagIsIdempotent) {
  const Tag first = tag("Climate Change");
  const Tag again = tag("Climate Change");
  EXPECT_EQ(first.id, again.id);
  EXPECT_EQ(first.slug, "climate-change");
  EXPECT_NE(tag("Elections").id, first.id);

  auto found = store_->find_tag_by_slug("climate-change");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, first.id);
  EXPECT_EQ(found->name, "Climate Change");
  auto missing = store_->find_tag_by_slug("nope");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, core::Errc::kNotFound);
}

// --- articles -----------------------------------------------------------------------------------

TEST_F(SqliteStoreTest, UpsertInsertsThenUpdatesBySlug) {
  const Tag a = tag("Alpha");
  const Tag b = tag("Beta");
  const Tag c = tag("Gamma");
  Article article = make("budget-2024", "Budget unveiled", 1);
  article.dateline = "Islamabad";
  article.excerpt = "The excerpt.";
  article.tags = {b, a};
  const Id id = put(article);
  ASSERT_GT(id, 0);

  auto first = store_->find_article(id);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->slug, "budget-2024");
  EXPECT_EQ(first->title, "Budget unveiled");
  EXPECT_EQ(first->dateline, "Islamabad");
  EXPECT_EQ(first->excerpt, "The excerpt.");
  EXPECT_EQ(first->author_id, author_id_);
  EXPECT_EQ(first->status, ArticleStatus::kPublished);
  EXPECT_EQ(first->published_at, at_hour(1));
  EXPECT_FALSE(first->updated_at.has_value());
  EXPECT_EQ(first->created_at, at_hour(1));
  EXPECT_EQ(first->version, 1);
  EXPECT_THAT(tag_slugs(*first), ElementsAre("beta", "alpha"));

  Article edit = article;
  edit.title = "Budget unveiled, revised";
  edit.updated_at = at_hour(5);
  edit.created_at = at_hour(99);  // ignored on update
  edit.tags = {c, a};
  EXPECT_EQ(put(edit), id);

  auto second = store_->find_article(id);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->title, "Budget unveiled, revised");
  EXPECT_EQ(second->version, 2);
  EXPECT_EQ(second->created_at, at_hour(1));
  EXPECT_EQ(second->updated_at, at_hour(5));
  EXPECT_THAT(tag_slugs(*second), ElementsAre("gamma", "alpha"));

  auto count = store_->count_published();
  ASSERT_TRUE(count);
  EXPECT_EQ(*count, 1);

  std::optional<Id> seen;
  ASSERT_TRUE(store_->write([&](WriteTxn& txn) -> core::Status {
    seen = txn.find_article_id("budget-2024");
    return {};
  }));
  EXPECT_EQ(seen, id);
}

TEST_F(SqliteStoreTest, UpsertRejectsInvalidSlug) {
  Article article = make("Not A Slug!", "Bad", 1);
  auto status = store_->write([&](WriteTxn& txn) -> core::Status {
    auto r = txn.upsert_article(article);
    if (!r) return r.error();
    return {};
  });
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, core::Errc::kInvalidArgument);
}

TEST_F(SqliteStoreTest, FindPublishedBySlugIgnoresDrafts) {
  const Id draft_id = put(make("draft-story", "Draft", 1, ArticleStatus::kDraft));
  put(make("pending-story", "Pending", 2, ArticleStatus::kPending));
  const Id live = put(make("live-story", "Live", 3));

  for (const char* slug : {"draft-story", "pending-story", "no-such-story"}) {
    auto r = store_->find_published_by_slug(slug);
    ASSERT_FALSE(r) << slug;
    EXPECT_EQ(r.error().code, core::Errc::kNotFound) << slug;
  }
  auto found = store_->find_published_by_slug("live-story");
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ(found->id, live);

  // find_article sees drafts: it is the newsroom's view.
  auto draft = store_->find_article(draft_id);
  ASSERT_TRUE(draft);
  EXPECT_EQ(draft->status, ArticleStatus::kDraft);
}

TEST_F(SqliteStoreTest, FindArticleUnknownIdIsNotFound) {
  auto r = store_->find_article(424242);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Errc::kNotFound);
}

TEST_F(SqliteStoreTest, ListPublishedIsNewestFirstAndSkipsDrafts) {
  const Id old_id = put(make("old", "Old", 1));
  const Id newest = put(make("newest", "Newest", 30));
  put(make("draft", "Draft", 40, ArticleStatus::kDraft));
  const Id middle = put(make("middle", "Middle", 10));

  auto page = store_->list_published(ArticleQuery{});
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_THAT(ids_of(page->items), ElementsAre(newest, middle, old_id));
  EXPECT_EQ(page->total, 3);
}

TEST_F(SqliteStoreTest, ListPublishedFiltersByCategoryTagAuthorAndExclusion) {
  const Category politics = category("Politics");
  const Category sport = category("Sport");
  const Tag cricket = tag("Cricket");
  const Author other = author("Other Writer");

  Article a1 = make("a1", "One", 1);
  a1.category_id = politics.id;
  Article a2 = make("a2", "Two", 2);
  a2.category_id = sport.id;
  a2.tags = {cricket};
  Article a3 = make("a3", "Three", 3);
  a3.category_id = sport.id;
  a3.author_id = other.id;
  a3.tags = {cricket};
  Article a4 = make("a4", "Four draft", 4, ArticleStatus::kDraft);
  a4.category_id = sport.id;
  a4.tags = {cricket};
  const Id id1 = put(a1);
  const Id id2 = put(a2);
  const Id id3 = put(a3);
  put(a4);

  const auto ids = [&](ArticleQuery q) {
    auto page = store_->list_published(q);
    EXPECT_TRUE(page) << page.error().message;
    return page ? ids_of(page->items) : std::vector<Id>{};
  };
  ArticleQuery q;
  q.category_id = sport.id;
  EXPECT_THAT(ids(q), ElementsAre(id3, id2));
  q = {};
  q.category_id = politics.id;
  EXPECT_THAT(ids(q), ElementsAre(id1));
  q = {};
  q.tag_id = cricket.id;
  EXPECT_THAT(ids(q), ElementsAre(id3, id2));
  q = {};
  q.author_id = other.id;
  EXPECT_THAT(ids(q), ElementsAre(id3));
  q = {};
  q.author_id = author_id_;
  EXPECT_THAT(ids(q), ElementsAre(id2, id1));
  q = {};
  q.exclude_id = id2;
  EXPECT_THAT(ids(q), ElementsAre(id3, id1));
  q = {};
  q.category_id = sport.id;
  q.tag_id = cricket.id;
  q.exclude_id = id3;
  EXPECT_THAT(ids(q), ElementsAre(id2));
}

TEST_F(SqliteStoreTest, ListPublishedPagesWithLimitOffsetAndTotal) {
  std::vector<Id> ids;  // oldest first
  for (int i = 0; i < 7; ++i) ids.push_back(put(make("p" + std::to_string(i), "P", i)));
  put(make("d", "Draft", 100, ArticleStatus::kDraft));

  ArticleQuery q;
  q.limit = 3;
  q.offset = 0;
  auto first = store_->list_published(q);
  ASSERT_TRUE(first);
  EXPECT_THAT(ids_of(first->items), ElementsAre(ids[6], ids[5], ids[4]));
  EXPECT_EQ(first->total, 7);

  q.offset = 3;
  auto second = store_->list_published(q);
  ASSERT_TRUE(second);
  EXPECT_THAT(ids_of(second->items), ElementsAre(ids[3], ids[2], ids[1]));
  EXPECT_EQ(second->total, 7);

  q.offset = 6;
  auto last = store_->list_published(q);
  ASSERT_TRUE(last);
  EXPECT_THAT(ids_of(last->items), ElementsAre(ids[0]));

  q.offset = 50;
  auto beyond = store_->list_published(q);
  ASSERT_TRUE(beyond);
  EXPECT_TRUE(beyond->items.empty());
  EXPECT_EQ(beyond->total, 7);
}

TEST_F(SqliteStoreTest, ListedArticlesCarryTheirTags) {
  const Tag x = tag("X ray");
  const Tag y = tag("Yankee");
  Article a = make("tagged", "Tagged", 1);
  a.tags = {y, x};
  put(a);
  auto page = store_->list_published(ArticleQuery{});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_THAT(tag_slugs(page->items[0]), ElementsAre("yankee", "x-ray"));
}

TEST_F(SqliteStoreTest, PublishedByIdsKeepsGivenOrderAndSkipsDrafts) {
  const Tag t = tag("Kept");
  Article first = make("first", "First", 1);
  first.tags = {t};
  const Id a = put(first);
  const Id b = put(make("second", "Second", 2));
  const Id draft = put(make("third", "Draft", 3, ArticleStatus::kDraft));
  const Id c = put(make("fourth", "Fourth", 4));

  auto got = store_->published_by_ids({c, draft, a, 999999, b});
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_THAT(ids_of(*got), ElementsAre(c, a, b));
  EXPECT_THAT(tag_slugs((*got)[1]), ElementsAre("kept"));

  auto none = store_->published_by_ids({});
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST_F(SqliteStoreTest, PublishedTextsIncludeTagIdsAndSkipDrafts) {
  const Category cat = category("Economy");
  const Tag t1 = tag("Inflation");
  const Tag t2 = tag("Rupee");
  Article a = make("prices", "Prices climb", 1);
  a.body_markdown = "Prices *climb* again.";
  a.category_id = cat.id;
  a.tags = {t2, t1};
  const Id with_tags = put(a);
  const Id plain = put(make("plain", "Plain", 2));
  put(make("hidden", "Hidden", 3, ArticleStatus::kDraft));

  auto texts = store_->published_texts();
  ASSERT_TRUE(texts) << texts.error().message;
  ASSERT_EQ(texts->size(), 2u);
  const auto& first = (*texts)[0].id == with_tags ? (*texts)[0] : (*texts)[1];
  const auto& second = (*texts)[0].id == with_tags ? (*texts)[1] : (*texts)[0];
  EXPECT_EQ(first.id, with_tags);
  EXPECT_EQ(first.title, "Prices climb");
  EXPECT_EQ(first.body_markdown, "Prices *climb* again.");
  EXPECT_EQ(first.category_id, cat.id);
  EXPECT_THAT(first.tag_ids, UnorderedElementsAre(t1.id, t2.id));
  EXPECT_EQ(second.id, plain);
  EXPECT_FALSE(second.category_id.has_value());
  EXPECT_TRUE(second.tag_ids.empty());
}

TEST_F(SqliteStoreTest, CountPublishedByAuthorIgnoresDraftsAndOthers) {
  const Author other = author("Someone Else");
  put(make("m1", "Mine 1", 1));
  put(make("m2", "Mine 2", 2));
  put(make("m3", "Mine draft", 3, ArticleStatus::kDraft));
  Article theirs = make("t1", "Theirs", 4);
  theirs.author_id = other.id;
  put(theirs);

  auto mine = store_->count_published_by_author(author_id_);
  ASSERT_TRUE(mine);
  EXPECT_EQ(*mine, 2);
  auto others = store_->count_published_by_author(other.id);
  ASSERT_TRUE(others);
  EXPECT_EQ(*others, 1);
  auto nobody = store_->count_published_by_author(123456);
  ASSERT_TRUE(nobody);
  EXPECT_EQ(*nobody, 0);
}

TEST_F(SqliteStoreTest, RelatedIdsKeepRankOrderAndAreReplaced) {
  const Id a = put(make("a", "A", 1));
  const Id b = put(make("b", "B", 2));
  const Id c = put(make("c", "C", 3));
  const Id d = put(make("d", "D", 4));

  ASSERT_TRUE(store_->write([&](WriteTxn& txn) { return txn.set_related(a, {d, b, c}); }));
  auto first = store_->related_ids(a);
  ASSERT_TRUE(first);
  EXPECT_THAT(*first, ElementsAre(d, b, c));

  ASSERT_TRUE(store_->write([&](WriteTxn& txn) { return txn.set_related(a, {c, d}); }));
  auto second = store_->related_ids(a);
  ASSERT_TRUE(second);
  EXPECT_THAT(*second, ElementsAre(c, d));

  auto none = store_->related_ids(b);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST_F(SqliteStoreTest, PublishedTextsForReadsOnlyTheGivenPublishedArticles) {
  const Tag t = tag("Rupee");
  Article a = make("one", "One", 1);
  a.tags = {t};
  const Id one = put(a);
  const Id two = put(make("two", "Two", 2));
  const Id draft = put(make("three", "Three", 3, ArticleStatus::kDraft));
  put(make("four", "Four", 4));

  auto texts = store_->published_texts_for({two, draft, one, 424242, two});
  ASSERT_TRUE(texts) << texts.error().message;
  ASSERT_EQ(texts->size(), 2u);
  EXPECT_EQ((*texts)[0].id, one);
  EXPECT_EQ((*texts)[0].title, "One");
  EXPECT_THAT((*texts)[0].tag_ids, ElementsAre(t.id));
  EXPECT_EQ((*texts)[1].id, two);
  auto none = store_->published_texts_for({});
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST_F(SqliteStoreTest, RelatedListsReturnEveryStoredListInRankOrder) {
  const Id a = put(make("a", "A", 1));
  const Id b = put(make("b", "B", 2));
  const Id c = put(make("c", "C", 3));
  ASSERT_TRUE(store_->write([&](WriteTxn& txn) -> core::Status {
    if (auto r = txn.set_related(c, {a, b}); !r) return r;
    return txn.set_related(a, {c});
  }));
  auto lists = store_->related_lists();
  ASSERT_TRUE(lists) << lists.error().message;
  ASSERT_EQ(lists->size(), 2u);
  EXPECT_EQ((*lists)[0].first, a);
  EXPECT_THAT((*lists)[0].second, ElementsAre(c));
  EXPECT_EQ((*lists)[1].first, c);
  EXPECT_THAT((*lists)[1].second, ElementsAre(a, b));
}

TEST_F(SqliteStoreTest, ScoresRoundTripAndUpdate) {
  const Id a = put(make("a", "A", 1));
  const Id b = put(make("b", "B", 2));
  ASSERT_TRUE(store_->write([&](WriteTxn& txn) {
    return txn.save_scores({{a, 1.5, at_hour(10)}, {b, 0.25, at_hour(11)}});
  }));
  ASSERT_TRUE(store_->write([&](WriteTxn& txn) {
    // An update of a's score, and a score for an article that does not exist (dropped).
    return txn.save_scores({{a, 3.75, at_hour(12)}, {777777, 9.0, at_hour(12)}});
  }));

  auto scores = store_->load_scores();
  ASSERT_TRUE(scores) << scores.error().message;
  auto sorted = *scores;
  std::sort(sorted.begin(), sorted.end(),
            [](const StoredScore& x, const StoredScore& y) { return x.article_id < y.article_id; });
  ASSERT_EQ(sorted.size(), 2u);
  EXPECT_EQ(sorted[0].article_id, a);
  EXPECT_DOUBLE_EQ(sorted[0].score, 3.75);
  EXPECT_EQ(sorted[0].updated_at, at_hour(12));
  EXPECT_EQ(sorted[1].article_id, b);
  EXPECT_DOUBLE_EQ(sorted[1].score, 0.25);
  EXPECT_EQ(sorted[1].updated_at, at_hour(11));
}

// --- search -------------------------------------------------------------------------------------

TEST_F(SqliteStoreTest, SearchRequiresEveryWordCaseInsensitive) {
  Article flood = make("flood", "Floods hit Sindh", 1);
  flood.body_markdown = "Monsoon rain swept villages.";
  Article rain = make("rain", "Rain forecast", 2);
  rain.excerpt = "More monsoon showers expected.";
  Article budget = make("budget", "Budget passed", 3);
  const Id flood_id = put(flood);
  const Id rain_id = put(rain);
  put(budget);

  EXPECT_THAT(search("monsoon"), UnorderedElementsAre(rain_id, flood_id));
  EXPECT_THAT(search("MONSOON sindh"), ElementsAre(flood_id));
  EXPECT_THAT(search("  sindh\tMonsoon  "), ElementsAre(flood_id));
  EXPECT_TRUE(search("monsoon budget").empty());
  EXPECT_TRUE(search("").empty());
  EXPECT_TRUE(search("   ").empty());

  auto first = store_->search_published(search_query("monsoon", 1, 0));
  auto second = store_->search_published(search_query("monsoon", 1, 1));
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_TRUE(second) << second.error().message;
  ASSERT_EQ(first->hits.size(), 1u);
  ASSERT_EQ(second->hits.size(), 1u);
  EXPECT_THAT((std::vector<Id>{first->hits[0].article.id, second->hits[0].article.id}),
              UnorderedElementsAre(rain_id, flood_id));
  EXPECT_EQ(first->total, 2);
  EXPECT_EQ(second->total, 2);
}

TEST_F(SqliteStoreTest, SearchTreatsLikeMetacharactersLiterally) {
  Article percent = make("percent", "Exports rise 50% this year", 1);
  Article five_hundred = make("five-hundred", "Exports rise 500 million", 2);
  Article underscore = make("underscore", "Variable snake_case names", 3);
  Article snakes = make("snakes", "Snakeycase and snakexcase", 4);
  Article backslash = make("backslash", "Path C:\\temp found", 5);
  const Id percent_id = put(percent);
  put(five_hundred);
  const Id underscore_id = put(underscore);
  put(snakes);
  const Id backslash_id = put(backslash);

  EXPECT_THAT(search("50%"), ElementsAre(percent_id));
  EXPECT_THAT(search("snake_case"), ElementsAre(underscore_id));
  // Alone they are no wildcard: at most the article that really contains one.
  EXPECT_THAT(search("%"), Each(percent_id));
  EXPECT_THAT(search("_"), Each(underscore_id));
  EXPECT_THAT(search("%%"), Each(percent_id));
  EXPECT_TRUE(search("snakey%case").empty());
  EXPECT_TRUE(search("rise_5").empty());
  EXPECT_THAT(search("C:\\temp"), ElementsAre(backslash_id));
}

TEST_F(SqliteStoreTest, SearchFollowsEditsAndUnpublishing) {
  Article a = make("edited", "Cabinet meets on Monday", 1);
  a.body_markdown = "Ministers gathered.";
  const Id id = put(a);
  EXPECT_THAT(search("cabinet"), ElementsAre(id));

  a.title = "Parliament adjourned";
  put(a);
  EXPECT_TRUE(search("cabinet").empty());
  EXPECT_THAT(search("parliament"), ElementsAre(id));

  a.status = ArticleStatus::kDraft;
  put(a);
  EXPECT_TRUE(search("parliament").empty());
}

// A bulk import indexes for search in batches as it goes (a thousand articles at a time), not
// only at its end: every article of a long transaction is found, and an article rewritten after
// its batch was indexed is found by its new words only.
TEST_F(SqliteStoreTest, SearchFindsEveryArticleOfALongTransactionAsLastWritten) {
  constexpr int kArticles = 2500;
  std::vector<Id> ids;
  auto status = store_->write([&](WriteTxn& txn) -> core::Status {
    for (int i = 0; i < kArticles; ++i) {
      Article a = make(fmt::format("bulk-{}", i), fmt::format("Bulk story token{}", i), i);
      auto id = txn.upsert_article(a);
      if (!id) return id.error();
      ids.push_back(*id);
    }
    // The first article again, long after its batch: old headline out, new one in.
    Article first = make("bulk-0", "Rewritten headline zanzibar", 0);
    first.tags.push_back(*txn.ensure_tag("Harbour"));
    auto again = txn.upsert_article(first);
    if (!again) return again.error();
    // One more article past the last full batch, indexed at commit.
    auto last = txn.upsert_article(make("bulk-last", "Closing story token-last", kArticles));
    if (!last) return last.error();
    ids.push_back(*last);
    return {};
  });
  ASSERT_TRUE(status) << status.error().message;

  int found = 0;
  for (int i = 1; i < kArticles; ++i) {
    found += search(fmt::format("token{}", i)) == std::vector<Id>{ids[static_cast<std::size_t>(i)]};
  }
  EXPECT_EQ(found, kArticles - 1);
  EXPECT_THAT(search("\"token-last\""), ElementsAre(ids.back()));
  EXPECT_TRUE(search("token0").empty());
  EXPECT_THAT(search("zanzibar"), ElementsAre(ids[0]));
  EXPECT_THAT(search("harbour"), ElementsAre(ids[0]));
}

TEST_F(SqliteStoreTest, SearchNeverFindsDrafts) {
  Article draft = make("secret", "Secret embargoed scoop", 1, ArticleStatus::kDraft);
  Article pending = make("pending", "Embargoed pending piece", 2, ArticleStatus::kPending);
  put(draft);
  put(pending);
  EXPECT_TRUE(search("embargoed").empty());
  auto page = store_->search_published(search_query("embargoed"));
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 0);
}

TEST_F(SqliteStoreTest, SqlInjectionInSlugAndSearchIsHarmless) {
  const Id id = put(make("safe", "Safe story", 1));
  const std::string attack = "x' OR '1'='1'; DROP TABLE articles; --";

  auto by_slug = store_->find_published_by_slug(attack);
  ASSERT_FALSE(by_slug);
  EXPECT_EQ(by_slug.error().code, core::Errc::kNotFound);
  EXPECT_TRUE(search(attack).empty());
  EXPECT_TRUE(search("' OR 1=1 --").empty());
  auto tag = store_->find_tag_by_slug(attack);
  EXPECT_FALSE(tag);

  auto status = store_->write([&](WriteTxn& txn) -> core::Status {
    Article a = make(attack, "Injected", 2);
    auto r = txn.upsert_article(a);
    if (!r) return r.error();
    return {};
  });
  EXPECT_FALSE(status);

  auto still = store_->find_published_by_slug("safe");
  ASSERT_TRUE(still) << still.error().message;
  EXPECT_EQ(still->id, id);
  auto count = store_->count_published();
  ASSERT_TRUE(count);
  EXPECT_EQ(*count, 1);
}

// A varied fixture (categories, tags, authors, dates, drafts, words in every column) checked
// against the plain single-query form of the search and a direct filter of the fixture for
// lists: the fast query plans must return the same pages, totals and snippets.
class SqliteStoreEquivalenceTest : public SqliteStoreTest {
 protected:
  struct Row {
    Id id = 0;
    std::optional<Id> category_id;
    Id author_id = 0;
    std::vector<Id> tag_ids;
    int hour = 0;
    bool published = true;
  };

  void SetUp() override {
    SqliteStoreTest::SetUp();
    const std::vector<Category> categories{category("Politics"), category("Sport"),
                                           category("Business")};
    const std::vector<Tag> tags{tag("Monsoon"), tag("Budget"), tag("Cricket"), tag("Trade")};
    const std::vector<Author> authors{author("Ayesha Khan"), author("Bilal Raza")};
    const std::vector<std::string> words{"monsoon",   "budget", "cricket", "trade",  "border",
                                         "inflation", "rain",   "river",   "market", "court"};
    for (int i = 0; i < 90; ++i) {
      const auto w = [&](int k) { return words[static_cast<std::size_t>((i * 7 + k * 3) % 10)]; };
      Article a = make("story-" + std::to_string(i),
                       fmt::format("{} {} report {}", w(0), i % 4 == 0 ? w(1) : "daily", i),
                       i * 3 + 1, i % 11 == 5 ? ArticleStatus::kDraft : ArticleStatus::kPublished);
      a.excerpt = i % 3 == 0 ? fmt::format("About {} and {}.", w(2), w(3)) : "";
      a.body_markdown = fmt::format(
          "The {} story continues. Officials spoke about {} on day {} while {} waited. "
          "Later the {} question returned, with {} in the background and {} again.",
          w(4), w(5), i, w(6), w(1), w(7), w(0));
      if (i % 5 != 4) a.category_id = categories[static_cast<std::size_t>(i % 3)].id;
      a.author_id = i % 4 == 3 ? author_id_ : authors[static_cast<std::size_t>(i % 2)].id;
      for (std::size_t t = 0; t < tags.size(); ++t) {
        if ((i + static_cast<int>(t)) % 3 == 0) a.tags.push_back(tags[t]);
      }
      Row row;
      row.id = put(a);
      row.category_id = a.category_id;
      row.author_id = a.author_id;
      for (const auto& t : a.tags) row.tag_ids.push_back(t.id);
      row.hour = i * 3 + 1;
      row.published = a.status == ArticleStatus::kPublished;
      rows_.push_back(row);
    }
    category_ids_ = {categories[0].id, categories[1].id};
    tag_ids_ = {tags[0].id, tags[2].id};
    author_ids_ = {authors[0].id, author_id_};
  }

  struct Expected {
    std::vector<Id> ids;
    std::vector<std::string> snippets;
    int total = 0;
  };

  // The search as one query over every matching row (the form the store used to run).
  Expected reference_search(const SearchQuery& q) {
    Expected out;
    const auto match = to_fts_query(q.text);
    if (!match) return out;
    const std::string where =
        "article_search MATCH ?1 AND a.status = 'published' "
        "AND (?2 IS NULL OR a.category_id = ?2) AND (?3 IS NULL OR a.author_id = ?3) "
        "AND (?4 IS NULL OR EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id "
        "AND t.tag_id = ?4)) AND (?5 IS NULL OR a.published_at >= ?5) "
        "AND (?6 IS NULL OR a.published_at < ?6)";
    const auto secs = [](const std::optional<core::TimePoint>& t) -> std::optional<std::int64_t> {
      if (!t) return std::nullopt;
      return t->time_since_epoch().count();
    };
    const auto bind = [&](Statement& st) {
      st.bind(1, *match)
          .bind(2, q.category_id)
          .bind(3, q.author_id)
          .bind(4, q.tag_id)
          .bind(5, secs(q.from))
          .bind(6, secs(q.to));
    };
    auto status = store_->read_sql([&](Db& db) -> core::Status {
      auto st = db.prepare(
          "SELECT a.id, snippet(article_search, -1, char(2), char(3), '…', 24) "
          "FROM article_search JOIN articles a ON a.id = article_search.rowid WHERE " +
          where +
          " ORDER BY bm25(article_search, 10.0, 4.0, 1.0, 3.0, 2.0), a.published_at DESC "
          "LIMIT ?7 OFFSET ?8");
      if (!st) return st.error();
      bind(*st);
      st->bind(7, q.limit).bind(8, q.offset);
      while (true) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        out.ids.push_back(st->int64(0));
        auto html = core::html_escape(st->text(1));
        html = core::replace_all(html, "\x02", "<mark>");
        out.snippets.push_back(core::replace_all(html, "\x03", "</mark>"));
      }
      auto count = db.prepare(
          "SELECT COUNT(*) FROM article_search JOIN articles a ON a.id = article_search.rowid "
          "WHERE " +
          where);
      if (!count) return count.error();
      bind(*count);
      auto row = count->step();
      if (!row) return row.error();
      out.total = count->int32(0);
      return {};
    });
    EXPECT_TRUE(status) << status.error().message;
    return out;
  }

  std::vector<Row> rows_;
  std::vector<Id> category_ids_;
  std::vector<Id> tag_ids_;
  std::vector<Id> author_ids_;
};

TEST_F(SqliteStoreEquivalenceTest, SearchPagesTotalsAndSnippetsMatchTheSingleQueryForm) {
  int compared_hits = 0;
  for (const char* text : {"monsoon", "budget report", "\"question returned\"", "inf*",
                           "river market", "xylophone", "day 7", "ayesha"}) {
    for (int shape = 0; shape < 8; ++shape) {
      for (const int offset : {0, 5, 10, 200}) {
        SearchQuery q = search_query(text, 5, offset);
        if (shape & 1) q.category_id = category_ids_[static_cast<std::size_t>(shape % 2)];
        if (shape & 2) q.tag_id = tag_ids_[0];
        if (shape & 4) q.author_id = author_ids_[0];
        if (shape == 3) {
          q.from = at_hour(40);
          q.to = at_hour(200);
        }
        const auto expected = reference_search(q);
        auto got = store_->search_published(q);
        ASSERT_TRUE(got) << got.error().message;
        std::vector<Id> ids;
        std::vector<std::string> snippets;
        for (const auto& hit : got->hits) {
          ids.push_back(hit.article.id);
          snippets.push_back(hit.snippet_html);
        }
        const auto where = fmt::format("q={} shape={} offset={}", text, shape, offset);
        EXPECT_EQ(ids, expected.ids) << where;
        EXPECT_EQ(snippets, expected.snippets) << where;
        EXPECT_EQ(got->total, expected.total) << where;
        compared_hits += static_cast<int>(ids.size());
      }
    }
  }
  EXPECT_GT(compared_hits, 100);  // the fixture really exercises the ranking
}

// The store's ranking function gives bm25()'s scores to the last bit, whether it counts each
// phrase's matching rows itself (no counts bound, or -1 for a phrase) or is handed the counts it
// made before; the counts it writes back are the phrases' own, capped at half the index plus one.
// Told to score only some of its calls, it scores those alike and returns NULL for the others.
TEST_F(SqliteStoreEquivalenceTest, RankingFunctionScoresAsBm25WithCountsCountedOrGiven) {
  int compared = 0;
  auto status = store_->read_sql([&](Db& db) -> core::Status {
    auto total = db.prepare("SELECT COUNT(*) FROM article_search");
    if (!total) return total.error();
    if (auto row = total->step(); !row || !*row)
      return core::make_error(core::Errc::kInternal, "count");
    const std::int64_t indexed = total->int64(0);
    for (const char* text : {"monsoon", "budget report", "\"question returned\"", "inf*",
                             "story continues", "river market day"}) {
      const auto match = to_fts_query(text);
      const auto phrases = fts_phrases(fts_terms(text));
      std::vector<std::int64_t> expected_counts;
      for (const auto& phrase : phrases) {
        auto st = db.prepare("SELECT COUNT(*) FROM article_search WHERE article_search MATCH ?1");
        if (!st) return st.error();
        st->bind(1, phrase);
        if (auto row = st->step(); !row || !*row)
          return core::make_error(core::Errc::kInternal, "n");
        expected_counts.push_back(std::min(st->int64(0), indexed / 2 + 1));
      }
      PhraseStats counted;
      counted.matching_rows.assign(phrases.size(), -1);
      PhraseStats given = counted;
      PhraseStats partly = counted;
      PhraseStats ranged = counted;
      ranged.score_from = 2;
      ranged.score_to = 5;
      for (int pass = 0; pass < 5; ++pass) {
        auto st = db.prepare(
            "SELECT bm25(article_search, 10.0, 4.0, 1.0, 3.0, 2.0), "
            "dateline_bm25(article_search, ?20, 10.0, 4.0, 1.0, 3.0, 2.0) "
            "FROM article_search WHERE article_search MATCH ?1");
        if (!st) return st.error();
        st->bind(1, *match);
        if (pass == 1) st->bind_pointer(20, &counted, kPhraseStatsType);
        if (pass == 2) {
          given = counted;  // what pass 1 counted, handed in
          st->bind_pointer(20, &given, kPhraseStatsType);
        }
        if (pass == 3) {
          partly = counted;
          partly.matching_rows.back() = -1;
          st->bind_pointer(20, &partly, kPhraseStatsType);
        }
        if (pass == 4) st->bind_pointer(20, &ranged, kPhraseStatsType);
        int rows = 0;
        while (true) {
          auto row = st->step();
          if (!row) return row.error();
          if (!*row) break;
          if (pass == 4 && (rows < 2 || rows >= 5)) {
            // Outside the rows it was asked to score: no score at all.
            EXPECT_TRUE(st->is_null(1)) << text << " row " << rows;
          } else {
            EXPECT_EQ(st->real(1), st->real(0)) << text << " pass " << pass;
          }
          ++rows;
        }
        EXPECT_GT(rows, 0) << text;
        compared += rows;
      }
      EXPECT_EQ(counted.matching_rows, expected_counts) << text;
      EXPECT_EQ(counted.indexed_rows, indexed) << text;
      EXPECT_EQ(given.matching_rows, expected_counts) << text;
      EXPECT_EQ(partly.matching_rows, expected_counts) << text;
      EXPECT_EQ(ranged.matching_rows, expected_counts) << text;
    }
    return {};
  });
  ASSERT_TRUE(status) << status.error().message;
  EXPECT_GT(compared, 100);
}

// With a window smaller than the matches, pages follow the windowed order: matches newest first
// in windows of the given size, each window ranked as the full ranking ranks its members. Every
// match appears exactly once over the pages and the totals stay exact.
TEST_F(SqliteStoreEquivalenceTest, SearchRanksNewestWindowsInTurn) {
  constexpr int kWindow = 7;
  SqliteStoreOptions options;
  options.search_window = kWindow;
  auto windowed = SqliteStore::open(db_path(), options);
  ASSERT_TRUE(windowed) << windowed.error().message;
  int compared_pages = 0;
  for (const char* text : {"monsoon", "budget report", "\"question returned\"", "inf*", "river"}) {
    for (int shape = 0; shape < 4; ++shape) {
      SearchQuery all = search_query(text, 1000, 0);
      if (shape & 1) all.category_id = category_ids_[0];
      if (shape & 2) all.tag_id = tag_ids_[0];
      const auto full = reference_search(all);
      // The expected order: by id, newest first, cut into windows, each in full-ranking order.
      std::vector<Id> by_id = full.ids;
      std::sort(by_id.begin(), by_id.end(), std::greater<>());
      std::vector<Id> expected;
      for (std::size_t w = 0; w < by_id.size(); w += kWindow) {
        std::vector<Id> members(
            by_id.begin() + static_cast<std::ptrdiff_t>(w),
            by_id.begin() + static_cast<std::ptrdiff_t>(std::min(by_id.size(), w + kWindow)));
        for (const Id id : full.ids) {
          if (std::find(members.begin(), members.end(), id) != members.end()) {
            expected.push_back(id);
          }
        }
      }
      for (const int limit : {3, 5, 7, 10}) {
        std::vector<Id> got;
        for (int offset = 0; offset < full.total + limit; offset += limit) {
          SearchQuery q = all;
          q.limit = limit;
          q.offset = offset;
          auto page = (*windowed)->search_published(q);
          ASSERT_TRUE(page) << page.error().message;
          EXPECT_EQ(page->total, full.total) << text << " shape=" << shape;
          for (const auto& hit : page->hits) got.push_back(hit.article.id);
          ++compared_pages;
        }
        EXPECT_EQ(got, expected) << text << " shape=" << shape << " limit=" << limit;
      }
    }
  }
  EXPECT_GT(compared_pages, 200);
}

// Past `search_count_limit` matches (or the end of the page's windows, if further) the count
// stops and says so; the pages themselves are those of an unlimited count, and the total is
// exact whenever the matches run out before the limit.
TEST_F(SqliteStoreEquivalenceTest, SearchCountStopsAtTheLimitAndPagesStayTheSame) {
  constexpr int kWindow = 4;
  constexpr int kLimit = 6;
  SqliteStoreOptions unlimited_options;
  unlimited_options.search_window = kWindow;
  unlimited_options.search_count_limit = 0;
  auto unlimited = SqliteStore::open(db_path(), unlimited_options);
  ASSERT_TRUE(unlimited) << unlimited.error().message;
  SqliteStoreOptions limited_options = unlimited_options;
  limited_options.search_count_limit = kLimit;
  auto limited = SqliteStore::open(db_path(), limited_options);
  ASSERT_TRUE(limited) << limited.error().message;
  int exact_pages = 0;
  int inexact_pages = 0;
  for (const char* text : {"monsoon", "budget report", "\"question returned\"", "inf*", "river"}) {
    for (int shape = 0; shape < 4; ++shape) {
      SearchQuery all = search_query(text, 3, 0);
      if (shape & 1) all.category_id = category_ids_[0];
      if (shape & 2) all.tag_id = tag_ids_[0];
      const int total = reference_search(search_query(text, 1000, 0)).total;
      for (int offset = 0; offset < total + 3; offset += 3) {
        SearchQuery q = all;
        q.offset = offset;
        auto want = (*unlimited)->search_published(q);
        auto got = (*limited)->search_published(q);
        ASSERT_TRUE(want && got);
        const auto where = fmt::format("q={} shape={} offset={}", text, shape, offset);
        ASSERT_EQ(got->hits.size(), want->hits.size()) << where;
        for (std::size_t i = 0; i < got->hits.size(); ++i) {
          EXPECT_EQ(got->hits[i].article.id, want->hits[i].article.id) << where;
          EXPECT_EQ(got->hits[i].snippet_html, want->hits[i].snippet_html) << where;
        }
        EXPECT_TRUE(want->total_exact);
        // Counted: the limit, or the end of the page's last window when that is further.
        const int last_window = (offset + 2) / kWindow;
        const int counted = std::max(kLimit, (last_window + 1) * kWindow);
        if (want->total > counted) {
          EXPECT_FALSE(got->total_exact) << where;
          EXPECT_EQ(got->total, counted) << where;
          ++inexact_pages;
        } else {
          EXPECT_TRUE(got->total_exact) << where;
          EXPECT_EQ(got->total, want->total) << where;
          ++exact_pages;
        }
      }
    }
  }
  EXPECT_GT(exact_pages, 10);
  EXPECT_GT(inexact_pages, 10);
}

TEST_F(SqliteStoreTest, SearchCountIsExactUpToTheLimit) {
  store_.reset();
  SqliteStoreOptions options;
  options.search_window = 2;
  options.search_count_limit = 5;
  auto opened = SqliteStore::open(db_path(), options);
  ASSERT_TRUE(opened) << opened.error().message;
  store_ = std::move(*opened);
  std::vector<Id> cabinet;
  for (int i = 0; i < 8; ++i) {
    cabinet.push_back(put(make("cabinet-" + std::to_string(i), "Cabinet meets", i)));
  }
  for (int i = 0; i < 5; ++i) put(make("senate-" + std::to_string(i), "Senate sits", 10 + i));

  auto first = store_->search_published(search_query("cabinet", 2, 0));
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->total, 5);  // more than five
  EXPECT_FALSE(first->total_exact);
  ASSERT_EQ(first->hits.size(), 2u);
  EXPECT_EQ(first->hits[0].article.id, cabinet[7]);
  EXPECT_EQ(first->hits[1].article.id, cabinet[6]);

  // The last page counts on to its window's end, which is the last match.
  auto last = store_->search_published(search_query("cabinet", 2, 6));
  ASSERT_TRUE(last) << last.error().message;
  EXPECT_EQ(last->total, 8);
  EXPECT_TRUE(last->total_exact);
  ASSERT_EQ(last->hits.size(), 2u);
  EXPECT_EQ(last->hits[1].article.id, cabinet[0]);

  // Exactly as many matches as the limit: nothing more to find, so the total is exact.
  auto senate = store_->search_published(search_query("senate", 2, 0));
  ASSERT_TRUE(senate) << senate.error().message;
  EXPECT_EQ(senate->total, 5);
  EXPECT_TRUE(senate->total_exact);
}

TEST_F(SqliteStoreTest, SearchPagesAreCachedUntilContentChanges) {
  put(make("cabinet-meets", "Cabinet meets", 1));
  ASSERT_EQ(search("cabinet").size(), 1u);
  // A change that does not touch the content version (made behind the store's back) is not
  // seen while the cached page lives...
  ASSERT_TRUE(store_->write_sql([](Db& db) { return db.exec("UPDATE articles SET title = 'X'"); }));
  auto cached = store_->search_published(search_query("cabinet"));
  ASSERT_TRUE(cached);
  ASSERT_EQ(cached->hits.size(), 1u);
  EXPECT_EQ(cached->hits[0].article.title, "Cabinet meets");
  // ...and every write through the store drops it: a newly published match shows at once.
  const Id second = put(make("cabinet-resigns", "Cabinet resigns", 2));
  auto fresh = store_->search_published(search_query("cabinet"));
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->total, 2);
  ASSERT_EQ(fresh->hits.size(), 2u);
  EXPECT_EQ(fresh->hits[0].article.id, second);
  EXPECT_EQ(fresh->hits[1].article.title, "X");
}

TEST_F(SqliteStoreTest, SearchWithoutCacheSeesEveryChange) {
  store_.reset();
  SqliteStoreOptions options;
  options.search_cache_pages = 0;
  auto opened = SqliteStore::open(db_path(), options);
  ASSERT_TRUE(opened) << opened.error().message;
  store_ = std::move(*opened);
  put(make("cabinet-meets", "Cabinet meets", 1));
  ASSERT_EQ(search("cabinet").size(), 1u);
  ASSERT_TRUE(store_->write_sql([](Db& db) { return db.exec("UPDATE articles SET title = 'X'"); }));
  auto page = store_->search_published(search_query("cabinet"));
  ASSERT_TRUE(page);
  ASSERT_EQ(page->hits.size(), 1u);
  EXPECT_EQ(page->hits[0].article.title, "X");
}

TEST_F(SqliteStoreEquivalenceTest, ListPublishedMatchesEveryFilterShape) {
  for (int shape = 0; shape < 16; ++shape) {
    for (const int offset : {0, 4, 100}) {
      ArticleQuery q;
      q.limit = 4;
      q.offset = offset;
      if (shape & 1) q.category_id = category_ids_[1];
      if (shape & 2) q.tag_id = tag_ids_[1];
      if (shape & 4) q.author_id = author_ids_[1];
      if (shape & 8) q.exclude_id = rows_[rows_.size() - 2].id;
      std::vector<Row> match;
      for (const auto& r : rows_) {
        if (!r.published) continue;
        if (q.category_id && r.category_id != q.category_id) continue;
        if (q.author_id && r.author_id != *q.author_id) continue;
        if (q.exclude_id && r.id == *q.exclude_id) continue;
        if (q.tag_id && std::find(r.tag_ids.begin(), r.tag_ids.end(), *q.tag_id) == r.tag_ids.end())
          continue;
        match.push_back(r);
      }
      std::sort(match.begin(), match.end(), [](const Row& a, const Row& b) {
        return a.hour != b.hour ? a.hour > b.hour : a.id > b.id;
      });
      std::vector<Id> expected;
      for (std::size_t i = static_cast<std::size_t>(offset);
           i < match.size() && expected.size() < 4; ++i) {
        expected.push_back(match[i].id);
      }
      auto page = store_->list_published(q);
      ASSERT_TRUE(page) << page.error().message;
      EXPECT_EQ(ids_of(page->items), expected) << "shape=" << shape << " offset=" << offset;
      EXPECT_EQ(page->total, static_cast<int>(match.size())) << "shape=" << shape;
    }
  }
}

TEST_F(SqliteStoreTest, SearchIndexHoldsOnlyPublishedArticles) {
  const auto indexed = [&] {
    int n = -1;
    auto status = store_->read_sql([&](Db& db) -> core::Status {
      auto st = db.prepare("SELECT COUNT(*) FROM article_search");
      if (!st) return st.error();
      auto row = st->step();
      if (!row) return row.error();
      n = st->int32(0);
      return {};
    });
    EXPECT_TRUE(status);
    return n;
  };
  Article live = make("live", "Live story", 1);
  put(live);
  const Id draft = put(make("draft", "Draft story", 2, ArticleStatus::kDraft));
  EXPECT_EQ(indexed(), 1);
  live.status = ArticleStatus::kDraft;
  put(live);
  EXPECT_EQ(indexed(), 0);

  // A database indexed before this rule is cleaned when opened.
  ASSERT_TRUE(store_->write_sql([&](Db& db) -> core::Status {
    auto st = db.prepare("INSERT INTO article_search(rowid, title) VALUES(?1, 'Draft story')");
    if (!st) return st.error();
    st->bind(1, draft);
    return st->run();
  }));
  EXPECT_EQ(indexed(), 1);
  store_.reset();
  auto reopened = SqliteStore::open(db_path());
  ASSERT_TRUE(reopened) << reopened.error().message;
  store_ = std::move(*reopened);
  EXPECT_EQ(indexed(), 0);
  EXPECT_TRUE(search("draft").empty());
}

TEST_F(SqliteStoreTest, SearchBreaksScoreTiesByDateAcrossPages) {
  // Identical texts score the same: the newer comes first, on every page size.
  std::vector<Id> ids;
  for (int i = 0; i < 7; ++i) {
    Article a = make("twin-" + std::to_string(i), "Twin headline", i);
    a.body_markdown = "The same words.";
    ids.push_back(put(a));
  }
  std::vector<Id> newest_first(ids.rbegin(), ids.rend());
  for (int limit : {1, 2, 3, 7, 10}) {
    std::vector<Id> got;
    for (int offset = 0; offset < 7; offset += limit) {
      auto page = store_->search_published(search_query("twin", limit, offset));
      ASSERT_TRUE(page) << page.error().message;
      EXPECT_EQ(page->total, 7);
      for (const auto& hit : page->hits) got.push_back(hit.article.id);
    }
    EXPECT_EQ(got, newest_first) << "limit=" << limit;
  }
}

// --- transactions -------------------------------------------------------------------------------

TEST_F(SqliteStoreTest, WriteRollsBackEverythingWhenCallbackFails) {
  auto status = store_->write([&](WriteTxn& txn) -> core::Status {
    SiteSettings s;
    s.site_name = "Should Not Stick";
    if (auto r = txn.save_settings(s); !r) return r;
    auto a = txn.add_author("Ghost Writer", "");
    if (!a) return a.error();
    auto t = txn.ensure_tag("Ghost Tag");
    if (!t) return t.error();
    Article article = make("ghost", "Ghost story", 1);
    article.author_id = a->id;
    article.tags = {*t};
    if (auto r = txn.upsert_article(article); !r) return r.error();
    return core::make_error(core::Errc::kConflict, "changed my mind");
  });
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, core::Errc::kConflict);
  EXPECT_EQ(status.error().message, "changed my mind");

  auto settings = store_->settings();
  ASSERT_TRUE(settings);
  EXPECT_EQ(settings->site_name, SiteSettings{}.site_name);
  EXPECT_FALSE(store_->find_published_by_slug("ghost"));
  EXPECT_FALSE(store_->find_author_by_slug("ghost-writer"));
  EXPECT_FALSE(store_->find_tag_by_slug("ghost-tag"));
  EXPECT_TRUE(search("ghost").empty());
  auto count = store_->count_published();
  ASSERT_TRUE(count);
  EXPECT_EQ(*count, 0);

  // The store stays usable.
  EXPECT_GT(put(make("after", "After", 2)), 0);
}

TEST_F(SqliteStoreTest, WriteRollsBackWhenCallbackThrows) {
  auto status = store_->write([&](WriteTxn& txn) -> core::Status {
    auto a = txn.add_author("Thrower", "");
    if (!a) return a.error();
    Article article = make("thrown", "Thrown", 1);
    if (auto r = txn.upsert_article(article); !r) return r.error();
    throw std::runtime_error("boom");
  });
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, core::Errc::kInternal);
  EXPECT_NE(status.error().message.find("boom"), std::string::npos);
  EXPECT_FALSE(store_->find_published_by_slug("thrown"));
  EXPECT_FALSE(store_->find_author_by_slug("thrower"));

  EXPECT_GT(put(make("after", "After", 2)), 0);
}

TEST_F(SqliteStoreTest, WriteRollsBackWhenCallbackThrowsNonStandardException) {
  auto status = store_->write([&](WriteTxn& txn) -> core::Status {
    Article article = make("odd-throw", "Odd", 1);
    if (auto r = txn.upsert_article(article); !r) return r.error();
    throw 42;
  });
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, core::Errc::kInternal);
  EXPECT_FALSE(store_->find_published_by_slug("odd-throw"));
  // The writer is not left inside an open transaction.
  EXPECT_GT(put(make("after", "After", 2)), 0);
  EXPECT_TRUE(store_->find_published_by_slug("after"));
}

TEST_F(SqliteStoreTest, ConcurrentReadersWhileWriterWrites) {
  const Tag t = tag("Live");
  constexpr int kWrites = 40;
  constexpr int kReaders = 4;
  constexpr int kReadsPerThread = 60;
  std::atomic<int> errors{0};
  std::atomic<bool> done{false};

  std::thread writer([&] {
    for (int i = 0; i < kWrites; ++i) {
      Article a = make("live-" + std::to_string(i), "Live update " + std::to_string(i), i);
      a.tags = {t};
      auto s = store_->write([&](WriteTxn& txn) -> core::Status {
        auto r = txn.upsert_article(a);
        if (!r) return r.error();
        return {};
      });
      if (!s) ++errors;
    }
    done = true;
  });
  std::vector<std::thread> readers;
  for (int r = 0; r < kReaders; ++r) {
    readers.emplace_back([&, r] {
      int last_total = 0;
      for (int i = 0; i < kReadsPerThread; ++i) {
        auto page = store_->list_published(ArticleQuery{});
        if (!page) {
          ++errors;
          continue;
        }
        // Totals never go backwards for one reader: each sees committed states only.
        if (page->total < last_total) ++errors;
        last_total = page->total;
        for (const auto& item : page->items) {
          if (item.tags.size() != 1) ++errors;
        }
        if (!store_->search_published(search_query("update", 5))) ++errors;
        if (!store_->count_published()) ++errors;
        if (!store_->published_texts()) ++errors;
        if (r == 0 && !store_->settings()) ++errors;
      }
    });
  }
  writer.join();
  for (auto& th : readers) th.join();
  EXPECT_TRUE(done.load());
  EXPECT_EQ(errors.load(), 0);
  auto count = store_->count_published();
  ASSERT_TRUE(count);
  EXPECT_EQ(*count, kWrites);
}

// The row count ANALYZE recorded for the articles table (0: no statistics).
std::int64_t recorded_articles(SqliteStore& store) {
  std::int64_t recorded = 0;
  auto status = store.read_sql([&](Db& db) -> core::Status {
    auto st = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'");
    if (!st) return st.error();
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return {};
    auto stat = db.prepare(
        "SELECT stat FROM sqlite_stat1 WHERE tbl = 'articles' AND idx = 'articles_by_status_date'");
    if (!stat) return stat.error();
    row = stat->step();
    if (!row) return row.error();
    if (*row) recorded = std::stoll(stat->text(0));
    return {};
  });
  EXPECT_TRUE(status) << status.error().message;
  return recorded;
}

TEST_F(SqliteStoreTest, OpeningALargeDatabaseTakesPlannerStatisticsAgainWhenTheyAreStale) {
  const auto add_drafts = [&](int from, int n) {
    auto status = store_->write([&](WriteTxn& txn) -> core::Status {
      for (int i = from; i < from + n; ++i) {
        auto id = txn.upsert_article(make("draft-" + std::to_string(i),
                                          "Draft " + std::to_string(i), 1, ArticleStatus::kDraft));
        if (!id) return id.error();
      }
      return {};
    });
    ASSERT_TRUE(status) << status.error().message;
  };
  const auto reopen = [&] {
    store_.reset();
    auto opened = SqliteStore::open(db_path());
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
  };
  const int small = static_cast<int>(SqliteStore::kStatisticsFrom) - 1;
  add_drafts(0, small);
  reopen();
  EXPECT_EQ(recorded_articles(*store_), 0) << "a small database does without";

  add_drafts(small, 1);
  reopen();
  EXPECT_EQ(recorded_articles(*store_), SqliteStore::kStatisticsFrom);

  // A change under half of what was recorded keeps them; more takes them again.
  add_drafts(small + 1, static_cast<int>(SqliteStore::kStatisticsFrom / 2));
  reopen();
  EXPECT_EQ(recorded_articles(*store_), SqliteStore::kStatisticsFrom);
  add_drafts(small + 1 + static_cast<int>(SqliteStore::kStatisticsFrom / 2), 1);
  reopen();
  EXPECT_EQ(recorded_articles(*store_), SqliteStore::kStatisticsFrom * 3 / 2 + 1);
}

}  // namespace
}  // namespace dateline::store::sqlite
