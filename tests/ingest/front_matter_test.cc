#include "ingest/front_matter.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::ingest {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

constexpr std::string_view kFullExample =
    "---\n"
    "title: \"Pakistan’s IT exports rise 12% in first quarter\"\n"
    "slug: it-exports-rise-12-percent\n"
    "date: 2025-11-24T11:30:00+05:00\n"
    "dateline: Islamabad\n"
    "author: Farhan Qadir\n"
    "category: Business\n"
    "tags: [IT, exports, economy]\n"
    "excerpt: \"Software and services exports grew faster than goods.\"\n"
    "---\n"
    "Pakistan's information technology exports rose 12 percent.\n"
    "\n"
    "## Freelancers lead\n";

class FrontMatterTest : public ::testing::Test {
 protected:
  core::TimeZone karachi_ = *core::TimeZone::find("Asia/Karachi");

  core::Result<ParsedArticle> parse(std::string_view text) {
    return parse_front_matter_article("posts/story.md", text, karachi_);
  }

  // Expects kInvalidArgument with a message that starts with `prefix` ("posts/story.md:3: field
  // 'date': ") and contains `detail`.
  void expect_error(std::string_view text, std::string_view prefix, std::string_view detail) {
    auto r = parse(text);
    ASSERT_FALSE(r.has_value()) << "parsed:\n" << text;
    EXPECT_EQ(r.error().code, core::Errc::kInvalidArgument);
    EXPECT_EQ(r.error().message.rfind(prefix, 0), 0u)
        << "message: " << r.error().message << "\nwanted prefix: " << prefix;
    EXPECT_NE(r.error().message.find(detail), std::string::npos)
        << "message: " << r.error().message << "\nwanted: " << detail;
  }
};

TEST_F(FrontMatterTest, ParsesTheFullExample) {
  auto r = parse(kFullExample);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  const auto& a = *r;
  EXPECT_EQ(a.source, "posts/story.md");
  EXPECT_EQ(a.title, "Pakistan’s IT exports rise 12% in first quarter");
  EXPECT_EQ(a.slug, "it-exports-rise-12-percent");
  EXPECT_EQ(a.date, core::TimePoint{sys_days{2025y / November / 24} + 6h + 30min});
  EXPECT_FALSE(a.updated.has_value());
  EXPECT_EQ(a.dateline, "Islamabad");
  EXPECT_EQ(a.author, "Farhan Qadir");
  EXPECT_EQ(a.category, "Business");
  EXPECT_EQ(a.tags, (std::vector<std::string>{"IT", "exports", "economy"}));
  EXPECT_EQ(a.excerpt, "Software and services exports grew faster than goods.");
  EXPECT_EQ(a.status, content::ArticleStatus::kPublished);
  EXPECT_EQ(a.body,
            "Pakistan's information technology exports rose 12 percent.\n"
            "\n"
            "## Freelancers lead\n");
}

TEST_F(FrontMatterTest, SlugDefaultsFromTitle) {
  auto r = parse("---\ntitle: Pakistan’s IT exports rise 12%\ndate: 2025-11-24\n---\nBody\n");
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->slug, "pakistans-it-exports-rise-12");
}

TEST_F(FrontMatterTest, DateWithoutOffsetIsReadInTheZone) {
  auto r = parse("---\ntitle: T\ndate: 2025-11-24 11:30\n---\n");
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->date, core::TimePoint{sys_days{2025y / November / 24} + 6h + 30min});
}

TEST_F(FrontMatterTest, TagsMayBeACommaSeparatedString) {
  auto r = parse("---\ntitle: T\ndate: 2025-11-24\ntags: energy, fuel prices , ,rupee\n---\n");
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->tags, (std::vector<std::string>{"energy", "fuel prices", "rupee"}));
}

TEST_F(FrontMatterTest, TagsMayBeABlockList) {
  auto r = parse("---\ntitle: T\ndate: 2025-11-24\ntags:\n  - energy\n  - \"fuel prices\"\n---\n");
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->tags, (std::vector<std::string>{"energy", "fuel prices"}));
}

TEST_F(FrontMatterTest, ReadsOptionalUpdatedAndDraftStatus) {
  auto r = parse(
      "---\ntitle: T\ndate: 2025-11-24T10:00:00Z\nupdated: 2025-11-25T10:00:00Z\n"
      "status: draft\n---\n");
  ASSERT_TRUE(r.has_value()) << r.error().message;
  ASSERT_TRUE(r->updated.has_value());
  EXPECT_EQ(*r->updated, core::TimePoint{sys_days{2025y / November / 25} + 10h});
  EXPECT_EQ(r->status, content::ArticleStatus::kDraft);
}

TEST_F(FrontMatterTest, AcceptsCrlfLineEndingsAndABom) {
  auto r = parse("\xEF\xBB\xBF---\r\ntitle: Windows story\r\ndate: 2025-11-24\r\n---\r\nBody\r\n");
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->title, "Windows story");
  EXPECT_EQ(r->slug, "windows-story");
  EXPECT_EQ(r->body, "Body\r\n");
}

TEST_F(FrontMatterTest, DotsMayCloseTheFrontMatter) {
  auto r = parse("---\ntitle: T\ndate: 2025-11-24\n...\nBody");
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->body, "Body");
}

