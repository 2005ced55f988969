#include "content/slug.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace dateline::content {
namespace {

bool is_ascii(const std::string& s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

TEST(SlugTest, LowercasesWordsAndJoinsThemWithHyphens) {
  EXPECT_EQ(slugify("Budget Session Opens Today"), "budget-session-opens-today");
}

TEST(SlugTest, PunctuationBecomesOneHyphen) {
  EXPECT_EQ(slugify("Rupee slides: what now?"), "rupee-slides-what-now");
  EXPECT_EQ(slugify("Petrol, diesel -- and   kerosene"), "petrol-diesel-and-kerosene");
  EXPECT_EQ(slugify("COVID-19 cases rise 12%"), "covid-19-cases-rise-12");
}

TEST(SlugTest, TrimsLeadingAndTrailingSeparators) {
  EXPECT_EQ(slugify("  --Hello, World!--  "), "hello-world");
  EXPECT_EQ(slugify("\"Quoted headline\""), "quoted-headline");
}

TEST(SlugTest, CurlyApostropheJoinsWords) {
  EXPECT_EQ(slugify("Pakistan’s IT exports rise 12%"), "pakistans-it-exports-rise-12");
  EXPECT_EQ(slugify("Pakistan’s"), "pakistans");
}

TEST(SlugTest, StraightApostropheJoinsWords) { EXPECT_EQ(slugify("Don't panic"), "dont-panic"); }

TEST(SlugTest, AccentsAreStripped) {
  EXPECT_EQ(slugify("Café Société"), "cafe-societe");
  EXPECT_EQ(slugify("Zürich Ångström naïve"), "zurich-angstrom-naive");
}

TEST(SlugTest, UrduIsTransliteratedToAscii) {
  const auto slug = slugify("پاکستان کی خبریں");
  EXPECT_FALSE(slug.empty());
  EXPECT_TRUE(is_ascii(slug)) << slug;
  EXPECT_TRUE(is_valid_slug(slug)) << slug;
}

TEST(SlugTest, CyrillicIsTransliteratedToAscii) {
  const auto slug = slugify("Москва");
  EXPECT_EQ(slug, "moskva");
}

TEST(SlugTest, ChineseIsTransliteratedToAscii) {
  const auto slug = slugify("北京新闻");
  EXPECT_FALSE(slug.empty());
  EXPECT_TRUE(is_ascii(slug)) << slug;
  EXPECT_TRUE(is_valid_slug(slug)) << slug;
  EXPECT_EQ(slug.rfind("bei", 0), 0u) << slug;
}

TEST(SlugTest, NothingUsableGivesEmpty) {
  EXPECT_EQ(slugify(""), "");
  EXPECT_EQ(slugify("!!! --- ???"), "");
  EXPECT_EQ(slugify("\xF0\x9F\x93\xB0"), "");  // an emoji only
}

TEST(SlugTest, LongTitlesAreCappedAndStayValid) {
  std::string title;
  for (int i = 0; i < 60; ++i) title += "word ";
  const auto slug = slugify(title);
  EXPECT_LE(slug.size(), 120u);
  EXPECT_GE(slug.size(), 100u);
  EXPECT_TRUE(is_valid_slug(slug)) << slug;
}

TEST(SlugTest, CapNeverLeavesATrailingHyphen) {
  // 119 letters, a separator, then more words: the hyphen would be byte 120.
  EXPECT_EQ(slugify(std::string(119, 'a') + " b c d"), std::string(119, 'a'));
}

TEST(SlugTest, OneLongWordIsCutAtTheCap) {
  EXPECT_EQ(slugify(std::string(130, 'a')), std::string(120, 'a'));
}

TEST(SlugTest, SlugifyIsStable) {
  const auto once = slugify("Pakistan’s IT exports rise 12%");
  EXPECT_EQ(slugify(once), once);
}

TEST(SlugTest, SlugifyIsSafeFromManyThreads) {
  std::vector<std::string> results(8);
  {
    std::vector<std::jthread> threads;
    for (std::size_t i = 0; i < results.size(); ++i) {
      threads.emplace_back([&results, i] {
        for (int k = 0; k < 50; ++k) results[i] = slugify("Café Société Москва");
      });
    }
  }
  for (const auto& r : results) EXPECT_EQ(r, "cafe-societe-moskva");
}

TEST(IsValidSlugTest, AcceptsWordsJoinedBySingleHyphens) {
  EXPECT_TRUE(is_valid_slug("a"));
  EXPECT_TRUE(is_valid_slug("pakistans-it-exports-rise-12"));
  EXPECT_TRUE(is_valid_slug("2025"));
}

TEST(IsValidSlugTest, RejectsEmptyAndBadHyphens) {
  EXPECT_FALSE(is_valid_slug(""));
  EXPECT_FALSE(is_valid_slug("-news"));
  EXPECT_FALSE(is_valid_slug("news-"));
  EXPECT_FALSE(is_valid_slug("big--news"));
  EXPECT_FALSE(is_valid_slug("-"));
}

TEST(IsValidSlugTest, RejectsCharactersOutsideLowercaseAsciiAndDigits) {
  EXPECT_FALSE(is_valid_slug("News"));
  EXPECT_FALSE(is_valid_slug("big_news"));
  EXPECT_FALSE(is_valid_slug("big news"));
  EXPECT_FALSE(is_valid_slug("big/news"));
  EXPECT_FALSE(is_valid_slug("café"));
  EXPECT_FALSE(is_valid_slug("news."));
}

TEST(IsValidSlugTest, AllowsAtMostTwoHundredBytes) {
  EXPECT_TRUE(is_valid_slug(std::string(200, 'a')));
  EXPECT_FALSE(is_valid_slug(std::string(201, 'a')));
}

}  // namespace
}  // namespace dateline::content
