#include "content/permalink.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace dateline::content {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

constexpr std::string_view kDatePattern = "/{yyyy}/{mm}/{dd}/{slug}/";

core::TimeZone karachi() {
  auto z = core::TimeZone::find("Asia/Karachi");
  EXPECT_TRUE(z.has_value());
  return z ? *z : core::TimeZone::utc();
}

core::TimePoint nov27_utc(hours h, minutes m = 0min) {
  return core::TimePoint{sys_days{2025y / November / 27}} + h + m;
}

TEST(ValidatePatternTest, AcceptsTheDocumentedPatterns) {
  EXPECT_TRUE(validate_pattern("/{slug}/").has_value());
  EXPECT_TRUE(validate_pattern(kDatePattern).has_value());
  EXPECT_TRUE(validate_pattern("/{yyyy}/{mm}/{slug}/").has_value());
}

TEST(ValidatePatternTest, RequiresLeadingAndTrailingSlash) {
  for (std::string_view p : {"{slug}", "/{slug}", "{slug}/", "", "/"}) {
    auto s = validate_pattern(p);
    ASSERT_FALSE(s.has_value()) << p;
    EXPECT_EQ(s.error().code, core::Errc::kInvalidArgument);
    EXPECT_NE(s.error().message.find("must start and end with '/'"), std::string::npos)
        << s.error().message;
  }
}

TEST(ValidatePatternTest, RequiresSlugExactlyOnce) {
  for (std::string_view p : {"/{yyyy}/{mm}/", "/{slug}/{slug}/"}) {
    auto s = validate_pattern(p);
    ASSERT_FALSE(s.has_value()) << p;
    EXPECT_NE(s.error().message.find("{slug} exactly once"), std::string::npos)
        << s.error().message;
  }
}