TEST_F(FrontMatterTest, EmptyBodyIsAllowed) {
  auto r = parse("---\ntitle: T\ndate: 2025-11-24\n---");
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->body, "");
}

TEST_F(FrontMatterTest, MissingTitleIsNamed) {
  expect_error("---\ndate: 2025-11-24\n---\nBody\n",
               "posts/story.md:2: field 'title': ", "missing");
}

TEST_F(FrontMatterTest, EmptyTitleNamesItsLine) {
  expect_error("---\ndate: 2025-11-24\ntitle: \"\"\n---\n",
               "posts/story.md:3: field 'title': ", "missing");
}

TEST_F(FrontMatterTest, MissingDateIsNamed) {
  expect_error("---\ntitle: T\n---\nBody\n", "posts/story.md:2: field 'date': ", "missing");
}

TEST_F(FrontMatterTest, BadDateNamesLineFieldAndReason) {
  expect_error("---\ntitle: T\nslug: t\ndate: 2025-13-01\n---\n",
               "posts/story.md:4: field 'date': ", "no such calendar day");
  expect_error("---\ntitle: T\ndate: next Tuesday\n---\n",
               "posts/story.md:3: field 'date': ", "'next Tuesday'");
  expect_error("---\ntitle: T\ndate: 2025-11-24\nupdated: soon\n---\n",
               "posts/story.md:4: field 'updated': ", "expected YYYY-MM-DD");
}

TEST_F(FrontMatterTest, TagsGivenAsAMappingAreRejected) {
  expect_error("---\ntitle: T\ndate: 2025-11-24\ntags: {energy: 1, fuel: 2}\n---\n",
               "posts/story.md:4: field 'tags': ", "expected a list of tags");
}

TEST_F(FrontMatterTest, NestedTagListsAreRejectedAtTheTagsLine) {
  expect_error("---\ntitle: T\ndate: 2025-11-24\ntags:\n  - energy\n  - [a, b]\n---\n",
               "posts/story.md:6: field 'tags': ", "each tag must be text");
}

TEST_F(FrontMatterTest, TitleGivenAsAListIsRejected) {
  expect_error("---\ndate: 2025-11-24\ntitle: [Budget, Day]\n---\n",
               "posts/story.md:3: field 'title': ", "expected text, found a list or mapping");
}

TEST_F(FrontMatterTest, UnknownFieldIsNamed) {
  expect_error("---\ntitle: T\ndate: 2025-11-24\nheadline: Other\n---\n",
               "posts/story.md:4: field 'headline': ", "unknown field");
}

TEST_F(FrontMatterTest, InvalidSlugIsRejected) {
  expect_error("---\ntitle: T\nslug: Bad Slug\ndate: 2025-11-24\n---\n",
               "posts/story.md:3: field 'slug': ", "'Bad Slug' is not a slug");
}

TEST_F(FrontMatterTest, UnknownStatusIsRejected) {
  expect_error("---\ntitle: T\ndate: 2025-11-24\nstatus: archived\n---\n",
               "posts/story.md:4: field 'status': ", "'archived' is not draft or published");
}

TEST_F(FrontMatterTest, TitleWithoutSlugMaterialAsksForASlug) {
  expect_error("---\ntitle: \"!!!\"\ndate: 2025-11-24\n---\n",
               "posts/story.md:2: field 'title': ", "add a 'slug' field");
}

TEST_F(FrontMatterTest, InvalidUtf8NamesLineAndByteOffset) {
  const std::string text = "---\ntitle: T\ndate: 2025-11-24\n---\nGood line\nBad \xC3\x28 byte\n";
  const auto offset = text.find('\xC3');
  expect_error(text, "posts/story.md:6: ", "invalid UTF-8 at byte " + std::to_string(offset));
}

TEST_F(FrontMatterTest, InvalidUtf8InTheFrontMatterIsCaughtToo) {
  expect_error("---\ntitle: Caf\xE9\ndate: 2025-11-24\n---\n",
               "posts/story.md:2: ", "invalid UTF-8 at byte 14");
}

TEST_F(FrontMatterTest, UnclosedFrontMatterIsRejected) {
  expect_error("---\ntitle: T\ndate: 2025-11-24\nBody without a closing line\n",
               "posts/story.md:1: ", "not closed by a line '---'");
}

TEST_F(FrontMatterTest, FileWithoutFrontMatterIsRejected) {
  expect_error("# Just Markdown\n\nNo front matter here.\n",
               "posts/story.md:1: ", "missing front matter");
  expect_error("", "posts/story.md:1: ", "missing front matter");
}

TEST_F(FrontMatterTest, MalformedYamlNamesItsLine) {
  expect_error("---\ntitle: T\ndate: 2025-11-24\ntags: [a, b\n---\n",
               "posts/story.md:", "bad YAML");
}

TEST_F(FrontMatterTest, FrontMatterMustBeAMapping) {
  expect_error("---\n- title\n- date\n---\n", "posts/story.md:2: ", "must be a mapping");
}

TEST_F(FrontMatterTest, EmptyFrontMatterReportsTheMissingTitle) {
  expect_error("---\n---\nBody\n", "posts/story.md:2: field 'title': ", "missing");
}

}  // namespace
}  // namespace dateline::ingest
