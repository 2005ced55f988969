#include "ingest/markdown_import.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "store/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"

namespace dateline::ingest {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

// A Markdown file with front matter; `extra` holds further front matter lines.
std::string article_file(std::string_view title, std::string_view slug,
                         std::string_view extra = "") {
  std::string text = "---\ntitle: \"" + std::string(title) + "\"\n";
  if (!slug.empty()) text += "slug: " + std::string(slug) + "\n";
  text += "date: 2025-11-24T11:30:00+05:00\n";
  text += extra;
  text += "---\nBody of " + std::string(title) + ".\n";
  return text;
}

class MarkdownImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::sqlite::SqliteStore::open((tmp_.path() / "x.db").string());
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    store_ = std::move(*opened);
  }

  core::Result<std::vector<ImportedArticle>> import(const std::vector<fs::path>& paths) {
    return import_markdown_files(*store_, paths, karachi_, now_);
  }

  int published() {
    auto n = store_->count_published();
    EXPECT_TRUE(n.has_value()) << n.error().message;
    return n.value_or(-1);
  }

  testing::TempDir tmp_;
  std::unique_ptr<store::sqlite::SqliteStore> store_;
  core::TimeZone karachi_ = *core::TimeZone::find("Asia/Karachi");
  core::TimePoint now_{sys_days{2025y / November / 27} + 9h};
};

TEST_F(MarkdownImportTest, ImportsAFolderOfFiles) {
  tmp_.write("posts/01-budget.md", article_file("Budget session opens", "budget-session-opens"));
  tmp_.write("posts/02-rupee.md", article_file("Rupee slides", ""));
  tmp_.write("posts/older/03-textiles.markdown", article_file("Textile mills warn", ""));
  tmp_.write("posts/notes.txt", "not an article");

  auto r = import({tmp_.path() / "posts"});
  ASSERT_TRUE(r.has_value()) << r.error().message;
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].slug, "budget-session-opens");
  EXPECT_EQ((*r)[1].slug, "rupee-slides");
  EXPECT_EQ((*r)[2].slug, "textile-mills-warn");
  for (const auto& a : *r) {
    EXPECT_TRUE(a.created) << a.slug;
    EXPECT_GT(a.id, 0) << a.slug;
    EXPECT_EQ(a.status, content::ArticleStatus::kPublished);
    EXPECT_EQ(a.published_at, core::TimePoint{sys_days{2025y / November / 24} + 6h + 30min});
  }
  EXPECT_EQ(published(), 3);

  auto stored = store_->find_published_by_slug("rupee-slides");
  ASSERT_TRUE(stored.has_value()) << stored.error().message;
  EXPECT_EQ(stored->id, (*r)[1].id);
  EXPECT_EQ(stored->title, "Rupee slides");
  EXPECT_EQ(stored->body_markdown, "Body of Rupee slides.\n");
  EXPECT_EQ(stored->published_at, (*r)[1].published_at);
}

TEST_F(MarkdownImportTest, ImportsSingleFilesToo) {
  const auto file = tmp_.write("one.md", article_file("Single story", "single-story"));
  auto r = import({file});
  ASSERT_TRUE(r.has_value()) << r.error().message;
  ASSERT_EQ(r->size(), 1u);
  EXPECT_TRUE(store_->find_published_by_slug("single-story").has_value());
}

TEST_F(MarkdownImportTest, SecondImportOfTheSameSlugUpdates) {
  const auto file = tmp_.write("story.md", article_file("First headline", "the-story"));
  auto first = import({file});
  ASSERT_TRUE(first.has_value()) << first.error().message;
  ASSERT_EQ(first->size(), 1u);

  tmp_.write("story.md", article_file("Corrected headline", "the-story"));
  auto second = import({file});
  ASSERT_TRUE(second.has_value()) << second.error().message;
  ASSERT_EQ(second->size(), 1u);
  EXPECT_FALSE((*second)[0].created);
  EXPECT_EQ((*second)[0].id, (*first)[0].id);

  EXPECT_EQ(published(), 1);
  auto stored = store_->find_published_by_slug("the-story");
  ASSERT_TRUE(stored.has_value()) << stored.error().message;
  EXPECT_EQ(stored->id, (*first)[0].id);
  EXPECT_EQ(stored->title, "Corrected headline");
  EXPECT_EQ(stored->version, 2);
}

