// Article permalinks built from the site's URL pattern ("/{slug}/", "/{yyyy}/{mm}/{dd}/{slug}/")
// and the reverse: finding the slug a request path names. Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "core/time.h"

namespace dateline::content {

// Accepts patterns that start and end with '/', contain {slug} once and only the placeholders
// {slug}, {yyyy}, {mm}, {dd}.
core::Status validate_pattern(std::string_view pattern);

// The canonical path of an article; dates are read in the site's time zone.
std::string permalink(std::string_view pattern, std::string_view slug, core::TimePoint published,
                      const core::TimeZone& zone);

// The slug if `path` has the shape of `pattern` (date fields are digits of the right width).
std::optional<std::string> match_permalink(std::string_view pattern, std::string_view path);

// The slug a looser, non-canonical article path names: "/slug", "/slug/", or
// "/YYYY/MM/DD/slug/" (the WordPress shape). Nullopt for anything else.
std::optional<std::string> loose_article_slug(std::string_view path);

// "Islamabad (TDI):"; just "(TDI):" is never produced: empty city gives "".
std::string format_dateline(std::string_view city, std::string_view short_name);

}  // namespace dateline::content
