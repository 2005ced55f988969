#include "ingest/wxr_import.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/strings.h"
#include "render/markdown.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/publish_story.h"
#include "testing/temp_dir.h"
#include "wxr/wxr_fixture.h"

namespace dateline::ingest {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;
using testdata::kExport;

bool has(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

std::string replaced(std::string_view text, std::string_view from, std::string_view to) {
  EXPECT_TRUE(has(text, from)) << from;
  return core::replace_all(text, from, to);
}

// The 1-based line of the first occurrence of `needle`.
long line_of(std::string_view text, std::string_view needle) {
  const auto pos = text.find(needle);
  EXPECT_NE(pos, std::string_view::npos) << needle;
  return 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(pos), '\n');
}

class WxrImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::sqlite::SqliteStore::open((tmp_.path() / "x.db").string());
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    store_ = std::move(*opened);
    options_.zone = karachi_;
    options_.now = now_;
  }

  // Collects what the callbacks saw into articles_ and skipped_ (emptied first).
  core::Result<WxrReport> import(std::string_view xml, std::string name = "export.xml") {
    const auto path = tmp_.write(name, std::string(xml));
    articles_.clear();
    skipped_.clear();
    options_.on_article = [&](store::WriteTxn&, const WxrArticle& a) -> core::Status {
      articles_.push_back(a);
      return {};
    };
    options_.on_skip = [&](const WxrSkip& s) { skipped_.push_back(s); };
    return import_wxr_file(*store_, path, options_);
  }

  content::Article article(std::int64_t wordpress_id) {
    auto id = store_->find_by_legacy_id("wordpress", wordpress_id);
    EXPECT_TRUE(id.has_value()) << "no article for WordPress post " << wordpress_id;
    if (!id) return {};
    auto a = store_->find_article(*id);
    EXPECT_TRUE(a.has_value()) << a.error().message;
    return a.value_or(content::Article{});
  }

  std::string author_name(content::Id id) {
    auto author = store_->find_author(id);
    EXPECT_TRUE(author.has_value());
    return author ? author->name : "";
  }

  const WxrArticle* find(std::int64_t wordpress_id) const {
    for (const auto& a : articles_) {
      if (a.wordpress_id == wordpress_id) return &a;
    }
    return nullptr;
  }

  testing::TempDir tmp_;
  std::unique_ptr<store::sqlite::SqliteStore> store_;
  core::TimeZone karachi_ = *core::TimeZone::find("Asia/Karachi");
  core::TimePoint now_{sys_days{2025y / November / 27} + 9h};
  WxrOptions options_;
  std::vector<WxrArticle> articles_;  // as on_article saw them during the last import()
  std::vector<WxrSkip> skipped_;      // as on_skip saw them
};

TEST_F(WxrImportTest, ImportsAPublishedPostWithAuthorCategoryTagsExcerptAndDates) {
  auto report = import(kExport);
  ASSERT_TRUE(report.has_value()) << report.error().message;

  const auto a = article(101);
  EXPECT_EQ(a.slug, "petrol-prices-raised");
  EXPECT_EQ(a.title, "Petrol & diesel prices raised");
  EXPECT_EQ(a.status, content::ArticleStatus::kPublished);
  EXPECT_EQ(a.published_at, core::TimePoint{sys_days{2025y / November / 24} + 10h + 30min});
  EXPECT_EQ(a.updated_at, core::TimePoint{sys_days{2025y / November / 25} + 8h});
  EXPECT_EQ(a.excerpt, "Prices rise by Rs 10 a litre.");
  EXPECT_EQ(author_name(a.author_id), "Sana Mir");

  // The first category that is not WordPress's placeholder.
  ASSERT_TRUE(a.category_id.has_value());
  auto categories = store_->list_categories();
  ASSERT_TRUE(categories.has_value());
  ASSERT_EQ(categories->size(), 1u);
  EXPECT_EQ(categories->front().name, "Business");
  EXPECT_EQ(categories->front().id, *a.category_id);

  ASSERT_EQ(a.tags.size(), 2u);
  EXPECT_EQ(a.tags[0].name, "Energy");
  EXPECT_EQ(a.tags[1].name, "Prices & Tariffs");

  // The featured image leads the body; the comment's HTML is not part of it.
  EXPECT_EQ(a.body_markdown,
            "![](https://ledger.example.com/wp-content/uploads/2025/11/pump.jpg)\n\n"
            "The government raised petrol prices by **Rs 10** a litre on Monday.\n\n"
            "## What changes\n\n"
            "- Petrol: Rs 272\n- Diesel: Rs 283\n\n"
            "Read the [OGRA notice](https://ogra.example.gov/notice).\n");

  const auto* reported = find(101);
  ASSERT_NE(reported, nullptr);
  EXPECT_EQ(reported->outcome, WxrOutcome::kCreated);
  EXPECT_TRUE(reported->article.created);
  EXPECT_EQ(reported->article.id, a.id);
  EXPECT_EQ(reported->article.slug, "petrol-prices-raised");
}

