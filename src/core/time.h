// Time zones and date formatting. TimeZone wraps ICU's zone data (so it follows the system's
// tzdata); it is immutable after creation and safe to share across threads.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"

namespace dateline::core {

class TimeZone {
 public:
  // Returns kInvalidArgument unless `id` is a known IANA zone ("Asia/Karachi", "UTC").
  static Result<TimeZone> find(std::string_view id);
  static TimeZone utc();

  const std::string& id() const { return id_; }
  // Offset from UTC in force at instant `t`.
  std::chrono::seconds offset_at(TimePoint t) const;
  // Local wall-clock time at `t`, as a sys_seconds value holding the local fields.
  std::chrono::local_seconds to_local(TimePoint t) const;

 private:
  TimeZone(std::string id, std::shared_ptr<const void> zone) : id_(std::move(id)), zone_(zone) {}
  std::string id_;
  std::shared_ptr<const void> zone_;  // const icu::TimeZone
};

// "Thursday, November 27, 2025"
std::string format_long_date(TimePoint t, const TimeZone& zone);
// "November 27, 2025"
std::string format_medium_date(TimePoint t, const TimeZone& zone);
// "2025-11-27T14:05:00+05:00"
std::string format_iso8601(TimePoint t, const TimeZone& zone);
// "2025-11-27T09:05:00Z"
std::string format_iso8601_utc(TimePoint t);
// "Thu, 27 Nov 2025 09:05:00 GMT" (HTTP and RSS dates)
std::string format_http_date(TimePoint t);

// Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS]" with an optional "Z" or "+HH:MM" offset (a space
// may stand for the T). Without an offset the time is read in `zone`. Returns kInvalidArgument
// naming what is wrong.
Result<TimePoint> parse_iso8601(std::string_view text, const TimeZone& zone);

}  // namespace dateline::core