TEST_F(MarkdownImportTest, OneBadFileImportsNothing) {
  tmp_.write("batch/01-good.md", article_file("Good story", "good-story"));
  tmp_.write("batch/02-bad.md", "---\ntitle: Bad story\n---\nNo date.\n");
  const int before = published();

  auto r = import({tmp_.path() / "batch"});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, core::Errc::kInvalidArgument);
  EXPECT_NE(r.error().message.find("02-bad.md:2: field 'date'"), std::string::npos)
      << r.error().message;

  EXPECT_EQ(published(), before);
  auto good = store_->find_published_by_slug("good-story");
  ASSERT_FALSE(good.has_value());
  EXPECT_EQ(good.error().code, core::Errc::kNotFound);
}

TEST_F(MarkdownImportTest, AFailureInsideTheTransactionRollsBackEarlierArticles) {
  ParsedArticle good;
  good.source = "good.md";
  good.title = "Good story";
  good.slug = "good-story";
  good.author = "New Reporter";
  good.category = "Business";
  good.tags = {"energy"};
  good.date = now_;
  ParsedArticle bad = good;
  bad.source = "bad.md";
  bad.slug = "Not A Slug";

  auto r = import_parsed(*store_, {good, bad}, now_);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("bad.md"), std::string::npos) << r.error().message;

  EXPECT_EQ(published(), 0);
  EXPECT_FALSE(store_->find_published_by_slug("good-story").has_value());
  EXPECT_FALSE(store_->find_tag_by_slug("energy").has_value());
  EXPECT_FALSE(store_->find_category_by_slug("business").has_value());
  auto authors = store_->list_authors();
  ASSERT_TRUE(authors.has_value()) << authors.error().message;
  EXPECT_TRUE(std::none_of(authors->begin(), authors->end(),
                           [](const content::Author& a) { return a.name == "New Reporter"; }));
}

TEST_F(MarkdownImportTest, DuplicateSlugsInABatchNameBothFiles) {
  tmp_.write("dup/a.md", article_file("Budget day", "budget-day"));
  tmp_.write("dup/b.md", article_file("Budget day, again", "budget-day"));

  auto r = import({tmp_.path() / "dup"});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, core::Errc::kConflict);
  const auto& m = r.error().message;
  EXPECT_NE(m.find("a.md"), std::string::npos) << m;
  EXPECT_NE(m.find("b.md"), std::string::npos) << m;
  EXPECT_NE(m.find("'budget-day'"), std::string::npos) << m;
  EXPECT_EQ(published(), 0);
}

// Files are read and parsed on a thread of their own, a few thousand ahead of the writer: a batch
// larger than that is still written whole and in file order, and when two files are wrong the
// error names the first one in order, whichever was found first, and nothing is written.
TEST_F(MarkdownImportTest, ALargeBatchIsWrittenInOrderAndTheFirstFailureInOrderIsReported) {
  constexpr int kFiles = 4500;
  const auto name = [](int i) { return fmt::format("{:05}", i); };
  for (int i = 0; i < kFiles; ++i) {
    tmp_.write(fmt::format("big/{}.md", name(i)),
               article_file(fmt::format("Story {}", i), "s-" + name(i)));
  }
  auto r = import({tmp_.path() / "big"});
  ASSERT_TRUE(r.has_value()) << r.error().message;
  ASSERT_EQ(r->size(), static_cast<std::size_t>(kFiles));
  for (int i = 0; i < kFiles; ++i) {
    ASSERT_EQ((*r)[static_cast<std::size_t>(i)].slug, "s-" + name(i));
  }
  EXPECT_EQ(published(), kFiles);

  // A duplicate slug early in the batch and a file without a date near its end.
  for (int i = 0; i < kFiles; ++i) {
    std::string text = article_file(fmt::format("Other {}", i), "o-" + name(i));
    if (i == 300) text = article_file("Other again", "o-" + name(10));
    if (i == 4400) text = "---\ntitle: No date\n---\nBody.\n";
    tmp_.write(fmt::format("bad/{}.md", name(i)), text);
  }
  auto bad = import({tmp_.path() / "bad"});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, core::Errc::kConflict) << bad.error().message;
  EXPECT_NE(bad.error().message.find("00300.md"), std::string::npos) << bad.error().message;
  EXPECT_EQ(published(), kFiles);
  EXPECT_FALSE(store_->find_published_by_slug("o-00000").has_value());

  // The same with the file without a date first: its error, not the duplicate's.
  tmp_.write("bad/00005.md", "---\ntitle: No date\n---\nBody.\n");
  bad = import({tmp_.path() / "bad"});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, core::Errc::kInvalidArgument) << bad.error().message;
  EXPECT_NE(bad.error().message.find("00005.md"), std::string::npos) << bad.error().message;
  EXPECT_EQ(published(), kFiles);
}

