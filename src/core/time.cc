#include "core/time.h"

#include <fmt/format.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <array>
#include <cctype>

namespace dateline::core {
namespace {

using namespace std::chrono;

constexpr std::array<const char*, 7> kWeekdays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                  "Thursday", "Friday", "Saturday"};
constexpr std::array<const char*, 12> kMonths = {"January",   "February", "March",    "April",
                                                 "May",       "June",     "July",     "August",
                                                 "September", "October",  "November", "December"};

const icu::TimeZone& icu_zone(const std::shared_ptr<const void>& p) {
  return *static_cast<const icu::TimeZone*>(p.get());
}

std::string offset_text(seconds offset) {
  if (offset == seconds{0}) return "Z";
  const char sign = offset < seconds{0} ? '-' : '+';
  const auto abs = offset < seconds{0} ? -offset.count() : offset.count();
  return fmt::format("{}{:02}:{:02}", sign, abs / 3600, (abs % 3600) / 60);
}

std::string iso_fields(local_seconds local) {
  const auto day = floor<days>(local);
  const year_month_day ymd{day};
  const hh_mm_ss hms{local - day};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

}  // namespace

Result<TimeZone> TimeZone::find(std::string_view id) {
  const auto uid =
      icu::UnicodeString::fromUTF8(icu::StringPiece(id.data(), static_cast<int32_t>(id.size())));
  std::shared_ptr<const icu::TimeZone> zone(icu::TimeZone::createTimeZone(uid));
  if (!zone || *zone == icu::TimeZone::getUnknown()) {
    return make_error(Errc::kInvalidArgument, fmt::format("unknown time zone '{}'", id));
  }
  return TimeZone(std::string(id), std::shared_ptr<const void>(zone, zone.get()));
}

TimeZone TimeZone::utc() { return *find("UTC"); }

seconds TimeZone::offset_at(TimePoint t) const {
  int32_t raw = 0;
  int32_t dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  const auto udate = static_cast<UDate>(t.time_since_epoch().count()) * 1000.0;
  icu_zone(zone_).getOffset(udate, false, raw, dst, status);
  if (U_FAILURE(status)) return seconds{0};
  return seconds{(raw + dst) / 1000};
}

local_seconds TimeZone::to_local(TimePoint t) const {
  return local_seconds{t.time_since_epoch() + offset_at(t)};
}

std::string format_long_date(TimePoint t, const TimeZone& zone) {
  const auto day = floor<days>(zone.to_local(t));
  const year_month_day ymd{day};
  const weekday wd{day};
  return fmt::format("{}, {} {}, {}", kWeekdays[wd.c_encoding()],
                     kMonths[static_cast<unsigned>(ymd.month()) - 1],
                     static_cast<unsigned>(ymd.day()), static_cast<int>(ymd.year()));
}

std::string format_medium_date(TimePoint t, const TimeZone& zone) {
  const year_month_day ymd{floor<days>(zone.to_local(t))};
  return fmt::format("{} {}, {}", kMonths[static_cast<unsigned>(ymd.month()) - 1],
                     static_cast<unsigned>(ymd.day()), static_cast<int>(ymd.year()));
}

std::string format_iso8601(TimePoint t, const TimeZone& zone) {
  return iso_fields(zone.to_local(t)) + offset_text(zone.offset_at(t));
}

std::string format_iso8601_utc(TimePoint t) {
  return iso_fields(local_seconds{t.time_since_epoch()}) + "Z";
}

std::string format_http_date(TimePoint t) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  return fmt::format("{}, {:02} {:.3} {:04} {:02}:{:02}:{:02} GMT",
                     kDays[weekday{day}.c_encoding()], static_cast<unsigned>(ymd.day()),
                     kMonths[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()),
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

Result<TimePoint> parse_iso8601(std::string_view text, const TimeZone& zone) {
  const auto fail = [&](std::string_view why) -> Error {
    return make_error(Errc::kInvalidArgument, fmt::format("invalid date '{}': {}", text, why));
  };
  std::size_t pos = 0;
  const auto number = [&](std::size_t digits, int& out) -> bool {
    if (pos + digits > text.size()) return false;
    out = 0;
    for (std::size_t i = 0; i < digits; ++i) {
      const char c = text[pos + i];
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    pos += digits;
    return true;
  };
  const auto expect = [&](char c) -> bool {
    if (pos < text.size() && text[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!number(4, y) || !expect('-') || !number(2, mo) || !expect('-') || !number(2, d)) {
    return fail("expected YYYY-MM-DD");
  }
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                           day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return fail("no such calendar day");
  if (pos < text.size()) {
    if (!expect('T') && !expect(' ')) return fail("expected 'T' after the date");
    if (!number(2, h) || !expect(':') || !number(2, mi)) return fail("expected HH:MM");
    if (expect(':')) {
      if (!number(2, s)) return fail("expected seconds after ':'");
      if (expect('.')) {
        const auto digits = pos;
        while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) ++pos;
        if (pos == digits) return fail("expected digits after '.'");
      }
    }
    if (h > 23 || mi > 59 || s > 60) return fail("time out of range");
  }
  const auto local = local_days{ymd} + hours{h} + minutes{mi} + seconds{s};
  if (pos == text.size()) {
    // No offset: read the wall-clock time in `zone`, correcting for the offset at that instant.
    auto guess = TimePoint{local.time_since_epoch()};
    guess -= zone.offset_at(guess);
    return TimePoint{local.time_since_epoch() - zone.offset_at(guess)};
  }
  if (expect('Z') || expect('z')) {
    if (pos != text.size()) return fail("unexpected text after 'Z'");
    return TimePoint{local.time_since_epoch()};
  }
  const char sign = text[pos];
  if (sign != '+' && sign != '-') return fail("expected 'Z' or an offset like +05:00");
  ++pos;
  int oh = 0, om = 0;
  if (!number(2, oh)) return fail("expected an offset like +05:00");
  const bool colon = expect(':');
  if ((colon || pos < text.size()) && !number(2, om)) {
    return fail("expected an offset like +05:00");
  }
  if (pos != text.size() || oh > 14 || om > 59) return fail("bad offset");
  const seconds offset = hours{oh} + minutes{om};
  return TimePoint{local.time_since_epoch() - (sign == '+' ? offset : -offset)};
}

}  // namespace dateline::core