TEST_F(WxrImportTest, MapsStatusesAndSkipsWhatIsNotAPostWithAReason) {
  auto report = import(kExport);
  ASSERT_TRUE(report.has_value()) << report.error().message;

  std::vector<std::int64_t> ids;
  for (const auto& a : articles_) ids.push_back(a.wordpress_id);
  // 101 waits for its featured image, whose attachment comes last in the file.
  EXPECT_EQ(ids, (std::vector<std::int64_t>{102, 106, 107, 108, 101}));
  EXPECT_EQ(report->count(WxrOutcome::kCreated), 5u);

  EXPECT_EQ(article(101).status, content::ArticleStatus::kPublished);
  EXPECT_EQ(article(106).status, content::ArticleStatus::kPublished);
  EXPECT_EQ(article(102).status, content::ArticleStatus::kDraft);  // draft
  EXPECT_EQ(article(107).status, content::ArticleStatus::kDraft);  // pending
  EXPECT_EQ(article(108).status, content::ArticleStatus::kDraft);  // future
  EXPECT_EQ(store_->count_published().value_or(-1), 2);

  ASSERT_EQ(report->skipped, 4u);
  ASSERT_EQ(skipped_.size(), 4u);
  const auto skip = [&](std::size_t i) {
    const auto& s = skipped_[i];
    return fmt::format("{} {} {}: {}", s.wordpress_id, s.post_type, s.title, s.reason);
  };
  EXPECT_EQ(skip(0), "103 post Deleted story: in the trash");
  EXPECT_EQ(skip(1), "104 page About us: page (not a post)");
  EXPECT_EQ(skip(2), "105 nav_menu_item Home: nav_menu_item (not a post)");
  EXPECT_EQ(skip(3), "201 attachment pump: attachment (not a post)");
  EXPECT_FALSE(store_->find_by_legacy_id("wordpress", 103).has_value());
}

TEST_F(WxrImportTest, PasswordProtectedPostsAreNotPublished) {
  auto report = import(replaced(kExport, "<wp:post_password><![CDATA[]]></wp:post_password>",
                                "<wp:post_password><![CDATA[secret]]></wp:post_password>"));
  ASSERT_TRUE(report.has_value()) << report.error().message;
  EXPECT_EQ(article(101).status, content::ArticleStatus::kDraft);
  EXPECT_EQ(store_->count_published().value_or(-1), 1);
}

TEST_F(WxrImportTest, DraftsWithoutGmtDatesAreReadInTheSiteZoneAndGetSlugsFromTitles) {
  auto report = import(kExport);
  ASSERT_TRUE(report.has_value()) << report.error().message;

  const auto draft = article(102);
  EXPECT_EQ(draft.slug, "budget-talks-stall");
  // 09:30 in Karachi (+05:00).
  EXPECT_EQ(draft.published_at, core::TimePoint{sys_days{2025y / November / 20} + 4h + 30min});
  EXPECT_FALSE(draft.updated_at.has_value());
  EXPECT_EQ(author_name(draft.author_id), "Farhan Qadir");  // first and last name
  // Classic-editor text: blank lines are paragraphs, a single newline a line break.
  EXPECT_EQ(draft.body_markdown,
            "Talks on the budget stalled on Thursday.\n\nThe finance committee will meet "
            "again\\\nnext week.\n\n*More to follow.*\n");

  // Same title, no post_name: the slug is kept unique.
  EXPECT_EQ(article(108).slug, "budget-talks-stall-2");
  EXPECT_EQ(article(108).published_at, core::TimePoint{sys_days{2025y / December / 1} + 4h});
}

