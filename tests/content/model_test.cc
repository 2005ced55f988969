#include "content/model.h"

#include <gtest/gtest.h>

#include <string>

namespace dateline::content {
namespace {

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(ArticleStatusTest, NamesRoundTrip) {
  for (auto s : {ArticleStatus::kDraft, ArticleStatus::kPending, ArticleStatus::kScheduled,
                 ArticleStatus::kPublished}) {
    auto parsed = parse_status(status_name(s));
    ASSERT_TRUE(parsed.has_value()) << status_name(s);
    EXPECT_EQ(*parsed, s);
  }
  EXPECT_EQ(status_name(ArticleStatus::kPublished), "published");
  EXPECT_EQ(status_name(ArticleStatus::kDraft), "draft");
}

TEST(ArticleStatusTest, UnknownStatusIsNamed) {
  auto parsed = parse_status("archived");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code, core::Errc::kInvalidArgument);
  EXPECT_TRUE(contains(parsed.error().message, "'archived'")) << parsed.error().message;
  EXPECT_FALSE(parse_status("Published").has_value()) << "names are case-sensitive";
}

TEST(ArticleTest, DefaultsToADraftAtVersionOne) {
  const Article a;
  EXPECT_EQ(a.status, ArticleStatus::kDraft);
  EXPECT_EQ(a.version, 1);
  EXPECT_FALSE(a.published_at.has_value());
  EXPECT_FALSE(a.category_id.has_value());
}

TEST(SiteSettingsValidateTest, DefaultsAreValid) {
  auto s = validate(SiteSettings{});
  EXPECT_TRUE(s.has_value()) << s.error().message;
}

TEST(SiteSettingsValidateTest, AcceptsACompleteSite) {
  SiteSettings s;
  s.site_name = "The Daily Indus";
  s.short_name = "TDI";
  s.timezone = "Asia/Karachi";
  s.latitude = 33.6844;
  s.longitude = 73.0479;
  s.weather_unit = "F";
  s.url_pattern = "/{yyyy}/{mm}/{dd}/{slug}/";
  auto r = validate(s);
  EXPECT_TRUE(r.has_value()) << r.error().message;
}

TEST(SiteSettingsValidateTest, CoordinateBoundsAreInclusive) {
  SiteSettings s;
  s.latitude = -90;
  s.longitude = 180;
  EXPECT_TRUE(validate(s).has_value());
}

TEST(SiteSettingsValidateTest, ListsEveryProblem) {
  SiteSettings s;
  s.site_name = "";
  s.short_name = "";
  s.timezone = "Mars/Olympus_Mons";
  s.latitude = 91;
  s.longitude = -181;
  s.weather_unit = "K";
  s.url_pattern = "/{slug}";
  auto r = validate(s);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, core::Errc::kInvalidArgument);
  const auto& m = r.error().message;
  EXPECT_TRUE(contains(m, "site name is empty")) << m;
  EXPECT_TRUE(contains(m, "short name is empty")) << m;
  EXPECT_TRUE(contains(m, "unknown time zone 'Mars/Olympus_Mons'")) << m;
  EXPECT_TRUE(contains(m, "latitude must be between -90 and 90")) << m;
  EXPECT_TRUE(contains(m, "longitude must be between -180 and 180")) << m;
  EXPECT_TRUE(contains(m, "weather unit must be C or F")) << m;
  EXPECT_TRUE(contains(m, "URL pattern '/{slug}'")) << m;
}

TEST(SiteSettingsValidateTest, CoordinatesComeInPairs) {
  SiteSettings s;
  s.latitude = 24.86;
  auto r = validate(s);
  ASSERT_FALSE(r.has_value());
  EXPECT_TRUE(contains(r.error().message, "latitude and longitude must be given together"))
      << r.error().message;

  SiteSettings t;
  t.longitude = 67.0;
  EXPECT_FALSE(validate(t).has_value());
}

TEST(SiteSettingsValidateTest, OneProblemIsReportedAlone) {
  SiteSettings s;
  s.weather_unit = "c";
  auto r = validate(s);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "weather unit must be C or F");
}

TEST(SiteSettingsValidateTest, ProblemsNameTheirField) {
  SiteSettings s;
  s.site_name = "";
  s.latitude = 91;
  s.longitude = 10;
  s.language = "english!";
  const auto problems = settings_problems(s);
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].field, "site_name");
  EXPECT_EQ(problems[1].field, "latitude");
  EXPECT_EQ(problems[2].field, "language");
  EXPECT_TRUE(settings_problems(SiteSettings{}).empty());
}

TEST(SiteSettingsValidateTest, LanguageIsATag) {
  for (const char* ok : {"en", "ur", "en-GB", "zh-Hant-TW", "fil"}) {
    SiteSettings s;
    s.language = ok;
    EXPECT_TRUE(validate(s).has_value()) << ok;
  }
  for (const char* bad : {"", "e", "english", "en_GB", "en-", "en-x", "\"><script>"}) {
    SiteSettings s;
    s.language = bad;
    EXPECT_FALSE(validate(s).has_value()) << bad;
  }
}

TEST(SiteSettingsValidateTest, NavigationAllowsLocalPathsAndWebAddressesOnly) {
  for (const char* ok : {"/", "/about/", "/category/sport/?page=2#top", "https://example.org",
                         "HTTP://example.org/x", "https://example.org/a?b=c&d=e"}) {
    EXPECT_TRUE(is_allowed_nav_url(ok)) << ok;
  }
  for (const char* bad :
       {"", "javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)",
        "data:text/html,<b>x</b>", "vbscript:x", "//evil.example/", "/\\evil.example", "https://",
        "https:///path", "about", "mailto:desk@example.org", "/a b", "/a\"onmouseover=\"x",
        "/<script>", "https://example.org/\n", "/\x01"}) {
    EXPECT_FALSE(is_allowed_nav_url(bad)) << bad;
  }
  EXPECT_FALSE(is_allowed_nav_url("/" + std::string(kMaxNavUrlBytes, 'a')));
}

TEST(SiteSettingsValidateTest, NavigationProblemsNameTheLink) {
  SiteSettings s;
  s.navigation = {{"Home", "/"},
                  {"", "/x/"},
                  {"Bad", "javascript:alert(1)"},
                  {std::string(kMaxNavLabelChars + 1, 'x'), "/y/"},
                  {"Tab\there", "/z/"}};
  const auto problems = settings_problems(s);
  ASSERT_EQ(problems.size(), 4u);
  EXPECT_EQ(problems[0].field, "navigation.2.label");
  EXPECT_EQ(problems[1].field, "navigation.3.url");
  EXPECT_EQ(problems[2].field, "navigation.4.label");
  EXPECT_EQ(problems[3].field, "navigation.5.label");
  s.navigation.assign(kMaxNavLinks + 1, NavLink{"Home", "/"});
  const auto many = settings_problems(s);
  ASSERT_EQ(many.size(), 1u);
  EXPECT_EQ(many[0].field, "navigation");
}

}  // namespace
}  // namespace dateline::content
