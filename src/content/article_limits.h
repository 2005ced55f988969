// The most people may write into an article's fields, in bytes. The back office's editor and the
// JSON API enforce the same limits. Constants only.
#pragma once

#include <cstddef>

namespace dateline::content {

inline constexpr std::size_t kMaxTitleBytes = 300;
inline constexpr std::size_t kMaxExcerptBytes = 1000;
inline constexpr std::size_t kMaxBodyBytes = 500'000;
inline constexpr std::size_t kMaxShortTextBytes = 200;  // dateline, SEO title
inline constexpr std::size_t kMaxTags = 20;
inline constexpr std::size_t kMaxTagBytes = 60;

}  // namespace dateline::content