TEST_F(WxrImportTest, CleansBodiesToSafeMarkdown) {
  auto report = import(kExport);
  ASSERT_TRUE(report.has_value()) << report.error().message;

  const auto a = article(106);
  EXPECT_EQ(author_name(a.author_id), "wire");  // a login without an <wp:author> entry
  EXPECT_EQ(a.body_markdown,
            "[![Floodwater](https://ledger.example.com/wp-content/uploads/flood.jpg)]"
            "(https://ledger.example.com/wp-content/uploads/flood-full.jpg)\n\n"
            "*Floodwater in Sukkur on Sunday*\n\n"
            "The water rose in an hour. Residents fled ![](x)at night.\n\n"
            "See the map and the [NDMA map](https://ndma.example.gov/map).\n\n"
            "[https://www.youtube.com/embed/flood123](https://www.youtube.com/embed/flood123)\n\n"
            "Send tips to [the desk](mailto:desk@ledger.example.com).\n");

  const auto html = render::markdown_to_html(a.body_markdown, {});
  for (std::string_view bad :
       {"<script", "onerror", "onclick", "onmouseover", "javascript:", "<iframe", "<style", "<form",
        "alert(", "document.cookie", "[caption", "[pullquote", "[contact-form-7", "wp:"}) {
    EXPECT_FALSE(has(html, bad)) << bad << " in " << html;
  }
  EXPECT_TRUE(has(html,
                  "<img src=\"https://ledger.example.com/wp-content/uploads/flood.jpg\" "
                  "alt=\"Floodwater\" />"))
      << html;
  EXPECT_TRUE(has(html, "<a href=\"https://www.youtube.com/embed/flood123\">")) << html;
}

TEST_F(WxrImportTest, ReimportingTheSameExportChangesNothing) {
  auto first = import(kExport);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  std::vector<content::Article> before;
  for (std::int64_t id : {101, 102, 106, 107, 108}) before.push_back(article(id));
  const auto authors = store_->list_authors().value_or(std::vector<content::Author>{});

  auto second = import(kExport);
  ASSERT_TRUE(second.has_value()) << second.error().message;
  EXPECT_EQ(second->count(WxrOutcome::kCreated), 0u);
  EXPECT_EQ(second->count(WxrOutcome::kUpdated), 0u);
  EXPECT_EQ(second->count(WxrOutcome::kUnchanged), 5u);
  EXPECT_EQ(second->skipped, 4u);

  std::size_t i = 0;
  for (std::int64_t id : {101, 102, 106, 107, 108}) {
    const auto after = article(id);
    EXPECT_EQ(after.id, before[i].id) << id;
    EXPECT_EQ(after.slug, before[i].slug) << id;
    EXPECT_EQ(after.version, before[i].version) << id << ": rewritten although unchanged";
    EXPECT_EQ(after.body_markdown, before[i].body_markdown) << id;
    const auto* reported = find(id);
    ASSERT_NE(reported, nullptr) << id;
    EXPECT_EQ(reported->article.id, after.id);
    EXPECT_FALSE(reported->article.created);
    ++i;
  }
  EXPECT_EQ(store_->list_authors().value_or(std::vector<content::Author>{}).size(), authors.size());
  EXPECT_EQ(store_->count_published().value_or(-1), 2);
}

