// Slugs: the lowercase ASCII words-and-hyphens that name articles, tags, authors and categories in
// URLs. Non-Latin text is transliterated to ASCII with ICU. Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace dateline::content {

// "Pakistan’s IT exports rise 12%" -> "pakistans-it-exports-rise-12". Empty when nothing usable.
std::string slugify(std::string_view text);

// True for a non-empty string of [a-z0-9] words joined by single hyphens, at most 200 bytes.
bool is_valid_slug(std::string_view slug);

}  // namespace dateline::content