TEST_F(MarkdownImportTest, SlugsDerivedFromTitlesCanCollideToo) {
  tmp_.write("dup/a.md", article_file("Budget day!", ""));
  tmp_.write("dup/b.md", article_file("Budget: Day", ""));
  auto r = import({tmp_.path() / "dup"});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, core::Errc::kConflict);
}

TEST_F(MarkdownImportTest, UnknownAuthorIsCreatedWithEmptyBio) {
  const auto file =
      tmp_.write("s.md", article_file("Story", "story", "author: Ayesha Siddiqa-Khan\n"));
  auto r = import({file});
  ASSERT_TRUE(r.has_value()) << r.error().message;

  auto stored = store_->find_published_by_slug("story");
  ASSERT_TRUE(stored.has_value()) << stored.error().message;
  auto author = store_->find_author(stored->author_id);
  ASSERT_TRUE(author.has_value()) << author.error().message;
  EXPECT_EQ(author->name, "Ayesha Siddiqa-Khan");
  EXPECT_EQ(author->bio, "");
  EXPECT_EQ(author->slug, "ayesha-siddiqa-khan");
}

TEST_F(MarkdownImportTest, KnownAuthorIsReusedWithItsBio) {
  content::Id author_id = 0;
  auto w = store_->write([&](store::WriteTxn& txn) -> core::Status {
    auto a = txn.add_author("Farhan Qadir", "Business reporter.");
    if (!a) return a.error();
    author_id = a->id;
    return {};
  });
  ASSERT_TRUE(w.has_value()) << w.error().message;

  tmp_.write("in/a.md", article_file("One", "one", "author: Farhan Qadir\n"));
  tmp_.write("in/b.md", article_file("Two", "two", "author: Farhan Qadir\n"));
  auto r = import({tmp_.path() / "in"});
  ASSERT_TRUE(r.has_value()) << r.error().message;

  auto authors = store_->list_authors();
  ASSERT_TRUE(authors.has_value()) << authors.error().message;
  ASSERT_EQ(authors->size(), 1u);
  EXPECT_EQ((*authors)[0].id, author_id);
  EXPECT_EQ((*authors)[0].bio, "Business reporter.");
  auto count = store_->count_published_by_author(author_id);
  ASSERT_TRUE(count.has_value()) << count.error().message;
  EXPECT_EQ(*count, 2);
}

TEST_F(MarkdownImportTest, MissingAuthorFallsBackToStaff) {
  auto r = import({tmp_.write("s.md", article_file("Story", "story"))});
  ASSERT_TRUE(r.has_value()) << r.error().message;
  auto stored = store_->find_published_by_slug("story");
  ASSERT_TRUE(stored.has_value()) << stored.error().message;
  auto author = store_->find_author(stored->author_id);
  ASSERT_TRUE(author.has_value()) << author.error().message;
  EXPECT_EQ(author->name, "Staff");
}

TEST_F(MarkdownImportTest, CategoriesAndTagsAreCreatedAndLinked) {
  const auto file =
      tmp_.write("s.md", article_file("Fuel prices raised", "fuel-prices-raised",
                                      "category: Business\ntags: [Energy, Fuel Prices, energy]\n"));
  auto r = import({file});
  ASSERT_TRUE(r.has_value()) << r.error().message;
  const auto id = (*r)[0].id;

  auto category = store_->find_category_by_slug("business");
  ASSERT_TRUE(category.has_value()) << category.error().message;
  EXPECT_EQ(category->name, "Business");
  auto tag = store_->find_tag_by_slug("fuel-prices");
  ASSERT_TRUE(tag.has_value()) << tag.error().message;
  EXPECT_EQ(tag->name, "Fuel Prices");
  ASSERT_TRUE(store_->find_tag_by_slug("energy").has_value());

  auto stored = store_->find_published_by_slug("fuel-prices-raised");
  ASSERT_TRUE(stored.has_value()) << stored.error().message;
  EXPECT_EQ(stored->category_id, category->id);
  std::vector<std::string> tag_slugs;
  for (const auto& t : stored->tags) tag_slugs.push_back(t.slug);
  EXPECT_EQ(tag_slugs, (std::vector<std::string>{"energy", "fuel-prices"}))
      << "the repeated tag is linked once";

  store::ArticleQuery by_tag;
  by_tag.tag_id = tag->id;
  auto page = store_->list_published(by_tag);
  ASSERT_TRUE(page.has_value()) << page.error().message;
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].id, id);
  EXPECT_EQ(page->total, 1);

  store::ArticleQuery by_category;
  by_category.category_id = category->id;
  auto in_category = store_->list_published(by_category);
  ASSERT_TRUE(in_category.has_value()) << in_category.error().message;
  EXPECT_EQ(in_category->total, 1);
}