TEST_F(WxrImportTest, ReimportingAnEditedPostUpdatesItInPlace) {
  ASSERT_TRUE(import(kExport).has_value());
  const auto before = article(101);

  // Edited in WordPress: a new headline and slug (the article keeps its URL) and a new tag.
  auto edited = replaced(kExport, "Petrol &amp; diesel prices raised", "Fuel prices raised again");
  edited = replaced(edited, "<wp:post_name><![CDATA[petrol-prices-raised]]>",
                    "<wp:post_name><![CDATA[fuel-prices-raised-again]]>");
  auto report = import(edited);
  ASSERT_TRUE(report.has_value()) << report.error().message;
  EXPECT_EQ(report->count(WxrOutcome::kUpdated), 1u);
  EXPECT_EQ(report->count(WxrOutcome::kUnchanged), 4u);
  EXPECT_EQ(find(101)->outcome, WxrOutcome::kUpdated);

  const auto after = article(101);
  EXPECT_EQ(after.id, before.id);
  EXPECT_EQ(after.slug, "petrol-prices-raised");
  EXPECT_EQ(after.title, "Fuel prices raised again");
  EXPECT_EQ(after.version, before.version + 1);
  EXPECT_EQ(after.created_at, before.created_at);
}

TEST_F(WxrImportTest, KeepsArticlesFromElsewhereWhenSlugsCollide) {
  const auto written = testing::publish_story(*store_, {.slug = "petrol-prices-raised",
                                                        .title = "Our own story",
                                                        .body = "Ours.\n",
                                                        .author = "Desk",
                                                        .at = now_});
  ASSERT_TRUE(written) << written.error().message;
  const content::Id existing = *written;

  auto report = import(kExport);
  ASSERT_TRUE(report.has_value()) << report.error().message;
  EXPECT_EQ(article(101).slug, "petrol-prices-raised-2");
  EXPECT_NE(article(101).id, existing);
  auto ours = store_->find_article(existing);
  ASSERT_TRUE(ours.has_value());
  EXPECT_EQ(ours->title, "Our own story");
  EXPECT_EQ(ours->version, 1);
}

TEST_F(WxrImportTest, TruncatedFileImportsNothingAndTheErrorNamesTheLine) {
  // Cut inside the sixth item, as an interrupted download would.
  const auto cut = kExport.find("Residents fled");
  ASSERT_NE(cut, std::string_view::npos);
  const auto truncated = kExport.substr(0, cut);
  const long last_line = 1 + std::count(truncated.begin(), truncated.end(), '\n');

  auto report = import(truncated);
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().code, core::Errc::kInvalidArgument);
  const auto where = fmt::format("{}:{}:", (tmp_.path() / "export.xml").string(), last_line);
  EXPECT_TRUE(report.error().message.starts_with(where))
      << report.error().message << "\nexpected it to start with " << where;
  EXPECT_TRUE(has(report.error().message,
                  "the file ends inside <content:encoded> of the <item> at line "
                  "146; is it truncated?"))
      << report.error().message;

  // Nothing was written: not the complete posts before the break, nor their authors.
  EXPECT_FALSE(store_->find_by_legacy_id("wordpress", 101).has_value());
  EXPECT_EQ(store_->count_published().value_or(-1), 0);
  EXPECT_TRUE(store_->list_authors().value_or(std::vector<content::Author>{{}}).empty());
  EXPECT_TRUE(store_->list_categories().value_or(std::vector<content::Category>{{}}).empty());
}

TEST_F(WxrImportTest, MismatchedTagNamesItsLineAndImportsNothing) {
  const auto broken = replaced(kExport, "<wp:status><![CDATA[pending]]></wp:status>",
                               "<wp:status><![CDATA[pending]]></wp:statux>");
  auto report = import(broken);
  ASSERT_FALSE(report.has_value());
  const long line = line_of(broken, "</wp:statux>");
  EXPECT_TRUE(has(report.error().message, fmt::format("export.xml:{}:", line)))
      << report.error().message << "\nexpected line " << line;
  EXPECT_FALSE(store_->find_by_legacy_id("wordpress", 101).has_value());
}

TEST_F(WxrImportTest, UnreadableDateNamesThePostAndImportsNothing) {
  const auto broken = replaced(kExport, "<![CDATA[2025-11-23 15:00:00]]></wp:post_date_gmt>",
                               "<![CDATA[Sunday evening]]></wp:post_date_gmt>");
  auto report = import(broken);
  ASSERT_FALSE(report.has_value());
  const long line = line_of(broken, "<title><![CDATA[Floods reach Sukkur]]>") - 1;  // its <item>
  EXPECT_TRUE(has(report.error().message, fmt::format("export.xml:{}: post 106:", line)))
      << report.error().message;
  EXPECT_TRUE(has(report.error().message, "Sunday evening")) << report.error().message;
  EXPECT_FALSE(store_->find_by_legacy_id("wordpress", 101).has_value());
}

