#include "core/time.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <string_view>

namespace dateline::core {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

// The instant at h:m:s UTC on `ymd`.
TimePoint utc_at(year_month_day ymd, hours h, minutes m = 0min, seconds s = 0s) {
  return TimePoint{sys_days{ymd}} + h + m + s;
}

TimeZone zone(std::string_view id) {
  auto z = TimeZone::find(id);
  EXPECT_TRUE(z.has_value()) << id;
  return z ? *z : TimeZone::utc();
}

constexpr year_month_day kNov27 = 2025y / November / 27;

TEST(TimeZoneTest, FindsKnownZones) {
  auto karachi = TimeZone::find("Asia/Karachi");
  ASSERT_TRUE(karachi.has_value());
  EXPECT_EQ(karachi->id(), "Asia/Karachi");
  auto utc = TimeZone::find("UTC");
  ASSERT_TRUE(utc.has_value());
  EXPECT_EQ(utc->id(), "UTC");
  EXPECT_EQ(TimeZone::utc().id(), "UTC");
}

TEST(TimeZoneTest, RejectsUnknownZonesByName) {
  auto z = TimeZone::find("Mars/Olympus_Mons");
  ASSERT_FALSE(z.has_value());
  EXPECT_EQ(z.error().code, Errc::kInvalidArgument);
  EXPECT_NE(z.error().message.find("Mars/Olympus_Mons"), std::string::npos) << z.error().message;
  EXPECT_FALSE(TimeZone::find("").has_value());
}

TEST(TimeZoneTest, KarachiIsFiveHoursAhead) {
  EXPECT_EQ(zone("Asia/Karachi").offset_at(utc_at(kNov27, 9h)), hours{5});
  EXPECT_EQ(TimeZone::utc().offset_at(utc_at(kNov27, 9h)), seconds{0});
}

TEST(TimeZoneTest, NewYorkOffsetFollowsDaylightSaving) {
  const auto ny = zone("America/New_York");
  EXPECT_EQ(ny.offset_at(utc_at(2025y / July / 4, 16h)), hours{-4});
  EXPECT_EQ(ny.offset_at(utc_at(2025y / January / 15, 16h)), hours{-5});
}

TEST(TimeZoneTest, ToLocalShiftsWallClockFields) {
  const auto local = zone("Asia/Karachi").to_local(utc_at(kNov27, 9h, 5min));
  EXPECT_EQ(local, local_days{kNov27} + 14h + 5min);
}

TEST(FormatLongDateTest, ReadsTheDateInTheSiteZone) {
  EXPECT_EQ(format_long_date(utc_at(kNov27, 9h), zone("Asia/Karachi")),
            "Thursday, November 27, 2025");
}

TEST(FormatLongDateTest, DateFlipsAtLocalMidnight) {
  const auto t = utc_at(kNov27, 19h, 30min);  // 00:30 on the 28th in Karachi
  EXPECT_EQ(format_long_date(t, zone("Asia/Karachi")), "Friday, November 28, 2025");
  EXPECT_EQ(format_long_date(t, TimeZone::utc()), "Thursday, November 27, 2025");
}

TEST(FormatLongDateTest, LastSecondBeforeLocalMidnightIsStillTheSameDay) {
  const auto t = utc_at(kNov27, 18h, 59min, 59s);  // 23:59:59 in Karachi
  EXPECT_EQ(format_long_date(t, zone("Asia/Karachi")), "Thursday, November 27, 2025");
  EXPECT_EQ(format_long_date(t + 1s, zone("Asia/Karachi")), "Friday, November 28, 2025");
}

TEST(FormatLongDateTest, WestOfUtcFallsOnThePreviousDay) {
  EXPECT_EQ(format_long_date(utc_at(2025y / January / 1, 3h), zone("America/New_York")),
            "Tuesday, December 31, 2024");
}

TEST(FormatMediumDateTest, OmitsTheWeekday) {
  EXPECT_EQ(format_medium_date(utc_at(kNov27, 19h, 30min), zone("Asia/Karachi")),
            "November 28, 2025");
}

TEST(FormatIso8601Test, WritesTheLocalTimeWithItsOffset) {
  EXPECT_EQ(format_iso8601(utc_at(kNov27, 9h, 5min), zone("Asia/Karachi")),
            "2025-11-27T14:05:00+05:00");
}

TEST(FormatIso8601Test, WritesNegativeAndHalfHourOffsets) {
  const auto t = utc_at(kNov27, 9h, 5min);
  EXPECT_EQ(format_iso8601(t, zone("America/New_York")), "2025-11-27T04:05:00-05:00");
  EXPECT_EQ(format_iso8601(t, zone("Asia/Kolkata")), "2025-11-27T14:35:00+05:30");
  EXPECT_EQ(format_iso8601(t, zone("America/St_Johns")), "2025-11-27T05:35:00-03:30");
}

TEST(FormatIso8601Test, UtcZoneWritesZ) {
  EXPECT_EQ(format_iso8601(utc_at(kNov27, 9h, 5min, 7s), TimeZone::utc()), "2025-11-27T09:05:07Z");
  EXPECT_EQ(format_iso8601_utc(utc_at(kNov27, 9h, 5min, 7s)), "2025-11-27T09:05:07Z");
}

TEST(FormatIso8601Test, DaylightSavingChangesTheOffset) {
  const auto ny = zone("America/New_York");
  EXPECT_EQ(format_iso8601(utc_at(2025y / July / 4, 16h), ny), "2025-07-04T12:00:00-04:00");
  EXPECT_EQ(format_iso8601(utc_at(2025y / January / 15, 16h), ny), "2025-01-15T11:00:00-05:00");
}

TEST(FormatHttpDateTest, WritesRfc7231Dates) {
  EXPECT_EQ(format_http_date(utc_at(kNov27, 9h, 5min)), "Thu, 27 Nov 2025 09:05:00 GMT");
  EXPECT_EQ(format_http_date(utc_at(2025y / March / 2, 23h, 59min, 59s)),
            "Sun, 02 Mar 2025 23:59:59 GMT");
  EXPECT_EQ(format_http_date(TimePoint{}), "Thu, 01 Jan 1970 00:00:00 GMT");
}

class ParseIso8601Test : public ::testing::Test {
 protected:
  TimeZone karachi_ = zone("Asia/Karachi");

