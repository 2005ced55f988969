// Cursors of the JSON API's paginated lists: opaque base64url tokens that clients pass back
// unchanged. Pure functions, thread-safe.
//
// An article-list cursor carries the sort key (published_at, id) of the last article a page
// showed, so the next page starts strictly after it whatever was published or withdrawn in
// between, and the offset at which that page ended, which is only where the scan for the key
// starts. A search cursor carries an offset: results are ranked by relevance, not by a key.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "content/model.h"
#include "core/result.h"

namespace dateline::api {

struct Cursor {
  enum class Kind { kArticles, kSearch };
  Kind kind = Kind::kArticles;
  // Position of the next item in the list when the cursor was made.
  int offset = 0;
  // The last shown article's published_at (seconds since the epoch) and id; articles lists only.
  std::int64_t published_at = 0;
  content::Id id = 0;

  friend bool operator==(const Cursor&, const Cursor&) = default;
};

// Offsets above this are refused: no reader pages that far.
inline constexpr int kMaxCursorOffset = 1'000'000;

std::string encode_cursor(const Cursor& cursor);
// Returns kInvalidArgument unless `text` is a cursor encode_cursor made.
core::Result<Cursor> decode_cursor(std::string_view text);

// RFC 4648 section 5, without padding.
std::string base64url_encode(std::string_view bytes);
// Returns kInvalidArgument on characters outside the alphabet, a bad length or stray bits.
core::Result<std::string> base64url_decode(std::string_view text);

}  // namespace dateline::api