TEST_F(WxrImportTest, AnErrorFromTheArticleCallbackNamesThePostAndImportsNothing) {
  const auto path = tmp_.write("export.xml", std::string(kExport));
  options_.on_article = [](store::WriteTxn&, const WxrArticle& a) -> core::Status {
    if (a.wordpress_id == 102) return core::make_error(core::Errc::kUnavailable, "disk full");
    return {};
  };
  auto report = import_wxr_file(*store_, path, options_);
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().code, core::Errc::kUnavailable);
  const auto item = kExport.rfind("<item>", kExport.find("<wp:post_id>102</wp:post_id>"));
  const long line = line_of(kExport, kExport.substr(item));
  EXPECT_EQ(report.error().message, fmt::format("{}:{}: post 102: disk full", path.string(), line));
  EXPECT_FALSE(store_->find_by_legacy_id("wordpress", 101).has_value());
  EXPECT_EQ(store_->count_published().value_or(-1), 0);
}

TEST_F(WxrImportTest, AWriteErrorStopsTheReadingOfALongExport) {
  // Far more posts than the reader may run ahead of the writer, so it has to be stopped waiting.
  const auto start = kExport.rfind("<item>", kExport.find("<wp:post_id>102</wp:post_id>"));
  const auto end = kExport.find("</item>", start) + std::string_view("</item>").size();
  const auto draft = kExport.substr(start, end - start);
  std::string posts;
  for (int id = 1000; id < 2000; ++id) {
    posts += replaced(draft, "<wp:post_id>102</wp:post_id>",
                      fmt::format("<wp:post_id>{}</wp:post_id>", id)) +
             "\n";
  }
  std::string xml(kExport);
  xml.insert(xml.find("</channel>"), posts);
  const auto path = tmp_.write("long.xml", xml);
  std::size_t calls = 0;
  options_.on_article = [&](store::WriteTxn&, const WxrArticle& a) -> core::Status {
    ++calls;
    if (a.wordpress_id == 1001) return core::make_error(core::Errc::kUnavailable, "disk full");
    return {};
  };
  auto report = import_wxr_file(*store_, path, options_);
  ASSERT_FALSE(report.has_value());
  EXPECT_TRUE(has(report.error().message, ": post 1001: disk full")) << report.error().message;
  EXPECT_EQ(calls, 6u);  // 102, 106, 107, 108, 1000, 1001
  EXPECT_FALSE(store_->find_by_legacy_id("wordpress", 1000).has_value());
  EXPECT_EQ(store_->count_published().value_or(-1), 0);
}

TEST_F(WxrImportTest, RejectsFilesThatAreNotWordPressExports) {
  auto html = import("<html><body><p>Hello</p></body></html>", "page.xml");
  ASSERT_FALSE(html.has_value());
  EXPECT_TRUE(has(html.error().message, "page.xml:1: not a WordPress export"))
      << html.error().message;

  auto feed = import(
      "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Feed</title>\n"
      "<item><title>Story</title></item></channel></rss>\n",
      "feed.xml");
  ASSERT_FALSE(feed.has_value());
  EXPECT_TRUE(has(feed.error().message, "feed.xml:3: not a WordPress export"))
      << feed.error().message;

  auto missing = import_wxr_file(*store_, tmp_.path() / "nope.xml", options_);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, core::Errc::kNotFound);
}

TEST_F(WxrImportTest, RecordsWordPressIdsForLegacyLookup) {
  auto report = import(kExport);
  ASSERT_TRUE(report.has_value()) << report.error().message;
  for (const auto& a : articles_) {
    auto id = store_->find_by_legacy_id("wordpress", a.wordpress_id);
    ASSERT_TRUE(id.has_value()) << a.wordpress_id;
    EXPECT_EQ(*id, a.article.id);
  }
  EXPECT_EQ(store_->find_by_legacy_id("wordpress", 104).error().code, core::Errc::kNotFound);
  EXPECT_EQ(store_->find_by_legacy_id("wordpress", 201).error().code, core::Errc::kNotFound);
}