  // Expects a kInvalidArgument whose message quotes the text and contains `why`.
  void expect_error(std::string_view text, std::string_view why) {
    auto r = parse_iso8601(text, karachi_);
    ASSERT_FALSE(r.has_value()) << text << " parsed as " << format_iso8601_utc(*r);
    EXPECT_EQ(r.error().code, Errc::kInvalidArgument);
    EXPECT_NE(r.error().message.find(std::string("'") + std::string(text) + "'"), std::string::npos)
        << r.error().message;
    EXPECT_NE(r.error().message.find(why), std::string::npos)
        << "message: " << r.error().message << "\nwanted: " << why;
  }
};

TEST_F(ParseIso8601Test, ReadsZuluTimes) {
  auto r = parse_iso8601("2025-11-27T09:05:00Z", karachi_);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(*r, utc_at(kNov27, 9h, 5min));
  auto lower = parse_iso8601("2025-11-27T09:05:00z", karachi_);
  ASSERT_TRUE(lower.has_value()) << lower.error().message;
  EXPECT_EQ(*lower, utc_at(kNov27, 9h, 5min));
}

TEST_F(ParseIso8601Test, AppliesAnExplicitOffset) {
  auto r = parse_iso8601("2025-11-27T14:05:00+05:00", TimeZone::utc());
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(*r, utc_at(kNov27, 9h, 5min));

  auto negative = parse_iso8601("2025-11-27T04:05:00-05:00", karachi_);
  ASSERT_TRUE(negative.has_value()) << negative.error().message;
  EXPECT_EQ(*negative, utc_at(kNov27, 9h, 5min));

  auto half_hour = parse_iso8601("2025-11-27T14:35+05:30", karachi_);
  ASSERT_TRUE(half_hour.has_value()) << half_hour.error().message;
  EXPECT_EQ(*half_hour, utc_at(kNov27, 9h, 5min));

  auto no_colon = parse_iso8601("2025-11-27T14:05:00+0500", karachi_);
  ASSERT_TRUE(no_colon.has_value()) << no_colon.error().message;
  EXPECT_EQ(*no_colon, utc_at(kNov27, 9h, 5min));
}

TEST_F(ParseIso8601Test, ReadsTimesWithoutAnOffsetInTheZone) {
  auto r = parse_iso8601("2025-11-27T14:05:00", karachi_);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(*r, utc_at(kNov27, 9h, 5min));

  auto in_utc = parse_iso8601("2025-11-27T14:05:00", TimeZone::utc());
  ASSERT_TRUE(in_utc.has_value()) << in_utc.error().message;
  EXPECT_EQ(*in_utc, utc_at(kNov27, 14h, 5min));
}

TEST_F(ParseIso8601Test, AcceptsASpaceForTAndOmittedSeconds) {
  auto r = parse_iso8601("2025-11-27 14:05", karachi_);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(*r, utc_at(kNov27, 9h, 5min));
}

TEST_F(ParseIso8601Test, IgnoresFractionalSeconds) {
  auto r = parse_iso8601("2025-11-27T09:05:07.250Z", karachi_);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(*r, utc_at(kNov27, 9h, 5min, 7s));
}

TEST_F(ParseIso8601Test, DateOnlyMeansLocalMidnight) {
  auto r = parse_iso8601("2025-11-27", karachi_);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(*r, utc_at(2025y / November / 26, 19h));
  EXPECT_EQ(format_long_date(*r, karachi_), "Thursday, November 27, 2025");
}

TEST_F(ParseIso8601Test, ReadsLocalTimesAcrossDaylightSavingChanges) {
  const auto ny = zone("America/New_York");
  auto summer = parse_iso8601("2025-07-04T12:00", ny);
  ASSERT_TRUE(summer.has_value()) << summer.error().message;
  EXPECT_EQ(*summer, utc_at(2025y / July / 4, 16h));
  auto winter = parse_iso8601("2025-01-15T11:00", ny);
  ASSERT_TRUE(winter.has_value()) << winter.error().message;
  EXPECT_EQ(*winter, utc_at(2025y / January / 15, 16h));
  // Hours after the spring-forward and fall-back switches on the switch days themselves.
  auto spring = parse_iso8601("2025-03-09T03:30", ny);
  ASSERT_TRUE(spring.has_value()) << spring.error().message;
  EXPECT_EQ(*spring, utc_at(2025y / March / 9, 7h, 30min));
  auto fall = parse_iso8601("2025-11-02T03:00", ny);
  ASSERT_TRUE(fall.has_value()) << fall.error().message;
  EXPECT_EQ(*fall, utc_at(2025y / November / 2, 8h));
}

TEST_F(ParseIso8601Test, AcceptsLeapDayOnlyInLeapYears) {
  EXPECT_TRUE(parse_iso8601("2024-02-29", karachi_).has_value());
  expect_error("2025-02-29", "no such calendar day");
}

TEST_F(ParseIso8601Test, RejectsBadMonthAndDay) {
  expect_error("2025-13-01", "no such calendar day");
  expect_error("2025-00-10", "no such calendar day");
  expect_error("2025-11-31", "no such calendar day");
  expect_error("2025-11-00T10:00Z", "no such calendar day");
}

TEST_F(ParseIso8601Test, RejectsGarbage) {
  expect_error("", "expected YYYY-MM-DD");
  expect_error("yesterday", "expected YYYY-MM-DD");
  expect_error("27/11/2025", "expected YYYY-MM-DD");
  expect_error("2025-1-27", "expected YYYY-MM-DD");
}

TEST_F(ParseIso8601Test, RejectsBadTimes) {
  expect_error("2025-11-27T9:05", "expected HH:MM");
  expect_error("2025-11-27T14", "expected HH:MM");
  expect_error("2025-11-27T14:05:", "expected seconds after ':'");
  expect_error("2025-11-27T24:00", "time out of range");
  expect_error("2025-11-27T12:60", "time out of range");
}

TEST_F(ParseIso8601Test, RejectsTrailingText) {
  expect_error("2025-11-27 and more", "expected HH:MM");
  expect_error("2025-11-27x", "expected 'T' after the date");
  expect_error("2025-11-27T09:05:00Z tomorrow", "unexpected text after 'Z'");
  expect_error("2025-11-27T09:05:00+05:00 PKT", "bad offset");
  expect_error("2025-11-27T09:05:00 PKT", "expected 'Z' or an offset like +05:00");
}

TEST_F(ParseIso8601Test, RejectsBadOffsets) {
  expect_error("2025-11-27T09:05:00+5", "expected an offset like +05:00");
  expect_error("2025-11-27T09:05:00+15:00", "bad offset");
  expect_error("2025-11-27T09:05:00+05:75", "bad offset");
}

}  // namespace
}  // namespace dateline::core