TEST_F(MarkdownImportTest, TagsAreSharedAcrossArticles) {
  tmp_.write("t/a.md", article_file("One", "one", "tags: energy\n"));
  tmp_.write("t/b.md", article_file("Two", "two", "tags: energy, gas\n"));
  tmp_.write("t/c.md", article_file("Three", "three", "tags: gas\n"));
  ASSERT_TRUE(import({tmp_.path() / "t"}).has_value());

  auto energy = store_->find_tag_by_slug("energy");
  ASSERT_TRUE(energy.has_value()) << energy.error().message;
  store::ArticleQuery q;
  q.tag_id = energy->id;
  auto page = store_->list_published(q);
  ASSERT_TRUE(page.has_value()) << page.error().message;
  EXPECT_EQ(page->total, 2);
}

TEST_F(MarkdownImportTest, ReimportReplacesTheTagLinks) {
  const auto file = tmp_.write("s.md", article_file("Story", "story", "tags: [energy, gas]\n"));
  ASSERT_TRUE(import({file}).has_value());
  tmp_.write("s.md", article_file("Story", "story", "tags: [gas]\n"));
  ASSERT_TRUE(import({file}).has_value());

  auto energy = store_->find_tag_by_slug("energy");
  ASSERT_TRUE(energy.has_value()) << energy.error().message;
  store::ArticleQuery q;
  q.tag_id = energy->id;
  auto page = store_->list_published(q);
  ASSERT_TRUE(page.has_value()) << page.error().message;
  EXPECT_EQ(page->total, 0);
  auto stored = store_->find_published_by_slug("story");
  ASSERT_TRUE(stored.has_value()) << stored.error().message;
  ASSERT_EQ(stored->tags.size(), 1u);
  EXPECT_EQ(stored->tags[0].slug, "gas");
}

TEST_F(MarkdownImportTest, DraftsAreStoredButNotPublished) {
  const auto file = tmp_.write("d.md", article_file("Embargoed", "embargoed", "status: draft\n"));
  auto r = import({file});
  ASSERT_TRUE(r.has_value()) << r.error().message;
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].status, content::ArticleStatus::kDraft);

  EXPECT_EQ(published(), 0);
  EXPECT_FALSE(store_->find_published_by_slug("embargoed").has_value());
  auto stored = store_->find_article((*r)[0].id);
  ASSERT_TRUE(stored.has_value()) << stored.error().message;
  EXPECT_EQ(stored->status, content::ArticleStatus::kDraft);
}

TEST_F(MarkdownImportTest, MissingPathIsNotFound) {
  auto r = import({tmp_.path() / "nowhere"});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, core::Errc::kNotFound);
  EXPECT_NE(r.error().message.find("nowhere"), std::string::npos) << r.error().message;
}

TEST_F(MarkdownImportTest, FolderWithoutMarkdownIsRejected) {
  tmp_.write("empty/readme.txt", "nothing here");
  auto r = import({tmp_.path() / "empty"});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, core::Errc::kInvalidArgument);
}

TEST(CollectMarkdownFilesTest, ExpandsFoldersRecursivelyInPathOrder) {
  testing::TempDir tmp;
  tmp.write("f/b.md", "");
  tmp.write("f/a.markdown", "");
  tmp.write("f/sub/c.md", "");
  tmp.write("f/skip.txt", "");
  const auto single = tmp.write("z.md", "");

  auto files = collect_markdown_files({tmp.path() / "f", single});
  ASSERT_TRUE(files.has_value()) << files.error().message;
  EXPECT_EQ(*files, (std::vector<fs::path>{tmp.path() / "f/a.markdown", tmp.path() / "f/b.md",
                                           tmp.path() / "f/sub/c.md", single}));
}

}  // namespace
}  // namespace dateline::ingest