TEST_F(WxrImportTest, ReportsProgressAsItReadsAndOnceAtTheEnd) {
  std::vector<std::string> seen;
  options_.progress_every = 2;
  options_.progress = [&](const WxrProgress& p) {
    seen.push_back(fmt::format("{} items {} posts", p.items, p.posts));
  };
  ASSERT_TRUE(import(kExport).has_value());
  // 101 is written at the end, once its featured image (the last item) has been read.
  EXPECT_EQ(seen, (std::vector<std::string>{"2 items 1 posts", "4 items 1 posts", "6 items 2 posts",
                                            "8 items 4 posts", "9 items 5 posts"}));
}

TEST_F(WxrImportTest, APostAfterItsFeaturedImageIsWrittenInFileOrder) {
  // The attachment moved before every post.
  const auto start = kExport.rfind("<item>", kExport.find("<wp:post_id>201</wp:post_id>"));
  const auto end = kExport.find("</item>", start) + std::string_view("</item>").size();
  const auto attachment = kExport.substr(start, end - start);
  std::string moved = core::replace_all(kExport, attachment, "");
  const auto first = moved.find("<item>");
  moved.insert(first, std::string(attachment) + "\n\t");
  auto report = import(moved);
  ASSERT_TRUE(report.has_value()) << report.error().message;
  std::vector<std::int64_t> ids;
  for (const auto& a : articles_) ids.push_back(a.wordpress_id);
  EXPECT_EQ(ids, (std::vector<std::int64_t>{101, 102, 106, 107, 108}));
  EXPECT_TRUE(article(101).body_markdown.starts_with(
      "![](https://ledger.example.com/wp-content/uploads/2025/11/pump.jpg)\n\nThe government"))
      << article(101).body_markdown;
}

TEST_F(WxrImportTest, AFeaturedImageThatNeverComesLeavesTheBodyAsWritten) {
  auto report =
      import(replaced(kExport, "<wp:post_id>201</wp:post_id>", "<wp:post_id>202</wp:post_id>"));
  ASSERT_TRUE(report.has_value()) << report.error().message;
  EXPECT_EQ(report->created, 5u);
  EXPECT_TRUE(article(101).body_markdown.starts_with("The government raised petrol prices"))
      << article(101).body_markdown;
}

TEST_F(WxrImportTest, ASecondPostWithTheSameIdIsSkipped) {
  // 107 renumbered 106: the first of the two is imported.
  auto report =
      import(replaced(kExport, "<wp:post_id>107</wp:post_id>", "<wp:post_id>106</wp:post_id>"));
  ASSERT_TRUE(report.has_value()) << report.error().message;
  EXPECT_EQ(report->created, 4u);
  ASSERT_EQ(skipped_.size(), 5u);
  EXPECT_EQ(skipped_[3].wordpress_id, 106);
  EXPECT_EQ(skipped_[3].reason, "a second post with the same id");
  EXPECT_EQ(article(106).status, content::ArticleStatus::kPublished);
}

TEST_F(WxrImportTest, ASecondPostWithTheSameLargeIdIsSkipped) {
  auto xml =
      replaced(kExport, "<wp:post_id>106</wp:post_id>", "<wp:post_id>900000000106</wp:post_id>");
  xml = replaced(xml, "<wp:post_id>107</wp:post_id>", "<wp:post_id>900000000106</wp:post_id>");
  auto report = import(xml);
  ASSERT_TRUE(report.has_value()) << report.error().message;
  EXPECT_EQ(report->created, 4u);
  ASSERT_EQ(skipped_.size(), 5u);
  EXPECT_EQ(skipped_[3].wordpress_id, 900000000106);
  EXPECT_EQ(skipped_[3].reason, "a second post with the same id");
}

}  // namespace
}  // namespace dateline::ingest