TEST(ValidatePatternTest, RejectsUnknownSegmentsNamingThem) {
  auto s = validate_pattern("/{hh}/{slug}/");
  ASSERT_FALSE(s.has_value());
  EXPECT_NE(s.error().message.find("'{hh}'"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find("/{hh}/{slug}/"), std::string::npos) << s.error().message;

  auto literal = validate_pattern("/news/{slug}/");
  ASSERT_FALSE(literal.has_value());
  EXPECT_NE(literal.error().message.find("'news'"), std::string::npos) << literal.error().message;

  EXPECT_FALSE(validate_pattern("/{slug}//").has_value()) << "an empty segment";
}

TEST(PermalinkTest, SlugPattern) {
  EXPECT_EQ(permalink("/{slug}/", "budget-2025", nov27_utc(9h), karachi()), "/budget-2025/");
}

TEST(PermalinkTest, DatePatternUsesTheSiteZone) {
  const auto t = nov27_utc(20h);  // 01:00 on the 28th in Karachi
  EXPECT_EQ(permalink(kDatePattern, "budget-2025", t, karachi()), "/2025/11/28/budget-2025/");
  EXPECT_EQ(permalink(kDatePattern, "budget-2025", t, core::TimeZone::utc()),
            "/2025/11/27/budget-2025/");
}

TEST(PermalinkTest, PadsMonthAndDay) {
  const core::TimePoint t{sys_days{2025y / March / 5} + 12h};
  EXPECT_EQ(permalink(kDatePattern, "x", t, core::TimeZone::utc()), "/2025/03/05/x/");
}

TEST(PermalinkTest, RoundTripsThroughMatchPermalink) {
  const auto path = permalink(kDatePattern, "rupee-slides", nov27_utc(20h), karachi());
  EXPECT_EQ(match_permalink(kDatePattern, path), "rupee-slides");
  EXPECT_EQ(
      match_permalink("/{slug}/", permalink("/{slug}/", "rupee-slides", nov27_utc(20h), karachi())),
      "rupee-slides");
}

TEST(MatchPermalinkTest, FindsTheSlug) {
  EXPECT_EQ(match_permalink("/{slug}/", "/budget-2025/"), "budget-2025");
  EXPECT_EQ(match_permalink(kDatePattern, "/2025/11/28/budget-2025/"), "budget-2025");
}

TEST(MatchPermalinkTest, RequiresTheTrailingSlash) {
  EXPECT_EQ(match_permalink("/{slug}/", "/budget-2025"), std::nullopt);
  EXPECT_EQ(match_permalink("/{slug}/", "budget-2025/"), std::nullopt);
}

TEST(MatchPermalinkTest, RejectsInvalidSlugs) {
  EXPECT_EQ(match_permalink("/{slug}/", "/Budget/"), std::nullopt);
  EXPECT_EQ(match_permalink("/{slug}/", "/bad--slug/"), std::nullopt);
  EXPECT_EQ(match_permalink("/{slug}/", "//"), std::nullopt);
  EXPECT_EQ(match_permalink("/{slug}/", "/"), std::nullopt);
}

TEST(MatchPermalinkTest, DateFieldsMustBeDigitsOfTheRightWidth) {
  EXPECT_EQ(match_permalink(kDatePattern, "/2025/1/28/x/"), std::nullopt);
  EXPECT_EQ(match_permalink(kDatePattern, "/25/11/28/x/"), std::nullopt);
  EXPECT_EQ(match_permalink(kDatePattern, "/2025/11/2a/x/"), std::nullopt);
  EXPECT_EQ(match_permalink(kDatePattern, "/abcd/11/28/x/"), std::nullopt);
}

TEST(MatchPermalinkTest, SegmentCountMustMatch) {
  EXPECT_EQ(match_permalink(kDatePattern, "/2025/11/28/"), std::nullopt);
  EXPECT_EQ(match_permalink(kDatePattern, "/x/"), std::nullopt);
  EXPECT_EQ(match_permalink("/{slug}/", "/2025/11/28/x/"), std::nullopt);
  EXPECT_EQ(match_permalink("/{slug}/", "/category/business/"), std::nullopt);
}

TEST(LooseArticleSlugTest, AcceptsBareSlugWithOrWithoutSlash) {
  EXPECT_EQ(loose_article_slug("/rupee-slides"), "rupee-slides");
  EXPECT_EQ(loose_article_slug("/rupee-slides/"), "rupee-slides");
}

TEST(LooseArticleSlugTest, AcceptsTheWordPressDateShape) {
  EXPECT_EQ(loose_article_slug("/2025/11/28/rupee-slides/"), "rupee-slides");
  EXPECT_EQ(loose_article_slug("/2025/11/28/rupee-slides"), "rupee-slides");
}

TEST(LooseArticleSlugTest, RejectsOtherShapes) {
  EXPECT_EQ(loose_article_slug(""), std::nullopt);
  EXPECT_EQ(loose_article_slug("/"), std::nullopt);
  EXPECT_EQ(loose_article_slug("rupee-slides"), std::nullopt);
  EXPECT_EQ(loose_article_slug("/Rupee-Slides/"), std::nullopt);
  EXPECT_EQ(loose_article_slug("/category/business/"), std::nullopt);
  EXPECT_EQ(loose_article_slug("/2025/11/rupee-slides/"), std::nullopt);
  EXPECT_EQ(loose_article_slug("/2025/nov/28/rupee-slides/"), std::nullopt);
  EXPECT_EQ(loose_article_slug("/rupee-slides//"), std::nullopt);
}

TEST(FormatDatelineTest, CityThenShortNameInParentheses) {
  EXPECT_EQ(format_dateline("Islamabad", "TDI"), "Islamabad (TDI):");
}

TEST(FormatDatelineTest, EmptyCityGivesNothing) {
  EXPECT_EQ(format_dateline("", "TDI"), "");
  EXPECT_EQ(format_dateline("   ", "TDI"), "");
}

TEST(FormatDatelineTest, TrimsBothParts) {
  EXPECT_EQ(format_dateline("  Karachi ", " DL "), "Karachi (DL):");
}

TEST(FormatDatelineTest, EmptyShortNameGivesCityOnly) {
  EXPECT_EQ(format_dateline("Lahore", ""), "Lahore:");
}

}  // namespace
}  // namespace dateline::content
